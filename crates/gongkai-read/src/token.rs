//! Cutting table lines into tokens: labels and values, each with its span.
//!
//! One tokenizer serves every text layout. Tabs separate cells (Word → text); runs of two or
//! more spaces separate columns (`pdftotext -layout`); a label followed by single-spaced
//! numbers (`规章 0 0 0`, flattened HTML) is cut before the numbers. A line holding only a tab
//! is an empty cell of a one-cell-per-line export, and an empty field between tabs is an empty
//! cell too: both become [`Kind::Blank`], which the aligner uses only where a row lacks numbers.

use crate::document::{Line, Placed};
use gongkai_core::normalize::normalize;
use gongkai_core::value::{parse_printed, Printed, Value};
use gongkai_core::{Certainty, Inference, Span};

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A number or a no-number marker (`/`, `—`, `无`).
    Value(Printed),
    /// An empty cell.
    Blank,
    /// Anything else: a label, a header word, noise.
    Text,
}

#[derive(Debug, Clone)]
pub struct Token {
    /// The token as printed, trimmed.
    pub raw: String,
    /// [`normalize`]d, for label matching.
    pub norm: String,
    pub kind: Kind,
    pub span: Span,
    /// How sure its reading is: exact unless something had to be inferred to read it where
    /// it stands.
    pub certainty: Certainty,
    /// Printed in a row of a grid (a table of HTML, DOCX, a workbook, Markdown, or a PDF's
    /// text placed by gongkai), not in free text.
    pub grid: bool,
}

impl Token {
    pub fn is_value(&self) -> bool {
        matches!(self.kind, Kind::Value(_))
    }

    pub fn is_text(&self) -> bool {
        self.kind == Kind::Text
    }
}

/// Tokens of the given lines, page furniture left out.
pub fn tokenize(lines: &[Line]) -> Vec<Token> {
    let mut out = Vec::new();
    for line in lines.iter().filter(|l| !l.furniture) {
        tokenize_line(line, &mut out);
    }
    out
}

fn tokenize_line(line: &Line, out: &mut Vec<Token>) {
    let chars: Vec<char> = line.text.chars().collect();
    if chars.iter().all(|c| c.is_whitespace()) {
        if chars.contains(&'\t') {
            out.push(token(line, String::new(), Kind::Blank, 0, 0));
        }
        return;
    }
    // Tab-separated fields: [start, end) in chars.
    let mut fields = Vec::new();
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c == '\t' {
            fields.push((start, i));
            start = i + 1;
        }
    }
    fields.push((start, chars.len()));
    let first = fields.iter().position(|&(s, e)| !blank(&chars[s..e]));
    // A table row rebuilt from a grid (HTML, DOCX, a workbook) keeps its empty cells at the
    // end: they are cells. In text, trailing tabs after a label are only layout.
    let last = if line.origins.is_empty() {
        fields.iter().rposition(|&(s, e)| !blank(&chars[s..e]))
    } else {
        first.map(|_| fields.len() - 1)
    };
    let (Some(first), Some(last)) = (first, last) else {
        return;
    };
    for &(s, e) in &fields[first..=last] {
        if blank(&chars[s..e]) {
            out.push(token(line, String::new(), Kind::Blank, s, e));
        } else {
            split_field(line, &chars, s, e, out);
        }
    }
}

fn blank(chars: &[char]) -> bool {
    chars.iter().all(|c| c.is_whitespace())
}

/// Splits a field at runs of two or more spaces, then cuts trailing single-spaced values.
fn split_field(line: &Line, chars: &[char], s: usize, e: usize, out: &mut Vec<Token>) {
    let mut pieces = Vec::new();
    let mut i = s;
    while i < e {
        while i < e && chars[i].is_whitespace() {
            i += 1;
        }
        if i >= e {
            break;
        }
        let begin = i;
        let mut end = i;
        while i < e {
            if chars[i].is_whitespace() {
                let run_start = i;
                while i < e && chars[i].is_whitespace() {
                    i += 1;
                }
                // One ideographic space, or two spaces of any kind, separate columns.
                let wide = i - run_start >= 2 || chars[run_start] == '\u{3000}';
                if wide || i >= e {
                    break;
                }
            } else {
                i += 1;
                end = i;
            }
        }
        pieces.push((begin, end));
    }
    for (b, e) in pieces {
        split_piece(line, chars, b, e, out);
    }
}

