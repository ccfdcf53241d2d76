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
    // 8: organs' places read from the national list of divisions, with the division's code;
    // every stored organ's place, level and kind read again from its name (by `fill`), and
    // the peer groups compared again.
    "ALTER TABLE organs ADD COLUMN code TEXT;",
    // 9: the text each version was read from, deflated, for its source view (versions stored
    // before have none); the rules' findings by code, for the corpus's rule facet; the count
    // of the corpus's changes, which tells a browsing index it is out of date; the text
    // search (made in `fill`: SQLite and PostgreSQL index text each their own way).
    "ALTER TABLE reports ADD COLUMN source {bytes};
    CREATE INDEX findings_code ON findings (code, report_id);
    CREATE TABLE corpus_generation (n BIGINT NOT NULL);
    INSERT INTO corpus_generation (n) VALUES (0);",
    // 10: the filing season. Where users belong (an organ, or an office over a region: one
    // place each); seasons of a year over a region, with a deadline per kind of organ; the
    // organs expected in each, with their state, draft, latest and approved submissions and
    // last event (the board reads these, by season and state); every report submitted; the
    // timeline of each organ; comments pinned to a submission's cell, finding or excerpt.
    "CREATE TABLE memberships (
        user_id BIGINT NOT NULL PRIMARY KEY REFERENCES users(id),
        organ_id BIGINT REFERENCES organs(id),
        region TEXT,
        role TEXT NOT NULL,
        CHECK ((organ_id IS NULL) <> (region IS NULL))
    );
    CREATE INDEX memberships_organ ON memberships (organ_id);
    CREATE TABLE seasons (
        id {id},
        year BIGINT NOT NULL,
        region TEXT NOT NULL,
        template TEXT NOT NULL,
        created BIGINT NOT NULL,
        created_by BIGINT REFERENCES users(id),
        UNIQUE (year, region)
    );
    CREATE TABLE season_deadlines (
        season_id BIGINT NOT NULL REFERENCES seasons(id),
        kind TEXT NOT NULL,
        due TEXT NOT NULL,
        PRIMARY KEY (season_id, kind)
    );
    CREATE TABLE season_submissions (
        id {id},
        season_id BIGINT NOT NULL REFERENCES seasons(id),
        organ_id BIGINT NOT NULL REFERENCES organs(id),
        number BIGINT NOT NULL,
        at BIGINT NOT NULL,
        user_id BIGINT REFERENCES users(id),
        packed {bytes} NOT NULL,
        UNIQUE (season_id, organ_id, number)
    );
    CREATE TABLE season_events (
        id {id},
        season_id BIGINT NOT NULL REFERENCES seasons(id),
        organ_id BIGINT NOT NULL REFERENCES organs(id),
        at BIGINT NOT NULL,
        user_id BIGINT REFERENCES users(id),
        user_name TEXT,
        step TEXT NOT NULL,
        from_state TEXT,
        to_state TEXT NOT NULL,
        comment TEXT,
        submission_id BIGINT REFERENCES season_submissions(id),
        acknowledged TEXT
    );
    CREATE INDEX season_events_organ ON season_events (season_id, organ_id, id);
    CREATE TABLE season_organs (
        season_id BIGINT NOT NULL REFERENCES seasons(id),
        organ_id BIGINT NOT NULL REFERENCES organs(id),
        state TEXT NOT NULL,
        due TEXT,
        updated BIGINT NOT NULL,
        draft {bytes},
        latest BIGINT REFERENCES season_submissions(id),
        approved BIGINT REFERENCES season_submissions(id),
        last_event BIGINT REFERENCES season_events(id),
        PRIMARY KEY (season_id, organ_id)
    );
    CREATE INDEX season_organs_board ON season_organs (season_id, state, organ_id);
    CREATE INDEX season_organs_organ ON season_organs (organ_id, season_id);
    CREATE TABLE season_comments (
        id {id},
        submission_id BIGINT NOT NULL REFERENCES season_submissions(id),
        at BIGINT NOT NULL,
        user_id BIGINT REFERENCES users(id),
        user_name TEXT,
        pin TEXT NOT NULL,
        pinned TEXT,
        body TEXT NOT NULL
    );
    CREATE INDEX season_comments_submission ON season_comments (submission_id, id);",
    // 11: the published report checked against the approved one. Each reading of the page or
    // file the organ gave (`source`) is kept, numbered from 1, with the report read (packed as
    // a submission's), the approved submission it was compared with, what differed from it and
    // from the first reading (JSON), and the organ's state after the check: a page read again
    // later is compared with the first reading, as evaluators compare it.
    "CREATE TABLE season_publications (
        id {id},
        season_id BIGINT NOT NULL REFERENCES seasons(id),
        organ_id BIGINT NOT NULL REFERENCES organs(id),
        number BIGINT NOT NULL,
        at BIGINT NOT NULL,
        user_id BIGINT REFERENCES users(id),
        user_name TEXT,
        source TEXT NOT NULL,
        packed {bytes} NOT NULL,
        submission_id BIGINT REFERENCES season_submissions(id),
        differences TEXT NOT NULL,
        state TEXT NOT NULL,
        UNIQUE (season_id, organ_id, number)
    );",
    // 12: repeated text (`repeats`): each version's sentences as compared, and their MinHash
    // bands, by which the sentences like one are found; the stored versions are filled in.
    "CREATE TABLE report_sentences (
        report_id BIGINT NOT NULL REFERENCES reports(id),
        position BIGINT NOT NULL,
        section BIGINT NOT NULL,
        chars BIGINT NOT NULL,
        text_hash BIGINT NOT NULL,
        printed TEXT NOT NULL,
        normalised TEXT NOT NULL,
        PRIMARY KEY (report_id, position)
    );
    CREATE TABLE sentence_bands (
        report_id BIGINT NOT NULL REFERENCES reports(id),
        position BIGINT NOT NULL,
        band BIGINT NOT NULL,
        hash BIGINT NOT NULL,
        PRIMARY KEY (report_id, position, band)
    );
    CREATE INDEX sentence_bands_hash ON sentence_bands (band, hash);",
];

