//! The corpus: many reports, of many organs and years, kept with their versions and findings in
//! SQLite (a file, by default) or PostgreSQL (for servers), through one code path.
//!
//! Importing is idempotent: a file already imported (by the hash of its bytes) is skipped; a
//! changed report of the same organ and year becomes a new version, the old one kept. Each
//! report is written in one transaction, so an import stopped at any point leaves the store
//! consistent, and running it again completes it.

pub mod accounts;
pub mod browse;
pub mod db;
pub mod drafts;
pub mod findings;
pub mod history;
pub mod import;
mod model;
pub mod organ;
pub mod peers;
pub mod query;
pub mod repeats;
pub mod schema;
pub mod scope;
pub mod score;
pub mod season;
pub mod stored;
pub mod text;

pub use db::{Db, DbError, Val};
pub use import::{import, Outcome, Summary};

/// The default store: a SQLite file in the working directory.
pub const DEFAULT_DB: &str = "sqlite:gongkai.db";

/// The file of a SQLite store's address (`sqlite:PATH` or a bare path); `None` for a
/// PostgreSQL server, which says itself whether a database is there.
pub fn sqlite_file(url: &str) -> Option<&std::path::Path> {
    let is_postgres = url.starts_with("postgres://") || url.starts_with("postgresql://");
    (!is_postgres).then(|| std::path::Path::new(url.strip_prefix("sqlite:").unwrap_or(url)))
}

/// Opens a store, creating it when it is not there, and brings its schema up to date.
pub fn open(url: &str) -> Result<Db, DbError> {
    let mut db = Db::open(url)?;
    schema::migrate(&mut db)?;
    Ok(db)
}