/// A piece of a line whose words are separated by single spaces.
///
/// Usually a label, a label followed by its numbers (`规章 0 0 0`), or numbers (`0 0 0`): the
/// trailing numbers are cut off and the label stays whole (`4.无正当理由大量反复 申请`). A piece
/// with many numbers among its words is a flattened table (`规章 0 0 0 行政规范性文件 12 3 87
/// …`): every word is a token of its own, the words of a bracketed note together. Numbers inside
/// brackets belong to a label's note (`（单位：万元，保留 4 位小数）`) and a unit after a number
/// belongs to it (`73802895.90 元`).
fn split_piece(line: &Line, chars: &[char], b: usize, e: usize, out: &mut Vec<Token>) {
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut i = b;
    let mut depth = 0i32;
    // Whether digits ran into words: the cells of a flattened table, each its own token.
    let mut glued = false;
    while i < e {
        while i < e && chars[i].is_whitespace() {
            i += 1;
        }
        let w = i;
        while i < e && !chars[i].is_whitespace() {
            i += 1;
        }
        if w < i {
            let before = words.len();
            unglue(chars, w, i, &mut depth, &mut words);
            glued |= words.len() > before + 1;
        }
    }
    let text = |(w, x): (usize, usize)| string_of(&chars[w..x]);
    // Which words are numbers: not inside brackets.
    let mut depth: i32 = 0;
    let mut number = Vec::with_capacity(words.len());
    let mut bracketed = Vec::with_capacity(words.len());
    for &word in &words {
        let t = text(word);
        let is_number =
            depth <= 0 && parse_printed(&t).is_some_and(|p| matches!(p.value, Value::Number(_)));
        number.push(is_number);
        bracketed.push(depth > 0);
        depth += t.chars().filter(|c| matches!(c, '（' | '(')).count() as i32;
        depth -= t.chars().filter(|c| matches!(c, '）' | ')')).count() as i32;
    }
    // A bracket left open at the piece's end is a note wrapped onto the next line
    // (`（二）部分公开（区分处理的，…不计其 10  0 …` / `他情形）`): the numbers after its last word
    // are the row's, not the note's.
    if depth > 0 {
        let after_text = words
            .iter()
            .rposition(|&w| {
                parse_printed(&text(w)).is_none_or(|p| !matches!(p.value, Value::Number(_)))
            })
            .map_or(0, |k| k + 1);
        for k in after_text..words.len() {
            number[k] = true;
            bracketed[k] = false;
        }
    }
    let numbers = number.iter().filter(|&&n| n).count();
    // A number between two words is a cell of a table flattened onto one line (`行政强制 0
    // 第二十条第（八）项 …`), unless the word after it continues it (`2023 年`, `3 件`).
    let between_words = (1..words.len().saturating_sub(1)).any(|k| {
        number[k]
            && !number[k - 1]
            && !number[k + 1]
            && chars[words[k + 1].0..words[k + 1].1]
                .first()
                .is_some_and(|&c| is_cjk(c) && !CONTINUES_A_NUMBER.contains(c))
    });
    let flattened = glued || between_words || (words.len() >= 8 && numbers >= 4);
    let mut k = 0;
    let mut run: Option<(usize, usize)> = None;
    let flush = |run: &mut Option<(usize, usize)>, out: &mut Vec<Token>| {
        if let Some((rb, re)) = run.take() {
            push_text_or_value(line, chars, rb, re, out);
        }
    };
    let n = words.len();
    // Whether every word from `k` on is a number (and every one from `k` to the last but
    // one): known from the last word that is not, found once rather than at every word,
    // which would take a piece of many numbers a time that grows with their square.
    let last_word = number.iter().rposition(|&n| !n);
    let last_word_but_one = number[..n.saturating_sub(1)].iter().rposition(|&n| !n);
    while k < n {
        let (w, x) = words[k];
        // Trailing numbers of a plain piece, or any number of a flattened one.
        let tail = last_word.is_none_or(|l| l < k)
            || (n >= 2
                && k <= n - 2
                && last_word_but_one.is_none_or(|l| l < k)
                && unit_follows(&words, &number, n - 2, chars));
        let cut_here = number[k] && (flattened || tail);
        if cut_here {
            flush(&mut run, out);
            if unit_follows(&words, &number, k, chars) {
                let (uw, ux) = words[k + 1];
                let joined = string_of(&[&chars[w..x], &chars[uw..ux]].concat());
                let printed = parse_printed(&joined).expect("checked by unit_follows");
                out.push(token(line, text((w, ux)), Kind::Value(printed), w, ux));
                k += 2;
                continue;
            }
            push_text_or_value(line, chars, w, x, out);
        } else {
            // In a flattened table every cell is a word of its own; a word inside brackets
            // continues the note it is in.
            // A word opening with an ordinal (`2.申请人…`, `（三）…`) opens a label of its own,
            // though a wrapped group label stands before it on the line (`（六）其他处 2.申请人…`).
            if (flattened || opens_label(&chars[w..x])) && !bracketed[k] {
                flush(&mut run, out);
            }
            run = Some(run.map_or((w, x), |(rb, _)| (rb, x)));
        }
        k += 1;
    }
    flush(&mut run, out);
}

