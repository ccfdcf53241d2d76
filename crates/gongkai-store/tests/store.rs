//! The store against SQLite always, and against PostgreSQL when GONGKAI_TEST_PG holds a URL
//! (.ci/run sets it): import, idempotence, versions, listing, roll-ups and exports, each
//! checked against sums computed here independently.

use gongkai_render::synth::{self, Form};
use gongkai_store::drafts::{self, Mark};
mod common;

use common::{databases, temp, urls};
use gongkai_store::{import, open, query, Db, Outcome};
use std::collections::BTreeMap;
use std::path::Path;

/// Writes `n` synthetic reports (cycling through the forms) into a folder.
fn corpus(dir: &Path, seed: u64, n: u64) -> Vec<gongkai_core::Report> {
    (0..n)
        .map(|i| {
            let r = synth::report(seed, i);
            let form = Form::ALL[(i % Form::ALL.len() as u64) as usize];
            std::fs::write(
                dir.join(format!("r{i:04}.{}", form.extension())),
                form.write(&r).unwrap(),
            )
            .unwrap();
            r
        })
        .collect()
}

#[test]
fn import_is_idempotent_and_keeps_versions() {
    for mut db in databases("idempotent") {
        let dir = temp("idem-files");
        let reports = corpus(&dir, 11, 14);
        let s = import(&mut db, std::slice::from_ref(&dir), |_, _| {}).unwrap();
        let imported = s.count(|o| *o == Outcome::Imported);
        let replaced = s.count(|o| *o == Outcome::Replaced);
        assert_eq!(s.files.len(), 14);
        assert_eq!(
            s.count(|o| matches!(o, Outcome::Failed(_))),
            0,
            "{:?}",
            s.files
        );
        // Two synthetic reports may share an organ and a year: the second is a new version.
        assert_eq!(imported + replaced, 14);
        let again = import(&mut db, std::slice::from_ref(&dir), |_, _| {}).unwrap();
        assert_eq!(again.count(|o| *o == Outcome::Unchanged), 14);
        // A changed file for the same organ and year is a new version; the old one is kept.
        let first = &reports[0];
        let mut changed = first.clone();
        let cell = changed
            .cells
            .iter_mut()
            .find(|c| c.key == "t2.penalty.decisions")
            .unwrap();
        cell.printed.value =
            gongkai_core::Value::Number(gongkai_core::Number::parse("99999").unwrap());
        let path = dir.join("r0000-fixed.tabs.txt");
        std::fs::write(
            &path,
            gongkai_render::text::render(&changed, gongkai_render::text::Layout::Tabs),
        )
        .unwrap();
        let s = import(&mut db, &[path], |_, _| {}).unwrap();
        assert_eq!(s.files[0].1, Outcome::Replaced);
        let listed = query::list(&mut db, first.year.map(i64::from)).unwrap();
        let me = listed
            .iter()
            .find(|l| Some(&l.organ) == first.agency.as_ref())
            .unwrap();
        assert!(me.version >= 2);
        let versions = db.query("SELECT COUNT(*) FROM reports", &[]).unwrap()[0][0]
            .int()
            .unwrap();
        assert_eq!(versions, 15, "history kept");
        let stored = query::report(
            &mut db,
            first.agency.as_deref().unwrap(),
            first.year.map(i64::from),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            stored
                .value("t2.penalty.decisions")
                .unwrap()
                .number()
                .unwrap()
                .as_int(),
            Some(99999)
        );
        // Read back with where each value was printed.
        assert!(stored.cell("t2.penalty.decisions").unwrap().at.is_some());
    }
}

