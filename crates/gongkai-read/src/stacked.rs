//! Numbers printed as stacks: `pdftotext -layout` of a browser's print sets the numbers of two
//! rows that stand beside one tall label (`4.保护第三方合法权益` / `5.属于三类内部事务信息`
//! beside `（三）不予公开`) one or two to a line, column by column:
//!
//! ```text
//!                         0
//!                         7
//!                             0
//!                             0
//!                                   0 0 0
//!                                   0 0 7
//! ```
//!
//! Read line by line, the rows run together and take each other's numbers. Where a run of lines
//! holding only numbers falls into columns that each hold the same number of them, the run is
//! read column by column instead: the first of each column is the first row's, the second the
//! second row's. The lines rebuilt so are [`Placed::Restacked`]: their cells are inferred, and
//! stay in doubt unless the table's identities confirm them.

use crate::document::{Line, Origin, Placed};
use gongkai_core::Span;

/// Rebuilds every stacked run of `lines` into one line per row.
pub fn restack(lines: Vec<Line>) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    let mut pending: Vec<Line> = Vec::new();
    let flush = |pending: &mut Vec<Line>, out: &mut Vec<Line>| {
        if pending.len() >= 2 {
            if let Some(rows) = rows_of(pending) {
                out.extend(rows);
                pending.clear();
                return;
            }
        }
        out.append(pending);
    };
    for line in lines {
        if !line.furniture && line.origins.is_empty() && numbers_only(&line.text) {
            pending.push(line);
        } else {
            flush(&mut pending, &mut out);
            out.push(line);
        }
    }
    flush(&mut pending, &mut out);
    out
}

/// Whether a line holds numbers and nothing else.
fn numbers_only(text: &str) -> bool {
    let mut digits = false;
    for c in text.chars() {
        match c {
            '0'..='9' => digits = true,
            '.' | ',' => {}
            c if c.is_whitespace() => {}
            _ => return false,
        }
    }
    digits
}

/// A number of a stacked run: the line it stands on, its first and last character columns.
struct Piece<'a> {
    line: usize,
    from: usize,
    to: usize,
    text: &'a str,
}

/// The rows of a stacked run, or `None` when it does not fall into even columns.
fn rows_of(run: &[Line]) -> Option<Vec<Line>> {
    let mut pieces: Vec<Piece> = Vec::new();
    for (line, l) in run.iter().enumerate() {
        let mut start = None;
        for (col, (at, c)) in l.text.char_indices().enumerate().chain(std::iter::once((
            l.text.chars().count(),
            (l.text.len(), ' '),
        ))) {
            match (start, c.is_whitespace()) {
                (None, false) => start = Some((col, at)),
                (Some((from, byte)), true) => {
                    pieces.push(Piece {
                        line,
                        from,
                        to: col,
                        text: &l.text[byte..at],
                    });
                    start = None;
                }
                _ => {}
            }
        }
    }
    // Columns: pieces whose character spans overlap, from left to right.
    pieces.sort_by_key(|p| (p.from, p.line));
    let mut columns: Vec<(usize, usize, Vec<&Piece>)> = Vec::new();
    for p in &pieces {
        match columns.last_mut() {
            Some((_, hi, members)) if p.from < *hi => {
                *hi = (*hi).max(p.to);
                members.push(p);
            }
            _ => columns.push((p.from, p.to, vec![p])),
        }
    }
    let depth = columns.first()?.2.len();
    let even = columns.len() >= 2
        && depth >= 2
        && columns.iter().all(|(_, _, m)| {
            m.len() == depth && {
                let mut lines: Vec<usize> = m.iter().map(|p| p.line).collect();
                lines.sort_unstable();
                lines.dedup();
                lines.len() == depth
            }
        });
    // A run whose every line already holds a number of every column is rows as printed.
    let stacked = (0..run.len()).any(|line| {
        columns
            .iter()
            .any(|(_, _, m)| !m.iter().any(|p| p.line == line))
    });
    if !even || !stacked {
        return None;
    }
    for (_, _, members) in &mut columns {
        members.sort_by_key(|p| p.line);
    }
    Some(
        (0..depth)
            .map(|row| {
                let mut text = String::new();
                let mut origins = Vec::new();
                for (_, _, members) in &columns {
                    let p = members[row];
                    if !text.is_empty() {
                        text.push_str("  ");
                    }
                    let from = text.chars().count() as u32;
                    text.push_str(p.text);
                    let source = &run[p.line];
                    origins.push(Origin {
                        from,
                        to: from + p.text.chars().count() as u32,
                        at: Span {
                            line: source.number,
                            column: source.column + p.from as u32 + 1,
                            end_column: source.column + p.to as u32 + 1,
                            page: source.page,
                            ..Span::default()
                        },
                    });
                }
                let first = &run[members_first_line(&columns, row)];
                Line {
                    number: first.number,
                    page: first.page,
                    column: 0,
                    text,
                    furniture: false,
                    placed: Placed::Restacked,
                    origins,
                }
            })
            .collect(),
    )
}

/// The line the first number of row `row` stands on.
fn members_first_line(columns: &[(usize, usize, Vec<&Piece>)], row: usize) -> usize {
    columns
        .iter()
        .map(|(_, _, m)| m[row].line)
        .min()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, Placed};

    fn texts(doc: &Document) -> Vec<(String, Placed)> {
        doc.lines
            .iter()
            .map(|l| (l.text.trim().to_string(), l.placed))
            .collect()
    }

    #[test]
    fn stacks_are_read_column_by_column() {
        let doc = Document::from_text(
            "4.保护第三方合法权益\n5.属于三类内部事务信息\n        0\n        7\n            0\n            12\n                 0 0 3\n                 0 0 19\n6.属于四类过程性信息  0 0 0 0 0",
        );
        let t = texts(&doc);
        assert_eq!(t[2], ("0  0  0  0  3".to_string(), Placed::Restacked));
        assert_eq!(t[3], ("7  12  0  0  19".to_string(), Placed::Restacked));
        assert_eq!(t[4].1, Placed::AsPrinted);
        assert_eq!(t.len(), 5);
        // Each number remembers the line and columns it was printed at.
        let row = &doc.lines[3];
        let spans: Vec<(u32, u32)> = row
            .origins
            .iter()
            .map(|o| (o.at.line, o.at.column))
            .collect();
        assert_eq!(spans, [(4, 9), (6, 13), (8, 18), (8, 20), (8, 22)]);
    }

    #[test]
    fn rows_as_printed_and_uneven_runs_are_left_alone() {
        for text in [
            // Rows as printed.
            "甲\n0 1 2\n3 4 5\n",
            // One number per line, one column (a text export of a table's cells).
            "甲\n0\n1\n2\n",
            // A row and its last number wrapped onto the next line.
            "甲\n0  1  2\n          3\n",
            // Columns of different depth.
            "甲\n   0\n   1\n       2\n",
        ] {
            let doc = Document::from_text(text);
            assert!(
                doc.lines.iter().all(|l| l.placed == Placed::AsPrinted),
                "{text:?}"
            );
        }
    }
}
