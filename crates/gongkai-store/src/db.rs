//! One code path over two databases. SQL is written once with `$1, $2…` placeholders, which
//! PostgreSQL and SQLite both take; the few words the dialects spell differently (an
//! auto-numbered key, a double, bytes) are written as `{id}`, `{real}` and `{bytes}` and filled
//! in per dialect.

use std::fmt;

/// A value going in or coming out.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bytes(Vec<u8>),
}

impl Val {
    pub fn int(&self) -> Option<i64> {
        match self {
            Val::Int(i) => Some(*i),
            Val::Real(r) => Some(*r as i64),
            _ => None,
        }
    }

    pub fn real(&self) -> Option<f64> {
        match self {
            Val::Real(r) => Some(*r),
            Val::Int(i) => Some(*i as f64),
            _ => None,
        }
    }

    pub fn text(&self) -> Option<&str> {
        match self {
            Val::Text(s) => Some(s),
            _ => None,
        }
    }
}

impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::Int(v)
    }
}

impl From<i32> for Val {
    fn from(v: i32) -> Val {
        Val::Int(v as i64)
    }
}

impl From<&str> for Val {
    fn from(v: &str) -> Val {
        Val::Text(v.to_string())
    }
}

impl From<String> for Val {
    fn from(v: String) -> Val {
        Val::Text(v)
    }
}

impl<T: Into<Val>> From<Option<T>> for Val {
    fn from(v: Option<T>) -> Val {
        v.map_or(Val::Null, Into::into)
    }
}

/// Why the store could not do something.
#[derive(Debug)]
pub struct DbError(pub String);

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DbError {}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> DbError {
        DbError(e.to_string())
    }
}

impl From<postgres::Error> for DbError {
    fn from(e: postgres::Error) -> DbError {
        // The server's own message says what was wrong; the client's says only "db error".
        DbError(match e.as_db_error() {
            Some(db) => format!("{}: {}", db.code().code(), db.message()),
            None => e.to_string(),
        })
    }
}

/// A connection to the store's database.
pub struct Db {
    conn: Conn,
    /// A transaction is open: one asked for inside it joins it.
    in_transaction: bool,
    /// A statement of the open transaction met another writer (SQLite busy or locked, a
    /// PostgreSQL serialization failure or deadlock): the transaction is worth running again.
    conflicted: bool,
}

enum Conn {
    Sqlite(rusqlite::Connection),
    Postgres(Box<postgres::Client>),
}

/// An error as a statement raised it, before it is told whether it was a conflict.
enum Raw {
    Sqlite(rusqlite::Error),
    Postgres(postgres::Error),
    /// The caller's own, from a closure handed rows.
    Caller(DbError),
}

impl From<rusqlite::Error> for Raw {
    fn from(e: rusqlite::Error) -> Raw {
        Raw::Sqlite(e)
    }
}

impl From<postgres::Error> for Raw {
    fn from(e: postgres::Error) -> Raw {
        Raw::Postgres(e)
    }
}

impl From<DbError> for Raw {
    fn from(e: DbError) -> Raw {
        Raw::Caller(e)
    }
}

/// How many times a transaction is tried when it meets other writers.
const ATTEMPTS: u32 = 10;

/// How long to wait before the next attempt: doubling from 10 ms to 1.28 s, with as much again
/// at random so that writers that met do not meet again.
fn backoff(attempt: u32) -> std::time::Duration {
    use std::hash::{BuildHasher, Hasher};
    let base = 10u64 << attempt.min(7);
    let jitter = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
        % base;
    std::time::Duration::from_millis(base + jitter)
}

impl Db {
    /// Inserts rows many at a time: one statement for up to a hundred rows, so that a server on
    /// the other end of a network is asked a few times per report, not hundreds.
    pub(crate) fn insert_many(&mut self, into: &str, rows: &[Vec<Val>]) -> Result<(), DbError> {
        for chunk in rows.chunks(100) {
            let width = chunk[0].len();
            let groups: Vec<String> = (0..chunk.len())
                .map(|r| {
                    let params: Vec<String> =
                        (1..=width).map(|c| format!("${}", r * width + c)).collect();
                    format!("({})", params.join(", "))
                })
                .collect();
            let sql = format!("INSERT INTO {into} VALUES {}", groups.join(", "));
            let params: Vec<Val> = chunk.iter().flatten().cloned().collect();
            self.execute(&sql, &params)?;
        }
        Ok(())
    }

