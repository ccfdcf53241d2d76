//! The report model: what a 政府信息公开工作年度报告 says, cell by cell, with where each value was
//! printed and what the reader had to decide to get it.
//!
//! `gongkai parse --format json` prints a [`Report`] as it is serialised here; docs/model.md
//! describes the shape. [`MODEL_VERSION`] changes whenever a field changes meaning or goes away.

use crate::template::{Template, Version};
use crate::text::Text;
use crate::value::{parse_printed, Printed, Unit, Value};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The version of the JSON shape of [`Report`].
pub const MODEL_VERSION: u32 = 1;

/// Where something was printed in the source. Lines and columns count from 1; columns count
/// characters, not bytes.
///
/// For text and HTML the line and column are those of the source file (for an HTML table cell,
/// of its `<td>` tag). For DOCX and PDF, which have no lines of their own, they are those of
/// the text gongkai rebuilt from the document (the lines a diagnostic shows), and `cell` (DOCX)
/// or `page` and `bbox` (PDF) say where to look in the original.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Span {
    pub line: u32,
    pub column: u32,
    /// One past the last character.
    pub end_column: u32,
    /// The page, for sources that have pages (PDF, and text with form feeds from `pdftotext`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// PDF: the box the text occupies on its page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
    /// DOCX: the table cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<GridCell>,
}

/// A box on a PDF page, in points, measured from the page's top-left corner.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BBox {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// A cell of a document's table, counted from 1: the document's n-th table, its row, and the
/// cell in the row (as the grid counts it, merged cells spanning several).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridCell {
    pub table: u32,
    pub row: u32,
    pub column: u32,
}

/// What kind of file the report came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    Text,
    Html,
    Docx,
    Xlsx,
    Pdf,
    /// Cell values given directly (a cells JSON, a generated report), with no printed source.
    Cells,
}

/// Where a report's publication date was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// Printed on the page, or in the header a crawler set above the text it saved:
    /// `发布日期：2024-01-25`, `发布时间: 2024年1月25日 09:30`.
    Page,
    /// The page's metadata, `<meta name="PubDate" content="2024-01-25 15:22">`, which the
    /// national rules for government sites have every article carry.
    PageMetadata,
    /// The PDF's `CreationDate`: the day the file was made, before it went online, so the
    /// report cannot have been published earlier.
    PdfMetadata,
    /// Given by whoever imported the report (`gongkai import --published`, `--dates`).
    Given,
}

impl DateSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Page => "page",
            DateSource::PageMetadata => "page_metadata",
            DateSource::PdfMetadata => "pdf_metadata",
            DateSource::Given => "given",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Source {
    /// The path given on the command line (`-` for standard input).
    pub file: String,
    pub format: SourceFormat,
    /// The character encoding the bytes were decoded from (`UTF-8`, `GBK`, `UTF-16LE`…).
    pub encoding: String,
    /// A workbook's sheet names, in order: a span's `cell.table` is the sheet's number.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sheets: Vec<String>,
}

/// A report read from one file. It reads back from its JSON as it was written: the store keeps
/// reports so.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report {
    pub model_version: u32,
    pub source: Source,
    /// The title as printed, joined when it wraps over lines.
    pub title: Option<String>,
    pub agency: Option<String>,
    /// The year the report covers.
    pub year: Option<i32>,
    pub template: Version,
    /// The publication date (`YYYY-MM-DD`), when known: as the page states it (`发布日期`),
    /// else the day the PDF was made, or as given at import.
    pub published: Option<String>,
    /// Where [`Report::published`] comes from. Absent in reports read before it was kept,
    /// whose dates were all the page's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_from: Option<DateSource>,
    /// Prose between the title and section 一 (who compiled the report, the period covered).
    pub preamble: String,
    pub sections: Vec<Section>,
    /// Every cell found, keyed as in CELLS.md, in template order.
    pub cells: Vec<Cell>,
    /// What the reader noticed or decided: missing parts, fuzzy labels, ambiguous readings.
    pub notes: Vec<Note>,
}

impl Report {
    /// A report made of cell values alone, with the template's labels, no sections and no
    /// notes: what the cells JSON of CELLS.md describes. Keys the template does not have are
    /// left out; the cells are put in template order.
    pub fn from_cells(
        file: &str,
        agency: Option<String>,
        year: Option<i32>,
        template: Version,
        values: impl IntoIterator<Item = (String, Value)>,
    ) -> Report {
        let t = Template::get(template);
        let mut cells: Vec<Cell> = values
            .into_iter()
            .filter_map(|(key, value)| {
                let spec = t.cell(&key)?;
                Some(Cell {
                    raw: match value {
                        Value::Number(n) => n.to_string(),
                        Value::Blank(b) => b.as_str().to_string(),
                    },
                    label: spec.row.label.text.to_string(),
                    key,
                    printed: Printed { value, unit: None },
                    at: None,
                    certainty: Certainty::Exact,
                })
            })
            .collect();
        cells.sort_by_key(|c| t.position(&c.key));
        cells.dedup_by(|a, b| a.key == b.key);
        Report {
            model_version: MODEL_VERSION,
            source: Source {
                file: file.to_string(),
                format: SourceFormat::Cells,
                encoding: "UTF-8".to_string(),
                sheets: Vec::new(),
            },
            title: None,
            agency,
            year,
            template,
            published: None,
            published_from: None,
            preamble: String::new(),
            sections: Vec::new(),
            cells,
            notes: Vec::new(),
        }
    }

