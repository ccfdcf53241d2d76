//! `cargo bench -p gongkai --bench serve`: 200 concurrent `POST /api/check` requests on
//! loopback against `gongkai serve` (the release binary), five rounds; prints the latency
//! percentiles and the rate. Each request carries the shipped draft report (3.4 KB, 71 lines)
//! on a new connection.

#[allow(dead_code)]
#[path = "../tests/common/server.rs"]
mod server;

use std::time::{Duration, Instant};

const CONCURRENT: usize = 200;
const ROUNDS: usize = 5;

fn main() {
    let s = server::start(env!("CARGO_BIN_EXE_gongkai"), &server::temp("bench-serve"));
    let (cookie, _) = server::login(&s.addr);
    let report = server::draft();
    let mut latencies: Vec<Duration> = Vec::new();
    let mut errors = 0;
    let started = Instant::now();
    for _ in 0..ROUNDS {
        for (status, _, took) in server::burst(&s.addr, &cookie, &report, CONCURRENT) {
            if status != 200 {
                errors += 1;
            }
            latencies.push(took);
        }
    }
    let wall = started.elapsed();
    latencies.sort();
    let p = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    println!(
        "{} requests ({CONCURRENT} at once × {ROUNDS}), {errors} errors; latency p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {:.0} requests/s",
        latencies.len(),
        p(0.50).as_secs_f64() * 1e3,
        p(0.90).as_secs_f64() * 1e3,
        p(0.99).as_secs_f64() * 1e3,
        latencies.last().unwrap().as_secs_f64() * 1e3,
        latencies.len() as f64 / wall.as_secs_f64(),
    );
    assert_eq!(errors, 0);
}
