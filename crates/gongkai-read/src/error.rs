//! Why a file gave no report, in words a clerk can act on.

use crate::sniff::Format;
use gongkai_core::printable;
use std::fmt;

/// What is wrong with an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file is empty.
    Empty,
    /// The file is not text (and not a format gongkai reads).
    Binary,
    /// No statistical table was found.
    NoTable,
    /// A report for 2018 or earlier: those follow no common table format.
    TooOld(i32),
    /// A format recognised by its content that gongkai does not read (a ZIP that is not a
    /// Word document).
    Unsupported(Format),
    /// The input is larger than the limit (bytes, limit).
    TooLarge(u64, u64),
    /// A ZIP whose entries would expand past the limit (bytes, limit).
    ZipBomb(u64),
    /// A PDF with pages but no text: a scan.
    Scanned,
    /// A DOCX or PDF whose structure could not be read, with what was wrong in Chinese and in
    /// English (a parser's own message is the same in both).
    Damaged { zh: String, en: String },
    /// Reading took longer than the limit (seconds).
    Timeout(u64),
    /// The file, once read, would hold more than one of the reader's budgets allows (what is
    /// counted, the budget): a grid spread over more cells, a line or a text longer, a page of
    /// more elements than any report's. Its bytes may be few; what they expand to is refused.
    OverBudget(Budget, u64),
    /// A workbook whose formulas were saved without their results (written by a program that
    /// does not calculate): how many formula cells hold no value.
    Uncomputed(u64),
    /// A JSON document that is not a gongkai model or cells JSON, with what is wrong.
    Json { zh: String, en: String },
    /// The file could not be opened or read: why, in Chinese and in English (the system's own
    /// words are the same in both).
    Io { zh: String, en: String },
}

impl ErrorKind {
    /// A damaged file, said in both languages.
    pub fn damaged(zh: impl Into<String>, en: impl Into<String>) -> ErrorKind {
        ErrorKind::Damaged {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// A damaged file, with a parser's message (the same in both languages).
    pub fn damaged_by(what: impl std::fmt::Display) -> ErrorKind {
        let s = what.to_string();
        ErrorKind::damaged(s.clone(), s)
    }
}

/// What a reader's budget counts (see [`crate::Limits`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// The cells of one grid once merged cells are spread out: a table of an HTML page or a
    /// Word document, a sheet of a workbook ([`crate::Limits::max_cells`]).
    Cells,
    /// The characters of one line ([`crate::Limits::max_line_chars`]).
    LineChars,
    /// The elements of an HTML page ([`crate::Limits::max_elements`]).
    Elements,
    /// The characters of a whole document ([`crate::Limits::max_text_chars`]).
    TextChars,
}

/// A file that gave no report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub file: String,
    pub kind: ErrorKind,
}

impl ReadError {
    pub fn new(file: &str, kind: ErrorKind) -> ReadError {
        ReadError {
            file: file.to_string(),
            kind,
        }
    }

    /// The message in both languages.
    pub fn message(&self) -> gongkai_core::Text {
        gongkai_core::Text::new(self.message_zh(), self.message_en())
    }

