//! Small hostile files that ask for huge grids or texts are refused within the reader's budgets
//! (`Limits::max_cells`, `max_line_chars`, `max_text_chars`), with an error naming the file and
//! the budget, and without the memory they ask for: this test binary counts every allocation,
//! and each file is read with the peak of the heap measured.

mod pdfs;

use gongkai_read::{read_with, Budget, ErrorKind, Limits, ReadError};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The system allocator, counting the bytes held and their peak.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            let now = HELD.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        System.dealloc(p, layout);
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        let q = System.realloc(p, layout, size);
        if !q.is_null() {
            if size >= layout.size() {
                let now =
                    HELD.fetch_add(size - layout.size(), Ordering::Relaxed) + size - layout.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                HELD.fetch_sub(layout.size() - size, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// What the issue asks of every hostile file: refused or read within 512 MB.
const CEILING: usize = 512 << 20;

/// The tests take turns, so that a peak of the heap or a time taken is one file's.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Reads one file alone, returning the error and the most the heap grew while reading.
fn refused(file: &str, bytes: &[u8], limits: &Limits) -> (ReadError, usize) {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let before = HELD.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let read = read_with(file, bytes, limits);
    let grew = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    (read.expect_err("refused"), grew)
}

/// Asserts that the error is the budget, says so in both languages and names the file, and
/// that reading stayed under the ceiling.
fn over(file: &str, bytes: &[u8], budget: Budget, words: [&str; 2]) -> ReadError {
    let (e, grew) = refused(file, bytes, &Limits::default());
    assert!(
        matches!(e.kind, ErrorKind::OverBudget(b, _) if b == budget),
        "{file}: {e}"
    );
    assert!(grew < CEILING, "{file}: the heap grew by {} MB", grew >> 20);
    let (zh, en) = (e.message_zh(), e.message_en());
    assert!(zh.starts_with(file) && zh.contains(words[0]), "{zh}");
    assert!(en.starts_with(file) && en.contains(words[1]), "{en}");
    e
}

const CELLS: [&str; 2] = ["单元格预算", "the cell budget"];
const LINE: [&str; 2] = ["每行文字预算", "the budget per line"];
const TEXT: [&str; 2] = ["全文文字预算", "the budget per document"];
const ELEMENTS: [&str; 2] = ["网页元素预算", "the budget of a page's elements"];

fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    for (name, data) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A workbook of one sheet whose `sheetData` is `rows`.
fn xlsx(rows: &str) -> Vec<u8> {
    workbook("<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>", rows, "")
}

/// A workbook listing `sheets`, all of them the one whose `sheetData` is `rows`, with the
/// shared strings `strings`.
fn workbook(sheets: &str, rows: &str, strings: &str) -> Vec<u8> {
    let book = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>{sheets}</sheets></workbook>"
    );
    let sst = format!(
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">{strings}</sst>"
    );
    let sheet = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet \
         xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{rows}\
         </sheetData></worksheet>"
    );
    zip(&[
        (
            "[Content_Types].xml",
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
              <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
              <Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>",
        ),
        (
            "_rels/.rels",
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
              <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
        ),
        ("xl/workbook.xml", book.as_bytes()),
        ("xl/sharedStrings.xml", sst.as_bytes()),
        (
            "xl/_rels/workbook.xml.rels",
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
              <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
        ),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ])
}

#[test]
fn a_sheet_of_two_cells_far_apart_is_read_sparsely() {
    // A1 and XFD1048576: as a dense range, 17 billion cells (512 GiB asked for at once).
    let bytes = xlsx(
        "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>\
         <row r=\"1048576\"><c r=\"XFD1048576\"><v>2</v></c></row>",
    );
    assert!(bytes.len() < 2000, "{}", bytes.len());
    // Read as two rows, the second as wide as the sheet (16,384 cells): no table in them.
    let (e, grew) = refused("corner.xlsx", &bytes, &Limits::default());
    assert_eq!(e.kind, ErrorKind::NoTable, "{e}");
    assert!(grew < CEILING, "the heap grew by {} MB", grew >> 20);
}

#[test]
fn a_workbook_saved_without_formula_results_is_named_as_such() {
    // Two totals written as formulas by a program that does not calculate: no <v>.
    let bytes = xlsx(
        "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\"><v>2</v></c><c r=\"C1\"><f>SUM(A1:B1)</f></c></row>\
         <row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"B2\"><v>2</v></c><c r=\"C2\"><f>SUM(A2:B2)</f></c></row>",
    );
    let (e, _) = refused("form.xlsx", &bytes, &Limits::default());
    assert_eq!(e.kind, ErrorKind::Uncomputed(2), "{e}");
    assert!(e.message_zh().contains("重新计算"), "{e}");
    // The same formulas with their results saved are read.
    let computed = xlsx(
        "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"C1\"><f>SUM(A1:B1)</f><v>1</v></c></row>",
    );
    let (e, _) = refused("form.xlsx", &computed, &Limits::default());
    assert_eq!(e.kind, ErrorKind::NoTable, "{e}");
}

#[test]
fn a_sheet_read_as_more_cells_than_the_budget() {
    // Eight rows, the first running to the sheet's last column: a block of 8 × 16,384.
    let mut rows =
        String::from("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"XFD1\"><v>1</v></c></row>");
    for r in 2..=8 {
        rows.push_str(&format!("<row r=\"{r}\"><c r=\"A{r}\"><v>1</v></c></row>"));
    }
    over("wide.xlsx", &xlsx(&rows), Budget::Cells, CELLS);
}

#[test]
fn a_sheet_holding_more_cells_than_the_budget() {
    // Cells of blank text make no line, but are held while the sheet is read.
    let rows: String = (1..=300)
        .map(|r| {
            let cells: String = (1..=400)
                .map(|_| "<c t=\"inlineStr\"><is><t> </t></is></c>")
                .collect();
            format!("<row r=\"{r}\">{cells}</row>")
        })
        .collect();
    let bytes = xlsx(&rows);
    assert!(bytes.len() < 100_000, "{}", bytes.len());
    over("blank.xlsx", &bytes, Budget::Cells, CELLS);
}

#[test]
fn a_workbook_of_more_shared_strings_than_the_budget() {
    // A million strings of one letter, 40 KB compressed: calamine would hold them all (ten
    // million, 400 KB, took 460 MB).
    let strings = "<si><t>a</t></si>".repeat(1_000_000);
    let bytes = workbook(
        "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>",
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>",
        &strings,
    );
    drop(strings);
    assert!(bytes.len() < 1 << 20, "{}", bytes.len());
    over("strings.xlsx", &bytes, Budget::Cells, CELLS);
}

#[test]
fn a_workbook_listing_more_sheets_than_the_budget() {
    // A million sheets, all the same one: calamine would hold the list (four million, 480 KB,
    // took 837 MB) and each would be read.
    let sheets = "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>".repeat(1_000_000);
    let bytes = workbook(&sheets, "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", "");
    drop(sheets);
    assert!(bytes.len() < 1 << 20, "{}", bytes.len());
    over("sheets.xlsx", &bytes, Budget::Cells, CELLS);
}

#[test]
fn html_cells_spanning_a_thousand_rows_and_columns() {
    // Each row's cell spans 1,000 columns and rows: every row below carries all those above.
    let rows: String = (0..500)
        .map(|i| format!("<tr><td colspan=1000 rowspan=1000>{i}</td></tr>"))
        .collect();
    let page =
        format!("<html><body><p>二、主动公开政府信息情况</p><table>{rows}</table></body></html>");
    assert!(page.len() < 30_000, "{}", page.len());
    over("spans.html", page.as_bytes(), Budget::Cells, CELLS);
}

#[test]
fn html_of_more_elements_than_the_budget() {
    // Ten million paragraphs in 40 MB: 4.5 GB once parsed.
    let page = format!(
        "<html><body><p>二、主动公开政府信息情况</p>{}</body></html>",
        "<p>1".repeat(10_000_000)
    );
    over("elements.html", page.as_bytes(), Budget::Elements, ELEMENTS);
    // Comments are nodes of the page's tree too.
    let page = format!("<html><body>{}</body></html>", "<!---->".repeat(1_000_000));
    over("comments.html", page.as_bytes(), Budget::Elements, ELEMENTS);
}

#[test]
fn html_tables_each_within_the_budget_but_too_many() {
    // Forty tables of 90,000 cells each: every one within the cell budget, the page's text
    // (a tab per cell) far past the document's.
    let table = "<table><tr><td colspan=1000 rowspan=90>1</td></tr>".to_string()
        + &"<tr><td>1</td></tr>".repeat(89)
        + "</table>";
    let page = format!(
        "<html><body><p>二、主动公开政府信息情况</p>{}</body></html>",
        table.repeat(40)
    );
    over("tables.html", page.as_bytes(), Budget::TextChars, TEXT);
}

/// A Word document whose body is `body`.
fn docx(body: &str) -> Vec<u8> {
    let xml = format!(
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body><w:p><w:r><w:t>二、主动公开政府信息情况</w:t></w:r></w:p>{body}</w:body></w:document>"
    );
    zip(&[("word/document.xml", xml.as_bytes())])
}

#[test]
fn docx_grid_span_flood() {
    let cell = "<w:tc><w:tcPr><w:gridSpan w:val=\"64\"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>";
    let row = format!("<w:tr>{}</w:tr>", cell.repeat(400));
    let bytes = docx(&format!("<w:tbl>{}</w:tbl>", row.repeat(400)));
    assert!(bytes.len() < 100_000, "{}", bytes.len());
    over("gridspan.docx", &bytes, Budget::Cells, CELLS);
}

#[test]
fn docx_tables_each_within_the_budget_but_too_many() {
    let cell = "<w:tc><w:tcPr><w:gridSpan w:val=\"64\"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>";
    let table = format!(
        "<w:tbl>{}</w:tbl>",
        format!("<w:tr>{}</w:tr>", cell.repeat(50)).repeat(30)
    );
    over(
        "tables.docx",
        &docx(&table.repeat(40)),
        Budget::TextChars,
        TEXT,
    );
}

#[test]
fn docx_rows_and_tables_held_though_empty() {
    // Rows with no cells: each one held (twenty million, 175 KB compressed, held 1.2 GB).
    let rows = "<w:tr></w:tr>".repeat(200_000);
    over(
        "rows.docx",
        &docx(&format!("<w:tbl>{rows}</w:tbl>")),
        Budget::Cells,
        CELLS,
    );
    // Tables in tables: each one open is held (twenty million, 204 KB compressed, 3 GB).
    let depth = 100_000;
    let nested = format!("{}{}", "<w:tbl>".repeat(depth), "</w:tbl>".repeat(depth));
    let (e, grew) = refused("nested.docx", &docx(&nested), &Limits::default());
    assert!(matches!(e.kind, ErrorKind::Damaged { .. }), "{e}");
    assert!(e.message_en().contains("nest too deep"), "{e}");
    assert!(grew < CEILING, "the heap grew by {} MB", grew >> 20);
}

#[test]
fn docx_paragraph_longer_than_any_document() {
    // One paragraph of runs: refused while it is read, before it is a line.
    let run = "<w:r><w:t>规章 1 0 5 </w:t></w:r>";
    let bytes = docx(&format!("<w:p>{}</w:p>", run.repeat(300_000)));
    over("paragraph.docx", &bytes, Budget::TextChars, TEXT);
}

#[test]
fn text_of_one_line_of_forty_megabytes() {
    let text = format!(
        "二、主动公开政府信息情况\n{}",
        "规章 1 ".repeat((40 << 20) / "规章 1 ".len())
    );
    let e = over("oneline.txt", text.as_bytes(), Budget::LineChars, LINE);
    assert_eq!(e.kind, ErrorKind::OverBudget(Budget::LineChars, 200_000));
}

#[test]
fn markdown_longer_than_any_document() {
    let row = "| 规章 | 1 | 0 | 5 |\n";
    let text = format!(
        "## 二、主动公开政府信息情况\n\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n{}",
        row.repeat(200_000)
    );
    over("big.md", text.as_bytes(), Budget::TextChars, TEXT);
}

/// A PDF of `pages` pages that all draw one Flate-compressed content stream.
fn pdf_drawing_on_every_page(content: &[u8], pages: usize) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(content).unwrap();
    let packed = e.finish().unwrap();
    let stream = pdfs::flate_stream(&packed);
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", i + 4)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        )
        .into_bytes(),
        stream,
    ];
    for _ in 0..pages {
        objects.push(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>".to_vec(),
        );
    }
    pdfs::pdf_of(b"%PDF-1.4\n", &objects)
}