/// Words that go on from a number in prose (`2022年`, `3 件`, `60%`, `第 3 页`): a number
/// before one is no table cell.
const CONTINUES_A_NUMBER: &str = "年月日号时分秒%％件个项条位名次天岁万亿人家期场篇页";

/// Cuts a word where digits run into words with no space between them, as pages flattened by
/// crawlers print tables (`规章000行政规范性文件417`, `0规范性文件`, `00000002.其他…`): the digits
/// become a word of their own, and an ordinal (`2.`, `3、`) goes with the label it opens.
/// Digits inside brackets belong to a note (`（单位：万元，保留4位小数）`); digits followed by a
/// unit stay with it (`45.82万元`); digits followed by a word of dates or counts that no cell
/// prints (`2022年`, `60%`) are prose and are left as they are. `depth` carries the brackets
/// open across words.
fn unglue(chars: &[char], w: usize, x: usize, depth: &mut i32, out: &mut Vec<(usize, usize)>) {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    // A sign between digits (`78+10`: 78 | +1 | 0) opens a number as a word does.
    let signed = (w + 1..x.saturating_sub(1))
        .any(|i| matches!(chars[i], '+' | '-') && digit(chars[i - 1]) && digit(chars[i + 1]));
    let mixed =
        chars[w..x].iter().any(|&c| digit(c)) && (signed || chars[w..x].iter().any(|&c| is_cjk(c)));
    if !mixed {
        track_brackets(&chars[w..x], depth);
        out.push((w, x));
        return;
    }
    let mut start = w;
    let mut i = w;
    while i < x {
        let c = chars[i];
        if *depth > 0 || !digit(c) {
            track_brackets(&chars[i..=i], depth);
            i += 1;
            continue;
        }
        // A run of digits, with a decimal point between digits; a sign between digits opens
        // the next number (a 2019 本年增/减 run into its row: `16-2119`).
        let run = if i > w && matches!(chars[i - 1], '-' | '+') && i > start {
            i - 1
        } else {
            i
        };
        while i < x && (digit(chars[i]) || (chars[i] == '.' && i + 1 < x && digit(chars[i + 1]))) {
            i += 1;
        }
        if in_prose(chars, i, x, *depth) {
            continue;
        }
        let next = chars.get(i).copied().filter(|_| i < x);
        let after = chars.get(i + 1).copied().filter(|_| i + 1 < x);
        let ordinal = matches!(next, Some('.' | '．' | '、')) && after.is_some_and(|a| !digit(a));
        if ordinal {
            // The last digit opens the next label; the digits before it are a cell's.
            let own_end = i - 1;
            if own_end > run {
                push_word(out, start, run);
                out.push((run, own_end));
            } else {
                push_word(out, start, run);
            }
            start = own_end;
            continue;
        }
        let rest: String = chars[i..x].iter().take(2).collect();
        if let Some(unit) = ["万元", "元", "笔"].iter().find(|u| rest.starts_with(*u)) {
            push_word(out, start, run);
            let end = i + unit.chars().count();
            out.push((run, end));
            start = end;
            i = end;
            continue;
        }
        if next.is_some_and(|c| CONTINUES_A_NUMBER.contains(c)) {
            continue;
        }
        push_word(out, start, run);
        out.push((run, i));
        start = i;
    }
    push_word(out, start, x);
}

