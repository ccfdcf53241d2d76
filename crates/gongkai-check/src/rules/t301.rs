use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::{NoteKind, Version};

rule! {
    code: "T301", name: "template-version", severity: Error;
    /// # 表格版本与年度不符
    ///
    /// ## 说明
    /// 2019、2020 年度的报告用 2019 年试行格式（国办公开办函〔2019〕60号），2021 年度起用 2021 年
    /// 格式（国办公开办函〔2021〕30号）。2021 年以后的报告用了试行格式的表二（「本年新制作数量」
    /// 「上一年项目数量」「政府集中采购」），或 2019、2020 年度的报告用了 2021 年格式，即报此错误。
    ///
    /// ## 为什么重要
    /// 两版的表二口径不同，表三（六）的结构也不同，跨年、跨机关比较和汇总只能在同一版本内进行。
    ///
    /// ## 示例
    /// 错误：2022 年度报告的表二印着「本年新制作数量 / 本年新公开数量 / 对外公开总数量」。
    /// 正确：印「本年制发件数 / 本年废止件数 / 现行有效件数」。
    ///
    /// ## 修改
    /// 换用与报告年度对应的模板。
    ///
    /// # The template version does not fit the year
    ///
    /// ## What it does
    /// Reports for 2019 and 2020 use the trial format of 国办公开办函〔2019〕60号; reports for
    /// 2021 on use the format of 国办公开办函〔2021〕30号. A report for 2021 or later with the
    /// trial format's table 二 (本年新制作数量, 上一年项目数量, 政府集中采购), or a 2019/2020
    /// report in the 2021 format, fails this rule.
    ///
    /// ## Why it matters
    /// The two versions count table 二 differently and break down table 三 （六） differently;
    /// comparisons and roll-ups only work within one version.
    ///
    /// ## Example
    /// Wrong: a report for 2022 whose table 二 has 本年新制作数量 / 本年新公开数量 / 对外公开总数量.
    /// Right: 本年制发件数 / 本年废止件数 / 现行有效件数.
    ///
    /// ## Fix
    /// Use the template of the report's year.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(year) = cx.report.year else { return };
    // A version taken from the year fits it by construction; say nothing.
    if cx
        .report
        .notes
        .iter()
        .any(|n| n.kind == NoteKind::VersionFromYear)
    {
        return;
    }
    let expected = Version::for_year(year);
    if cx.report.template == expected {
        return;
    }
    let name = |v: Version| match v {
        Version::V2019 => "2019 年试行格式",
        Version::V2021 => "2021 年格式",
    };
    out.push(
        cx.finding(
            &RULE,
            format!(
                "{year} 年度的报告用了{}（{}）",
                name(cx.report.template),
                cx.report.template.document()
            ),
            format!(
                "a report for {year} uses the {} format ({})",
                cx.report.template,
                cx.report.template.document()
            ),
        )
        .help(
            format!(
                "{year} 年度应使用{}（{}）",
                name(expected),
                expected.document()
            ),
            format!(
                "{year} calls for the {expected} format ({})",
                expected.document()
            ),
        ),
    );
}