/// What a migration needs beyond its statements, computed in Rust: by the version it makes.
fn fill(db: &mut Db, version: usize) -> Result<(), DbError> {
    match version {
        6 => crate::drafts::summarize_all(db),
        8 => {
            crate::organ::read_all_again(db)?;
            crate::peers::compare_all_again(db)
        }
        9 => crate::text::create(db),
        12 => crate::repeats::create(db),
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

    /// The stores for a test: a new SQLite file, and PostgreSQL in a schema of its own when
    /// GONGKAI_TEST_PG holds a URL.
    fn stores(name: &str) -> Vec<Db> {
        let dir =
            std::env::temp_dir().join(format!("gongkai-schema-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut out = vec![Db::open(&format!("sqlite:{}", dir.join("old.db").display())).unwrap()];
        if let Ok(url) = std::env::var("GONGKAI_TEST_PG") {
            let schema = format!("gk_{}_{name}", std::process::id());
            let mut admin = Db::open(&url).unwrap();
            admin
                .batch(&format!(
                    "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
                ))
                .unwrap();
            let sep = if url.contains('?') { '&' } else { '?' };
            out.push(Db::open(&format!("{url}{sep}options=-c%20search_path%3D{schema}")).unwrap());
        }
        out
    }

    /// A store made before migration 8, with the places, levels and kinds the old reading
    /// gave, gets them read again from the list of divisions, and its peer groups compared
    /// again.
    #[test]
    fn migration_8_reads_organs_places_again() {
        // Name, and the place, level and kind stored before.
        let old: [(&str, &str, &str, &str); 6] = [
            (
                "东白县住房和城乡建设局",
                "东白县住房和城乡",
                "乡镇",
                "department",
            ),
            ("东白县市场监督管理局", "东白县市", "市", "department"),
            ("海宁市人民政府办公室", "海宁市", "市", "government"),
            (
                "平潭综合实验区管理委员会",
                "平潭综合实验区",
                "县",
                "government",
            ),
            ("北京市朝阳区人民政府", "北京市", "省", "department"),
            (
                "国家税务总局海宁市税务局",
                "国家税务总局海宁市",
                "市",
                "department",
            ),
        ];
        for mut db in stores("m8") {
            db.batch("CREATE TABLE schema_version (version BIGINT NOT NULL)")
                .unwrap();
            for (i, sql) in MIGRATIONS[..7].iter().enumerate() {
                db.batch(sql).unwrap();
                db.execute(
                    "INSERT INTO schema_version (version) VALUES ($1)",
                    &[Val::Int(i as i64 + 1)],
                )
                .unwrap();
            }
            for (i, (name, place, level, kind)) in old.iter().enumerate() {
                let id = i as i64 + 1;
                db.execute(
                    "INSERT INTO organs (id, key, name, place, level, kind)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                    &[
                        id.into(),
                        crate::organ::key(name).into(),
                        (*name).into(),
                        (*place).into(),
                        (*level).into(),
                        (*kind).into(),
                    ],
                )
                .unwrap();
                db.execute(
                    "INSERT INTO reports
                        (id, organ_id, year, version, current, hash, file, format, template, model)
                     VALUES ($1, $1, 2023, 1, 1, $2, 'f.txt', 'text', '2021', '')",
                    &[id.into(), format!("h{id}").into()],
                )
                .unwrap();
                db.execute(
                    "INSERT INTO findings (report_id, code, severity, message, cells)
                     VALUES ($1, 'P101', 'warning', 'far above', '[]')",
                    &[id.into()],
                )
                .unwrap();
            }
            migrate(&mut db).unwrap();
            let rows = db
                .query(
                    "SELECT name, place, level, kind, code FROM organs ORDER BY id",
                    &[],
                )
                .unwrap();
            let text = |s: &str| Val::Text(s.into());
            let expected = [
                ["东白县住房和城乡建设局", "东白县", "县", "department", ""],
                ["东白县市场监督管理局", "东白县", "县", "department", ""],
                ["海宁市人民政府办公室", "海宁市", "县", "office", "330481"],
                [
                    "平潭综合实验区管理委员会",
                    "平潭综合实验区",
                    "县",
                    "zone",
                    "",
                ],
                [
                    "北京市朝阳区人民政府",
                    "北京市朝阳区",
                    "县",
                    "government",
                    "110105",
                ],
                ["国家税务总局海宁市税务局", "", "", "department", ""],
            ];
            for (row, want) in rows.iter().zip(expected) {
                let want: Vec<Val> = want
                    .iter()
                    .map(|s| if s.is_empty() { Val::Null } else { text(s) })
                    .collect();
                assert_eq!(*row, want);
            }
            // Every group of the store is compared again at the next import; the report whose
            // organ has no level any more has no peers, and its P101 finding goes.
            let stale = db
                .query(
                    "SELECT year, level, kind FROM stale_peers ORDER BY level, kind",
                    &[],
                )
                .unwrap();
            assert_eq!(
                stale,
                [
                    [Val::Int(2023), text("县"), text("department")],
                    [Val::Int(2023), text("县"), text("government")],
                ]
            );
            let kept = db
                .query("SELECT report_id FROM findings ORDER BY report_id", &[])
                .unwrap();
            assert_eq!(kept, (1..=5).map(|i| [Val::Int(i)]).collect::<Vec<_>>());
            // And a store opened again is not migrated again.
            migrate(&mut db).unwrap();
            assert_eq!(version(&mut db).unwrap(), MIGRATIONS.len());
        }
    }

    /// A store made before migration 12 has its stored versions' sentences fingerprinted, so
    /// that `repeats` finds the text they share.
    #[test]
    fn migration_12_fingerprints_stored_reports() {
        let text = "某县人民政府2023年度政府信息公开工作年度报告\n一、总体情况\n\
                    依托县政府门户网站开设乡村振兴专栏，集中发布惠农补贴发放结果。\n\
                    三、收到和处理政府信息公开申请情况\n\
                    一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n";
        let report = gongkai_read::read_text("t.txt", text, "UTF-8").unwrap();
        let packed = crate::model::pack(&report).unwrap();
        for mut db in stores("m12") {
            db.batch("CREATE TABLE schema_version (version BIGINT NOT NULL)")
                .unwrap();
            for (i, sql) in MIGRATIONS[..11].iter().enumerate() {
                db.batch(sql).unwrap();
                db.execute(
                    "INSERT INTO schema_version (version) VALUES ($1)",
                    &[Val::Int(i as i64 + 1)],
                )
                .unwrap();
            }
            db.execute(
                "INSERT INTO organs (id, key, name) VALUES (1, 'k', '某县人民政府')",
                &[],
            )
            .unwrap();
            db.execute(
                "INSERT INTO reports
                    (id, organ_id, year, version, current, hash, file, format, template, model, packed)
                 VALUES (1, 1, 2023, 1, 1, 'h', 't.txt', 'text', '2021', '', $1)",
                &[Val::Bytes(packed.clone())],
            )
            .unwrap();
            migrate(&mut db).unwrap();
            let rows = db
                .query("SELECT section, printed FROM report_sentences", &[])
                .unwrap();
            assert_eq!(
                rows,
                [[
                    Val::Int(1),
                    Val::Text(
                        "依托县政府门户网站开设乡村振兴专栏，集中发布惠农补贴发放结果。".into()
                    )
                ]]
            );
            let bands = db
                .query("SELECT COUNT(*) FROM sentence_bands", &[])
                .unwrap();
            assert_eq!(bands[0][0].int(), Some(crate::repeats::BANDS as i64));
        }
    }
}
