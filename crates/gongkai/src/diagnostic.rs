//! Findings for people: rustc-style diagnostics with the source line and the cell underlined,
//! one line per finding (`--format concise`), and a summary per file.

use annotate_snippets::{Level, Renderer, Snippet};
use gongkai_check::{Finding, Severity};
use gongkai_core::{Report, Value};
use std::io::{self, Write};

/// The lines of the source a report was read from, for excerpts.
pub struct Source {
    lines: Vec<String>,
}

impl Source {
    /// The decoded text split as the reader splits it (form feeds are page breaks, not text).
    pub fn new(text: &str) -> Source {
        Source {
            lines: text
                .split('\n')
                .map(|l| {
                    l.strip_suffix('\r')
                        .unwrap_or(l)
                        .chars()
                        .filter(|&c| c != '\u{c}')
                        .collect()
                })
                .collect(),
        }
    }

    fn line(&self, number: u32) -> Option<&str> {
        self.lines
            .get((number as usize).checked_sub(1)?)
            .map(String::as_str)
    }
}

/// Writes one finding as a diagnostic.
pub fn write_finding(
    out: &mut impl Write,
    report: &Report,
    source: Option<&Source>,
    finding: &Finding,
    english: bool,
) -> io::Result<()> {
    let level = level(finding.severity);
    let file = &report.source.file;
    let title = finding.message.get(english);
    let cells = cells_note(finding, english);
    let page = finding.at.and_then(|a| a.page).map(|p| {
        if english {
            format!("page {p}")
        } else {
            format!("第 {p} 页")
        }
    });
    let help = finding.help.as_ref().map(|h| h.get(english));
    let excerpt = finding.at.and_then(|at| Some((at, source?.line(at.line)?)));
    let label = primary_label(report, finding, english);
    let mut message = level.title(title).id(finding.code);
    let untabbed;
    if let Some((at, line)) = excerpt {
        let range = byte_range(line, at.column, at.end_column);
        untabbed = untab(line);
        message = message.snippet(
            Snippet::source(&untabbed)
                .line_start(at.line as usize)
                .origin(file)
                .annotation(level.span(range).label(&label)),
        );
    }
    let location;
    if excerpt.is_none() {
        location = match finding.at {
            Some(at) => format!("{file}:{}:{}", at.line, at.column),
            None => file.clone(),
        };
        message = message.footer(Level::Note.title(&location));
    }
    if let Some(page) = &page {
        message = message.footer(Level::Note.title(page));
    }
    if let Some(help) = help {
        message = message.footer(Level::Help.title(help));
    }
    if let Some(cells) = &cells {
        message = message.footer(Level::Note.title(cells));
    }
    writeln!(out, "{}", Renderer::styled().render(message))?;
    writeln!(out)
}

/// `file:line:col: A201 [error] message`, one line per finding.
pub fn write_concise(
    out: &mut impl Write,
    file: &str,
    finding: &Finding,
    english: bool,
) -> io::Result<()> {
    let at = finding
        .at
        .map_or(String::new(), |a| format!("{}:{}:", a.line, a.column));
    writeln!(
        out,
        "{file}:{at} {} [{}] {}",
        finding.code,
        finding.severity,
        finding.message.get(english)
    )
}

/// The summary line of one file.
pub fn write_summary(
    out: &mut impl Write,
    file: &str,
    findings: &[Finding],
    english: bool,
) -> io::Result<()> {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (e, w, i) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    if english {
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

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Info,
    }
}

/// The byte range of characters `from..to` (1-based columns) of a line, never empty.
fn byte_range(line: &str, from: u32, to: u32) -> std::ops::Range<usize> {
    let byte = |col: u32| {
        line.char_indices()
            .nth(col.saturating_sub(1) as usize)
            .map_or(line.len(), |(i, _)| i)
    };
    let start = byte(from);
    let end = byte(to.max(from + 1)).max(start);
    if end > start || start == line.len() {
        start..end
    } else {
        start..start + line[start..].chars().next().map_or(0, char::len_utf8)
    }
}

/// The line with each tab as one space. The renderer widens tabs itself but leaves the
/// underline where the tab was; one space keeps the underline under its cell and the column it
/// prints equal to the source's.
fn untab(line: &str) -> String {
    line.replace('\t', " ")
}

/// What the underline says: the cell printed there and its value.
fn primary_label(report: &Report, finding: &Finding, english: bool) -> String {
    let at = finding.at;
    let cell = finding.cells.0.iter().find(|(k, _)| {
        report.cell(k).and_then(|c| c.at).is_some() && report.cell(k).and_then(|c| c.at) == at
    });
    match cell {
        Some((key, value)) => format!("{key} = {}", show(*value, english)),
        None => String::new(),
    }
}

/// `t3.new.total = 21, t3.carried_over.total = 0`, when the finding names cells.
fn cells_note(finding: &Finding, english: bool) -> Option<String> {
    // Long lists (a column's 24 outcome cells) are in the message already and in the JSON.
    if finding.cells.0.is_empty() || finding.cells.0.len() > 8 {
        return None;
    }
    let list: Vec<String> = finding
        .cells
        .0
        .iter()
        .map(|(k, v)| format!("{k} = {}", show(*v, english)))
        .collect();
    Some(if english {
        format!("cells: {}", list.join(", "))
    } else {
        format!("单元格：{}", list.join("，"))
    })
}

fn show(value: Option<Value>, english: bool) -> String {
    match value {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Blank(_)) => if english { "blank" } else { "空" }.to_string(),
        None => if english { "absent" } else { "缺失" }.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::byte_range;

    #[test]
    fn tabs_keep_the_underline_under_its_cell() {
        let line = "2\t1\t5";
        let r = byte_range(line, 5, 6);
        assert_eq!(&super::untab(line)[r], "5");
    }

    #[test]
    fn ranges_count_characters() {
        let line = "一、本年新收  21";
        let r = byte_range(line, 9, 11);
        assert_eq!(&line[r], "21");
        // Past the end: an empty range at the end.
        assert_eq!(byte_range("ab", 5, 6), 2..2);
        // A zero-width span still underlines one character.
        assert_eq!(&"abc"[byte_range("abc", 2, 2)], "b");
    }
}
