//! Text normalisation and label similarity.
//!
//! Published reports write the same label in many ways: full-width or half-width brackets and
//! digits, `1、` for `1.`, spaces inside words from PDF extraction, curly or straight quotes.
//! [`normalize`] folds all of these away so that labels can be compared; [`Pattern`] scores how
//! well a piece of text matches a label, tolerating typos, wrapped fragments and added notes.

use unicode_normalization::UnicodeNormalization;

/// Folds a printed label to the form labels are compared in: NFKC (full-width to half-width),
/// no whitespace or quotes, `、` after a digit read as `.`, and 〔〕【】 as ().
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if is_nfkc_stable(s) {
        fold(s.chars(), &mut out);
    } else {
        fold(s.nfkc(), &mut out);
    }
    out
}

fn fold(chars: impl Iterator<Item = char>, out: &mut String) {
    for c in chars {
        match c {
            c if c.is_whitespace() => {}
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' => {}
            '"' | '\'' | '“' | '”' | '‘' | '’' | '「' | '」' => {}
            '、' if out.ends_with(|p: char| p.is_ascii_digit()) => out.push('.'),
            '〔' | '【' | '[' => out.push('('),
            '〕' | '】' | ']' => out.push(')'),
            _ => out.push(c),
        }
    }
}

/// Whether NFKC leaves `s` as it is, seen cheaply: most of a report is ASCII, ideographs, `、`
/// and `。`, which NFKC never changes whatever surrounds them. `false` only means "compose it".
pub fn is_nfkc_stable(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii() || ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '、' || c == '。')
}

/// Splits a normalised label into its leading ordinal (`一、`, `(三)`, `1.`) and the rest.
pub fn split_ordinal(s: &str) -> (&str, &str) {
    let chinese = |c: char| "一二三四五六七八九十".contains(c);
    let mut chars = s.char_indices().peekable();
    match chars.peek().copied() {
        Some((_, '(')) => {
            chars.next();
            let mut end = None;
            for (i, c) in chars.by_ref() {
                if c == ')' {
                    end = Some(i + 1);
                    break;
                }
                if !(chinese(c) || c.is_ascii_digit()) {
                    break;
                }
            }
            match end {
                Some(e) if e > 2 => (&s[..e], &s[e..]),
                _ => ("", s),
            }
        }
        Some((_, c)) if chinese(c) || c.is_ascii_digit() => {
            let digits = c.is_ascii_digit();
            for (i, c) in chars {
                let same = if digits {
                    c.is_ascii_digit()
                } else {
                    chinese(c)
                };
                if same {
                    continue;
                }
                if c == '、' || c == '.' {
                    return (&s[..i + c.len_utf8()], &s[i + c.len_utf8()..]);
                }
                break;
            }
            ("", s)
        }
        _ => ("", s),
    }
}

/// A label prepared for fast fuzzy matching: the bit-parallel LCS of Hyyrö (2004) needs one
/// bit mask per distinct character of the label.
#[derive(Debug, Clone)]
pub struct Pattern {
    text: String,
    chars: Vec<char>,
    masks: Vec<(char, u128)>,
    /// One bit per character of the label, by its low seven bits: most characters of a text
    /// are not in the label, and this tells so without searching `masks`.
    present: u128,
    ordinal: String,
}

/// The bit of `present` that stands for `c`.
fn presence(c: char) -> u128 {
    1 << (c as u32 & 127)
}

