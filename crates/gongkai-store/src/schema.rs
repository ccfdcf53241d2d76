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
    // 6: what the draft listings show, kept beside each draft (filled in by `fill`), and the
    // size of the file it was read from, for the quotas. The listing is read from an index
    // that holds all it shows: SQLite keeps the columns of a row one after the other, and
    // reaching those after a draft's model of 27 MB meant walking its pages.
    "ALTER TABLE drafts ADD COLUMN agency TEXT;
    ALTER TABLE drafts ADD COLUMN year BIGINT;
    ALTER TABLE drafts ADD COLUMN errors BIGINT NOT NULL DEFAULT 0;
    ALTER TABLE drafts ADD COLUMN warnings BIGINT NOT NULL DEFAULT 0;
    ALTER TABLE drafts ADD COLUMN infos BIGINT NOT NULL DEFAULT 0;
    ALTER TABLE drafts ADD COLUMN bytes BIGINT NOT NULL DEFAULT 0;
    CREATE INDEX drafts_listing
        ON drafts (updated, id, owner, file, agency, year, errors, warnings, infos);
    CREATE INDEX drafts_owner ON drafts (owner, created);",
    // 7: findings kept in English too; rows stored before read their Chinese in both.
    "ALTER TABLE findings ADD COLUMN message_en TEXT;",
    // PLACEHOLDER-8 (the places branch's migration 8 goes here at merge)
    "SELECT 1;",
    // 9: the text each version was read from, deflated, for its source view (versions stored
    // before have none); the rules' findings by code, for the corpus's rule facet; the count
    // of the corpus's changes, which tells a browsing index it is out of date; the text
    // search (made in `fill`: SQLite and PostgreSQL index text each their own way).
    "ALTER TABLE reports ADD COLUMN source {bytes};
    CREATE INDEX findings_code ON findings (code, report_id);
    CREATE TABLE corpus_generation (n BIGINT NOT NULL);
    INSERT INTO corpus_generation (n) VALUES (0);",
];

/// What a migration needs beyond its statements, computed in Rust: by the version it makes.
fn fill(db: &mut Db, version: usize) -> Result<(), DbError> {
    match version {
        6 => crate::drafts::summarize_all(db),
        9 => crate::text::create(db),
        _ => Ok(()),
    }
}

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
            fill(db, i + 1)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A store made before migrations 5 and 6 gets its audit rows' names and its drafts'
    /// summaries filled in.
    #[test]
    fn migrations_5_and_6_fill_names_and_summaries() {
        let dir = std::env::temp_dir().join(format!("gongkai-schema-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut db = Db::open(&format!("sqlite:{}", dir.join("old.db").display())).unwrap();
        db.batch("CREATE TABLE schema_version (version BIGINT NOT NULL)")
            .unwrap();
        for (i, sql) in MIGRATIONS[..4].iter().enumerate() {
            db.batch(sql).unwrap();
            db.execute(
                "INSERT INTO schema_version (version) VALUES ($1)",
                &[Val::Int(i as i64 + 1)],
            )
            .unwrap();
        }
        let text = include_str!("../../../examples/qingshan-2023-draft.txt");
        let report = gongkai_read::read_text("draft.txt", text, "utf-8").unwrap();
        let findings = gongkai_check::check(&report, None, &Default::default());
        db.batch(
            "INSERT INTO users (name, hash, role, created) VALUES ('ed', 'h', 'editor', 0);
             INSERT INTO drafts (owner, file, source, model, created, updated)
                VALUES (1, 'broken.txt', '', 'not a model', 0, 0);
             INSERT INTO audit (at, user_id, action) VALUES (0, 1, 'upload')",
        )
        .unwrap();
        db.execute(
            "INSERT INTO drafts (owner, file, source, model, created, updated)
             VALUES (1, 'draft.txt', '', $1, 0, 0)",
            &[serde_json::to_string(&report).unwrap().into()],
        )
        .unwrap();
        migrate(&mut db).unwrap();
        let rows = db
            .query(
                "SELECT agency, year, errors, warnings, infos FROM drafts ORDER BY id",
                &[],
            )
            .unwrap();
        // The draft that cannot be read keeps an empty summary; the store opens all the same.
        assert_eq!(
            rows[0],
            [Val::Null, Val::Null, Val::Int(0), Val::Int(0), Val::Int(0)]
        );
        let count = |s| findings.iter().filter(|f| f.severity == s).count() as i64;
        assert_eq!(
            rows[1],
            [
                Val::Text("青山县人民政府办公室".into()),
                Val::Int(2023),
                Val::Int(count(gongkai_check::Severity::Error)),
                Val::Int(count(gongkai_check::Severity::Warning)),
                Val::Int(count(gongkai_check::Severity::Info)),
            ]
        );
        assert!(count(gongkai_check::Severity::Error) > 0);
        let names = db.query("SELECT user_name FROM audit", &[]).unwrap();
        assert_eq!(names, [[Val::Text("ed".into())]]);
    }
}
