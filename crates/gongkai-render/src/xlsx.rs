//! Workbooks: the report in the template's layout on one sheet, with SUM formulas for the
//! totals and their values cached, so that a clerk who changes a number sees the totals move;
//! and the empty fill-in form `gongkai new` writes.
//!
//! Text is always written as text, never as a formula: a section or agency that reads
//! `=cmd|…` stays those characters.

use crate::layout::{grid, placed, Block};
use crate::text::{sections, table_of, title};
use gongkai_core::{Report, Value};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError};
use std::collections::HashMap;
use unicode_width::UnicodeWidthStr;

/// The sheet's columns, in Excel's units (a `0` of the default font): table 三's three label
/// columns, then narrow number columns for its seven and table 四's fifteen.
const COLUMNS: [f64; 15] = [
    24.0, 14.0, 34.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0,
];
/// The height of one line of the default 11 pt font, in points.
const LINE_HEIGHT: f64 = 15.0;

/// Writes the report as a workbook. `form` leaves the value cells to be filled in.
pub fn render(report: &Report, form: bool) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("年度报告")?;
    for (c, width) in COLUMNS.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let input = cell.clone().set_background_color(0xFFF8DC);
    let bold = Format::new().set_bold();
    let prose = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Left)
        .set_align(FormatAlign::Top);
    let mut heights = Heights::default();
    let mut repeat = None;
    let mut row: u32 = 0;
    let last = COLUMNS.len() as u16 - 1;
    let title_format = bold
        .clone()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    sheet.merge_range(row, 0, row, last, &title(report), &title_format)?;
    heights.need(row, 1.4 * LINE_HEIGHT);
    row += 2;
    for (number, heading, body) in sections(report) {
        sheet.write_string_with_format(row, 0, &heading, &bold)?;
        row += 1;
        let paragraphs = crate::prose::paragraphs(&body);
        for paragraph in &paragraphs {
            sheet.merge_range(row, 0, row, last, paragraph, &prose)?;
            let wrapped = lines(paragraph, COLUMNS.iter().sum());
            heights.need(row, wrapped as f64 * LINE_HEIGHT);
            row += 1;
        }
        if form && paragraphs.is_empty() && table_of(number).is_none() {
            sheet.write_string(row, 0, "（文字描述）")?;
            row += 1;
        }
        if let Some(id) = table_of(number) {
            let g = grid(report, id);
            let laid = placed(&g);
            let places = addresses(&laid, row);
            for (i, line) in laid.iter().enumerate() {
                for (j, block) in line.iter().enumerate() {
                    let Some(b) = block else { continue };
                    let (r, c) = (row + i as u32, j as u16);
                    let fmt = if b.key.is_some() { &input } else { &cell };
                    if b.rowspan > 1 || b.colspan > 1 {
                        let (r2, c2) = (r + b.rowspan as u32 - 1, c + b.colspan as u16 - 1);
                        sheet.merge_range(r, c, r2, c2, "", fmt)?;
                    }
                    match formula(report, b, &places, form) {
                        Some(f) => {
                            sheet.write_formula_with_format(r, c, f, &cell)?;
                        }
                        None => write_value(sheet, r, c, b, fmt)?,
                    }
                    heights.need_block(r, j, b);
                }
            }
            if g.heading_rows() > 0 && repeat.is_none() {
                repeat = Some((row, row + g.heading_rows() as u32 - 1));
            }
            row += g.rows.len() as u32 + 1;
        }
        row += 1;
    }
    heights.set(sheet)?;
    print_setup(sheet, repeat)?;
    book.save_to_buffer()
}

/// How the sheet prints: A4 landscape, one page wide (as many long as it takes), centred,
/// numbered pages, the first long table's heading rows (table 三's) repeated at the top of
/// the pages after them. On screen the title row and table 三's label columns stay in view.
fn print_setup(sheet: &mut Worksheet, repeat: Option<(u32, u32)>) -> Result<(), XlsxError> {
    /// Excel's number for A4.
    const A4: u8 = 9;
    sheet.set_paper_size(A4);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    // Inches: 1.5 cm at the sides, 2 cm above and below with room for the page number.
    sheet.set_margins(0.6, 0.6, 0.8, 0.8, 0.3, 0.4);
    sheet.set_footer("&C— &P —");
    if let Some((first, last)) = repeat {
        sheet.set_repeat_rows(first, last)?;
    }
    sheet.set_freeze_panes(1, 3)?;
    Ok(())
}

/// The height each row needs for its wrapped text, so that no label runs over the row below.
#[derive(Default)]
struct Heights(HashMap<u32, f64>);

impl Heights {
    fn need(&mut self, row: u32, points: f64) {
        let h = self.0.entry(row).or_insert(LINE_HEIGHT);
        *h = h.max(points);
    }

