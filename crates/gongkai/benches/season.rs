//! `cargo bench -p gongkai --bench season`: a filing season under load, on loopback against
//! `gongkai serve` (the release binary) over a SQLite store. A season of 500 organs in 甲县;
//! 500 filers at once, each saving its draft (a consistent synthetic report of 2023), saving
//! it again with other numbers, and submitting it (with a reason for any warning the form
//! lists); meanwhile 20 reviewers polling the board and their inbox and approving what is
//! submitted, each the organs of its share. Prints the latency percentiles of every request
//! of the load and the rate; asserts no error, every organ approved, and no lost write: every
//! organ's submission holds the cells and sections its filer saved last.
//!
//! The setup (the store's users, places and season, and the 520 logins) is not timed.

#[allow(dead_code)]
#[path = "../tests/common/server.rs"]
mod server;

use gongkai_core::Report;
use gongkai_render::synth;
use gongkai_store::accounts::{self, Role};
use gongkai_store::scope::{self, Membership, OfficeRole, OrganRole, Scope};
use gongkai_store::season::{self, Deadlines, State};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

const ORGANS: usize = 500;
const REVIEWERS: usize = 20;
const REGION: &str = "甲县";
const PASSWORD: &str = "season-bench-1";
/// How long the load may take before the reviewers give up.
const PATIENCE: Duration = Duration::from_secs(600);

/// Made-up words for the organs' names: `甲县青白局`, `甲县白青局`… (none holds 镇, 乡 or
/// 街道, which would make the organ a town's).
const SYLLABLES: &[&str] = &[
    "青", "白", "东", "南", "西", "北", "临", "云", "石", "平", "安", "长", "永", "新", "清", "宁",
    "华", "泰", "兴", "丰", "和", "金", "玉", "明", "阳", "山", "水", "河", "湖", "江", "林", "川",
    "台", "门", "原", "岭", "溪", "桥", "城", "峰",
];

fn organ_name(n: usize) -> String {
    let s = SYLLABLES.len();
    format!("{REGION}{}{}局", SYLLABLES[n % s], SYLLABLES[n / s % s])
}

/// What a filer saves: the cells as printed (blanks left out) and the six sections' text.
#[derive(Clone, PartialEq, Debug)]
struct Saved {
    cells: BTreeMap<String, String>,
    sections: Vec<String>,
}

impl Saved {
    /// A consistent synthetic report of 2023 (template 2021): no error.
    fn of(seed: u64) -> Saved {
        let r = synth::report(seed, 4);
        assert_eq!(r.year, Some(2023));
        Saved::from(&r)
    }

    fn from(r: &Report) -> Saved {
        Saved {
            cells: r
                .cells
                .iter()
                .map(|c| (c.key.clone(), c.printed.value.to_string()))
                .filter(|(_, v)| !v.trim().is_empty())
                .collect(),
            sections: r
                .sections
                .iter()
                .map(|s| s.body.trim().to_string())
                .collect(),
        }
    }

    fn body(&self) -> Vec<u8> {
        json!({ "cells": self.cells, "sections": self.sections })
            .to_string()
            .into_bytes()
    }
}

/// Every request of the load: how long it took and whether it was answered as expected.
#[derive(Default)]
struct Log {
    latencies: Vec<Duration>,
    /// The same, by kind of request.
    by_kind: BTreeMap<&'static str, Vec<Duration>>,
    errors: Vec<String>,
}

struct Client {
    addr: String,
    cookie: String,
    csrf: String,
    log: Arc<Mutex<Log>>,
}

impl Client {
    /// Sends a request; `None` (an error logged) unless it is answered with `expected`.
    fn send(
        &self,
        kind: &'static str,
        method: &str,
        path: &str,
        body: &[u8],
        expected: u16,
    ) -> Option<Value> {
        let headers = [
            ("Cookie", self.cookie.as_str()),
            ("X-CSRF-Token", self.csrf.as_str()),
            ("Content-Type", "application/json"),
        ];
        let t = Instant::now();
        let answer = server::try_request(&self.addr, method, path, &headers, body);
        let took = t.elapsed();
        let mut log = self.log.lock().unwrap();
        log.latencies.push(took);
        log.by_kind.entry(kind).or_default().push(took);
        match answer {
            Ok((status, body)) if status == expected => {
                Some(serde_json::from_slice(&body).unwrap_or(Value::Null))
            }
            Ok((status, body)) => {
                let text = String::from_utf8_lossy(&body);
                log.errors.push(format!(
                    "{method} {path}: {status} {}",
                    text.chars().take(300).collect::<String>()
                ));
                None
            }
            Err(e) => {
                log.errors.push(format!("{method} {path}: {e}"));
                None
            }
        }
    }
}