#[test]
fn pdf_page_content_past_any_page() {
    // 40 MB of drawing on one page, a few kilobytes compressed.
    let bytes = pdf_drawing_on_every_page(&b"0 0 m 1 1 l S\n".repeat(3 << 20), 1);
    assert!(bytes.len() < 100_000, "{}", bytes.len());
    let (e, grew) = refused("drawing.pdf", &bytes, &Limits::default());
    assert_eq!(e.kind, ErrorKind::ZipBomb(32 << 20), "{e}");
    assert!(grew < CEILING, "the heap grew by {} MB", grew >> 20);
}

#[test]
fn pdf_one_stream_drawn_on_every_page() {
    // 7 MB of drawing, counted once among the file's streams, inflated for each of 40 pages.
    let bytes = pdf_drawing_on_every_page(&b"0 0 m 1 1 l S\n".repeat(500_000), 40);
    assert!(bytes.len() < 100_000, "{}", bytes.len());
    let (e, grew) = refused("every-page.pdf", &bytes, &Limits::default());
    assert_eq!(e.kind, ErrorKind::ZipBomb(64 << 20), "{e}");
    assert!(grew < CEILING, "the heap grew by {} MB", grew >> 20);
    assert!(e.message_en().starts_with("every-page.pdf"), "{e}");
}

