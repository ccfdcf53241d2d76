//! Between HTTP and the service: who is asking (found once per request), forms and API calls
//! whose CSRF token is checked by their type, query strings that fail as the site's errors,
//! errors drawn as pages under the pages' routes, and the access log.

use crate::auth::{self, Who};
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use std::sync::atomic::{AtomicU64, Ordering};

/// A query string read into `T`, percent-decoded; one that does not fit answers 400 in the
/// site's error shape (a page, or JSON under `/api/`), not the framework's plain text.
pub struct Q<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Q<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Q<T>, AppError> {
        let query = parts.uri.query().unwrap_or_default();
        serde_urlencoded::from_str(query).map(Q).map_err(|e| {
            AppError::bad_request(
                format!("查询参数不正确：{e}"),
                format!("the query string is not right: {e}"),
            )
        })
    }
}

/// A page's form, posted with the session's CSRF token in its field `csrf`: the handler gets
/// it only when the token is right, so that no state change can forget to check it.
pub struct CsrfForm<T> {
    pub who: Who,
    pub form: T,
}

#[derive(serde::Deserialize)]
struct Token {
    csrf: Option<String>,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<CsrfForm<T>, AppError> {
        let (mut parts, body) = request.into_parts();
        let who = Who::from_request_parts(&mut parts, state).await?;
        if who.user.is_none() {
            return Err(AppError::login_required());
        }
        let bytes = axum::body::Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|e| AppError::too_large_or(e.body_text()))?;
        let token: Token = serde_urlencoded::from_bytes(&bytes).map_err(form_error)?;
        who.check_csrf(token.csrf.as_deref())?;
        let form = serde_urlencoded::from_bytes(&bytes).map_err(form_error)?;
        Ok(CsrfForm { who, form })
    }
}

fn form_error(e: serde_urlencoded::de::Error) -> AppError {
    AppError::bad_request(
        format!("表单内容不正确：{e}"),
        format!("the form is not right: {e}"),
    )
}

/// A user of the API whose request carries the session's CSRF token in `X-CSRF-Token`, as
/// every request that changes something must.
pub struct CsrfHeader(pub Who);

impl FromRequestParts<AppState> for CsrfHeader {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let who = Who::from_request_parts(parts, state).await?;
        // Without a session there is no token to match: log in first.
        if who.user.is_none() {
            return Err(AppError::login_required());
        }
        let given = parts
            .headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok());
        who.check_csrf(given)?;
        Ok(CsrfHeader(who))
    }
}

/// The user's name as the access log writes it.
#[derive(Clone)]
struct LoggedUser(String);

/// Finds who is asking, once, for the handlers, the error pages and the log; keeps a
/// language chosen with `?lang=` in a cookie.
pub async fn identify(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let who = if parts.uri.path().starts_with("/assets/") {
        Who::visitor(&parts)
    } else {
        match Who::find(&mut parts, &state).await {
            Ok(who) => who,
            Err(e) => return e.into_response(),
        }
    };
    let chosen = crate::i18n::chosen(&parts.uri);
    let user = who.user.as_ref().map(|u| u.name.clone());
    parts.extensions.insert(who);
    let mut response = next.run(Request::from_parts(parts, body)).await;
    if let Some(lang) = chosen {
        let cookie = format!(
            "{}={}; Path=/; SameSite=Strict; Max-Age=31536000",
            auth::LANG_COOKIE,
            if lang.is_english() { "en" } else { "zh" }
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    if let Some(name) = user {
        response.extensions_mut().insert(LoggedUser(name));
    }
    response
}

/// Errors as the user sees them: under `/api/` every failure in the API's JSON shape
/// (including the framework's own plain-text ones); elsewhere a page in the site's frame,
/// with its navigation.
pub async fn errors(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let who = request.extensions().get::<Who>().cloned();
    let here = request.uri().clone();
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let error = match response.extensions().get::<AppError>().cloned() {
        Some(_) if api => return response,
        Some(e) => e,
        None if api && is_json(&response) => return response,
        None if !api && is_page(&response) => return response,
        None => framework_error(response).await,
    };
    if api {
        return error.into_response();
    }
    let who = who.unwrap_or_else(Who::nobody);
    let page = crate::views::error::page(&crate::views::Ctx::new(&who, &here), &error);
    let mut answer = (error.status, page).into_response();
    answer
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    answer
}

fn content_type(response: &Response) -> &str {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

fn is_json(response: &Response) -> bool {
    content_type(response).starts_with("application/json")
}

fn is_page(response: &Response) -> bool {
    content_type(response).starts_with("text/html")
}

/// An error the framework wrote itself as plain text (a body that is not JSON, a route that
/// takes another method), in the site's words.
async fn framework_error(response: Response) -> AppError {
    let (parts, body) = response.into_parts();
    // The framework's own messages are short; a longer body is not read.
    let text = match http_body_util::Limited::new(body, 4096).collect().await {
        Ok(b) => String::from_utf8_lossy(&b.to_bytes()).trim().to_string(),
        Err(_) => String::new(),
    };
    let (code, zh) = match parts.status {
        StatusCode::NOT_FOUND => ("not_found", "没有这个地址"),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "这个地址不接受这种请求方法"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            ("unsupported_media_type", "请求体的类型不对（Content-Type）")
        }
        StatusCode::PAYLOAD_TOO_LARGE => ("too_large", "请求体太大"),
        StatusCode::REQUEST_TIMEOUT => ("timeout", "请求超过了服务器的时限（--timeout），未能完成"),
        s if s.is_server_error() => ("internal", "服务器内部错误"),
        _ => ("bad_request", "请求的格式不正确"),
    };
    let en = match parts.status {
        StatusCode::REQUEST_TIMEOUT => {
            "the request took longer than the server allows (--timeout)".to_string()
        }
        _ if text.is_empty() => parts
            .status
            .canonical_reason()
            .unwrap_or("error")
            .to_string(),
        _ => text.clone(),
    };
    let zh = if text.is_empty() || parts.status == StatusCode::REQUEST_TIMEOUT {
        zh.to_string()
    } else {
        format!("{zh}：{text}")
    };
    AppError::new(parts.status, code, zh, en)
}

impl AppError {
    /// A body that could not be read whole: over its limit, or cut off.
    pub fn too_large_or(text: String) -> AppError {
        AppError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("请求体太大或不完整：{text}"),
            format!("the request body is too large or incomplete: {text}"),
        )
    }
}

static REQUESTS: AtomicU64 = AtomicU64::new(0);

/// Gives each request a number of its own (`X-Request-Id`, in the answer too), so that a
/// clerk's complaint can be found in the log. A client's own id is replaced: the log's ids
/// are the server's.
pub async fn request_id(mut request: Request, next: Next) -> Response {
    let id = REQUESTS.fetch_add(1, Ordering::Relaxed) + 1;
    let value = HeaderValue::from(id);
    request.headers_mut().insert("x-request-id", value.clone());
    let mut response = next.run(request).await;
    response.headers_mut().insert("x-request-id", value);
    response
}

/// Where the access log goes: standard error, where a line that cannot be written (the
/// reader of the server's standard error has gone) is dropped rather than taking the request
/// that wrote it down with it.
pub struct LogSink(pub std::io::Stderr);

impl std::io::Write for LogSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let _ = self.0.write_all(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let _ = self.0.flush();
        Ok(())
    }
}

