//! What a score sheet needs of each organ of a region and year ([`gongkai_check::score`]
//! scores it): the current report with its findings — the rules run again here, with the
//! year before for the Y rules, as `check --previous` would — its publication date against
//! its deadline, its sections and uncertain cells, and, when a filing season is open over the
//! region for the year, each reading of what went online.
//!
//! The organs are those the store holds under the region that filed in any year, or that the
//! season expects; an organ with no report for the year is scored as not published. A user
//! sees only the organs their scope shows ([`Scope::sees`]).

use crate::db::{Db, DbError, Val};
use crate::query::Area;
use crate::scope::Scope;
use crate::season::{self, Discrepancy, Part};
use gongkai_check::score::{Filed, Organ, Reading};
use gongkai_check::Selection;
use gongkai_core::date::{deadline, Date};
use gongkai_core::place::{self, Kind};
use gongkai_core::{Certainty, Report, Text};

/// Every organ of the region the user may see, by name, with what the store holds of it for
/// `year`.
pub fn organs(db: &mut Db, by: &Scope, region: &str, year: i32) -> Result<Vec<Organ>, DbError> {
    let area = Area::of(db, region)?;
    let season = db
        .query(
            "SELECT id FROM seasons WHERE year = $1 AND region = $2",
            &[i64::from(year).into(), region.into()],
        )?
        .first()
        .and_then(|r| r[0].int());
    let season = match season {
        Some(id) => season::get(db, id)?,
        None => None,
    };
    let rows = db.query(
        "SELECT o.id, o.name, o.place, so.due FROM organs o
         LEFT JOIN season_organs so ON so.organ_id = o.id AND so.season_id = $1
         WHERE EXISTS (SELECT 1 FROM reports r WHERE r.organ_id = o.id) OR so.organ_id IS NOT NULL
         ORDER BY o.name",
        &[season.as_ref().map_or(-1, |s| s.id).into()],
    )?;
    let mut out = Vec::new();
    for r in rows {
        let (Some(id), Some(name)) = (r[0].int(), r[1].text()) else {
            continue;
        };
        let place = r[2].text().map(String::from);
        if !place.as_deref().is_some_and(|p| area.holds(p)) || !by.sees(id, place.as_deref()) {
            continue;
        }
        let kind = place::resolve(name).kind;
        // The season's day for this organ, else its kind's; without a season the law's, a
        // zone's as T501 takes it (by its level's government's day).
        let (due, due_by) = match &season {
            Some(s) => (
                r[3].text()
                    .and_then(Date::parse)
                    .unwrap_or_else(|| s.deadlines.of(kind)),
                Text::new("填报期规定", "as the filing season sets it"),
            ),
            None => (
                deadline(
                    if kind == Kind::Zone {
                        Kind::Government
                    } else {
                        kind
                    },
                    year,
                ),
                Text::new("条例规定", "as the Regulations set it"),
            ),
        };
        let filed = match report(db, id, name, year)? {
            None => None,
            Some(report) => {
                let previous = self::report(db, id, name, year - 1)?;
                Some(filed(report, previous.as_ref(), due, due_by))
            }
        };
        let readings = match &season {
            Some(s) => readings(db, s.id, id)?,
            None => Vec::new(),
        };
        out.push(Organ {
            name: name.to_string(),
            place,
            filed,
            readings,
        });
    }
    Ok(out)
}

fn report(db: &mut Db, organ: i64, name: &str, year: i32) -> Result<Option<Report>, DbError> {
    let rows = db.query(
        "SELECT model, packed FROM reports WHERE organ_id = $1 AND year = $2 AND current = 1",
        &[organ.into(), i64::from(year).into()],
    )?;
    match rows.first() {
        Some(r) => crate::model::unpack(&r[0], &r[1], name).map(Some),
        None => Ok(None),
    }
}

fn filed(report: Report, previous: Option<&Report>, due: Date, due_by: Text) -> Filed {
    let findings = gongkai_check::check(&report, previous, &Selection::default());
    Filed {
        published: report.published.as_deref().and_then(Date::parse),
        published_from: report.published_from,
        due,
        due_by,
        sections: report.sections.iter().map(|s| s.number).collect(),
        uncertain: report
            .cells
            .iter()
            .filter(|c| matches!(c.certainty, Certainty::Uncertain(_)))
            .map(|c| c.key.clone())
            .collect(),
        findings,
    }
}

fn readings(db: &mut Db, season: i64, organ: i64) -> Result<Vec<Reading>, DbError> {
    let rows = db.query(
        "SELECT number, source, differences FROM season_publications
         WHERE season_id = $1 AND organ_id = $2 ORDER BY number",
        &[season.into(), organ.into()],
    )?;
    Ok(rows
        .iter()
        .map(|r: &Vec<Val>| {
            let found: serde_json::Value = r[2]
                .text()
                .and_then(|j| serde_json::from_str(j).ok())
                .unwrap_or_default();
            let said = |key: &str| {
                season::discrepancies_of(&found[key])
                    .iter()
                    .map(described)
                    .collect()
            };
            Reading {
                number: r[0].int().unwrap_or(0),
                source: r[1].text().unwrap_or_default().to_string(),
                against_approved: said("approved"),
                against_first: said("first"),
            }
        })
        .collect())
}

/// A difference as the evidence says it: a cell with its two values, a text as changed,
/// added or missing.
fn described(d: &Discrepancy) -> Text {
    let (zh, en) = (d.what.zh(), d.what.en());
    match (&d.what, &d.before, &d.after) {
        (Part::Cell(_), before, after) => Text::new(
            format!(
                "{zh}：{} → {}",
                before.as_deref().unwrap_or("无"),
                after.as_deref().unwrap_or("无")
            ),
            format!(
                "{en}: {} → {}",
                before.as_deref().unwrap_or("none"),
                after.as_deref().unwrap_or("none")
            ),
        ),
        (_, None, _) => Text::new(format!("{zh}：多出"), format!("{en}: added")),
        (_, _, None) => Text::new(format!("{zh}：缺失"), format!("{en}: missing")),
        _ => Text::new(format!("{zh}：有改动"), format!("{en}: changed")),
    }
}
