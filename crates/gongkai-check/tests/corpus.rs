//! The acceptance of the rule catalogue on real reports: the seeds are clean, hongze's two
//! printed errors are found and nothing else is called an error, and every single-cell change
//! of tables 三 and 四 is caught.

use gongkai_check::{check, Finding, Selection, Severity};
use gongkai_core::template::TableId;
use gongkai_core::{Number, Report, Value};
use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("GONGKAI_NO_CORPUS").is_some_and(|v| v == "1") {
        eprintln!("NOTE: {} is absent; corpus checks NOT run", dir.display());
        return None;
    }
    panic!(
        "{} is absent: put ../shared beside the project root, or set GONGKAI_NO_CORPUS=1",
        dir.display()
    );
}

fn read(path: &Path) -> Report {
    let bytes = std::fs::read(path).unwrap();
    gongkai_read::read(&path.display().to_string(), &bytes).unwrap()
}

fn seeds() -> Vec<(PathBuf, Report)> {
    let Some(dir) = shared() else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files.into_iter().map(|p| (p.clone(), read(&p))).collect()
}

fn errors(findings: &[Finding]) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

#[test]
fn seeds_have_no_error_and_no_arithmetic_narrative_or_year_warning() {
    for (path, report) in seeds() {
        let findings = check(&report, None, &Selection::default());
        assert!(
            errors(&findings).is_empty(),
            "{}: {findings:#?}",
            path.display()
        );
        for f in &findings {
            assert!(
                !matches!(f.code.as_bytes()[0], b'A' | b'N' | b'Y'),
                "{}: {f:#?}",
                path.display()
            );
            // Every deviation says what the template has.
            let says = f.message.zh.contains("模板")
                || f.help.as_ref().is_some_and(|h| h.zh.contains("模板"));
            assert!(says, "{}: {f:#?}", path.display());
        }
    }
}

#[test]
fn seed_001_labels_are_reported_with_the_template_wording() {
    let Some((_, report)) = seeds()
        .into_iter()
        .find(|(p, _)| p.to_string_lossy().contains("001_"))
    else {
        return;
    };
    let findings = check(&report, None, &Selection::default());
    let t202: Vec<&str> = findings
        .iter()
        .filter(|f| f.code == "T202")
        .map(|f| f.message.zh.as_str())
        .collect();
    assert!(
        t202.iter()
            .any(|m| m.contains("社会组织") && m.contains("社会公益组织")),
        "{t202:?}"
    );
    assert!(
        t202.iter()
            .any(|m| m.contains("其他法律法规禁止公开") && m.contains("其他法律行政法规禁止公开")),
        "{t202:?}"
    );
}

#[test]
fn hongze_has_exactly_its_two_printed_errors() {
    let Some(dir) = shared() else { return };
    // The pdftotext layout and the PDF itself.
    for file in ["real/hongze-2023-layout.txt", "real/hongze-2023.pdf"] {
        hongze(&read(&dir.join(file)));
    }
}

fn hongze(report: &Report) {
    let findings = check(report, None, &Selection::default());
    let errors = errors(&findings);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    for (f, group, upheld) in [
        (errors[0], "review", "10"),
        (errors[1], "litigation_after_review", "5"),
    ] {
        assert_eq!(f.code, "A201");
        assert!(f.cells.contains(&format!("t4.{group}.total")), "{f:#?}");
        assert!(f.message.zh.contains(upheld), "{}", f.message.zh);
        assert!(f.message.zh.contains("但总计为 0"), "{}", f.message.zh);
        let at = f.at.expect("the total cell's place");
        assert_eq!(at.page, Some(4));
    }
}

fn plus_one(report: &Report, key: &str) -> Report {
    let mut r = report.clone();
    let cell = r.cells.iter_mut().find(|c| c.key == key).unwrap();
    let n = cell
        .printed
        .value
        .number()
        .and_then(|n| n.as_int())
        .unwrap();
    cell.printed.value = Value::Number(Number::parse(&(n + 1).to_string()).unwrap());
    r
}

#[test]
fn adding_one_to_any_cell_of_tables_three_and_four_is_an_error_naming_it() {
    let mut checked = 0;
    for (path, report) in seeds() {
        let template = report.template();
        for spec in template.cells().iter().filter(|c| c.table != TableId::T2) {
            if report.value(&spec.key).and_then(|v| v.number()).is_none() {
                continue;
            }
            let findings = check(&plus_one(&report, &spec.key), None, &Selection::default());
            assert!(
                errors(&findings)
                    .iter()
                    .any(|f| f.cells.contains(&spec.key)),
                "{}: +1 on {} went unnoticed: {findings:#?}",
                path.display(),
                spec.key
            );
            checked += 1;
        }
    }
    if shared().is_some() {
        // 5 seeds × (175 cells of table 三 + 15 of table 四).
        assert_eq!(checked, 5 * 190);
    }
}
