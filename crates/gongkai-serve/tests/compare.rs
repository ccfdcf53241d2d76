//! The web's comparison report of an organ's two years: the page from the organ's history,
//! its DOCX download and its JSON, from the real reports of 平潭综合实验区 2023 and 2024.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use std::io::Read;
use std::path::Path;

mod common;
use common::*;

const ORGAN: &str = "平潭综合实验区";

fn percent(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// A server whose store holds the two real reports; `None` where the corpus is absent.
fn pingtan(name: &str) -> Option<Server> {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
    if !real.exists() {
        assert!(
            std::env::var_os("GONGKAI_NO_CORPUS").is_some(),
            "{} is absent",
            real.display()
        );
        return None;
    }
    let s = server(name, 50 << 20);
    let files = s.dir.join("files");
    std::fs::create_dir_all(&files).unwrap();
    for year in [2023, 2024] {
        let file = format!("pingtan-{year}.html");
        std::fs::copy(real.join(&file), files.join(&file)).unwrap();
    }
    let mut store = gongkai_store::open(&s.db).unwrap();
    gongkai_store::import(&mut store, &[files], |_, _| {}).unwrap();
    Some(s)
}

#[tokio::test]
async fn an_organs_two_years_compared_as_a_page_a_docx_and_json() {
    let Some(s) = pingtan("compare") else {
        return;
    };
    let viewer = login(&s, "vi").await;
    let get = |path: &str| {
        Request::get(path)
            .header(header::COOKIE, &viewer.cookie)
            .body(Body::empty())
            .unwrap()
    };
    let o = percent(ORGAN);
    // The organ's history links each step to its comparison.
    let r = send(&s, get(&format!("/corpus/organ?name={o}"))).await;
    assert_eq!(r.status, StatusCode::OK);
    let history = r.text();
    assert!(history.contains("/corpus/organ/compare?name="), "{history}");
    assert!(history.contains("from=2023&amp;to=2024"), "{history}");

    let r = send(
        &s,
        get(&format!("/corpus/organ/compare?name={o}&from=2023&to=2024")),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let page = r.text();
    assert!(page.contains("<h1>平潭综合实验区2023—2024年度政府信息公开工作年度报告对比</h1>"));
    // 行政许可: 2629 decisions in 2023, 4529 in 2024.
    assert!(
        page.contains(
            "<td>行政许可</td><td>本年处理决定数量</td><td>2629</td><td>4529</td><td>+1900</td>"
        ),
        "{page}"
    );
    assert!(
        page.contains("<td>公开率</td><td>51.9%</td><td>45.9%</td><td>-6.0</td>"),
        "{page}"
    );
    assert!(page.contains("六、文字对比") && page.contains("一、总体情况"));
    assert!(page.contains("Y102"), "the rules across years: {page}");
    let en = send(
        &s,
        get(&format!(
            "/corpus/organ/compare?name={o}&from=2023&to=2024&lang=en"
        )),
    )
    .await;
    assert!(en.text().contains("Download DOCX"), "{}", en.text());

    // The DOCX the command line writes.
    let r = send(
        &s,
        get(&format!(
            "/corpus/organ/compare?name={o}&from=2023&to=2024&format=docx"
        )),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert!(r.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("attachment;"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.body.to_vec())).unwrap();
    let mut document = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut document)
        .unwrap();
    assert!(document.contains("一、主要指标") && document.contains("<w:tbl>"));

    // The JSON, as the OpenAPI document describes it.
    let path = format!("/api/corpus/organs/{o}/compare?from=2023&to=2024");
    let r = send(&s, get(&path)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    assert_eq!(v["organ"], ORGAN);
    assert_eq!(v["rates"].as_array().unwrap().len(), 4);
    let t2 = &v["tables"][0];
    assert_eq!(t2["table"], "t2");
    let licensing = t2["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "t2.licensing.decisions")
        .unwrap();
    assert_eq!(
        (
            &licensing["before"],
            &licensing["after"],
            &licensing["change"]
        ),
        (&"2629".into(), &"4529".into(), &"+1900".into())
    );
    assert_eq!(v["text"].as_array().unwrap().len(), 6);

    // A year not stored, and years the wrong way round, are said.
    let r = send(
        &s,
        get(&format!("/api/corpus/organs/{o}/compare?from=2021&to=2024")),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("2021"));
    let r = send(
        &s,
        get(&format!("/api/corpus/organs/{o}/compare?from=2024&to=2023")),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = send(
        &s,
        get(&format!(
            "/corpus/organ/compare?name={o}&from=2023&to=2024&format=pdf"
        )),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = send(
        &s,
        get(&format!("/corpus/organ/compare?name={o}&from=x&to=2024")),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    // Not signed in: not shown.
    let r = send(
        &s,
        Request::get(format!("/api/corpus/organs/{o}/compare?from=2023&to=2024"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(
        r.status == StatusCode::UNAUTHORIZED || r.status == StatusCode::FORBIDDEN,
        "{}",
        r.status
    );
}
