//! The outlier rule P101 over the store: each year's organs of one level and kind are each
//! other's peers (a government's office, a zone's administration and a town's government are
//! compared as governments: see [`peer_kind`]). A group whose reports change is marked stale in the same transaction as the
//! change, and refreshed (its P101 findings replaced) in one transaction of its own, so that an
//! import stopped between the two is completed by the next.

use crate::db::{Db, DbError, Val};
use crate::organ::Organ;
use gongkai_check::{Peers, Selection, Selector, Text};
use gongkai_core::Report;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

/// A peer group: the organs of one year, level (`县`) and kind they are compared as
/// (`government` or `department`, see [`peer_kind`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Group {
    pub year: i64,
    pub level: String,
    pub kind: String,
}

/// The kind an organ of a stored kind is compared as: `government` or `department`.
///
/// - An office (`海宁市人民政府办公室`) is a government's peer, not a department's: in most
///   places the general office compiles and publishes its government's report, under either
///   name, and answers the requests made to the government, so its figures are a
///   government's (a county's thousands of requests would stand far above a department's
///   dozens, and be flagged for that alone).
/// - A zone's administration (`平潭综合实验区管理委员会`) governs its zone as a government does
///   its county, with departments of its own, which are departments.
/// - A town's government is a government; its level (乡镇) keeps it among towns.
pub fn peer_kind(kind: &str) -> &'static str {
    match kind {
        "government" | "office" | "zone" | "town" => "government",
        _ => "department",
    }
}

/// [`peer_kind`] of the organ `o` in SQL.
const PEER_KIND: &str = "CASE WHEN o.kind IN ('government', 'office', 'zone', 'town')
     THEN 'government' ELSE 'department' END";

impl Group {
    /// The group of an organ's report; `None` when the organ's level is not known from its name,
    /// since then it has no peers.
    pub fn of(organ: &Organ, year: i64) -> Option<Group> {
        Some(Group {
            year,
            level: organ.level?.to_string(),
            kind: peer_kind(organ.kind).to_string(),
        })
    }

    /// `2023 年县级部门`, `county-level departments in 2023`.
    fn name(&self) -> Text {
        let (kind_zh, kind_en) = match self.kind.as_str() {
            "government" => ("政府", "governments"),
            _ => ("部门", "departments"),
        };
        let level_en = match self.level.as_str() {
            "省" => "provincial",
            "市" => "city",
            "县" => "county",
            _ => "township",
        };
        Text::new(
            format!("{} 年{}级{kind_zh}", self.year, self.level),
            format!("{level_en}-level {kind_en} in {}", self.year),
        )
    }

    fn params(&self) -> [Val; 3] {
        [
            self.year.into(),
            self.level.clone().into(),
            self.kind.clone().into(),
        ]
    }
}

/// The current reports of a group, from `$1` year, `$2` level and `$3` kind.
fn members() -> String {
    format!(
        "SELECT r.id FROM reports r JOIN organs o ON o.id = r.organ_id
         WHERE r.current = 1 AND r.year = $1 AND o.level = $2 AND {PEER_KIND} = $3"
    )
}

/// Marks a group stale: its P101 findings are out of date. Part of the caller's transaction.
pub fn mark_stale(db: &mut Db, group: &Group) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO stale_peers (year, level, kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        &group.params(),
    )?;
    Ok(())
}

/// Marks every peer group of the store's current reports stale, and drops the P101 findings
/// of reports that now have no group (their organ's level is not known): after the organs'
/// levels and kinds are read again (migration 8). Part of the caller's transaction.
pub(crate) fn compare_all_again(db: &mut Db) -> Result<(), DbError> {
    db.execute(
        &format!(
            "INSERT INTO stale_peers (year, level, kind)
             SELECT DISTINCT r.year, o.level, {PEER_KIND}
             FROM reports r JOIN organs o ON o.id = r.organ_id
             WHERE r.current = 1 AND o.level IS NOT NULL
             ON CONFLICT DO NOTHING"
        ),
        &[],
    )?;
    db.execute(
        "DELETE FROM findings WHERE code = 'P101' AND report_id IN
            (SELECT r.id FROM reports r JOIN organs o ON o.id = r.organ_id
             WHERE r.current = 1 AND o.level IS NULL)",
        &[],
    )?;
    Ok(())
}

/// The peers of a group as the store has them now.
pub fn load(db: &mut Db, group: &Group) -> Result<Peers, DbError> {
    Ok(compared_values(db, group)?.split(group).0)
}

/// The peers of reports checked one after another (`gongkai check --db`), each group loaded
/// from the store once.
#[derive(Default)]
pub struct Cache {
    loaded: HashMap<Group, Peers>,
}