    /// A block's text wrapped in the width of its columns, its height shared by its rows.
    fn need_block(&mut self, row: u32, column: usize, block: &Block) {
        let end = (column + block.colspan).min(COLUMNS.len());
        let width: f64 = COLUMNS[column..end].iter().sum();
        let points = lines(&block.text, width) as f64 * LINE_HEIGHT + 4.0;
        let share = points / block.rowspan.max(1) as f64;
        for r in row..row + block.rowspan as u32 {
            self.need(r, share);
        }
    }

    fn set(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        for (row, points) in &self.0 {
            if *points > LINE_HEIGHT {
                sheet.set_row_height(*row, *points)?;
            }
        }
        Ok(())
    }
}

/// How many lines a text wraps to in a width of `columns` units: a Chinese character takes
/// two, a digit or Latin letter one, and a cell's padding about one.
fn lines(text: &str, columns: f64) -> usize {
    let usable = (columns - 1.0).max(1.0);
    text.lines()
        .map(|l| ((l.width() as f64) / usable).ceil().max(1.0) as usize)
        .sum::<usize>()
        .max(1)
}

/// A long-format sheet (agency, year, key, value), for `gongkai export --format xlsx`. Text is
/// written as text. A corpus larger than a sheet's 1,048,576 rows goes on over further sheets
/// (`cells`, `cells 2`, …), each with the header row.
pub fn long(rows: &[(String, i64, String, Option<f64>)]) -> Result<Vec<u8>, XlsxError> {
    long_sheets(rows, 1_048_575)
}

fn long_sheets(
    rows: &[(String, i64, String, Option<f64>)],
    per_sheet: usize,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let chunks: Vec<_> = if rows.is_empty() {
        vec![rows]
    } else {
        rows.chunks(per_sheet).collect()
    };
    for (n, chunk) in chunks.iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(if n == 0 {
            "cells".to_string()
        } else {
            format!("cells {}", n + 1)
        })?;
        for (c, h) in ["agency", "year", "key", "value"].iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *h, &bold)?;
        }
        sheet.set_column_width(0, 30)?;
        sheet.set_column_width(2, 36)?;
        for (i, (agency, year, key, value)) in chunk.iter().enumerate() {
            let r = i as u32 + 1;
            sheet.write_string(r, 0, agency)?;
            sheet.write_number(r, 1, *year as f64)?;
            sheet.write_string(r, 2, key)?;
            if let Some(v) = value {
                sheet.write_number(r, 3, *v)?;
            }
        }
    }
    book.save_to_buffer()
}

fn write_value(
    sheet: &mut Worksheet,
    r: u32,
    c: u16,
    b: &Block,
    fmt: &Format,
) -> Result<(), XlsxError> {
    match b.text.parse::<f64>() {
        Ok(n) if b.key.is_some() && !b.text.is_empty() => {
            sheet.write_number_with_format(r, c, n, fmt)?;
        }
        _ if b.text.is_empty() => {
            sheet.write_blank(r, c, fmt)?;
        }
        _ => {
            sheet.write_string_with_format(r, c, &b.text, fmt)?;
        }
    }
    Ok(())
}

/// Where each value cell went: key → `B7`.
fn addresses(laid: &[Vec<Option<&Block>>], first_row: u32) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for (i, line) in laid.iter().enumerate() {
        for (j, b) in line.iter().enumerate() {
            if let Some(key) = b.and_then(|b| b.key.clone()) {
                out.insert(key, a1(first_row + i as u32, j as u16));
            }
        }
    }
    out
}

