use crate::context::{short_label, Context};
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::Unit;

/// The template asks for fee amounts in 万元 to four decimals.
const MAX_DECIMALS: u8 = 4;

rule! {
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
    code: "V104",
    name: "amount-format",
    severity: Warning,
    check: check,
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (cell, n, spec) in cx.numbers() {
        let is_amount = spec.column.id == "amount";
        let header_wan = spec.column.label.all().any(|l| l.contains("万元"));
        let row = short_label(spec.row.label.text);
        let finding = |zh: String, en: String| {
            cx.finding(&RULE, zh, en)
                .cells(cx, &[&cell.key])
                .at_cell(cx, &cell.key)
        };
        if is_amount && n.decimals() > MAX_DECIMALS {
            out.push(finding(
                format!(
                    "「{row}」金额 {n} 有 {} 位小数，模板要求保留 {MAX_DECIMALS} 位",
                    n.decimals()
                ),
                format!(
                    "{}: the amount {n} has {} decimals; the template asks for {MAX_DECIMALS}",
                    cell.key,
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
                    "「{row}」单元格写了单位「{unit}」（{}），与表头的「{header}」不同",
                    cell.raw
                ),
                format!(
                    "{}: the cell is written with the unit {unit} ({}), unlike its header ({})",
                    cell.key,
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
    use gongkai_core::{Number, Unit, Value, Version};

    fn dec(s: &str) -> Value {
        Value::Number(Number::parse(s).unwrap())
    }

    #[test]
    fn passes_on_four_decimals_in_wan_yuan() {
        let r = with(
            consistent(Version::V2021, 19),
            "t2.fees.amount",
            dec("5949.0886"),
        );
        passes(&RULE, &r);
    }

    #[test]
    fn fails_on_six_decimals() {
        let r = with(
            consistent(Version::V2021, 20),
            "t2.fees.amount",
            dec("24252.311082"),
        );
        let f = run(&RULE, &r, None);
        insta::assert_snapshot!(diagnostics(&r, &f));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.zh.contains("6 位小数"), "{}", f[0].message.zh);
    }

    #[test]
    fn fails_on_yuan_under_a_wan_yuan_header() {
        let mut r = with(
            consistent(Version::V2021, 21),
            "t2.fees.amount",
            dec("251000"),
        );
        let cell = r
            .cells
            .iter_mut()
            .find(|c| c.key == "t2.fees.amount")
            .unwrap();
        cell.printed.unit = Some(Unit::Yuan);
        cell.raw = "251000元".into();
        let f = fails(&RULE, &r, 1);
        assert!(f[0].message.zh.contains("251000元"));
    }
}
