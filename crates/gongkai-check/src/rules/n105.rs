use crate::context::Context;
use crate::finding::Finding;
use crate::narrative::{about_requests, Case};
use crate::registry::rule;

rule! {
    code: "N105", name: "text-all-granted", severity: Warning;
    /// # 正文说「均予以公开」「均获维持」，表格却不是
    ///
    /// ## 说明
    /// 正文说申请「均予以公开 / 全部予以公开」，而表三的（七）总计大于「（一）予以公开」；或正文说
    /// 复议、诉讼「均获维持 / 全部维持」，而表四对应一组的结果纠正或其他结果不为 0，即报告。
    ///
    /// ## 为什么重要
    /// 「全部公开」「全部维持」是对工作质量的概括性结论，与表格不符会误导读者。
    ///
    /// ## 示例
    /// 不一致（表三：予以公开 18，（七）总计 20）：
    /// ```text
    /// 所有申请均予以公开。
    /// ```
    /// 一致：
    /// ```text
    /// 予以公开18件，部分公开2件。
    /// ```
    ///
    /// ## 修改
    /// 按表格如实概括，或改正表格。
    ///
    /// # The text says all requests were granted, or all cases upheld, while the table shows otherwise
    ///
    /// ## What it does
    /// The text says the requests were all granted (`均予以公开`, `全部予以公开`) while table 三's
    /// （七）总计 exceeds the granted row; or that reviews or lawsuits were all upheld (`均获维持`,
    /// `全部维持`) while table 四's matching group has corrected or other results.
    ///
    /// ## Why it matters
    /// "All granted" and "all upheld" are summary claims about the quality of the work;
    /// when the table disagrees they mislead.
    ///
    /// ## Example
    /// Inconsistent (table 三: granted 18, results total 20):
    /// ```text
    /// 所有申请均予以公开。
    /// ```
    /// Consistent:
    /// ```text
    /// 予以公开18件，部分公开2件。
    /// ```
    ///
    /// ## Fix
    /// Summarise what the table says, or correct the table.
}

const ALL_GRANTED: &[&str] = &[
    "均予以公开",
    "全部予以公开",
    "均已公开",
    "均予公开",
    "全部公开",
    "均已予以公开",
];
const ALL_UPHELD: &[&str] = &[
    "均获维持",
    "全部维持",
    "均被维持",
    "均维持",
    "全部获得维持",
    "均予以维持",
];

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let mut granted_done = false;
    let mut upheld_done: Vec<Case> = Vec::new();
    for s in cx.sentences() {
        if !granted_done
            && about_requests(s)
            && !s.contains("主动公开")
            && s.contains_any(ALL_GRANTED)
        {
            let keys = ["t3.granted.total", "t3.results_total.total"];
            if let (Some(granted), Some(total)) = (cx.int(keys[0]), cx.int(keys[1])) {
                if total > granted {
                    granted_done = true;
                    out.push(
                        cx.finding(
                            &RULE,
                            format!("正文说申请均予以公开，但表三（七）总计 {total} 件中予以公开只有 {granted} 件"),
                            format!("the text says every request was granted, but table 三 grants {granted} of {total}"),
                        )
                        .cells(cx, &keys)
                        .quoting(s),
                    );
                }
            }
        }
        if !s.contains_any(ALL_UPHELD) {
            continue;
        }
        for case in Case::ALL {
            if upheld_done.contains(&case) || case.mentions(s).is_empty() {
                continue;
            }
            let keys: Vec<String> = case
                .groups()
                .iter()
                .flat_map(|g| ["corrected", "other"].map(|c| format!("t4.{g}.{c}")))
                .collect();
            let against: i64 = keys.iter().filter_map(|k| cx.int(k)).sum();
            if against > 0 {
                upheld_done.push(case);
                out.push(
                    cx.finding(
                        &RULE,
                        format!("正文说{}均获维持，但表四有 {against} 件结果纠正或其他结果", case.name_zh()),
                        format!("the text says all {} were upheld, but table 四 has {against} corrected or otherwise decided", case.name_en()),
                    )
                    .cells(cx, &keys)
                    .quoting(s),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;

    #[test]
    fn passes_when_the_table_agrees() {
        let r = saying("全年收到政府信息公开申请1件，均予以公开。");
        passes(&RULE, &r);
        let r = saying("发生行政复议1起，均获维持。");
        let r = with(
            with(r, "t4.review.upheld", num(1)),
            "t4.review.total",
            num(1),
        );
        passes(&RULE, &r);
    }

    #[test]
    fn all_upheld_is_checked_against_table_four() {
        let r = saying("发生行政复议1起，均获维持。");
        let r = with(
            with(r, "t4.review.corrected", num(1)),
            "t4.review.total",
            num(1),
        );
        let f = fails(&RULE, &r, 1);
        assert!(f[0].cells.contains("t4.review.corrected"));
    }
}
