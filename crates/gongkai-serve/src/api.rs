//! The JSON API, described by `/api/openapi.json`. Requests that change something need the
//! session's CSRF token in the `X-CSRF-Token` header (`POST /api/login` returns it);
//! `POST /api/check` changes nothing and needs none.

use crate::auth::{self, Who, ANONYMOUS_READ};
use crate::error::AppError;
use crate::pages;
use crate::review;
use crate::state::AppState;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use gongkai_check::{Finding, Selection};
use gongkai_store::accounts::{self, AccountError, Role};
use gongkai_store::drafts::{self, Mark};
use gongkai_store::history::history;
use gongkai_store::query;
use serde::Deserialize;
use serde_json::{json, Value};

type Api = Result<Response, AppError>;

pub async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        include_str!("../assets/openapi.json"),
    )
        .into_response()
}

fn csrf(who: &Who, headers: &HeaderMap) -> Result<(), AppError> {
    who.check_csrf(headers.get("x-csrf-token").and_then(|v| v.to_str().ok()))
}

/// The report file of a request: the raw body, or the multipart field `file`. Its name comes
/// from the part, or `?name=`, or is `upload`.
/// The uploaded report as received: a report of 40 MB is held once, not copied.
async fn upload_of(
    state: &AppState,
    request: Request,
) -> Result<(String, axum::body::Bytes), AppError> {
    let name = request
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("name=")))
        .map(|n| n.to_string())
        .unwrap_or_else(|| "upload".to_string());
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let too_large = |e: String| {
        AppError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("上传的文件太大或不完整：{e}"),
            format!("the upload is too large or incomplete: {e}"),
        )
    };
    if multipart {
        let mut form = Multipart::from_request(request, state)
            .await
            .map_err(|e| AppError::bad_request(e.body_text(), e.body_text()))?;
        while let Some(field) = form
            .next_field()
            .await
            .map_err(|e| too_large(e.body_text()))?
        {
            if field.name() == Some("file") {
                let name = field.file_name().map_or(name.clone(), String::from);
                let bytes = field.bytes().await.map_err(|e| too_large(e.body_text()))?;
                return Ok((name, bytes));
            }
        }
        return Err(AppError::bad_request(
            "multipart 请求中没有 file 字段",
            "the multipart request has no field `file`",
        ));
    }
    let bytes = axum::body::Bytes::from_request(request, state)
        .await
        .map_err(|e| too_large(e.body_text()))?;
    if bytes.is_empty() {
        return Err(AppError::bad_request(
            "请求体是空的：请把报告文件作为请求体发送",
            "the request body is empty: send the report file as the body",
        ));
    }
    Ok((name, bytes))
}

/// `POST /api/check`: the report as the body (or multipart `file`); the answer is the JSON of
/// `gongkai check --format json`.
pub async fn check(State(state): State<AppState>, who: Who, request: Request) -> Api {
    who.may_read()?;
    let english = who.english;
    let (name, bytes) = upload_of(&state, request).await?;
    let s = state.clone();
    let answer = state
        .work(move || {
            let (report, _) = review::read_upload(&s, &name, &bytes)?;
            let findings = gongkai_check::check(&report, None, &Selection::default());
            serde_json::to_value(gongkai_check::json::Report::new(
                &report,
                &findings,
                gongkai_core::Lang::english(english),
            ))
            .map_err(|e| AppError::internal(e.to_string()))
        })
        .await?;
    Ok(Json(answer).into_response())
}

#[derive(Deserialize)]
pub struct Login {
    name: String,
    password: String,
}

pub async fn login(State(state): State<AppState>, request: Request) -> Api {
    let client = auth::client(&state, request.extensions(), request.headers());
    let Json(body): Json<Login> = Json::from_request(request, &state)
        .await
        .map_err(|e| AppError::bad_request(e.body_text(), e.body_text()))?;
    let (user, cookie, csrf) = auth::login(&state, &client, &body.name, &body.password).await?;
    Ok((
        [(header::SET_COOKIE, cookie)],
        Json(json!({"user": user.name, "role": user.role.as_str(), "csrf": csrf})),
    )
        .into_response())
}

pub async fn logout(State(state): State<AppState>, who: Who, headers: HeaderMap) -> Api {
    csrf(&who, &headers)?;
    let cookie = auth::logout(&state, &headers).await?;
    Ok(([(header::SET_COOKIE, cookie)], StatusCode::NO_CONTENT).into_response())
}

