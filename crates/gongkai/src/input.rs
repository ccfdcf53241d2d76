//! Reading inputs: the files named (folders walked, patterns expanded here, as Windows shells
//! do not), each a path or `-` for standard input, read under the size limit.

use crate::error::CliError;
use gongkai_core::Report;
use gongkai_read::{ErrorKind, Limits, ReadError};
use std::io::{self, Read};

/// The files the arguments name, in a stable order: a file as it is; a folder's files,
/// recursively (hidden files and `.expected.json` answers left out); a pattern's matches
/// (`*.pdf`, `报告/**/*.docx`), which must be some. A name that is none of these is kept, for
/// reading to say it is not there.
pub fn expand(args: &[String]) -> Result<Vec<String>, CliError> {
    let mut out = Vec::new();
    for arg in args {
        let path = std::path::Path::new(arg);
        if arg == "-" || path.is_file() {
            out.push(arg.clone());
        } else if path.is_dir() {
            let found = listed(&[path.to_path_buf()]);
            if found.is_empty() {
                return Err(CliError::new(
                    format!("文件夹 {arg} 中没有文件"),
                    format!("the folder {arg} holds no files"),
                ));
            }
            out.extend(found);
        } else if arg.contains(['*', '?', '[']) {
            let matched = matches(arg)?;
            if matched.is_empty() {
                return Err(CliError::new(
                    format!("没有文件与「{arg}」匹配"),
                    format!("no file matches “{arg}”"),
                ));
            }
            out.extend(listed(&matched));
        } else {
            out.push(arg.clone());
        }
    }
    Ok(out)
}

/// A pattern's matches, sorted.
fn matches(pattern: &str) -> Result<Vec<std::path::PathBuf>, CliError> {
    let paths = glob::glob(pattern).map_err(|e| {
        CliError::new(
            format!("「{pattern}」不是有效的通配模式：{}", e.msg),
            format!("“{pattern}” is not a valid pattern: {}", e.msg),
        )
    })?;
    let mut found: Vec<_> = paths.flatten().collect();
    found.sort();
    Ok(found)
}

fn listed(paths: &[std::path::PathBuf]) -> Vec<String> {
    gongkai_store::import::files(paths)
        .into_iter()
        .map(|p| p.display().to_string())
        .collect()
}

/// Reads one input as a report.
pub fn read_report(file: &str, limits: &Limits) -> Result<Report, ReadError> {
    gongkai_read::read_with(file, &read_input(file, limits)?, limits).map(|r| r.report)
}

/// The bytes of one input: a path, or `-` for standard input.
///
/// No more than one byte past the limit is read, so that a huge input is refused without being
/// held in memory; the reader then says it is too large.
pub fn read_input(file: &str, limits: &Limits) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    let cap = limits.max_input.saturating_add(1);
    let read = if file == "-" {
        io::stdin()
            .lock()
            .take(cap)
            .read_to_end(&mut bytes)
            .map(|_| ())
    } else {
        // A file's size is known before reading: one too large is refused with its real size,
        // unread.
        let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
        if size > limits.max_input {
            return Err(ReadError::new(
                file,
                ErrorKind::TooLarge(size, limits.max_input),
            ));
        }
        std::fs::File::open(file).and_then(|f| f.take(cap).read_to_end(&mut bytes).map(|_| ()))
    };
    read.map_err(|e| ReadError::new(file, io_reason(&e)))?;
    Ok(bytes)
}

/// Why a file could not be read, in both languages.
fn io_reason(e: &io::Error) -> ErrorKind {
    let (zh, en) = match e.kind() {
        io::ErrorKind::NotFound => ("文件不存在".to_string(), "no such file".to_string()),
        io::ErrorKind::PermissionDenied => {
            ("没有读取权限".to_string(), "permission denied".to_string())
        }
        io::ErrorKind::IsADirectory => ("这是一个文件夹".to_string(), "is a folder".to_string()),
        _ => (e.to_string(), e.to_string()),
    };
    ErrorKind::Io { zh, en }
}
