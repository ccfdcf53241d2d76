//! The report model: what a 政府信息公开工作年度报告 says, cell by cell, with where each value was
//! printed and what the reader had to decide to get it.
//!
//! `gongkai parse --format json` prints a [`Report`] as it is serialised here; docs/model.md
//! describes the shape. [`MODEL_VERSION`] changes whenever a field changes meaning or goes away.

use crate::template::{Template, Version};
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

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Source {
    /// The path given on the command line (`-` for standard input).
    pub file: String,
    pub format: SourceFormat,
    /// The character encoding the bytes were decoded from (`UTF-8`, `GBK`, `UTF-16LE`…).
    pub encoding: String,
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
    /// The publication date (`YYYY-MM-DD`) when the page states one (`发布日期`).
    pub published: Option<String>,
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
            },
            title: None,
            agency,
            year,
            template,
            published: None,
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
        }
    }
}

/// `{"agency", "year", "template", "cells": {KEY: number|null}}`, the contract of CELLS.md.
#[derive(Debug, Serialize)]
pub struct CellsView<'a> {
    pub agency: Option<&'a str>,
    pub year: Option<i32>,
    pub template: Version,
    pub cells: BTreeMap<&'a str, Value>,
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

/// Something the reader noticed or decided, in Chinese and English.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Note {
    pub kind: NoteKind,
    pub message: String,
    pub message_en: String,
    /// The cell keys concerned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<Span>,
}

impl Note {
    pub fn new(kind: NoteKind, zh: impl Into<String>, en: impl Into<String>) -> Note {
        Note {
            kind,
            message: zh.into(),
            message_en: en.into(),
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
