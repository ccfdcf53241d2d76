//! One self-contained HTML page: the title, the lines under it that belong to the report, the
//! six sections (paragraphs joined across printed line breaks) and the three tables with the
//! template's merged cells. No script, no external font or style; every text escaped.

use crate::layout::{grid, Block, Grid};
use crate::prose;
use crate::text::{sections, table_of, title};
use gongkai_core::Report;

const STYLE: &str = "body{font-family:\"Songti SC\",\"SimSun\",serif;max-width:60em;margin:2em auto;line-height:1.7}\
h1{text-align:center;font-size:1.5em}h2{font-size:1.15em}p{text-indent:2em}.mark{text-align:center;text-indent:0}.signature{text-align:right;text-indent:0;margin-right:4em}\
table{border-collapse:collapse;margin:1em auto;font-size:.9em}\
td,th{border:1px solid #333;padding:.25em .5em;text-align:center}\
th{font-weight:normal;background:#f4f4f4}td{min-width:2.5em}";

pub fn render(report: &Report) -> String {
    let t = escape(&title(report));
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<article>\n<h1>{t}</h1>\n"
    );
    let front = prose::preamble(report);
    for mark in &front.marks {
        out += &format!("<p class=\"mark\">{}</p>\n", escape(mark));
    }
    for paragraph in &front.paragraphs {
        out += &format!("<p>{}</p>\n", escape(paragraph));
    }
    for (number, heading, body) in sections(report) {
        out += &format!("<h2>{}</h2>\n", escape(&heading));
        let paragraphs = prose::paragraphs(&body);
        let signed = paragraphs.len() - prose::signature(&paragraphs);
        for (i, paragraph) in paragraphs.iter().enumerate() {
            let class = if i >= signed {
                " class=\"signature\""
            } else {
                ""
            };
            out += &format!("<p{class}>{}</p>\n", escape(paragraph));
        }
        if let Some(id) = table_of(number) {
            out += &table(&grid(report, id));
        }
    }
    out += "</article>\n</body>\n</html>\n";
    out
}

fn table(grid: &Grid) -> String {
    table_with(grid, |_| Decoration::default())
}

/// What a caller adds to one cell of a table: attributes of its `<td>` and HTML after its
/// text. Both are written as given: the caller escapes what it puts in them.
#[derive(Clone, Debug, Default)]
pub struct Decoration {
    pub attrs: String,
    pub after: String,
}

/// A table with the template's merged cells, each cell decorated by `decorate` (the web UI
/// marks cells with findings and makes them editable).
pub fn table_with(grid: &Grid, decorate: impl Fn(&Block) -> Decoration) -> String {
    let mut out = String::from("<table>\n");
    for row in &grid.rows {
        out += "<tr>";
        for b in row {
            let tag = if b.header { "th" } else { "td" };
            let mut attrs = String::new();
            if b.rowspan > 1 {
                attrs += &format!(" rowspan=\"{}\"", b.rowspan);
            }
            if b.colspan > 1 {
                attrs += &format!(" colspan=\"{}\"", b.colspan);
            }
            let d = decorate(b);
            out += &format!(
                "<{tag}{attrs}{}>{}{}</{tag}>",
                d.attrs,
                escape(&b.text),
                d.after
            );
        }
        out += "</tr>\n";
    }
    out += "</table>\n";
    out
}

/// Text made inert: `<script>` in a section prints as text.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out += "&amp;",
            '<' => out += "&lt;",
            '>' => out += "&gt;",
            '"' => out += "&quot;",
            '\'' => out += "&#39;",
            c => out.push(c),
        }
    }
    out
}