pub async fn me(who: Who) -> Api {
    Ok(Json(json!({
        "user": who.user.as_ref().map(|u| &u.name),
        "role": who.user.as_ref().map(|u| u.role.as_str()),
        "csrf": who.csrf,
        "anonymous_read": who.anonymous_read,
    }))
    .into_response())
}

pub async fn drafts(State(state): State<AppState>, who: Who) -> Api {
    who.may_read()?;
    let list = state.db(|db| Ok(drafts::list(db)?)).await?;
    Ok(Json(
        list.iter()
            .map(|d| {
                json!({"id": d.id, "file": d.file, "agency": d.agency, "year": d.year,
                       "errors": d.errors, "warnings": d.warnings, "notices": d.infos,
                       "owner": d.owner, "updated": d.updated})
            })
            .collect::<Vec<_>>(),
    )
    .into_response())
}

/// `POST /api/drafts`: a report kept for review; answers 201 with the draft.
pub async fn upload(State(state): State<AppState>, who: Who, request: Request) -> Api {
    let user = who.require(Role::Viewer)?.id;
    csrf(&who, request.headers())?;
    let (name, bytes) = upload_of(&state, request).await?;
    let id = pages::store_upload(&state, user, name, bytes).await?;
    let r = review::load(&state, id).await?;
    Ok((StatusCode::CREATED, Json(draft_json(&r, who.english))).into_response())
}

fn finding_json(f: &Finding, number: usize, mark: Option<Mark>, english: bool) -> Value {
    json!({
        "number": number,
        "signature": f.signature(),
        "mark": mark.map(Mark::as_str),
        "code": f.code,
        "severity": f.severity,
        "message": f.message.get(english),
        "cells": f.cells,
        "location": {
            "line": f.at.map(|a| a.line),
            "column": f.at.map(|a| a.column),
            "page": f.at.and_then(|a| a.page),
        },
    })
}

fn draft_json(r: &review::Reviewed, english: bool) -> Value {
    let report = &r.draft.report;
    json!({
        "id": r.draft.id,
        "file": r.draft.file,
        "agency": report.agency,
        "year": report.year,
        "template": report.template,
        "cells": report.cells_view().cells,
        "uncertain": report.uncertain(),
        "findings": r.findings.iter().enumerate()
            .map(|(i, f)| finding_json(f, i + 1, r.mark(f), english))
            .collect::<Vec<_>>(),
        "created": r.draft.created,
        "updated": r.draft.updated,
    })
}

pub async fn draft(State(state): State<AppState>, who: Who, Path(id): Path<i64>) -> Api {
    who.may_read()?;
    let r = review::load(&state, id).await?;
    Ok(Json(draft_json(&r, who.english)).into_response())
}

#[derive(Deserialize)]
pub struct Correction {
    value: Value,
}

/// `PUT /api/drafts/{id}/cells/{key}` with `{"value": 21}` (or a string: `"/"`, `""`).
pub async fn correct(
    State(state): State<AppState>,
    who: Who,
    Path((id, key)): Path<(i64, String)>,
    headers: HeaderMap,
    Json(body): Json<Correction>,
) -> Api {
    let user = who.require(Role::Editor)?.id;
    csrf(&who, &headers)?;
    let typed = match &body.value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => {
            return Err(AppError::bad_request(
                format!("value 应为数字或字符串，而不是 {other}"),
                format!("value must be a number or a string, not {other}"),
            ))
        }
    };
    pages::correct_draft(&state, id, user, &key, &typed).await?;
    let r = review::load(&state, id).await?;
    Ok(Json(draft_json(&r, who.english)).into_response())
}

#[derive(Deserialize)]
pub struct Marking {
    state: Option<String>,
}

/// `PUT /api/drafts/{id}/marks/{signature}` with `{"state": "confirmed" | "dismissed" | null}`.
pub async fn mark(
    State(state): State<AppState>,
    who: Who,
    Path((id, finding)): Path<(i64, String)>,
    headers: HeaderMap,
    Json(body): Json<Marking>,
) -> Api {
    let user = who.require(Role::Editor)?.id;
    csrf(&who, &headers)?;
    let mark = match body.state.as_deref() {
        None => None,
        Some(s) => Some(Mark::parse(s).ok_or_else(|| {
            AppError::bad_request(
                "state 应为 confirmed、dismissed 或 null",
                "state must be confirmed, dismissed or null",
            )
        })?),
    };
    state
        .db(move |db| Ok(drafts::mark(db, id, Some(user), &finding, mark)?))
        .await?;
    let r = review::load(&state, id).await?;
    Ok(Json(draft_json(&r, who.english)).into_response())
}

