//! The filing season's pages: the seasons, a season's board with its roll-up, an organ's
//! filing (timeline, submissions with what changed and the comments on them, the steps the
//! user may take), and the filing form whose identities the page's script checks as the filer
//! types.

use super::draft::findings;
use super::{page, severity_class, Ctx};
use crate::service::drafts::FindingView;
use crate::service::season::{
    BoardView, DiscrepancyView, EventView, FilingView, FormView, InboxItemView, SeasonView,
    SubmissionView,
};
use gongkai_core::{Report, TableId};
use gongkai_render::layout::{grid, Block};
use maud::{html, Markup, PreEscaped};

fn season_href(id: i64) -> String {
    format!("/seasons/{id}")
}

fn organ_href(season: i64, organ: i64) -> String {
    format!("/seasons/{season}/organs/{organ}")
}

fn state_class(state: &str) -> String {
    format!("state state-{state}")
}

/// The seasons the user sees, and the form that opens one.
pub fn seasons(ctx: &Ctx, list: &[SeasonView], may_open: bool) -> Markup {
    page(
        ctx,
        ctx.t("年度报送", "Filing seasons"),
        html! {
            h1 { (ctx.t("年度报送", "Filing seasons")) }
            @if list.is_empty() {
                p.muted { (ctx.t("还没有您能看到的填报期。", "No filing season you may see yet.")) }
            } @else {
                table.list {
                    thead { tr {
                        th { (ctx.t("年度", "Year")) } th { (ctx.t("地区", "Region")) }
                        th { (ctx.t("模板", "Template")) } th { (ctx.t("截止日期", "Deadlines")) }
                    } }
                    tbody {
                        @for s in list {
                            tr {
                                td { a href=(season_href(s.id)) { (s.year) } }
                                td { a href=(season_href(s.id)) { (s.region) } }
                                td { (s.template) }
                                td { @for d in &s.deadlines { span.deadline { (d.name) " " (d.due) } " " } }
                            }
                        }
                    }
                }
            }
            @if may_open {
                form.edit method="post" action="/seasons" {
                    (ctx.csrf())
                    h2 { (ctx.t("新建填报期", "Open a season")) }
                    p {
                        label { (ctx.t("报告年度", "Year reported")) " " input name="year" type="number" min="2000" max="2100" required; }
                        " "
                        label { (ctx.t("地区", "Region")) " " input name="region" required placeholder=(ctx.t("例如 甲县", "e.g. 甲县")); }
                        " "
                        label { (ctx.t("模板", "Template")) " "
                            select name="template" { option value="2021" { "2021" } option value="2019" { "2019" } }
                        }
                    }
                    p {
                        label { (ctx.t("应报送的机关（每行一个）", "Organs expected (one per line)")) br;
                            textarea name="organs" rows="6" cols="50" {} }
                    }
                    p { label { input type="checkbox" name="from_store" value="true"; " " (ctx.t("同时列入语料库中该地区的全部机关", "Also expect every stored organ of the region")) } }
                    p.muted { (ctx.t("截止日期默认依法设定（部门 1月31日，政府 3月31日），建立后可在看板上修改。", "Deadlines start as the law's (departments 31 January, governments 31 March) and can be changed on the board.")) }
                    button { (ctx.t("建立", "Open")) }
                }
            }
        },
    )
}

