//! Importing files and folders: read, checked and serialised in parallel on every core while
//! the previous batch is written, one transaction per batch.

use crate::db::{Db, DbError, Val};
use crate::peers::{mark_stale, Group};
use crate::{organ, peers};
use gongkai_check::{Finding, Selection};
use gongkai_core::date::Date;
use gongkai_core::{DateSource, Report, Text};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What became of one file.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// A new report, or the first of its organ and year.
    Imported,
    /// The same bytes were imported before.
    Unchanged,
    /// A new version of a report already in the store.
    Replaced,
    /// The file could not be read as a report, and why.
    Failed(Text),
}

/// The files of an import and what became of each.
#[derive(Clone, Debug)]
pub struct Summary {
    pub files: Vec<(PathBuf, Outcome)>,
    /// The peer groups compared again (P101), and the outliers they now hold.
    pub peers: (usize, usize),
}

impl Summary {
    pub fn count(&self, want: fn(&Outcome) -> bool) -> usize {
        self.files.iter().filter(|(_, o)| want(o)).count()
    }
}

/// Every file named and every file under the folders named (recursively), in a stable order.
/// In folders, hidden files and `.expected.json` fixtures (a test corpus's answers) are left
/// out; a report's model or cells JSON is read as a report.
pub fn files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack: Vec<(PathBuf, bool)> = paths.iter().map(|p| (p.clone(), true)).collect();
    while let Some((p, named)) = stack.pop() {
        if p.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&p) {
                stack.extend(entries.flatten().map(|e| (e.path(), false)));
            }
        } else {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if named || !(name.starts_with('.') || name.ends_with(".expected.json")) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A file read, hashed, checked and serialised, ready to be stored: all of it is done on the
/// reading threads, so that the writer only writes.
struct Parsed {
    hash: String,
    report: Result<Prepared, Text>,
}

/// A report with what the store keeps beside it.
struct Prepared {
    report: Report,
    findings: Vec<Finding>,
    /// The report deflated, for the `packed` column.
    packed: Vec<u8>,
    /// The lines it was read from, deflated, for the `source` column.
    source: Vec<u8>,
}

impl Prepared {
    fn new(reading: gongkai_read::Reading, given: Option<Date>) -> Result<Prepared, Text> {
        let mut report = reading.report;
        if let Some(date) = given {
            report.published = Some(date.to_string());
            report.published_from = Some(DateSource::Given);
        }
        let findings = gongkai_check::check(&report, None, &Selection::default());
        let packed = crate::model::pack(&report).map_err(|e| {
            Text::new(
                format!("无法保存报告：{e}"),
                format!("cannot store the report: {e}"),
            )
        })?;
        Ok(Prepared {
            report,
            findings,
            packed,
            source: crate::stored::deflate(&reading.lines),
        })
    }
}

fn parse(path: &Path, given: Option<Date>) -> Parsed {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return Parsed {
                hash: String::new(),
                report: Err(Text::new(
                    format!("{}: 无法读取：{e}", path.display()),
                    format!("{}: cannot read: {e}", path.display()),
                )),
            }
        }
    };
    let hash = format!("{:x}", Sha256::digest(&bytes));
    let report = gongkai_read::read_with(&path.display().to_string(), &bytes, &Default::default())
        .map_err(|e| e.message())
        .and_then(|r| Prepared::new(r, given));
    Parsed { hash, report }
}

/// Files read ahead of the writer: two batches at most wait in memory, so that it stays flat
/// however many files there are.
const BATCH: usize = 128;

/// Imports files: reads them in parallel while the batch before is written, each batch in
/// one transaction. `progress` is called after each file with the number done.
///
/// An import killed midway leaves the batches written before it whole and nothing of the
/// one it was writing; importing again skips what is stored (by content hash) and completes
/// the rest.
pub fn import(
    db: &mut Db,
    paths: &[PathBuf],
    progress: impl FnMut(usize, usize),
) -> Result<Summary, DbError> {
    import_dated(db, paths, &Given::default(), progress)
}

/// Publication dates given at import (`gongkai import --published`, `--dates`), by file: a
/// date is the file's whose path is written as given, or, failing that, whose name it is.
/// Each is kept as the report's `published` date (from [`DateSource::Given`]), over what the
/// page says. A file whose bytes are stored already is left as it was stored.
#[derive(Clone, Debug, Default)]
pub struct Given(HashMap<String, Date>);

impl Given {
    /// One file's date.
    pub fn one(path: &Path, date: Date) -> Given {
        Given(HashMap::from([(path.display().to_string(), date)]))
    }

    /// A CSV of `file,date` lines (`2023/某局.pdf,2024-01-25`); a header line `file,date`,
    /// blank lines and lines starting with `#` are skipped. The error names the line.
    pub fn parse(text: &str) -> Result<Given, Text> {
        let mut dates = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim().trim_start_matches('\u{feff}');
            if line.is_empty() || line.starts_with('#') || (i == 0 && line == "file,date") {
                continue;
            }
            let date = line
                .rsplit_once([',', '，'])
                .and_then(|(file, date)| Some((file.trim(), Date::parse(date)?)))
                .filter(|(file, _)| !file.is_empty());
            let Some((file, date)) = date else {
                return Err(Text::new(
                    format!("日期文件第 {} 行「{line}」应写作「文件,YYYY-MM-DD」", i + 1),
                    format!(
                        "line {} of the dates file, “{line}”, should read “file,YYYY-MM-DD”",
                        i + 1
                    ),
                ));
            };
            dates.insert(file.to_string(), date);
        }
        Ok(Given(dates))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn of(&self, path: &Path) -> Option<Date> {
        self.0
            .get(&path.display().to_string())
            .copied()
            .or_else(|| {
                let name = path.file_name()?.to_string_lossy();
                self.0.get(name.as_ref()).copied()
            })
    }
}

