use crate::context::Context;
use crate::finding::Finding;
use crate::narrative::{Case, Sentence};
use crate::registry::rule;
use gongkai_core::template::T4_COLUMNS;

rule! {
    code: "N104", name: "text-no-cases", severity: Warning;
    /// # 正文说没有发生复议诉讼，表四却有案件
    ///
    /// ## 说明
    /// 正文写「未发生 / 没有产生 / 无……行政复议、行政诉讼」或「复议诉讼均为0」，而表四对应的一组
    /// 有不为 0 的数字（任一列），即报告。正文给出了具体件数的说法由 N103 比较。
    ///
    /// ## 为什么重要
    /// 「没有发生复议诉讼」是读者最常引用的一句话；表格里却有案件，说明正文是沿用往年的套话。
    ///
    /// ## 示例
    /// 不一致（表四行政复议结果维持 1、总计 1）：
    /// ```text
    /// 本年度未发生因政府信息公开引起的行政复议和行政诉讼。
    /// ```
    /// 一致：
    /// ```text
    /// 本年度发生政府信息公开行政复议1起，结果维持；未发生行政诉讼。
    /// ```
    ///
    /// ## 修改
    /// 按表四的实际案件改写正文。
    ///
    /// # The text says there were no reviews or lawsuits while table 四 has some
    ///
    /// ## What it does
    /// The text says none happened (`未发生 / 没有产生 / 无……行政复议、行政诉讼`, or `均为0`)
    /// while the matching group of table 四 has a non-zero number in any column. Statements
    /// with a count are compared by N103.
    ///
    /// ## Why it matters
    /// "No reviews or lawsuits" is the sentence readers quote most; when the table has cases,
    /// the text was carried over from an earlier year.
    ///
    /// ## Example
    /// Inconsistent (table 四: review upheld 1, total 1):
    /// ```text
    /// 本年度未发生因政府信息公开引起的行政复议和行政诉讼。
    /// ```
    /// Consistent:
    /// ```text
    /// 本年度发生政府信息公开行政复议1起，结果维持；未发生行政诉讼。
    /// ```
    ///
    /// ## Fix
    /// Rewrite the text to match table 四.
}

const NEGATIONS: &[&str] = &[
    "未发生",
    "没有发生",
    "未产生",
    "没有产生",
    "未出现",
    "没有出现",
    "未收到",
    "没有收到",
    "未有",
    "无",
];
const ZERO_AFTER: &[&str] = &["均为0", "均为零", "均为〇", "数量为0", "为零"];

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let mut reported: Vec<Case> = Vec::new();
    for s in cx.sentences() {
        for case in Case::ALL {
            if reported.contains(&case) || !denies(s, case) {
                continue;
            }
            let keys: Vec<String> = case
                .groups()
                .iter()
                .flat_map(|g| T4_COLUMNS.iter().map(move |c| format!("t4.{g}.{}", c.id)))
                .collect();
            let cases: i64 = keys
                .iter()
                .filter_map(|k| cx.int(k))
                .filter(|v| *v > 0)
                .sum();
            if cases == 0 {
                continue;
            }
            reported.push(case);
            out.push(
                cx.finding(
                    &RULE,
                    format!("正文说没有发生{}，但表四有案件", case.name_zh()),
                    format!(
                        "the text says there were no {}, but table 四 has some",
                        case.name_en()
                    ),
                )
                .cells(cx, &keys)
                .quoting(s),
            );
        }
    }
}

/// Whether the sentence says no case of the kind happened: a negation before the subject in
/// the same run of clauses, or `均为0` after it.
fn denies(s: &Sentence, case: Case) -> bool {
    case.mentions(s).into_iter().any(|(i, len)| {
        let window_start = i.saturating_sub(20);
        let before: String = s.chars[window_start..i].iter().collect();
        let negated = NEGATIONS.iter().any(|n| {
            before.rfind(n).is_some_and(|at| {
                // `无` only right before the subject (`无行政复议`), never `无法`.
                let tail = &before[at..];
                if *n == "无" {
                    tail.chars().count() <= 3 && !tail.starts_with("无法")
                } else {
                    // Within the same clause: `未发生超期答复，收到行政复议1起` denies nothing.
                    !tail.contains(['，', ',', '；', ';', '。'])
                }
            })
        });
        let after: String = s.chars[i + len..(i + len + 16).min(s.chars.len())]
            .iter()
            .collect();
        negated || ZERO_AFTER.iter().any(|z| after.contains(z))
    })
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;

    fn report(sentence: &str, review_upheld: i64) -> gongkai_core::Report {
        let r = saying(&format!("{PART_TWO}{sentence}"));
        let r = with(r, "t4.review.upheld", num(review_upheld));
        with(r, "t4.review.total", num(review_upheld))
    }

    #[test]
    fn passes_when_the_table_agrees() {
        let s = "未发生因政府信息公开引起的复议和诉讼。";
        assert!(run(&RULE, &report(s, 0), None).is_empty());
        let s = "发生行政复议1起，未发生行政诉讼。";
        assert!(run(&RULE, &report(s, 1), None).is_empty());
        let s = "未经复议直接起诉的行政诉讼无。";
        assert!(run(&RULE, &report(s, 1), None).is_empty());
    }

    #[test]
    fn fails_when_the_table_has_cases() {
        for s in [
            "本年度未发生因政府信息公开引起的行政复议和行政诉讼。",
            "没有产生政府信息公开行政复议、行政诉讼情况。",
            "行政复议、行政诉讼均为0。",
        ] {
            let r = report(s, 1);
            let f = run(&RULE, &r, None);
            assert_eq!(f.len(), 1, "{s}: {f:?}");
            assert!(f[0].cells.contains("t4.review.total"));
        }
    }
}
