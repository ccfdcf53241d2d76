use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;

rule! {
    code: "N106", name: "text-fees", severity: Warning;
    /// # 正文说未收费，表三却有逾期未缴费的申请
    ///
    /// ## 说明
    /// 正文（通常在第六部分）说本年度未收取信息处理费，而表三「（六）2.申请人逾期未按收费通知要求
    /// 缴纳费用、行政机关不再处理其政府信息公开申请」的总计不为 0，即报告：有申请人逾期未缴费，
    /// 说明机关发出过收费通知。
    ///
    /// 反过来，正文说收了费而这一行为 0 并不矛盾（申请人按时缴了费），因此不报告。
    ///
    /// ## 为什么重要
    /// 收费是社会关注的问题。正文说不收费、表格却显示发过收费通知，二者必有一处不实。
    ///
    /// ## 示例
    /// 不一致（（六）2 总计为 2）：
    /// ```text
    /// 本年度未收取信息处理费。
    /// ```
    /// 一致：
    /// ```text
    /// 本年度向2名申请人发出收费通知，申请人均逾期未缴纳，未实际收取信息处理费。
    /// ```
    ///
    /// ## 修改
    /// 如实说明收费通知和实际收费情况，或改正表三。
    ///
    /// # The text says no fee was charged while table 三 has requests dropped for unpaid fees
    ///
    /// ## What it does
    /// The text (usually section 六) says no information processing fee was charged while
    /// table 三's row （六）2 (the applicant did not pay the fee notice in time, and the request
    /// was not processed further) has a non-zero total: fee notices were sent.
    ///
    /// The reverse — the text says fees were charged while that row is 0 — is no contradiction
    /// (the applicants paid) and is not reported.
    ///
    /// ## Why it matters
    /// Fees draw public attention; a text that says none were charged while the table shows
    /// fee notices cannot both be true.
    ///
    /// ## Example
    /// Inconsistent (（六）2 total is 2):
    /// ```text
    /// 本年度未收取信息处理费。
    /// ```
    /// Consistent:
    /// ```text
    /// 本年度向2名申请人发出收费通知，申请人均逾期未缴纳，未实际收取信息处理费。
    /// ```
    ///
    /// ## Fix
    /// State the fee notices and the fees actually charged, or correct table 三.
}

const NO_FEE: &[&str] = &[
    "未收取",
    "没有收取",
    "不收取",
    "未收费",
    "免收",
    "未向申请人收取",
];

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let key = "t3.other.overdue_fee.total";
    let Some(unpaid) = cx.int(key).filter(|v| *v > 0) else {
        return;
    };
    let denial = cx.sentences().iter().find(|s| {
        s.contains("费") && s.contains_any(NO_FEE) && !s.contains("通知") && !s.contains("逾期")
    });
    if let Some(s) = denial {
        out.push(
            cx.finding(
                &RULE,
                format!("正文说未收取信息处理费，但表三（六）2 逾期未缴费的申请有 {unpaid} 件"),
                format!("the text says no fee was charged, but table 三 has {unpaid} request(s) dropped for unpaid fees"),
            )
            .cells(cx, &[key])
            .quoting(s),
        );
    }
}
