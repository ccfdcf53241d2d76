//! `gongkai serve`: the web UI and JSON API for checking, reviewing and exploring reports, for
//! an office intranet with no internet access. One binary holds the server and its assets (no
//! CDN, no external font or script); pages are drawn on the server and work without script,
//! which only adds conveniences (click a finding to find its cell, edit a cell in place).
//!
//! The server is a thin shell: reading, checking, rendering and the store are the domain
//! crates', called on blocking threads so that slow work never stalls the event loop.

mod api;
mod auth;
mod error;
mod guard;
mod i18n;
mod listen;
mod pages;
mod pool;
mod service;
mod state;
mod throttle;
mod views;
mod web;

pub use auth::hash_password;
pub use state::{redacted, Config};

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::routing::{get, post, put};
use axum::Router;
use state::AppState;
use std::net::SocketAddr;
use tower_http::timeout::TimeoutLayer;

/// Why the server could not start.
#[derive(Debug)]
pub struct ServeError(pub String);

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The OpenAPI 3.1 document of the API, as `/api/openapi.json` answers it.
pub fn openapi_document() -> serde_json::Value {
    serde_json::to_value(<api::Doc as utoipa::OpenApi>::openapi()).unwrap_or_default()
}

/// The application: every page and API route, over the store of `config`.
pub fn app(config: Config) -> Result<Router, ServeError> {
    let timeout = config.timeout;
    let max_upload = config.max_upload;
    let state = AppState::new(config)?;
    Ok(Router::new()
        .route("/", get(pages::home))
        .route(
            "/check",
            post(pages::upload).layer(DefaultBodyLimit::max(max_upload)),
        )
        .route("/drafts/{id}", get(pages::draft))
        .route("/drafts/{id}/cells", post(pages::correct))
        .route("/drafts/{id}/marks", post(pages::mark))
        .route("/drafts/{id}/download/{format}", get(pages::download))
        .route("/corpus", get(pages::corpus))
        .route("/corpus/reports/{id}", get(pages::stored))
        .route("/corpus/{export}", get(pages::export))
        .route("/corpus/charts", get(pages::charts))
        .route("/corpus/missing", get(pages::missing))
        .route("/corpus/organ", get(pages::organ))
        .route("/corpus/organ/compare", get(pages::comparison))
        .route("/corpus/rollup", get(pages::rollup))
        .route("/charts/{name}", get(pages::chart))
        .route(
            "/seasons",
            get(pages::season::seasons).post(pages::season::create),
        )
        .route("/seasons/{id}", get(pages::season::board))
        .route("/seasons/{id}/{export}", get(pages::season::export))
        .route("/seasons/{id}/organs", post(pages::season::add_organs))
        .route("/seasons/{id}/deadlines", post(pages::season::deadline))
        .route("/seasons/{id}/organs/{organ}", get(pages::season::organ))
        .route(
            "/seasons/{id}/organs/{organ}/form",
            get(pages::season::form).post(pages::season::save),
        )
        .route(
            "/seasons/{id}/organs/{organ}/upload",
            post(pages::season::upload).layer(DefaultBodyLimit::max(max_upload)),
        )
        .route(
            "/seasons/{id}/organs/{organ}/decision",
            post(pages::season::decide),
        )
        .route(
            "/seasons/{id}/organs/{organ}/comments",
            post(pages::season::comment),
        )
        .route(
            "/seasons/{id}/organs/{organ}/publication",
            post(pages::season::publication).layer(DefaultBodyLimit::max(max_upload)),
        )
        .route("/inbox", get(pages::season::inbox))
        .route("/score", get(pages::score::page))
        .route("/score/{export}", get(pages::score::export))
        .route("/api/score", get(api::score))
        .route("/login", get(pages::login_form).post(pages::login))
        .route("/logout", post(pages::logout))
        .route("/admin", get(pages::admin))
        .route("/admin/users", post(pages::add_user))
        .route("/admin/users/{id}", post(pages::change_user))
        .route("/admin/users/{id}/disable", post(pages::disable_user))
        .route("/admin/users/{id}/place", post(pages::set_place))
        .route("/admin/users/{id}/delete", post(pages::delete_user))
        .route("/admin/settings", post(pages::settings))
        .route("/assets/{name}", get(pages::asset))
        .route("/api/openapi.json", get(api::openapi))
        .route(
            "/api/check",
            post(api::check).layer(DefaultBodyLimit::max(max_upload)),
        )
        .route("/api/login", post(api::login))
        .route("/api/logout", post(api::logout))
        .route("/api/me", get(api::me))
        .route(
            "/api/drafts",
            get(api::drafts).post(api::upload.layer(DefaultBodyLimit::max(max_upload))),
        )
        .route("/api/drafts/{id}", get(api::draft))
        .route("/api/drafts/{id}/cells/{key}", put(api::correct))
        .route("/api/drafts/{id}/marks/{finding}", put(api::mark))
        .route("/api/drafts/{id}/audit", get(api::audit))
        .route("/api/corpus/reports", get(api::reports))
        .route("/api/corpus/reports/{id}", get(api::stored_report))
        .route("/api/corpus/missing", get(api::missing))
        .route("/api/corpus/charts", get(api::charts))
        .route("/api/corpus/outcomes", get(api::outcomes))
        .route("/api/corpus/organs/{name}", get(api::organ))
        .route("/api/corpus/organs/{name}/compare", get(api::comparison))
        .route("/api/corpus/rollup", get(api::rollup))
        .route("/api/corpus/stats", get(api::stats))
        .route("/api/users", get(api::users).post(api::add_user))
        .route(
            "/api/users/{id}",
            put(api::update_user).delete(api::delete_user),
        )
        .route("/api/users/{id}/place", put(api::set_place))
        .route("/api/settings", put(api::settings))
        .route(
            "/api/seasons",
            get(api::season::seasons).post(api::season::create),
        )
        .route("/api/seasons/{id}", get(api::season::board))
        .route("/api/seasons/{id}/organs", post(api::season::add_organs))
        .route(
            "/api/seasons/{id}/deadlines/{kind}",
            put(api::season::deadline),
        )
        .route("/api/seasons/{id}/rollup", get(api::season::rollup))
        .route("/api/seasons/{id}/organs/{organ}", get(api::season::filing))
        .route(
            "/api/seasons/{id}/organs/{organ}/draft",
            get(api::season::form)
                .put(api::season::save)
                .post(api::season::upload.layer(DefaultBodyLimit::max(max_upload))),
        )
        .route(
            "/api/seasons/{id}/organs/{organ}/submit",
            post(api::season::submit),
        )
        .route(
            "/api/seasons/{id}/organs/{organ}/decision",
            post(api::season::decide),
        )
        .route(
            "/api/seasons/{id}/organs/{organ}/comments",
            post(api::season::comment),
        )
        .route(
            "/api/seasons/{id}/organs/{organ}/publications",
            get(api::season::publications)
                .post(api::season::check_publication.layer(DefaultBodyLimit::max(max_upload))),
        )
        .route("/api/inbox", get(api::season::inbox))
        .fallback(pages::not_found)
        // A body arriving without a declared length is cut off at the same limits as one
        // declared (`guard::declared_size`): the uploads' (set on their routes), else the
        // small one.
        .layer(DefaultBodyLimit::max(guard::SMALL_BODY))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::declared_size,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            web::confine,
        ))
        .layer(axum::middleware::from_fn(web::errors))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            web::identify,
        ))
        .layer(web::access_log())
        .layer(axum::middleware::from_fn(web::request_id))
        .layer(axum::middleware::from_fn(guard::security_headers))
        .with_state(state))
}

/// Serves until interrupted (Ctrl-C or SIGTERM), then finishes the requests under way.
pub fn run(config: Config, on_ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let bind = config.bind;
    // The access log, on standard error: one line per request.
    let _ = tracing_subscriber::fmt()
        .with_writer(|| web::LogSink(std::io::stderr()))
        .with_ansi(false)
        .with_target(false)
        .try_init();
    let router = app(config.clone())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| ServeError(e.to_string()))?;
    runtime.block_on(async move {
        let listener = listen(bind).map_err(|e| ServeError(format!("{bind}: {e}")))?;
        let addr = listener
            .local_addr()
            .map_err(|e| ServeError(e.to_string()))?;
        on_ready(addr);
        listen::serve(listener, router, &config, shutdown())
            .await
            .map_err(|e| ServeError(e.to_string()))
    })
}

/// Listens with a backlog for a burst of clients: with the default, 200 clients connecting at
/// once overflowed the accept queue on loopback, and the dropped ones waited a second to try
/// again (a TCP SYN retransmission).
fn listen(bind: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = if bind.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(bind)?;
    socket.listen(4096)
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