fn a1(row: u32, col: u16) -> String {
    let mut name = String::new();
    let mut c = col as u32 + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        name.insert(0, (b'A' + r as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{name}{}", row + 1)
}

/// The cells a total adds up, when the block is one: a row's total, （七）总计, table 四's
/// totals — the identities whose one side is that cell. A group counts by its sub-rows where
/// the report prints them, else by its aggregate row.
fn parts(report: &Report, key: &str) -> Option<Vec<String>> {
    use gongkai_core::identity::{IdentityKind, Term};
    let identity = report.template().identities().iter().find(|i| {
        matches!(
            i.kind,
            IdentityKind::RowTotal | IdentityKind::Results | IdentityKind::Table4Total
        ) && matches!(i.left.as_slice(), [Term::Cell(k)] if k == key)
    })?;
    let mut out = Vec::new();
    for term in &identity.right {
        match term {
            Term::Group { parts, .. } if parts.iter().all(|p| report.cell(p).is_some()) => {
                out.extend(parts.iter().cloned())
            }
            term => out.push(term.key().to_string()),
        }
    }
    Some(out)
}

/// A SUM formula for a total, with the printed value cached. Only where the printed total is
/// the sum of its parts (or the form is empty): a report's own arithmetic errors are kept as
/// printed, not corrected by a formula.
fn formula(
    report: &Report,
    b: &Block,
    places: &HashMap<String, String>,
    form: bool,
) -> Option<Formula> {
    let key = b.key.as_deref()?;
    let parts = parts(report, key)?;
    let refs: Vec<&String> = parts.iter().map(|p| places.get(p)).collect::<Option<_>>()?;
    let number = |k: &str| match report.value(k) {
        Some(Value::Number(n)) => n.as_int(),
        _ => None,
    };
    let result = if form {
        // An empty form's totals add what is already filled in (last year's carry-over).
        parts.iter().filter_map(|p| number(p)).sum()
    } else {
        let total = number(key)?;
        let sum: i64 = parts.iter().map(|p| number(p)).sum::<Option<i64>>()?;
        if sum != total {
            return None;
        }
        total
    };
    let list: Vec<&str> = refs.iter().map(|s| s.as_str()).collect();
    Some(Formula::new(format!("=SUM({})", list.join(","))).set_result(result.to_string()))
}

#[cfg(test)]
mod tests {
    use super::{a1, lines, long_sheets, render};
    use std::io::Read;

    fn part(book: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
        let mut out = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn the_sheet_prints_a4_landscape_one_page_wide() {
        let book = render(&crate::testing::example(), false).unwrap();
        let sheet = part(&book, "xl/worksheets/sheet1.xml");
        // One page wide (fitToWidth is 1 unless written), as many pages long as it takes.
        assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{sheet}");
        assert!(sheet
            .contains("<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\""));
        assert!(!sheet.contains("fitToWidth"));
        assert!(sheet.contains("<printOptions horizontalCentered=\"1\"/>"));
        assert!(sheet.contains("<pageMargins left=\"0.6\" right=\"0.6\" top=\"0.8\""));
        assert!(sheet.contains("<oddFooter>&amp;C— &amp;P —</oddFooter>"));
        // The title row and table 三's label columns stay in view.
        assert!(sheet.contains("<pane xSplit=\"3\" ySplit=\"1\" topLeftCell=\"D2\""));
    }

    #[test]
    fn table_threes_heading_rows_repeat_on_every_printed_page() {
        let report = crate::testing::example();
        let book = render(&report, false).unwrap();
        let workbook = part(&book, "xl/workbook.xml");
        let names = &workbook[workbook.find("_xlnm.Print_Titles").expect("print titles")..];
        let rows = &names[names.find('!').unwrap() + 1..names.find("</definedName>").unwrap()];
        let (first, last) = rows.split_once(':').unwrap();
        let number = |r: &str| r.trim_start_matches('$').parse::<u32>().unwrap();
        assert_eq!(number(last) - number(first) + 1, 3, "{rows}");
        // The first of them is table 三's corner with its note.
        let sheet = part(&book, "xl/worksheets/sheet1.xml");
        let row = &sheet[sheet
            .find(&format!("<row r=\"{}\"", number(first)))
            .unwrap()..];
        let strings = part(&book, "xl/sharedStrings.xml");
        let corner: Vec<&str> = strings.split("<si>").skip(1).collect();
        let first_cell = &row[row.find("<v>").unwrap() + 3..row.find("</v>").unwrap()];
        assert!(corner[first_cell.parse::<usize>().unwrap()].contains("勾稽关系"));
    }

    #[test]
    fn wrapped_labels_get_rows_tall_enough() {
        let book = render(&crate::testing::example(), false).unwrap();
        let sheet = part(&book, "xl/worksheets/sheet1.xml");
        // （六）1.'s label wraps over two lines of its 34-unit column.
        let strings = part(&book, "xl/sharedStrings.xml");
        let label = strings
            .split("<si>")
            .skip(1)
            .position(|s| s.contains("申请人无正当理由逾期不补正"))
            .unwrap();
        let cell = sheet.find(&format!("t=\"s\"><v>{label}</v>")).unwrap();
        let row = &sheet[sheet[..cell].rfind("<row ").unwrap()..cell];
        let height: f64 = row[row.find("ht=\"").unwrap() + 4..]
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(height >= 2.0 * 15.0, "{row}");
    }

    #[test]
    fn lines_count_chinese_characters_twice() {
        assert_eq!(lines("规章", 9.0), 1);
        assert_eq!(lines("本年制发件数", 9.0), 2);
        assert_eq!(
            lines(
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                34.0
            ),
            2
        );
    }

    #[test]
    fn a_long_corpus_goes_on_over_further_sheets() {
        let rows: Vec<_> = (0..25)
            .map(|i| ("某县".to_string(), 2023, format!("k{i}"), Some(i as f64)))
            .collect();
        let bytes = long_sheets(&rows, 10).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut book = String::new();
        zip.by_name("xl/workbook.xml")
            .unwrap()
            .read_to_string(&mut book)
            .unwrap();
        for name in ["\"cells\"", "\"cells 2\"", "\"cells 3\""] {
            assert!(book.contains(name), "{book}");
        }
        assert!(!book.contains("cells 4"));
    }

    #[test]
    fn a1_names() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 1), "B7");
        assert_eq!(a1(0, 26), "AA1");
    }
}
