//! The corpus commands end to end on a SQLite store: import (idempotent), ls, show, rollup,
//! stats and export.

mod common;

use common::cli::*;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh folder with COUNT synthetic reports in `files/` and the address of a store beside
/// them.
fn synthesized(name: &str, count: &str, seed: &str) -> (PathBuf, PathBuf, String) {
    let d = fresh_dir(name);
    let files = d.join("files");
    let db = format!("sqlite:{}", d.join("g.db").display());
    synth(&files, count, seed);
    (d, files, db)
}

#[test]
fn import_list_show_rollup_export() {
    let (d, files, db) = synthesized("rollup", "21", "2");
    let o = run(&["import", "--db", &db, files.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let summary = String::from_utf8(o.stdout).unwrap();
    assert!(summary.contains("失败 0 份"), "{summary}");
    let o = import_in("en", &db, &[&files]);
    assert!(String::from_utf8(o.stdout)
        .unwrap()
        .contains("0 imported, 21 unchanged"));

    let ls = String::from_utf8(run(&["ls", "--db", &db]).stdout).unwrap();
    // A header names the columns, then a report a line.
    assert_eq!(
        ls.lines().next(),
        Some("机关\t地区\t年度\t版本\t错误\t警告\t提示")
    );
    let first = ls.lines().nth(1).expect("a report");
    let fields: Vec<&str> = first.split('\t').collect();
    let (organ, place, year) = (fields[0], fields[1], fields[2]);
    // Another spelling of a government's name finds the same organ.
    let o = run(&[
        "show", "--db", &db, "--year", year, "--format", "cells", organ,
    ]);
    assert!(o.status.success());
    let shown: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(shown["agency"], organ);

    let o = run(&[
        "rollup", "--db", &db, "--year", year, "--format", "cells", place,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = String::from_utf8(run(&["export", "--db", &db]).stdout).unwrap();
    assert!(csv.starts_with("\u{feff}agency,year,key,value"));
    assert!(csv.lines().count() > 21 * 190);
    // The same totals per key in every export format.
    let mut from_csv: std::collections::BTreeMap<String, f64> = Default::default();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.rsplitn(3, ',').collect();
        *from_csv.entry(f[1].to_string()).or_default() += f[0].parse::<f64>().unwrap_or(0.0);
    }
    let json = String::from_utf8(run(&["export", "--db", &db, "--format", "json"]).stdout).unwrap();
    let mut from_json: std::collections::BTreeMap<String, f64> = Default::default();
    for line in json.lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        *from_json
            .entry(row["key"].as_str().unwrap().to_string())
            .or_default() += row["value"].as_f64().unwrap_or(0.0);
    }
    let export_to = |format: &str, out: &Path| {
        run(&[
            "export",
            "--db",
            &db,
            "--format",
            format,
            "-o",
            out.to_str().unwrap(),
        ])
    };
    let parquet = d.join("all.parquet");
    let o = export_to("parquet", &parquet);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let reader = parquet::file::serialized_reader::SerializedFileReader::new(
        std::fs::File::open(&parquet).unwrap(),
    )
    .unwrap();
    let mut from_parquet: std::collections::BTreeMap<String, f64> = Default::default();
    use parquet::record::RowAccessor;
    for row in parquet::file::reader::FileReader::get_row_iter(&reader, None).unwrap() {
        let row = row.unwrap();
        let key = row.get_string(2).unwrap().clone();
        *from_parquet.entry(key).or_default() += row.get_double(3).unwrap_or(0.0);
    }
    assert_eq!(from_csv.len(), from_parquet.len());
    for (k, v) in &from_csv {
        assert!(
            (from_json[k] - v).abs() < 1e-6 && (from_parquet[k] - v).abs() < 1e-6,
            "{k}"
        );
    }
    let o = run(&["export", "--db", &db, "--format", "parquet"]);
    assert_eq!(o.status.code(), Some(2), "a binary export needs -o");
    let xlsx = d.join("all.xlsx");
    let o = export_to("xlsx", &xlsx);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 10_000);
    let stats = String::from_utf8(run(&["stats", "--db", &db]).stdout).unwrap();
    assert!(stats.contains("公开率"));
    let by_organ = String::from_utf8(run(&["stats", "--db", &db, "--by", "organ"]).stdout).unwrap();
    assert!(by_organ.contains(organ), "{by_organ}");
    // Two years of one organ: the synthetic reports of an organ are its seven years.
    let o = run(&["compare", "--db", &db, organ, "--years", "2019,2020"]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("2019 年到 2020 年有"), "{text}");
    assert!(o.status.code() == Some(0) || o.status.code() == Some(1));
    // Across a gap the cells are compared, the rules across years are not: it is said.
    let o = run(&["compare", "--db", &db, organ, "--years", "2019,2021"]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("未运行跨年度规则（Y）"), "{text}");
    assert!(!text.contains("[error]") && !text.contains("Y10"), "{text}");
    // A mistyped store is named, not read as an empty one, and not made.
    let typo = d.join("g2.db");
    let typo_url = format!("sqlite:{}", typo.display());
    let example = example();
    for args in [vec!["ls"], vec!["check", &example]] {
        let o = run(&[args.as_slice(), &["--db", &typo_url]].concat());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("g2.db 不存在"), "{}", stderr(&o));
    }
    assert!(!typo.exists());
    let o = run(&["show", "--db", &db, "没有这个机关"]);
    assert_eq!(o.status.code(), Some(2));
    // A misspelt name is answered with the names it may have meant.
    let mut misspelt: Vec<char> = organ.chars().collect();
    *misspelt.last_mut().unwrap() = '厅';
    let misspelt: String = misspelt.into_iter().collect();
    let o = run(&["show", "--db", &db, &misspelt]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("是不是「{organ}」")),
        "{}",
        stderr(&o)
    );
}

