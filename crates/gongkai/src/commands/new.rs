//! `gongkai new`: a fill-in workbook for a year's report.

use crate::args::NewArgs;
use crate::atomic::{destination, write_atomic, Replace};
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::input::read_report;
use crate::output::{say, written};
use gongkai_core::template::SECTIONS;
use gongkai_core::{Blank, Report, Section, Span, Template, Value, Version};

pub fn run(args: NewArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    if !(2019..=2100).contains(&args.year) {
        return Err(CliError::new(
            format!(
                "年度 {} 不在 2019 年以后的范围内（更早的报告没有统一格式）",
                args.year
            ),
            format!(
                "the year {} is not 2019 or later (earlier reports have no common format)",
                args.year
            ),
        ));
    }
    let replace = Replace::forced(args.force);
    destination(&args.output, &["xlsx"], replace)?;
    let previous = match &args.previous {
        Some(file) => Some(read_report(file, &cx.limits)?),
        None => None,
    };
    if let Some(previous) = &previous {
        // The form is the organ's report of the year: what it carries over must be its own
        // report of the year before.
        let form = args.output.display().to_string();
        let why = gongkai_check::years::not_last_year_of(
            &form,
            Some(&args.agency),
            Some(args.year),
            previous,
        );
        if let Some(why) = why {
            return Err(CliError::Failed(vec![why]));
        }
    }
    let report = blank_report(&args.agency, args.year, previous.as_ref());
    let bytes = gongkai_render::xlsx::render(&report, true).map_err(|e| {
        CliError::new(
            format!("无法生成工作簿：{e}"),
            format!("cannot make the workbook: {e}"),
        )
    })?;
    write_atomic(&args.output, &bytes, replace)?;
    say(cx.lang, &written(&args.output));
    Ok(ExitStatus::Success)
}

/// The empty report of a fill-in form: every cell blank but last year's carry-over.
fn blank_report(agency: &str, year: i32, previous: Option<&Report>) -> Report {
    let version = Version::for_year(year);
    let cells = Template::get(version).required_cells().map(|c| {
        let carried = c
            .key
            .strip_prefix("t3.carried_over.")
            .and_then(|col| previous?.value(&format!("t3.carried_forward.{col}")));
        (c.key.clone(), carried.unwrap_or(Value::Blank(Blank::Empty)))
    });
    let mut r = Report::from_cells(
        "form",
        Some(agency.to_string()),
        Some(year),
        version,
        cells.collect::<Vec<_>>(),
    );
    r.title = Some(format!("{agency}{year}年政府信息公开工作年度报告"));
    r.sections = SECTIONS
        .iter()
        .map(|s| Section {
            number: s.number,
            heading: s.label.text.to_string(),
            body: String::new(),
            lines: Vec::new(),
            parts: Vec::new(),
            at: Span::default(),
        })
        .collect();
    r
}
