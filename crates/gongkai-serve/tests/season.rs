//! The filing season over HTTP, on SQLite always and on PostgreSQL when GONGKAI_TEST_PG holds a
//! URL: who sees what (a filer only their organ, a reviewer only their region), submitting
//! refused with an error and allowed with its warnings explained, return → resubmit → approve
//! → publish, a published page that differs flagged, the inbox, the exports and the pages.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use gongkai_core::{Number, Report, Value};
use gongkai_serve::hash_password;
use gongkai_store::accounts::{self, Role};
use gongkai_store::scope::{self, Membership, OfficeRole, OrganRole, Scope};
use serde_json::{json, Value as Json};

mod common;
use common::*;

/// A consistent synthetic report of 2023 for an organ: no finding at all.
fn report(name: &str, seed: u64) -> Report {
    let mut r = gongkai_render::synth::report(seed, 4);
    assert_eq!(r.year, Some(2023));
    r.agency = Some(name.to_string());
    r.title = Some(format!("{name}2023年政府信息公开工作年度报告"));
    r
}

fn number(r: &Report, key: &str) -> i64 {
    r.value(key).unwrap().number().unwrap().as_int().unwrap()
}

fn set(r: &mut Report, key: &str, v: i64) {
    let cell = r.cells.iter_mut().find(|c| c.key == key).unwrap();
    cell.printed.value = Value::Number(Number::parse(&v.to_string()).unwrap());
}

/// The report with its text saying another number of requests than table 三 (N101, a
/// warning).
fn warned(r: &Report) -> Report {
    let mut r = r.clone();
    let v = number(&r, "t3.new.total");
    let body = &mut r.sections[0].body;
    let said = format!("申请{v}件");
    assert!(body.contains(&said), "{body}");
    *body = body.replace(&said, &format!("申请{}件", v + 1));
    r
}

/// The form's JSON of a report: its cells as printed, its six sections' text.
fn filled(r: &Report) -> Json {
    let cells: serde_json::Map<String, Json> = r
        .cells
        .iter()
        .map(|c| (c.key.clone(), json!(c.printed.value.to_string())))
        .collect();
    let sections: Vec<String> = (1..=6u8)
        .map(|n| r.section(n).map(|s| s.body.clone()).unwrap_or_default())
        .collect();
    json!({ "cells": cells, "sections": sections })
}

fn get(session: &Session, path: &str) -> Request<Body> {
    with(Some(session), Request::get(path))
        .body(Body::empty())
        .unwrap()
}

fn raw(session: &Session, path: &str, body: Vec<u8>) -> Request<Body> {
    with(Some(session), Request::post(path))
        .body(Body::from(body))
        .unwrap()
}

/// Adds a user with the tests' password and gives them a place; on a thread of its own, as
/// PostgreSQL's blocking client may not run on the test's runtime.
fn member(db: &str, name: &str, place: Membership) {
    let (db, name) = (db.to_string(), name.to_string());
    std::thread::spawn(move || {
        let mut store = gongkai_store::open(&db).unwrap();
        let id = accounts::add_user(
            &mut store,
            None,
            &name,
            &hash_password("password1").unwrap(),
            Role::Viewer,
        )
        .unwrap();
        scope::set_membership(&mut store, &Scope::command_line(), id, Some(&place)).unwrap();
    })
    .join()
    .unwrap();
}