/// A season's board: the counts by state (each a filter), the organs with their states, the
/// exports, the roll-up and, for its managers, the forms that name organs and set deadlines.
pub fn board(ctx: &Ctx, b: &BoardView) -> Markup {
    let s = &b.season;
    let title = format!(
        "{}{}{}",
        s.region,
        s.year,
        ctx.t("年度报送", " filing season")
    );
    let query = |state: Option<&str>, late: Option<bool>| {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(st) = state {
            pairs.push(("state", st.to_string()));
        }
        if let Some(l) = late {
            pairs.push(("overdue", l.to_string()));
        }
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    };
    let here = query(b.state.as_deref(), b.late);
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.meta {
                (ctx.t("模板", "template")) " " (s.template) " · "
                @for d in &s.deadlines { (d.name) " " (d.due) " · " }
                a href={ "/api/seasons/" (s.id) } { "JSON" }
            }
            nav.states aria-label=(ctx.t("按状态筛选", "Filter by state")) {
                a href=(season_href(s.id)) aria-current=[(b.state.is_none() && b.late.is_none()).then_some("page")] {
                    (ctx.t("全部", "All")) " " (b.counts.iter().map(|c| c.count).sum::<usize>())
                }
                @for c in &b.counts {
                    " · "
                    a class=(state_class(&c.state)) href={ (season_href(s.id)) "?" (query(Some(&c.state), None)) }
                        aria-current=[(b.state.as_deref() == Some(c.state.as_str())).then_some("page")] {
                        (c.name) " " (c.count)
                    }
                }
                " · "
                a.overdue href={ (season_href(s.id)) "?" (query(None, Some(true))) } aria-current=[(b.late == Some(true)).then_some("page")] {
                    (ctx.t("逾期", "Overdue")) " " (b.overdue)
                }
            }
            p {
                (ctx.t("导出：", "Export: "))
                a href={ (season_href(s.id)) "/board.xlsx?" (here) } { "XLSX" } " "
                a href={ (season_href(s.id)) "/board.csv?" (here) } { "CSV" }
            }
            @if b.entries.is_empty() {
                p.muted { (ctx.t("没有符合条件的机关。", "No organ matches.")) }
            } @else {
                table.list.board {
                    thead { tr {
                        th { (ctx.t("机关", "Organ")) } th { (ctx.t("类别", "Kind")) } th { (ctx.t("状态", "State")) }
                        th { (ctx.t("截止日期", "Due")) } th { (ctx.t("最近操作", "Last step")) }
                    } }
                    tbody {
                        @for e in &b.entries {
                            tr class=[e.overdue.then_some("overdue")] {
                                td { a href=(organ_href(s.id, e.organ.id)) { (e.organ.name) } }
                                td { (e.organ.kind_name) }
                                td { span class=(state_class(&e.state)) { (e.state_name) } }
                                td { (e.due) @if e.overdue { " " strong.sev-error { (ctx.t("逾期", "overdue")) } } }
                                td { @if let Some(l) = &e.last { (l.step_name) " · " (l.when) @if let Some(u) = &l.user { " · " (u) } } }
                            }
                        }
                    }
                }
            }
            section.rollup {
                h2 { (ctx.t("已通过报告汇总", "Roll-up of the approved reports")) }
                p {
                    (b.rollup.counted.len()) " " (ctx.t("份已汇总", "reports summed")) " · "
                    (b.rollup.missing.len()) " " (ctx.t("个机关尚无通过的报告", "organs without an approved report")) " · "
                    a href={ (season_href(s.id)) "/rollup.xlsx" } { "XLSX" } " "
                    a href={ (season_href(s.id)) "/rollup.csv" } { "CSV" }
                }
                @if !b.rollup.totals.is_empty() {
                    table.data { tbody {
                        @for t in &b.rollup.totals { tr { th { (t.label) } td.num { (t.value) } } }
                    } }
                }
                @if !b.rollup.missing.is_empty() {
                    details {
                        summary { (ctx.t("尚未通过的机关", "Organs still missing")) }
                        ul { @for m in &b.rollup.missing { li { (m) } } }
                    }
                }
            }
            @if s.may_manage {
                form.edit method="post" action={ (season_href(s.id)) "/organs" } {
                    (ctx.csrf())
                    h2 { (ctx.t("添加应报送的机关", "Expect more organs")) }
                    textarea name="names" rows="4" cols="50" placeholder=(ctx.t("每行一个机关名称", "One organ's name per line")) {}
                    p { label { input type="checkbox" name="from_store" value="true"; " " (ctx.t("列入语料库中该地区的全部机关", "Every stored organ of the region")) } }
                    button { (ctx.t("添加", "Add")) }
                }
                form.edit method="post" action={ (season_href(s.id)) "/deadlines" } {
                    (ctx.csrf())
                    h2 { (ctx.t("修改截止日期", "Set a deadline")) }
                    select name="kind" { @for d in &s.deadlines { option value=(d.kind) { (d.name) } } }
                    " " input name="due" type="date" required;
                    " " button { (ctx.t("保存", "Save")) }
                }
            }
        },
    )
}

