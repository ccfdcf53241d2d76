//! A report under review: its tables with the cells findings name, the findings (marked by
//! reviewers), the edit form, the source it was read from and its trail.

use super::tables::{marks_of, tables};
use super::{page, severity, severity_class, Ctx};
use crate::i18n::when;
use crate::service::drafts::{ChangeView, DraftView, FindingView};
use maud::{html, Markup};

pub fn draft(ctx: &Ctx, d: &DraftView, changes: &[ChangeView]) -> Markup {
    let report = &d.report;
    let title = d.agency.clone().unwrap_or_else(|| d.file.clone());
    let editor = ctx.who.is_editor();
    let marks = marks_of(&d.findings, &d.uncertain);
    page(
        ctx,
        &title,
        html! {
            h1 { (gongkai_render::text::title(report)) }
            p.meta {
                (d.file) " · " (super::or_dash(d.year)) " · " (ctx.t("模板", "template")) " " (report.template.as_str()) " · "
                a href={ "/drafts/" (d.id) "/download/docx" } { "DOCX" } " "
                a href={ "/drafts/" (d.id) "/download/xlsx" } { "XLSX" } " "
                a href={ "/drafts/" (d.id) "/download/csv" } { "CSV" } " · "
                a href={ "/api/drafts/" (d.id) } { "JSON" }
            }
            div.review {
                section.tables { (tables(ctx, report, &marks)) }
                aside.findings { (findings(ctx, &d.findings, d.counts, editor.then_some(d.id))) }
            }
            @if editor {
                form #edit .edit method="post" action={ "/drafts/" (d.id) "/cells" } {
                    (ctx.csrf())
                    h2 { (ctx.t("更正单元格", "Correct a cell")) }
                    p { (ctx.t("点击表格中的单元格，或填写单元格编号：", "Click a cell in the tables, or type its key:")) }
                    label { (ctx.t("单元格", "Cell")) " " input name="key" id="edit-key" size="32" placeholder="t3.new.total"; }
                    " "
                    label { (ctx.t("新值", "Value")) " " input name="value" id="edit-value" size="10"; }
                    " "
                    button { (ctx.t("保存并重新核对", "Save and check again")) }
                }
            }
            (source(ctx, &d.source))
            section.audit {
                h2 { (ctx.t("修改记录", "Changes")) }
                (trail(ctx, changes, false))
            }
        },
    )
}

/// The findings, numbered as the badges on the cells; with the marking buttons for an
/// editor (`Some(draft)`).
pub fn findings(
    ctx: &Ctx,
    findings: &[FindingView],
    counts: crate::service::drafts::Counts,
    editable: Option<i64>,
) -> Markup {
    html! {
        h2 {
            (ctx.t("核对结果", "Findings")) " "
            small { (counts.errors) " " (ctx.t("错误", "errors")) " · " (counts.warnings) " " (ctx.t("警告", "warnings")) " · " (counts.notices) " " (ctx.t("提示", "notices")) }
        }
        @if findings.is_empty() {
            p.ok { (ctx.t("没有发现问题。", "No findings.")) }
        }
        ol {
            @for f in findings {
                @let keys = f.keys();
                @let line = f.location.line.unwrap_or(0);
                @let target = keys.first().map_or(format!("L{line}"), |k| format!("c-{k}"));
                li id={ "f" (f.number) } class={ "finding " (severity_class(f.level)) @if let Some(m) = f.mark { " " (m) } }
                    data-cells=(keys.join(" ")) data-line=(line) {
                    a.num href={ "#" (target) } { (f.number) } " "
                    b { (f.code) } " "
                    span.sev { (severity(ctx, f.level)) } " "
                    (f.message)
                    @if let Some(help) = &f.help { div.help { (help) } }
                    @if let Some(place) = &f.location.place {
                        div.where { a href={ "#L" (line) } { (place) } }
                    }
                    @if let Some(x) = &f.location.excerpt { pre.excerpt { (x) } }
                    @if let Some(m) = f.mark {
                        div.mark { @if m == "dismissed" { (ctx.t("已排除", "dismissed")) } @else { (ctx.t("已确认", "confirmed")) } }
                    }
                    @if let Some(id) = editable {
                        form.marks method="post" action={ "/drafts/" (id) "/marks" } {
                            (ctx.csrf())
                            input type="hidden" name="finding" value=(f.signature);
                            button name="state" value="confirmed" { (ctx.t("确认", "Confirm")) }
                            button name="state" value="dismissed" { (ctx.t("排除", "Dismiss")) }
                            button name="state" value="" { (ctx.t("清除", "Clear")) }
                        }
                    }
                }
            }
        }
    }
}

