//! Excel workbooks (XLSX): the fill-in form of `gongkai new` and workbooks of the same layout.
//! Every sheet's rows become lines with tab-separated cells (a merged cell's value sits in its
//! first cell); formulas give their cached values. Each cell remembers its sheet, row and
//! column.

use crate::document::{rebuilt, Document, Fields};
use crate::error::ErrorKind;
use calamine::{Data, Reader, Xlsx};
use gongkai_core::{GridCell, Span};
use std::io::Cursor;

pub fn document(bytes: &[u8]) -> Result<Document, ErrorKind> {
    // calamine indexes some tables without checking (a cell naming a shared string the
    // workbook does not have panics: found by fuzz/run read_xlsx); a panic is a damaged file.
    std::panic::catch_unwind(|| workbook(bytes)).unwrap_or_else(|_| {
        Err(ErrorKind::damaged(
            "工作簿的内部结构不一致，无法读取",
            "the workbook's inner structure is inconsistent and cannot be read",
        ))
    })
}

fn workbook(bytes: &[u8]) -> Result<Document, ErrorKind> {
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(ErrorKind::damaged_by)?;
    let mut lines = Vec::new();
    for (s, name) in book.sheet_names().into_iter().enumerate() {
        let range = book.worksheet_range(&name).map_err(ErrorKind::damaged_by)?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
        for (i, width) in block_widths(&rows) {
            let number = lines.len() as u32 + 1;
            let mut fields = Fields::new();
            for (j, t) in rows[i][..width].iter().enumerate() {
                if j > 0 {
                    fields.separate('\t');
                }
                fields.push(t, |from, to| {
                    Some(Span {
                        cell: Some(GridCell {
                            table: s as u32 + 1,
                            row: top + i as u32 + 1,
                            column: left + j as u32 + 1,
                        }),
                        ..rebuilt(number, from, to)
                    })
                });
            }
            lines.push(fields.line(number, None));
        }
    }
    Ok(Document { lines })
}

/// The rows that hold something, each with the width of its block: the run of rows between
/// empty rows, as wide as its widest row. A table's empty cells at the end of a row are cells
/// of that table; past the table's width they are only the sheet's.
fn block_widths(rows: &[Vec<String>]) -> Vec<(usize, usize)> {
    let last = |r: &Vec<String>| r.iter().rposition(|t| !t.is_empty());
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        if last(&rows[i]).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        while i < rows.len() && last(&rows[i]).is_some() {
            i += 1;
        }
        let width = rows[start..i].iter().filter_map(last).max().unwrap_or(0) + 1;
        out.extend((start..i).map(|k| (k, width)));
    }
    out
}

/// A cell as printed: whole numbers without `.0`, decimals in their shortest exact form.
fn text(d: &Data) -> String {
    match d {
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => format!("{f}"),
        Data::String(s) => s.trim().to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}
