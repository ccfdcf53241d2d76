//! The filing season against SQLite always, and against PostgreSQL when GONGKAI_TEST_PG holds
//! a URL: who sees which organs, the whole loop from a draft to what went online, deadlines,
//! the board's filters, the roll-up of what was approved, steps refused, many organs
//! submitting at once, what went online checked against what was approved, and each user's
//! inbox.

use gongkai_core::place::Kind;
use gongkai_core::{Number, Report, Value, Version};
use gongkai_render::synth;
use gongkai_store::accounts::{self, Role};
use gongkai_store::scope::{self, Membership, OfficeRole, OrganRole, Scope};
use gongkai_store::season::{
    self, Acknowledgement, Date, Deadlines, Decision, Filter, InboxKind, Part, Pin, SeasonError,
    State, Step,
};
mod common;

use common::{databases, urls};
use gongkai_store::{open, Db};

fn admin() -> Scope {
    Scope::command_line()
}

/// A consistent synthetic report of 2023 (template 2021) for an organ: no finding at all.
fn report(name: &str, seed: u64) -> Report {
    let mut r = synth::report(seed, 4);
    assert_eq!(r.year, Some(2023));
    r.agency = Some(name.to_string());
    r.title = Some(format!("{name}2023年政府信息公开工作年度报告"));
    r
}

fn number(r: &Report, key: &str) -> i64 {
    r.value(key).unwrap().number().unwrap().as_int().unwrap()
}

/// The report with a cell changed so that its table no longer adds up (A rules: errors).
fn broken(r: &Report) -> Report {
    let mut r = r.clone();
    let v = number(&r, "t3.new.total");
    let cell = r
        .cells
        .iter_mut()
        .find(|c| c.key == "t3.new.total")
        .unwrap();
    cell.printed.value = Value::Number(Number::parse(&(v + 5).to_string()).unwrap());
    r
}

/// The report with its text saying another number of requests than table 三 (N101, a
/// warning).
fn warned(r: &Report) -> Report {
    let mut r = r.clone();
    let v = number(&r, "t3.new.total");
    let body = &mut r.sections[0].body;
    *body = body.replace(&format!("申请{v}件"), &format!("申请{}件", v + 1));
    r
}

fn user(db: &mut Db, name: &str, role: Role) -> i64 {
    accounts::add_user(db, None, name, "hash", role).unwrap()
}

fn place(db: &mut Db, user: i64, m: Membership) -> Scope {
    scope::set_membership(db, &admin(), user, Some(&m)).unwrap();
    Scope::of(db, user).unwrap()
}

fn season_over(db: &mut Db, by: &Scope, region: &str) -> i64 {
    season::create(
        db,
        by,
        2023,
        region,
        Version::V2021,
        &Deadlines::defaults(2023),
    )
    .unwrap()
}

fn names(entries: &[season::Entry]) -> Vec<String> {
    let mut n: Vec<String> = entries.iter().map(|e| e.organ.name.clone()).collect();
    n.sort();
    n
}

fn board(db: &mut Db, by: &Scope, season: i64) -> Vec<String> {
    names(&season::board(db, by, season, &Filter::default(), 0).unwrap())
}

