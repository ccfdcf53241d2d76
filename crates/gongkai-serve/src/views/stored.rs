//! A stored report, opened from the corpus: drawn as an upload is (its tables with the cells
//! findings name, the findings, the source), with the organ's versions of the year and the
//! year before beside it.

use super::draft::{findings, source};
use super::organ::organ_href;
use super::tables::{tables, Marks};
use super::{page, severity_class, Ctx};
use crate::service::stored::StoredView;
use gongkai_check::Severity;
use maud::{html, Markup};
use std::collections::{HashMap, HashSet};

pub fn stored(ctx: &Ctx, v: &StoredView) -> Markup {
    let report = &v.report;
    let mut by_cell: HashMap<&str, (Severity, Vec<usize>)> = HashMap::new();
    for f in &v.findings {
        for k in f.keys() {
            let e = by_cell.entry(k).or_insert((f.level, Vec::new()));
            e.0 = e.0.max(f.level);
            e.1.push(f.number);
        }
    }
    let uncertain: HashSet<&str> = v.uncertain.iter().map(String::as_str).collect();
    let marks = |key: &str| {
        let found = by_cell.get(key);
        Marks {
            uncertain: uncertain.contains(key),
            severity: found.map(|f| f.0),
            findings: found.map(|f| f.1.clone()).unwrap_or_default(),
        }
    };
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
                            table.list {
                                thead { tr { th scope="col" { (ctx.t("项目", "Item")) } th scope="col" { (p.year) } th scope="col" { (v.year) } } }
                                tbody {
                                    @for c in &p.changed {
                                        tr { td { (c.label) } td { (c.before) } td { (c.after) } }
                                    }
                                }
                            }
                        }
                        @if !p.findings.is_empty() {
                            ul { @for f in &p.findings { li class=(severity_class(f.level)) { b { (f.code) } " " (f.message) } } }
                        }
                    },
                }
            }
            @match &v.source {
                Some(text) => (source(ctx, text)),
                None => p.muted { (ctx.t("这一版本导入时语料库尚未保存原文。", "The store did not keep the text of versions imported this early.")) },
            }
        },
    )
}