#[test]
fn rollup_and_export_equal_independent_sums() {
    for mut db in databases("rollup") {
        let dir = temp("rollup-files");
        let reports = corpus(&dir, 23, 21);
        import(&mut db, &[dir], |_, _| {}).unwrap();
        // Independent sums per key over the current reports (the last of each organ and year).
        let mut current: BTreeMap<(String, i32), &gongkai_core::Report> = BTreeMap::new();
        for r in &reports {
            let key = gongkai_store::organ::key(r.agency.as_deref().unwrap());
            current.insert((key, r.year.unwrap()), r);
        }
        let mut want: BTreeMap<String, f64> = BTreeMap::new();
        for r in current.values() {
            for c in &r.cells {
                *want.entry(c.key.clone()).or_default() +=
                    c.printed.value.number().map_or(0.0, |n| n.to_f64());
            }
        }
        let mut got: BTreeMap<String, f64> = BTreeMap::new();
        for (_, _, key, value) in query::cells(&mut db).unwrap() {
            *got.entry(key).or_default() += value.unwrap_or(0.0);
        }
        for (k, v) in &want {
            assert!((got[k] - v).abs() < 1e-6, "{k}: {} != {v}", got[k]);
        }
        // A roll-up of one place and year equals the sum of its organs.
        let (&(_, year), r) = current.iter().next().unwrap();
        let place = gongkai_store::organ::organ(r.agency.as_deref().unwrap())
            .place
            .unwrap();
        let members: Vec<&&gongkai_core::Report> = current
            .iter()
            .filter(|((_, y), x)| {
                *y == year
                    && gongkai_store::organ::organ(x.agency.as_deref().unwrap())
                        .place
                        .is_some_and(|p| p.starts_with(&place))
            })
            .map(|(_, x)| x)
            .collect();
        let (rollup, n) = query::rollup(&mut db, &place, year as i64)
            .unwrap()
            .unwrap();
        assert_eq!(n, members.len());
        for key in [
            "t3.new.total",
            "t3.results_total.natural",
            "t4.review.total",
            "t2.fees.amount",
        ] {
            let want: f64 = members
                .iter()
                .filter_map(|m| m.value(key)?.number().map(|n| n.to_f64()))
                .sum();
            let got = rollup
                .value(key)
                .and_then(|v| v.number())
                .map(|n| n.to_f64());
            if members.iter().all(|m| m.value(key).is_some()) {
                assert!((got.unwrap() - want).abs() < 1e-6, "{key}");
            }
        }
        // The roll-up is a report: its sums keep every identity.
        let errors: Vec<_> = gongkai_check::check(&rollup, None, &Default::default())
            .into_iter()
            .filter(|f| f.severity == gongkai_check::Severity::Error && f.code.starts_with('A'))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        for by in [query::By::Year, query::By::Organ, query::By::Place] {
            let stats = query::stats(&mut db, by, &Default::default()).unwrap();
            let reports: i64 = stats.iter().map(|s| s.reports).sum();
            assert_eq!(reports as usize, current.len(), "{by:?}");
        }
        // Only one year, only one organ.
        let (organ, year) = current.keys().next().unwrap().clone();
        let only = query::Only {
            year: Some(year as i64),
            organ: None,
        };
        let stats = query::stats(&mut db, query::By::Organ, &only).unwrap();
        assert!(stats.iter().all(|s| s.year == year as i64));
        let in_year = current.keys().filter(|(_, y)| *y == year).count();
        assert_eq!(
            stats.iter().map(|s| s.reports).sum::<i64>() as usize,
            in_year
        );
        let only = query::Only {
            year: None,
            organ: Some(organ.clone()),
        };
        let stats = query::stats(&mut db, query::By::Organ, &only).unwrap();
        let of_organ = current.keys().filter(|(o, _)| *o == organ).count();
        assert_eq!(
            stats.iter().map(|s| s.reports).sum::<i64>() as usize,
            of_organ
        );
    }
}

#[test]
fn unreadable_files_are_reported_not_stored() {
    for mut db in databases("failed") {
        let dir = temp("failed-files");
        std::fs::write(dir.join("letter.txt"), "关于召开会议的通知\n").unwrap();
        std::fs::write(
            dir.join("ok.tabs.txt"),
            gongkai_render::text::render(&synth::report(3, 0), gongkai_render::text::Layout::Tabs),
        )
        .unwrap();
        let s = import(&mut db, &[dir], |_, _| {}).unwrap();
        assert_eq!(s.count(|o| matches!(o, Outcome::Failed(_))), 1);
        assert_eq!(s.count(|o| *o == Outcome::Imported), 1);
    }
}

#[test]
fn a_region_list_places_organs_under_regions() {
    for mut db in databases("regions") {
        let dir = temp("region-files");
        // Seeds 0 and 1 of a synthetic corpus start at different places.
        let mut reports = corpus(&dir, 5, 7);
        let other = temp("region-files-2");
        reports.extend(corpus(&other, 6, 7));
        import(&mut db, &[dir, other], |_, _| {}).unwrap();
        let places: Vec<String> = reports
            .iter()
            .filter_map(|r| gongkai_store::organ::organ(r.agency.as_deref()?).place)
            .collect();
        let mut csv = String::from("place,parent\n");
        for p in &places {
            csv += &format!("{p},测试市\n");
        }
        csv += "测试市,测试省\n";
        query::load_regions(&mut db, &csv).unwrap();
        let year = reports[0].year.unwrap() as i64;
        let in_year = reports
            .iter()
            .filter(|r| r.year == Some(year as i32))
            .count();
        for region in ["测试市", "测试省"] {
            let (_, n) = query::rollup(&mut db, region, year)
                .unwrap()
                .expect("organs under it");
            assert_eq!(n, in_year, "{region}");
        }
    }
}

/// Writes reports of thirty county bureaus for 2023 whose figures are alike, the first with a
/// hundredfold number of requests.
fn peer_group(dir: &Path) {
    for i in 0..30u64 {
        let mut r = synth::report(41, i);
        r.agency = Some(format!("测试县第{i}局"));
        r.year = Some(2023);
        r.title = Some(format!("测试县第{i}局2023年政府信息公开工作年度报告"));
        for c in &mut r.cells {
            // Alike figures: each peer prints 20 to 26 requests, the first 2,000.
            if c.key == "t3.new.total" {
                let v = if i == 0 { 2000 } else { 20 + i as i64 % 7 };
                c.printed.value = gongkai_core::Value::Number(
                    gongkai_core::Number::parse(&v.to_string()).unwrap(),
                );
            }
        }
        std::fs::write(
            dir.join(format!("peer{i:02}.tabs.txt")),
            gongkai_render::text::render(&r, gongkai_render::text::Layout::Tabs),
        )
        .unwrap();
    }
}

fn outliers(db: &mut Db, organ: &str) -> Vec<gongkai_store::findings::Stored> {
    gongkai_store::findings::of(db, organ, 2023)
        .unwrap()
        .into_iter()
        .filter(|f| f.code == "P101")
        .collect()
}

