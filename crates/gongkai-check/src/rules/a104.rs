use super::{column_label, report_breaches, row_label, spec};
use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::identity::IdentityKind;

rule! {
    code: "A104", name: "group-total", severity: Error;
    /// # 表三：分组的合计行 = 其分项之和
    ///
    /// ## 说明
    /// 不予公开、无法提供、不予处理、其他处理这几组，有的报告既印了分组的合计行，又印了各分项。
    /// 此时合计行的每一列必须等于分项之和。
    ///
    /// ## 为什么重要
    /// 读者和汇总程序可能取合计行，也可能取分项；两者不一致时，同一份报告会得出两个不同的数。
    ///
    /// ## 示例
    /// 错误（1 + 2 + 0 = 3，合计行印了 4）：
    /// ```text
    /// （四）无法提供  4
    ///   1.本机关不掌握相关政府信息  1
    ///   2.没有现成信息需要另行制作  2
    ///   3.补正后申请内容仍不明确    0
    /// ```
    /// 正确：合计行为 3，或删去合计行（模板本身没有这一行的数字）。
    ///
    /// ## 修改
    /// 以分项为准重算合计行，或按模板只保留分项。
    ///
    /// # Table 三: a group's own row = the sum of its sub-rows
    ///
    /// ## What it does
    /// Some reports print a group (withheld, unavailable, not processed, other) both as a row of
    /// its own and with its numbered sub-rows. Then every column of the group's row must equal
    /// the sum of its sub-rows.
    ///
    /// ## Why it matters
    /// Readers and roll-up programs take either the group row or the sub-rows; when the two
    /// disagree, one report gives two different numbers.
    ///
    /// ## Example
    /// Wrong (1 + 2 + 0 = 3, but the group row says 4):
    /// ```text
    /// （四）无法提供  4
    ///   1.本机关不掌握相关政府信息  1
    ///   2.没有现成信息需要另行制作  2
    ///   3.补正后申请内容仍不明确    0
    /// ```
    /// Right: 3 in the group row, or no numbers there (the template has none).
    ///
    /// ## Fix
    /// Recompute the group row from the sub-rows, or keep only the sub-rows as the template does.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    report_breaches(cx, out, &RULE, IdentityKind::GroupTotal, row_label, |b| {
        let (sum, total) = (b.sums.right, b.sums.left);
        let cell = spec(cx, b.total().key());
        (
            format!(
                "表三「{}」「{}」列：分项 {} = {sum}，但合计行为 {total}",
                row_label(cx, b.total()),
                column_label(cx, b.total()),
                b.parts_zh
            ),
            format!(
                "table 三, group {} column {}: sub-rows {} = {sum}, but the group row says {total}",
                cell.row.id, cell.column.id, b.parts_en
            ),
        )
    });
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;
    use gongkai_core::Version;

    fn with_group_row(bias: i64) -> gongkai_core::Report {
        let r = consistent(Version::V2021, 9);
        let sum: i64 = ["not_held", "needs_creation", "unclear"]
            .iter()
            .map(|s| {
                r.value(&format!("t3.unavailable.{s}.natural"))
                    .and_then(|v| v.number())
                    .and_then(|n| n.as_int())
                    .unwrap()
            })
            .sum();
        with(r, "t3.unavailable.natural", num(sum + bias))
    }

    #[test]
    fn passes_when_the_group_row_adds_up() {
        assert!(run(&RULE, &with_group_row(0), None).is_empty());
        assert!(run(&RULE, &consistent(Version::V2021, 9), None).is_empty());
    }
}
