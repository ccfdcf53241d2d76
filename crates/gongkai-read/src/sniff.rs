//! Telling a file's format from its content, never from its name.

/// Formats recognised by their content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Pdf,
    /// A ZIP container: a Word document (DOCX) when it holds `word/document.xml`, else an
    /// archive gongkai does not read (XLSX, …).
    Zip,
}

impl Format {
    pub fn name_zh(self) -> &'static str {
        match self {
            Format::Text => "文本",
            Format::Html => "HTML 网页",
            Format::Pdf => "PDF 文件",
            Format::Zip => "ZIP 压缩包（既不是 Word 文档也不是 Excel 工作簿）",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "an HTML page",
            Format::Pdf => "a PDF file",
            Format::Zip => "a ZIP archive (neither a Word document nor an Excel workbook)",
        }
    }
}

/// The format of raw bytes: PDF and ZIP by their magic bytes.
pub fn sniff_bytes(bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        Format::Pdf
    } else if bytes.starts_with(b"PK\x03\x04") {
        Format::Zip
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
        assert_eq!(sniff_bytes(b"%PDF-1.7\n1 0 obj"), Format::Pdf);
        assert_eq!(sniff_bytes(b"PK\x03\x04\x14\0"), Format::Zip);
        assert_eq!(sniff_bytes("规章\t0".as_bytes()), Format::Text);
        assert!(is_html("  <!DOCTYPE html><html><body>"));
        assert!(is_html("<meta charset=gbk><TABLE><tr><td>规章"));
        assert!(!is_html("规章 <html> 出现在正文里"));
        assert!(!is_html("<本列数据的勾稽关系>"));
    }
}
