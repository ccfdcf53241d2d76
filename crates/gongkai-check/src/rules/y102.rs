use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::identity::IdentityKind;
use gongkai_core::Version;

rule! {
    code: "Y102", name: "in-force-across-years", severity: Warning, needs: Previous;
    /// # 现行有效件数与上年不衔接
    ///
    /// ## 说明
    /// 表二的规章和行政规范性文件：本年现行有效件数应等于上年现行有效件数 + 本年制发件数 − 本年
    /// 废止件数。需要用 `--previous` 给出上一年度的报告，两年都是 2021 年格式。
    ///
    /// ## 为什么重要
    /// 现行有效文件数是存量，制发和废止是流量；二者对不上，说明清理统计或制发统计有误。不过修订、
    /// 失效等情形也会造成差异，所以这是警告而不是错误。
    ///
    /// ## 示例
    /// 有问题：2021 年现行有效 40；2022 年制发 5、废止 2、现行有效 40（应为 43）。
    /// 正常：2022 年现行有效 43。
    ///
    /// ## 修改
    /// 核对文件清理结果；因失效、修订等造成的差异在正文中说明。
    ///
    /// # In-force count does not follow from last year's
    ///
    /// ## What it does
    /// For 规章 and 行政规范性文件 in table 二: in force this year = in force last year + issued
    /// this year − repealed this year. Needs last year's report (`--previous`), both years in
    /// the 2021 format.
    ///
    /// ## Why it matters
    /// The in-force count is a stock and issued/repealed are flows; when they disagree the
    /// clean-up or the issuance count is off. Expiry and revision also cause differences, so
    /// this is a warning, not an error.
    ///
    /// ## Example
    /// Suspicious: 40 in force in 2021; in 2022, 5 issued, 2 repealed, 40 in force (43 expected).
    /// Fine: 43 in force in 2022.
    ///
    /// ## Fix
    /// Check the clean-up of documents; explain differences from expiry or revision in the text.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(previous) = cx.previous else { return };
    if cx.report.template != Version::V2021 || previous.template != Version::V2021 {
        return;
    }
    let identities = cx.template().identities().iter();
    for identity in identities.filter(|i| i.kind == IdentityKind::AcrossYears) {
        let Some(e) = identity.evaluate_across(|k| cx.int(k), |k| cx.previous_int(k)) else {
            continue;
        };
        if e.holds() {
            continue;
        }
        let [before, i] = [0, 1].map(|n| e.left_terms[n].value);
        let [now, r] = [0, 1].map(|n| e.right_terms[n].value);
        let expected = before + i - r;
        let [in_force, issued, repealed] =
            [&identity.right[0], &identity.left[1], &identity.right[1]].map(|t| t.key());
        let spec = cx
            .template()
            .cell(in_force)
            .expect("an identity names the template's cells");
        let (row, name) = (spec.row.id, spec.row.label.text);
        out.push(
            cx.finding(
                &RULE,
                format!(
                    "{name}：上年现行有效 {before} + 本年制发 {i} − 本年废止 {r} = {expected}，但本年现行有效为 {now}"
                ),
                format!(
                    "{row}: {before} in force last year + {i} issued − {r} repealed = {expected}, but {now} are in force"
                ),
            )
            .cells(cx, &[issued, repealed, in_force])
            .cell_value(&format!("previous.{in_force}"), cx.previous_cell(in_force).map(|c| c.printed.value))
            .at_cell(cx, in_force),
        );
    }
}
