//! The store's tables, and the migrations that make them: numbered, applied in order, each
//! once, each in its own transaction, for SQLite and PostgreSQL alike.

use crate::db::{Db, DbError, Val};

/// Every migration, in order. A migration is never edited once released: a change is a new one.
const MIGRATIONS: &[&str] = &[
    // 1: organs, report versions, their cells and findings.
    "CREATE TABLE organs (
        id {id},
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        place TEXT,
        level TEXT,
        kind TEXT
    );
    CREATE TABLE regions (
        name TEXT NOT NULL PRIMARY KEY,
        parent TEXT
    );
    CREATE TABLE reports (
        id {id},
        organ_id BIGINT NOT NULL REFERENCES organs(id),
        year BIGINT NOT NULL,
        version BIGINT NOT NULL,
        current BIGINT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        file TEXT NOT NULL,
        format TEXT NOT NULL,
        template TEXT NOT NULL,
        model TEXT NOT NULL,
        UNIQUE (organ_id, year, version)
    );
    CREATE INDEX reports_current ON reports (current, year);
    CREATE TABLE cells (
        report_id BIGINT NOT NULL REFERENCES reports(id),
        key TEXT NOT NULL,
        value {real},
        PRIMARY KEY (report_id, key)
    );
    CREATE TABLE findings (
        report_id BIGINT NOT NULL REFERENCES reports(id),
        code TEXT NOT NULL,
        severity TEXT NOT NULL,
        message TEXT NOT NULL,
        cells TEXT NOT NULL,
        line BIGINT,
        page BIGINT
    );
    CREATE INDEX findings_report ON findings (report_id);",
    // 2: the peer groups whose outlier findings (P101) are out of date.
    "CREATE TABLE stale_peers (
        year BIGINT NOT NULL,
        level TEXT NOT NULL,
        kind TEXT NOT NULL,
        PRIMARY KEY (year, level, kind)
    );
    INSERT INTO stale_peers (year, level, kind)
        SELECT DISTINCT r.year, o.level, o.kind FROM reports r JOIN organs o ON o.id = r.organ_id
        WHERE o.level IS NOT NULL;",
    // 3: the web server's accounts, sessions and settings; reports uploaded for review, with
    // the findings marked and every change recorded.
    "CREATE TABLE users (
        id {id},
        name TEXT NOT NULL UNIQUE,
        hash TEXT NOT NULL,
        role TEXT NOT NULL,
        created BIGINT NOT NULL
    );
    CREATE TABLE sessions (
        token TEXT NOT NULL PRIMARY KEY,
        user_id BIGINT NOT NULL REFERENCES users(id),
        csrf TEXT NOT NULL,
        expires BIGINT NOT NULL
    );
    CREATE TABLE settings (
        name TEXT NOT NULL PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE drafts (
        id {id},
        owner BIGINT REFERENCES users(id),
        file TEXT NOT NULL,
        source TEXT NOT NULL,
        model TEXT NOT NULL,
        created BIGINT NOT NULL,
        updated BIGINT NOT NULL
    );
    CREATE TABLE marks (
        draft_id BIGINT NOT NULL REFERENCES drafts(id),
        finding TEXT NOT NULL,
        state TEXT NOT NULL,
        user_id BIGINT REFERENCES users(id),
        at BIGINT NOT NULL,
        PRIMARY KEY (draft_id, finding)
    );
    CREATE TABLE audit (
        id {id},
        at BIGINT NOT NULL,
        user_id BIGINT REFERENCES users(id),
        draft_id BIGINT REFERENCES drafts(id),
        action TEXT NOT NULL,
        key TEXT,
        old TEXT,
        new TEXT
    );
    CREATE INDEX audit_draft ON audit (draft_id);",
    // 4: the model of a report version deflated (see `model`); versions stored before keep
    // their JSON in `model`, and new ones leave it empty.
    "ALTER TABLE reports ADD COLUMN packed {bytes};",
    // 5: users that can be disabled; audit rows that keep the name of who acted, so that they
    // still say it once the user is deleted.
    "ALTER TABLE users ADD COLUMN disabled BIGINT NOT NULL DEFAULT 0;
    ALTER TABLE audit ADD COLUMN user_name TEXT;
    UPDATE audit SET user_name = (SELECT name FROM users WHERE users.id = audit.user_id);",
];

/// Brings the database up to the latest schema.
pub fn migrate(db: &mut Db) -> Result<(), DbError> {
    // Read first: a store already up to date is opened without writing, so that a reader
    // never waits for (or blocks) an import in progress.
    let current = version(db).unwrap_or(0);
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        db.transaction(|db| -> Result<(), DbError> {
            // Under the write lock: another process may have made the table, or applied this
            // migration, while this one waited.
            db.batch("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")?;
            if version(db)? > i {
                return Ok(());
            }
            db.batch(sql)?;
            db.execute(
                "INSERT INTO schema_version (version) VALUES ($1)",
                &[Val::Int(i as i64 + 1)],
            )?;
            Ok(())
        })?;
    }
    Ok(())
}

fn version(db: &mut Db) -> Result<usize, DbError> {
    Ok(db
        .query("SELECT MAX(version) FROM schema_version", &[])?
        .first()
        .and_then(|r| r[0].int())
        .unwrap_or(0) as usize)
}
