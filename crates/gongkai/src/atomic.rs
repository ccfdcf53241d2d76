//! Files written whole or not at all: a temporary file beside the destination, moved into
//! place when complete, so an interrupted run never leaves half a document; and an existing
//! file replaced only when asked (`--force`), so a filled-in form is never lost to a command
//! run twice.

use crate::error::CliError;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Whether a file already at the destination may be replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replace {
    Never,
    Allowed,
}

impl Replace {
    pub fn forced(force: bool) -> Replace {
        if force {
            Replace::Allowed
        } else {
            Replace::Never
        }
    }
}

/// Checks a destination before any work: its extension must be one of the format's (a DOCX
/// is not written under an `.xlsx` name), and a file already there is replaced only when
/// `replace` allows it.
pub fn destination(path: &Path, extensions: &[&str], replace: Replace) -> Result<(), CliError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !extensions.contains(&ext.as_str()) {
        let want = extensions.join("、");
        return Err(CliError::new(
            format!("{}：扩展名应为 .{want}，与输出格式一致", path.display()),
            format!(
                "{}: the name should end in .{}, as the output format",
                path.display(),
                extensions.join(" or .")
            ),
        ));
    }
    if replace == Replace::Never && path.exists() {
        return Err(exists(path));
    }
    Ok(())
}

fn exists(path: &Path) -> CliError {
    CliError::new(
        format!("已有文件 {}；要覆盖它请加 --force", path.display()),
        format!("{} exists; add --force to replace it", path.display()),
    )
}

/// Writes a file whole: a temporary file beside it, flushed to disk, moved into place.
pub fn write_atomic(path: &Path, bytes: &[u8], replace: Replace) -> Result<(), CliError> {
    let mut f = AtomicFile::create(path, replace).map_err(|e| CliError::writing(path, e))?;
    f.write_all(bytes).map_err(|e| CliError::writing(path, e))?;
    f.commit()
}

/// A file written beside its destination and renamed into place when complete, so that the
/// destination holds the old file or the whole new one, never a part: a crash or an error
/// midway leaves no partial output. Dropped without [`commit`](AtomicFile::commit), it is
/// removed.
pub struct AtomicFile {
    file: Option<std::io::BufWriter<std::fs::File>>,
    tmp: PathBuf,
    path: PathBuf,
    replace: Replace,
}

impl AtomicFile {
    pub fn create(path: &Path, replace: Replace) -> std::io::Result<AtomicFile> {
        let name = path
            .file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let file = std::fs::File::create(&tmp)?;
        Ok(AtomicFile {
            file: Some(std::io::BufWriter::new(file)),
            tmp,
            path: path.to_path_buf(),
            replace,
        })
    }

    /// Flushes the file to disk and moves it into place. Where nothing may be replaced, the
    /// move is a hard link, which fails when a file has appeared there meanwhile (another
    /// process's), and the temporary name is then removed.
    pub fn commit(mut self) -> Result<(), CliError> {
        let file = self.file.take().expect("committed once");
        let flushed = file
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.sync_all());
        let done = flushed.and_then(|()| match self.replace {
            Replace::Allowed => std::fs::rename(&self.tmp, &self.path),
            Replace::Never => std::fs::hard_link(&self.tmp, &self.path),
        });
        let _ = std::fs::remove_file(&self.tmp);
        done.map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => exists(&self.path),
            _ => CliError::writing(&self.path, e),
        })
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.as_mut().expect("not committed").write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.as_mut().expect("not committed").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}
