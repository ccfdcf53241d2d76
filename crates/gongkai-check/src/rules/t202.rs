use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::NoteKind;

rule! {
    code: "T202", name: "label-variant", severity: Warning;
    /// # 行名或列名与模板不同
    ///
    /// ## 说明
    /// 统计表的某个行名或列名与模板的写法不同：错别字、旧版措辞（如「规范性文件」之于
    /// 「行政规范性文件」、「社会组织」之于「社会公益组织」）、漏字。gongkai 仍按模板的那一行读取
    /// 数字，并给出模板的写法。
    ///
    /// ## 为什么重要
    /// 行名是数字含义的依据。改动过的行名可能意味着口径也变了（例如「其他法律法规」与
    /// 「其他法律行政法规」范围不同），读者无从判断。
    ///
    /// ## 示例
    /// 不规范：
    /// ```text
    /// 2.其他法律法规禁止公开
    /// ```
    /// 规范：
    /// ```text
    /// 2.其他法律行政法规禁止公开
    /// ```
    ///
    /// ## 修改
    /// 从国家模板复制表格，不要改动行名和列名。
    ///
    /// # A row or column label differs from the template
    ///
    /// ## What it does
    /// A row or column label is worded differently from the template: a typo, an older wording
    /// (`规范性文件` for `行政规范性文件`, `社会组织` for `社会公益组织`), a dropped character.
    /// gongkai still reads the numbers as the template's row and shows the template's label.
    ///
    /// ## Why it matters
    /// The label says what a number counts. A changed label may mean a changed scope (其他法律
    /// 法规 is not 其他法律行政法规), and a reader cannot tell.
    ///
    /// ## Example
    /// Non-conforming:
    /// ```text
    /// 2.其他法律法规禁止公开
    /// ```
    /// Conforming:
    /// ```text
    /// 2.其他法律行政法规禁止公开
    /// ```
    ///
    /// ## Fix
    /// Copy the tables from the national template and leave their labels as they are.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    cx.notes_as_findings(&RULE, &[NoteKind::LabelVariant], out);
}
