use crate::context::{place, Context};
use crate::finding::Finding;
use crate::registry::rule;

rule! {
    code: "V103", name: "fractional-count", severity: Error;
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
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (cell, n, spec) in cx.numbers() {
        if n.as_int().is_some() || spec.column.id == "amount" {
            continue;
        }
        let at = place(spec);
        out.push(cx.cell_finding(
            &RULE,
            &cell.key,
            format!("{}是件数，却带有小数：{n}", at.zh),
            format!("{} is a count but not a whole number: {n}", at.en),
        ));
    }
}