    pub fn cell(&self, key: &str) -> Option<&Cell> {
        self.cells.iter().find(|c| c.key == key)
    }

    /// The value of a cell, `None` when the cell is absent.
    pub fn value(&self, key: &str) -> Option<Value> {
        self.cell(key).map(|c| c.printed.value)
    }

    pub fn template(&self) -> &'static Template {
        Template::get(self.template)
    }

    pub fn section(&self, number: u8) -> Option<&Section> {
        self.sections.iter().find(|s| s.number == number)
    }

    /// The `--format cells` view of CELLS.md.
    pub fn cells_view(&self) -> CellsView<'_> {
        CellsView {
            agency: self.agency.as_deref(),
            year: self.year,
            template: self.template,
            cells: self
                .cells
                .iter()
                .map(|c| (c.key.as_str(), c.printed.value))
                .collect(),
            uncertain: self.uncertain(),
        }
    }

    /// The cells the reader could not read for certain, in template order: those inferred that
    /// no identity confirms, and those of rows it found but could not read whole or could not
    /// find in a table it read (their numbers may be in the document, unread).
    pub fn uncertain(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self
            .cells
            .iter()
            .filter(|c| !c.is_certain())
            .map(|c| c.key.as_str())
            .collect();
        for note in self.notes.iter().filter(|n| n.kind.leaves_cells_unread()) {
            keys.extend(
                note.keys
                    .iter()
                    .map(String::as_str)
                    .filter(|k| !matches!(self.cell(k), Some(c) if c.is_certain())),
            );
        }
        let t = self.template();
        keys.sort_by_key(|k| t.position(k));
        keys.dedup();
        keys
    }
}

/// `{"agency", "year", "template", "cells": {KEY: number|null}, "uncertain": [KEY…]}`, the
/// contract of CELLS.md.
#[derive(Debug, Serialize)]
pub struct CellsView<'a> {
    pub agency: Option<&'a str>,
    pub year: Option<i32>,
    pub template: Version,
    pub cells: BTreeMap<&'a str, Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub uncertain: Vec<&'a str>,
}

/// One of the six sections.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Section {
    /// 1 to 6 (一 to 六).
    pub number: u8,
    /// The heading as printed.
    pub heading: String,
    /// The text of the section without its heading; for sections 二 to 四 only prose
    /// outside the table.
    pub body: String,
    /// Where each line of `body` was printed.
    pub lines: Vec<Span>,
    /// Section 一's sub-parts （一）…（五） where the report marks them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
    pub at: Span,
}

/// A sub-part of section 一.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Part {
    /// 1 to 5 (（一） to （五）).
    pub number: u8,
    pub heading: String,
    pub body: String,
    pub at: Span,
}

/// One cell of a statistical table.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(from = "CellJson")]
pub struct Cell {
    /// The key of CELLS.md (`t3.new.total`).
    pub key: String,
    /// The value as printed, and a unit when one was written in the cell.
    #[serde(flatten)]
    pub printed: Printed,
    /// The token as it stood in the source (`21`, `/`, `251000元`); empty for a blank cell.
    pub raw: String,
    /// The row label as printed (the template's label when the row label was not printed).
    pub label: String,
    /// Where the value was printed; `None` when the cell is blank and nothing was printed.
    pub at: Option<Span>,
    /// How sure the reading is.
    #[serde(default, skip_serializing_if = "Certainty::is_exact")]
    pub certainty: Certainty,
}

impl Cell {
    /// Whether the value may be relied on: read exactly, or inferred and confirmed by an
    /// identity of its table. Rules accuse a report only over such cells.
    pub fn is_certain(&self) -> bool {
        !matches!(self.certainty, Certainty::Uncertain(_))
    }
}

/// How a cell was read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// One number in one grid cell, or one separated token in its row's place.
    #[default]
    Exact,
    /// Inferred, and every identity of the table it takes part in holds.
    Confirmed(Inference),
    /// Inferred, and no identity confirms it: the value may be wrong.
    Uncertain(Inference),
}

impl Certainty {
    pub fn is_exact(&self) -> bool {
        *self == Certainty::Exact
    }

    /// What had to be inferred, for a cell that was not read exactly.
    pub fn inference(&self) -> Option<Inference> {
        match self {
            Certainty::Exact => None,
            Certainty::Confirmed(i) | Certainty::Uncertain(i) => Some(*i),
        }
    }
}

/// What the reader had to infer to read a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Inference {
    /// Split out of a run of digits printed with no separator (`1000001`), or joined from
    /// digits printed apart.
    Split,
    /// Taken from a line other than its label's: numbers printed before the label, or left over
    /// from the row above.
    Reattached,
    /// Placed in its column by where it stands on the page, with no drawn borders to tell.
    Position,
    /// The row's label was not printed beside its numbers: placed by the template's order.
    Order,
    /// The row printed fewer or more numbers than it has columns: which number is whose is
    /// not known.
    Count,
}