#[test]
fn filers_see_their_organ_and_reviewers_their_region() {
    for mut db in databases("scope") {
        let jia = season_over(&mut db, &admin(), "甲县");
        let yi = season_over(&mut db, &admin(), "乙县");
        let ours =
            season::add_organs(&mut db, &admin(), jia, &["甲县财政局", "甲县民政局"]).unwrap();
        let theirs = season::add_organs(&mut db, &admin(), yi, &["乙县财政局"]).unwrap();
        // An organ outside the region is not expected in its season.
        assert!(matches!(
            season::add_organs(&mut db, &admin(), jia, &["乙县民政局"]),
            Err(SeasonError::OutsideRegion(_))
        ));
        let u = user(&mut db, "filer", Role::Viewer);
        let filer = place(
            &mut db,
            u,
            Membership::Organ {
                organ: ours[0],
                role: OrganRole::Filer,
            },
        );
        let u = user(&mut db, "reviewer", Role::Viewer);
        let reviewer = place(
            &mut db,
            u,
            Membership::Office {
                region: "甲县".into(),
                role: OfficeRole::Reviewer,
            },
        );
        let u = user(&mut db, "office", Role::Viewer);
        let office = place(
            &mut db,
            u,
            Membership::Office {
                region: "甲县".into(),
                role: OfficeRole::OfficeAdmin,
            },
        );
        let viewer_id = user(&mut db, "viewer", Role::Viewer);
        let viewer = Scope::of(&mut db, viewer_id).unwrap();
        assert_eq!(scope::membership(&mut db, viewer_id).unwrap(), None);

        // The filer of 甲县财政局 sees it alone, and only the season that expects it.
        assert_eq!(board(&mut db, &filer, jia), ["甲县财政局"]);
        assert!(board(&mut db, &filer, yi).is_empty());
        assert!(matches!(
            season::state(&mut db, &filer, jia, ours[1]),
            Err(SeasonError::NotAllowed)
        ));
        assert!(matches!(
            season::submit(
                &mut db,
                &filer,
                jia,
                ours[1],
                &report("甲县民政局", 1),
                &[],
                None
            ),
            Err(SeasonError::NotAllowed)
        ));
        let listed: Vec<i64> = season::list(&mut db, &filer)
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(listed, [jia]);

        // The reviewer of 甲县 sees its organs, not 乙县's.
        assert_eq!(board(&mut db, &reviewer, jia), ["甲县民政局", "甲县财政局"]);
        assert!(board(&mut db, &reviewer, yi).is_empty());
        assert!(matches!(
            season::state(&mut db, &reviewer, yi, theirs[0]),
            Err(SeasonError::NotAllowed)
        ));
        let listed: Vec<i64> = season::list(&mut db, &reviewer)
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(listed, [jia]);
        // A reviewer does not file, and cannot open seasons.
        assert!(matches!(
            season::submit(
                &mut db,
                &reviewer,
                jia,
                ours[0],
                &report("甲县财政局", 1),
                &[],
                None
            ),
            Err(SeasonError::NotAllowed)
        ));
        assert!(matches!(
            season::create(
                &mut db,
                &reviewer,
                2024,
                "甲县",
                Version::V2021,
                &Deadlines::defaults(2024)
            ),
            Err(SeasonError::NotAllowed)
        ));

        // The office admin of 甲县 opens its seasons and places people in its organs only.
        assert!(matches!(
            season::create(
                &mut db,
                &office,
                2024,
                "乙县",
                Version::V2021,
                &Deadlines::defaults(2024)
            ),
            Err(SeasonError::NotAllowed)
        ));
        season::create(
            &mut db,
            &office,
            2024,
            "甲县",
            Version::V2021,
            &Deadlines::defaults(2024),
        )
        .unwrap();
        let u = user(&mut db, "filer2", Role::Viewer);
        scope::set_membership(
            &mut db,
            &office,
            u,
            Some(&Membership::Organ {
                organ: ours[1],
                role: OrganRole::Approver,
            }),
        )
        .unwrap();
        assert!(matches!(
            scope::set_membership(
                &mut db,
                &office,
                u,
                Some(&Membership::Organ {
                    organ: theirs[0],
                    role: OrganRole::Filer,
                }),
            ),
            Err(SeasonError::NotAllowed)
        ));
        assert_eq!(
            scope::membership(&mut db, u).unwrap(),
            Some(Membership::Organ {
                organ: ours[1],
                role: OrganRole::Approver,
            })
        );

        // A user with no place keeps their global role: a viewer sees every organ and files
        // for none; an editor files and reviews anywhere.
        assert_eq!(board(&mut db, &viewer, yi), ["乙县财政局"]);
        assert!(matches!(
            season::save(&mut db, &viewer, yi, theirs[0], &report("乙县财政局", 1)),
            Err(SeasonError::NotAllowed)
        ));
        let editor_id = user(&mut db, "editor", Role::Editor);
        let editor = Scope::of(&mut db, editor_id).unwrap();
        season::save(&mut db, &editor, yi, theirs[0], &report("乙县财政局", 1)).unwrap();
        // A user with a place can still be deleted; the timeline keeps their name.
        accounts::delete_user(&mut db, None, editor_id).unwrap();
        let timeline = season::timeline(&mut db, &admin(), yi, theirs[0]).unwrap();
        assert_eq!(timeline.last().unwrap().user.as_deref(), Some("editor"));
        accounts::delete_user(&mut db, None, u).unwrap();
        assert_eq!(scope::membership(&mut db, u).unwrap(), None);
    }
}

