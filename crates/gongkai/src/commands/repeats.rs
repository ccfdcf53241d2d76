//! `gongkai repeats`: the share of each section of a year's stored reports repeated from the
//! organ's own report of the year before, or from other organs' reports of the same year, with
//! the organs it is found in; for one organ, the repeated passages beside their source.

use crate::args::{RepeatsArgs, RepeatsFormat, RepeatsFrom};
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::output::{header, json_line, say};
use crate::store;
use gongkai_check::Text;
use gongkai_core::template::SECTIONS;
use gongkai_core::Lang;
use gongkai_store::repeats::{self, Repeated, Repeats, Source};
use std::io::Write;

pub fn run(args: RepeatsArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    let mut db = store::open(&args.db.db)?;
    let from: &[Source] = match args.from {
        RepeatsFrom::LastYear => &[Source::LastYear],
        RepeatsFrom::Others => &[Source::Others],
        RepeatsFrom::Both => &[Source::LastYear, Source::Others],
    };
    let found = repeats::of_year(&mut db, args.year, args.organ.as_deref(), from)?;
    if let (Some(organ), true) = (&args.organ, found.is_empty()) {
        return Err(store::no_report(&mut db, organ, Some(args.year)));
    }
    let rows: Vec<(&Repeats, &Repeated)> = found
        .iter()
        .flat_map(|r| r.sections.iter().map(move |s| (r, s)))
        .filter(|(_, s)| s.repeated > 0)
        .collect();
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        RepeatsFormat::Text => text(&mut out, &rows, args.organ.is_some(), cx.lang),
        RepeatsFormat::Json => rows
            .iter()
            .try_for_each(|(r, s)| json_line(&mut out, &json(r, s))),
        RepeatsFormat::Csv => csv(&mut out, &rows),
    }
    .and_then(|()| out.flush());
    let organs = {
        let mut names: Vec<&str> = rows.iter().map(|(r, _)| r.organ.as_str()).collect();
        names.dedup();
        names.len()
    };
    let reports = {
        let mut ids: Vec<i64> = found.iter().map(|r| r.report_id).collect();
        ids.dedup();
        ids.len()
    };
    // The count is said even when the list could not all be written.
    say(
        cx.lang,
        &Text::new(
            format!(
                "{} 年度 {reports} 份报告中，{organs} 份有与别处重复的文字（{} 个部分）",
                args.year,
                rows.len()
            ),
            format!(
                "of {reports} reports for {}, {organs} repeat text found elsewhere ({} sections)",
                args.year,
                rows.len()
            ),
        ),
    );
    written?;
    Ok(ExitStatus::Success)
}

fn source_name(from: Source, lang: Lang) -> &'static str {
    match (from, lang.is_english()) {
        (Source::LastYear, false) => "上年本机关报告",
        (Source::LastYear, true) => "its own last year's report",
        (Source::Others, false) => "同年度其他机关报告",
        (Source::Others, true) => "other organs' reports of the year",
    }
}

fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// One row a section; with `passages`, each repeated passage under its row, beside its source.
fn text(
    out: &mut impl Write,
    rows: &[(&Repeats, &Repeated)],
    passages: bool,
    lang: Lang,
) -> std::io::Result<()> {
    let english = lang.is_english();
    header(
        out,
        lang,
        &[
            ("机关", "organ"),
            ("比较对象", "compared with"),
            ("部分", "section"),
            ("重复比例", "share"),
            ("重复字数", "repeated"),
            ("比较字数", "compared"),
            ("来源", "found in"),
        ],
    )?;
    for (r, s) in rows {
        let heading = SECTIONS[s.section as usize - 1].label.text;
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            r.organ,
            source_name(r.from, lang),
            heading,
            percent(s.share()),
            s.repeated,
            s.chars,
            s.sources().join(if english { ", " } else { "、" })
        )?;
        if !passages {
            continue;
        }
        for p in &s.passages {
            let (ours, theirs, like) = if english {
                (
                    "  this report:".to_string(),
                    format!("  {} ({}):", p.organ, p.year),
                    "  similarity",
                )
            } else {
                (
                    "  本报告：".to_string(),
                    format!("  {}（{} 年度）：", p.organ, p.year),
                    "  相似度",
                )
            };
            writeln!(out, "{ours}{}", p.passage.text)?;
            writeln!(out, "{theirs}{}", p.passage.source)?;
            writeln!(out, "{like} {}\n", percent(p.passage.similarity))?;
        }
    }
    Ok(())
}

fn json(r: &Repeats, s: &Repeated) -> serde_json::Value {
    serde_json::json!({
        "organ": r.organ,
        "year": r.year,
        "from": r.from.as_str(),
        "section": s.section,
        "chars": s.chars,
        "repeated": s.repeated,
        "share": s.share(),
        "sources": s.sources(),
        "passages": s.passages.iter().map(|p| serde_json::json!({
            "text": p.passage.text,
            "source": p.passage.source,
            "organ": p.organ,
            "year": p.year,
            "similarity": p.passage.similarity,
        })).collect::<Vec<_>>(),
    })
}

fn csv(out: &mut impl Write, rows: &[(&Repeats, &Repeated)]) -> std::io::Result<()> {
    use gongkai_render::csv::field;
    write!(out, "\u{feff}")?;
    writeln!(out, "organ,year,from,section,chars,repeated,share,sources")?;
    for (r, s) in rows {
        writeln!(
            out,
            "{},{},{},{},{},{},{:.4},{}",
            field(&r.organ),
            r.year,
            r.from.as_str(),
            s.section,
            s.chars,
            s.repeated,
            s.share(),
            field(&s.sources().join(";"))
        )?;
    }
    Ok(())
}