    /// Opens `sqlite:PATH`, a bare path (SQLite), or `postgres://…` / `postgresql://…`.
    pub fn open(url: &str) -> Result<Db, DbError> {
        let conn = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Conn::Postgres(Box::new(postgres::Client::connect(url, postgres::NoTls)?))
        } else {
            Conn::Sqlite(open_sqlite(url.strip_prefix("sqlite:").unwrap_or(url))?)
        };
        Ok(Db {
            conn,
            in_transaction: false,
            conflicted: false,
        })
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.conn, Conn::Postgres(_))
    }

    /// Whether a transaction is open: after a panic inside one, the connection is not to be
    /// used again.
    pub fn in_transaction(&self) -> bool {
        self.in_transaction
    }

    /// The statement with the dialect's words filled in.
    fn dialect(&self, sql: &str) -> String {
        match self.conn {
            Conn::Sqlite(_) => sql
                .replace("{id}", "INTEGER PRIMARY KEY AUTOINCREMENT")
                .replace("{real}", "REAL")
                .replace("{bytes}", "BLOB"),
            Conn::Postgres(_) => sql
                .replace(
                    "{id}",
                    "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
                )
                .replace("{real}", "DOUBLE PRECISION")
                .replace("{bytes}", "BYTEA"),
        }
    }

    /// The error of a statement, noting whether it was a conflict with another writer.
    fn failed(&mut self, e: Raw) -> DbError {
        let conflict = match &e {
            Raw::Sqlite(e) => matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ),
            Raw::Postgres(e) => e.code().is_some_and(|c| {
                *c == postgres::error::SqlState::T_R_SERIALIZATION_FAILURE
                    || *c == postgres::error::SqlState::T_R_DEADLOCK_DETECTED
            }),
            Raw::Caller(_) => false,
        };
        self.conflicted |= conflict;
        match e {
            Raw::Sqlite(e) => e.into(),
            Raw::Postgres(e) => e.into(),
            Raw::Caller(e) => e,
        }
    }

    /// Runs statements with no parameters (a migration).
    pub fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        let sql = self.dialect(sql);
        let done: Result<(), Raw> = match &mut self.conn {
            Conn::Sqlite(c) => c.execute_batch(&sql).map_err(Raw::from),
            Conn::Postgres(c) => c.batch_execute(&sql).map_err(Raw::from),
        };
        done.map_err(|e| self.failed(e))
    }

    pub fn execute(&mut self, sql: &str, params: &[Val]) -> Result<u64, DbError> {
        let sql = self.dialect(sql);
        let done: Result<u64, Raw> = match &mut self.conn {
            Conn::Sqlite(c) => c
                .prepare_cached(&sql)
                .and_then(|mut stmt| {
                    stmt.execute(rusqlite::params_from_iter(params.iter().map(sqlite_value)))
                })
                .map(|n| n as u64)
                .map_err(Raw::from),
            Conn::Postgres(c) => {
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    params.iter().map(|v| v as _).collect();
                c.execute(sql.as_str(), &refs).map_err(Raw::from)
            }
        };
        done.map_err(|e| self.failed(e))
    }

    pub fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Vec<Val>>, DbError> {
        let mut rows = Vec::new();
        self.each(sql, params, |row| {
            rows.push(row);
            Ok(())
        })?;
        Ok(rows)
    }

    /// Runs a query and hands each row to `f` as it arrives, so that a query over the whole
    /// corpus (an export) needs memory for one row, not all of them.
    pub fn each(
        &mut self,
        sql: &str,
        params: &[Val],
        mut f: impl FnMut(Vec<Val>) -> Result<(), DbError>,
    ) -> Result<(), DbError> {
        let sql = self.dialect(sql);
        let done = match &mut self.conn {
            Conn::Sqlite(c) => (|| -> Result<(), Raw> {
                let mut stmt = c.prepare_cached(&sql)?;
                let n = stmt.column_count();
                let mut rows =
                    stmt.query(rusqlite::params_from_iter(params.iter().map(sqlite_value)))?;
                while let Some(row) = rows.next()? {
                    f(sqlite_row(row, n)?)?;
                }
                Ok(())
            })(),
            Conn::Postgres(c) => (|| -> Result<(), Raw> {
                use postgres::fallible_iterator::FallibleIterator;
                let mut rows = c.query_raw(sql.as_str(), params.iter())?;
                while let Some(row) = rows.next()? {
                    f(pg_row(&row))?;
                }
                Ok(())
            })(),
        };
        done.map_err(|e| self.failed(e))
    }

    /// Opens a transaction that holds the store's write lock from its first statement, so that
    /// nothing it reads can change before it writes, and so that writers wait for each other
    /// instead of failing: SQLite's `BEGIN IMMEDIATE` (a plain `BEGIN` takes the lock at its
    /// first write, and a transaction that has read by then is refused at once, without the
    /// busy timeout), and on PostgreSQL a transaction-level advisory lock for the schema, so
    /// that a read-modify-write is as safe there as on SQLite. Readers are never blocked.
    fn begin(&mut self) -> Result<(), DbError> {
        match self.conn {
            Conn::Sqlite(_) => self.batch("BEGIN IMMEDIATE"),
            Conn::Postgres(_) => self.batch(
                "BEGIN; SELECT pg_advisory_xact_lock(hashtext('gongkai'), \
                 hashtext(coalesce(current_schema(), '')))",
            ),
        }
    }

    /// Runs `f` in one transaction that writes: all of it is kept, or none. It holds the
    /// store's write lock throughout (see `begin`); when it meets another writer all the same
    /// (SQLite still busy after its timeout, a PostgreSQL deadlock or serialization failure)
    /// it is rolled back and run again after a pause, up to ten times, so `f` must be safe to
    /// run again. Inside another transaction, `f` is part of it.
    pub fn transaction<T, E: From<DbError>>(
        &mut self,
        mut f: impl FnMut(&mut Db) -> Result<T, E>,
    ) -> Result<T, E> {
        if self.in_transaction {
            return f(self);
        }
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.conflicted = false;
            let done = match self.begin() {
                Err(e) => Err(E::from(e)),
                Ok(()) => {
                    self.in_transaction = true;
                    let done =
                        f(self).and_then(|v| self.batch("COMMIT").map(|()| v).map_err(E::from));
                    self.in_transaction = false;
                    done
                }
            };
            let Err(e) = done else {
                return done;
            };
            let conflict = self.conflicted;
            // Nothing may be open any more (BEGIN failed, or COMMIT ended it): then this is
            // refused, harmlessly.
            let _ = self.batch("ROLLBACK");
            if !conflict || attempt == ATTEMPTS {
                return Err(e);
            }
            std::thread::sleep(backoff(attempt));
        }
    }
}

