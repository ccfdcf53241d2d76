//! Reports uploaded for review in the web UI: the report as read (with the text it was read
//! from, for the source view), the corrections made to its cells, the findings marked
//! confirmed or dismissed, and an audit trail of every change — who, when, the old value and
//! the new.

use crate::accounts::now;
use crate::db::{Db, DbError, Val};
use gongkai_check::{Selection, Severity};
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

/// One line of the listing, read from the draft's summary columns, never from its model.
#[derive(Clone, Debug, PartialEq)]
pub struct Listed {
    pub id: i64,
    pub file: String,
    pub agency: Option<String>,
    pub year: Option<i64>,
    /// The findings of the draft when it was last stored, by severity (a newer gongkai's rules
    /// may count otherwise until the draft is next changed).
    pub errors: i64,
    pub warnings: i64,
    pub infos: i64,
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

/// What the listings show of a draft's report: its organ and year, and its findings by
/// severity. Kept in the draft's row at every write, so that a listing of hundreds of drafts
/// reads a few columns each instead of parsing every model (BENCHMARKS.md).
struct Summary {
    agency: Option<String>,
    year: Option<i64>,
    errors: i64,
    warnings: i64,
    infos: i64,
}

impl Summary {
    fn of(report: &Report) -> Summary {
        let findings = gongkai_check::check(report, None, &Selection::default());
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count() as i64;
        Summary {
            agency: report.agency.clone(),
            year: report.year.map(i64::from),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        }
    }

    /// Writes it into the draft's row. Part of the caller's transaction.
    fn store(self, db: &mut Db, id: i64) -> Result<(), DbError> {
        db.execute(
            "UPDATE drafts SET agency = $1, year = $2, errors = $3, warnings = $4, infos = $5
             WHERE id = $6",
            &[
                self.agency.into(),
                self.year.into(),
                self.errors.into(),
                self.warnings.into(),
                self.infos.into(),
                id.into(),
            ],
        )?;
        Ok(())
    }
}

/// Fills the summaries of drafts stored before they were kept (migration 6). A draft whose
/// model cannot be read keeps an empty one: its page says why, and the store still opens.
pub(crate) fn summarize_all(db: &mut Db) -> Result<(), DbError> {
    let ids: Vec<i64> = db
        .query("SELECT id FROM drafts", &[])?
        .iter()
        .filter_map(|r| r[0].int())
        .collect();
    for id in ids {
        let rows = db.query("SELECT model FROM drafts WHERE id = $1", &[id.into()])?;
        let report = rows
            .first()
            .and_then(|r| serde_json::from_str::<Report>(r[0].text()?).ok());
        if let Some(report) = report {
            Summary::of(&report).store(db, id)?;
        }
    }
    Ok(())
}

/// The setting of how many drafts one user may upload in 24 hours, and its default.
pub const QUOTA_UPLOADS: &str = "upload_count_per_day";
const DEFAULT_QUOTA_UPLOADS: i64 = 100;
/// The setting of how many megabytes (MiB) of files one user may upload in 24 hours, and its
/// default.
pub const QUOTA_MB: &str = "upload_mb_per_day";
const DEFAULT_QUOTA_MB: i64 = 200;

/// What one user may upload in 24 hours, and what they have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quota {
    pub uploads: i64,
    pub megabytes: i64,
    /// Uploaded in the last 24 hours.
    pub used_uploads: i64,
    pub used_bytes: i64,
}

impl Quota {
    /// The quota set by the administrator (the defaults where none is set) and what `owner`
    /// uploaded in the last 24 hours.
    pub fn of(db: &mut Db, owner: i64) -> Result<Quota, DbError> {
        let limit = |db: &mut Db, name: &str, default: i64| -> Result<i64, DbError> {
            Ok(crate::accounts::setting(db, name)?
                .and_then(|v| v.parse().ok())
                .unwrap_or(default))
        };
        let uploads = limit(db, QUOTA_UPLOADS, DEFAULT_QUOTA_UPLOADS)?;
        let megabytes = limit(db, QUOTA_MB, DEFAULT_QUOTA_MB)?;
        let used = db.query(
            // PostgreSQL sums BIGINTs as NUMERIC.
            "SELECT COUNT(*), CAST(COALESCE(SUM(bytes), 0) AS BIGINT) FROM drafts
             WHERE owner = $1 AND created > $2",
            &[owner.into(), (now() - 86_400).into()],
        )?;
        let used = used.first();
        Ok(Quota {
            uploads,
            megabytes,
            used_uploads: used.and_then(|r| r[0].int()).unwrap_or(0),
            used_bytes: used.and_then(|r| r[1].int()).unwrap_or(0),
        })
    }

