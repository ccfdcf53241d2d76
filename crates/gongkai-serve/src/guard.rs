//! What every answer goes through on its way out, and every request on its way in: the
//! browser's security headers, and a body declared too large refused before it is read.

use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The body a request that is not an upload may have: a login, a correction, a mark, a
/// setting. Uploads may have the configured `--max-upload`.
pub const SMALL_BODY: usize = 64 << 10;

/// The memory an upload holds while it is read and checked, per byte of it.
const HELD_PER_BYTE: u64 = 3;

/// Pages and scripts come from this server only, and no other site may frame them: the UI
/// has no inline script or style, and needs nothing more.
const CSP: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
                   form-action 'self'; frame-ancestors 'none'";

pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
    ] {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    }
    response
}

/// Whether a route takes a report as its body.
pub fn is_upload(method: &Method, path: &str) -> bool {
    method == Method::POST && matches!(path, "/check" | "/api/check" | "/api/drafts")
}

/// A request whose `Content-Length` is over its route's limit is answered 413 at once,
/// without waiting for a body it may never send (a client declaring 100 GB and sending one
/// byte used to hold a handler until the time limit, and then get 408).
pub async fn declared_size(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let limit = if is_upload(request.method(), request.uri().path()) {
        state.config.max_upload
    } else {
        SMALL_BODY
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return AppError::too_large(limit).into_response();
    }
    if limit == SMALL_BODY {
        return next.run(request).await;
    }
    // An upload is held in memory while it is read and checked: uploads take what they will
    // hold (the body, its decoded text and its lines: some three times its size; the limit's
    // when the size is not declared) out of a memory budget shared by all, and wait while it
    // is spent. Four 40 MB uploads at once used to take 9 GB.
    let kb = declared
        .map_or(limit as u64, |n| n.min(limit as u64))
        .saturating_mul(HELD_PER_BYTE)
        .div_ceil(1024)
        .clamp(1, u64::from(state.upload_kb_total)) as u32;
    let _held = state.uploads.acquire_many(kb).await;
    next.run(request).await
}
