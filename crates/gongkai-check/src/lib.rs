//! The checks of gongkai: a registry of rules with stable codes (spec/RULES.md), run over a
//! [`Report`] and, for the rules across years, last year's report of the same organ.
//!
//! ```
//! use gongkai_check::{check, Selection};
//! let text = "某县人民政府2022年度政府信息公开工作年度报告\n\
//!             四、政府信息公开行政复议、行政诉讼情况\n\
//!             2 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
//! let report = gongkai_read::read("report.txt", text.as_bytes()).unwrap();
//! let findings = check(&report, None, &Selection::default());
//! // 行政复议: 2 + 1 + 0 + 0 ≠ 0
//! assert!(findings.iter().any(|f| f.code == "A201" && f.cells.contains("t4.review.total")));
//! ```
//!
//! Each rule lives in its own file under `rules/`; its doc comment is the explanation that
//! `gongkai check --explain CODE` prints, and its tests sit beside it.

mod context;
mod deadlines;
pub mod diagnostic;
mod finding;
pub mod json;
mod narrative;
mod peers;
#[cfg(test)]
mod properties;
mod registry;
pub mod repetition;
mod rules;
pub mod score;
#[cfg(test)]
mod testing;
pub mod year_on_year;
pub mod years;

pub use context::{place, short_label, Context};
pub use deadlines::{Deadlines, Due};
pub use finding::{Cells, Finding, Severity, Text};
pub use peers::{Peers, Spread, MIN_PEERS};
pub use registry::{all as rules, find as rule, Needs, Rule, Selection, Selector, UnknownSelector};

use gongkai_core::Report;

/// Runs every selected rule that needs the report alone or, for the rules across years (Y),
/// with last year's report when given. Findings come in the order of where they were printed,
/// then by code.
pub fn check(report: &Report, previous: Option<&Report>, selection: &Selection) -> Vec<Finding> {
    check_with(report, previous, None, selection)
}

/// As [`check`], and with the organ's peers in the corpus for the outlier rule (P101).
pub fn check_with(
    report: &Report,
    previous: Option<&Report>,
    peers: Option<&Peers>,
    selection: &Selection,
) -> Vec<Finding> {
    check_in(report, previous, peers, None, selection)
}

/// As [`check_with`], with the deadlines a place sets for its organs' reports (T501).
pub fn check_in(
    report: &Report,
    previous: Option<&Report>,
    peers: Option<&Peers>,
    deadlines: Option<&Deadlines>,
    selection: &Selection,
) -> Vec<Finding> {
    let mut cx = Context::new(report, previous, peers);
    cx.deadlines = deadlines;
    let mut findings = Vec::new();
    for rule in registry::all() {
        let runs = match rule.needs {
            Needs::Report => true,
            Needs::Previous => previous.is_some(),
            Needs::Peers => peers.is_some(),
        };
        if runs && selection.enabled(rule) {
            (rule.check)(&cx, &mut findings);
        }
    }
    findings.sort_by_key(|f| (f.at.map_or((u32::MAX, 0), |s| (s.line, s.column)), f.code));
    findings
}
