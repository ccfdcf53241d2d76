//! The corpus: many reports, of many organs and years, kept with their versions and findings in
//! SQLite (a file, by default) or PostgreSQL (for servers), through one code path.
//!
//! Importing is idempotent: a file already imported (by the hash of its bytes) is skipped; a
//! changed report of the same organ and year becomes a new version, the old one kept. Each
//! report is written in one transaction, so an import stopped at any point leaves the store
//! consistent, and running it again completes it.

pub mod accounts;
pub mod db;
pub mod drafts;
pub mod findings;
pub mod history;
pub mod import;
mod model;
pub mod organ;
pub mod peers;
pub mod query;
pub mod schema;

pub use db::{Db, DbError, Val};
pub use import::{import, Outcome, Summary};

/// The default store: a SQLite file in the working directory.
pub const DEFAULT_DB: &str = "sqlite:gongkai.db";

/// Opens a store and brings its schema up to date.
pub fn open(url: &str) -> Result<Db, DbError> {
    let mut db = Db::open(url)?;
    schema::migrate(&mut db)?;
    Ok(db)
}
