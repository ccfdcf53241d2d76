//! Generated reports in every publishing form (tools/forms): reports with known answers, made
//! anew by the generator on every run, and read back.
//!
//! - No cell is wrong without being listed as uncertain (a silent misreading), in any form.
//! - No consistent report gets an arithmetic error, in any form: gongkai never blames a report
//!   for its own misreading.
//! - A report with a deliberate arithmetic error gets errors only of the rules its manifest
//!   lists.
//!
//! The text forms need only Python. The PDF forms and their `pdftotext -layout` need
//! LibreOffice, Chromium and poppler: they run where those are installed (`.ci/run` installs
//! them and sets GONGKAI_REQUIRE_SOFFICE=1, which makes their absence a failure).
//! GONGKAI_FORMS_COUNT sets how many reports each form gets.

use gongkai_check::{check, Selection, Severity};
use gongkai_core::Value;
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn count(default: usize) -> usize {
    std::env::var("GONGKAI_FORMS_COUNT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs the generator into a fresh folder and returns it.
fn generate(name: &str, forms: &str, count: usize) -> PathBuf {
    let out = std::env::temp_dir().join(format!("gongkai-forms-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let status = Command::new("python3")
        .arg(workspace().join("tools/forms/make.py"))
        .args([
            "--count",
            &count.to_string(),
            "--seed",
            name,
            "--forms",
            forms,
        ])
        .arg("--out")
        .arg(&out)
        .status()
        .expect("python3 runs tools/forms/make.py");
    assert!(status.success(), "tools/forms/make.py failed");
    out
}

#[derive(Default, Debug)]
struct Tally {
    reports: usize,
    passed: usize,
    cells: usize,
    right: usize,
    uncertain_wrong: usize,
    silent: Vec<String>,
    false_errors: Vec<String>,
    errors_found: usize,
    errors_planted: usize,
}

fn same(want: &Json, got: Option<Value>) -> bool {
    let got = got.and_then(Value::number).map(|n| n.to_f64());
    match (want.as_f64(), got) {
        (None, None) => true,
        (Some(w), Some(g)) => (w - g).abs() < 1e-9,
        _ => false,
    }
}

fn read_form(dir: &Path, manifest: &Json) -> Tally {
    let broken: BTreeMap<String, HashSet<String>> = manifest["reports"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["consistent"] == false)
        .map(|r| {
            let rules = r["broken"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|b| b["rule"].as_str().map(str::to_string))
                .collect();
            (r["name"].as_str().unwrap().to_string(), rules)
        })
        .collect();
    let mut t = Tally::default();
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    inputs.sort();
    for input in inputs {
        let name = input.file_stem().unwrap().to_string_lossy().to_string();
        let expected: Json = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{name}.expected.json"))).unwrap(),
        )
        .unwrap();
        let shown = input.display().to_string();
        let report = gongkai_read::read(&shown, &std::fs::read(&input).unwrap())
            .unwrap_or_else(|e| panic!("{e}"));
        t.reports += 1;
        let doubted: HashSet<&str> = report.uncertain().into_iter().collect();
        let mut all_right = true;
        for (key, want) in expected["cells"].as_object().unwrap() {
            t.cells += 1;
            if same(want, report.value(key)) {
                t.right += 1;
            } else if doubted.contains(key.as_str()) {
                t.uncertain_wrong += 1;
                all_right = false;
            } else {
                all_right = false;
                t.silent.push(format!(
                    "{shown}: {key} expected {want}, read {:?}",
                    report.cell(key).map(|c| c.raw.as_str())
                ));
            }
        }
        t.passed += usize::from(all_right);
        let errors: Vec<&'static str> = check(&report, None, &Selection::default())
            .iter()
            .filter(|f| f.severity == Severity::Error && f.code.starts_with('A'))
            .map(|f| f.code)
            .collect();
        match broken.get(&name) {
            None => t.false_errors.extend(
                errors
                    .iter()
                    .map(|c| format!("{shown}: {c} on a consistent report")),
            ),
            Some(planted) => {
                t.errors_planted += 1;
                t.errors_found += usize::from(errors.iter().any(|c| planted.contains(*c)));
                t.false_errors.extend(
                    errors
                        .iter()
                        .filter(|c| !planted.contains(**c))
                        .map(|c| format!("{shown}: {c}, but the report breaks only {planted:?}")),
                );
            }
        }
    }
    t
}

fn run(name: &str, forms: &[&str], count: usize) {
    let out = generate(name, &forms.join(","), count);
    let manifest: Json =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let mut failures = Vec::new();
    for form in forms {
        let t = read_form(&out.join(form), &manifest);
        // The figures of each form, for the log (`cargo test -- --nocapture`).
        eprintln!(
            "{form}: {}/{} reports with every cell right; cells {}/{}; {} wrong cells marked \
             uncertain; {} silent; errors planted {} found {}",
            t.passed,
            t.reports,
            t.right,
            t.cells,
            t.uncertain_wrong,
            t.silent.len(),
            t.errors_planted,
            t.errors_found
        );
        failures.extend(t.silent);
        failures.extend(t.false_errors);
    }
    let _ = std::fs::remove_dir_all(&out);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn text_forms_read_without_silent_errors_or_false_accusations() {
    run("text", &["flat-glued", "flat-spaced", "pipes"], count(60));
}

#[test]
fn printed_forms_read_without_silent_errors_or_false_accusations() {
    let required = std::env::var_os("GONGKAI_REQUIRE_SOFFICE").is_some_and(|v| v == "1");
    let tools = ["soffice", "chromium", "pdftotext"];
    if let Some(missing) = tools.iter().find(|t| !have(t)) {
        assert!(!required, "{missing} is not installed");
        eprintln!("NOTE: {missing} is not installed; the printed forms are NOT checked");
        return;
    }
    run(
        "printed",
        &["lo-pdf", "chromium-pdf", "lo-layout", "chromium-layout"],
        count(12),
    );
}
