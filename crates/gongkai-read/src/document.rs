//! A decoded source as numbered lines, with pages where the text has form feeds (`pdftotext`
//! puts one between pages) and page-number lines (`-3-`, `第 3 页`) marked as not content.

use gongkai_core::Span;

/// One line of the source.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the source.
    pub number: u32,
    /// 1-based page, when the source has pages.
    pub page: Option<u32>,
    /// Characters of the source line before `text` (non-zero when a line was split).
    pub column: u32,
    pub text: String,
    /// Page furniture (page numbers) rather than content.
    pub furniture: bool,
    /// How the line's cells were told apart.
    pub placed: Placed,
    /// Where parts of `text` came from, when the line was rebuilt from a structured document
    /// (a table row of HTML, DOCX or PDF whose cells each have their own place).
    pub origins: Vec<Origin>,
}

/// How a line's cells were told apart: as printed, or by where their text stands — then the
/// columns its numbers fall in are a guess, and the cells read from it are inferred, never
/// exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Placed {
    /// As the source separates them (spaces, tabs, a grid's cells).
    #[default]
    AsPrinted,
    /// By the positions of a PDF table's text, drawn without borders.
    ByPosition,
    /// Gathered from lines above and below, column by column: `pdftotext -layout` prints the
    /// numbers of two rows set beside one tall label as a stack, one or two per line. Such a
    /// line is text from several lines, not a grid's row.
    Restacked,
}

impl Placed {
    pub fn is_inferred(self) -> bool {
        self != Placed::AsPrinted
    }
}

/// The place of the characters `from..to` of a line's text.
#[derive(Debug, Clone)]
pub struct Origin {
    pub from: u32,
    pub to: u32,
    pub at: Span,
}

/// A line rebuilt from a structured document, field by field, each field remembering its place.
#[derive(Debug, Default)]
pub struct Fields {
    text: String,
    /// Characters in `text`, kept as it grows.
    len: u32,
    origins: Vec<Origin>,
}

impl Fields {
    pub fn new() -> Fields {
        Fields::default()
    }

    /// Puts a separator (a tab between cells, a space between words).
    pub fn separate(&mut self, c: char) {
        self.text.push(c);
        self.len += 1;
    }

    /// Appends a field, placed where `place` says, given the field's span of characters in the
    /// rebuilt line, `from..to` counted from 0. An empty field is placed too: a blank cell of a
    /// grid is still a cell, whose place a finding about it names.
    pub fn push(&mut self, text: &str, place: impl FnOnce(u32, u32) -> Option<Span>) {
        let from = self.len;
        self.text.push_str(text);
        self.len += text.chars().count() as u32;
        if let Some(at) = place(from, self.len) {
            self.origins.push(Origin {
                from,
                to: self.len,
                at,
            });
        }
    }

    pub fn line(self, number: u32, page: Option<u32>) -> Line {
        Line::new(number, page, self.text, self.origins)
    }
}

/// The place of characters `from..to` of rebuilt line `line`: where a diagnostic shows them.
pub fn rebuilt(line: u32, from: u32, to: u32) -> Span {
    Span {
        line,
        column: from + 1,
        end_column: to + 1,
        ..Span::default()
    }
}

impl Line {
    /// A line of rebuilt text.
    pub fn new(number: u32, page: Option<u32>, text: String, origins: Vec<Origin>) -> Line {
        Line {
            number,
            page,
            column: 0,
            furniture: is_page_number(&text),
            placed: Placed::AsPrinted,
            text,
            origins,
        }
    }

    /// Where the characters `from..to` of the text were printed.
    pub fn span(&self, from: u32, to: u32) -> Span {
        // Origins stand in the order of the text and never overlap: the one that can hold
        // `from..to` is the last to start at or before `from`, found by halving (a grid's row
        // of many cells has as many origins as tokens).
        let last = self.origins.partition_point(|o| o.from <= from);
        if let Some(o) = last
            .checked_sub(1)
            .map(|i| &self.origins[i])
            .filter(|o| to <= o.to.max(o.from + 1))
        {
            return o.at;
        }
        Span {
            line: self.number,
            column: self.column + from + 1,
            end_column: self.column + to + 1,
            page: self.page,
            ..Span::default()
        }
    }
}