/// An organ's filing: where it stands, the steps the user may take, the submissions with what
/// changed and the comments, and the timeline.
pub fn filing(ctx: &Ctx, f: &FilingView) -> Markup {
    let s = &f.season;
    let href = organ_href(s.id, f.organ.id);
    let title = format!("{} · {}{}", f.organ.name, s.year, ctx.t("年度", ""));
    page(
        ctx,
        &title,
        html! {
            p.meta { a href=(season_href(s.id)) { (s.region) (s.year) (ctx.t("年度报送", " filing season")) } }
            h1 { (f.organ.name) }
            p {
                span class=(state_class(&f.state)) { (f.state_name) } " · "
                (ctx.t("截止日期 ", "due ")) (f.due)
                @if f.overdue { " " strong.sev-error { (ctx.t("已逾期", "overdue")) } }
                " · " a href={ "/api/seasons/" (s.id) "/organs/" (f.organ.id) } { "JSON" }
            }
            @if f.may_file && matches!(f.state.as_str(), "not_started" | "drafting" | "returned") {
                section.edit {
                    h2 { (ctx.t("填报", "Filing")) }
                    p { a.button href={ (href) "/form" } { (ctx.t("在线填写报告", "Fill in the report")) } }
                    form method="post" action={ (href) "/upload" } enctype="multipart/form-data" {
                        (ctx.csrf())
                        label { (ctx.t("或上传报告文件（Word、Excel、PDF、网页、文本）：", "Or upload the report (Word, Excel, PDF, web page, text): ")) input type="file" name="file" required; }
                        " " button { (ctx.t("上传并保存为草稿", "Upload as the draft")) }
                    }
                    @if f.has_draft { p.muted { (ctx.t("已保存草稿：请在填报页核对后报送。", "A draft is saved: look it over on the form and submit it.")) } }
                }
            }
            (steps(ctx, f, &href))
            (publication(ctx, f, &href))
            @for sub in &f.submissions {
                (submission(ctx, f, sub, &href))
            }
            section.timeline {
                h2 { (ctx.t("办理记录", "Timeline")) }
                (timeline(ctx, &f.timeline))
            }
        },
    )
}

/// The decisions the user may take from the organ's state.
fn steps(ctx: &Ctx, f: &FilingView, href: &str) -> Markup {
    let review: &[(&str, &str, &str, bool)] = match f.state.as_str() {
        "submitted" => &[
            ("return", "退回修改", "Return for changes", true),
            ("approve", "审核通过", "Approve", false),
        ],
        "approved" => &[("reopen", "撤回通过", "Reopen", true)],
        "published" => &[
            ("mismatch", "标记发布不符", "Mark as not as approved", true),
            ("reopen", "撤回通过", "Reopen", true),
        ],
        "published_mismatch" => &[
            ("resolve", "已按通过版本更正", "Put right online", false),
            ("reopen", "撤回通过", "Reopen", true),
        ],
        _ => &[],
    };
    let publish = f.may_publish && f.state == "approved";
    html! {
        @if (f.may_review && !review.is_empty()) || publish {
            section.edit.steps {
                h2 { (ctx.t("审核", "Review")) }
                @if f.may_review {
                    @for (word, zh, en, needs) in review {
                        form.step method="post" action={ (href) "/decision" } {
                            (ctx.csrf())
                            input type="hidden" name="decision" value=(word);
                            @if *needs {
                                textarea name="comment" rows="2" cols="60" required placeholder=(ctx.t("意见（必填）", "Comment (required)")) {}
                                br;
                            }
                            button name="go" value=(word) { (crate::i18n::t(ctx.lang(), zh, en)) }
                        }
                    }
                }
                @if publish {
                    form.step method="post" action={ (href) "/decision" } {
                        (ctx.csrf())
                        input type="hidden" name="decision" value="publish";
                        button { (ctx.t("标记为已发布", "Mark as published")) }
                    }
                }
            }
        }
    }
}

