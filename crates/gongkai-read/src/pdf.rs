//! PDF: the text layer with positions (through pdf_oxide, pure Rust, which reads the CID fonts
//! Chinese PDFs use: Identity-H with a ToUnicode map, and GBK-EUC-H or UniGB-UCS2-H without
//! one), rebuilt into lines. Text pieces whose vertical middles are close make one line; on a
//! line, pieces apart by more than a space become tab-separated cells, so a table row reads as
//! the row of a Word table does. Page numbers are marked as such and left out by the reader.
//!
//! A PDF is read on a thread of its own: a damaged file that makes the parser panic gives an
//! error, and one that takes longer than the limit is abandoned.

use crate::document::{rebuilt, Document, Fields, Line};
use crate::error::ErrorKind;
use crate::Limits;
use gongkai_core::{BBox, Span};
use std::sync::mpsc;

/// A piece of text on a page, in points from the page's top-left corner.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    x: f32,
    top: f32,
    width: f32,
    height: f32,
}

impl Piece {
    fn middle(&self) -> f32 {
        self.top + self.height / 2.0
    }

    fn right(&self) -> f32 {
        self.x + self.width
    }
}

/// Objects nested deeper than this are an attack or damage, not a report.
const MAX_NESTING: usize = 256;
/// The parser recurses; its thread gets room for the nesting allowed and more.
const STACK: usize = 64 << 20;

/// Reads the text layer of a PDF into lines.
pub fn document(bytes: &[u8], limits: &Limits) -> Result<Document, ErrorKind> {
    check_structure(bytes)?;
    check_inflated(bytes, limits.max_unzipped)?;
    let (tx, rx) = mpsc::channel();
    let data = bytes.to_vec();
    std::thread::Builder::new()
        .name("gongkai-pdf".into())
        .stack_size(STACK)
        .spawn(move || {
            let pages = std::panic::catch_unwind(move || pages(data));
            let _ = tx.send(pages);
        })
        .map_err(ErrorKind::damaged_by)?;
    let pages = match rx.recv_timeout(limits.max_time) {
        Ok(Ok(pages)) => pages?,
        Ok(Err(_)) => {
            return Err(ErrorKind::damaged(
                "PDF 解析器无法处理这个文件",
                "the PDF reader failed on this file",
            ))
        }
        Err(_) => return Err(ErrorKind::Timeout(limits.max_time.as_secs())),
    };
    if pages.is_empty() {
        return Err(ErrorKind::damaged(
            "PDF 没有任何页面",
            "the PDF has no pages",
        ));
    }
    if pages
        .iter()
        .all(|p| p.iter().all(|piece| piece.text.trim().is_empty()))
    {
        return Err(ErrorKind::Scanned);
    }
    Ok(lay_out(&pages))
}

/// Refuses, before parsing, a file cut short (a download that stopped: no `%%EOF` at its end)
/// and objects nested deeper than [`MAX_NESTING`] (which would exhaust the parser's stack).
fn check_structure(bytes: &[u8]) -> Result<(), ErrorKind> {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(ErrorKind::damaged(
            "文件不完整（末尾没有 %%EOF），可能没有下载完",
            "the file is incomplete (no %%EOF at its end); the download may have been cut off",
        ));
    }
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'[' => depth += 1,
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 1;
            }
            b']' => depth = depth.saturating_sub(1),
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'(' => i = skip_string(bytes, i),
            b'%' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b's' if bytes[i..].starts_with(b"stream") && !bytes[..i].ends_with(b"end") => {
                // Stream data is binary: skip to its end.
                match bytes[i..].windows(9).position(|w| w == b"endstream") {
                    Some(k) => i += k + 8,
                    None => break,
                }
            }
            _ => {}
        }
        if depth > MAX_NESTING {
            return Err(ErrorKind::damaged(
                format!("对象嵌套超过 {MAX_NESTING} 层"),
                format!("objects nested more than {MAX_NESTING} deep"),
            ));
        }
        i += 1;
    }
    Ok(())
}

/// Refuses a PDF whose compressed streams would inflate past `limit` bytes in all, before the
/// parser inflates them into memory: a megabyte of deflate can hold gigabytes of zeros. Each
/// Flate stream is inflated here into a small buffer that is thrown away, so only counting
/// costs time (a few milliseconds for a report), never memory.
fn check_inflated(bytes: &[u8], limit: u64) -> Result<(), ErrorKind> {
    use std::io::Read;
    let streams = flate_streams(bytes);
    // Deflate inflates by 1032 times at most: streams that small in all need no counting.
    let compressed: u64 = streams.iter().map(|s| s.len() as u64).sum();
    if compressed.saturating_mul(MAX_DEFLATE_RATIO) <= limit {
        return Ok(());
    }
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for stream in streams {
        let mut inflater = flate2::read::ZlibDecoder::new(stream);
        loop {
            match inflater.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    total += n as u64;
                    if total > limit {
                        return Err(ErrorKind::ZipBomb(limit));
                    }
                }
            }
        }
    }
    Ok(())
}

/// The most a deflate stream can grow by when inflated (RFC 1951's longest match, 258 bytes,
/// coded in at least two bits).
const MAX_DEFLATE_RATIO: u64 = 1032;

