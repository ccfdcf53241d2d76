//! A stored report, opened from the corpus: drawn as an upload is (its tables with the cells
//! findings name, the findings, the source), with the organ's versions of the year and the
//! year before beside it.

use super::draft::{findings, source};
use super::organ::{changed_cells, organ_href};
use super::tables::{marks_of, tables};
use super::{page, severity_class, Ctx};
use crate::service::stored::{RepeatView, StoredView};
use maud::{html, Markup};

pub fn stored(ctx: &Ctx, v: &StoredView) -> Markup {
    let report = &v.report;
    let marks = marks_of(&v.findings, &v.uncertain);
    let title = format!("{} {}", v.organ, v.year);
    page(
        ctx,
        &title,
        html! {
            h1 { (gongkai_render::text::title(report)) }
            p.meta {
                a href=(organ_href(&v.organ)) { (v.organ) } " · "
                (super::or_dash(v.place.as_deref())) " · "
                (v.year) " · " (ctx.t("第 ", "version ")) (v.version) (ctx.t(" 版", ""))
                @if !v.current { " " strong.sev-warning { (ctx.t("（已被后来的版本取代）", "(replaced by a later version)")) } }
                " · " (ctx.t("模板", "template")) " " (report.template.as_str())
                " · " (v.file)
                " · " a href={ "/api/corpus/reports/" (v.id) } { "JSON" }
            }
            @if v.versions.len() > 1 {
                nav.versions aria-label=(ctx.t("版本", "Versions")) {
                    (ctx.t("版本：", "Versions: "))
                    @for x in &v.versions {
                        @if x.id == v.id { strong aria-current="page" { "v" (x.version) } }
                        @else { a href={ "/corpus/reports/" (x.id) } title=(x.file) { "v" (x.version) } }
                        @if x.current { " " small { (ctx.t("（现行）", "(current)")) } }
                        " "
                    }
                }
            }
            div.review {
                section.tables { (tables(ctx, report, &marks)) }
                aside.findings { (findings(ctx, &v.findings, v.counts, None)) }
            }
            section.yoy {
                h2 { (ctx.t("与上一年度对比", "Against the year before")) }
                @match &v.previous {
                    None => p.muted { (ctx.t("语料库中没有该机关上一年度的报告。", "The corpus holds no report of this organ for the year before.")) },
                    Some(p) => {
                        p {
                            a href={ "/corpus/reports/" (p.id) } { (p.year) " " (ctx.t("年度报告", "report")) }
                            " → " (v.year) " · " (p.changed.len()) " " (ctx.t("个单元格不同", "cells changed"))
                        }
                        @if let Some(why) = &p.skipped { p.muted { (why) } }
                        @if !p.changed.is_empty() {
                            (changed_cells(ctx, p.year, v.year, &p.changed))
                        }
                        @if !p.findings.is_empty() {
                            ul { @for f in &p.findings { li class=(severity_class(f.level)) { b { (f.code) } " " (f.message) } } }
                        }
                    },
                }
            }
            (repeats(ctx, v))
            @match &v.source {
                Some(text) => (source(ctx, text)),
                None => p.muted { (ctx.t("这一版本导入时语料库尚未保存原文。", "The store did not keep the text of versions imported this early.")) },
            }
        },
    )
}

/// The sections with text found again in last year's report or other organs' of the year,
/// each passage beside its source.
fn repeats(ctx: &Ctx, v: &StoredView) -> Markup {
    let from = |r: &RepeatView| {
        if r.from == "last-year" {
            ctx.t("上年本机关报告", "its own last year's report")
        } else {
            ctx.t("同年度其他机关报告", "other organs' reports of the year")
        }
    };
    let percent = |x: f64| format!("{:.1}%", x * 100.0);
    html! {
        section.repeats {
            h2 { (ctx.t("文字重复", "Repeated text")) }
            @if v.repeats.is_empty() {
                p.muted { (ctx.t(
                    "没有发现与上年本机关报告或同年度其他机关报告重复的文字。",
                    "No text repeated from the organ's last year's report or other organs' reports of the year was found.",
                )) }
            }
            @for r in &v.repeats {
                h3 {
                    (gongkai_core::template::SECTIONS[r.section as usize - 1].label.text)
                    " · " (from(r)) " · " (percent(r.share))
                    small { " " (ctx.t("（", "(")) (r.repeated) " / " (r.chars) (ctx.t(" 字）", " characters)")) }
                }
                @for p in &r.passages {
                    div.side-by-side {
                        blockquote {
                            p.meta { (ctx.t("本报告", "This report")) }
                            p { (p.text) }
                        }
                        blockquote {
                            p.meta {
                                a href={ "/corpus/reports/" (p.report_id) } { (p.organ) " " (p.year) }
                                " · " (ctx.t("相似度 ", "similarity ")) (percent(p.similarity))
                            }
                            p { (p.source) }
                        }
                    }
                }
            }
        }
    }
}
