//! `gongkai render`, `new` and `synth` end to end: the formats, the fill-in workflow, text that
//! must stay inert, and a DOCX turned into a PDF by LibreOffice read back to the same cells.

mod common;

use common::cli::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn cells(file: &str) -> Value {
    let o = ok(&["parse", "--format", "cells", file]);
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn every_format_reads_back_to_the_same_cells() {
    let d = fresh_dir("formats");
    let want = cells(&example());
    for to in ["docx", "xlsx", "html", "md"] {
        let out = d.join(format!("q.{to}"));
        render_to(&example_path(), to, &out);
        assert_eq!(cells(out.to_str().unwrap()), want, "{to}");
    }
    // From the model JSON, sections and all.
    let model = d.join("q.model.json");
    std::fs::write(
        &model,
        ok(&["parse", "--format", "json", &example()]).stdout,
    )
    .unwrap();
    let out = d.join("from-model.html");
    render_to(&model, "html", &out);
    assert_eq!(cells(out.to_str().unwrap()), want);
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(
        page.contains("一是部分单位政策解读形式单一"),
        "the sections' text is there"
    );
    // From the cells JSON too.
    let json = d.join("q.json");
    std::fs::write(&json, serde_json::to_vec(&want).unwrap()).unwrap();
    let out = d.join("from-json.docx");
    render_to(&json, "docx", &out);
    assert_eq!(cells(out.to_str().unwrap()), want);
}

#[test]
fn csv_is_long_format_with_a_bom() {
    let o = ok(&["render", &example(), "--to", "csv"]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.starts_with("\u{feff}agency,year,key,label,value\r\n"));
    assert!(text.contains("青山县人民政府办公室,2023,t3.new.total,"));
    assert_eq!(text.lines().count(), 201);
}

#[test]
fn text_stays_text() {
    let d = fresh_dir("inert");
    let report = r#"{"agency":"=cmd|' /C calc'!A0","year":2022,"template":"2021",
        "title":"=cmd|' /C calc'!A0",
        "sections":[{"number":5,"heading":"五、存在的主要问题及改进情况","body":"<script>alert(1)</script> 与 =HYPERLINK(\"x\")"}],
        "cells":{"t3.new.total":1}}"#;
    let json = d.join("evil.json");
    std::fs::write(&json, report).unwrap();
    let html =
        String::from_utf8(ok(&["render", json.to_str().unwrap(), "--to", "html"]).stdout).unwrap();
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let csv =
        String::from_utf8(ok(&["render", json.to_str().unwrap(), "--to", "csv"]).stdout).unwrap();
    assert!(csv.contains("\n'=cmd|' /C calc'!A0,2022,"), "{csv}");
    let xlsx = d.join("evil.xlsx");
    render_to(&json, "xlsx", &xlsx);
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    // The only formulas are the SUMs of totals; the agency and the text are strings.
    for f in sheet.split("<f>").skip(1) {
        assert!(f.starts_with("SUM("), "{f}");
    }
    let mut strings = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/sharedStrings.xml").unwrap(),
        &mut strings,
    )
    .unwrap();
    assert!(
        strings.contains("=cmd|"),
        "the agency is a string: {strings}"
    );
}

