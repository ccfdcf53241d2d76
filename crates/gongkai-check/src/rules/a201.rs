use super::{column_label, report_breaches, spec};
use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::identity::IdentityKind;

rule! {
    code: "A201", name: "review-litigation-total", severity: Error;
    /// # 表四：总计 = 维持 + 纠正 + 其他结果 + 尚未审结
    ///
    /// ## 说明
    /// 表四的行政复议、未经复议直接起诉、复议后起诉三组，各自的「总计」必须等于结果维持、结果纠正、
    /// 其他结果、尚未审结四项之和。
    ///
    /// ## 为什么重要
    /// 复议、诉讼案件数是考核政府信息公开工作的重要指标，纠错率以总计为分母。总计印成 0 或漏加，
    /// 会让已发生的案件在汇总中消失。
    ///
    /// ## 示例
    /// 错误（行政复议 10 + 1 + 0 + 0 = 11，总计却为 0）：
    /// ```text
    /// 10  1  0  0  0   0  0  0  0  0   5  0  0  0  0
    /// ```
    /// 正确：
    /// ```text
    /// 10  1  0  0  11  0  0  0  0  0   5  0  0  0  5
    /// ```
    ///
    /// ## 修改
    /// 按案件台账重算每组的总计。
    ///
    /// # Table 四: total = upheld + corrected + other + pending
    ///
    /// ## What it does
    /// For each of administrative review, litigation without review and litigation after
    /// review, the total must equal upheld + corrected + other results + still pending.
    ///
    /// ## Why it matters
    /// Review and litigation counts are key indicators of the disclosure work, and the
    /// correction rate divides by the total. A total printed as 0 makes cases that happened
    /// vanish from every roll-up.
    ///
    /// ## Example
    /// Wrong (review: 10 + 1 + 0 + 0 = 11, but the total is 0):
    /// ```text
    /// 10  1  0  0  0   0  0  0  0  0   5  0  0  0  0
    /// ```
    /// Right:
    /// ```text
    /// 10  1  0  0  11  0  0  0  0  0   5  0  0  0  5
    /// ```
    ///
    /// ## Fix
    /// Recompute each group's total from the case register.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    report_breaches(
        cx,
        out,
        &RULE,
        IdentityKind::Table4Total,
        column_label,
        |b| {
            let (sum, total) = (b.sums.right, b.sums.left);
            let row = spec(cx, b.total().key()).row;
            (
                format!(
                    "表四「{}」：{} = {sum}，但总计为 {total}",
                    row.label.text, b.parts_zh
                ),
                format!(
                    "table 四, {}: {} = {sum}, but the total is {total}",
                    row.id, b.parts_en
                ),
            )
        },
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;
    use gongkai_core::Version;

    #[test]
    fn fails_on_each_group() {
        for group in ["review", "litigation_direct", "litigation_after_review"] {
            let r = bump(
                consistent(Version::V2021, 11),
                &format!("t4.{group}.pending"),
                1,
            );
            let f = run(&RULE, &r, None);
            assert_eq!(f.len(), 1, "{group}");
            assert!(f[0].cells.contains(&format!("t4.{group}.total")));
        }
    }
}
