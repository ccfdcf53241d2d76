//! The `gongkai` binary end to end: formats, several files, stdin, encodings, errors.

mod common;

use common::cli::*;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

fn expected_cells() -> Value {
    let p = example_path().with_file_name("qingshan-2023.expected.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn temp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gongkai-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn cells_format_is_the_cells_md_contract() {
    let o = run(&["parse", "--format", "cells", &example()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let got: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let want = expected_cells();
    assert_eq!(got["agency"], want["agency"]);
    assert_eq!(got["year"], want["year"]);
    assert_eq!(got["template"], "2021");
    assert_eq!(got["cells"], want["cells"]);
    assert_eq!(got.as_object().unwrap().len(), 4);
}

#[test]
fn json_format_is_the_model_with_provenance() {
    let o = run(&["parse", "--format", "json", &example()]);
    assert!(o.status.success());
    let m: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(m["model_version"], 1);
    assert_eq!(m["sections"].as_array().unwrap().len(), 6);
    assert_eq!(m["sections"][0]["parts"].as_array().unwrap().len(), 5);
    let cell = m["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "t2.fees.amount")
        .unwrap();
    assert_eq!(cell["value"], 36.5);
    assert_eq!(cell["raw"], "36.5");
    assert_eq!(cell["label"], "行政事业性收费");
    let line = cell["at"]["line"].as_u64().unwrap() as usize;
    let text = std::fs::read_to_string(example()).unwrap();
    assert!(text.lines().nth(line - 1).unwrap().contains("36.5"));
}

#[test]
fn several_files_give_one_line_each_in_order() {
    let copy = temp("copy.txt", &std::fs::read(example()).unwrap());
    let o = run(&[
        "parse",
        "--format",
        "cells",
        &example(),
        copy.to_str().unwrap(),
        &example(),
    ]);
    assert!(o.status.success());
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3);
    for l in lines {
        let v: Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["year"], 2023);
    }
}

#[test]
fn stdin_is_dash() {
    let bytes = std::fs::read(example()).unwrap();
    let o = run_stdin(&["parse", "--format", "cells", "-"], &bytes);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["cells"], expected_cells()["cells"]);
}

#[test]
fn table_format_aligns_cjk() {
    let o = run(&["parse", &example()]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.starts_with("青山县人民政府办公室  2023  模板 2021"));
    // Right-aligned numbers end in the same display column.
    let ends: Vec<usize> = out
        .lines()
        .filter(|l| l.contains("本年新收") || l.contains("（七）总计"))
        .map(unicode_width::UnicodeWidthStr::width)
        .collect();
    assert_eq!(ends.len(), 2);
    assert_eq!(ends[0], ends[1]);
}

#[test]
fn gbk_gb18030_and_utf16_inputs_read_the_same() {
    let text = std::fs::read_to_string(example()).unwrap();
    let want = expected_cells()["cells"].clone();
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let mut utf16le = vec![0xFF, 0xFE];
    let mut utf16be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        utf16le.extend_from_slice(&u.to_le_bytes());
        utf16be.extend_from_slice(&u.to_be_bytes());
    }
    let crlf = text.replace('\n', "\r\n");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(crlf.as_bytes());
    for (name, bytes) in [
        ("gbk.txt", gbk.to_vec()),
        ("utf16le.txt", utf16le),
        ("utf16be.txt", utf16be),
        ("bom-crlf.txt", bom),
    ] {
        let p = temp(name, &bytes);
        let o = run(&["parse", "--format", "cells", p.to_str().unwrap()]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(v["cells"], want, "{name}");
        assert_eq!(v["agency"], "青山县人民政府办公室", "{name}");
    }
}

fn assert_input_error(o: &Output, file: &str, words: &str) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    let err = stderr(o);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains(file), "names the file: {err}");
    assert!(err.contains(words), "says what is wrong ({words}): {err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn missing_file() {
    let o = run(&["parse", "/nonexistent/报告.txt"]);
    assert_input_error(&o, "/nonexistent/报告.txt", "文件不存在");
}

