//! Workbooks: the report in the template's layout on one sheet, with SUM formulas for the
//! totals and their values cached, so that a clerk who changes a number sees the totals move;
//! and the empty fill-in form `gongkai new` writes.
//!
//! Text is always written as text, never as a formula: a section or agency that reads
//! `=cmd|…` stays those characters.

use crate::layout::{grid, placed, Block};
use crate::text::{sections, table_of, title};
use gongkai_core::{Report, Value};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Formula, Workbook, XlsxError};
use std::collections::HashMap;

/// Writes the report as a workbook. `form` leaves the value cells to be filled in.
pub fn render(report: &Report, form: bool) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("年度报告")?;
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 14)?;
    sheet.set_column_width(2, 34)?;
    for c in 3..15 {
        sheet.set_column_width(c, 9)?;
    }
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let input = cell.clone().set_background_color(0xFFF8DC);
    let bold = Format::new().set_bold();
    let mut row: u32 = 0;
    sheet.write_string_with_format(row, 0, title(report), &bold.clone().set_font_size(14))?;
    row += 2;
    for (number, heading, body) in sections(report) {
        sheet.write_string_with_format(row, 0, &heading, &bold)?;
        row += 1;
        let lines: Vec<&str> = body.lines().filter(|l| !l.trim().is_empty()).collect();
        for line in &lines {
            sheet.write_string(row, 0, *line)?;
            row += 1;
        }
        if form && lines.is_empty() && table_of(number).is_none() {
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
                }
            }
            row += g.rows.len() as u32 + 1;
        }
        row += 1;
    }
    book.save_to_buffer()
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
    sheet: &mut rust_xlsxwriter::Worksheet,
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
    use super::{a1, long_sheets};
    use std::io::Read;

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
