//! The corpus, for the pages and the API alike: who has not filed, an organ across its
//! years, a region's roll-up, statistics.

use crate::error::AppError;
use crate::service::drafts::{Counts, FindingView};
use crate::state::AppState;
use gongkai_check::Selection;
use gongkai_core::{Lang, Report};
use gongkai_store::history::history;
use gongkai_store::query;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The filters of the corpus's pages that take a year and a region.
#[derive(Deserialize, Default, IntoParams, Clone)]
#[into_params(parameter_in = Query)]
pub struct YearRegion {
    /// The year reported on; the latest stored when left out.
    pub year: Option<i64>,
    /// A place or region (`淮安市`: its own organs and those of the places within it).
    pub region: Option<String>,
}

/// The years the store holds, latest first.
pub async fn years(state: &AppState) -> Result<Vec<i64>, AppError> {
    let mut years = state.db(|db| Ok(query::years(db)?)).await?;
    years.sort_unstable_by(|a, b| b.cmp(a));
    Ok(years)
}

/// An organ that filed in another year but not in this one.
#[derive(Serialize, ToSchema)]
pub struct MissingOrgan {
    pub organ: String,
    pub place: Option<String>,
    /// The latest year it filed.
    pub last: i64,
}

/// Who has not filed a year's report.
#[derive(Serialize, ToSchema)]
pub struct MissingView {
    pub year: Option<i64>,
    pub region: Option<String>,
    pub organs: Vec<MissingOrgan>,
}

pub async fn missing(state: &AppState, q: YearRegion) -> Result<MissingView, AppError> {
    let year = match q.year {
        Some(y) => Some(y),
        None => years(state).await?.first().copied(),
    };
    let region = q.region.filter(|r| !r.trim().is_empty());
    let organs = match year {
        Some(y) => {
            let r = region.clone();
            state
                .db(move |db| Ok(query::missing(db, y, r.as_deref())?))
                .await?
        }
        None => Vec::new(),
    };
    Ok(MissingView {
        year,
        region,
        organs: organs
            .into_iter()
            .map(|m| MissingOrgan {
                organ: m.organ,
                place: m.place,
                last: m.last,
            })
            .collect(),
    })
}

/// One of an organ's reports.
#[derive(Serialize, ToSchema)]
pub struct OrganReport {
    /// The stored version's id: `/corpus/reports/{id}`.
    pub id: i64,
    pub year: i64,
    pub version: i64,
    pub errors: i64,
    pub warnings: i64,
    pub notices: i64,
}

/// A cell that changed from one year to the next.
#[derive(Serialize, ToSchema)]
pub struct ChangedCell {
    pub key: String,
    /// Its row's label, as the template prints it.
    pub label: String,
    pub before: String,
    pub after: String,
}

/// From one year's report to the next.
#[derive(Serialize, ToSchema)]
pub struct StepView {
    pub from: i64,
    pub to: i64,
    pub changed: Vec<ChangedCell>,
    /// Why the years were not compared cell by cell (another template, say).
    pub skipped: Option<String>,
    /// The rules across years (Y…) that found something.
    pub findings: Vec<FindingView>,
}

/// An organ across its years.
#[derive(Serialize, ToSchema)]
pub struct OrganView {
    pub organ: String,
    pub reports: Vec<OrganReport>,
    pub steps: Vec<StepView>,
}

