//! `gongkai ls`: the reports in the store, with their versions and findings.

use crate::args::LsArgs;
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::output::header;
use crate::store;
use gongkai_store::query;
use std::io::Write;

pub fn run(args: LsArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    let mut db = store::open(&args.db.db)?;
    let rows = query::list(&mut db, args.year)?;
    let mut out = std::io::stdout().lock();
    header(
        &mut out,
        cx.lang,
        &[
            ("机关", "organ"),
            ("地区", "place"),
            ("年度", "year"),
            ("版本", "version"),
            ("错误", "errors"),
            ("警告", "warnings"),
            ("提示", "info"),
        ],
    )?;
    for r in rows {
        writeln!(
            out,
            "{}\t{}\t{}\tv{}\t{}\t{}\t{}",
            r.organ,
            r.place.unwrap_or_default(),
            r.year,
            r.version,
            r.errors,
            r.warnings,
            r.infos
        )?;
    }
    Ok(ExitStatus::Success)
}
