use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::Version;

rule! {
    code: "T402", name: "fee-statement", severity: Info;
    /// # 第六部分没有说明信息处理费
    ///
    /// ## 说明
    /// 2021 年模板要求在「六、其他需要报告的事项」中说明本年度依据《政府信息公开信息处理费管理
    /// 办法》收取信息处理费的情况。第六部分完全没有提到处理费或收费时给出提示。2019 年试行格式
    /// 没有这项要求，不检查。
    ///
    /// ## 为什么重要
    /// 收费情况是模板明确要求报告的事项，缺少说明时读者无法判断是没有收费还是漏报。
    ///
    /// ## 示例
    /// 不完整：
    /// ```text
    /// 六、其他需要报告的事项
    /// 无。
    /// ```
    /// 完整：
    /// ```text
    /// 六、其他需要报告的事项
    /// 本年度未收取信息处理费。
    /// ```
    ///
    /// ## 修改
    /// 在第六部分写明本年度收取信息处理费的件数和金额，没有收取的写「未收取」。
    ///
    /// # Section 六 says nothing about the information processing fee
    ///
    /// ## What it does
    /// The 2021 template asks section 六 (其他需要报告的事项) to state the information
    /// processing fees charged under the fee measures. This notes a section 六 that mentions no
    /// fee at all. The 2019 trial format did not ask for it and is not checked.
    ///
    /// ## Why it matters
    /// Fees are a matter the template asks for by name; without a word on them a reader cannot
    /// tell "none charged" from "not reported".
    ///
    /// ## Example
    /// Incomplete:
    /// ```text
    /// 六、其他需要报告的事项
    /// 无。
    /// ```
    /// Complete:
    /// ```text
    /// 六、其他需要报告的事项
    /// 本年度未收取信息处理费。
    /// ```
    ///
    /// ## Fix
    /// State the number and amount of fees charged in section 六, or that none were charged.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    // The 2019 trial format did not ask for it.
    if cx.report.template != Version::V2021 {
        return;
    }
    let Some(six) = cx.report.section(6) else {
        return;
    };
    let body = &six.body;
    let mentions_fee = body.contains("处理费")
        || body.contains("收费")
        || (body.contains('收') && body.contains('费'));
    if !mentions_fee {
        out.push(
            cx.finding(
                &RULE,
                "第六部分没有说明信息处理费的收取情况",
                "section 六 says nothing about information processing fees",
            )
            .at(Some(six.at)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;

    #[test]
    fn passes_when_fees_are_stated() {
        let r = read(&super::super::six_sections(
            "",
            "2022年度信息公开申请未向申请人收取任何费用。",
        ));
        passes(&RULE, &r);
    }
}