/// A source's lines.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub lines: Vec<Line>,
    /// A workbook's sheet names, which its cells' places count by.
    pub sheets: Vec<String>,
    /// The publication date (`YYYY-MM-DD`) the file says outside its text: a page's
    /// `<meta name="PubDate">` (which the national rules for government sites ask every
    /// article to carry), a PDF's `CreationDate` (the day the file was made, which it cannot
    /// have been put online before). A DOCX's `dcterms:created` and `modified` are not read:
    /// they are the days someone wrote and last saved the draft, often a template's from
    /// years before, and say nothing of when the report went online.
    pub date: Option<(String, gongkai_core::DateSource)>,
}

impl Document {
    pub fn from_text(text: &str) -> Document {
        let paged = text.contains('\u{c}');
        let mut page = 1;
        let lines = text
            .split('\n')
            .enumerate()
            .map(|(i, raw)| {
                let raw = raw.strip_suffix('\r').unwrap_or(raw);
                // A form feed opens a page: what follows it is on the new page.
                let leading = raw.chars().take_while(|&c| c == '\u{c}').count() as u32;
                page += leading;
                let line_page = page;
                page += raw.matches('\u{c}').count() as u32 - leading;
                let text: String = raw.chars().filter(|&c| c != '\u{c}').collect();
                Line {
                    number: i as u32 + 1,
                    page: paged.then_some(line_page),
                    column: 0,
                    furniture: is_page_number(&text),
                    placed: Placed::AsPrinted,
                    text,
                    origins: Vec::new(),
                }
            })
            .collect::<Vec<Line>>();
        let mut document = Document {
            lines,
            ..Document::default()
        };
        if paged {
            document.mark_bare_page_numbers();
        }
        document.lines = crate::stacked::restack(document.lines);
        document
    }

    /// A bare number alone at the foot of a page, set apart from the page's text by a blank
    /// line, and the page's own number (or the one before it, after an unnumbered cover), is
    /// its page number: `pdftotext -layout` prints the footer's `3` after the table's last row,
    /// where read as a cell it would push that row's numbers out of place. A number at the head
    /// of a page is left alone: a browser carries a row's last cell over the page break there.
    fn mark_bare_page_numbers(&mut self) {
        let blank = |l: &Line| l.text.trim().is_empty();
        let mut start = 0;
        while start < self.lines.len() {
            let page = self.lines[start].page;
            let end = start
                + self.lines[start..]
                    .iter()
                    .take_while(|l| l.page == page)
                    .count();
            let written: Vec<usize> = (start..end).filter(|&i| !blank(&self.lines[i])).collect();
            if let (&[.., before, last], Some(page)) = (&written[..], page) {
                let t = self.lines[last].text.trim();
                let number = (t.len() <= 3 && !t.starts_with('0'))
                    .then(|| t.parse::<u32>().ok())
                    .flatten();
                if number.is_some_and(|n| n == page || n + 1 == page) && last > before + 1 {
                    self.lines[last].furniture = true;
                }
            }
            start = end;
        }
    }
}

impl Document {
    /// Gives each occurrence of a marker (a section heading) a line of its own: flattened pages
    /// run headings, tables and prose together on one line.
    pub fn split_around(&mut self, markers: &[&str]) {
        // One searcher per marker for all the lines: preparing a search costs more than
        // running it over a short line.
        let finders: Vec<memchr::memmem::Finder> = markers
            .iter()
            .filter(|m| !m.is_empty())
            .map(memchr::memmem::Finder::new)
            .collect();
        let mut out = Vec::with_capacity(self.lines.len());
        for line in self.lines.drain(..) {
            let mut cuts: Vec<usize> = Vec::new();
            for f in &finders {
                let mut at = 0;
                while let Some(i) = f.find(&line.text.as_bytes()[at..]) {
                    cuts.push(at + i);
                    cuts.push(at + i + f.needle().len());
                    at += i + f.needle().len();
                }
            }
            cuts.retain(|&c| c > 0 && c < line.text.len());
            if cuts.is_empty() {
                out.push(line);
                continue;
            }
            cuts.sort_unstable();
            cuts.dedup();
            let mut from = 0;
            for cut in cuts.into_iter().chain(std::iter::once(line.text.len())) {
                let piece = &line.text[from..cut];
                if !piece.trim().is_empty() {
                    let skip = line.text[..from].chars().count() as u32;
                    let len = piece.chars().count() as u32;
                    out.push(Line {
                        column: line.column + skip,
                        text: piece.to_string(),
                        // Origins overlapping the piece, cut to it: a paragraph's place is
                        // also the place of each heading split out of it.
                        origins: line
                            .origins
                            .iter()
                            .filter(|o| o.from < skip + len && o.to > skip)
                            .map(|o| Origin {
                                from: o.from.max(skip) - skip,
                                to: o.to.min(skip + len) - skip,
                                at: o.at,
                            })
                            .collect(),
                        ..line.clone()
                    });
                }
                from = cut;
            }
        }
        self.lines = out;
    }
}

