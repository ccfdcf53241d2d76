//! The model kept with each report version: the report as it was read, every value as printed
//! and where it was printed, for `show`, `compare` and the web UI.
//!
//! It is JSON deflated: 34 KB of JSON per report became 5 KB, which took a 300,000-report
//! store from 16 GB to 7 GB. Versions stored before migration 4 keep their JSON as text, and
//! are read as they are.

use crate::db::{Db, DbError, Val};
use gongkai_core::Report;
use std::io::{Read, Write};

/// The model of a report, packed for the `packed` column.
pub fn pack(report: &Report) -> Result<Vec<u8>, String> {
    let json = serde_json::to_vec(report).map_err(|e| e.to_string())?;
    // The fastest level: one more level saves a tenth of the size for a fifth more time, on
    // the threads that read.
    let mut packer = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    packer.write_all(&json).map_err(|e| e.to_string())?;
    packer.finish().map_err(|e| e.to_string())
}

/// The report of a stored version, from its `model` and `packed` columns; `what` names it in
/// an error.
pub fn unpack(model: &Val, packed: &Val, what: &str) -> Result<Report, DbError> {
    let cannot = |e: String| {
        DbError(format!(
            "{what}: 库中的报告无法读取 / a stored report cannot be read: {e}"
        ))
    };
    let report = match (packed, model) {
        (Val::Bytes(bytes), _) => {
            let mut json = Vec::new();
            flate2::read::ZlibDecoder::new(&bytes[..])
                .read_to_end(&mut json)
                .map_err(|e| cannot(e.to_string()))?;
            serde_json::from_slice(&json)
        }
        (_, Val::Text(text)) => serde_json::from_str(text),
        _ => return Err(cannot("没有模型 / no model".into())),
    };
    report.map_err(|e| cannot(e.to_string()))
}

/// Calls `each` with every stored version and its report, oldest first, within the caller's
/// transaction: how a migration fills a table derived from the models (the text search, the
/// sentences of repeated text). A version whose model cannot be read cannot be opened either:
/// it is left out rather than keeping the store from opening.
pub(crate) fn each_stored(
    db: &mut Db,
    mut each: impl FnMut(&mut Db, i64, &Report) -> Result<(), DbError>,
) -> Result<(), DbError> {
    let ids: Vec<i64> = db
        .query("SELECT id FROM reports ORDER BY id", &[])?
        .iter()
        .filter_map(|r| r[0].int())
        .collect();
    for id in ids {
        let rows = db.query(
            "SELECT model, packed FROM reports WHERE id = $1",
            &[id.into()],
        )?;
        if let Ok(report) = unpack(&rows[0][0], &rows[0][1], &format!("report {id}")) {
            each(db, id, &report)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_and_plain_models_read_back() {
        let text = include_str!("../../../examples/qingshan-2023.txt");
        let report = gongkai_read::read_text("a.txt", text, "utf-8").unwrap();
        let json = serde_json::to_string(&report).unwrap();
        let packed = pack(&report).unwrap();
        assert!(packed.len() < json.len());
        for (model, packed) in [
            (Val::Text(String::new()), Val::Bytes(packed)),
            (Val::Text(json.clone()), Val::Null),
        ] {
            let back = unpack(&model, &packed, "a").unwrap();
            assert_eq!(serde_json::to_string(&back).unwrap(), json);
        }
        let broken = unpack(&Val::Null, &Val::Bytes(vec![1, 2, 3]), "a.txt 2023");
        assert!(broken.unwrap_err().0.contains("a.txt 2023"));
    }

    #[test]
    fn models_stored_before_the_dates_source_was_kept_read_back() {
        let text = include_str!("../../../examples/qingshan-2023.txt");
        let mut report = gongkai_read::read_text("a.txt", text, "utf-8").unwrap();
        report.published = Some("2024-01-20".into());
        let mut json: serde_json::Value = serde_json::to_value(&report).unwrap();
        assert!(json.get("published_from").is_none());
        json["published_from"] = "given".into();
        let back = unpack(&Val::Text(json.to_string()), &Val::Null, "a").unwrap();
        assert_eq!(back.published_from, Some(gongkai_core::DateSource::Given));
        json.as_object_mut().unwrap().remove("published_from");
        let old = unpack(&Val::Text(json.to_string()), &Val::Null, "a").unwrap();
        assert_eq!(
            (old.published.as_deref(), old.published_from),
            (Some("2024-01-20"), None)
        );
    }
}
