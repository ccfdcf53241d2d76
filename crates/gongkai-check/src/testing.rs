//! Reports for the rules' tests: consistent tables built from cell values, and text read by
//! the real reader.

use gongkai_core::template::TableId;
use gongkai_core::{Lang, Number, Report, Value, Version};

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
    let cells = gongkai_core::consistent::values(t, |c| match (c.table, c.row.id) {
        // The organ is a county's office, which makes no rules (V106); the draw is kept so the
        // other cells stay as they were.
        (TableId::T2, "regulation") => {
            next(50);
            0
        }
        (TableId::T2, _) => next(50),
        (TableId::T4, _) => next(4),
        (_, "carried_over" | "carried_forward") => next(3),
        _ => next(9),
    });
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
    read_as("test.txt", text)
}

/// Reads text with the real reader, as a file of that name.
pub fn read_as(name: &str, text: &str) -> Report {
    gongkai_read::read_text(name, text, "UTF-8").unwrap_or_else(|e| panic!("{name}: {e:?}"))
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

/// The findings as the CLI prints them, with excerpts from `text`, in Chinese then in English,
/// without colour: what each rule's fixture snapshot pins.
pub fn diagnostics_of(text: &str, report: &Report, findings: &[crate::Finding]) -> String {
    let source = crate::diagnostic::Source::new(text.lines().map(String::from).collect());
    let mut out = anstream::StripStream::new(Vec::new());
    for lang in [Lang::Zh, Lang::En] {
        crate::diagnostic::write_findings(
            &mut out,
            &report.source.file,
            report,
            Some(&source),
            findings,
            lang,
        )
        .expect("writing to memory");
    }
    String::from_utf8(out.into_inner()).expect("UTF-8")
}

/// Thirty peers, each printing the report's values give or take a tenth.
pub fn peers_like(report: &Report) -> crate::Peers {
    let mut values: std::collections::HashMap<String, Vec<f64>> = Default::default();
    for i in 0..30 {
        for c in &report.cells {
            if let Some(n) = c.printed.value.number() {
                let v = n.to_f64() * (1.0 + (i % 5) as f64 / 10.0);
                values.entry(c.key.clone()).or_default().push(v);
            }
        }
    }
    crate::Peers::new(
        crate::finding::Text::new("2022 年县级部门", "county departments in 2022"),
        values,
    )
}

/// The rules' sample report (`six_sections` with nothing changed): every rule passes on it.
pub fn sample() -> Report {
    read(&crate::rules::six_sections("", ""))
}

/// Asserts that a rule finds nothing in a report.
#[track_caller]
pub fn passes(rule: &crate::Rule, report: &Report) {
    let found = run(rule, report, None);
    assert!(found.is_empty(), "{} found {found:?}", rule.code);
}

/// The findings of a rule on a report, asserted to be `count`.
#[track_caller]
pub fn fails(rule: &crate::Rule, report: &Report, count: usize) -> Vec<crate::Finding> {
    let found = run(rule, report, None);
    assert_eq!(found.len(), count, "{} found {found:?}", rule.code);
    found
}
