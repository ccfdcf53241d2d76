//! `gongkai season`: a filing season scripted from the command line, acting as a global
//! administrator ([`Scope::command_line`]): open a season, name its organs, set deadlines,
//! watch the board, submit reports, return, approve and publish them, roll up what was
//! approved, and give people their places.
//!
//! A step the season refuses ends with exit status 3 ([`ExitStatus::Refused`]); a report that
//! cannot be submitted, with 4 ([`ExitStatus::Blocked`]), its errors or unacknowledged warnings
//! listed.

use crate::args::{
    DecideArgs, SeasonAction, SeasonArgs, SeasonListFormat, SheetFormat, SheetOut, StateArg,
    TemplateArg,
};
use crate::atomic::{destination, write_atomic, Replace};
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::input::read_report;
use crate::output::{header, json_line, say, written};
use crate::store;
use gongkai_check::{Selection, Severity, Text};
use gongkai_core::place::Kind;
use gongkai_core::{Lang, Version};
use gongkai_render::sheet::Sheet;
use gongkai_store::accounts::{self, AccountError};
use gongkai_store::scope::{self, Membership, OfficeRole, OrganRole, Scope};
use gongkai_store::season::{
    self, kind_name, moment, who, Acknowledgement, Date, Deadlines, Decision, Filter, Season,
    SeasonError, State, KINDS,
};
use gongkai_store::Db;
use serde_json::json;
use std::io::{IsTerminal, Write};

