//! Reading the report's prose: sentences with where they were printed, and the counts they
//! state, written in Arabic or Chinese numerals (`21件`, `二十一件`, `1.2万件`, `3,119件`).
//!
//! The narrative rules look for a few fixed phrasings and keep to the sentence's subject: a
//! count is taken only when it follows its keyword closely, within the same clause, and
//! sentences about something else (complaints, comparisons with last year) are passed over.
//! Fewer, precise claims beat many doubtful ones.

use gongkai_core::{Report, Span};

/// A sentence of the report's prose, without spaces.
#[derive(Clone, Debug)]
pub struct Sentence {
    pub chars: Vec<char>,
    /// The section (1 to 6) it belongs to.
    pub section: u8,
    /// Section 一's part (1 to 5) when the sentence is under one.
    pub part: Option<u8>,
    pub at: Option<Span>,
}

impl Sentence {
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    pub fn contains(&self, word: &str) -> bool {
        self.find(word, 0).is_some()
    }

    pub fn contains_any(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.contains(w))
    }

    /// The character index of `word` at or after `from`.
    pub fn find(&self, word: &str, from: usize) -> Option<usize> {
        let w: Vec<char> = word.chars().collect();
        if w.is_empty() || self.chars.len() < w.len() {
            return None;
        }
        (from..=self.chars.len() - w.len()).find(|&i| self.chars[i..i + w.len()] == w[..])
    }

    /// Every index where one of `words` starts, with the word's length, in order.
    pub fn find_all(&self, words: &[&str]) -> Vec<(usize, usize)> {
        let mut hits: Vec<(usize, usize)> = Vec::new();
        for w in words {
            let mut from = 0;
            while let Some(i) = self.find(w, from) {
                let len = w.chars().count();
                hits.push((i, len));
                from = i + len;
            }
        }
        hits.sort();
        // Keep the longest word at each place and drop words inside others.
        let mut out: Vec<(usize, usize)> = Vec::new();
        for (i, len) in hits {
            match out.last_mut() {
                Some(last) if i < last.0 + last.1 => {
                    if i == last.0 && len > last.1 {
                        last.1 = len;
                    }
                }
                _ => out.push((i, len)),
            }
        }
        out
    }

    /// The bounds of the clause holding index `at`.
    pub fn clause(&self, at: usize) -> (usize, usize) {
        let from = self.chars[..at.min(self.chars.len())]
            .iter()
            .rposition(|c| is_clause_mark(*c))
            .map_or(0, |i| i + 1);
        let to = self.chars[at.min(self.chars.len())..]
            .iter()
            .position(|c| is_clause_mark(*c))
            .map_or(self.chars.len(), |i| at + i);
        (from, to)
    }

    /// A count that follows index `from` within `gap` characters and in the same clause:
    /// `受理政府信息公开申请21件` read from after `受理`. The characters skipped may not hold
    /// digits of another number.
    pub fn count_after(&self, from: usize, gap: usize) -> Option<Count> {
        let mut i = from;
        while i < self.chars.len() && i <= from + gap {
            let c = self.chars[i];
            if is_clause_mark(c) || c == '（' || c == '(' {
                return None;
            }
            if let Some(count) = read_count(&self.chars, i) {
                return Some(count);
            }
            if is_digit(c) {
                // A number without a count unit (a year, a percentage) ends the search.
                return None;
            }
            i += 1;
        }
        None
    }

    /// A count that ends at most `gap` characters before index `to`: `3件予以公开`.
    pub fn count_before(&self, to: usize, gap: usize) -> Option<Count> {
        let from = to.saturating_sub(gap + 8);
        let mut best = None;
        for i in from..to {
            if let Some(c) = read_count(&self.chars, i) {
                if c.end <= to && to - c.end <= gap && (i == 0 || !is_digit(self.chars[i - 1])) {
                    let between = &self.chars[c.end..to];
                    if !between.iter().any(|c| is_clause_mark(*c) || is_digit(*c)) {
                        best = Some(c);
                    }
                }
            }
        }
        best
    }
}

/// A count stated in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Count {
    pub value: i64,
    /// The index just past the unit.
    pub end: usize,
}

fn is_clause_mark(c: char) -> bool {
    matches!(
        c,
        '，' | ',' | '。' | '；' | ';' | '、' | '：' | ':' | '！' | '？' | '）' | ')'
    )
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || chinese_digit(c).is_some() || matches!(c, '十' | '百' | '千')
}

/// The units requests and cases are counted in.
pub const UNITS: &[char] = &['件', '起', '个', '宗', '条', '例', '份', '项', '次', '人'];

/// Reads a number starting exactly at `i` and followed by a count unit.
pub fn read_count(chars: &[char], i: usize) -> Option<Count> {
    let (value, mut end) = read_number(chars, i)?;
    if chars.get(end) == Some(&'万') {
        end += 1;
        let v = value * 10_000.0;
        return unit_after(chars, end).map(|end| Count {
            value: v.round() as i64,
            end,
        });
    }
    if value.fract() != 0.0 {
        return None;
    }
    unit_after(chars, end).map(|end| Count {
        value: value as i64,
        end,
    })
}

