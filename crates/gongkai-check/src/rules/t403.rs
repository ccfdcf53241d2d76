use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;

/// Fewer meaningful characters than this is not a sentence about problems and improvements.
const MIN_CHARS: usize = 10;

rule! {
    code: "T403", name: "empty-problems", severity: Warning;
    /// # 第五部分为空或不足一句话
    ///
    /// ## 说明
    /// 「五、存在的主要问题及改进情况」应具体写出本机关工作中存在的问题和改进措施。这一部分没有
    /// 内容，或只有一两个字（如「无。」），即报告。
    ///
    /// ## 为什么重要
    /// 问题和改进是年度报告中最受评估重视的部分之一；空着不写等于没有履行报告义务。
    ///
    /// ## 示例
    /// 不规范：
    /// ```text
    /// 五、存在的主要问题及改进情况
    /// 无。
    /// ```
    /// 规范：
    /// ```text
    /// 五、存在的主要问题及改进情况
    /// 一是依申请公开答复的规范性有待提高。下一步将开展专题培训……
    /// ```
    ///
    /// ## 修改
    /// 写出本年度工作的具体不足和下一步的改进措施。
    ///
    /// # Section 五 is empty or shorter than a sentence
    ///
    /// ## What it does
    /// Section 五 (存在的主要问题及改进情况) should state the organ's problems and how it will
    /// improve. A section with no text, or only a character or two (`无。`), is reported.
    ///
    /// ## Why it matters
    /// Problems and improvements are among the parts evaluations weigh most; an empty section
    /// leaves the duty to report unfulfilled.
    ///
    /// ## Example
    /// Non-conforming:
    /// ```text
    /// 五、存在的主要问题及改进情况
    /// 无。
    /// ```
    /// Conforming:
    /// ```text
    /// 五、存在的主要问题及改进情况
    /// 一是依申请公开答复的规范性有待提高。下一步将开展专题培训……
    /// ```
    ///
    /// ## Fix
    /// State the year's concrete shortcomings and the measures to address them.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(five) = cx.report.section(5) else {
        return;
    };
    let chars = five.body.chars().filter(|c| c.is_alphanumeric()).count();
    if chars < MIN_CHARS {
        out.push(
            cx.finding(
                &RULE,
                format!("第五部分只有 {chars} 个字，没有写出问题和改进措施"),
                format!("section 五 has only {chars} characters: no problems or measures stated"),
            )
            .at(Some(five.at)),
        );
    }
}
