//! A pool of store connections for the server's blocking threads (r2d2): a connection to
//! PostgreSQL costs a round trip or more to open, and SQLite keeps its page cache per
//! connection.

use gongkai_store::{Db, DbError};

/// Opens connections to one store; the schema is brought up to date by the first.
pub struct Manager {
    pub url: String,
}

impl r2d2::ManageConnection for Manager {
    type Connection = Db;
    type Error = DbError;

    fn connect(&self) -> Result<Db, DbError> {
        gongkai_store::open(&self.url)
    }

    fn is_valid(&self, db: &mut Db) -> Result<(), DbError> {
        db.query("SELECT 1", &[]).map(|_| ())
    }

    /// A connection given back with its transaction open (a panic inside it) would hold the
    /// store's write lock for good: it is closed instead.
    fn has_broken(&self, db: &mut Db) -> bool {
        db.in_transaction()
    }
}

impl std::fmt::Debug for Manager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Manager({})", crate::state::redacted(&self.url))
    }
}

pub type Pool = r2d2::Pool<Manager>;