/// `2.申请人…`, `3、其他`, `（三）不予公开`, `四、结转…`: a word that opens with an ordinal and
/// goes on with a word.
fn opens_label(word: &[char]) -> bool {
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    match word {
        [d, '.' | '、' | '．', c, ..] if d.is_ascii_digit() => is_cjk(*c),
        ['（' | '(', rest @ ..] => {
            let n = rest.iter().take_while(|&&c| numeral(c)).count();
            n > 0
                && matches!(rest.get(n), Some('）' | ')'))
                && rest.get(n + 1).is_some_and(|&c| is_cjk(c))
        }
        [n, '、', c, ..] => numeral(*n) && is_cjk(*c),
        _ => false,
    }
}

/// Whether the digits ending before `at` stand in a sentence: one that ends (`，` `。` `；`
/// outside brackets) soon after them. A table's labels and numbers run on with no such mark.
fn in_prose(chars: &[char], at: usize, x: usize, depth: i32) -> bool {
    let mut depth = depth;
    for &c in chars[at..x].iter().take(40) {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = (depth - 1).max(0),
            '，' | '。' | '；' | '！' | '？' | ',' if depth == 0 => return true,
            _ => {}
        }
    }
    false
}

fn push_word(out: &mut Vec<(usize, usize)>, from: usize, to: usize) {
    if from < to {
        out.push((from, to));
    }
}

fn track_brackets(chars: &[char], depth: &mut i32) {
    for &c in chars {
        match c {
            '（' | '(' => *depth += 1,
            '）' | ')' => *depth = (*depth - 1).max(0),
            _ => {}
        }
    }
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
        || ('\u{3000}'..='\u{303f}').contains(&c)
        || ('\u{ff00}'..='\u{ffef}').contains(&c)
}

/// `73802895.90 元`: a number followed by a unit word, the pair ending the piece or followed
/// by another number.
fn unit_follows(words: &[(usize, usize)], number: &[bool], k: usize, chars: &[char]) -> bool {
    let Some(&(uw, ux)) = words.get(k + 1) else {
        return false;
    };
    if number[k + 1] || !(k + 2 == words.len() || number[k + 2]) {
        return false;
    }
    let (w, x) = words[k];
    let joined = string_of(&[&chars[w..x], &chars[uw..ux]].concat());
    parse_printed(&joined).is_some_and(|p| p.unit.is_some())
}

fn push_text_or_value(line: &Line, chars: &[char], b: usize, e: usize, out: &mut Vec<Token>) {
    let raw = string_of(&chars[b..e]);
    let kind = match parse_printed(&raw) {
        Some(p) => Kind::Value(p),
        None => Kind::Text,
    };
    out.push(token(line, raw, kind, b, e));
}

/// The text of some characters, in one allocation (collecting 3-byte characters into a
/// `String` grows it several times).
fn string_of(chars: &[char]) -> String {
    let mut s = String::with_capacity(chars.iter().map(|c| c.len_utf8()).sum());
    s.extend(chars);
    s
}

