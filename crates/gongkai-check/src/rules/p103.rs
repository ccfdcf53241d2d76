use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;

/// 十亿元: more than any one organ's fees in a year; above it, 元 were likely written as 万元.
const BOUND: f64 = 100_000.0;

rule! {
    code: "P103", name: "fee-unit", severity: Info;
    /// # 收费金额像是把「元」填进了「万元」栏
    ///
    /// ## 说明
    /// 表二「行政事业性收费」的本年收费金额以万元为单位。金额超过 100,000 万元（十亿元）时，很可能
    /// 是按元填写的数字（例如 251000 元写成了 251000 万元）。
    ///
    /// ## 为什么重要
    /// 单位错误让金额大了一万倍，汇总后整个地区的收费数字随之失真。
    ///
    /// ## 示例
    /// 值得一看：
    /// ```text
    /// 行政事业性收费  2510000
    /// ```
    /// 正常（万元）：
    /// ```text
    /// 行政事业性收费  251
    /// ```
    ///
    /// ## 修改
    /// 按万元换算（元 ÷ 10,000），保留 4 位小数。
    ///
    /// # The fee amount looks like 元 written in a 万元 column
    ///
    /// ## What it does
    /// Table 二's fee amount is in 万元 (10,000 yuan). An amount above 100,000 万元 (a billion
    /// yuan) is most likely a figure in 元 (251000 元 entered as 251000 万元).
    ///
    /// ## Why it matters
    /// A unit error makes the amount ten thousand times too large, and every roll-up with it.
    ///
    /// ## Example
    /// Worth a look:
    /// ```text
    /// 行政事业性收费  2510000
    /// ```
    /// Fine (万元):
    /// ```text
    /// 行政事业性收费  251
    /// ```
    ///
    /// ## Fix
    /// Convert to 万元 (元 ÷ 10,000), to four decimals.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let key = "t2.fees.amount";
    let Some(amount) = cx.value(key).and_then(|v| v.number()).map(|n| n.to_f64()) else {
        return;
    };
    // The 2019 format has no fee amount; only the 2021 column is in 万元.
    if amount <= BOUND || cx.template().cell(key).is_none() {
        return;
    }
    out.push(
        cx.finding(
            &RULE,
            format!("收费金额 {amount} 万元超过十亿元，可能是按元填写的"),
            format!(
                "a fee amount of {amount} 万元 is over a billion yuan: probably entered in yuan"
            ),
        )
        .cells(cx, &[key])
        .at_cell(cx, key),
    );
}
