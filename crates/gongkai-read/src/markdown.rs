//! Markdown, as wikis and `gongkai render --to md` write reports: `#` headings lose their
//! marks, pipe-table rows become tab-separated cells (each remembering its column in the
//! source), the `|---|` rules under table headers are dropped, and `**` emphasis is removed.

use crate::document::{Document, Line, Origin};

/// Whether text is Markdown with a pipe table: a `|---|` rule line, or rows of pipes without
/// one (as converters and wikis write them too).
pub fn is_markdown(text: &str) -> bool {
    text.lines().any(is_rule)
        || text
            .lines()
            .filter(|l| is_pipe_row(l.trim()))
            .nth(2)
            .is_some()
}

fn is_pipe_row(t: &str) -> bool {
    t.starts_with('|') && t.ends_with('|') && t.len() > 1
}

fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|')
        && t.ends_with('|')
        && t.contains('-')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

pub fn document(text: &str) -> Document {
    let mut doc = Document::from_text(text);
    for line in &mut doc.lines {
        let t = line.text.trim();
        if is_rule(t) {
            line.text.clear();
        } else if is_pipe_row(t) {
            *line = table_row(line);
        } else if let Some(rest) = heading(t) {
            line.text = rest.to_string();
        }
        // `**鲤城区民政局**`: emphasis marks are not the report's text.
        if line.text.contains("**") {
            line.text = line.text.replace("**", "");
        }
    }
    doc
}

/// `## 一、总体情况` → `一、总体情况`.
fn heading(t: &str) -> Option<&str> {
    let hashes = t.chars().take_while(|&c| c == '#').count();
    (1..=6)
        .contains(&hashes)
        .then(|| t[hashes..].strip_prefix(' '))
        .flatten()
}

/// `| a | 1 |` → `a\t1`, each field placed at its column in the source.
fn table_row(line: &Line) -> Line {
    let chars: Vec<char> = line.text.chars().collect();
    let mut fields: Vec<(String, u32)> = Vec::new();
    let mut current = String::new();
    let mut start = 0u32;
    let mut i = 0;
    let first = chars.iter().position(|&c| c == '|').unwrap_or(0);
    i = i.max(first + 1);
    start = start.max(i as u32);
    while i < chars.len() {
        match chars[i] {
            '\\' if chars.get(i + 1) == Some(&'|') => {
                current.push('|');
                i += 2;
                continue;
            }
            '|' => {
                fields.push((std::mem::take(&mut current), start));
                start = i as u32 + 1;
            }
            c => current.push(c),
        }
        i += 1;
    }
    let mut text = String::new();
    let mut origins = Vec::new();
    for (k, (field, at)) in fields.iter().enumerate() {
        if k > 0 {
            text.push('\t');
        }
        let trimmed = field.trim();
        let lead = field.chars().take_while(|c| c.is_whitespace()).count() as u32;
        let from = text.chars().count() as u32;
        text.push_str(trimmed);
        let to = text.chars().count() as u32;
        if to > from {
            let span = line.span(at + lead, at + lead + (to - from));
            origins.push(Origin { from, to, at: span });
        }
    }
    Line {
        text,
        origins,
        ..line.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_tables_and_rules() {
        let md = "# 某县2022年报告\n\n## 二、主动公开政府信息情况\n\n| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 5 |\n";
        assert!(is_markdown(md));
        let doc = document(md);
        let texts: Vec<&str> = doc.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "某县2022年报告",
                "",
                "二、主动公开政府信息情况",
                "",
                "信息内容\t本年制发件数",
                "",
                "规章\t5",
                ""
            ]
        );
        let five = doc.lines[6].span(3, 4);
        assert_eq!((five.line, five.column), (7, 8));
    }
}
