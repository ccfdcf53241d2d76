//! Excel workbooks (XLSX): the fill-in form of `gongkai new` and workbooks of the same layout.
//! Every sheet's rows become lines with tab-separated cells (a merged cell's value sits in its
//! first cell); formulas give their cached values. Each cell remembers its sheet, row and
//! column.

use crate::budget::Meter;
use crate::document::{rebuilt, Document, Fields};
use crate::error::ErrorKind;
use crate::Limits;
use calamine::{DataRef, Reader, Xlsx, XlsxError};
use gongkai_core::{GridCell, Span};
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::io::{BufReader, Cursor, Read};

pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Document, ErrorKind> {
    // calamine indexes some tables without checking (a cell naming a shared string the
    // workbook does not have panics: found by fuzz/run read_xlsx); a panic is a damaged file.
    std::panic::catch_unwind(|| workbook(bytes, limits)).unwrap_or_else(|_| {
        Err(ErrorKind::damaged(
            "工作簿的内部结构不一致，无法读取",
            "the workbook's inner structure is inconsistent and cannot be read",
        ))
    })
}

/// The cells of a sheet that hold a value, by (row, column) from 0, as printed.
type Sheet = BTreeMap<(u32, u32), String>;

fn workbook(bytes: &[u8], limits: &Limits) -> Result<Document, ErrorKind> {
    check_lists(bytes, limits)?;
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(ErrorKind::damaged_by)?;
    let mut meter = Meter::new(limits);
    let mut lines = Vec::new();
    let sheets = book.sheet_names();
    for (s, name) in sheets.iter().cloned().enumerate() {
        let Some(cells) = sheet(&mut book, &name, &meter)? else {
            continue;
        };
        // Blank totals would be read as blanks; the clerk is told to recalculate instead.
        let uncomputed = uncomputed(&mut book, &name, &cells, &meter)?;
        if uncomputed > 0 {
            return Err(ErrorKind::Uncomputed(uncomputed));
        }
        // The first column that holds a value: the sheet's rows start there.
        let left = cells.keys().map(|&(_, c)| c).min().unwrap_or(0);
        let blocks = blocks(&cells, left);
        let made: u64 = blocks.iter().map(|b| b.rows.len() as u64 * b.width).sum();
        meter.cells(made)?;
        for block in blocks {
            for row in block.rows {
                let number = lines.len() as u32 + 1;
                let mut fields = Fields::new();
                for j in 0..block.width as u32 {
                    if j > 0 {
                        fields.separate('\t');
                    }
                    let t = cells.get(&(row, left + j)).map_or("", String::as_str);
                    fields.push(t, |from, to| {
                        Some(Span {
                            cell: Some(GridCell {
                                table: s as u32 + 1,
                                row: row + 1,
                                column: left + j + 1,
                            }),
                            ..rebuilt(number, from, to)
                        })
                    });
                }
                let line = fields.line(number, None);
                meter.line(&line.text)?;
                lines.push(line);
            }
        }
    }
    Ok(Document {
        lines,
        sheets,
        date: None,
    })
}

/// The parts calamine holds whole once it opens a workbook: its sheets, and its shared strings.
const LISTS: [&str; 2] = ["xl/workbook.xml", "xl/sharedStrings.xml"];

/// Refuses a workbook that lists more sheets and shared strings than the cell budget (each is
/// held as a cell is, and a few hundred kilobytes of deflate list millions), or whose strings
/// hold more text than the budget per document, before calamine reads the lists into memory:
/// here they are only counted, as they stream past.
fn check_lists(bytes: &[u8], limits: &Limits) -> Result<(), ErrorKind> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ErrorKind::damaged_by(format!("ZIP: {e}")))?;
    let meter = Meter::new(limits);
    let (mut listed, mut text) = (0u64, 0u64);
    for part in LISTS {
        // Found as calamine finds it: whatever the case, with either slash.
        let Some(name) = archive
            .file_names()
            .find(|n| n.replace('\\', "/").eq_ignore_ascii_case(part))
            .map(str::to_string)
        else {
            continue;
        };
        let entry = archive
            .by_name(&name)
            .map_err(|e| ErrorKind::damaged_by(format!("{name}: {e}")))?;
        // Declared sizes can lie: no more than the limit is inflated.
        let mut xml = quick_xml::Reader::from_reader(BufReader::new(
            entry.take(limits.max_unzipped.saturating_add(1)),
        ));
        let mut buf = Vec::new();
        loop {
            match xml.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e))
                    if matches!(e.local_name().as_ref(), b"sheet" | b"si") =>
                {
                    listed += 1;
                    meter.cells(listed)?;
                }
                Ok(Event::Text(t)) => {
                    text += std::str::from_utf8(&t).map_or(t.len(), |t| t.chars().count()) as u64;
                    meter.held(text)?;
                }
                // What is wrong with a damaged part, calamine says.
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
            buf.clear();
        }
        if xml.buffer_position() > limits.max_unzipped {
            return Err(ErrorKind::ZipBomb(limits.max_unzipped));
        }
    }
    Ok(())
}

