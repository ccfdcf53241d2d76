use crate::context::{Context, Sum};
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::template::TableId;

rule! {
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
    code: "A201",
    name: "review-litigation-total",
    severity: Error,
    check: check,
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for row in cx.template().table(TableId::T4).rows {
        let parts: Vec<String> = ["upheld", "corrected", "other", "pending"]
            .iter()
            .map(|c| format!("t4.{}.{c}", row.id))
            .collect();
        let total_key = format!("t4.{}.total", row.id);
        let (Some(values), Some(total)) = (cx.ints(&parts), cx.int(&total_key)) else {
            continue;
        };
        let mut sum = Sum::new();
        for ((column, key), v) in row.columns.iter().zip(&parts).zip(&values) {
            sum.add(column.label.text, key, *v);
        }
        if sum.total == total {
            continue;
        }
        let mut keys = parts.clone();
        keys.push(total_key.clone());
        out.push(
            cx.finding(
                &RULE,
                format!(
                    "表四「{}」：{} = {}，但总计为 {total}",
                    row.label.text,
                    sum.zh(),
                    sum.total
                ),
                format!(
                    "table 四, {}: {} = {}, but the total is {total}",
                    row.id,
                    sum.en(),
                    sum.total
                ),
            )
            .cells(cx, &keys)
            .at_cell(cx, &total_key),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;
    use gongkai_core::Version;

    #[test]
    fn passes_when_totals_add_up() {
        assert!(run(&RULE, &consistent(Version::V2021, 10), None).is_empty());
    }

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
