//! Repeated text on a generated corpus with planted copies (`gongkai_render::copies`): the
//! share measured per section is within 2 points of the share planted, and the source organ
//! is named — from the store's fingerprint index (SQLite, and PostgreSQL when GONGKAI_TEST_PG
//! holds a URL) and, for last year's copies, from the pairwise comparison Y103 uses.

use gongkai_check::repetition;
use gongkai_render::copies::{self, Plan};
use gongkai_store::repeats::{self, Source};
use gongkai_store::{import, Db};
use std::path::Path;
mod common;

use common::{databases, temp};

fn write(dir: &Path, reports: &[gongkai_core::Report]) {
    for (i, r) in reports.iter().enumerate() {
        std::fs::write(
            dir.join(format!("r{i:05}.json")),
            serde_json::to_string(r).unwrap(),
        )
        .unwrap();
    }
}

fn section(db: &mut Db, organ: &str, year: i32, from: Source, n: u8) -> repeats::Repeated {
    let found = repeats::of_year(db, year as i64, Some(organ), &[from]).unwrap();
    assert_eq!(found.len(), 1, "{organ} {year}");
    found[0].sections[n as usize - 1].clone()
}

#[test]
fn planted_copies_are_measured_within_two_points_and_their_source_named() {
    let plan = Plan {
        organs: 150,
        from: 2022,
        years: 2,
        every: 4,
    };
    let corpus = copies::corpus(19, plan);
    assert_eq!(corpus.reports.len(), 300);
    let last_year = corpus
        .planted
        .iter()
        .filter(|p| p.source_year < p.year)
        .count();
    let others = corpus.planted.len() - last_year;
    assert!(last_year > 20 && others > 20, "{last_year} {others}");
    let dir = temp("repeats-files");
    write(&dir, &corpus.reports);
    for mut db in databases("repeats") {
        let s = import(&mut db, std::slice::from_ref(&dir), |_, _| {}).unwrap();
        assert_eq!(s.count(|o| *o == gongkai_store::Outcome::Imported), 300);
        for p in &corpus.planted {
            let from = if p.source_year < p.year {
                Source::LastYear
            } else {
                Source::Others
            };
            let got = section(&mut db, &p.organ, p.year, from, p.section);
            assert!(
                (got.share() - p.share).abs() <= 0.02,
                "{p:?}: measured {:.3}",
                got.share()
            );
            assert!(got.sources().contains(&p.source.as_str()), "{p:?}: {got:?}");
            for passage in &got.passages {
                assert!(passage.passage.similarity >= repetition::THRESHOLD);
                assert!(passage.year == p.source_year as i64 || from == Source::Others);
            }
        }
        // A report neither copying nor copied repeats nothing of anyone's.
        let involved = |organ: &str, year: i32| {
            corpus.planted.iter().any(|p| {
                (p.organ == organ && p.year == year) || (p.source == organ && p.source_year == year)
            })
        };
        let mut clean = 0;
        for r in repeats::of_year(&mut db, 2023, None, &[Source::Others]).unwrap() {
            if involved(&r.organ, 2023) {
                continue;
            }
            clean += 1;
            for s in &r.sections {
                assert_eq!(s.repeated, 0, "{} section {}: {s:?}", r.organ, s.section);
            }
        }
        assert!(clean > 50, "{clean}");
    }
    // Y103's comparison of two reports measures last year's copies alike.
    let find = |organ: &str, year: i32| {
        corpus
            .reports
            .iter()
            .find(|r| r.agency.as_deref() == Some(organ) && r.year == Some(year))
            .unwrap()
    };
    for p in corpus.planted.iter().filter(|p| p.source_year < p.year) {
        let got = &repetition::between(find(&p.organ, p.year), find(&p.source, p.source_year))
            [p.section as usize - 1];
        assert!((got.share() - p.share).abs() <= 0.02, "{p:?}: {got:?}");
    }
}

#[test]
fn sentences_many_organs_print_are_boilerplate() {
    let plan = Plan {
        organs: 14,
        from: 2023,
        years: 1,
        every: 0,
    };
    let mut reports = copies::corpus(5, plan).reports;
    let everyone = "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党中央关于全面推进政务公开工作的决策部署。";
    let two = "创新开设营商环境政策直通车专栏，按企业生命周期归集惠企政策并逐条标注兑现流程。";
    for (i, r) in reports.iter_mut().enumerate() {
        let five = &mut r.sections[4].body;
        five.push('\n');
        five.push_str(everyone);
        if i < 2 {
            five.push('\n');
            five.push_str(two);
        }
    }
    let dir = temp("boilerplate-files");
    write(&dir, &reports);
    for mut db in databases("boilerplate") {
        import(&mut db, std::slice::from_ref(&dir), |_, _| {}).unwrap();
        let organ = reports[0].agency.clone().unwrap();
        let five = section(&mut db, &organ, 2023, Source::Others, 5);
        let len = |s: &str| repetition::normalise(s).chars().count();
        assert_eq!(five.repeated, len(two), "{five:?}");
        assert_eq!(five.sources(), [reports[1].agency.as_deref().unwrap()]);
        // The boilerplate is not compared at all; the two organs' sentence is.
        let own: usize = repetition::sentences(&reports[0])
            .iter()
            .filter(|s| s.section == 5)
            .map(|s| s.chars())
            .sum();
        assert_eq!(five.chars, own - len(everyone));
        let third = reports[2].agency.clone().unwrap();
        assert_eq!(
            section(&mut db, &third, 2023, Source::Others, 5).repeated,
            0
        );
    }
}
