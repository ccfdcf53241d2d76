//! `gongkai compare --to docx|html`: the comparison report of 平潭综合实验区 2023→2024 (the real
//! reports of the corpus) holds every cell of both years as their hand-verified answers have
//! them (NAME.expected.json), the change of each and the four rates; LibreOffice opens it and
//! prints its pages (PNG pictures in target/tmp/compare-pingtan/, to be looked at). And the
//! batch form: a region's organs, a document each and the summary workbook.

mod common;

use common::cli::*;
use gongkai_check::short_label;
use gongkai_core::{TableId, Template, Version};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

fn real(name: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/real")
        .join(name);
    if p.exists() {
        return Some(p);
    }
    assert!(
        std::env::var_os("GONGKAI_NO_CORPUS").is_some(),
        "{} is absent",
        p.display()
    );
    None
}

/// The hand-verified cells of a real report: key → number.
fn expected(name: &str) -> BTreeMap<String, f64> {
    let path = real(&format!("{name}.expected.json")).unwrap();
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json["cells"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_f64().expect("the fixtures' cells are numbers"),
            )
        })
        .collect()
}

fn part(docx: &Path, name: &str) -> String {
    let file = std::fs::File::open(docx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut out = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut out).unwrap();
    out
}

/// The text of every `<w:t>` in a piece of WordprocessingML, unescaped.
fn text(xml: &str) -> String {
    let mut out = String::new();
    for piece in xml.split("<w:t").skip(1) {
        // `<w:t>` or `<w:t xml:space…>`, not `<w:tbl>`, `<w:tc>`, `<w:tr>`.
        if !piece.starts_with(['>', ' ']) {
            continue;
        }
        let open = piece.find('>').unwrap();
        if piece[..open].ends_with('/') {
            continue;
        }
        let body = &piece[open + 1..];
        let end = body.find("</w:t>").unwrap();
        out += &body[..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
    }
    out
}

/// The document's tables: rows of cells' text.
fn tables(document: &str) -> Vec<Vec<Vec<String>>> {
    document
        .split("<w:tbl>")
        .skip(1)
        .map(|t| {
            let t = &t[..t.find("</w:tbl>").unwrap()];
            t.split("<w:tr>")
                .skip(1)
                .map(|r| r.split("<w:tc>").skip(1).map(text).collect())
                .collect()
        })
        .collect()
}

fn number(s: &str) -> f64 {
    s.parse()
        .unwrap_or_else(|_| panic!("{s:?} is not a number"))
}

/// `+12`, `-3`, `0` as the comparison prints a change, read back as a number.
fn change(s: &str) -> f64 {
    number(s.strip_prefix('+').unwrap_or(s))
}

/// The row and column labels a cell's line of the comparison shows, from the template.
fn labels(key: &str) -> (String, String) {
    let t = Template::get(Version::V2021);
    let spec = t.cell(key).unwrap();
    let row = short_label(spec.row.label.text);
    let row = match spec.row.group {
        Some(g) => {
            let group = t.table(spec.table).rows.iter().find(|r| r.id == g).unwrap();
            format!("{} {row}", short_label(group.label.text))
        }
        None => row.to_string(),
    };
    (row, short_label(spec.column.label.text).to_string())
}

/// Every cell of both years in its table, in template order, with its change; the rates as
/// the fixtures' cells give them.
fn assert_holds_both_years(document: &str) {
    let before = expected("pingtan-2023");
    let after = expected("pingtan-2024");
    let tables = tables(document);
    assert!(tables.len() >= 5, "the rates, tables 二, 三, 四, the text");
    assert_eq!(
        tables[0][0],
        ["指标", "2023年度", "2024年度", "变化（百分点）"]
    );
    let t = Template::get(Version::V2021);
    for (i, id) in [TableId::T2, TableId::T3, TableId::T4]
        .into_iter()
        .enumerate()
    {
        let rows = &tables[i + 1];
        assert_eq!(
            rows[0],
            ["项目", "栏目", "2023年度", "2024年度", "变化"][..]
                .iter()
                .enumerate()
                .map(|(k, h)| match (id, k) {
                    (TableId::T3 | TableId::T4, 0) => "行".to_string(),
                    (TableId::T3 | TableId::T4, 1) => "列".to_string(),
                    _ => h.to_string(),
                })
                .collect::<Vec<_>>()
        );
        let keys: Vec<&str> = t
            .cells()
            .iter()
            .filter(|s| s.table == id)
            .map(|s| s.key.as_str())
            .filter(|k| before.contains_key(*k) || after.contains_key(*k))
            .collect();
        assert_eq!(rows.len() - 1, keys.len(), "{id:?}: a line a cell");
        for (row, key) in rows[1..].iter().zip(&keys) {
            let (label, column) = labels(key);
            assert_eq!((&row[0], &row[1]), (&label, &column), "{key}");
            let (a, b) = (before[*key], after[*key]);
            assert!((number(&row[2]) - a).abs() < 1e-9, "{key} 2023: {row:?}");
            assert!((number(&row[3]) - b).abs() < 1e-9, "{key} 2024: {row:?}");
            assert!(
                (change(&row[4]) - (b - a)).abs() < 1e-6,
                "{key} change: {row:?}"
            );
            assert_eq!(row[4].starts_with('+'), b > a, "{key}: {row:?}");
        }
    }
    // The rates, from the fixtures' cells.
    let rate = |cells: &BTreeMap<String, f64>, counted: &[&str], of: &[&str]| {
        let sum = |keys: &[&str]| keys.iter().map(|k| cells[*k]).sum::<f64>();
        sum(counted) / sum(of)
    };
    let disclosure = |c: &BTreeMap<String, f64>| {
        rate(
            c,
            &["t3.granted.total", "t3.partial.total"],
            &["t3.results_total.total"],
        )
    };
    let correction = |c: &BTreeMap<String, f64>| {
        rate(
            c,
            &["t4.review.corrected"],
            &["t4.review.upheld", "t4.review.corrected", "t4.review.other"],
        )
    };
    let percent = |r: f64| format!("{:.1}%", r * 100.0);
    let line = |name: &str| tables[0].iter().find(|r| r[0] == name).unwrap().clone();
    for (name, f) in [
        (
            "公开率",
            &disclosure as &dyn Fn(&BTreeMap<String, f64>) -> f64,
        ),
        ("复议纠错率", &correction),
    ] {
        let row = line(name);
        assert_eq!(row[1], percent(f(&before)), "{name}");
        assert_eq!(row[2], percent(f(&after)), "{name}");
        let points = (f(&after) - f(&before)) * 100.0;
        assert_eq!(row[3], format!("{points:+.1}"), "{name}");
    }
    assert!(line("不予公开率")[1].ends_with('%') && line("败诉率")[2].ends_with('%'));
    // The text: each section's characters compared and repeated, and their share.
    let text = &tables[4];
    assert_eq!(text[0], ["部分", "比较字数", "重复字数", "重复比例"]);
    let sections: Vec<&str> = text[1..].iter().map(|r| r[0].as_str()).collect();
    let want: Vec<&str> = gongkai_core::template::SECTIONS
        .iter()
        .map(|s| s.label.text)
        .collect();
    assert_eq!(sections, want);
    for row in &text[1..] {
        let (chars, repeated) = (number(&row[1]), number(&row[2]));
        assert!(repeated <= chars, "{row:?}");
        if chars > 0.0 {
            assert_eq!(row[3], percent(repeated / chars), "{row:?}");
        } else {
            assert_eq!(row[3], "—");
        }
    }
    assert!(number(&text[1][1]) > 0.0, "section 一 has text to compare");
}

#[test]
fn the_pingtan_comparison_docx_holds_both_years_and_prints() {
    let (Some(a), Some(b)) = (real("pingtan-2023.html"), real("pingtan-2024.html")) else {
        return;
    };
    let d = fresh_dir("compare-docx");
    let db = format!("sqlite:{}", d.join("g.db").display());
    let o = import_in("zh", &db, &[&a, &b]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compare-pingtan");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let docx = out.join("pingtan-2023-2024.docx");
    let o = run(&[
        "compare",
        "--db",
        &db,
        "平潭综合实验区",
        "--years",
        "2023,2024",
        "--to",
        "docx",
        "-o",
        docx.to_str().unwrap(),
    ]);
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("已写入"), "{}", stderr(&o));
    let document = part(&docx, "word/document.xml");
    assert_holds_both_years(&document);
    assert!(text(&document).contains("平潭综合实验区2023—2024年度政府信息公开工作年度报告对比"));
    // The official-document styles of a report's DOCX.
    assert!(document.contains("<w:pStyle w:val=\"Title\"/>"));
    assert!(document.contains("<w:pStyle w:val=\"Heading1\"/>"));
    assert!(document.contains("<w:tblHeader/>"));
    assert!(part(&docx, "word/styles.xml").contains("w:eastAsia=\"仿宋_GB2312\""));
    // The findings of each year and across: 2024's table 二 does not carry on from 2023's.
    let said = text(&document);
    assert!(said.contains("五、检查发现的问题"), "{said}");
    assert!(said.contains("Y102（警告）"), "{said}");

    // Two files, no store: the same document.
    let direct = out.join("direct.docx");
    let o = run(&[
        "compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--to",
        "docx",
        "-o",
        direct.to_str().unwrap(),
    ]);
    assert!(direct.exists(), "{}", stderr(&o));
    assert_holds_both_years(&part(&direct, "word/document.xml"));
    // Written again only with --force.
    let o = run(&[
        "compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--to",
        "docx",
        "-o",
        direct.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));

    if !soffice_installed("the comparison's printed pages") {
        return;
    }
    let pdf = to_pdf(&docx, &out);
    let o = Command::new("pdftoppm")
        .args(["-png", "-r", "60"])
        .arg(&pdf)
        .arg(out.join("page"))
        .output()
        .expect("pdftoppm is installed beside soffice");
    assert!(o.status.success(), "{}", stderr(&o));
    let pages: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    assert!(!pages.is_empty(), "no page printed");
    for page in &pages {
        eprintln!("page: {}", page.display());
    }
    let o = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let printed: String = stdout(&o).chars().filter(|c| !c.is_whitespace()).collect();
    assert!(printed.contains("一、主要指标"), "{printed}");
    assert!(printed.contains("公开率"), "{printed}");
}

#[test]
fn the_comparison_page_holds_the_same_and_is_escaped() {
    let (Some(a), Some(b)) = (real("pingtan-2023.html"), real("pingtan-2024.html")) else {
        return;
    };
    let o = run(&[
        "compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--to",
        "html",
    ]);
    let page = stdout(&o);
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", stderr(&o));
    assert!(page.contains("<h1>平潭综合实验区2023—2024年度政府信息公开工作年度报告对比</h1>"));
    // 行政许可 4529 in 2024, 2629 in 2023.
    assert!(page.contains(
        "<td>行政许可</td><td>本年处理决定数量</td><td class=\"n\">2629</td><td class=\"n\">4529</td><td class=\"n\">+1900</td>"
    ), "{page}");
    assert!(!page.contains("<script"));
    let en = run(&[
        "--lang",
        "en",
        "compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--to",
        "html",
    ]);
    assert!(stdout(&en).contains("<th scope=\"col\">Change (points)</th>"));
    // The earlier year comes first.
    let o = run(&["compare", b.to_str().unwrap(), a.to_str().unwrap()]);
    assert!(
        stdout(&o).contains("未运行跨年度规则（Y）"),
        "{}",
        stdout(&o)
    );
    // A DOCX needs a file to be written to.
    let o = run(&[
        "compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--to",
        "docx",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("-o"), "{}", stderr(&o));
}

#[test]
fn a_regions_organs_are_compared_in_one_run() {
    let names = [
        "pingtan-2023.html",
        "pingtan-2024.html",
        "pingtan-xzspj-2023.html",
        "pingtan-xzspj-2024.html",
        "pingtan-jtj-2024.html",
    ];
    let Some(files) = names.iter().map(|n| real(n)).collect::<Option<Vec<_>>>() else {
        return;
    };
    let d = fresh_dir("compare-batch");
    let db = format!("sqlite:{}", d.join("g.db").display());
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    assert!(import_in("zh", &db, &paths).status.success());
    let out = d.join("out");
    let batch = |extra: &[&str]| {
        let mut args = vec![
            "compare",
            "--db",
            &db,
            "--region",
            "平潭综合实验区",
            "--years",
            "2023,2024",
            "--to",
            "docx",
            "--out-dir",
            out.to_str().unwrap(),
        ];
        args.extend(extra);
        run(&args)
    };
    let o = batch(&[]);
    // 行政审批局's 2024 report has an error: said by the exit status, as `check` does.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("已写入 2 份对比报告"), "{}", stderr(&o));
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    // 交通与建设局 has 2024 only: no comparison.
    assert_eq!(
        written,
        [
            "summary.xlsx",
            "平潭综合实验区.docx",
            "平潭综合实验区行政审批局.docx"
        ]
    );
    assert_holds_both_years(&part(&out.join("平潭综合实验区.docx"), "word/document.xml"));
    let strings = part(&out.join("summary.xlsx"), "xl/sharedStrings.xml");
    for s in [
        "机关",
        "公开率 2023",
        "公开率变化（百分点）",
        "变化的单元格",
        "平潭综合实验区行政审批局",
    ] {
        assert!(strings.contains(s), "{s}: {strings}");
    }
    // Run again: nothing replaced without --force, and it is said which file is there.
    let o = batch(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(batch(&["--force"]).status.code(), Some(1));
    // A region with no organ of both years is named.
    let o = run(&[
        "compare",
        "--db",
        &db,
        "--region",
        "江苏省",
        "--years",
        "2023,2024",
        "--to",
        "docx",
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("江苏省"), "{}", stderr(&o));
    // --region needs the folder.
    let o = run(&[
        "compare",
        "--db",
        &db,
        "--region",
        "平潭综合实验区",
        "--years",
        "2023,2024",
        "--to",
        "docx",
    ]);
    assert_eq!(o.status.code(), Some(2));
}
