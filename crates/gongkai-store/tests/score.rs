//! The acceptance test of score packs (issue 19, part 4): a generated region of organs, each
//! with something planted — late, undated, text repeated from last year, cells read with
//! doubt, tables that do not add up, changed after it went online, different on another
//! platform, nothing published — imported and checked in a filing season; the example pack
//! applied; and each organ's score computed here from what was planted and the pack's
//! published rules, not by the scorer, and compared item by item. Against SQLite always, and
//! PostgreSQL when GONGKAI_TEST_PG holds a URL.

mod common;

use common::{databases, temp};
use gongkai_check::score::{self, Outcome, Points};
use gongkai_core::{Certainty, Inference, Number, Report, Value, Version};
use gongkai_render::synth;
use gongkai_store::accounts::{self, Role};
use gongkai_store::import::Given;
use gongkai_store::scope::{self, Membership, OrganRole, Scope};
use gongkai_store::season::{self, Deadlines, Decision};
use gongkai_store::Db;
use std::collections::BTreeMap;
use std::path::PathBuf;

const REGION: &str = "甲县";

/// A consistent synthetic report of an organ for 2023 or 2022 (no finding at all), its first
/// section's text the organ's own, so that no two years repeat unless a test makes them.
fn report(name: &str, year: i32, seed: u64) -> Report {
    let n = if year == 2023 { 4 } else { 3 };
    let mut r = synth::report(seed, n);
    assert_eq!(r.year, Some(year));
    r.agency = Some(name.to_string());
    r.title = Some(format!("{name}{year}年政府信息公开工作年度报告"));
    r.sections[0].body = own_text(name, year);
    r
}

/// A first section long enough for Y103 to compare (60 characters and more without
/// punctuation), and different each year.
fn own_text(name: &str, year: i32) -> String {
    let topic = if year == 2023 {
        "围绕优化营商环境，集中公开惠企政策文件，开设政策解读专栏，回应群众关切，畅通依申请公开渠道，规范答复流程，提升办理质量。\
         全年组织业务培训，编印工作指引，逐条核对主动公开目录，及时清理过时信息，保障公开内容准确完整。"
    } else {
        "突出重点领域信息公开，推进财政预决算、重大建设项目批准和实施信息公开，加强政府网站和政务新媒体管理，完善发布审核机制。\
         建立常态化检查制度，每季度通报栏目更新情况，督促各股室落实公开责任，整改发现的问题。"
    };
    format!("{name}{topic}")
}

fn add(r: &mut Report, key: &str, by: i64) {
    let cell = r.cells.iter_mut().find(|c| c.key == key).unwrap();
    let v = cell.printed.value.number().unwrap().as_int().unwrap();
    cell.printed.value = Value::Number(Number::parse(&(v + by).to_string()).unwrap());
}

/// What was planted in one organ, with what the example pack takes off for it.
#[derive(Default, Clone)]
struct Planted {
    /// The publication date given at import; `None`: undated.
    published: Option<&'static str>,
    /// No report for 2023 (one for 2022 only).
    unpublished: bool,
    /// 2022's report has the same first section.
    repeated: bool,
    /// Cells read with doubt.
    uncertain: usize,
    /// Table 四's totals made not to add up, one A201 each.
    broken: usize,
    /// Readings of what went online: (source, changed from what was approved).
    readings: Vec<(&'static str, bool)>,
}

/// The organs and what each was planted with.
fn region() -> Vec<(&'static str, Planted)> {
    let dated = |d| Planted {
        published: Some(d),
        ..Planted::default()
    };
    vec![
        (
            "甲县财政局",
            Planted {
                readings: vec![
                    ("https://a/1", false),
                    ("https://a/1", false),
                    ("https://b/1", false),
                ],
                ..dated("2024-01-20")
            },
        ),
        ("甲县民政局", dated("2024-02-15")),
        ("甲县教育局", Planted::default()),
        (
            "甲县水利局",
            Planted {
                repeated: true,
                ..dated("2024-01-10")
            },
        ),
        (
            "甲县卫生健康委员会",
            Planted {
                uncertain: 2,
                ..dated("2024-01-30")
            },
        ),
        (
            "甲县审计局",
            Planted {
                broken: 2,
                ..dated("2024-01-31")
            },
        ),
        (
            "甲县人民政府办公室",
            Planted {
                readings: vec![("https://a/2", false), ("https://a/2", true)],
                ..dated("2024-01-25")
            },
        ),
        (
            // A government's own report is due by 31 March.
            "甲县人民政府",
            Planted {
                readings: vec![("https://a/3", false), ("甲县人民政府年报.pdf", true)],
                ..dated("2024-03-01")
            },
        ),
        (
            "甲县统计局",
            Planted {
                unpublished: true,
                ..Planted::default()
            },
        ),
    ]
}

/// Each item's points for an organ, by the example pack's rules as its file states them,
/// from what was planted alone.
fn expected(name: &str, p: &Planted) -> BTreeMap<&'static str, Points> {
    let pts = |v: f64| Points::from_f64(v).unwrap();
    let items = [
        ("published", 1.0),
        ("on-time", 0.5),
        ("dated", 0.5),
        ("not-repeated", 0.5),
        ("unchanged", 1.0),
        ("same-everywhere", 1.0),
        ("as-approved", 0.5),
        ("complete", 2.0),
        ("accurate", 1.5),
        ("substantive", 1.0),
        ("readable", 0.5),
    ];
    if p.unpublished {
        return items.iter().map(|(id, _)| (*id, Points::ZERO)).collect();
    }
    let due = if name.ends_with("人民政府") {
        "2024-03-31"
    } else {
        "2024-01-31"
    };
    let first = p.readings.first().map(|r| r.0);
    let again_at = |same: bool| -> Vec<bool> {
        p.readings
            .iter()
            .skip(1)
            .filter(|r| (Some(r.0) == first) == same)
            .map(|r| r.1)
            .collect()
    };
    let held = |v: f64, ok: bool| if ok { v } else { 0.0 };
    items
        .iter()
        .map(|&(id, full)| {
            let v = match id {
                "on-time" => held(full, p.published.is_none_or(|d| d <= due)),
                "dated" => held(full, p.published.is_some()),
                "not-repeated" => held(full, !p.repeated),
                // Unknown (never read again there): full marks, as the pack says.
                "unchanged" => held(full, !again_at(true).contains(&true)),
                "same-everywhere" => held(full, !again_at(false).contains(&true)),
                "as-approved" => held(full, !p.readings.last().is_some_and(|r| r.1)),
                "accurate" => (full - 0.5 * p.broken as f64).max(0.0),
                "readable" => held(full, p.uncertain == 0),
                _ => full,
            };
            (id, pts(v))
        })
        .collect()
}

