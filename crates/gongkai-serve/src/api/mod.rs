//! The JSON API, described by `/api/openapi.json`, which is generated from these handlers and
//! their types. Requests that change something need the session's CSRF token in the
//! `X-CSRF-Token` header (`POST /api/login` returns it; [`CsrfHeader`] checks it);
//! `POST /api/check` changes nothing and needs none.

use crate::auth::{self, Who};
use crate::error::{AppError, ErrorBody};
use crate::service::accounts::{self as users, SettingsView, UserView};
use crate::service::browse::{self, BrowseView};
use crate::service::charts::{self, ChartsView, Outcome};
use crate::service::compare::{self, ComparisonView};
use crate::service::corpus::{self, MissingView, OrganView, RollupView, StatsRow};
use crate::service::drafts::{self as review, ChangeView, DraftSummary, DraftView};
use crate::service::stored::{self, StoredView};
use crate::state::AppState;
use crate::web::{CsrfHeader, Q};
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use gongkai_store::accounts::Role;
use gongkai_store::drafts::Mark;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, OpenApi, ToSchema};

pub mod season;

type Api<T> = Result<Json<T>, AppError>;

/// The document of the API, generated from the handlers below.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "gongkai",
        description = "检查、审核和浏览政府信息公开工作年度报告的接口。\n\nThe API to check, review and explore government information disclosure annual reports. Requests that change something carry the session's CSRF token in `X-CSRF-Token`; every error answers `{\"error\": {\"code\", \"message\", \"message_en\"}}`."
    ),
    paths(
        openapi, reports, stored_report, outcomes, charts, check, login, logout, me, drafts, upload, draft, correct, mark, audit,
        missing, organ, comparison, rollup, stats, users, add_user, update_user, delete_user, settings,
        season::seasons, season::create, season::board, season::add_organs, season::deadline,
        season::rollup, season::filing, season::form, season::save, season::upload,
        season::submit, season::decide, season::comment, season::check_publication,
        season::publications, season::inbox, set_place, score,
    ),
    components(schemas(ErrorBody)),
    tags(
        (name = "review", description = "核对和审核报告 / Checking and reviewing reports"),
        (name = "corpus", description = "语料库 / The corpus"),
        (name = "accounts", description = "账户和设置 / Accounts and settings"),
        (name = "season", description = "年度报送：填报、审核、发布核对 / The filing season: filing, review, publication"),
        (name = "score", description = "考评打分 / Scoring with evaluation packs"),
    )
)]
pub struct Doc;