#[test]
fn outliers_among_peers_are_stored_and_kept_up_to_date() {
    for mut db in databases("peers") {
        let dir = temp("peer-files");
        peer_group(&dir);
        let s = import(&mut db, std::slice::from_ref(&dir), |_, _| {}).unwrap();
        assert_eq!(s.peers.0, 1, "one group: county departments of 2023");
        let found = outliers(&mut db, "测试县第0局");
        let request = found
            .iter()
            .find(|f| f.cells.contains("t3.new.total"))
            .unwrap_or_else(|| panic!("{found:?}"));
        assert!(
            request.message.zh.contains("2000"),
            "{}",
            request.message.zh
        );
        assert!(request.line.is_some(), "points at the printed cell");
        for i in 1..30 {
            let other = outliers(&mut db, &format!("测试县第{i}局"));
            assert!(
                !other.iter().any(|f| f.cells.contains("t3.new.total")),
                "{i}: {other:?}"
            );
        }
        // An import stopped after storing a report but before comparing its group leaves the
        // group marked stale; the next import, even of nothing new, compares it.
        db.batch(
            "DELETE FROM findings WHERE code = 'P101';
             INSERT INTO stale_peers (year, level, kind) VALUES (2023, '县', 'department')",
        )
        .unwrap();
        let s = import(&mut db, &[dir], |_, _| {}).unwrap();
        assert_eq!(s.count(|o| *o == Outcome::Unchanged), 30);
        assert_eq!(s.peers.0, 1);
        assert!(!outliers(&mut db, "测试县第0局").is_empty());
    }
}

#[test]
fn organs_that_have_not_filed_for_a_year() {
    for mut db in databases("missing") {
        let dir = temp("missing-files");
        for (name, year) in [
            ("甲县财政局", 2022),
            ("甲县财政局", 2023),
            ("甲县民政局", 2022),
            ("乙县民政局", 2022),
        ] {
            let mut r = synth::report(7, 0);
            r.agency = Some(name.to_string());
            r.year = Some(year);
            r.title = Some(format!("{name}{year}年政府信息公开工作年度报告"));
            std::fs::write(
                dir.join(format!("{name}{year}.tabs.txt")),
                gongkai_render::text::render(&r, gongkai_render::text::Layout::Tabs),
            )
            .unwrap();
        }
        import(&mut db, &[dir], |_, _| {}).unwrap();
        let names =
            |m: Vec<query::Missing>| -> Vec<String> { m.into_iter().map(|m| m.organ).collect() };
        assert_eq!(
            names(query::missing(&mut db, 2023, None).unwrap()),
            ["乙县民政局", "甲县民政局"]
        );
        assert_eq!(
            names(query::missing(&mut db, 2023, Some("甲县")).unwrap()),
            ["甲县民政局"]
        );
        let last = query::missing(&mut db, 2023, Some("甲县")).unwrap()[0].last;
        assert_eq!(last, 2022);
        assert!(query::missing(&mut db, 2022, None).unwrap().is_empty());
    }
}

#[test]
fn the_organs_of_a_region_with_both_years() {
    for mut db in databases("bothyears") {
        let dir = temp("bothyears-files");
        for (name, year) in [
            ("甲县财政局", 2022),
            ("甲县财政局", 2023),
            ("甲县民政局", 2023),
            ("乙县民政局", 2022),
            ("乙县民政局", 2023),
        ] {
            let mut r = synth::report(7, 0);
            r.agency = Some(name.to_string());
            r.year = Some(year);
            r.title = Some(format!("{name}{year}年政府信息公开工作年度报告"));
            std::fs::write(
                dir.join(format!("{name}{year}.tabs.txt")),
                gongkai_render::text::render(&r, gongkai_render::text::Layout::Tabs),
            )
            .unwrap();
        }
        import(&mut db, &[dir], |_, _| {}).unwrap();
        let both =
            |db: &mut Db, region| query::organs_with_years(db, region, &[2022, 2023]).unwrap();
        // 甲县民政局 has 2023 only; 乙县's organ lies in another county.
        assert_eq!(both(&mut db, "甲县"), ["甲县财政局"]);
        assert_eq!(both(&mut db, "乙县"), ["乙县民政局"]);
        assert!(both(&mut db, "丙县").is_empty());
    }
}