    /// The message in Chinese.
    pub fn message_zh(&self) -> String {
        let what = match &self.kind {
            ErrorKind::Empty => "文件是空的".to_string(),
            ErrorKind::Binary => {
                "不是文本文件（二进制数据），也不是 gongkai 能读的格式".to_string()
            }
            ErrorKind::NoTable => {
                "没有找到统计表：这不是政府信息公开工作年度报告，或者它的表格无法识别".to_string()
            }
            ErrorKind::TooOld(y) => format!(
                "这是 {y} 年度的报告；2018 年及以前的年度报告没有统一的表格格式，gongkai 不读取"
            ),
            ErrorKind::Unsupported(f) => format!(
                "这是 {}，不是 gongkai 能读的报告格式（文本、HTML 网页、Word DOCX、PDF）",
                f.name_zh()
            ),
            ErrorKind::TooLarge(size, limit) => format!(
                "文件有 {} MB，超过了 {} MB 的上限（可用 --max-size 调整）",
                mb(*size),
                mb(*limit)
            ),
            ErrorKind::ZipBomb(limit) => format!(
                "压缩的内容解压后会超过 {} MB，可能是恶意文件，已停止读取",
                mb(*limit)
            ),
            ErrorKind::Scanned => "没有文字层（扫描件），暂不支持 OCR".to_string(),
            ErrorKind::Damaged { zh, .. } => format!("文件已损坏或结构无法识别：{zh}"),
            ErrorKind::Timeout(s) => format!("读取超过 {s} 秒仍未完成，已停止"),
            ErrorKind::OverBudget(Budget::Cells, n) => format!(
                "有一个表格展开合并单元格后超过 {n} 个单元格（单元格预算），不像是一份报告，已停止读取"
            ),
            ErrorKind::OverBudget(Budget::LineChars, n) => format!(
                "有一行超过 {n} 个字符（每行文字预算），不像是一份报告，已停止读取"
            ),
            ErrorKind::OverBudget(Budget::TextChars, n) => format!(
                "全文超过 {n} 个字符（全文文字预算），不像是一份报告，已停止读取"
            ),
            ErrorKind::OverBudget(Budget::Elements, n) => format!(
                "网页有超过 {n} 个元素（网页元素预算），不像是一份报告，已停止读取"
            ),
            ErrorKind::Uncomputed(n) => format!(
                "工作簿中有 {n} 个公式没有保存计算结果：请在 Excel 或 WPS 中打开它，重新计算（F9）并保存后再读取"
            ),
            ErrorKind::Json { zh, .. } => zh.clone(),
            ErrorKind::Io { zh, .. } => format!("无法读取：{zh}"),
        };
        // The name and a parser's words are printed on terminals: nothing in them may pass
        // for gongkai's own lines.
        printable(&format!("{}: {what}", self.file)).into_owned()
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        let what = match &self.kind {
            ErrorKind::Empty => "the file is empty".to_string(),
            ErrorKind::Binary => "not a text file (binary data), nor a format gongkai reads".to_string(),
            ErrorKind::NoTable => "no statistical table found: not an annual disclosure report, or its tables could not be recognised".to_string(),
            ErrorKind::TooOld(y) => format!(
                "a report for {y}; reports for 2018 and earlier follow no common table format and are not read"
            ),
            ErrorKind::Unsupported(f) => format!(
                "{}, not a report format gongkai reads (text, HTML, Word DOCX, PDF)",
                f.name_en()
            ),
            ErrorKind::TooLarge(size, limit) => format!(
                "the file is {} MB, over the {} MB limit (see --max-size)",
                mb(*size),
                mb(*limit)
            ),
            ErrorKind::ZipBomb(limit) => format!(
                "the compressed content would expand past {} MB; reading stopped (possibly a hostile file)",
                mb(*limit)
            ),
            ErrorKind::Scanned => "no text layer (scanned), OCR not supported yet".to_string(),
            ErrorKind::Damaged { en, .. } => {
                format!("the file is damaged or its structure unreadable: {en}")
            }
            ErrorKind::Timeout(s) => format!("reading took over {s} seconds and was stopped"),
            ErrorKind::OverBudget(Budget::Cells, n) => format!(
                "a table spreads over more than {n} cells once its merged cells are counted (the cell budget): not a report; reading stopped"
            ),
            ErrorKind::OverBudget(Budget::LineChars, n) => format!(
                "a line is longer than {n} characters (the budget per line): not a report; reading stopped"
            ),
            ErrorKind::OverBudget(Budget::TextChars, n) => format!(
                "the text is longer than {n} characters (the budget per document): not a report; reading stopped"
            ),
            ErrorKind::OverBudget(Budget::Elements, n) => format!(
                "the page holds more than {n} elements (the budget of a page's elements): not a report; reading stopped"
            ),
            ErrorKind::Uncomputed(n) => format!(
                "{n} formulas of the workbook were saved without their results: open it in Excel or WPS, recalculate (F9), save, and read it again"
            ),
            ErrorKind::Json { en, .. } => en.clone(),
            ErrorKind::Io { en, .. } => format!("cannot read: {en}"),
        };
        // The name and a parser's words are printed on terminals: nothing in them may pass
        // for gongkai's own lines.
        printable(&format!("{}: {what}", self.file)).into_owned()
    }
}

/// Megabytes, rounded up to a tenth.
fn mb(bytes: u64) -> String {
    let tenths = bytes.div_ceil(104_858);
    format!("{}.{}", tenths / 10, tenths % 10)
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_zh())
    }
}

impl std::error::Error for ReadError {}
