//! Readers: bytes of a published report in, a [`Report`] out.
//!
//! ```
//! let text = "某县人民政府2022年度政府信息公开工作年度报告\n二、主动公开政府信息情况\n规章\t1\t0\t5\n";
//! let report = gongkai_read::read("report.txt", text.as_bytes()).unwrap();
//! assert_eq!(report.year, Some(2022));
//! assert_eq!(report.cell("t2.regulation.in_force").unwrap().raw, "5");
//! ```
//!
//! Every format becomes a [`Document`] — lines, table rows as tab-separated cells, each cell
//! remembering where it was printed — and one reader of documents does the rest:
//!
//! - text in any layout of spec/TEMPLATE.md: one cell per line, tab-separated rows with numbers
//!   before labels, web-page text with site chrome, `pdftotext -layout`;
//! - HTML pages (`html`): a real HTML5 parser, tables rebuilt as grids;
//! - Word documents (`docx`): `word/document.xml`, tables with merged cells;
//! - PDF (`pdf`): the text layer with positions, lines and columns rebuilt.

mod align;
mod budget;
mod confirm;
mod decode;
mod document;
mod docx;
mod error;
mod html;
mod json;
mod markdown;
mod memo;
mod meta;
mod pdf;
mod regroup;
mod sections;
mod sniff;
mod stacked;
mod token;
mod xlsx;

pub use decode::{decode, DecodeError, Decoded};
pub use document::{Document, Line};
pub use error::{Budget, ErrorKind, ReadError};
pub use sniff::{detect, Format};

use gongkai_core::normalize::{normalize, Pattern, Subject};
use gongkai_core::template::{Table, Template, Version, SECTIONS};
use gongkai_core::{
    DateSource, Note, NoteKind, Report, Source, SourceFormat, TableId, MODEL_VERSION,
};
use sections::Heading;
use std::cell::RefCell;
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use token::Token;

/// Bounds on what one input may cost to read: hostile or broken files end with a clear error
/// in bounded time and memory.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest input accepted, in bytes (50 MB by default).
    pub max_input: u64,
    /// Largest total a ZIP's entries may expand to, in bytes (200 MB by default).
    pub max_unzipped: u64,
    /// Longest a PDF may take to read (60 s by default).
    pub max_time: Duration,
    /// Most cells one grid may spread over once its merged cells are counted: a table of an
    /// HTML page or a Word document (rows × columns after `rowspan`, `colspan` and `gridSpan`),
    /// a sheet of a workbook (the cells it holds, and the rows × columns they are read as).
    /// 100,000 by default; a report's largest table has a few hundred.
    pub max_cells: u64,
    /// Most characters one line may hold (200,000 by default; a report flattened onto one line
    /// has some 15,000).
    pub max_line_chars: u64,
    /// Most elements (and comments) an HTML page may hold, counted before it is parsed
    /// (100,000 by default; a report's page has some 1,000 to 2,500).
    pub max_elements: u64,
    /// Most characters the text of one document may hold, as read from any format (1,000,000
    /// by default; a report has some 3,000 to 15,000).
    pub max_text_chars: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_input: 50 << 20,
            max_unzipped: 200 << 20,
            max_time: Duration::from_secs(60),
            max_cells: 100_000,
            max_line_chars: 200_000,
            max_elements: 100_000,
            max_text_chars: 1_000_000,
        }
    }
}

/// A report and the text its spans point into.
#[derive(Debug)]
pub struct Reading {
    pub report: Report,
    /// The lines spans count in: the source's own lines for text and Markdown, the text gongkai
    /// rebuilt for HTML, DOCX, XLSX and PDF (a page as a reader sees it, never its markup).
    /// Line `n` of a span is `lines[n - 1]`.
    pub lines: Vec<String>,
    /// How long each stage took.
    pub stages: Stages,
}

