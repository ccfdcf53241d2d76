//! The corpus's charts as data: a year's requests by outcome, 公开率 and 复议纠错率 over the
//! years, and a year's rates by place and by organ. The charts page draws these view models
//! ([`crate::views::charts`]) and the API answers them, so that both show the same numbers.

use crate::error::AppError;
use crate::state::AppState;
use gongkai_core::template::{RowKind, TableId};
use gongkai_core::{Lang, Template, Version};
use gongkai_store::query;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// How many places and organs the charts by place and by organ show: those that received the
/// most requests.
pub const TOP: usize = 30;

/// The year the charts are of.
#[derive(Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChartsQuery {
    /// The year of the charts by outcome, place and organ; the latest stored when left out.
    pub year: Option<i64>,
}

/// `count / of`, from 0 to 1: none when there is no whole to be a share of (the rates'
/// own ratio).
pub use gongkai_core::rates::ratio as share;

/// A rate with what it is of: `count` of `of`.
#[derive(Serialize, ToSchema, Clone, Copy, Debug, PartialEq)]
pub struct Rate {
    pub count: f64,
    pub of: f64,
    /// `count / of`, from 0 to 1; none when `of` is 0.
    pub rate: Option<f64>,
}

impl Rate {
    pub fn new(count: f64, of: f64) -> Rate {
        Rate {
            count,
            of,
            rate: share(count, of),
        }
    }
}

/// Requests with one outcome of table 三, summed over a year's reports.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The cell summed: `t3.granted.total`.
    pub key: String,
    /// Table 三's row: `granted`.
    pub row: String,
    /// The row's label in the language asked for: `（一）予以公开`, `Disclosed`.
    pub label: String,
    pub requests: f64,
    /// Its share of all the outcomes' requests, from 0 to 1; none when there were none.
    pub share: Option<f64>,
}

/// A year's requests by outcome.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct OutcomesView {
    pub year: Option<i64>,
    pub outcomes: Vec<Outcome>,
    /// All the outcomes' requests: the whole that the shares are of.
    pub total: f64,
}

/// One group's figures: a year's, or a place's or an organ's in a year.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct RatesRow {
    /// The place or organ; none for a year's figures, and for organs whose place is unknown.
    pub group: Option<String>,
    pub year: i64,
    pub reports: i64,
    /// Requests received (new this year).
    pub received: f64,
    /// 公开率: requests granted or partly granted, of the results' total.
    pub disclosure: Rate,
    /// 复议纠错率: reviews that corrected the organ, of those decided.
    pub correction: Rate,
}

impl RatesRow {
    fn of(s: query::Stats) -> RatesRow {
        let n = |v: Option<f64>| v.unwrap_or(0.0);
        RatesRow {
            group: Some(s.group).filter(|g| !g.is_empty()),
            year: s.year,
            reports: s.reports,
            received: s.received,
            disclosure: Rate::new(n(s.disclosed), n(s.answered)),
            correction: Rate::new(n(s.corrected), n(s.decided)),
        }
    }
}

/// The groups that received the most requests (then by name), at most [`TOP`] of them, and
/// how many groups there were.
fn top(rows: Vec<query::Stats>) -> (Vec<RatesRow>, usize) {
    let mut rows: Vec<RatesRow> = rows.into_iter().map(RatesRow::of).collect();
    let n = rows.len();
    rows.sort_by(|a, b| {
        b.received
            .total_cmp(&a.received)
            .then_with(|| a.group.cmp(&b.group))
    });
    rows.truncate(TOP);
    (rows, n)
}

/// Everything the charts page shows.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct ChartsView {
    /// The years stored, latest first.
    pub years: Vec<i64>,
    /// The year of the charts by outcome, place and organ.
    pub year: Option<i64>,
    pub outcomes: OutcomesView,
    /// 公开率 and 复议纠错率 of each year, oldest first.
    pub by_year: Vec<RatesRow>,
    /// The year's places that received the most requests, most first (at most 30).
    pub by_place: Vec<RatesRow>,
    /// How many places the year's reports are of.
    pub places: usize,
    /// The year's organs that received the most requests, most first (at most 30).
    pub by_organ: Vec<RatesRow>,
    /// How many organs filed the year's reports.
    pub organs: usize,
}

pub async fn charts(state: &AppState, q: ChartsQuery, lang: Lang) -> Result<ChartsView, AppError> {
    let years = super::corpus::years(state).await?;
    let year = q.year.or(years.first().copied());
    let (totals, by_year, places, organs) = state
        .db(move |db| {
            let by_year = query::stats(db, query::By::Year, &query::Only::default())?;
            let Some(y) = year else {
                return Ok((BTreeMap::new(), by_year, Vec::new(), Vec::new()));
            };
            let only = query::Only {
                year: Some(y),
                organ: None,
            };
            Ok((
                query::totals(db, y)?,
                by_year,
                query::stats(db, query::By::Place, &only)?,
                query::stats(db, query::By::Organ, &only)?,
            ))
        })
        .await?;
    let (by_place, places) = top(places);
    let (by_organ, organs) = top(organs);
    Ok(ChartsView {
        years,
        year,
        outcomes: match year {
            Some(y) => outcomes_of(&totals, y, lang),
            None => OutcomesView {
                year: None,
                outcomes: Vec::new(),
                total: 0.0,
            },
        },
        by_year: by_year.into_iter().map(RatesRow::of).collect(),
        by_place,
        places,
        by_organ,
        organs,
    })
}