/// Two imports into one store, of one folder and of it with another, and thirty marks made at
/// once while they run, each on its own connection: every writer waits its turn and none fails.
/// (A transaction that read before it wrote used to be refused at once on SQLite, "database is
/// locked"; on PostgreSQL the imports deadlocked or stored the same file twice.)
#[test]
fn two_imports_and_thirty_marks_at_once_all_succeed() {
    let dirs = [temp("side-by-side-a"), temp("side-by-side-b")];
    // More than one batch each, so that their writes interleave.
    corpus(&dirs[0], 51, 200);
    corpus(&dirs[1], 52, 200);
    for url in urls("side_by_side") {
        let mut db = open(&url).unwrap();
        let id = drafts::add(&mut db, None, "", &synth::report(53, 0), 0).unwrap();
        let progress = std::sync::atomic::AtomicUsize::new(0);
        // The marks start together once the imports are writing.
        let start = std::sync::Barrier::new(30);
        let (imports, marks) = std::thread::scope(|s| {
            let imports: Vec<_> = [&dirs[..1], &dirs[..]]
                .into_iter()
                .map(|paths| {
                    let (url, progress) = (&url, &progress);
                    s.spawn(move || {
                        let mut db = open(url).unwrap();
                        import(&mut db, paths, |_, _| {
                            progress.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        })
                    })
                })
                .collect();
            let marks: Vec<_> = (0..30)
                .map(|i| {
                    let (url, progress, start) = (&url, &progress, &start);
                    s.spawn(move || {
                        let mut db = open(url).unwrap();
                        while progress.load(std::sync::atomic::Ordering::SeqCst) == 0 {
                            std::thread::sleep(std::time::Duration::from_millis(5));
                        }
                        start.wait();
                        drafts::mark(&mut db, id, None, &format!("f{i}"), Some(Mark::Confirmed))
                    })
                })
                .collect();
            (
                imports
                    .into_iter()
                    .map(|t| t.join().unwrap())
                    .collect::<Vec<_>>(),
                marks
                    .into_iter()
                    .map(|t| t.join().unwrap())
                    .collect::<Vec<_>>(),
            )
        });
        for (summary, files) in imports.into_iter().zip([200, 400]) {
            let summary = summary.unwrap_or_else(|e| panic!("{url}: an import failed: {e}"));
            assert_eq!(summary.files.len(), files);
            assert_eq!(
                summary.count(|o| matches!(o, Outcome::Failed(_))),
                0,
                "{url}"
            );
        }
        let failed: Vec<String> = marks
            .into_iter()
            .filter_map(|m| m.err().map(|e| e.to_string()))
            .collect();
        assert!(failed.is_empty(), "{url}: marks failed: {failed:?}");
        assert_eq!(drafts::marks(&mut db, id).unwrap().len(), 30, "{url}");
        let recorded = drafts::changes(&mut db, Some(id)).unwrap();
        assert_eq!(recorded.iter().filter(|c| c.action == "mark").count(), 30);
        // Each file is in the store once, whichever import stored it.
        let again = import(&mut db, &dirs, |_, _| {}).unwrap();
        assert_eq!(again.count(|o| *o == Outcome::Unchanged), 400, "{url}");
    }
}

/// A transaction kept waiting past SQLite's busy timeout by another writer is rolled back and
/// run again, and gets through once the other is done.
#[test]
fn a_transaction_kept_busy_past_the_timeout_is_run_again() {
    let url = format!("sqlite:{}", temp("busy").join("s.db").display());
    let mut db = open(&url).unwrap();
    db.batch("CREATE TABLE t (v BIGINT NOT NULL); PRAGMA busy_timeout = 50")
        .unwrap();
    let mut other = open(&url).unwrap();
    other.batch("BEGIN IMMEDIATE").unwrap();
    let holder = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(400));
        other.batch("COMMIT").unwrap();
    });
    // The first tries are refused after 50 ms each; one after the other's 400 ms succeeds.
    let started = std::time::Instant::now();
    db.transaction(|db| -> Result<(), gongkai_store::DbError> {
        db.execute("INSERT INTO t (v) VALUES (1)", &[])?;
        Ok(())
    })
    .unwrap();
    assert!(started.elapsed() >= std::time::Duration::from_millis(350));
    holder.join().unwrap();
    assert_eq!(
        db.query("SELECT COUNT(*) FROM t", &[]).unwrap()[0][0].int(),
        Some(1)
    );
}