#[test]
fn a_fill_in_form_is_checked_and_rendered() {
    let d = fresh_dir("form");
    let form = d.join("form.xlsx");
    // Another organ's report, or another year's, carries nothing over: it is refused.
    for (agency, year) in [("青山县教育局", "2024"), ("青山县人民政府办公室", "2025")]
    {
        let o = run(&[
            "new",
            "--agency",
            agency,
            "--year",
            year,
            "--previous",
            &example(),
            "-o",
            form.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{agency} {year}");
        assert!(stderr(&o).contains("qingshan-2023.txt"), "{}", stderr(&o));
        assert!(!form.exists());
    }
    ok(&[
        "new",
        "--agency",
        "青山县政府办公室",
        "--year",
        "2024",
        "--previous",
        &example(),
        "-o",
        form.to_str().unwrap(),
    ]);
    let got = cells(form.to_str().unwrap());
    assert_eq!(got["agency"], "青山县政府办公室");
    assert_eq!(got["year"], 2024);
    // Last year's carry-forward is this year's carry-over; the rest awaits the clerk.
    let last = cells(&example());
    for col in ["natural", "business", "total"] {
        assert_eq!(
            got["cells"][format!("t3.carried_over.{col}")],
            last["cells"][format!("t3.carried_forward.{col}")]
        );
    }
    assert!(got["cells"]["t3.new.natural"].is_null());
    // A blank row's cells are placed in its own row of the sheet, not in the rows after it.
    let model: Value =
        serde_json::from_slice(&ok(&["parse", "--format", "json", form.to_str().unwrap()]).stdout)
            .unwrap();
    let row_of = |key: &str| {
        model["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["key"] == key)
            .and_then(|c| c["at"]["cell"]["row"].as_u64())
            .unwrap_or_else(|| panic!("{key} has no place"))
    };
    let regulation = row_of("t2.regulation.issued");
    for key in [
        "t2.normative.issued",
        "t2.normative.repealed",
        "t2.normative.in_force",
    ] {
        assert_eq!(row_of(key), regulation + 1, "{key}");
    }
    let o = run(&["check", "--format", "json", form.to_str().unwrap()]);
    assert_ne!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let docx = d.join("form.docx");
    render_to(&form, "docx", &docx);
    assert_eq!(cells(docx.to_str().unwrap())["cells"], got["cells"]);
}

#[test]
fn synthetic_reports_come_with_their_expected_cells() {
    // Seven reports of seed 5.
    let seven = |out: &Path| {
        ok(&[
            "synth",
            "--count",
            "7",
            "--seed",
            "5",
            "--out",
            out.to_str().unwrap(),
        ])
    };
    let d = fresh_dir("synth");
    seven(&d);
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    inputs.sort();
    assert_eq!(inputs.len(), 7);
    for input in inputs {
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        let stem = &name[..name.find('.').unwrap()];
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(d.join(format!("{stem}.expected.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(cells(input.to_str().unwrap()), expected, "{name}");
    }
    // The same seed gives the same reports.
    let again = fresh_dir("synth-again");
    seven(&again);
    let a = std::fs::read(d.join("synth-000003.md")).unwrap();
    assert_eq!(a, std::fs::read(again.join("synth-000003.md")).unwrap());
}

/// A filled-in form is never lost to a command run again: an existing output is replaced only
/// with --force, and a name that says another format is refused before anything is written.
#[test]
fn outputs_are_replaced_only_when_forced_and_named_for_their_format() {
    let d = fresh_dir("force");
    let keep = d.join("keep.xlsx");
    std::fs::write(&keep, b"filled in").unwrap();
    let form = |force: &[&str]| {
        let args = [
            "new",
            "--agency",
            "青山县教育局",
            "--year",
            "2024",
            "-o",
            keep.to_str().unwrap(),
        ];
        run(&[&args[..], force].concat())
    };
    let o = form(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("keep.xlsx；要覆盖它请加 --force"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&keep).unwrap(), b"filled in");
    let o = run(&[
        "render",
        &example(),
        "--to",
        "docx",
        "-o",
        keep.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("扩展名应为 .docx"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&keep).unwrap(), b"filled in");
    assert!(form(&["--force"]).status.success());
    assert_ne!(std::fs::read(&keep).unwrap(), b"filled in");
    // Nothing is left beside it.
    let names: Vec<_> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn bad_input_and_usage() {
    let d = fresh_dir("bad");
    let json = d.join("x.json");
    std::fs::write(&json, b"{\"hello\": 1}").unwrap();
    let o = run(&["render", json.to_str().unwrap(), "--to", "html"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("x.json"));
    let o = run(&["render", "-", "--to", "docx"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&[
        "new",
        "--agency",
        "某局",
        "--year",
        "2015",
        "-o",
        d.join("f.xlsx").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

/// A seed's cells → DOCX → LibreOffice's PDF → gongkai parse: the seed's cells. LibreOffice is
/// a test tool only (.ci/run installs it and sets GONGKAI_REQUIRE_SOFFICE=1).
#[test]
fn docx_printed_to_pdf_by_libreoffice_reads_back() {
    if !soffice_installed("the LibreOffice round trip") {
        return;
    }
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds");
    if !corpus.exists() {
        assert!(
            std::env::var_os("GONGKAI_NO_CORPUS").is_some(),
            "{} is absent",
            corpus.display()
        );
        return;
    }
    let d = fresh_dir("soffice");
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    seeds.sort();
    assert_eq!(seeds.len(), 5);
    for (i, seed) in seeds.iter().enumerate() {
        let want: Value = serde_json::from_str(&std::fs::read_to_string(seed).unwrap()).unwrap();
        let docx = d.join(format!("seed{i}.docx"));
        render_to(seed, "docx", &docx);
        to_pdf(&docx, &d);
        let got = cells(d.join(format!("seed{i}.pdf")).to_str().unwrap());
        assert_eq!(got["agency"], want["agency"], "{}", seed.display());
        assert_eq!(got["year"], want["year"], "{}", seed.display());
        assert_eq!(got["cells"], want["cells"], "{}", seed.display());
    }
}

/// The example as a clerk would print it: DOCX → LibreOffice's PDF → the first pages as PNG
/// pictures (their paths are printed, to be looked at), with table 三's heading rows printed
/// again on the page it runs on to.
#[test]
fn docx_prints_as_pages_to_look_at() {
    if !soffice_installed("the printed pages") {
        return;
    }
    if Command::new("pdftoppm").arg("-v").output().is_err() {
        eprintln!("NOTE: pdftoppm (poppler) not found; the printed pages were NOT made");
        return;
    }
    let d = fresh_dir("pages");
    let docx = d.join("qingshan-2023.docx");
    render_to(&example_path(), "docx", &docx);
    let pdf = to_pdf(&docx, &d);
    let o = Command::new("pdftoppm")
        .args(["-r", "80", "-f", "1", "-l", "4", "-png"])
        .arg(&pdf)
        .arg(d.join("page"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 3, "{pages:?}");
    for page in &pages {
        eprintln!("page: {}", page.display());
    }
    let text = |page: usize| {
        let o = Command::new("pdftotext")
            .args(["-f", &page.to_string(), "-l", &page.to_string(), "-layout"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        stdout(&o)
    };
    let pages_with_heading = (1..=pages.len())
        .filter(|&p| text(p).contains("申请人情况"))
        .count();
    assert!(
        pages_with_heading >= 2,
        "table 三's heading is printed once"
    );
    // pdftotext spaces words apart by where they stand; compare without spaces.
    let first: String = text(1).chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        first.contains("2023年度政府信息公开工作年度报告"),
        "{first}"
    );
    assert!(first.contains("—1—"), "the page number: {first}");
}