#[test]
fn a_report_goes_from_draft_to_online_and_back() {
    for mut db in databases("loop") {
        let s = season_over(&mut db, &admin(), "甲县");
        let organ = season::add_organs(&mut db, &admin(), s, &["甲县财政局"]).unwrap()[0];
        let u = user(&mut db, "filer", Role::Viewer);
        let filer = place(
            &mut db,
            u,
            Membership::Organ {
                organ,
                role: OrganRole::Filer,
            },
        );
        let u = user(&mut db, "reviewer", Role::Viewer);
        let reviewer = place(
            &mut db,
            u,
            Membership::Office {
                region: "甲县".into(),
                role: OfficeRole::Reviewer,
            },
        );
        let good = report("甲县财政局", 7);
        assert!(gongkai_check::check(&good, None, &Default::default()).is_empty());
        let state = |db: &mut Db| season::state(db, &filer, s, organ).unwrap();
        assert_eq!(state(&mut db), State::NotStarted);
        assert!(season::draft(&mut db, &filer, s, organ).unwrap().is_none());

        // Start: a draft saved.
        season::save(&mut db, &filer, s, organ, &good).unwrap();
        assert_eq!(state(&mut db), State::Drafting);
        let kept = season::draft(&mut db, &filer, s, organ).unwrap().unwrap();
        assert_eq!(number(&kept, "t3.new.total"), number(&good, "t3.new.total"));

        // A report of another organ, or of another year, is not this one's.
        assert!(matches!(
            season::submit(
                &mut db,
                &filer,
                s,
                organ,
                &report("甲县民政局", 7),
                &[],
                None
            ),
            Err(SeasonError::WrongOrgan(_))
        ));
        let mut other_year = good.clone();
        other_year.year = Some(2022);
        assert!(matches!(
            season::submit(&mut db, &filer, s, organ, &other_year, &[], None),
            Err(SeasonError::WrongYear(Some(2022)))
        ));

        // A table that does not add up cannot be submitted.
        let Err(SeasonError::HasErrors(errors)) =
            season::submit(&mut db, &filer, s, organ, &broken(&good), &[], None)
        else {
            panic!("a report with errors was submitted");
        };
        assert!(errors.iter().any(|e| e.code.starts_with('A')), "{errors:?}");
        assert_eq!(state(&mut db), State::Drafting);

        // A warning must be acknowledged with a reason.
        let text = warned(&good);
        let Err(SeasonError::Unacknowledged(warnings)) =
            season::submit(&mut db, &filer, s, organ, &text, &[], None)
        else {
            panic!("a warning went unacknowledged");
        };
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].code, "N101");
        let ack = |reason: &str| Acknowledgement {
            signature: warnings[0].signature.clone(),
            reason: reason.into(),
        };
        assert!(matches!(
            season::submit(&mut db, &filer, s, organ, &text, &[ack("  ")], None),
            Err(SeasonError::Unacknowledged(_))
        ));
        let first = season::submit(
            &mut db,
            &filer,
            s,
            organ,
            &text,
            &[ack("正文的件数含上年结转")],
            None,
        )
        .unwrap();
        assert_eq!(state(&mut db), State::Submitted);
        assert!(matches!(
            season::submit(&mut db, &filer, s, organ, &good, &[], None),
            Err(SeasonError::Illegal {
                step: Step::Submit,
                from: State::Submitted
            })
        ));

        // The reviewer returns it with a comment on a cell; the filer may not decide.
        assert!(matches!(
            season::decide(&mut db, &filer, s, organ, Decision::Approve, None),
            Err(SeasonError::NotAllowed)
        ));
        assert!(matches!(
            season::decide(&mut db, &reviewer, s, organ, Decision::Return, Some(" ")),
            Err(SeasonError::CommentRequired)
        ));
        season::comment(
            &mut db,
            &reviewer,
            s,
            organ,
            first,
            &Pin::Cell("t3.new.total".into()),
            "正文与表三不符",
        )
        .unwrap();
        assert!(matches!(
            season::comment(
                &mut db,
                &reviewer,
                s,
                organ,
                first,
                &Pin::Cell("t9.none".into()),
                "?"
            ),
            Err(SeasonError::NoSuchCell(_))
        ));
        assert_eq!(
            season::decide(
                &mut db,
                &reviewer,
                s,
                organ,
                Decision::Return,
                Some("请核对件数")
            )
            .unwrap(),
            State::Returned
        );
        let comments = season::comments(&mut db, &filer, s, organ, first).unwrap();
        assert_eq!(comments.len(), 1);
        assert_eq!(comments[0].pin, Pin::Cell("t3.new.total".into()));
        assert_eq!(comments[0].user.as_deref(), Some("reviewer"));

        // Saved again it stays returned; submitted again, approved, published.
        season::save(&mut db, &filer, s, organ, &good).unwrap();
        assert_eq!(state(&mut db), State::Returned);
        let second = season::submit(&mut db, &filer, s, organ, &good, &[], Some("已改正")).unwrap();
        let submitted = season::submissions(&mut db, &reviewer, s, organ).unwrap();
        assert_eq!(
            submitted
                .iter()
                .map(|x| (x.id, x.number))
                .collect::<Vec<_>>(),
            [(first, 1), (second, 2)]
        );
        assert_ne!(
            submitted[0].report.sections[0].body,
            submitted[1].report.sections[0].body
        );
        assert!(season::differences(&submitted[0].report, &submitted[1].report).is_empty());
        let changed = season::differences(&good, &broken(&good));
        assert_eq!(changed.len(), 1);
        assert_eq!(changed[0].key, "t3.new.total");

        for (decision, want) in [
            (Decision::Approve, State::Approved),
            (Decision::Publish, State::Published),
        ] {
            let got = season::decide(&mut db, &reviewer, s, organ, decision, None).unwrap();
            assert_eq!(got, want);
        }
        let got = season::decide(
            &mut db,
            &reviewer,
            s,
            organ,
            Decision::Mismatch,
            Some("网上表三与审定稿不符"),
        )
        .unwrap();
        assert_eq!(got, State::PublishedMismatch);
        let got = season::decide(&mut db, &reviewer, s, organ, Decision::Resolve, None).unwrap();
        assert_eq!(got, State::Published);

        // Every step is on the timeline, with who and why.
        let timeline = season::timeline(&mut db, &filer, s, organ).unwrap();
        let steps: Vec<Step> = timeline.iter().map(|e| e.step).collect();
        use Step::*;
        assert_eq!(
            steps,
            [
                Add, Save, Submit, Comment, Return, Save, Submit, Approve, Publish, Mismatch,
                Resolve
            ]
        );
        let submit = &timeline[2];
        assert_eq!(submit.user.as_deref(), Some("filer"));
        assert_eq!(submit.submission, Some(first));
        assert_eq!(submit.acknowledged.len(), 1);
        assert_eq!(submit.acknowledged[0].code, "N101");
        assert_eq!(submit.acknowledged[0].reason, "正文的件数含上年结转");
        assert_eq!(
            (timeline[4].from, timeline[4].to),
            (Some(State::Submitted), State::Returned)
        );
        assert_eq!(timeline[4].comment.as_deref(), Some("请核对件数"));
        assert_eq!(timeline[6].comment.as_deref(), Some("已改正"));
        assert_eq!(timeline[7].submission, Some(second));
        let board = season::board(&mut db, &reviewer, s, &Filter::default(), 0).unwrap();
        assert_eq!(board[0].last.as_ref().map(|e| e.step), Some(Resolve));
    }
}

