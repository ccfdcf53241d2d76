//! `gongkai check`: the rule catalogue run over reports, with last year's report for the rules
//! across years and a corpus store for the peers; `--explain` shows one rule.

use crate::args::{CheckArgs, CheckFormat, ColorWhen};
use crate::config;
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::input::{expand, read_input, read_report};
use crate::output::{json_line, say, say_error};
use crate::store;
use gongkai_check::diagnostic::{self, Source, Tally};
use gongkai_check::{Severity, Text};
use gongkai_core::Lang;
use gongkai_store::peers;
use rayon::prelude::*;
use std::io::{self, Write};

/// The deadlines file of `--deadlines` (gongkai_check's `Deadlines` describes it).
fn deadlines(path: &std::path::Path) -> Result<gongkai_check::Deadlines, CliError> {
    let shown = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::new(
            format!("无法读取截止日期文件 {shown}：{e}"),
            format!("cannot read the deadlines file {shown}: {e}"),
        )
    })?;
    gongkai_check::Deadlines::parse(&text)
        .map_err(|e| CliError::new(format!("{shown}：{}", e.zh), format!("{shown}: {}", e.en)))
}

pub fn run(args: CheckArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    if let Some(code) = &args.explain {
        return explain(code, cx.lang);
    }
    let settings = config::check_settings(&args)?;
    let files = expand(&args.files)?;
    if args.previous.is_some() && files.len() != 1 {
        return Err(CliError::new(
            "--previous 只能与一份报告比较：请只给出一个 FILE",
            "--previous compares one report with last year's: give exactly one FILE",
        ));
    }
    let limits = &cx.limits;
    let previous = match &args.previous {
        Some(file) => Some(read_report(file, limits)?),
        None => None,
    };
    let deadlines = args.deadlines.as_deref().map(deadlines).transpose()?;
    let mut db = args.db.as_deref().map(store::open).transpose()?;
    let mut cache = peers::Cache::default();
    let p101 = settings
        .selection
        .enabled(gongkai_check::rule("P101").expect("P101"));
    let stdout = io::stdout();
    let mut out = anstream::AutoStream::new(stdout.lock(), color(args.color));
    let mut status = ExitStatus::Success;
    let mut tally = Tally::default();
    // Files are read a chunk at a time on every core, and reported in order as each chunk is
    // done: a folder of thousands holds a chunk in memory, not all.
    let readings = files.chunks(READ_AHEAD).flat_map(|chunk| {
        let read: Vec<_> = chunk
            .par_iter()
            .map(|file| {
                read_input(file, limits).and_then(|b| gongkai_read::read_with(file, &b, limits))
            })
            .collect();
        chunk.iter().zip(read)
    });
    for (file, read) in readings {
        let (report, lines) = match read {
            Ok(r) => (r.report, r.lines),
            Err(e) => {
                let _ = out.flush();
                say_error(cx.lang, e.into());
                tally.unreadable();
                status = ExitStatus::Failure;
                continue;
            }
        };
        if let Some(gap) = previous
            .as_ref()
            .and_then(|p| gongkai_check::years::not_last_year(&report, p))
        {
            let _ = out.flush();
            say(cx.lang, &gap);
            status = ExitStatus::Failure;
            continue;
        }
        let peers = match &mut db {
            Some(db) => cache.peers(db, &report)?,
            None => None,
        };
        if db.is_some() && peers.is_none() && p101 {
            let _ = out.flush();
            say(
                cx.lang,
                &Text::new(
                    format!("{file}: 无法确定机关层级或年度，未与同级机关比较（P101）"),
                    format!(
                        "{file}: the organ's level or the year is not known: \
                         not compared with peers (P101)"
                    ),
                ),
            );
        }
        let findings = gongkai_check::check_in(
            &report,
            previous.as_ref(),
            peers,
            deadlines.as_ref(),
            &settings.selection,
        );
        tally.add(&findings);
        let failed = findings.iter().any(|f| {
            f.severity == Severity::Error
                || (settings.deny_warnings && f.severity == Severity::Warning)
        });
        if failed && status == ExitStatus::Success {
            status = ExitStatus::Findings;
        }
        let lang = cx.lang;
        match args.format {
            CheckFormat::Json => json_line(
                &mut out,
                &gongkai_check::json::Report::new(&report, &findings, lang),
            ),
            CheckFormat::Concise => {
                diagnostic::write_findings_concise(&mut out, file, &report, &findings, lang)
            }
            CheckFormat::Human => {
                let source = Source::new(lines);
                diagnostic::write_findings(&mut out, file, &report, Some(&source), &findings, lang)
            }
        }
        .map_err(|e| CliError::output(e, status))?;
    }
    if files.len() > 1 && args.format != CheckFormat::Json {
        diagnostic::write_tally(&mut out, &tally, cx.lang)
            .map_err(|e| CliError::output(e, status))?;
    }
    out.flush().map_err(|e| CliError::output(e, status))?;
    Ok(status)
}

/// How many files are read at once before they are reported.
const READ_AHEAD: usize = 64;

fn color(when: ColorWhen) -> anstream::ColorChoice {
    match when {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    }
}

/// `--explain CODE`: the rule's explanation.
fn explain(code: &str, lang: Lang) -> Result<ExitStatus, CliError> {
    let Some(rule) = gongkai_check::rule(code) else {
        return Err(CliError::new(
            format!("没有代码为「{code}」的规则；见 `gongkai rules`"),
            format!("no rule has the code “{code}”; see `gongkai rules`"),
        ));
    };
    let severity = if lang.is_english() {
        rule.severity.as_str()
    } else {
        rule.severity.name_zh()
    };
    let text = rule.explanation(lang);
    let body = text.split_once('\n').map_or("", |(_, b)| b);
    let mut out = io::stdout().lock();
    writeln!(out, "{} ({}) · {severity}", rule.code, rule.name)?;
    writeln!(out, "{}", rule.title(lang))?;
    writeln!(out, "{body}")?;
    Ok(ExitStatus::Success)
}