/// An import killed with SIGKILL midway leaves a consistent store, and running it again
/// completes it: the store then equals one imported without interruption.
#[test]
fn an_import_killed_midway_completes_on_rerun() {
    let d = std::env::temp_dir().join(format!("gongkai-kill-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let files = d.join("files");
    synth(&files, "1500", "8");
    let whole = format!("sqlite:{}", d.join("whole.db").display());
    let killed = format!("sqlite:{}", d.join("killed.db").display());
    assert!(run(&["import", "--db", &whole, files.to_str().unwrap()])
        .status
        .success());

    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["import", "--db", &killed, files.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(d.join("import.err")).unwrap())
        .spawn()
        .unwrap();
    // Wait until part of it is in, then kill it without warning.
    let started = std::time::Instant::now();
    loop {
        let listed = run(&["ls", "--db", &killed]).stdout;
        if listed.iter().filter(|&&b| b == b'\n').count() >= 50 {
            break;
        }
        assert!(
            started.elapsed().as_secs() < 120,
            "the import never got going: {}",
            std::fs::read_to_string(d.join("import.err")).unwrap_or_default()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the import finished before it could be killed"
    );
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let partial = run(&["ls", "--db", &killed]);
    assert!(partial.status.success(), "the store opens after the kill");

    let o = run(&["import", "--db", &killed, files.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for args in [&["ls"][..], &["export", "--format", "json"][..]] {
        let a = run(&[args, &["--db", &whole][..]].concat()).stdout;
        let b = run(&[args, &["--db", &killed][..]].concat()).stdout;
        assert!(a == b, "{args:?} differs after the rerun");
    }
}

/// Twenty-one county bureaus whose figures are the shipped example's, the first with a
/// hundredfold number of requests: P101 notes it in the store, in `show`, and in `check --db`.
#[test]
fn outliers_among_peers_and_organs_that_have_not_filed() {
    let d = std::env::temp_dir().join(format!("gongkai-peers-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    let files = d.join("files");
    std::fs::create_dir_all(&files).unwrap();
    let db = format!("sqlite:{}", d.join("g.db").display());
    let example =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/qingshan-2023.txt");
    let o = run(&["parse", "--format", "cells", example.to_str().unwrap()]);
    let cells: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for i in 0..21 {
        let mut c = cells.clone();
        c["agency"] = format!("青山县第{i}局").into();
        if i == 0 {
            let n = c["cells"]["t3.new.total"].as_i64().unwrap();
            c["cells"]["t3.new.total"] = (n * 100 + 100).into();
        }
        let json = d.join(format!("{i}.json"));
        std::fs::write(&json, c.to_string()).unwrap();
        let md = files.join(format!("{i}.md"));
        render_to(&json, "md", &md);
    }
    let o = run(&["import", "--db", &db, files.to_str().unwrap()]);
    let summary = String::from_utf8(o.stdout).unwrap();
    assert!(summary.contains("重新比较了 1 组同级机关"), "{summary}");

    let ls = String::from_utf8(run(&["ls", "--db", &db]).stdout).unwrap();
    let infos = |organ: &str| -> u32 {
        let line = ls
            .lines()
            .find(|l| l.starts_with(&format!("{organ}\t")))
            .unwrap();
        line.split('\t').nth(6).unwrap().parse().unwrap()
    };
    // The outlier's one notice more than its peers.
    assert_eq!(infos("青山县第0局"), infos("青山县第1局") + 1, "{ls}");

    let o = run(&["show", "--db", &db, "青山县第0局"]);
    let shown = String::from_utf8(o.stdout).unwrap();
    assert!(shown.contains("P101 [info]"), "{shown}");

    let o = run(&[
        "check",
        "--db",
        &db,
        "--select",
        "P101",
        "--format",
        "json",
        files.join("0.md").to_str().unwrap(),
    ]);
    let checked: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let found = checked["findings"].as_array().unwrap();
    assert!(
        found
            .iter()
            .any(|f| f["code"] == "P101" && f["cells"]["t3.new.total"].is_number()),
        "{checked}"
    );
    assert!(
        found.iter().all(|f| f["location"]["line"].is_number()),
        "{checked}"
    );

    let o = run(&[
        "missing",
        "--db",
        &db,
        "--year",
        "2022",
        "--region",
        "青山县",
    ]);
    assert!(o.status.success());
    // The header, then the 21 organs.
    assert_eq!(String::from_utf8(o.stdout).unwrap().lines().count(), 22);
    let o = run(&["missing", "--db", &db, "--year", "2023"]);
    assert_eq!(String::from_utf8(o.stdout).unwrap().lines().count(), 1);
}

/// Two `gongkai import` processes into one SQLite file at once, of two folders with files in
/// common: both finish, neither refused "database is locked", and each file is stored once.
#[test]
fn two_imports_into_one_store_at_once_both_finish() {
    let d = std::env::temp_dir().join(format!("gongkai-two-imports-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    let (a, b) = (d.join("a"), d.join("b"));
    for (dir, seed) in [(&a, "31"), (&b, "32")] {
        synth(dir, "200", seed);
    }
    let db = format!("sqlite:{}", d.join("g.db").display());
    let imports: Vec<_> = [vec![&a], vec![&a, &b]]
        .into_iter()
        .map(|dirs| {
            Command::new(env!("CARGO_BIN_EXE_gongkai"))
                .args(["import", "--db", &db])
                .args(dirs)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in imports {
        let o = child.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(String::from_utf8(o.stdout).unwrap().contains("失败 0 份"));
    }
    let o = import_in("en", &db, &[&a, &b]);
    let summary = String::from_utf8(o.stdout).unwrap();
    assert!(summary.contains("0 imported, 400 unchanged"), "{summary}");
}

/// A workbook of one sheet holding only A1 and XFD1048576: read as a dense range, it asked
/// for 512 GiB and aborted every import of a folder holding it.
fn two_cells_far_apart() -> Vec<u8> {
    common::workbook(
        "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>\
         <row r=\"1048576\"><c r=\"XFD1048576\"><v>2</v></c></row>",
    )
}

/// A folder holding files that would expand past the reader's budgets, and the workbook that
/// aborted imports: each is named with what is wrong, the others are imported, and a rerun
/// does the same.
#[test]
fn an_import_names_the_files_over_a_budget_and_goes_on() {
    let (_, files, db) = synthesized("budget", "3", "4");
    let spans: String = (0..500)
        .map(|i| format!("<tr><td colspan=1000 rowspan=1000>{i}</td></tr>"))
        .collect();
    let page =
        format!("<html><body><p>二、主动公开政府信息情况</p><table>{spans}</table></body></html>");
    std::fs::write(files.join("spans.html"), page).unwrap();
    let line = format!("二、主动公开政府信息情况\n{}", "规章 1 ".repeat(100_000));
    std::fs::write(files.join("line.txt"), line).unwrap();
    std::fs::write(files.join("corner.xlsx"), two_cells_far_apart()).unwrap();
    for (round, imported) in [(1, 3), (2, 0)] {
        let o = run(&["import", "--db", &db, files.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "round {round}");
        let summary = String::from_utf8(o.stdout).unwrap();
        assert!(
            summary.contains(&format!("导入 {imported} 份")) && summary.contains("失败 3 份"),
            "round {round}: {summary}"
        );
        let err = String::from_utf8(o.stderr).unwrap();
        for (file, why) in [
            ("spans.html", "单元格预算"),
            ("line.txt", "每行文字预算"),
            ("corner.xlsx", "没有找到统计表"),
        ] {
            assert!(
                err.lines().any(|l| l.contains(file) && l.contains(why)),
                "round {round}: {err}"
            );
        }
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn show_prints_stored_findings_in_the_language_asked() {
    let d = fresh_dir("lang");
    let db = format!("sqlite:{}", d.join("g.db").display());
    // 平潭 2020 prints two sums that do not add up (A102).
    let report = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/real/pingtan-2020.html");
    let o = run(&["import", "--db", &db, report.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let show = |lang: &str| {
        let o = run(&[
            "--lang",
            lang,
            "show",
            "--db",
            &db,
            "--year",
            "2020",
            "平潭综合实验区",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let en = show("en");
    assert!(en.contains("findings stored with this report"), "{en}");
    assert!(en.contains("A102 [error] table 三"), "{en}");
    assert!(!en.contains("但（七）总计为"), "{en}");
    let zh = show("zh");
    assert!(zh.contains("A102 [error] 表三"), "{zh}");
}

/// `gongkai repeats` on a corpus with planted copies: the copier's sections with the share
/// planted and the source named, the passages beside their source for one organ, and the same
/// rows as JSON and CSV.
#[test]
fn repeats_name_the_share_and_the_source() {
    use gongkai_render::copies::{self, Plan};
    let d = fresh_dir("repeats");
    let files = d.join("files");
    std::fs::create_dir_all(&files).unwrap();
    let db = format!("sqlite:{}", d.join("g.db").display());
    let plan = Plan {
        organs: 12,
        from: 2022,
        years: 2,
        every: 3,
    };
    let corpus = copies::corpus(3, plan);
    for (i, r) in corpus.reports.iter().enumerate() {
        std::fs::write(
            files.join(format!("r{i:03}.json")),
            serde_json::to_string(r).unwrap(),
        )
        .unwrap();
    }
    ok(&["import", "--db", &db, files.to_str().unwrap()]);
    let planted = corpus
        .planted
        .iter()
        .find(|p| p.year == 2023 && p.source != p.organ)
        .expect("a copy from another organ in 2023");
    let list = stdout(&ok(&["repeats", "--db", &db, "--year", "2023"]));
    assert_eq!(
        list.lines().next(),
        Some("机关\t比较对象\t部分\t重复比例\t重复字数\t比较字数\t来源")
    );
    let heading = gongkai_core::template::SECTIONS[planted.section as usize - 1]
        .label
        .text;
    let row = list
        .lines()
        .find(|l| {
            l.starts_with(&format!(
                "{}\t同年度其他机关报告\t{heading}\t",
                planted.organ
            ))
        })
        .unwrap_or_else(|| panic!("{planted:?} in\n{list}"));
    let share: f64 = row
        .split('\t')
        .nth(3)
        .unwrap()
        .trim_end_matches('%')
        .parse()
        .unwrap();
    assert!(
        (share - planted.share * 100.0).abs() <= 2.0,
        "{row} {planted:?}"
    );
    assert!(row.ends_with(&planted.source), "{row}");

    // One organ: the passages, each beside its source.
    let one = stdout(&ok(&[
        "repeats",
        "--db",
        &db,
        "--year",
        "2023",
        "--organ",
        &planted.organ,
        "--from",
        "others",
    ]));
    assert!(one.contains("  本报告："), "{one}");
    assert!(
        one.contains(&format!("  {}（2023 年度）：", planted.source)),
        "{one}"
    );
    assert!(!one.contains("上年本机关报告"), "{one}");
    let en = stdout(&ok(&[
        "--lang",
        "en",
        "repeats",
        "--db",
        &db,
        "--year",
        "2023",
        "--organ",
        &planted.organ,
    ]));
    assert!(
        en.starts_with("organ\tcompared with\tsection\tshare"),
        "{en}"
    );
    assert!(en.contains("  this report:"), "{en}");

    let json = stdout(&ok(&[
        "repeats", "--db", &db, "--year", "2023", "--format", "json", "--from", "others",
    ]));
    let rows: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mine = rows
        .iter()
        .find(|r| r["organ"] == planted.organ.as_str() && r["section"] == planted.section)
        .unwrap();
    assert!((mine["share"].as_f64().unwrap() - planted.share).abs() <= 0.02);
    assert_eq!(mine["passages"][0]["organ"], planted.source.as_str());
    assert_eq!(mine["from"], "others");
    let csv = stdout(&ok(&[
        "repeats", "--db", &db, "--year", "2023", "--format", "csv",
    ]));
    assert!(csv.starts_with("\u{feff}organ,year,from,section,chars,repeated,share,sources\n"));
    assert_eq!(csv.lines().count(), list.lines().count());

    // An organ with no report that year is said so, with the names it may have meant.
    let o = run(&[
        "repeats",
        "--db",
        &db,
        "--year",
        "2023",
        "--organ",
        "无此机关",
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("数据库中没有「无此机关」2023 年度的报告"),
        "{}",
        stderr(&o)
    );
}
