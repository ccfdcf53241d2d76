use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::NoteKind;

rule! {
    code: "T203", name: "extra-row", severity: Warning;
    /// # 模板没有的行或列
    ///
    /// ## 说明
    /// 统计表里多出了模板没有的一行（例如在（六）其他处理下自加「4.其他」，或在表三末尾加
    /// 「办结率」）或一列。gongkai 不读取这些数字，并在这里列出它们。
    ///
    /// ## 为什么重要
    /// 多出的行列不在国家统计口径里，汇总时无处安放；它们也常常意味着某件申请被计了两次。
    ///
    /// ## 示例
    /// 不规范：
    /// ```text
    /// （六）其他处理  …
    /// 办结率  100%
    /// ```
    /// 规范：表格只有模板的行列；其他说明写在正文中。
    ///
    /// ## 修改
    /// 删去自加的行列，把需要说明的内容写进正文。
    ///
    /// # An extra row or column the template does not have
    ///
    /// ## What it does
    /// A table has a row (`4.其他` added under （六）其他处理, a 办结率 row at the end of table
    /// 三) or a column the template does not have. gongkai does not read its numbers and lists
    /// them here.
    ///
    /// ## Why it matters
    /// Extra rows and columns are outside the national statistics and have no place in a
    /// roll-up; they often mean a request was counted twice.
    ///
    /// ## Example
    /// Non-conforming:
    /// ```text
    /// （六）其他处理  …
    /// 办结率  100%
    /// ```
    /// Conforming: the template's rows and columns only; anything else goes in the text.
    ///
    /// ## Fix
    /// Remove the added rows or columns and put what they said in the text.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    cx.notes_as_findings(&RULE, &[NoteKind::ExtraRow], out);
}
