//! Findings for people: rustc-style diagnostics with the source line and the cell underlined,
//! one line per finding (`--format concise`), and a summary per file. The CLI prints them, and
//! each rule's tests pin its diagnostic whole (insta snapshots beside the rules).

use crate::{Finding, Severity};
use anstyle::{AnsiColor, Style};
use gongkai_core::{printable, Lang, Report, SourceFormat, Value};
use std::io::{self, Write};
use unicode_width::UnicodeWidthChar;

/// The lines a report's spans point into, for excerpts.
pub struct Source {
    lines: Vec<String>,
}

impl Source {
    pub fn new(lines: Vec<String>) -> Source {
        Source { lines }
    }

    fn line(&self, number: u32) -> Option<&str> {
        self.lines
            .get((number as usize).checked_sub(1)?)
            .map(String::as_str)
    }
}

/// Writes one finding as a diagnostic: the message, where it is, the source line with the cell
/// underlined, then what the template has and the cells involved.
pub fn write_finding(
    out: &mut impl Write,
    report: &Report,
    source: Option<&Source>,
    finding: &Finding,
    lang: Lang,
) -> io::Result<()> {
    let level = level_style(finding.severity);
    let blue = Style::new().bold().fg_color(Some(AnsiColor::Blue.into()));
    let bold = Style::new().bold();
    writeln!(
        out,
        "{level}{}[{}]{level:#}{bold}: {}{bold:#}",
        finding.severity,
        finding.code,
        printable(finding.message.of(lang))
    )?;
    let excerpt = finding.at.and_then(|at| Some((at, source?.line(at.line)?)));
    let gutter = excerpt.map_or(1, |(at, _)| at.line.to_string().len());
    let pad = " ".repeat(gutter);
    writeln!(
        out,
        "{pad}{blue}-->{blue:#} {}",
        location(report, finding, lang)
    )?;
    if let Some((at, line)) = excerpt {
        let (text, offset, width) = window(line, at.column, at.end_column);
        writeln!(out, "{pad} {blue}|{blue:#}")?;
        writeln!(out, "{blue}{}{blue:#} {blue}|{blue:#} {text}", at.line)?;
        let label = primary_label(report, finding, lang);
        writeln!(
            out,
            "{pad} {blue}|{blue:#} {}{level}{}{}{level:#}",
            " ".repeat(offset),
            "^".repeat(width),
            if label.is_empty() {
                String::new()
            } else {
                format!(" {label}")
            }
        )?;
    }
    let note = |out: &mut dyn Write, what: &str, text: &str| {
        writeln!(out, "{pad} {blue}={blue:#} {bold}{what}{bold:#}{text}")
    };
    if let Some(help) = &finding.help {
        note(
            out,
            if lang.is_english() {
                "help: "
            } else {
                "帮助："
            },
            help.of(lang),
        )?;
    }
    if let Some(cells) = cells_note(finding, lang) {
        note(
            out,
            if lang.is_english() {
                "cells: "
            } else {
                "单元格："
            },
            &cells,
        )?;
    }
    writeln!(out)
}

/// Every finding of one file as a diagnostic, then the file's summary line.
pub fn write_findings(
    out: &mut impl Write,
    file: &str,
    report: &Report,
    source: Option<&Source>,
    findings: &[Finding],
    lang: Lang,
) -> io::Result<()> {
    for f in findings {
        write_finding(out, report, source, f, lang)?;
    }
    write_summary(out, file, findings, lang)
}

/// What a run over many files found, for its closing line: files checked and unreadable,
/// findings by severity and by rule.
#[derive(Debug, Default)]
pub struct Tally {
    pub files: usize,
    pub unreadable: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings per rule code, in code order.
    pub by_code: std::collections::BTreeMap<&'static str, usize>,
}

impl Tally {
    /// Counts one file's findings.
    pub fn add(&mut self, findings: &[Finding]) {
        self.files += 1;
        for f in findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            *self.by_code.entry(f.code).or_default() += 1;
        }
    }

    /// Counts a file that could not be read.
    pub fn unreadable(&mut self) {
        self.unreadable += 1;
    }
}

