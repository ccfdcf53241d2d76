//! Reading inputs: a path, or `-` for standard input, under the size limit.

use gongkai_core::Report;
use gongkai_read::{ErrorKind, Limits, ReadError};
use std::io::{self, Read};

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
    read.map_err(|e| ReadError::new(file, ErrorKind::Io(io_reason(&e))))?;
    Ok(bytes)
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "文件不存在 / no such file".to_string(),
        io::ErrorKind::PermissionDenied => "没有读取权限 / permission denied".to_string(),
        io::ErrorKind::IsADirectory => "这是一个目录 / is a directory".to_string(),
        _ => e.to_string(),
    }
}
