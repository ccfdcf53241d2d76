use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::NoteKind;

rule! {
    code: "T401", name: "title", severity: Warning;
    /// # 标题缺少机关名称或年度，或标题年度与统计期限不符
    ///
    /// ## 说明
    /// 标题应写明「机关名称 + 年度 + 政府信息公开工作年度报告」，如
    /// 「某县人民政府办公室2022年政府信息公开工作年度报告」。标题中没有机关或年度，或标题的年度
    /// 与正文所说的统计期限（「本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止」）
    /// 不同，都会报告。
    ///
    /// ## 为什么重要
    /// 标题是报告在网站、档案和语料库中的身份。年度写错的报告会被归到错误的年份。
    ///
    /// ## 示例
    /// 不规范：
    /// ```text
    /// 政府信息公开工作年度报告
    /// ```
    /// 规范：
    /// ```text
    /// 某县人民政府办公室2022年政府信息公开工作年度报告
    /// ```
    ///
    /// ## 修改
    /// 在标题中写明机关全称和报告年度，并与统计期限一致。
    ///
    /// # The title lacks the agency or the year, or its year differs from the statistics period
    ///
    /// ## What it does
    /// The title should name the organ and the year: `某县人民政府办公室2022年政府信息公开工作
    /// 年度报告`. A title without the organ or the year, or whose year differs from the
    /// statistics period stated in the text, is reported.
    ///
    /// ## Why it matters
    /// The title identifies the report on websites, in archives and in corpora; a wrong year
    /// files it under the wrong year.
    ///
    /// ## Example
    /// Non-conforming:
    /// ```text
    /// 政府信息公开工作年度报告
    /// ```
    /// Conforming:
    /// ```text
    /// 某县人民政府办公室2022年政府信息公开工作年度报告
    /// ```
    ///
    /// ## Fix
    /// Put the organ's full name and the report's year in the title, matching the statistics
    /// period.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if !super::has_text(cx) {
        return;
    }
    let r = cx.report;
    let Some(title) = &r.title else {
        out.push(cx.finding(&RULE, "没有找到报告标题", "no title was found"));
        return;
    };
    if r.agency.is_none() {
        out.push(cx.finding(
            &RULE,
            format!("标题「{title}」中没有机关名称"),
            format!("the title “{title}” names no organ"),
        ));
    }
    if let Some(year) = r.year {
        if !title_has_year(title, year) {
            out.push(cx.finding(
                &RULE,
                format!("标题「{title}」中没有年度"),
                format!("the title “{title}” gives no year"),
            ));
        }
    }
    for note in r.notes.iter().filter(|n| n.kind == NoteKind::YearMismatch) {
        out.push(cx.finding(&RULE, note.message.zh.clone(), note.message.en.clone()));
    }
}

/// Whether the title writes the year, in Arabic or Chinese digits.
fn title_has_year(title: &str, year: i32) -> bool {
    let arabic = year.to_string();
    if title.contains(&arabic) {
        return true;
    }
    let digits = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let chinese: String = arabic
        .bytes()
        .map(|b| digits[(b - b'0') as usize])
        .collect();
    title.contains(&chinese) || title.contains(&chinese.replace('〇', "零"))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;

    #[test]
    fn passes_on_a_full_title() {
        let r = sample();
        passes(&RULE, &r);
        assert!(super::title_has_year(
            "某县二〇二二年政府信息公开工作年度报告",
            2022
        ));
    }
}