pub async fn audit(State(state): State<AppState>, who: Who, Path(id): Path<i64>) -> Api {
    who.may_read()?;
    let changes = state
        .db(move |db| Ok(drafts::changes(db, Some(id))?))
        .await?;
    Ok(Json(
        changes
            .iter()
            .map(|c| {
                json!({"at": c.at, "user": c.user, "action": c.action, "key": c.key,
                       "old": c.old, "new": c.new})
            })
            .collect::<Vec<_>>(),
    )
    .into_response())
}

#[derive(Deserialize, Default)]
pub struct CorpusQuery {
    year: Option<i64>,
    region: Option<String>,
    by: Option<String>,
}

pub async fn reports(State(state): State<AppState>, who: Who, Query(q): Query<CorpusQuery>) -> Api {
    who.may_read()?;
    let year = q.year;
    let list = state.db(move |db| Ok(query::list(db, year)?)).await?;
    Ok(Json(
        list.iter()
            .map(|l| {
                json!({"organ": l.organ, "place": l.place, "year": l.year, "version": l.version,
                       "errors": l.errors, "warnings": l.warnings, "notices": l.infos})
            })
            .collect::<Vec<_>>(),
    )
    .into_response())
}

pub async fn missing(State(state): State<AppState>, who: Who, Query(q): Query<CorpusQuery>) -> Api {
    who.may_read()?;
    let Some(year) = q.year else {
        return Err(AppError::bad_request(
            "缺少 year 参数",
            "the parameter year is missing",
        ));
    };
    let rows = state
        .db(move |db| Ok(query::missing(db, year, q.region.as_deref())?))
        .await?;
    Ok(Json(
        rows.iter()
            .map(|m| json!({"organ": m.organ, "place": m.place, "last": m.last}))
            .collect::<Vec<_>>(),
    )
    .into_response())
}

