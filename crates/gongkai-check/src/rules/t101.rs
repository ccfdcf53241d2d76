use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::template::SECTIONS;

rule! {
    code: "T101", name: "missing-section", severity: Error;
    /// # 缺少六个部分之一
    ///
    /// ## 说明
    /// 年度报告必须有模板规定的六个部分：一、总体情况；二、主动公开政府信息情况；三、收到和处理
    /// 政府信息公开申请情况；四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；
    /// 六、其他需要报告的事项。没有找到其中某一部分的标题时报告此错误。
    ///
    /// ## 为什么重要
    /// 《政府信息公开条例》第五十条规定了年度报告的内容，缺少任何一部分都是不完整的报告，
    /// 考核评估会据此扣分。
    ///
    /// ## 示例
    /// 错误：「四、存在的主要问题及改进情况」之后直接是「五、其他需要报告的事项」，没有复议诉讼部分。
    /// 正确：六个部分依次出现，编号与模板一致。
    ///
    /// ## 修改
    /// 补上缺少的部分；没有内容可写的，也要保留标题并写明情况（如「本年度未发生……」）。
    ///
    /// # One of the six sections is missing
    ///
    /// ## What it does
    /// A report must have the template's six sections: 一 overview; 二 proactive disclosure;
    /// 三 requests received and handled; 四 administrative review and litigation; 五 problems
    /// and improvements; 六 other matters. This fires when a section's heading is not found.
    ///
    /// ## Why it matters
    /// Article 50 of the Regulations on Open Government Information sets what the annual report
    /// contains; a report without one of the parts is incomplete, and evaluations mark it down.
    ///
    /// ## Example
    /// Wrong: 四 is 存在的主要问题及改进情况 and 五 is 其他需要报告的事项 — the review and
    /// litigation section is missing.
    /// Right: the six sections in order, numbered as in the template.
    ///
    /// ## Fix
    /// Add the missing section; when there is nothing to report, keep the heading and say so.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if !super::has_text(cx) {
        return;
    }
    for spec in &SECTIONS {
        if cx.report.section(spec.number).is_none() {
            out.push(cx.finding(
                &RULE,
                format!("缺少第{}部分「{}」", spec.number, spec.label.text),
                format!("section {} “{}” is missing", spec.number, spec.label.text),
            ));
        }
    }
}
