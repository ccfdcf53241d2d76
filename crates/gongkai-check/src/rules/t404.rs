use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::place::{self, Kind};

rule! {
    code: "T404", name: "government-assessment", severity: Warning;
    /// # 人民政府的年度报告没有说明工作考核、社会评议和责任追究结果
    ///
    /// ## 说明
    /// 《中华人民共和国政府信息公开条例》第五十条规定，各级人民政府的政府信息公开工作年度报告
    /// 还应当包括工作考核、社会评议和责任追究结果情况。机关名称表明这是一级人民政府的报告（如
    /// 「某县人民政府」，不是它的办公室或部门），而全文没有一处提到考核、评议或责任追究时给出
    /// 警告。
    ///
    /// 措辞不限：「工作考核」「绩效考核」「考评」「社会评议」「群众评议」「责任追究」「追责」
    /// 「问责」，分别写或合在一句里写都可以，写在哪一部分也不限；写明「未发生责任追究情况」同样
    /// 算作说明。政府办公室、部门和乡镇的报告不检查。
    ///
    /// ## 为什么重要
    /// 这是条例对人民政府年度报告明确要求的内容，缺少时读者无法判断是没有开展考核、没有追责，
    /// 还是漏报。
    ///
    /// ## 示例
    /// 不完整：某县人民政府的报告从头到尾没有提到考核、评议或责任追究。
    /// 完整：
    /// ```text
    /// 将政府信息公开工作纳入年度绩效考核，开展社会评议1次，本年度未发生责任追究情况。
    /// ```
    ///
    /// ## 修改
    /// 在报告中（通常在第一部分或第六部分）写明本年度政府信息公开工作考核、社会评议和责任追究的
    /// 结果，没有的写明「未发生」。
    ///
    /// # A government's report says nothing of assessment, public appraisal or accountability
    ///
    /// ## What it does
    /// Article 50 of the Regulations on the Disclosure of Government Information asks the annual
    /// report of every people's government to include the results of its assessment (工作考核),
    /// public appraisal (社会评议) and accountability (责任追究) for disclosure work. When the
    /// organ's name shows the report is a people's government's own (`某县人民政府`, not its
    /// general office or a department) and nowhere does the text mention assessment, appraisal
    /// or accountability, this warns.
    ///
    /// Any wording counts: 工作考核, 绩效考核, 考评, 社会评议, 群众评议, 责任追究, 追责, 问责,
    /// each on its own or in one phrase, in any section; "no accountability case arose" counts
    /// too. Reports of general offices, departments and towns are not checked.
    ///
    /// ## Why it matters
    /// The Regulations ask a government's report for these results by name; without a word on
    /// them a reader cannot tell "none happened" from "not reported".
    ///
    /// ## Example
    /// Incomplete: a report of 某县人民政府 that never mentions assessment, appraisal or
    /// accountability.
    /// Complete:
    /// ```text
    /// 将政府信息公开工作纳入年度绩效考核，开展社会评议1次，本年度未发生责任追究情况。
    /// ```
    ///
    /// ## Fix
    /// State the year's results of assessment, public appraisal and accountability (usually in
    /// section 一 or 六), or that there were none.
}

/// What the text may call assessment, appraisal or accountability.
const WORDS: &[&str] = &["考核", "考评", "评议", "责任追究", "追责", "问责", "追究"];

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if !super::has_text(cx) || !is_government(cx) {
        return;
    }
    let r = cx.report;
    let texts =
        std::iter::once(r.preamble.as_str()).chain(r.sections.iter().map(|s| s.body.as_str()));
    let folded: String = texts
        .flat_map(|t| t.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    if WORDS.iter().any(|w| folded.contains(w)) {
        return;
    }
    let organ = r.agency.as_deref().unwrap_or_default();
    out.push(
        cx.finding(
            &RULE,
            format!("{organ}的年度报告没有说明工作考核、社会评议和责任追究结果，人民政府的报告应当包括"),
            format!(
                "the report of {organ}, a people's government, says nothing of assessment, public appraisal or accountability"
            ),
        )
        .help(
            "《政府信息公开条例》第五十条：各级人民政府的年度报告还应当包括工作考核、社会评议和责任追究结果情况",
            "Article 50 of the Regulations: a people's government's annual report also covers the results of assessment, public appraisal and accountability",
        ),
    );
}

/// Whether the report's organ is a people's government itself, by its name.
fn is_government(cx: &Context) -> bool {
    cx.report
        .agency
        .as_deref()
        .is_some_and(|a| place::resolve(a).kind == Kind::Government)
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;

    fn government(six: &str) -> gongkai_core::Report {
        read(&super::super::six_sections("", six).replace("某县人民政府办公室", "某县人民政府"))
    }

    #[test]
    fn any_wording_counts() {
        fails(&RULE, &government(""), 1);
        for six in [
            "本年度未收取信息处理费。政府信息公开工作纳入全县绩效考核。",
            "本年度未收取信息处理费。开展社会评议1次。",
            "本年度未收取信息处理费。未发生责任追究情况。",
            "本年度未收取信息处理费。本年度无工作考核、社会评议和责任追究结果。",
        ] {
            passes(&RULE, &government(six));
        }
    }

    #[test]
    fn only_a_government_is_asked() {
        // The sample is a government's general office.
        passes(&RULE, &sample());
        let r =
            read(&super::super::six_sections("", "").replace("某县人民政府办公室", "某县教育局"));
        passes(&RULE, &r);
    }
}
