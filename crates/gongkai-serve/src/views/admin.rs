//! The administrator's page: accounts, settings and the site's trail.

use super::{page, role, Ctx};
use crate::service::accounts::AdminView;
use gongkai_store::accounts::Role;
use maud::{html, Markup};

fn roles(ctx: &Ctx, selected: Role) -> Markup {
    html! {
        select name="role" {
            @for r in Role::ALL {
                option value=(r.as_str()) selected[r == selected] { (role(ctx, r)) }
            }
        }
    }
}

/// The places a user may have in the filing season, as the admin page offers them.
const PLACES: &[(&str, &str, &str)] = &[
    ("none", "不参与报送", "no place"),
    ("filer", "机关填报人", "organ's filer"),
    ("approver", "机关审核人", "organ's approver"),
    ("reviewer", "办公室审核人", "office reviewer"),
    ("office_admin", "办公室管理员", "office admin"),
];

pub fn admin(ctx: &Ctx, v: &AdminView) -> Markup {
    let title = ctx.t("管理", "Administration");
    page(
        ctx,
        title,
        html! {
            h1 { (title) }
            h2 { (ctx.t("用户", "Users")) }
            table.list {
                @for u in &v.users {
                    tr id={ "user-" (u.id) } {
                        td { (u.name) @if u.disabled { " " small { "（" (ctx.t("已停用", "disabled")) "）" } } }
                        td {
                            form.inline method="post" action={ "/admin/users/" (u.id) } {
                                (ctx.csrf())
                                (roles(ctx, u.role.parse().unwrap_or(Role::Viewer))) " "
                                input name="password" type="password" placeholder=(ctx.t("新密码（可留空）", "new password (optional)")) autocomplete="new-password";
                                " " button { (ctx.t("保存", "Save")) }
                            }
                        }
                        td {
                            form.inline.place method="post" action={ "/admin/users/" (u.id) "/place" } {
                                (ctx.csrf())
                                @let current = u.place.as_ref().map_or("none", |p| p.role.as_str());
                                select name="role" aria-label=(ctx.t("填报中的身份", "Place in the filing season")) {
                                    @for (value, zh, en) in PLACES {
                                        option value=(value) selected[*value == current] { (crate::i18n::t(ctx.lang(), zh, en)) }
                                    }
                                }
                                " "
                                input name="at" size="14" value=(u.place.as_ref().and_then(|p| p.organ.clone().or(p.region.clone())).unwrap_or_default())
                                    placeholder=(ctx.t("机关或地区", "organ or region"));
                                " " button { (ctx.t("设置", "Set")) }
                            }
                        }
                        td {
                            form.inline method="post" action={ "/admin/users/" (u.id) "/disable" } {
                                (ctx.csrf())
                                input type="hidden" name="disabled" value=(if u.disabled { "0" } else { "1" });
                                button { @if u.disabled { (ctx.t("启用", "Enable")) } @else { (ctx.t("停用", "Disable")) } }
                            }
                        }
                        td {
                            form.inline method="post" action={ "/admin/users/" (u.id) "/delete" } {
                                (ctx.csrf())
                                label { input type="checkbox" name="confirm" value="1" required; " " (ctx.t("确认删除", "really delete")) }
                                " " button { (ctx.t("删除", "Delete")) }
                            }
                        }
                    }
                }
            }
            h2 { (ctx.t("新建用户", "New user")) }
            form method="post" action="/admin/users" {
                (ctx.csrf())
                label { (ctx.t("用户名", "Name")) " " input name="name" required; } " "
                label { (ctx.t("密码", "Password")) " " input name="password" type="password" required autocomplete="new-password"; } " "
                (roles(ctx, Role::Viewer)) " "
                button { (ctx.t("创建", "Create")) }
            }
            h2 { (ctx.t("设置", "Settings")) }
            form method="post" action="/admin/settings" {
                (ctx.csrf())
                p { label { input type="checkbox" name="anonymous_read" value="1" checked[v.settings.anonymous_read]; " "
                    (ctx.t("允许未登录的访客浏览语料库和核对结果", "Let visitors who are not logged in read the corpus and reviews")) } }
                p {
                    (ctx.t("每位用户（管理员除外）24 小时内最多上传", "Each user (but administrators) may upload in 24 hours at most")) " "
                    label { input name="upload_count_per_day" type="number" min="0" size="6" value=(v.settings.upload_count_per_day); " " (ctx.t("份，共", "files, in all")) }
                    " "
                    label { input name="upload_mb_per_day" type="number" min="0" size="6" value=(v.settings.upload_mb_per_day); " MB" }
                }
                p { button { (ctx.t("保存", "Save")) } }
            }
            h2 { (ctx.t("修改记录", "Audit trail")) }
            (super::draft::trail(ctx, &v.changes, true))
        },
    )
}
