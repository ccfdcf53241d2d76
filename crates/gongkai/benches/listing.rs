//! `cargo bench -p gongkai --bench listing`: the pages that list the drafts under review
//! (`GET /` and `GET /api/drafts`) against `gongkai serve` (the release binary) with 330
//! drafts in its store, each the shipped draft report, then with one more of 27 MB; prints the
//! median of 20 requests each.

#[allow(dead_code)]
#[path = "../tests/common/server.rs"]
mod server;

use std::time::{Duration, Instant};

const DRAFTS: usize = 330;
const REQUESTS: usize = 20;

fn main() {
    let dir = server::temp("bench-listing");
    let s = server::start(env!("CARGO_BIN_EXE_gongkai"), &dir);
    let (cookie, _) = server::login(&s.addr);
    let text = String::from_utf8(server::draft()).unwrap();
    let read = gongkai_read::read_with("draft.txt", text.as_bytes(), &Default::default()).unwrap();
    let source = read.lines.join("\n");
    let mut db = gongkai_store::open(&format!("sqlite:{}", dir.join("w.db").display())).unwrap();
    for _ in 0..DRAFTS {
        gongkai_store::drafts::add(&mut db, None, &source, &read.report, text.len() as i64)
            .unwrap();
    }
    measure(&s.addr, &cookie, DRAFTS, &format!("{DRAFTS} drafts"));
    // One more draft whose text runs to 27 MB: a listing does not read it.
    let mut big = read.report.clone();
    big.preamble = "本机关继续加强政府信息公开工作，依法依规做好政府信息公开。\n".repeat(300_000);
    gongkai_store::drafts::add(&mut db, None, "", &big, big.preamble.len() as i64).unwrap();
    measure(
        &s.addr,
        &cookie,
        DRAFTS + 1,
        &format!("{DRAFTS} drafts and one of 27 MB"),
    );
}

/// Times the listings, each of which must list `drafts`.
fn measure(addr: &str, cookie: &str, drafts: usize, what: &str) {
    for (path, each) in [
        ("/api/drafts", "\"id\":"),
        ("/", "<tr><td><a href=\"/drafts/"),
    ] {
        let mut took: Vec<Duration> = (0..REQUESTS)
            .map(|_| {
                let t = Instant::now();
                let (status, body) = server::request(addr, "GET", path, &[("Cookie", cookie)], b"");
                let took = t.elapsed();
                assert_eq!(status, 200, "{path}");
                assert_eq!(
                    String::from_utf8_lossy(&body).matches(each).count(),
                    drafts,
                    "{path}"
                );
                took
            })
            .collect();
        took.sort();
        println!(
            "GET {path} with {what}: median {:.1} ms, max {:.1} ms",
            took[REQUESTS / 2].as_secs_f64() * 1e3,
            took[REQUESTS - 1].as_secs_f64() * 1e3,
        );
    }
}