pub fn run(args: SeasonArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    let mut db = store::open(&args.db)?;
    let db = &mut db;
    let by = Scope::command_line();
    let lang = cx.lang;
    match args.action {
        SeasonAction::Create {
            year,
            region,
            template,
            due,
        } => {
            let mut deadlines = Deadlines::defaults(year);
            for d in &due {
                let Some((k, v)) = d.split_once('=') else {
                    return Err(CliError::new(
                        format!("--due {d}：应写作 KIND=YYYY-MM-DD"),
                        format!("--due {d}: write it KIND=YYYY-MM-DD"),
                    ));
                };
                deadlines.set(kind(k)?, date(v)?);
            }
            let template = match template {
                TemplateArg::V2021 => Version::V2021,
                TemplateArg::V2019 => Version::V2019,
            };
            let id = season::create(db, &by, year, &region, template, &deadlines)?;
            writeln!(std::io::stdout(), "{id}")?;
            say(
                lang,
                &Text::new(
                    format!(
                        "已新建 {year} 年度「{}」填报期（第 {id} 号）",
                        region.trim()
                    ),
                    format!("season {id} opened: {} for {year}", region.trim()),
                ),
            );
        }
        SeasonAction::List { format } => {
            let seasons = season::list(db, &by)?;
            let mut out = std::io::stdout().lock();
            match format {
                SeasonListFormat::Table => {
                    header(
                        &mut out,
                        lang,
                        &[
                            ("编号", "id"),
                            ("年度", "year"),
                            ("地区", "region"),
                            ("模板", "template"),
                            ("截止日期", "deadlines"),
                        ],
                    )?;
                    for s in &seasons {
                        writeln!(
                            out,
                            "{}\t{}\t{}\t{}\t{}",
                            s.id,
                            s.year,
                            s.region,
                            s.template.as_str(),
                            deadlines_shown(s, lang)
                        )?;
                    }
                }
                SeasonListFormat::Json => {
                    for s in &seasons {
                        let deadlines: serde_json::Map<String, serde_json::Value> = KINDS
                            .iter()
                            .map(|k| {
                                (
                                    k.as_str().to_string(),
                                    s.deadlines.of(*k).to_string().into(),
                                )
                            })
                            .collect();
                        json_line(
                            &mut out,
                            &json!({
                                "id": s.id,
                                "year": s.year,
                                "region": s.region,
                                "template": s.template.as_str(),
                                "created": s.created,
                                "deadlines": deadlines,
                            }),
                        )?;
                    }
                }
            }
        }
        SeasonAction::Organs {
            season: id,
            names,
            from_store,
        } => {
            let (zh, en) = if from_store {
                let n = season::add_stored_organs(db, &by, id)?;
                (
                    format!("已列入数据库中的 {n} 个机关"),
                    format!("{n} stored organs now expected"),
                )
            } else {
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                let ids = season::add_organs(db, &by, id, &names)?;
                (
                    format!("已列入 {} 个机关", ids.len()),
                    format!("{} organs expected", ids.len()),
                )
            };
            say(lang, &Text::new(zh, en));
        }
        SeasonAction::Deadline {
            season: id,
            kind: k,
            date: d,
        } => {
            let (k, d) = (kind(&k)?, date(&d)?);
            season::set_deadline(db, &by, id, k, d)?;
            say(
                lang,
                &Text::new(
                    format!("{}的截止日期为 {}", kind_name(k, Lang::Zh), d.zh()),
                    format!("{}s are due by {d}", kind_name(k, Lang::En)),
                ),
            );
        }
        SeasonAction::Due {
            season: id,
            organ,
            date: d,
            clear,
        } => {
            let o = organ_of(db, &organ)?;
            let d = if clear {
                None
            } else {
                d.as_deref().map(date).transpose()?
            };
            season::set_due(db, &by, id, o, d)?;
            let organ = named(db, &by, id, o, &organ);
            say(
                lang,
                &match d {
                    Some(d) => Text::new(
                        format!("{organ} 的截止日期为 {}", d.zh()),
                        format!("{organ} is due by {d}"),
                    ),
                    None => Text::new(
                        format!("{organ} 的截止日期恢复为其类别的日期"),
                        format!("{organ} is due when its kind is again"),
                    ),
                },
            );
        }
        SeasonAction::Board {
            season: id,
            state,
            overdue,
            on_time,
            out,
        } => {
            let s = season_of(db, id)?;
            let filter = Filter {
                state: state.map(state_of),
                overdue: match (overdue, on_time) {
                    (true, _) => Some(true),
                    (_, true) => Some(false),
                    _ => None,
                },
            };
            check_out(&out)?;
            let entries = season::board(db, &by, id, &filter, accounts::now())?;
            let (head, rows) = season::board_rows(&entries, lang);
            let sheet = Sheet {
                title: match lang {
                    Lang::Zh => format!("{}{}年度填报看板", s.region, s.year),
                    Lang::En => format!("{} {} board", s.region, s.year),
                },
                header: head,
                rows,
            };
            let json = || {
                let mut bytes = Vec::new();
                for e in &entries {
                    let last = e.last.as_ref();
                    let _ = json_line(
                        &mut bytes,
                        &json!({
                            "organ_id": e.organ.id,
                            "organ": e.organ.name,
                            "place": e.organ.place,
                            "kind": e.organ.kind.as_str(),
                            "state": e.state.as_str(),
                            "due": e.due.to_string(),
                            "overdue": e.overdue,
                            "last_step": last.map(|l| l.step.as_str()),
                            "last_at": last.map(|l| l.at),
                            "last_user": last.and_then(|l| l.user.as_deref()),
                        }),
                    );
                }
                bytes
            };
            emit(&out, &sheet, json, lang)?;
        }
        SeasonAction::Timeline {
            season: id,
            organ,
            format,
        } => {
            let o = organ_of(db, &organ)?;
            let events = season::timeline(db, &by, id, o)?;
            let mut out = std::io::stdout().lock();
            match format {
                SeasonListFormat::Table => {
                    header(
                        &mut out,
                        lang,
                        &[
                            ("时间", "at"),
                            ("操作", "step"),
                            ("状态", "state"),
                            ("操作人", "by"),
                            ("意见", "comment"),
                            ("说明理由的提醒", "warnings acknowledged"),
                        ],
                    )?;
                    for e in &events {
                        let state = |s: State| match lang {
                            Lang::Zh => s.zh(),
                            Lang::En => s.en(),
                        };
                        let moved = match e.from {
                            Some(from) if from != e.to => {
                                format!("{} → {}", state(from), state(e.to))
                            }
                            _ => state(e.to).to_string(),
                        };
                        let acknowledged: Vec<String> = e
                            .acknowledged
                            .iter()
                            .map(|a| format!("{}: {}", a.code, a.reason))
                            .collect();
                        let fields = [
                            moment(e.at),
                            match lang {
                                Lang::Zh => e.step.zh().to_string(),
                                Lang::En => e.step.as_str().to_string(),
                            },
                            moved,
                            who(e.user.as_deref(), lang),
                            e.comment.clone().unwrap_or_default(),
                            acknowledged.join("; "),
                        ];
                        writeln!(out, "{}", tsv_line(&fields))?;
                    }
                }
                SeasonListFormat::Json => {
                    for e in &events {
                        let acknowledged: Vec<serde_json::Value> = e
                            .acknowledged
                            .iter()
                            .map(|a| {
                                json!({
                                    "code": a.code,
                                    "signature": a.signature,
                                    "reason": a.reason,
                                })
                            })
                            .collect();
                        json_line(
                            &mut out,
                            &json!({
                                "id": e.id,
                                "at": e.at,
                                "user": e.user,
                                "step": e.step.as_str(),
                                "from": e.from.map(State::as_str),
                                "to": e.to.as_str(),
                                "comment": e.comment,
                                "submission": e.submission,
                                "acknowledged": acknowledged,
                            }),
                        )?;
                    }
                }
            }
        }
        SeasonAction::Submit {
            season: id,
            organ,
            file,
            ack,
            comment,
        } => {
            let o = organ_of(db, &organ)?;
            let report = read_report(&file, &cx.limits)?;
            let acknowledged = acknowledgements(&report, &ack, lang)?;
            let submission =
                season::submit(db, &by, id, o, &report, &acknowledged, comment.as_deref())?;
            writeln!(std::io::stdout(), "{submission}")?;
            let organ = named(db, &by, id, o, &organ);
            say(
                lang,
                &Text::new(
                    format!("已报送 {organ} 的报告（报送编号 {submission}）"),
                    format!("{organ}'s report submitted (submission {submission})"),
                ),
            );
        }
        SeasonAction::Return(a) => decide(db, &by, a, Decision::Return, lang)?,
        SeasonAction::Approve(a) => decide(db, &by, a, Decision::Approve, lang)?,
        SeasonAction::Reopen(a) => decide(db, &by, a, Decision::Reopen, lang)?,
        SeasonAction::Publish(a) => decide(db, &by, a, Decision::Publish, lang)?,
        SeasonAction::Rollup { season: id, out } => {
            let s = season_of(db, id)?;
            check_out(&out)?;
            let rollup = season::rollup(db, &by, id)?;
            let (head, rows) = season::rollup_rows(&rollup, lang);
            let sheet = Sheet {
                title: match lang {
                    Lang::Zh => format!("{}{}年度汇总", s.region, s.year),
                    Lang::En => format!("{} {} rollup", s.region, s.year),
                },
                header: head,
                rows,
            };
            let json = || {
                let cells: serde_json::Map<String, serde_json::Value> = rollup
                    .report
                    .iter()
                    .flat_map(|r| &r.cells)
                    .map(|c| {
                        let v = serde_json::to_value(c.printed.value).unwrap_or_default();
                        (c.key.clone(), v)
                    })
                    .collect();
                let mut bytes = Vec::new();
                let _ = json_line(
                    &mut bytes,
                    &json!({
                        "season": s.id,
                        "year": s.year,
                        "region": s.region,
                        "template": s.template.as_str(),
                        "counted": rollup.counted,
                        "missing": rollup.missing,
                        "cells": cells,
                    }),
                );
                bytes
            };
            emit(&out, &sheet, json, lang)?;
            let n = rollup.counted.len();
            say(
                lang,
                &if rollup.missing.is_empty() {
                    Text::new(
                        format!("已汇总全部 {n} 个机关的报告"),
                        format!("every organ's report summed ({n})"),
                    )
                } else {
                    Text::new(
                        format!(
                            "已汇总 {n} 个机关；{} 个机关尚无通过的报告：{}",
                            rollup.missing.len(),
                            rollup.missing.join("、")
                        ),
                        format!(
                            "{n} organs summed; {} with no approved report: {}",
                            rollup.missing.len(),
                            rollup.missing.join(", ")
                        ),
                    )
                },
            );
        }
        SeasonAction::Member {
            user,
            organ,
            region,
            role,
            clear,
        } => {
            let name = user.trim();
            let u = accounts::find_user(db, name)
                .map_err(|e| CliError::from(AccountError::Store(e)))?
                .ok_or_else(|| CliError::from(AccountError::NoSuchUser(name.to_string())))?;
            let place = if clear {
                None
            } else {
                Some(membership(
                    db,
                    organ.as_deref(),
                    region.as_deref(),
                    role.as_deref(),
                )?)
            };
            scope::set_membership(db, &by, u.id, place.as_ref())?;
            let shown = gongkai_core::printable(&u.name).into_owned();
            say(
                lang,
                &match (&place, organ.as_deref(), region.as_deref()) {
                    (None, ..) => Text::new(
                        format!("已取消用户「{shown}」的所属"),
                        format!("{shown} belongs nowhere now"),
                    ),
                    (Some(Membership::Organ { role, .. }), Some(o), _) => Text::new(
                        format!("用户「{shown}」现为 {o} 的{}", role.zh()),
                        format!("{shown} is now {o}'s {}", role.as_str()),
                    ),
                    (Some(m), _, r) => {
                        let r = r.unwrap_or_default();
                        let (zh, en) = match m {
                            Membership::Office { role, .. } => (role.zh(), role.as_str()),
                            Membership::Organ { role, .. } => (role.zh(), role.as_str()),
                        };
                        Text::new(
                            format!("用户「{shown}」现为 {r} 办公室的{zh}"),
                            format!("{shown} is now {en} of the office over {r}"),
                        )
                    }
                },
            );
        }
        SeasonAction::Published {
            season: id,
            organ,
            file,
            address,
        } => {
            let o = organ_of(db, &organ)?;
            let report = read_report(&file, &cx.limits)?;
            let source = address.unwrap_or_else(|| file.clone());
            let p = season::check_publication(db, &by, id, o, &source, &report)?;
            let organ = named(db, &by, id, o, &organ);
            let mut out = std::io::stdout().lock();
            for (against, list) in [
                (("与通过版本不同", "not as approved"), &p.against_approved),
                (
                    ("与首次读取不同", "changed since the first reading"),
                    &p.against_first,
                ),
            ] {
                for d in list {
                    let fields = [
                        match lang {
                            Lang::Zh => against.0.to_string(),
                            Lang::En => against.1.to_string(),
                        },
                        match lang {
                            Lang::Zh => d.what.zh(),
                            Lang::En => d.what.en(),
                        },
                        d.before.clone().unwrap_or_default(),
                        d.after.clone().unwrap_or_default(),
                    ];
                    writeln!(out, "{}", tsv_line(&fields))?;
                }
            }
            say(
                lang,
                &Text::new(
                    format!("{organ}：第 {} 次读取，{}", p.number, p.state.zh()),
                    format!("{organ}: reading {}, {}", p.number, p.state.en()),
                ),
            );
            if !p.against_approved.is_empty() {
                return Ok(ExitStatus::Findings);
            }
        }
        SeasonAction::Inbox { user, format } => {
            let u = accounts::user_named(db, &user)?.ok_or_else(|| {
                CliError::new(format!("没有用户「{user}」"), format!("no user {user}"))
            })?;
            let scope = Scope::of(db, u.id)?;
            let items = season::inbox(db, &scope, accounts::now())?;
            let mut out = std::io::stdout().lock();
            match format {
                SeasonListFormat::Table => {
                    header(
                        &mut out,
                        lang,
                        &[
                            ("事项", "what"),
                            ("机关", "organ"),
                            ("填报期", "season"),
                            ("截止日期", "due"),
                            ("意见", "comment"),
                        ],
                    )?;
                    for i in &items {
                        let fields = [
                            match lang {
                                Lang::Zh => i.kind.zh().to_string(),
                                Lang::En => i.kind.en().to_string(),
                            },
                            i.organ_name.clone(),
                            format!("{} {}{}", i.season, i.region, i.year),
                            i.due.to_string(),
                            i.comment.clone().unwrap_or_default(),
                        ];
                        writeln!(out, "{}", tsv_line(&fields))?;
                    }
                }
                SeasonListFormat::Json => {
                    for i in &items {
                        json_line(
                            &mut out,
                            &json!({
                                "season": i.season,
                                "year": i.year,
                                "region": i.region,
                                "organ": i.organ,
                                "organ_name": i.organ_name,
                                "kind": i.kind.as_str(),
                                "due": i.due.to_string(),
                                "at": i.at,
                                "comment": i.comment,
                            }),
                        )?;
                    }
                }
            }
        }
    }
    Ok(ExitStatus::Success)
}

