use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::normalize::normalize;
use gongkai_core::template::SECTIONS;

rule! {
    code: "T102", name: "section-heading", severity: Warning;
    /// # 部分顺序颠倒，或标题措辞与模板不同
    ///
    /// ## 说明
    /// 六个部分应按模板的顺序、用模板的标题。标题换了说法（如「一、概述」「五、存在问题及改进情况」），
    /// 或某一部分出现在它前一部分之前，都会报告，并给出模板的标题。
    ///
    /// ## 为什么重要
    /// 统一的标题和顺序让读者、评估者和程序能在每份报告的同一位置找到同一内容。
    ///
    /// ## 示例
    /// 不规范：
    /// ```text
    /// 五、存在问题及改进情况
    /// ```
    /// 规范：
    /// ```text
    /// 五、存在的主要问题及改进情况
    /// ```
    ///
    /// ## 修改
    /// 照模板改写标题，并按一至六的顺序排列。
    ///
    /// # Sections out of order, or a heading worded differently from the template
    ///
    /// ## What it does
    /// The six sections should come in the template's order under the template's headings. A
    /// heading worded differently (`一、概述`, `五、存在问题及改进情况`), or a section printed
    /// before the one it follows, is reported with the template's heading.
    ///
    /// ## Why it matters
    /// Uniform headings and order let readers, evaluators and programs find the same content in
    /// the same place in every report.
    ///
    /// ## Example
    /// Non-conforming:
    /// ```text
    /// 五、存在问题及改进情况
    /// ```
    /// Conforming:
    /// ```text
    /// 五、存在的主要问题及改进情况
    /// ```
    ///
    /// ## Fix
    /// Use the template's headings, in the order 一 to 六.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if !super::has_text(cx) {
        return;
    }
    let mut last_line = 0;
    for spec in &SECTIONS {
        let Some(section) = cx.report.section(spec.number) else {
            continue;
        };
        if normalize(&section.heading) != normalize(spec.label.text) {
            out.push(
                cx.finding(
                    &RULE,
                    format!("标题「{}」与模板不同", section.heading),
                    format!(
                        "the heading “{}” differs from the template",
                        section.heading
                    ),
                )
                .at(Some(section.at))
                .help(
                    format!("模板为「{}」", spec.label.text),
                    format!("the template has “{}”", spec.label.text),
                ),
            );
        }
        if section.at.line < last_line {
            out.push(
                cx.finding(
                    &RULE,
                    format!("第{}部分印在了前一部分之前", spec.number),
                    format!(
                        "section {} is printed before the section it follows",
                        spec.number
                    ),
                )
                .at(Some(section.at)),
            );
        }
        last_line = last_line.max(section.at.line);
    }
}
