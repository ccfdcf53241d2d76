//! `cargo bench -p gongkai-store --bench repetition`: repeated text across a corpus of 10,000
//! generated reports (5,000 organs over two years, `gongkai_render::copies`, a copy planted in
//! one report in two): imported into a new SQLite store (read, checked, stored and
//! fingerprinted), then every report of both years compared with its organ's last year's
//! report and with the other organs' reports of its year. Prints each of three runs and the
//! median, and how far the measured shares are from the planted ones.
//!
//! `REPEATS_BENCH_ORGANS` sets the organs (default 5,000); `GONGKAI_BENCH_PG` a PostgreSQL URL
//! to run against instead of SQLite (in a schema of its own).

use gongkai_render::copies::{self, Plan};
use gongkai_store::repeats::{self, Source};
use std::time::Instant;

const RUNS: usize = 3;

fn main() {
    let organs: u64 = std::env::var("REPEATS_BENCH_ORGANS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000);
    let plan = Plan {
        organs,
        from: 2022,
        years: 2,
        every: 4,
    };
    let t = Instant::now();
    let corpus = copies::corpus(2026, plan);
    let dir = std::env::temp_dir().join(format!("gongkai-bench-repetition-{}", std::process::id()));
    let files = dir.join("files");
    std::fs::create_dir_all(&files).unwrap();
    for (i, r) in corpus.reports.iter().enumerate() {
        std::fs::write(
            files.join(format!("r{i:05}.json")),
            serde_json::to_string(r).unwrap(),
        )
        .unwrap();
    }
    println!(
        "generated {} reports ({} sections with planted copies) in {:.1} s",
        corpus.reports.len(),
        corpus.planted.len(),
        t.elapsed().as_secs_f64()
    );
    let mut totals = Vec::new();
    for run in 0..RUNS {
        let url = match std::env::var("GONGKAI_BENCH_PG") {
            Ok(url) => {
                let schema = format!("bench_repetition_{run}");
                let mut admin = gongkai_store::Db::open(&url).unwrap();
                admin
                    .batch(&format!(
                        "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
                    ))
                    .unwrap();
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}options=-c%20search_path%3D{schema}")
            }
            Err(_) => {
                let path = dir.join(format!("run{run}.db"));
                let _ = std::fs::remove_file(&path);
                format!("sqlite:{}", path.display())
            }
        };
        let mut db = gongkai_store::open(&url).unwrap();
        let t = Instant::now();
        let s = gongkai_store::import(&mut db, std::slice::from_ref(&files), |_, _| {}).unwrap();
        assert_eq!(
            s.count(|o| *o == gongkai_store::Outcome::Imported),
            corpus.reports.len()
        );
        let imported = t.elapsed();
        let t = Instant::now();
        let mut found = Vec::new();
        for year in [2022, 2023] {
            found.extend(
                repeats::of_year(&mut db, year, None, &[Source::LastYear, Source::Others]).unwrap(),
            );
        }
        let compared = t.elapsed();
        let total = imported + compared;
        println!(
            "run {}: imported and indexed in {:.1} s, compared {} reports twice in {:.1} s: {:.1} s",
            run + 1,
            imported.as_secs_f64(),
            found.len() / 2,
            compared.as_secs_f64(),
            total.as_secs_f64()
        );
        totals.push(total);
        if run == 0 {
            let mut worst: (f64, String) = (0.0, String::new());
            let mut named = 0;
            for p in &corpus.planted {
                let from = if p.source_year < p.year {
                    Source::LastYear
                } else {
                    Source::Others
                };
                let r = found
                    .iter()
                    .find(|r| r.organ == p.organ && r.year == p.year as i64 && r.from == from)
                    .unwrap();
                let s = &r.sections[p.section as usize - 1];
                let error = (s.share() - p.share).abs();
                if error > worst.0 {
                    worst = (
                        error,
                        format!("{p:?}: measured {:.4}, {:?}", s.share(), s.passages),
                    );
                }
                named += s.sources().contains(&p.source.as_str()) as usize;
            }
            println!(
                "planted copies: {} sections, largest error {:.2} points, source named in {named}",
                corpus.planted.len(),
                worst.0 * 100.0
            );
            if worst.0 > 0.02 {
                println!("the largest error: {}", worst.1);
            }
        }
    }
    totals.sort();
    println!(
        "median of {RUNS}: {:.1} s for {} reports",
        totals[RUNS / 2].as_secs_f64(),
        corpus.reports.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
