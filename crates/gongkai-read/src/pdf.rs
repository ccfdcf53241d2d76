//! PDF: the text layer with positions (through pdf_oxide, pure Rust, which reads the CID fonts
//! Chinese PDFs use: Identity-H with a ToUnicode map, and GBK-EUC-H or UniGB-UCS2-H without
//! one), rebuilt into lines.
//!
//! Tables come from their rulings ([`grid`]): Word, WPS, LibreOffice and browsers draw every
//! cell's borders, and each text piece belongs to the cell whose box holds its middle. A cell's
//! text is joined in reading order (a wrapped label is one label, a number centred in a tall
//! cell stays in its cell), and each grid row becomes a line of tab-separated cells, as the
//! row of a Word table does: an empty field for an empty cell, a merged cell's text where it
//! starts. Text outside tables is rebuilt into lines by position: pieces whose vertical
//! middles are close make one line, and on a line pieces apart by more than a space become
//! tab-separated cells; such a line of several cells is marked [`Placed::ByPosition`], its columns a
//! guess. Page numbers are marked as such and left out by the reader.
//!
//! A PDF is read on a thread of its own: a damaged file that makes the parser panic gives an
//! error, and one that takes longer than the limit is abandoned.

mod grid;

use crate::budget::Meter;
use crate::document::{rebuilt, Document, Fields, Line, Placed};
use crate::error::ErrorKind;
use crate::Limits;
use gongkai_core::{BBox, Span};
use grid::{Grid, Paint, Ruling};
use std::sync::mpsc;

/// A piece of text on a page, in points from the page's top-left corner.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    x: f32,
    top: f32,
    width: f32,
    height: f32,
    /// The left edge of each character of `text`, when the PDF gives them (empty: spread
    /// evenly over the width).
    chars: Vec<f32>,
}

impl Piece {
    fn middle(&self) -> f32 {
        self.top + self.height / 2.0
    }

    fn right(&self) -> f32 {
        self.x + self.width
    }

    fn centre(&self) -> f32 {
        self.x + self.width / 2.0
    }
}

/// A page's text pieces and the rulings drawn on it (none when the page has too many to be
/// tables, or is rotated).
#[derive(Debug, Clone)]
struct Page {
    pieces: Vec<Piece>,
    rulings: Vec<Ruling>,
    /// The page's size, in points.
    width: f32,
    height: f32,
}

/// More rulings than this on a page are a drawing, not tables: its text is read by position.
const MAX_RULINGS: usize = 20_000;
/// More tables than this on a page are not tables either.
const MAX_GRIDS: usize = 200;
/// A cell covering more than this share of its page is no table's cell: it is what lies
/// around a table inside a frame or a background drawn about it (a web page's content box),
/// and its text is read by position.
const MAX_CELL_SHARE: f32 = 0.15;

/// Objects nested deeper than this are an attack or damage, not a report.
const MAX_NESTING: usize = 256;
/// The parser recurses; its thread gets room for the nesting allowed and more.
const STACK: usize = 64 << 20;
/// The most one compressed stream other than an image may inflate to, in bytes. The parser
/// holds a page's content inflated, and its operators beside it, several times its size: a
/// report's page takes well under a megabyte, a Chinese font embedded whole some 20 MB.
/// Images are not inflated to read the text.
const MAX_STREAM: u64 = 32 << 20;
/// The most the pages' content may inflate to in all, in bytes, a stream counted for every
/// page that draws it: the parser keeps the last pages' content inflated, so a stream drawn
/// on every page of a small file would hold many times [`MAX_STREAM`]. A report of thirty
/// pages has a few megabytes.
const MAX_CONTENT: u64 = 64 << 20;

/// Reads the text layer of a PDF into lines.
pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Document, ErrorKind> {
    check_structure(bytes)?;
    check_inflated(bytes, limits.max_unzipped)?;
    let (tx, rx) = mpsc::channel();
    let data = bytes.to_vec();
    let limits = *limits;
    std::thread::Builder::new()
        .name("gongkai-pdf".into())
        .stack_size(STACK)
        .spawn(move || {
            let read = std::panic::catch_unwind(move || {
                pages(data, &limits).and_then(|(pages, made)| {
                    let mut document = read_pages(pages, &limits)?;
                    document.date = made.map(|d| (d, gongkai_core::DateSource::PdfMetadata));
                    Ok(document)
                })
            });
            let _ = tx.send(read);
        })
        .map_err(ErrorKind::damaged_by)?;
    match rx.recv_timeout(limits.max_time) {
        Ok(Ok(document)) => document,
        Ok(Err(_)) => Err(ErrorKind::damaged(
            "PDF 解析器无法处理这个文件",
            "the PDF reader failed on this file",
        )),
        Err(_) => Err(ErrorKind::Timeout(limits.max_time.as_secs())),
    }
}

/// The lines of the pages, or why there are none.
fn read_pages(pages: Vec<Page>, limits: &Limits) -> Result<Document, ErrorKind> {
    if pages.is_empty() {
        return Err(ErrorKind::damaged(
            "PDF 没有任何页面",
            "the PDF has no pages",
        ));
    }
    if pages
        .iter()
        .all(|p| p.pieces.iter().all(|piece| piece.text.trim().is_empty()))
    {
        return Err(ErrorKind::Scanned);
    }
    lay_out(&pages, limits)
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

/// Refuses a PDF whose compressed streams would inflate past `limit` bytes in all, or one of
/// them other than an image past [`MAX_STREAM`], before the parser inflates them into memory:
/// a megabyte of deflate can hold gigabytes of zeros. A stream is inflated here, into a small
/// buffer that is thrown away, only where its compressed size does not already bound it: the
/// largest first, until what is left could not pass the limit even at deflate's highest
/// ratio. A browser's print holds a thousand tiny streams (a glyph each), which this never
/// opens; one inflater serves all the streams it does open, as setting up its window is dearer
/// than inflating a glyph.
fn check_inflated(bytes: &[u8], limit: u64) -> Result<(), ErrorKind> {
    let mut streams = flate_streams(bytes);
    let bound = |s: &Stream| (s.data.len() as u64).saturating_mul(MAX_DEFLATE_RATIO);
    streams.sort_by_key(|s| std::cmp::Reverse(s.data.len()));
    // What the streams not yet inflated could hold at most.
    let mut unopened: u64 = streams.iter().map(bound).fold(0, u64::saturating_add);
    let mut total: u64 = 0;
    let mut inflater = flate2::Decompress::new(true);
    let mut buf = vec![0u8; 64 * 1024];
    for stream in &streams {
        let own_bounded = stream.image || bound(stream) <= MAX_STREAM;
        if own_bounded && total.saturating_add(unopened) <= limit {
            // Sorted by size, so every stream after this one is bounded too.
            break;
        }
        unopened -= bound(stream);
        inflater.reset(true);
        let mut input = stream.data;
        loop {
            let (before_in, before_out) = (inflater.total_in(), inflater.total_out());
            let status = inflater.decompress(input, &mut buf, flate2::FlushDecompress::None);
            let read = (inflater.total_in() - before_in) as usize;
            let written = inflater.total_out() - before_out;
            input = &input[read..];
            total += written;
            if total > limit {
                return Err(ErrorKind::ZipBomb(limit));
            }
            if inflater.total_out() > MAX_STREAM && !stream.image {
                return Err(ErrorKind::ZipBomb(MAX_STREAM));
            }
            // A damaged stream is the parser's to report; here it has inflated what it could.
            match status {
                Ok(flate2::Status::Ok) if read > 0 || written > 0 => {}
                _ => break,
            }
        }
    }
    Ok(())
}

/// The most a deflate stream can grow by when inflated (RFC 1951's longest match, 258 bytes,
/// coded in at least two bits).
const MAX_DEFLATE_RATIO: u64 = 1032;

/// A Flate-compressed stream of a PDF, as found in its bytes.
struct Stream<'a> {
    data: &'a [u8],
    /// Its dictionary names it an image.
    image: bool,
}

