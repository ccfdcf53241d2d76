//! Organs: one name however it is written (`海宁市人民政府办公室` and `海宁市政府办公室` are one
//! organ), with the place it belongs to, its level, and what it is there (the government, its
//! office, a department, a zone's administration or a town's government), read from the name
//! against the national list of divisions ([`gongkai_core::place`]).

use crate::db::{Db, DbError};
pub use gongkai_core::organ::key;
use gongkai_core::place::{self, Kind, Level};

/// An organ as the store knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Organ {
    /// The normalised name that identifies the organ.
    pub key: String,
    /// The name as first seen.
    pub name: String,
    /// The place the name starts with, as written (`海宁市`, `淮安市洪泽区`), when it does.
    pub place: Option<String>,
    /// 省, 市, 县 or 乡镇 ([`Level::as_zh`]); `None` when the name does not tell (no place, or
    /// an unlisted `…市` that may be a prefecture or a county-level city).
    pub level: Option<&'static str>,
    /// `government`, `office`, `department`, `zone` or `town` ([`Kind::as_str`]).
    pub kind: &'static str,
    /// The six-digit code of the place's division (`330481`), when the list has it and the
    /// name tells which: none for towns, unlisted zones and places, or a name two divisions
    /// share with nothing written before it.
    pub code: Option<&'static str>,
}

impl Organ {
    /// The level as the place reader has it.
    pub fn level(&self) -> Option<Level> {
        self.level.and_then(Level::from_zh)
    }

    /// The kind as the place reader has it.
    pub fn kind(&self) -> Kind {
        Kind::parse(self.kind).unwrap_or(Kind::Department)
    }
}

/// Reads an organ from its name.
pub fn organ(name: &str) -> Organ {
    let r = place::resolve(name);
    Organ {
        name: name.trim().to_string(),
        level: r.place.as_ref().and_then(|p| p.level).map(Level::as_zh),
        code: r.place.as_ref().and_then(|p| p.code),
        place: r.place.map(|p| p.name),
        kind: r.kind.as_str(),
        key: r.key,
    }
}

/// The id of the stored organ of this name, however it is written; `None` when the store has
/// none of that name.
pub fn find(db: &mut Db, name: &str) -> Result<Option<i64>, DbError> {
    let key = organ(name).key;
    if key.is_empty() {
        return Ok(None);
    }
    Ok(db
        .query("SELECT id FROM organs WHERE key = $1", &[key.into()])?
        .first()
        .and_then(|r| r[0].int()))
}

/// Reads every stored organ's place, level, kind and code again from its name (migration 8),
/// within the caller's transaction.
pub(crate) fn read_all_again(db: &mut Db) -> Result<(), DbError> {
    let rows = db.query("SELECT id, name FROM organs", &[])?;
    for row in rows {
        let (Some(id), Some(name)) = (row[0].int(), row[1].text()) else {
            continue;
        };
        let o = organ(name);
        db.execute(
            "UPDATE organs SET place = $1, level = $2, kind = $3, code = $4 WHERE id = $5",
            &[
                o.place.into(),
                o.level.into(),
                o.kind.into(),
                o.code.into(),
                id.into(),
            ],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str) -> (Option<String>, Option<&'static str>, &'static str) {
        let o = organ(name);
        (o.place, o.level, o.kind)
    }

    #[test]
    fn places_levels_and_kinds() {
        let at = |p: &str, l: &'static str, k: &'static str| (Some(p.to_string()), Some(l), k);
        // A county-level city is a county.
        assert_eq!(read("海宁市人民政府办公室"), at("海宁市", "县", "office"));
        assert_eq!(organ("海宁市人民政府办公室").code, Some("330481"));
        assert_eq!(read("海宁市人民政府"), at("海宁市", "县", "government"));
        assert_eq!(
            read("嘉兴市经济和信息化局"),
            at("嘉兴市", "市", "department")
        );
        assert_eq!(
            read("淮安市洪泽区人民政府"),
            at("淮安市洪泽区", "县", "government")
        );
        assert_eq!(
            read("平潭综合实验区行政审批局"),
            at("平潭综合实验区", "县", "department")
        );
        assert_eq!(
            read("平潭综合实验区管理委员会"),
            at("平潭综合实验区", "县", "zone")
        );
        assert_eq!(read("苏州市教育局"), at("苏州市", "市", "department"));
        assert_eq!(read("获嘉县人民政府办公室"), at("获嘉县", "县", "office"));
        assert_eq!(read("浙江省人民政府办公厅"), at("浙江省", "省", "office"));
        assert_eq!(
            read("海宁市许村镇人民政府"),
            at("海宁市许村镇", "乡镇", "town")
        );
        // The issue's: words that hold a place word are not cut.
        assert_eq!(
            read("东白县住房和城乡建设局"),
            at("东白县", "县", "department")
        );
        assert_eq!(
            read("东白县市场监督管理局"),
            at("东白县", "县", "department")
        );
        assert_eq!(organ("东白县市场监督管理局").code, None);
        assert_eq!(
            read("海宁市市场监督管理局"),
            at("海宁市", "县", "department")
        );
        assert_eq!(read("东莞市人民政府"), at("东莞市", "市", "government"));
        let o = organ("国家税务总局海宁市税务局");
        assert_eq!((o.place, o.level, o.code), (None, None, None));
        let o = organ(" 海宁市 政府办公室 ");
        assert_eq!(
            (o.name.as_str(), o.key.as_str()),
            ("海宁市 政府办公室", "海宁市政府办公室")
        );
        assert_eq!((o.level(), o.kind()), (Some(Level::County), Kind::Office));
    }
}
