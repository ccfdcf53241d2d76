use super::{sub_rows, t3_key};
use crate::context::{short_label, Context};
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::template::{RowKind, TableId, T3_COLUMNS};

rule! {
    code: "T204", name: "group-aggregate", severity: Warning;
    /// # 分组只印了合计一行，没有模板的分项
    ///
    /// ## 说明
    /// 模板把不予公开、无法提供、不予处理、其他处理分成编号的分项（2021 年格式的（六）其他处理有
    /// 1–3 三项）。报告只印了分组的合计行、没有分项时，数字只有合计，分项无从得知。gongkai 把
    /// 合计记在分组的键下（如 `t3.other.total`），核对时按合计计算。
    ///
    /// ## 为什么重要
    /// 分项是国家统计口径的一部分（例如逾期未缴费的件数）；只有合计的报告无法与其他机关逐项比较
    /// 和汇总。
    ///
    /// ## 示例
    /// 不规范（2021 年格式）：
    /// ```text
    /// （六）其他处理  0  0  0  0  0  0  0
    /// （七）总计      21 0  0  0  0  0  21
    /// ```
    /// 规范：印出「1.申请人无正当理由逾期不补正…」「2.申请人逾期未按收费通知要求缴纳费用…」
    /// 「3.其他」三行。
    ///
    /// ## 修改
    /// 使用 2021 年模板，逐项填写分项。
    ///
    /// # A group printed as one row without the template's sub-rows
    ///
    /// ## What it does
    /// The template breaks withheld, unavailable, not processed and other outcomes into numbered
    /// sub-rows ((六)其他处理 has items 1–3 in the 2021 format). When a report prints only the
    /// group's own row, only its aggregate is known. gongkai keeps the aggregate under the
    /// group's key (`t3.other.total`) and checks with it.
    ///
    /// ## Why it matters
    /// The sub-rows are part of the national statistics (the number of unpaid fee notices, for
    /// one); a report with only the aggregate cannot be compared or rolled up item by item.
    ///
    /// ## Example
    /// Non-conforming (2021 format):
    /// ```text
    /// （六）其他处理  0  0  0  0  0  0  0
    /// （七）总计      21 0  0  0  0  0  21
    /// ```
    /// Conforming: the three rows 1.申请人无正当理由逾期不补正…, 2.申请人逾期未按收费通知要求
    /// 缴纳费用…, 3.其他.
    ///
    /// ## Fix
    /// Use the 2021 template and fill in each sub-row.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let groups = cx
        .template()
        .table(TableId::T3)
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Group);
    for group in groups {
        let own: Vec<String> = T3_COLUMNS.iter().map(|c| t3_key(group.id, c.id)).collect();
        let has_numbers = |k: &String| cx.value(k).is_some_and(|v| v.number().is_some());
        if !own.iter().any(has_numbers) {
            continue;
        }
        let subs = sub_rows(cx, group.id);
        let sub_keys: Vec<String> = subs
            .iter()
            .flat_map(|r| T3_COLUMNS.iter().map(|c| t3_key(r.id, c.id)))
            .collect();
        if sub_keys.iter().any(has_numbers) {
            continue;
        }
        let label = short_label(group.label.text);
        let items: Vec<&str> = subs.iter().map(|r| short_label(r.label.text)).collect();
        out.push(
            cx.finding(
                &RULE,
                format!(
                    "「{label}」只印了合计一行，没有模板的 {} 个分项",
                    subs.len()
                ),
                format!(
                    "{} is printed as one row without the template's {} sub-rows",
                    group.id,
                    subs.len()
                ),
            )
            .cells(cx, &own)
            .at_first(cx, &own)
            .help(
                format!("模板的分项：{}", items.join("；")),
                format!(
                    "the template's sub-rows: {}",
                    subs.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")
                ),
            ),
        );
    }
}
