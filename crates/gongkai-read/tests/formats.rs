//! One report in every form it is published in — text, an HTML page in GBK with the template's
//! merged cells, the official DOCX template filled in, and a PDF with Chinese CID fonts — gives
//! the same cells. The reports are built (in `forms`) from the seeds' hand-verified values.

mod common;
mod forms;
mod pdfs;

use forms::{as_docx, as_html, as_lines, as_pdf, as_text, seeds, Seed};

/// The differences between what a form gives and the seed.
fn differences(seed: &Seed, form: &str, bytes: &[u8]) -> Vec<String> {
    let report = match gongkai_read::read(&format!("{}.{form}", seed.name), bytes) {
        Ok(r) => r,
        Err(e) => return vec![format!("{form}: {e}")],
    };
    let mut wrong = Vec::new();
    if report.agency.as_deref() != Some(seed.agency.as_str()) {
        wrong.push(format!("{form}: agency {:?}", report.agency));
    }
    if report.year != Some(seed.year as i32) {
        wrong.push(format!("{form}: year {:?}", report.year));
    }
    for (key, want) in &seed.cells {
        let got = report
            .value(key)
            .and_then(|v| v.number())
            .map(|n| n.to_string());
        if got.as_deref() != Some(want.as_str()) {
            wrong.push(format!("{form}: {key} {got:?} != {want}"));
        }
    }
    if report.cells.len() != seed.cells.len() {
        wrong.push(format!(
            "{form}: {} cells, not {}",
            report.cells.len(),
            seed.cells.len()
        ));
    }
    wrong
}

