//! `cargo bench -p gongkai --bench stages`: reading and checking on one core, stage by stage,
//! for every form of a synthetic corpus (`gongkai synth --count 700 --seed 11`: 100 reports in
//! each of seven forms). Prints, per form, the median time of each stage for one report, the
//! reports per second over the whole form, and at the end the peak RSS.

#[allow(dead_code)]
#[path = "../tests/common/server.rs"]
mod server;

use gongkai_check::Selection;
use gongkai_read::Limits;
use std::collections::BTreeMap;
use std::process::Command;
use std::time::{Duration, Instant};

/// Reads of each form, after one warm-up pass.
const PASSES: usize = 5;

fn main() {
    let dir = server::temp("bench-stages");
    let synth = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["synth", "--count", "700", "--seed", "11", "--out"])
        .arg(&dir)
        .output()
        .expect("gongkai synth");
    assert!(
        synth.status.success(),
        "{}",
        String::from_utf8_lossy(&synth.stderr)
    );
    let mut forms: BTreeMap<String, Vec<(String, Vec<u8>)>> = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".expected.json") {
            continue;
        }
        let form = name.split_once('.').map_or("", |(_, f)| f).to_string();
        forms
            .entry(form)
            .or_default()
            .push((name, std::fs::read(entry.path()).unwrap()));
    }
    println!("| form | reports | decode | read | align | check | one report | reports/s |");
    println!("|---|---|---|---|---|---|---|---|");
    for (form, files) in &forms {
        let mut stages: [Vec<Duration>; 5] = Default::default();
        let mut wall = Vec::new();
        for pass in 0..=PASSES {
            let started = Instant::now();
            for (name, bytes) in files {
                let t = Instant::now();
                let reading = gongkai_read::read_with(name, bytes, &Limits::default())
                    .unwrap_or_else(|e| panic!("{name}: {e:?}"));
                let read = t.elapsed();
                let c = Instant::now();
                let findings = gongkai_check::check(&reading.report, None, &Selection::default());
                let check = c.elapsed();
                std::hint::black_box(findings);
                if pass > 0 {
                    let s = reading.stages;
                    for (k, d) in [s.decode, s.read, s.align, check, read + check]
                        .into_iter()
                        .enumerate()
                    {
                        stages[k].push(d);
                    }
                }
            }
            if pass > 0 {
                wall.push(started.elapsed());
            }
        }
        let us = |v: &mut Vec<Duration>| {
            v.sort();
            format!("{:.0} µs", v[v.len() / 2].as_secs_f64() * 1e6)
        };
        wall.sort();
        let rate = files.len() as f64 / wall[wall.len() / 2].as_secs_f64();
        let [decode, read, align, check, total] = &mut stages;
        println!(
            "| {form} | {} | {} | {} | {} | {} | {} | {rate:.0} |",
            files.len(),
            us(decode),
            us(read),
            us(align),
            us(check),
            us(total),
        );
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    if let Some(hwm) = status.lines().find(|l| l.starts_with("VmHWM")) {
        println!("\npeak RSS: {}", hwm.trim_start_matches("VmHWM:").trim());
    }
    let _ = std::fs::remove_dir_all(&dir);
}
