//! Finding the six section headings and cutting the document into sections, section 一 into
//! its sub-parts, and sections 二 to 四 into the regions that hold the tables.

use crate::document::{is_chrome, Document, Line};
use gongkai_core::normalize::{normalize, split_ordinal, Pattern, Subject};
use gongkai_core::template::{SectionSpec, SECTIONS, SECTION_ONE_PARTS};
use gongkai_core::{Part, Section, Span, TableId};
use std::ops::Range;

/// A heading line found in the document.
#[derive(Debug, Clone)]
pub struct Heading {
    pub number: u8,
    /// Index into the document's lines.
    pub line: usize,
    /// The heading as printed.
    pub printed: String,
    /// The heading matched one of the template's wordings exactly.
    pub exact: bool,
}

/// Accept a heading worded differently when it is this close to the template's.
const HEADING_MATCH: f32 = 0.72;

/// Finds the headings in order: each one after the one before it.
pub fn find_headings(doc: &Document) -> Vec<Heading> {
    let mut found: Vec<Heading> = Vec::new();
    let mut from = 0;
    for spec in &SECTIONS {
        let patterns: Vec<Pattern> = spec
            .label
            .all()
            .map(|l| Pattern::new(&normalize(l)))
            .collect();
        let hit = doc.lines[from..]
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.furniture)
            .find_map(|(i, l)| match_heading(spec, &patterns, l).map(|h| (from + i, h)));
        if let Some((i, (printed, exact))) = hit {
            found.push(Heading {
                number: spec.number,
                line: i,
                printed,
                exact,
            });
            from = i + 1;
        }
    }
    found
}

fn match_heading(spec: &SectionSpec, patterns: &[Pattern], line: &Line) -> Option<(String, bool)> {
    let numeral = ["一、", "二、", "三、", "四、", "五、", "六、"][spec.number as usize - 1];
    // The ordinal is in the line's first characters: most lines fail on them, before their
    // whole text (a paragraph, often) is normalised. Folding removes only a few characters
    // (spaces, quotes), so a start that folds to less than a few is read whole.
    let head: String = line.text.trim_start().chars().take(16).collect();
    let folded = normalize(&head);
    if folded.chars().count() >= 4 && split_ordinal(&folded).0 != numeral {
        return None;
    }
    let norm = normalize(&line.text);
    let (ordinal, _) = split_ordinal(&norm);
    if ordinal != numeral {
        return None;
    }
    let trimmed = line.text.trim();
    if let Some(i) = patterns.iter().position(|p| norm.starts_with(p.text())) {
        return Some((trimmed.to_string(), i == 0));
    }
    // A variant wording: the heading alone on its line, close to one of the template's.
    let subject = Subject::new(&norm);
    let best = patterns
        .iter()
        .map(|p| p.score_from(&subject, HEADING_MATCH))
        .fold(0.0f32, f32::max);
    let longest = patterns.iter().map(Pattern::len).max().unwrap_or(0);
    (best >= HEADING_MATCH && norm.chars().count() <= longest + 8)
        .then(|| (trimmed.to_string(), false))
}

/// The line ranges that hold each table, from the section headings or, where a heading is
/// missing, from the first line that only a table has.
pub fn table_regions(doc: &Document, headings: &[Heading]) -> [Option<Range<usize>>; 3] {
    let heading = |n: u8| headings.iter().find(|h| h.number == n).map(|h| h.line);
    let anchor = |from: usize, words: &[&str]| {
        doc.lines
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, l)| {
                let n = normalize(&l.text);
                words.iter().any(|w| n.contains(w))
            })
            .map(|(i, _)| i)
    };
    // Each table's territory begins at its section heading or, without one, at its anchor
    // line; its rows begin after the heading, or at the anchor itself.
    let body_start = heading(1).map_or(0, |l| l + 1);
    let b2 = heading(2)
        .map(|l| (l, 1))
        .or_else(|| anchor(body_start, &["第二十条第"]).map(|l| (l, 0)));
    let from2 = b2.map_or(body_start, |b| b.0 + 1);
    let b3 = heading(3)
        .map(|l| (l, 1))
        .or_else(|| anchor(from2, &["本年新收政府信息公开申请", "申请人情况"]).map(|l| (l, 0)));
    let from3 = b3.map_or(from2, |b| b.0 + 1);
    let b4 = heading(4).map(|l| (l, 1)).or_else(|| {
        let after = anchor(from3, &["结转下年度继续办理"]);
        after
            .and_then(|a| anchor(a + 1, &["行政复议"]))
            .map(|l| (l, 0))
    });
    let end = heading(5).or_else(|| heading(6)).unwrap_or(doc.lines.len());
    let bounds = [b2, b3, b4];
    let mut regions: [Option<Range<usize>>; 3] = [None, None, None];
    for (i, b) in bounds.iter().enumerate() {
        let Some((line, skip)) = *b else { continue };
        let start = line + skip;
        let stop = bounds[i + 1..]
            .iter()
            .flatten()
            .map(|b| b.0)
            .find(|&s| s >= start)
            .unwrap_or(end)
            .max(start);
        regions[i] = Some(start..stop);
    }
    regions
}