/// A sheet's cells that hold a value, read one by one: a sheet names its cells, and two far
/// apart (A1 and XFD1048576) would make a dense range of seventeen billion. `None` for a sheet
/// that holds no cells (a chart sheet).
fn sheet(
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    meter: &Meter,
) -> Result<Option<Sheet>, ErrorKind> {
    let mut reader = match book.worksheet_cells_reader(name) {
        Ok(r) => r,
        Err(XlsxError::NotAWorksheet(_)) => return Ok(None),
        Err(e) => return Err(ErrorKind::damaged_by(e)),
    };
    let mut cells = Sheet::new();
    let mut read = 0u64;
    while let Some(cell) = reader.next_cell().map_err(ErrorKind::damaged_by)? {
        if *cell.get_value() == DataRef::Empty {
            continue;
        }
        read += 1;
        meter.cells(read)?;
        // A cell named twice is what it was named last.
        cells.insert(cell.get_position(), text(cell.get_value()));
    }
    Ok(Some(cells))
}

/// How many of a sheet's formula cells hold no value: a workbook saved by a program that
/// writes formulas but does not calculate them (a generator, a script) leaves their results
/// out, and Excel, WPS or LibreOffice fill them in when it is opened and saved.
fn uncomputed(
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    cells: &Sheet,
    meter: &Meter,
) -> Result<u64, ErrorKind> {
    let mut reader = book
        .worksheet_cells_reader(name)
        .map_err(ErrorKind::damaged_by)?;
    let (mut read, mut missing) = (0u64, 0u64);
    while let Some(cell) = reader.next_formula().map_err(ErrorKind::damaged_by)? {
        if cell.get_value().is_empty() {
            continue;
        }
        read += 1;
        meter.cells(read)?;
        if !cells.contains_key(&cell.get_position()) {
            missing += 1;
        }
    }
    Ok(missing)
}

/// A run of rows between empty rows, as wide as its widest row.
struct Block {
    rows: Vec<u32>,
    /// Columns from the sheet's first.
    width: u64,
}

/// The rows that hold something, in blocks: a table's empty cells at the end of a row are
/// cells of that table; past the table's width they are only the sheet's.
fn blocks(cells: &Sheet, left: u32) -> Vec<Block> {
    // The last column holding text in each row that has any.
    let mut last: BTreeMap<u32, u32> = BTreeMap::new();
    for (&(row, column), t) in cells {
        if !t.is_empty() {
            last.insert(row, column);
        }
    }
    let mut out: Vec<Block> = Vec::new();
    let mut previous: Option<u32> = None;
    for (&row, &column) in &last {
        let width = u64::from(column - left) + 1;
        match out.last_mut() {
            Some(b) if previous.is_some_and(|p| p + 1 == row) => {
                b.rows.push(row);
                b.width = b.width.max(width);
            }
            _ => out.push(Block {
                rows: vec![row],
                width,
            }),
        }
        previous = Some(row);
    }
    out
}

/// A cell as printed: whole numbers without `.0`, decimals in their shortest exact form.
fn text(d: &DataRef) -> String {
    match d {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => format!("{f}"),
        DataRef::String(s) => s.trim().to_string(),
        DataRef::SharedString(s) => s.trim().to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => d.to_string(),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A workbook of one sheet: its shared strings and its `sheetData`.
    fn workbook(strings: &[&str], rows: &str) -> Vec<u8> {
        let sst: String = strings
            .iter()
            .map(|s| format!("<si><t>{s}</t></si>"))
            .collect();
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        let rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        let entries = [
            (
                "_rels/.rels".to_string(),
                format!("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{rels}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
            ),
            (
                "xl/workbook.xml".to_string(),
                format!("<workbook xmlns=\"{main}\" xmlns:r=\"{rels}\"><sheets><sheet name=\"表\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
            ),
            (
                "xl/_rels/workbook.xml.rels".to_string(),
                format!("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{rels}/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"{rels}/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"),
            ),
            (
                "xl/sharedStrings.xml".to_string(),
                format!("<sst xmlns=\"{main}\">{sst}</sst>"),
            ),
            (
                "xl/worksheets/sheet1.xml".to_string(),
                format!("<worksheet xmlns=\"{main}\"><sheetData>{rows}</sheetData></worksheet>"),
            ),
        ];
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            w.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(data.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn rows_in_blocks_as_wide_as_their_widest_row() {
        // From B2: a block of two rows four columns wide, an empty row, a row to E; a blank
        // string in A7 moves the sheet's first column to A, and makes no row.
        let bytes = workbook(
            &["表二", "规章", "总计", " "],
            "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>0</v></c></row>\
             <row r=\"3\"><c r=\"B3\" t=\"s\"><v>1</v></c><c r=\"C3\"><v>5</v></c><c r=\"D3\"><v>1.5</v></c></row>\
             <row r=\"5\"><c r=\"B5\" t=\"s\"><v>2</v></c><c r=\"E5\"><v>7</v></c></row>\
             <row r=\"7\"><c r=\"A7\" t=\"s\"><v>3</v></c></row>",
        );
        let doc = parse(&bytes, &Limits::default()).unwrap();
        let texts: Vec<&str> = doc.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["\t表二\t\t", "\t规章\t5\t1.5", "\t总计\t\t\t7"]);
        // "5": the sheet's first, its third row, its third column.
        let five = doc.lines[1].span(4, 5);
        assert_eq!(
            five.cell,
            Some(GridCell {
                table: 1,
                row: 3,
                column: 3
            })
        );
        assert_eq!(five.line, 2);
    }
}