impl Inference {
    /// What was inferred, in Chinese and English.
    pub fn describe(self) -> (&'static str, &'static str) {
        match self {
            Inference::Split => ("从连在一起的数字中拆出", "split from a run of digits"),
            Inference::Reattached => (
                "从标签所在行以外的行归入",
                "taken from another line than its label's",
            ),
            Inference::Position => (
                "按页面位置归入列（表格没有框线）",
                "placed by position (the table has no drawn borders)",
            ),
            Inference::Order => (
                "数字行与标签分离，按模板顺序归入",
                "numbers apart from their labels, placed by the template's order",
            ),
            Inference::Count => (
                "该行数字个数与列数不符",
                "the row printed a different count of numbers than it has columns",
            ),
        }
    }
}

/// A cell as its JSON holds it. JSON numbers do not keep what was printed (`7730.2800` and
/// `7730.28` are one number; a blank and a `/` are both `null`), so the printed token `raw` is
/// read again and taken when it agrees with the value.
#[derive(Deserialize)]
struct CellJson {
    key: String,
    value: Value,
    #[serde(default)]
    unit: Option<Unit>,
    raw: String,
    label: String,
    at: Option<Span>,
    #[serde(default)]
    certainty: Certainty,
}

impl From<CellJson> for Cell {
    fn from(c: CellJson) -> Cell {
        let reread = parse_printed(&c.raw).filter(|p| match (p.value, c.value) {
            (Value::Number(a), Value::Number(b)) => a.to_f64() == b.to_f64(),
            (Value::Blank(_), Value::Blank(_)) => true,
            _ => false,
        });
        Cell {
            key: c.key,
            printed: Printed {
                value: reread.map_or(c.value, |p| p.value),
                unit: c.unit,
            },
            raw: c.raw,
            label: c.label,
            at: c.at,
            certainty: c.certainty,
        }
    }
}

/// What a note is about. The kinds are stable: the checks turn some of them into findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// A section heading was not found.
    MissingSection,
    /// A section heading is worded differently from the template.
    SectionVariant,
    /// A whole table was not found.
    MissingTable,
    /// A row of the template was not found, and its numbers with it.
    MissingRow,
    /// A row was found but some of its numbers were not.
    MissingValues,
    /// A row carried more numbers than the template has columns; the extra ones were left out.
    ExtraValues,
    /// A labelled row the template does not have; its numbers were left out.
    ExtraRow,
    /// A label was matched to the template's though it is worded differently.
    LabelVariant,
    /// A row's numbers were printed before its label and were taken for it.
    ValuesBeforeLabel,
    /// Numbers that ran together (`693665`) were split, or split digits (`2 1`) were joined,
    /// to fit the table's own sums.
    DigitsRegrouped,
    /// A group was printed as one row without the template's sub-rows.
    GroupAggregate,
    /// A row label appeared out of the template's order.
    Reordered,
    /// The template version did not follow from the labels and was taken from the year.
    VersionFromYear,
    /// Agency or year could not be read from the title.
    MissingMeta,
    /// The year of the title and of the statistics period differ.
    YearMismatch,
}

impl NoteKind {
    /// A note of this kind names cells whose numbers may be in the document but were not read
    /// (or not read whole).
    pub fn leaves_cells_unread(self) -> bool {
        matches!(
            self,
            NoteKind::MissingRow
                | NoteKind::MissingValues
                | NoteKind::ExtraValues
                | NoteKind::MissingTable
        )
    }
}

/// Something the reader noticed or decided, in Chinese and English.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(from = "NoteWire", into = "NoteWire")]
pub struct Note {
    pub kind: NoteKind,
    pub message: Text,
    /// The cell keys concerned.
    pub keys: Vec<String>,
    pub at: Option<Span>,
}

/// A note as model JSON carries it (`message` and `message_en` side by side), the form stored
/// reports and other programs already hold.
#[derive(Clone, Serialize, Deserialize)]
struct NoteWire {
    kind: NoteKind,
    message: String,
    message_en: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    keys: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<Span>,
}

impl From<NoteWire> for Note {
    fn from(w: NoteWire) -> Note {
        Note {
            kind: w.kind,
            message: Text::new(w.message, w.message_en),
            keys: w.keys,
            at: w.at,
        }
    }
}

impl From<Note> for NoteWire {
    fn from(n: Note) -> NoteWire {
        NoteWire {
            kind: n.kind,
            message: n.message.zh,
            message_en: n.message.en,
            keys: n.keys,
            at: n.at,
        }
    }
}

impl Note {
    pub fn new(kind: NoteKind, zh: impl Into<String>, en: impl Into<String>) -> Note {
        Note {
            kind,
            message: Text::new(zh, en),
            keys: Vec::new(),
            at: None,
        }
    }

    pub fn keys(mut self, keys: impl IntoIterator<Item = String>) -> Note {
        self.keys.extend(keys);
        self
    }

    pub fn at(mut self, at: Option<Span>) -> Note {
        self.at = at;
        self
    }
}