/// On PostgreSQL, a transaction chosen as the victim of a deadlock is rolled back and run
/// again, and its second run commits.
#[test]
fn a_transaction_caught_in_a_deadlock_is_run_again() {
    let Some(url) = urls("deadlock")
        .into_iter()
        .find(|u| u.starts_with("postgres"))
    else {
        return;
    };
    let mut db = open(&url).unwrap();
    db.batch("CREATE TABLE t (id BIGINT PRIMARY KEY, v BIGINT NOT NULL); INSERT INTO t VALUES (1, 0), (2, 0)")
        .unwrap();
    let mut other = open(&url).unwrap();
    // The other side waits long before it looks for deadlocks: this side, after the usual
    // second, finds it and is the one rolled back.
    other
        .batch("SET deadlock_timeout = '10s'; BEGIN; UPDATE t SET v = v + 10 WHERE id = 1")
        .unwrap();
    let (locked, told) = std::sync::mpsc::channel();
    let holder = std::thread::spawn(move || {
        told.recv().unwrap();
        // This side now waits for row 1; taking row 2, which it holds, closes the cycle.
        std::thread::sleep(std::time::Duration::from_millis(200));
        other
            .execute("UPDATE t SET v = v + 10 WHERE id = 2", &[])
            .unwrap();
        other.batch("COMMIT").unwrap();
    });
    let mut attempts = 0;
    db.transaction(|db| -> Result<(), gongkai_store::DbError> {
        attempts += 1;
        db.execute("UPDATE t SET v = v + 1 WHERE id = 2", &[])?;
        if attempts == 1 {
            locked.send(()).unwrap();
        }
        db.execute("UPDATE t SET v = v + 1 WHERE id = 1", &[])?;
        Ok(())
    })
    .unwrap();
    holder.join().unwrap();
    assert_eq!(attempts, 2);
    let values: Vec<i64> = db
        .query("SELECT v FROM t ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|r| r[0].int().unwrap())
        .collect();
    assert_eq!(values, [11, 11]);
}

/// Names and passwords that could disguise an account or be guessed are refused, with a
/// message in each language.
#[test]
fn names_and_passwords_follow_the_rules() {
    use gongkai_store::accounts::{check_name, check_password, AccountError};
    assert_eq!(check_name("  张三\u{3000}").unwrap(), "张三");
    for (name, hidden) in [
        ("ad\u{202E}nimda", '\u{202E}'),
        ("张\n三", '\n'),
        ("a\u{2066}b", '\u{2066}'),
        ("a\u{200E}b", '\u{200E}'),
        ("a\u{200B}b", '\u{200B}'),
        ("a\u{1b}[31mb", '\u{1b}'),
    ] {
        match check_name(name) {
            Err(AccountError::HiddenInName(c)) => assert_eq!(c, hidden, "{name:?}"),
            other => panic!("{name:?}: {other:?}"),
        }
    }
    assert!(matches!(check_name(" \t "), Err(AccountError::EmptyName)));
    assert!(check_name(&"长".repeat(64)).is_ok());
    let long = check_name(&"长".repeat(65)).unwrap_err();
    assert!(matches!(long, AccountError::LongName));
    assert!(long.zh().contains("64") && long.en().contains("64"));
    assert!(matches!(
        check_password("ed", "        "),
        Err(AccountError::BlankPassword)
    ));
    assert!(matches!(
        check_password("ed", "seven77"),
        Err(AccountError::ShortPassword)
    ));
    let same = check_password("Reviewer", " reviewer").unwrap_err();
    assert!(matches!(same, AccountError::NameAsPassword));
    assert_eq!(same.zh(), "密码不能与用户名相同");
    assert_eq!(same.en(), "the password must not be the user name");
    assert!(check_password("ed", "correct horse").is_ok());
}

/// Roles, passwords, disabling and deleting, each with its audit row written in the same
/// transaction: a disabled user has no session and cannot be found to log in; a deleted one's
/// actions keep their name; the last administrator cannot be taken away.
#[test]
fn accounts_are_changed_disabled_and_deleted_with_their_audit() {
    use gongkai_store::accounts::{self, AccountError, Role};
    for mut db in databases("accounts") {
        let admin = accounts::add_user(&mut db, None, "管理员", "h0", Role::Admin).unwrap();
        let ed = accounts::add_user(&mut db, Some(admin), " ed ", "h1", Role::Editor).unwrap();
        assert!(matches!(
            accounts::add_user(&mut db, Some(admin), "ed", "h2", Role::Viewer),
            Err(AccountError::Exists(_))
        ));
        assert!(matches!(
            accounts::add_user(&mut db, Some(admin), "e\u{202E}d", "h2", Role::Viewer),
            Err(AccountError::HiddenInName('\u{202E}'))
        ));
        accounts::add_session(&mut db, "digest", ed, "csrf", accounts::now() + 60).unwrap();
        assert!(accounts::session(&mut db, "digest").unwrap().is_some());

        accounts::update_user(&mut db, Some(admin), ed, Some(Role::Viewer), None).unwrap();
        assert_eq!(
            accounts::find_user(&mut db, "ed").unwrap().unwrap().role,
            Role::Viewer
        );
        assert!(
            accounts::session(&mut db, "digest").unwrap().is_some(),
            "a new role keeps the session"
        );
        accounts::set_disabled(&mut db, Some(admin), ed, true).unwrap();
        assert!(accounts::session(&mut db, "digest").unwrap().is_none());
        assert!(accounts::user_named(&mut db, "ed").unwrap().is_none());
        assert!(
            accounts::find_user(&mut db, "ed")
                .unwrap()
                .unwrap()
                .disabled
        );
        // A session stored after the password was checked, as the user was being disabled.
        accounts::add_session(&mut db, "late", ed, "csrf", accounts::now() + 60).unwrap();
        assert!(accounts::session(&mut db, "late").unwrap().is_none());
        accounts::set_disabled(&mut db, Some(admin), ed, false).unwrap();
        assert!(accounts::user_named(&mut db, "ed").unwrap().is_some());
        accounts::update_user(&mut db, Some(admin), ed, None, Some("h3")).unwrap();
        assert_eq!(
            accounts::find_user(&mut db, "ed").unwrap().unwrap().hash,
            "h3"
        );

        // The last active administrator stays one, and nothing of a refused change is kept.
        let before = drafts::changes(&mut db, None).unwrap().len();
        for refused in [
            accounts::set_disabled(&mut db, Some(admin), admin, true),
            accounts::update_user(&mut db, Some(admin), admin, Some(Role::Editor), None),
            accounts::delete_user(&mut db, Some(admin), admin),
        ] {
            assert!(
                matches!(refused, Err(AccountError::LastAdmin)),
                "{refused:?}"
            );
        }
        assert_eq!(drafts::changes(&mut db, None).unwrap().len(), before);
        assert!(matches!(
            accounts::delete_user(&mut db, Some(admin), 9999),
            Err(AccountError::NoSuchUser(_))
        ));

        // What the user did stays, under their name.
        let id = drafts::add(&mut db, Some(ed), "", &synth::report(61, 0), 10).unwrap();
        drafts::mark(&mut db, id, Some(ed), "f", Some(Mark::Dismissed)).unwrap();
        accounts::delete_user(&mut db, Some(admin), ed).unwrap();
        assert!(accounts::find_user(&mut db, "ed").unwrap().is_none());
        assert!(accounts::session(&mut db, "late").unwrap().is_none());
        let trail = drafts::changes(&mut db, None).unwrap();
        let by = |action: &str| {
            trail
                .iter()
                .find(|c| c.action == action)
                .unwrap_or_else(|| panic!("no {action} in {trail:?}"))
                .clone()
        };
        assert_eq!(by("upload").user.as_deref(), Some("ed"));
        assert_eq!(by("mark").user.as_deref(), Some("ed"));
        for action in ["user", "role", "disable", "enable", "password", "delete"] {
            let c = by(action);
            assert_eq!(c.user.as_deref(), Some("管理员"), "{action}");
            assert_eq!(c.key.as_deref(), Some("ed"), "{action}");
        }
        assert_eq!(
            (by("role").old.as_deref(), by("role").new.as_deref()),
            (Some("editor"), Some("viewer"))
        );
        assert_eq!(by("delete").old.as_deref(), Some("viewer"));
        // Their draft stays, by nobody; the name of a deleted user may be used again.
        assert_eq!(drafts::list(&mut db).unwrap()[0].owner, None);
        accounts::add_user(&mut db, Some(admin), "ed", "h4", Role::Viewer).unwrap();
    }
}

/// The draft listing reads each draft's summary, written with it at every change, and never
/// its model; corrections are applied to the draft as it stands in the store.
#[test]
fn drafts_are_listed_from_their_summaries() {
    for mut db in databases("summaries") {
        let report = synth::report(62, 0);
        let id = drafts::add(&mut db, None, "", &report, 100).unwrap();
        let findings = gongkai_check::check(&report, None, &Default::default());
        let count =
            |f: &[gongkai_check::Finding], s| f.iter().filter(|f| f.severity == s).count() as i64;
        let listed = drafts::list(&mut db).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].agency, report.agency);
        assert_eq!(listed[0].year, report.year.map(i64::from));
        assert_eq!(
            (listed[0].errors, listed[0].warnings, listed[0].infos),
            (
                count(&findings, gongkai_check::Severity::Error),
                count(&findings, gongkai_check::Severity::Warning),
                count(&findings, gongkai_check::Severity::Info)
            )
        );
        // A correction that breaks the table's sums is counted at once.
        let corrected = drafts::correct(&mut db, id, None, "t3.new.total", |r| {
            let cell = r
                .cells
                .iter_mut()
                .find(|c| c.key == "t3.new.total")
                .unwrap();
            let old = cell.raw.clone();
            cell.printed.value =
                gongkai_core::Value::Number(gongkai_core::Number::parse("987654").unwrap());
            cell.raw = "987654".into();
            Ok::<_, gongkai_store::DbError>((old, "987654".into()))
        })
        .unwrap();
        assert!(corrected.is_some());
        let stored = drafts::get(&mut db, id).unwrap().unwrap();
        assert_eq!(stored.report.cell("t3.new.total").unwrap().raw, "987654");
        let after = gongkai_check::check(&stored.report, None, &Default::default());
        let listed = drafts::list(&mut db).unwrap();
        assert_eq!(
            listed[0].errors,
            count(&after, gongkai_check::Severity::Error)
        );
        assert!(listed[0].errors > count(&findings, gongkai_check::Severity::Error));
        assert!(drafts::correct(&mut db, id + 1, None, "k", |_| Ok::<
            _,
            gongkai_store::DbError,
        >((
            String::new(),
            String::new()
        )))
        .unwrap()
        .is_none());
        // The listing does not open the model.
        db.execute("UPDATE drafts SET model = 'not a model'", &[])
            .unwrap();
        let listed = drafts::list(&mut db).unwrap();
        assert_eq!(listed[0].agency, report.agency);
    }
}

