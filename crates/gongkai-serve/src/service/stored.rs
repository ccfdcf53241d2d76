//! A stored report opened like an upload: its tables with the cells findings name, its
//! findings, the text it was read from, the organ's versions of that year, and the year
//! before beside it.

use crate::error::AppError;
use crate::service::corpus::ChangedCell;
use crate::service::drafts::{Counts, FindingView, Location};
use crate::state::AppState;
use gongkai_check::{Selection, Severity};
use gongkai_core::{Lang, Report};
use gongkai_store::findings::Stored as StoredFinding;
use serde::Serialize;
use utoipa::ToSchema;

/// One version of the organ's year.
#[derive(Serialize, ToSchema)]
pub struct VersionView {
    pub id: i64,
    pub version: i64,
    /// The version the corpus counts.
    pub current: bool,
    pub file: String,
}

/// The report beside the organ's report of the year before.
#[derive(Serialize, ToSchema)]
pub struct YearOverYear {
    /// The year before's stored report.
    pub id: i64,
    pub year: i64,
    /// The cells whose values differ.
    pub changed: Vec<ChangedCell>,
    /// Why the years were not compared cell by cell (another template, say).
    pub skipped: Option<String>,
    /// What the rules across years (Y…) found.
    pub findings: Vec<FindingView>,
}

/// A passage of the report found again elsewhere, beside its source.
#[derive(Serialize, ToSchema)]
pub struct PassageView {
    /// As printed in this report.
    pub text: String,
    /// As printed in the source.
    pub source: String,
    /// The organ whose report prints the source, its year and its stored id.
    pub organ: String,
    pub year: i64,
    pub report_id: i64,
    /// 0 to 1.
    pub similarity: f64,
}

/// A section's text repeated from the organ's report of the year before (`last-year`) or
/// from other organs' reports of the same year (`others`).
#[derive(Serialize, ToSchema)]
pub struct RepeatView {
    /// `last-year` or `others`.
    pub from: String,
    /// 1 to 6.
    pub section: u8,
    /// Characters compared (boilerplate and template sentences left out), and of those the
    /// characters repeated.
    pub chars: usize,
    pub repeated: usize,
    /// `repeated / chars`.
    pub share: f64,
    pub passages: Vec<PassageView>,
}

/// A stored report version: what its page draws and the API answers.
#[derive(Serialize, ToSchema)]
pub struct StoredView {
    pub id: i64,
    pub organ: String,
    pub place: Option<String>,
    pub year: i64,
    pub version: i64,
    /// Whether this is the version the corpus counts (a later one replaces it).
    pub current: bool,
    /// The file it was imported from, and its format.
    pub file: String,
    pub format: String,
    /// `2021` or `2019`.
    #[schema(value_type = String)]
    pub template: gongkai_core::Version,
    /// Every cell read, by key: a number, or the printed blank marker.
    #[schema(value_type = Object)]
    pub cells: serde_json::Value,
    /// The cells not read for certain.
    pub uncertain: Vec<String>,
    pub findings: Vec<FindingView>,
    pub counts: Counts,
    /// The lines it was read from; `null` for a version imported before the store kept them.
    pub source: Option<String>,
    pub versions: Vec<VersionView>,
    pub previous: Option<YearOverYear>,
    /// The sections with text repeated from last year's report or other organs' of the year.
    pub repeats: Vec<RepeatView>,
    #[serde(skip)]
    pub report: Report,
}

/// Opens a stored version by its id.
pub async fn view(state: &AppState, id: i64, lang: Lang) -> Result<StoredView, AppError> {
    let (stored, peers, previous, repeats) = state
        .db(move |db| {
            let Some(s) = gongkai_store::stored::open(db, id)? else {
                return Ok(None);
            };
            // The outliers among peers are the store's own findings: they need the corpus.
            let peers: Vec<StoredFinding> = gongkai_store::findings::of_version(db, id)?
                .into_iter()
                .filter(|f| f.code.starts_with('P'))
                .collect();
            // The year before is beside the report, not part of it: one that cannot be read
            // leaves the comparison out (and the log says why), not the report.
            let previous = match s
                .previous
                .map(|p| (p, gongkai_store::stored::report(db, p)))
            {
                Some((p, Ok(Some(r)))) => Some((p, r)),
                Some((p, Err(e))) => {
                    tracing::warn!("report {p}, the year before report {id}: {e}");
                    None
                }
                _ => None,
            };
            // The corpus is what everyone who may open a stored report sees (the organs' members
            // are kept out of it), so the sources are theirs to see too.
            let repeats = gongkai_store::repeats::of_report(
                db,
                id,
                &[
                    gongkai_store::repeats::Source::LastYear,
                    gongkai_store::repeats::Source::Others,
                ],
            )?;
            Ok(Some((s, peers, previous, repeats)))
        })
        .await?
        .ok_or_else(|| {
            AppError::not_found(
                format!("语料库中没有编号为 {id} 的报告"),
                format!("no stored report numbered {id}"),
            )
        })?;
    // Checking and comparing take a worker's turn, as an upload's do.
    state
        .work(move || Ok(build(stored, peers, previous, repeats, lang)))
        .await
}

