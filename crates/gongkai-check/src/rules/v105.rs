use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::NoteKind;

rule! {
    code: "V105", name: "digits-regrouped", severity: Warning;
    /// # 数字连在一起或被拆开：读取时作了取舍
    ///
    /// ## 说明
    /// 一行印出的数字比模板的列多或少：常见于 PDF 转文字时相邻两格的数字连成一个（`693665`），或一个
    /// 数字被空格拆成两个（`2 1`）。gongkai 会用本表自己的合计关系决定怎样拆分或合并，并在这里说明
    /// 它的选择和理由；无法确定时说明哪些数字没有读入。
    ///
    /// ## 为什么重要
    /// 这些数字是推断出来的，不是逐格读出的。发布前应对照原件确认。
    ///
    /// ## 示例
    /// 原文（自然人 693、总计 665 连在一起）：
    /// ```text
    /// 一、本年新收政府信息公开申请数量  693665  0  0  0  0  0
    /// ```
    /// 规范的发布：每个数字在自己的单元格里。
    ///
    /// ## 修改
    /// 发布可编辑的表格（Word、网页表格），或检查 PDF 的表格是否完整。
    ///
    /// # Digits that ran together or were split: the reader's choice and why
    ///
    /// ## What it does
    /// A row printed with more or fewer numbers than the template has columns: PDF text often
    /// runs two neighbouring cells together (`693665`) or splits one number (`2 1`). gongkai
    /// decides how to split or join them by the table's own sums and says here what it chose
    /// and why; when it cannot decide, it says which numbers were left out.
    ///
    /// ## Why it matters
    /// Those numbers were inferred, not read cell by cell. Confirm them against the original
    /// before publishing.
    ///
    /// ## Example
    /// As printed (natural persons 693 and the total 665 run together):
    /// ```text
    /// 一、本年新收政府信息公开申请数量  693665  0  0  0  0  0
    /// ```
    /// Conforming publication: every number in its own cell.
    ///
    /// ## Fix
    /// Publish an editable table (Word, an HTML table), or check that the PDF's table is whole.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let kinds = [
        NoteKind::DigitsRegrouped,
        NoteKind::MissingValues,
        NoteKind::ExtraValues,
    ];
    cx.notes_as_findings(&RULE, &kinds, out);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;

    const T4: &str = "四、政府信息公开行政复议、行政诉讼情况\n0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

    #[test]
    fn passes_when_every_number_has_its_cell() {
        let r = read(&format!(
            "某县2022年度政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n{T4}"
        ));
        passes(&RULE, &r);
    }
}