/// Every Flate-compressed stream of a PDF, found in its bytes.
fn flate_streams(bytes: &[u8]) -> Vec<Stream<'_>> {
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
        out.push(Stream {
            data: &bytes[start..end],
            image: find(dict, b"/Image").is_some(),
        });
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

/// The text pieces and rulings of every page.
/// The pages, and the day the file was made ([`Document::date`]).
fn pages(data: Vec<u8>, limits: &Limits) -> Result<(Vec<Page>, Option<String>), ErrorKind> {
    use pdf_oxide::document::ReadingOrder;
    let damaged = |e: pdf_oxide::Error| ErrorKind::damaged_by(e);
    let doc = pdf_oxide::document::PdfDocument::from_bytes(data).map_err(damaged)?;
    let made = made(&doc);
    let count = doc.page_count().map_err(damaged)?;
    let mut out = Vec::with_capacity(count);
    let meter = Meter::new(limits);
    // The text of the pages read so far, and their content inflated.
    let (mut text, mut inflated) = (0u64, 0u64);
    for page in 0..count {
        // Inflated (and kept by the parser) before its operators are parsed: a page over the
        // budget is refused before it costs more.
        inflated += doc
            .get_page_content_data(page)
            .map_or(0, |c| c.len() as u64);
        if inflated > MAX_CONTENT {
            return Err(ErrorKind::ZipBomb(MAX_CONTENT));
        }
        let (width, height) = doc
            .get_page_media_box(page)
            .map(|(x0, y0, x1, y1)| ((x1 - x0).abs(), (y1 - y0).abs()))
            .unwrap_or((595.0, 842.0));
        // The order of the spans is ours to make (`rows`): pdf_oxide's own reading order
        // (an XY-cut on pages that look like columns, as every table does) took half the time
        // of reading a PDF. A rotated page still goes through its full pass, which turns
        // sideways text upright; its rulings are not turned with it, and are left out.
        let upright = matches!(doc.get_page_rotation(page), Ok(0));
        let spans = if upright {
            doc.extract_spans_with_reading_order(page, ReadingOrder::TopToBottom)
        } else {
            doc.extract_spans(page)
        }
        .map_err(damaged)?;
        let pieces: Vec<Piece> = spans
            .into_iter()
            .filter(|s| !s.text.trim().is_empty())
            .map(|s| Piece {
                chars: char_lefts(&s),
                x: s.bbox.x,
                top: height - (s.bbox.y + s.bbox.height),
                width: s.bbox.width,
                height: s.bbox.height.max(1.0),
                text: s.text,
            })
            .collect();
        // Rulings that cannot be read are no reason to lose the text: the page is then read
        // by position.
        let rulings = match doc.extract_paths(page) {
            Ok(paths) if upright => page_rulings(&paths, height),
            _ => Vec::new(),
        };
        text += pieces
            .iter()
            .map(|p| p.text.chars().count() as u64)
            .sum::<u64>();
        meter.held(text)?;
        out.push(Page {
            pieces,
            rulings,
            width,
            height,
        });
    }
    Ok((out, made))
}

/// The day the Info dictionary says the file was made: its `CreationDate`, else its `ModDate`.
/// The creation date is taken first because it is the earliest the file can have gone
/// online: a site that stamps or re-saves its files moves `ModDate` on, long after a report
/// was published in time. A browser's print of a page (`Skia/PDF`, `wkhtmltopdf`) was made
/// whenever someone printed it, and says nothing of when the page went online.
fn made(doc: &pdf_oxide::document::PdfDocument) -> Option<String> {
    use pdf_oxide::object::Object;
    let resolve = |o: &Object| match o {
        Object::Reference(r) => doc.load_object(*r).ok(),
        other => Some(other.clone()),
    };
    let info = resolve(doc.trailer().as_dict()?.get("Info")?)?;
    let info = info.as_dict()?;
    let text = |key: &str| Some(pdf_text(resolve(info.get(key)?)?.as_string()?));
    let producer = [text("Producer"), text("Creator")]
        .into_iter()
        .flatten()
        .collect::<String>()
        .to_lowercase();
    if ["skia", "chrome", "wkhtmltopdf", "qt ", "mozilla", "webkit"]
        .iter()
        .any(|p| producer.contains(p))
    {
        return None;
    }
    ["CreationDate", "ModDate"]
        .iter()
        .find_map(|key| pdf_date(&text(key)?))
}

/// A PDF text string: UTF-16 with its byte order mark, else bytes taken as Latin-1 (the
/// dates and producers read here are ASCII).
fn pdf_text(raw: &[u8]) -> String {
    if let Some(rest) = raw.strip_prefix(&[0xFE, 0xFF]) {
        char::decode_utf16(
            rest.chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]])),
        )
        .filter_map(Result::ok)
        .collect()
    } else if let Some(rest) = raw.strip_prefix(&[0xFF, 0xFE]) {
        char::decode_utf16(
            rest.chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]])),
        )
        .filter_map(Result::ok)
        .collect()
    } else {
        raw.iter().map(|&b| b as char).collect()
    }
}

