//! `gongkai rollup`: a region's reports for a year added up into one.

use crate::args::RollupArgs;
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::output;
use crate::store;
use gongkai_store::query;

pub fn run(args: RollupArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    let mut db = store::open(&args.db.db)?;
    let Some((report, _)) = query::rollup(&mut db, &args.region, args.year)? else {
        return Err(CliError::new(
            format!("数据库中没有「{}」{} 年度的报告", args.region, args.year),
            format!(
                "no report of {} for {} in the store",
                args.region, args.year
            ),
        ));
    };
    output::report(&mut std::io::stdout().lock(), &report, args.format, cx.lang)?;
    Ok(ExitStatus::Success)
}
