use super::{broken, column_label, counted_keys};
use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::identity::IdentityKind;

rule! {
    code: "A103", name: "carry-balance", severity: Error;
    /// # 表三每一列：新收 + 上年结转 = 办理结果总计 + 结转下年
    ///
    /// ## 说明
    /// 模板在表三角注中写明的勾稽关系：「第一项加第二项之和，等于第三项加第四项之和」，即每一列
    /// 本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理。
    ///
    /// ## 为什么重要
    /// 这条关系保证每一件申请都有去向：要么本年办结，要么结转下年。不相等说明有申请凭空出现或消失。
    ///
    /// ## 示例
    /// 错误（21 + 0 ≠ 20 + 0）：
    /// ```text
    /// 一、本年新收  21 …   二、上年结转  0 …   （七）总计  20 …   四、结转下年度继续办理  0
    /// ```
    /// 正确：（七）总计 21，或结转下年 1。
    ///
    /// ## 修改
    /// 核对年末仍在办理的申请是否计入「结转下年度继续办理」，以及上年结转的件数。
    ///
    /// # Table 三, every column: new + carried over = results total + carried forward
    ///
    /// ## What it does
    /// The identity printed in the corner note of table 三 ("the first item plus the second
    /// equals the third plus the fourth"): in every column, new requests + requests carried
    /// over from last year = （七）总计 + requests carried forward to next year.
    ///
    /// ## Why it matters
    /// The identity accounts for every request: it was either handled this year or carried
    /// forward. When it fails, requests appeared or vanished.
    ///
    /// ## Example
    /// Wrong (21 + 0 ≠ 20 + 0):
    /// ```text
    /// 一、本年新收  21 …   二、上年结转  0 …   （七）总计  20 …   四、结转下年度继续办理  0
    /// ```
    /// Right: a results total of 21, or 1 carried forward.
    ///
    /// ## Fix
    /// Check that requests still open at the year's end are counted as carried forward, and
    /// the number carried over from last year.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    // 一 + 二 = 三 + 四: 本年新收 + 上年结转 = 办理结果总计 + 结转下年度.
    for (identity, e) in broken(cx, IdentityKind::Balance) {
        let v: Vec<i64> = e
            .left_terms
            .iter()
            .chain(&e.right_terms)
            .map(|c| c.value)
            .collect();
        let [new, over, results, forward] = v[..] else {
            continue;
        };
        let column = identity.left[0]
            .key()
            .rsplit('.')
            .next()
            .unwrap_or_default();
        // The cells in the order the table prints them: 一, 二, 三, 四.
        let mut keys = counted_keys(&e);
        keys.rotate_left(2);
        out.push(
            cx.finding(
                &RULE,
                format!(
                    "表三「{}」列：本年新收 {new} + 上年结转 {over} = {}，但办理结果总计 {results} + 结转下年 {forward} = {}",
                    column_label(cx, &identity.left[0]),
                    e.left,
                    e.right
                ),
                format!(
                    "table 三, column {column}: new {new} + carried over {over} = {}, but results total {results} + carried forward {forward} = {}",
                    e.left,
                    e.right
                ),
            )
            .cells(cx, &keys)
            .at_cell(cx, identity.right[0].key()),
        );
    }
}
