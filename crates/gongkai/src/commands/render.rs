//! `gongkai render`: a report written as DOCX, XLSX, HTML, Markdown or CSV.

use crate::args::{RenderArgs, To};
use crate::atomic::write_atomic;
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::input::read_input;
use gongkai_render::Target;
use std::io::Write;
use std::path::Path;

fn target(to: To) -> Target {
    match to {
        To::Docx => Target::Docx,
        To::Xlsx => Target::Xlsx,
        To::Html => Target::Html,
        To::Md => Target::Md,
        To::Csv => Target::Csv,
    }
}

pub fn run(args: RenderArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    let bytes = read_input(&args.input, &cx.limits)?;
    // A model or cells JSON is read as any other form (gongkai_read tells them apart).
    let report = gongkai_read::read_with(&args.input, &bytes, &cx.limits)?.report;
    let target = target(args.to);
    let out = gongkai_render::render(&report, target).map_err(|e| {
        CliError::new(
            format!("{}：无法写成 {}：{e}", args.input, target.extension()),
            format!(
                "{}: cannot be written as {}: {e}",
                args.input,
                target.extension()
            ),
        )
    })?;
    let binary = matches!(target, Target::Docx | Target::Xlsx);
    let path = match (&args.output, binary) {
        (Some(p), _) => p.clone(),
        (None, false) => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(&out)
                .and_then(|_| stdout.flush())
                .map_err(CliError::writing_stdout)?;
            return Ok(ExitStatus::Success);
        }
        (None, true) => {
            let p = Path::new(&args.input).with_extension(target.extension());
            if p == Path::new(&args.input) || args.input == "-" {
                return Err(CliError::new(
                    "请用 -o 指定输出文件",
                    "name the output file with -o",
                ));
            }
            p
        }
    };
    write_atomic(&path, &out).map_err(|e| CliError::writing(&path, e))?;
    Ok(ExitStatus::Success)
}
