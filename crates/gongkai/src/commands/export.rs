//! `gongkai export`: every current cell of the store as CSV, JSON lines, a workbook or Parquet.

use crate::args::{ExportArgs, ExportFormat};
use crate::atomic::{destination, AtomicFile, Replace};
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::store;
use gongkai_store::{query, Db, DbError};
use std::io::Write;
use std::path::Path;

pub fn run(args: ExportArgs, _cx: &Context) -> Result<ExitStatus, CliError> {
    let mut db = store::open(&args.db.db)?;
    let binary = matches!(args.format, ExportFormat::Xlsx | ExportFormat::Parquet);
    if binary && args.output.is_none() {
        return Err(CliError::new(
            "导出 XLSX 或 Parquet 需要用 -o 指定文件",
            "an XLSX or Parquet export needs -o FILE",
        ));
    }
    let replace = Replace::forced(args.force);
    if let Some(path) = &args.output {
        let ext: &[&str] = match args.format {
            ExportFormat::Csv => &["csv"],
            ExportFormat::Json => &["jsonl", "json", "ndjson"],
            ExportFormat::Xlsx => &["xlsx"],
            ExportFormat::Parquet => &["parquet"],
        };
        destination(path, ext, replace)?;
    }
    let mut file = args
        .output
        .as_deref()
        .map(|p| AtomicFile::create(p, replace))
        .transpose()
        .map_err(|e| CliError::writing(args.output.as_deref().unwrap_or(Path::new("-")), e))?;
    let written = match &mut file {
        Some(f) => write_export(&mut db, args.format, f),
        None => write_export(&mut db, args.format, &mut std::io::stdout()),
    };
    written.map_err(|e| match (e, args.output.as_deref()) {
        (Export::Db(e), _) => e.into(),
        (Export::Write(e), None) => CliError::writing_stdout(e),
        (Export::Write(e), Some(path)) => CliError::writing(path, e),
        (Export::Make(e), path) => CliError::writing(path.unwrap_or(Path::new("-")), e),
    })?;
    if let Some(f) = file {
        f.commit()?;
    }
    Ok(ExitStatus::Success)
}

/// Why an export stopped.
enum Export {
    Db(DbError),
    /// Writing the output failed.
    Write(std::io::Error),
    /// The output could not be made.
    Make(String),
}

/// Writes every current cell of the store, streamed from the database as it is read (XLSX
/// excepted: a workbook is made whole).
fn write_export(
    db: &mut Db,
    format: ExportFormat,
    out: &mut (impl Write + Send),
) -> Result<(), Export> {
    // An I/O error inside the row callback is carried out through the store's error type
    // and told apart again here.
    let mut io_error: Option<std::io::Error> = None;
    let mut keep = |r: std::io::Result<()>| -> Result<(), DbError> {
        r.map_err(|e| {
            io_error = Some(e);
            DbError("write".into())
        })
    };
    let result = match format {
        ExportFormat::Csv => {
            let mut out = std::io::BufWriter::new(out);
            let head = out.write_all("\u{feff}agency,year,key,value\r\n".as_bytes());
            keep(head)
                .and_then(|()| {
                    query::each_cell(db, |(agency, year, key, v)| {
                        keep(write!(
                            out,
                            "{},{year},{key},{}\r\n",
                            gongkai_render::csv::field(&agency),
                            v.map_or(String::new(), |v| format!("{v}"))
                        ))
                    })
                })
                .and_then(|()| keep(out.flush()))
        }
        ExportFormat::Json => {
            let mut out = std::io::BufWriter::new(out);
            query::each_cell(db, |(agency, year, key, v)| {
                let row =
                    serde_json::json!({"agency": agency, "year": year, "key": key, "value": v});
                keep(serde_json::to_writer(&mut out, &row).map_err(std::io::Error::from))?;
                keep(out.write_all(b"\n"))
            })
            .and_then(|()| keep(out.flush()))
        }
        ExportFormat::Parquet => {
            let mut sheet =
                gongkai_render::parquet::Long::new(out).map_err(|e| Export::Make(e.to_string()))?;
            let mut failed = None;
            let rows = query::each_cell(db, |(agency, year, key, v)| {
                sheet.push(&agency, year, &key, v).map_err(|e| {
                    failed = Some(e.to_string());
                    DbError("write".into())
                })
            });
            if let Some(e) = failed {
                return Err(Export::Make(e));
            }
            rows.and_then(|()| {
                sheet
                    .finish()
                    .map(|_| ())
                    .map_err(|e| DbError(e.to_string()))
            })
        }
        ExportFormat::Xlsx => {
            let cells = query::cells(db).map_err(Export::Db)?;
            let bytes =
                gongkai_render::xlsx::long(&cells).map_err(|e| Export::Make(e.to_string()))?;
            keep(out.write_all(&bytes))
        }
    };
    match (result, io_error) {
        (_, Some(e)) => Err(Export::Write(e)),
        (Err(e), None) => Err(Export::Db(e)),
        (Ok(()), None) => Ok(()),
    }
}