pub async fn organ(state: &AppState, name: String, lang: Lang) -> Result<OrganView, AppError> {
    let n = name.clone();
    let h = state.db(move |db| Ok(history(db, &n)?)).await?;
    if h.reports.is_empty() {
        return Err(AppError::not_found(
            format!("语料库中没有「{name}」的报告"),
            format!("no report of {name} in the store"),
        ));
    }
    Ok(OrganView {
        organ: h.name,
        reports: h
            .reports
            .iter()
            .map(|l| OrganReport {
                id: l.id,
                year: l.year,
                version: l.version,
                errors: l.errors,
                warnings: l.warnings,
                notices: l.infos,
            })
            .collect(),
        steps: h
            .steps
            .iter()
            .map(|s| StepView {
                from: s.from,
                to: s.to,
                changed: s
                    .comparison
                    .changed
                    .iter()
                    .map(|c| ChangedCell {
                        key: c.key.clone(),
                        label: c.label.to_string(),
                        before: c.before.clone(),
                        after: c.after.clone(),
                    })
                    .collect(),
                skipped: s
                    .comparison
                    .skipped
                    .as_ref()
                    .map(|t| t.of(lang).to_string()),
                findings: s
                    .comparison
                    .findings
                    .iter()
                    .enumerate()
                    .map(|(i, f)| FindingView::bare(f, i + 1, lang))
                    .collect(),
            })
            .collect(),
    })
}

/// A region's reports of a year summed, as one report checked like any other.
#[derive(Serialize, ToSchema)]
pub struct RollupView {
    pub region: String,
    pub year: i64,
    /// How many organs' reports were summed; 0 when there were none.
    pub organs: usize,
    #[schema(value_type = Object)]
    pub cells: serde_json::Value,
    pub uncertain: Vec<String>,
    pub findings: Vec<FindingView>,
    pub counts: Counts,
    #[serde(skip)]
    pub report: Option<Report>,
}

pub async fn rollup(
    state: &AppState,
    region: String,
    year: i64,
    lang: Lang,
) -> Result<RollupView, AppError> {
    let r = region.clone();
    let rolled = state.db(move |db| Ok(query::rollup(db, &r, year)?)).await?;
    let Some((report, organs)) = rolled else {
        return Ok(RollupView {
            region,
            year,
            organs: 0,
            cells: serde_json::Value::Object(Default::default()),
            uncertain: Vec::new(),
            findings: Vec::new(),
            counts: Counts::default(),
            report: None,
        });
    };
    let findings = gongkai_check::check(&report, None, &Selection::default());
    Ok(RollupView {
        region,
        year,
        organs,
        cells: serde_json::to_value(report.cells_view().cells).unwrap_or_default(),
        uncertain: report.uncertain().into_iter().map(String::from).collect(),
        counts: Counts::of(findings.iter().map(|f| f.severity)),
        findings: findings
            .iter()
            .enumerate()
            .map(|(i, f)| FindingView::new(&report, "", f, i + 1, None, lang))
            .collect(),
        report: Some(report),
    })
}

/// What statistics are grouped by.
#[derive(Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// Only this year.
    pub year: Option<i64>,
    /// `year` (the default), `organ` or `place`.
    pub by: Option<String>,
}

/// One group's figures.
#[derive(Serialize, ToSchema)]
pub struct StatsRow {
    /// The organ or place; empty when grouped by year alone.
    pub group: String,
    pub year: i64,
    pub reports: i64,
    /// Requests received (new this year).
    pub received: f64,
    /// 公开率: granted and partly granted of the requests answered.
    pub disclosure_rate: Option<f64>,
    /// 复议纠错率: reviews that corrected the organ of those decided.
    pub correction_rate: Option<f64>,
}

pub async fn stats(state: &AppState, q: StatsQuery) -> Result<Vec<StatsRow>, AppError> {
    let by = match q.by.as_deref() {
        None | Some("year") => query::By::Year,
        Some("organ") => query::By::Organ,
        Some("place") => query::By::Place,
        Some(other) => {
            return Err(AppError::bad_request(
                format!("by 应为 year、organ 或 place，而不是 {other}"),
                format!("by must be year, organ or place, not {other}"),
            ))
        }
    };
    let only = query::Only {
        year: q.year,
        organ: None,
    };
    let rows = state.db(move |db| Ok(query::stats(db, by, &only)?)).await?;
    Ok(rows
        .into_iter()
        .map(|s| StatsRow {
            group: s.group,
            year: s.year,
            reports: s.reports,
            received: s.received,
            disclosure_rate: s.disclosure_rate,
            correction_rate: s.correction_rate,
        })
        .collect())
}