/// The sections with their text; `tables` are the regions whose lines are table, not prose.
pub fn sections(
    doc: &Document,
    headings: &[Heading],
    tables: &[Option<Range<usize>>; 3],
) -> Vec<Section> {
    let mut out = Vec::new();
    for (k, h) in headings.iter().enumerate() {
        let end = headings.get(k + 1).map_or(doc.lines.len(), |n| n.line);
        let lines = &doc.lines[h.line + 1..end];
        let in_table = TableId::ALL
            .iter()
            .any(|t| t.section() == h.number && tables[*t as usize].is_some());
        let body: Vec<&Line> = lines
            .iter()
            .filter(|l| !l.furniture && !l.text.trim().is_empty() && !is_chrome(&l.text))
            .filter(|l| !in_table || is_prose(&l.text))
            .collect();
        let line = &doc.lines[h.line];
        out.push(Section {
            number: h.number,
            heading: h.printed.clone(),
            body: body
                .iter()
                .map(|l| l.text.trim())
                .collect::<Vec<_>>()
                .join("\n"),
            lines: body.iter().map(|l| trimmed_span(l)).collect(),
            parts: if h.number == 1 {
                parts(&doc.lines[h.line + 1..end])
            } else {
                Vec::new()
            },
            at: line_span(line),
        });
    }
    out
}

/// A sentence of prose, not a table label: long and ends a sentence.
fn is_prose(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() >= 20 && t.contains('。') && !t.contains('\t')
}

/// The span of a line's text without its surrounding spaces.
fn trimmed_span(line: &Line) -> Span {
    let lead = line.text.chars().take_while(|c| c.is_whitespace()).count() as u32;
    let len = line.text.trim().chars().count() as u32;
    line.span(lead, lead + len)
}

fn line_span(line: &Line) -> Span {
    line.span(0, line.text.chars().count() as u32)
}

/// Section 一's sub-parts （一）…（五）, each from its heading to the next.
fn parts(lines: &[Line]) -> Vec<Part> {
    let mut out: Vec<Part> = Vec::new();
    let mut next = 0;
    for line in lines.iter().filter(|l| !l.furniture) {
        let norm = normalize(&line.text);
        let (ordinal, _) = split_ordinal(&norm);
        let spec = SECTION_ONE_PARTS.get(next);
        let starts_part = spec.is_some_and(|s| {
            s.label
                .all()
                .any(|l| split_ordinal(&normalize(l)).0 == ordinal)
        });
        if starts_part && !ordinal.is_empty() {
            let spec = spec.expect("checked");
            let trimmed = line.text.trim();
            // The heading runs to the first 。 when that is short; when the ordinal opens a
            // long sentence, the part's heading is its first clause and the sentence is body.
            let (heading, body) = match trimmed.split_once('。') {
                Some((h, b)) if h.chars().count() <= 24 => (format!("{h}。"), b.trim().to_string()),
                None if trimmed.chars().count() <= 24 => (trimmed.to_string(), String::new()),
                _ => (
                    trimmed
                        .chars()
                        .take_while(|&c| c != '。' && c != '，')
                        .collect(),
                    trimmed.to_string(),
                ),
            };
            out.push(Part {
                number: spec.number,
                heading,
                body,
                at: line_span(line),
            });
            next += 1;
        } else if let Some(part) = out.last_mut() {
            let t = line.text.trim();
            if !t.is_empty() {
                if !part.body.is_empty() {
                    part.body.push('\n');
                }
                part.body.push_str(t);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "某县人民政府2022年度政府信息公开工作年度报告\n\
        \u{3000}\u{3000}一、总体情况\n\
        （一）主动公开情况。全年公开信息100条。\n\
        继续做好公开。\n\
        （二）依申请公开情况\n\
        收到申请3件。\n\
        二、主动公开政府信息情况\n\
        第二十条第（一）项\n\
        三、收到和处理政府信息公开申请情况\n\
        一、本年新收政府信息公开申请数量\t1\n\
        四、结转下年度继续办理\t0\n\
        四、政府信息公开行政复议、行政诉讼情况\n\
        0\n\
        五、存在问题及改进情况\n\
        人手不足。\n\
        六、其他需要报告的事项\n\
        未收取费用。";

    #[test]
    fn headings_in_order_and_variants() {
        let doc = Document::from_text(TEXT);
        let h = find_headings(&doc);
        let numbers: Vec<u8> = h.iter().map(|h| h.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
        assert_eq!(h[3].line, 11, "the table row 四、结转… is not the heading");
        assert!(h[4].exact.eq(&false), "五、存在问题及改进情况 is a variant");
        assert_eq!(h[0].printed, "一、总体情况");
    }

    #[test]
    fn regions_and_bodies() {
        let doc = Document::from_text(TEXT);
        let h = find_headings(&doc);
        let r = table_regions(&doc, &h);
        assert_eq!(r[0], Some(7..8));
        assert_eq!(r[1], Some(9..11));
        assert_eq!(r[2], Some(12..13));
        let s = sections(&doc, &h, &r);
        assert_eq!(s[0].parts.len(), 2);
        assert_eq!(s[0].parts[0].heading, "（一）主动公开情况。");
        assert_eq!(s[0].parts[0].body, "全年公开信息100条。\n继续做好公开。");
        assert_eq!(s[0].parts[1].heading, "（二）依申请公开情况");
        assert_eq!(s[4].body, "人手不足。");
        assert_eq!(s[2].body, "");
    }

    #[test]
    fn heading_with_text_on_the_same_line() {
        let mut doc = Document::from_text("一、总体情况 2019年，我区公开信息。\n");
        let markers: Vec<&str> = SECTIONS.iter().flat_map(|s| s.label.all()).collect();
        doc.split_around(&markers);
        let h = find_headings(&doc);
        assert_eq!(h[0].printed, "一、总体情况");
        let s = sections(&doc, &h, &[None, None, None]);
        assert_eq!(s[0].body, "2019年，我区公开信息。");
    }
}
