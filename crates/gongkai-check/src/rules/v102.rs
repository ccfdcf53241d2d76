use crate::context::{short_label, Context};
use crate::finding::Finding;
use crate::registry::rule;

rule! {
    /// # 件数为负数
    ///
    /// ## 说明
    /// 统计表中的件数、数量不可能小于 0。唯一的例外是 2019 年试行格式表二的「本年增/减」列。
    ///
    /// ## 为什么重要
    /// 负数通常是减号、破折号或页面符号被当成了数字的一部分，或是抄写时把差值填进了件数栏。
    ///
    /// ## 示例
    /// 错误：
    /// ```text
    /// （一）予以公开  -3  0  0  0  0  0  -3
    /// ```
    /// 正确：
    /// ```text
    /// （一）予以公开  3  0  0  0  0  0  3
    /// ```
    ///
    /// ## 修改
    /// 填写实际件数（大于或等于 0）。
    ///
    /// # A negative count
    ///
    /// ## What it does
    /// Counts cannot be below 0. The one exception is the 本年增/减 (change) column of table 二
    /// in the 2019 trial format.
    ///
    /// ## Why it matters
    /// A negative count is usually a dash or a page mark taken into the number, or a
    /// difference entered where a count belongs.
    ///
    /// ## Example
    /// Wrong:
    /// ```text
    /// （一）予以公开  -3  0  0  0  0  0  -3
    /// ```
    /// Right:
    /// ```text
    /// （一）予以公开  3  0  0  0  0  0  3
    /// ```
    ///
    /// ## Fix
    /// Enter the actual count (0 or more).
    code: "V102",
    name: "negative-count",
    severity: Error,
    check: check,
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (cell, n, spec) in cx.numbers() {
        if !n.is_negative() || spec.column.id == "delta" {
            continue;
        }
        out.push(
            cx.finding(
                &RULE,
                format!(
                    "「{}」「{}」为负数 {n}",
                    short_label(spec.row.label.text),
                    short_label(spec.column.label.text)
                ),
                format!("{} is negative: {n}", cell.key),
            )
            .cells(cx, &[&cell.key])
            .at_cell(cx, &cell.key),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;
    use gongkai_core::Version;

    #[test]
    fn passes_on_counts_and_2019_deltas() {
        assert!(run(&RULE, &consistent(Version::V2021, 15), None).is_empty());
        let r = with(consistent(Version::V2019, 15), "t2.penalty.delta", num(-18));
        passes(&RULE, &r);
    }

    #[test]
    fn fails_on_a_negative_count() {
        let r = with(
            consistent(Version::V2021, 16),
            "t3.granted.natural",
            num(-3),
        );
        let f = run(&RULE, &r, None);
        insta::assert_snapshot!(diagnostics(&r, &f));
        assert_eq!(f.len(), 1);
        assert!(f[0].cells.contains("t3.granted.natural"));
    }
}