#[test]
fn steps_not_allowed_from_a_state_are_refused() {
    for mut db in databases("illegal") {
        let s = season_over(&mut db, &admin(), "甲县");
        let organ = season::add_organs(&mut db, &admin(), s, &["甲县财政局"]).unwrap()[0];
        let by = admin();
        let refused = |db: &mut Db, decision: Decision, from: State| {
            let got = season::decide(db, &by, s, organ, decision, Some("意见"));
            assert!(
                matches!(got, Err(SeasonError::Illegal { from: f, .. }) if f == from),
                "{decision:?} from {from:?}: {got:?}"
            );
        };
        for d in [
            Decision::Return,
            Decision::Approve,
            Decision::Publish,
            Decision::Mismatch,
            Decision::Resolve,
            Decision::Reopen,
        ] {
            refused(&mut db, d, State::NotStarted);
        }
        // Submitted straight from not started.
        season::submit(&mut db, &by, s, organ, &report("甲县财政局", 3), &[], None).unwrap();
        for d in [
            Decision::Publish,
            Decision::Mismatch,
            Decision::Resolve,
            Decision::Reopen,
        ] {
            refused(&mut db, d, State::Submitted);
        }
        assert!(matches!(
            season::save(&mut db, &by, s, organ, &report("甲县财政局", 3)),
            Err(SeasonError::Illegal {
                step: Step::Save,
                from: State::Submitted
            })
        ));
        season::decide(&mut db, &by, s, organ, Decision::Approve, None).unwrap();
        for d in [
            Decision::Return,
            Decision::Approve,
            Decision::Mismatch,
            Decision::Resolve,
        ] {
            refused(&mut db, d, State::Approved);
        }
        assert!(matches!(
            season::submit(&mut db, &by, s, organ, &report("甲县财政局", 3), &[], None),
            Err(SeasonError::Illegal { .. })
        ));
        // Reopened, it is to be submitted again, and no longer counts as approved.
        assert!(matches!(
            season::decide(&mut db, &by, s, organ, Decision::Reopen, None),
            Err(SeasonError::CommentRequired)
        ));
        let got = season::decide(&mut db, &by, s, organ, Decision::Reopen, Some("数据有误"));
        assert_eq!(got.unwrap(), State::Returned);
        let rollup = season::rollup(&mut db, &by, s).unwrap();
        assert_eq!(rollup.missing, ["甲县财政局"]);
        assert!(rollup.report.is_none());
        season::submit(&mut db, &by, s, organ, &report("甲县财政局", 3), &[], None).unwrap();
        // The whole table, as the state machine has it.
        for state in State::ALL {
            for step in Step::ALL {
                let allowed = step.from(state).is_some();
                let expected = match step {
                    Step::Add => false,
                    Step::Save => state.owes(),
                    Step::Submit => state.owes(),
                    Step::Return | Step::Approve => state == State::Submitted,
                    Step::Publish => state == State::Approved,
                    Step::Mismatch => state == State::Published,
                    Step::Resolve => state == State::PublishedMismatch,
                    Step::Reopen => matches!(
                        state,
                        State::Approved | State::Published | State::PublishedMismatch
                    ),
                    Step::Comment | Step::Due => true,
                };
                assert_eq!(allowed, expected, "{step:?} from {state:?}");
            }
        }
        // No such season, no such organ, an organ not expected.
        assert!(matches!(
            season::state(&mut db, &by, 999, organ),
            Err(SeasonError::NotExpected(_))
        ));
        assert!(matches!(
            season::decide(&mut db, &by, 999, organ, Decision::Approve, None),
            Err(SeasonError::NoSeason(999))
        ));
        assert!(matches!(
            season::state(&mut db, &by, s, 999),
            Err(SeasonError::NoSuchOrgan(_))
        ));
        assert!(matches!(
            season::create(
                &mut db,
                &by,
                2023,
                "甲县",
                Version::V2021,
                &Deadlines::defaults(2023)
            ),
            Err(SeasonError::SeasonExists(id)) if id == s
        ));
        let e = season::create(
            &mut db,
            &by,
            1900,
            "甲县",
            Version::V2021,
            &Deadlines::defaults(1900),
        )
        .unwrap_err();
        assert!(e.zh().contains("1900") && e.en().contains("1900"));
    }
}

