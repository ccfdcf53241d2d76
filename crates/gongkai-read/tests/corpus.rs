//! Every fixture's expected cells, agency, year and template, read by gongkai-read.

mod common;

use common::{fixtures, shared_corpus, shared_unread, workspace};
use gongkai_core::Value;
use serde_json::Value as Json;
use std::path::Path;

fn check(expected: &Path, input: &Path) -> Vec<String> {
    let exp: Json = serde_json::from_str(&std::fs::read_to_string(expected).unwrap()).unwrap();
    let bytes = std::fs::read(input).unwrap();
    let report = match gongkai_read::read(&input.display().to_string(), &bytes) {
        Ok(r) => r,
        Err(e) => return vec![e.to_string()],
    };
    let mut wrong = Vec::new();
    let agency = report.agency.clone().unwrap_or_default();
    let exp_agency = exp["agency"].as_str().unwrap();
    if agency.is_empty() || !(agency.contains(exp_agency) || exp_agency.contains(&agency)) {
        wrong.push(format!("agency {agency:?} != {exp_agency:?}"));
    }
    if report.year != exp["year"].as_i64().map(|y| y as i32) {
        wrong.push(format!("year {:?} != {}", report.year, exp["year"]));
    }
    if report.template.as_str() != exp["template"].as_str().unwrap() {
        wrong.push(format!(
            "template {} != {}",
            report.template, exp["template"]
        ));
    }
    for (key, want) in exp["cells"].as_object().unwrap() {
        let got = report.value(key).and_then(Value::number);
        let same = match (want.as_f64(), got) {
            (None, None) => true,
            (Some(w), Some(g)) => (w - g.to_f64()).abs() < 1e-9,
            _ => false,
        };
        if !same {
            wrong.push(format!(
                "{key}: expected {want}, got {:?}",
                got.map(|n| n.to_string())
            ));
        }
    }
    wrong
}

fn check_all(dir: &Path) -> usize {
    let mut checked = 0;
    let mut failures = Vec::new();
    for (expected, input) in fixtures(dir) {
        let wrong = check(&expected, &input);
        if !wrong.is_empty() {
            failures.push(format!("{}:\n  {}", input.display(), wrong.join("\n  ")));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    checked
}

#[test]
fn shared_corpus_fixtures_in_every_format() {
    let Some(dir) = shared_corpus() else { return };
    let n = check_all(&dir);
    // The five seeds, hongze in text and PDF, and the ten Pingtan pages at least.
    assert!(n >= 17, "only {n} fixtures found in {}", dir.display());
}

/// The crawler texts and the PDF→Markdown conversion of ../shared/unread: cells glued with no
/// separator, digits run into labels, number rows floating apart from their labels.
#[test]
fn shared_unread_fixtures() {
    let Some(dir) = shared_unread() else { return };
    let n = check_all(&dir);
    assert!(n >= 3, "only {n} fixtures found in {}", dir.display());
}

#[test]
fn shipped_example() {
    assert_eq!(check_all(&workspace().join("examples")), 1);
}

#[test]
fn findings_can_point_at_the_page_or_the_line() {
    let Some(dir) = shared_corpus() else { return };
    let pdf = dir.join("real/hongze-2023.pdf");
    let report = gongkai_read::read("hongze-2023.pdf", &std::fs::read(pdf).unwrap()).unwrap();
    let total = report.cell("t4.review.total").unwrap().at.unwrap();
    assert_eq!(total.page, Some(4));
    assert!(total.bbox.is_some());
    let html = dir.join("real/pingtan-2024.html");
    let bytes = std::fs::read(&html).unwrap();
    let reading = gongkai_read::read_with("p.html", &bytes, &Default::default()).unwrap();
    let total = reading.report.cell("t3.new.total").unwrap();
    let at = total.at.unwrap();
    // A web page's places are in the page as a reader sees it: the table, row and column, and
    // the row's text for the excerpt, never markup.
    assert!(at.cell.is_some(), "{at:?}");
    let line = &reading.lines[at.line as usize - 1];
    assert!(line.starts_with("一、本年新收"), "{line}");
    assert!(!line.contains('<'), "{line}");
    let printed: String = line
        .chars()
        .skip(at.column as usize - 1)
        .take((at.end_column - at.column) as usize)
        .collect();
    assert_eq!(printed, total.raw);
}

/// A report reads back from its JSON as it was: values as printed (`7730.2800`, `/`), where
/// each was printed, sections and notes. The store keeps reports so.
#[test]
fn every_fixture_reads_back_from_its_json() {
    let Some(dir) = shared_corpus() else { return };
    for (_, input) in fixtures(&dir) {
        let report = gongkai_read::read(
            &input.display().to_string(),
            &std::fs::read(&input).unwrap(),
        )
        .unwrap();
        let json = serde_json::to_string(&report).unwrap();
        let back: gongkai_core::Report =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{}: {e}", input.display()));
        assert_eq!(
            serde_json::to_string(&back).unwrap(),
            json,
            "{}",
            input.display()
        );
        for (a, b) in report.cells.iter().zip(&back.cells) {
            assert_eq!((&a.key, a.printed, a.at), (&b.key, b.printed, b.at));
        }
    }
}
