use crate::context::Context;
use crate::finding::Finding;
use crate::narrative::Sentence;
use crate::registry::rule;

rule! {
    code: "N107", name: "text-other-year", severity: Warning;
    /// # 正文把另一年当作本年度来写
    ///
    /// ## 说明
    /// 第一部分（总体情况）或第五部分（存在的主要问题及改进情况）的一段以「某某年，」开头，叙述
    /// 这一年做了什么，而这一年不是报告的年度：例如 2023 年度的报告写「2022年，我局……」。这常见
    /// 于照搬上一年的报告而忘了改年份。
    ///
    /// 为了不误报，只看**段首**的「YYYY年，」或「YYYY年度，」（年份后紧跟逗号），以下情形都不报告：
    /// 同一句里也写了报告年度或「同比」「较上年」等比较的；第五部分写下一年（「2024年，将……」）的
    /// 计划，或任何一处写以后年份并带有「将」「计划」「拟」的；句中间提到的年份（「比2022年增长」
    /// 「2023年1月印发」）、文件名里的年份（「2022年政务公开工作要点」）、「上一年度」等。标题与统计
    /// 期限的年份不一致由 T401 检查。
    ///
    /// ## 为什么重要
    /// 年度报告只报告本年度的工作。把上一年的文字当作本年的发布，读者会以为本年度的工作就是那些，
    /// 数字也可能是上一年的。
    ///
    /// ## 示例
    /// 有问题（2023 年度报告的第一部分）：
    /// ```text
    /// 2022年，我局认真贯彻落实《中华人民共和国政府信息公开条例》……
    /// ```
    /// 没有问题：
    /// ```text
    /// 2023年，我局认真贯彻落实《中华人民共和国政府信息公开条例》……
    /// 全年收到申请32件，比2022年增长10%。
    /// ```
    ///
    /// ## 修改
    /// 核对这一段是否写的是本年度的工作，改正年份，并核对其中的数字。
    ///
    /// # The text writes of another year as the report's
    ///
    /// ## What it does
    /// A paragraph of section 一 (overview) or section 五 (problems and improvements) opens with
    /// “YYYY年，” and tells what was done that year, and the year is not the report's: a report
    /// for 2023 saying “2022年，我局……”. This is what a report copied from last year's and not
    /// brought up to date looks like.
    ///
    /// To accuse no one wrongly it looks only at a **paragraph's opening** “YYYY年，” or
    /// “YYYY年度，” (the year followed by a comma), and passes: a sentence that also names the
    /// report's year or compares (同比, 较上年, …); section 五's plans for the next year
    /// (“2024年，将……”), or a later year anywhere with 将, 计划 or 拟; years inside a sentence
    /// (“比2022年增长”, “2023年1月印发”), in document names (“2022年政务公开工作要点”), or
    /// 上一年度. A title whose year differs from the statistics period is T401's.
    ///
    /// ## Why it matters
    /// An annual report is about its own year. Last year's text published as this year's tells
    /// the reader that last year's work was this year's, and its figures may be last year's too.
    ///
    /// ## Example
    /// Suspicious (section 一 of a report for 2023):
    /// ```text
    /// 2022年，我局认真贯彻落实《中华人民共和国政府信息公开条例》……
    /// ```
    /// Fine:
    /// ```text
    /// 2023年，我局认真贯彻落实《中华人民共和国政府信息公开条例》……
    /// 全年收到申请32件，比2022年增长10%。
    /// ```
    ///
    /// ## Fix
    /// Check that the paragraph is about the report's year, correct the year and check its
    /// figures.
}

/// Words that say a sentence compares its year with another.
const COMPARING: &[&str] = &[
    "同比",
    "较上年",
    "比上年",
    "较去年",
    "比去年",
    "环比",
    "相比",
    "对比",
    "上一年",
    "上年度",
];

/// Words that say a sentence speaks of plans.
const FUTURE: &[&str] = &["将", "计划", "拟", "下一步", "力争"];

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if !super::has_text(cx) {
        return;
    }
    let Some(year) = cx.report.year else { return };
    for section in cx
        .report
        .sections
        .iter()
        .filter(|s| matches!(s.number, 1 | 5))
    {
        let lines: Vec<String> = section
            .body
            .split('\n')
            .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect())
            .collect();
        for (k, line) in lines.iter().enumerate() {
            if !opens_paragraph(&lines[..k]) {
                continue;
            }
            let start = skip_heading(line);
            let Some(other) = opening_year(&line[start..]) else {
                continue;
            };
            // The sentence, over the lines it wraps onto.
            let rest: String = std::iter::once(&line[start..])
                .chain(lines[k + 1..].iter().map(String::as_str))
                .collect();
            let sentence: String = rest
                .chars()
                .take_while(|c| !matches!(c, '。' | '！' | '？'))
                .collect();
            if !is_other_year(year, other, section.number, &sentence) {
                continue;
            }
            let quoted = Sentence {
                chars: sentence
                    .chars()
                    .take_while(|c| !matches!(c, '；' | ';'))
                    .collect(),
                section: section.number,
                part: None,
                at: section.lines.get(k).copied(),
            };
            out.push(
                cx.finding(
                    &RULE,
                    format!(
                        "{year} 年度的报告第{}部分有一段以「{other}年，」开头，写的是另一年的工作",
                        if section.number == 1 { "一" } else { "五" }
                    ),
                    format!(
                        "a paragraph of section {} of the report for {year} opens with “{other}年，”: another year's work",
                        if section.number == 1 { "一" } else { "五" }
                    ),
                )
                .quoting(&quoted),
            );
        }
    }
}

