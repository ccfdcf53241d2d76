use crate::context::{short_label, Context};
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::template::{Row, RowKind, Table, T3_COLUMNS};

rule! {
    code: "T201", name: "missing-row", severity: Error;
    /// # 缺少模板的表格、行或列，连同其中的数字
    ///
    /// ## 说明
    /// 报告里找不到模板规定的某张统计表、某一行或某一列。分组只印了合计行（其分项不在报告里）时，
    /// 不算缺行，见 T204。
    ///
    /// ## 为什么重要
    /// 缺少的行列意味着缺少数字：汇总时这些数字只能当作未知，核对关系也无法成立。
    ///
    /// ## 示例
    /// 错误：表三没有「（五）不予处理」下的「5.要求行政机关确认或重新出具已获取信息」一行。
    /// 正确：模板的每一行都在，没有发生的填 0。
    ///
    /// ## 修改
    /// 使用国家模板（国办公开办函〔2021〕30号）的完整表格。
    ///
    /// # A table, row or column of the template is missing, and its numbers with it
    ///
    /// ## What it does
    /// A table, row or column that the template has is not in the report. A group printed as
    /// one row whose sub-rows are absent is not a missing row; see T204.
    ///
    /// ## Why it matters
    /// A missing row or column means missing numbers: roll-ups can only treat them as unknown,
    /// and the identities cannot be checked.
    ///
    /// ## Example
    /// Wrong: table 三 lacks the row 5.要求行政机关确认或重新出具已获取信息 under （五）不予处理.
    /// Right: every row of the template, with 0 where nothing happened.
    ///
    /// ## Fix
    /// Use the whole table of the national template (国办公开办函〔2021〕30号).
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for table in cx.template().tables {
        let prefix = format!("{}.", table.id.prefix());
        if !cx.report.cells.iter().any(|c| c.key.starts_with(&prefix)) {
            out.push(cx.finding(
                &RULE,
                format!("缺少{}", table.id.name_zh()),
                format!("{} is missing", table.id.name_en()),
            ));
            continue;
        }
        let mut missing_columns: Vec<&str> = Vec::new();
        if table.id.prefix() == "t3" {
            for column in T3_COLUMNS {
                let absent = table
                    .rows
                    .iter()
                    .filter(|r| r.kind == RowKind::Data)
                    .all(|r| cx.cell(&key(table, r, column.id)).is_none());
                if absent {
                    missing_columns.push(column.id);
                    let keys: Vec<String> = table
                        .rows
                        .iter()
                        .filter(|r| r.kind == RowKind::Data)
                        .map(|r| key(table, r, column.id))
                        .collect();
                    out.push(
                        cx.finding(
                            &RULE,
                            format!("{}缺少「{}」一列", table.id.name_zh(), column.label.text),
                            format!(
                                "{}: the column {} is missing",
                                table.id.name_en(),
                                column.id
                            ),
                        )
                        .cells(cx, &keys),
                    );
                }
            }
        }
        for row in table.rows.iter().filter(|r| r.kind == RowKind::Data) {
            if row.group.is_some_and(|g| aggregated(cx, table, g)) {
                continue;
            }
            let keys: Vec<String> = row
                .columns
                .iter()
                .filter(|c| !missing_columns.contains(&c.id))
                .map(|c| key(table, row, c.id))
                .filter(|k| cx.cell(k).is_none())
                .collect();
            if keys.is_empty() {
                continue;
            }
            let whole = keys.len() == row.columns.len() - missing_columns.len();
            let label = short_label(row.label.text);
            let (zh, en) = if whole {
                (
                    format!("{}缺少「{label}」一行", table.id.name_zh()),
                    format!("{}: the row {} is missing", table.id.name_en(), row.id),
                )
            } else {
                (
                    format!(
                        "{}「{label}」行缺少 {} 个单元格",
                        table.id.name_zh(),
                        keys.len()
                    ),
                    format!(
                        "{}: row {} lacks {} cell(s)",
                        table.id.name_en(),
                        row.id,
                        keys.len()
                    ),
                )
            };
            out.push(cx.finding(&RULE, zh, en).cells(cx, &keys));
        }
    }
}

fn key(table: &Table, row: &Row, column: &str) -> String {
    format!("{}.{}.{column}", table.id.prefix(), row.id)
}

/// Whether the group's own row is in the report.
fn aggregated(cx: &Context, table: &Table, group: &str) -> bool {
    table
        .rows
        .iter()
        .find(|r| r.id == group)
        .is_some_and(|g| cx.has_row(table.id.prefix(), g))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;
    use gongkai_core::Version;

    #[test]
    fn names_a_missing_table_once() {
        let f = fails(&RULE, &without(consistent(Version::V2021, 23), "t4."), 1);
        assert!(f[0].message.zh.contains("表四"));
    }

    #[test]
    fn sub_rows_of_a_printed_group_are_not_missing() {
        let r = without(consistent(Version::V2021, 24), "t3.other.");
        let r = with(r, "t3.other.total", num(0));
        let f = run(&RULE, &r, None);
        assert!(f.is_empty(), "{f:?}");
    }
}
