//! `gongkai score`: the example pack applied to a store of two organs, one late and one
//! undated — the scores as text, one organ's evidence, JSON, CSV and a workbook of two sheets,
//! English, and a wrong pack said with its file and item and exit status 5.

mod common;

use common::cli::*;
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};

fn pack() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/packs/annual-report-2024.toml")
        .display()
        .to_string()
}

/// A store of the example report twice: 青山县人民政府办公室 published late (T501), and 青山县
/// 财政局 with no date.
fn store(dir: &Path) -> String {
    let db = format!("sqlite:{}", dir.join("s.db").display());
    let text = std::fs::read_to_string(example_path()).unwrap();
    let office = dir.join("office.txt");
    let finance = dir.join("finance.txt");
    std::fs::write(&office, &text).unwrap();
    std::fs::write(
        &finance,
        text.replace("青山县人民政府办公室", "青山县财政局"),
    )
    .unwrap();
    let (office, finance) = (office.display().to_string(), finance.display().to_string());
    ok(&["import", &office, "--published", "2024-02-05", "--db", &db]);
    ok(&["import", &finance, "--db", &db]);
    db
}

fn score(db: &str, lang: &str, more: &[&str]) -> std::process::Output {
    let pack = pack();
    let mut args = vec![
        "--lang",
        lang,
        "score",
        "--db",
        db,
        "--pack",
        &pack,
        "--region",
        "青山县",
        "--year",
        "2023",
    ];
    args.extend(more);
    run(&args)
}

fn ok_score(db: &str, lang: &str, more: &[&str]) -> String {
    let o = score(db, lang, more);
    assert!(o.status.success(), "{more:?}: {}", stderr(&o));
    stdout(&o)
}

#[test]
fn scores_as_text_json_csv_and_a_workbook() {
    let dir = fresh_dir("score");
    let db = &store(&dir);

    let text = ok_score(db, "zh", &[]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "政府信息公开工作年度报告考评（示例） 2024.1：青山县 2023 年度报告，满分 10"
    );
    assert!(
        lines[1].starts_with("机关\t地方\t已公布\t总分（满分 10）\tpublished 公布年度报告（1）")
    );
    // Late: 0.5 off for on-time. Undated: 0.5 off for dated.
    assert!(
        lines[2].starts_with("青山县人民政府办公室\t青山县\t是\t9.5\t1\t0\t0.5\t"),
        "{text}"
    );
    assert!(
        lines[3].starts_with("青山县财政局\t青山县\t是\t9.5\t1\t0.5\t0\t"),
        "{text}"
    );
    assert_eq!(lines.len(), 4);

    let detail = ok_score(db, "zh", &["--organ", "青山县人民政府办公室"]);
    assert!(
        detail.contains("青山县人民政府办公室  9.5 / 10"),
        "{detail}"
    );
    assert!(
        detail.contains(
            "  on-time 按时公布  0 / 0.5  1 条问题\n    T501 2023 年度报告 2024年2月5日 才公布"
        ),
        "{detail}"
    );
    assert!(!detail.contains("青山县财政局"), "{detail}");
    let en = ok_score(db, "en", &["--organ", "青山县财政局"]);
    assert!(en.contains("  dated Publication date shown  0 / 0.5  not met\n    the report has no publication date"), "{en}");

    let json: Value = serde_json::from_str(&ok_score(db, "zh", &["--format", "json"])).unwrap();
    assert_eq!(json["pack"]["id"], "annual-report-example");
    assert_eq!(json["full"], 10.0);
    assert_eq!(json["organs"][0]["organ"], "青山县人民政府办公室");
    assert_eq!(json["organs"][0]["total"], 9.5);
    let late = &json["organs"][0]["items"][1];
    assert_eq!(late["id"], "on-time");
    assert_eq!(late["earned"], 0.0);
    assert_eq!(late["outcome"]["kind"], "findings");
    assert_eq!(late["evidence"][0]["code"], "T501");

    let csv = ok_score(db, "en", &["--format", "csv"]);
    assert!(
        csv.starts_with("\u{feff}organ,place,published,total (of 10),"),
        "{csv}"
    );
    assert!(
        csv.contains("\r\n青山县财政局,青山县,yes,9.5,1,0.5,0,"),
        "{csv}"
    );
    let csv = ok_score(db, "zh", &["--format", "csv", "--organ", "青山县财政局"]);
    assert!(
        csv.contains("青山县财政局,dated 标明发布日期,0,0.5,不符合,报告没有发布日期"),
        "{csv}"
    );

    let book = dir.join("scores.xlsx");
    let o = score(
        db,
        "zh",
        &["--format", "xlsx", "-o", book.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let sheets = sheets_of(&book);
    assert_eq!(sheets, ["得分", "证据"]);
    // Not written over without --force.
    let o = score(
        db,
        "zh",
        &["--format", "xlsx", "-o", book.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));

    let o = score(db, "zh", &["--organ", "青山县民政局"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("「青山县」没有「青山县民政局」这个机关"),
        "{}",
        stderr(&o)
    );
}

/// The names of a workbook's sheets.
fn sheets_of(path: &PathBuf) -> Vec<String> {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml.split("<sheet name=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

#[test]
fn a_wrong_pack_is_said_with_its_file_and_item() {
    let dir = fresh_dir("score-pack");
    let db = &store(&dir);
    let wrong = dir.join("wrong.toml");
    let text = std::fs::read_to_string(pack()).unwrap();
    std::fs::write(
        &wrong,
        text.replace("findings = [\"Y103\"]", "findings = [\"Y999\"]"),
    )
    .unwrap();
    let wrong = wrong.display().to_string();
    for (lang, said) in [
        (
            "zh",
            format!("gongkai: {wrong}：not-repeated：未知的规则代码「Y999」（见 gongkai rules）"),
        ),
        (
            "en",
            format!(
                "gongkai: {wrong}: item not-repeated: unknown rule code “Y999” (see gongkai rules)"
            ),
        ),
    ] {
        let o = run(&[
            "--lang",
            lang,
            "score",
            "--db",
            db,
            "--pack",
            &wrong,
            "--region",
            "青山县",
            "--year",
            "2023",
        ]);
        assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
        assert_eq!(stderr(&o).trim(), said);
        assert!(o.stdout.is_empty());
    }
    // No pack there: the file could not be read (2), not a wrong pack.
    let o = run(&[
        "score",
        "--db",
        db,
        "--pack",
        "no-such.toml",
        "--region",
        "青山县",
        "--year",
        "2023",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("无法读取 no-such.toml"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn serve_refuses_a_packs_folder_that_is_not_there() {
    let dir = fresh_dir("score-serve");
    let db = store(&dir);
    let missing = dir.join("no-packs");
    let o = run(&[
        "serve",
        "--db",
        &db,
        "--bind",
        "127.0.0.1:0",
        "--packs",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("规则包文件夹"), "{}", stderr(&o));
}