#[test]
fn deadlines_make_organs_late_and_the_board_filters_them() {
    assert_eq!(Date::new(2023, 2, 29), None);
    assert_eq!(Date::parse("2024-02-29"), Date::new(2024, 2, 29));
    assert_eq!(Date::parse("2024-13-01"), None);
    // 1970-01-01 ends at 16:00 UTC.
    assert_eq!(Date::new(1970, 1, 1).unwrap().end(), 16 * 3600);
    let defaults = Deadlines::defaults(2023);
    assert_eq!(
        defaults.of(Kind::Government),
        Date::new(2024, 3, 31).unwrap()
    );
    assert_eq!(defaults.of(Kind::Town), Date::new(2024, 1, 31).unwrap());
    assert_eq!(defaults.of(Kind::Department).zh(), "2024年1月31日");
    for mut db in databases("deadlines") {
        let by = admin();
        let mut deadlines = Deadlines::defaults(2023);
        let jan20 = Date::new(2024, 1, 20).unwrap();
        deadlines.set(Kind::Department, jan20);
        let s = season::create(&mut db, &by, 2023, "甲县", Version::V2021, &deadlines).unwrap();
        let ids = season::add_organs(
            &mut db,
            &by,
            s,
            &["甲县财政局", "甲县人民政府", "甲县民政局"],
        )
        .unwrap();
        assert_eq!(
            season::get(&mut db, s)
                .unwrap()
                .unwrap()
                .deadlines
                .of(Kind::Department),
            jan20
        );
        season::submit(&mut db, &by, s, ids[2], &report("甲县民政局", 2), &[], None).unwrap();
        let shown = |db: &mut Db, filter: Filter, now: i64| {
            names(&season::board(db, &by, s, &filter, now).unwrap())
        };
        let all = Filter::default();
        let late = Filter {
            overdue: Some(true),
            ..all
        };
        let on_time = Filter {
            overdue: Some(false),
            ..all
        };
        // A second before 1月20日 ends in Beijing, nobody is late.
        assert!(shown(&mut db, late, jan20.end() - 1).is_empty());
        // Then the department that has not submitted is; the government is due 3月31日.
        let board = season::board(&mut db, &by, s, &all, jan20.end()).unwrap();
        let of = |name: &str| board.iter().find(|e| e.organ.name == name).unwrap();
        assert!(of("甲县财政局").overdue);
        assert_eq!(of("甲县财政局").due, jan20);
        assert_eq!(of("甲县人民政府").organ.kind, Kind::Government);
        assert!(!of("甲县人民政府").overdue);
        assert!(!of("甲县民政局").overdue);
        assert_eq!(shown(&mut db, late, jan20.end()), ["甲县财政局"]);
        assert_eq!(
            shown(&mut db, on_time, jan20.end()),
            ["甲县人民政府", "甲县民政局"]
        );
        let submitted = Filter {
            state: Some(State::Submitted),
            ..all
        };
        assert_eq!(shown(&mut db, submitted, jan20.end()), ["甲县民政局"]);
        let not_started_late = Filter {
            state: Some(State::NotStarted),
            overdue: Some(true),
        };
        assert_eq!(
            shown(&mut db, not_started_late, jan20.end()),
            ["甲县财政局"]
        );
        let mar31 = Date::new(2024, 3, 31).unwrap();
        assert_eq!(
            shown(&mut db, late, mar31.end()),
            ["甲县人民政府", "甲县财政局"]
        );
        // One organ's own deadline; and the kind's set later for all.
        let feb15 = Date::new(2024, 2, 15).unwrap();
        season::set_due(&mut db, &by, s, ids[0], Some(feb15)).unwrap();
        assert!(shown(&mut db, late, jan20.end()).is_empty());
        assert_eq!(shown(&mut db, late, feb15.end()), ["甲县财政局"]);
        season::set_deadline(&mut db, &by, s, Kind::Government, jan20).unwrap();
        assert_eq!(shown(&mut db, late, jan20.end()), ["甲县人民政府"]);
    }
}

#[test]
fn the_rollup_sums_what_was_approved_and_names_who_is_missing() {
    for mut db in databases("rollup") {
        let by = admin();
        let s = season_over(&mut db, &by, "甲县");
        let names = ["甲县财政局", "甲县民政局", "甲县教育局", "甲县人民政府"];
        let ids = season::add_organs(&mut db, &by, s, &names).unwrap();
        let reports: Vec<Report> = names
            .iter()
            .enumerate()
            .map(|(i, n)| report(n, 20 + i as u64))
            .collect();
        // Two approved, one submitted only, one not started.
        for i in 0..3 {
            season::submit(&mut db, &by, s, ids[i], &reports[i], &[], None).unwrap();
        }
        for id in &ids[..2] {
            season::decide(&mut db, &by, s, *id, Decision::Approve, None).unwrap();
        }
        season::decide(&mut db, &by, s, ids[1], Decision::Publish, None).unwrap();
        let rollup = season::rollup(&mut db, &by, s).unwrap();
        let mut counted = rollup.counted.clone();
        counted.sort();
        assert_eq!(counted, ["甲县民政局", "甲县财政局"]);
        let mut missing = rollup.missing.clone();
        missing.sort();
        assert_eq!(missing, ["甲县人民政府", "甲县教育局"]);
        let sum = rollup.report.unwrap();
        for key in ["t3.new.total", "t2.penalty.decisions", "t4.review.total"] {
            let want = number(&reports[0], key) + number(&reports[1], key);
            assert_eq!(number(&sum, key), want, "{key}");
        }
        assert!(sum.title.unwrap().contains("2 个机关"));
        // An office sees the roll-up of its organs only.
        let u = user(&mut db, "filer", Role::Viewer);
        let filer = place(
            &mut db,
            u,
            Membership::Organ {
                organ: ids[0],
                role: OrganRole::Filer,
            },
        );
        let mine = season::rollup(&mut db, &filer, s).unwrap();
        assert_eq!(mine.counted, ["甲县财政局"]);
        assert!(mine.missing.is_empty());
    }
}

