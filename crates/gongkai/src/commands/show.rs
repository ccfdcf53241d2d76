//! `gongkai show`: an organ's report for a year from the store, with its stored findings.

use crate::args::{ShowArgs, ShowFormat};
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::output;
use crate::store;
use gongkai_store::query;
use std::io::Write;

pub fn run(args: ShowArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    let mut db = store::open(&args.db.db)?;
    let Some(report) = query::report(&mut db, &args.organ, args.year)? else {
        return Err(store::no_report(&mut db, &args.organ, args.year));
    };
    let mut out = std::io::stdout().lock();
    output::report(&mut out, &report, args.format, cx.lang)?;
    let (ShowFormat::Table, Some(year)) = (args.format, report.year) else {
        return Ok(ExitStatus::Success);
    };
    let findings = gongkai_store::findings::of(&mut db, &args.organ, year.into())?;
    let english = cx.english();
    writeln!(
        out,
        "\n{}",
        if english {
            format!("{} findings stored with this report:", findings.len())
        } else {
            format!("库中这份报告的核对结果（{} 条）：", findings.len())
        }
    )?;
    for f in &findings {
        let place = match (f.page, f.line) {
            (Some(p), _) if english => format!(" (page {p})"),
            (Some(p), _) => format!("（第 {p} 页）"),
            (None, Some(l)) if english => format!(" (line {l})"),
            (None, Some(l)) => format!("（第 {l} 行）"),
            (None, None) => String::new(),
        };
        let message = f.message.get(english);
        writeln!(out, "{} [{}] {message}{place}", f.code, f.severity)?;
    }
    Ok(ExitStatus::Success)
}
