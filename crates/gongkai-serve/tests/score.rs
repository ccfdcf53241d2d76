//! The score page and its API: the packs the server knows (the example, and a directory's
//! files, a wrong one listed with why), a pack applied to a region and year as a page, as JSON
//! and as a workbook of two sheets, a pack named by a path refused, and a member of an organ
//! seeing their organ alone.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use gongkai_core::Report;
use gongkai_serve::{app, hash_password, Config};
use gongkai_store::accounts::{self, Role};
use gongkai_store::import::Given;
use gongkai_store::scope::{self, Membership, OrganRole, Scope};
use std::io::Read;

fn report(name: &str) -> Report {
    let mut r = gongkai_render::synth::report(7, 4);
    r.agency = Some(name.to_string());
    r.title = Some(format!("{name}2023年政府信息公开工作年度报告"));
    r
}

/// 甲县财政局 published late, 甲县民政局 on time; a user who is 甲县财政局's filer. On a thread
/// of its own, as the store's other tests do.
fn stored(db: &str, dir: &std::path::Path) -> i64 {
    let (db, dir) = (db.to_string(), dir.to_path_buf());
    std::thread::spawn(move || {
        let mut store = gongkai_store::open(&db).unwrap();
        let mut paths = Vec::new();
        for (i, name) in ["甲县财政局", "甲县民政局"].iter().enumerate() {
            let path = dir.join(format!("r{i}.json"));
            std::fs::write(&path, serde_json::to_vec(&report(name)).unwrap()).unwrap();
            paths.push(path);
        }
        let given = Given::parse("r0.json,2024-03-01\nr1.json,2024-01-15\n").unwrap();
        gongkai_store::import::import_dated(&mut store, &paths, &given, |_, _| {}).unwrap();
        let finance = store
            .query(
                "SELECT id FROM organs WHERE name = $1",
                &["甲县财政局".into()],
            )
            .unwrap()[0][0]
            .int()
            .unwrap();
        let id = accounts::add_user(
            &mut store,
            None,
            "filer",
            &hash_password("password1").unwrap(),
            Role::Viewer,
        )
        .unwrap();
        let m = Membership::Organ {
            organ: finance,
            role: OrganRole::Filer,
        };
        scope::set_membership(&mut store, &Scope::command_line(), id, Some(&m)).unwrap();
        finance
    })
    .join()
    .unwrap()
}

fn get(session: Option<&Session>, path: &str) -> Request<Body> {
    with(session, Request::get(path))
        .body(Body::empty())
        .unwrap()
}

const CITY: &str = r#"
[pack]
id = "city"
version = "1"
name = { zh = "某市考评", en = "A city's assessment" }

[[items]]
id = "on-time"
title = { zh = "按时公布", en = "On time" }
points = 2
findings = ["T501"]
deduct = 0.5
"#;

#[tokio::test]
async fn scores_as_a_page_json_and_a_workbook_for_what_the_user_may_see() {
    let base = server("score", 50 << 20);
    stored(&base.db, &base.dir);
    let packs = base.dir.join("packs");
    std::fs::create_dir_all(&packs).unwrap();
    std::fs::write(packs.join("city.toml"), CITY).unwrap();
    std::fs::write(packs.join("bad.toml"), CITY.replace("T501", "T999")).unwrap();
    std::fs::write(packs.join("notes.txt"), "not a pack").unwrap();
    let config = Config {
        packs: Some(packs),
        ..Config::new(&base.db, "127.0.0.1:0".parse().unwrap())
    };
    let s = Server {
        app: app(config).unwrap(),
        db: base.db.clone(),
        dir: base.dir.clone(),
    };

    // Only users: the sheet is scoped to who asks.
    let r = send(&s, get(None, "/api/score")).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    let vi = login(&s, "vi").await;
    let r = send(&s, get(Some(&vi), "/api/score")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    let files: Vec<&str> = v["packs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["annual-report-2024.toml", "bad.toml", "city.toml"]);
    assert!(v["packs"][1]["error"]
        .as_str()
        .unwrap()
        .contains("bad.toml：on-time：未知的规则代码「T999」"));
    assert!(v["sheet"].is_null());

    let q = "pack=city.toml&region=%E7%94%B2%E5%8E%BF&year=2023";
    let r = send(&s, get(Some(&vi), &format!("/api/score?{q}"))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let sheet = &r.json()["sheet"];
    assert_eq!(sheet["full"], 2.0);
    let organs = sheet["organs"].as_array().unwrap();
    assert_eq!(organs.len(), 2);
    // 甲县民政局 sorts before 甲县财政局 by code point.
    let by_name = |n: &str| organs.iter().find(|o| o["organ"] == n).unwrap().clone();
    assert_eq!(by_name("甲县财政局")["total"], 1.5);
    assert_eq!(by_name("甲县民政局")["total"], 2.0);
    assert_eq!(
        by_name("甲县财政局")["items"][0]["evidence"][0]["code"],
        "T501"
    );

    let r = send(&s, get(Some(&vi), &format!("/score?{q}"))).await;
    assert_eq!(r.status, StatusCode::OK);
    let page = r.text();
    assert!(page.contains("<h1>考评打分</h1>"), "{page}");
    assert!(page.contains("某市考评"));
    assert!(page.contains("甲县财政局 1.5 / 2"), "{page}");
    assert!(page.contains("T501 2023 年度报告"), "{page}");
    assert!(
        page.contains("href=\"/score/scores.xlsx?pack=city.toml&amp;region="),
        "{page}"
    );
    // The wrong file is offered as wrong, with why.
    assert!(page.contains("bad.toml（有误）"));

    let r = send(&s, get(Some(&vi), &format!("/score/scores.xlsx?{q}"))).await;
    assert_eq!(r.status, StatusCode::OK);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.body.clone())).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(
        xml.contains("name=\"甲县 2023 得分\"") && xml.contains("name=\"甲县 2023 证据\""),
        "{xml}"
    );
    let r = send(&s, get(Some(&vi), &format!("/score/scores.csv?{q}"))).await;
    assert!(
        r.text().contains("甲县财政局,甲县,是,1.5,1.5"),
        "{}",
        r.text()
    );

    // A pack is one of the list, never a path; the example needs no directory.
    for pack in ["..%2F..%2Fetc%2Fpasswd", "notes.txt", "gone.toml"] {
        let r = send(
            &s,
            get(
                Some(&vi),
                &format!("/api/score?pack={pack}&region=x&year=2023"),
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{pack}");
    }
    let r = send(
        &s,
        get(Some(&vi), "/api/score?pack=bad.toml&region=x&year=2023"),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = send(
        &s,
        get(Some(&vi), "/api/score?region=%E7%94%B2%E5%8E%BF&year=2023"),
    )
    .await;
    assert_eq!(r.json()["sheet"]["pack"]["id"], "annual-report-example");
    let r = send(&s, get(Some(&vi), "/api/score?region=x&year=1900")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    // A member of an organ sees their organ alone, on the page and in the API.
    let filer = login(&s, "filer").await;
    let r = send(&s, get(Some(&filer), &format!("/api/score?{q}"))).await;
    let organs = r.json()["sheet"]["organs"].clone();
    assert_eq!(organs.as_array().unwrap().len(), 1);
    assert_eq!(organs[0]["organ"], "甲县财政局");
    let r = send(&s, get(Some(&filer), &format!("/score?{q}"))).await;
    assert!(!r.text().contains("甲县民政局"));
}
