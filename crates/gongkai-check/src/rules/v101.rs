use crate::context::{short_label, Context};
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::template::{RowKind, TableId, T3_COLUMNS};
use gongkai_core::{Blank, Value};

rule! {
    code: "V101", name: "blank-cell", severity: Warning;
    /// # 应填数字的单元格为空或写了「/」「—」「无」
    ///
    /// ## 说明
    /// 统计表的每个单元格都应填数字，没有发生的填 0。空白、「/」、「—」、「无」都不是数字。
    /// 同一行的空格合为一条提示。分组只印了合计行时，其分项留空不在此报告（见 T204）。
    ///
    /// ## 为什么重要
    /// 空白无法参加汇总和核对：读者分不清是「没有发生」还是「漏填」，汇总程序只能跳过。
    ///
    /// ## 示例
    /// 不规范：
    /// ```text
    /// （二）部分公开  /  /  /  /  /  /  /
    /// ```
    /// 规范：
    /// ```text
    /// （二）部分公开  0  0  0  0  0  0  0
    /// ```
    ///
    /// ## 修改
    /// 没有发生的事项填 0。
    ///
    /// # A cell that must hold a number is blank, `/`, `—` or `无`
    ///
    /// ## What it does
    /// Every cell of the tables must hold a number, 0 when nothing happened. Blank, `/`, `—`
    /// and `无` are not numbers. The blanks of one row make one finding. Sub-rows left blank
    /// because their group was printed as one row are not reported here (see T204).
    ///
    /// ## Why it matters
    /// A blank takes part in no sum and no check: a reader cannot tell "none" from "not
    /// filled in", and a roll-up has to skip it.
    ///
    /// ## Example
    /// Non-conforming:
    /// ```text
    /// （二）部分公开  /  /  /  /  /  /  /
    /// ```
    /// Conforming:
    /// ```text
    /// （二）部分公开  0  0  0  0  0  0  0
    /// ```
    ///
    /// ## Fix
    /// Write 0 where nothing happened.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for table in cx.template().tables {
        for row in table.rows.iter().filter(|r| r.kind == RowKind::Data) {
            if row.group.is_some_and(|g| printed_as_one_row(cx, g)) {
                continue;
            }
            let blanks: Vec<(String, Blank)> = row
                .columns
                .iter()
                .filter_map(|c| {
                    let key = format!("{}.{}.{}", table.id.prefix(), row.id, c.id);
                    match cx.value(&key) {
                        Some(Value::Blank(b)) => Some((key, b)),
                        _ => None,
                    }
                })
                .collect();
            if blanks.is_empty() {
                continue;
            }
            let columns: Vec<&str> = row
                .columns
                .iter()
                .filter(|c| {
                    blanks
                        .iter()
                        .any(|(k, _)| k.ends_with(&format!(".{}", c.id)))
                })
                .map(|c| short_label(c.label.text))
                .collect();
            let mut markers: Vec<&str> = blanks
                .iter()
                .map(|(_, b)| match b {
                    Blank::Empty => "空白",
                    b => b.as_str(),
                })
                .collect();
            markers.dedup();
            let keys: Vec<String> = blanks.into_iter().map(|(k, _)| k).collect();
            let label = short_label(row.label.text);
            out.push(
                cx.finding(
                    &RULE,
                    format!(
                        "{}「{label}」行有 {} 个单元格没有数字（{}）：{}",
                        table_name(table.id),
                        keys.len(),
                        markers.join("、"),
                        columns.join("、")
                    ),
                    format!(
                        "{} cell(s) of row {} hold no number: {}",
                        keys.len(),
                        row.id,
                        keys.join(", ")
                    ),
                )
                .cells(cx, &keys)
                .at_first(cx, &keys)
                .help(
                    "模板要求填数字，没有发生的填 0",
                    "the template expects a number: 0 where nothing happened",
                ),
            );
        }
    }
}

/// Whether a group's own row holds numbers: it was printed in aggregate.
fn printed_as_one_row(cx: &Context, group: &str) -> bool {
    T3_COLUMNS.iter().any(|c| {
        cx.value(&format!("t3.{group}.{}", c.id))
            .is_some_and(|v| v.number().is_some())
    })
}

fn table_name(id: TableId) -> &'static str {
    match id {
        TableId::T2 => "表二",
        TableId::T3 => "表三",
        TableId::T4 => "表四",
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;
    use gongkai_core::{Blank, Value, Version};

    #[test]
    fn sub_rows_of_a_group_printed_as_one_row_are_not_blanks() {
        let mut r = consistent(Version::V2021, 14);
        r = with(r, "t3.other.natural", num(0));
        r = with(
            r,
            "t3.other.overdue_fee.natural",
            Value::Blank(Blank::Empty),
        );
        passes(&RULE, &r);
    }
}
