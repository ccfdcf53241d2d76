//! `gongkai render`: a report written as DOCX, XLSX, HTML, Markdown or CSV.

use crate::args::{RenderArgs, To};
use crate::atomic::{destination, write_atomic, Replace};
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::input::read_input;
use crate::output::{say, written};
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

/// The names a file of the format may end in.
fn extensions(target: Target) -> &'static [&'static str] {
    match target {
        Target::Docx => &["docx"],
        Target::Xlsx => &["xlsx"],
        Target::Html => &["html", "htm"],
        Target::Md => &["md", "markdown"],
        Target::Csv => &["csv"],
    }
}

pub fn run(args: RenderArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    let bytes = read_input(&args.input, &cx.limits)?;
    // A model or cells JSON is read as any other form (gongkai_read tells them apart).
    let report = gongkai_read::read_with(&args.input, &bytes, &cx.limits)?.report;
    let target = target(args.to);
    let replace = Replace::forced(args.force);
    if let Some(path) = &args.output {
        destination(path, extensions(target), replace)?;
    }
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
            destination(&p, extensions(target), replace)?;
            p
        }
    };
    write_atomic(&path, &out, replace)?;
    say(cx.lang, &written(&path));
    Ok(ExitStatus::Success)
}