/// A PDF date, `D:20240125093000+08'00'`, as the day it was in Beijing (`2024-01-25`). A
/// date with no offset is taken as Beijing's own.
fn pdf_date(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t.strip_prefix("D:").unwrap_or(t);
    let digits = |from: usize, len: usize| -> Option<i64> {
        let part = t.get(from..from + len)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (digits(0, 4)?, digits(4, 2)?, digits(6, 2)?);
    let date = gongkai_core::date::Date::new(year as i32, month as u32, day as u32)?;
    if !(1990..=2100).contains(&date.year()) {
        return None;
    }
    // Without the hour, the day is as written.
    let Some(hour) = digits(8, 2) else {
        return Some(date.to_string());
    };
    let minutes = hour * 60 + digits(10, 2).unwrap_or(0);
    // The offset from UTC the date was written in, in minutes; Beijing's when none is given.
    let offset = match t.get(14..15) {
        Some("Z") => 0,
        Some(sign @ ("+" | "-")) => {
            let hours = digits(15, 2)?;
            let mins = t
                .get(17..)
                .map(|r| r.trim_start_matches('\''))
                .and_then(|r| r.get(..2))
                .and_then(|m| m.parse::<i64>().ok())
                .unwrap_or(0);
            let o = hours * 60 + mins;
            if sign == "-" {
                -o
            } else {
                o
            }
        }
        _ => 8 * 60,
    };
    let shift = (minutes - offset + 8 * 60).div_euclid(24 * 60);
    Some(gongkai_core::date::Date::from_days(date.days() + shift).to_string())
}

/// The left edge of each character of a span: the glyph origins pdf_oxide measured, else its
/// advance widths added up, else nothing (spread evenly).
fn char_lefts(span: &pdf_oxide::layout::TextSpan) -> Vec<f32> {
    let n = span.text.chars().count();
    let (left, right) = (span.bbox.x - 0.5, span.bbox.x + span.bbox.width + 0.5);
    let offsets = &span.char_x_offsets;
    if offsets.len() == n && offsets.iter().all(|&x| left <= x && x <= right) {
        return offsets.clone();
    }
    if span.char_widths.len() == n && span.char_widths.iter().all(|w| w.is_finite()) {
        let mut x = span.bbox.x;
        return span
            .char_widths
            .iter()
            .map(|w| {
                let at = x;
                x += w;
                at
            })
            .collect();
    }
    Vec::new()
}

/// The rulings the visible paths of a page draw; none past [`MAX_RULINGS`].
fn page_rulings(paths: &[pdf_oxide::elements::PathContent], height: f32) -> Vec<Ruling> {
    let visible = |c: &Option<pdf_oxide::layout::Color>| {
        c.as_ref()
            .is_some_and(|c| !(c.r > 0.98 && c.g > 0.98 && c.b > 0.98))
    };
    let mut out = Vec::new();
    for path in paths {
        let paint = Paint {
            stroked: visible(&path.stroke_color),
            filled: visible(&path.fill_color),
            width: path.stroke_width,
        };
        grid::rulings(&path.operations, paint, height, &mut out);
        if out.len() > MAX_RULINGS {
            return Vec::new();
        }
    }
    out
}

/// Lines of every page, top to bottom, numbered through the document, within the budgets
/// (a grid's row is as wide as the grid, whatever text it holds).
fn lay_out(pages: &[Page], limits: &Limits) -> Result<Document, ErrorKind> {
    let mut meter = Meter::new(limits);
    let mut lines = Vec::new();
    let mut blocks: Vec<Vec<(f32, Block)>> = pages.iter().map(page_blocks).collect();
    for p in 1..blocks.len() {
        let (before, after) = blocks.split_at_mut(p);
        let height = pages[p - 1].height;
        join_cut_row(&mut before[p - 1], &mut after[0], height);
    }
    for (p, (page, blocks)) in pages.iter().zip(blocks).enumerate() {
        let from = lines.len();
        lay_out_page(p as u32 + 1, page, blocks, &mut lines);
        lines[from..].iter().try_for_each(|l| meter.line(&l.text))?;
    }
    Ok(Document {
        lines,
        ..Document::default()
    })
}

/// What a page shows, in the order it is read.
enum Block {
    /// A line of text outside tables.
    Row(Vec<Piece>),
    /// A row of a table: the text of each column and where it stands.
    Cells(Vec<Option<(String, BBox)>>),
}

/// What one page shows: its tables row by row, the text around them line by line, in the
/// order they stand from the top.
fn page_blocks(content: &Page) -> Vec<(f32, Block)> {
    let mut grids = if content.rulings.is_empty() {
        Vec::new()
    } else {
        grid::grids(&content.rulings)
    };
    if grids.len() > MAX_GRIDS {
        grids.clear();
    }
    // The smallest first: a table drawn inside another's cell keeps its own text.
    grids.sort_by(|a, b| size(a).total_cmp(&size(b)));
    let mut held: Vec<Vec<(usize, Piece)>> = vec![Vec::new(); grids.len()];
    let mut loose = Vec::new();
    for piece in &content.pieces {
        match grids
            .iter()
            .position(|g| g.contains(piece.centre(), piece.middle()))
        {
            Some(g) => place(&grids[g], piece, &mut held[g]),
            None => loose.push(piece.clone()),
        }
    }
    let mut blocks: Vec<(f32, Block)> = Vec::new();
    for (grid, held) in grids.iter().zip(held) {
        if !held.is_empty() {
            table(
                grid,
                held,
                content.width * content.height,
                &mut blocks,
                &mut loose,
            );
        }
    }
    for row in rows(&loose) {
        let middle = row.iter().map(Piece::middle).sum::<f32>() / row.len() as f32;
        blocks.push((middle, Block::Row(row)));
    }
    blocks.sort_by(|a, b| a.0.total_cmp(&b.0));
    blocks
}

/// The lines of one page, from its blocks.
fn lay_out_page(page: u32, content: &Page, blocks: Vec<(f32, Block)>, lines: &mut Vec<Line>) {
    let last = blocks.len().saturating_sub(1);
    for (k, (at, block)) in blocks.into_iter().enumerate() {
        let number = lines.len() as u32 + 1;
        match block {
            Block::Row(row) => {
                let mut l = line(number, page, &row);
                if l.text.contains('\t') {
                    l.placed = Placed::ByPosition;
                }
                // A bare number above or below everything else, in the page's margin, is its
                // number (`3`, which in running text could be anything).
                let margin = if k == 0 {
                    at < content.height * 0.1
                } else {
                    k == last && at > content.height * 0.85
                };
                let digits = l.text.trim();
                if margin
                    && (1..=4).contains(&digits.len())
                    && digits.bytes().all(|b| b.is_ascii_digit())
                {
                    l.furniture = true;
                }
                lines.push(l);
            }
            Block::Cells(cells) => {
                let mut fields = Fields::new();
                for (column, cell) in cells.iter().enumerate() {
                    if column > 0 {
                        fields.separate('\t');
                    }
                    if let Some((text, bbox)) = cell {
                        fields.push(text, |from, to| {
                            Some(Span {
                                page: Some(page),
                                bbox: Some(*bbox),
                                ..rebuilt(number, from, to)
                            })
                        });
                    }
                }
                lines.push(fields.line(number, Some(page)));
            }
        }
    }
}

/// A table row cut by a page break, made one again. Word and LibreOffice split a tall row
/// across pages: its numbers print in one part and the rest of its label in the other, below
/// the table's header repeated on the next page. Read as two rows, the part without numbers
/// looks like a row left blank, and its label (the longer part, often) like the row's: its
/// cells would be read, for certain, as empty.
///
/// The last table row of a page (`before`, with nothing after it but a page number) and the
/// first row of the next page's table after the header rows it repeats (`after`, nothing
/// before them) are one row when they have as many columns, exactly one of them has numbers,
/// the other has text only in columns where the first has text or nothing, and no text of the
/// second part opens as a row's label does (`2、`, `（三）`, `四、`): a row of its own left
/// blank there keeps its own line. The joined row stands where its numbers do.
fn join_cut_row(before: &mut Vec<(f32, Block)>, after: &mut Vec<(f32, Block)>, height: f32) {
    // The last table row of the page, past page furniture at its foot.
    let Some(l) = before.iter().rposition(|(at, b)| match b {
        Block::Cells(_) => true,
        Block::Row(row) => {
            !(*at > height * 0.85 && row.iter().map(|p| p.text.chars().count()).sum::<usize>() <= 8)
        }
    }) else {
        return;
    };
    let Block::Cells(last) = &before[l].1 else {
        return;
    };
    // The header rows repeated: rows seen already on the page before (its table's header,
    // when the table began there) or identical to the rows the next page's table opens with.
    let seen: Vec<Vec<Option<&str>>> = before
        .iter()
        .filter_map(|(_, b)| match b {
            Block::Cells(c) => Some(texts(c)),
            Block::Row(_) => None,
        })
        .collect();
    let mut r = 0;
    while let Some((_, Block::Cells(c))) = after.get(r) {
        if !seen.contains(&texts(c)) {
            break;
        }
        r += 1;
    }
    // Only the table continuing: nothing but its repeated header above the row (a page with
    // a heading or text first begins something else).
    if r == 0 {
        return;
    }
    let Some((_, Block::Cells(first))) = after.get(r) else {
        return;
    };
    if last.len() != first.len() {
        return;
    }
    let numbers = |c: &[Option<(String, BBox)>]| c.iter().flatten().any(|(t, _)| value_like(t));
    let (numbered, other) = match (numbers(last), numbers(first)) {
        (true, false) => (last, first),
        (false, true) => (first, last),
        _ => return,
    };
    let opens_a_row = other.iter().flatten().any(|(t, _)| opens_label(t));
    let fits = numbered.iter().zip(other).all(|(n, o)| match (n, o) {
        (_, None) => true,
        (None, Some(_)) => true,
        (Some((n, _)), Some(_)) => !value_like(n),
    });
    if opens_a_row || !fits || (numbered == first && opens_label_row(first)) {
        return;
    }
    let joined: Vec<Option<(String, BBox)>> = last
        .iter()
        .zip(first)
        .map(|(a, b)| match (a, b) {
            (Some((a, at)), Some((b, _))) => Some((format!("{a}{b}"), *at)),
            (Some(a), None) => Some(a.clone()),
            (None, b) => b.clone(),
        })
        .collect();
    if numbered == last {
        before[l].1 = Block::Cells(joined);
        after.remove(r);
    } else {
        after[r].1 = Block::Cells(joined);
        before.remove(l);
    }
}

/// A row's cells as text, to compare rows.
fn texts(cells: &[Option<(String, BBox)>]) -> Vec<Option<&str>> {
    cells
        .iter()
        .map(|c| c.as_ref().map(|(t, _)| t.as_str()))
        .collect()
}

/// A cell's text that holds a figure or a blank's mark rather than words.
fn value_like(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || ",.，．%-—–/／ ".contains(c))
}

