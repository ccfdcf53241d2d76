use crate::context::{short_label, Context};
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::place::{resolve, Level};
use gongkai_core::TableId;

rule! {
    code: "V106", name: "county-regulations", severity: Info;
    /// # 县级及以下机关的表二「规章」行不为 0
    ///
    /// ## 说明
    /// 按《中华人民共和国立法法》，规章由国务院部门和省、自治区、直辖市及设区的市、自治州的人民
    /// 政府制定，县级和乡镇的机关没有制定规章的权限。机关名称表明报告属于县、县级市、区、旗、
    /// 开发区或乡镇、街道的机关（无论是人民政府、办公室还是部门），表二「规章」行（「本年制发件数」
    /// 「本年废止件数」「现行有效件数」，试行格式为「本年新制作数量」）却有不为 0 的数字时给出提示。
    /// 常见的原因是把行政规范性文件或上级的规章填进了这一行。试行格式的「本年新公开数量」「对外公开
    /// 总数量」可能是本机关公开的上级规章，不检查。
    ///
    /// 只看读取确定的单元格；从名称看不出级别的机关（如只写「某某市」的，可能是地级市也可能是县级
    /// 市）不检查。
    ///
    /// ## 为什么重要
    /// 规章和行政规范性文件是两类文件，统计口径不同。县级机关的「规章」数字几乎总是填错了行，汇总
    /// 时会把规范性文件算成规章。
    ///
    /// ## 示例
    /// 有问题（某县教育局）：
    /// ```text
    /// 规章  2  0  5
    /// 行政规范性文件  0  0  0
    /// ```
    /// 正确：
    /// ```text
    /// 规章  0  0  0
    /// 行政规范性文件  2  0  5
    /// ```
    ///
    /// ## 修改
    /// 把本机关制发的行政规范性文件填入「行政规范性文件」行，「规章」行填 0。
    ///
    /// # A county-level or lower organ prints regulations (规章) in table 二
    ///
    /// ## What it does
    /// Under the Legislation Law, 规章 (rules) are made by the State Council's departments and by
    /// the governments of provinces and of cities with districts; organs of counties and towns
    /// have no power to make them. When the organ's name shows it belongs to a county,
    /// county-level city, district, banner, zone, town or street (government, office or
    /// department alike) and table 二's 规章 row (本年制发件数, 本年废止件数, 现行有效件数; in the
    /// trial format 本年新制作数量) holds a number other than 0, this notes it. Most often
    /// normative documents or a higher level's rules were entered in that row. The trial
    /// format's 本年新公开数量 and 对外公开总数量 may count a higher level's rules the organ
    /// published, and are not checked.
    ///
    /// Only cells read for certain count; an organ whose level its name does not tell (a bare
    /// `某某市`, which may be a prefecture or a county-level city) is not checked.
    ///
    /// ## Why it matters
    /// Rules and normative documents are counted apart. A county organ's 规章 figure is nearly
    /// always in the wrong row, and roll-ups would count normative documents as rules.
    ///
    /// ## Example
    /// Suspicious (某县教育局):
    /// ```text
    /// 规章  2  0  5
    /// 行政规范性文件  0  0  0
    /// ```
    /// Right:
    /// ```text
    /// 规章  0  0  0
    /// 行政规范性文件  2  0  5
    /// ```
    ///
    /// ## Fix
    /// Enter the normative documents the organ issued in the 行政规范性文件 row and 0 in the 规章
    /// row.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(organ) = cx.report.agency.as_deref() else {
        return;
    };
    let level = resolve(organ).place.and_then(|p| p.level);
    if !matches!(level, Some(Level::County | Level::Town)) {
        return;
    }
    let Some(row) = cx
        .template()
        .table(TableId::T2)
        .rows
        .iter()
        .find(|r| r.id == "regulation")
    else {
        return;
    };
    let keys: Vec<String> = row
        .columns
        .iter()
        // The trial format's 本年新公开数量 and 对外公开总数量 count rules published, which may
        // be a higher level's.
        .filter(|c| !matches!(c.id, "published" | "total_published"))
        .map(|c| format!("t2.{}.{}", row.id, c.id))
        .filter(|k| cx.int(k).is_some_and(|v| v != 0))
        .collect();
    if keys.is_empty() {
        return;
    }
    let printed: Vec<(String, String)> = keys
        .iter()
        .filter_map(|k| {
            let spec = cx.template().cell(k)?;
            let v = cx.int(k)?;
            let column = short_label(spec.column.label.text);
            Some((format!("「{column}」{v}"), format!("“{column}” {v}")))
        })
        .collect();
    let zh: Vec<&str> = printed.iter().map(|p| p.0.as_str()).collect();
    let en: Vec<&str> = printed.iter().map(|p| p.1.as_str()).collect();
    out.push(
        cx.finding(
            &RULE,
            format!(
                "{organ}是县级或乡镇的机关，没有制定规章的权限，表二「规章」行却填了{}",
                zh.join("、")
            ),
            format!(
                "{organ} is a county-level or town organ, which makes no rules (规章), yet table 二's 规章 row holds {}",
                en.join(", ")
            ),
        )
        .cells(cx, &keys)
        .at_first(cx, &keys),
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::*;

    #[test]
    fn only_county_and_town_organs() {
        // The sample is a county's office with no rules.
        passes(&RULE, &sample());
        let with_rules = |organ: &str| {
            let text = super::super::six_sections("", "")
                .replace("某县人民政府办公室", organ)
                .replacen("规章\t0\t0\t0", "规章\t2\t0\t5", 1);
            read(&text)
        };
        fails(&RULE, &with_rules("某县教育局"), 1);
        fails(&RULE, &with_rules("海宁市许村镇人民政府"), 1);
        passes(&RULE, &with_rules("嘉兴市人民政府"));
        passes(&RULE, &with_rules("浙江省人民政府办公厅"));
        // A bare 市 the list does not know may be a prefecture.
        passes(&RULE, &with_rules("青山市人民政府"));
    }

    #[test]
    fn trial_format_rules_published_may_be_another_levels() {
        let r = consistent(gongkai_core::Version::V2019, 1);
        passes(
            &RULE,
            &with(r.clone(), "t2.regulation.total_published", num(7)),
        );
        fails(&RULE, &with(r, "t2.regulation.made", num(2)), 1);
    }
}