/// The report file of a request: the raw body, or the multipart field `file`. Its name comes
/// from the part, or `?name=`, or is `upload`. The bytes are held once, not copied.
pub(crate) async fn upload_of(
    state: &AppState,
    request: Request,
) -> Result<(String, axum::body::Bytes), AppError> {
    #[derive(Deserialize)]
    struct Named {
        name: Option<String>,
    }
    let name = serde_urlencoded::from_str::<Named>(request.uri().query().unwrap_or_default())
        .ok()
        .and_then(|n| n.name)
        .unwrap_or_else(|| "upload".to_string());
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if multipart {
        let mut form = Multipart::from_request(request, state)
            .await
            .map_err(|e| AppError::bad_request(e.body_text(), e.body_text()))?;
        while let Some(field) = form
            .next_field()
            .await
            .map_err(|e| AppError::too_large_or(e.body_text()))?
        {
            if field.name() == Some("file") {
                let name = field.file_name().map_or(name.clone(), String::from);
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| AppError::too_large_or(e.body_text()))?;
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
        .map_err(|e| AppError::too_large_or(e.body_text()))?;
    if bytes.is_empty() {
        return Err(AppError::bad_request(
            "请求体是空的：请把报告文件作为请求体发送",
            "the request body is empty: send the report file as the body",
        ));
    }
    Ok((name, bytes))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Read by `upload_of` from the raw query; here for the document.
pub(crate) struct FileName {
    /// The file's name, which tells its format when the body is raw (`report.pdf`).
    name: Option<String>,
}

/// Checks a report without keeping it.
///
/// The report is the body (or the multipart field `file`); the answer is the JSON of
/// `gongkai check --format json`.
#[utoipa::path(post, path = "/api/check", tag = "review", params(FileName),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The report file"),
    responses(
        (status = 200, description = "The findings", body = Object),
        (status = 422, description = "The file cannot be read", body = ErrorBody),
    ))]
pub async fn check(State(state): State<AppState>, who: Who, request: Request) -> Api<Value> {
    who.may_read()?;
    let (name, bytes) = upload_of(&state, request).await?;
    Ok(Json(review::check(&state, name, bytes, who.lang).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct Login {
    name: String,
    password: String,
}

/// A session begun.
#[derive(Serialize, ToSchema)]
pub struct LoginAnswer {
    user: String,
    role: String,
    /// The token to send in `X-CSRF-Token` with every request that changes something.
    csrf: String,
}

/// Logs in: the session's cookie is set, and its CSRF token returned.
#[utoipa::path(post, path = "/api/login", tag = "accounts", request_body = Login,
    responses(
        (status = 200, body = LoginAnswer),
        (status = 401, description = "Wrong name or password", body = ErrorBody),
        (status = 429, description = "Too many failed logins", body = ErrorBody),
    ))]
pub async fn login(State(state): State<AppState>, request: Request) -> Result<Response, AppError> {
    let client = auth::client(&state, request.extensions(), request.headers());
    let Json(body): Json<Login> = Json::from_request(request, &state)
        .await
        .map_err(|e| AppError::bad_request(e.body_text(), e.body_text()))?;
    let (user, cookie, csrf) = auth::login(&state, &client, &body.name, &body.password).await?;
    Ok((
        [(header::SET_COOKIE, cookie)],
        Json(LoginAnswer {
            user: user.name,
            role: user.role.as_str().to_string(),
            csrf,
        }),
    )
        .into_response())
}

/// Ends the session.
#[utoipa::path(post, path = "/api/logout", tag = "accounts",
    responses((status = 204, description = "Logged out"), (status = 403, body = ErrorBody)))]
pub async fn logout(
    State(state): State<AppState>,
    CsrfHeader(_who): CsrfHeader,
    headers: axum::http::HeaderMap,
) -> Result<Response, AppError> {
    let cookie = auth::logout(&state, &headers).await?;
    Ok(([(header::SET_COOKIE, cookie)], StatusCode::NO_CONTENT).into_response())
}

/// Who the session is.
#[derive(Serialize, ToSchema)]
pub struct Me {
    user: Option<String>,
    role: Option<String>,
    csrf: Option<String>,
    /// Whether visitors may read without logging in.
    anonymous_read: bool,
}

#[utoipa::path(get, path = "/api/me", tag = "accounts", responses((status = 200, body = Me)))]
pub async fn me(who: Who) -> Api<Me> {
    Ok(Json(Me {
        user: who.user.as_ref().map(|u| u.name.clone()),
        role: who.user.as_ref().map(|u| u.role.as_str().to_string()),
        csrf: who.csrf.clone(),
        anonymous_read: who.anonymous_read,
    }))
}

/// The reports uploaded for review, newest first.
#[utoipa::path(get, path = "/api/drafts", tag = "review",
    responses((status = 200, body = Vec<DraftSummary>), (status = 401, body = ErrorBody)))]
pub async fn drafts(State(state): State<AppState>, who: Who) -> Api<Vec<DraftSummary>> {
    who.may_read()?;
    Ok(Json(review::list(&state, &who).await?))
}

/// Keeps a report for review: the body (or multipart field `file`) is the file.
#[utoipa::path(post, path = "/api/drafts", tag = "review", params(FileName),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The report file"),
    responses(
        (status = 201, body = DraftView),
        (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 429, description = "Over the upload quota", body = ErrorBody),
    ))]
pub async fn upload(
    State(state): State<AppState>,
    CsrfHeader(who): CsrfHeader,
    request: Request,
) -> Result<Response, AppError> {
    let user = who.require(Role::Viewer)?.id;
    let (name, bytes) = upload_of(&state, request).await?;
    let id = review::upload(&state, user, name, bytes).await?;
    let d = review::view(&state, id, who.lang).await?;
    Ok((StatusCode::CREATED, Json(d)).into_response())
}

/// A report under review: its cells, the uncertain ones, its findings with their marks.
#[utoipa::path(get, path = "/api/drafts/{id}", tag = "review", params(("id" = i64, Path)),
    responses((status = 200, body = DraftView), (status = 404, body = ErrorBody)))]
