//! Connections: how many are held at once, how long one may sit without sending a request,
//! and how the server stops.
//!
//! `axum::serve` holds every connection it accepts for as long as the client likes: 1,100
//! silent connections used up the usual 1,024 open files and made the server unreachable. Here
//! each connection must send its request's headers within [`Config::header_timeout`] — the
//! first request and every one after it on a kept-alive connection — and no more connections
//! are taken than the open-file limit leaves room for; the rest wait in the listen queue,
//! which costs the server nothing.

use crate::state::Config;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_service::Service;

/// Open files kept for everything but client connections: the store's files and
/// connections, a report's temporary files, the log.
const RESERVED_FILES: u64 = 128;

/// Requests under way when the server is told to stop get this long to finish.
const DRAIN: Duration = Duration::from_secs(30);

/// How many client connections the server holds at once: the configured ceiling, within what
/// the process's open-file limit allows (raised to its hard limit first, as servers do).
pub fn connection_limit(config: &Config) -> usize {
    let files = open_files();
    let room = files.saturating_sub(RESERVED_FILES).max(16);
    config.max_connections.min(room as usize).max(1)
}

#[cfg(unix)]
fn open_files() -> u64 {
    use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};
    let limit = getrlimit(Resource::Nofile);
    let current = limit.current.unwrap_or(u64::MAX);
    // The hard limit may be "unlimited"; a server needs no more than this.
    let wanted = limit.maximum.unwrap_or(1 << 20).min(1 << 16);
    if current < wanted
        && setrlimit(
            Resource::Nofile,
            Rlimit {
                current: Some(wanted),
                maximum: limit.maximum,
            },
        )
        .is_ok()
    {
        return wanted;
    }
    current
}

#[cfg(not(unix))]
fn open_files() -> u64 {
    // Windows has no per-process limit of this kind worth raising.
    1 << 14
}

/// Serves `router` on `listener` until `stop` completes, then lets the requests under way
/// finish (for up to [`DRAIN`]).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    config: &Config,
    stop: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(connection_limit(config)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let header_timeout = config.header_timeout;
    tokio::pin!(stop);
    loop {
        // A free slot first: while every slot is taken, new clients wait in the listen queue.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut stop => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(_) => {
                    // Out of open files or a connection reset before it was taken: neither
                    // stops the server. A pause lets files be closed.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service = hyper::service::service_fn(
            move |mut request: hyper::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                router.clone().call(request)
            },
        );
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {},
        () = tokio::time::sleep(DRAIN) => {},
    }
    Ok(())
}
