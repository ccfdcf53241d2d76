//! `gongkai stats`: disclosure and review correction rates by year, organ or place.

use crate::args::{StatsArgs, StatsBy};
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::store;
use gongkai_store::query;
use std::io::Write;

pub fn run(args: StatsArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    let mut db = store::open(&args.db.db)?;
    let by = match args.by {
        StatsBy::Year => query::By::Year,
        StatsBy::Organ => query::By::Organ,
        StatsBy::Region => query::By::Place,
    };
    let rows = query::stats(&mut db, by, &Default::default())?;
    let pct = |r: Option<f64>| r.map_or("—".to_string(), |r| format!("{:.1}%", r * 100.0));
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}",
        if cx.english() {
            "group\tyear\treports\treceived\tdisclosure rate\treview correction rate"
        } else {
            "分组\t年度\t报告数\t新收申请\t公开率\t复议纠错率"
        }
    )?;
    for s in rows {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}",
            s.group,
            s.year,
            s.reports,
            s.received,
            pct(s.disclosure_rate),
            pct(s.correction_rate)
        )?;
    }
    Ok(ExitStatus::Success)
}
