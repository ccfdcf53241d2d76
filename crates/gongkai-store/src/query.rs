//! Reading the corpus: the organs and their reports, one report, long-format exports, roll-ups
//! of a region and statistics. Only the current version of each organ's year counts.

use crate::db::{Db, DbError, Val};
use crate::organ;
use gongkai_core::place;
use gongkai_core::rates::{self, Rate};
use gongkai_core::{Number, Report, Value, Version};
use std::collections::{BTreeMap, HashSet};

/// One report in the listing.
#[derive(Clone, Debug, PartialEq)]
pub struct Listed {
    /// The stored version's id.
    pub id: i64,
    pub organ: String,
    pub place: Option<String>,
    pub year: i64,
    pub version: i64,
    pub errors: i64,
    pub warnings: i64,
    pub infos: i64,
}

/// The current reports, by organ and year.
pub fn list(db: &mut Db, year: Option<i64>) -> Result<Vec<Listed>, DbError> {
    let sql = format!(
        "SELECT r.id, o.name, o.place, r.year, r.version,
                (SELECT COUNT(*) FROM findings f WHERE f.report_id = r.id AND f.severity = 'error'),
                (SELECT COUNT(*) FROM findings f WHERE f.report_id = r.id AND f.severity = 'warning'),
                (SELECT COUNT(*) FROM findings f WHERE f.report_id = r.id AND f.severity = 'info')
         FROM reports r JOIN organs o ON o.id = r.organ_id
         WHERE r.current = 1 {}
         ORDER BY o.name, r.year",
        if year.is_some() { "AND r.year = $1" } else { "" }
    );
    let params: Vec<Val> = year.into_iter().map(Val::Int).collect();
    let rows = db.query(&sql, &params)?;
    Ok(rows
        .into_iter()
        .map(|r| Listed {
            id: r[0].int().unwrap_or(0),
            organ: r[1].text().unwrap_or_default().to_string(),
            place: r[2].text().map(String::from),
            year: r[3].int().unwrap_or(0),
            version: r[4].int().unwrap_or(0),
            errors: r[5].int().unwrap_or(0),
            warnings: r[6].int().unwrap_or(0),
            infos: r[7].int().unwrap_or(0),
        })
        .collect())
}

/// The current report of an organ (any spelling of its name) for a year, the latest year when
/// none is given, as it was read: values as printed and where each was printed.
pub fn report(db: &mut Db, name: &str, year: Option<i64>) -> Result<Option<Report>, DbError> {
    let sql = format!(
        "SELECT r.model, r.packed FROM reports r JOIN organs o ON o.id = r.organ_id
         WHERE o.key = $1 AND r.current = 1 {}
         ORDER BY r.year DESC",
        if year.is_some() {
            "AND r.year = $2"
        } else {
            ""
        }
    );
    let mut params = vec![Val::from(organ::key(name))];
    params.extend(year.map(Val::Int));
    let rows = db.query(&sql, &params)?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    crate::model::unpack(&row[0], &row[1], name).map(Some)
}