fn unit_after(chars: &[char], i: usize) -> Option<usize> {
    // `21 件` and `21余件` (about 21: not exact, so not taken).
    match chars.get(i) {
        // `一个月`, `一个工作日`: a time, not a count.
        Some('个') if matches!(chars.get(i + 1), Some('月' | '工' | '小' | '星')) => None,
        Some(c) if UNITS.contains(c) => Some(i + 1),
        _ => None,
    }
}

/// Reads an Arabic (`3,119`, `1.2`) or Chinese (`二十一`, `一百零五`) number at `i`.
pub fn read_number(chars: &[char], i: usize) -> Option<(f64, usize)> {
    if i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.') {
        return None;
    }
    if chars.get(i)?.is_ascii_digit() {
        let mut end = i;
        let mut text = String::new();
        while let Some(&c) = chars.get(end) {
            if c.is_ascii_digit() {
                text.push(c);
            } else if (c == ',' || c == '，')
                && chars
                    .get(end + 1..end + 4)
                    .is_some_and(|d| d.iter().all(|c| c.is_ascii_digit()))
                && !chars.get(end + 4).is_some_and(|c| c.is_ascii_digit())
            {
                // A thousands separator: exactly three digits follow.
            } else if c == '.' && chars.get(end + 1).is_some_and(|c| c.is_ascii_digit()) {
                text.push(c);
            } else {
                break;
            }
            end += 1;
        }
        return text.parse().ok().map(|v| (v, end));
    }
    read_chinese(chars, i)
}

fn chinese_digit(c: char) -> Option<i64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Chinese numerals up to the thousands: `二十一`, `一百零五`, `十二`, `两千三百`.
fn read_chinese(chars: &[char], i: usize) -> Option<(f64, usize)> {
    // `一是`, `第一`, `之一` are ordinals, not counts.
    if i > 0 && matches!(chars[i - 1], '第' | '之' | '初' | '其') {
        return None;
    }
    let mut total = 0i64;
    let mut digit: Option<i64> = None;
    let mut end = i;
    while let Some(&c) = chars.get(end) {
        if let Some(d) = chinese_digit(c) {
            // `零` holds a place (`一百零五`); two digits in a row are not a number.
            if digit.is_some_and(|d| d != 0) {
                return None;
            }
            digit = Some(d);
        } else {
            let scale = match c {
                '十' => 10,
                '百' => 100,
                '千' => 1000,
                _ => break,
            };
            total += digit.unwrap_or(1) * scale;
            digit = None;
        }
        end += 1;
    }
    if end == i {
        return None;
    }
    total += digit.unwrap_or(0);
    Some((total as f64, end))
}

/// The sentences of sections 一, 三, 四 and 六: where the report states its counts in words.
pub fn sentences(report: &Report) -> Vec<Sentence> {
    let mut out = Vec::new();
    for section in &report.sections {
        if !matches!(section.number, 1 | 3 | 4 | 6) {
            continue;
        }
        // Lines wrap inside sentences; join them, remembering where each character was.
        let mut chars: Vec<char> = Vec::new();
        let mut origin: Vec<Option<Span>> = Vec::new();
        for (k, line) in section.body.split('\n').enumerate() {
            let span = section.lines.get(k).copied();
            for (col, c) in line.chars().enumerate() {
                if c.is_whitespace() {
                    continue;
                }
                chars.push(c);
                // Rebuilt lines (DOCX, PDF, an HTML paragraph) point at their block; text lines
                // at the character.
                origin.push(span.map(|s| {
                    if s.end_column > s.column + col as u32 {
                        Span {
                            column: s.column + col as u32,
                            end_column: s.column + col as u32 + 1,
                            ..s
                        }
                    } else {
                        s
                    }
                }));
            }
        }
        let mut part = None;
        let mut start = 0;
        for i in 0..=chars.len() {
            let end_here = i == chars.len() || matches!(chars[i], '。' | '！' | '？' | '；' | ';');
            if !end_here {
                continue;
            }
            let mut from = start;
            start = i + 1;
            if from >= i {
                continue;
            }
            if section.number == 1 {
                if let Some(p) = part_marker(&chars[from..i]) {
                    part = Some(p);
                    // The part's heading (`（二）依申请公开情况`) is not part of the sentence.
                    if let Some(close) = chars[from..i].iter().position(|&c| c == '）' || c == ')')
                    {
                        let heading_end = from + close + 1;
                        let rest = &chars[heading_end..i];
                        if rest.iter().take(10).any(|&c| c == '况') {
                            from =
                                heading_end + rest.iter().position(|&c| c == '况').unwrap_or(0) + 1;
                        }
                    }
                }
            }
            if from >= i {
                continue;
            }
            out.push(Sentence {
                chars: chars[from..i].to_vec(),
                section: section.number,
                part: if section.number == 1 { part } else { None },
                at: origin[from],
            });
        }
    }
    out
}

/// Which part of section 一 a sentence opens: `（二）依申请公开情况。…` → 2.
fn part_marker(chars: &[char]) -> Option<u8> {
    let s: String = chars.iter().take(4).collect();
    let s = s.replace('(', "（").replace(')', "）");
    ["（一）", "（二）", "（三）", "（四）", "（五）"]
        .iter()
        .position(|m| s.starts_with(m))
        .map(|p| p as u8 + 1)
}

