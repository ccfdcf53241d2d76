//! Word documents: `word/document.xml` read straight from the ZIP. Paragraphs become lines,
//! tables become one line per row with tab-separated cells (`gridSpan` widens a cell, a
//! `vMerge` continuation is an empty cell); deleted revisions, field codes and the fallback
//! copies of text boxes are left out, and headers and footers, which live in other parts, are
//! never read. Each cell remembers its table, row and column.

use crate::budget::Meter;
use crate::document::{rebuilt, Document, Fields, Line};
use crate::error::ErrorKind;
use crate::Limits;
use gongkai_core::{GridCell, Span};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::{Cursor, Read};

/// What a ZIP holds, of what gongkai reads.
pub enum ZipKind {
    /// A Word document: `word/document.xml`.
    Word,
    /// An Excel workbook: `xl/workbook.xml`.
    Workbook,
}

/// Opens a ZIP, refusing one whose entries declare more than the limit in all.
fn open<'a>(
    bytes: &'a [u8],
    limits: &Limits,
) -> Result<zip::ZipArchive<Cursor<&'a [u8]>>, ErrorKind> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ErrorKind::damaged_by(format!("ZIP: {e}")))?;
    let declared: u64 = (0..archive.len())
        .filter_map(|i| archive.by_index_raw(i).ok().map(|f| f.size()))
        .sum();
    if declared > limits.max_unzipped {
        return Err(ErrorKind::ZipBomb(limits.max_unzipped));
    }
    Ok(archive)
}

/// Tells a Word document from a workbook, and refuses an archive that would expand past the
/// limit or is neither.
pub fn zip_kind(bytes: &[u8], limits: &Limits) -> Result<ZipKind, ErrorKind> {
    let archive = open(bytes, limits)?;
    let has = |name: &str| archive.index_for_name(name).is_some();
    if has("word/document.xml") {
        Ok(ZipKind::Word)
    } else if has("xl/workbook.xml") {
        Ok(ZipKind::Workbook)
    } else {
        Err(ErrorKind::Unsupported(crate::Format::Zip))
    }
}

/// Reads the document of a DOCX file.
pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Document, ErrorKind> {
    let xml = document_xml(bytes, limits)?;
    from_xml(&xml, limits)
}

/// The text of `word/document.xml`, read no further than the limit allows.
fn document_xml(bytes: &[u8], limits: &Limits) -> Result<String, ErrorKind> {
    let mut archive = open(bytes, limits)?;
    let entry = match archive.by_name("word/document.xml") {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => {
            return Err(ErrorKind::Unsupported(crate::Format::Zip))
        }
        Err(e) => return Err(ErrorKind::damaged_by(format!("word/document.xml: {e}"))),
    };
    // Declared sizes can lie: count what actually comes out. A true one is room enough, and
    // the text is not grown by doubling to near twice its size.
    let mut xml = Vec::with_capacity(entry.size().min(limits.max_unzipped) as usize);
    entry
        .take(limits.max_unzipped + 1)
        .read_to_end(&mut xml)
        .map_err(|e| ErrorKind::damaged_by(format!("word/document.xml: {e}")))?;
    if xml.len() as u64 > limits.max_unzipped {
        return Err(ErrorKind::ZipBomb(limits.max_unzipped));
    }
    String::from_utf8(xml).map_err(|_| {
        ErrorKind::damaged(
            "word/document.xml 不是 UTF-8 编码",
            "word/document.xml is not UTF-8",
        )
    })
}

/// Tables inside tables deeper than this are no report's (Word's own are a few deep).
const MAX_NESTED: usize = 64;

/// A table being read: its rows of cells (text, grid column).
#[derive(Default)]
struct Table {
    rows: Vec<Vec<(String, u32)>>,
    /// The grid column the next cell starts at.
    column: u32,
    /// The cell being read.
    cell: Option<Cell>,
    /// The cells made so far, `gridSpan` spread out, and its rows.
    made: u64,
}

#[derive(Default)]
struct Cell {
    text: String,
    span: u32,
}

struct Builder {
    lines: Vec<Line>,
    /// Paragraph text being read.
    paragraph: String,
    tables: Vec<Table>,
    table_count: u32,
    /// Depth inside elements whose text is not shown (deleted text, field codes, fallbacks).
    hidden: u32,
    in_text: bool,
    meter: Meter,
    /// Characters read into paragraphs and cells not yet made into lines: the text of a table
    /// is held until its end.
    held: u64,
}