impl Cache {
    /// The peers of the report's organ in the store; `None` when its organ, level or year is
    /// not known, since then it has none.
    pub fn peers(&mut self, db: &mut Db, report: &Report) -> Result<Option<&Peers>, DbError> {
        let (Some(agency), Some(year)) = (&report.agency, report.year) else {
            return Ok(None);
        };
        let Some(group) = Group::of(&crate::organ::organ(agency), year.into()) else {
            return Ok(None);
        };
        let peers = match self.loaded.entry(group) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let peers = load(db, e.key())?;
                e.insert(peers)
            }
        };
        Ok(Some(peers))
    }
}

/// The compared values of a group's current reports, streamed from the store: every value by
/// key, and each report's values by key index. A group can hold tens of thousands of reports:
/// each key's text is kept once, not once per value.
#[derive(Default)]
struct Compared {
    keys: Vec<String>,
    by_key: Vec<Vec<f64>>,
    by_report: BTreeMap<i64, Vec<(u32, f64)>>,
}

impl Compared {
    /// The group's peers, and each report's values by key index into the keys.
    #[allow(clippy::type_complexity)]
    fn split(self, group: &Group) -> (Peers, Vec<String>, BTreeMap<i64, Vec<(u32, f64)>>) {
        let values = self.keys.iter().cloned().zip(self.by_key);
        let peers = Peers::new(group.name(), values.collect());
        (peers, self.keys, self.by_report)
    }
}

fn compared_values(db: &mut Db, group: &Group) -> Result<Compared, DbError> {
    let mut compared = Compared::default();
    let mut index: HashMap<String, u32> = HashMap::new();
    db.each(
        &format!(
            "SELECT c.report_id, c.key, c.value FROM cells c
             WHERE c.report_id IN ({}) AND c.value IS NOT NULL
               AND ((c.key LIKE 't2.%' AND c.key NOT LIKE '%.delta') OR c.key LIKE '%.total')",
            members()
        ),
        &group.params(),
        |r| {
            let (Some(id), Some(key), Some(v)) = (r[0].int(), r[1].text(), r[2].real()) else {
                return Ok(());
            };
            let k = match index.get(key) {
                Some(&k) => k,
                None => {
                    let k = compared.keys.len() as u32;
                    index.insert(key.to_string(), k);
                    compared.keys.push(key.to_string());
                    compared.by_key.push(Vec::new());
                    k
                }
            };
            compared.by_key[k as usize].push(v);
            compared.by_report.entry(id).or_default().push((k, v));
            Ok(())
        },
    )?;
    Ok(compared)
}

/// Refreshes every stale group. Returns the groups refreshed and the P101 findings they now
/// hold.
pub fn refresh(db: &mut Db) -> Result<(usize, usize), DbError> {
    let stale: Vec<Group> = db
        .query(
            "SELECT year, level, kind FROM stale_peers ORDER BY year, level, kind",
            &[],
        )?
        .into_iter()
        .filter_map(|r| {
            Some(Group {
                year: r[0].int()?,
                level: r[1].text()?.to_string(),
                kind: r[2].text()?.to_string(),
            })
        })
        .collect();
    let mut findings = 0;
    for group in &stale {
        findings += db.transaction(|db| refresh_group(db, group))?;
    }
    Ok((stale.len(), findings))
}

fn refresh_group(db: &mut Db, group: &Group) -> Result<usize, DbError> {
    let (peers, keys, by_report) = compared_values(db, group)?.split(group);
    db.execute(
        &format!(
            "DELETE FROM findings WHERE code = 'P101' AND report_id IN ({})",
            members()
        ),
        &group.params(),
    )?;
    let only = Selection {
        select: vec![Selector::parse("P101").expect("P101 is a rule")],
        ignore: Vec::new(),
    };
    let mut count = 0;
    for (id, values) in &by_report {
        // Most reports have no outlier: only those that do are loaded and checked in full, so
        // that the findings carry where each cell was printed.
        let any = values.iter().any(|&(k, v)| {
            peers
                .spread(&keys[k as usize])
                .is_some_and(|s| s.far_above(v))
        });
        if !any {
            continue;
        }
        let rows = db.query(
            "SELECT model, packed FROM reports WHERE id = $1",
            &[(*id).into()],
        )?;
        let Some(row) = rows.first() else {
            continue;
        };
        let report = crate::model::unpack(&row[0], &row[1], &format!("report {id}"))?;
        let found = gongkai_check::check_with(&report, None, Some(&peers), &only);
        count += found.len();
        crate::findings::insert(db, *id, &found)?;
    }
    db.execute(
        "DELETE FROM stale_peers WHERE year = $1 AND level = $2 AND kind = $3",
        &group.params(),
    )?;
    crate::browse::changed(db)?;
    Ok(count)
}