pub async fn draft(State(state): State<AppState>, who: Who, Path(id): Path<i64>) -> Api<DraftView> {
    who.may_read()?;
    Ok(Json(review::view(&state, id, who.lang).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct Correction {
    /// A number, or a string as printed (`"/"`, `""`).
    #[schema(value_type = Object)]
    value: Value,
}

/// Corrects a cell, and checks the report again.
#[utoipa::path(put, path = "/api/drafts/{id}/cells/{key}", tag = "review",
    params(("id" = i64, Path), ("key" = String, Path, description = "The cell's key: t3.new.total")),
    request_body = Correction,
    responses((status = 200, body = DraftView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn correct(
    State(state): State<AppState>,
    CsrfHeader(who): CsrfHeader,
    Path((id, key)): Path<(i64, String)>,
    Json(body): Json<Correction>,
) -> Api<DraftView> {
    let user = who.require(Role::Editor)?.id;
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
    review::correct(&state, id, user, &key, &typed).await?;
    Ok(Json(review::view(&state, id, who.lang).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct Marking {
    /// `confirmed`, `dismissed`, or `null` to clear the mark.
    state: Option<String>,
}

/// Marks a finding (by its signature) confirmed or dismissed, or clears its mark.
#[utoipa::path(put, path = "/api/drafts/{id}/marks/{finding}", tag = "review",
    params(("id" = i64, Path), ("finding" = String, Path, description = "The finding's signature")),
    request_body = Marking,
    responses((status = 200, body = DraftView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn mark(
    State(state): State<AppState>,
    CsrfHeader(who): CsrfHeader,
    Path((id, finding)): Path<(i64, String)>,
    Json(body): Json<Marking>,
) -> Api<DraftView> {
    let user = who.require(Role::Editor)?.id;
    let mark = match body.state.as_deref() {
        None => None,
        Some(s) => Some(Mark::parse(s).ok_or_else(|| {
            AppError::bad_request(
                "state 应为 confirmed、dismissed 或 null",
                "state must be confirmed, dismissed or null",
            )
        })?),
    };
    review::mark(&state, id, user, finding, mark).await?;
    Ok(Json(review::view(&state, id, who.lang).await?))
}

/// A report's trail: every change, newest first.
#[utoipa::path(get, path = "/api/drafts/{id}/audit", tag = "review", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ChangeView>)))]
pub async fn audit(
    State(state): State<AppState>,
    who: Who,
    Path(id): Path<i64>,
) -> Api<Vec<ChangeView>> {
    who.may_read()?;
    Ok(Json(review::changes(&state, Some(id)).await?))
}

/// The current reports browsed: the criteria, a page of reports and the facets, each
/// counted over the reports the other criteria keep (as `/corpus` shows them).
#[utoipa::path(get, path = "/api/corpus/reports", tag = "corpus", params(browse::BrowseQuery),
    responses((status = 200, body = BrowseView), (status = 400, body = ErrorBody)))]
pub async fn reports(
    State(state): State<AppState>,
    who: Who,
    Q(q): Q<browse::BrowseQuery>,
) -> Api<BrowseView> {
    who.may_read()?;
    Ok(Json(browse::page(&state, q, who.lang).await?))
}

/// A stored report version: its cells, findings, source, the organ's versions of the year,
/// and the comparison with the year before.
#[utoipa::path(get, path = "/api/corpus/reports/{id}", tag = "corpus",
    params(("id" = i64, Path, description = "The stored version's id")),
    responses((status = 200, body = StoredView), (status = 404, body = ErrorBody)))]
pub async fn stored_report(
    State(state): State<AppState>,
    who: Who,
    Path(id): Path<i64>,
) -> Api<StoredView> {
    who.may_read()?;
    Ok(Json(stored::view(&state, id, who.lang).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    year: i64,
}

/// Requests by outcome, summed over the year's reports, each with its share of them all.
#[utoipa::path(get, path = "/api/corpus/outcomes", tag = "corpus", params(YearQuery),
    responses((status = 200, body = Vec<Outcome>), (status = 400, body = ErrorBody)))]
pub async fn outcomes(
    State(state): State<AppState>,
    who: Who,
    Q(q): Q<YearQuery>,
) -> Api<Vec<Outcome>> {
    who.may_read()?;
    Ok(Json(
        charts::outcomes(&state, q.year, who.lang).await?.outcomes,
    ))
}

/// The charts page's figures: a year's requests by outcome, 公开率 and 复议纠错率 of every
/// year, and the year's rates of the places and organs that received the most requests.
#[utoipa::path(get, path = "/api/corpus/charts", tag = "corpus", params(charts::ChartsQuery),
    responses((status = 200, body = ChartsView), (status = 400, body = ErrorBody)))]
pub async fn charts(
    State(state): State<AppState>,
    who: Who,
    Q(q): Q<charts::ChartsQuery>,
) -> Api<ChartsView> {
    who.may_read()?;
    Ok(Json(charts::charts(&state, q, who.lang).await?))
}

/// The document itself.
#[utoipa::path(get, path = "/api/openapi.json", tag = "corpus",
    responses((status = 200, description = "This OpenAPI 3.1 document", body = Object)))]
pub async fn openapi() -> Response {
    Json(Doc::openapi()).into_response()
}

/// The organs that filed in another year but not in this one.
#[utoipa::path(get, path = "/api/corpus/missing", tag = "corpus", params(corpus::YearRegion),
    responses((status = 200, body = MissingView), (status = 400, body = ErrorBody)))]
