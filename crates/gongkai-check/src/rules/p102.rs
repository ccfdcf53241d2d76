use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::template::TableId;

rule! {
    code: "P102", name: "pending-vanished", severity: Info;
    /// # 上年有尚未审结的复议诉讼，本年却没有任何结果
    ///
    /// ## 说明
    /// 上一年度报告的表四某一组「尚未审结」不为 0，而本年同一组的结果维持、结果纠正、其他结果
    /// 都是 0。上年未结的案件，本年通常会有结果（或仍列为尚未审结）。需要 `--previous`。
    ///
    /// ## 为什么重要
    /// 跨年案件在年度之间「消失」，多半是本年漏填了结果，或上年的尚未审结填错了。
    ///
    /// ## 示例
    /// 值得一看：2021 年行政复议尚未审结 2 件；2022 年行政复议结果维持、纠正、其他均为 0，尚未审结 0。
    /// 正常：2022 年结果维持 2 件（或仍有尚未审结）。
    ///
    /// ## 修改
    /// 核对跨年案件的办理结果并填入本年表四。
    ///
    /// # Cases pending last year, yet no outcome this year
    ///
    /// ## What it does
    /// A group of last year's table 四 had cases still pending, while this year's same group
    /// has no upheld, corrected or other result at all. Cases pending at the end of a year
    /// usually end in the next (or are still pending). Needs `--previous`.
    ///
    /// ## Why it matters
    /// Cases that vanish between years usually mean this year's outcomes were not entered, or
    /// last year's pending count was wrong.
    ///
    /// ## Example
    /// Worth a look: 2 reviews pending in 2021; in 2022 no review upheld, corrected, other or
    /// pending.
    /// Fine: 2 upheld in 2022 (or some still pending).
    ///
    /// ## Fix
    /// Look up the outcomes of the cases carried across the year and enter them in table 四.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.previous.is_none() {
        return;
    }
    for row in cx.template().table(TableId::T4).rows {
        let key = |c: &str| format!("t4.{}.{c}", row.id);
        let Some(pending) = cx.previous_int(&key("pending")).filter(|p| *p > 0) else {
            continue;
        };
        // This year's figures of the row, outcomes and still pending: last year's pending cases
        // must show in one of them.
        let now: Vec<String> = row
            .columns
            .iter()
            .filter(|c| c.id != "total")
            .map(|c| key(c.id))
            .collect();
        let Some(values) = cx.ints(&now) else {
            continue;
        };
        if values.iter().any(|v| *v > 0) {
            continue;
        }
        out.push(
            cx.finding(
                &RULE,
                format!("上年「{}」有 {pending} 件尚未审结，本年却没有任何结果", row.label.text),
                format!("{pending} {} case(s) were pending last year, yet none has an outcome this year", row.id),
            )
            .cells(cx, &now)
            .cell_value(&format!("previous.{}", key("pending")), cx.previous_cell(&key("pending")).map(|c| c.printed.value))
            .at_cell(cx, &key("total")),
        );
    }
}
