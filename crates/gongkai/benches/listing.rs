//! `cargo bench -p gongkai --bench listing`: the pages that list the drafts under review
//! (`GET /` and `GET /api/drafts`) against `gongkai serve` (the release binary) with 330
//! drafts in its store, each the shipped draft report; prints the median of 20 requests each.

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
        gongkai_store::drafts::add(&mut db, None, &source, &read.report).unwrap();
    }
    for path in ["/api/drafts", "/"] {
        let mut took: Vec<Duration> = (0..REQUESTS)
            .map(|_| {
                let t = Instant::now();
                let (status, _) =
                    server::request(&s.addr, "GET", path, &[("Cookie", &cookie)], b"");
                assert_eq!(status, 200, "{path}");
                t.elapsed()
            })
            .collect();
        took.sort();
        println!(
            "GET {path} with {DRAFTS} drafts: median {:.1} ms, max {:.1} ms",
            took[REQUESTS / 2].as_secs_f64() * 1e3,
            took[REQUESTS - 1].as_secs_f64() * 1e3,
        );
    }
}
