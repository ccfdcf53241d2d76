//! The server's configuration and shared state.

use crate::error::AppError;
use crate::pool::{Manager, Pool};
use crate::ServeError;
use gongkai_store::Db;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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
        }
    }
}

/// Failed logins allowed per client and name within [`LOGIN_WINDOW`].
pub const LOGIN_TRIES: u32 = 5;
pub const LOGIN_WINDOW: Duration = Duration::from_secs(60);

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub pool: Pool,
    pub config: Config,
    /// Failed logins by client and name: how many, since when.
    pub failures: Mutex<HashMap<String, (u32, Instant)>>,
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
        gongkai_store::open(&config.db).map_err(|e| ServeError(format!("{}: {e}", config.db)))?;
        let pool = r2d2::Pool::builder()
            .max_size(16)
            .connection_timeout(Duration::from_secs(30))
            .build(Manager {
                url: config.db.clone(),
            })
            .map_err(|e| ServeError(format!("{}: {e}", config.db)))?;
        Ok(AppState(Arc::new(Inner {
            pool,
            config,
            failures: Mutex::new(HashMap::new()),
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

    /// Runs CPU-bound work (reading, checking, rendering) on a blocking thread.
    pub async fn work<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        tokio::task::spawn_blocking(f)
            .await
            .map_err(|e| AppError::internal(e.to_string()))?
    }
}
