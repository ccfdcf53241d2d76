//! Hostile and broken inputs end with a clear error, in bounded time and memory, never a panic,
//! a hang or a silently partial report.

use gongkai_read::{read, read_with, ErrorKind, Limits};
use std::io::Write;

fn pdf(objects: &[&[u8]]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(*o);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
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
