//! A report under review, shared by the pages and the API: reading an upload, checking it with
//! the marks reviewers made, and correcting a cell.

use crate::error::AppError;
use crate::state::AppState;
use axum::http::StatusCode;
use gongkai_check::{Finding, Selection};
use gongkai_core::value::parse_printed;
use gongkai_core::{Cell, Certainty, Report};
use gongkai_store::drafts::{self, Draft, Mark, Quota};
use std::collections::HashMap;

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
                    eprintln!("gongkai serve: {}: {en}", gongkai_core::printable(name));
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
    /// The findings with a cell, by key: the numbers of the findings that name it.
    pub fn numbers_by_cell(&self) -> HashMap<&str, Vec<usize>> {
        let mut out: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, f) in self.findings.iter().enumerate() {
            for k in f.cells.keys() {
                out.entry(k).or_default().push(i + 1);
            }
        }
        out
    }

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
