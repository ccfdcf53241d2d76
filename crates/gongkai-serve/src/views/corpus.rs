//! The corpus's listing (organs by place, a column per year) and the charts page.

use super::organ::organ_href;
use super::{page, Ctx};
use crate::service::corpus::{ListedReport, ListingView};
use maud::{html, Markup};
use std::collections::{BTreeMap, HashMap};

pub fn listing(ctx: &Ctx, v: &ListingView) -> Markup {
    let mut organs: BTreeMap<(&str, &str), HashMap<i64, &ListedReport>> = BTreeMap::new();
    for l in &v.reports {
        organs
            .entry((l.place.as_deref().unwrap_or(""), l.organ.as_str()))
            .or_default()
            .insert(l.year, l);
    }
    let title = ctx.t("语料库", "Corpus");
    page(
        ctx,
        title,
        html! {
            h1 { (title) }
            form.filter method="get" {
                label { (ctx.t("地区", "Region")) " " input name="region" value=[v.region.as_deref()]; } " "
                label { (ctx.t("年度", "Year")) " " input name="year" size="6" inputmode="numeric" value=[v.year]; } " "
                button { (ctx.t("筛选", "Filter")) }
            }
            p { (v.organs) " " (ctx.t("个机关", "organs")) " · " (v.reports.len()) " " (ctx.t("份报告", "reports")) }
            table.list.corpus {
                tr {
                    th { (ctx.t("地区", "Place")) } th { (ctx.t("机关", "Organ")) }
                    @for y in &v.years { th { a href={ "/corpus/charts?year=" (y) } { (y) } } }
                }
                @for ((place, name), by_year) in &organs {
                    tr {
                        td { (place) } td { a href=(organ_href(name)) { (name) } }
                        @for y in &v.years {
                            @match by_year.get(y) {
                                Some(l) if l.errors > 0 => td.sev-error title={ "v" (l.version) " · " (l.warnings) " " (ctx.t("警告", "warnings")) } {
                                    "✗ " (l.errors) " " (ctx.t("错误", "errors"))
                                },
                                Some(l) => td.ok title={ "v" (l.version) " · " (l.warnings) " " (ctx.t("警告", "warnings")) } { "✓" },
                                None => td.missing { "—" },
                            }
                        }
                    }
                }
            }
        },
    )
}

pub fn charts(ctx: &Ctx, years: &[i64], year: i64) -> Markup {
    let lang = if ctx.lang().is_english() {
        "&lang=en"
    } else {
        ""
    };
    let title = ctx.t("图表", "Charts");
    page(
        ctx,
        title,
        html! {
            h1 { (title) }
            p { @for y in years { a href={ "/corpus/charts?year=" (y) } aria-current=[(*y == year).then_some("page")] { (y) } " " } }
            h2 { (year) " " (ctx.t("年申请办理结果", ": requests by outcome")) }
            img.chart src={ "/charts/outcomes?year=" (year) (lang) } alt=(ctx.t("申请办理结果", "requests by outcome"));
            h2 { (ctx.t("公开率和复议纠错率（各年度）", "Disclosure and correction rates by year")) }
            img.chart src={ "/charts/rates?x=1" (lang) } alt=(ctx.t("公开率和复议纠错率", "disclosure and correction rates"));
            h2 { (year) " " (ctx.t("年各机关公开率（申请最多的 30 个）", ": disclosure rate by organ (30 with most requests)")) }
            img.chart src={ "/charts/organs?year=" (year) (lang) } alt=(ctx.t("各机关公开率", "disclosure rate by organ"));
        },
    )
}
