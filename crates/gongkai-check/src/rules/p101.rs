use crate::context::{place, Context};
use crate::finding::Finding;
use crate::registry::rule;

rule! {
    code: "P101", name: "peer-outlier", severity: Info, needs: Peers;
    /// # 数值在同级机关中明显异常
    ///
    /// ## 说明
    /// 把本机关的数字与语料库中同一年度、同一层级、同一类别（政府或部门）的机关相比：表二的各项，
    /// 表三、表四的合计。比较在 ln(1 + 数值) 上进行，以中位数为中心、中位数绝对偏差为尺度（稳健
    /// z 分数）；高出 3.5 个尺度以上、比中位数大 10 以上并且至少是中位数 3 倍的数值列出来。只看偏高的一侧：没有处罚权
    /// 的部门处罚数为 0 很正常，偏低的数值与确实没有无从区分。同级机关少于 12 个时不比较。
    /// 只在有语料库时运行：`gongkai import` 之后存入库中，或 `gongkai check --db`。
    ///
    /// ## 为什么重要
    /// 多写一个零、单位填错、把全市的数字填进一个部门的报告，算术上都对得上，只有与同级机关相比才
    /// 看得出来。汇总时一个这样的数字就能改变全地区的结果。
    ///
    /// ## 示例
    /// 值得一看（同级县级部门的中位数为 8 件）：
    /// ```text
    /// 一、本年新收政府信息公开申请数量  ……  8000
    /// ```
    ///
    /// ## 修改
    /// 对照原始台账核实该数字。数字属实（例如本机关确实承担全县大部分申请）时，不必修改。
    ///
    /// # A value is an outlier among peer organs of the same level
    ///
    /// ## What it does
    /// Compares the organ's figures with those of the organs of the same year, level and kind
    /// (government or department) in the corpus: every cell of table 二, and the totals of
    /// tables 三 and 四. The comparison is on ln(1 + value), centred on the median and scaled
    /// by the median absolute deviation (a robust z-score); values more than 3.5 such units
    /// above the centre, at least 10 above the median and at least three times the median are
    /// listed. Only the high side
    /// counts: a department without the power to fine rightly prints 0 fines, and a low value
    /// cannot be told from a real absence. With fewer than 12 peers nothing is compared. Runs
    /// only with a corpus: stored by `gongkai import`, or `gongkai check --db`.
    ///
    /// ## Why it matters
    /// An extra zero, a wrong unit, or a city's figures entered in one department's report all
    /// add up; only a comparison with peers shows them. One such number changes a region's
    /// roll-up.
    ///
    /// ## Example
    /// Worth a look (the median of county departments is 8):
    /// ```text
    /// 一、本年新收政府信息公开申请数量  ……  8000
    /// ```
    ///
    /// ## Fix
    /// Check the figure against the organ's records. When it is right (the organ does handle
    /// most of the county's requests), leave it.
}

/// Whether a cell is compared with peers: table 二 and the totals of tables 三 and 四. The
/// breakdown by applicant is too sparse to compare (most organs print 0 there).
pub fn compared(key: &str) -> bool {
    (key.starts_with("t2.") && !key.ends_with(".delta")) || key.ends_with(".total")
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(peers) = cx.peers else {
        return;
    };
    for (cell, n, spec) in cx.numbers() {
        if !compared(&cell.key) {
            continue;
        }
        let Some(spread) = peers.spread(&cell.key) else {
            continue;
        };
        if !spread.far_above(n.to_f64()) {
            continue;
        }
        let (median, at) = (spread.median, place(spec));
        out.push(cx.cell_finding(
            &RULE,
            &cell.key,
            format!(
                "{}为 {n}，远高于{}（{} 个）的中位数 {median}",
                at.zh, peers.group.zh, spread.n,
            ),
            format!(
                "{} is {n}, far above the median {median} of {} ({} organs)",
                at.en, peers.group.en, spread.n
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::{compared, RULE};
    use crate::finding::Text;
    use crate::peers::Peers;
    use crate::testing::*;
    use gongkai_core::{Report, Version};
    use std::collections::HashMap;

    /// Thirty peers, each printing the sample report's values give or take a tenth.
    fn peers_of(report: &Report) -> Peers {
        let mut values: HashMap<String, Vec<f64>> = HashMap::new();
        for i in 0..30 {
            for c in &report.cells {
                if let Some(n) = c.printed.value.number() {
                    let v = n.to_f64() * (1.0 + (i % 5) as f64 / 10.0);
                    values.entry(c.key.clone()).or_default().push(v);
                }
            }
        }
        Peers::new(
            Text::new("2022 年县级部门", "county departments in 2022"),
            values,
        )
    }

    #[test]
    fn passes_on_a_usual_report_and_without_peers() {
        let r = consistent(Version::V2021, 8);
        assert!(run_among(&RULE, &r, None, Some(&peers_of(&r))).is_empty());
        assert!(run(&RULE, &with(r, "t3.new.total", num(9000)), None).is_empty());
    }

    #[test]
    fn compares_table_two_and_totals_only() {
        assert!(compared("t2.rules.made"));
        assert!(compared("t3.new.total"));
        assert!(compared("t4.review.total"));
        assert!(!compared("t3.new.natural"));
        assert!(!compared("t2.penalty.delta"));
    }
}
