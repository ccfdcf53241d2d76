use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;

rule! {
    code: "N106", name: "text-fees", severity: Warning;
    /// # 正文说未发出收费通知，表三却有逾期未缴费的申请
    ///
    /// ## 说明
    /// 正文（通常在第六部分）说本年度没有发出收费通知，而表三「（六）2.申请人逾期未按收费通知要求
    /// 缴纳费用、行政机关不再处理其政府信息公开申请」的总计不为 0，即报告：有申请人逾期未缴费，
    /// 说明机关发出过收费通知。
    ///
    /// 正文只说「未收取信息处理费」并不矛盾：发了通知而申请人没有缴费，机关确实没有收到费用。
    /// 正文说收了费而这一行为 0 也不矛盾（申请人按时缴了费）。这两种情况都不报告。
    ///
    /// ## 为什么重要
    /// 收费是社会关注的问题。正文说没有发过收费通知、表格却显示有申请因逾期未缴费而终止，二者必有
    /// 一处不实。
    ///
    /// ## 示例
    /// 不一致（（六）2 总计为 2）：
    /// ```text
    /// 本年度未向申请人发出收费通知。
    /// ```
    /// 一致：
    /// ```text
    /// 本年度向2名申请人发出收费通知，申请人均逾期未缴纳，未实际收取信息处理费。
    /// ```
    ///
    /// ## 修改
    /// 如实说明收费通知和实际收费情况，或改正表三。
    ///
    /// # The text says no fee notice was sent while table 三 has requests dropped for unpaid fees
    ///
    /// ## What it does
    /// The text (usually section 六) says no fee notice was sent while table 三's row （六）2 (the
    /// applicant did not pay the fee notice in time, and the request was not processed further)
    /// has a non-zero total: fee notices were sent.
    ///
    /// A text that only says no fee was collected (未收取信息处理费) is no contradiction: the
    /// notices went unpaid, so nothing was collected. Nor is a text that says fees were charged
    /// while that row is 0 (the applicants paid). Neither is reported.
    ///
    /// ## Why it matters
    /// Fees draw public attention; a text that says no notices were sent while the table shows
    /// requests dropped for unpaid notices cannot both be true.
    ///
    /// ## Example
    /// Inconsistent (（六）2 total is 2):
    /// ```text
    /// 本年度未向申请人发出收费通知。
    /// ```
    /// Consistent:
    /// ```text
    /// 本年度向2名申请人发出收费通知，申请人均逾期未缴纳，未实际收取信息处理费。
    /// ```
    ///
    /// ## Fix
    /// State the fee notices and the fees actually charged, or correct table 三.
}

/// What a sentence calls a fee notice.
const NOTICE: &[&str] = &["收费通知", "缴费通知"];

/// Words that deny, when they stand before the notice in its clause.
const NEGATIONS: &[&str] = &["未", "没有", "无", "不存在", "未曾"];

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let key = "t3.other.overdue_fee.total";
    let Some(unpaid) = cx.int(key).filter(|v| *v > 0) else {
        return;
    };
    if let Some(s) = cx.sentences().iter().find(|s| denies_notices(&s.text())) {
        out.push(
            cx.finding(
                &RULE,
                format!("正文说未发出收费通知，但表三（六）2 逾期未缴费的申请有 {unpaid} 件"),
                format!("the text says no fee notice was sent, but table 三 has {unpaid} request(s) dropped for unpaid fee notices"),
            )
            .cells(cx, &[key])
            .quoting(s),
        );
    }
}

/// Whether a sentence says no fee notice was sent: a negation before `收费通知` in the same
/// clause (`未向申请人发出收费通知`, `没有发出缴费通知`), not one that speaks of notices sent
/// (`发出收费通知2份，申请人未缴费`).
fn denies_notices(sentence: &str) -> bool {
    sentence.split(['，', ',', '；', ';', '。']).any(|clause| {
        NOTICE.iter().filter_map(|n| clause.find(n)).any(|at| {
            let before = &clause[..at];
            NEGATIONS.iter().any(|neg| before.contains(neg)) && !before.contains("逾期")
        })
    })
}

#[cfg(test)]
mod tests {
    use super::denies_notices;

    #[test]
    fn only_a_denied_notice_counts() {
        assert!(denies_notices("本年度未向申请人发出收费通知。"));
        assert!(denies_notices("全年没有发出缴费通知"));
        assert!(!denies_notices("本年度未收取信息处理费。"));
        assert!(!denies_notices("发出收费通知2份，申请人均未缴费。"));
        assert!(!denies_notices("申请人逾期未按收费通知要求缴纳费用"));
    }
}
