//! `gongkai parse`: reports read and printed as tables, cells or the whole model.

use crate::args::{Format, ParseArgs};
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::input::read_report;
use crate::output::{json_line, say_error};
use gongkai_render::terminal::tables;
use std::io::{self, Write};

pub fn run(args: ParseArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut status = ExitStatus::Success;
    let files = crate::input::expand(&args.files)?;
    for (i, file) in files.iter().enumerate() {
        let report = match read_report(file, &cx.limits) {
            Ok(r) => r,
            Err(e) => {
                status = ExitStatus::Failure;
                let _ = out.flush();
                say_error(cx.lang, e.into());
                continue;
            }
        };
        match args.format {
            Format::Json => json_line(&mut out, &report)?,
            Format::Cells => json_line(&mut out, &report.cells_view())?,
            Format::Table => {
                if i > 0 {
                    writeln!(out)?;
                }
                tables(&mut out, &report, cx.lang)?
            }
        }
    }
    out.flush()?;
    Ok(status)
}