/// An office's decision, said with the organ's new state.
fn decide(
    db: &mut Db,
    by: &Scope,
    a: DecideArgs,
    decision: Decision,
    lang: Lang,
) -> Result<(), CliError> {
    let o = organ_of(db, &a.organ)?;
    let to = season::decide(db, by, a.season, o, decision, a.comment.as_deref())?;
    let name = named(db, by, a.season, o, &a.organ);
    say(
        lang,
        &Text::new(
            format!("{name} 现为「{}」", to.zh()),
            format!("{name} is now {}", to.en()),
        ),
    );
    Ok(())
}

/// An expected organ's name, for what is said of it (as given, when it cannot be found).
fn named(db: &mut Db, by: &Scope, season_id: i64, organ: i64, given: &str) -> String {
    season::board(db, by, season_id, &Filter::default(), 0)
        .ok()
        .and_then(|entries| entries.into_iter().find(|e| e.organ.id == organ))
        .map_or_else(|| given.trim().to_string(), |e| e.organ.name)
}

/// The season of this number.
fn season_of(db: &mut Db, id: i64) -> Result<Season, CliError> {
    Ok(season::get(db, id)?.ok_or(SeasonError::NoSeason(id))?)
}

/// An organ given by its number or its name (however written).
fn organ_of(db: &mut Db, organ: &str) -> Result<i64, CliError> {
    let organ = organ.trim();
    if let Ok(id) = organ.parse::<i64>() {
        return Ok(id);
    }
    Ok(gongkai_store::organ::find(db, organ)?
        .ok_or_else(|| SeasonError::NoSuchOrgan(organ.to_string()))?)
}