pub async fn missing(
    State(state): State<AppState>,
    who: Who,
    Q(q): Q<corpus::YearRegion>,
) -> Api<MissingView> {
    who.may_read()?;
    Ok(Json(corpus::missing(&state, q).await?))
}

/// An organ across its years: its reports, and what changed from each year to the next.
#[utoipa::path(get, path = "/api/corpus/organs/{name}", tag = "corpus",
    params(("name" = String, Path, description = "The organ's name, however written")),
    responses((status = 200, body = OrganView), (status = 404, body = ErrorBody)))]
pub async fn organ(
    State(state): State<AppState>,
    who: Who,
    Path(name): Path<String>,
) -> Api<OrganView> {
    who.may_read()?;
    Ok(Json(corpus::organ(&state, name, who.lang).await?))
}

/// The comparison report of an organ's two years: every cell of both with its change, the
/// four rates, the findings of each year and across the two, and each section's text repeated
/// from the earlier year.
#[utoipa::path(get, path = "/api/corpus/organs/{name}/compare", tag = "corpus",
    params(("name" = String, Path, description = "The organ's name, however written"), compare::Years),
    responses((status = 200, body = ComparisonView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn comparison(
    State(state): State<AppState>,
    who: Who,
    Path(name): Path<String>,
    Q(years): Q<compare::Years>,
) -> Api<ComparisonView> {
    who.may_read()?;
    Ok(Json(compare::compare(&state, name, years, who.lang).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RollupQuery {
    /// The place or region to sum.
    region: String,
    year: i64,
}

/// A region's reports of a year summed, and checked.
#[utoipa::path(get, path = "/api/corpus/rollup", tag = "corpus", params(RollupQuery),
    responses((status = 200, body = RollupView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn rollup(
    State(state): State<AppState>,
    who: Who,
    Q(q): Q<RollupQuery>,
) -> Api<RollupView> {
    who.may_read()?;
    let v = corpus::rollup(&state, q.region, q.year, who.lang).await?;
    if v.organs == 0 {
        return Err(AppError::not_found(
            "这一地区在这一年度没有报告",
            "no report of this region for this year",
        ));
    }
    Ok(Json(v))
}

/// The evaluation packs the server knows and, given a region and a year, the score sheet
/// of the pack chosen: per organ the user may see, each item's points with its evidence.
#[utoipa::path(get, path = "/api/score", tag = "score", params(crate::service::score::ScoreQuery),
    responses((status = 200, body = crate::service::score::ScoreView), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn score(
    State(state): State<AppState>,
    who: Who,
    Q(q): Q<crate::service::score::ScoreQuery>,
) -> Api<crate::service::score::ScoreView> {
    let user = who.require(Role::Viewer)?.id;
    Ok(Json(
        crate::service::score::view(&state, user, q, who.lang).await?,
    ))
}

/// Reports, requests, 公开率 and 复议纠错率, by year, organ or place.
#[utoipa::path(get, path = "/api/corpus/stats", tag = "corpus", params(corpus::StatsQuery),
    responses((status = 200, body = Vec<StatsRow>), (status = 400, body = ErrorBody)))]
pub async fn stats(
    State(state): State<AppState>,
    who: Who,
    Q(q): Q<corpus::StatsQuery>,
) -> Api<Vec<StatsRow>> {
    who.may_read()?;
    Ok(Json(corpus::stats(&state, q).await?))
}

/// The accounts.
#[utoipa::path(get, path = "/api/users", tag = "accounts",
    responses((status = 200, body = Vec<UserView>), (status = 403, body = ErrorBody)))]
pub async fn users(State(state): State<AppState>, who: Who) -> Api<Vec<UserView>> {
    who.require(Role::Admin)?;
    Ok(Json(users::users(&state).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct NewUser {
    name: String,
    password: String,
    /// `viewer`, `editor` or `admin`.
    role: String,
}

/// Makes an account.
#[utoipa::path(post, path = "/api/users", tag = "accounts", request_body = NewUser,
    responses((status = 201, body = UserView), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn add_user(
    State(state): State<AppState>,
    CsrfHeader(who): CsrfHeader,
    Json(body): Json<NewUser>,
) -> Result<Response, AppError> {
    let admin = who.require(Role::Admin)?.id;
    let id = users::create_user(&state, admin, &body.name, &body.password, &body.role).await?;
    let user = user_view(&state, id).await?;
    Ok((StatusCode::CREATED, Json(user)).into_response())
}

async fn user_view(state: &AppState, id: i64) -> Result<UserView, AppError> {
    users::users(state)
        .await?
        .into_iter()
        .find(|u| u.id == id)
        .ok_or_else(|| {
            AppError::from(gongkai_store::accounts::AccountError::NoSuchUser(format!(
                "#{id}"
            )))
        })
}

/// Changes an account: any of its role, its password, whether it is disabled.
#[utoipa::path(put, path = "/api/users/{id}", tag = "accounts", params(("id" = i64, Path)),
    request_body = users::UserChange,
    responses((status = 200, body = UserView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_user(
    State(state): State<AppState>,
    CsrfHeader(who): CsrfHeader,
    Path(id): Path<i64>,
    Json(body): Json<users::UserChange>,
) -> Api<UserView> {
    let admin = who.require(Role::Admin)?.id;
    users::change_user(&state, admin, id, body).await?;
    Ok(Json(user_view(&state, id).await?))
}

/// Deletes an account; what its user did stays in the trail under their name.
#[utoipa::path(delete, path = "/api/users/{id}", tag = "accounts", params(("id" = i64, Path)),
    responses((status = 204, description = "Deleted"), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_user(
    State(state): State<AppState>,
    CsrfHeader(who): CsrfHeader,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let admin = who.require(Role::Admin)?.id;
    users::delete_user(&state, admin, id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Changes the settings given; those left out stay as they are.
#[utoipa::path(put, path = "/api/settings", tag = "accounts", request_body = users::Settings,
    responses((status = 200, body = SettingsView), (status = 400, body = ErrorBody)))]
pub async fn settings(
    State(state): State<AppState>,
    CsrfHeader(who): CsrfHeader,
    Json(body): Json<users::Settings>,
) -> Api<SettingsView> {
    let admin = who.require(Role::Admin)?.id;
    Ok(Json(users::change_settings(&state, admin, body).await?))
}

/// Sets where a user belongs in the filing season (`null` takes it away): an organ's filer
/// or approver (`organ` named), an office's reviewer or admin (`region` named).
#[utoipa::path(put, path = "/api/users/{id}/place", tag = "accounts",
    params(("id" = i64, Path)), request_body = Option<users::PlaceView>,
    responses(
        (status = 204, description = "Set"),
        (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
pub async fn set_place(
    State(state): State<AppState>,
    CsrfHeader(who): CsrfHeader,
    Path(id): Path<i64>,
    Json(place): Json<Option<users::PlaceView>>,
) -> Result<StatusCode, AppError> {
    let admin = who.require(Role::Viewer)?.id;
    users::set_place(&state, admin, id, place).await?;
    Ok(StatusCode::NO_CONTENT)
}