/// Each user may upload so many drafts and so many megabytes in 24 hours, as the
/// administrator sets; the uploads that would pass it are refused, an administrator's are not.
#[test]
fn uploads_are_held_to_the_daily_quota() {
    use gongkai_store::accounts::{self, Role};
    use gongkai_store::drafts::{AddError, QUOTA_MB, QUOTA_UPLOADS};
    for mut db in databases("quota") {
        let admin = accounts::add_user(&mut db, None, "admin", "h", Role::Admin).unwrap();
        let viewer = accounts::add_user(&mut db, None, "vi", "h", Role::Viewer).unwrap();
        let other = accounts::add_user(&mut db, None, "vi2", "h", Role::Viewer).unwrap();
        let report = synth::report(63, 0);
        accounts::change_setting(&mut db, Some(admin), QUOTA_UPLOADS, "2").unwrap();
        accounts::change_setting(&mut db, Some(admin), QUOTA_MB, "1").unwrap();
        let add = |db: &mut Db, who, bytes| drafts::add(db, Some(who), "", &report, bytes);
        add(&mut db, viewer, 600_000).unwrap();
        // A megabyte is 2^20 bytes: 600,000 + 600,000 is more.
        match add(&mut db, viewer, 600_000) {
            Err(AddError::OverQuota(q)) => {
                assert_eq!((q.uploads, q.megabytes), (2, 1));
                assert_eq!((q.used_uploads, q.used_bytes), (1, 600_000));
            }
            other => panic!("{other:?}"),
        }
        add(&mut db, viewer, 400_000).unwrap();
        assert!(matches!(
            add(&mut db, viewer, 1),
            Err(AddError::OverQuota(_))
        ));
        // Another user's quota is their own; an administrator has none.
        add(&mut db, other, 1).unwrap();
        for _ in 0..3 {
            add(&mut db, admin, 1 << 20).unwrap();
        }
        assert!(drafts::over_quota(&mut db, Some(viewer), 0)
            .unwrap()
            .is_some());
        assert!(drafts::over_quota(&mut db, Some(admin), 0)
            .unwrap()
            .is_none());
        // Both settings changes are in the audit trail.
        let settings = drafts::changes(&mut db, None)
            .unwrap()
            .into_iter()
            .filter(|c| c.action == "setting")
            .count();
        assert_eq!(settings, 2);
    }
}

