//! Telling a file's format from its content, never from its name.

/// Formats recognised by their content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text in any of TEMPLATE.md's layouts (crawler text, `pdftotext`, one cell per line).
    Text,
    /// Markdown with pipe tables.
    Markdown,
    Html,
    Docx,
    Xlsx,
    Pdf,
    /// The cells JSON of CELLS.md (`--format cells`).
    CellsJson,
    /// The model JSON of `--format json`.
    ModelJson,
    /// A ZIP container that is neither a Word document nor a workbook: not read.
    Zip,
}

impl Format {
    pub fn name_zh(self) -> &'static str {
        match self {
            Format::Text => "文本",
            Format::Markdown => "Markdown 文本",
            Format::Html => "HTML 网页",
            Format::Docx => "Word 文档",
            Format::Xlsx => "Excel 工作簿",
            Format::Pdf => "PDF 文件",
            Format::CellsJson => "单元格 JSON",
            Format::ModelJson => "模型 JSON",
            Format::Zip => "ZIP 压缩包（既不是 Word 文档也不是 Excel 工作簿）",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "Markdown text",
            Format::Html => "an HTML page",
            Format::Docx => "a Word document",
            Format::Xlsx => "an Excel workbook",
            Format::Pdf => "a PDF file",
            Format::CellsJson => "a cells JSON",
            Format::ModelJson => "a model JSON",
            Format::Zip => "a ZIP archive (neither a Word document nor an Excel workbook)",
        }
    }
}

/// How much of a text [`detect`] decodes to tell HTML and Markdown from plain text.
const HEAD: usize = 64 << 10;

/// The one place a file's format is decided, from its content, never from its name: PDF and
/// ZIP by their magic bytes (a ZIP by the part names it lists), JSON by its first character
/// and whether it names its `model_version`, HTML and Markdown by the decoded text.
pub fn detect(bytes: &[u8]) -> Format {
    binary(bytes).unwrap_or_else(|| match crate::decode(&bytes[..bytes.len().min(HEAD)]) {
        Ok(decoded) => of_text(&decoded.text),
        // Text that does not decode is told apart by the reader, which says why.
        Err(_) => Format::Text,
    })
}

/// The formats told by their bytes alone; `None` for text, which is told once decoded
/// ([`of_text`]): the reader decodes a text once, for both.
pub(crate) fn binary(bytes: &[u8]) -> Option<Format> {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Some(Format::Pdf);
    }
    let has = |name: &[u8]| memchr::memmem::find(bytes, name).is_some();
    if bytes.starts_with(b"PK\x03\x04") {
        // Part names are stored as they are, in the local headers and the central directory.
        return Some(if has(b"word/document.xml") {
            Format::Docx
        } else if has(b"xl/workbook.xml") {
            Format::Xlsx
        } else {
            Format::Zip
        });
    }
    if crate::json::is_json(bytes) {
        // The model's first field; a cells JSON never names it.
        return Some(if has(b"\"model_version\"") {
            Format::ModelJson
        } else {
            Format::CellsJson
        });
    }
    None
}

/// The format of a decoded text: HTML markup, Markdown with pipe tables, or plain text.
pub(crate) fn of_text(text: &str) -> Format {
    if is_html(text) {
        Format::Html
    } else if crate::markdown::is_markdown(text) {
        Format::Markdown
    } else {
        Format::Text
    }
}

/// Whether decoded text is HTML markup: a doctype or an `<html>`, `<head>`, `<body>` or
/// `<table>` element near the start.
pub fn is_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    let start = head.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    start.starts_with('<')
        && ["<!doctype html", "<html", "<head", "<body", "<table"]
            .iter()
            .any(|t| head.contains(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_content() {
        assert_eq!(detect(b"%PDF-1.7\n1 0 obj"), Format::Pdf);
        assert_eq!(detect(b"PK\x03\x04\x14\0"), Format::Zip);
        assert_eq!(detect(b"PK\x03\x04\x14\0word/document.xml"), Format::Docx);
        assert_eq!(detect(b"PK\x03\x04\x14\0xl/workbook.xml"), Format::Xlsx);
        assert_eq!(detect("规章\t0".as_bytes()), Format::Text);
        assert_eq!(detect("<html><body><table>".as_bytes()), Format::Html);
        assert_eq!(
            detect("|a|b|\n|---|---|\n|1|2|".as_bytes()),
            Format::Markdown
        );
        assert_eq!(
            detect(br#"{"template":"2021","cells":{}}"#),
            Format::CellsJson
        );
        assert_eq!(
            detect(br#" {"template":"2021","cells":[]}"#),
            Format::CellsJson
        );
        assert_eq!(
            detect(br#"{"model_version":1,"cells":[]}"#),
            Format::ModelJson
        );
        assert!(is_html("  <!DOCTYPE html><html><body>"));
        assert!(is_html("<meta charset=gbk><TABLE><tr><td>规章"));
        assert!(!is_html("规章 <html> 出现在正文里"));
        assert!(!is_html("<本列数据的勾稽关系>"));
    }
}
