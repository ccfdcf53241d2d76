//! Hostile and broken inputs end with a clear error, in bounded time and memory, never a panic,
//! a hang or a silently partial report.

mod pdfs;

use gongkai_read::{read, read_with, ErrorKind, Limits};
use std::io::Write;

fn pdf(objects: &[&[u8]]) -> Vec<u8> {
    pdfs::pdf_of(b"%PDF-1.4\n", objects)
}

const CATALOG: &[u8] = b"<< /Type /Catalog /Pages 2 0 R >>";

fn kind(bytes: &[u8]) -> ErrorKind {
    read("hostile", bytes).expect_err("refused").kind
}

fn damaged(bytes: &[u8]) -> bool {
    matches!(kind(bytes), ErrorKind::Damaged { .. })
}

#[test]
fn pdf_nested_past_any_report() {
    let mut page = b"<< /Type /Page /Parent 2 0 R /X ".to_vec();
    page.extend(std::iter::repeat_n(b'[', 100_000));
    page.extend(std::iter::repeat_n(b']', 100_000));
    page.extend(b" >>");
    let bytes = pdf(&[CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", &page]);
    assert!(damaged(&bytes));
}

#[test]
fn pdf_page_tree_cycles_and_no_pages() {
    let cycle = pdf(&[
        CATALOG,
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]);
    let k = kind(&cycle);
    assert!(
        matches!(k, ErrorKind::Damaged { .. } | ErrorKind::Scanned),
        "{k:?}"
    );
    let itself = pdf(&[b"<< /Type /Catalog /Pages 1 0 R >>"]);
    assert!(damaged(&itself));
}

#[test]
fn pdf_cut_short() {
    let whole = pdf(&[CATALOG, b"<< /Type /Pages /Kids [] /Count 0 >>"]);
    assert!(damaged(&whole[..whole.len() / 2]));
}

#[test]
fn pdf_without_a_text_layer_is_a_scan() {
    let content = b"q 100 0 0 100 0 0 cm Q";
    let stream = [
        format!("<< /Length {} >>\nstream\n", content.len()).as_bytes(),
        content,
        b"\nendstream",
    ]
    .concat();
    let bytes = pdf(&[
        CATALOG,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        &stream,
    ]);
    let e = read("scan.pdf", &bytes).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Scanned);
    assert!(e
        .message_zh()
        .contains("没有文字层（扫描件），暂不支持 OCR"));
    assert!(e
        .message_en()
        .contains("no text layer (scanned), OCR not supported yet"));
}

fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, data) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn zip_expanding_past_the_limit() {
    let mut xml = b"<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>".to_vec();
    xml.extend(std::iter::repeat_n(b' ', 4 << 20));
    xml.extend(b"</w:t></w:r></w:p></w:body></w:document>");
    let bytes = zip(&[("word/document.xml", &xml)]);
    assert!(bytes.len() < 100_000, "compresses well: {}", bytes.len());
    let limits = Limits {
        max_unzipped: 1 << 20,
        ..Limits::default()
    };
    let e = read_with("bomb.docx", &bytes, &limits).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::ZipBomb(_)), "{e}");
}

#[test]
fn zip_that_is_not_a_word_document() {
    let bytes = zip(&[("ppt/presentation.xml", b"<presentation/>")]);
    assert_eq!(
        kind(&bytes),
        ErrorKind::Unsupported(gongkai_read::Format::Zip)
    );
    assert!(damaged(b"PK\x03\x04 not really a zip"));
    // A workbook in name only.
    assert!(damaged(&zip(&[("xl/workbook.xml", b"<workbook/>")])));
}

#[test]
fn inputs_over_the_size_limit() {
    let limits = Limits {
        max_input: 10,
        ..Limits::default()
    };
    let e = read_with("big.txt", "规章\t1\t0\t5\n".repeat(10).as_bytes(), &limits).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::TooLarge(_, 10)));
}

#[test]
fn html_nested_past_any_report() {
    let mut page = String::from("<html><body>");
    page.push_str(&"<div>".repeat(200_000));
    page.push_str("规章 1 0 5");
    page.push_str(&"</div>".repeat(200_000));
    page.push_str("</body></html>");
    assert!(damaged(page.as_bytes()));
}

/// A page whose content stream is `content`, compressed.
fn pdf_with_stream(content_stream: &[u8]) -> Vec<u8> {
    pdf(&[
        CATALOG,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        content_stream,
    ])
}

