//! The report as text: the title, the six sections and the tables as lines, in the layouts
//! reports are published in (tab-separated like Word saved as text, one cell per line,
//! columns aligned by spaces like `pdftotext -layout`, and Markdown).

use crate::layout::{grid, placed, Grid};
use crate::prose;
use gongkai_core::template::SECTIONS;
use gongkai_core::{Report, TableId};
use unicode_width::UnicodeWidthStr;

/// A text layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Cells separated by tabs, a row per line.
    Tabs,
    /// Every cell on a line of its own (Word tables pasted as text).
    CellPerLine,
    /// Columns aligned with spaces, as `pdftotext -layout` prints them.
    Aligned,
    /// GitHub-flavoured Markdown: headings, paragraphs joined across printed line breaks, pipe
    /// tables; no site text above section 一.
    Markdown,
}

/// The title as printed, or made from the agency and the year.
pub fn title(report: &Report) -> String {
    report.title.clone().unwrap_or_else(|| {
        format!(
            "{}{}年政府信息公开工作年度报告",
            report.agency.as_deref().unwrap_or(""),
            report.year.map_or(String::new(), |y| y.to_string())
        )
    })
}

/// What goes in each of the six sections: its heading and its prose.
pub fn sections(report: &Report) -> Vec<(u8, String, String)> {
    SECTIONS
        .iter()
        .map(|spec| match report.section(spec.number) {
            Some(s) => (spec.number, s.heading.clone(), s.body.clone()),
            None => (spec.number, spec.label.text.to_string(), String::new()),
        })
        .collect()
}

/// The table each section holds.
pub fn table_of(section: u8) -> Option<TableId> {
    TableId::ALL.into_iter().find(|t| t.section() == section)
}

pub fn render(report: &Report, layout: Layout) -> String {
    let mut out = String::new();
    let md = layout == Layout::Markdown;
    out += &if md {
        format!("# {}\n\n", title(report))
    } else {
        format!("{}\n", title(report))
    };
    if md {
        let front = prose::preamble(report);
        for line in front.marks.iter().chain(&front.paragraphs) {
            out += &format!("{line}\n\n");
        }
    } else if !report.preamble.is_empty() {
        out += &lines(&report.preamble);
    }
    for (number, heading, body) in sections(report) {
        out += &if md {
            format!("## {heading}\n\n")
        } else {
            format!("{heading}\n")
        };
        out += &if md {
            prose::paragraphs(&body)
                .iter()
                .map(|p| format!("{p}\n\n"))
                .collect()
        } else {
            lines(&body)
        };
        if let Some(id) = table_of(number) {
            out += &table(&grid(report, id), layout);
        }
    }
    out
}

/// The text's lines as printed, for the layouts that imitate a publication line for line.
fn lines(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect()
}

/// One table in a layout: each row's blocks where they start, empty where a block from above
/// or from the left covers the place.
fn table(grid: &Grid, layout: Layout) -> String {
    let rows: Vec<Vec<String>> = placed(grid)
        .iter()
        .map(|row| {
            row.iter()
                .map(|b| b.map_or(String::new(), |b| b.text.clone()))
                .collect()
        })
        .collect();
    let mut out = String::new();
    match layout {
        Layout::Tabs => {
            for r in &rows {
                out += &r.join("\t");
                out.push('\n');
            }
        }
        Layout::CellPerLine => {
            for r in &rows {
                for c in r {
                    out += c;
                    out.push('\n');
                }
            }
        }
        Layout::Aligned => {
            let widths: Vec<usize> = (0..grid.width)
                .map(|j| rows.iter().map(|r| r[j].width()).max().unwrap_or(0))
                .collect();
            for r in &rows {
                let mut line = String::new();
                for (j, c) in r.iter().enumerate() {
                    line += c;
                    line += &" ".repeat(widths[j] - c.width() + 3);
                }
                out += line.trim_end();
                out.push('\n');
            }
        }
        Layout::Markdown => {
            for (i, r) in rows.iter().enumerate() {
                let cells: Vec<String> = r.iter().map(|c| c.replace('|', "\\|")).collect();
                out += &format!("| {} |\n", cells.join(" | "));
                if i == 0 {
                    out += &format!("|{}\n", "---|".repeat(grid.width));
                }
            }
            out.push('\n');
        }
    }
    out
}
