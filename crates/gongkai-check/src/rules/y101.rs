use super::{t3_column_label, t3_key};
use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::template::T3_COLUMNS;

rule! {
    code: "Y101", name: "carry-across-years", severity: Error, needs: Previous;
    /// # 上年结转 ≠ 上一年度报告的结转下年
    ///
    /// ## 说明
    /// 表三每一列，本年的「二、上年结转政府信息公开申请数量」必须等于上一年度报告的「四、结转下年度
    /// 继续办理」。需要用 `--previous` 给出上一年度的报告。
    ///
    /// ## 为什么重要
    /// 跨年结转的申请是同一批申请：上年报告说结转 3 件，今年就该接收 3 件。不相等说明有申请在年度
    /// 之间丢失或凭空出现。
    ///
    /// ## 示例
    /// 错误：2021 年报告结转下年总计 3，2022 年报告上年结转总计 0。
    /// 正确：2022 年报告上年结转总计 3。
    ///
    /// ## 修改
    /// 核对跨年办理的申请，改正本年的上年结转（或说明上年报告的错误）。
    ///
    /// # Carried over ≠ last year's carried forward
    ///
    /// ## What it does
    /// In every column of table 三, this year's requests carried over from last year must equal
    /// last year's report's requests carried forward. Needs last year's report (`--previous`).
    ///
    /// ## Why it matters
    /// Requests carried across the new year are the same requests: if last year's report
    /// carried 3 forward, this year's must take 3 over. Otherwise requests were lost or invented
    /// between the years.
    ///
    /// ## Example
    /// Wrong: the 2021 report carries 3 forward in total; the 2022 report carries 0 over.
    /// Right: the 2022 report carries 3 over.
    ///
    /// ## Fix
    /// Check the requests handled across the year's end and correct this year's carried-over
    /// count (or note last year's error).
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(previous) = cx.previous else { return };
    for column in T3_COLUMNS.iter().map(|c| c.id) {
        let over = t3_key("carried_over", column);
        let forward = t3_key("carried_forward", column);
        let (Some(now), Some(before)) = (cx.int(&over), cx.previous_int(&forward)) else {
            continue;
        };
        if now == before {
            continue;
        }
        let year = previous.year.map_or(String::new(), |y| format!("{y} 年"));
        out.push(
            cx.finding(
                &RULE,
                format!(
                    "表三「{}」列：上年结转 {now}，但上一年度（{year}）报告的结转下年为 {before}",
                    t3_column_label(column)
                ),
                format!(
                    "table 三, column {column}: {now} carried over, but last year's report carried {before} forward"
                ),
            )
            .cells(cx, &[&over])
            .cell_value(&format!("previous.{forward}"), cx.previous_cell(&forward).map(|c| c.printed.value))
            .at_cell(cx, &over),
        );
    }
}
