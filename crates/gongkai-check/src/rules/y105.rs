use crate::context::{place, Context};
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::template::TableId;

/// A change is worth a look only when the larger count reaches this.
const FLOOR: i64 = 20;
/// … and moves by more than this factor.
const FACTOR: i64 = 10;

rule! {
    code: "Y105", name: "tenfold-change", severity: Info, needs: Previous;
    /// # 某项数字比上年变动超过十倍
    ///
    /// ## 说明
    /// 表二的各项和表三、表四各行的总计，与上年相比变动超过 10 倍（较大的一方至少 20），或从 0 变为
    /// 20 以上、从 20 以上变为 0。需要 `--previous`。这只是提示：真实的大幅变化是有的，但多半值得
    /// 在正文中说明。
    ///
    /// ## 为什么重要
    /// 十倍的变化常常是单位或位数错误（元与万元、多打或漏打一个 0），或口径改变。
    ///
    /// ## 示例
    /// 值得一看：行政处罚决定 2021 年 35 件，2022 年 3500 件。
    /// 正常：35 件到 41 件。
    ///
    /// ## 修改
    /// 核对该数字；变化属实的，在正文中说明原因。
    ///
    /// # A count moved more than tenfold against last year
    ///
    /// ## What it does
    /// The cells of table 二 and the totals of every row of tables 三 and 四 are compared with
    /// last year's: a change of more than ten times (the larger at least 20), or from 0 to 20 or
    /// more, or the reverse, is noted. Needs `--previous`. Real swings happen; this is a hint,
    /// and usually worth a sentence in the text.
    ///
    /// ## Why it matters
    /// A tenfold change is often a unit or digit error (元 for 万元, a 0 too many or too few) or
    /// a changed scope.
    ///
    /// ## Example
    /// Worth a look: 35 administrative penalty decisions in 2021, 3,500 in 2022.
    /// Fine: 35 to 41.
    ///
    /// ## Fix
    /// Check the number; when the change is real, explain it in the text.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.previous.is_none() {
        return;
    }
    let template = cx.template();
    for cell in &cx.report.cells {
        let Some(spec) = template.cell(&cell.key) else {
            continue;
        };
        if spec.table != TableId::T2 && spec.column.id != "total" {
            continue;
        }
        let (Some(now), Some(before)) = (cx.int(&cell.key), cx.previous_int(&cell.key)) else {
            continue;
        };
        let (low, high) = (now.min(before), now.max(before));
        if low < 0 || high < FLOOR || (low > 0 && high <= low * FACTOR) {
            continue;
        }
        let at = place(spec);
        out.push(
            cx.cell_finding(
                &RULE,
                &cell.key,
                format!("{}由上年的 {before} 变为 {now}", at.zh),
                format!("{} moved from {before} last year to {now}", at.en),
            )
            .cell_value(
                &format!("previous.{}", cell.key),
                cx.previous_cell(&cell.key).map(|c| c.printed.value),
            ),
        );
    }
}