fn submission(ctx: &Ctx, f: &FilingView, sub: &SubmissionView, href: &str) -> Markup {
    let open = f.submissions.first().is_some_and(|l| l.id == sub.id);
    html! {
        details.submission id={ "s" (sub.id) } open[open] {
            summary {
                h2.inline { (ctx.t("第 ", "Submission ")) (sub.number) (ctx.t(" 次报送", "")) }
                " · " (sub.when) @if let Some(u) = &sub.user { " · " (u) }
                " · " (sub.counts.errors) " " (ctx.t("错误", "errors")) " · " (sub.counts.warnings) " " (ctx.t("警告", "warnings"))
            }
            @if sub.number > 1 {
                h3 { (ctx.t("与上次报送相比", "Against the submission before")) }
                @if sub.changed.is_empty() && sub.sections_changed.is_empty() {
                    p.muted { (ctx.t("没有变化。", "Nothing changed.")) }
                }
                @if !sub.changed.is_empty() {
                    table.data.changed {
                        thead { tr { th { (ctx.t("单元格", "Cell")) } th { (ctx.t("上次", "Before")) } th { (ctx.t("本次", "Now")) } } }
                        tbody { @for d in &sub.changed {
                            tr { td title=(d.key) { (d.label) } td.num { (super::or_dash(d.before.as_deref())) } td.num { (super::or_dash(d.after.as_deref())) } }
                        } }
                    }
                }
                @if !sub.sections_changed.is_empty() {
                    p { (ctx.t("正文有改动的部分：", "Sections whose text changed: "))
                        @for n in &sub.sections_changed { (gongkai_core::template::SECTIONS[*n as usize - 1].label.text) " " } }
                }
            }
            @if let Some(report) = f.latest.as_ref().filter(|_| open) {
                div.review {
                    section.tables { (super::tables::tables(ctx, report, &super::tables::marks_of(&sub.findings, &[]))) }
                    aside.findings { (findings(ctx, &sub.findings, sub.counts, None)) }
                }
            } @else {
                (findings(ctx, &sub.findings, sub.counts, None))
            }
            section.comments {
                h3 { (ctx.t("意见", "Comments")) }
                @if sub.comments.is_empty() { p.muted { (ctx.t("没有意见。", "No comments.")) } }
                ul {
                    @for c in &sub.comments {
                        li.comment {
                            b { @if let Some(u) = &c.user { (u) } } " · " (c.when)
                            @if let Some(p) = &c.pinned { " · " span.pin { (pin_name(ctx, &c.pin)) " " (p) } }
                            @match c.answered {
                                Some(true) => { " " span.answered { (ctx.t("（下次报送已改动）", "(changed in the next submission)")) } },
                                Some(false) => { " " span.unanswered.sev-warning { (ctx.t("（下次报送未改动）", "(not changed in the next submission)")) } },
                                None => {},
                            }
                            div.body { (c.body) }
                        }
                    }
                }
                @if f.may_review || f.may_file {
                    form.comment method="post" action={ (href) "/comments" } {
                        (ctx.csrf())
                        input type="hidden" name="submission" value=(sub.id);
                        select name="pin" {
                            option value="whole" { (ctx.t("整份报告", "The whole report")) }
                            option value="cell" { (ctx.t("单元格", "A cell")) }
                            option value="finding" { (ctx.t("核对结果", "A finding")) }
                            option value="excerpt" { (ctx.t("一段正文", "A passage")) }
                        }
                        " " input name="pinned" size="30" placeholder=(ctx.t("单元格编号、核对结果或引用的正文", "cell key, finding or passage quoted"));
                        br;
                        textarea name="body" rows="2" cols="60" required {}
                        br;
                        button { (ctx.t("发表意见", "Comment")) }
                    }
                }
            }
        }
    }
}

fn pin_name(ctx: &Ctx, pin: &str) -> &'static str {
    match pin {
        "cell" => ctx.t("单元格", "cell"),
        "finding" => ctx.t("核对结果", "finding"),
        "excerpt" => ctx.t("正文", "passage"),
        _ => ctx.t("整份", "whole"),
    }
}

