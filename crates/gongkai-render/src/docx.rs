//! A Word document (DOCX) in the template's layout: the title, the six sections and the three
//! tables with merged cells (`gridSpan`, `vMerge`), as a minimal package that Word, WPS and
//! LibreOffice open.

use crate::layout::{grid, slots, Grid, Slot};
use crate::text::{sections, table_of, title};
use gongkai_core::{Report, TableId};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// The page's text width in twentieths of a point (A4 with 2.5 cm margins).
const TEXT_WIDTH: usize = 9_000;

pub fn render(report: &Report) -> Vec<u8> {
    let mut body = String::new();
    body += &paragraph(&title(report), true, 32);
    for line in report.preamble.lines().filter(|l| !l.trim().is_empty()) {
        body += &paragraph(line, false, 24);
    }
    for (number, heading, text) in sections(report) {
        body += &paragraph(&heading, true, 28);
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            body += &paragraph(line, false, 24);
        }
        if let Some(id) = table_of(number) {
            body += &table(&grid(report, id));
            body += "<w:p/>";
        }
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    );
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    for (name, data) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", document.as_str()),
    ] {
        zip.start_file(name, options)
            .expect("a new entry in memory");
        zip.write_all(data.as_bytes()).expect("writing to memory");
    }
    zip.finish().expect("finishing in memory").into_inner()
}

fn run(text: &str, bold: bool, size: u32) -> String {
    let b = if bold { "<w:b/>" } else { "" };
    format!(
        r#"<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/>{b}<w:sz w:val="{size}"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
        escape(text)
    )
}

fn paragraph(text: &str, bold: bool, size: u32) -> String {
    format!("<w:p>{}</w:p>", run(text, bold, size))
}

/// Column widths in twentieths of a point: labels wide, numbers narrow, as in the template.
fn widths(grid: &Grid) -> Vec<usize> {
    let labels: &[usize] = match grid.table {
        TableId::T2 => &[2_400],
        TableId::T3 => &[600, 900, 3_300],
        TableId::T4 => &[],
    };
    let used: usize = labels.iter().sum();
    let rest = grid.width - labels.len();
    labels
        .iter()
        .copied()
        .chain(std::iter::repeat_n((TEXT_WIDTH - used) / rest.max(1), rest))
        .collect()
}

fn table(grid: &Grid) -> String {
    let widths = widths(grid);
    let mut out = String::from(
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders></w:tblPr><w:tblGrid>"#,
    );
    for w in &widths {
        out += &format!(r#"<w:gridCol w:w="{w}"/>"#);
    }
    out += "</w:tblGrid>";
    for row in slots(grid) {
        out += "<w:tr>";
        let mut column = 0;
        for slot in row {
            let (block, merge) = match slot {
                Slot::Start(b) if b.rowspan > 1 => (b, r#"<w:vMerge w:val="restart"/>"#),
                Slot::Start(b) => (b, ""),
                Slot::Below(b) => (b, "<w:vMerge/>"),
            };
            let span = if block.colspan > 1 {
                format!(r#"<w:gridSpan w:val="{}"/>"#, block.colspan)
            } else {
                String::new()
            };
            let text = match slot {
                Slot::Start(b) => run(&b.text, false, 16),
                Slot::Below(_) => String::new(),
            };
            let width: usize = widths[column..(column + block.colspan).min(widths.len())]
                .iter()
                .sum();
            column += block.colspan;
            out += &format!(
                r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:jc w:val="center"/></w:pPr>{text}</w:p></w:tc>"#
            );
        }
        out += "</w:tr>";
    }
    out += "</w:tbl>";
    out
}

/// Text safe inside XML.
fn escape(s: &str) -> String {
    s.chars()
        .filter(|&c| c == '\t' || c == '\n' || c >= ' ')
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            c => c.to_string(),
        })
        .collect()
}