/// Site chrome around a report on a web page: breadcrumbs, dates, view counts, the links and
/// buttons under the article.
pub fn is_chrome(line: &str) -> bool {
    let t = line.trim();
    t.contains('>')
        || t.starts_with("首页")
        || t.contains("发布日期")
        || t.contains("浏览次数")
        || t.contains("信息来源")
        || t.starts_with("索引号")
        || t.starts_with("图解")
        || t.starts_with("附件下载")
        || t.starts_with("扫一扫")
        || t.starts_with("【打印")
        || t.starts_with("打印本页")
}

/// `-3-`, `— 3 —`, `- 12 -`, `第3页`, `第 3 页 共 5 页`, `3 / 5`.
fn is_page_number(line: &str) -> bool {
    let s: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return false;
    }
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let dashes = ['-', '—', '–', '－', '―'];
    if let Some(inner) = s.strip_prefix(dashes).and_then(|t| t.strip_suffix(dashes)) {
        return digits(inner.trim_matches(dashes));
    }
    if let Some(rest) = s.strip_prefix('第') {
        if let Some((n, tail)) = rest.split_once('页') {
            return digits(n)
                && (tail.is_empty()
                    || tail
                        .strip_prefix('共')
                        .and_then(|t| t.strip_suffix('页'))
                        .is_some_and(digits));
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        for s in ["-3-", "  — 3 —", "- 12 -", "第3页", "第 3 页 共 5 页"] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["3", "-3", "0", "第二十条第（一）项", "3/5", "规章 0 0 0"] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    #[test]
    fn pages_follow_form_feeds() {
        let d = Document::from_text("a\r\nb\n\u{c}c\nd\u{c}\ne");
        let pages: Vec<_> = d.lines.iter().map(|l| l.page).collect();
        assert_eq!(pages, [Some(1), Some(1), Some(2), Some(2), Some(3)]);
        assert_eq!(d.lines[2].text, "c");
        assert_eq!(d.lines[0].text, "a");
        let mut d = Document::from_text("甲 二、标题 乙\n二、标题\n丙");
        d.split_around(&["二、标题"]);
        let texts: Vec<(&str, u32, u32)> = d
            .lines
            .iter()
            .map(|l| (l.text.as_str(), l.number, l.column))
            .collect();
        assert_eq!(
            texts,
            [
                ("甲 ", 1, 0),
                ("二、标题", 1, 2),
                (" 乙", 1, 6),
                ("二、标题", 2, 0),
                ("丙", 3, 0)
            ]
        );
        let d = Document::from_text("a\nb");
        assert_eq!(d.lines[1].page, None);
        assert!(!d.lines[1].furniture);
    }

    #[test]
    fn a_bare_number_set_apart_at_a_page_foot_is_its_number() {
        let d = Document::from_text(
            "规章 0 0 0\n行政许可 12\n\n\n   1\n\u{c}7\n\n表三\n甲 5\n\n12\n\n2\n\u{c}乙 1\n\n9\n",
        );
        let furniture: Vec<(&str, bool)> = d
            .lines
            .iter()
            .map(|l| (l.text.trim(), l.furniture))
            .filter(|(t, _)| !t.is_empty())
            .collect();
        assert_eq!(
            furniture,
            [
                ("规章 0 0 0", false),
                ("行政许可 12", false),
                ("1", true),
                ("7", false),
                ("表三", false),
                ("甲 5", false),
                ("12", false),
                ("2", true),
                ("乙 1", false),
                ("9", false),
            ]
        );
        // A number on the line right under a row is that row's, page edge or not.
        let d = Document::from_text("行政许可\n12\n\u{c}下一页");
        assert!(!d.lines[1].furniture);
        assert_eq!(d.lines[1].number, 2);
    }
}