#[test]
fn findings_and_failures_are_kept_in_both_languages() {
    for mut db in databases("languages") {
        let dir = temp("language-files");
        std::fs::write(dir.join("letter.txt"), "关于召开会议的通知\n").unwrap();
        // A report whose （七）总计 is one more than its outcomes add up to.
        let mut report = synth::report(5, 0);
        let total = report
            .value("t3.results_total.total")
            .unwrap()
            .number()
            .unwrap();
        let wrong = gongkai_core::Number::parse(&(total.as_int().unwrap() + 1).to_string());
        let cell = report
            .cells
            .iter_mut()
            .find(|c| c.key == "t3.results_total.total");
        cell.unwrap().printed.value = gongkai_core::Value::Number(wrong.unwrap());
        let organ = report.agency.clone().unwrap();
        let year = report.year.unwrap() as i64;
        std::fs::write(dir.join("r.json"), serde_json::to_vec(&report).unwrap()).unwrap();
        let s = import(&mut db, &[dir], |_, _| {}).unwrap();
        let failed: Vec<&gongkai_core::Text> = s
            .files
            .iter()
            .filter_map(|(_, o)| match o {
                Outcome::Failed(why) => Some(why),
                _ => None,
            })
            .collect();
        assert_eq!(failed.len(), 1);
        assert!(failed[0].zh.contains("没有找到统计表"), "{}", failed[0].zh);
        assert!(
            failed[0].en.contains("no statistical table"),
            "{}",
            failed[0].en
        );
        let stored = gongkai_store::findings::of(&mut db, &organ, year).unwrap();
        let a102 = stored.iter().find(|f| f.code == "A102").expect("A102 kept");
        assert!(
            a102.message.zh.contains("但（七）总计为"),
            "{}",
            a102.message.zh
        );
        assert!(
            a102.message.en.contains("but （七）总计 is"),
            "{}",
            a102.message.en
        );
        // Rows kept before the English was: their Chinese in both languages.
        db.execute("UPDATE findings SET message_en = NULL", &[])
            .unwrap();
        let old = gongkai_store::findings::of(&mut db, &organ, year).unwrap();
        let a102 = old.iter().find(|f| f.code == "A102").unwrap();
        assert_eq!(a102.message.en, a102.message.zh);
    }
}

/// Browsing: every facet counted over what the other criteria keep (checked against counts made
/// here from the listing), pages that add up to the total, the sorts, the text search and a
/// stored report opened with its source, its versions and its year before.
#[test]
fn the_corpus_is_browsed_by_facets_text_and_pages() {
    use gongkai_store::browse::{Criteria, Dim, Index, Sort};
    for mut db in databases("browse") {
        let dir = temp("browse-files");
        let organs = [
            "甲县财政局",
            "甲县民政局",
            "乙县民政局",
            "乙县人民政府",
            "丙山市教育局",
        ];
        for (i, name) in organs.iter().enumerate() {
            for year in [2022, 2023] {
                if i == 4 && year == 2022 {
                    continue;
                }
                let mut r = synth::report(70 + i as u64, year as u64);
                r.agency = Some(name.to_string());
                r.year = Some(year);
                r.title = Some(format!("{name}{year}年政府信息公开工作年度报告"));
                if i == 1 {
                    r.sections[0].body.push_str("本机关推行阳光救助工作。");
                }
                std::fs::write(
                    dir.join(format!("{name}{year}.tabs.txt")),
                    gongkai_render::text::render(&r, gongkai_render::text::Layout::Tabs),
                )
                .unwrap();
            }
        }
        import(&mut db, &[dir], |_, _| {}).unwrap();
        let index = Index::load(&mut db).unwrap();
        assert_eq!(index.len(), 9);
        let all = |c: Criteria| index.browse(&Criteria { limit: 100, ..c });
        let every = all(Criteria::default());
        assert_eq!((every.total, every.organs, every.rows.len()), (9, 5, 9));

        // A year chosen: the year facet still counts both years over the other criteria.
        let chosen = all(Criteria {
            year: Some(2023),
            place: Some("甲县".into()),
            ..Default::default()
        });
        assert_eq!(chosen.total, 2);
        let facet = |p: &gongkai_store::browse::Page, d: Dim| {
            p.facets
                .iter()
                .find(|f| f.dim == d)
                .unwrap()
                .values
                .iter()
                .map(|(v, n)| (v.clone(), *n))
                .collect::<BTreeMap<String, usize>>()
        };
        assert_eq!(
            facet(&chosen, Dim::Year),
            BTreeMap::from([("2022".into(), 2), ("2023".into(), 2)])
        );
        let places = facet(&chosen, Dim::Place);
        assert_eq!(places.get("甲县"), Some(&2));
        assert_eq!(places.get("乙县"), Some(&2));
        assert_eq!(places.get("丙山市"), Some(&1));
        // The rule facet counts what the rows kept hold, each report once per rule.
        let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
        for row in &chosen.rows {
            let found = gongkai_store::findings::of(&mut db, &row.organ, row.year).unwrap();
            let codes: std::collections::BTreeSet<String> =
                found.into_iter().map(|f| f.code).collect();
            for c in codes {
                *by_code.entry(c).or_default() += 1;
            }
        }
        assert_eq!(facet(&chosen, Dim::Code), by_code);
        let errors: usize = chosen.rows.iter().filter(|r| r.errors > 0).count();
        assert_eq!(
            facet(&chosen, Dim::Errors).get("yes").copied().unwrap_or(0),
            errors
        );

        // Pages of two add up to the whole, in the order asked.
        let mut seen = Vec::new();
        for offset in (0..9).step_by(2) {
            let page = index.browse(&Criteria {
                sort: Sort::Year,
                offset,
                limit: 2,
                ..Default::default()
            });
            assert_eq!(page.total, 9);
            seen.extend(page.rows);
        }
        assert_eq!(seen.len(), 9);
        assert!(seen.windows(2).all(|w| w[0].year >= w[1].year));
        let by_organ = all(Criteria::default());
        assert!(by_organ.rows.windows(2).all(|w| w[0].organ <= w[1].organ));

        // The organ's name in any spelling, and the text of its sections.
        assert_eq!(
            all(Criteria {
                organ: Some("民政".into()),
                ..Default::default()
            })
            .total,
            4
        );
        let found = gongkai_store::text::search(&mut db, "阳光救助").unwrap();
        let page = all(Criteria {
            found,
            ..Default::default()
        });
        assert_eq!(page.total, 2);
        assert!(page.rows.iter().all(|r| r.organ == "甲县民政局"));
        assert_eq!(gongkai_store::text::search(&mut db, "局").unwrap(), None);

        // A stored report opens with its source and the year before.
        let row = &all(Criteria {
            organ: Some("甲县财政局".into()),
            year: Some(2023),
            ..Default::default()
        })
        .rows[0];
        let stored = gongkai_store::stored::open(&mut db, row.id)
            .unwrap()
            .unwrap();
        assert_eq!((stored.organ.as_str(), stored.year), ("甲县财政局", 2023));
        assert!(stored.source.as_deref().unwrap().contains("甲县财政局"));
        assert_eq!(stored.versions.len(), 1);
        let before = stored.previous.unwrap();
        let previous = gongkai_store::stored::open(&mut db, before)
            .unwrap()
            .unwrap();
        assert_eq!(previous.year, 2022);
        assert!(gongkai_store::stored::open(&mut db, 999_999)
            .unwrap()
            .is_none());

        // The index knows when the store has changed.
        let g = gongkai_store::browse::generation(&mut db).unwrap();
        assert_eq!(g, index.generation());
        query::load_regions(&mut db, "甲县,某市\n").unwrap();
        assert!(gongkai_store::browse::generation(&mut db).unwrap() > g);
    }
}

