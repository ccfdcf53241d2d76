//! Reports under review, for the pages and the API alike: reading an upload and keeping it,
//! checking it with the marks reviewers made, correcting a cell, marking a finding, rendering
//! it for download; and the views of them that both draw (a page) or serialise (JSON).

use crate::error::AppError;
use crate::state::AppState;
use axum::http::StatusCode;
use gongkai_check::{Finding, Selection, Severity};
use gongkai_core::value::parse_printed;
use gongkai_core::Lang;
use gongkai_core::{Cell, Certainty, Report};
use gongkai_store::drafts::{self, Draft, Mark, Quota};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// Reads an uploaded file: the report, and the lines its findings point into.
pub fn read_upload(
    state: &AppState,
    name: &str,
    bytes: &[u8],
) -> Result<(Report, Vec<String>), AppError> {
    // A read may take no longer than the request it answers: past the request's time limit
    // nobody waits for it.
    let limits = gongkai_read::Limits {
        max_time: state.config.limits.max_time.min(state.config.timeout),
        ..state.config.limits
    };
    gongkai_read::read_with(name, bytes, &limits)
        .map(|r| (r.report, r.lines))
        .map_err(|e| {
            let (zh, en) = match &e.kind {
                // A damaged file's details are a parser's words: for the log, not the page.
                gongkai_read::ErrorKind::Damaged { en, .. } => {
                    tracing::warn!("{}: {en}", gongkai_core::printable(name));
                    (
                        format!(
                            "{}: 文件已损坏或结构无法识别",
                            gongkai_core::printable(name)
                        ),
                        format!(
                            "{}: the file is damaged or its structure unreadable",
                            gongkai_core::printable(name)
                        ),
                    )
                }
                _ => (e.message_zh(), e.message_en()),
            };
            AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "unreadable", zh, en)
        })
}

/// The refusal of an upload that does not fit the user's quota.
pub fn over_quota(q: &Quota) -> AppError {
    let used_mb = q.used_bytes as f64 / (1 << 20) as f64;
    AppError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "quota",
        format!(
            "已达到上传限额：每位用户 24 小时内最多上传 {} 份、共 {} MB，您已上传 {} 份、{used_mb:.1} MB。\
             请稍后再试，或请管理员在“管理”页调整限额",
            q.uploads, q.megabytes, q.used_uploads
        ),
        format!(
            "upload quota reached: each user may upload {} files and {} MB in 24 hours, and you \
             have uploaded {} files, {used_mb:.1} MB. Try again later, or ask an administrator \
             to change the quota on the admin page",
            q.uploads, q.megabytes, q.used_uploads
        ),
    )
}

/// A draft with its findings, each with its number (as the page shows it) and its mark.
pub struct Reviewed {
    pub draft: Draft,
    pub findings: Vec<Finding>,
    pub marks: HashMap<String, Mark>,
}

impl Reviewed {
    pub fn mark(&self, f: &Finding) -> Option<Mark> {
        self.marks.get(&f.signature()).copied()
    }
}

/// Loads a draft and checks it as it stands now.
pub async fn load(state: &AppState, id: i64) -> Result<Reviewed, AppError> {
    let (draft, marks) = state
        .db(move |db| {
            let draft = drafts::get(db, id)?;
            let marks = drafts::marks(db, id)?;
            Ok((draft, marks))
        })
        .await?;
    let draft = draft.ok_or_else(|| {
        AppError::not_found(format!("没有编号为 {id} 的报告"), format!("no report {id}"))
    })?;
    let (draft, findings) = state
        .work(move || {
            let findings = gongkai_check::check(&draft.report, None, &Selection::default());
            Ok((draft, findings))
        })
        .await?;
    Ok(Reviewed {
        draft,
        findings,
        marks,
    })
}

/// Sets a cell to a value typed by a reviewer (a number, or empty, `/`, `—`, `无`). Returns
/// the old value and the new as printed.
pub fn correct_cell(
    report: &mut Report,
    key: &str,
    typed: &str,
) -> Result<(String, String), AppError> {
    let template = report.template();
    let Some(spec) = template.cell(key) else {
        return Err(AppError::bad_request(
            format!("模板中没有单元格 {key}"),
            format!("the template has no cell {key}"),
        ));
    };
    let label = spec.row.label.text.to_string();
    let typed = typed.trim();
    let Some(printed) = parse_printed(typed) else {
        return Err(AppError::bad_request(
            format!("「{typed}」不是数字，也不是空白标记（/、—、无）"),
            format!("{typed:?} is neither a number nor a blank marker (/, —, 无)"),
        ));
    };
    let new = typed.to_string();
    let old = match report.cells.iter_mut().find(|c| c.key == key) {
        Some(cell) => {
            let old = std::mem::replace(&mut cell.raw, new.clone());
            cell.printed = printed;
            // A person typed it from the original: no longer in doubt.
            cell.certainty = Certainty::Exact;
            old
        }
        None => {
            report.cells.push(Cell {
                key: key.to_string(),
                printed,
                raw: new.clone(),
                label,
                at: None,
                certainty: Certainty::Exact,
            });
            report.cells.sort_by_key(|c| template.position(&c.key));
            String::new()
        }
    };
    Ok((old, new))
}

