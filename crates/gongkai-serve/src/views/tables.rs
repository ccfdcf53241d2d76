//! The report's three tables as the template prints them (merged cells and all), each value
//! cell marked as the page needs: uncertain, named by findings, editable.

use super::Ctx;
use crate::service::drafts::FindingView;
use gongkai_check::Severity;
use gongkai_core::{Report, TableId};
use gongkai_render::layout::{grid, Block};
use maud::{html, Markup};
use std::collections::{HashMap, HashSet};

/// What a page shows on a value cell besides its value.
#[derive(Default)]
pub struct Marks {
    /// Not read for certain: the reviewer checks it against the original.
    pub uncertain: bool,
    /// The most severe finding that names it.
    pub severity: Option<Severity>,
    /// The numbers of the findings that name it.
    pub findings: Vec<usize>,
}

/// The marks of each cell of a report shown with its findings: the findings that name it
/// (numbered as listed, the most severe deciding its shade) and whether it was read for certain.
pub fn marks_of<'a>(
    findings: &'a [FindingView],
    uncertain: &'a [String],
) -> impl Fn(&str) -> Marks + 'a {
    let mut by_cell: HashMap<&str, (Severity, Vec<usize>)> = HashMap::new();
    for f in findings {
        for k in f.keys() {
            let e = by_cell.entry(k).or_insert((f.level, Vec::new()));
            e.0 = e.0.max(f.level);
            e.1.push(f.number);
        }
    }
    let uncertain: HashSet<&str> = uncertain.iter().map(String::as_str).collect();
    move |key: &str| {
        let found = by_cell.get(key);
        Marks {
            uncertain: uncertain.contains(key),
            severity: found.map(|f| f.0),
            findings: found.map(|f| f.1.clone()).unwrap_or_default(),
        }
    }
}

fn span(n: usize) -> Option<usize> {
    (n > 1).then_some(n)
}

/// The three tables, each under its section's heading, cells marked by `marks`.
pub fn tables(ctx: &Ctx, report: &Report, marks: &dyn Fn(&str) -> Marks) -> Markup {
    html! {
        @for (id, n) in [(TableId::T2, 2u8), (TableId::T3, 3), (TableId::T4, 4)] {
            h2 { (heading(report, n)) }
            table {
                @for row in &grid(report, id).rows {
                    tr { @for b in row { (cell(ctx, b, marks)) } }
                }
            }
        }
    }
}

fn heading(report: &Report, n: u8) -> String {
    report
        .section(n)
        .map(|s| s.heading.clone())
        .unwrap_or_else(|| {
            gongkai_core::template::SECTIONS[n as usize - 1]
                .label
                .text
                .to_string()
        })
}

fn cell(ctx: &Ctx, b: &Block, marks: &dyn Fn(&str) -> Marks) -> Markup {
    let (rowspan, colspan) = (span(b.rowspan), span(b.colspan));
    let Some(key) = &b.key else {
        return html! {
            @if b.header { th rowspan=[rowspan] colspan=[colspan] { (b.text) } }
            @else { td rowspan=[rowspan] colspan=[colspan] { (b.text) } }
        };
    };
    let m = marks(key);
    let mut class = String::from("cell");
    if m.uncertain {
        class += " uncertain";
    }
    if let Some(s) = m.severity {
        class += " has-finding ";
        class += super::severity_class(s);
    }
    html! {
        td id={ "c-" (key) } data-key=(key) class=(class) title=(key) rowspan=[rowspan] colspan=[colspan] {
            (b.text)
            @if m.uncertain {
                span.doubt title=(ctx.t("没能读准，请对照原文核对", "not read for certain: check the original")) { "?" }
            }
            @for n in &m.findings {
                a.badge href={ "#f" (n) } { (n) }
            }
        }
    }
}