fn kind(s: &str) -> Result<Kind, CliError> {
    Kind::parse(s.trim()).ok_or_else(|| {
        CliError::new(
            format!("「{s}」不是机关类别：应为 government、office、department、zone 或 town"),
            format!("“{s}” is no kind of organ: government, office, department, zone or town"),
        )
    })
}

fn date(s: &str) -> Result<Date, CliError> {
    Date::parse(s).ok_or_else(|| {
        CliError::new(
            format!("「{s}」不是日期：应写作 YYYY-MM-DD，如 2025-01-31"),
            format!("“{s}” is not a date: write it YYYY-MM-DD, as 2025-01-31"),
        )
    })
}

fn state_of(s: StateArg) -> State {
    match s {
        StateArg::NotStarted => State::NotStarted,
        StateArg::Drafting => State::Drafting,
        StateArg::Submitted => State::Submitted,
        StateArg::Returned => State::Returned,
        StateArg::Approved => State::Approved,
        StateArg::Published => State::Published,
        StateArg::PublishedMismatch => State::PublishedMismatch,
    }
}

/// Each kind's deadline, in one field.
fn deadlines_shown(s: &Season, lang: Lang) -> String {
    let each: Vec<String> = KINDS
        .iter()
        .map(|k| format!("{} {}", kind_name(*k, lang), s.deadlines.of(*k)))
        .collect();
    each.join(if lang == Lang::En { ", " } else { "，" })
}