/// The access log's layer: tower-http's trace with the two hooks below and nothing else.
type AccessLog = tower_http::trace::TraceLayer<
    tower_http::classify::SharedClassifier<tower_http::classify::ServerErrorsAsFailures>,
    fn(&Request) -> tracing::Span,
    (),
    fn(&Response, std::time::Duration, &tracing::Span),
    (),
    (),
    (),
>;

/// The access log: one line per request with its id, method, path, status, time and user
/// (never a query's or a body's secrets: passwords travel in bodies).
pub fn access_log() -> AccessLog {
    tower_http::trace::TraceLayer::new_for_http()
        .make_span_with(request_span as fn(&Request) -> tracing::Span)
        .on_request(())
        .on_response(answered as fn(&Response, std::time::Duration, &tracing::Span))
        .on_body_chunk(())
        .on_eos(())
        .on_failure(())
}

fn request_span(request: &Request) -> tracing::Span {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        id = %id,
        method = %request.method(),
        path = %request.uri().path(),
    )
}

fn answered(response: &Response, latency: std::time::Duration, _: &tracing::Span) {
    let user = response
        .extensions()
        .get::<LoggedUser>()
        .map_or("-", |u| u.0.as_str());
    tracing::info!(
        status = response.status().as_u16(),
        ms = format_args!("{:.1}", latency.as_secs_f64() * 1000.0),
        user = %gongkai_core::printable(user),
        "answered"
    );
}

/// Keeps a member of an organ within it: the season's pages answer for their organ alone (the
/// season's service scopes them), and outside the season they may check reports and open the
/// drafts they uploaded, nothing else: the corpus, the administration and other users' drafts
/// answer 404, as if they did not exist. Members of an office and users with a global role
/// pass (the corpus holds published reports).
pub async fn confine(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(who) = request.extensions().get::<Who>() else {
        return next.run(request).await;
    };
    let (Some(user), Some(gongkai_store::scope::Membership::Organ { .. })) =
        (who.user.as_ref().map(|u| u.id), &who.place)
    else {
        return next.run(request).await;
    };
    let path = request.uri().path();
    let outside = [
        "/corpus",
        "/charts",
        "/admin",
        "/api/corpus",
        "/api/users",
        "/api/settings",
    ]
    .iter()
    .any(|p| path == *p || path.starts_with(&format!("{p}/")));
    let draft = path
        .strip_prefix("/drafts/")
        .or_else(|| path.strip_prefix("/api/drafts/"))
        .and_then(|rest| rest.split('/').next())
        .and_then(|id| id.parse::<i64>().ok());
    let refused = outside
        || match draft {
            None => false,
            Some(id) => match state
                .db(move |db| Ok(gongkai_store::drafts::owner(db, id)?))
                .await
            {
                Ok(owner) => owner != Some(Some(user)),
                Err(e) => return e.into_response(),
            },
        };
    if refused {
        return AppError::not_found(
            "没有这个页面，或您无权查看",
            "no such page, or not one you may see",
        )
        .into_response();
    }
    next.run(request).await
}
