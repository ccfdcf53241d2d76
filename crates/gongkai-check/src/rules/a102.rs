use super::{column_label, report_breaches, row_label, spec};
use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::identity::IdentityKind;

rule! {
    code: "A102", name: "results-total", severity: Error;
    /// # 表三每一列：（七）总计 = （一）至（六）之和
    ///
    /// ## 说明
    /// 表三每一列，「（七）总计」必须等于予以公开、部分公开、不予公开（1–8 项）、无法提供（1–3 项）、
    /// 不予处理（1–5 项）、其他处理（1–3 项，或 2019 年格式的一行）之和。分组既有合计行又有分项时，
    /// 按分项计算（合计行本身由 A104 核对）；只印了合计行时按合计行计算。
    ///
    /// ## 为什么重要
    /// 办理结果总数是全年办结件数，也是公开率等指标的分母。分项与总计不符，说明有申请被漏计或重计。
    ///
    /// ## 示例
    /// 错误（自然人列：予以公开 5 + 无法提供 13 + 不予处理 1 = 19，总计印了 21）：
    /// ```text
    /// （一）予以公开  5 …   （四）无法提供 1. 13 …   （五）不予处理 1. 1 …   （七）总计  21
    /// ```
    /// 正确：总计为 19，或补上漏填的 2 件。
    ///
    /// ## 修改
    /// 按办理台账逐件归类，每件申请只计入一种办理结果（部分公开的只计部分公开），再重算总计。
    ///
    /// # Table 三, every column: （七）总计 = the outcomes （一） to （六）
    ///
    /// ## What it does
    /// In every column of table 三, （七）总计 must equal granted + partial + withheld (items
    /// 1–8) + unavailable (1–3) + not processed (1–5) + other (1–3, or the single row of the
    /// 2019 format). A group printed with sub-rows counts as its sub-rows (its own row is
    /// checked by A104); a group printed only as one row counts as that row.
    ///
    /// ## Why it matters
    /// The results total is the year's number of requests handled and the denominator of the
    /// disclosure rate. When the outcomes do not add up to it, requests were lost or counted
    /// twice.
    ///
    /// ## Example
    /// Wrong (natural persons: granted 5 + unavailable 13 + not processed 1 = 19, total 21):
    /// ```text
    /// （一）予以公开  5 …   （四）无法提供 1. 13 …   （五）不予处理 1. 1 …   （七）总计  21
    /// ```
    /// Right: a total of 19, or the 2 missing requests entered under their outcome.
    ///
    /// ## Fix
    /// Classify each request under exactly one outcome (a partly disclosed one only as 部分公开)
    /// and recompute the total.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    report_breaches(cx, out, &RULE, IdentityKind::Results, row_label, |b| {
        let (sum, total) = (b.sums.right, b.sums.left);
        (
            format!(
                "表三「{}」列：{} = {sum}，但（七）总计为 {total}",
                column_label(cx, b.total()),
                b.parts_zh
            ),
            format!(
                "table 三, column {}: {} = {sum}, but （七）总计 is {total}",
                spec(cx, b.total().key()).column.id,
                b.parts_en
            ),
        )
    });
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;
    use gongkai_core::Version;

    #[test]
    fn a_group_printed_as_one_row_counts_as_that_row() {
        // （六）其他处理 printed in aggregate (the sub-rows are not in the report).
        let r = consistent(Version::V2021, 6);
        let mut agg = without(r.clone(), "t3.other.");
        for col in [
            "natural", "business", "research", "social", "legal", "other", "total",
        ] {
            let sum: i64 = ["overdue_correction", "overdue_fee", "other"]
                .iter()
                .map(|s| {
                    r.value(&format!("t3.other.{s}.{col}"))
                        .unwrap()
                        .number()
                        .unwrap()
                        .as_int()
                        .unwrap()
                })
                .sum();
            agg = with(agg, &format!("t3.other.{col}"), num(sum));
        }
        passes(&RULE, &agg);
        let wrong = bump(agg, "t3.other.natural", 1);
        let f = fails(&RULE, &wrong, 1);
        assert!(f[0].cells.contains("t3.other.natural"));
    }
}