/// Organs lie in the divisions the national list puts their places in, with no region list:
/// a county's organs in its province, a town's in its prefecture; a county-level city is a
/// county, and a fictional county has a place but no code.
#[test]
fn organs_lie_in_the_divisions_of_the_list() {
    for mut db in databases("divisions") {
        let dir = temp("divisions-files");
        for name in [
            "淮安市洪泽区教育局",
            "洪泽区高良涧街道办事处",
            "海宁市人民政府办公室",
            "江苏省人民政府办公厅",
            "东白县住房和城乡建设局",
        ] {
            let mut r = synth::report(7, 0);
            r.agency = Some(name.to_string());
            r.year = Some(2022);
            r.title = Some(format!("{name}2022年政府信息公开工作年度报告"));
            std::fs::write(
                dir.join(format!("{name}.tabs.txt")),
                gongkai_render::text::render(&r, gongkai_render::text::Layout::Tabs),
            )
            .unwrap();
        }
        import(&mut db, &[dir], |_, _| {}).unwrap();
        // As the corpus page's region filter keeps them.
        let mut organs = |region: &str| -> Vec<String> {
            let index = gongkai_store::browse::Index::load(&mut db).unwrap();
            let criteria = gongkai_store::browse::Criteria {
                region: Some(gongkai_store::browse::RegionFilter::load(&mut db, region).unwrap()),
                limit: 100,
                ..Default::default()
            };
            let mut names: Vec<String> = index
                .browse(&criteria)
                .rows
                .into_iter()
                .map(|l| l.organ)
                .collect();
            names.sort();
            names
        };
        assert_eq!(
            organs("江苏省"),
            [
                "江苏省人民政府办公厅",
                "洪泽区高良涧街道办事处",
                "淮安市洪泽区教育局"
            ]
        );
        assert_eq!(
            organs("淮安市"),
            ["洪泽区高良涧街道办事处", "淮安市洪泽区教育局"]
        );
        assert_eq!(organs("嘉兴市"), ["海宁市人民政府办公室"]);
        assert_eq!(organs("东白县"), ["东白县住房和城乡建设局"]);
        let rows = db
            .query(
                "SELECT name, place, level, kind, code FROM organs ORDER BY name",
                &[],
            )
            .unwrap();
        let row =
            |name: &str| rows.iter().find(|r| r[0].text() == Some(name)).unwrap()[1..].to_vec();
        let t = |s: &str| gongkai_store::Val::Text(s.into());
        assert_eq!(
            row("海宁市人民政府办公室"),
            [t("海宁市"), t("县"), t("office"), t("330481")]
        );
        assert_eq!(
            row("东白县住房和城乡建设局"),
            [
                t("东白县"),
                t("县"),
                t("department"),
                gongkai_store::Val::Null
            ]
        );
        assert_eq!(
            row("洪泽区高良涧街道办事处"),
            [
                t("洪泽区高良涧街道"),
                t("乡镇"),
                t("town"),
                gongkai_store::Val::Null
            ]
        );
    }
}
