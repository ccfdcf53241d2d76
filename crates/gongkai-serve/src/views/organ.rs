//! The corpus's pages about organs and regions: one organ across its years, who has not
//! filed, a region's roll-up.

use super::tables::{tables, Marks};
use super::{page, severity_class, Ctx};
use crate::service::compare::ComparisonView;
use crate::service::corpus::{ChangedCell, MissingView, OrganView, RollupView};
use crate::service::drafts::FindingView;
use maud::{html, Markup};

/// The address of an organ's page.
pub fn organ_href(name: &str) -> String {
    format!(
        "/corpus/organ?{}",
        serde_urlencoded::to_string([("name", name)]).unwrap_or_default()
    )
}

pub fn organ(ctx: &Ctx, v: &OrganView) -> Markup {
    page(
        ctx,
        &v.organ,
        html! {
            h1 { (v.organ) }
            table.list {
                tr { th { (ctx.t("年度", "Year")) } th { (ctx.t("版本", "Version")) } th { (ctx.t("错误", "Errors")) } th { (ctx.t("警告", "Warnings")) } th { (ctx.t("提示", "Notices")) } }
                @for l in &v.reports {
                    tr { td { a href={ "/corpus/reports/" (l.id) } { (l.year) } } td { "v" (l.version) } td { (l.errors) } td { (l.warnings) } td { (l.notices) } }
                }
            }
            @for step in &v.steps {
                h2 { (step.from) " → " (step.to) }
                p { a href=(comparison_href(&v.organ, step.from, step.to, None)) { (ctx.t("对比报告", "Comparison report")) } }
                p { (step.changed.len()) " " (ctx.t("个单元格不同", "cells changed")) }
                @if !step.changed.is_empty() {
                    details {
                        summary { (ctx.t("变化的单元格", "Cells that changed")) }
                        (changed_cells(ctx, step.from, step.to, &step.changed))
                    }
                }
                @if let Some(why) = &step.skipped { p.muted { (why) } }
                @if !step.findings.is_empty() {
                    ul { @for f in &step.findings { li class=(severity_class(f.level)) { b { (f.code) } " " (f.message) } } }
                }
            }
        },
    )
}

/// The address of the comparison of an organ's two years, as a page or as a `format`.
pub fn comparison_href(name: &str, from: i64, to: i64, format: Option<&str>) -> String {
    let (from, to) = (from.to_string(), to.to_string());
    let mut q = vec![("name", name), ("from", &from), ("to", &to)];
    q.extend(format.map(|f| ("format", f)));
    format!(
        "/corpus/organ/compare?{}",
        serde_urlencoded::to_string(q).unwrap_or_default()
    )
}

/// A share from 0 to 1 as a percentage with one decimal, `—` when there is none.
fn percent(share: Option<f64>) -> String {
    share.map_or("—".to_string(), |r| format!("{:.1}%", r * 100.0))
}

/// The comparison report of an organ's two years: the same sections as its DOCX, which the
/// page offers to download.
pub fn comparison(ctx: &Ctx, v: &ComparisonView) -> Markup {
    let (from, to) = (v.from.to_string(), v.to.to_string());
    let findings = |fs: &[FindingView]| {
        html! {
            @if fs.is_empty() { p.muted { (ctx.t("未发现问题。", "No findings.")) } }
            @else { ul { @for f in fs { li class=(severity_class(f.level)) { b { (f.code) } " " (f.message) } } } }
        }
    };
    page(
        ctx,
        &v.title,
        html! {
            h1 { (v.title) }
            p {
                a href=(organ_href(&v.organ)) { (v.organ) } " · "
                a href=(comparison_href(&v.organ, v.from, v.to, Some("docx"))) download { (ctx.t("下载 DOCX", "Download DOCX")) }
            }
            h2 { (ctx.t("一、主要指标", "1. Rates")) }
            table.list.rates {
                thead { tr { th scope="col" { (ctx.t("指标", "Rate")) } th scope="col" { (from) } th scope="col" { (to) } th scope="col" { (ctx.t("变化（百分点）", "Change (points)")) } } }
                tbody {
                    @for r in &v.rates {
                        tr title=(r.definition) {
                            td { (r.name) } td { (percent(r.before)) } td { (percent(r.after)) }
                            td { (r.points.map_or("—".to_string(), |p| format!("{p:+.1}"))) }
                        }
                    }
                }
            }
            @for (i, t) in v.tables.iter().enumerate() {
                h2 { (["二", "三", "四"][i.min(2)]) (ctx.t("、", ". ")) (t.name) }
                table.list.cells {
                    thead { tr { th scope="col" { (ctx.t("行", "Row")) } th scope="col" { (ctx.t("列", "Column")) } th scope="col" { (from) } th scope="col" { (to) } th scope="col" { (ctx.t("变化", "Change")) } } }
                    tbody {
                        @for c in &t.cells {
                            tr title=(c.key) class=[(c.before != c.after).then_some("changed")] {
                                td { (c.row) } td { (c.column) } td { (c.before) } td { (c.after) } td { (c.change) }
                            }
                        }
                    }
                }
            }
            h2 { (ctx.t("五、检查发现的问题", "5. Findings")) }
            h3 { (from) } (findings(&v.findings_before))
            h3 { (to) } (findings(&v.findings_after))
            h3 { (ctx.t("跨年度", "Across the two years")) }
            p { (v.changed) " " (ctx.t("个单元格不同", "cells changed")) }
            @if let Some(why) = &v.skipped { p.muted { (why) } } @else { (findings(&v.findings_across)) }
            h2 { (ctx.t("六、文字对比", "6. The text compared")) }
            table.list.text {
                thead { tr { th scope="col" { (ctx.t("部分", "Section")) } th scope="col" { (ctx.t("比较字数", "Characters compared")) } th scope="col" { (ctx.t("重复字数", "Repeated")) } th scope="col" { (ctx.t("重复比例", "Share repeated")) } } }
                tbody { @for s in &v.text { tr { td { (s.heading) } td { (s.chars) } td { (s.repeated) } td { (percent(s.share)) } } } }
            }
            @for s in v.text.iter().filter(|s| !s.passages.is_empty()) {
                h3 { (s.heading) }
                table.list.passages {
                    thead { tr { th scope="col" { (to) } th scope="col" { (from) } th scope="col" { (ctx.t("相似度", "Similarity")) } } }
                    tbody { @for p in &s.passages { tr { td { (p.text) } td { (p.source) } td { (percent(Some(p.similarity))) } } } }
                }
            }
        },
    )
}

