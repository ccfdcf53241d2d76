//! `gongkai season`: a whole filing season scripted on a SQLite store — a season opened, its
//! organs named, the board as CSV and a workbook, a report with an arithmetic error refused, a
//! warning acknowledged, a return and an approval, the roll-up naming the organ still missing,
//! people given their places, and messages in English.

mod common;

use common::cli::*;
use serde_json::Value;
use std::path::Path;
use std::process::Output;

/// `gongkai [--lang LANG] season ARGS… --db DB`.
fn season(db: &str, lang: &str, args: &[&str]) -> Output {
    let mut all = vec!["--lang", lang, "season"];
    all.extend(args);
    all.extend(["--db", db]);
    run(&all)
}

/// A `season` command that must succeed: its standard output.
fn ok_season(db: &str, args: &[&str]) -> String {
    let o = season(db, "zh", args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn json_lines(s: &str) -> Vec<Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A store made for the test, with one user.
fn store(dir: &Path) -> String {
    let db = format!("sqlite:{}", dir.join("season.db").display());
    let o = bin()
        .args(["user", "add", "张三", "--create", "--db", &db])
        .env("GONGKAI_PASSWORD", "password-123")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    db
}

const OFFICE: &str = "青山县人民政府办公室";
const FINANCE: &str = "青山县财政局";

#[test]
fn a_whole_season_from_the_command_line() {
    let dir = fresh_dir("season");
    let db = &store(&dir);
    let good = example();
    let draft = example_path()
        .with_file_name("qingshan-2023-draft.txt")
        .display()
        .to_string();
    // The good report with its text saying 68 requests where table 三 has 67: N101, a warning.
    let warned = dir.join("warned.txt");
    let text = std::fs::read_to_string(example_path()).unwrap();
    assert!(text.contains("新收政府信息公开申请67件"));
    std::fs::write(
        &warned,
        text.replace("新收政府信息公开申请67件", "新收政府信息公开申请68件"),
    )
    .unwrap();
    let warned = warned.display().to_string();

    // Opened, with the departments due earlier; its number on standard output.
    let id = ok_season(
        db,
        &[
            "create",
            "--year",
            "2023",
            "--region",
            "青山县",
            "--due",
            "department=2024-01-15",
        ],
    );
    assert_eq!(id.trim(), "1");
    let o = season(
        db,
        "zh",
        &["create", "--year", "2023", "--region", "青山县"],
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("已有填报期（第 1 号）"),
        "{}",
        stderr(&o)
    );
    let o = season(
        db,
        "zh",
        &[
            "create",
            "--year",
            "2024",
            "--region",
            "青山县",
            "--due",
            "department=2025-02-30",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("不是日期"), "{}", stderr(&o));

    let listed = json_lines(&ok_season(db, &["list", "--format", "json"]));
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], 1);
    assert_eq!(listed[0]["region"], "青山县");
    assert_eq!(listed[0]["template"], "2021");
    assert_eq!(listed[0]["deadlines"]["department"], "2024-01-15");
    assert_eq!(listed[0]["deadlines"]["government"], "2024-03-31");

    // Two organs expected; one outside the region refused.
    ok_season(db, &["organs", "1", OFFICE, FINANCE]);
    let o = season(db, "zh", &["organs", "1", "乙县民政局"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));

    // The board as CSV, with a BOM, both organs late (2024 is long past).
    let csv = ok_season(db, &["board", "1", "--format", "csv"]);
    let csv = csv.strip_prefix('\u{feff}').expect("a BOM");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "机关,地区,类别,状态,截止日期,是否逾期,最近操作,操作时间,操作人"
    );
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(
        lines[1].starts_with("青山县人民政府办公室,青山县,政府办公室,未开始,2024-01-31,是,列入,"),
        "{csv}"
    );
    assert!(lines[1].ends_with(",命令行"), "{csv}");
    assert!(
        lines[2].starts_with("青山县财政局,青山县,部门,未开始,2024-01-15,是,列入,"),
        "{csv}"
    );
    // …and as a workbook, written to its file; not replaced without --force.
    let xlsx = dir.join("看板.xlsx");
    let x = xlsx.to_str().unwrap();
    ok_season(db, &["board", "1", "--format", "xlsx", "-o", x]);
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    let o = season(db, "zh", &["board", "1", "--format", "xlsx", "-o", x]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    ok_season(db, &["board", "1", "--format", "xlsx", "-o", x, "--force"]);

    // A report whose table 四 does not add up is refused (4), its error named; nothing moved.
    let o = season(db, "zh", &["submit", "1", OFFICE, &draft]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert!(stderr(&o).contains("报告有错误"), "{}", stderr(&o));
    assert!(stderr(&o).contains("A201"), "{}", stderr(&o));
    let board = json_lines(&ok_season(db, &["board", "1", "--format", "json"]));
    assert_eq!(board[0]["organ"], OFFICE);
    assert_eq!(board[0]["state"], "not_started");
    assert_eq!(board[0]["overdue"], true);
    assert_eq!(board[0]["last_step"], "add");
    assert_eq!(board[0]["last_user"], Value::Null);

    // A warning needs a reason: refused without one, submitted with it.
    let o = season(db, "zh", &["submit", "1", OFFICE, &warned]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert!(stderr(&o).contains("N101"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--ack"), "{}", stderr(&o));
    let first = ok_season(
        db,
        &[
            "submit",
            "1",
            OFFICE,
            &warned,
            "--ack",
            "N101=正文含上年结转的申请",
        ],
    );
    assert_eq!(first.trim(), "1");

    // Returned (a comment is needed), then the good report submitted and approved.
    let o = season(db, "zh", &["return", "1", OFFICE]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("须填写意见"), "{}", stderr(&o));
    ok_season(db, &["return", "1", OFFICE, "--comment", "正文与表三不符"]);
    let o = season(db, "zh", &["approve", "1", OFFICE]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("“退回修改”状态下不能通过"),
        "{}",
        stderr(&o)
    );
    assert_eq!(ok_season(db, &["submit", "1", OFFICE, &good]).trim(), "2");
    let o = season(db, "zh", &["approve", "1", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("青山县人民政府办公室 现为「已通过」"),
        "{}",
        stderr(&o)
    );

    // The board's filters.
    let approved = ok_season(db, &["board", "1", "--state", "approved"]);
    assert_eq!(approved.lines().count(), 2, "{approved}");
    assert!(approved.contains(OFFICE), "{approved}");
    let late = ok_season(db, &["board", "1", "--overdue"]);
    assert_eq!(late.lines().count(), 2, "{late}");
    assert!(late.contains(FINANCE), "{late}");

    // The timeline: every step, the warning acknowledged with its reason.
    let steps = json_lines(&ok_season(
        db,
        &["timeline", "1", OFFICE, "--format", "json"],
    ));
    let names: Vec<&str> = steps.iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert_eq!(names, ["add", "submit", "return", "submit", "approve"]);
    assert_eq!(steps[1]["acknowledged"][0]["code"], "N101");
    assert_eq!(
        steps[1]["acknowledged"][0]["reason"],
        "正文含上年结转的申请"
    );
    assert_eq!(steps[2]["comment"], "正文与表三不符");
    assert_eq!(steps[4]["to"], "approved");
    let table = ok_season(db, &["timeline", "1", OFFICE]);
    assert!(table.contains("已报送 → 退回修改"), "{table}");

    // Deadlines: one kind's, one organ's own and back.
    ok_season(db, &["deadline", "1", "town", "2024-01-10"]);
    ok_season(db, &["due", "1", FINANCE, "2099-12-31"]);
    let on_time = ok_season(db, &["board", "1", "--on-time", "--format", "csv"]);
    assert!(
        on_time.contains("青山县财政局,青山县,部门,未开始,2099-12-31,否,调整期限"),
        "{on_time}"
    );
    ok_season(db, &["due", "1", FINANCE, "--clear"]);
    let o = season(db, "zh", &["deadline", "1", "village", "2024-01-10"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));

    // The roll-up: what was approved summed, the finance bureau named as missing.
    let o = season(db, "zh", &["rollup", "1", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("尚无通过的报告：青山县财政局"),
        "{}",
        stderr(&o)
    );
    let rollup: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(rollup["season"], 1);
    assert_eq!(rollup["counted"], serde_json::json!([OFFICE]));
    assert_eq!(rollup["missing"], serde_json::json!([FINANCE]));
    assert_eq!(rollup["cells"]["t3.new.total"], 67);
    let csv = dir.join("汇总.csv");
    ok_season(
        db,
        &[
            "rollup",
            "1",
            "--format",
            "csv",
            "-o",
            csv.to_str().unwrap(),
        ],
    );
    let csv = std::fs::read_to_string(&csv).unwrap();
    assert!(csv.starts_with("\u{feff}单元格,名称,合计\r\n"), "{csv}");
    assert!(csv.contains("\r\nt3.new.total,"), "{csv}");
    assert!(csv.contains(",67\r\n"), "{csv}");
    assert!(
        csv.ends_with("已汇总,青山县人民政府办公室,\r\n未汇总,青山县财政局,\r\n"),
        "{csv}"
    );
    let o = season(
        db,
        "zh",
        &["rollup", "1", "--format", "xlsx", "-o", "汇总.csv"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));

    // Published, then reopened with a comment.
    ok_season(db, &["publish", "1", OFFICE]);
    // What went online: as approved, then a page whose text differs (exit 1).
    let o = season(
        db,
        "zh",
        &[
            "published",
            "1",
            OFFICE,
            &good,
            "--address",
            "http://www.qingshan.gov.cn/gk/1.html",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    assert!(stderr(&o).contains("第 1 次读取，已发布"), "{}", stderr(&o));
    let o = season(db, "zh", &["published", "1", OFFICE, &warned]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("与通过版本不同\t第一部分"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("与首次读取不同\t第一部分"),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains("发布不符"), "{}", stderr(&o));

    let o = season(db, "zh", &["reopen", "1", OFFICE]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    ok_season(db, &["reopen", "1", OFFICE, "--comment", "发布稿有误"]);

    // People's places.
    ok_season(
        db,
        &["member", "张三", "--organ", FINANCE, "--role", "filer"],
    );
    ok_season(
        db,
        &[
            "member",
            "张三",
            "--region",
            "青山县",
            "--role",
            "office_admin",
        ],
    );
    let o = season(
        db,
        "zh",
        &["member", "张三", "--organ", FINANCE, "--role", "reviewer"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = season(
        db,
        "zh",
        &["member", "李四", "--region", "青山县", "--role", "reviewer"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = season(
        db,
        "zh",
        &["member", "张三", "--organ", "乙县民政局", "--role", "filer"],
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    // The inbox of a member of an organ: the office's report is overdue.
    ok_season(
        db,
        &["member", "张三", "--organ", FINANCE, "--role", "filer"],
    );
    let inbox = json_lines(&ok_season(db, &["inbox", "张三", "--format", "json"]));
    assert_eq!(inbox.len(), 1, "{inbox:?}");
    assert_eq!(inbox[0]["organ_name"], FINANCE);
    assert_eq!(inbox[0]["kind"], "overdue");
    let o = season(db, "zh", &["inbox", "王五"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    ok_season(db, &["member", "张三", "--clear"]);

    // A season of the next year takes the stored organs of its region.
    let next = ok_season(db, &["create", "--year", "2024", "--region", "青山县"]);
    assert_eq!(next.trim(), "2");
    let o = season(db, "zh", &["organs", "2", "--from-store"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("已列入数据库中的 2 个机关"),
        "{}",
        stderr(&o)
    );
    let board = json_lines(&ok_season(db, &["board", "2", "--format", "json"]));
    let names: Vec<&str> = board.iter().map(|e| e["organ"].as_str().unwrap()).collect();
    assert_eq!(names, [OFFICE, FINANCE]);
    assert_eq!(board[0]["due"], "2025-01-31");
    let listed = json_lines(&ok_season(db, &["list", "--format", "json"]));
    assert_eq!(listed[0]["year"], 2024);

    // In English.
    let o = season(db, "en", &["board", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("organ\tplace\tkind\tstate\tdue\toverdue\tlast step\tat\tby\n"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("\treturned\t"), "{}", stdout(&o));
    let o = season(db, "en", &["approve", "9", OFFICE]);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(stderr(&o).trim(), "gongkai: no filing season 9");
    let o = season(db, "en", &["submit", "1", OFFICE, &draft]);
    assert_eq!(o.status.code(), Some(4));
    assert!(
        stderr(&o).contains("the report has errors (A201): correct them before submitting"),
        "{}",
        stderr(&o)
    );
    let o = season(db, "en", &["rollup", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("key\tlabel\tsum\n"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("with no approved report"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_season_needs_a_store_and_has_its_pages() {
    let dir = fresh_dir("season-man");
    let db = format!("sqlite:{}", dir.join("none.db").display());
    let o = season(&db, "zh", &["list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("不存在"), "{}", stderr(&o));
    assert!(!dir.join("none.db").exists());
    // The help documents the exit statuses and the JSON keys; the manual has its pages.
    let help = stdout(&ok(&["--lang", "en", "season", "--help"]));
    assert!(help.contains("4 the report cannot be submitted"), "{help}");
    let help = stdout(&ok(&["--lang", "en", "season", "board", "--help"]));
    assert!(help.contains("organ_id"), "{help}");
    let man = dir.join("man");
    ok(&["man", "-o", man.to_str().unwrap()]);
    assert!(man.join("gongkai-season.1").exists());
}
