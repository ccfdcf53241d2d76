//! `gongkai compare`: one organ's two years side by side — from the store or from two files —
//! as the cells that changed and the rules across years on the terminal, or as the comparison
//! report (DOCX, HTML); and a region's organs in one run, a document each and a summary
//! workbook.

use crate::args::{CompareArgs, CompareTo};
use crate::atomic::{destination, write_atomic, Replace};
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::input::read_report;
use crate::output::{header, say, written};
use crate::store;
use gongkai_check::year_on_year::{self, YearOnYear};
use gongkai_check::Severity;
use gongkai_core::{Lang, Report};
use gongkai_render::comparison;
use gongkai_store::{query, Db};
use std::io::Write;
use std::path::PathBuf;

pub fn run(args: CompareArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    if let Some(region) = &args.region {
        return batch(&args, region, cx);
    }
    let (previous, current) = match &args.what[..] {
        [organ] => {
            let years = years(&args.years)?;
            let mut db = store::open(&args.db.db)?;
            two_years(&mut db, organ, years)?
        }
        [before, after] => {
            if !args.years.is_empty() {
                return Err(CliError::new(
                    "比较两个文件时不用 --years：年度取自文件",
                    "--years is not used with two files: their years are their own",
                ));
            }
            both(
                read_report(before, &cx.limits).map_err(CliError::from),
                read_report(after, &cx.limits).map_err(CliError::from),
            )?
        }
        _ => usage()?,
    };
    let compared = year_on_year::compare(&previous, &current);
    let status = status(&compared);
    match args.to {
        None => print(&compared, cx).map_err(|e| CliError::output(e, status))?,
        Some(to) => {
            let replace = Replace::forced(args.force);
            let bytes = document(&compared, to, cx.lang);
            match &args.output {
                Some(path) => {
                    destination(path, extensions(to), replace)?;
                    write_atomic(path, &bytes, replace)?;
                    say(cx.lang, &written(path));
                }
                None if to == CompareTo::Html => {
                    let mut stdout = std::io::stdout().lock();
                    stdout
                        .write_all(&bytes)
                        .and_then(|_| stdout.flush())
                        .map_err(CliError::writing_stdout)?;
                }
                None => {
                    return Err(CliError::new(
                        "请用 -o 指定输出的 DOCX 文件",
                        "name the DOCX file to write with -o",
                    ))
                }
            }
        }
    }
    Ok(status)
}

/// What to compare, when neither one organ nor two files were named (clap lets one or two
/// names through, so this is said only if that changes).
fn usage<T>() -> Result<T, CliError> {
    Err(CliError::new(
        "请给出一个机关名称，或两个报告文件",
        "name one organ, or two report files",
    ))
}

fn years(years: &[i64]) -> Result<[i64; 2], CliError> {
    match years {
        [a, b] if a < b => Ok([*a, *b]),
        [a, b] => Err(CliError::new(
            format!("--years {a},{b}：前一年度应早于后一年度"),
            format!("--years {a},{b}: the earlier year comes first"),
        )),
        _ => Err(CliError::new(
            "--years 需要两个年度，如 2022,2023",
            "--years takes two years: 2022,2023",
        )),
    }
}

/// Both results, or every error of the two (both years are named when neither is there).
fn both<T>(a: Result<T, CliError>, b: Result<T, CliError>) -> Result<(T, T), CliError> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(a), Err(b)) => Err(a.and(b)),
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

fn two_years(db: &mut Db, organ: &str, [a, b]: [i64; 2]) -> Result<(Report, Report), CliError> {
    let mut load = |year: i64| -> Result<Report, CliError> {
        match query::report(db, organ, Some(year))? {
            Some(r) => Ok(r),
            None => Err(store::no_report(db, organ, Some(year))),
        }
    };
    let before = load(a);
    both(before, load(b))
}

/// 1 when a year's report or the two together have an error-severity finding, as `check`.
fn status(c: &YearOnYear) -> ExitStatus {
    let errors = [&c.before.findings, &c.after.findings, &c.across.findings]
        .iter()
        .flat_map(|f| f.iter())
        .any(|f| f.severity == Severity::Error);
    if errors {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    }
}

fn document(c: &YearOnYear, to: CompareTo, lang: Lang) -> Vec<u8> {
    match to {
        CompareTo::Docx => gongkai_render::docx::comparison::render(c, lang),
        CompareTo::Html => comparison::html(c, lang).into_bytes(),
    }
}

