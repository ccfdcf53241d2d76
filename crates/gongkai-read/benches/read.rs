//! Reading one report in each published form: `cargo bench -p gongkai-read`.
//!
//! The same report (seed 000 of ../shared/corpus, built in every form by tests/forms) as text,
//! an HTML page, a filled-in DOCX template and a PDF; then two real publications: a 108 KB
//! Pingtan HTML page with its site around the article, and the five-page Hongze PDF.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/forms/mod.rs"]
mod forms;
#[path = "../tests/pdfs/mod.rs"]
mod pdfs;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

fn bench(c: &mut Criterion) {
    let Some(seed) = forms::seeds().into_iter().next() else {
        return;
    };
    let lines = forms::as_lines(&seed);
    let forms: [(&str, Vec<u8>); 4] = [
        ("text", forms::as_text(&seed)),
        ("html", forms::as_html(&seed)),
        ("docx", forms::as_docx(&seed)),
        ("pdf", forms::as_pdf(&lines, "UniGB-UCS2-H")),
    ];
    let mut group = c.benchmark_group(format!("read one report ({})", seed.name));
    group.throughput(Throughput::Elements(1));
    for (name, bytes) in &forms {
        group.bench_function(*name, |b| {
            b.iter(|| gongkai_read::read(name, black_box(bytes)).unwrap())
        });
    }
    group.finish();

    let corpus = common::shared_corpus().expect("the corpus");
    let html = std::fs::read(corpus.join("real/pingtan-2024.html")).unwrap();
    let pdf = std::fs::read(corpus.join("real/hongze-2023.pdf")).unwrap();
    let mut group = c.benchmark_group("read a real publication");
    group.throughput(Throughput::Elements(1));
    group.bench_function("pingtan-2024.html (report)", |b| {
        b.iter(|| gongkai_read::read("p.html", black_box(&html)).unwrap())
    });
    group.throughput(Throughput::Elements(5));
    group.bench_function("hongze-2023.pdf (5 pages)", |b| {
        b.iter(|| gongkai_read::read("h.pdf", black_box(&pdf)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