/// A year's requests by outcome.
pub async fn outcomes(state: &AppState, year: i64, lang: Lang) -> Result<OutcomesView, AppError> {
    let totals = state.db(move |db| Ok(query::totals(db, year)?)).await?;
    Ok(outcomes_of(&totals, year, lang))
}

/// An organ's rates over its years, oldest first.
pub async fn organ_rates(state: &AppState, name: String) -> Result<Vec<RatesRow>, AppError> {
    let only = query::Only {
        year: None,
        organ: Some(name),
    };
    let rows = state
        .db(move |db| Ok(query::stats(db, query::By::Organ, &only)?))
        .await?;
    Ok(rows.into_iter().map(RatesRow::of).collect())
}

/// Requests by outcome from a year's sums of cells: the outcome rows （一）…（六） of table
/// 三's total column, a group as the sum of its sub-rows where the reports print them (or its
/// own figure, when that is more), each with its share of them all.
pub fn outcomes_of(totals: &BTreeMap<String, f64>, year: i64, lang: Lang) -> OutcomesView {
    let rows = Template::get(Version::for_year(year as i32))
        .table(TableId::T3)
        .rows;
    let from = rows.iter().position(|r| r.id == "granted").unwrap_or(0);
    let to = rows
        .iter()
        .position(|r| r.id == "results_total")
        .unwrap_or(rows.len());
    let total_of = |id: &str| totals.get(&format!("t3.{id}.total")).copied();
    let mut outcomes = Vec::new();
    for row in &rows[from..to] {
        let requests = match (row.kind, row.group) {
            (RowKind::Group, _) => {
                let subs: f64 = rows
                    .iter()
                    .filter(|r| r.group == Some(row.id))
                    .filter_map(|r| total_of(r.id))
                    .sum();
                subs.max(total_of(row.id).unwrap_or(0.0))
            }
            (RowKind::Data, None) => total_of(row.id).unwrap_or(0.0),
            _ => continue,
        };
        let label = match (lang.is_english(), row.label.english) {
            (true, Some(en)) => en.to_string(),
            _ => gongkai_check::short_label(row.label.text).to_string(),
        };
        outcomes.push(Outcome {
            key: format!("t3.{}.total", row.id),
            row: row.id.to_string(),
            label,
            requests,
            share: None,
        });
    }
    let total: f64 = outcomes.iter().map(|o| o.requests).sum();
    for o in &mut outcomes {
        o.share = share(o.requests, total);
    }
    OutcomesView {
        year: Some(year),
        outcomes,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_of_a_whole_that_is_there() {
        assert_eq!(share(1.0, 4.0), Some(0.25));
        assert_eq!(share(0.0, 4.0), Some(0.0));
        assert_eq!(share(3.0, 0.0), None);
        assert_eq!(share(f64::NAN, 2.0), None);
        let r = Rate::new(12.0, 48.0);
        assert_eq!((r.count, r.of, r.rate), (12.0, 48.0, Some(0.25)));
        assert_eq!(Rate::new(0.0, 0.0).rate, None);
    }

    #[test]
    fn outcomes_sum_groups_and_share_the_whole() {
        let totals: BTreeMap<String, f64> = [
            ("t3.granted.total", 30.0),
            ("t3.partial.total", 10.0),
            ("t3.withheld.state_secret.total", 5.0),
            ("t3.withheld.third_party.total", 5.0),
            ("t3.unavailable.not_held.total", 40.0),
            ("t3.other.overdue_fee.total", 10.0),
            ("t3.results_total.total", 100.0),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let v = outcomes_of(&totals, 2023, Lang::english(false));
        let rows: Vec<_> = v.outcomes.iter().map(|o| o.row.as_str()).collect();
        assert_eq!(
            rows,
            [
                "granted",
                "partial",
                "withheld",
                "unavailable",
                "not_processed",
                "other"
            ]
        );
        assert_eq!(v.total, 100.0);
        let withheld = &v.outcomes[2];
        assert_eq!((withheld.requests, withheld.share), (10.0, Some(0.1)));
        assert_eq!(v.outcomes[0].label, "（一）予以公开");
        assert_eq!(v.outcomes[1].label, "（二）部分公开");
        assert_eq!(v.outcomes[4].share, Some(0.0));
        let sum: f64 = v.outcomes.iter().filter_map(|o| o.share).sum();
        assert!((sum - 1.0).abs() < 1e-9);
        let en = outcomes_of(&totals, 2023, Lang::english(true));
        assert_eq!(en.outcomes[0].label, "Disclosed");
        assert_eq!(en.outcomes[0].key, "t3.granted.total");
        // No requests: no shares, rather than a division by zero.
        let none = outcomes_of(&BTreeMap::new(), 2020, Lang::english(false));
        assert_eq!(none.total, 0.0);
        assert!(none.outcomes.iter().all(|o| o.share.is_none()));
    }
}
