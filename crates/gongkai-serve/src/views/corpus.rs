//! The corpus's listing (organs by place, a column per year).

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
