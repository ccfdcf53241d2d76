use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;

rule! {
    code: "N109", name: "text-fees-silent", severity: Warning;
    /// # 表三有逾期未缴费的申请，正文却只字未提收费
    ///
    /// ## 说明
    /// 表三「（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请」的
    /// 总计大于 0，说明本年度机关向申请人发出过收费通知；而正文（按模板应在「六、其他需要报告的
    /// 事项」）没有一处提到信息处理费、收费通知或缴费时给出警告。
    ///
    /// 写在哪一部分都可以，措辞不限：「信息处理费」「处理费」「收费通知」「缴费通知」「收费」
    /// 「缴费」「收取费用」都算作说明。正文说了「未发出收费通知」而这一行不为 0 的，由 N106 报告；
    /// 第六部分完全没有提到收费的，T402 也会提示。2019 年试行格式没有这一行，不检查。
    ///
    /// ## 为什么重要
    /// 收费是社会关注的问题，《政府信息公开信息处理费管理办法》施行后，年度报告应当说明收费情况。
    /// 表格显示有申请因逾期未缴费而终止，正文却不说发过收费通知、收过多少费，读者无法核对。
    ///
    /// ## 示例
    /// 不完整（（六）2 总计为 2，正文没有提到收费）：
    /// ```text
    /// 六、其他需要报告的事项
    /// 无。
    /// ```
    /// 完整：
    /// ```text
    /// 六、其他需要报告的事项
    /// 本年度向2名申请人发出收费通知，申请人均逾期未缴纳，未实际收取信息处理费。
    /// ```
    ///
    /// ## 修改
    /// 在第六部分写明本年度发出收费通知的件数和实际收取信息处理费的情况，或改正表三。
    ///
    /// # Table 三 has requests dropped for unpaid fees and the text says nothing of fees
    ///
    /// ## What it does
    /// Table 三's row （六）2 (the applicant did not pay the fee notice in time, and the request
    /// was not processed further) has a total above 0, so the organ sent fee notices this year;
    /// when nowhere does the text (by the template, section 六, 其他需要报告的事项) mention the
    /// information processing fee, fee notices or payment, this warns.
    ///
    /// Any section and any wording counts: 信息处理费, 处理费, 收费通知, 缴费通知, 收费, 缴费,
    /// 收取费用. A text that says no fee notice was sent while that row is above 0 is N106's; a
    /// section 六 that mentions no fee at all is also noted by T402. The 2019 trial format has no
    /// such row and is not checked.
    ///
    /// ## Why it matters
    /// Fees draw public attention, and since the fee measures took effect the annual report is to
    /// state them. A table showing requests dropped for unpaid fees beside a text silent on
    /// notices and charges leaves the reader nothing to check it against.
    ///
    /// ## Example
    /// Incomplete (（六）2 total is 2; the text never mentions fees):
    /// ```text
    /// 六、其他需要报告的事项
    /// 无。
    /// ```
    /// Complete:
    /// ```text
    /// 六、其他需要报告的事项
    /// 本年度向2名申请人发出收费通知，申请人均逾期未缴纳，未实际收取信息处理费。
    /// ```
    ///
    /// ## Fix
    /// State in section 六 the fee notices sent and the fees actually charged, or correct
    /// table 三.
}

/// What the text may call the fee, its notice or its payment.
const WORDS: &[&str] = &["处理费", "收费", "缴费", "缴纳费用", "收取费用", "费用"];

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if !super::has_text(cx) {
        return;
    }
    let Some(row) = super::t3_row(cx, "other.overdue_fee") else {
        return;
    };
    let key = super::t3_key(row.id, "total");
    let Some(unpaid) = cx.int(&key).filter(|v| *v > 0) else {
        return;
    };
    let r = cx.report;
    // The prose of every section: sections 二 to 四 keep only what is outside their tables.
    let folded: String = std::iter::once(r.preamble.as_str())
        .chain(r.sections.iter().map(|s| s.body.as_str()))
        .flat_map(|t| t.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    if WORDS.iter().any(|w| folded.contains(w)) {
        return;
    }
    let six = r.section(6).map(|s| s.at);
    out.push(
        cx.finding(
            &RULE,
            format!("表三（六）2 逾期未缴费的申请有 {unpaid} 件，说明发出过收费通知，正文却没有说明收费情况"),
            format!("table 三 has {unpaid} request(s) dropped for unpaid fee notices, so notices were sent, but the text says nothing of fees"),
        )
        .cells(cx, &[key.as_str()])
        .at(six)
        .help(
            "在第六部分写明发出收费通知和实际收取信息处理费的情况",
            "state in section 六 the fee notices sent and the fees actually charged",
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;

    #[test]
    fn any_word_on_fees_passes() {
        let unpaid = |six: &str| {
            let text = super::super::six_sections("", six).replacen(
                "要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0",
                "要求缴纳费用、行政机关不再处理其政府信息公开申请\t2\t0\t0\t0\t0\t0\t2",
                1,
            );
            read(&text)
        };
        fails(&RULE, &unpaid("无。"), 1);
        passes(&RULE, &unpaid("本年度向2名申请人发出收费通知，均未缴纳。"));
        passes(&RULE, &unpaid("本年度未收取任何费用。"));
        // The sample says 本年度未收取信息处理费.
        passes(&RULE, &unpaid(""));
    }
}
