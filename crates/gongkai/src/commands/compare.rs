//! `gongkai compare`: one organ's two years side by side, the cells that changed, then the
//! rules across years.

use crate::args::CompareArgs;
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::output::header;
use crate::store;
use gongkai_check::Severity;
use gongkai_store::query;
use std::io::Write;

pub fn run(args: CompareArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    let [before, after] = args.years[..] else {
        return Err(CliError::new(
            "--years 需要两个年度，如 2022,2023",
            "--years takes two years: 2022,2023",
        ));
    };
    let mut db = store::open(&args.db.db)?;
    let mut load = |year: i64| -> Result<gongkai_core::Report, CliError> {
        match query::report(&mut db, &args.organ, Some(year))? {
            Some(r) => Ok(r),
            None => Err(store::no_report(&mut db, &args.organ, Some(year))),
        }
    };
    // Both years are looked for, so that both are named when neither is there.
    let (previous, current) = match (load(before), load(after)) {
        (Ok(p), Ok(c)) => (p, c),
        (Err(a), Err(b)) => return Err(a.and(b)),
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let comparison = gongkai_check::years::compare(&previous, &current);
    let errors = comparison
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    let status = if errors {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    };
    let english = cx.english();
    let mut out = std::io::stdout().lock();
    let mut write = || -> std::io::Result<()> {
        header(
            &mut out,
            cx.lang,
            &[
                ("单元格", "cell"),
                ("前一年度", "earlier"),
                ("后一年度", "later"),
                ("行", "row"),
            ],
        )?;
        for c in &comparison.changed {
            writeln!(out, "{}\t{}\t{}\t{}", c.key, c.before, c.after, c.label)?;
        }
        let changed = comparison.changed.len();
        writeln!(
            out,
            "{}",
            if english {
                format!("{changed} cells changed from {before} to {after}")
            } else {
                format!("{before} 年到 {after} 年有 {changed} 个单元格不同")
            }
        )?;
        if let Some(why) = &comparison.skipped {
            writeln!(out, "{}", why.of(cx.lang))?;
        }
        for f in &comparison.findings {
            writeln!(
                out,
                "{} [{}] {}",
                f.code,
                f.severity,
                f.message.get(english)
            )?;
        }
        Ok(())
    };
    write().map_err(|e| CliError::output(e, status))?;
    Ok(status)
}