fn token(line: &Line, raw: String, kind: Kind, b: usize, e: usize) -> Token {
    Token {
        norm: normalize(&raw),
        raw,
        kind,
        span: line.span(b as u32, e as u32),
        grid: !line.origins.is_empty() && line.placed != Placed::Restacked,
        certainty: if line.placed.is_inferred() {
            Certainty::Uncertain(Inference::Position)
        } else {
            Certainty::Exact
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<(String, char)> {
        let line = Line {
            number: 1,
            page: None,
            column: 0,
            text: text.to_string(),
            furniture: false,
            placed: Placed::AsPrinted,
            origins: Vec::new(),
        };
        let mut out = Vec::new();
        tokenize_line(&line, &mut out);
        out.into_iter()
            .map(|t| {
                let k = match t.kind {
                    Kind::Value(_) => 'v',
                    Kind::Blank => 'b',
                    Kind::Text => 't',
                };
                (t.raw, k)
            })
            .collect()
    }

    fn kinds(text: &str) -> String {
        toks(text).into_iter().map(|t| t.1).collect()
    }

    #[test]
    fn tabs_with_interior_blanks() {
        assert_eq!(kinds("\t(七) 总计\t\t8\t0\t8\t"), "tbvvv");
        assert_eq!(kinds("规章\t0\t0\t0"), "tvvv");
        assert_eq!(kinds("\t"), "b");
        assert_eq!(kinds(""), "");
        assert_eq!(kinds("行政许可\t0\t\t"), "tv");
    }

    #[test]
    fn layout_columns() {
        let t = toks(
            "一、本年新收政府信息公开申请数量                             21    0      0     21",
        );
        assert_eq!(t[0].0, "一、本年新收政府信息公开申请数量");
        assert_eq!(
            kinds("行政规范性文件          0          5       5"),
            "tvvv"
        );
        assert_eq!(
            kinds("                 4.无正当理由大量反复 申请        0    0"),
            "tvv"
        );
        assert_eq!(kinds(" 三 、本 年 度办 理 结果"), "t");
        assert_eq!(kinds("10    1      0   0    0"), "vvvvv");
    }

    #[test]
    fn single_spaced_numbers_after_a_label() {
        assert_eq!(kinds("规章 0 0 0"), "tvvv");
        assert_eq!(kinds("0 0 0 0 5"), "vvvvv");
        assert_eq!(
            toks("政府集中采购 395 73802895.90 元")[2].0,
            "73802895.90 元"
        );
        assert_eq!(kinds("2023 年政府信息公开工作年度报告"), "t");
        assert_eq!(kinds("本年收费金额（单位：万元，保留 4 位小数）"), "t");
    }

    #[test]
    fn flattened_tables_are_cut_at_numbers_and_ordinals() {
        let t = toks("信息内容 本年制发件数 规章 0 0 0 行政规范性文件 12 3 87 （四）无法提供 1.本机关不掌握 9 1");
        let raws: Vec<&str> = t.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(
            raws,
            [
                "信息内容",
                "本年制发件数",
                "规章",
                "0",
                "0",
                "0",
                "行政规范性文件",
                "12",
                "3",
                "87",
                "（四）无法提供",
                "1.本机关不掌握",
                "9",
                "1"
            ]
        );
    }

    #[test]
    fn digits_run_into_labels_are_cut_out() {
        let raws = |text: &str| -> Vec<String> { toks(text).into_iter().map(|t| t.0).collect() };
        assert_eq!(
            raws("规章000行政规范性文件417"),
            ["规章", "000", "行政规范性文件", "417"]
        );
        assert_eq!(
            raws("（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开"),
            [
                "（三）不予公开",
                "1.属于国家秘密",
                "0000000",
                "2.其他法律行政法规禁止公开"
            ]
        );
        assert_eq!(
            raws("规章 0 0 0规范性文件 0 3 3"),
            ["规章", "0", "0", "0", "规范性文件", "0", "3", "3"]
        );
        assert_eq!(
            raws("政府集中采购 2 45.82万元"),
            ["政府集中采购", "2", "45.82万元"]
        );
        // Notes, dates and sentences keep their digits.
        assert_eq!(
            raws("本年收费金额（单位：万元，保留4位小数）"),
            ["本年收费金额（单位：万元，保留4位小数）"]
        );
        assert_eq!(raws("2022年收到申请1件"), ["2022年收到申请1件"]);
        assert_eq!(raws("共收到申请12，均已办结"), ["共收到申请12，均已办结"]);
        assert_eq!(kinds("行政许可0"), "tv");
        assert_eq!(raws("行政许可 78+10"), ["行政许可", "78", "+10"]);
        assert_eq!(
            raws("（六）其他处 2.申请人逾期未按收费通知要求缴纳费用、行政机关"),
            [
                "（六）其他处",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关"
            ]
        );
        assert_eq!(
            raws("4.无正当理由大量反复 申请"),
            ["4.无正当理由大量反复 申请"]
        );
    }

    #[test]
    fn spans_count_characters() {
        let line = Line {
            number: 7,
            page: Some(2),
            column: 0,
            text: "规章  12".to_string(),
            furniture: false,
            placed: Placed::AsPrinted,
            origins: Vec::new(),
        };
        let mut out = Vec::new();
        tokenize_line(&line, &mut out);
        assert_eq!((out[1].span.column, out[1].span.end_column), (5, 7));
        assert_eq!(out[1].span.page, Some(2));
    }
}