fn organ_id(board: &Json, name: &str) -> i64 {
    board["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["organ"]["name"] == name)
        .unwrap_or_else(|| panic!("{name} not on the board: {board}"))["organ"]["id"]
        .as_i64()
        .unwrap()
}

fn names(board: &Json) -> Vec<String> {
    board["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["organ"]["name"].as_str().unwrap().to_string())
        .collect()
}

fn signatures(form: &Json, severity: &str) -> Vec<String> {
    form["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == severity)
        .map(|f| f["signature"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_season_runs_from_opening_to_what_went_online() {
    season(&server("season", 50 << 20)).await;
}

#[test]
fn a_season_runs_from_opening_to_what_went_online_on_postgresql() {
    if let Some(s) = server_pg("season") {
        tokio::runtime::Runtime::new().unwrap().block_on(season(&s));
    }
}

async fn season(s: &Server) {
    let admin = login(s, "admin").await;
    // Two seasons, over two counties.
    let r = send(
        s,
        api(
            &admin,
            "POST",
            "/api/seasons",
            // Due far ahead: the organ is not late while it is returned.
            json!({"year": 2023, "region": "甲县", "organs": ["甲县财政局", "甲县民政局"], "deadlines": {"department": "2099-01-31"}}),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let jia = r.json()["id"].as_i64().unwrap();
    let r = send(
        s,
        api(
            &admin,
            "POST",
            "/api/seasons",
            json!({"year": 2023, "region": "乙县", "organs": ["乙县财政局"], "deadlines": {"department": "2024-01-20"}}),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let yi = r.json()["id"].as_i64().unwrap();
    let again = api(
        &admin,
        "POST",
        "/api/seasons",
        json!({"year": 2023, "region": "甲县"}),
    );
    assert_eq!(send(s, again).await.status, StatusCode::CONFLICT);
    let board = send(s, get(&admin, &format!("/api/seasons/{jia}")))
        .await
        .json();
    let (a, b) = (
        organ_id(&board, "甲县财政局"),
        organ_id(&board, "甲县民政局"),
    );
    let c = organ_id(
        &send(s, get(&admin, &format!("/api/seasons/{yi}")))
            .await
            .json(),
        "乙县财政局",
    );
    assert_eq!(
        send(s, get(&admin, &format!("/api/seasons/{yi}")))
            .await
            .json()["season"]["deadlines"][2]["due"],
        "2024-01-20"
    );

    member(
        &s.db,
        "filer",
        Membership::Organ {
            organ: a,
            role: OrganRole::Filer,
        },
    );
    member(
        &s.db,
        "filer-b",
        Membership::Organ {
            organ: b,
            role: OrganRole::Filer,
        },
    );
    member(
        &s.db,
        "reviewer",
        Membership::Office {
            region: "甲县".into(),
            role: OfficeRole::Reviewer,
        },
    );
    // 乙县's reviewer is made and placed from the API, as an administrator does.
    let r = send(
        s,
        api(
            &admin,
            "POST",
            "/api/users",
            json!({"name": "reviewer-yi", "password": "password1", "role": "viewer"}),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let place = format!("/api/users/{}/place", r.json()["id"]);
    let r = send(
        s,
        api(
            &admin,
            "PUT",
            &place,
            json!({"region": "乙县", "role": "reviewer"}),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    let r = send(s, api(&admin, "PUT", &place, json!({"role": "reviewer"}))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text());
    let users = send(s, get(&admin, "/api/users")).await.json();
    let yi_reviewer = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "reviewer-yi")
        .unwrap();
    assert_eq!(yi_reviewer["place"]["region"], "乙县");
    let filer = login(s, "filer").await;
    let reviewer = login(s, "reviewer").await;
    let reviewer_yi = login(s, "reviewer-yi").await;
    // A filer may not place anyone (the accounts are outside their organ).
    let r = send(s, api(&filer, "PUT", &place, Json::Null)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // The filer of 甲县财政局 sees its season and its organ, nothing else.
    let seasons = send(s, get(&filer, "/api/seasons")).await.json();
    assert_eq!(seasons.as_array().unwrap().len(), 1);
    assert_eq!(seasons[0]["id"], jia);
    assert_eq!(
        names(
            &send(s, get(&filer, &format!("/api/seasons/{jia}")))
                .await
                .json()
        ),
        ["甲县财政局"]
    );
    for path in [
        format!("/api/seasons/{yi}"),
        format!("/api/seasons/{jia}/organs/{b}"),
        format!("/api/seasons/{jia}/organs/{b}/draft"),
        format!("/api/seasons/{yi}/organs/{c}"),
        format!("/seasons/{jia}/organs/{b}"),
        format!("/seasons/{jia}/organs/{b}/form"),
        format!("/seasons/{yi}"),
        "/api/corpus/reports".to_string(),
        "/corpus".to_string(),
        "/corpus/charts".to_string(),
        "/admin".to_string(),
        "/api/users".to_string(),
    ] {
        let r = send(s, get(&filer, &path)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.text());
    }
    let theirs = api(
        &filer,
        "PUT",
        &format!("/api/seasons/{jia}/organs/{b}/draft"),
        filled(&report("甲县民政局", 2)),
    );
    assert_eq!(send(s, theirs).await.status, StatusCode::NOT_FOUND);

    // The reviewer of 乙县 sees nothing of 甲县; the reviewer of 甲县 sees both its organs.
    for path in [
        format!("/api/seasons/{jia}"),
        format!("/api/seasons/{jia}/organs/{a}"),
        format!("/seasons/{jia}"),
    ] {
        assert_eq!(
            send(s, get(&reviewer_yi, &path)).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(
        names(
            &send(s, get(&reviewer, &format!("/api/seasons/{jia}")))
                .await
                .json()
        ),
        ["甲县民政局", "甲县财政局"]
    );
    assert_eq!(
        send(s, get(&reviewer, &format!("/api/seasons/{yi}")))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // A report that does not add up is saved, but not submitted.
    let good = report("甲县财政局", 1);
    let mut broken = good.clone();
    set(
        &mut broken,
        "t3.new.total",
        number(&good, "t3.new.total") + 5,
    );
    let draft = format!("/api/seasons/{jia}/organs/{a}/draft");
    let r = send(s, api(&filer, "PUT", &draft, filled(&broken))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.json()["counts"]["errors"].as_i64().unwrap() > 0);
    let submit = format!("/api/seasons/{jia}/organs/{a}/submit");
    let r = send(s, api(&filer, "POST", &submit, json!({}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["error"]["code"], "has_errors");
    // The form says so on its page too.
    let fields = broken
        .cells
        .iter()
        .map(|c| format!("c:{}={}", c.key, c.printed.value))
        .collect::<Vec<_>>()
        .join("&");
    let r = send(
        s,
        form(
            &filer,
            &format!("/seasons/{jia}/organs/{a}/form"),
            &format!("{fields}&action=submit"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("refusal"), "{}", r.text());

    // With a warning, submitted once the warning is explained.
    let first = warned(&good);
    let form_view = send(s, api(&filer, "PUT", &draft, filled(&first)))
        .await
        .json();
    assert_eq!(form_view["counts"]["errors"], 0, "{form_view}");
    let warnings = signatures(&form_view, "warning");
    assert!(!warnings.is_empty(), "{form_view}");
    let r = send(s, api(&filer, "POST", &submit, json!({}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["error"]["code"], "unacknowledged");
    let acks: Vec<Json> = warnings
        .iter()
        .map(|w| json!({"signature": w, "reason": "正文数字含线下申请"}))
        .collect();
    let r = send(
        s,
        api(&filer, "POST", &submit, json!({"acknowledged": acks})),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let first_submission = r.json()["id"].as_i64().unwrap();

    // The reviewer sees the reason, comments on a cell and returns the report.
    let organ = format!("/api/seasons/{jia}/organs/{a}");
    let f = send(s, get(&reviewer, &organ)).await.json();
    assert_eq!(f["state"], "submitted");
    assert!(f["may_review"].as_bool().unwrap() && !f["may_file"].as_bool().unwrap());
    let submitted = f["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["step"] == "submit")
        .unwrap();
    assert_eq!(submitted["acknowledged"][0]["reason"], "正文数字含线下申请");
    let comment = api(
        &reviewer,
        "POST",
        &format!("{organ}/comments"),
        json!({"submission": first_submission, "pin": "excerpt", "pinned": format!("申请{}件", number(&good, "t3.new.total") + 1), "body": "正文与表三不一致<script>alert(1)</script>"}),
    );
    let r = send(s, comment).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let decide = format!("{organ}/decision");
    let r = send(
        s,
        api(&reviewer, "POST", &decide, json!({"decision": "return"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"]["code"], "comment_required");
    // The filer may not decide.
    let r = send(
        s,
        api(&filer, "POST", &decide, json!({"decision": "approve"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = send(
        s,
        api(
            &reviewer,
            "POST",
            &decide,
            json!({"decision": "return", "comment": "请核对第一部分的申请数"}),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["state"], "returned");

    // The filer's inbox says what to fix; the resubmission answers the comment.
    let inbox = send(s, get(&filer, "/api/inbox")).await.json();
    let returned = inbox
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "returned")
        .unwrap_or_else(|| panic!("{inbox}"));
    assert_eq!(returned["comment"], "请核对第一部分的申请数");
    assert_eq!(returned["organ"], a);
    let r = send(s, api(&filer, "PUT", &draft, filled(&good))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(signatures(&r.json(), "warning").is_empty(), "{}", r.text());
    let r = send(
        s,
        api(&filer, "POST", &submit, json!({"comment": "已改正"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let f = send(s, get(&reviewer, &organ)).await.json();
    assert_eq!(f["state"], "submitted");
    let subs = f["submissions"].as_array().unwrap();
    assert_eq!(subs.len(), 2);
    assert_eq!(subs[0]["number"], 2);
    assert_eq!(subs[0]["sections_changed"], json!([1]));
    assert_eq!(subs[1]["comments"][0]["answered"], true);
    let inbox = send(s, get(&reviewer, "/api/inbox")).await.json();
    assert!(
        inbox
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "awaiting_review" && i["organ"] == a),
        "{inbox}"
    );
    // 乙县's reviewer hears of 乙县's organ alone (late: due 2024-01-20).
    let theirs = send(s, get(&reviewer_yi, "/api/inbox")).await.json();
    assert!(
        theirs
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["organ"] == c && i["kind"] == "overdue"),
        "{theirs}"
    );

    // Approved: the roll-up counts it and names who is missing; the exports say the same.
    let r = send(
        s,
        api(&reviewer, "POST", &decide, json!({"decision": "approve"})),
    )
    .await;
    assert_eq!(r.json()["state"], "approved");
    let board = send(s, get(&reviewer, &format!("/api/seasons/{jia}")))
        .await
        .json();
    assert_eq!(board["rollup"]["counted"], json!(["甲县财政局"]));
    assert_eq!(board["rollup"]["missing"], json!(["甲县民政局"]));
    let csv = send(s, get(&reviewer, &format!("/seasons/{jia}/board.csv"))).await;
    assert_eq!(csv.status, StatusCode::OK);
    let text = csv.text();
    assert!(
        text.contains("甲县财政局") && text.contains("已通过"),
        "{text}"
    );
    let xlsx = send(
        s,
        get(
            &reviewer,
            &format!("/seasons/{jia}/board.xlsx?state=approved"),
        ),
    )
    .await;
    assert!(xlsx.body.starts_with(b"PK"));
    let rollup = send(s, get(&reviewer, &format!("/api/seasons/{jia}/rollup")))
        .await
        .json();
    let total = rollup["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["key"] == "t3.new.total")
        .unwrap();
    assert_eq!(total["value"], number(&good, "t3.new.total").to_string());

    // What went online: the filer (not the organ's approver) may not say; the reviewer reads
    // the page, as approved; a later reading that differs is flagged.
    let publications = format!(
        "{organ}/publications?address=http%3A%2F%2Fwww.jiaxian.gov.cn%2Fgk.html&name=gk.json"
    );
    let page = serde_json::to_vec(&good).unwrap();
    let r = send(s, raw(&filer, &publications, page.clone())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let r = send(s, raw(&reviewer, &publications, page)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let p = r.json();
    assert_eq!(p["state"], "published");
    assert_eq!(p["source"], "http://www.jiaxian.gov.cn/gk.html");
    assert!(p["against_approved"].as_array().unwrap().is_empty(), "{p}");
    let mut changed = good.clone();
    set(
        &mut changed,
        "t3.granted.total",
        number(&good, "t3.granted.total") + 1,
    );
    let r = send(
        s,
        raw(
            &reviewer,
            &publications,
            serde_json::to_vec(&changed).unwrap(),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let p = r.json();
    assert_eq!(p["state"], "published_mismatch");
    assert!(
        p["against_approved"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["what"] == "t3.granted.total"),
        "{p}"
    );
    assert!(!p["against_first"].as_array().unwrap().is_empty(), "{p}");
    let board = send(
        s,
        get(
            &reviewer,
            &format!("/api/seasons/{jia}?state=published_mismatch"),
        ),
    )
    .await
    .json();
    assert_eq!(names(&board), ["甲县财政局"]);

    // The pages draw the same.
    for (who, path, want) in [
        (&reviewer, format!("/seasons/{jia}"), "甲县民政局"),
        (&reviewer, format!("/seasons/{jia}/organs/{a}"), "发布不符"),
        (
            &filer,
            format!("/seasons/{jia}/organs/{a}"),
            "请核对第一部分的申请数",
        ),
        (
            &filer,
            format!("/seasons/{jia}/organs/{a}/form"),
            "identity-data",
        ),
        (&filer, "/inbox".to_string(), "甲县财政局"),
        (&filer, "/seasons".to_string(), "甲县"),
        // A comment's text is written as text.
        (
            &reviewer,
            format!("/seasons/{jia}/organs/{a}"),
            "正文与表三不一致&lt;script&gt;",
        ),
    ] {
        let r = send(s, get(who, &path)).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(r.text().contains(want), "{path} lacks {want}");
        assert!(!r.text().contains("<script>alert"), "{path}");
    }
}

#[tokio::test]
async fn the_form_adds_up_its_report_and_carries_last_year_over() {
    let s = server("season-form", 50 << 20);
    let admin = login(&s, "admin").await;
    let r = send(
        &s,
        api(
            &admin,
            "POST",
            "/api/seasons",
            json!({"year": 2023, "region": "甲县", "organs": ["甲县财政局"]}),
        ),
    )
    .await;
    let id = r.json()["id"].as_i64().unwrap();
    let board = send(&s, get(&admin, &format!("/api/seasons/{id}")))
        .await
        .json();
    let a = organ_id(&board, "甲县财政局");
    // Last year's report in the store: its 结转下年度 is this year's 上年结转.
    let mut last = gongkai_render::synth::report(7, 3);
    assert_eq!(last.year, Some(2022));
    last.agency = Some("甲县财政局".into());
    last.title = Some("甲县财政局2022年政府信息公开工作年度报告".into());
    let files = s.dir.join("corpus");
    std::fs::create_dir_all(&files).unwrap();
    std::fs::write(files.join("last.json"), serde_json::to_vec(&last).unwrap()).unwrap();
    let mut store = gongkai_store::open(&s.db).unwrap();
    gongkai_store::import(&mut store, &[files], |_, _| {}).unwrap();
    let form = send(
        &s,
        get(&admin, &format!("/api/seasons/{id}/organs/{a}/draft")),
    )
    .await
    .json();
    let forward = number(&last, "t3.carried_forward.natural");
    assert_eq!(
        form["values"]["t3.carried_over.natural"],
        forward.to_string(),
        "{form}"
    );
    assert!(form["carried"]
        .as_array()
        .unwrap()
        .iter()
        .any(|k| k == "t3.carried_over.natural"));
    // The identities the page checks: table 三's balance among them, none across years.
    let kinds: Vec<&str> = form["identities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"balance") && kinds.contains(&"row_total"));
    assert!(!kinds.contains(&"across_years"));
    assert_eq!(form["sections"].as_array().unwrap().len(), 6);
    // A value that is no number is refused, naming the cell.
    let r = send(
        &s,
        api(
            &admin,
            "PUT",
            &format!("/api/seasons/{id}/organs/{a}/draft"),
            json!({"cells": {"t3.new.natural": "三"}}),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("t3.new.natural"));
    let r = send(
        &s,
        api(
            &admin,
            "PUT",
            &format!("/api/seasons/{id}/organs/{a}/draft"),
            json!({"cells": {"t9.nothing": "3"}}),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // The page's script reads the identities from a JSON island that no text can close.
    let page = send(&s, get(&admin, &format!("/seasons/{id}/organs/{a}/form")))
        .await
        .text();
    let island = page
        .split("<script")
        .find(|s| s.contains(r#"id="identity-data""#))
        .unwrap();
    assert!(island.contains(r#"type="application/json""#), "{island}");
    assert!(page.contains("/assets/season.js"));
    let js = send(
        &s,
        Request::get("/assets/season.js")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(js.status, StatusCode::OK);
}