/// As [`import`], with the publication dates given for some of the files.
pub fn import_dated(
    db: &mut Db,
    paths: &[PathBuf],
    given: &Given,
    mut progress: impl FnMut(usize, usize),
) -> Result<Summary, DbError> {
    let files = files(paths);
    let total = files.len();
    let mut summary = Summary {
        files: Vec::new(),
        peers: (0, 0),
    };
    let (batches, received) = std::sync::mpsc::sync_channel::<Vec<Parsed>>(1);
    std::thread::scope(|scope| {
        let files = &files;
        scope.spawn(move || {
            for chunk in files.chunks(BATCH) {
                let parsed: Vec<Parsed> = chunk.par_iter().map(|p| parse(p, given.of(p))).collect();
                if batches.send(parsed).is_err() {
                    // The writer stopped on an error: read no further.
                    return;
                }
            }
        });
        let mut paths = files.iter();
        for batch in received {
            // Run again whole if it meets another writer: it only reads the batch.
            let outcomes = db.transaction(|db| {
                batch
                    .iter()
                    .map(|p| match &p.report {
                        Err(why) => Ok(Outcome::Failed(why.clone())),
                        Ok(prepared) => write(db, prepared, &p.hash),
                    })
                    .collect::<Result<Vec<Outcome>, DbError>>()
            })?;
            for outcome in outcomes {
                let path = paths.next().expect("one outcome per file");
                summary.files.push((path.clone(), outcome));
                progress(summary.files.len(), total);
            }
        }
        Ok::<(), DbError>(())
    })?;
    summary.peers = peers::refresh(db)?;
    Ok(summary)
}

/// Writes one report, its cells and its findings, within the caller's transaction.
fn write(db: &mut Db, prepared: &Prepared, hash: &str) -> Result<Outcome, DbError> {
    let Prepared {
        report,
        findings,
        packed,
        source,
    } = prepared;
    if !db
        .query("SELECT id FROM reports WHERE hash = $1", &[hash.into()])?
        .is_empty()
    {
        return Ok(Outcome::Unchanged);
    }
    let Some(name) = report.agency.clone() else {
        return Ok(Outcome::Failed(Text::new(
            "没有读出机关名称",
            "no agency could be read",
        )));
    };
    let Some(year) = report.year else {
        return Ok(Outcome::Failed(Text::new(
            "没有读出年度",
            "no year could be read",
        )));
    };
    let o = organ::organ(&name);
    let organ_id = organ_id(db, &o)?;
    let previous = db.query(
        "SELECT MAX(version) FROM reports WHERE organ_id = $1 AND year = $2",
        &[organ_id.into(), (year as i64).into()],
    )?;
    let last = previous.first().and_then(|r| r[0].int());
    let version = last.map_or(1, |v| v + 1);
    db.execute(
        "UPDATE reports SET current = 0 WHERE organ_id = $1 AND year = $2",
        &[organ_id.into(), (year as i64).into()],
    )?;
    db.execute(
        "INSERT INTO reports (organ_id, year, version, current, hash, file, format, template, model, packed, source)
         VALUES ($1, $2, $3, 1, $4, $5, $6, $7, '', $8, $9)",
        &[
            organ_id.into(),
            (year as i64).into(),
            version.into(),
            hash.into(),
            report.source.file.clone().into(),
            format!("{:?}", report.source.format).to_lowercase().into(),
            report.template.as_str().into(),
            Val::Bytes(packed.clone()),
            Val::Bytes(source.clone()),
        ],
    )?;
    let id = db.query("SELECT id FROM reports WHERE hash = $1", &[hash.into()])?[0][0]
        .int()
        .unwrap_or(0);
    let cells: Vec<Vec<Val>> = report
        .cells
        .iter()
        .map(|cell| {
            let value = cell
                .printed
                .value
                .number()
                .map_or(Val::Null, |n| Val::Real(n.to_f64()));
            vec![id.into(), cell.key.clone().into(), value]
        })
        .collect();
    db.insert_many("cells (report_id, key, value)", &cells)?;
    crate::findings::insert(db, id, findings)?;
    crate::text::insert(db, id, report)?;
    crate::repeats::insert(db, id, report)?;
    crate::browse::changed(db)?;
    if let Some(group) = Group::of(&o, year as i64) {
        mark_stale(db, &group)?;
    }
    Ok(if last.is_some() {
        Outcome::Replaced
    } else {
        Outcome::Imported
    })
}

/// The id of an organ in the store, added to it when it is not there (as read from its name);
/// within the caller's transaction.
pub(crate) fn organ_id(db: &mut Db, o: &organ::Organ) -> Result<i64, DbError> {
    if let Some(id) = db
        .query(
            "SELECT id FROM organs WHERE key = $1",
            &[o.key.clone().into()],
        )?
        .first()
        .and_then(|r| r[0].int())
    {
        return Ok(id);
    }
    db.execute(
        "INSERT INTO organs (key, name, place, level, kind, code)
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            o.key.clone().into(),
            o.name.clone().into(),
            o.place.clone().into(),
            o.level.into(),
            o.kind.into(),
            o.code.into(),
        ],
    )?;
    db.query(
        "SELECT id FROM organs WHERE key = $1",
        &[o.key.clone().into()],
    )?
    .first()
    .and_then(|r| r[0].int())
    .ok_or_else(|| {
        DbError(format!(
            "{}: 机关未能保存 / the organ was not stored",
            o.name
        ))
    })
}
