//! `gongkai missing`: the organs that filed in another year but not in this one.

use crate::args::MissingArgs;
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::output::{header, say};
use crate::store;
use gongkai_check::Text;
use gongkai_store::query;
use std::io::Write;

/// Each organ with no report for the year, with the last year it filed.
pub fn run(args: MissingArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    let mut db = store::open(&args.db.db)?;
    let rows = query::missing(&mut db, args.year, args.region.as_deref())?;
    let mut out = std::io::stdout().lock();
    let columns = [
        ("机关", "organ"),
        ("地区", "place"),
        ("最近报送年度", "last year filed"),
    ];
    let written = header(&mut out, cx.lang, &columns)
        .and_then(|()| {
            rows.iter().try_for_each(|m| {
                writeln!(
                    out,
                    "{}\t{}\t{}",
                    m.organ,
                    m.place.as_deref().unwrap_or_default(),
                    m.last
                )
            })
        })
        .and_then(|()| out.flush());
    // The count is said even when the list could not all be written.
    say(
        cx.lang,
        &Text::new(
            format!("{} 个机关没有 {} 年度的报告", rows.len(), args.year),
            format!("{} organs have no report for {}", rows.len(), args.year),
        ),
    );
    written?;
    Ok(ExitStatus::Success)
}