/// The warnings acknowledged with `--ack CODE=REASON`: every warning of the report with that
/// rule's code (or that signature) gets the reason.
fn acknowledgements(
    report: &gongkai_core::Report,
    acks: &[String],
    lang: Lang,
) -> Result<Vec<Acknowledgement>, CliError> {
    if acks.is_empty() {
        return Ok(Vec::new());
    }
    let findings = gongkai_check::check(report, None, &Selection::default());
    let mut out = Vec::new();
    for a in acks {
        let Some((code, reason)) = a.split_once('=') else {
            return Err(CliError::new(
                format!("--ack {a}：应写作 CODE=REASON（规则代码=理由）"),
                format!("--ack {a}: write it CODE=REASON"),
            ));
        };
        let code = code.trim();
        let before = out.len();
        for f in findings.iter().filter(|f| f.severity == Severity::Warning) {
            let signature = f.signature();
            if f.code.eq_ignore_ascii_case(code) || signature == code {
                out.push(Acknowledgement {
                    signature,
                    reason: reason.to_string(),
                });
            }
        }
        if out.len() == before {
            say(
                lang,
                &Text::new(
                    format!("报告没有 {code} 提醒，--ack {code} 不起作用"),
                    format!("the report has no warning {code}: --ack {code} does nothing"),
                ),
            );
        }
    }
    Ok(out)
}

