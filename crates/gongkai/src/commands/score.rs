//! `gongkai score`: an evaluation pack applied to a region's organs for a year — each organ's
//! points per item and total, or one organ's items with their evidence.

use crate::args::{ScoreArgs, ScoreFormat};
use crate::atomic::{destination, write_atomic, Replace};
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::output::{json_line, say, written};
use crate::store;
use gongkai_check::score::{self, Sheet};
use gongkai_core::Lang;
use gongkai_render::sheet as table;
use gongkai_store::scope::Scope;
use std::io::{IsTerminal, Write};

pub fn run(args: ScoreArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    let file = args.pack.display().to_string();
    let text = std::fs::read(&args.pack).map_err(|e| {
        CliError::new(
            format!("无法读取 {file}：{e}"),
            format!("cannot read {file}: {e}"),
        )
    })?;
    let text = String::from_utf8(text).map_err(|_| {
        CliError::new(
            format!("{file}：不是 UTF-8 文本"),
            format!("{file}: not UTF-8 text"),
        )
    })?;
    let pack = score::parse(&file, &text)?;
    check_out(&args)?;
    let mut db = store::open(&args.db.db)?;
    let organs =
        gongkai_store::score::organs(&mut db, &Scope::command_line(), &args.region, args.year)?;
    let mut sheet = score::score(&pack, &args.region, args.year, &organs);
    if let Some(name) = &args.organ {
        let key = gongkai_store::organ::key(name);
        sheet
            .organs
            .retain(|o| gongkai_store::organ::key(&o.organ) == key);
        if sheet.organs.is_empty() {
            return Err(CliError::new(
                format!("「{}」没有「{name}」这个机关", args.region),
                format!("no organ {name} in {}", args.region),
            ));
        }
    }
    let lang = cx.lang;
    let [scores, evidence] = table::score_tables(&sheet, lang, "");
    let bytes = match args.format {
        ScoreFormat::Text if args.organ.is_some() => detail(&sheet, lang).into_bytes(),
        ScoreFormat::Text => overview(&sheet, lang).into_bytes(),
        ScoreFormat::Json => {
            let mut out = Vec::new();
            json_line(&mut out, &sheet)?;
            out
        }
        ScoreFormat::Csv if args.organ.is_some() => evidence.csv(),
        ScoreFormat::Csv => scores.csv(),
        ScoreFormat::Xlsx => table::workbook(&[scores, evidence]).map_err(|e| {
            CliError::new(
                format!("无法生成工作簿：{e}"),
                format!("cannot make the workbook: {e}"),
            )
        })?,
    };
    match &args.output {
        Some(path) => {
            write_atomic(path, &bytes, Replace::forced(args.force))?;
            say(lang, &written(path));
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&bytes)?;
            stdout.flush()?;
        }
    }
    Ok(ExitStatus::Success)
}

/// Refuses, before any work, an output that cannot be written: a file of the wrong extension
/// or one already there (without `--force`), a workbook to a terminal.
fn check_out(args: &ScoreArgs) -> Result<(), CliError> {
    let extensions: &[&str] = match args.format {
        ScoreFormat::Text => &["txt", "tsv"],
        ScoreFormat::Json => &["json", "jsonl"],
        ScoreFormat::Csv => &["csv"],
        ScoreFormat::Xlsx => &["xlsx"],
    };
    match &args.output {
        Some(path) => destination(path, extensions, Replace::forced(args.force)),
        None if args.format == ScoreFormat::Xlsx && std::io::stdout().is_terminal() => {
            Err(CliError::new(
                "不向终端输出 XLSX：请用 -o 指定文件，或重定向标准输出",
                "an XLSX workbook is not written to a terminal: give -o FILE, or redirect \
                 standard output",
            ))
        }
        None => Ok(()),
    }
}

fn heading(sheet: &Sheet, lang: Lang) -> String {
    let name = sheet.pack.name.of(lang);
    let (v, region, year, full) = (&sheet.pack.version, &sheet.region, sheet.year, sheet.full);
    if lang.is_english() {
        format!("{name} {v}: {region}, reports on {year}, full marks {full}\n")
    } else {
        format!("{name} {v}：{region} {year} 年度报告，满分 {full}\n")
    }
}

/// The heading, then the scores a line each, tab-separated.
fn overview(sheet: &Sheet, lang: Lang) -> String {
    let (header, rows) = score::rows(sheet, lang);
    let mut out = heading(sheet, lang);
    for row in std::iter::once(&header).chain(&rows) {
        out += &row.join("\t").replace(['\r', '\n'], " ");
        out += "\n";
    }
    out
}

/// Each organ's total, then each item with its points, how it came to them and the
/// evidence, indented.
fn detail(sheet: &Sheet, lang: Lang) -> String {
    let mut out = heading(sheet, lang);
    for o in &sheet.organs {
        out += &format!("\n{}  {} / {}\n", o.organ, o.total, sheet.full);
        for (head, item) in sheet.pack.items.iter().zip(&o.items) {
            out += &format!(
                "  {} {}  {} / {}  {}\n",
                head.id,
                head.title.of(lang),
                item.earned,
                item.full,
                item.outcome.said(lang)
            );
            for e in &item.evidence {
                out += &format!("    {}\n", e.text.of(lang).replace('\n', " "));
                if !e.cells.is_empty() {
                    let cells: Vec<String> = e
                        .cells
                        .iter()
                        .map(|(k, v)| format!("{k}={}", v.as_deref().unwrap_or("-")))
                        .collect();
                    out += &format!("      {}\n", cells.join(" "));
                }
            }
        }
    }
    out
}
