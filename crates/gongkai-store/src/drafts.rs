//! Reports uploaded for review in the web UI: the report as read (with the text it was read
//! from, for the source view), the corrections made to its cells, the findings marked
//! confirmed or dismissed, and an audit trail of every change — who, when, the old value and
//! the new.

use crate::accounts::now;
use crate::db::{Db, DbError, Val};
use gongkai_core::Report;
use std::collections::HashMap;

/// A report under review.
#[derive(Clone, Debug)]
pub struct Draft {
    pub id: i64,
    pub owner: Option<i64>,
    pub file: String,
    /// The lines the report was read from, joined by `\n`: findings point into them.
    pub source: String,
    /// The report, with the corrections made so far.
    pub report: Report,
    pub created: i64,
    pub updated: i64,
}

/// One line of the listing.
#[derive(Clone, Debug, PartialEq)]
pub struct Listed {
    pub id: i64,
    pub file: String,
    pub agency: Option<String>,
    pub year: Option<i64>,
    pub owner: Option<String>,
    pub updated: i64,
}

/// A finding's mark: what a reviewer decided about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Confirmed,
    Dismissed,
}

impl Mark {
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Confirmed => "confirmed",
            Mark::Dismissed => "dismissed",
        }
    }

    pub fn parse(s: &str) -> Option<Mark> {
        match s {
            "confirmed" => Some(Mark::Confirmed),
            "dismissed" => Some(Mark::Dismissed),
            _ => None,
        }
    }
}

/// One change, as the audit trail keeps it.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub at: i64,
    pub user: Option<String>,
    pub draft: Option<i64>,
    /// `upload`, `edit`, `mark`, `setting`; of accounts `user` (added), `role`, `password`,
    /// `disable`, `enable`, `delete`.
    pub action: String,
    pub key: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
}

fn model(report: &Report) -> Result<String, DbError> {
    serde_json::to_string(report).map_err(|e| DbError(e.to_string()))
}