/// Words that say a sentence compares with another period or counts something else.
pub const COMPARISON: &[&str] = &[
    "同比",
    "较上年",
    "比上年",
    "较去年",
    "比去年",
    "增长",
    "下降",
    "增加",
    "减少",
    "上升",
    "环比",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn count(s: &str) -> Option<i64> {
        read_count(&chars(s), 0).map(|c| c.value)
    }

    #[test]
    fn numbers_in_every_form() {
        assert_eq!(count("21件"), Some(21));
        assert_eq!(count("二十一件"), Some(21));
        assert_eq!(count("十二件"), Some(12));
        assert_eq!(count("一百零五件"), Some(105));
        assert_eq!(count("两千三百件"), Some(2300));
        assert_eq!(count("1.2万件"), Some(12000));
        assert_eq!(count("3,119件"), Some(3119));
        assert_eq!(count("0起"), Some(0));
        assert_eq!(count("零起"), Some(0));
        assert_eq!(count("2022年"), None);
        assert_eq!(count("1.5件"), None);
        assert_eq!(count("100%"), None);
    }

    fn sentence(s: &str) -> Sentence {
        Sentence {
            chars: chars(s),
            section: 1,
            part: Some(2),
            at: None,
        }
    }

    #[test]
    fn counts_after_and_before_keywords() {
        let s = sentence("2023年全区受理政府信息公开申请21件");
        let at = s.find("受理", 0).unwrap() + 2;
        assert_eq!(s.count_after(at, 12).map(|c| c.value), Some(21));
        let s = sentence("受理8件,其中3件予以公开");
        let at = s.find("予以公开", 0).unwrap();
        assert_eq!(s.count_before(at, 2).map(|c| c.value), Some(3));
        // Across a clause mark: not taken.
        let s = sentence("行政复议，共21件");
        assert_eq!(s.count_after(4, 12), None);
    }

    #[test]
    fn sentences_keep_their_part_and_place() {
        let text = "某县2022年度政府信息公开工作年度报告\n一、总体情况\n（一）主动公开情况。公开信息100条。\n（二）依申请公开情况。全年收到申请\n21件。\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 21 0 0 0 0 0 21\n";
        let r = gongkai_read::read_text("t.txt", text, "UTF-8").unwrap();
        let s = sentences(&r);
        let got: Vec<(String, Option<u8>)> = s.iter().map(|s| (s.text(), s.part)).collect();
        assert!(
            got.contains(&("全年收到申请21件".to_string(), Some(2))),
            "{got:?}"
        );
        let at = s
            .iter()
            .find(|s| s.text().starts_with("全年"))
            .unwrap()
            .at
            .unwrap();
        assert_eq!((at.line, at.column), (4, 12));
    }
}

/// Whether a sentence is about requests for disclosure: it sits under section 一's （二）依申请
/// 公开情况 or in section 三, or it says 申请.
pub fn about_requests(s: &Sentence) -> bool {
    s.part == Some(2) || s.section == 3 || s.contains("申请")
}

/// Subjects that are not requests for disclosure, though counted in the same words.
pub const NOT_REQUESTS: &[&str] = &[
    "复议",
    "诉讼",
    "信访",
    "举报",
    "投诉",
    "咨询",
    "建议",
    "提案",
    "热线",
    "来电",
    "留言",
    "主动公开",
    "培训",
    "督办",
    "转办",
];

/// The first index of `其中` (what follows breaks a count down), or the sentence's end.
pub fn breakdown_start(s: &Sentence) -> usize {
    s.find("其中", 0).unwrap_or(s.chars.len())
}

/// What a sentence about table 四 is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// 行政复议
    Review,
    /// 行政诉讼, with or without a review before it
    Litigation,
}

impl Case {
    pub const ALL: [Case; 2] = [Case::Review, Case::Litigation];

    /// The groups of table 四 the subject covers.
    pub fn groups(self) -> &'static [&'static str] {
        match self {
            Case::Review => &["review"],
            Case::Litigation => &["litigation_direct", "litigation_after_review"],
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Case::Review => "行政复议",
            Case::Litigation => "行政诉讼",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Case::Review => "administrative reviews",
            Case::Litigation => "lawsuits",
        }
    }

    /// Where the subject is named in a sentence: `复议` that is not `未经复议` or `复议后起诉`,
    /// and `诉讼`.
    pub fn mentions(self, s: &Sentence) -> Vec<(usize, usize)> {
        match self {
            Case::Review => s
                .find_all(&["行政复议", "复议"])
                .into_iter()
                .filter(|&(i, len)| {
                    let before: String = s.chars[i.saturating_sub(2)..i].iter().collect();
                    let after: String = s.chars[i + len..(i + len + 2).min(s.chars.len())]
                        .iter()
                        .collect();
                    before != "未经" && after != "后起" && after != "后提"
                })
                .collect(),
            Case::Litigation => s.find_all(&["行政诉讼", "诉讼"]),
        }
    }
}
