//! The filing season in the API: seasons, boards, an organ's filing, its draft, and every
//! step. Each answer is scoped as the pages are: what the user may not see answers 404.

use super::{upload_of, Api, FileName};
use crate::auth::Who;
use crate::error::{AppError, ErrorBody};
use crate::service::season::{
    self as filing, AckInput, BoardQuery, BoardView, FilingView, Filled, FormView, InboxItemView,
    NewComment, NewOrgans, NewSeason, PublicationView, SeasonRollupView, SeasonView,
};
use crate::state::AppState;
use crate::web::{CsrfHeader, Q};
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use gongkai_store::accounts::Role;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

fn user(who: &Who) -> Result<i64, AppError> {
    Ok(who.require(Role::Viewer)?.id)
}

/// A number the server gave what it made.
#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

/// The seasons the user sees, the latest year first.
#[utoipa::path(get, path = "/api/seasons", tag = "season",
    responses((status = 200, body = Vec<SeasonView>), (status = 401, body = ErrorBody)))]
pub async fn seasons(State(state): State<AppState>, who: Who) -> Api<Vec<SeasonView>> {
    Ok(Json(filing::list(&state, user(&who)?, who.lang).await?))
}

/// Opens a season over a region (an office admin of a region holding it, or an
/// administrator), with the organs it expects.
#[utoipa::path(post, path = "/api/seasons", tag = "season", request_body = NewSeason,
    responses(
        (status = 201, body = Created),
        (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 409, description = "The region has a season for that year", body = ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    CsrfHeader(who): CsrfHeader,
    Json(new): Json<NewSeason>,
) -> Result<Response, AppError> {
    let id = filing::create(&state, user(&who)?, new).await?;
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}

/// The board: every organ the user sees with its state, due date and last step; the counts by
/// state; the roll-up's headline cells and the organs missing.
#[utoipa::path(get, path = "/api/seasons/{id}", tag = "season",
    params(("id" = i64, Path), BoardQuery),
    responses((status = 200, body = BoardView), (status = 404, body = ErrorBody)))]
pub async fn board(
    State(state): State<AppState>,
    who: Who,
    Path(id): Path<i64>,
    Q(q): Q<BoardQuery>,
) -> Api<BoardView> {
    Ok(Json(
        filing::board(&state, user(&who)?, id, q, who.lang).await?,
    ))
}

/// Names more organs as expected.
#[utoipa::path(post, path = "/api/seasons/{id}/organs", tag = "season",
    params(("id" = i64, Path)), request_body = NewOrgans,
    responses((status = 204, description = "Named"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn add_organs(
    State(state): State<AppState>,
    CsrfHeader(who): CsrfHeader,
    Path(id): Path<i64>,
    Json(new): Json<NewOrgans>,
) -> Result<StatusCode, AppError> {
    filing::add_organs(&state, user(&who)?, id, new).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct Due {
    /// `YYYY-MM-DD`.
    pub due: String,
}

/// Sets the deadline of a kind of organ: `government`, `office`, `department`, `zone`, `town`.
#[utoipa::path(put, path = "/api/seasons/{id}/deadlines/{kind}", tag = "season",
    params(("id" = i64, Path), ("kind" = String, Path)), request_body = Due,
    responses((status = 204, description = "Set"), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn deadline(
    State(state): State<AppState>,
    CsrfHeader(who): CsrfHeader,
    Path((id, kind)): Path<(i64, String)>,
    Json(due): Json<Due>,
) -> Result<StatusCode, AppError> {
    filing::set_deadline(&state, user(&who)?, id, kind, due.due).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The sum of the approved reports, every cell, with the organs counted and missing.
#[utoipa::path(get, path = "/api/seasons/{id}/rollup", tag = "season", operation_id = "season_rollup",
    params(("id" = i64, Path)),
    responses((status = 200, body = SeasonRollupView), (status = 404, body = ErrorBody)))]
pub async fn rollup(
    State(state): State<AppState>,
    who: Who,
    Path(id): Path<i64>,
) -> Api<SeasonRollupView> {
    Ok(Json(
        filing::rollup(&state, user(&who)?, id, who.lang).await?,
    ))
}

/// An organ's filing: its state, what the user may do, its timeline and submissions (what
/// the rules found, what changed since the one before, the comments).
#[utoipa::path(get, path = "/api/seasons/{id}/organs/{organ}", tag = "season",
    params(("id" = i64, Path), ("organ" = i64, Path)),
    responses((status = 200, body = FilingView), (status = 404, body = ErrorBody)))]
pub async fn filing(
    State(state): State<AppState>,
    who: Who,
    Path((id, organ)): Path<(i64, i64)>,
) -> Api<FilingView> {
    Ok(Json(
        filing::filing(&state, user(&who)?, id, organ, who.lang).await?,
    ))
}

/// The organ's draft as the form shows it: its values (or last year's carried over), its
/// sections, what the rules find in it, and the identities of the tables.
#[utoipa::path(get, path = "/api/seasons/{id}/organs/{organ}/draft", tag = "season",
    params(("id" = i64, Path), ("organ" = i64, Path)),
    responses((status = 200, body = FormView), (status = 404, body = ErrorBody)))]
