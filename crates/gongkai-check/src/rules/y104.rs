use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;

rule! {
    code: "Y104", name: "table-unchanged", severity: Warning, needs: Previous;
    /// # 某张表的每个数字都与上年相同
    ///
    /// ## 说明
    /// 本年表二、表三或表四的每一个数字都与上一年度报告相同（且不全为 0）。全为 0 的表年年相同是
    /// 常见的（例如没有复议诉讼），不报告。需要 `--previous`。
    ///
    /// ## 为什么重要
    /// 一整张表的数字与上年完全一样，几乎总是复制了上年的表格而没有更新。
    ///
    /// ## 示例
    /// 可疑：2021 年和 2022 年的表二都是「规章 0 0 3；行政规范性文件 5 1 40；行政许可 1203……」。
    /// 正常：本年的数字取自本年的台账。
    ///
    /// ## 修改
    /// 用本年数据重新填写该表。
    ///
    /// # Every number of a table equals last year's
    ///
    /// ## What it does
    /// Every number of table 二, 三 or 四 is the same as in last year's report (and not all
    /// are 0). Tables of zeros repeat legitimately (no reviews or lawsuits) and are not
    /// reported. Needs `--previous`.
    ///
    /// ## Why it matters
    /// A whole table identical to last year's is almost always last year's table copied and
    /// not updated.
    ///
    /// ## Example
    /// Suspicious: table 二 reads 规章 0 0 3; 行政规范性文件 5 1 40; 行政许可 1203… in both
    /// 2021 and 2022.
    /// Fine: this year's numbers from this year's register.
    ///
    /// ## Fix
    /// Fill the table in again from this year's data.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(previous) = cx.previous else { return };
    if previous.template != cx.report.template {
        return;
    }
    for table in cx.template().tables {
        let prefix = format!("{}.", table.id.prefix());
        let cells: Vec<_> = cx
            .report
            .cells
            .iter()
            .filter(|c| c.key.starts_with(&prefix))
            .collect();
        if cells.is_empty() {
            continue;
        }
        let same = cells.iter().all(|c| {
            cx.previous_cell(&c.key)
                .is_some_and(|p| p.printed.value == c.printed.value)
        });
        let all_zero = cells.iter().all(|c| {
            c.printed
                .value
                .number()
                .is_none_or(|n| n.as_int() == Some(0))
        });
        if !same || all_zero {
            continue;
        }
        let first = cells[0].key.clone();
        out.push(
            cx.finding(
                &RULE,
                format!(
                    "{}的 {} 个数字与上年报告完全相同",
                    table.id.name_zh(),
                    cells.len()
                ),
                format!(
                    "all {} numbers of {} equal last year's",
                    cells.len(),
                    table.id.name_en()
                ),
            )
            .at_cell(cx, &first),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;
    use gongkai_core::Version;

    #[test]
    fn passes_on_new_numbers_and_on_zeros() {
        let prev = consistent(Version::V2021, 34);
        let now = consistent(Version::V2021, 35);
        assert!(run(&RULE, &now, Some(&prev)).is_empty());
        let zeros = |r: gongkai_core::Report| {
            let keys: Vec<String> = r
                .cells
                .iter()
                .filter(|c| c.key.starts_with("t4."))
                .map(|c| c.key.clone())
                .collect();
            keys.iter().fold(r, |r, k| with(r, k, num(0)))
        };
        let now = zeros(now);
        let f = run(&RULE, &now, Some(&zeros(prev)));
        assert!(!f.iter().any(|f| f.message.zh.contains("表四")), "{f:?}");
    }
}
