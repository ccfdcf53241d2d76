use crate::context::{place, Context};
use crate::finding::Finding;
use crate::registry::rule;

rule! {
    code: "V102", name: "negative-count", severity: Error;
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
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (cell, n, spec) in cx.numbers() {
        if !n.is_negative() || spec.column.id == "delta" {
            continue;
        }
        let at = place(spec);
        out.push(cx.cell_finding(
            &RULE,
            &cell.key,
            format!("{}为负数 {n}", at.zh),
            format!("{} is negative: {n}", at.en),
        ));
    }
}