fn timeline(ctx: &Ctx, events: &[EventView]) -> Markup {
    html! {
        table.list.timeline {
            thead { tr {
                th { (ctx.t("时间", "When")) } th { (ctx.t("操作人", "Who")) } th { (ctx.t("操作", "Step")) }
                th { (ctx.t("状态", "State")) } th { (ctx.t("意见", "Comment")) }
            } }
            tbody {
                @for e in events.iter().rev() {
                    tr {
                        td { (e.when) }
                        td { (super::or_dash(e.user.as_deref())) }
                        td { (e.step_name) }
                        td { span class=(state_class(&e.to)) { (e.to_name) } }
                        td {
                            @if let Some(c) = &e.comment { (c) }
                            @if !e.acknowledged.is_empty() {
                                ul.acks { @for a in &e.acknowledged {
                                    li { b { (a.code) } " " (a.message) " — " (ctx.t("理由：", "reason: ")) (a.reason) }
                                } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The filing form: the three tables as inputs (the 总计 cells computed), the six sections
/// with the template's guidance, the identities checked live, and the saved draft's findings
/// with a reason to give for each warning.
pub fn form(ctx: &Ctx, v: &FormView, refusal: Option<&str>) -> Markup {
    let s = &v.season;
    let href = organ_href(s.id, v.organ.id);
    let layout = Report::from_cells("", None, None, v.template, std::iter::empty());
    let warnings: Vec<&FindingView> = v
        .findings
        .iter()
        .filter(|f| f.level == gongkai_check::Severity::Warning)
        .collect();
    let identities = serde_json::to_string(&v.identities).unwrap_or_else(|_| "[]".into());
    page(
        ctx,
        &format!("{} · {}", v.organ.name, ctx.t("填报", "filing")),
        html! {
            p.meta {
                a href=(season_href(s.id)) { (s.region) (s.year) (ctx.t("年度报送", " filing season")) } " · "
                a href=(href) { (v.organ.name) }
            }
            h1 { (v.organ.name) (s.year) (ctx.t("年政府信息公开工作年度报告", " annual report")) }
            p { span class=(state_class(&v.state)) { (v.state_name) } " · " (ctx.t("截止日期 ", "due ")) (v.due) }
            @if let Some(r) = refusal { p.error.refusal role="alert" { (r) } }
            @if !v.carried.is_empty() {
                p.muted { (ctx.t("上年结转等数字已按上一年度报告预填（浅色），请核对。", "Carried-over numbers are prefilled from last year's report (shaded): check them.")) }
            }
            form.filing method="post" action={ (href) "/form" } {
                (ctx.csrf())
                div.review {
                    section.tables {
                        @for spec in gongkai_core::template::SECTIONS.iter() {
                            @let n = spec.number;
                            h2 { (spec.label.text) }
                            p.guidance { (v.sections[n as usize - 1].guidance) }
                            @if let Some(id) = table_of(n) {
                                table.form-table {
                                    @for row in &grid(&layout, id).rows {
                                        tr { @for b in row { (input_cell(ctx, b, v)) } }
                                    }
                                }
                            }
                            textarea name={ "s" (n) } rows=(if (2..=4).contains(&n) { 2 } else { 5 }) cols="80"
                                aria-label=(spec.label.text) { (v.sections[n as usize - 1].body) }
                        }
                    }
                    aside.findings {
                        h2 { (ctx.t("表内关系", "The tables' identities")) }
                        p #identities-summary .muted { (ctx.t("需启用脚本才能即时核对；保存后服务器会核对全部规则。", "Checked as you type with script on; saving checks every rule.")) }
                        ol #identities {}
                        @if !v.findings.is_empty() {
                            (findings(ctx, &v.findings, v.counts, None))
                        }
                        @if !warnings.is_empty() {
                            h3 { (ctx.t("报送前须说明理由的提醒", "Warnings to explain before submitting")) }
                            @for w in &warnings {
                                p.ack class=(severity_class(w.level)) {
                                    label {
                                        b { (w.code) } " " (w.message) br;
                                        input name={ "ack:" (w.signature) } size="40" placeholder=(ctx.t("理由", "reason"));
                                    }
                                }
                            }
                        }
                        p.actions {
                            button name="action" value="save" { (ctx.t("保存并核对", "Save and check")) } " "
                            button name="action" value="submit" { (ctx.t("保存并报送", "Save and submit")) }
                        }
                        p { label { (ctx.t("报送说明（可选）", "Note to the office (optional)")) br; textarea name="comment" rows="2" cols="36" {} } }
                    }
                }
            }
            script type="application/json" #identity-data { (PreEscaped(escape_json(&identities))) }
            script src="/assets/season.js" defer {}
        },
    )
}

/// JSON inside a `<script>` element: `<` written as `\u003c`, so that no string in it can
/// close the element.
fn escape_json(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn table_of(section: u8) -> Option<TableId> {
    match section {
        2 => Some(TableId::T2),
        3 => Some(TableId::T3),
        4 => Some(TableId::T4),
        _ => None,
    }
}

fn input_cell(ctx: &Ctx, b: &Block, v: &FormView) -> Markup {
    let rowspan = (b.rowspan > 1).then_some(b.rowspan);
    let colspan = (b.colspan > 1).then_some(b.colspan);
    let Some(key) = &b.key else {
        return html! {
            @if b.header { th rowspan=[rowspan] colspan=[colspan] { (b.text) } }
            @else { td rowspan=[rowspan] colspan=[colspan] { (b.text) } }
        };
    };
    let value = v.values.get(key).map(String::as_str).unwrap_or_default();
    let carried = v.carried.iter().any(|k| k == key);
    html! {
        td id={ "c-" (key) } class=[carried.then_some("carried")] {
            input name={ "c:" (key) } value=(value) data-key=(key) size="4" inputmode="numeric"
                data-label=(gongkai_store::season::cell_label(v.template, key, ctx.lang()))
                aria-label=(key) readonly[!v.may_file] title=(ctx.t("数字，或按原样填写的“/”等", "a number, or a blank marker as printed"));
        }
    }
}

/// What went online: the form that reads it (once approved), and each reading with what
/// differs from the approved report and from the first reading.
fn publication(ctx: &Ctx, f: &FilingView, href: &str) -> Markup {
    let open = matches!(
        f.state.as_str(),
        "approved" | "published" | "published_mismatch"
    );
    html! {
        @if (f.may_publish && open) || !f.publications.is_empty() {
            section #publication .publication {
                h2 { (ctx.t("发布核对", "What went online")) }
                @if f.may_publish && open {
                    form.edit method="post" action={ (href) "/publication" } enctype="multipart/form-data" {
                        (ctx.csrf())
                        p { (ctx.t("报告公开后，请提供网页地址，并上传从网站保存的网页（或公开的文件），系统将与审核通过的版本逐项比对。", "Once online, give the page's address and upload the page saved from the site (or the file published): it is compared with the approved version.")) }
                        label { (ctx.t("网址", "Address")) " " input name="address" type="url" size="50"; }
                        " " input type="file" name="file" required;
                        " " button { (ctx.t("读取并比对", "Read and compare")) }
                    }
                }
                @for p in f.publications.iter().rev() {
                    div.reading {
                        h3 { (ctx.t("第 ", "Reading ")) (p.number) (ctx.t(" 次读取", "")) " · " (p.when) " · " (p.source) " · "
                            span class=(state_class(&p.state)) { (p.state_name) } }
                        @if p.against_approved.is_empty() {
                            p.ok { (ctx.t("与审核通过的版本一致。", "As approved.")) }
                        } @else {
                            p.sev-error { (ctx.t("与审核通过的版本不一致：", "Not as approved: ")) }
                            (discrepancies(ctx, &p.against_approved))
                        }
                        @if !p.against_first.is_empty() {
                            p.sev-warning { (ctx.t("与首次读取相比有改动（公开后修改报告）：", "Changed since the first reading (altered after publication): ")) }
                            (discrepancies(ctx, &p.against_first))
                        }
                    }
                }
            }
        }
    }
}

fn discrepancies(ctx: &Ctx, list: &[DiscrepancyView]) -> Markup {
    html! {
        table.data.changed {
            thead { tr { th { (ctx.t("项目", "What")) } th { (ctx.t("原先", "Before")) } th { (ctx.t("现在", "Now")) } } }
            tbody { @for d in list {
                tr {
                    td title=(d.what) { (d.label.as_deref().unwrap_or(&d.what)) }
                    td.text { (super::or_dash(d.before.as_deref().map(clip))) }
                    td.text { (super::or_dash(d.after.as_deref().map(clip))) }
                }
            } }
        }
    }
}

/// A section's whole text is long: its first 200 characters stand for it.
fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(200).collect();
    if s.chars().count() > 200 {
        out.push('…');
    }
    out
}

/// The user's inbox.
pub fn inbox(ctx: &Ctx, items: &[InboxItemView]) -> Markup {
    page(
        ctx,
        ctx.t("待办", "Inbox"),
        html! {
            h1 { (ctx.t("待办", "Inbox")) }
            p.meta { a href="/api/inbox" { "JSON" } }
            @if items.is_empty() {
                p.ok { (ctx.t("没有待办事项。", "Nothing needs you.")) }
            } @else {
                table.list.inbox {
                    thead { tr {
                        th { (ctx.t("事项", "What")) } th { (ctx.t("机关", "Organ")) } th { (ctx.t("填报期", "Season")) }
                        th { (ctx.t("截止日期", "Due")) } th { (ctx.t("意见", "Comment")) }
                    } }
                    tbody { @for i in items {
                        tr class={ "inbox-" (i.kind) } {
                            td { strong { (i.kind_name) } }
                            td { a href=(i.href) { (i.organ_name) } }
                            td { (i.region) (i.year) }
                            td { (i.due) }
                            td { (super::or_dash(i.comment.as_deref())) }
                        }
                    } }
                }
            }
        },
    )
}