pub async fn form(
    State(state): State<AppState>,
    who: Who,
    Path((id, organ)): Path<(i64, i64)>,
) -> Api<FormView> {
    Ok(Json(
        filing::form(&state, user(&who)?, id, organ, who.lang).await?,
    ))
}

/// Saves the organ's draft from its cells and sections, and answers it checked.
#[utoipa::path(put, path = "/api/seasons/{id}/organs/{organ}/draft", tag = "season",
    params(("id" = i64, Path), ("organ" = i64, Path)), request_body = Filled,
    responses(
        (status = 200, body = FormView),
        (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Not while submitted or approved", body = ErrorBody),
    ))]
pub async fn save(
    State(state): State<AppState>,
    CsrfHeader(who): CsrfHeader,
    Path((id, organ)): Path<(i64, i64)>,
    Json(filled): Json<Filled>,
) -> Api<FormView> {
    let me = user(&who)?;
    filing::save(&state, me, id, organ, filled).await?;
    Ok(Json(filing::form(&state, me, id, organ, who.lang).await?))
}

/// Saves a report file (any form gongkai reads) as the organ's draft: the body, or the
/// multipart field `file`.
#[utoipa::path(post, path = "/api/seasons/{id}/organs/{organ}/draft", tag = "season", operation_id = "season_upload",
    params(("id" = i64, Path), ("organ" = i64, Path), FileName),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The report file"),
    responses(
        (status = 200, body = FormView),
        (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn upload(
    State(state): State<AppState>,
    CsrfHeader(who): CsrfHeader,
    Path((id, organ)): Path<(i64, i64)>,
    request: Request,
) -> Api<FormView> {
    let me = user(&who)?;
    let (name, bytes) = upload_of(&state, request).await?;
    filing::upload(&state, me, id, organ, name, bytes).await?;
    Ok(Json(filing::form(&state, me, id, organ, who.lang).await?))
}

/// A submission of the saved draft.
#[derive(Deserialize, ToSchema)]
pub struct Submit {
    /// A reason for each warning the rules find, by the finding's signature.
    #[serde(default)]
    pub acknowledged: Vec<AckInput>,
    /// A note to the office.
    pub comment: Option<String>,
}

/// Submits the saved draft: refused (422) while the rules find an error, or a warning has no
/// reason given.
#[utoipa::path(post, path = "/api/seasons/{id}/organs/{organ}/submit", tag = "season",
    params(("id" = i64, Path), ("organ" = i64, Path)), request_body = Submit,
    responses(
        (status = 201, body = Created),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
        (status = 422, description = "The report has errors, or warnings without a reason", body = ErrorBody),
    ))]
pub async fn submit(
    State(state): State<AppState>,
    CsrfHeader(who): CsrfHeader,
    Path((id, organ)): Path<(i64, i64)>,
    Json(body): Json<Submit>,
) -> Result<Response, AppError> {
    let submission = filing::submit(
        &state,
        user(&who)?,
        id,
        organ,
        body.acknowledged,
        body.comment,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(Created { id: submission })).into_response())
}

/// A decision on the organ's report.
#[derive(Deserialize, ToSchema)]
pub struct DecisionBody {
    /// `return`, `approve`, `publish`, `mismatch`, `resolve` or `reopen`.
    pub decision: String,
    /// Required to return, to mark a mismatch and to reopen.
    pub comment: Option<String>,
}

