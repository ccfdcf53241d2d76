//! The findings kept with each report version, in both languages: `gongkai --lang en show`
//! prints them in English. Rows stored before both were kept have their Chinese only, and
//! read so in either language.

use crate::db::{Db, DbError, Val};
use crate::organ;
use gongkai_check::Finding;
use gongkai_core::Text;

/// Stores a report version's findings, within the caller's transaction.
pub(crate) fn insert(db: &mut Db, id: i64, findings: &[Finding]) -> Result<(), DbError> {
    let rows: Vec<Vec<Val>> = findings
        .iter()
        .map(|f| {
            vec![
                id.into(),
                f.code.into(),
                f.severity.as_str().into(),
                f.message.zh.clone().into(),
                f.message.en.clone().into(),
                serde_json::to_string(&f.cells).unwrap_or_default().into(),
                f.at.map(|a| a.line as i64).into(),
                f.at.and_then(|a| a.page).map(|p| p as i64).into(),
            ]
        })
        .collect();
    db.insert_many(
        "findings (report_id, code, severity, message, message_en, cells, line, page)",
        &rows,
    )
}

/// A finding as the store keeps it with its report version.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    pub code: String,
    pub severity: String,
    pub message: Text,
    /// The cells involved and their values, as the JSON of `check --format json`.
    pub cells: String,
    pub line: Option<i64>,
    pub page: Option<i64>,
}

/// The findings stored with a report version, by its id, in the order they were printed.
pub fn of_version(db: &mut Db, id: i64) -> Result<Vec<Stored>, DbError> {
    let rows = db.query(
        "SELECT code, severity, message, message_en, cells, line, page FROM findings
         WHERE report_id = $1 ORDER BY COALESCE(line, 0), code, message",
        &[id.into()],
    )?;
    Ok(rows.into_iter().map(stored).collect())
}

/// The findings of an organ's current report for a year, in the order they were printed, then by
/// code.
pub fn of(db: &mut Db, name: &str, year: i64) -> Result<Vec<Stored>, DbError> {
    let rows = db.query(
        "SELECT f.code, f.severity, f.message, f.message_en, f.cells, f.line, f.page
         FROM findings f JOIN reports r ON r.id = f.report_id JOIN organs o ON o.id = r.organ_id
         WHERE o.key = $1 AND r.year = $2 AND r.current = 1
         ORDER BY COALESCE(f.line, 0), f.code, f.message",
        &[organ::key(name).into(), year.into()],
    )?;
    Ok(rows.into_iter().map(stored).collect())
}

fn stored(r: Vec<Val>) -> Stored {
    let zh = r[2].text().unwrap_or_default().to_string();
    let en = r[3].text().map_or_else(|| zh.clone(), str::to_string);
    Stored {
        code: r[0].text().unwrap_or_default().to_string(),
        severity: r[1].text().unwrap_or_default().to_string(),
        message: Text::new(zh, en),
        cells: r[4].text().unwrap_or_default().to_string(),
        line: r[5].int(),
        page: r[6].int(),
    }
}