#[test]
fn folders_are_read_file_by_file() {
    let dir = fresh_dir("folder");
    let o = run(&["parse", dir.to_str().unwrap()]);
    assert_input_error(&o, dir.to_str().unwrap(), "中没有文件");
    std::fs::copy(example_path(), dir.join("a.txt")).unwrap();
    std::fs::create_dir(dir.join("more")).unwrap();
    std::fs::copy(example_path(), dir.join("more/b.txt")).unwrap();
    let o = run(&["parse", "--format", "cells", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 2);
}

#[test]
fn binary_data() {
    let p = temp("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0");
    let o = run(&["parse", p.to_str().unwrap()]);
    assert_input_error(&o, p.to_str().unwrap(), "二进制");
}

#[test]
fn broken_or_foreign_files_are_told_apart_by_content() {
    for (name, bytes, words) in [
        (
            "report.txt",
            b"%PDF-1.7\n%\xe2\xe3\n1 0 obj".to_vec(),
            "损坏",
        ),
        ("report.txt", b"PK\x03\x04\x14\0\x06\0".to_vec(), "损坏"),
        (
            "report.txt",
            "<!DOCTYPE html><html><body><p>关于召开会议的通知</p></body></html>"
                .as_bytes()
                .to_vec(),
            "没有找到统计表",
        ),
    ] {
        let p = temp(&format!("{words}-{name}"), &bytes);
        let o = run(&["parse", p.to_str().unwrap()]);
        assert_input_error(&o, p.to_str().unwrap(), words);
    }
}

#[test]
fn empty_file() {
    let p = temp("empty.txt", b"");
    let o = run(&["parse", p.to_str().unwrap()]);
    assert_input_error(&o, p.to_str().unwrap(), "空");
}

#[test]
fn no_table() {
    let p = temp(
        "letter.txt",
        "关于召开会议的通知\n各单位：定于下周一开会。\n".as_bytes(),
    );
    let o = run(&["parse", p.to_str().unwrap()]);
    assert_input_error(&o, p.to_str().unwrap(), "没有找到统计表");
    let o = run(&["--lang", "en", "parse", p.to_str().unwrap()]);
    assert_input_error(&o, p.to_str().unwrap(), "no statistical table");
}

#[test]
fn report_for_2018() {
    let text = std::fs::read_to_string(example())
        .unwrap()
        .replace("2023年度", "2018年度")
        .replace("2023年", "2018年");
    let p = temp("old.txt", text.as_bytes());
    let o = run(&["parse", p.to_str().unwrap()]);
    assert_input_error(&o, p.to_str().unwrap(), "2018");
}

#[test]
fn good_files_are_still_printed_when_one_fails() {
    let o = run(&["parse", "--format", "cells", "/nonexistent.txt", &example()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o).lines().count(), 1);
}

#[test]
fn partly_readable_report_lists_what_is_missing() {
    let text: String = std::fs::read_to_string(example())
        .unwrap()
        .lines()
        .filter(|l| {
            !l.contains("重复申请")
                && !l.starts_with("四、政府信息公开行政复议")
                && !l.starts_with("2\t1\t0\t1\t4")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let p = temp("partial.txt", text.as_bytes());
    let o = run(&["parse", "--format", "json", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let m: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let kinds: Vec<&str> = m["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"missing_row"), "{kinds:?}");
    assert!(kinds.contains(&"missing_section"), "{kinds:?}");
    let keys: Vec<&str> = m["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert!(!keys.contains(&"t3.not_processed.duplicate.total"));
    assert!(keys.contains(&"t3.not_processed.petition.total"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["parse"]).status.code(), Some(2));
    assert_eq!(
        run(&["parse", "--format", "xml", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(run(&["--help"]).status.code(), Some(0));
}

/// A 100 MB file is refused unread, with its real size, at the default limit of 50 MB.
#[test]
fn a_hundred_megabyte_file_is_refused_unread() {
    let path = std::env::temp_dir().join(format!("gongkai-100mb-{}.txt", std::process::id()));
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(100 << 20).unwrap(); // sparse: costs no disk
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["parse", path.to_str().unwrap()])
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("100.0 MB") && err.contains("50.0 MB"), "{err}");
}

/// Files of a few kilobytes that would expand past the reader's budgets are refused like any
/// unreadable file: exit 2, one line naming the file and the budget, the other files printed.
#[test]
fn files_over_a_reading_budget_are_refused_and_named() {
    let spans: String = (0..500)
        .map(|i| format!("<tr><td colspan=1000 rowspan=1000>{i}</td></tr>"))
        .collect();
    let page =
        format!("<html><body><p>二、主动公开政府信息情况</p><table>{spans}</table></body></html>");
    let html = temp("spans.html", page.as_bytes());
    let line = format!("二、主动公开政府信息情况\n{}", "规章 1 ".repeat(100_000));
    let text = temp("line.txt", line.as_bytes());
    let mut wide =
        String::from("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"XFD1\"><v>1</v></c></row>");
    for r in 2..=8 {
        wide.push_str(&format!("<row r=\"{r}\"><c r=\"A{r}\"><v>1</v></c></row>"));
    }
    let xlsx = temp("wide.xlsx", &common::workbook(&wide));
    for (path, zh, en) in [
        (&html, "单元格预算", "the cell budget"),
        (&text, "每行文字预算", "the budget per line"),
        (&xlsx, "单元格预算", "the cell budget"),
    ] {
        let file = path.to_str().unwrap();
        assert_input_error(&run(&["parse", file]), file, zh);
        assert_input_error(&run(&["--lang", "en", "parse", file]), file, en);
    }
    let o = run(&[
        "parse",
        "--format",
        "cells",
        html.to_str().unwrap(),
        &example(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o).lines().count(), 1);
}

#[test]
fn parse_check_and_import_read_cells_and_model_json() {
    // A real report with two printed errors (平潭 2020, A102).
    let ex =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real/pingtan-2020.html");
    let ex = ex.to_str().unwrap();
    let cells = run(&["parse", "--format", "cells", ex]);
    let model = run(&["parse", "--format", "json", ex]);
    let want_cells: Value = serde_json::from_slice(&cells.stdout).unwrap();
    let want = run(&["check", "--format", "json", ex]);
    let want: Value = serde_json::from_str(&stdout(&want)).unwrap();
    for (name, o) in [("c.json", &cells), ("m.json", &model)] {
        let p = temp(name, &o.stdout);
        let p = p.to_str().unwrap();
        // The same cells back.
        let again = run(&["parse", "--format", "cells", p]);
        assert!(again.status.success(), "{name}: {}", stderr(&again));
        let again: Value = serde_json::from_str(&stdout(&again)).unwrap();
        assert_eq!(again["cells"], want_cells["cells"], "{name}");
        // The same findings.
        let got = run(&["check", "--format", "json", p]);
        let got: Value = serde_json::from_str(&stdout(&got)).unwrap();
        let codes = |v: &Value| -> Vec<String> {
            v["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|f| f["code"].to_string())
                .collect()
        };
        assert_eq!(codes(&want).len(), 2);
        assert_eq!(codes(&got), codes(&want), "{name}");
    }
    // Imported as a report, named on the command line.
    let file = temp("m.json", &model.stdout);
    let db = format!("sqlite:{}", file.with_file_name("json-import.db").display());
    let o = import_in("en", &db, &[&file]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("1 imported"), "{}", stdout(&o));
}

/// What a package installs beside the binary is made by it: a manual page for gongkai and for
/// each command, in the language asked for, and the shells' completion scripts.
#[test]
fn manual_pages_and_completions_come_from_the_binary() {
    let dir = fresh_dir("man");
    let o = run(&["man", "-o", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let top = std::fs::read_to_string(dir.join("gongkai.1")).unwrap();
    assert!(top.contains(".TH gongkai"), "{top}");
    let check = std::fs::read_to_string(dir.join("gongkai-check.1")).unwrap();
    assert!(check.contains("核对报告"), "{check}");
    assert!(!check.contains(" / "), "one language: {check}");
    for shell in ["bash", "zsh", "fish"] {
        let o = run(&["completions", shell]);
        assert!(o.status.success(), "{shell}");
        assert!(stdout(&o).contains("check"), "{shell}");
    }
}

#[test]
fn import_keeps_the_publication_date_given() {
    let dir = fresh_dir("import-dates");
    let db = format!("sqlite:{}", dir.join("s.db").display());
    let report = dir.join("qingshan.txt");
    std::fs::copy(example_path(), &report).unwrap();
    let published = |organ: &str| -> Value {
        let o = run(&["show", "--db", &db, "--format", "json", organ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let r: Value = serde_json::from_str(&stdout(&o)).unwrap();
        serde_json::json!([r["published"], r["published_from"]])
    };
    let path = report.to_str().unwrap();
    let o = run(&["import", "--db", &db, "--published", "2024-02-05", path]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        published("青山县人民政府办公室"),
        serde_json::json!(["2024-02-05", "given"])
    );
    // Not a date; more than one file.
    let o = run(&["import", "--db", &db, "--published", "2024-02-30", path]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let dirname = dir.to_str().unwrap();
    let o = run(&[
        "import",
        "--db",
        &db,
        "--published",
        "2024-02-05",
        path,
        dirname,
    ]);
    assert!(stderr(&o).contains("--dates"), "{}", stderr(&o));
    // A CSV of dates, the file by its name.
    let text = std::fs::read_to_string(example_path()).unwrap();
    let other = dir.join("other.txt");
    std::fs::write(&other, text.replace("青山县人民政府办公室", "青山县财政局")).unwrap();
    let csv = dir.join("dates.csv");
    std::fs::write(&csv, "file,date\nother.txt,2024-01-10\n").unwrap();
    let o = run(&[
        "import",
        "--db",
        &db,
        "--dates",
        csv.to_str().unwrap(),
        other.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        published("青山县财政局"),
        serde_json::json!(["2024-01-10", "given"])
    );
    std::fs::write(&csv, "other.txt,1月10日\n").unwrap();
    let o = run(&[
        "import",
        "--db",
        &db,
        "--dates",
        csv.to_str().unwrap(),
        path,
    ]);
    assert!(stderr(&o).contains("第 1 行"), "{}", stderr(&o));
}