/// Whether the line after `before` opens a paragraph: it is the section's first, or the line
/// before ends a sentence or is a heading, not a line that wraps in mid-sentence.
fn opens_paragraph(before: &[String]) -> bool {
    let Some(last) = before.iter().rev().find(|l| !l.is_empty()) else {
        return true;
    };
    if before.last().is_some_and(|l| l.is_empty()) {
        return true;
    }
    let ends = last
        .chars()
        .last()
        .is_some_and(|c| matches!(c, '。' | '！' | '？' | '；' | ';' | '：' | ':'));
    ends || (skip_heading(last) > 0 && !last.contains('。') && last.chars().count() <= 30)
}

/// The byte length of a part's heading opening the line (`（一）主动公开情况。`, `（二）`), or 0.
fn skip_heading(line: &str) -> usize {
    let markers = [
        "（一）",
        "（二）",
        "（三）",
        "（四）",
        "（五）",
        "(一)",
        "(二)",
        "(三)",
        "(四)",
        "(五)",
    ];
    let Some(m) = markers.iter().find(|m| line.starts_with(**m)) else {
        return 0;
    };
    let after = &line[m.len()..];
    // The heading's words up to 情况 and its mark, when they are short.
    match after.find("情况") {
        Some(i) if after[..i].chars().count() <= 10 => {
            let mut end = m.len() + i + "情况".len();
            if let Some(c) = line[end..]
                .chars()
                .next()
                .filter(|c| "。：:．.".contains(*c))
            {
                end += c.len_utf8();
            }
            end
        }
        _ => m.len(),
    }
}

/// The year a text opens with as `YYYY年，` or `YYYY年度，`.
fn opening_year(text: &str) -> Option<i32> {
    let digits: String = text.chars().take(4).collect();
    if digits.chars().count() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let y: i32 = digits.parse().ok()?;
    let rest = &text[4..];
    let rest = rest
        .strip_prefix("年度")
        .or_else(|| rest.strip_prefix('年'))?;
    (rest.starts_with('，') || rest.starts_with(','))
        .then_some(y)
        .filter(|y| (1990..=2100).contains(y))
}

/// Whether a sentence opening with `other` in section `section` of the report for `year`
/// writes of another year as the report's.
fn is_other_year(year: i32, other: i32, section: u8, sentence: &str) -> bool {
    if other == year || sentence.contains(&year.to_string()) {
        return false;
    }
    if COMPARING.iter().any(|w| sentence.contains(w)) {
        return false;
    }
    if other > year && (section == 5 || FUTURE.iter().any(|w| sentence.contains(w))) {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn only_an_opening_other_year() {
        assert!(is_other_year(2023, 2022, 1, "2022年，我局认真贯彻落实条例"));
        assert!(!is_other_year(
            2023,
            2023,
            1,
            "2023年，我局认真贯彻落实条例"
        ));
        assert!(!is_other_year(
            2023,
            2022,
            1,
            "2022年，全县收到申请100件；2023年收到120件"
        ));
        assert!(!is_other_year(
            2023,
            2022,
            1,
            "2022年，全县收到申请100件，同比增长"
        ));
        assert!(!is_other_year(2023, 2024, 5, "2024年，我局继续加强培训"));
        assert!(!is_other_year(2023, 2024, 1, "2024年，我局将继续加强培训"));
        assert_eq!(opening_year("2022年，我局"), Some(2022));
        assert_eq!(opening_year("2022年度，我局"), Some(2022));
        assert_eq!(opening_year("2022年1月，我局"), None);
        assert_eq!(opening_year("2022年政务公开工作要点"), None);
        assert_eq!(
            skip_heading("（一）主动公开情况。2022年，"),
            "（一）主动公开情况。".len()
        );
    }

    #[test]
    fn a_wrapped_line_opens_no_paragraph() {
        let r = read(&super::super::six_sections("", "").replace(
            "全年主动公开信息100条。",
            "全年主动公开信息100条，累计至\n2021年，共公开信息900条。",
        ));
        passes(&RULE, &r);
        let r = read(&super::super::six_sections("", "").replace(
            "全年主动公开信息100条。",
            "全年主动公开信息100条。\n2021年，我办认真贯彻落实条例。",
        ));
        fails(&RULE, &r, 1);
    }
}
