use crate::context::Context;
use crate::finding::Finding;
use crate::narrative::{about_requests, breakdown_start, COMPARISON, NOT_REQUESTS};
use crate::registry::rule;

rule! {
    code: "N101", name: "text-requests-received", severity: Warning;
    /// # 正文所说的收到申请件数与表三不符
    ///
    /// ## 说明
    /// 正文（通常是「（二）依申请公开情况」）写的「收到 / 受理 / 新收……申请 N 件」，应等于表三
    /// 「一、本年新收政府信息公开申请数量」的总计。正文写明「含上年结转」时，与新收加上年结转比较；
    /// 正文的数恰好等于新收加上年结转时也视为一致。数字可以是阿拉伯或中文数字（21件、二十一件、
    /// 1.2万件、3,119件）。「其中」之后的分项、与上年的比较、关于复议诉讼或信访咨询的句子不计。
    ///
    /// ## 为什么重要
    /// 正文和表格出自同一份台账，二者不一致说明至少有一处抄错；读者无从知道该信哪一个。
    ///
    /// ## 示例
    /// 不一致（表三新收总计为 20）：
    /// ```text
    /// 2022年共收到政府信息公开申请21件。
    /// ```
    /// 一致：
    /// ```text
    /// 2022年共收到政府信息公开申请20件。
    /// ```
    ///
    /// ## 修改
    /// 以台账为准，改正正文或表格。
    ///
    /// # The text's count of requests received differs from table 三
    ///
    /// ## What it does
    /// The count the text gives for requests received (`收到 / 受理 / 新收……申请 N 件`, usually
    /// under （二）依申请公开情况) must equal table 三's new requests total. When the text says
    /// the count includes those carried over (`含上年结转`), it is compared with new + carried
    /// over; a count equal to new + carried over is also accepted. Numbers may be Arabic or
    /// Chinese (`21件`, `二十一件`, `1.2万件`, `3,119件`). Break-downs after `其中`, comparisons
    /// with last year and sentences about reviews, litigation, petitions or enquiries are not
    /// taken.
    ///
    /// ## Why it matters
    /// Text and table come from the same register; when they differ, one of them was copied
    /// wrong and a reader cannot tell which.
    ///
    /// ## Example
    /// Inconsistent (table 三's new total is 20):
    /// ```text
    /// 2022年共收到政府信息公开申请21件。
    /// ```
    /// Consistent:
    /// ```text
    /// 2022年共收到政府信息公开申请20件。
    /// ```
    ///
    /// ## Fix
    /// Correct the text or the table from the register.
}

const VERBS: &[&str] = &["收到", "受理", "新收", "接收", "接到"];

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(new) = cx.int("t3.new.total") else {
        return;
    };
    let over = cx.int("t3.carried_over.total").unwrap_or(0);
    let mut reported: Vec<i64> = Vec::new();
    for s in cx.sentences().iter().filter(|s| about_requests(s)) {
        let cut = breakdown_start(s);
        for (i, len) in s.find_all(VERBS) {
            if i >= cut {
                break;
            }
            let (from, to) = s.clause(i);
            let clause: String = s.chars[from..to].iter().collect();
            if !clause.contains("申请")
                || NOT_REQUESTS.iter().any(|w| clause.contains(w))
                || COMPARISON.iter().any(|w| clause.contains(w))
                || (clause.contains("结转") && !clause.contains('含'))
            {
                continue;
            }
            let Some(count) = s.count_after(i + len, 16) else {
                continue;
            };
            let after: String = s.chars[count.end..(count.end + 8).min(s.chars.len())]
                .iter()
                .collect();
            let with_carried =
                after.contains("含上年") || after.contains("含结转") || after.contains("包括上年");
            let fits = if with_carried {
                count.value == new + over
            } else {
                count.value == new || count.value == new + over
            };
            if !fits && !reported.contains(&count.value) {
                reported.push(count.value);
                let (zh, en) = if with_carried {
                    (
                        format!(
                            "正文说收到申请 {} 件（含上年结转），但表三本年新收 {new} + 上年结转 {over} = {}",
                            count.value,
                            new + over
                        ),
                        format!(
                            "the text says {} requests were received including those carried over, but table 三 has new {new} + carried over {over} = {}",
                            count.value,
                            new + over
                        ),
                    )
                } else {
                    (
                        format!("正文说收到申请 {} 件，但表三本年新收总计为 {new}", count.value),
                        format!(
                            "the text says {} requests were received, but table 三's new total is {new}",
                            count.value
                        ),
                    )
                };
                out.push(
                    cx.finding(&RULE, zh, en)
                        .cells(cx, &["t3.new.total", "t3.carried_over.total"])
                        .quoting(s),
                );
            }
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;

    #[test]
    fn counts_carried_over_requests_the_text_includes() {
        let f = fails(
            &RULE,
            &saying("共收到政府信息公开申请3件（含上年结转2件）。"),
            1,
        );
        assert!(f[0].message.zh.contains("含上年结转"));
    }
}