/// The data of every Flate-compressed stream of a PDF, found in its bytes.
fn flate_streams(bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = find(&bytes[from..], b"stream") {
        let at = from + k;
        from = at + 6;
        if bytes[..at].ends_with(b"end") {
            continue;
        }
        // The stream's dictionary: back to the object's start, looked for nearby only (a
        // file of `stream` words without objects must not make this quadratic).
        let window = at.saturating_sub(4096);
        let dict_start = rfind(&bytes[window..at], b" obj").map_or(window, |p| window + p);
        let dict = &bytes[dict_start..at];
        let flate = [&b"/FlateDecode"[..], b"/Fl ", b"/Fl]", b"/Fl/"];
        if !flate.iter().any(|f| find(dict, f).is_some()) {
            continue;
        }
        let mut start = at + 6;
        if bytes.get(start) == Some(&b'\r') {
            start += 1;
        }
        if bytes.get(start) == Some(&b'\n') {
            start += 1;
        }
        let end = find(&bytes[start..], b"endstream").map_or(bytes.len(), |e| start + e);
        out.push(&bytes[start..end]);
        from = end;
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The index of the `)` closing the literal string opened at `open` (nested parentheses and
/// escapes counted).
fn skip_string(bytes: &[u8], open: usize) -> usize {
    let mut depth = 0;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// The text pieces of every page.
fn pages(data: Vec<u8>) -> Result<Vec<Vec<Piece>>, ErrorKind> {
    use pdf_oxide::document::ReadingOrder;
    let damaged = |e: pdf_oxide::Error| ErrorKind::damaged_by(e);
    let doc = pdf_oxide::document::PdfDocument::from_bytes(data).map_err(damaged)?;
    let count = doc.page_count().map_err(damaged)?;
    let mut out = Vec::with_capacity(count);
    for page in 0..count {
        let height = doc
            .get_page_media_box(page)
            .map(|(_, y0, _, y1)| (y1 - y0).abs())
            .unwrap_or(842.0);
        // The order of the spans is ours to make (`rows`): pdf_oxide's own reading order
        // (an XY-cut on pages that look like columns, as every table does) took half the time
        // of reading a PDF. A rotated page still goes through its full pass, which turns
        // sideways text upright.
        let spans = match doc.get_page_rotation(page) {
            Ok(0) => doc.extract_spans_with_reading_order(page, ReadingOrder::TopToBottom),
            _ => doc.extract_spans(page),
        }
        .map_err(damaged)?;
        out.push(
            spans
                .into_iter()
                .filter(|s| !s.text.trim().is_empty())
                .map(|s| Piece {
                    text: s.text,
                    x: s.bbox.x,
                    top: height - (s.bbox.y + s.bbox.height),
                    width: s.bbox.width,
                    height: s.bbox.height.max(1.0),
                })
                .collect(),
        );
    }
    Ok(out)
}

/// Lines of every page, top to bottom, numbered through the document.
fn lay_out(pages: &[Vec<Piece>]) -> Document {
    let mut lines = Vec::new();
    for (p, pieces) in pages.iter().enumerate() {
        for row in rows(pieces) {
            let number = lines.len() as u32 + 1;
            lines.push(line(number, p as u32 + 1, &row));
        }
    }
    Document { lines }
}

/// Pieces grouped into rows by their vertical middles, each row sorted left to right.
fn rows(pieces: &[Piece]) -> Vec<Vec<Piece>> {
    let mut sorted: Vec<&Piece> = pieces.iter().collect();
    sorted.sort_by(|a, b| a.middle().total_cmp(&b.middle()));
    let mut rows: Vec<Vec<Piece>> = Vec::new();
    for piece in sorted {
        let joins = rows.last().is_some_and(|row| {
            let middle = row.iter().map(Piece::middle).sum::<f32>() / row.len() as f32;
            let height = row.iter().map(|p| p.height).fold(piece.height, f32::min);
            (piece.middle() - middle).abs() <= height * 0.4
        });
        if joins {
            rows.last_mut().expect("checked").push(piece.clone());
        } else {
            rows.push(vec![piece.clone()]);
        }
    }
    for row in &mut rows {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    rows
}

/// One row as a line: pieces further apart than a space are separate cells.
fn line(number: u32, page: u32, row: &[Piece]) -> Line {
    let mut fields = Fields::new();
    let mut prev: Option<&Piece> = None;
    for piece in row {
        if let Some(p) = prev {
            let gap = piece.x - p.right();
            let em = p.height.min(piece.height);
            if gap > em * 0.8 {
                fields.separate('\t');
            } else if gap > em * 0.25 {
                fields.separate(' ');
            }
        }
        fields.push(piece.text.trim(), |from, to| {
            Some(Span {
                page: Some(page),
                bbox: Some(BBox {
                    x: round(piece.x),
                    y: round(piece.top),
                    width: round(piece.width),
                    height: round(piece.height),
                }),
                ..rebuilt(number, from, to)
            })
        });
        prev = Some(piece);
    }
    fields.line(number, Some(page))
}

/// Points to a tenth: what a reader needs to find the spot, without float noise.
fn round(v: f32) -> f32 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(text: &str, x: f32, top: f32, width: f32) -> Piece {
        Piece {
            text: text.into(),
            x,
            top,
            width,
            height: 10.0,
        }
    }

    #[test]
    fn rows_and_cells_from_positions() {
        let pieces = vec![
            piece("21", 300.0, 101.0, 10.0),
            piece("一、本年新收政府信息公开申请数量", 70.0, 100.0, 160.0),
            piece("0", 330.0, 100.5, 5.0),
            piece("二、上年结转", 70.0, 120.0, 60.0),
        ];
        let doc = lay_out(&[pieces]);
        let texts: Vec<&str> = doc.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            ["一、本年新收政府信息公开申请数量\t21\t0", "二、上年结转"]
        );
        let at = doc.lines[0].span(17, 19);
        assert_eq!(at.page, Some(1));
        assert_eq!(at.bbox.unwrap().x, 300.0);
    }

    #[test]
    fn close_pieces_join_into_words() {
        let pieces = vec![
            piece("2023", 70.0, 100.0, 20.0),
            piece("年", 91.0, 100.0, 10.0),
        ];
        assert_eq!(lay_out(&[pieces]).lines[0].text, "2023年");
    }
}
