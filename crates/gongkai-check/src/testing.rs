//! Reports for the rules' tests: consistent tables built from cell values, and text read by
//! the real reader.

use gongkai_core::template::{RowKind, TableId};
use gongkai_core::{Number, Report, Value, Version};

pub fn num(n: i64) -> Value {
    Value::Number(Number::parse(&n.to_string()).unwrap())
}

/// A consistent report: every identity of RULES.md holds. `seed` varies the numbers.
pub fn consistent(version: Version, seed: u64) -> Report {
    let mut rng = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = |max: i64| -> i64 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        if rng.is_multiple_of(3) {
            0
        } else {
            (rng % (max as u64 + 1)) as i64
        }
    };
    let t = gongkai_core::Template::get(version);
    let mut cells: Vec<(String, i64)> = Vec::new();
    let t3 = t.table(TableId::T3);
    let applicants = [
        "natural", "business", "research", "social", "legal", "other",
    ];
    let outcome_rows: Vec<&str> = t3
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Data)
        .map(|r| r.id)
        .filter(|id| !["new", "carried_over", "results_total", "carried_forward"].contains(id))
        .collect();
    let column = |col: &str, cells: &mut Vec<(String, i64)>, next: &mut dyn FnMut(i64) -> i64| {
        let mut results = 0;
        for row in &outcome_rows {
            let v = next(9);
            results += v;
            cells.push((format!("t3.{row}.{col}"), v));
        }
        let forward = next(3);
        let over = next(3).min(results + forward);
        cells.push((format!("t3.results_total.{col}"), results));
        cells.push((format!("t3.carried_forward.{col}"), forward));
        cells.push((format!("t3.carried_over.{col}"), over));
        cells.push((format!("t3.new.{col}"), results + forward - over));
    };
    for col in applicants {
        column(col, &mut cells, &mut next);
    }
    let rows: Vec<String> = cells
        .iter()
        .filter(|(k, _)| k.ends_with(".natural"))
        .map(|(k, _)| k.trim_end_matches(".natural").to_string())
        .collect();
    for row in rows {
        let total: i64 = applicants
            .iter()
            .map(|c| {
                let key = format!("{row}.{c}");
                cells.iter().find(|(k, _)| *k == key).unwrap().1
            })
            .sum();
        cells.push((format!("{row}.total"), total));
    }
    for group in ["review", "litigation_direct", "litigation_after_review"] {
        let mut total = 0;
        for col in ["upheld", "corrected", "other", "pending"] {
            let v = next(4);
            total += v;
            cells.push((format!("t4.{group}.{col}"), v));
        }
        cells.push((format!("t4.{group}.total"), total));
    }
    for spec in t.required_cells().filter(|c| c.table == TableId::T2) {
        cells.push((spec.key.clone(), next(50)));
    }
    Report::from_cells(
        "test.txt",
        Some("某县人民政府办公室".into()),
        Some(if version == Version::V2021 {
            2022
        } else {
            2020
        }),
        version,
        cells.into_iter().map(|(k, v)| (k, num(v))),
    )
}

/// The report with one cell set to a value (added when the report lacks it).
pub fn with(mut report: Report, key: &str, value: Value) -> Report {
    match report.cells.iter_mut().find(|c| c.key == key) {
        Some(c) => c.printed.value = value,
        None => {
            let mut cells: Vec<(String, Value)> = report
                .cells
                .iter()
                .map(|c| (c.key.clone(), c.printed.value))
                .collect();
            cells.push((key.to_string(), value));
            let fresh = Report::from_cells(
                &report.source.file,
                report.agency.clone(),
                report.year,
                report.template,
                cells,
            );
            report.cells = fresh.cells;
        }
    }
    report
}

/// The report with a cell added to.
pub fn bump(report: Report, key: &str, by: i64) -> Report {
    let v = report
        .value(key)
        .and_then(|v| v.number())
        .and_then(|n| n.as_int())
        .unwrap_or_else(|| panic!("{key} is not a number"));
    with(report, key, num(v + by))
}

/// The report without the cells whose keys start with `prefix`.
pub fn without(mut report: Report, prefix: &str) -> Report {
    report.cells.retain(|c| !c.key.starts_with(prefix));
    report
}

/// Reads text with the real reader.
pub fn read(text: &str) -> Report {
    gongkai_read::read_text("test.txt", text, "UTF-8").expect("test text reads")
}

/// The codes a rule reports on a report.
pub fn run(rule: &crate::Rule, report: &Report, previous: Option<&Report>) -> Vec<crate::Finding> {
    run_among(rule, report, previous, None)
}

/// The codes a rule reports on a report among its peers.
pub fn run_among(
    rule: &crate::Rule,
    report: &Report,
    previous: Option<&Report>,
    peers: Option<&crate::Peers>,
) -> Vec<crate::Finding> {
    let cx = crate::Context::new(report, previous, peers);
    let mut out = Vec::new();
    (rule.check)(&cx, &mut out);
    out
}

/// The rules' sample report (one request, received and granted) with section 一's sentence about
/// requests replaced by `sentence`.
pub fn saying(sentence: &str) -> Report {
    read(&crate::rules::six_sections("", "").replace(PART_TWO, sentence))
}

/// The sentence about requests in the sample report.
pub const PART_TWO: &str = "全年收到政府信息公开申请1件。";