fn deflated(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

#[test]
fn pdf_object_cycles() {
    // The page's contents and resources refer to each other and to themselves.
    let bytes = pdf(&[
        CATALOG,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources 5 0 R >>",
        b"5 0 R",
        b"<< /Font 5 0 R /XObject << /X 6 0 R >> >>",
        b"<< /Type /XObject /Subtype /Form /Resources 5 0 R /Length 6 >>\nstream\n/X Do\nendstream",
    ]);
    let started = std::time::Instant::now();
    let k = kind(&bytes);
    assert!(
        matches!(k, ErrorKind::Damaged { .. } | ErrorKind::Scanned),
        "{k:?}"
    );
    assert!(started.elapsed().as_secs() < 30);
}

#[test]
fn pdf_stream_inflating_past_the_limit() {
    // 300 MB of drawing operators, compressed to well under a megabyte.
    let content = b"0 0 m 1 1 l S\n".repeat(300 << 20 >> 4);
    let packed = deflated(&content);
    drop(content);
    assert!(packed.len() < 2 << 20, "{}", packed.len());
    let stream = pdfs::flate_stream(&packed);
    let limits = Limits {
        max_unzipped: 50 << 20,
        ..Limits::default()
    };
    let e = read_with("bomb.pdf", &pdf_with_stream(&stream), &limits).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::ZipBomb(_)), "{e}");
}

#[test]
fn pdf_many_small_streams_inflating_past_the_limit() {
    // Two hundred glyph-sized streams, none above the per-stream bound, 40 MB together: the
    // guard that skips what cannot matter must still count these.
    let packed = deflated(&b"0 0 m 1 1 l S\n".repeat((200 << 10) >> 4));
    let mut objects: Vec<Vec<u8>> = vec![
        CATALOG.to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
    ];
    for _ in 0..200 {
        objects.push(pdfs::flate_stream(&packed));
    }
    let objects: Vec<&[u8]> = objects.iter().map(Vec::as_slice).collect();
    let limits = Limits {
        max_unzipped: 30 << 20,
        ..Limits::default()
    };
    let e = read_with("glyphs.pdf", &pdf(&objects), &limits).unwrap_err();
    assert_eq!(e.kind, ErrorKind::ZipBomb(30 << 20), "{e}");
}

#[test]
fn pdf_stream_longer_than_its_file() {
    // A stream that declares a gigabyte and holds a few bytes.
    let stream = b"<< /Length 1073741824 >>\nstream\nBT ET\nendstream".to_vec();
    let k = kind(&pdf_with_stream(&stream));
    assert!(
        matches!(k, ErrorKind::Damaged { .. } | ErrorKind::Scanned),
        "{k:?}"
    );
}

#[test]
fn a_hundred_megabytes_of_text() {
    let line = "本机关继续加强政府信息公开工作，规章 1 0 5。\n";
    let text = line.repeat((100 << 20) / line.len());
    // Refused at the default limit, before any reading.
    let e = read("big.txt", text.as_bytes()).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::TooLarge(..)), "{e}");
    assert!(e.message_zh().contains("big.txt"));
    // Read in full when allowed (a tenth of it here, to keep the suite quick: reading is
    // linear), its text past the budget per document too: no table is found, and it is said.
    let limits = Limits {
        max_input: 200 << 20,
        max_text_chars: 200 << 20,
        ..Limits::default()
    };
    let e = read_with("big.txt", &text.as_bytes()[..10 << 20], &limits).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NoTable, "{e}");
}

#[test]
fn invalid_utf8_and_gbk_mixtures() {
    let report = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/qingshan-2023.txt"),
    )
    .unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(&report);
    let lines: Vec<&str> = report.lines().collect();
    // Every other line in GBK, with stray bytes that are neither.
    let mut mixed = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if i % 2 == 0 {
            mixed.extend(line.as_bytes());
        } else {
            mixed.extend(encoding_rs::GBK.encode(line).0.iter());
            mixed.extend(b"\xff\xfe\x80");
        }
        mixed.push(b'\n');
    }
    for bytes in [
        &mixed[..],
        &gbk[..],
        &[&report.as_bytes()[..999], &gbk[999..]].concat()[..],
    ] {
        // Read or refused with a reason; never a panic.
        match read("mixed.txt", bytes) {
            Ok(r) => assert!(r.cells.len() <= 200),
            Err(e) => assert!(e.message_zh().contains("mixed.txt"), "{e}"),
        }
    }
    // Pure GBK reads as the report itself.
    let r = read("gbk.txt", &gbk).unwrap();
    assert_eq!(r.agency.as_deref(), Some("青山县人民政府办公室"));
}

/// Inputs the fuzzer (fuzz/run) found to crash a reader, kept so that they stay fixed: each
/// is refused as damaged, without a panic.
#[test]
fn inputs_the_fuzzer_found() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzzed");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.display().to_string();
        let e = read(&name, &std::fs::read(&path).unwrap()).expect_err(&name);
        assert!(matches!(e.kind, ErrorKind::Damaged { .. }), "{name}: {e}");
        n += 1;
    }
    assert!(n >= 1);
}