fn extensions(to: CompareTo) -> &'static [&'static str] {
    match to {
        CompareTo::Docx => &["docx"],
        CompareTo::Html => &["html", "htm"],
    }
}

/// The changed cells, then the rules across years: what `compare` has always printed.
fn print(c: &YearOnYear, cx: &Context) -> std::io::Result<()> {
    let english = cx.english();
    let (before, after) = (c.before.label(), c.after.label());
    let mut out = std::io::stdout().lock();
    header(
        &mut out,
        cx.lang,
        &[
            ("单元格", "cell"),
            ("前一年度", "earlier"),
            ("后一年度", "later"),
            ("行", "row"),
        ],
    )?;
    for change in &c.across.changed {
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            change.key, change.before, change.after, change.label
        )?;
    }
    let changed = c.changed();
    if english {
        writeln!(out, "{changed} cells changed from {before} to {after}")?;
    } else {
        writeln!(out, "{before} 年到 {after} 年有 {changed} 个单元格不同")?;
    }
    if let Some(why) = &c.across.skipped {
        writeln!(out, "{}", why.of(cx.lang))?;
    }
    for f in &c.across.findings {
        writeln!(
            out,
            "{} [{}] {}",
            f.code,
            f.severity,
            f.message.get(english)
        )?;
    }
    Ok(())
}

/// Every organ of the region with both years: its document, then the summary workbook, each
/// written whole. Files already there are refused before any is written, unless `--force`.
fn batch(args: &CompareArgs, region: &str, cx: &Context) -> Result<ExitStatus, CliError> {
    let years = years(&args.years)?;
    let (Some(to), Some(dir)) = (args.to, &args.out_dir) else {
        return Err(CliError::new(
            "--region 需要 --to 和 --out-dir",
            "--region needs --to and --out-dir",
        ));
    };
    let mut db = store::open(&args.db.db)?;
    let organs = query::organs_with_years(&mut db, region, &years)?;
    if organs.is_empty() {
        return Err(CliError::new(
            format!(
                "地区「{region}」没有同时有 {} 和 {} 年度报告的机关",
                years[0], years[1]
            ),
            format!(
                "no organ of {region} has reports for both {} and {}",
                years[0], years[1]
            ),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| CliError::writing(dir, e))?;
    let replace = Replace::forced(args.force);
    let ext = extensions(to)[0];
    let paths: Vec<PathBuf> = organs
        .iter()
        .map(|o| dir.join(format!("{}.{ext}", file_name(o))))
        .collect();
    let summary = dir.join("summary.xlsx");
    for path in &paths {
        destination(path, extensions(to), replace)?;
    }
    destination(&summary, &["xlsx"], replace)?;
    let mut compared = Vec::new();
    for (organ, path) in organs.iter().zip(&paths) {
        let (previous, current) = two_years(&mut db, organ, years)?;
        let c = year_on_year::compare(&previous, &current);
        write_atomic(path, &document(&c, to, cx.lang), replace)?;
        compared.push(c);
    }
    let sheet = comparison::summary(&compared, cx.lang);
    let bytes = sheet.xlsx().map_err(|e| CliError::writing(&summary, e))?;
    write_atomic(&summary, &bytes, replace)?;
    say(
        cx.lang,
        &gongkai_check::Text::new(
            format!(
                "已写入 {} 份对比报告和 {}",
                compared.len(),
                summary.display()
            ),
            format!(
                "wrote {} comparisons and {}",
                compared.len(),
                summary.display()
            ),
        ),
    );
    let findings = compared.iter().any(|c| status(c) == ExitStatus::Findings);
    Ok(if findings {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

/// An organ's name as a file name: the characters no file system takes replaced.
fn file_name(organ: &str) -> String {
    let name: String = organ
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let name = name.trim_matches(['.', ' ']).to_string();
    if name.is_empty() {
        "organ".to_string()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_organ_is_a_file_name() {
        assert_eq!(file_name("平潭综合实验区"), "平潭综合实验区");
        assert_eq!(file_name("../a/b:c"), "_a_b_c");
        assert_eq!(file_name(".."), "organ");
    }

    #[test]
    fn the_years_come_in_order() {
        assert_eq!(years(&[2023, 2024]).unwrap(), [2023, 2024]);
        assert!(years(&[2024, 2023]).is_err());
        assert!(years(&[2024]).is_err());
    }
}