/// Twenty organs submit at the same moment, each filer on their own connection: every
/// submission is kept, each the organ's first.
#[test]
fn twenty_organs_submitting_at_once_are_all_kept() {
    for url in urls("at_once") {
        let mut db = open(&url).unwrap();
        let s = season_over(&mut db, &admin(), "甲县");
        let names: Vec<String> = (0..20).map(|i| format!("甲县第{i}局")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let ids = season::add_organs(&mut db, &admin(), s, &refs).unwrap();
        let users: Vec<i64> = ids
            .iter()
            .enumerate()
            .map(|(i, organ)| {
                let u = user(&mut db, &format!("filer{i}"), Role::Viewer);
                place(
                    &mut db,
                    u,
                    Membership::Organ {
                        organ: *organ,
                        role: OrganRole::Filer,
                    },
                );
                u
            })
            .collect();
        let start = std::sync::Barrier::new(20);
        let results: Vec<Result<i64, SeasonError>> = std::thread::scope(|scope| {
            let threads: Vec<_> = (0..20)
                .map(|i| {
                    let (url, start, names, ids, users) = (&url, &start, &names, &ids, &users);
                    scope.spawn(move || {
                        let mut db = open(url).unwrap();
                        let by = Scope::of(&mut db, users[i]).unwrap();
                        let r = report(&names[i], 200 + i as u64);
                        start.wait();
                        season::submit(&mut db, &by, s, ids[i], &r, &[], None)
                    })
                })
                .collect();
            threads.into_iter().map(|t| t.join().unwrap()).collect()
        });
        let failed: Vec<String> = results
            .iter()
            .filter_map(|r| r.as_ref().err().map(|e| e.to_string()))
            .collect();
        assert!(failed.is_empty(), "{url}: {failed:?}");
        let submitted = Filter {
            state: Some(State::Submitted),
            ..Default::default()
        };
        let board = season::board(&mut db, &admin(), s, &submitted, 0).unwrap();
        assert_eq!(board.len(), 20, "{url}");
        for (i, organ) in ids.iter().enumerate() {
            let subs = season::submissions(&mut db, &admin(), s, *organ).unwrap();
            assert_eq!(subs.len(), 1);
            assert_eq!(subs[0].number, 1);
            assert_eq!(subs[0].report.agency.as_deref(), Some(names[i].as_str()));
            let steps: Vec<Step> = season::timeline(&mut db, &admin(), s, *organ)
                .unwrap()
                .iter()
                .map(|e| e.step)
                .collect();
            assert_eq!(steps, [Step::Add, Step::Submit]);
        }
    }
}

/// The report as a page prints it: the same text spaced and punctuated its own way.
fn as_online(r: &Report) -> Report {
    let mut r = r.clone();
    for section in &mut r.sections {
        section.body = format!(
            " {} ",
            section.body.replace('，', ", ").replace('。', "。\n")
        );
    }
    r.title = r.title.map(|t| format!("  {t}\n"));
    r
}

fn parts(found: &[season::Discrepancy]) -> Vec<Part> {
    found.iter().map(|d| d.what.clone()).collect()
}

#[test]
fn what_went_online_is_checked_against_what_was_approved() {
    for mut db in databases("publication") {
        let s = season_over(&mut db, &admin(), "甲县");
        let ids = season::add_organs(&mut db, &admin(), s, &["甲县财政局", "甲县民政局"]).unwrap();
        let organ = ids[0];
        let mut scopes = Vec::new();
        for (name, m) in [
            (
                "filer",
                Membership::Organ {
                    organ,
                    role: OrganRole::Filer,
                },
            ),
            (
                "approver",
                Membership::Organ {
                    organ,
                    role: OrganRole::Approver,
                },
            ),
            (
                "other",
                Membership::Organ {
                    organ: ids[1],
                    role: OrganRole::Approver,
                },
            ),
        ] {
            let u = user(&mut db, name, Role::Viewer);
            scopes.push(place(&mut db, u, m));
        }
        let [filer, approver, other] = <[Scope; 3]>::try_from(scopes).ok().unwrap();
        let good = report("甲县财政局", 11);
        season::submit(&mut db, &filer, s, organ, &good, &[], None).unwrap();

        // Nothing approved yet: nothing to compare with.
        let e = season::check_publication(&mut db, &approver, s, organ, "https://a", &good)
            .unwrap_err();
        assert!(
            matches!(e, SeasonError::NotApproved(State::Submitted)),
            "{e:?}"
        );
        assert!(e.zh().contains("已报送") && e.en().contains("submitted"));
        season::decide(&mut db, &admin(), s, organ, Decision::Approve, None).unwrap();

        // The organ's filer may not say it went online, nor another organ's approver.
        for by in [&filer, &other] {
            assert!(matches!(
                season::check_publication(&mut db, by, s, organ, "https://a", &good),
                Err(SeasonError::NotAllowed)
            ));
        }
        assert!(season::publications(&mut db, &other, s, organ).is_err());

        // The first reading says what was approved, spaced its own way: published.
        let url = "http://www.jia.gov.cn/art/2024/1/20/art_1.html";
        let first = season::check_publication(&mut db, &approver, s, organ, url, &as_online(&good))
            .unwrap();
        assert_eq!(first.number, 1);
        assert_eq!(first.state, State::Published);
        assert!(
            first.against_approved.is_empty(),
            "{:?}",
            first.against_approved
        );
        assert!(first.against_first.is_empty());
        assert_eq!(first.user.as_deref(), Some("approver"));
        assert_eq!(first.source, url);

        // Read again with a cell and section 三 changed: not as approved, nor as first read.
        let mut changed = broken(&good);
        changed.sections[2].body += "另有一件申请已撤回。";
        let second =
            season::check_publication(&mut db, &approver, s, organ, url, &changed).unwrap();
        assert_eq!(second.number, 2);
        assert_eq!(second.state, State::PublishedMismatch);
        let want = [Part::Section(3), Part::Cell("t3.new.total".into())];
        assert_eq!(parts(&second.against_approved), want);
        assert_eq!(parts(&second.against_first), want);
        let cell = &second.against_approved[1];
        let total = number(&good, "t3.new.total");
        assert_eq!(cell.before, Some(total.to_string()));
        assert_eq!(cell.after, Some((total + 5).to_string()));
        assert_eq!(Part::Section(3).zh(), "第三部分");
        assert_eq!(Part::Title.zh(), "标题");
        assert_eq!(
            season::state(&mut db, &filer, s, organ).unwrap(),
            State::PublishedMismatch
        );

        // Put right online: published again, and as first read.
        let third = season::check_publication(&mut db, &approver, s, organ, url, &good).unwrap();
        assert_eq!(third.state, State::Published);
        assert!(third.against_approved.is_empty() && third.against_first.is_empty());

        // Every reading is on the timeline, with what differed.
        let timeline = season::timeline(&mut db, &filer, s, organ).unwrap();
        let tail: Vec<Step> = timeline
            .iter()
            .rev()
            .take(3)
            .rev()
            .map(|e| e.step)
            .collect();
        assert_eq!(tail, [Step::Publish, Step::Mismatch, Step::Resolve]);
        let mismatch = &timeline[timeline.len() - 2];
        let comment = mismatch.comment.as_deref().unwrap();
        assert!(
            comment.contains("第三部分") && comment.contains("t3.new.total"),
            "{comment}"
        );
        assert!(comment.contains("首次读取"), "{comment}");
        assert_eq!(mismatch.user.as_deref(), Some("approver"));
        let kept = season::publications(&mut db, &filer, s, organ).unwrap();
        assert_eq!(kept, [first, second, third]);

        // Another organ's first reading, its title not the approved one: published, then
        // found not as approved, in one check.
        let theirs = report("甲县民政局", 12);
        season::submit(&mut db, &admin(), s, ids[1], &theirs, &[], None).unwrap();
        season::decide(&mut db, &admin(), s, ids[1], Decision::Approve, None).unwrap();
        let mut retitled = theirs.clone();
        retitled.title = Some("甲县民政局2023年度政府信息公开工作报告".into());
        retitled.sections.retain(|x| x.number != 6);
        let got =
            season::check_publication(&mut db, &other, s, ids[1], "report.pdf", &retitled).unwrap();
        assert_eq!(got.state, State::PublishedMismatch);
        assert_eq!(
            parts(&got.against_approved),
            [Part::Title, Part::Section(6)]
        );
        assert_eq!(got.against_approved[1].after, None);
        assert!(got.against_first.is_empty());
        let steps: Vec<Step> = season::timeline(&mut db, &other, s, ids[1])
            .unwrap()
            .iter()
            .map(|e| e.step)
            .collect();
        assert_eq!(
            steps,
            [
                Step::Add,
                Step::Submit,
                Step::Approve,
                Step::Publish,
                Step::Mismatch
            ]
        );
        // Read again as it was first read: still not as approved, but unchanged since.
        let again =
            season::check_publication(&mut db, &admin(), s, ids[1], "report.pdf", &retitled)
                .unwrap();
        assert_eq!(again.state, State::PublishedMismatch);
        assert_eq!(again.against_approved.len(), 2);
        assert!(again.against_first.is_empty());
        // Then changed after publication, though now as approved: put right, and the change
        // since the first reading is listed.
        let fixed =
            season::check_publication(&mut db, &admin(), s, ids[1], "report.pdf", &theirs).unwrap();
        assert_eq!(fixed.state, State::Published);
        assert!(fixed.against_approved.is_empty());
        assert_eq!(parts(&fixed.against_first), [Part::Title, Part::Section(6)]);
        // A deleted user's readings stay.
        let approver_id = approver.user().unwrap();
        accounts::delete_user(&mut db, None, approver_id).unwrap();
        assert_eq!(
            season::publications(&mut db, &admin(), s, organ)
                .unwrap()
                .len(),
            3
        );
    }
}

#[test]
fn the_inbox_shows_each_user_what_needs_them() {
    for mut db in databases("inbox") {
        let jia = season_over(&mut db, &admin(), "甲县");
        let yi = season_over(&mut db, &admin(), "乙县");
        let ours = season::add_organs(
            &mut db,
            &admin(),
            jia,
            &["甲县财政局", "甲县民政局", "甲县教育局"],
        )
        .unwrap();
        let theirs = season::add_organs(&mut db, &admin(), yi, &["乙县财政局"]).unwrap();
        let u = user(&mut db, "filer", Role::Viewer);
        let filer = place(
            &mut db,
            u,
            Membership::Organ {
                organ: ours[0],
                role: OrganRole::Filer,
            },
        );
        let u = user(&mut db, "reviewer", Role::Viewer);
        let reviewer = place(
            &mut db,
            u,
            Membership::Office {
                region: "甲县".into(),
                role: OfficeRole::Reviewer,
            },
        );
        let jan31 = Date::new(2024, 1, 31).unwrap();
        let early = jan31.end() - 10 * 86_400;
        let soon = jan31.end() - 2 * 86_400;
        let late = jan31.end();
        let kinds = |db: &mut Db, by: &Scope, now: i64| -> Vec<(String, InboxKind)> {
            season::inbox(db, by, now)
                .unwrap()
                .into_iter()
                .map(|i| (i.organ_name, i.kind))
                .collect()
        };

        // Not started: nothing early, due soon, then late.
        assert!(kinds(&mut db, &filer, early).is_empty());
        assert_eq!(
            kinds(&mut db, &filer, soon),
            [("甲县财政局".to_string(), InboxKind::DueSoon)]
        );
        assert_eq!(
            kinds(&mut db, &filer, late),
            [("甲县财政局".to_string(), InboxKind::Overdue)]
        );

        // Submitted: in the reviewer's inbox, not in the filer's; the other region's
        // submission is not the reviewer's.
        season::submit(
            &mut db,
            &filer,
            jia,
            ours[0],
            &report("甲县财政局", 5),
            &[],
            None,
        )
        .unwrap();
        season::submit(
            &mut db,
            &admin(),
            jia,
            ours[1],
            &report("甲县民政局", 6),
            &[],
            None,
        )
        .unwrap();
        season::submit(
            &mut db,
            &admin(),
            yi,
            theirs[0],
            &report("乙县财政局", 7),
            &[],
            None,
        )
        .unwrap();
        assert!(kinds(&mut db, &filer, soon).is_empty());
        let item = |n: &str, k| (n.to_string(), k);
        assert_eq!(
            kinds(&mut db, &reviewer, early),
            [
                item("甲县民政局", InboxKind::AwaitingReview),
                item("甲县财政局", InboxKind::AwaitingReview),
            ]
        );
        // Late, the organ that never filed comes first.
        assert_eq!(
            kinds(&mut db, &reviewer, late),
            [
                item("甲县教育局", InboxKind::Overdue),
                item("甲县民政局", InboxKind::AwaitingReview),
                item("甲县财政局", InboxKind::AwaitingReview),
            ]
        );

        // Returned with a comment: the filer sees it, with the comment, even once a draft is
        // saved again.
        season::decide(
            &mut db,
            &reviewer,
            jia,
            ours[0],
            Decision::Return,
            Some("请核对表三"),
        )
        .unwrap();
        season::save(&mut db, &filer, jia, ours[0], &report("甲县财政局", 5)).unwrap();
        let got = season::inbox(&mut db, &filer, early).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].kind, InboxKind::Returned);
        assert_eq!(got[0].comment.as_deref(), Some("请核对表三"));
        assert_eq!((got[0].season, got[0].year), (jia, 2023));
        assert_eq!(got[0].region, "甲县");
        assert_eq!(got[0].due, jan31);
        assert!(got[0].at.is_some());
        assert_eq!(got[0].kind.as_str(), "returned");
        // Returned and late: late first of all.
        assert_eq!(
            kinds(&mut db, &filer, late),
            [item("甲县财政局", InboxKind::Overdue)]
        );
        assert_eq!(
            kinds(&mut db, &reviewer, early),
            [item("甲县民政局", InboxKind::AwaitingReview)]
        );

        // Approved: the filer sees it to publish; the reviewer has nothing left of it.
        season::submit(
            &mut db,
            &filer,
            jia,
            ours[0],
            &report("甲县财政局", 5),
            &[],
            None,
        )
        .unwrap();
        season::decide(&mut db, &reviewer, jia, ours[0], Decision::Approve, None).unwrap();
        assert_eq!(
            kinds(&mut db, &filer, late),
            [item("甲县财政局", InboxKind::Approved)]
        );
        // An organ's own deadline moves it out of the late ones.
        season::set_due(
            &mut db,
            &admin(),
            jia,
            ours[2],
            Some(Date::new(2024, 2, 20).unwrap()),
        )
        .unwrap();
        assert_eq!(
            kinds(&mut db, &reviewer, late),
            [item("甲县民政局", InboxKind::AwaitingReview)]
        );
        // A global editor reviews everywhere; a viewer has nothing to do.
        let editor = user(&mut db, "editor", Role::Editor);
        let editor = Scope::of(&mut db, editor).unwrap();
        assert_eq!(
            kinds(&mut db, &editor, early),
            [
                item("乙县财政局", InboxKind::AwaitingReview),
                item("甲县民政局", InboxKind::AwaitingReview),
            ]
        );
        let viewer = user(&mut db, "viewer", Role::Viewer);
        let viewer = Scope::of(&mut db, viewer).unwrap();
        assert!(kinds(&mut db, &viewer, late).is_empty());
    }
}