    /// Whether one more upload of `bytes` fits.
    pub fn allows(&self, bytes: i64) -> bool {
        self.used_uploads < self.uploads
            && self.used_bytes.saturating_add(bytes) <= self.megabytes.saturating_mul(1 << 20)
    }
}

/// Why a draft was not stored.
#[derive(Debug)]
pub enum AddError {
    /// The owner's uploads of the last 24 hours leave no room for this one.
    OverQuota(Quota),
    Store(DbError),
}

impl From<DbError> for AddError {
    fn from(e: DbError) -> AddError {
        AddError::Store(e)
    }
}

/// The quota that refuses an upload of `bytes` by `owner`, if any. Administrators, and
/// drafts with no owner, are not limited.
pub fn over_quota(db: &mut Db, owner: Option<i64>, bytes: i64) -> Result<Option<Quota>, DbError> {
    let Some(owner) = owner else {
        return Ok(None);
    };
    let role = db.query("SELECT role FROM users WHERE id = $1", &[owner.into()])?;
    if role.first().and_then(|r| r[0].text()) == Some(crate::accounts::Role::Admin.as_str()) {
        return Ok(None);
    }
    let quota = Quota::of(db, owner)?;
    Ok((!quota.allows(bytes)).then_some(quota))
}

/// Stores an uploaded report, read from a file of `bytes` bytes, when it fits its owner's
/// quota (counted in the same transaction, so that uploads sent at once cannot pass it
/// together); returns its id.
pub fn add(
    db: &mut Db,
    owner: Option<i64>,
    source: &str,
    report: &Report,
    bytes: i64,
) -> Result<i64, AddError> {
    let model = model(report)?;
    let file = report.source.file.clone();
    db.transaction(|db| {
        if let Some(quota) = over_quota(db, owner, bytes)? {
            return Err(AddError::OverQuota(quota));
        }
        let t = now();
        let id = db
            .query(
                "INSERT INTO drafts (owner, file, source, model, created, updated, bytes)
                 VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id",
                &[
                    owner.into(),
                    file.clone().into(),
                    source.into(),
                    model.as_str().into(),
                    t.into(),
                    bytes.into(),
                ],
            )?
            .first()
            .and_then(|r| r[0].int())
            .unwrap_or(0);
        Summary::of(report).store(db, id)?;
        record(db, owner, Some(id), "upload", None, None, Some(&file))?;
        Ok(id)
    })
}

fn parse(id: i64, model: &str) -> Result<Report, DbError> {
    serde_json::from_str(model).map_err(|e| DbError(format!("draft {id}: {e}")))
}

/// The user who uploaded a draft: `Some(None)` for a draft whose uploader's account is gone,
/// `None` when there is no such draft. Read without the draft's model, for the check of who
/// may open it.
pub fn owner(db: &mut Db, id: i64) -> Result<Option<Option<i64>>, DbError> {
    Ok(db
        .query("SELECT owner FROM drafts WHERE id = $1", &[id.into()])?
        .first()
        .map(|r| r[0].int()))
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
        "SELECT d.id, d.file, d.agency, d.year, d.errors, d.warnings, d.infos, u.name, d.updated
         FROM drafts d LEFT JOIN users u ON u.id = d.owner
         ORDER BY d.updated DESC, d.id DESC",
        &[],
    )?;
    Ok(rows
        .iter()
        .map(|r| Listed {
            id: r[0].int().unwrap_or(0),
            file: r[1].text().unwrap_or_default().to_string(),
            agency: r[2].text().map(String::from),
            year: r[3].int(),
            errors: r[4].int().unwrap_or(0),
            warnings: r[5].int().unwrap_or(0),
            infos: r[6].int().unwrap_or(0),
            owner: r[7].text().map(String::from),
            updated: r[8].int().unwrap_or(0),
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
        Summary::of(&report).store(db, id)?;
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