/// A text that opens as a row's label does: `1、`, `（三）`, `四、`, `(2)`.
fn opens_label(text: &str) -> bool {
    let t = text.trim_start();
    let mut chars = t.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    if first == '（' || first == '(' {
        return chars.next().is_some_and(numeral);
    }
    numeral(first) && {
        let rest: String = t.chars().skip_while(|c| numeral(*c)).take(1).collect();
        matches!(rest.as_str(), "、" | "." | "．" | "，")
    }
}

/// The row after the header opens with a label of its own in its first text cell.
fn opens_label_row(cells: &[Option<(String, BBox)>]) -> bool {
    cells
        .iter()
        .flatten()
        .next()
        .is_some_and(|(t, _)| opens_label(t))
}

fn size(g: &Grid) -> f32 {
    let (l, t, r, b) = g.area();
    (r - l) * (b - t)
}

/// Puts a piece inside a grid into its cell, or, when it runs across rulings (text of
/// neighbouring cells that the PDF set as one piece), its characters into theirs. A piece
/// across several columns of one cell is also cut where its words stand wider apart than a
/// space, for [`split`] to tell apart if the cell is one only because a ruling was left out.
fn place(grid: &Grid, piece: &Piece, out: &mut Vec<(usize, Piece)>) {
    let Some(row) = grid.row_at(piece.middle()) else {
        return;
    };
    let last = grid.columns() - 1;
    let column_at = |x: f32| {
        grid.column_at(x)
            .unwrap_or(if x < piece.centre() { 0 } else { last })
    };
    let (first, end) = (column_at(piece.x + 0.5), column_at(piece.right() - 0.5));
    if first == end
        || !piece.text.trim().contains(char::is_whitespace)
            && grid.cell(row, first) == grid.cell(row, end)
    {
        out.push((grid.cell(row, first), piece.clone()));
        return;
    }
    let text: Vec<char> = piece.text.chars().collect();
    let n = text.len();
    let left = |i: usize| -> f32 {
        if i >= n {
            piece.right()
        } else if piece.chars.len() == n {
            piece.chars[i]
        } else {
            piece.x + piece.width * i as f32 / n as f32
        }
    };
    let cell_of = |i: usize| grid.cell(row, column_at((left(i) + left(i + 1)) / 2.0));
    let digit = |i: usize| text.get(i).is_some_and(char::is_ascii_digit);
    let mut from = 0;
    while from < n {
        if text[from].is_whitespace() {
            from += 1;
            continue;
        }
        let cell = cell_of(from);
        let mut to = from + 1;
        while to < n {
            if text[to].is_whitespace() {
                // A space between words stays; a wider gap parts them.
                let gap = to + text[to..].iter().take_while(|c| c.is_whitespace()).count();
                if gap == n || left(gap) - left(to) >= piece.height * WORD_SPACE {
                    break;
                }
                to = gap;
            } else if cell_of(to) == cell {
                to += 1;
            } else {
                break;
            }
        }
        // pdf_oxide joins two numbers set close together with a point, taking them for a
        // number's integer and decimal parts in boxes of their own (`1157` `5` read as
        // `1157.5`): a point where a ruling parts two runs of digits is no decimal point.
        let mut end = to;
        if to < n && text[to - 1] == '.' && to >= 2 && digit(to - 2) && digit(to) {
            end -= 1;
        }
        if text[from] == '.'
            && from > 0
            && digit(from - 1)
            && digit(from + 1)
            && cell_of(from - 1) != cell
        {
            from += 1;
        }
        if from < end {
            out.push((
                cell,
                Piece {
                    text: text[from..end].iter().collect(),
                    x: left(from),
                    width: (left(end) - left(from)).max(0.0),
                    chars: (from..end).map(left).collect(),
                    top: piece.top,
                    height: piece.height,
                },
            ));
        }
        from = to;
    }
}

