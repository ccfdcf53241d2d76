//! A plain table of text — a header and rows — written as CSV or as a one-sheet workbook: the
//! board of a filing season, its roll-up, any listing a command or a page offers to download.
//!
//! CSV is UTF-8 with a BOM, so that Excel opens Chinese as it is, each field quoted as
//! [`csv::field`](crate::csv::field) quotes it (and never read as a formula). The workbook has
//! its header row bold and frozen, columns as wide as their text, and the fields that are whole
//! numbers written as numbers (so that they add up in Excel); everything else is text.

use crate::RenderError;
use rust_xlsxwriter::{Format, Workbook};
use unicode_width::UnicodeWidthStr;

/// A titled table of text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sheet {
    /// The workbook's sheet name (cut to what Excel allows).
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A score sheet ([`gongkai_check::score::Sheet`]) as its two tables, the scores and the
/// evidence, for a workbook or CSV; `prefix` begins both titles (the web names the region
/// and year there, a file named by its user needs none).
pub fn score_tables(
    sheet: &gongkai_check::score::Sheet,
    lang: gongkai_core::Lang,
    prefix: &str,
) -> [Sheet; 2] {
    use gongkai_check::score;
    let title = |zh: &str, en: &str| format!("{prefix}{}", if lang.is_english() { en } else { zh });
    let (header, rows) = score::rows(sheet, lang);
    let scores = Sheet {
        title: title("得分", "scores"),
        header,
        rows,
    };
    let (header, rows) = score::evidence_rows(sheet, lang);
    let evidence = Sheet {
        title: title("证据", "evidence"),
        header,
        rows,
    };
    [scores, evidence]
}

impl Sheet {
    /// The header and the rows as CSV: UTF-8 with a BOM, lines ending in CRLF.
    pub fn csv(&self) -> Vec<u8> {
        let mut out = String::from("\u{feff}");
        for row in std::iter::once(&self.header).chain(&self.rows) {
            let fields: Vec<String> = row.iter().map(|f| crate::csv::field(f)).collect();
            out += &fields.join(",");
            out += "\r\n";
        }
        out.into_bytes()
    }

    /// The table as a workbook of one sheet.
    pub fn xlsx(&self) -> Result<Vec<u8>, RenderError> {
        workbook(std::slice::from_ref(self))
    }
}

/// Tables as a workbook of one sheet each, in order (a score sheet and its evidence).
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, RenderError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for table in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&table.title))?;
        for (c, h) in table.header.iter().enumerate() {
            sheet.write_string_with_format(0, column(c)?, h, &bold)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        for (r, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1)
                .ok()
                .filter(|r| *r < 1_048_576)
                .ok_or_else(|| RenderError("a sheet holds 1,048,575 rows at most".into()))?;
            for (c, field) in row.iter().enumerate() {
                match integer(field) {
                    Some(n) => sheet.write_number(r, column(c)?, n as f64)?,
                    None => sheet.write_string(r, column(c)?, field)?,
                };
            }
        }
        for (c, width) in widths(&table.header, &table.rows).into_iter().enumerate() {
            sheet.set_column_width(column(c)?, width)?;
        }
    }
    Ok(book.save_to_buffer()?)
}

/// A column's number as the workbook counts them.
fn column(c: usize) -> Result<u16, RenderError> {
    u16::try_from(c)
        .ok()
        .filter(|c| *c < 16_384)
        .ok_or_else(|| RenderError("a sheet holds 16,384 columns at most".into()))
}

/// A field that is a whole number written as such (`12`, `-3`; not `007`, `+5` or `1.0`, which
/// are kept as printed), when Excel holds it exactly.
fn integer(s: &str) -> Option<i64> {
    let n: i64 = s.parse().ok()?;
    (n.to_string() == s && n.unsigned_abs() < (1 << 53)).then_some(n)
}