impl Pattern {
    /// Prepares an already normalised label.
    pub fn new(normalized: &str) -> Pattern {
        let chars: Vec<char> = normalized.chars().take(128).collect();
        let mut masks: Vec<(char, u128)> = Vec::new();
        for (i, &c) in chars.iter().enumerate() {
            match masks.iter_mut().find(|(m, _)| *m == c) {
                Some((_, bits)) => *bits |= 1 << i,
                None => masks.push((c, 1 << i)),
            }
        }
        let present = chars.iter().fold(0, |bits, &c| bits | presence(c));
        let ordinal = split_ordinal(normalized).0.to_string();
        Pattern {
            text: normalized.to_string(),
            chars,
            masks,
            present,
            ordinal,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Length of the longest common subsequence of the label and `text`.
    pub fn lcs(&self, text: &str) -> usize {
        self.lcs_of(text.chars())
    }

    fn lcs_of(&self, text: impl Iterator<Item = char>) -> usize {
        let m = self.chars.len();
        if m == 0 {
            return 0;
        }
        let full: u128 = if m == 128 { !0 } else { (1u128 << m) - 1 };
        let mut v: u128 = full;
        for c in text {
            if self.present & presence(c) == 0 {
                continue;
            }
            let Some(&(_, pm)) = self.masks.iter().find(|(k, _)| *k == c) else {
                continue;
            };
            let u = v & pm;
            v = (v.wrapping_add(u) | (v & !pm)) & full;
        }
        m - (v & full).count_ones() as usize
    }

    /// [`score`](Self::score) where it can reach `floor`, and 0 where it cannot.
    ///
    /// The score is at most 2·min(n, m)/(n + m) for a text of n characters and a label of m,
    /// unless the text begins with the label: most pairs a reader tries fail on their lengths
    /// alone, without the LCS.
    pub fn score_from(&self, text: &Subject, floor: f32) -> f32 {
        let (n, m) = (text.chars.len(), self.chars.len());
        if n > 0 && m > 0 && !text.text.starts_with(&self.text) && !self.text.starts_with(text.text)
        {
            let bound = 2.0 * n.min(m) as f32 / (n + m) as f32;
            // The margin covers the rounding of the score's own arithmetic.
            if bound + 1e-4 < floor {
                return 0.0;
            }
        }
        self.score(text)
    }

    /// How well a normalised text reads as this label, from 0 to 1.
    ///
    /// The F1 of the longest common subsequence, raised when the text is the whole label
    /// followed by a note (`二、上年结转…数量（须与2021年度年报结转数一致）`) and lowered when both
    /// carry ordinals that differ.
    pub fn score(&self, subject: &Subject) -> f32 {
        let (text, n) = (subject.text, subject.chars.len());
        if n == 0 || self.chars.is_empty() {
            return 0.0;
        }
        if text == self.text {
            return 1.0;
        }
        let l = self.lcs_of(subject.chars.iter().copied()) as f32;
        if l == 0.0 {
            return 0.0;
        }
        let p = l / n as f32;
        let r = l / self.chars.len() as f32;
        let mut f = 2.0 * p * r / (p + r);
        let ordinal_len = self.ordinal.chars().count();
        if text.starts_with(&self.text) && self.chars.len() > ordinal_len + 1 {
            f = f.max(0.95);
        }
        // The first line of a label wrapped over several (`1.申请人无正当理由逾`): taken in
        // the template's order, never out of it (see the reader's thresholds).
        if self.text.starts_with(text) && ordinal_len > 0 && n >= ordinal_len + 4 {
            f = f.max(0.75);
        }
        let (theirs, _) = split_ordinal(text);
        if !theirs.is_empty() && !self.ordinal.is_empty() && self.ordinal != theirs {
            f *= 0.8;
        }
        f
    }
}

/// A normalised text prepared to be scored against many labels: its characters decoded once,
/// not once per label.
#[derive(Debug, Clone)]
pub struct Subject<'a> {
    text: &'a str,
    chars: Vec<char>,
}

impl<'a> Subject<'a> {
    pub fn new(text: &'a str) -> Subject<'a> {
        Subject {
            text,
            chars: text.chars().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_brackets_spaces_and_quotes() {
        assert_eq!(normalize("（三） 不予 公开"), "(三)不予公开");
        assert_eq!(normalize("1、属于国家秘密"), "1.属于国家秘密");
        assert_eq!(normalize("３．危及“三安全一稳定”"), "3.危及三安全一稳定");
        assert_eq!(normalize("三 、本 年 度办 理 结果"), "三、本年度办理结果");
        assert_eq!(
            normalize("本年收费金额（单位：万元）"),
            "本年收费金额(单位:万元)"
        );
        assert_eq!(normalize("\u{feff}规章\u{3000}"), "规章");
    }

    #[test]
    fn splits_ordinals() {
        assert_eq!(split_ordinal("(三)不予公开"), ("(三)", "不予公开"));
        assert_eq!(split_ordinal("一、总体情况"), ("一、", "总体情况"));
        assert_eq!(split_ordinal("12.其他"), ("12.", "其他"));
        assert_eq!(split_ordinal("规章"), ("", "规章"));
        assert_eq!(split_ordinal("(本列数据)"), ("", "(本列数据)"));
        assert_eq!(split_ordinal("2022年"), ("", "2022年"));
    }

    #[test]
    fn lcs_is_exact() {
        let p = Pattern::new("2.其他法律行政法规禁止公开");
        assert_eq!(p.lcs("2.其他法律行政止公开"), 11);
        assert_eq!(p.lcs("2.其他法律行政法规禁止公开"), 14);
        assert_eq!(p.lcs("自然人"), 0);
        assert_eq!(Pattern::new("abcbdab").lcs("bdcaba"), 4);
    }

    #[test]
    fn scores_typos_notes_and_fragments() {
        let p = Pattern::new(&normalize("二、上年结转政府信息公开申请数量"));
        assert!(
            p.score(&Subject::new(&normalize(
                "二、上年结转政府信息公开申请数量（须与2021年度年报结转数一致）"
            ))) > 0.9
        );
        let p = Pattern::new(&normalize("2.其他法律行政法规禁止公开"));
        assert!(p.score(&Subject::new(&normalize("2.其他法律行政止公开"))) > 0.8);
        let p = Pattern::new(&normalize("（三）不予公开"));
        assert!(p.score(&Subject::new(&normalize("(三) 不予"))) > 0.8);
        let p = Pattern::new(&normalize("（七）总计"));
        assert!(p.score(&Subject::new("总计")) < 0.6);
        let p = Pattern::new(&normalize("行政许可"));
        assert!(p.score(&Subject::new("行政处罚")) < 0.6);
        let p = Pattern::new(&normalize("1.属于国家秘密"));
        assert!(p.score(&Subject::new(&normalize("1.本机关不掌握相关政府信息"))) < 0.4);
        let p = Pattern::new(&normalize(
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ));
        let first_line = normalize("1.申请人无正当理由逾");
        let s = p.score_from(&Subject::new(&first_line), 0.6);
        assert!((0.6..0.8).contains(&s), "{s}");
    }

    #[test]
    fn score_from_is_the_score_from_its_floor_up() {
        let labels = [
            "（七）总计",
            "行政许可",
            "1.属于国家秘密",
            "三、本年度办理结果",
            "规章",
        ];
        let texts = [
            "总计",
            "(七)总计",
            "行政处罚",
            "1.属于国家秘密的",
            "三、本年度办理结果",
            "规",
        ];
        for l in labels {
            let p = Pattern::new(&normalize(l));
            for t in texts {
                let subject = Subject::new(t);
                let score = p.score(&subject);
                for floor in [0.0, 0.35, 0.6, 0.9, 1.0] {
                    let from = p.score_from(&subject, floor);
                    if score >= floor {
                        assert_eq!(from, score, "{l} / {t} from {floor}");
                    } else {
                        assert!(from < floor, "{l} / {t} from {floor}");
                    }
                }
            }
        }
    }
}