/// A table's rows, each at the top of its row: one field per grid column, a cell's text in
/// the row and column where it starts, empty fields elsewhere; rows with no text are left out.
/// The text of cells too big to be a table's is left `loose`.
fn table(
    grid: &Grid,
    held: Vec<(usize, Piece)>,
    page_area: f32,
    blocks: &mut Vec<(f32, Block)>,
    loose: &mut Vec<Piece>,
) {
    let mut by_cell: Vec<Vec<Piece>> = vec![Vec::new(); grid.cells()];
    for (cell, piece) in held {
        by_cell[cell].push(piece);
    }
    // (row, column, text, where): the text of each cell, or of each part of a cell whose
    // rulings the PDF left out.
    let mut parts: Vec<(usize, usize, String, BBox)> = Vec::new();
    for (cell, pieces) in by_cell.iter_mut().enumerate() {
        let extent @ [r0, c0, r1, c1] = grid.extent(cell);
        let area = (grid.x(c1 + 1) - grid.x(c0)) * (grid.y(r1 + 1) - grid.y(r0));
        if area > page_area * MAX_CELL_SHARE {
            loose.append(pieces);
            continue;
        }
        for (row, column, pieces) in split(grid, extent, pieces) {
            if let Some((text, bbox)) = cell_text(&pieces) {
                parts.push((row, column, text, bbox));
            }
        }
    }
    parts.sort_by_key(|p| (p.0, p.1));
    let mut parts = parts.into_iter().peekable();
    while let Some(&(row, ..)) = parts.peek() {
        let mut cells: Vec<Option<(String, BBox)>> = vec![None; grid.columns()];
        while let Some((_, column, text, bbox)) = parts.next_if(|p| p.0 == row) {
            match &mut cells[column] {
                // Two parts starting in one place (a cell that is no rectangle): one field.
                Some((t, _)) => {
                    t.push(' ');
                    t.push_str(&text);
                }
                slot => *slot = Some((text, bbox)),
            }
        }
        blocks.push((grid.y(row), Block::Cells(cells)));
    }
}

/// Smaller than this, a gap between two lines of a cell is the space between the lines of one
/// paragraph, in line heights.
const LEADING: f32 = 0.8;
/// Up to this, a gap in a piece of text is a space between words, in its heights.
const WORD_SPACE: f32 = 0.4;
/// Pieces of text this far apart across a column side, in their heights, may stand in cells
/// of their own (cell padding on both sides of a ruling the PDF left out).
const APART: f32 = 0.3;

/// The text of a cell where it should be given: at its first row and column, or, for a merged
/// cell whose text stands apart in the elementary cells it covers (a border the PDF did not
/// draw: numbers of three columns in one cell, labels of eight rows in one), each block of
/// text at the row and column it stands in. A block is apart from the next across a column
/// side that no piece of text runs across, and across a row side that no line runs across
/// and that has more than the space between lines of one paragraph on either side of it.
fn split<'a>(
    grid: &Grid,
    [r0, c0, r1, c1]: [usize; 4],
    pieces: &'a [Piece],
) -> Vec<(usize, usize, Vec<&'a Piece>)> {
    let all: Vec<&Piece> = pieces.iter().collect();
    if pieces.is_empty() || pieces.len() > MAX_SPLIT || (r0 == r1 && c0 == c1) {
        return vec![(r0, c0, all)];
    }
    let mut out = Vec::new();
    for (column, group) in cut(
        all,
        c0,
        c1,
        APART,
        |c| grid.x(c),
        |p| (p.x, p.right(), p.height),
    ) {
        // Rows are cut between lines, not pieces: a line's pieces stay together.
        let lines = rows_of(&group);
        for (row, block) in cut(
            lines,
            r0,
            r1,
            LEADING,
            |r| grid.y(r),
            |l| (l.0, l.1, l.1 - l.0),
        ) {
            out.push((row, column, block.into_iter().flat_map(|l| l.2).collect()));
        }
    }
    out
}

/// Pieces of a cell too many to be worth telling apart.
const MAX_SPLIT: usize = 400;

/// Lines of pieces: (top, bottom, pieces).
type TextLine<'a> = (f32, f32, Vec<&'a Piece>);

fn rows_of<'a>(pieces: &[&'a Piece]) -> Vec<TextLine<'a>> {
    let mut sorted = pieces.to_vec();
    sorted.sort_by(|a, b| a.middle().total_cmp(&b.middle()));
    let mut out: Vec<TextLine> = Vec::new();
    for p in sorted {
        match out.last_mut() {
            Some(l) if (p.middle() - (l.0 + l.1) / 2.0).abs() <= p.height.min(l.1 - l.0) * 0.4 => {
                l.0 = l.0.min(p.top);
                l.1 = l.1.max(p.top + p.height);
                l.2.push(p);
            }
            _ => out.push((p.top, p.top + p.height, vec![p])),
        }
    }
    out
}

/// Items (pieces along x, lines along y) cut into groups at the sides `first + 1..=last` of
/// elementary cells (`side(k)` is the position of side `k`) where no item runs across, items
/// stand on both sides, and the gap between them is wider than `apart` times an item's size;
/// each group with the first elementary cell it lies in. `span` gives an item's start, end and
/// size.
fn cut<T>(
    mut items: Vec<T>,
    first: usize,
    last: usize,
    apart: f32,
    side: impl Fn(usize) -> f32,
    span: impl Fn(&T) -> (f32, f32, f32),
) -> Vec<(usize, Vec<T>)> {
    items.sort_by(|a, b| {
        let (a, b) = (span(a), span(b));
        (a.0 + a.1).total_cmp(&(b.0 + b.1))
    });
    let mut out: Vec<(usize, Vec<T>)> = Vec::new();
    let mut start = first;
    for k in first + 1..=last {
        let at = side(k);
        let before = items.partition_point(|i| {
            let (a, b, _) = span(i);
            (a + b) / 2.0 < at
        });
        if before == 0 || before == items.len() {
            continue;
        }
        let crossing = items.iter().any(|i| {
            let (a, b, _) = span(i);
            a < at - 0.5 && b > at + 0.5
        });
        let end_before = items[..before]
            .iter()
            .map(|i| span(i).1)
            .fold(f32::MIN, f32::max);
        let start_after = items[before..]
            .iter()
            .map(|i| span(i).0)
            .fold(f32::MAX, f32::min);
        let size = items.iter().map(|i| span(i).2).fold(f32::MAX, f32::min);
        if crossing || start_after - end_before < size * apart {
            continue;
        }
        let rest = items.split_off(before);
        out.push((start, std::mem::replace(&mut items, rest)));
        start = k;
    }
    out.push((start, items));
    out
}