#[test]
fn budgets_are_the_callers_to_set() {
    // A real report reads at the defaults; with budgets smaller than it, each is refused.
    let report = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/qingshan-2023.txt"),
    )
    .unwrap();
    assert!(read_with("qingshan.txt", &report, &Limits::default()).is_ok());
    for (limits, budget) in [
        (
            Limits {
                max_line_chars: 10,
                ..Limits::default()
            },
            Budget::LineChars,
        ),
        (
            Limits {
                max_text_chars: 1000,
                ..Limits::default()
            },
            Budget::TextChars,
        ),
    ] {
        let (e, _) = refused("qingshan.txt", &report, &limits);
        assert!(
            matches!(e.kind, ErrorKind::OverBudget(b, _) if b == budget),
            "{e}"
        );
    }
    let page = "<table><tr><td>规章</td><td>1</td><td>0</td><td>5</td></tr></table>";
    let few = Limits {
        max_cells: 3,
        ..Limits::default()
    };
    let (e, _) = refused("few.html", page.as_bytes(), &few);
    assert_eq!(e.kind, ErrorKind::OverBudget(Budget::Cells, 3));
}

#[test]
fn lines_at_the_budget_read_in_time_linear_in_them() {
    // Each took seconds in an optimised build, growing with the square of its length: the
    // numbers of one piece (every word checked against all after it), a grid row's cells
    // (each token's place looked up among all the row's), a label printed over and over in
    // one word (each place checked against all taken): 10 to 18 s each unoptimised, now
    // about a second at most.
    let heading = "二、主动公开政府信息情况\n";
    let numbers = format!("{heading}规章 {}", "1 ".repeat(99_000));
    let cells = format!(
        "<p>{heading}</p><table><tr><td>规章</td>{}</tr></table>",
        "<td>1</td>".repeat(60_000)
    );
    let run_on = format!("{heading}{} 1", "规章".repeat(99_000));
    // Older than the budgets: tags never closed, each looking for its `>` to the end of the
    // page (3.7 s optimised).
    let unclosed = format!("<html><body><p>{heading}</p>{}", "<br".repeat(90_000));
    for (file, bytes) in [
        ("numbers.txt", numbers.as_bytes()),
        ("cells.html", cells.as_bytes()),
        ("run-on.txt", run_on.as_bytes()),
        ("unclosed.html", unclosed.as_bytes()),
    ] {
        let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let started = std::time::Instant::now();
        let _ = read_with(file, bytes, &Limits::default());
        let took = started.elapsed();
        assert!(took.as_secs() < 5, "{file}: {took:?}");
    }
}