fn write(dir: &std::path::Path, file: &str, r: &Report) -> PathBuf {
    let path = dir.join(file);
    std::fs::write(&path, serde_json::to_vec(r).unwrap()).unwrap();
    path
}

/// The region imported, and the season's checks of what went online done.
fn generated(db: &mut Db, dir: &std::path::Path) {
    let mut paths = Vec::new();
    let mut dates = String::from("file,date\n");
    let admin = Scope::command_line();
    for (i, (name, p)) in region().into_iter().enumerate() {
        let seed = 100 + i as u64;
        if p.unpublished || p.repeated {
            let mut before = report(name, 2022, seed);
            if p.repeated {
                before.sections[0].body = own_text(name, 2023);
            }
            paths.push(write(dir, &format!("{i}-2022.json"), &before));
        }
        if p.unpublished {
            continue;
        }
        let mut r = report(name, 2023, seed);
        for cell in r
            .cells
            .iter_mut()
            .filter(|c| c.key.starts_with("t2."))
            .take(p.uncertain)
        {
            cell.certainty = Certainty::Uncertain(Inference::Position);
        }
        for key in ["t4.review.total", "t4.litigation_direct.total"]
            .iter()
            .take(p.broken)
        {
            add(&mut r, key, 1);
        }
        let file = format!("{i}-2023.json");
        if let Some(d) = p.published {
            dates += &format!("{file},{d}\n");
        }
        paths.push(write(dir, &file, &r));
    }
    let summary =
        gongkai_store::import::import_dated(db, &paths, &Given::parse(&dates).unwrap(), |_, _| {})
            .unwrap();
    assert_eq!(summary.files.len(), paths.len());

    let s = season::create(
        db,
        &admin,
        2023,
        REGION,
        Version::V2021,
        &Deadlines::defaults(2023),
    )
    .unwrap();
    for (i, (name, p)) in region().into_iter().enumerate() {
        if p.readings.is_empty() {
            continue;
        }
        let organ = season::add_organs(db, &admin, s, &[name]).unwrap()[0];
        let approved = report(name, 2023, 100 + i as u64);
        season::submit(db, &admin, s, organ, &approved, &[], None).unwrap();
        season::decide(db, &admin, s, organ, Decision::Approve, None).unwrap();
        for (source, changed) in &p.readings {
            let mut online = approved.clone();
            if *changed {
                add(&mut online, "t3.new.natural", 1);
                add(&mut online, "t3.new.total", 1);
            }
            season::check_publication(db, &admin, s, organ, source, &online).unwrap();
        }
    }
}