fn open_sqlite(path: &str) -> Result<rusqlite::Connection, DbError> {
    let conn = rusqlite::Connection::open(path)?;
    // Another process writing (an import) makes this one wait its turn, not fail.
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    // WAL: readers never wait for a writer, and a crash mid-write loses only what was
    // not committed. Switching a new file to WAL needs it to itself for a moment, and
    // the busy timeout does not cover that: another process opening the same new store
    // at the same instant is waited out here.
    let mut tries = 0;
    loop {
        match conn.execute_batch("PRAGMA journal_mode=WAL") {
            Ok(()) => break,
            Err(_) if tries < 200 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(25));
            }
            Err(e) => return Err(e.into()),
        }
    }
    conn.execute_batch("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")?;
    Ok(conn)
}

fn sqlite_row(row: &rusqlite::Row, n: usize) -> Result<Vec<Val>, rusqlite::Error> {
    (0..n)
        .map(|i| {
            Ok(match row.get_ref(i)? {
                rusqlite::types::ValueRef::Null => Val::Null,
                rusqlite::types::ValueRef::Integer(v) => Val::Int(v),
                rusqlite::types::ValueRef::Real(v) => Val::Real(v),
                rusqlite::types::ValueRef::Text(t) => {
                    Val::Text(String::from_utf8_lossy(t).into_owned())
                }
                rusqlite::types::ValueRef::Blob(b) => Val::Bytes(b.to_vec()),
            })
        })
        .collect()
}

fn sqlite_value(v: &Val) -> rusqlite::types::Value {
    match v {
        Val::Null => rusqlite::types::Value::Null,
        Val::Int(i) => rusqlite::types::Value::Integer(*i),
        Val::Real(r) => rusqlite::types::Value::Real(*r),
        Val::Text(s) => rusqlite::types::Value::Text(s.clone()),
        Val::Bytes(b) => rusqlite::types::Value::Blob(b.clone()),
    }
}

/// A value as a PostgreSQL parameter: NULL fits a column of any type; the others are checked
/// against the column's type as their own Rust types are (the default `to_sql_checked` asks
/// `accepts`, which lets every type through to `to_sql`, which checks).
impl postgres::types::ToSql for Val {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Val::Null => Ok(postgres::types::IsNull::Yes),
            Val::Int(i) => i.to_sql_checked(ty, out),
            Val::Real(r) => r.to_sql_checked(ty, out),
            Val::Text(s) => s.to_sql_checked(ty, out),
            Val::Bytes(b) => b.to_sql_checked(ty, out),
        }
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

fn pg_row(row: &postgres::Row) -> Vec<Val> {
    use postgres::types::Type;
    (0..row.len())
        .map(|i| {
            let t = row.columns()[i].type_();
            if *t == Type::INT8 {
                row.get::<_, Option<i64>>(i).map_or(Val::Null, Val::Int)
            } else if *t == Type::INT4 {
                row.get::<_, Option<i32>>(i)
                    .map_or(Val::Null, |v| Val::Int(v as i64))
            } else if *t == Type::FLOAT8 {
                row.get::<_, Option<f64>>(i).map_or(Val::Null, Val::Real)
            } else if *t == Type::NUMERIC {
                Val::Null
            } else if *t == Type::BYTEA {
                row.get::<_, Option<Vec<u8>>>(i)
                    .map_or(Val::Null, Val::Bytes)
            } else {
                row.get::<_, Option<String>>(i).map_or(Val::Null, Val::Text)
            }
        })
        .collect()
}
