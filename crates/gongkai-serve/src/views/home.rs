//! The start page: the upload form and the reports uploaded.

use super::{or_dash, page, Ctx};
use crate::i18n::when;
use crate::service::drafts::DraftSummary;
use maud::{html, Markup};

/// The first start, before any account: how to make one.
pub fn welcome(ctx: &Ctx, db: &str) -> Markup {
    page(
        ctx,
        "gongkai",
        html! {
            h1 { (ctx.t("欢迎使用 gongkai", "Welcome to gongkai")) }
            p { (ctx.t("还没有任何账户。请在服务器上运行下面的命令创建管理员，然后登录：",
                "There is no account yet. Make an administrator on the server, then log in:")) }
            pre { "gongkai user add 管理员 --role admin --db " (db) }
        },
    )
}

/// The upload form and the list; `failure` is why the last upload was refused.
pub fn home(ctx: &Ctx, list: &[DraftSummary], failure: Option<&str>) -> Markup {
    let title = ctx.t("核对报告", "Check");
    page(
        ctx,
        title,
        html! {
            h1 { (ctx.t("核对年度报告", "Check a report")) }
            @if let Some(why) = failure {
                p.error role="alert" { (why) }
            }
            @if ctx.who.user.is_some() {
                form.upload method="post" action="/check" enctype="multipart/form-data" {
                    (ctx.csrf())
                    p { label { (ctx.t("上传报告（文本、HTML、Word、PDF、Excel）：", "Upload a report (text, HTML, Word, PDF, Excel):")) " " input type="file" name="file" id="file"; } }
                    p { label { (ctx.t("或粘贴报告全文：", "or paste the report's text:")) br;
                        textarea name="text" rows="8" cols="80" placeholder=(ctx.t("某县人民政府2023年政府信息公开工作年度报告……", "the whole report…")) {} } }
                    p { button type="submit" { (ctx.t("核对", "Check")) } }
                }
            } @else {
                p { a href="/login" { (ctx.t("登录后可上传报告核对", "Log in to upload a report")) } }
            }
            h2 { (ctx.t("已上传的报告", "Reports uploaded")) }
            @if list.is_empty() {
                p { (ctx.t("还没有。", "None yet.")) }
            } @else {
                table.list {
                    tr {
                        th { (ctx.t("机关", "Organ")) } th { (ctx.t("年度", "Year")) } th { (ctx.t("文件", "File")) }
                        th { (ctx.t("错误", "Errors")) } th { (ctx.t("警告", "Warnings")) } th { (ctx.t("提示", "Notices")) }
                        th { (ctx.t("上传者", "By")) } th { (ctx.t("更新时间", "Updated")) }
                    }
                    @for d in list {
                        tr {
                            td { a href={ "/drafts/" (d.id) } { (d.agency.as_deref().unwrap_or("—")) } }
                            td { (or_dash(d.year)) } td { (d.file) }
                            td { (d.errors) } td { (d.warnings) } td { (d.notices) }
                            td { (d.owner.as_deref().unwrap_or("—")) } td { (when(d.updated)) }
                        }
                    }
                }
            }
        },
    )
}
