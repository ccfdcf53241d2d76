use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;

rule! {
    code: "R102", name: "identity-over-uncertain-cells", severity: Warning;
    /// # 勾稽关系不成立，但其中有没读准的数字
    ///
    /// ## 说明
    /// 表格的某个勾稽关系（行总计、列合计、一 + 二 = 三 + 四、表四总计）按读出的数字不成立，而
    /// 其中至少有一个数字 gongkai 没能读准（见 R101）。可能是报告算错，也可能是读错：算术规则
    /// （A 类）对这些单元格保持沉默，这里只提示核对。
    ///
    /// ## 为什么重要
    /// 把读错当成报告的错误去退回报告，会让填报单位白白返工。先核对原文，再下结论。
    ///
    /// ## 示例
    /// 需要核对（`1003` 可能是 1 | 0 | 0 | 3 或 10 | 0 | 3 …，按读出的拆法总计对不上）：
    /// ```text
    /// 行政复议 1003
    /// ```
    /// 不需要核对：每个数字都读准了，勾稽关系成立，或者不成立时由 A 类规则报错。
    ///
    /// ## 修改
    /// 对照原文核对列出的单元格；原文也对不上时，按 A 类规则的说明改正报告。
    ///
    /// # An identity fails where some cells were not read for certain
    ///
    /// ## What it does
    /// An identity of a table (a row total, a column's results, 一 + 二 = 三 + 四, a table-四
    /// total) does not hold over the numbers read, and at least one of them could not be read
    /// for certain (see R101). The report may be wrong, or the reading: the arithmetic rules (A)
    /// stay silent over those cells, and this finding asks for a look.
    ///
    /// ## Why it matters
    /// Returning a report for a misreading makes its organ redo correct work. Check the
    /// original before concluding.
    ///
    /// ## Example
    /// Worth a look (`1003` may be 1 | 0 | 0 | 3 or 10 | 0 | 3 …; as read, the total fails):
    /// ```text
    /// 行政复议 1003
    /// ```
    /// Nothing to look at: every number was read for certain and the identity holds, or it
    /// fails and an A rule reports it.
    ///
    /// ## Fix
    /// Check the cells named against the original; where the original does not add up either,
    /// correct the report as the A rule's explanation says.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let value = |k: &str| cx.cell(k)?.printed.value.number()?.as_int();
    for identity in cx.template().identities() {
        let Some(e) = identity.evaluate(value) else {
            continue;
        };
        let doubtful: Vec<&str> = e
            .keys
            .iter()
            .copied()
            .filter(|k| cx.cell(k).is_some_and(|c| !c.is_certain()))
            .collect();
        if e.holds() || doubtful.is_empty() {
            continue;
        }
        let (left, right) = identity.sides();
        out.push(
            cx.finding(
                &RULE,
                format!(
                    "{left} = {right} 不成立（{} ≠ {}），但其中 {} 个数字没能读准：可能是读错而不是报告的错误，请对照原文核对",
                    e.left,
                    e.right,
                    doubtful.len()
                ),
                format!(
                    "{left} = {right} fails ({} ≠ {}), but {} of its numbers could not be read for certain: the reading may be wrong rather than the report; check the original",
                    e.left,
                    e.right,
                    doubtful.len()
                ),
            )
            .cells(cx, &e.keys)
            .at_cell(cx, doubtful[0]),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;
    use gongkai_core::{Certainty, Inference, Version};

    fn doubt(mut r: gongkai_core::Report, key: &str) -> gongkai_core::Report {
        let c = r.cells.iter_mut().find(|c| c.key == key).unwrap();
        c.certainty = Certainty::Uncertain(Inference::Split);
        r
    }

    #[test]
    fn passes_when_the_identities_hold_or_every_cell_is_certain() {
        let r = doubt(consistent(Version::V2021, 5), "t4.review.upheld");
        passes(&RULE, &r);
        let r = bump(consistent(Version::V2021, 5), "t4.review.upheld", 1);
        passes(&RULE, &r);
    }

    #[test]
    fn speaks_where_the_arithmetic_rule_stays_silent() {
        let r = doubt(
            bump(consistent(Version::V2021, 5), "t4.review.upheld", 1),
            "t4.review.upheld",
        );
        assert!(fails(&RULE, &r, 1)[0]
            .message
            .zh
            .contains("t4.review.total"));
        assert!(run(crate::registry::find("A201").unwrap(), &r, None).is_empty());
    }
}