/// Time spent reading one input, by stage.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stages {
    /// Bytes to lines: the encoding told and decoded, ZIP entries inflated, HTML and XML
    /// parsed, PDF content streams run.
    pub decode: Duration,
    /// Lines to sections, title, agency and year, and each table's tokens.
    pub read: Duration,
    /// Each table's tokens aligned with the template's rows, into cells.
    pub align: Duration,
}

/// Reads a report from the bytes of a file, whatever its format (text, HTML, DOCX, PDF: told
/// by content, never by name). `file` names it in the report and in errors.
pub fn read(file: &str, bytes: &[u8]) -> Result<Report, ReadError> {
    read_with(file, bytes, &Limits::default()).map(|r| r.report)
}

/// Reads a report within the given limits, keeping the text its spans point into.
pub fn read_with(file: &str, bytes: &[u8], limits: &Limits) -> Result<Reading, ReadError> {
    let err = |kind| ReadError::new(file, kind);
    let started = Instant::now();
    if bytes.len() as u64 > limits.max_input {
        return Err(err(ErrorKind::TooLarge(
            bytes.len() as u64,
            limits.max_input,
        )));
    }
    let rebuilt_lines = |doc: &Document| doc.lines.iter().map(|l| l.text.clone()).collect();
    let (doc, lines, source) = match sniff::binary(bytes) {
        Some(Format::Pdf) => {
            let doc = pdf::parse(bytes, limits).map_err(err)?;
            let lines = rebuilt_lines(&doc);
            (doc, lines, (SourceFormat::Pdf, "PDF".to_string()))
        }
        // The archive is opened (and its size checked) before its parts are trusted: a ZIP
        // that does not open is damaged, not merely of another kind.
        Some(Format::Docx | Format::Xlsx | Format::Zip) => {
            let (doc, format) = match docx::zip_kind(bytes, limits).map_err(err)? {
                docx::ZipKind::Word => (docx::parse(bytes, limits), SourceFormat::Docx),
                docx::ZipKind::Workbook => (xlsx::parse(bytes, limits), SourceFormat::Xlsx),
            };
            let doc = doc.map_err(err)?;
            let lines = rebuilt_lines(&doc);
            (doc, lines, (format, "UTF-8".to_string()))
        }
        Some(format @ (Format::CellsJson | Format::ModelJson)) => {
            let report = if format == Format::ModelJson {
                json::model(bytes)
            } else {
                json::parse(file, bytes)
            };
            // No printed lines: a model's positions are in the document it was read from.
            return Ok(Reading {
                report: report.map_err(err)?,
                lines: Vec::new(),
                stages: Stages {
                    decode: started.elapsed(),
                    ..Stages::default()
                },
            });
        }
        Some(Format::Text | Format::Markdown | Format::Html) | None => {
            let decoded = decode(bytes).map_err(|e| err(decode_error(e)))?;
            match sniff::of_text(&decoded.text) {
                Format::Html => {
                    // A page says its own charset, which the text's detection may not guess.
                    let decoded = html::decode_html(bytes).map_err(|e| err(decode_error(e)))?;
                    let doc = html::document(&decoded.text, limits).map_err(err)?;
                    let lines = rebuilt_lines(&doc);
                    (
                        doc,
                        lines,
                        (SourceFormat::Html, decoded.encoding.to_string()),
                    )
                }
                format => {
                    budget::text(&decoded.text, limits).map_err(err)?;
                    let doc = if format == Format::Markdown {
                        markdown::document(&decoded.text)
                    } else {
                        Document::from_text(&decoded.text)
                    };
                    let lines = source_lines(&decoded.text);
                    (
                        doc,
                        lines,
                        (SourceFormat::Text, decoded.encoding.to_string()),
                    )
                }
            }
        }
    };
    let mut stages = Stages {
        decode: started.elapsed(),
        ..Stages::default()
    };
    let report = read_document(file, doc, source.0, &source.1, &mut stages)?;
    Ok(Reading {
        report,
        lines,
        stages,
    })
}

