//! `cargo bench -p gongkai --bench corpus`: browsing a corpus of 300,000 stored reports
//! through `gongkai serve` (the release binary): the corpus page, a facet changed, a search by
//! organ name, and a stored report opened; prints the median of 20 requests each.
//!
//! The store is filled by SQL, not by importing (which would take the better part of an hour
//! and write the text index of 300,000 reports): 30,000 organs over ten years, each report
//! with a few findings (about half with an error). The reports opened hold the model of the
//! shipped example.

#[allow(dead_code)]
#[path = "../tests/common/server.rs"]
mod server;

use gongkai_store::Val;
use std::time::{Duration, Instant};

const ORGANS: i64 = 30_000;
const YEARS: i64 = 10;
const REQUESTS: usize = 20;

fn main() {
    let dir = server::temp("bench-corpus");
    let s = server::start(env!("CARGO_BIN_EXE_gongkai"), &dir);
    let (cookie, _) = server::login(&s.addr);
    let url = format!("sqlite:{}", dir.join("w.db").display());
    let t = Instant::now();
    fill(&mut gongkai_store::open(&url).unwrap());
    println!(
        "filled {} reports in {:.1} s",
        ORGANS * YEARS,
        t.elapsed().as_secs_f64()
    );
    let get = |path: &str| {
        let t = Instant::now();
        let (status, body) = server::request(&s.addr, "GET", path, &[("Cookie", &cookie)], b"");
        assert_eq!(status, 200, "{path}: {}", String::from_utf8_lossy(&body));
        (t.elapsed(), body)
    };
    let (first, body) = get("/corpus");
    assert!(String::from_utf8_lossy(&body).contains("300000"));
    println!(
        "GET /corpus, first (reads the index): {:.0} ms",
        first.as_secs_f64() * 1e3
    );
    for path in [
        "/corpus",
        "/corpus?year=2020",
        "/corpus?year=2020&level=%E5%8E%BF&errors=yes",
        "/corpus?code=A103&sort=errors&page=40",
        "/corpus?q=%E8%B4%A2%E6%94%BF",
        "/api/corpus/reports?year=2020&kind=department",
        "/corpus/reports/123457",
        "/api/corpus/reports/299999",
    ] {
        let mut took: Vec<Duration> = (0..REQUESTS).map(|_| get(path).0).collect();
        took.sort();
        println!(
            "GET {path}: median {:.1} ms, max {:.1} ms",
            took[REQUESTS / 2].as_secs_f64() * 1e3,
            took[REQUESTS - 1].as_secs_f64() * 1e3,
        );
    }
}

/// Places, departments and rules to draw the corpus from.
const PROVINCES: [&str; 6] = ["东省", "西省", "南省", "北省", "中省", "海省"];
const DEPARTMENTS: [&str; 10] = [
    "人民政府",
    "人民政府办公室",
    "财政局",
    "教育局",
    "民政局",
    "公安局",
    "住房和城乡建设局",
    "市场监督管理局",
    "卫生健康委员会",
    "交通运输局",
];
const RULES: [(&str, &str); 6] = [
    ("A101", "error"),
    ("A103", "error"),
    ("V201", "warning"),
    ("T301", "warning"),
    ("N401", "info"),
    ("N402", "info"),
];

fn fill(db: &mut gongkai_store::Db) {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/qingshan-2023.txt"),
    )
    .unwrap();
    let report = gongkai_read::read_text("qingshan-2023.txt", &text, "utf-8").unwrap();
    let model = serde_json::to_string(&report).unwrap();
    db.transaction(|db| -> Result<(), gongkai_store::DbError> {
        for o in 0..ORGANS {
            let (province, city, county) = (
                PROVINCES[(o % 6) as usize],
                o / 10 % 50,
                o / 10 % 500,
            );
            let department = DEPARTMENTS[(o % 10) as usize];
            let (place, level) = if o % 7 == 0 {
                (format!("{province}第{city}市"), "市")
            } else {
                (format!("{province}第{city}市第{county}县"), "县")
            };
            let kind = match o % 10 {
                0 => "government",
                1 => "office",
                _ => "department",
            };
            let name = format!("{place}{department}{o}");
            db.execute(
                "INSERT INTO organs (id, key, name, place, level, kind) VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    (o + 1).into(),
                    name.clone().into(),
                    name.into(),
                    place.into(),
                    level.into(),
                    kind.into(),
                ],
            )?;
            for y in 0..YEARS {
                let id = o * YEARS + y + 1;
                // Four reports in 1,000 hold the model itself (all of them would take 10 GB
                // of JSON): those the benchmark opens, and the years before them.
                let holds = [456, 457, 998, 999].contains(&(id % 1000));
                db.execute(
                    "INSERT INTO reports (id, organ_id, year, version, current, hash, file, format, template, model)
                     VALUES ($1, $2, $3, 1, 1, $4, $5, 'text', $6, $7)",
                    &[
                        id.into(),
                        (o + 1).into(),
                        (2015 + y).into(),
                        format!("h{id}").into(),
                        format!("r{id}.txt").into(),
                        if y < 6 { "2019" } else { "2021" }.into(),
                        if holds { Val::from(model.as_str()) } else { Val::from("") },
                    ],
                )?;
                for (k, (code, severity)) in RULES.iter().enumerate() {
                    if (id + k as i64) % (3 + k as i64) == 0 {
                        db.execute(
                            "INSERT INTO findings (report_id, code, severity, message, cells) VALUES ($1, $2, $3, '—', '{}')",
                            &[id.into(), (*code).into(), (*severity).into()],
                        )?;
                    }
                }
            }
        }
        db.execute("UPDATE corpus_generation SET n = n + 1", &[])?;
        Ok(())
    })
    .unwrap();
}