/// A draft as the list of uploads shows it.
#[derive(Serialize, ToSchema)]
pub struct DraftSummary {
    pub id: i64,
    pub file: String,
    pub agency: Option<String>,
    pub year: Option<i64>,
    pub errors: i64,
    pub warnings: i64,
    pub notices: i64,
    /// Who uploaded it (`null` once their account is deleted).
    pub owner: Option<String>,
    /// When it last changed, in seconds since 1970 (UTC).
    pub updated: i64,
}

/// The drafts, newest first.
/// The drafts the user may see: every one, or for a member of an organ their own uploads.
pub async fn list(state: &AppState, who: &crate::auth::Who) -> Result<Vec<DraftSummary>, AppError> {
    let list = state.db(|db| Ok(drafts::list(db)?)).await?;
    let own = match (&who.user, &who.place) {
        (Some(u), Some(gongkai_store::scope::Membership::Organ { .. })) => Some(u.name.clone()),
        _ => None,
    };
    Ok(list
        .into_iter()
        .filter(|d| own.is_none() || d.owner == own)
        .map(|d| DraftSummary {
            id: d.id,
            file: d.file,
            agency: d.agency,
            year: d.year,
            errors: d.errors,
            warnings: d.warnings,
            notices: d.infos,
            owner: d.owner,
            updated: d.updated,
        })
        .collect())
}

/// Reads an upload and keeps it as a draft, when it fits the user's quota; returns its id.
pub async fn upload(
    state: &AppState,
    user: i64,
    name: String,
    bytes: axum::body::Bytes,
) -> Result<i64, AppError> {
    let size = bytes.len() as i64;
    // Refused before it is read, when it cannot fit; counted again as it is stored, since
    // other uploads may have come in meanwhile.
    if let Some(quota) = state
        .db(move |db| Ok(drafts::over_quota(db, Some(user), size)?))
        .await?
    {
        return Err(over_quota(&quota));
    }
    let s = state.clone();
    let (report, lines) = state.work(move || read_upload(&s, &name, &bytes)).await?;
    let source = lines.join("\n");
    state
        .db(
            move |db| match drafts::add(db, Some(user), &source, &report, size) {
                Ok(id) => Ok(id),
                Err(drafts::AddError::OverQuota(quota)) => Err(over_quota(&quota)),
                Err(drafts::AddError::Store(e)) => Err(e.into()),
            },
        )
        .await
}

/// Checks a report without keeping it: the JSON of `gongkai check --format json`.
pub async fn check(
    state: &AppState,
    name: String,
    bytes: axum::body::Bytes,
    lang: Lang,
) -> Result<serde_json::Value, AppError> {
    let s = state.clone();
    state
        .work(move || {
            let (report, _) = read_upload(&s, &name, &bytes)?;
            let findings = gongkai_check::check(&report, None, &Selection::default());
            serde_json::to_value(gongkai_check::json::Report::new(&report, &findings, lang))
                .map_err(|e| AppError::internal(e.to_string()))
        })
        .await
}

/// Corrects one cell of a draft, recorded in its trail.
pub async fn correct(
    state: &AppState,
    id: i64,
    user: i64,
    key: &str,
    value: &str,
) -> Result<(), AppError> {
    let (key, value) = (key.trim().to_string(), value.to_string());
    state
        .db(move |db| {
            drafts::correct(db, id, Some(user), &key, |report| {
                correct_cell(report, &key, &value)
            })?
            .ok_or_else(|| no_draft(id))
            .map(|_| ())
        })
        .await
}

/// Marks a finding of a draft (or clears its mark), recorded in its trail.
pub async fn mark(
    state: &AppState,
    id: i64,
    user: i64,
    finding: String,
    mark: Option<Mark>,
) -> Result<(), AppError> {
    state
        .db(move |db| Ok(drafts::mark(db, id, Some(user), &finding, mark)?))
        .await
}

fn no_draft(id: i64) -> AppError {
    AppError::not_found(format!("没有编号为 {id} 的报告"), format!("no report {id}"))
}