fn decode_error(e: DecodeError) -> ErrorKind {
    match e {
        DecodeError::Empty => ErrorKind::Empty,
        DecodeError::Binary => ErrorKind::Binary,
    }
}

/// The source's lines as the text reader numbers them (form feeds are page breaks).
fn source_lines(text: &str) -> Vec<String> {
    text.split('\n')
        .map(|l| {
            l.strip_suffix('\r')
                .unwrap_or(l)
                .chars()
                .filter(|&c| c != '\u{c}')
                .collect()
        })
        .collect()
}

/// Reads a report from decoded text.
pub fn read_text(file: &str, text: &str, encoding: &str) -> Result<Report, ReadError> {
    read_document(
        file,
        Document::from_text(text),
        SourceFormat::Text,
        encoding,
        &mut Stages::default(),
    )
}

/// Reads a report from a document's lines, whatever format they were rebuilt from.
fn read_document(
    file: &str,
    mut doc: Document,
    format: SourceFormat,
    encoding: &str,
    stages: &mut Stages,
) -> Result<Report, ReadError> {
    let started = Instant::now();
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
    let mut choices = Vec::new();
    let aligning = Instant::now();
    for (i, id) in TableId::ALL.iter().enumerate() {
        let table = template.table(*id);
        // A table with numbers, or with empty cells of its own (an unfilled form's).
        let has_cells = tokens[i]
            .iter()
            .any(|t| t.is_value() || t.kind == token::Kind::Blank);
        if regions[i].is_none() || !has_cells {
            notes.push(missing_table(template, table));
            continue;
        }
        let read = align::read_table(table, &tokens[i]);
        cells.extend(read.cells);
        notes.extend(read.notes);
        choices.extend(read.choices);
    }
    // Template order, whatever order the rows were printed in.
    cells.sort_by_key(|c| template.position(&c.key));
    confirm::resolve(template, &mut cells, &choices);
    confirm::confirm(template, &mut cells);
    stages.align = aligning.elapsed();
    notes.extend(section_notes(&headings));
    notes.extend(meta_notes(&meta));
    let preamble = preamble(
        &doc.lines[..headings.first().map_or(0, |h| h.line)],
        &meta.title_lines,
    );
    let sections = sections::sections(&doc, &headings, &regions);
    stages.read = started.elapsed().saturating_sub(stages.align);
    Ok(Report {
        model_version: MODEL_VERSION,
        source: Source {
            file: file.to_string(),
            format,
            encoding: encoding.to_string(),
            sheets: doc.sheets.clone(),
        },
        title: meta.title,
        agency: meta.agency,
        year: meta.year,
        template: version,
        // What the text says first: a page's own line beats its metadata, and a browser's
        // print of a page carries the page's line.
        published_from: match (&meta.published, &doc.date) {
            (Some(_), _) => Some(DateSource::Page),
            (None, Some((_, from))) => Some(*from),
            (None, None) => None,
        },
        published: meta.published.or(doc.date.map(|(d, _)| d)),
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
    thread_local! {
        /// Per set of markers, whether a text is one of them (see [`memo`]).
        static MEMO: RefCell<[memo::Memo<bool>; 2]> =
            RefCell::new([memo::Memo::new(), memo::Memo::new()]);
    }
    let [only2019, only2021] = version_markers();
    let count = |set: usize, ps: &[Pattern]| {
        tokens[..2]
            .iter()
            .flatten()
            .filter(|t| t.is_text())
            .filter(|t| {
                MEMO.with(|m| {
                    m.borrow_mut()[set].get(&t.norm, || {
                        let subject = Subject::new(&t.norm);
                        ps.iter().any(|p| p.score_from(&subject, 0.9) >= 0.9)
                    })
                })
            })
            .count()
    };
    let (c2019, c2021) = (count(0, only2019), count(1, only2021));
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