/// Each column as wide as its widest field (a Chinese character counting two), within reason.
fn widths(header: &[String], rows: &[Vec<String>]) -> Vec<f64> {
    let mut widths = vec![0usize; header.len()];
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        if widths.len() < row.len() {
            widths.resize(row.len(), 0);
        }
        for (w, field) in widths.iter_mut().zip(row) {
            *w = (*w).max(field.width());
        }
    }
    widths
        .into_iter()
        .map(|w| (w + 2).clamp(8, 60) as f64)
        .collect()
}

/// A title as a sheet's name: at most 31 characters, none of `[]:*?/\`, not empty.
fn sheet_name(title: &str) -> String {
    let name: String = title
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c if c.is_control() => ' ',
            c => c,
        })
        .take(31)
        .collect();
    let name = name.trim().trim_matches('\'').to_string();
    if name.is_empty() {
        "Sheet1".into()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn sheet() -> Sheet {
        Sheet {
            title: "2024年度 甲县 [看板]".into(),
            header: vec!["机关".into(), "数量".into(), "说明".into()],
            rows: vec![
                vec!["甲县财政局".into(), "12".into(), "有逗号,和\"引号\"".into()],
                vec!["甲县民政局".into(), "007".into(), "=SUM(A1)".into()],
                vec!["甲县教育局".into(), "-3".into(), "".into()],
            ],
        }
    }

    #[test]
    fn csv_has_a_bom_and_quotes_what_it_must() {
        let csv = String::from_utf8(sheet().csv()).unwrap();
        assert!(csv.starts_with('\u{feff}'));
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0], "机关,数量,说明");
        assert_eq!(lines[1], "甲县财政局,12,\"有逗号,和\"\"引号\"\"\"");
        assert_eq!(lines[2], "甲县民政局,007,'=SUM(A1)");
        assert_eq!(lines[3], "甲县教育局,-3,");
        assert_eq!(lines[4], "");
        assert_eq!(lines.len(), 5);
    }

    /// The workbook's one sheet, as stored in its ZIP.
    fn sheet_xml(bytes: &[u8]) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        xml
    }

    #[test]
    fn xlsx_opens_with_a_frozen_bold_header_and_numbers() {
        let bytes = sheet().xlsx().unwrap();
        assert!(bytes.starts_with(b"PK"));
        let xml = sheet_xml(&bytes);
        // The header is frozen: panes split below row 1.
        assert!(xml.contains(r#"ySplit="1""#), "{xml}");
        // 12 and -3 are numbers, 007 stays text (a shared string).
        assert!(xml.contains(r#"<c r="B2"><v>12</v>"#), "{xml}");
        assert!(xml.contains(r#"<c r="B4"><v>-3</v>"#), "{xml}");
        assert!(xml.contains(r#"<c r="B3" t="s">"#), "{xml}");
        // Columns are set wide.
        assert!(xml.contains("<cols>"), "{xml}");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        let mut book = String::new();
        zip.by_name("xl/workbook.xml")
            .unwrap()
            .read_to_string(&mut book)
            .unwrap();
        assert!(book.contains(r#"name="2024年度 甲县 _看板_""#), "{book}");
    }

    #[test]
    fn an_empty_sheet_is_still_a_workbook() {
        let bytes = Sheet::default().xlsx().unwrap();
        assert!(bytes.starts_with(b"PK"));
        assert_eq!(Sheet::default().csv(), "\u{feff}\r\n".as_bytes());
    }

    #[test]
    fn integers_only_as_printed() {
        assert_eq!(integer("12"), Some(12));
        assert_eq!(integer("-3"), Some(-3));
        assert_eq!(integer("007"), None);
        assert_eq!(integer("+5"), None);
        assert_eq!(integer("1.0"), None);
        assert_eq!(integer("2025-01-31"), None);
        assert_eq!(sheet_name(&"长".repeat(40)).chars().count(), 31);
        assert_eq!(sheet_name("  "), "Sheet1");
    }
}
