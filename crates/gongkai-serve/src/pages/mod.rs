//! The pages' handlers: each asks the service for a view model and draws it with its view.
//! Errors are drawn as pages by the error layer ([`crate::web::errors`]); forms that change
//! something arrive as [`CsrfForm`], checked before the handler runs.

use crate::auth::{self, Who, LOGIN_COOKIE};
use crate::error::AppError;
use crate::service::{
    accounts as users, browse, charts, compare, corpus, drafts as review, stored,
};
use crate::state::AppState;
use crate::views::{self, answer, Ctx};
use crate::web::{CsrfForm, Q};
use axum::extract::{FromRequest, Multipart, Path, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_store::accounts::Role;
use gongkai_store::drafts::Mark;
use serde::Deserialize;

pub mod score;
pub mod season;

pub type Page = Result<Response, AppError>;

/// A visitor who may read the pages: any user, or anyone when the admin opened reading. Others
/// are sent to the login page (or told they may not, when logged in).
pub struct Reader(pub Who);

impl axum::extract::FromRequestParts<AppState> for Reader {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Reader, Response> {
        let who = Who::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match who.may_read() {
            Ok(()) => Ok(Reader(who)),
            Err(_) if who.user.is_none() => Err(Redirect::to("/login").into_response()),
            Err(e) => Err(e.into_response()),
        }
    }
}

pub async fn home(State(state): State<AppState>, who: Who, uri: Uri) -> Page {
    let ctx = Ctx::new(&who, &uri);
    if !who.any_user {
        let db = crate::state::redacted(&state.config.db);
        return Ok(answer(views::home::welcome(&ctx, &db)));
    }
    if let Err(e) = who.may_read() {
        return match who.user {
            None => Ok(Redirect::to("/login").into_response()),
            Some(_) => Err(e),
        };
    }
    let list = review::list(&state, &who).await?;
    Ok(answer(views::home::home(&ctx, &list, None)))
}

/// `POST /check`: an uploaded file or pasted text becomes a report under review. A refusal
/// draws the start page again with the reason above the form.
pub async fn upload(State(state): State<AppState>, who: Who, uri: Uri, form: Multipart) -> Page {
    let user = who.require(Role::Viewer)?.id;
    match upload_form(&state, &who, user, form).await {
        Ok(id) => Ok(Redirect::to(&format!("/drafts/{id}")).into_response()),
        Err(e) if e.code == "csrf" => Err(e),
        Err(e) => {
            let list = review::list(&state, &who).await?;
            let ctx = Ctx::new(&who, &uri);
            let page = views::home::home(&ctx, &list, Some(e.message(who.lang)));
            Ok((e.status, answer(page)).into_response())
        }
    }
}

async fn upload_form(
    state: &AppState,
    who: &Who,
    user: i64,
    form: Multipart,
) -> Result<i64, AppError> {
    let (file, text) = multipart_with(who, form, "text").await?;
    let text = text.filter(|t| !t.trim().is_empty());
    let (name, bytes) = match (file, text) {
        (Some(f), _) => f,
        (None, Some(t)) => ("粘贴的文本.txt".to_string(), t.into_bytes().into()),
        (None, None) => {
            return Err(AppError::bad_request(
                "请选择文件或粘贴报告全文",
                "choose a file or paste the report's text",
            ))
        }
    };
    review::upload(state, user, name, bytes).await
}

pub async fn draft(
    State(state): State<AppState>,
    Reader(who): Reader,
    Path(id): Path<i64>,
    uri: Uri,
) -> Page {
    let d = review::view(&state, id, who.lang).await?;
    let changes = review::changes(&state, Some(id)).await?;
    Ok(answer(views::draft::draft(
        &Ctx::new(&who, &uri),
        &d,
        &changes,
    )))
}

#[derive(Deserialize)]
pub struct CellForm {
    key: String,
    #[serde(default)]
    value: String,
}

pub async fn correct(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { who, form }: CsrfForm<CellForm>,
) -> Page {
    let user = who.require(Role::Editor)?.id;
    review::correct(&state, id, user, &form.key, &form.value).await?;
    let key = form.key.trim();
    let anchor: String = serde_urlencoded::to_string([("", key)])
        .unwrap_or_default()
        .trim_start_matches('=')
        .to_string();
    Ok(Redirect::to(&format!("/drafts/{id}#c-{anchor}")).into_response())
}

#[derive(Deserialize)]
pub struct MarkForm {
    finding: String,
    #[serde(default)]
    state: String,
}

pub async fn mark(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { who, form }: CsrfForm<MarkForm>,
) -> Page {
    let user = who.require(Role::Editor)?.id;
    review::mark(&state, id, user, form.finding, Mark::parse(&form.state)).await?;
    Ok(Redirect::to(&format!("/drafts/{id}")).into_response())
}

pub async fn download(
    State(state): State<AppState>,
    Reader(_): Reader,
    Path((id, format)): Path<(i64, String)>,
) -> Page {
    let d = review::download(&state, id, &format).await?;
    Ok(file(d))
}

/// A file as an attachment, its name in UTF-8 (RFC 5987) with an ASCII stand-in.
pub fn file(d: review::Download) -> Response {
    let extension = d.name.rsplit('.').next().unwrap_or("bin").to_string();
    let disposition = format!(
        "attachment; filename=\"report.{extension}\"; filename*=UTF-8''{}",
        percent(&d.name)
    );
    (
        [
            (header::CONTENT_TYPE, d.mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        d.bytes,
    )
        .into_response()
}

/// RFC 5987 percent-encoding of a file name.
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub async fn missing(
    State(state): State<AppState>,
    Reader(who): Reader,
    Q(q): Q<corpus::YearRegion>,
    uri: Uri,
) -> Page {
    let v = corpus::missing(&state, q).await?;
    Ok(answer(views::organ::missing(&Ctx::new(&who, &uri), &v)))
}

pub async fn corpus(
    State(state): State<AppState>,
    Reader(who): Reader,
    Q(q): Q<browse::BrowseQuery>,
    uri: Uri,
) -> Page {
    let v = browse::page(&state, q, who.lang).await?;
    Ok(answer(views::corpus::browse(&Ctx::new(&who, &uri), &v)))
}

/// What the corpus page's criteria keep, every row of it, as CSV, JSON or a workbook.
pub async fn export(
    State(state): State<AppState>,
    Reader(who): Reader,
    Path(format): Path<String>,
    Q(q): Q<browse::BrowseQuery>,
) -> Page {
    let target = match format.as_str() {
        "export.csv" => "csv",
        "export.json" => "json",
        "export.xlsx" => "xlsx",
        _ => {
            return Err(AppError::not_found(
                "没有这种导出格式：可导出 CSV、JSON 或 XLSX",
                "no such export: CSV, JSON and XLSX are",
            ))
        }
    };
    let rows = browse::all(&state, q).await?;
    let lang = who.lang;
    let (mime, bytes) = match target {
        "csv" => ("text/csv; charset=utf-8", browse::csv(&rows, lang)),
        "json" => (
            "application/json",
            serde_json::to_vec(&rows).map_err(|e| AppError::internal(e.to_string()))?,
        ),
        _ => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            state.work(move || browse::xlsx(&rows, lang)).await?,
        ),
    };
    Ok(file(review::Download {
        name: format!("{}.{target}", crate::i18n::t(lang, "语料库", "corpus")),
        mime,
        bytes,
    }))
}

/// A stored report, opened from the corpus.
pub async fn stored(
    State(state): State<AppState>,
    Reader(who): Reader,
    Path(id): Path<i64>,
    uri: Uri,
) -> Page {
    let v = stored::view(&state, id, who.lang).await?;
    Ok(answer(views::stored::stored(&Ctx::new(&who, &uri), &v)))
}

pub async fn charts(
    State(state): State<AppState>,
    Reader(who): Reader,
    Q(q): Q<charts::ChartsQuery>,
    uri: Uri,
) -> Page {
    let v = charts::charts(&state, q, who.lang).await?;
    Ok(answer(views::charts::charts(&Ctx::new(&who, &uri), &v)))
}

#[derive(Deserialize)]
pub struct ChartQuery {
    year: Option<i64>,
    name: Option<String>,
}

/// `GET /charts/{name}`: one chart of the charts page alone, as an SVG image drawn by the same
/// template: `outcomes`, `places` and `organs` of `?year=` (the latest when left out),
/// `years` (or `rates`), and `organ` (`?name=`) over its years.
pub async fn chart(
    State(state): State<AppState>,
    who: Who,
    Path(name): Path<String>,
    Q(q): Q<ChartQuery>,
    uri: Uri,
) -> Page {
    who.may_read()?;
    if !["outcomes", "years", "rates", "places", "organs", "organ"].contains(&name.as_str()) {
        return Err(AppError::not_found(
            format!("没有图表 {name}"),
            format!("no chart {name}"),
        ));
    }
    let ctx = Ctx::new(&who, &uri);
    let chart = if name == "organ" {
        let organ = q.name.unwrap_or_default();
        let rows = charts::organ_rates(&state, organ.clone()).await?;
        views::charts::years_chart(&ctx, &rows, Some(&organ))
    } else {
        let v = charts::charts(&state, charts::ChartsQuery { year: q.year }, who.lang).await?;
        match name.as_str() {
            "outcomes" => views::charts::outcomes_chart(&ctx, &v.outcomes),
            "years" | "rates" => views::charts::years_chart(&ctx, &v.by_year, None),
            "places" => views::charts::places_chart(&ctx, &v),
            _ => views::charts::organs_chart(&ctx, &v),
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        views::charts::image(&ctx, chart).into_string(),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct OrganQuery {
    name: String,
}

pub async fn organ(
    State(state): State<AppState>,
    Reader(who): Reader,
    Q(q): Q<OrganQuery>,
    uri: Uri,
) -> Page {
    let v = corpus::organ(&state, q.name, who.lang).await?;
    Ok(answer(views::organ::organ(&Ctx::new(&who, &uri), &v)))
}

/// The comparison of an organ's two years, as a page or (`format=docx`) as the DOCX the
/// command line writes.
#[derive(Deserialize)]
pub struct ComparisonQuery {
    name: String,
    from: i64,
    to: i64,
    format: Option<String>,
}

pub async fn comparison(
    State(state): State<AppState>,
    Reader(who): Reader,
    Q(q): Q<ComparisonQuery>,
    uri: Uri,
) -> Page {
    let years = compare::Years {
        from: q.from,
        to: q.to,
    };
    let docx = match q.format.as_deref() {
        None | Some("html") => false,
        Some("docx") => true,
        Some(other) => {
            return Err(AppError::bad_request(
                format!("format 应为 html 或 docx，而不是 {other}"),
                format!("format must be html or docx, not {other}"),
            ))
        }
    };
    let v = compare::compare(&state, q.name, years, who.lang).await?;
    if docx {
        return Ok(file(compare::docx(&v, who.lang)));
    }
    Ok(answer(views::organ::comparison(&Ctx::new(&who, &uri), &v)))
}

pub async fn rollup(
    State(state): State<AppState>,
    Reader(who): Reader,
    Q(q): Q<corpus::YearRegion>,
    uri: Uri,
) -> Page {
    let year = match q.year {
        Some(y) => Some(y),
        None => corpus::years(&state).await?.first().copied(),
    };
    let region = q.region.unwrap_or_default();
    let v = match (region.trim().is_empty(), year) {
        (false, Some(y)) => Some(corpus::rollup(&state, region.clone(), y, who.lang).await?),
        _ => None,
    };
    Ok(answer(views::organ::rollup(
        &Ctx::new(&who, &uri),
        v.as_ref(),
        year,
        &region,
    )))
}

pub async fn login_form(State(state): State<AppState>, who: Who, uri: Uri) -> Page {
    Ok(login_page(&state, &who, &uri, "", None, StatusCode::OK))
}

/// The login form with a fresh token (its cookie set beside it), the name kept and the
/// reason of a failure shown.
fn login_page(
    state: &AppState,
    who: &Who,
    uri: &Uri,
    name: &str,
    failure: Option<&str>,
    status: StatusCode,
) -> Response {
    let token = auth::token();
    let page = views::login::form(&Ctx::new(who, uri), &token, name, failure);
    let mut response = (status, answer(page)).into_response();
    if let Ok(v) = header::HeaderValue::from_str(&auth::set_cookie_at(
        state,
        "/login",
        LOGIN_COOKIE,
        &token,
        3600,
    )) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

#[derive(Deserialize)]
pub struct LoginForm {
    csrf: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

pub async fn login(
    State(state): State<AppState>,
    who: Who,
    headers: HeaderMap,
    uri: Uri,
    request: axum::extract::Request,
) -> Page {
    let client = auth::client(&state, request.extensions(), &headers);
    let axum::extract::Form(form) = axum::extract::Form::<LoginForm>::from_request(request, &state)
        .await
        .map_err(|e| AppError::bad_request(e.body_text(), e.body_text()))?;
    // The login form's token must match its cookie (double submit): another site cannot post
    // its own credentials into this one.
    let expected = auth::cookie(&headers, LOGIN_COOKIE);
    if expected.is_none() || expected != form.csrf {
        return Err(AppError::csrf());
    }
    match auth::login(&state, &client, &form.name, &form.password).await {
        Ok((_, cookie, _)) => {
            let mut response = Redirect::to("/").into_response();
            if let Ok(v) = header::HeaderValue::from_str(&cookie) {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
            Ok(response)
        }
        Err(e) if e.status.is_client_error() => Ok(login_page(
            &state,
            &who,
            &uri,
            &form.name,
            Some(e.message(who.lang)),
            e.status,
        )),
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfForm { .. }: CsrfForm<Empty>,
) -> Page {
    let cookie = auth::logout(&state, &headers).await?;
    let mut response = Redirect::to("/login").into_response();
    if let Ok(v) = header::HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

pub async fn admin(State(state): State<AppState>, who: Who, uri: Uri) -> Page {
    let me = who.require(Role::Admin)?.id;
    let v = users::admin(&state, me).await?;
    Ok(answer(views::admin::admin(&Ctx::new(&who, &uri), &v)))
}

#[derive(Deserialize)]
pub struct NewUserForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
}

pub async fn add_user(
    State(state): State<AppState>,
    CsrfForm { who, form }: CsrfForm<NewUserForm>,
) -> Page {
    let admin = who.require(Role::Admin)?.id;
    users::create_user(&state, admin, &form.name, &form.password, &form.role).await?;
    Ok(Redirect::to("/admin").into_response())
}

#[derive(Deserialize)]
pub struct ChangeForm {
    role: Option<String>,
    password: Option<String>,
}

/// `POST /admin/users/{id}`: a new role, and a new password when one is typed.
pub async fn change_user(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { who, form }: CsrfForm<ChangeForm>,
) -> Page {
    let admin = who.require(Role::Admin)?.id;
    let change = users::UserChange {
        role: form.role,
        password: form.password.filter(|p| !p.is_empty()),
        disabled: None,
    };
    users::change_user(&state, admin, id, change).await?;
    Ok(Redirect::to("/admin").into_response())
}

#[derive(Deserialize)]
pub struct PlaceForm {
    /// `none`, `filer`, `approver`, `reviewer` or `office_admin`.
    role: String,
    /// The organ (for a filer or approver) or the region (for a reviewer or office admin).
    #[serde(default)]
    at: String,
}

/// `POST /admin/users/{id}/place`: where the user belongs in the filing season.
pub async fn set_place(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { who, form }: CsrfForm<PlaceForm>,
) -> Page {
    let admin = who.require(Role::Admin)?.id;
    let at = form.at.trim().to_string();
    let place = match form.role.as_str() {
        "none" | "" => None,
        "filer" | "approver" => Some(users::PlaceView {
            organ: Some(at),
            region: None,
            role: form.role,
        }),
        _ => Some(users::PlaceView {
            organ: None,
            region: Some(at),
            role: form.role,
        }),
    };
    users::set_place(&state, admin, id, place).await?;
    Ok(Redirect::to("/admin").into_response())
}

#[derive(Deserialize)]
pub struct DisableForm {
    disabled: Option<String>,
}

/// `POST /admin/users/{id}/disable` with `disabled=1` (disable) or `0` (enable again).
pub async fn disable_user(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { who, form }: CsrfForm<DisableForm>,
) -> Page {
    let admin = who.require(Role::Admin)?.id;
    let change = users::UserChange {
        disabled: Some(form.disabled.as_deref() == Some("1")),
        ..Default::default()
    };
    users::change_user(&state, admin, id, change).await?;
    Ok(Redirect::to("/admin").into_response())
}

#[derive(Deserialize)]
pub struct DeleteForm {
    confirm: Option<String>,
}

/// `POST /admin/users/{id}/delete`, with the box `confirm` ticked.
pub async fn delete_user(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { who, form }: CsrfForm<DeleteForm>,
) -> Page {
    let admin = who.require(Role::Admin)?.id;
    if form.confirm.as_deref() != Some("1") {
        return Err(AppError::bad_request(
            "请勾选“确认删除”后再删除用户",
            "tick “really delete” to delete the user",
        ));
    }
    users::delete_user(&state, admin, id).await?;
    Ok(Redirect::to("/admin").into_response())
}

#[derive(Deserialize)]
pub struct SettingsForm {
    anonymous_read: Option<String>,
    upload_count_per_day: Option<String>,
    upload_mb_per_day: Option<String>,
}

/// `POST /admin/settings`: the whole form, so an unticked box closes reading to visitors.
pub async fn settings(
    State(state): State<AppState>,
    CsrfForm { who, form }: CsrfForm<SettingsForm>,
) -> Page {
    let admin = who.require(Role::Admin)?.id;
    let number = |name: &str, v: &Option<String>| -> Result<Option<i64>, AppError> {
        match v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => v.parse().map(Some).map_err(|_| {
                AppError::bad_request(
                    format!("{name} 应为整数，而不是「{v}」"),
                    format!("{name} must be a whole number, not {v:?}"),
                )
            }),
        }
    };
    let change = users::Settings {
        anonymous_read: Some(form.anonymous_read.as_deref() == Some("1")),
        upload_count_per_day: number(
            gongkai_store::drafts::QUOTA_UPLOADS,
            &form.upload_count_per_day,
        )?,
        upload_mb_per_day: number(gongkai_store::drafts::QUOTA_MB, &form.upload_mb_per_day)?,
    };
    users::change_settings(&state, admin, change).await?;
    Ok(Redirect::to("/admin").into_response())
}

pub async fn asset(Path(name): Path<String>) -> Response {
    let (body, mime) = match name.as_str() {
        "style.css" => (
            include_str!("../../assets/style.css"),
            "text/css; charset=utf-8",
        ),
        "app.js" => (
            include_str!("../../assets/app.js"),
            "text/javascript; charset=utf-8",
        ),
        "season.js" => (
            include_str!("../../assets/season.js"),
            "text/javascript; charset=utf-8",
        ),
        _ => {
            return AppError::not_found(
                format!("没有这个文件：{name}"),
                format!("no such file: {name}"),
            )
            .into_response()
        }
    };
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

pub async fn not_found(uri: Uri) -> Response {
    AppError::not_found(
        format!("没有这个页面：{}", uri.path()),
        format!("no such page: {}", uri.path()),
    )
    .into_response()
}

/// The file of a multipart form whose CSRF token is its field `csrf`.
pub async fn multipart_file(
    who: &Who,
    form: Multipart,
) -> Result<(String, axum::body::Bytes), AppError> {
    multipart_with(who, form, "")
        .await?
        .0
        .ok_or_else(|| AppError::bad_request("请选择文件", "choose a file"))
}

/// A multipart form's file (`file`, when not empty) and one text field besides (`text` for
/// pasted text, `address` for a publication). The token is a field of the form too: checked
/// once the form is read, before anything in it is.
pub async fn multipart_with(
    who: &Who,
    mut form: Multipart,
    text_field: &str,
) -> Result<(Option<(String, axum::body::Bytes)>, Option<String>), AppError> {
    let failed = |e: axum::extract::multipart::MultipartError| {
        AppError::bad_request(
            format!("上传出错：{}", e.body_text()),
            format!("upload failed: {}", e.body_text()),
        )
    };
    let (mut csrf, mut file, mut text) = (None, None, None);
    while let Some(field) = form.next_field().await.map_err(failed)? {
        match field.name() {
            Some("csrf") => csrf = field.text().await.ok(),
            Some(name) if !text_field.is_empty() && name == text_field => {
                text = field.text().await.ok()
            }
            Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_string();
                let bytes = field.bytes().await.map_err(failed)?;
                if !bytes.is_empty() {
                    file = Some((name, bytes));
                }
            }
            _ => {}
        }
    }
    who.check_csrf(csrf.as_deref())?;
    Ok((file, text))
}