/// The cells that changed from one year to the next, a row each: its label, before, after.
pub fn changed_cells(ctx: &Ctx, from: i64, to: i64, changed: &[ChangedCell]) -> Markup {
    html! {
        table.list {
            thead { tr { th scope="col" { (ctx.t("项目", "Item")) } th scope="col" { (from) } th scope="col" { (to) } } }
            tbody {
                @for c in changed {
                    tr title=(c.key) { td { (c.label) } td { (c.before) } td { (c.after) } }
                }
            }
        }
    }
}

fn year_region_form(ctx: &Ctx, year: Option<i64>, region: Option<&str>, button: &str) -> Markup {
    html! {
        form.filter method="get" {
            label { (ctx.t("年度", "Year")) " " input name="year" size="6" inputmode="numeric" value=[year]; } " "
            label { (ctx.t("地区", "Region")) " " input name="region" value=[region]; } " "
            button { (button) }
        }
    }
}

pub fn missing(ctx: &Ctx, v: &MissingView) -> Markup {
    page(
        ctx,
        ctx.t("未报送", "Not filed"),
        html! {
            h1 { (ctx.t("未报送年度报告的机关", "Organs that have not filed")) }
            (year_region_form(ctx, v.year, v.region.as_deref(), ctx.t("查看", "Show")))
            p { (v.organs.len()) " " (ctx.t("个机关在其他年度报送过，但没有这一年度的报告。", "organs filed in another year but not this one.")) }
            table.list {
                tr { th { (ctx.t("机关", "Organ")) } th { (ctx.t("地区", "Place")) } th { (ctx.t("最近报送", "Last filed")) } }
                @for m in &v.organs {
                    tr { td { a href=(organ_href(&m.organ)) { (m.organ) } } td { (m.place.as_deref().unwrap_or("")) } td { (m.last) } }
                }
            }
        },
    )
}

pub fn rollup(ctx: &Ctx, v: Option<&RollupView>, year: Option<i64>, region: &str) -> Markup {
    page(
        ctx,
        ctx.t("地区汇总", "Roll-up"),
        html! {
            h1 { (ctx.t("地区汇总", "Roll-up")) }
            (year_region_form(ctx, year, Some(region), ctx.t("汇总", "Roll up")))
            @if let Some(v) = v {
                @match &v.report {
                    None => p { (ctx.t("这一地区在这一年度没有报告。", "No report of this region for this year.")) },
                    Some(report) => {
                        p { (v.organs) " " (ctx.t("个机关的报告之和", "organs' reports summed")) }
                        @if v.counts.errors > 0 {
                            ul { @for f in v.findings.iter().filter(|f| f.level == gongkai_check::Severity::Error) {
                                li.sev-error { b { (f.code) } " " (f.message) }
                            } }
                        }
                        div.rollup.tables { (tables(ctx, report, &|_| Marks::default())) }
                    },
                }
            }
        },
    )
}