/// The stored organs whose names come closest to `name`, best first (for "did you mean"): at
/// most `n`, and only those alike enough to be a misspelling of it.
pub fn similar_organs(db: &mut Db, name: &str, n: usize) -> Result<Vec<String>, DbError> {
    let key = organ::key(name);
    let rows = db.query("SELECT key, name FROM organs", &[])?;
    let mut scored: Vec<(f64, String)> = rows
        .iter()
        .filter_map(|r| {
            let (k, shown) = (r[0].text()?, r[1].text()?);
            let score = strsim::normalized_levenshtein(&key, k);
            (score >= 0.6).then(|| (score, shown.to_string()))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Ok(scored.into_iter().take(n).map(|(_, s)| s).collect())
}

/// An organ that filed in some year but not in the year asked about.
#[derive(Clone, Debug, PartialEq)]
pub struct Missing {
    pub organ: String,
    pub place: Option<String>,
    /// The latest year it filed.
    pub last: i64,
}

/// The organs of the store (under a region, when given) that have no report for `year`, though
/// they filed in another year.
pub fn missing(db: &mut Db, year: i64, region: Option<&str>) -> Result<Vec<Missing>, DbError> {
    let area = match region {
        Some(r) => Some(Area::of(db, r)?),
        None => None,
    };
    let rows = db.query(
        "SELECT o.name, o.place, MAX(r.year) FROM organs o JOIN reports r ON r.organ_id = o.id
         WHERE NOT EXISTS (SELECT 1 FROM reports t WHERE t.organ_id = o.id AND t.year = $1)
         GROUP BY o.id, o.name, o.place
         ORDER BY o.place, o.name",
        &[year.into()],
    )?;
    Ok(rows
        .into_iter()
        .map(|r| Missing {
            organ: r[0].text().unwrap_or_default().to_string(),
            place: r[1].text().map(String::from),
            last: r[2].int().unwrap_or(0),
        })
        .filter(|m| match &area {
            None => true,
            Some(area) => m.place.as_deref().is_some_and(|p| area.holds(p)),
        })
        .collect())
}

/// The organs under a region that have a current report for each of `years`, by place then
/// name: those a comparison of the years can be made for.
pub fn organs_with_years(db: &mut Db, region: &str, years: &[i64]) -> Result<Vec<String>, DbError> {
    let area = Area::of(db, region)?;
    let mut params: Vec<Val> = years.iter().map(|&y| y.into()).collect();
    let list: Vec<String> = (1..=params.len()).map(|i| format!("${i}")).collect();
    params.push((years.len() as i64).into());
    let rows = db.query(
        &format!(
            "SELECT o.name, o.place FROM organs o JOIN reports r ON r.organ_id = o.id
             WHERE r.current = 1 AND r.year IN ({})
             GROUP BY o.id, o.name, o.place
             HAVING COUNT(DISTINCT r.year) = ${}
             ORDER BY o.place, o.name",
            list.join(", "),
            params.len()
        ),
        &params,
    )?;
    Ok(rows
        .into_iter()
        .filter(|r| r[1].text().is_some_and(|p| area.holds(p)))
        .filter_map(|r| r[0].text().map(String::from))
        .collect())
}

/// A region and what lies in it: the places that start with its name (`淮安市洪泽区` in
/// `淮安市`), those that the national list of divisions puts in it (`淮安市洪泽区` and
/// `洪泽区高良涧街道` in `江苏省`: see [`gongkai_core::place`]), and those that the region list
/// puts under it, at any depth, with what lies in each of them in turn.
pub(crate) struct Area {
    names: Vec<String>,
    codes: HashSet<&'static str>,
}

impl Area {
    pub(crate) fn of(db: &mut Db, region: &str) -> Result<Area, DbError> {
        let mut names = vec![region.to_string()];
        names.extend(places_within(db, region)?);
        let codes = names.iter().filter_map(|n| place::region_code(n)).collect();
        Ok(Area { names, codes })
    }

    /// Whether a place (as stored for an organ) lies in the region.
    pub(crate) fn holds(&self, place: &str) -> bool {
        if self.names.iter().any(|n| place.starts_with(n.as_str())) {
            return true;
        }
        if self.codes.is_empty() {
            return false;
        }
        let mut at = place::resolve(place).place.and_then(|p| p.within);
        while let Some(code) = at {
            if self.codes.contains(code) {
                return true;
            }
            at = place::by_code(code).and_then(|d| d.parent);
        }
        false
    }
}

/// One cell of the corpus: agency, year, key, value.
pub type CorpusCell = (String, i64, String, Option<f64>);

/// Every cell of every current report.
pub fn cells(db: &mut Db) -> Result<Vec<CorpusCell>, DbError> {
    let mut out = Vec::new();
    each_cell(db, |c| {
        out.push(c);
        Ok(())
    })?;
    Ok(out)
}

/// Every cell of every current report, by organ, year and key, handed to `f` one at a time.
pub fn each_cell(
    db: &mut Db,
    mut f: impl FnMut(CorpusCell) -> Result<(), DbError>,
) -> Result<(), DbError> {
    db.each(
        "SELECT o.name, r.year, c.key, c.value
         FROM cells c JOIN reports r ON r.id = c.report_id JOIN organs o ON o.id = r.organ_id
         WHERE r.current = 1
         ORDER BY o.name, r.year, c.key",
        &[],
        |r| {
            f((
                r[0].text().unwrap_or_default().to_string(),
                r[1].int().unwrap_or(0),
                r[2].text().unwrap_or_default().to_string(),
                r[3].real(),
            ))
        },
    )
}

/// The sum of the current reports of a year's organs under a region (its own and those whose
/// place lies within it: `淮安市` holds `淮安市洪泽区`, `江苏省` holds both), itself a report that can be checked
/// and rendered. A cell sums only where every organ has a number; `None` when no organ is
/// under the region.
pub fn rollup(db: &mut Db, region: &str, year: i64) -> Result<Option<(Report, usize)>, DbError> {
    let area = Area::of(db, region)?;
    let rows: Vec<Vec<Val>> = db
        .query(
            "SELECT r.id, r.template, o.place FROM reports r JOIN organs o ON o.id = r.organ_id
             WHERE r.current = 1 AND r.year = $1",
            &[year.into()],
        )?
        .into_iter()
        .filter(|r| r[2].text().is_some_and(|p| area.holds(p)))
        .collect();
    if rows.is_empty() {
        return Ok(None);
    }
    let version = if rows.iter().any(|r| r[1].text() == Some("2019")) {
        Version::V2019
    } else {
        Version::V2021
    };
    let mut reports = Vec::new();
    for id in rows.iter().filter_map(|r| r[0].int()) {
        let cells = db.query(
            "SELECT key, value FROM cells WHERE report_id = $1",
            &[id.into()],
        )?;
        reports.push(
            cells
                .into_iter()
                .map(|c| (c[0].text().unwrap_or_default().to_string(), c[1].real()))
                .collect(),
        );
    }
    let n = reports.len();
    Ok(Some((summed(region, year, version, &reports), n)))
}

/// The sum of reports given by their cells (key and number, `None` for a blank), as a report
/// of a region and year: a cell sums only where every report has a number. The roll-up of the
/// corpus and that of a filing season.
pub(crate) fn summed(
    region: &str,
    year: i64,
    version: Version,
    reports: &[Vec<(String, Option<f64>)>],
) -> Report {
    let mut sums: BTreeMap<&str, (f64, usize, usize)> = BTreeMap::new();
    for cells in reports {
        for (key, value) in cells {
            let entry = sums.entry(key).or_default();
            entry.2 += 1;
            if let Some(v) = value {
                entry.0 += v;
                entry.1 += 1;
            }
        }
    }
    let n = reports.len();
    let values = sums.into_iter().map(|(k, (sum, numbers, seen))| {
        let v = if numbers == seen && seen == n {
            Number::parse(&trim(sum))
                .map_or(Value::Blank(gongkai_core::Blank::Empty), Value::Number)
        } else {
            Value::Blank(gongkai_core::Blank::Empty)
        };
        (k.to_string(), v)
    });
    let mut report = Report::from_cells(
        &format!("rollup:{region}:{year}"),
        Some(format!("{region}（汇总）")),
        Some(year as i32),
        version,
        values.collect::<Vec<_>>(),
    );
    report.title = Some(format!(
        "{region}{year}年政府信息公开工作年度报告汇总（{n} 个机关）"
    ));
    report
}

/// The places the region list puts under a region, at any depth.
pub(crate) fn places_within(db: &mut Db, region: &str) -> Result<Vec<String>, DbError> {
    let links: Vec<(String, String)> = db
        .query("SELECT name, parent FROM regions", &[])?
        .into_iter()
        .filter_map(|r| Some((r[0].text()?.to_string(), r[1].text()?.to_string())))
        .collect();
    let mut found: Vec<String> = Vec::new();
    let mut frontier = vec![region.to_string()];
    while let Some(parent) = frontier.pop() {
        for (name, p) in &links {
            if *p == parent && !found.contains(name) {
                found.push(name.clone());
                frontier.push(name.clone());
            }
        }
    }
    Ok(found)
}

/// Loads a region list: CSV lines `place,parent` (a header line of those words is skipped),
/// placing each place under its parent. Returns how many places were placed.
pub fn load_regions(db: &mut Db, csv: &str) -> Result<usize, DbError> {
    let pairs: Vec<(String, String)> = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .filter_map(|l| {
            let mut f = l.split(',').map(|s| s.trim().trim_matches('"'));
            let (name, parent) = (f.next()?, f.next()?);
            (!name.is_empty() && !parent.is_empty() && name != "place")
                .then(|| (name.to_string(), parent.to_string()))
        })
        .collect();
    db.transaction(|db| {
        for (name, parent) in &pairs {
            db.execute(
                "DELETE FROM regions WHERE name = $1",
                &[name.clone().into()],
            )?;
            db.execute(
                "INSERT INTO regions (name, parent) VALUES ($1, $2)",
                &[name.clone().into(), parent.clone().into()],
            )?;
        }
        crate::browse::changed(db)?;
        Ok(pairs.len())
    })
}

/// A sum printed without float noise: counts as integers, amounts to six decimals.
fn trim(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// What statistics are grouped by (always also by year).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    Year,
    Organ,
    Place,
}

/// One group's figures: reports, requests received, 公开率 (granted and partly granted of those
/// handled) and 复议纠错率 (reviews corrected of reviews decided).
#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    /// The organ or place; empty when grouped by year alone.
    pub group: String,
    pub year: i64,
    pub reports: i64,
    pub received: f64,
    pub disclosure_rate: Option<f64>,
    pub correction_rate: Option<f64>,
    /// The counts the rates are of: granted and partly granted, of `answered` (the results'
    /// total); reviews corrected, of `decided` (upheld, corrected and otherwise ended).
    pub disclosed: Option<f64>,
    pub answered: Option<f64>,
    pub corrected: Option<f64>,
    pub decided: Option<f64>,
}

/// Which reports statistics count: all current ones, or those of a year or of an organ (any
/// spelling of its name).
#[derive(Clone, Debug, Default)]
pub struct Only {
    pub year: Option<i64>,
    pub organ: Option<String>,
}

pub fn stats(db: &mut Db, by: By, only: &Only) -> Result<Vec<Stats>, DbError> {
    let mut params: Vec<Val> = Vec::new();
    let mut filter = String::new();
    if let Some(y) = only.year {
        params.push(y.into());
        filter += &format!(" AND r.year = ${}", params.len());
    }
    if let Some(o) = &only.organ {
        params.push(organ::key(o).into());
        filter += &format!(" AND o.key = ${}", params.len());
    }
    // The grouping column, and what to group by (PostgreSQL refuses a constant there).
    let (group, grouping) = match by {
        By::Year => ("''", "r.year"),
        By::Organ => ("o.name", "o.name, r.year"),
        By::Place => ("COALESCE(o.place, '')", "COALESCE(o.place, ''), r.year"),
    };
    // The rates' cells as `gongkai_core::rates` defines them.
    let sum = |keys: &[&str]| {
        format!(
            "CAST(SUM(CASE WHEN c.key IN ({}) THEN c.value END) AS {{real}})",
            Rate::sql_list(keys)
        )
    };
    let rows = db.query(
        &format!(
            "SELECT {group}, r.year, COUNT(DISTINCT r.id),
            CAST(SUM(CASE WHEN c.key = 't3.new.total' THEN c.value END) AS {{real}}),
            {}, {}, {}, {}
         FROM reports r JOIN cells c ON c.report_id = r.id JOIN organs o ON o.id = r.organ_id
         WHERE r.current = 1{filter}
         GROUP BY {grouping} ORDER BY {grouping}",
            sum(rates::DISCLOSURE.counted),
            sum(rates::DISCLOSURE.of),
            sum(rates::CORRECTION.counted),
            sum(rates::CORRECTION.of),
        ),
        &params,
    )?;
    let ratio = |a: &Val, b: &Val| rates::ratio(a.real()?, b.real()?);
    Ok(rows
        .iter()
        .map(|r| Stats {
            group: r[0].text().unwrap_or_default().to_string(),
            year: r[1].int().unwrap_or(0),
            reports: r[2].int().unwrap_or(0),
            received: r[3].real().unwrap_or(0.0),
            disclosure_rate: ratio(&r[4], &r[5]),
            correction_rate: ratio(&r[6], &r[7]),
            disclosed: r[4].real(),
            answered: r[5].real(),
            corrected: r[6].real(),
            decided: r[7].real(),
        })
        .collect())
}

/// The sum of each cell over the current reports of a year, by key.
pub fn totals(db: &mut Db, year: i64) -> Result<BTreeMap<String, f64>, DbError> {
    Ok(db
        .query(
            "SELECT c.key, CAST(SUM(c.value) AS {real}) FROM cells c JOIN reports r ON r.id = c.report_id
             WHERE r.current = 1 AND r.year = $1
             GROUP BY c.key",
            &[year.into()],
        )?
        .into_iter()
        .filter_map(|r| Some((r[0].text()?.to_string(), r[1].real().unwrap_or(0.0))))
        .collect())
}

/// The years the store has reports for, the latest first.
pub fn years(db: &mut Db) -> Result<Vec<i64>, DbError> {
    Ok(db
        .query(
            "SELECT DISTINCT year FROM reports WHERE current = 1 ORDER BY year DESC",
            &[],
        )?
        .into_iter()
        .filter_map(|r| r[0].int())
        .collect())
}