/// A user's place from `--organ`/`--region` and `--role`.
fn membership(
    db: &mut Db,
    organ: Option<&str>,
    region: Option<&str>,
    role: Option<&str>,
) -> Result<Membership, CliError> {
    let role = role.map(str::trim).unwrap_or_default();
    match (organ, region) {
        (Some(o), None) => {
            let role = match role {
                "filer" => OrganRole::Filer,
                "approver" => OrganRole::Approver,
                _ => {
                    return Err(CliError::new(
                        "--organ 的 --role 应为 filer（填报人）或 approver（机关审核人）",
                        "--organ takes --role filer or approver",
                    ))
                }
            };
            Ok(Membership::Organ {
                organ: organ_of(db, o)?,
                role,
            })
        }
        (None, Some(r)) => {
            let role =
                match role {
                    "reviewer" => OfficeRole::Reviewer,
                    "office_admin" => OfficeRole::OfficeAdmin,
                    _ => return Err(CliError::new(
                        "--region 的 --role 应为 reviewer（审核人）或 office_admin（办公室管理员）",
                        "--region takes --role reviewer or office_admin",
                    )),
                };
            Ok(Membership::Office {
                region: r.trim().to_string(),
                role,
            })
        }
        _ => Err(CliError::new(
            "请给出 --organ 或 --region（及 --role），或 --clear",
            "give --organ or --region (with --role), or --clear",
        )),
    }
}

/// Refuses, before any work, an output that cannot be written: a file of the wrong extension
/// or one already there (without `--force`), a workbook to a terminal.
fn check_out(out: &SheetOut) -> Result<(), CliError> {
    match &out.output {
        Some(path) => destination(path, extensions(out.format), Replace::forced(out.force)),
        None if out.format == SheetFormat::Xlsx && std::io::stdout().is_terminal() => {
            Err(CliError::new(
                "不向终端输出 XLSX：请用 -o 指定文件，或重定向标准输出",
                "an XLSX workbook is not written to a terminal: give -o FILE, or redirect \
                 standard output",
            ))
        }
        None => Ok(()),
    }
}

fn extensions(format: SheetFormat) -> &'static [&'static str] {
    match format {
        SheetFormat::Table => &["tsv", "txt"],
        SheetFormat::Json => &["json", "jsonl", "ndjson"],
        SheetFormat::Csv => &["csv"],
        SheetFormat::Xlsx => &["xlsx"],
    }
}

/// Writes a sheet in the format asked for, to its file or standard output.
fn emit(
    out: &SheetOut,
    sheet: &Sheet,
    json: impl FnOnce() -> Vec<u8>,
    lang: Lang,
) -> Result<(), CliError> {
    let bytes = match out.format {
        SheetFormat::Table => {
            let mut t = String::new();
            for row in std::iter::once(&sheet.header).chain(&sheet.rows) {
                t += &tsv_line(row);
                t += "\n";
            }
            t.into_bytes()
        }
        SheetFormat::Json => json(),
        SheetFormat::Csv => sheet.csv(),
        SheetFormat::Xlsx => sheet.xlsx().map_err(|e| {
            CliError::new(
                format!("无法生成工作簿：{e}"),
                format!("cannot make the workbook: {e}"),
            )
        })?,
    };
    match &out.output {
        Some(path) => {
            write_atomic(path, &bytes, Replace::forced(out.force))?;
            say(lang, &written(path));
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&bytes)?;
            stdout.flush()?;
        }
    }
    Ok(())
}

/// Fields on one tab-separated line, their own tabs and line breaks made spaces.
fn tsv_line(fields: &[String]) -> String {
    let clean: Vec<String> = fields
        .iter()
        .map(|f| f.replace(['\t', '\r', '\n'], " "))
        .collect();
    clean.join("\t")
}