/// The closing lines of a run over many files: the totals, then the findings by rule.
pub fn write_tally(out: &mut impl Write, tally: &Tally, lang: Lang) -> io::Result<()> {
    let Tally {
        files,
        unreadable,
        errors,
        warnings,
        infos,
        ..
    } = tally;
    let bold = Style::new().bold();
    if lang.is_english() {
        writeln!(
            out,
            "{bold}{} files: {files} checked, {unreadable} unreadable; {errors} errors, {warnings} warnings, {infos} info{bold:#}",
            files + unreadable
        )?;
    } else {
        writeln!(
            out,
            "{bold}共 {} 个文件：已核对 {files} 个，无法读取 {unreadable} 个；{errors} 个错误，{warnings} 个警告，{infos} 个提示{bold:#}",
            files + unreadable
        )?;
    }
    if !tally.by_code.is_empty() {
        let codes: Vec<String> = tally
            .by_code
            .iter()
            .map(|(code, n)| format!("{code} {n}"))
            .collect();
        let (label, sep) = if lang.is_english() {
            ("by rule: ", ", ")
        } else {
            ("按规则：", "，")
        };
        writeln!(out, "{label}{}", codes.join(sep))?;
    }
    Ok(())
}

/// Every finding of one file on a line of its own, then the file's summary line.
pub fn write_findings_concise(
    out: &mut impl Write,
    file: &str,
    report: &Report,
    findings: &[Finding],
    lang: Lang,
) -> io::Result<()> {
    for f in findings {
        write_concise(out, report, f, lang)?;
    }
    write_summary(out, file, findings, lang)
}

/// Where a finding is in the original, as the person holding it can find it there:
/// `file:line:col` in a text (with its page when it has pages), else the file and
/// [`place`].
fn location(report: &Report, finding: &Finding, lang: Lang) -> String {
    let file = printable(&report.source.file);
    let (Some(at), Some(place)) = (finding.at, place(report, finding, lang)) else {
        return file.into_owned();
    };
    match report.source.format {
        SourceFormat::Text => {
            let page = at.page.map_or(String::new(), |p| {
                if lang.is_english() {
                    format!(" (page {p})")
                } else {
                    format!("（第 {p} 页）")
                }
            });
            format!("{file}:{}:{}{page}", at.line, at.column)
        }
        _ if lang.is_english() => format!("{file} ({place})"),
        _ => format!("{file}（{place}）"),
    }
}

/// Where a finding is in its file, in words: the line and column of a text; the page and the
/// box on it in a PDF; the table, row and column of a Word document or a web page (`第 2
/// 个表格第 25 行第 4 列`); the sheet and cell of a workbook (`Sheet1!J50`). Outside a table of a
/// document gongkai rebuilt, the line counts in the text it extracted, which the excerpt shows.
/// `None` when the finding points nowhere (or at cells given with no printed source).
pub fn place(report: &Report, finding: &Finding, lang: Lang) -> Option<String> {
    let at = finding.at?;
    let en = lang.is_english();
    Some(match (report.source.format, at.cell) {
        (SourceFormat::Cells, _) => return None,
        (SourceFormat::Text, _) => match (at.page, en) {
            (Some(p), true) => format!("page {p}, line {}, column {}", at.line, at.column),
            (Some(p), false) => format!("第 {p} 页，第 {} 行第 {} 列", at.line, at.column),
            (None, true) => format!("line {}, column {}", at.line, at.column),
            (None, false) => format!("第 {} 行第 {} 列", at.line, at.column),
        },
        (SourceFormat::Xlsx, Some(c)) => {
            let sheet = report
                .source
                .sheets
                .get(c.table as usize - 1)
                .map_or_else(|| format!("{}", c.table), |s| printable(s).into_owned());
            format!("{sheet}!{}{}", column_letters(c.column), c.row)
        }
        (_, Some(c)) if en => format!("table {}, row {}, column {}", c.table, c.row, c.column),
        (_, Some(c)) => format!("第 {} 个表格第 {} 行第 {} 列", c.table, c.row, c.column),
        (SourceFormat::Pdf, None) => {
            let page = at.page.unwrap_or(1);
            match (at.bbox, en) {
                (Some(b), true) => format!(
                    "page {page}, {:.0} pt from the left, {:.0} pt from the top",
                    b.x, b.y
                ),
                (Some(b), false) => format!("第 {page} 页，距左 {:.0} 磅、距顶 {:.0} 磅", b.x, b.y),
                (None, true) => format!("page {page}"),
                (None, false) => format!("第 {page} 页"),
            }
        }
        (_, None) if en => format!("line {} of the extracted text", at.line),
        (_, None) => format!("提取文字第 {} 行", at.line),
    })
}