pub async fn organ(State(state): State<AppState>, who: Who, Path(name): Path<String>) -> Api {
    who.may_read()?;
    let english = who.english;
    let h = state.db(move |db| Ok(history(db, &name)?)).await?;
    if h.reports.is_empty() {
        return Err(AppError::not_found(
            "语料库中没有这个机关",
            "no such organ in the store",
        ));
    }
    Ok(Json(json!({
        "organ": h.name,
        "reports": h.reports.iter().map(|l| json!({"year": l.year, "version": l.version,
            "errors": l.errors, "warnings": l.warnings, "notices": l.infos})).collect::<Vec<_>>(),
        "steps": h.steps.iter().map(|s| json!({
            "from": s.from, "to": s.to,
            "changed": s.comparison.changed.iter().map(|c| json!({"key": c.key, "before": c.before, "after": c.after})).collect::<Vec<_>>(),
            "findings": s.comparison.findings.iter().enumerate().map(|(i, f)| finding_json(f, i + 1, None, english)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}

pub async fn rollup(State(state): State<AppState>, who: Who, Query(q): Query<CorpusQuery>) -> Api {
    who.may_read()?;
    let (Some(region), Some(year)) = (q.region, q.year) else {
        return Err(AppError::bad_request(
            "需要 region 和 year 参数",
            "the parameters region and year are needed",
        ));
    };
    let english = who.english;
    let rolled = state
        .db(move |db| Ok(query::rollup(db, &region, year)?))
        .await?;
    let Some((report, n)) = rolled else {
        return Err(AppError::not_found(
            "这一地区在这一年度没有报告",
            "no report of this region for this year",
        ));
    };
    let findings = gongkai_check::check(&report, None, &Selection::default());
    Ok(Json(json!({
        "agency": report.agency,
        "year": report.year,
        "template": report.template,
        "organs": n,
        "cells": report.cells_view().cells,
        "uncertain": report.uncertain(),
        "findings": findings.iter().enumerate().map(|(i, f)| finding_json(f, i + 1, None, english)).collect::<Vec<_>>(),
    }))
    .into_response())
}

pub async fn stats(State(state): State<AppState>, who: Who, Query(q): Query<CorpusQuery>) -> Api {
    who.may_read()?;
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
    Ok(Json(
        rows.iter()
            .map(|s| {
                json!({"group": s.group, "year": s.year, "reports": s.reports, "received": s.received,
                       "disclosure_rate": s.disclosure_rate, "correction_rate": s.correction_rate})
            })
            .collect::<Vec<_>>(),
    )
    .into_response())
}

/// `GET /api/corpus/outcomes?year=`: requests by outcome, summed over the year's reports.
pub async fn outcomes(
    State(state): State<AppState>,
    who: Who,
    Query(q): Query<CorpusQuery>,
) -> Api {
    who.may_read()?;
    let Some(year) = q.year else {
        return Err(AppError::bad_request(
            "缺少 year 参数",
            "the parameter year is missing",
        ));
    };
    let rows = crate::charts::outcomes(&state, year, who.english).await?;
    Ok(Json(
        rows.iter()
            .map(|(label, key, v)| json!({"key": key, "label": label, "requests": v}))
            .collect::<Vec<_>>(),
    )
    .into_response())
}

pub async fn users(State(state): State<AppState>, who: Who) -> Api {
    who.require(Role::Admin)?;
    let users = state.db(|db| Ok(accounts::users(db)?)).await?;
    Ok(Json(
        users
            .iter()
            .map(|u| json!({"id": u.id, "name": u.name, "role": u.role.as_str(), "disabled": u.disabled}))
            .collect::<Vec<_>>(),
    )
    .into_response())
}

#[derive(Deserialize)]
pub struct NewUser {
    name: String,
    password: String,
    role: String,
}

pub async fn add_user(
    State(state): State<AppState>,
    who: Who,
    headers: HeaderMap,
    Json(body): Json<NewUser>,
) -> Api {
    let admin = who.require(Role::Admin)?.id;
    csrf(&who, &headers)?;
    let id = create_user(&state, admin, &body.name, &body.password, &body.role).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": id, "name": body.name.trim(), "role": body.role})),
    )
        .into_response())
}

/// An account refused, as the user is told: the store's own errors stay a store error.
impl From<AccountError> for AppError {
    fn from(e: AccountError) -> AppError {
        let (status, code) = match &e {
            AccountError::Store(db) => return AppError::store(db.0.clone()),
            AccountError::Exists(_) => (StatusCode::CONFLICT, "exists"),
            AccountError::NoSuchUser(_) => (StatusCode::NOT_FOUND, "not_found"),
            AccountError::LastAdmin => (StatusCode::CONFLICT, "last_admin"),
            AccountError::EmptyName | AccountError::LongName | AccountError::HiddenInName(_) => {
                (StatusCode::BAD_REQUEST, "bad_name")
            }
            AccountError::BlankPassword
            | AccountError::ShortPassword
            | AccountError::NameAsPassword => (StatusCode::BAD_REQUEST, "bad_password"),
        };
        AppError::new(status, code, e.zh(), e.en())
    }
}

/// The argon2id hash of a password that keeps the rules for the user `name`.
pub async fn new_hash(state: &AppState, name: &str, password: &str) -> Result<String, AppError> {
    accounts::check_password(name, password)?;
    let password = password.to_string();
    state
        .work(move || auth::hash_password(&password).map_err(AppError::internal))
        .await
}

/// Creates a user, recorded in the audit trail.
pub async fn create_user(
    state: &AppState,
    admin: i64,
    name: &str,
    password: &str,
    role: &str,
) -> Result<i64, AppError> {
    let role: Role = role
        .parse()
        .map_err(|e: String| AppError::bad_request(e.clone(), e))?;
    let name = accounts::check_name(name)?;
    let hash = new_hash(state, &name, password).await?;
    state
        .db(move |db| Ok(accounts::add_user(db, Some(admin), &name, &hash, role)?))
        .await
}

/// What an administrator changes of an account: any of its role, its password, whether it is
/// disabled.
#[derive(Deserialize, Default)]
pub struct UserChange {
    pub role: Option<String>,
    pub password: Option<String>,
    pub disabled: Option<bool>,
}

/// Changes an account, each change recorded in the audit trail in the same transaction.
pub async fn change_user(
    state: &AppState,
    admin: i64,
    id: i64,
    change: UserChange,
) -> Result<(), AppError> {
    let role: Option<Role> = change
        .role
        .as_deref()
        .map(|r| {
            r.parse()
                .map_err(|e: String| AppError::bad_request(e.clone(), e))
        })
        .transpose()?;
    let hash = match change.password {
        Some(password) => {
            let user = state
                .db(move |db| Ok(accounts::users(db)?.into_iter().find(|u| u.id == id)))
                .await?
                .ok_or(AccountError::NoSuchUser(format!("#{id}")))?;
            Some(new_hash(state, &user.name, &password).await?)
        }
        None => None,
    };
    state
        .db(move |db| {
            db.transaction(|db| -> Result<(), AccountError> {
                accounts::update_user(db, Some(admin), id, role, hash.as_deref())?;
                if let Some(disabled) = change.disabled {
                    accounts::set_disabled(db, Some(admin), id, disabled)?;
                }
                Ok(())
            })?;
            Ok(())
        })
        .await
}

/// `PUT /api/users/{id}` with any of `{"role": "editor", "password": "…", "disabled": true}`.
pub async fn update_user(
    State(state): State<AppState>,
    who: Who,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(body): Json<UserChange>,
) -> Api {
    let admin = who.require(Role::Admin)?.id;
    csrf(&who, &headers)?;
    change_user(&state, admin, id, body).await?;
    let users = state.db(|db| Ok(accounts::users(db)?)).await?;
    let u = users
        .iter()
        .find(|u| u.id == id)
        .ok_or(AccountError::NoSuchUser(format!("#{id}")))?;
    Ok(
        Json(json!({"id": u.id, "name": u.name, "role": u.role.as_str(), "disabled": u.disabled}))
            .into_response(),
    )
}

/// `DELETE /api/users/{id}`: the user is gone; what they did stays in the audit trail under
/// their name.
pub async fn delete_user(
    State(state): State<AppState>,
    who: Who,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Api {
    let admin = who.require(Role::Admin)?.id;
    csrf(&who, &headers)?;
    state
        .db(move |db| Ok(accounts::delete_user(db, Some(admin), id)?))
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The settings an administrator changes; those left out stay as they are.
#[derive(Deserialize, Default)]
pub struct Settings {
    pub anonymous_read: Option<bool>,
    /// Uploads one user may make in 24 hours.
    pub upload_count_per_day: Option<i64>,
    /// Megabytes (MiB) one user may upload in 24 hours.
    pub upload_mb_per_day: Option<i64>,
}

pub async fn settings(
    State(state): State<AppState>,
    who: Who,
    headers: HeaderMap,
    Json(body): Json<Settings>,
) -> Api {
    let admin = who.require(Role::Admin)?.id;
    csrf(&who, &headers)?;
    let now = change_settings(&state, admin, body).await?;
    Ok(Json(json!({
        "anonymous_read": now.anonymous_read,
        "upload_count_per_day": now.upload_count_per_day,
        "upload_mb_per_day": now.upload_mb_per_day,
    }))
    .into_response())
}

/// Changes the settings given, each recorded in the audit trail, all in one transaction;
/// returns them all as they now are.
pub async fn change_settings(
    state: &AppState,
    admin: i64,
    change: Settings,
) -> Result<Settings, AppError> {
    let mut values: Vec<(&'static str, String)> = Vec::new();
    if let Some(open) = change.anonymous_read {
        values.push((ANONYMOUS_READ, if open { "1" } else { "0" }.to_string()));
    }
    for (name, value) in [
        (drafts::QUOTA_UPLOADS, change.upload_count_per_day),
        (drafts::QUOTA_MB, change.upload_mb_per_day),
    ] {
        let Some(value) = value else { continue };
        if value < 0 {
            return Err(AppError::bad_request(
                format!("{name} 应为 0 或正整数，而不是 {value}"),
                format!("{name} must be 0 or more, not {value}"),
            ));
        }
        values.push((name, value.to_string()));
    }
    state
        .db(move |db| {
            db.transaction(|db| -> Result<(), gongkai_store::DbError> {
                for (name, value) in &values {
                    accounts::change_setting(db, Some(admin), name, value)?;
                }
                Ok(())
            })?;
            let quota = drafts::Quota::of(db, admin)?;
            Ok(Settings {
                anonymous_read: Some(
                    accounts::setting(db, ANONYMOUS_READ)?.as_deref() == Some("1"),
                ),
                upload_count_per_day: Some(quota.uploads),
                upload_mb_per_day: Some(quota.megabytes),
            })
        })
        .await
}