fn main() {
    let dir = server::temp("bench-season");
    let s = server::start(env!("CARGO_BIN_EXE_gongkai"), &dir);
    let url = format!("sqlite:{}", dir.join("w.db").display());

    // The setup, straight into the store: the season, its organs, the filers and reviewers.
    let names: Vec<String> = (0..ORGANS).map(organ_name).collect();
    let keys: HashSet<String> = names
        .iter()
        .map(|n| {
            let o = gongkai_store::organ::organ(n);
            assert_eq!(o.place.as_deref(), Some(REGION), "{n}");
            o.key
        })
        .collect();
    assert_eq!(keys.len(), ORGANS, "the organs' keys are distinct");
    let (season_id, organs, filers, reviewers) = {
        let mut db = gongkai_store::open(&url).unwrap();
        let by = Scope::command_line();
        let id = season::create(
            &mut db,
            &by,
            2023,
            REGION,
            gongkai_core::Version::V2021,
            &Deadlines::defaults(2023),
        )
        .unwrap();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let organs = season::add_organs(&mut db, &by, id, &refs).unwrap();
        // One hash for everyone: argon2 takes its time by design.
        let hash = gongkai_serve::hash_password(PASSWORD).unwrap();
        let mut user = |name: String, place: Membership| {
            let u = accounts::add_user(&mut db, None, &name, &hash, Role::Viewer).unwrap();
            scope::set_membership(&mut db, &by, u, Some(&place)).unwrap();
            name
        };
        let filers: Vec<String> = organs
            .iter()
            .enumerate()
            .map(|(n, &organ)| {
                user(
                    format!("填报人{n}"),
                    Membership::Organ {
                        organ,
                        role: OrganRole::Filer,
                    },
                )
            })
            .collect();
        let reviewers: Vec<String> = (0..REVIEWERS)
            .map(|n| {
                user(
                    format!("审核人{n}"),
                    Membership::Office {
                        region: REGION.to_string(),
                        role: OfficeRole::Reviewer,
                    },
                )
            })
            .collect();
        (id, organs, filers, reviewers)
    };

    // The logins, a few at a time (the server counts logins in flight against a client's
    // limit of failures).
    let log = Arc::new(Mutex::new(Log::default()));
    let everyone: Vec<String> = filers.iter().chain(&reviewers).cloned().collect();
    let sessions: Vec<(String, String)> = everyone
        .chunks(everyone.len().div_ceil(8))
        .map(|chunk| {
            let (addr, chunk) = (s.addr.clone(), chunk.to_vec());
            std::thread::spawn(move || {
                chunk
                    .iter()
                    .map(|name| server::login_as(&addr, name, PASSWORD))
                    .collect::<Vec<_>>()
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    let client = |(cookie, csrf): &(String, String)| Client {
        addr: s.addr.clone(),
        cookie: cookie.clone(),
        csrf: csrf.clone(),
        log: log.clone(),
    };

    // The load.
    // Everyone starts at once, when the main thread, last, reaches the barrier.
    let barrier = Arc::new(Barrier::new(ORGANS + REVIEWERS + 1));
    let filed = Arc::new(AtomicUsize::new(0));
    let filer_threads: Vec<_> = organs
        .iter()
        .zip(&sessions[..ORGANS])
        .enumerate()
        .map(|(n, (&organ, session))| {
            let (c, barrier, filed) = (client(session), barrier.clone(), filed.clone());
            std::thread::spawn(move || {
                let path = format!("/api/seasons/{season_id}/organs/{organ}");
                let first = Saved::of(2 * n as u64);
                let last = Saved::of(2 * n as u64 + 1);
                barrier.wait();
                c.send("save", "PUT", &format!("{path}/draft"), &first.body(), 200);
                let form = c.send("save", "PUT", &format!("{path}/draft"), &last.body(), 200);
                let acknowledged: Vec<Value> = form
                    .as_ref()
                    .and_then(|f| f["findings"].as_array().cloned())
                    .unwrap_or_default()
                    .iter()
                    .filter(|f| f["severity"] == "warning")
                    .map(|f| json!({ "signature": f["signature"], "reason": "基准测试：已核实" }))
                    .collect();
                let body = json!({ "acknowledged": acknowledged }).to_string();
                c.send(
                    "submit",
                    "POST",
                    &format!("{path}/submit"),
                    body.as_bytes(),
                    201,
                );
                filed.fetch_add(1, Ordering::SeqCst);
                (organ, last)
            })
        })
        .collect();
    let reviewer_threads: Vec<_> = sessions[ORGANS..]
        .iter()
        .enumerate()
        .map(|(r, session)| {
            let (c, barrier, filed) = (client(session), barrier.clone(), filed.clone());
            // Each reviewer approves its share of the organs, so that no two approve one.
            let mine: HashSet<i64> = organs
                .iter()
                .enumerate()
                .filter(|(n, _)| n % REVIEWERS == r)
                .map(|(_, &o)| o)
                .collect();
            std::thread::spawn(move || {
                barrier.wait();
                let started = Instant::now();
                let mut approved = HashSet::new();
                while approved.len() < mine.len() && started.elapsed() < PATIENCE {
                    let done = filed.load(Ordering::SeqCst) == ORGANS;
                    let board = c.send(
                        "board",
                        "GET",
                        &format!("/api/seasons/{season_id}"),
                        b"",
                        200,
                    );
                    c.send("inbox", "GET", "/api/inbox", b"", 200);
                    let waiting: Vec<i64> = board
                        .as_ref()
                        .and_then(|b| b["entries"].as_array().cloned())
                        .unwrap_or_default()
                        .iter()
                        .filter(|e| e["state"] == "submitted")
                        .filter_map(|e| e["organ"]["id"].as_i64())
                        .filter(|o| mine.contains(o) && !approved.contains(o))
                        .collect();
                    for &organ in &waiting {
                        let body = json!({ "decision": "approve" }).to_string();
                        let path = format!("/api/seasons/{season_id}/organs/{organ}/decision");
                        if c.send("approve", "POST", &path, body.as_bytes(), 200)
                            .is_some()
                        {
                            approved.insert(organ);
                        }
                    }
                    if waiting.is_empty() {
                        if done && board.is_some() {
                            // Every filer is through and nothing of ours waits: the rest failed.
                            break;
                        }
                        std::thread::sleep(Duration::from_millis(100));
                    }
                }
                approved.len()
            })
        })
        .collect();
    barrier.wait();
    let started = Instant::now();
    let saved: Vec<(i64, Saved)> = filer_threads
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    let approvals: usize = reviewer_threads
        .into_iter()
        .map(|t| t.join().unwrap())
        .sum();
    let wall = started.elapsed();
    drop(s);

    // No lost write: each organ's one submission is what its filer saved last, approved.
    let mut db = gongkai_store::open(&url).unwrap();
    let by = Scope::command_line();
    let mut lost = Vec::new();
    let mut unapproved = 0;
    for (organ, last) in &saved {
        let subs = season::submissions(&mut db, &by, season_id, *organ).unwrap();
        match subs.as_slice() {
            [one] if Saved::from(&one.report) == *last => {}
            _ => lost.push(*organ),
        }
        if season::state(&mut db, &by, season_id, *organ).unwrap() != State::Approved {
            unapproved += 1;
        }
    }

    let log = log.lock().unwrap();
    let mut latencies = log.latencies.clone();
    latencies.sort();
    let p = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{} requests ({ORGANS} filers saving twice and submitting, {REVIEWERS} reviewers approving), {} errors; latency p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {:.0} requests/s; {approvals} approved in {:.1} s, {} lost writes",
        latencies.len(),
        log.errors.len(),
        ms(p(0.50)),
        ms(p(0.90)),
        ms(p(0.99)),
        ms(*latencies.last().unwrap()),
        latencies.len() as f64 / wall.as_secs_f64(),
        wall.as_secs_f64(),
        lost.len(),
    );
    let kinds: Vec<String> = log
        .by_kind
        .iter()
        .map(|(kind, l)| {
            let mut l = l.clone();
            l.sort();
            let q = |q: f64| ms(l[((l.len() as f64 * q) as usize).min(l.len() - 1)]);
            format!("{kind} {} p50 {:.0} p99 {:.0} ms", l.len(), q(0.5), q(0.99))
        })
        .collect();
    eprintln!("by request: {}", kinds.join("; "));
    for e in log.errors.iter().take(20) {
        eprintln!("error: {e}");
    }
    assert!(log.errors.is_empty(), "{} errors", log.errors.len());
    assert!(lost.is_empty(), "lost writes: organs {lost:?}");
    assert_eq!(unapproved, 0, "organs not approved");
    assert_eq!(approvals, ORGANS);
    let _ = std::fs::remove_dir_all(&dir);
}