#[test]
fn one_report_in_every_form_gives_the_same_cells() {
    let mut wrong = Vec::new();
    for seed in seeds() {
        let lines = as_lines(&seed);
        wrong.extend(differences(&seed, "txt", &as_text(&seed)));
        wrong.extend(differences(&seed, "html", &as_html(&seed)));
        wrong.extend(differences(&seed, "docx", &as_docx(&seed)));
        wrong.extend(differences(&seed, "pdf", &as_pdf(&lines, "UniGB-UCS2-H")));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn pdf_cid_fonts_with_and_without_tounicode() {
    let Some(seed) = seeds().into_iter().next() else {
        return;
    };
    let lines = as_lines(&seed);
    for cmap in ["Identity-H", "GBK-EUC-H", "UniGB-UCS2-H"] {
        let wrong = differences(&seed, cmap, &as_pdf(&lines, cmap));
        assert!(wrong.is_empty(), "{cmap}: {}", wrong.join("\n"));
    }
}

#[test]
fn the_html_page_is_gbk_and_read_as_such() {
    let Some(seed) = seeds().into_iter().next() else {
        return;
    };
    let bytes = as_html(&seed);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the page is not UTF-8"
    );
    let r = gongkai_read::read("page.html", &bytes).unwrap();
    assert_eq!(r.source.encoding, "gb18030");
    assert_eq!(r.source.format, gongkai_core::SourceFormat::Html);
    // The footer after the article is not part of section 六.
    assert!(!r.section(6).unwrap().body.contains("版权所有"));
}

#[test]
fn docx_cells_know_their_table_row_and_column() {
    let Some(seed) = seeds().into_iter().next() else {
        return;
    };
    let r = gongkai_read::read("filled.docx", &as_docx(&seed)).unwrap();
    let at = r.cell("t3.new.natural").unwrap().at.unwrap();
    let cell = at.cell.expect("a table cell");
    assert_eq!((cell.table, cell.row), (2, 4));
    assert_eq!(r.source.format, gongkai_core::SourceFormat::Docx);
}

#[test]
fn model_json_reads_back_as_written() {
    // A model with a cell read in doubt stays in doubt when read again: re-reading never makes a
    // guess certain.
    let seed = &seeds()[0];
    let mut report = gongkai_read::read("a.txt", &as_text(seed)).unwrap();
    report.cells[3].certainty = gongkai_core::Certainty::Uncertain(gongkai_core::Inference::Split);
    let json = serde_json::to_vec(&report).unwrap();
    assert_eq!(gongkai_read::detect(&json), gongkai_read::Format::ModelJson);
    let again = gongkai_read::read("a.json", &json).unwrap();
    assert_eq!(again.cells.len(), report.cells.len());
    assert!(!again.cells[3].is_certain());
    assert_eq!(again.cells[3].at, report.cells[3].at);
    assert_eq!(again.source.file, "a.txt", "the source it was read from");
    assert_eq!(again.agency, report.agency);
}

#[test]
fn cells_json_reads_as_a_report() {
    let json =
        r#"{"agency":"某县","year":2022,"template":"2021","cells":{"t3.new.total":21}}"#.as_bytes();
    assert_eq!(gongkai_read::detect(json), gongkai_read::Format::CellsJson);
    let r = gongkai_read::read("c.json", json).unwrap();
    assert_eq!(r.agency.as_deref(), Some("某县"));
    assert_eq!(
        r.value("t3.new.total").unwrap().number().unwrap().as_int(),
        Some(21)
    );
    let e = gongkai_read::read(
        "c.json",
        br#"{"template":"2021","cells":{"t3.new.total":"x"}}"#,
    )
    .unwrap_err();
    assert!(
        e.message_zh().starts_with("c.json: 单元格的值应为数字"),
        "{e}"
    );
    let e = gongkai_read::read("m.json", br#"{"model_version":99}"#).unwrap_err();
    assert!(
        e.message_en().contains("not a valid gongkai model JSON"),
        "{}",
        e.message_en()
    );
}

/// A PDF whose Info dictionary says when it was made: the report's publication date, kept as
/// coming from the file's metadata; a date printed in the text comes first, and a browser's
/// print says nothing of when the page went online.
#[test]
fn a_pdfs_creation_date_is_its_publication_date_unless_the_text_has_one() {
    let Some(seed) = seeds().into_iter().next() else {
        return;
    };
    let lines = as_lines(&seed);
    let with_info = |info: &str, lines: &[Vec<String>]| {
        let bytes = as_pdf(lines, "UniGB-UCS2-H");
        let at = memchr::memmem::rfind(&bytes, b"/Root 1 0 R >>").unwrap() + b"/Root 1 0 R".len();
        [
            &bytes[..at],
            format!(" /Info << {info} >>").as_bytes(),
            &bytes[at..],
        ]
        .concat()
    };
    let read = |bytes: &[u8]| gongkai_read::read("dated.pdf", bytes).unwrap();
    let r = read(&with_info(
        "/Producer (WPS) /CreationDate (D:20240125093000+08'00') /ModDate (D:20240301100000+08'00')",
        &lines,
    ));
    assert_eq!(r.published.as_deref(), Some("2024-01-25"));
    assert_eq!(
        r.published_from,
        Some(gongkai_core::DateSource::PdfMetadata)
    );
    // In UTC, late at night: the next day in Beijing. With no CreationDate, the ModDate.
    let r = read(&with_info("/ModDate (D:20240131170000Z)", &lines));
    assert_eq!(r.published.as_deref(), Some("2024-02-01"));
    // Printed by a browser.
    let r = read(&with_info(
        "/Producer (Skia/PDF m120) /CreationDate (D:20250601000000+00'00')",
        &lines,
    ));
    assert_eq!(r.published, None);
    // The text's own date first.
    let mut printed = lines.clone();
    printed.insert(1, vec!["发布日期：2024-01-20".to_string()]);
    let r = read(&with_info("/CreationDate (D:20240125093000)", &printed));
    assert_eq!(
        (r.published.as_deref(), r.published_from),
        (Some("2024-01-20"), Some(gongkai_core::DateSource::Page))
    );
}
