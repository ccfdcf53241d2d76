//! The server's configuration and shared state.

use crate::error::AppError;
use crate::pool::{Manager, Pool};
use crate::throttle::Throttle;
use crate::ServeError;
use gongkai_store::Db;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// How the server is run.
#[derive(Clone, Debug)]
pub struct Config {
    /// The store: `sqlite:PATH` or `postgres://…`.
    pub db: String,
    pub bind: SocketAddr,
    /// The largest request body (an uploaded report), in bytes.
    pub max_upload: usize,
    /// How long one request may take.
    pub timeout: Duration,
    /// Mark session cookies `Secure` (sent over HTTPS only): for a server behind a TLS proxy.
    pub secure_cookies: bool,
    /// What a report may cost to read.
    pub limits: gongkai_read::Limits,
    /// How long a connection may take to send a request's headers, and stay open idle
    /// between requests.
    pub header_timeout: Duration,
    /// Client connections held at once, at most (fewer when the open-file limit is lower).
    pub max_connections: usize,
    /// Reports read, checked or rendered at once, at most; the others wait their turn.
    pub workers: usize,
    /// Proxies whose `X-Forwarded-For` names the client (a TLS proxy in front of the server).
    pub trusted_proxies: Vec<IpAddr>,
    /// The memory all the uploads being read and checked at once may hold, in bytes.
    pub upload_memory: u64,
    /// The directory of evaluation packs (`.toml`) the score page offers beside the example.
    pub packs: Option<std::path::PathBuf>,
}

impl Config {
    pub fn new(db: &str, bind: SocketAddr) -> Config {
        Config {
            db: db.to_string(),
            bind,
            max_upload: 50 * 1024 * 1024,
            timeout: Duration::from_secs(120),
            secure_cookies: false,
            limits: gongkai_read::Limits::default(),
            header_timeout: Duration::from_secs(15),
            max_connections: 4096,
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            trusted_proxies: Vec::new(),
            upload_memory: 1 << 30,
            packs: None,
        }
    }
}

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub pool: Pool,
    pub config: Config,
    pub throttle: Throttle,
    /// Turns for reading, checking and rendering: as many as [`Config::workers`].
    pub turns: Arc<Semaphore>,
    /// The upload memory left, in kilobytes ([`Config::upload_memory`]).
    pub uploads: Semaphore,
    pub upload_kb_total: u32,
    /// The corpus's current reports as browsing reads them, read again when the store has
    /// changed (see [`gongkai_store::browse`]).
    pub browse: std::sync::Mutex<Option<Arc<gongkai_store::browse::Index>>>,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(config: Config) -> Result<AppState, ServeError> {
        // Open one connection first: it migrates the schema, and a wrong URL is told at once.
        gongkai_store::open(&config.db)
            .map_err(|e| ServeError(format!("{}: {e}", redacted(&config.db))))?;
        let pool = r2d2::Pool::builder()
            .max_size(16)
            .connection_timeout(Duration::from_secs(30))
            .build(Manager {
                url: config.db.clone(),
            })
            .map_err(|e| ServeError(format!("{}: {e}", redacted(&config.db))))?;
        // The budget is at least one upload at the largest size: each can always be taken.
        let upload_kb = u32::try_from(
            config
                .upload_memory
                .max(config.max_upload as u64)
                .div_ceil(1024),
        )
        .unwrap_or(u32::MAX);
        Ok(AppState(Arc::new(Inner {
            pool,
            turns: Arc::new(Semaphore::new(config.workers.max(1))),
            uploads: Semaphore::new(upload_kb as usize),
            upload_kb_total: upload_kb,
            config,
            throttle: Throttle::default(),
            browse: std::sync::Mutex::new(None),
        })))
    }

    /// Runs `f` with a store connection on a blocking thread.
    pub async fn db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Db) -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(|e| AppError::store(e.to_string()))?;
            f(&mut conn)
        })
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
    }

    /// Runs CPU-bound work (reading, checking, rendering) on a blocking thread, when its turn
    /// comes: at most [`Config::workers`] at once, so that a burst of large uploads queues
    /// instead of each taking its memory at the same time. A request that times out while
    /// waiting gives up its place and never starts.
    pub async fn work<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let turn = self
            .turns
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| AppError::internal(e.to_string()))?;
        tokio::task::spawn_blocking(move || {
            let done = f();
            drop(turn);
            done
        })
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
    }
}

/// A store's URL fit to show: the password of a `postgres://user:password@host/db` URL, or
/// of its `?password=` parameter, replaced by `***`.
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    if let Some((base, query)) = rest.split_once('?') {
        let query: Vec<String> = query
            .split('&')
            .map(|kv| match kv.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => kv.to_string(),
            })
            .collect();
        return format!(
            "{}?{}",
            redacted(&format!("{scheme}://{base}")),
            query.join("&")
        );
    }
    // The credentials end at the last `@` before the path: a password may hold `@`.
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else {
        return url.to_string();
    };
    let credentials = &rest[..at];
    let shown = match credentials.split_once(':') {
        Some((user, _)) => format!("{user}:***"),
        None => credentials.to_string(),
    };
    format!("{scheme}://{shown}{}", &rest[at..])
}

#[cfg(test)]
mod tests {
    use super::redacted;

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(
            redacted("postgres://gk:s3cr@t@db.local:5432/gongkai?sslmode=disable"),
            "postgres://gk:***@db.local:5432/gongkai?sslmode=disable"
        );
        assert_eq!(redacted("postgres://gk@db/x"), "postgres://gk@db/x");
        assert_eq!(redacted("sqlite:gongkai.db"), "sqlite:gongkai.db");
        assert_eq!(redacted("postgresql://db/x"), "postgresql://db/x");
        assert_eq!(
            redacted("postgres://db/x?user=gk&password=pw"),
            "postgres://db/x?user=gk&password=***"
        );
    }
}
