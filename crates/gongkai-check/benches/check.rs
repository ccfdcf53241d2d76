//! Checking one parsed report with every rule: `cargo bench -p gongkai-check`.
//!
//! The report is the shipped example (examples/qingshan-2023.txt), read once; the benchmark
//! times the checks alone, with and without last year's report (the same text a year
//! earlier, so that the rules across years run too), and the comparison of the two years.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use gongkai_check::{check, Selection};

fn example() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/qingshan-2023.txt"
    );
    std::fs::read_to_string(path).expect("the shipped example")
}

fn bench(c: &mut Criterion) {
    let text = example();
    let report = gongkai_read::read_text("qingshan-2023.txt", &text, "UTF-8").unwrap();
    let last = gongkai_read::read_text("qingshan-2022.txt", &text.replace("2023", "2022"), "UTF-8")
        .unwrap();
    let all = Selection::default();
    c.bench_function("check one report (A, V, T, N rules)", |b| {
        b.iter(|| check(black_box(&report), None, &all))
    });
    c.bench_function("check one report with last year's (all rules)", |b| {
        b.iter(|| check(black_box(&report), Some(&last), &all))
    });
    // The comparison report's model: both reports checked, the Y rules, the rates and the
    // text of each section against last year's (`gongkai compare --to`).
    c.bench_function("compare two years (year_on_year::compare)", |b| {
        b.iter(|| gongkai_check::year_on_year::compare(black_box(&last), black_box(&report)))
    });
    c.bench_function("read and check one report", |b| {
        b.iter(|| {
            let r =
                gongkai_read::read_text("qingshan-2023.txt", black_box(&text), "UTF-8").unwrap();
            check(&r, None, &all)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