/// A file to download: its name, type and bytes.
pub struct Download {
    pub name: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// A draft written as DOCX, XLSX or CSV.
pub async fn download(state: &AppState, id: i64, format: &str) -> Result<Download, AppError> {
    let target = match format {
        "docx" => gongkai_render::Target::Docx,
        "xlsx" => gongkai_render::Target::Xlsx,
        "csv" => gongkai_render::Target::Csv,
        _ => {
            return Err(AppError::not_found(
                format!("不能下载为 {format}"),
                format!("no download as {format}"),
            ))
        }
    };
    let draft = state
        .db(move |db| Ok(drafts::get(db, id)?))
        .await?
        .ok_or_else(|| no_draft(id))?;
    let organ = draft
        .report
        .agency
        .clone()
        .unwrap_or_else(|| format!("report-{id}"));
    let year = draft.report.year.map_or(String::new(), |y| y.to_string());
    let bytes = state
        .work(move || {
            gongkai_render::render(&draft.report, target)
                .map_err(|e| AppError::internal(e.to_string()))
        })
        .await?;
    Ok(Download {
        name: format!("{organ}{year}.{}", target.extension()),
        mime: target.mime(),
        bytes,
    })
}

/// Where a finding points, as the API and the page show it.
#[derive(Serialize, ToSchema)]
pub struct Location {
    /// The line of the source text (from 1).
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// The PDF page (from 1).
    pub page: Option<u32>,
    /// The box on the page, in points from its top left.
    #[schema(value_type = Option<Object>)]
    pub bbox: Option<gongkai_core::BBox>,
    /// Where it is, in words: `第 3 页` / `表三「（二）部分公开」行「自然人」列`…
    pub place: Option<String>,
    /// The printed text around it.
    pub excerpt: Option<String>,
}

/// A finding as the API and the page show it.
#[derive(Serialize, ToSchema)]
pub struct FindingView {
    /// Its number on the page, from 1.
    pub number: usize,
    /// What it is about, the same however the numbers change: the key of its mark.
    pub signature: String,
    /// `confirmed` or `dismissed`, when a reviewer marked it.
    #[schema(value_type = Option<String>)]
    pub mark: Option<&'static str>,
    /// The rule's code (`A103`).
    pub code: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    pub message: String,
    /// What the template has, or how to fix it.
    pub help: Option<String>,
    /// The cells it names, with their values (`null` for a cell the report lacks).
    #[schema(value_type = Object)]
    pub cells: serde_json::Value,
    pub location: Location,
    #[serde(skip)]
    pub level: Severity,
    /// The keys of the cells it names, in the rule's order (the first is the one it is
    /// about): the JSON object of `cells` keeps no order.
    #[serde(skip)]
    pub keys: Vec<String>,
}

/// The printed text around a place, a window of a long line (HTML pages have lines of tens of
/// thousands of characters).
pub fn excerpt(source: &str, line: u32, column: u32) -> Option<String> {
    let text = source.lines().nth(line.checked_sub(1)? as usize)?;
    let chars: Vec<char> = text.chars().collect();
    let at = (column as usize).saturating_sub(1).min(chars.len());
    let from = at.saturating_sub(40);
    let to = (at + 40).min(chars.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.extend(&chars[from..to]);
    if to < chars.len() {
        out.push('…');
    }
    Some(out)
}

impl FindingView {
    /// The view of a finding of `report`, read from `source`.
    pub fn new(
        report: &Report,
        source: &str,
        f: &Finding,
        number: usize,
        mark: Option<Mark>,
        lang: Lang,
    ) -> FindingView {
        FindingView {
            number,
            signature: f.signature(),
            mark: mark.map(Mark::as_str),
            code: f.code.to_string(),
            severity: f.severity.as_str().to_string(),
            message: f.message.of(lang).to_string(),
            help: f.help.as_ref().map(|h| h.of(lang).to_string()),
            cells: serde_json::to_value(&f.cells).unwrap_or_default(),
            location: Location {
                line: f.at.map(|a| a.line),
                column: f.at.map(|a| a.column),
                page: f.at.and_then(|a| a.page),
                bbox: f.at.and_then(|a| a.bbox),
                place: gongkai_check::diagnostic::place(report, f, lang),
                excerpt: f.at.and_then(|a| excerpt(source, a.line, a.column)),
            },
            level: f.severity,
            keys: f.cells.keys().map(String::from).collect(),
        }
    }

    /// The view of a finding with no source to point into (a comparison of years).
    pub fn bare(f: &Finding, number: usize, lang: Lang) -> FindingView {
        FindingView {
            number,
            signature: f.signature(),
            mark: None,
            code: f.code.to_string(),
            severity: f.severity.as_str().to_string(),
            message: f.message.of(lang).to_string(),
            help: f.help.as_ref().map(|h| h.of(lang).to_string()),
            cells: serde_json::to_value(&f.cells).unwrap_or_default(),
            location: Location {
                line: f.at.map(|a| a.line),
                column: f.at.map(|a| a.column),
                page: f.at.and_then(|a| a.page),
                bbox: f.at.and_then(|a| a.bbox),
                place: None,
                excerpt: None,
            },
            level: f.severity,
            keys: f.cells.keys().map(String::from).collect(),
        }
    }

    /// The keys of the cells it names, the one it is about first.
    pub fn keys(&self) -> Vec<&str> {
        self.keys.iter().map(String::as_str).collect()
    }
}

/// How many findings of each severity.
#[derive(Serialize, ToSchema, Default, Clone, Copy)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub notices: usize,
}

impl Counts {
    pub fn of(severities: impl IntoIterator<Item = Severity>) -> Counts {
        let mut c = Counts::default();
        for s in severities {
            match s {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.notices += 1,
            }
        }
        c
    }
}

/// A change in a draft's trail or the site's, in words.
#[derive(Serialize, ToSchema)]
pub struct ChangeView {
    /// When, in seconds since 1970 (UTC).
    pub at: i64,
    pub user: Option<String>,
    pub draft: Option<i64>,
    /// `upload`, `edit`, `mark`, `setting`, `user`, `role`, `password`, `disable`, `enable`,
    /// `delete`.
    pub action: String,
    /// The cell, finding, setting or user changed.
    pub key: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The changes of a draft (`Some(id)`) or of the whole site, newest first.
pub async fn changes(state: &AppState, id: Option<i64>) -> Result<Vec<ChangeView>, AppError> {
    let changes = state.db(move |db| Ok(drafts::changes(db, id)?)).await?;
    Ok(changes
        .into_iter()
        .map(|c| ChangeView {
            at: c.at,
            user: c.user,
            draft: c.draft,
            action: c.action,
            key: c.key,
            old: c.old,
            new: c.new,
        })
        .collect())
}

/// A draft under review: what the page draws and the API answers.
#[derive(Serialize, ToSchema)]
pub struct DraftView {
    pub id: i64,
    pub file: String,
    pub agency: Option<String>,
    pub year: Option<i32>,
    /// `2021` or `2019`.
    #[schema(value_type = String)]
    pub template: gongkai_core::Version,
    /// Every cell read, by key: a number, or the printed blank marker.
    #[schema(value_type = Object)]
    pub cells: serde_json::Value,
    /// The cells not read for certain: to be checked against the original.
    pub uncertain: Vec<String>,
    pub findings: Vec<FindingView>,
    pub counts: Counts,
    pub created: i64,
    pub updated: i64,
    #[serde(skip)]
    pub report: Report,
    #[serde(skip)]
    pub source: String,
}

/// A draft and its findings, as they stand now.
pub async fn view(state: &AppState, id: i64, lang: Lang) -> Result<DraftView, AppError> {
    let r = load(state, id).await?;
    let report = &r.draft.report;
    let findings: Vec<FindingView> = r
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| FindingView::new(report, &r.draft.source, f, i + 1, r.mark(f), lang))
        .collect();
    Ok(DraftView {
        id: r.draft.id,
        file: r.draft.file.clone(),
        agency: report.agency.clone(),
        year: report.year,
        template: report.template,
        cells: serde_json::to_value(report.cells_view().cells).unwrap_or_default(),
        uncertain: report.uncertain().into_iter().map(String::from).collect(),
        counts: Counts::of(r.findings.iter().map(|f| f.severity)),
        findings,
        created: r.draft.created,
        updated: r.draft.updated,
        report: r.draft.report,
        source: r.draft.source,
    })
}

#[cfg(test)]
mod tests {
    use super::correct_cell;
    use gongkai_core::{Report, Version};

    #[test]
    fn corrects_adds_and_refuses() {
        let mut r = Report::from_cells("x", None, Some(2023), Version::V2021, Vec::new());
        assert_eq!(
            correct_cell(&mut r, "t3.new.total", "21").unwrap(),
            (String::new(), "21".to_string())
        );
        assert_eq!(
            correct_cell(&mut r, "t3.new.total", "1,021").unwrap(),
            ("21".to_string(), "1,021".to_string())
        );
        assert_eq!(
            r.value("t3.new.total").unwrap().number().unwrap().as_int(),
            Some(1021)
        );
        assert!(correct_cell(&mut r, "t3.nothing", "1").is_err());
        assert!(correct_cell(&mut r, "t3.new.total", "twenty").is_err());
    }
}
