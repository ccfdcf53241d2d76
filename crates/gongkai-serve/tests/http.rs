//! The web UI and JSON API over HTTP, called in-process: upload, findings, corrections, marks,
//! the audit trail, authorisation, CSRF, limits, the corpus pages and the OpenAPI document.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use gongkai_serve::{app, Config};
use gongkai_store::accounts;
use serde_json::{json, Value};
use tower::ServiceExt;

mod common;
use common::*;

const DRAFT: &str = include_str!("../../../examples/qingshan-2023-draft.txt");

async fn upload(s: &Server, session: &Session) -> Value {
    let r = send(
        s,
        with(Some(session), Request::post("/api/drafts?name=draft.txt"))
            .body(Body::from(DRAFT))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

fn codes(draft: &Value) -> Vec<String> {
    draft["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn check_answers_with_the_json_of_the_command_line() {
    let s = server("check", 50 << 20);
    let viewer = login(&s, "vi").await;
    // The raw body.
    let r = send(
        &s,
        with(Some(&viewer), Request::post("/api/check?name=draft.txt"))
            .body(Body::from(DRAFT))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let j = r.json();
    assert_eq!(j["file"], "draft.txt");
    assert_eq!(j["agency"], "青山县人民政府办公室");
    let a201 = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "A201")
        .expect("the draft's A201");
    assert_eq!(a201["cells"]["t4.review.total"], 3);
    assert_eq!(a201["location"]["line"], 71);
    // Multipart, field `file`.
    let boundary = "XyZ";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"报告.txt\"\r\nContent-Type: text/plain\r\n\r\n{DRAFT}\r\n--{boundary}--\r\n"
    );
    let r = send(
        &s,
        with(Some(&viewer), Request::post("/api/check"))
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["file"], "报告.txt");
    assert_eq!(r.json()["findings"], j["findings"]);
    // English messages.
    let r = send(
        &s,
        with(Some(&viewer), Request::post("/api/check?lang=en"))
            .body(Body::from(DRAFT))
            .unwrap(),
    )
    .await;
    assert!(r.text().contains("but the total is"), "{}", r.text());
    // Not a report; nothing at all.
    let r = send(
        &s,
        with(Some(&viewer), Request::post("/api/check"))
            .body(Body::from("关于召开会议的通知"))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["error"]["code"], "unreadable");
    let r = send(
        &s,
        with(Some(&viewer), Request::post("/api/check"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn upload_correct_mark_and_audit() {
    review(&server("review", 50 << 20)).await;
}

/// The same on PostgreSQL. Its client blocks on a runtime of its own, so the store is opened
/// outside the test's runtime, as `gongkai serve` does; the server's own queries run on
/// blocking threads.
#[test]
fn upload_correct_mark_and_audit_on_postgresql() {
    if let Some(s) = server_pg("review") {
        tokio::runtime::Runtime::new().unwrap().block_on(review(&s));
    }
}

async fn review(s: &Server) {
    let editor = login(s, "ed").await;
    let draft = upload(s, &editor).await;
    let id = draft["id"].as_i64().unwrap();
    assert!(codes(&draft).contains(&"A201".to_string()));
    let n101 = draft["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "N101")
        .unwrap()["signature"]
        .as_str()
        .unwrap()
        .to_string();
    // Dismiss the narrative finding.
    let r = send(
        s,
        with(
            Some(&editor),
            Request::put(format!("/api/drafts/{id}/marks/{n101}")),
        )
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"state": "dismissed"}"#))
        .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // Correct the total of 行政复议: 2 + 1 + 0 + 1 = 4, printed 3.
    let r = send(
        s,
        with(
            Some(&editor),
            Request::put(format!("/api/drafts/{id}/cells/t4.review.total")),
        )
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"value": 4}"#))
        .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let after = r.json();
    assert!(!codes(&after).contains(&"A201".to_string()), "{after}");
    assert_eq!(after["cells"]["t4.review.total"], 4);
    // The mark survives the correction and the new check.
    let kept = after["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["signature"] == n101.as_str())
        .unwrap();
    assert_eq!(kept["mark"], "dismissed");
    // Every change recorded: who, the old value and the new.
    let r = send(
        s,
        with(
            Some(&editor),
            Request::get(format!("/api/drafts/{id}/audit")),
        )
        .body(Body::empty())
        .unwrap(),
    )
    .await;
    let audit = r.json();
    let edit = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["action"] == "edit")
        .unwrap();
    assert_eq!(edit["user"], "ed");
    assert_eq!(edit["key"], "t4.review.total");
    assert_eq!(
        (edit["old"].as_str(), edit["new"].as_str()),
        (Some("3"), Some("4"))
    );
    assert!(audit
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["action"] == "mark" && c["new"] == "dismissed"));
    assert!(audit
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["action"] == "upload"));
    // A value that is not a number is refused, and nothing changes.
    let r = send(
        s,
        with(
            Some(&editor),
            Request::put(format!("/api/drafts/{id}/cells/t4.review.total")),
        )
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"value": "四"}"#))
        .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    // The page: the tables with the cells that have findings marked and numbered, the
    // findings with their excerpts, the source, the edit form and the downloads.
    let r = send(
        s,
        Request::get(format!("/drafts/{id}"))
            .header(header::COOKIE, &editor.cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let page = r.text();
    assert!(
        page.contains("id=\"c-t3.new.total\""),
        "cells carry their keys"
    );
    assert!(
        page.contains("class=\"cell has-finding"),
        "cells with findings are marked"
    );
    assert!(page.contains("class=\"badge\""), "and numbered");
    assert!(page.contains("class=\"finding sev-info dismissed\"") || page.contains("dismissed"));
    assert!(page.contains("id=\"L71\""), "the source view");
    assert!(page.contains("id=\"edit\""), "an editor may correct");
    assert!(page.contains(&format!("name=\"csrf\" value=\"{}\"", editor.csrf)));
    for format in ["docx", "xlsx", "csv"] {
        let r = send(
            s,
            Request::get(format!("/drafts/{id}/download/{format}"))
                .header(header::COOKIE, &editor.cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{format}");
        assert!(r.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains(format));
        // The corrected report: reading the download back gives the corrected cell.
        if format != "csv" {
            let back = gongkai_read::read(&format!("x.{format}"), &r.body).unwrap();
            assert_eq!(
                back.value("t4.review.total")
                    .unwrap()
                    .number()
                    .unwrap()
                    .as_int(),
                Some(4),
                "{format}"
            );
        } else {
            assert!(r.text().contains("t4.review.total"));
        }
    }
    // The form: correct through the page, with the session's CSRF token.
    let r = send(
        s,
        Request::post(format!("/drafts/{id}/cells"))
            .header(header::COOKIE, &editor.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "csrf={}&key=t4.review.total&value=5",
                editor.csrf
            )))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
}

#[tokio::test]
async fn roles_are_enforced() {
    let s = server("roles", 50 << 20);
    let editor = login(&s, "ed").await;
    let viewer = login(&s, "vi").await;
    let admin = login(&s, "admin").await;
    let id = upload(&s, &editor).await["id"].as_i64().unwrap();
    let put_cell = |who: Option<&Session>| {
        with(
            who,
            Request::put(format!("/api/drafts/{id}/cells/t4.review.total")),
        )
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"value": 4}"#))
        .unwrap()
    };
    // A viewer reads but may not correct.
    assert_eq!(
        send(&s, put_cell(Some(&viewer))).await.status,
        StatusCode::FORBIDDEN
    );
    let r = send(
        &s,
        with(Some(&viewer), Request::get(format!("/api/drafts/{id}")))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    // Nobody logged in: asked to log in.
    let r = send(&s, put_cell(None)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["error"]["code"], "login_required");
    let r = send(
        &s,
        Request::get("/api/corpus/reports")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = send(&s, Request::get("/corpus").body(Body::empty()).unwrap()).await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "a page sends a visitor to log in"
    );
    // Only an admin manages users.
    let new_user = |who: &Session| {
        with(Some(who), Request::post("/api/users"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                r#"{"name": "新人", "password": "password2", "role": "viewer"}"#,
            ))
            .unwrap()
    };
    assert_eq!(
        send(&s, new_user(&editor)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(send(&s, new_user(&admin)).await.status, StatusCode::CREATED);
    assert_eq!(
        send(&s, new_user(&admin)).await.status,
        StatusCode::CONFLICT
    );
    let r = send(
        &s,
        with(Some(&viewer), Request::get("/admin"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        r.text().contains("<!DOCTYPE html>"),
        "an error page, not JSON"
    );
    // Anonymous reading, when the admin allows it.
    let open = |who: &Session, yes: bool| {
        with(Some(who), Request::put("/api/settings"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({"anonymous_read": yes}).to_string()))
            .unwrap()
    };
    assert_eq!(
        send(&s, open(&editor, true)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(send(&s, open(&admin, true)).await.status, StatusCode::OK);
    let r = send(
        &s,
        Request::get("/api/corpus/reports")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = send(
        &s,
        Request::post("/api/check").body(Body::from(DRAFT)).unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    // …but a visitor still changes nothing.
    assert_eq!(
        send(&s, put_cell(None)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(send(&s, open(&admin, false)).await.status, StatusCode::OK);
    let r = send(
        &s,
        Request::get("/api/corpus/reports")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // Logged out, the session is gone.
    let r = send(
        &s,
        with(Some(&viewer), Request::post("/api/logout"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = send(
        &s,
        with(Some(&viewer), Request::get(format!("/api/drafts/{id}")))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn requests_without_the_csrf_token_are_refused() {
    let s = server("csrf", 50 << 20);
    let editor = login(&s, "ed").await;
    let id = upload(&s, &editor).await["id"].as_i64().unwrap();
    // The API: the session cookie alone is not enough.
    for token in [None, Some("forged")] {
        let mut b = Request::put(format!("/api/drafts/{id}/cells/t4.review.total"))
            .header(header::COOKIE, &editor.cookie)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(t) = token {
            b = b.header("x-csrf-token", t);
        }
        let r = send(&s, b.body(Body::from(r#"{"value": 4}"#)).unwrap()).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(r.json()["error"]["code"], "csrf");
    }
    // A form posted from elsewhere has the cookie (were SameSite ignored) but not the token.
    let r = send(
        &s,
        Request::post(format!("/drafts/{id}/cells"))
            .header(header::COOKIE, &editor.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("key=t4.review.total&value=4"))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.text().contains("CSRF"));
    // Nothing was changed.
    let r = send(
        &s,
        with(Some(&editor), Request::get(format!("/api/drafts/{id}")))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.json()["cells"]["t4.review.total"], 3);
    // The login form needs its own token, from its cookie.
    let r = send(
        &s,
        Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("csrf=abc&name=ed&password=password1"))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let form = send(&s, Request::get("/login").body(Body::empty()).unwrap()).await;
    let cookie = form.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let token = cookie.split_once('=').unwrap().1.to_string();
    let r = send(
        &s,
        Request::post("/login")
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "csrf={token}&name=ed&password=password1"
            )))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(r.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .starts_with("gk_session="));
}

#[tokio::test]
async fn logins_are_limited_and_uploads_bounded() {
    let s = server("limits", 4096);
    let wrong = || {
        Request::post("/api/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"name": "ed", "password": "nope"}"#))
            .unwrap()
    };
    for _ in 0..5 {
        assert_eq!(send(&s, wrong()).await.status, StatusCode::UNAUTHORIZED);
    }
    let r = send(&s, wrong()).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.json()["error"]["code"], "too_many_logins");
    // The right password is refused too until the minute is over.
    let r = send(
        &s,
        Request::post("/api/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"name": "ed", "password": "password1"}"#))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let viewer = login(&s, "vi").await;
    let r = send(
        &s,
        with(Some(&viewer), Request::post("/api/check"))
            .body(Body::from(vec![b'1'; 10_000]))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
    assert_eq!(r.json()["error"]["code"], "too_large");
    // A request over the time limit is told so.
    let dir = std::env::temp_dir().join(format!("gongkai-serve-{}-timeout", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite:{}", dir.join("t.db").display());
    // Open to visitors, so that the request reaches the reading.
    accounts::set_setting(
        &mut gongkai_store::open(&db).unwrap(),
        "anonymous_read",
        "1",
    )
    .unwrap();
    let config = Config {
        timeout: std::time::Duration::from_millis(1),
        ..Config::new(&db, "127.0.0.1:0".parse().unwrap())
    };
    let slow = Server {
        app: app(config).unwrap(),
        db: String::new(),
        dir,
    };
    // A long report takes far more than a millisecond to read.
    let long = format!(
        "{DRAFT}{}",
        "本机关继续加强政府信息公开工作。\n".repeat(20_000)
    );
    let r = send(
        &slow,
        Request::post("/api/check").body(Body::from(long)).unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::REQUEST_TIMEOUT);
    assert_eq!(r.json()["error"]["code"], "timeout");
}

#[tokio::test]
async fn corpus_pages_charts_and_errors() {
    let s = server("corpus", 50 << 20);
    // A small corpus: synthetic reports imported into the same store.
    let files = s.dir.join("files");
    std::fs::create_dir_all(&files).unwrap();
    let mut reports = Vec::new();
    for i in 0..14 {
        let r = gongkai_render::synth::report(3, i);
        std::fs::write(
            files.join(format!("r{i}.txt")),
            gongkai_render::text::render(&r, gongkai_render::text::Layout::Tabs),
        )
        .unwrap();
        reports.push(r);
    }
    let mut store = gongkai_store::open(&s.db).unwrap();
    gongkai_store::import(&mut store, &[files], |_, _| {}).unwrap();
    let viewer = login(&s, "vi").await;
    let get = |path: &str| {
        Request::get(path)
            .header(header::COOKIE, &viewer.cookie)
            .body(Body::empty())
            .unwrap()
    };
    let organ = reports[0].agency.clone().unwrap();
    let year = reports[0].year.unwrap();
    let r = send(&s, get("/corpus")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains(&organ));
    let r = send(&s, get(&format!("/corpus/missing?year={}", year + 1))).await;
    assert_eq!(r.status, StatusCode::OK);
    let enc: String = organ.bytes().map(|b| format!("%{b:02X}")).collect();
    let r = send(&s, get(&format!("/corpus/organ?name={enc}"))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.text().contains("→"), "a step from one year to the next");
    let r = send(&s, get(&format!("/api/corpus/organs/{enc}"))).await;
    assert!(!r.json()["steps"].as_array().unwrap().is_empty());
    let place = gongkai_store::organ::organ(&organ).place.unwrap();
    let penc: String = place.bytes().map(|b| format!("%{b:02X}")).collect();
    let r = send(
        &s,
        get(&format!("/corpus/rollup?region={penc}&year={year}")),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("<table>"), "the roll-up's tables");
    let r = send(
        &s,
        get(&format!("/api/corpus/rollup?region={penc}&year={year}")),
    )
    .await;
    assert!(r.json()["organs"].as_i64().unwrap() >= 1);
    for chart in [
        "outcomes?year=2023",
        "rates",
        "years",
        "places?year=2023",
        "organs?year=2023",
        &format!("organ?name={enc}"),
    ] {
        let r = send(&s, get(&format!("/charts/{chart}"))).await;
        assert_eq!(r.status, StatusCode::OK, "{chart}");
        assert_eq!(
            r.headers[header::CONTENT_TYPE],
            "image/svg+xml; charset=utf-8"
        );
        assert!(r.text().starts_with("<svg"), "{chart}");
        well_formed_svg(&r.text());
    }
    let r = send(&s, get("/charts/nothing")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = send(&s, get("/api/corpus/outcomes?year=2023")).await;
    assert!(r.json().as_array().unwrap().len() >= 6);
    let r = send(&s, get("/api/corpus/stats?by=organ")).await;
    assert!(!r.json().as_array().unwrap().is_empty());
    let r = send(&s, get(&format!("/api/corpus/missing?year={}", year + 1))).await;
    assert_eq!(r.status, StatusCode::OK);
    // English.
    let r = send(&s, get("/corpus?lang=en")).await;
    assert!(r.text().contains("Corpus") && r.text().contains("lang=\"en\""));
    assert!(r.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("gk_lang=en"));
    // Errors: a page for the UI, JSON for the API.
    let r = send(&s, get("/nowhere")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.text().contains("<!DOCTYPE html>"));
    let r = send(&s, get("/api/nowhere")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["error"]["code"], "not_found");
    let r = send(&s, get("/drafts/999")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Assets are in the binary.
    let r = send(
        &s,
        Request::get("/assets/app.js").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
}

/// An SVG image or fragment that is well-formed XML: an `svg` element (a labelled image) whose
/// elements all close.
fn well_formed_svg(svg: &str) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(svg);
    let (mut depth, mut first) = (0usize, None);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                if first.is_none() {
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    let attr = |a: &str| {
                        e.try_get_attribute(a)
                            .unwrap()
                            .map(|v| String::from_utf8_lossy(&v.value).into_owned())
                    };
                    assert_eq!(name, "svg", "{svg}");
                    assert_eq!(attr("role").as_deref(), Some("img"), "{svg}");
                    let labels = attr("aria-labelledby").expect("aria-labelledby");
                    let title = labels.split(' ').next().unwrap();
                    assert!(svg.contains(&format!("<title id=\"{title}\">")), "{svg}");
                    first = Some(name);
                }
                depth += 1;
            }
            Ok(Event::End(_)) => {
                depth -= 1;
                if depth == 0 {
                    assert_eq!(reader.buffer_position() as usize, svg.len(), "one element");
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}\n{svg}", reader.error_position()),
        }
    }
    assert_eq!(depth, 0);
    assert!(first.is_some(), "an svg element: {svg}");
}

/// Each `<svg>…</svg>` of a page.
fn svgs(page: &str) -> Vec<&str> {
    page.match_indices("<svg")
        .map(|(at, _)| {
            let end = page[at..].find("</svg>").expect("the svg ends") + at + "</svg>".len();
            &page[at..end]
        })
        .collect()
}

/// The words of a page's `main`: its text, without tags (nor attributes).
fn words(page: &str) -> String {
    let main = &page[page.find("<main>").unwrap()..page.find("</main>").unwrap()];
    let (mut out, mut tag) = (String::new(), false);
    for c in main.chars() {
        match c {
            '<' => tag = true,
            '>' => {
                tag = false;
                out.push(' ');
            }
            _ if !tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// A number as the charts print it: one decimal of a percentage.
fn pct(v: &Value) -> String {
    format!("{:.1}%", v.as_f64().unwrap() * 100.0)
}

#[tokio::test]
async fn charts_are_read_in_words_in_both_languages() {
    let s = server("charts", 50 << 20);
    let viewer = login(&s, "vi").await;
    let get = |path: &str| {
        Request::get(path)
            .header(header::COOKIE, &viewer.cookie)
            .body(Body::empty())
            .unwrap()
    };
    // No reports yet: no chart, and says so.
    let r = send(&s, get("/corpus/charts")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("无数据") && !r.text().contains("<svg"));
    let r = send(&s, get("/corpus/charts?lang=en")).await;
    assert!(r.text().contains("No data") && !r.text().contains("<svg"));
    let r = send(&s, get("/charts/outcomes")).await;
    assert!(r.text().contains("无数据"));
    well_formed_svg(&r.text());

    // Two places' organs over seven years, and an organ whose name holds markup (in a cells
    // JSON: the readers of text would not take it for a name).
    let files = s.dir.join("files");
    std::fs::create_dir_all(&files).unwrap();
    for i in (0..14).chain(70..76) {
        let r = gongkai_render::synth::report(3, i);
        std::fs::write(
            files.join(format!("r{i}.txt")),
            gongkai_render::text::render(&r, gongkai_render::text::Layout::Tabs),
        )
        .unwrap();
    }
    let mut hostile = gongkai_render::synth::report(3, 76);
    hostile.agency = Some("青白县<script>alert(1)</script>局".to_string());
    std::fs::write(
        files.join("hostile.json"),
        serde_json::to_string(&hostile.cells_view()).unwrap(),
    )
    .unwrap();
    let mut store = gongkai_store::open(&s.db).unwrap();
    let summary = gongkai_store::import(&mut store, &[files], |_, _| {}).unwrap();
    for (path, outcome) in &summary.files {
        assert!(
            matches!(outcome, gongkai_store::import::Outcome::Imported),
            "{path:?}: {outcome:?}"
        );
    }

    let data = send(&s, get("/api/corpus/charts")).await.json();
    let year = data["year"].as_i64().unwrap();
    assert_eq!(year, 2025, "the latest year: {data}");
    assert_eq!(data["by_year"].as_array().unwrap().len(), 7);
    assert!(data["by_place"].as_array().unwrap().len() >= 2, "{data}");
    let organs: Vec<&str> = data["by_organ"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["group"].as_str().unwrap())
        .collect();
    assert!(organs.iter().any(|o| o.contains("<script>")), "{organs:?}");
    // The answer is what the API's document says it is.
    let mut schema = send(&s, get("/api/openapi.json")).await.json();
    schema["$ref"] = json!("#/components/schemas/ChartsView");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&data)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(
        !validator.is_valid(&json!({"years": "2025"})),
        "the schema checks"
    );

    let zh = send(&s, get("/corpus/charts")).await.text();
    // Labels in words, each bar with its count and share, as the API has them.
    assert!(
        zh.contains("（一）予以公开") && zh.contains("（二）部分公开"),
        "{zh}"
    );
    let granted = &data["outcomes"]["outcomes"][0];
    assert_eq!(granted["row"], "granted");
    let bar = format!(
        "{} 件 · {}",
        granted["requests"].as_f64().unwrap(),
        pct(&granted["share"])
    );
    assert!(zh.contains(&bar), "{bar}");
    // Rates with what they are of.
    let last = data["by_year"].as_array().unwrap().last().unwrap();
    let rate = &last["disclosure"];
    let of = format!(
        "{} · {}/{}",
        pct(&rate["rate"]),
        rate["count"].as_f64().unwrap(),
        rate["of"].as_f64().unwrap()
    );
    assert!(zh.contains(&of), "{of}");
    let stats = send(&s, get("/api/corpus/stats")).await.json();
    let want = stats.as_array().unwrap().last().unwrap()["disclosure_rate"]
        .as_f64()
        .unwrap();
    assert!((rate["rate"].as_f64().unwrap() - want).abs() < 1e-9);
    // Four charts, each a labelled image, each followed by its data as a table.
    let charts = svgs(&zh);
    assert_eq!(charts.len(), 4, "{zh}");
    for svg in &charts {
        well_formed_svg(svg);
        assert!(svg.contains("<rect"), "{svg}");
    }
    assert_eq!(zh.matches("<table class=\"data\">").count(), 4);
    assert_eq!(zh.matches("<caption>").count(), 4);
    assert!(zh.contains("<th scope=\"col\">") && zh.contains("<th scope=\"row\">"));
    assert!(zh.contains("公开率") && zh.contains("复议纠错率"));
    // No keys, and no English, in the Chinese page (the hostile name aside).
    assert!(!zh.contains("t3."), "a cell key on the page");
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    let text = words(&zh).replace(escaped, "");
    assert!(
        !text.chars().any(|c| c.is_ascii_alphabetic()),
        "English on the Chinese page: {text}"
    );
    // The organ's name is printed as text, never as markup.
    assert!(zh.contains(escaped), "{zh}");
    assert!(!zh.contains("<script>alert"));
    let organs_svg = send(&s, get("/charts/organs")).await.text();
    assert!(organs_svg.contains(escaped) && !organs_svg.contains("<script>"));

    let en = send(&s, get("/corpus/charts?lang=en")).await.text();
    assert!(en.contains("lang=\"en\""));
    assert!(
        en.contains(">Disclosed<") && en.contains("Partly disclosed"),
        "{en}"
    );
    assert!(!en.contains("予以公开") && !en.contains("t3."));
    let data_en = send(&s, get("/api/corpus/charts?lang=en")).await.json();
    let granted = &data_en["outcomes"]["outcomes"][0];
    assert_eq!(granted["label"], "Disclosed");
    let bar = format!(
        "{} requests · {}",
        granted["requests"].as_f64().unwrap(),
        pct(&granted["share"])
    );
    assert!(en.contains(&bar), "{bar}");
    assert!(en.contains(&of) && en.contains("Disclosure rate"));
    assert_eq!(svgs(&en).len(), 4);
    svgs(&en).iter().for_each(|svg| well_formed_svg(svg));
    assert_eq!(en.matches("<caption>").count(), 4);
    assert!(en.contains(escaped) && !en.contains("<script>alert"));

    // Another year is chosen by its link.
    let r = send(&s, get("/corpus/charts?year=2019")).await.text();
    assert!(r.contains("2019 年申请办理结果"));
    assert!(r.contains("aria-current=\"page\">2019<"));
}

/// The corpus browsed: the page and its API from one view model, facets that keep their
/// values, pages, search, exports with the filters, a stored report opened with the year
/// before, and bad criteria answered as errors.
#[tokio::test]
async fn the_corpus_is_browsed_searched_exported_and_opened() {
    let s = server("browse", 50 << 20);
    let files = s.dir.join("files");
    std::fs::create_dir_all(&files).unwrap();
    let organs = ["甲县财政局", "甲县民政局", "乙县民政局", "乙县人民政府"];
    for (i, name) in organs.iter().enumerate() {
        for year in [2022, 2023] {
            let mut r = gongkai_render::synth::report(90 + i as u64, year as u64);
            r.agency = Some(name.to_string());
            r.year = Some(year);
            r.title = Some(format!("{name}{year}年政府信息公开工作年度报告"));
            if i == 2 {
                r.sections[0].body.push_str("本机关推行阳光救助工作。");
            }
            std::fs::write(
                files.join(format!("{name}{year}.txt")),
                gongkai_render::text::render(&r, gongkai_render::text::Layout::Tabs),
            )
            .unwrap();
        }
    }
    let mut store = gongkai_store::open(&s.db).unwrap();
    gongkai_store::import(&mut store, &[files], |_, _| {}).unwrap();
    let viewer = login(&s, "vi").await;
    let get = |path: &str| {
        Request::get(path)
            .header(header::COOKIE, &viewer.cookie)
            .body(Body::empty())
            .unwrap()
    };
    let all = send(&s, get("/api/corpus/reports")).await.json();
    assert_eq!(
        (all["total"].as_i64(), all["organs"].as_i64()),
        (Some(8), Some(4))
    );
    // A year chosen: its facet still offers both years, each with its count.
    let r = send(&s, get("/api/corpus/reports?year=2023&per=2"))
        .await
        .json();
    assert_eq!(
        (r["total"].as_i64(), r["pages"].as_i64()),
        (Some(4), Some(2))
    );
    assert_eq!(r["rows"].as_array().unwrap().len(), 2);
    let years = &r["facets"][0];
    assert_eq!(years["name"], "year");
    assert_eq!(years["values"][0]["count"], 4);
    assert_eq!(years["values"][1]["count"], 4);
    assert_eq!(years["values"][0]["selected"], true);
    // The href of a value leads to the page with it; a chosen one's clears it.
    assert_eq!(years["values"][0]["href"], "/corpus?per=2");
    assert_eq!(years["values"][1]["href"], "/corpus?year=2022&per=2");
    let second = send(&s, get("/api/corpus/reports?year=2023&per=2&page=2"))
        .await
        .json();
    let ids = |v: &Value| -> Vec<i64> {
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect()
    };
    assert!(ids(&r).iter().all(|i| !ids(&second).contains(i)));
    // The page shows the same: the facets, the pager, the rows linking to stored reports.
    let page = send(&s, get("/corpus?year=2023&per=2")).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("aria-label=\"分面筛选\""), "{html}");
    assert!(html.contains("rel=\"next\""));
    assert!(html.contains(&format!("href=\"/corpus/reports/{}\"", ids(&r)[0])));
    assert!(html.contains("<strong>4</strong> 份报告"));
    // Search by organ name and by text.
    let r = send(&s, get("/api/corpus/reports?q=%E6%B0%91%E6%94%BF"))
        .await
        .json();
    assert_eq!(r["total"], 4);
    let r = send(
        &s,
        get("/api/corpus/reports?text=%E9%98%B3%E5%85%89%E6%95%91%E5%8A%A9"),
    )
    .await
    .json();
    assert_eq!(r["total"], 2);
    assert!(r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["organ"] == "乙县民政局"));
    let r = send(&s, get("/api/corpus/reports?text=%E5%B1%80"))
        .await
        .json();
    assert_eq!(
        (r["total"].as_i64(), r["text_ignored"].as_bool()),
        (Some(8), Some(true))
    );
    // Exports hold every row the criteria keep, not a page.
    let csv = send(&s, get("/corpus/export.csv?year=2023&per=1")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert_eq!(csv.text().lines().count(), 5, "{}", csv.text());
    let json = send(&s, get("/corpus/export.json?year=2023")).await.json();
    assert_eq!(json.as_array().unwrap().len(), 4);
    let xlsx = send(&s, get("/corpus/export.xlsx?year=2022")).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.body.starts_with(b"PK"));
    assert_eq!(
        send(&s, get("/corpus/export.pdf")).await.status,
        StatusCode::NOT_FOUND
    );
    // A stored report opens, with the year before beside it.
    let r = send(
        &s,
        get("/api/corpus/reports?year=2023&q=%E7%94%B2%E5%8E%BF%E8%B4%A2%E6%94%BF"),
    )
    .await
    .json();
    let id = r["rows"][0]["id"].as_i64().unwrap();
    let stored = send(&s, get(&format!("/api/corpus/reports/{id}")))
        .await
        .json();
    assert_eq!(stored["organ"], "甲县财政局");
    assert_eq!(stored["year"], 2023);
    assert!(stored["cells"].as_object().unwrap().len() > 100);
    assert!(stored["source"].as_str().unwrap().contains("甲县财政局"));
    assert_eq!(stored["versions"].as_array().unwrap().len(), 1);
    assert_eq!(stored["previous"]["year"], 2022);
    let page = send(&s, get(&format!("/corpus/reports/{id}"))).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("与上一年度对比") && html.contains("class=\"source\""));
    // Every synthetic report prints the same section 五: repeated from last year's report and
    // from the other organs', each passage beside its source with a link to it.
    let repeats = stored["repeats"].as_array().unwrap();
    let five = |from: &str| {
        repeats
            .iter()
            .find(|r| r["from"] == from && r["section"] == 5)
            .unwrap_or_else(|| panic!("{from}: {repeats:?}"))
    };
    assert_eq!(five("last-year")["share"], 1.0);
    assert_eq!(five("last-year")["passages"][0]["organ"], "甲县财政局");
    assert_eq!(five("last-year")["passages"][0]["year"], 2022);
    let other = five("others")["passages"][0]["organ"].as_str().unwrap();
    assert!(organs[1..].contains(&other), "{other}");
    assert!(html.contains("文字重复") && html.contains("class=\"side-by-side\""));
    assert!(html.contains(&format!(
        "href=\"/corpus/reports/{}\"",
        five("others")["passages"][0]["report_id"]
    )));
    let en = send(&s, get(&format!("/corpus/reports/{id}?lang=en")))
        .await
        .text();
    assert!(en.contains("Against the year before"));
    assert!(en.contains("Repeated text"));
    assert_eq!(
        send(&s, get("/corpus/reports/999999")).await.status,
        StatusCode::NOT_FOUND
    );
    // Bad criteria: JSON errors for the API, a page for the UI.
    for bad in ["year=abc", "errors=maybe", "sort=size", "page=x"] {
        let r = send(&s, get(&format!("/api/corpus/reports?{bad}"))).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(r.json()["error"]["code"], "bad_request");
        let r = send(&s, get(&format!("/corpus?{bad}"))).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(
            r.text().contains("<nav"),
            "{bad}: the page keeps the navigation"
        );
    }
    // A form's empty fields are no criteria.
    let r = send(&s, get("/api/corpus/reports?q=&text=&year="))
        .await
        .json();
    assert_eq!(r["total"], 8);
}

/// What a hostile report carries into every page: markup in its organ's name, its title, its
/// sections and its file's name. Each page must print it as text.
const HOSTILE: &str = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>javascript:alert(1)";

fn percent(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// Every page, with a report whose agency, title and sections hold markup, a file name and
/// criteria that do too: the markup appears only escaped, and no link leads to `javascript:`.
#[tokio::test]
async fn every_page_prints_hostile_text_escaped() {
    let s = server("hostile", 50 << 20);
    let files = s.dir.join("files");
    std::fs::create_dir_all(&files).unwrap();
    for year in [2022, 2023] {
        let mut r = gongkai_render::synth::report(5, year as u64);
        r.agency = Some("青山县财政局".to_string());
        r.year = Some(year);
        r.title = Some(format!("青山县财政局{year}年政府信息公开工作年度报告"));
        for section in &mut r.sections {
            section.body.push_str(HOSTILE);
        }
        let text = gongkai_render::text::render(&r, gongkai_render::text::Layout::Tabs);
        std::fs::write(files.join(format!("r{year}.txt")), &text).unwrap();
    }
    let mut store = gongkai_store::open(&s.db).unwrap();
    gongkai_store::import(&mut store, std::slice::from_ref(&files), |_, _| {}).unwrap();
    // The reader takes no markup for an organ's name (a title with tags is a page's, and
    // it reads the page): the store is given one, as a future reader might let through.
    let organ = format!("{HOSTILE}青山县财政局");
    store
        .execute(
            "UPDATE organs SET name = $1, place = $1",
            &[organ.clone().into()],
        )
        .unwrap();
    store
        .execute("UPDATE corpus_generation SET n = n + 1", &[])
        .unwrap();
    let admin = login(&s, "admin").await;
    let text = std::fs::read(files.join("r2023.txt")).unwrap();
    let r = send(
        &s,
        with(
            Some(&admin),
            Request::post(format!("/api/drafts?name={}", percent(HOSTILE))),
        )
        .body(Body::from(text))
        .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let draft = r.json()["id"].as_i64().unwrap();
    let stored = send(
        &s,
        with(Some(&admin), Request::get("/api/corpus/reports?year=2023"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .json()["rows"][0]["id"]
        .as_i64()
        .unwrap();
    assert!(
        send(
            &s,
            with(
                Some(&admin),
                Request::get(format!("/api/corpus/reports/{stored}"))
            )
            .body(Body::empty())
            .unwrap()
        )
        .await
        .json()["organ"]
            .as_str()
            .unwrap()
            .contains("<script>"),
        "the organ's name is stored as printed"
    );
    let h = percent(HOSTILE);
    let o = percent(&organ);
    let pages = [
        "/".to_string(),
        format!("/drafts/{draft}"),
        "/corpus".to_string(),
        format!("/corpus?q={h}&text={h}&region={h}&place={h}&code={h}"),
        format!("/corpus/reports/{stored}"),
        format!("/corpus/organ?name={o}"),
        format!("/corpus/missing?year=2024&region={h}"),
        "/corpus/missing?year=2024".to_string(),
        format!("/corpus/rollup?year=2023&region={o}"),
        "/corpus/charts?year=2023".to_string(),
        "/admin".to_string(),
        format!("/nowhere/{h}"),
    ];
    for lang in ["", "lang=en"] {
        for path in &pages {
            let sep = if path.contains('?') { '&' } else { '?' };
            let path = if lang.is_empty() {
                path.clone()
            } else {
                format!("{path}{sep}{lang}")
            };
            let r = send(
                &s,
                with(Some(&admin), Request::get(&path))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            let html = r.text();
            assert!(html.contains("<!DOCTYPE html>"), "{path}: {}", r.status);
            for raw in [
                "<script>alert",
                "<img src=x",
                "\"><img",
                "href=\"javascript:",
                "src=\"javascript:",
            ] {
                assert!(!html.contains(raw), "{path} prints {raw:?} unescaped");
            }
        }
    }
    // The hostile text is there, escaped, where the report is shown.
    for path in [
        "/corpus".to_string(),
        format!("/corpus/reports/{stored}"),
        format!("/drafts/{draft}"),
    ] {
        let html = send(
            &s,
            with(Some(&admin), Request::get(&path))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .text();
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_openapi_document_lists_every_api_route() {
    let s = server("openapi", 50 << 20);
    let r = send(
        &s,
        Request::get("/api/openapi.json")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let doc = r.json();
    assert_eq!(doc["openapi"], "3.1.0");
    // For CI's OpenAPI validator (openapi-spec-validator), which checks it against the spec.
    std::fs::write(
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("openapi.json"),
        r.text(),
    )
    .unwrap();
    let routes = include_str!("../src/lib.rs");
    let mut n = 0;
    // A route whose line is long is written over several, its path on the next line.
    for call in routes.split(".route(").skip(1) {
        let Some(rest) = call.trim_start().strip_prefix("\"/api/") else {
            continue;
        };
        let path = format!("/api/{}", &rest[..rest.find('"').unwrap()]);
        assert!(
            doc["paths"].get(&path).is_some(),
            "{path} is not in openapi.json"
        );
        n += 1;
    }
    assert!(n >= 15);
}

/// Twenty corrections of different cells of one draft sent at once: each answers 200, and the
/// stored draft keeps all twenty (each used to read the draft, correct its own cell and write
/// the whole back, so that the last writers undid the others).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_corrections_are_all_kept() {
    corrections_at_once(&server("corrections", 50 << 20)).await;
}

#[test]
fn simultaneous_corrections_are_all_kept_on_postgresql() {
    if let Some(s) = server_pg("corrections") {
        tokio::runtime::Runtime::new()
            .unwrap()
            .block_on(corrections_at_once(&s));
    }
}

async fn corrections_at_once(s: &Server) {
    let editor = login(s, "ed").await;
    let draft = upload(s, &editor).await;
    let id = draft["id"].as_i64().unwrap();
    let keys: Vec<String> = draft["cells"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| k.starts_with("t3."))
        .take(20)
        .cloned()
        .collect();
    assert_eq!(keys.len(), 20);
    let tasks: Vec<_> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            let app = s.app.clone();
            let request = with(
                Some(&editor),
                Request::put(format!("/api/drafts/{id}/cells/{key}")),
            )
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({ "value": 1000 + i }).to_string()))
            .unwrap();
            tokio::spawn(async move { app.oneshot(request).await.unwrap().status() })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::OK);
    }
    let r = send(
        s,
        with(Some(&editor), Request::get(format!("/api/drafts/{id}")))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let after = r.json();
    let lost: Vec<&String> = keys
        .iter()
        .enumerate()
        .filter(|(i, k)| after["cells"][k.as_str()] != json!(1000 + i))
        .map(|(_, k)| k)
        .collect();
    assert!(lost.is_empty(), "corrections lost: {lost:?}");
    let audit = send(
        s,
        with(
            Some(&editor),
            Request::get(format!("/api/drafts/{id}/audit")),
        )
        .body(Body::empty())
        .unwrap(),
    )
    .await
    .json();
    let edits = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["action"] == "edit")
        .count();
    assert_eq!(edits, 20);
}

/// A form posted with the session's CSRF token.
async fn login_with(s: &Server, name: &str, password: &str) -> StatusCode {
    send(
        s,
        Request::post("/api/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({"name": name, "password": password}).to_string(),
            ))
            .unwrap(),
    )
    .await
    .status
}

async fn user_list(s: &Server, admin: &Session) -> Value {
    send(
        s,
        with(Some(admin), Request::get("/api/users"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .json()
}

fn user_id(users: &Value, name: &str) -> i64 {
    users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {users}"))["id"]
        .as_i64()
        .unwrap()
}

/// The administrator's forms change a role, reset a password, disable, enable and delete a
/// user, each recorded in the audit trail; the API does the same. (Changing a role from the
/// page answered 500 on SQLite: a transaction was opened inside another.)
#[tokio::test]
async fn accounts_are_managed_from_the_web() {
    manage_accounts(&server("accounts", 50 << 20)).await;
}

#[test]
fn accounts_are_managed_from_the_web_on_postgresql() {
    if let Some(s) = server_pg("accounts") {
        tokio::runtime::Runtime::new()
            .unwrap()
            .block_on(manage_accounts(&s));
    }
}

async fn manage_accounts(s: &Server) {
    let admin = login(s, "admin").await;
    let editor = login(s, "ed").await;
    let draft = upload(s, &editor).await["id"].as_i64().unwrap();
    let users = user_list(s, &admin).await;
    let (ed, vi, me) = (
        user_id(&users, "ed"),
        user_id(&users, "vi"),
        user_id(&users, "admin"),
    );
    let page = send(
        s,
        with(Some(&admin), Request::get("/admin"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .text();
    for action in ["", "/disable", "/delete"] {
        assert!(
            page.contains(&format!("action=\"/admin/users/{ed}{action}\"")),
            "{action}"
        );
    }

    // A new role; the user's session goes on.
    let r = send(
        s,
        form(
            &admin,
            &format!("/admin/users/{ed}"),
            "role=viewer&password=",
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let users = user_list(s, &admin).await;
    assert_eq!(users[user_index(&users, "ed")]["role"], "viewer");
    let me_now = |session: &Session| {
        with(Some(session), Request::get("/api/me"))
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(send(s, me_now(&editor)).await.json()["role"], "viewer");

    // Passwords that break the rules are refused with the rule.
    for (password, zh) in [
        ("%20%20%20%20%20%20%20%20", "密码不能全是空白"),
        ("short", "密码至少 8 个字符"),
        ("ED", "密码至少 8 个字符"),
    ] {
        let r = send(
            s,
            form(
                &admin,
                &format!("/admin/users/{ed}"),
                &format!("role=viewer&password={password}"),
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{password}");
        assert!(r.text().contains(zh), "{password}: {}", r.text());
    }
    let r = send(
        s,
        api(
            &admin,
            "POST",
            "/api/users",
            json!({"name": "Reviewer", "password": "reviewer", "role": "viewer"}),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"]["code"], "bad_password");
    assert_eq!(r.json()["error"]["message"], "密码不能与用户名相同");
    assert_eq!(
        r.json()["error"]["message_en"],
        "the password must not be the user name"
    );
    for name in ["ad\u{202E}nimda", "a\nb", &"长".repeat(65)] {
        let r = send(
            s,
            api(
                &admin,
                "POST",
                "/api/users",
                json!({"name": name, "password": "password9", "role": "viewer"}),
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{name:?}");
        assert_eq!(r.json()["error"]["code"], "bad_name", "{name:?}");
    }

    // A new password ends the user's sessions; the old one no longer logs in.
    let r = send(
        s,
        form(
            &admin,
            &format!("/admin/users/{ed}"),
            "role=viewer&password=new-password-9",
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(send(s, me_now(&editor)).await.json()["user"].is_null());
    assert_eq!(
        login_with(s, "ed", "password1").await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(login_with(s, "ed", "new-password-9").await, StatusCode::OK);

    // Disabled: the sessions end and logging in fails; enabled again, it works.
    let r = send(
        s,
        Request::post("/api/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                r#"{"name": "ed", "password": "new-password-9"}"#,
            ))
            .unwrap(),
    )
    .await;
    let cookie = r.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let ed_session = Session {
        cookie,
        csrf: r.json()["csrf"].as_str().unwrap().to_string(),
    };
    let r = send(
        s,
        form(&admin, &format!("/admin/users/{ed}/disable"), "disabled=1"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(send(s, me_now(&ed_session)).await.json()["user"].is_null());
    assert_eq!(
        login_with(s, "ed", "new-password-9").await,
        StatusCode::UNAUTHORIZED
    );
    let users = user_list(s, &admin).await;
    assert_eq!(users[user_index(&users, "ed")]["disabled"], true);
    let page = send(
        s,
        with(Some(&admin), Request::get("/admin"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .text();
    assert!(page.contains("已停用"));
    let r = send(
        s,
        form(&admin, &format!("/admin/users/{ed}/disable"), "disabled=0"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(login_with(s, "ed", "new-password-9").await, StatusCode::OK);

    // Deleting asks for the box to be ticked; what the user did keeps their name.
    let r = send(s, form(&admin, &format!("/admin/users/{ed}/delete"), "")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = send(
        s,
        form(&admin, &format!("/admin/users/{ed}/delete"), "confirm=1"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let users = user_list(s, &admin).await;
    assert!(users.as_array().unwrap().iter().all(|u| u["name"] != "ed"));
    let trail = send(
        s,
        with(
            Some(&admin),
            Request::get(format!("/api/drafts/{draft}/audit")),
        )
        .body(Body::empty())
        .unwrap(),
    )
    .await
    .json();
    let uploaded = trail
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["action"] == "upload")
        .unwrap();
    assert_eq!(uploaded["user"], "ed");
    let page = send(
        s,
        with(Some(&admin), Request::get("/admin"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .text();
    // The trail says what was done in words, not the store's action names.
    for action in ["修改角色", "修改密码", "停用用户", "启用用户", "删除用户"] {
        assert!(
            page.contains(&format!("<td>{action}</td><td>ed</td>")),
            "{action} is not in the audit trail"
        );
    }

    // The API: a role, then deletion; the last administrator stays one.
    let r = send(
        s,
        api(
            &admin,
            "PUT",
            &format!("/api/users/{vi}"),
            json!({"role": "editor"}),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["role"], "editor");
    for body in [json!({"disabled": true}), json!({"role": "viewer"})] {
        let r = send(s, api(&admin, "PUT", &format!("/api/users/{me}"), body)).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert_eq!(r.json()["error"]["code"], "last_admin");
    }
    let r = send(
        s,
        api(&admin, "DELETE", &format!("/api/users/{me}"), json!(null)),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = send(
        s,
        api(&admin, "DELETE", &format!("/api/users/{vi}"), json!(null)),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = send(
        s,
        api(&admin, "DELETE", &format!("/api/users/{vi}"), json!(null)),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Only an administrator, with the CSRF token.
    let r = send(
        s,
        with(None, Request::put(format!("/api/users/{me}")))
            .header(header::COOKIE, &admin.cookie)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"role": "viewer"}"#))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["error"]["code"], "csrf");
}

fn user_index(users: &Value, name: &str) -> usize {
    users
        .as_array()
        .unwrap()
        .iter()
        .position(|u| u["name"] == name)
        .unwrap()
}

/// Uploads count against a quota per user and 24 hours that the administrator sets: the one
/// past it is refused with 429 and the JSON error (a page from the form); an administrator is
/// not held to it. The listing gives each draft's findings by severity.
#[tokio::test]
async fn uploads_are_held_to_the_quota_and_listed_with_their_findings() {
    let s = server("quota", 50 << 20);
    let admin = login(&s, "admin").await;
    let viewer = login(&s, "vi").await;
    let r = send(
        &s,
        api(
            &admin,
            "PUT",
            "/api/settings",
            json!({"upload_count_per_day": 2}),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(
        r.json(),
        json!({"anonymous_read": false, "upload_count_per_day": 2, "upload_mb_per_day": 200})
    );
    let first = upload(&s, &viewer).await;
    upload(&s, &viewer).await;
    let r = send(
        &s,
        with(Some(&viewer), Request::post("/api/drafts?name=draft.txt"))
            .body(Body::from(DRAFT))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text());
    let e = r.json();
    assert_eq!(e["error"]["code"], "quota");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("最多上传 2 份"),
        "{e}"
    );
    assert!(e["error"]["message_en"]
        .as_str()
        .unwrap()
        .contains("2 files"));
    // The upload form answers with a page.
    let boundary = "XyZ";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n{DRAFT}\r\n--{boundary}--\r\n",
        viewer.csrf
    );
    let r = send(
        &s,
        Request::post("/check")
            .header(header::COOKIE, &viewer.cookie)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().contains("<!DOCTYPE html>") && r.text().contains("上传限额"));
    // An administrator is not limited.
    for _ in 0..3 {
        upload(&s, &admin).await;
    }
    // Megabytes: with none allowed, even a small file is refused.
    let r = send(
        &s,
        form(
            &admin,
            "/admin/settings",
            "upload_count_per_day=50&upload_mb_per_day=0",
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = send(
        &s,
        with(Some(&viewer), Request::post("/api/drafts?name=draft.txt"))
            .body(Body::from(DRAFT))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let page = send(
        &s,
        with(Some(&admin), Request::get("/admin"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .text();
    assert!(page.contains(
        "name=\"upload_count_per_day\" type=\"number\" min=\"0\" size=\"6\" value=\"50\""
    ));
    assert!(page.contains("<td>修改设置</td><td>每日上传份数</td><td>2</td><td>50</td>"));
    assert!(page.contains("<td>修改设置</td><td>每日上传容量（MB）</td><td></td><td>0</td>"));
    let r = send(
        &s,
        api(
            &admin,
            "PUT",
            "/api/settings",
            json!({"upload_mb_per_day": -1}),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    // The listing: each draft with its findings by severity, as its page counts them.
    let listed = send(
        &s,
        with(Some(&viewer), Request::get("/api/drafts"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .json();
    assert_eq!(listed.as_array().unwrap().len(), 5);
    let count = |severity: &str| {
        first["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == severity)
            .count()
    };
    let entry = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == first["id"])
        .unwrap();
    assert_eq!(entry["agency"], "青山县人民政府办公室");
    assert_eq!(entry["year"], 2023);
    assert_eq!(entry["errors"], count("error"));
    assert_eq!(entry["warnings"], count("warning"));
    assert_eq!(entry["notices"], count("info"));
    assert!(count("error") > 0);
    assert_eq!(entry["owner"], "vi");
}
