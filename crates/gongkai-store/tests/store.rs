//! The store against SQLite always, and against PostgreSQL when GONGKAI_TEST_PG holds a URL
//! (.ci/run sets it): import, idempotence, versions, listing, roll-ups and exports, each
//! checked against sums computed here independently.

use gongkai_render::synth::{self, Form};
use gongkai_store::{import, open, query, Db, Outcome};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gongkai-store-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

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

/// The databases to test: SQLite, and PostgreSQL in a schema of its own when configured.
fn databases(name: &str) -> Vec<Db> {
    let mut out = vec![open(&format!("sqlite:{}", temp(name).join("s.db").display())).unwrap()];
    if let Ok(url) = std::env::var("GONGKAI_TEST_PG") {
        let schema = format!("gk_{}_{name}", std::process::id());
        let mut admin = Db::open(&url).unwrap();
        admin
            .batch(&format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
            ))
            .unwrap();
        let sep = if url.contains('?') { '&' } else { '?' };
        out.push(open(&format!("{url}{sep}options=-c%20search_path%3D{schema}")).unwrap());
    }
    out
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
        let model = query::show(
            &mut db,
            first.agency.as_deref().unwrap(),
            first.year.map(i64::from),
        )
        .unwrap()
        .unwrap();
        assert!(model.contains("99999"));
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
            let stats = query::stats(&mut db, by).unwrap();
            let reports: i64 = stats.iter().map(|s| s.reports).sum();
            assert_eq!(reports as usize, current.len(), "{by:?}");
        }
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
