//! Why a file gave no report, in words a clerk can act on.

use crate::sniff::Format;
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
    /// A format recognised by its content that this version does not read yet.
    Unsupported(Format),
    /// The file could not be opened or read.
    Io(String),
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
                "这是 {}；gongkai 目前只读取文本格式的报告，请先转为文本（如 pdftotext -layout）",
                f.name_zh()
            ),
            ErrorKind::Io(e) => format!("无法读取：{e}"),
        };
        format!("{}: {what}", self.file)
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
                "{}; this version reads reports as text only: convert it first (e.g. pdftotext -layout)",
                f.name_en()
            ),
            ErrorKind::Io(e) => format!("cannot read: {e}"),
        };
        format!("{}: {what}", self.file)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_zh())
    }
}

impl std::error::Error for ReadError {}
