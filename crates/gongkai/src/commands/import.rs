//! `gongkai import`: files and folders of reports into the corpus store, and the regions their
//! places belong to.

use crate::args::ImportArgs;
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::output::say;
use crate::store;
use gongkai_check::Text;
use gongkai_core::date::Date;
use gongkai_core::printable;
use gongkai_store::import::Given;
use gongkai_store::{query, Outcome};
use std::io::{IsTerminal, Write};
use std::time::Instant;

/// The publication dates given with `--published` (for one file) or `--dates`.
fn given(args: &ImportArgs, paths: &[std::path::PathBuf]) -> Result<Given, CliError> {
    if let Some(date) = &args.published {
        let Some(date) = Date::parse(date) else {
            return Err(CliError::new(
                format!("--published「{date}」不是日期：应写作 YYYY-MM-DD，如 2024-01-25"),
                format!("--published “{date}” is not a date: write it YYYY-MM-DD, as 2024-01-25"),
            ));
        };
        let [path] = paths else {
            return Err(CliError::new(
                "--published 是一份报告的发布日期：请只导入一个文件，多个文件用 --dates",
                "--published dates one report: import one file, or give many dates with --dates",
            ));
        };
        return Ok(Given::one(path, date));
    }
    let Some(file) = &args.dates else {
        return Ok(Given::default());
    };
    let shown = file.display();
    let text = std::fs::read_to_string(file).map_err(|e| {
        CliError::new(
            format!("无法读取日期文件 {shown}：{e}"),
            format!("cannot read the dates file {shown}: {e}"),
        )
    })?;
    Given::parse(&text)
        .map_err(|e| CliError::new(format!("{shown}：{}", e.zh), format!("{shown}: {}", e.en)))
}

pub fn run(args: ImportArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    let mut db = store::create(&args.db.db)?;
    if let Some(path) = &args.regions {
        let text = std::fs::read_to_string(path)
            .map_err(|e| gongkai_store::DbError(format!("{}: {e}", path.display())))?;
        let n = query::load_regions(&mut db, &text)?;
        say(
            cx.lang,
            &Text::new(
                format!("已载入 {n} 个地区的上级"),
                format!("{n} places placed under their regions"),
            ),
        );
        if args.paths.is_empty() {
            return Ok(ExitStatus::Success);
        }
    }
    let started = Instant::now();
    let terminal = std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize| {
        if !terminal {
            return;
        }
        let secs = started.elapsed().as_secs_f64().max(1e-3);
        let rate = done as f64 / secs;
        let eta = (total - done) as f64 / rate.max(1e-3);
        eprint!("\r{done}/{total}  {rate:.0}/s  ETA {eta:.0}s   ");
    };
    let named: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    let paths: Vec<std::path::PathBuf> = crate::input::expand(&named)?
        .into_iter()
        .map(Into::into)
        .collect();
    let given = given(&args, &paths)?;
    let summary = gongkai_store::import::import_dated(&mut db, &paths, &given, progress)?;
    if terminal {
        eprintln!();
    }
    let count = |f: fn(&Outcome) -> bool| summary.count(f);
    let (imported, unchanged, replaced, failed) = (
        count(|o| *o == Outcome::Imported),
        count(|o| *o == Outcome::Unchanged),
        count(|o| *o == Outcome::Replaced),
        count(|o| matches!(o, Outcome::Failed(_))),
    );
    for (path, o) in &summary.files {
        if let Outcome::Failed(why) = o {
            let why = why.get(cx.english());
            // The reader's messages name the file already.
            let file = path.display().to_string();
            if why.starts_with(&file) {
                eprintln!("gongkai: {}", printable(why));
            } else {
                eprintln!("gongkai: {}: {}", printable(&file), printable(why));
            }
        }
    }
    let status = if failed > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    };
    let secs = started.elapsed().as_secs_f64();
    let (groups, outliers) = summary.peers;
    let counts = Text::new(
        format!(
            "导入 {imported} 份，未变 {unchanged} 份，新版本 {replaced} 份，\
             失败 {failed} 份（{secs:.1} 秒）"
        ),
        format!(
            "{imported} imported, {unchanged} unchanged, {replaced} new versions, \
             {failed} failed ({secs:.1} s)"
        ),
    );
    let compared = Text::new(
        format!("重新比较了 {groups} 组同级机关：{outliers} 个异常值（P101）"),
        format!("{groups} peer groups compared again: {outliers} outliers (P101)"),
    );
    let english = cx.english();
    let mut out = std::io::stdout().lock();
    let written = writeln!(out, "{}", counts.get(english)).and_then(|()| match groups {
        0 => Ok(()),
        _ => writeln!(out, "{}", compared.get(english)),
    });
    written.map_err(|e| CliError::output(e, status))?;
    Ok(status)
}
