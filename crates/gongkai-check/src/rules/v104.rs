use crate::context::{place, Context};
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::Unit;

/// The template asks for fee amounts in 万元 to four decimals.
const MAX_DECIMALS: u8 = 4;

rule! {
    code: "V104", name: "amount-format", severity: Warning;
    /// # 金额小数超过 4 位，或单元格里写的单位与表头不同
    ///
    /// ## 说明
    /// 2021 年模板表二的收费金额以万元为单位、保留 4 位小数。小数超过 4 位，或在单元格里写了与表头
    /// 不同的单位（表头是万元却写「251000元」；件数栏里写了元、万元），都不符合模板。
    ///
    /// ## 为什么重要
    /// 单位不一致的数字直接相加会差一万倍。读者和汇总程序按表头理解数字。
    ///
    /// ## 示例
    /// 不规范：
    /// ```text
    /// 行政事业性收费  251000元
    /// ```
    /// 规范：
    /// ```text
    /// 行政事业性收费  25.1
    /// ```
    ///
    /// ## 修改
    /// 换算成表头的单位，去掉单元格里的单位，金额保留不超过 4 位小数。
    ///
    /// # An amount with more than 4 decimals, or a unit in the cell that differs from the header
    ///
    /// ## What it does
    /// The 2021 template gives fee amounts in 万元 (10,000 yuan) to four decimals. More than four
    /// decimals, or a unit written in the cell that differs from the header (`251000元` under a
    /// 万元 header; 元 or 万元 in a count column), do not follow the template.
    ///
    /// ## Why it matters
    /// Adding numbers in different units is off by a factor of ten thousand. Readers and
    /// roll-ups read numbers in the header's unit.
    ///
    /// ## Example
    /// Non-conforming:
    /// ```text
    /// 行政事业性收费  251000元
    /// ```
    /// Conforming:
    /// ```text
    /// 行政事业性收费  25.1
    /// ```
    ///
    /// ## Fix
    /// Convert to the header's unit, drop the unit from the cell, and keep at most four
    /// decimals.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (cell, n, spec) in cx.numbers() {
        let is_amount = spec.column.id == "amount";
        let header_wan = spec.column.label.all().any(|l| l.contains("万元"));
        let at = place(spec);
        let finding = |zh: String, en: String| cx.cell_finding(&RULE, &cell.key, zh, en);
        if is_amount && n.decimals() > MAX_DECIMALS {
            out.push(finding(
                format!(
                    "{}金额 {n} 有 {} 位小数，模板要求保留 {MAX_DECIMALS} 位",
                    at.zh,
                    n.decimals()
                ),
                format!(
                    "{}: the amount {n} has {} decimals; the template asks for {MAX_DECIMALS}",
                    at.en,
                    n.decimals()
                ),
            ));
        }
        let wrong_unit = match cell.printed.unit {
            Some(Unit::Yuan) => !is_amount || header_wan,
            Some(Unit::WanYuan) => !is_amount,
            _ => false,
        };
        if wrong_unit {
            let unit = if cell.printed.unit == Some(Unit::Yuan) {
                "元"
            } else {
                "万元"
            };
            let header = if header_wan {
                "万元"
            } else if is_amount {
                ""
            } else {
                "件数"
            };
            out.push(finding(
                format!(
                    "{}写了单位「{unit}」（{}），与表头的「{header}」不同",
                    at.zh, cell.raw
                ),
                format!(
                    "{}: the cell is written with the unit {unit} ({}), unlike its header ({})",
                    at.en,
                    cell.raw,
                    if header_wan { "万元" } else { "a count" }
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;

    #[test]
    fn fails_on_yuan_under_a_wan_yuan_header() {
        let text = crate::rules::six_sections("", "")
            .replace("行政事业性收费\t0", "行政事业性收费\t251000元");
        let f = fails(&RULE, &read(&text), 1);
        assert!(f[0].message.zh.contains("251000元"));
    }
}
