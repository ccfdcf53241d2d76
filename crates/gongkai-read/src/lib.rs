//! Readers: bytes of a published report in, a [`Report`] out.
//!
//! ```
//! let text = "某县人民政府2022年度政府信息公开工作年度报告\n二、主动公开政府信息情况\n规章\t1\t0\t5\n";
//! let report = gongkai_read::read("report.txt", text.as_bytes()).unwrap();
//! assert_eq!(report.year, Some(2022));
//! assert_eq!(report.cell("t2.regulation.in_force").unwrap().raw, "5");
//! ```
//!
//! The text reader handles every layout of spec/TEMPLATE.md: one cell per line, tab-separated
//! rows with numbers before labels, web-page text with site chrome, and `pdftotext -layout`.

mod align;
mod decode;
mod document;
mod error;
mod meta;
mod regroup;
mod sections;
mod sniff;
mod token;

pub use decode::{decode, DecodeError, Decoded};
pub use document::{Document, Line};
pub use error::{ErrorKind, ReadError};
pub use sniff::Format;

use gongkai_core::normalize::{normalize, Pattern};
use gongkai_core::template::{Table, Template, Version, SECTIONS};
use gongkai_core::{Note, NoteKind, Report, Source, SourceFormat, TableId, MODEL_VERSION};
use sections::Heading;
use std::sync::OnceLock;
use token::Token;

/// Reads a report from the bytes of a file. `file` names it in the report and in errors.
pub fn read(file: &str, bytes: &[u8]) -> Result<Report, ReadError> {
    // Markup read as text would give a partial report without saying so: refuse it until its
    // reader exists.
    let format = sniff::sniff_bytes(bytes);
    if format != Format::Text {
        return Err(ReadError::new(file, ErrorKind::Unsupported(format)));
    }
    let decoded = decode(bytes).map_err(|e| {
        ReadError::new(
            file,
            match e {
                DecodeError::Empty => ErrorKind::Empty,
                DecodeError::Binary => ErrorKind::Binary,
            },
        )
    })?;
    if sniff::is_html(&decoded.text) {
        return Err(ReadError::new(file, ErrorKind::Unsupported(Format::Html)));
    }
    read_text(file, &decoded.text, decoded.encoding)
}

/// Reads a report from decoded text.
pub fn read_text(file: &str, text: &str, encoding: &str) -> Result<Report, ReadError> {
    let mut doc = Document::from_text(text);
    let markers: Vec<&str> = SECTIONS.iter().flat_map(|s| s.label.all()).collect();
    doc.split_around(&markers);
    let headings = sections::find_headings(&doc);
    let regions = sections::table_regions(&doc, &headings);
    let tokens: Vec<Vec<Token>> = regions
        .iter()
        .map(|r| {
            r.clone()
                .map_or_else(Vec::new, |r| token::tokenize(&doc.lines[r]))
        })
        .collect();
    if !tokens.iter().flatten().any(Token::is_value) {
        return Err(ReadError::new(file, ErrorKind::NoTable));
    }
    let meta = meta::read_meta(&doc, headings.first().map(|h| h.line));
    if let Some(year) = meta.year {
        if year <= 2018 {
            return Err(ReadError::new(file, ErrorKind::TooOld(year)));
        }
    }
    let mut notes = Vec::new();
    let version = detect_version(&tokens, meta.year, &mut notes);
    let template = Template::get(version);
    let mut cells = Vec::new();
    for (i, id) in TableId::ALL.iter().enumerate() {
        let table = template.table(*id);
        if regions[i].is_none() || !tokens[i].iter().any(Token::is_value) {
            notes.push(missing_table(template, table));
            continue;
        }
        let read = align::read_table(table, &tokens[i]);
        cells.extend(read.cells);
        notes.extend(read.notes);
    }
    // Template order, whatever order the rows were printed in.
    cells.sort_by_key(|c| template.position(&c.key));
    notes.extend(section_notes(&headings));
    notes.extend(meta_notes(&meta));
    let preamble = preamble(
        &doc.lines[..headings.first().map_or(0, |h| h.line)],
        &meta.title_lines,
    );
    let sections = sections::sections(&doc, &headings, &regions);
    Ok(Report {
        model_version: MODEL_VERSION,
        source: Source {
            file: file.to_string(),
            format: SourceFormat::Text,
            encoding: encoding.to_string(),
        },
        title: meta.title,
        agency: meta.agency,
        year: meta.year,
        template: version,
        published: meta.published,
        preamble,
        sections,
        cells,
        notes,
    })
}

