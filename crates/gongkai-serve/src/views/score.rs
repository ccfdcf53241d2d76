//! The score page: the pack, region and year chosen; each organ's total and items; each
//! organ's evidence, item by item; the same sheet as JSON, a workbook and CSV.

use super::Ctx;
use crate::service::score::ScoreView;
use gongkai_check::score::{Outcome, Sheet};
use maud::{html, Markup};

/// The page's query again, for the links to the same sheet in other forms.
fn query(v: &ScoreView) -> String {
    let mut pairs = vec![("pack", v.pack.clone())];
    pairs.extend(v.region.clone().map(|r| ("region", r)));
    pairs.extend(v.year.map(|y| ("year", y.to_string())));
    serde_urlencoded::to_string(&pairs).unwrap_or_default()
}

pub fn page_of(ctx: &Ctx, v: &ScoreView) -> Markup {
    html! {
        h1 { (ctx.t("考评打分", "Scoring")) }
        form.filter method="get" {
            label { (ctx.t("规则包", "Pack")) " "
                select name="pack" {
                    @for p in &v.packs {
                        @match &p.error {
                            None => option value=(p.file) selected[p.file == v.pack] {
                                (p.name.as_deref().unwrap_or(&p.file)) " " (p.version.as_deref().unwrap_or(""))
                            },
                            Some(_) => option value=(p.file) disabled { (p.file) (ctx.t("（有误）", " (wrong)")) },
                        }
                    }
                }
            } " "
            label { (ctx.t("地区", "Region")) " " input name="region" maxlength="100" value=[v.region.as_deref()]; } " "
            label { (ctx.t("年度", "Year")) " " input name="year" size="6" inputmode="numeric" value=[v.year]; } " "
            button { (ctx.t("打分", "Score")) }
        }
        @let wrong: Vec<_> = v.packs.iter().filter_map(|p| p.error.as_deref()).collect();
        @if !wrong.is_empty() {
            ul.errors { @for e in &wrong { li { (e) } } }
        }
        @if let Some(sheet) = &v.sheet {
            (scores(ctx, v, sheet))
        }
    }
}

fn outcome_class(o: Outcome) -> &'static str {
    match o {
        Outcome::Met | Outcome::Findings(0) => "ok",
        Outcome::Unknown => "unknown",
        _ => "lost",
    }
}

fn scores(ctx: &Ctx, v: &ScoreView, sheet: &Sheet) -> Markup {
    let q = query(v);
    let lang = ctx.lang();
    html! {
        p {
            (sheet.pack.name.of(lang)) " " (sheet.pack.version) " · " (sheet.region) " "
            (sheet.year) (ctx.t(" 年度报告 · 满分 ", " reports · full marks ")) (sheet.full)
        }
        p.exports {
            a href={ "/api/score?" (q) } { "JSON" } " · "
            a href={ "/score/scores.xlsx?" (q) } { "XLSX" } " · "
            a href={ "/score/scores.csv?" (q) } { (ctx.t("得分 CSV", "scores CSV")) } " · "
            a href={ "/score/evidence.csv?" (q) } { (ctx.t("证据 CSV", "evidence CSV")) }
        }
        @if sheet.organs.is_empty() {
            p { (ctx.t("这一地区在这一年度没有您可查看的机关。", "No organ of this region that you may see for this year.")) }
        } @else {
            table.list.scores {
                tr {
                    th { (ctx.t("机关", "Organ")) }
                    th { (ctx.t("总分", "Total")) }
                    @for i in &sheet.pack.items { th title=(i.title.of(lang)) { (i.id) " (" (i.points) ")" } }
                }
                @for o in &sheet.organs {
                    tr {
                        td { a href={ "#organ-" (o.organ) } { (o.organ) } }
                        td { b { (o.total) } }
                        @for i in &o.items { td class=(outcome_class(i.outcome)) { (i.earned) } }
                    }
                }
            }
            @for o in &sheet.organs {
                section.organ-score id={ "organ-" (o.organ) } {
                    h2 { (o.organ) " " (o.total) " / " (sheet.full) }
                    table.list {
                        tr {
                            th { (ctx.t("考评项", "Item")) }
                            th { (ctx.t("得分", "Earned")) }
                            th { (ctx.t("结果", "Outcome")) }
                            th { (ctx.t("证据", "Evidence")) }
                        }
                        @for (head, i) in sheet.pack.items.iter().zip(&o.items) {
                            tr {
                                td { (head.id) " " (head.title.of(lang)) }
                                td class=(outcome_class(i.outcome)) { (i.earned) " / " (i.full) }
                                td { (i.outcome.said(lang)) }
                                td {
                                    ul.evidence {
                                        @for e in &i.evidence {
                                            li {
                                                (e.text.of(lang))
                                                @if !e.cells.is_empty() {
                                                    " "
                                                    @for (k, val) in &e.cells {
                                                        code { (k) "=" (val.as_deref().unwrap_or("—")) } " "
                                                    }
                                                }
                                                @if let Some(line) = e.line {
                                                    " " small { (ctx.t("第 ", "line ")) (line) (ctx.t(" 行", "")) }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub fn page(ctx: &Ctx, v: &ScoreView) -> Markup {
    super::page(ctx, ctx.t("考评打分", "Scoring"), page_of(ctx, v))
}
