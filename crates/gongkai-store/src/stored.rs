//! One stored report version opened by its id: the report as read, the text it was read from
//! (kept since migration 9), the organ's other versions of that year, and the current report
//! of the year before, for the year-over-year view.

use crate::db::{Db, DbError, Val};
use gongkai_core::Report;
use std::io::{Read, Write};

/// A stored report version.
pub struct Stored {
    pub id: i64,
    pub organ: String,
    pub place: Option<String>,
    pub year: i64,
    pub version: i64,
    pub current: bool,
    pub file: String,
    pub format: String,
    pub report: Report,
    /// The lines it was read from, joined by `\n`; `None` for versions imported before the
    /// store kept them.
    pub source: Option<String>,
    /// Every version of the organ's year, the first first.
    pub versions: Vec<Version>,
    /// The id of the organ's current report of the year before, when there is one.
    pub previous: Option<i64>,
}

/// One version of an organ's year.
#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    pub id: i64,
    pub version: i64,
    pub current: bool,
    pub file: String,
}

/// Opens a stored version; `None` when no version has that id.
pub fn open(db: &mut Db, id: i64) -> Result<Option<Stored>, DbError> {
    let rows = db.query(
        "SELECT r.organ_id, o.name, o.place, r.year, r.version, r.current, r.file, r.format,
                r.model, r.packed, r.source
         FROM reports r JOIN organs o ON o.id = r.organ_id WHERE r.id = $1",
        &[id.into()],
    )?;
    let Some(r) = rows.into_iter().next() else {
        return Ok(None);
    };
    let (organ_id, year) = (r[0].int().unwrap_or(0), r[3].int().unwrap_or(0));
    let report = crate::model::unpack(&r[8], &r[9], &format!("report {id}"))?;
    let source = match &r[10] {
        Val::Bytes(b) => Some(inflate(b).map_err(|e| {
            DbError(format!(
                "report {id}: 库中的原文无法读取 / the stored source cannot be read: {e}"
            ))
        })?),
        _ => None,
    };
    let versions = db
        .query(
            "SELECT id, version, current, file FROM reports WHERE organ_id = $1 AND year = $2
             ORDER BY version",
            &[organ_id.into(), year.into()],
        )?
        .into_iter()
        .map(|v| Version {
            id: v[0].int().unwrap_or(0),
            version: v[1].int().unwrap_or(0),
            current: v[2].int() == Some(1),
            file: v[3].text().unwrap_or_default().to_string(),
        })
        .collect();
    let previous = db
        .query(
            "SELECT id FROM reports WHERE organ_id = $1 AND year = $2 AND current = 1",
            &[organ_id.into(), (year - 1).into()],
        )?
        .first()
        .and_then(|p| p[0].int());
    Ok(Some(Stored {
        id,
        organ: r[1].text().unwrap_or_default().to_string(),
        place: r[2].text().map(String::from),
        year,
        version: r[4].int().unwrap_or(0),
        current: r[5].int() == Some(1),
        file: r[6].text().unwrap_or_default().to_string(),
        format: r[7].text().unwrap_or_default().to_string(),
        report,
        source,
        versions,
        previous,
    }))
}

/// The report of a stored version alone.
pub fn report(db: &mut Db, id: i64) -> Result<Option<Report>, DbError> {
    let rows = db.query(
        "SELECT model, packed FROM reports WHERE id = $1",
        &[id.into()],
    )?;
    rows.first()
        .map(|r| crate::model::unpack(&r[0], &r[1], &format!("report {id}")))
        .transpose()
}

/// The source lines deflated, for the `source` column.
pub(crate) fn deflate(lines: &[String]) -> Vec<u8> {
    let mut packer = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            let _ = packer.write_all(b"\n");
        }
        let _ = packer.write_all(line.as_bytes());
    }
    // Writing to a vector cannot fail.
    packer.finish().unwrap_or_default()
}

fn inflate(bytes: &[u8]) -> Result<String, std::io::Error> {
    let mut text = String::new();
    flate2::read::ZlibDecoder::new(bytes).read_to_string(&mut text)?;
    Ok(text)
}