/// Text between the title and section 一 (who compiled the report, the statistics period),
/// as printed, without the title and the site's chrome.
fn preamble(lines: &[Line], title_lines: &[usize]) -> String {
    let after_title = title_lines.iter().max().map_or(0, |&i| i + 1);
    lines
        .iter()
        .enumerate()
        .skip(after_title)
        .map(|(_, l)| l.text.trim())
        .filter(|t| !t.is_empty() && !document::is_chrome(t))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The format follows from labels only one version has (`本年制发件数` is 2021's,
/// `本年新制作数量` 2019's); when the labels do not tell, from the year.
fn detect_version(tokens: &[Vec<Token>], year: Option<i32>, notes: &mut Vec<Note>) -> Version {
    let [only2019, only2021] = version_markers();
    let count = |ps: &[Pattern]| {
        tokens[..2]
            .iter()
            .flatten()
            .filter(|t| t.is_text())
            .filter(|t| ps.iter().any(|p| p.score(&t.norm) >= 0.9))
            .count()
    };
    let (c2019, c2021) = (count(only2019), count(only2021));
    if c2019 > c2021 {
        Version::V2019
    } else if c2021 > c2019 {
        Version::V2021
    } else {
        let v = year.map_or(Version::V2021, Version::for_year);
        notes.push(Note::new(
            NoteKind::VersionFromYear,
            format!("表格标签不能区分模板版本，按年度取 {} 版", v),
            format!(
                "the labels do not tell the template version; took {} from the year",
                v
            ),
        ));
        v
    }
}

/// The labels of tables 二 and 三 that only the 2019 format has, and those only 2021 has.
fn version_markers() -> &'static [Vec<Pattern>; 2] {
    static MARKERS: OnceLock<[Vec<Pattern>; 2]> = OnceLock::new();
    MARKERS.get_or_init(|| {
        let labels = |v: Version| -> Vec<String> {
            let mut out = Vec::new();
            for table in Template::get(v)
                .tables
                .iter()
                .filter(|t| t.id != TableId::T4)
            {
                collect_labels(table, &mut out);
            }
            out
        };
        let (l2019, l2021) = (labels(Version::V2019), labels(Version::V2021));
        let only = |a: &[String], b: &[String]| -> Vec<Pattern> {
            a.iter()
                .filter(|l| !b.contains(l))
                .map(|l| Pattern::new(l))
                .collect()
        };
        [only(&l2019, &l2021), only(&l2021, &l2019)]
    })
}

fn collect_labels(table: &Table, out: &mut Vec<String>) {
    for w in table.header_words {
        out.push(normalize(w));
    }
    for row in table.rows {
        out.extend(row.label.all().map(normalize));
        for col in row.columns {
            out.extend(col.label.all().map(normalize));
        }
    }
}

fn missing_table(template: &Template, table: &Table) -> Note {
    Note::new(
        NoteKind::MissingTable,
        format!("没有找到{}", table.id.name_zh()),
        format!("{} was not found", table.id.name_en()),
    )
    .keys(
        template
            .required_cells()
            .filter(|c| c.table == table.id)
            .map(|c| c.key.clone()),
    )
}

fn section_notes(headings: &[Heading]) -> Vec<Note> {
    let mut notes = Vec::new();
    for spec in &SECTIONS {
        match headings.iter().find(|h| h.number == spec.number) {
            None => notes.push(Note::new(
                NoteKind::MissingSection,
                format!("没有找到第{}部分「{}」", spec.number, spec.label.text),
                format!(
                    "section {} “{}” was not found",
                    spec.number, spec.label.text
                ),
            )),
            Some(h) if !h.exact => notes.push(Note::new(
                NoteKind::SectionVariant,
                format!("标题「{}」与模板的「{}」不同", h.printed, spec.label.text),
                format!(
                    "heading “{}” differs from the template's “{}”",
                    h.printed, spec.label.text
                ),
            )),
            Some(_) => {}
        }
    }
    notes
}

fn meta_notes(meta: &meta::Meta) -> Vec<Note> {
    let mut notes = Vec::new();
    if meta.agency.is_none() {
        notes.push(Note::new(
            NoteKind::MissingMeta,
            "没有从标题读出机关名称",
            "the agency could not be read from the title",
        ));
    }
    if meta.year.is_none() {
        notes.push(Note::new(
            NoteKind::MissingMeta,
            "没有读出报告年度",
            "the year of the report could not be read",
        ));
    }
    if let (Some(y), Some(p)) = (meta.year, meta.period_year) {
        if y != p {
            notes.push(Note::new(
                NoteKind::YearMismatch,
                format!("标题的年度 {y} 与统计期限的年度 {p} 不同"),
                format!("the title's year {y} differs from the statistics period's {p}"),
            ));
        }
    }
    notes
}
