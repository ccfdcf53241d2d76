//! `gongkai check`, `gongkai rules` and `--explain` end to end: output contract, exit codes,
//! selection, configuration, last year's report.

mod common;

use common::cli::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The example with one number of its 行政复议 row changed, so that A201 fails.
fn broken_example(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(example()).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("2\t1\t0\t1\t4"))
        .expect("the example's table 四 line");
    let broken = text.replace(line, &line.replacen("2\t1\t0\t1\t4", "2\t1\t0\t1\t5", 1));
    let p = dir.join("broken.txt");
    std::fs::write(&p, broken).unwrap();
    p
}

#[test]
fn a_clean_report_exits_zero_with_a_summary() {
    let o = run(&["check", &example()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("没有发现问题"), "{}", stdout(&o));
    let o = run(&["--lang", "en", "check", &example()]);
    assert!(stdout(&o).contains("no problems found"), "{}", stdout(&o));
}

#[test]
fn an_error_exits_one_with_a_diagnostic_and_an_excerpt() {
    let dir = fresh_dir("error");
    let file = broken_example(&dir);
    let o = run(&["check", "--color", "never", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("error[A201]"), "{out}");
    assert!(out.contains("但总计为 5"), "{out}");
    // The excerpt, with the total underlined: the fifth number of the line.
    let excerpt = out.lines().find(|l| l.contains("| 2 1 0 1 5")).expect(&out);
    let caret = out
        .lines()
        .find(|l| l.contains("^ t4.review.total = 5"))
        .expect(&out);
    let col = |s: &str, pat: &str| s.find(pat).unwrap();
    assert_eq!(col(caret, "^"), col(excerpt, "5"), "{out}");
    assert!(out.contains("1 个错误"), "{out}");
    assert!(!out.contains('\u{1b}'), "no colour off a terminal: {out}");
}

#[test]
fn json_is_the_rules_md_contract() {
    let dir = fresh_dir("json");
    let file = broken_example(&dir);
    let o = run(&[
        "check",
        "--format",
        "json",
        file.to_str().unwrap(),
        &example(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "one JSON object per file");
    let first = &lines[0];
    assert_eq!(first["agency"], "青山县人民政府办公室");
    assert_eq!(first["year"], 2023);
    let f = &first["findings"][0];
    assert_eq!(f["code"], "A201");
    assert_eq!(f["severity"], "error");
    assert!(f["message"].as_str().unwrap().contains("总计"));
    assert_eq!(f["cells"]["t4.review.total"], 5);
    assert_eq!(f["cells"]["t4.review.upheld"], 2);
    assert!(f["location"]["line"].as_u64().is_some());
    assert!(f["location"].as_object().unwrap().contains_key("page"));
    assert_eq!(lines[1]["findings"], Value::Array(vec![]));
}

#[test]
fn warnings_fail_only_when_denied() {
    let dir = fresh_dir("deny");
    let text = std::fs::read_to_string(example())
        .unwrap()
        .replace("五、存在的主要问题及改进情况", "五、存在问题及改进情况");
    let p = dir.join("variant.txt");
    std::fs::write(&p, text).unwrap();
    let o = run(&["check", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("warning[T102]"), "{}", stdout(&o));
    let o = run(&["check", "--deny", "warnings", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn select_and_ignore_choose_rules() {
    let dir = fresh_dir("select");
    let file = broken_example(&dir);
    let f = file.to_str().unwrap();
    let o = run(&["check", "--ignore", "A201", f]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = run(&["check", "--select", "T,V", f]);
    assert_eq!(o.status.code(), Some(0));
    let o = run(&["check", "--select", "a2", f]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&["check", "--select", "Q9", f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Q9"), "{}", stderr(&o));
}

#[test]
fn gongkai_toml_is_found_and_checked() {
    let dir = fresh_dir("config");
    let file = broken_example(&dir);
    std::fs::write(dir.join("gongkai.toml"), "[check]\nignore = [\"A2\"]\n").unwrap();
    let sub = dir.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    let o = run_in(&sub, &["check", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = run_in(&sub, &["check", "--isolated", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    std::fs::write(dir.join("gongkai.toml"), "[check]\nselekt = [\"A\"]\n").unwrap();
    let o = run_in(&sub, &["check", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("gongkai.toml"), "{}", stderr(&o));
}

#[test]
fn unreadable_input_exits_two() {
    let o = run(&["check", "/nonexistent/report.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/nonexistent/report.txt"));
    let o = run(&["check"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn every_rule_explains_itself() {
    let o = run(&["rules", "--format", "json"]);
    assert!(o.status.success());
    let rules: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rules.len(), 43);
    for rule in &rules {
        let code = rule["code"].as_str().unwrap();
        let o = run(&["check", "--explain", code]);
        assert!(o.status.success(), "{code}");
        let text = stdout(&o);
        assert!(text.starts_with(code), "{text}");
        for h in ["## 说明", "## 为什么重要", "## 示例", "## 修改"] {
            assert!(text.contains(h), "{code}: {h}");
        }
        let o = run(&["--lang", "en", "check", "--explain", &code.to_lowercase()]);
        assert!(stdout(&o).contains("## Why it matters"), "{code}");
    }
    let o = run(&["check", "--explain", "Z999"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["rules"]);
    assert!(stdout(&o).lines().count() == 43);
}

#[test]
fn previous_must_be_the_year_before() {
    let dir = fresh_dir("previous");
    let text = std::fs::read_to_string(example()).unwrap();
    let last = dir.join("last.txt");
    std::fs::write(&last, text.replace("2023", "2022")).unwrap();
    let o = run(&["check", "--previous", last.to_str().unwrap(), &example()]);
    assert!(o.status.code() != Some(2), "{}", stderr(&o));
    // Same text a year apart: table and prose repeat last year's.
    assert!(stdout(&o).contains("Y104"), "{}", stdout(&o));
    let o = run(&["check", "--previous", &example(), &example()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("2022"), "{}", stderr(&o));
    // Another organ's report of the year before is not this organ's.
    let other = dir.join("other.txt");
    std::fs::write(
        &other,
        text.replace("2023", "2022")
            .replace("青山县人民政府办公室", "青山县教育局"),
    )
    .unwrap();
    let o = run(&["check", "--previous", other.to_str().unwrap(), &example()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("「青山县教育局」的报告"),
        "{}",
        stderr(&o)
    );
    assert!(!stdout(&o).contains("Y10"), "{}", stdout(&o));
}

#[test]
fn the_shipped_draft_shows_one_finding_of_each_kind() {
    let draft =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/qingshan-2023-draft.txt");
    let o = run(&["check", "--format", "json", draft.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["N101", "T202", "A201"]);
}

#[test]
fn findings_on_a_pdf_name_the_page_and_box() {
    let pdf =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real/hongze-2023.pdf");
    if !pdf.exists() {
        assert!(
            std::env::var_os("GONGKAI_NO_CORPUS").is_some_and(|v| v == "1"),
            "{} is absent: put ../shared beside the project root, or set GONGKAI_NO_CORPUS=1",
            pdf.display()
        );
        return;
    }
    let o = run(&[
        "check",
        "--format",
        "json",
        "--select",
        "A",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let f = &v["findings"][0];
    assert_eq!(f["code"], "A201");
    assert_eq!(f["location"]["page"], 4);
    assert!(f["location"]["bbox"]["x"].as_f64().is_some(), "{f}");
    let o = run(&[
        "check",
        "--select",
        "A",
        "--color",
        "never",
        pdf.to_str().unwrap(),
    ]);
    // The page and the box on it, as a reader holding the PDF finds them.
    assert!(stdout(&o).contains("（第 4 页，距左 "), "{}", stdout(&o));
}

#[test]
fn file_names_cannot_fake_lines_on_a_terminal() {
    let dir = fresh_dir("names");
    let broken = broken_example(&dir);
    // A name with a line break, a fake location, a colour code and a right-to-left override.
    let hostile = dir.join("a\n  --> ok.txt:1:1 \u{1b}[32m\u{202e}txt.txt");
    std::fs::copy(&broken, &hostile).unwrap();
    let name = hostile.display().to_string();
    for format in ["human", "concise"] {
        let o = run(&["check", "--format", format, &name]);
        let out = stdout(&o);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{202e}'),
            "{out}"
        );
        assert!(!out.lines().any(|l| l.starts_with("  --> ok.txt")), "{out}");
        assert!(out.contains("a\\u{a}  --> ok.txt:1:1"), "{out}");
    }
    // The reader's own errors too.
    std::fs::write(&hostile, b"").unwrap();
    let o = run(&["check", &name]);
    let err = stderr(&o);
    assert!(
        !err.contains('\u{1b}') && err.lines().count() == 1,
        "{err:?} {:?}",
        o.status
    );
}

/// The example (青山县人民政府办公室, 2023) with the page's publication date.
fn dated_example(dir: &Path, date: &str) -> PathBuf {
    let text = std::fs::read_to_string(example()).unwrap();
    let (title, rest) = text.split_once("工作年度报告\n").unwrap();
    let p = dir.join(format!("dated-{date}.txt"));
    std::fs::write(&p, format!("{title}工作年度报告\n发布日期：{date}\n{rest}")).unwrap();
    p
}

#[test]
fn late_publication_by_the_law_or_by_a_places_deadlines() {
    let dir = fresh_dir("deadlines");
    let on_time = dated_example(&dir, "2024-01-25");
    let late = dated_example(&dir, "2024-02-05");
    let check = |args: &[&str]| {
        let mut all = vec![
            "--lang", "en", "check", "--format", "concise", "--select", "T5",
        ];
        all.extend(args);
        stdout(&run(&all))
    };
    assert!(!check(&[on_time.to_str().unwrap()]).contains("T501"));
    let out = check(&[late.to_str().unwrap()]);
    assert!(out.contains("T501") && out.contains("5 days"), "{out}");
    // 青山县 has its offices publish by 20 January.
    let csv = dir.join("deadlines.csv");
    std::fs::write(&csv, "place,kind,due\n青山县,office,01-20\n").unwrap();
    let out = check(&[
        "--deadlines",
        csv.to_str().unwrap(),
        on_time.to_str().unwrap(),
    ]);
    assert!(
        out.contains("T501") && out.contains("as 青山县 sets it"),
        "{out}"
    );
    std::fs::write(&csv, "青山县,office\n").unwrap();
    let o = run(&["check", "--deadlines", csv.to_str().unwrap(), &example()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("第 1 行"), "{}", stderr(&o));
}