/// A spreadsheet column's letters: 1 is `A`, 27 is `AA`.
fn column_letters(mut n: u32) -> String {
    let mut letters = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        letters.push(char::from(b'A' + d as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Lines wider than this are shown as a window around the span.
const MAX_WIDTH: usize = 100;

/// The part of a line to show, where the underline starts (in display columns) and how wide it
/// is. Tabs become spaces; a long line (a page of HTML on one line) is cut to a window around
/// the span, marked with `…`.
fn window(line: &str, from: u32, to: u32) -> (String, usize, usize) {
    let line = printable(line);
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let from = (from.max(1) as usize - 1).min(chars.len());
    let to = (to.max(1) as usize - 1).clamp(from, chars.len());
    let width = |cs: &[char]| cs.iter().map(|c| c.width().unwrap_or(0)).sum::<usize>();
    let (mut start, mut end) = (0, chars.len());
    if width(&chars) > MAX_WIDTH {
        start = from.saturating_sub(30);
        end = (to.max(from + 1) + 40).min(chars.len());
        while width(&chars[start..end]) > MAX_WIDTH && end > to.max(from + 1) {
            end -= 1;
        }
    }
    let mut text = String::new();
    let mut offset = width(&chars[start..from]);
    if start > 0 {
        text.push('…');
        offset += 1;
    }
    text.extend(&chars[start..end]);
    if end < chars.len() {
        text.push('…');
    }
    let underline = width(&chars[from..to.min(end)]).max(1);
    (text.trim_end().to_string(), offset, underline)
}

fn level_style(severity: Severity) -> Style {
    let color = match severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Cyan,
    };
    Style::new().bold().fg_color(Some(color.into()))
}

/// `file:line:col: A201 [error] message` (the place as [`location`] names it), one line per
/// finding.
pub fn write_concise(
    out: &mut impl Write,
    report: &Report,
    finding: &Finding,
    lang: Lang,
) -> io::Result<()> {
    writeln!(
        out,
        "{}: {} [{}] {}",
        location(report, finding, lang),
        finding.code,
        finding.severity,
        printable(finding.message.of(lang))
    )
}

/// The summary line of one file.
pub fn write_summary(
    out: &mut impl Write,
    file: &str,
    findings: &[Finding],
    lang: Lang,
) -> io::Result<()> {
    let file = printable(file);
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (e, w, i) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    if lang.is_english() {
        if findings.is_empty() {
            return writeln!(out, "{file}: no problems found");
        }
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        writeln!(
            out,
            "{file}: {}, {}, {i} info",
            plural(e, "error"),
            plural(w, "warning")
        )
    } else {
        if findings.is_empty() {
            return writeln!(out, "{file}：没有发现问题");
        }
        writeln!(out, "{file}：{e} 个错误，{w} 个警告，{i} 个提示")
    }
}

/// What the underline says: the cell printed there and its value.
fn primary_label(report: &Report, finding: &Finding, lang: Lang) -> String {
    let at = finding.at;
    let cell = finding.cells.0.iter().find(|(k, _)| {
        report.cell(k).and_then(|c| c.at).is_some() && report.cell(k).and_then(|c| c.at) == at
    });
    match cell {
        Some((key, value)) => format!("{key} = {}", show(*value, lang)),
        None => String::new(),
    }
}

/// `t3.new.total = 21, t3.carried_over.total = 0`, when the finding names cells.
fn cells_note(finding: &Finding, lang: Lang) -> Option<String> {
    // Long lists (a column's 24 outcome cells) are in the message already and in the JSON.
    if finding.cells.0.is_empty() || finding.cells.0.len() > 8 {
        return None;
    }
    let list: Vec<String> = finding
        .cells
        .0
        .iter()
        .map(|(k, v)| format!("{k} = {}", show(*v, lang)))
        .collect();
    Some(list.join(if lang.is_english() { ", " } else { "，" }))
}

fn show(value: Option<Value>, lang: Lang) -> String {
    match value {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Blank(_)) => if lang.is_english() { "blank" } else { "空" }.to_string(),
        None => if lang.is_english() {
            "absent"
        } else {
            "缺失"
        }
        .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn short_lines_are_shown_whole_with_tabs_as_spaces() {
        assert_eq!(window("2\t1\t5", 5, 6), ("2 1 5".to_string(), 4, 1));
    }

    #[test]
    fn wide_characters_count_twice() {
        let (text, offset, width) = window("规章  12", 5, 7);
        assert_eq!(text, "规章  12");
        assert_eq!((offset, width), (6, 2));
    }

    #[test]
    fn long_lines_are_windowed_around_the_span() {
        let line = format!("{}<td>21</td>{}", "x".repeat(5000), "y".repeat(5000));
        let (text, offset, width) = window(&line, 5001, 5005);
        assert!(text.starts_with('…') && text.ends_with('…'));
        assert!(text.chars().count() < 110);
        assert_eq!(
            &text[text.char_indices().nth(offset).unwrap().0..][..4],
            "<td>"
        );
        assert_eq!(width, 4);
    }
}
