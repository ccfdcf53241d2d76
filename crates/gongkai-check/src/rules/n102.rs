use super::{t3_key, t3_row};
use crate::context::{short_label, Context};
use crate::finding::Finding;
use crate::narrative::{about_requests, Count, Sentence, COMPARISON, NOT_REQUESTS};
use crate::registry::rule;
use gongkai_core::identity::IdentityKind;
use gongkai_core::template::RowKind;

rule! {
    code: "N102", name: "text-outcomes", severity: Warning;
    /// # 正文所说的办结件数或某种办理结果的件数与表三不符
    ///
    /// ## 说明
    /// 正文写的「予以公开 N 件」「部分公开 N 件」「不予公开 N 件」「无法提供 N 件」「不予处理 N 件」
    /// （或「其中 N 件予以公开」），以及「办结 / 办理完毕 N 件」，应等于表三对应行的总计：
    /// 予以公开、部分公开、不予公开（1–8 项之和）、无法提供（1–3 项之和）、不予处理（1–5 项之和）、
    /// （七）总计。带「含」「包括」的复合说法、比率和与上年的比较不计。
    ///
    /// ## 为什么重要
    /// 办理结果是依申请公开工作的核心数据。正文和表格不一致，说明其中之一抄错。
    ///
    /// ## 示例
    /// 不一致（表三「（一）予以公开」总计为 3）：
    /// ```text
    /// 受理8件，其中5件予以公开。
    /// ```
    /// 一致：
    /// ```text
    /// 受理8件，其中3件予以公开。
    /// ```
    ///
    /// ## 修改
    /// 以办理台账为准，改正正文或表格。
    ///
    /// # The text's count of handled requests or of an outcome differs from table 三
    ///
    /// ## What it does
    /// The counts the text gives for outcomes (`予以公开 N 件`, `部分公开`, `不予公开`,
    /// `无法提供`, `不予处理`, or `其中 N 件予以公开`) and for requests handled (`办结 /
    /// 办理完毕 N 件`) must equal table 三's totals of those rows: granted, partial, withheld
    /// (items 1–8), unavailable (1–3), not processed (1–5), and （七）总计. Composite phrasings
    /// (`含`, `包括`), rates and comparisons with last year are not taken.
    ///
    /// ## Why it matters
    /// Outcomes are the heart of the request statistics; when text and table differ, one was
    /// copied wrong.
    ///
    /// ## Example
    /// Inconsistent (table 三's granted total is 3):
    /// ```text
    /// 受理8件，其中5件予以公开。
    /// ```
    /// Consistent:
    /// ```text
    /// 受理8件，其中3件予以公开。
    /// ```
    ///
    /// ## Fix
    /// Correct the text or the table from the register.
}

/// Phrases and the row of table 三 they count.
const OUTCOMES: &[(&[&str], &str)] = &[
    (&["予以公开", "同意公开"], "granted"),
    (&["部分公开"], "partial"),
    (&["不予公开"], "withheld"),
    (&["无法提供"], "unavailable"),
    (&["不予处理"], "not_processed"),
    (&["办结", "办理完毕", "答复完毕"], "results_total"),
];

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let mut reported: Vec<(&str, i64)> = Vec::new();
    for s in cx.sentences().iter().filter(|s| about_requests(s)) {
        for (words, row_id) in OUTCOMES {
            for (i, len) in s.find_all(words) {
                if s.chars.get(i.wrapping_sub(1)) == Some(&'不') && *row_id == "granted" {
                    continue;
                }
                let Some(count) = claim(s, i, len) else {
                    continue;
                };
                let Some((keys, table)) = table_value(cx, row_id) else {
                    continue;
                };
                if count.value == table || reported.contains(&(row_id, count.value)) {
                    continue;
                }
                reported.push((row_id, count.value));
                let row = t3_row(cx, row_id).map_or("", |r| short_label(r.label.text));
                out.push(
                    cx.finding(
                        &RULE,
                        format!(
                            "正文说{}{} 件，但表三「{row}」总计为 {table}",
                            words[0], count.value
                        ),
                        format!(
                            "the text gives {} for {row_id}, but table 三 has {table}",
                            count.value
                        ),
                    )
                    .cells(cx, &keys)
                    .quoting(s),
                );
            }
        }
    }
}

/// The count stated with the outcome word at `i`: right after it (`予以公开3件`,
/// `予以公开的3件`) or right before it (`3件予以公开`, `3件为予以公开`).
fn claim(s: &Sentence, i: usize, len: usize) -> Option<Count> {
    let (from, to) = s.clause(i);
    let clause: String = s.chars[from..to].iter().collect();
    // `予以公开及部分公开42件` counts two outcomes together.
    let outcomes = OUTCOMES
        .iter()
        .filter(|(words, _)| words.iter().any(|w| clause.contains(w)))
        .count();
    if outcomes > 1
        || NOT_REQUESTS.iter().any(|w| clause.contains(w))
        || COMPARISON.iter().any(|w| clause.contains(w))
        || clause.contains('含')
        || clause.contains("包括")
        || clause.contains('率')
    {
        return None;
    }
    s.count_after(i + len, 2).or_else(|| s.count_before(i, 1))
}

/// The total of a row of table 三 (a group as its sub-rows or its printed row) and its keys.
fn table_value(cx: &Context, row_id: &str) -> Option<(Vec<String>, i64)> {
    let row = t3_row(cx, row_id)?;
    if row.kind == RowKind::Group {
        // The group as （七）总计's identity counts it: by its sub-rows, else its printed row.
        let key = t3_key(row_id, "total");
        let term = cx
            .template()
            .identities()
            .iter()
            .filter(|i| i.kind == IdentityKind::Results)
            .flat_map(|i| &i.right)
            .find(|t| t.key() == key)?;
        let counted = term.count(|k| cx.int(k))?;
        let keys = counted.keys.iter().map(|k| k.to_string()).collect();
        return Some((keys, counted.value));
    }
    let key = t3_key(row_id, "total");
    cx.int(&key).map(|v| (vec![key], v))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;

    #[test]
    fn compares_refusals_too() {
        let f = fails(&RULE, &saying("收到申请1件，不予公开1件。"), 1);
        assert!(f[0].message.zh.contains("不予公开"));
    }
}