/// The text of a cell in reading order: its lines top to bottom, each left to right. CJK
/// text joins without a space (a label wrapped in its cell is one label again); Latin
/// letters and digits are parted by a space where a gap or a line break parted them.
fn cell_text(pieces: &[&Piece]) -> Option<(String, BBox)> {
    let mut text = String::new();
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for (_, _, mut row) in rows_of(pieces) {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut prev: Option<&Piece> = None;
        for &piece in &row {
            let t = piece.text.trim();
            if let (Some(first), Some(last)) = (t.chars().next(), text.chars().next_back()) {
                let gap =
                    prev.is_none_or(|p| piece.x - p.right() > p.height.min(piece.height) * 0.25);
                if gap && !wide(last) && !wide(first) {
                    text.push(' ');
                }
            }
            text.push_str(t);
            prev = Some(piece);
            x0 = x0.min(piece.x);
            y0 = y0.min(piece.top);
            x1 = x1.max(piece.right());
            y1 = y1.max(piece.top + piece.height);
        }
    }
    (!text.is_empty()).then(|| {
        (
            close_up(&text),
            BBox {
                x: round(x0),
                y: round(y0),
                width: round(x1 - x0),
                height: round(y1 - y0),
            },
        )
    })
}

/// Text without the spaces between CJK characters that justified or spaced-out text leaves
/// (`总 计`, `反复 申请`).
fn close_up(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let end = i + chars[i..].iter().take_while(|c| c.is_whitespace()).count();
            let joins = i > 0 && end < chars.len() && wide(chars[i - 1]) && wide(chars[end]);
            if !joins {
                out.extend(&chars[i..end]);
            }
            i = end;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// CJK characters and full-width forms, and the punctuation set among them: text that
/// runs on without spaces.
fn wide(c: char) -> bool {
    c >= '\u{2E80}' || ('\u{2000}'..='\u{206F}').contains(&c) || c == '·'
}

/// Pieces grouped into rows by their vertical middles, each row sorted left to right.
fn rows(pieces: &[Piece]) -> Vec<Vec<Piece>> {
    let mut sorted: Vec<&Piece> = pieces.iter().collect();
    sorted.sort_by(|a, b| a.middle().total_cmp(&b.middle()));
    let mut rows: Vec<Vec<Piece>> = Vec::new();
    // The last row's middles added up and its least height, kept as it grows: summed again
    // for every piece, a page of one long row would take a time growing with its square.
    let (mut middles, mut least) = (0.0f32, f32::MAX);
    for piece in sorted {
        let joins = rows.last().is_some_and(|row| {
            let middle = middles / row.len() as f32;
            (piece.middle() - middle).abs() <= least.min(piece.height) * 0.4
        });
        if joins {
            rows.last_mut().expect("checked").push(piece.clone());
            middles += piece.middle();
            least = least.min(piece.height);
        } else {
            rows.push(vec![piece.clone()]);
            (middles, least) = (piece.middle(), piece.height);
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

    fn row_of(texts: &[&str]) -> Block {
        let at = BBox {
            x: 0.0,
            y: 0.0,
            width: 1.0,
            height: 1.0,
        };
        Block::Cells(
            texts
                .iter()
                .map(|t| (!t.is_empty()).then(|| (t.to_string(), at)))
                .collect(),
        )
    }

    fn shown(blocks: &[(f32, Block)]) -> Vec<String> {
        blocks
            .iter()
            .map(|(_, b)| match b {
                Block::Cells(c) => super::texts(c)
                    .iter()
                    .map(|t| t.unwrap_or(""))
                    .collect::<Vec<_>>()
                    .join("|"),
                Block::Row(r) => r.iter().map(|p| p.text.as_str()).collect(),
            })
            .collect()
    }

    /// A row cut by a page break, its numbers above the break and the rest of its label below
    /// the header repeated, is one row again; a row of its own left blank below the header
    /// stays a row.
    #[test]
    fn a_row_cut_by_a_page_break_is_joined() {
        let header = ["", "自然人", "总计"];
        let mut before = vec![
            (10.0, row_of(&header)),
            (20.0, row_of(&["（六）1、申请人无正当理由逾", "0", "0"])),
        ];
        let mut after = vec![
            (10.0, row_of(&header)),
            (20.0, row_of(&["期不补正、行政机关不再处理", "", ""])),
            (30.0, row_of(&["2、申请人逾期未按收费", "1", "1"])),
        ];
        join_cut_row(&mut before, &mut after, 800.0);
        assert_eq!(
            shown(&before),
            [
                "|自然人|总计",
                "（六）1、申请人无正当理由逾期不补正、行政机关不再处理|0|0"
            ]
        );
        assert_eq!(shown(&after), ["|自然人|总计", "2、申请人逾期未按收费|1|1"]);

        let mut before = vec![
            (10.0, row_of(&header)),
            (20.0, row_of(&["1、甲", "0", "0"])),
        ];
        let mut after = vec![(10.0, row_of(&header)), (20.0, row_of(&["2、乙", "", ""]))];
        join_cut_row(&mut before, &mut after, 800.0);
        assert_eq!(
            (before.len(), after.len()),
            (2, 2),
            "a blank row of its own"
        );

        // A page that opens with anything but the header begins something else.
        let mut before = vec![
            (10.0, row_of(&header)),
            (20.0, row_of(&["1、甲", "0", "0"])),
        ];
        let mut after = vec![(20.0, row_of(&["乙丙", "", ""]))];
        join_cut_row(&mut before, &mut after, 800.0);
        assert_eq!((before.len(), after.len()), (2, 1));
    }

    fn piece(text: &str, x: f32, top: f32, width: f32) -> Piece {
        Piece {
            text: text.into(),
            x,
            top,
            width,
            height: 10.0,
            chars: Vec::new(),
        }
    }

    fn page(pieces: Vec<Piece>) -> Page {
        Page {
            pieces,
            rulings: Vec::new(),
            width: 595.0,
            height: 842.0,
        }
    }

    /// The rulings of cells given as (left, top, right, bottom), each side drawn apart, as
    /// Word draws them (shared sides twice).
    fn cells(boxes: &[(f32, f32, f32, f32)]) -> Vec<Ruling> {
        let mut out = Vec::new();
        for &(l, t, r, b) in boxes {
            for (horizontal, at, from, to) in [
                (true, t, l, r),
                (true, b, l, r),
                (false, l, t, b),
                (false, r, t, b),
            ] {
                out.push(Ruling {
                    horizontal,
                    at,
                    from,
                    to,
                });
            }
        }
        out
    }

    #[test]
    fn pdf_dates_as_the_day_in_beijing() {
        assert_eq!(
            pdf_date("D:20240125093000+08'00'").as_deref(),
            Some("2024-01-25")
        );
        assert_eq!(pdf_date("D:20240125").as_deref(), Some("2024-01-25"));
        assert_eq!(pdf_date("D:20240131170000Z").as_deref(), Some("2024-02-01"));
        assert_eq!(
            pdf_date("D:20240201010000+08'00'").as_deref(),
            Some("2024-02-01")
        );
        assert_eq!(
            pdf_date("D:20240201010000-05'00'").as_deref(),
            Some("2024-02-01")
        );
        // WPS writes odd offsets; the day stays.
        assert_eq!(
            pdf_date("D:20240226144123+06'41'").as_deref(),
            Some("2024-02-26")
        );
        assert_eq!(pdf_date("D:20240230").as_deref(), None);
        assert_eq!(pdf_date("D:1980").as_deref(), None);
        assert_eq!(pdf_date("yesterday").as_deref(), None);
        assert_eq!(pdf_text(&[0xFE, 0xFF, 0, b'D', 0, b':']), "D:");
    }

    fn laid_out(pages: &[Page]) -> Document {
        lay_out(pages, &Limits::default()).unwrap()
    }

    fn texts(doc: &Document) -> Vec<&str> {
        doc.lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn rows_and_cells_from_positions() {
        let pieces = vec![
            piece("21", 300.0, 101.0, 10.0),
            piece("一、本年新收政府信息公开申请数量", 70.0, 100.0, 160.0),
            piece("0", 330.0, 100.5, 5.0),
            piece("二、上年结转", 70.0, 120.0, 60.0),
        ];
        let doc = laid_out(&[page(pieces)]);
        assert_eq!(
            texts(&doc),
            ["一、本年新收政府信息公开申请数量\t21\t0", "二、上年结转"]
        );
        let at = doc.lines[0].span(17, 19);
        assert_eq!(at.page, Some(1));
        assert_eq!(at.bbox.unwrap().x, 300.0);
        // Columns told apart by position alone are a guess, and said to be.
        assert_eq!(doc.lines[0].placed, Placed::ByPosition);
        assert_eq!(doc.lines[1].placed, Placed::AsPrinted);
    }

    #[test]
    fn close_pieces_join_into_words() {
        let pieces = vec![
            piece("2023", 70.0, 100.0, 20.0),
            piece("年", 91.0, 100.0, 10.0),
        ];
        assert_eq!(laid_out(&[page(pieces)]).lines[0].text, "2023年");
    }

    /// Part of table 三 as Word prints it: merged labels down the left, a label wrapped over
    /// two lines with its numbers on the first, numbers centred between the two lines of
    /// another, and two narrow number columns whose numbers the PDF set as one piece.
    fn table_three() -> Page {
        let rulings = cells(&[
            (0.0, 0.0, 200.0, 20.0),
            (200.0, 0.0, 230.0, 20.0),
            (230.0, 0.0, 260.0, 20.0),
            (0.0, 20.0, 60.0, 110.0),
            (60.0, 20.0, 200.0, 50.0),
            (200.0, 20.0, 230.0, 50.0),
            (230.0, 20.0, 260.0, 50.0),
            (60.0, 50.0, 120.0, 110.0),
            (120.0, 50.0, 200.0, 80.0),
            (200.0, 50.0, 230.0, 80.0),
            (230.0, 50.0, 260.0, 80.0),
            (120.0, 80.0, 200.0, 110.0),
            (200.0, 80.0, 230.0, 110.0),
            (230.0, 80.0, 260.0, 110.0),
        ]);
        // pdf_oxide reads two numbers set close together as one with a point between.
        let mut numbers = piece("72.64", 202.0, 5.0, 38.0);
        numbers.chars = vec![202.0, 207.5, 213.0, 232.0, 237.5];
        let pieces = vec![
            piece("三、收到和处理政府信息公开申请情况", 0.0, -30.0, 200.0),
            piece("一、本年新收政府信息公开申请数量", 2.0, 5.0, 160.0),
            numbers,
            piece("三、本年度办", 2.0, 50.0, 55.0),
            piece("理结果", 2.0, 63.0, 30.0),
            piece("（二）部分公开（区分处理的，只计这一情", 62.0, 22.0, 136.0),
            piece("形，不计其他情形）", 62.0, 36.0, 90.0),
            piece("547", 202.0, 22.0, 16.0),
            piece("13", 232.0, 22.0, 11.0),
            piece("（三）不予公开", 62.0, 75.0, 56.0),
            piece("1.属于国家秘密", 122.0, 60.0, 70.0),
            piece("0", 202.0, 60.0, 6.0),
            piece("1", 232.0, 60.0, 6.0),
            piece("2.其他法律行政法规", 122.0, 82.0, 76.0),
            piece("禁止公开", 122.0, 96.0, 40.0),
            piece("5", 202.0, 89.0, 6.0),
            piece("0", 232.0, 89.0, 6.0),
            piece("- 1 -", 120.0, 300.0, 20.0),
        ];
        Page {
            pieces,
            rulings,
            width: 595.0,
            height: 842.0,
        }
    }

    #[test]
    fn tables_from_their_rulings() {
        let doc = laid_out(&[table_three()]);
        assert_eq!(
            texts(&doc),
            [
                "三、收到和处理政府信息公开申请情况",
                "一、本年新收政府信息公开申请数量\t\t\t72\t64",
                "三、本年度办理结果\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t\t547\t13",
                "\t（三）不予公开\t1.属于国家秘密\t0\t1",
                "\t\t2.其他法律行政法规禁止公开\t5\t0",
                "- 1 -",
            ]
        );
        assert!(doc.lines.iter().all(|l| l.placed == Placed::AsPrinted));
        assert!(doc.lines[5].furniture);
        // Each cell is placed where its own text stands.
        let row = &doc.lines[1];
        let at = |field: usize| {
            let from: u32 = row
                .text
                .split('\t')
                .take(field)
                .map(|f| f.chars().count() as u32 + 1)
                .sum();
            row.span(from, from + 1)
        };
        assert_eq!(at(4).bbox.unwrap().x, 232.0);
        assert_eq!(at(3).bbox.unwrap().x, 202.0);
        assert_eq!((at(0).page, at(0).line), (Some(1), 2));
        let label = doc.lines[2].span(1, 2).bbox.unwrap();
        assert_eq!((label.y, label.height), (50.0, 23.0));
    }

    #[test]
    fn numbers_of_narrow_cells_stay_apart() {
        // Two pieces nearly touching across a ruling, and a piece of Latin words wrapped.
        let rulings = cells(&[
            (0.0, 0.0, 30.0, 20.0),
            (30.0, 0.0, 60.0, 20.0),
            (60.0, 0.0, 120.0, 30.0),
        ]);
        let mut below = cells(&[(0.0, 20.0, 60.0, 30.0)]);
        below.extend(rulings);
        let pieces = vec![
            piece("72", 18.0, 5.0, 11.0),
            piece("64", 31.0, 5.0, 11.0),
            piece("see", 62.0, 2.0, 15.0),
            piece("PDF", 62.0, 15.0, 15.0),
        ];
        let doc = laid_out(&[Page {
            pieces,
            rulings: below,
            width: 595.0,
            height: 842.0,
        }]);
        assert_eq!(texts(&doc), ["72\t64\tsee PDF"]);
    }

    #[test]
    fn a_table_runs_on_across_pages() {
        let first = table_three();
        let rulings = cells(&[
            (0.0, 100.0, 60.0, 130.0),
            (60.0, 100.0, 200.0, 130.0),
            (200.0, 100.0, 230.0, 130.0),
            (230.0, 100.0, 260.0, 130.0),
        ]);
        let second = Page {
            pieces: vec![
                piece("（七）总计", 62.0, 110.0, 40.0),
                piece("9", 202.0, 110.0, 6.0),
                piece("9", 232.0, 110.0, 6.0),
                piece("四、政府信息公开行政复议、行政诉讼情况", 0.0, 150.0, 200.0),
                piece("- 2 -", 120.0, 300.0, 20.0),
            ],
            rulings,
            width: 595.0,
            height: 842.0,
        };
        let doc = laid_out(&[first, second]);
        let got = texts(&doc);
        assert_eq!(
            got[4..],
            [
                "\t\t2.其他法律行政法规禁止公开\t5\t0",
                "- 1 -",
                "\t（七）总计\t9\t9",
                "四、政府信息公开行政复议、行政诉讼情况",
                "- 2 -",
            ]
        );
        assert_eq!(doc.lines[6].page, Some(2));
        assert_eq!(doc.lines[6].number, 7);
    }

    #[test]
    fn a_frame_around_a_table_is_no_cell() {
        // A web page's content box drawn about the text and a table that touches it: what
        // lies around the table inside the box is read as text, in its place.
        let mut page = table_three();
        page.rulings.extend(cells(&[(-20.0, -60.0, 400.0, 400.0)]));
        page.rulings.push(Ruling {
            horizontal: false,
            at: 0.0,
            from: -60.0,
            to: 0.0,
        });
        page.pieces
            .push(piece("二、主动公开政府信息情况", 0.0, -50.0, 120.0));
        page.pieces.push(piece(
            "四、政府信息公开行政复议、行政诉讼情况",
            0.0,
            200.0,
            200.0,
        ));
        let doc = laid_out(&[page]);
        let got = texts(&doc);
        assert_eq!(
            got[..2],
            [
                "二、主动公开政府信息情况",
                "三、收到和处理政府信息公开申请情况"
            ]
        );
        assert_eq!(
            got[2..4],
            [
                "\t一、本年新收政府信息公开申请数量\t\t\t72\t64\t",
                "\t三、本年度办理结果\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t\t547\t13\t"
            ]
        );
        assert_eq!(
            got[6..],
            ["四、政府信息公开行政复议、行政诉讼情况", "- 1 -"]
        );
    }

    #[test]
    fn a_bare_number_in_the_margin_is_the_page_number() {
        let mut first = table_three();
        first.pieces.push(piece("2", 290.0, 800.0, 6.0));
        let second = page(vec![
            piece("3", 290.0, 30.0, 6.0),
            piece("行政许可", 70.0, 100.0, 40.0),
            piece("2", 300.0, 100.0, 6.0),
            piece("5", 70.0, 400.0, 6.0),
        ]);
        let doc = laid_out(&[first, second]);
        let marked: Vec<(&str, bool)> = doc
            .lines
            .iter()
            .filter(|l| l.text.len() == 1)
            .map(|l| (l.text.as_str(), l.furniture))
            .collect();
        assert_eq!(marked, [("2", true), ("3", true), ("5", false)]);
    }

    #[test]
    fn a_page_without_rulings_is_read_by_position() {
        let mut p = table_three();
        p.rulings = Vec::new();
        let doc = laid_out(&[p]);
        assert!(doc.lines.iter().any(|l| l.placed == Placed::ByPosition));
    }

    #[test]
    fn too_many_rulings_are_no_tables() {
        use pdf_oxide::elements::{PathContent, PathOperation};
        let line = |y: f32| {
            PathContent::from_operations(vec![
                PathOperation::MoveTo(0.0, y),
                PathOperation::LineTo(100.0, y),
            ])
        };
        let few: Vec<PathContent> = (0..10).map(|i| line(i as f32)).collect();
        assert_eq!(page_rulings(&few, 842.0).len(), 10);
        let many: Vec<PathContent> = (0..MAX_RULINGS + 1)
            .map(|i| line(i as f32 / 100.0))
            .collect();
        assert!(page_rulings(&many, 842.0).is_empty());
        // White strokes draw nothing.
        let white = vec![line(5.0).with_stroke(pdf_oxide::layout::Color::new(1.0, 1.0, 1.0))];
        assert!(page_rulings(&white, 842.0).is_empty());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Rulings and pieces anywhere, of any size, NaN among them, with character positions
        /// that fit their text or do not: the page is laid out, every piece's text somewhere.
        #[test]
        fn any_rulings_and_pieces_lay_out(
            rulings in proptest::collection::vec(
                (proptest::bool::ANY, coordinate(), coordinate(), coordinate()), 0..60),
            pieces in proptest::collection::vec(
                ("[0-9. 年报告表]{1,6}", coordinate(), coordinate(), 0.0f32..80.0,
                 proptest::collection::vec(coordinate(), 0..7)), 0..40),
        ) {
            let rulings = rulings
                .into_iter()
                .map(|(horizontal, at, a, b)| Ruling { horizontal, at, from: a.min(b), to: a.max(b) })
                .collect();
            let pieces: Vec<Piece> = pieces
                .into_iter()
                .map(|(text, x, top, width, chars)| Piece { chars, ..piece(&text, x, top, width) })
                .collect();
            let digits = |t: &str| t.chars().filter(char::is_ascii_digit).count();
            let given: usize = pieces.iter().map(|p| digits(&p.text)).sum();
            let doc = laid_out(&[Page { pieces, rulings, width: 595.0, height: 842.0 }]);
            let laid: usize = doc.lines.iter().map(|l| digits(&l.text)).sum();
            proptest::prop_assert_eq!(laid, given);
        }
    }

    fn coordinate() -> impl proptest::strategy::Strategy<Value = f32> {
        use proptest::prelude::*;
        prop_oneof![
            8 => 0.0f32..300.0,
            1 => Just(f32::NAN),
            1 => Just(1.0e30f32),
            1 => -50.0f32..0.0,
        ]
    }
}
