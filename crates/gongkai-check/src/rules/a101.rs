use super::{column_label, report_breaches, row_label, spec};
use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::identity::IdentityKind;

rule! {
    code: "A101", name: "row-total", severity: Error;
    /// # 表三每一行：总计 = 六类申请人之和
    ///
    /// ## 说明
    /// 表三的每一行，「总计」列必须等于自然人、商业企业、科研机构、社会公益组织、法律服务机构、
    /// 其他六列之和。
    ///
    /// ## 为什么重要
    /// 总计列是上级汇总时直接相加的数。某一列抄错或漏填，总计就与明细对不上，汇总结果随之出错。
    ///
    /// ## 示例
    /// 错误（20 + 1 = 21，总计却印了 20）：
    /// ```text
    /// 一、本年新收政府信息公开申请数量  20  1  0  0  0  0  20
    /// ```
    /// 正确：
    /// ```text
    /// 一、本年新收政府信息公开申请数量  20  1  0  0  0  0  21
    /// ```
    ///
    /// ## 修改
    /// 逐列核对原始台账，改正写错的明细或总计，使总计等于六列之和。
    ///
    /// # Table 三, every row: total = the six applicant columns
    ///
    /// ## What it does
    /// In every row of table 三, the 总计 column must equal the sum of the six applicant
    /// columns (natural persons, businesses, research bodies, public-interest organisations,
    /// legal services, others).
    ///
    /// ## Why it matters
    /// The total column is what a higher office adds up when it rolls reports up. A miscopied
    /// or missing applicant figure makes the total disagree with its parts, and the roll-up
    /// inherits the error.
    ///
    /// ## Example
    /// Wrong (20 + 1 = 21, but the total says 20):
    /// ```text
    /// 一、本年新收政府信息公开申请数量  20  1  0  0  0  0  20
    /// ```
    /// Right:
    /// ```text
    /// 一、本年新收政府信息公开申请数量  20  1  0  0  0  0  21
    /// ```
    ///
    /// ## Fix
    /// Check each column against the register and correct the wrong figure so that the total
    /// equals the sum of the six columns.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    report_breaches(cx, out, &RULE, IdentityKind::RowTotal, column_label, |b| {
        let (sum, total) = (b.sums.right, b.sums.left);
        (
            format!(
                "表三「{}」行：{} = {sum}，但总计为 {total}",
                row_label(cx, b.total()),
                b.parts_zh
            ),
            format!(
                "table 三, row {}: {} = {sum}, but the total is {total}",
                spec(cx, b.total().key()).row.id,
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
    fn skips_rows_with_a_blank_cell() {
        let r = with(
            bump(consistent(Version::V2021, 3), "t3.new.total", 1),
            "t3.new.natural",
            gongkai_core::Value::Blank(gongkai_core::Blank::Slash),
        );
        passes(&RULE, &r);
    }
}
