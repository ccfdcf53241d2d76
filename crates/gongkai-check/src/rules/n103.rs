use crate::context::Context;
use crate::finding::Finding;
use crate::narrative::{Case, Sentence, COMPARISON};
use crate::registry::rule;

rule! {
    code: "N103", name: "text-review-litigation", severity: Warning;
    /// # 正文所说的行政复议、行政诉讼件数与表四不符
    ///
    /// ## 说明
    /// 正文写的「行政复议 N 起」应等于表四行政复议的总计；「行政诉讼 N 起」应等于未经复议直接起诉
    /// 与复议后起诉两项总计之和。同一句只讲复议或只讲诉讼时，其中「维持 N 起」「纠正 N 起」
    /// 「尚未审结 N 起」也与表四对应列比较。只写「未发生」而没有数字的说法由 N104 检查。
    ///
    /// ## 为什么重要
    /// 复议诉讼数据是考核的重点，纠错率由它计算。正文与表格不一致，评估者会认为数据不可靠。
    ///
    /// ## 示例
    /// 不一致（表四行政复议总计为 0）：
    /// ```text
    /// 本年度发生政府信息公开行政复议1起，结果维持。
    /// ```
    /// 一致：表四行政复议「结果维持」1、「总计」1。
    ///
    /// ## 修改
    /// 以案件台账为准，改正正文或表四。
    ///
    /// # The text's count of reviews or lawsuits differs from table 四
    ///
    /// ## What it does
    /// The text's `行政复议 N 起` must equal table 四's review total, and `行政诉讼 N 起` the sum
    /// of the two litigation totals (direct, and after review). When a sentence is only about
    /// reviews or only about lawsuits, its `维持 N 起`, `纠正 N 起` and `尚未审结 N 起` are
    /// compared with table 四's columns too. Statements without a number (`未发生`) are N104's.
    ///
    /// ## Why it matters
    /// Review and litigation figures are watched closely and give the correction rate; text
    /// and table that disagree make evaluators doubt both.
    ///
    /// ## Example
    /// Inconsistent (table 四's review total is 0):
    /// ```text
    /// 本年度发生政府信息公开行政复议1起，结果维持。
    /// ```
    /// Consistent: table 四 with review upheld 1 and total 1.
    ///
    /// ## Fix
    /// Correct the text or table 四 from the case register.
}

/// Break-down words and the column of table 四 they count.
const OUTCOMES: &[(&[&str], &str)] = &[
    (&["维持"], "upheld"),
    (&["纠正", "纠错"], "corrected"),
    (&["尚未审结", "未审结", "审理中"], "pending"),
];

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let mut reported: Vec<(Case, &str, i64)> = Vec::new();
    for s in cx.sentences() {
        for case in Case::ALL {
            for (i, len) in case.mentions(s) {
                let (from, to) = s.clause(i);
                let clause: String = s.chars[from..to].iter().collect();
                if COMPARISON.iter().any(|w| clause.contains(w)) || clause.contains("决定书") {
                    continue;
                }
                if let Some(count) = s.count_after(i + len, 12) {
                    compare(cx, s, case, "total", count.value, &mut reported, out);
                    break;
                }
            }
            let only_this = Case::ALL
                .iter()
                .all(|&c| (c == case) != c.mentions(s).is_empty());
            if !only_this {
                continue;
            }
            for (words, column) in OUTCOMES {
                for (i, len) in s.find_all(words) {
                    if let Some(count) = s.count_after(i + len, 2).or_else(|| s.count_before(i, 1))
                    {
                        compare(cx, s, case, column, count.value, &mut reported, out);
                    }
                }
            }
        }
    }
}

fn compare<'a>(
    cx: &Context,
    s: &Sentence,
    case: Case,
    column: &'a str,
    claimed: i64,
    reported: &mut Vec<(Case, &'a str, i64)>,
    out: &mut Vec<Finding>,
) {
    let keys: Vec<String> = case
        .groups()
        .iter()
        .map(|g| format!("t4.{g}.{column}"))
        .collect();
    let Some(values) = cx.ints(&keys) else { return };
    let table: i64 = values.iter().sum();
    if table == claimed || reported.contains(&(case, column, claimed)) {
        return;
    }
    reported.push((case, column, claimed));
    let what = match column {
        "upheld" => "结果维持",
        "corrected" => "结果纠正",
        "pending" => "尚未审结",
        _ => "",
    };
    let zh = if what.is_empty() {
        format!(
            "正文说{}{claimed} 起，但表四{}总计为 {table}",
            case.name_zh(),
            case.name_zh()
        )
    } else {
        format!(
            "正文说{}{what} {claimed} 起，但表四「{what}」为 {table}",
            case.name_zh()
        )
    };
    out.push(
        cx.finding(
            &RULE,
            zh,
            format!(
                "the text gives {claimed} {} ({column}), but table 四 has {table}",
                case.name_en()
            ),
        )
        .cells(cx, &keys)
        .quoting(s),
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;

    #[test]
    fn lawsuits_without_a_kind_are_those_after_review() {
        let f = fails(&RULE, &saying("发生行政诉讼3起。"), 1);
        assert!(f[0].cells.contains("t4.litigation_after_review.total"));
    }
}