fn build(
    s: gongkai_store::stored::Stored,
    peers: Vec<StoredFinding>,
    previous: Option<(i64, Report)>,
    repeats: Vec<gongkai_store::repeats::Repeats>,
    lang: Lang,
) -> StoredView {
    let report = s.report;
    let source = s.source.unwrap_or_default();
    let checked = gongkai_check::check(&report, None, &Selection::default());
    let mut findings: Vec<FindingView> = checked
        .iter()
        .enumerate()
        .map(|(i, f)| FindingView::new(&report, &source, f, i + 1, None, lang))
        .collect();
    let first = findings.len();
    findings.extend(
        peers
            .iter()
            .enumerate()
            .map(|(i, f)| stored_finding(f, first + i + 1, lang)),
    );
    let previous = previous.map(|(id, before)| {
        let c = gongkai_check::years::compare(&before, &report);
        YearOverYear {
            id,
            year: before.year.map_or(s.year - 1, i64::from),
            changed: c
                .changed
                .iter()
                .map(|x| ChangedCell {
                    key: x.key.clone(),
                    label: x.label.to_string(),
                    before: x.before.clone(),
                    after: x.after.clone(),
                })
                .collect(),
            skipped: c.skipped.as_ref().map(|t| t.of(lang).to_string()),
            findings: c
                .findings
                .iter()
                .enumerate()
                .map(|(i, f)| FindingView::bare(f, i + 1, lang))
                .collect(),
        }
    });
    StoredView {
        id: s.id,
        organ: s.organ,
        place: s.place,
        year: s.year,
        version: s.version,
        current: s.current,
        file: s.file,
        format: s.format,
        template: report.template,
        cells: serde_json::to_value(report.cells_view().cells).unwrap_or_default(),
        uncertain: report.uncertain().into_iter().map(String::from).collect(),
        counts: Counts::of(findings.iter().map(|f| f.level)),
        findings,
        source: (!source.is_empty()).then_some(source),
        versions: s
            .versions
            .into_iter()
            .map(|v| VersionView {
                id: v.id,
                version: v.version,
                current: v.current,
                file: v.file,
            })
            .collect(),
        previous,
        repeats: repeats
            .iter()
            .flat_map(|r| {
                r.sections
                    .iter()
                    .filter(|s| s.repeated > 0)
                    .map(|s| RepeatView {
                        from: r.from.as_str().to_string(),
                        section: s.section,
                        chars: s.chars,
                        repeated: s.repeated,
                        share: s.share(),
                        passages: s
                            .passages
                            .iter()
                            .map(|p| PassageView {
                                text: p.passage.text.clone(),
                                source: p.passage.source.clone(),
                                organ: p.organ.clone(),
                                year: p.year,
                                report_id: p.report_id,
                                similarity: p.passage.similarity,
                            })
                            .collect(),
                    })
            })
            .collect(),
        report,
    }
}

/// A finding as the store kept it (the outliers among peers, found over the corpus).
fn stored_finding(f: &StoredFinding, number: usize, lang: Lang) -> FindingView {
    let level = match f.severity.as_str() {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        _ => Severity::Info,
    };
    FindingView {
        number,
        signature: format!("{}:{}", f.code, f.cells),
        mark: None,
        code: f.code.clone(),
        severity: f.severity.clone(),
        message: f.message.of(lang).to_string(),
        help: None,
        cells: serde_json::from_str(&f.cells).unwrap_or_default(),
        keys: serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&f.cells)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default(),
        location: Location {
            line: f.line.and_then(|l| u32::try_from(l).ok()),
            column: None,
            page: f.page.and_then(|p| u32::try_from(p).ok()),
            bbox: None,
            place: None,
            excerpt: None,
        },
        level,
    }
}