/// The text the report was read from, line by line, for the findings to point into.
pub fn source(ctx: &Ctx, source: &str) -> Markup {
    html! {
        @if !source.is_empty() {
            section.source {
                h2 { (ctx.t("原文", "Source")) }
                ol {
                    @for (i, line) in source.lines().enumerate() {
                        @let shown: String = line.chars().take(400).collect();
                        li id={ "L" (i + 1) } { (shown) @if line.chars().count() > 400 { "…" } }
                    }
                }
            }
        }
    }
}

/// What a change did, in words.
fn action(ctx: &Ctx, action: &str) -> &'static str {
    match action {
        "upload" => ctx.t("上传", "upload"),
        "edit" => ctx.t("更正单元格", "cell corrected"),
        "mark" => ctx.t("标记核对结果", "finding marked"),
        "setting" => ctx.t("修改设置", "setting changed"),
        "user" => ctx.t("新建用户", "user added"),
        "role" => ctx.t("修改角色", "role changed"),
        "password" => ctx.t("修改密码", "password changed"),
        "disable" => ctx.t("停用用户", "user disabled"),
        "enable" => ctx.t("启用用户", "user enabled"),
        "delete" => ctx.t("删除用户", "user deleted"),
        _ => ctx.t("其他", "other"),
    }
}

/// What a change was made to, in words: a cell by its place in the tables, a finding by its
/// rule, a setting by its name.
fn object(ctx: &Ctx, c: &ChangeView) -> String {
    let Some(key) = &c.key else {
        return String::new();
    };
    let lang = ctx.lang();
    match c.action.as_str() {
        "edit" => gongkai_core::Version::ALL
            .iter()
            .find_map(|v| gongkai_core::Template::get(*v).cell(key))
            .map_or(key.clone(), |spec| {
                gongkai_check::place(spec).of(lang).to_string()
            }),
        "mark" => {
            let code = key.split([':', '@']).next().unwrap_or(key);
            format!("{} {code}", ctx.t("核对结果", "finding"))
        }
        "setting" => match key.as_str() {
            crate::auth::ANONYMOUS_READ => {
                ctx.t("允许未登录访客浏览", "open to visitors").to_string()
            }
            gongkai_store::drafts::QUOTA_UPLOADS => {
                ctx.t("每日上传份数", "uploads a day").to_string()
            }
            gongkai_store::drafts::QUOTA_MB => {
                ctx.t("每日上传容量（MB）", "megabytes a day").to_string()
            }
            _ => key.clone(),
        },
        _ => key.clone(),
    }
}

/// A value in a change, in words (marks and switches).
fn value(ctx: &Ctx, c: &ChangeView, v: &Option<String>) -> String {
    let v = v.as_deref().unwrap_or("");
    match (c.action.as_str(), v) {
        ("mark", "confirmed") => ctx.t("已确认", "confirmed").into(),
        ("mark", "dismissed") => ctx.t("已排除", "dismissed").into(),
        ("setting", "1") if c.key.as_deref() == Some(crate::auth::ANONYMOUS_READ) => {
            ctx.t("是", "yes").into()
        }
        ("setting", "0") if c.key.as_deref() == Some(crate::auth::ANONYMOUS_READ) => {
            ctx.t("否", "no").into()
        }
        ("role", r) => r
            .parse()
            .map_or(r.to_string(), |r| super::role(ctx, r).to_string()),
        _ => v.to_string(),
    }
}

/// A trail of changes; with the draft of each when `with_draft` (the site's whole trail).
pub fn trail(ctx: &Ctx, changes: &[ChangeView], with_draft: bool) -> Markup {
    html! {
        table.list {
            tr {
                th { (ctx.t("时间", "When")) } th { (ctx.t("用户", "Who")) }
                @if with_draft { th { (ctx.t("报告", "Report")) } }
                th { (ctx.t("操作", "What")) } th { (ctx.t("对象", "Of")) } th { (ctx.t("原值", "Old")) } th { (ctx.t("新值", "New")) }
            }
            @for c in changes {
                tr {
                    td { (when(c.at)) } td { (c.user.as_deref().unwrap_or("—")) }
                    @if with_draft { td { @if let Some(d) = c.draft { a href={ "/drafts/" (d) } { (d) } } } }
                    td { (action(ctx, &c.action)) } td { (object(ctx, c)) }
                    td { (value(ctx, c, &c.old)) } td { (value(ctx, c, &c.new)) }
                }
            }
        }
    }
}