#[test]
fn the_example_pack_scores_a_generated_region_as_its_rules_say() {
    let pack = score::parse(score::EXAMPLE_FILE, score::EXAMPLE).unwrap();
    for (n, mut db) in databases("score").into_iter().enumerate() {
        let dir = temp(&format!("score-files-{n}"));
        generated(&mut db, &dir);
        let organs =
            gongkai_store::score::organs(&mut db, &Scope::command_line(), REGION, 2023).unwrap();
        let sheet = score::score(&pack, REGION, 2023, &organs);
        assert_eq!(sheet.full, Points::new(10, 0));

        let mut want: Vec<(&str, Planted)> = region();
        want.sort_by(|a, b| a.0.cmp(b.0));
        let got: Vec<&str> = sheet.organs.iter().map(|o| o.organ.as_str()).collect();
        assert_eq!(got, want.iter().map(|w| w.0).collect::<Vec<_>>());
        for ((name, planted), organ) in want.iter().zip(&sheet.organs) {
            let expected = expected(name, planted);
            let earned: BTreeMap<&str, Points> = organ
                .items
                .iter()
                .map(|i| (i.id.as_str(), i.earned))
                .collect();
            assert_eq!(earned, expected, "{name}");
            let total: Points = expected.values().copied().sum();
            assert_eq!(organ.total, total, "{name}");
            assert_eq!(organ.filed, !planted.unpublished, "{name}");
        }

        // The totals, as the pack's rules give them.
        let totals: Vec<(String, String)> = sheet
            .organs
            .iter()
            .map(|o| (o.organ.clone(), o.total.to_string()))
            .collect();
        let totals: BTreeMap<String, String> = totals.into_iter().collect();
        for (name, total) in [
            ("甲县财政局", "10"),
            ("甲县民政局", "9.5"),
            ("甲县教育局", "9.5"),
            ("甲县水利局", "9.5"),
            ("甲县卫生健康委员会", "9.5"),
            ("甲县审计局", "9"),
            ("甲县人民政府办公室", "8.5"),
            ("甲县人民政府", "8.5"),
            ("甲县统计局", "0"),
        ] {
            assert_eq!(totals[name], total, "{name}");
        }

        // The evidence shows why.
        let item = |organ: &str, id: &str| {
            let o = sheet.organs.iter().find(|o| o.organ == organ).unwrap();
            o.items.iter().find(|i| i.id == id).unwrap().clone()
        };
        let late = item("甲县民政局", "on-time");
        assert_eq!(late.outcome, Outcome::Findings(1));
        assert_eq!(late.evidence[0].code, Some("T501"));
        assert!(
            late.evidence[0].text.zh.contains("晚 15 天"),
            "{:?}",
            late.evidence
        );
        let repeated = item("甲县水利局", "not-repeated");
        assert_eq!(repeated.evidence[0].code, Some("Y103"));
        let broken = item("甲县审计局", "accurate");
        assert_eq!(broken.outcome, Outcome::Findings(2));
        assert!(broken
            .evidence
            .iter()
            .all(|e| e.code == Some("A201") && !e.cells.is_empty()));
        let doubt = item("甲县卫生健康委员会", "readable");
        assert_eq!(doubt.outcome, Outcome::NotMet);
        assert!(
            doubt.evidence[0]
                .text
                .zh
                .starts_with("2 个单元格读取不确定"),
            "{:?}",
            doubt.evidence
        );
        let undated = item("甲县教育局", "dated");
        assert_eq!(undated.outcome, Outcome::NotMet);
        let changed = item("甲县人民政府办公室", "unchanged");
        assert_eq!(changed.outcome, Outcome::NotMet);
        assert!(
            changed.evidence.iter().any(|e| e.text.zh.contains("→")),
            "{:?}",
            changed.evidence
        );
        assert_eq!(item("甲县民政局", "unchanged").outcome, Outcome::Unknown);
        assert_eq!(item("甲县财政局", "same-everywhere").outcome, Outcome::Met);
        assert_eq!(
            item("甲县人民政府", "same-everywhere").outcome,
            Outcome::NotMet
        );
        assert_eq!(item("甲县统计局", "published").outcome, Outcome::NotFiled);

        // Scored again, the same sheet.
        let again = score::score(&pack, REGION, 2023, &organs);
        assert_eq!(
            serde_json::to_string(&again).unwrap(),
            serde_json::to_string(&sheet).unwrap()
        );

        // A member of an organ sees only their own organ's score.
        let u = accounts::add_user(&mut db, None, "filer", "hash", Role::Viewer).unwrap();
        let finance = db
            .query(
                "SELECT id FROM organs WHERE name = $1",
                &["甲县财政局".into()],
            )
            .unwrap()[0][0]
            .int()
            .unwrap();
        scope::set_membership(
            &mut db,
            &Scope::command_line(),
            u,
            Some(&Membership::Organ {
                organ: finance,
                role: OrganRole::Filer,
            }),
        )
        .unwrap();
        let filer = Scope::of(&mut db, u).unwrap();
        let theirs = gongkai_store::score::organs(&mut db, &filer, REGION, 2023).unwrap();
        assert_eq!(
            theirs.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(),
            ["甲县财政局"]
        );
    }
}
