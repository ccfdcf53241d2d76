//! The comparison report of an organ's two stored years, for the page, the API and the DOCX
//! download alike: `gongkai_check::year_on_year`'s model, as the command line draws it.

use crate::error::AppError;
use crate::service::drafts::{Download, FindingView};
use crate::state::AppState;
use gongkai_check::year_on_year::{self, RateChange, YearOnYear};
use gongkai_core::template::SECTIONS;
use gongkai_core::Lang;
use gongkai_store::query;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The two years compared.
#[derive(Deserialize, IntoParams, Clone, Copy)]
#[into_params(parameter_in = Query)]
pub struct Years {
    /// The earlier year.
    pub from: i64,
    /// The later year.
    pub to: i64,
}

/// One rate in both years, from 0 to 1 (none where a cell is missing or uncertain, or
/// nothing to be a share of).
#[derive(Serialize, ToSchema)]
pub struct RateView {
    /// `disclosure`, `withholding`, `correction` or `loss`.
    pub id: String,
    /// 公开率, 不予公开率, 复议纠错率, 败诉率 (in the language asked for).
    pub name: String,
    pub definition: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// In percentage points.
    pub points: Option<f64>,
}

/// One cell in both years, as printed (`—` where the report has none).
#[derive(Serialize, ToSchema)]
pub struct CellView {
    pub key: String,
    pub row: String,
    pub column: String,
    pub before: String,
    pub after: String,
    /// `+12`, `-3`, `0`, or `—` where there is no difference to state.
    pub change: String,
}

/// One table's cells.
#[derive(Serialize, ToSchema)]
pub struct TableView {
    /// `t2`, `t3` or `t4`.
    pub table: String,
    pub name: String,
    pub cells: Vec<CellView>,
}

/// A passage of the later report's section found again in the earlier one's.
#[derive(Serialize, ToSchema)]
pub struct PassageView {
    pub text: String,
    pub source: String,
    pub similarity: f64,
}

/// How much of one section repeats last year's.
#[derive(Serialize, ToSchema)]
pub struct SectionView {
    /// 1..=6.
    pub section: u8,
    pub heading: String,
    /// Characters compared (boilerplate and the template's own sentences left out).
    pub chars: usize,
    pub repeated: usize,
    /// `repeated / chars`; none when nothing was compared.
    pub share: Option<f64>,
    pub passages: Vec<PassageView>,
}

/// An organ's two years side by side.
#[derive(Serialize, ToSchema)]
pub struct ComparisonView {
    pub organ: String,
    pub from: i64,
    pub to: i64,
    pub title: String,
    pub rates: Vec<RateView>,
    pub tables: Vec<TableView>,
    /// How many cells differ.
    pub changed: usize,
    /// The findings of the earlier and the later report alone.
    pub findings_before: Vec<FindingView>,
    pub findings_after: Vec<FindingView>,
    /// The rules across years (Y), when they were run.
    pub findings_across: Vec<FindingView>,
    /// Why the rules across years were not run.
    pub skipped: Option<String>,
    /// Each section's text against last year's.
    pub text: Vec<SectionView>,
    #[serde(skip)]
    pub model: YearOnYear,
}

/// Compares the organ's stored reports of two years; 404 when either is not there.
pub async fn compare(
    state: &AppState,
    organ: String,
    years: Years,
    lang: Lang,
) -> Result<ComparisonView, AppError> {
    if years.from >= years.to {
        return Err(AppError::bad_request(
            format!("from（{}）应早于 to（{}）", years.from, years.to),
            format!("from ({}) must be before to ({})", years.from, years.to),
        ));
    }
    let name = organ.clone();
    let (before, after) = state
        .db(move |db| {
            Ok((
                query::report(db, &name, Some(years.from))?,
                query::report(db, &name, Some(years.to))?,
            ))
        })
        .await?;
    let (Some(before), Some(after)) = (before, after) else {
        return Err(AppError::not_found(
            format!(
                "语料库中没有「{organ}」{} 和 {} 两个年度的报告",
                years.from, years.to
            ),
            format!(
                "the store has no reports of {organ} for both {} and {}",
                years.from, years.to
            ),
        ));
    };
    let model = year_on_year::compare(&before, &after);
    Ok(view(organ, years, model, lang))
}

fn view(organ: String, years: Years, c: YearOnYear, lang: Lang) -> ComparisonView {
    let en = lang.is_english();
    let findings = |fs: &[gongkai_check::Finding]| {
        fs.iter()
            .enumerate()
            .map(|(i, f)| FindingView::bare(f, i + 1, lang))
            .collect()
    };
    ComparisonView {
        organ: c.organ.clone().unwrap_or(organ),
        from: years.from,
        to: years.to,
        title: c.title(en),
        rates: c
            .rates
            .iter()
            .map(|r: &RateChange| RateView {
                id: r.rate.id.to_string(),
                name: if en { r.rate.en } else { r.rate.zh }.to_string(),
                definition: if en {
                    r.rate.definition_en
                } else {
                    r.rate.definition_zh
                }
                .to_string(),
                before: r.before,
                after: r.after,
                points: r.points(),
            })
            .collect(),
        tables: c
            .tables
            .iter()
            .map(|t| TableView {
                table: t.table.prefix().to_string(),
                name: if en {
                    t.table.name_en()
                } else {
                    t.table.name_zh()
                }
                .to_string(),
                cells: t
                    .cells
                    .iter()
                    .map(|cell| CellView {
                        key: cell.key.clone(),
                        row: cell.row_label(),
                        column: cell.column.to_string(),
                        before: cell.before_text(),
                        after: cell.after_text(),
                        change: cell.change_text(),
                    })
                    .collect(),
            })
            .collect(),
        changed: c.changed(),
        findings_before: findings(&c.before.findings),
        findings_after: findings(&c.after.findings),
        findings_across: findings(&c.across.findings),
        skipped: c.across.skipped.as_ref().map(|t| t.of(lang).to_string()),
        text: c
            .text
            .iter()
            .map(|s| SectionView {
                section: s.section,
                heading: SECTIONS
                    .iter()
                    .find(|spec| spec.number == s.section)
                    .map_or(String::new(), |spec| spec.label.text.to_string()),
                chars: s.chars,
                repeated: s.repeated,
                share: (s.chars > 0).then(|| s.share()),
                passages: s
                    .passages
                    .iter()
                    .map(|p| PassageView {
                        text: p.text.clone(),
                        source: p.source.clone(),
                        similarity: p.similarity,
                    })
                    .collect(),
            })
            .collect(),
        model: c,
    }
}

/// The comparison as the DOCX the command line writes.
pub fn docx(v: &ComparisonView, lang: Lang) -> Download {
    Download {
        name: format!("{}-{}-{}.docx", v.organ, v.from, v.to),
        mime: gongkai_render::Target::Docx.mime(),
        bytes: gongkai_render::docx::comparison::render(&v.model, lang),
    }
}
