use crate::context::{short_label, Context};
use crate::finding::Finding;
use crate::registry::rule;

rule! {
    /// # 件数带有小数
    ///
    /// ## 说明
    /// 件数、数量必须是整数。只有金额（表二的收费金额、2019 年格式的采购总金额）可以有小数。
    ///
    /// ## 为什么重要
    /// 带小数的件数多半是把金额填进了件数栏，或是千分位逗号、顿号被读成了小数点。
    ///
    /// ## 示例
    /// 错误：
    /// ```text
    /// 行政许可  12.5
    /// ```
    /// 正确：
    /// ```text
    /// 行政许可  125
    /// ```
    ///
    /// ## 修改
    /// 填写整数件数；金额填在金额栏。
    ///
    /// # A count that is not a whole number
    ///
    /// ## What it does
    /// Counts must be whole numbers. Only amounts (the fee amount of table 二, the procurement
    /// amount of the 2019 format) may have decimals.
    ///
    /// ## Why it matters
    /// A fractional count is usually an amount entered in a count column, or a thousands
    /// separator read as a decimal point.
    ///
    /// ## Example
    /// Wrong:
    /// ```text
    /// 行政许可  12.5
    /// ```
    /// Right:
    /// ```text
    /// 行政许可  125
    /// ```
    ///
    /// ## Fix
    /// Enter a whole count; put amounts in the amount column.
    code: "V103",
    name: "fractional-count",
    severity: Error,
    check: check,
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (cell, n, spec) in cx.numbers() {
        if n.as_int().is_some() || spec.column.id == "amount" {
            continue;
        }
        out.push(
            cx.finding(
                &RULE,
                format!(
                    "「{}」「{}」是件数，却带有小数：{n}",
                    short_label(spec.row.label.text),
                    short_label(spec.column.label.text)
                ),
                format!("{} is a count but not a whole number: {n}", cell.key),
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
    use gongkai_core::{Number, Value, Version};

    fn dec(s: &str) -> Value {
        Value::Number(Number::parse(s).unwrap())
    }

    #[test]
    fn passes_on_whole_counts_and_decimal_amounts() {
        let r = with(
            consistent(Version::V2021, 17),
            "t2.fees.amount",
            dec("7730.28"),
        );
        passes(&RULE, &r);
    }

    #[test]
    fn fails_on_a_fractional_count() {
        let r = with(
            consistent(Version::V2021, 18),
            "t2.licensing.decisions",
            dec("12.5"),
        );
        let f = run(&RULE, &r, None);
        insta::assert_snapshot!(diagnostics(&r, &f));
        assert_eq!(f.len(), 1);
        assert!(f[0].cells.contains("t2.licensing.decisions"));
    }
}