fn from_xml(xml: &str, limits: &Limits) -> Result<Document, ErrorKind> {
    parse_xml(xml, limits).map_err(|e| match e {
        Stop::Xml(e) => ErrorKind::damaged_by(format!("word/document.xml: {e}")),
        Stop::Over(kind) => kind,
    })
}

/// Why reading `word/document.xml` stopped.
enum Stop {
    Xml(quick_xml::Error),
    Over(ErrorKind),
}

impl From<quick_xml::Error> for Stop {
    fn from(e: quick_xml::Error) -> Stop {
        Stop::Xml(e)
    }
}

impl From<ErrorKind> for Stop {
    fn from(e: ErrorKind) -> Stop {
        Stop::Over(e)
    }
}

fn parse_xml(xml: &str, limits: &Limits) -> Result<Document, Stop> {
    let mut reader = Reader::from_str(xml);
    let mut b = Builder {
        lines: Vec::new(),
        paragraph: String::new(),
        tables: Vec::new(),
        table_count: 0,
        hidden: 0,
        in_text: false,
        meter: Meter::new(limits),
        held: 0,
    };
    // The ordinal of the outermost table, for provenance.
    let mut outer_table = 0;
    loop {
        match reader.read_event()? {
            Event::Start(e) => {
                let name = e.name();
                match name.as_ref() {
                    b"w:del" | b"w:delText" | b"w:instrText" | b"mc:Fallback" | b"w:moveFrom"
                    | b"w:delInstrText" => b.hidden += 1,
                    b"w:t" => b.in_text = true,
                    b"w:tbl" => {
                        b.end_paragraph()?;
                        if b.tables.is_empty() {
                            b.table_count += 1;
                            outer_table = b.table_count;
                        }
                        // Each open table is held: a few bytes of `<w:tbl>` open millions.
                        if b.tables.len() >= MAX_NESTED {
                            return Err(Stop::Over(ErrorKind::damaged(
                                "Word 文档的表格嵌套过深，不像是一份报告",
                                "the document's tables nest too deep to be a report",
                            )));
                        }
                        b.tables.push(Table::default());
                    }
                    b"w:tr" => {
                        if let Some(t) = b.tables.last_mut() {
                            // A row is held even with no cells: it counts as one.
                            t.made += 1;
                            b.meter.cells(t.made)?;
                            t.rows.push(Vec::new());
                            t.column = 0;
                        }
                    }
                    b"w:tc" => {
                        if let Some(t) = b.tables.last_mut() {
                            t.cell = Some(Cell {
                                text: String::new(),
                                span: 1,
                            });
                        }
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => match e.name().as_ref() {
                b"w:tab" if b.hidden == 0 => b.hold("\t")?,
                b"w:br" | b"w:cr" if b.hidden == 0 => b.hold("\n")?,
                b"w:gridSpan" => {
                    if let Some(cell) = b.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                        cell.span = attr(&e, b"w:val")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1)
                            .clamp(1, 64);
                    }
                }
                _ => {}
            },
            Event::Text(t) if b.in_text && b.hidden == 0 => b.hold(&t.unescape()?)?,
            Event::End(e) => match e.name().as_ref() {
                b"w:del" | b"w:delText" | b"w:instrText" | b"mc:Fallback" | b"w:moveFrom"
                | b"w:delInstrText" => b.hidden = b.hidden.saturating_sub(1),
                b"w:t" => b.in_text = false,
                b"w:p" => b.end_paragraph()?,
                b"w:tc" => b.end_cell()?,
                b"w:tbl" => {
                    let table = b.tables.pop().unwrap_or_default();
                    match b.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                        // A table inside a cell: its text joins the cell's.
                        Some(cell) => {
                            for row in &table.rows {
                                for (text, _) in row {
                                    push_words(&mut cell.text, text);
                                }
                            }
                        }
                        None => b.emit_table(&table, outer_table)?,
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    b.end_paragraph()?;
    Ok(Document {
        lines: b.lines,
        ..Document::default()
    })
}

impl Builder {
    /// Adds text to the paragraph, counting it against the budget while it is held.
    fn hold(&mut self, text: &str) -> Result<(), ErrorKind> {
        self.held += text.chars().count() as u64;
        self.meter.held(self.held)?;
        self.paragraph.push_str(text);
        Ok(())
    }

    fn end_paragraph(&mut self) -> Result<(), ErrorKind> {
        let text = std::mem::take(&mut self.paragraph);
        match self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            Some(cell) => push_words(&mut cell.text, &text.replace(['\n', '\t'], " ")),
            None => {
                for piece in text.split('\n') {
                    if !piece.trim().is_empty() {
                        self.meter.line(piece)?;
                        let n = self.lines.len() as u32 + 1;
                        self.lines
                            .push(Line::new(n, None, piece.to_string(), Vec::new()));
                    }
                }
                // Outside tables nothing else is held: the paragraph's text is in lines now.
                if self.tables.is_empty() {
                    self.held = 0;
                }
            }
        }
        Ok(())
    }

    fn end_cell(&mut self) -> Result<(), ErrorKind> {
        if let Some(t) = self.tables.last_mut() {
            if let Some(cell) = t.cell.take() {
                // `gridSpan` asks for many cells in a few bytes: they are counted as made.
                t.made += u64::from(cell.span);
                self.meter.cells(t.made)?;
                let column = t.column;
                if let Some(row) = t.rows.last_mut() {
                    row.push((cell.text, column));
                    for k in 1..cell.span {
                        row.push((String::new(), column + k));
                    }
                }
                t.column += cell.span;
            }
        }
        Ok(())
    }

    fn emit_table(&mut self, table: &Table, ordinal: u32) -> Result<(), ErrorKind> {
        for (r, row) in table.rows.iter().enumerate() {
            if row.iter().all(|(t, _)| t.trim().is_empty()) {
                continue;
            }
            let number = self.lines.len() as u32 + 1;
            let mut fields = Fields::new();
            for (k, (cell, column)) in row.iter().enumerate() {
                if k > 0 {
                    fields.separate('\t');
                }
                fields.push(cell.trim(), |from, to| {
                    Some(Span {
                        cell: Some(GridCell {
                            table: ordinal,
                            row: r as u32 + 1,
                            column: column + 1,
                        }),
                        ..rebuilt(number, from, to)
                    })
                });
            }
            let line = fields.line(number, None);
            self.meter.line(&line.text)?;
            self.lines.push(line);
        }
        // The outermost table's text is in lines now.
        self.held = 0;
        Ok(())
    }
}

/// Appends text to a cell's, a space between words of different paragraphs.
fn push_words(to: &mut String, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if !to.is_empty() {
        to.push(' ');
    }
    to.push_str(text);
}

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        // The values read here are numbers: no entities to unescape.
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> Vec<String> {
        let xml = format!(
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"w\"><w:body>{body}</w:body></w:document>"
        );
        from_xml(&xml, &Limits::default())
            .unwrap()
            .lines
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    fn tc(text: &str, props: &str) -> String {
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
    }

    #[test]
    fn paragraphs_and_tables_with_merged_cells() {
        let body = format!(
            "{}<w:tbl><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            p("一、总体情况"),
            tc("（三）不予公开", "<w:vMerge w:val=\"restart\"/>"),
            tc("1.属于国家秘密", ""),
            tc("0", ""),
            tc("", "<w:vMerge/>"),
            tc("2.其他法律行政法规禁止公开", ""),
            tc("1", ""),
            tc("（七）总计", "<w:gridSpan w:val=\"2\"/>"),
            tc("1", ""),
        );
        assert_eq!(
            doc(&body),
            [
                "一、总体情况",
                "（三）不予公开\t1.属于国家秘密\t0",
                "\t2.其他法律行政法规禁止公开\t1",
                "（七）总计\t\t1"
            ]
        );
    }

    #[test]
    fn deleted_text_and_field_codes_are_left_out() {
        let body = "<w:p><w:r><w:t>收到申请</w:t></w:r><w:del><w:r><w:delText>9</w:delText></w:r></w:del>\
                    <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>\
                    <w:r><w:t>21</w:t></w:r><w:bookmarkStart w:id=\"0\" w:name=\"a\"/><w:r><w:t>件</w:t></w:r></w:p>";
        assert_eq!(doc(body), ["收到申请21件"]);
    }

    #[test]
    fn cells_know_their_table_row_and_column() {
        let body = format!(
            "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
            tc("规章", ""),
            tc("5", "")
        );
        let xml = format!("<w:document xmlns:w=\"w\"><w:body>{body}</w:body></w:document>");
        let d = from_xml(&xml, &Limits::default()).unwrap();
        let at = d.lines[0].span(3, 4);
        assert_eq!(
            at.cell,
            Some(GridCell {
                table: 1,
                row: 1,
                column: 2
            })
        );
    }
}