/// Records a change. Part of the caller's transaction. The row keeps the user's name as well
/// as their number, so that it still says who once the user is deleted.
#[allow(clippy::too_many_arguments)]
pub fn record(
    db: &mut Db,
    user: Option<i64>,
    draft: Option<i64>,
    action: &str,
    key: Option<&str>,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<(), DbError> {
    let text = |s: Option<&str>| s.map_or(Val::Null, Val::from);
    db.execute(
        "INSERT INTO audit (at, user_id, user_name, draft_id, action, key, old, new)
         VALUES ($1, $2, (SELECT name FROM users WHERE id = $2), $3, $4, $5, $6, $7)",
        &[
            now().into(),
            user.into(),
            draft.into(),
            action.into(),
            text(key),
            text(old),
            text(new),
        ],
    )?;
    Ok(())
}

/// Stores an uploaded report; returns its id.
pub fn add(db: &mut Db, owner: Option<i64>, source: &str, report: &Report) -> Result<i64, DbError> {
    let model = model(report)?;
    let file = report.source.file.clone();
    db.transaction(|db| {
        let t = now();
        let id = db
            .query(
                "INSERT INTO drafts (owner, file, source, model, created, updated)
                 VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
                &[
                    owner.into(),
                    file.clone().into(),
                    source.into(),
                    model.as_str().into(),
                    t.into(),
                ],
            )?
            .first()
            .and_then(|r| r[0].int())
            .unwrap_or(0);
        record(db, owner, Some(id), "upload", None, None, Some(&file))?;
        Ok(id)
    })
}

fn parse(id: i64, model: &str) -> Result<Report, DbError> {
    serde_json::from_str(model).map_err(|e| DbError(format!("draft {id}: {e}")))
}

pub fn get(db: &mut Db, id: i64) -> Result<Option<Draft>, DbError> {
    let rows = db.query(
        "SELECT id, owner, file, source, model, created, updated FROM drafts WHERE id = $1",
        &[id.into()],
    )?;
    let Some(r) = rows.first() else {
        return Ok(None);
    };
    let report = parse(id, r[4].text().unwrap_or_default())?;
    Ok(Some(Draft {
        id,
        owner: r[1].int(),
        file: r[2].text().unwrap_or_default().to_string(),
        source: r[3].text().unwrap_or_default().to_string(),
        report,
        created: r[5].int().unwrap_or(0),
        updated: r[6].int().unwrap_or(0),
    }))
}

/// The drafts, the latest first.
pub fn list(db: &mut Db) -> Result<Vec<Listed>, DbError> {
    let rows = db.query(
        "SELECT d.id, d.file, d.model, u.name, d.updated FROM drafts d LEFT JOIN users u ON u.id = d.owner
         ORDER BY d.updated DESC, d.id DESC",
        &[],
    )?;
    Ok(rows
        .iter()
        .map(|r| {
            // Only the head of the model is needed here.
            let head: serde_json::Value =
                serde_json::from_str(r[2].text().unwrap_or("{}")).unwrap_or_default();
            Listed {
                id: r[0].int().unwrap_or(0),
                file: r[1].text().unwrap_or_default().to_string(),
                agency: head["agency"].as_str().map(String::from),
                year: head["year"].as_i64(),
                owner: r[3].text().map(String::from),
                updated: r[4].int().unwrap_or(0),
            }
        })
        .collect())
}

/// Corrects a draft's report with `edit`, which returns the old value and the new as printed,
/// and records the change; `None` when there is no such draft.
///
/// The draft is read, edited and written back in one transaction holding the write lock, so
/// that corrections of other cells made at the same moment are never overwritten. `edit` may
/// run more than once (see [`Db::transaction`]), on the draft as it then stands.
pub fn correct<E: From<DbError>>(
    db: &mut Db,
    id: i64,
    user: Option<i64>,
    key: &str,
    mut edit: impl FnMut(&mut Report) -> Result<(String, String), E>,
) -> Result<Option<(String, String)>, E> {
    db.transaction(|db| {
        let rows = db.query("SELECT model FROM drafts WHERE id = $1", &[id.into()])?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        let mut report = parse(id, row[0].text().unwrap_or_default())?;
        let (old, new) = edit(&mut report)?;
        db.execute(
            "UPDATE drafts SET model = $1, updated = $2 WHERE id = $3",
            &[model(&report)?.into(), now().into(), id.into()],
        )?;
        record(
            db,
            user,
            Some(id),
            "edit",
            Some(key),
            Some(&old),
            Some(&new),
        )?;
        Ok(Some((old, new)))
    })
}

/// Marks a finding (by its [signature](crate::drafts)) confirmed or dismissed, or clears the
/// mark with `None`, and records the change.
pub fn mark(
    db: &mut Db,
    id: i64,
    user: Option<i64>,
    finding: &str,
    state: Option<Mark>,
) -> Result<(), DbError> {
    db.transaction(|db| {
        let old = marks(db, id)?.remove(finding);
        db.execute(
            "DELETE FROM marks WHERE draft_id = $1 AND finding = $2",
            &[id.into(), finding.into()],
        )?;
        if let Some(state) = state {
            db.execute(
                "INSERT INTO marks (draft_id, finding, state, user_id, at) VALUES ($1, $2, $3, $4, $5)",
                &[id.into(), finding.into(), state.as_str().into(), user.into(), now().into()],
            )?;
        }
        record(
            db,
            user,
            Some(id),
            "mark",
            Some(finding),
            old.map(Mark::as_str),
            state.map(Mark::as_str),
        )
    })
}

/// The marks of a draft's findings, by signature.
pub fn marks(db: &mut Db, id: i64) -> Result<HashMap<String, Mark>, DbError> {
    Ok(db
        .query(
            "SELECT finding, state FROM marks WHERE draft_id = $1",
            &[id.into()],
        )?
        .iter()
        .filter_map(|r| Some((r[0].text()?.to_string(), Mark::parse(r[1].text()?)?)))
        .collect())
}

/// The audit trail, the latest first: of one draft, or of everything.
pub fn changes(db: &mut Db, draft: Option<i64>) -> Result<Vec<Change>, DbError> {
    let sql = format!(
        "SELECT a.at, a.user_name, a.draft_id, a.action, a.key, a.old, a.new FROM audit a {}
         ORDER BY a.id DESC",
        if draft.is_some() {
            "WHERE a.draft_id = $1"
        } else {
            ""
        }
    );
    let params: Vec<Val> = draft.into_iter().map(Val::Int).collect();
    Ok(db
        .query(&sql, &params)?
        .iter()
        .map(|r| Change {
            at: r[0].int().unwrap_or(0),
            user: r[1].text().map(String::from),
            draft: r[2].int(),
            action: r[3].text().unwrap_or_default().to_string(),
            key: r[4].text().map(String::from),
            old: r[5].text().map(String::from),
            new: r[6].text().map(String::from),
        })
        .collect())
}
