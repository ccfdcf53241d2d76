use crate::context::{short_label, Context};
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::Cell;

rule! {
    code: "R101", name: "uncertain-cell", severity: Warning;
    /// # 有数字没能读准
    ///
    /// ## 说明
    /// 表格中有的数字 gongkai 没能确定读法：从连在一起的数字中拆出（`1000001`）、从标签所在行以外
    /// 的行归入、在没有框线的表格里按位置归入列、或一行印出的数字个数与列数不符，而且表格的勾稽
    /// 关系也没能证实这种读法。这里列出这些单元格、读出的数字和它们在原文中的位置（页码和位置框，
    /// 或行号）。
    ///
    /// ## 为什么重要
    /// 读错的数字会让核对结果出错。gongkai 不凭没读准的数字指责报告：算术规则跳过这些单元格，
    /// 请对照原文核对它们。
    ///
    /// ## 示例
    /// 没读准（网页去掉标记后，一行七个数字连在一起，不止一种拆法）：
    /// ```text
    /// 一、本年新收政府信息公开申请数量12001113
    /// ```
    /// 读得准（每个数字单独成格或以空白分开）：
    /// ```text
    /// 一、本年新收政府信息公开申请数量  12  0  0  1  0  0  13
    /// ```
    ///
    /// ## 修改
    /// 对照原文核对列出的单元格。发布报告时用表格或以空白分开数字，避免把单元格连在一起。
    ///
    /// # A cell could not be read for certain
    ///
    /// ## What it does
    /// gongkai could not make the reading of some numbers certain — split from a run of digits
    /// printed with no separator (`1000001`), taken from another line than its label's, placed
    /// in its column by position in a table with no drawn borders, or in a row that printed a
    /// different count of numbers than it has columns — and no identity of the table confirms
    /// the reading. The finding names the cells, the numbers read and where they are in the
    /// original (page and box, or line).
    ///
    /// ## Why it matters
    /// A misread number makes a check wrong. gongkai never accuses a report over a number it may
    /// have misread: the arithmetic rules skip these cells. Check them against the original.
    ///
    /// ## Example
    /// Not certain (a page with its markup removed runs a row's seven numbers together, and
    /// they split more than one way):
    /// ```text
    /// 一、本年新收政府信息公开申请数量12001113
    /// ```
    /// Certain (each number in its own cell, or set apart by space):
    /// ```text
    /// 一、本年新收政府信息公开申请数量  12  0  0  1  0  0  13
    /// ```
    ///
    /// ## Fix
    /// Check the cells named against the original. When publishing, keep the table a table, or
    /// set its numbers apart.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let template = cx.template();
    let doubtful: Vec<&Cell> = cx.report.cells.iter().filter(|c| !c.is_certain()).collect();
    // One finding per row: the row is what a clerk looks up in the original.
    for row in doubtful.chunk_by(|a, b| {
        let row = |c: &Cell| template.cell(&c.key).map(|s| s.row as *const _);
        row(a) == row(b)
    }) {
        let Some(spec) = template.cell(&row[0].key) else {
            continue;
        };
        let (how_zh, how_en) = row[0]
            .certainty
            .inference()
            .map_or(("", ""), |i| i.describe());
        let shown = |english: bool| {
            row.iter()
                .filter_map(|c| {
                    let col = template.cell(&c.key)?.column;
                    let v = if c.raw.is_empty() {
                        if english { "blank" } else { "空" }.to_string()
                    } else {
                        c.raw.clone()
                    };
                    Some(if english {
                        format!("{} {v}", c.key)
                    } else {
                        format!("{} {v}", col.label.text)
                    })
                })
                .collect::<Vec<_>>()
                .join(if english { ", " } else { "、" })
        };
        let label = short_label(spec.row.label.text);
        let keys: Vec<&str> = row.iter().map(|c| c.key.as_str()).collect();
        out.push(
            cx.finding(
                &RULE,
                format!(
                    "{}「{label}」一行有 {} 个数字没能读准（{how_zh}），请对照原文核对：{}",
                    spec.table.name_zh(),
                    row.len(),
                    shown(false)
                ),
                format!(
                    "{}, row “{label}”: {} numbers could not be read for certain ({how_en}); check them against the original: {}",
                    spec.table.name_en(),
                    row.len(),
                    shown(true)
                ),
            )
            .cells(cx, &keys)
            .at_first(cx, &row.iter().map(|c| c.key.clone()).collect::<Vec<_>>()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;
    use gongkai_core::{Certainty, Inference, Version};

    #[test]
    fn says_how_the_cells_were_read() {
        let mut r = consistent(Version::V2021, 4);
        for c in r
            .cells
            .iter_mut()
            .filter(|c| c.key.starts_with("t4.review."))
        {
            c.certainty = Certainty::Uncertain(Inference::Split);
        }
        let f = fails(&RULE, &r, 1);
        assert!(f[0].message.en.contains("split from a run of digits"));
    }
}