/// Where the organ stands after a decision.
#[derive(Serialize, ToSchema)]
pub struct StateAnswer {
    pub state: String,
}

/// Returns, approves, publishes, reopens…: the office's decision (or the organ's approver's,
/// for `publish`).
#[utoipa::path(post, path = "/api/seasons/{id}/organs/{organ}/decision", tag = "season",
    params(("id" = i64, Path), ("organ" = i64, Path)), request_body = DecisionBody,
    responses(
        (status = 200, body = StateAnswer),
        (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Not allowed from the organ's state", body = ErrorBody),
    ))]
pub async fn decide(
    State(state): State<AppState>,
    CsrfHeader(who): CsrfHeader,
    Path((id, organ)): Path<(i64, i64)>,
    Json(body): Json<DecisionBody>,
) -> Api<StateAnswer> {
    let d = filing::decision(&body.decision)?;
    let state = filing::decide(&state, user(&who)?, id, organ, d, body.comment).await?;
    Ok(Json(StateAnswer { state }))
}

/// Pins a comment to a submission: the whole, a cell, a finding or a passage.
#[utoipa::path(post, path = "/api/seasons/{id}/organs/{organ}/comments", tag = "season",
    params(("id" = i64, Path), ("organ" = i64, Path)), request_body = NewComment,
    responses(
        (status = 201, body = Created),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
pub async fn comment(
    State(state): State<AppState>,
    CsrfHeader(who): CsrfHeader,
    Path((id, organ)): Path<(i64, i64)>,
    Json(c): Json<NewComment>,
) -> Result<Response, AppError> {
    let id = filing::comment(&state, user(&who)?, id, organ, c).await?;
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}

/// Where the published report is.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // `name` is read by `upload_of` from the raw query; here for the document.
pub struct PublishedQuery {
    /// The address of the page online, kept with the reading.
    pub address: Option<String>,
    /// The file's name, which tells its format (`report.html`, `report.pdf`).
    pub name: Option<String>,
}

/// Reads what went online (the body: the page saved from the site, or the file published) and
/// compares it with the approved report (cells, title, sections) and with the first reading;
/// any difference against the approved report makes the organ 发布不符.
#[utoipa::path(post, path = "/api/seasons/{id}/organs/{organ}/publications", tag = "season",
    params(("id" = i64, Path), ("organ" = i64, Path), PublishedQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The published page or file"),
    responses(
        (status = 201, body = PublicationView),
        (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn check_publication(
    State(state): State<AppState>,
    CsrfHeader(who): CsrfHeader,
    Path((id, organ)): Path<(i64, i64)>,
    Q(q): Q<PublishedQuery>,
    request: Request,
) -> Result<Response, AppError> {
    let me = user(&who)?;
    let (name, bytes) = upload_of(&state, request).await?;
    let p = filing::check_publication(
        &state,
        me,
        id,
        organ,
        filing::Published {
            address: q.address,
            name,
            bytes,
        },
        who.lang,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(p)).into_response())
}

/// The readings of what went online, the first first.
#[utoipa::path(get, path = "/api/seasons/{id}/organs/{organ}/publications", tag = "season",
    params(("id" = i64, Path), ("organ" = i64, Path)),
    responses((status = 200, body = Vec<PublicationView>), (status = 404, body = ErrorBody)))]
pub async fn publications(
    State(state): State<AppState>,
    who: Who,
    Path((id, organ)): Path<(i64, i64)>,
) -> Api<Vec<PublicationView>> {
    Ok(Json(
        filing::publications(&state, user(&who)?, id, organ, who.lang).await?,
    ))
}

/// What needs the user: reports returned or approved, due in three days, overdue, and for an
/// office those waiting for review; the most urgent first. For the office's own systems to
/// poll (an intranet has no mail server to rely on).
#[utoipa::path(get, path = "/api/inbox", tag = "season",
    responses((status = 200, body = Vec<InboxItemView>), (status = 401, body = ErrorBody)))]
pub async fn inbox(State(state): State<AppState>, who: Who) -> Api<Vec<InboxItemView>> {
    Ok(Json(filing::inbox(&state, user(&who)?, who.lang).await?))
}
