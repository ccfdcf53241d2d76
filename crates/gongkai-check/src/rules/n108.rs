use crate::context::Context;
use crate::finding::Finding;
use crate::narrative::UNITS;
use crate::registry::rule;

rule! {
    code: "N108", name: "text-breakdown-sum", severity: Warning;
    /// # 正文括号里列出的各项相加不等于前面的总数
    ///
    /// ## 说明
    /// 正文写了一个总数，紧跟着在括号里列出它的各个组成部分，单位相同：
    /// `收办3607件（市政府349件、市政府办公室1200件、……）`。括号里每一项都是阿拉伯数字，而各项相加
    /// 不等于总数时给出警告。
    ///
    /// 只有完整列举才能相加，所以以下情形都不检查：括号里有「其中」「等」「约」「余」「多」「含」
    /// 「包括」「以上」「左右」、百分比或同比增减的；有一项不是阿拉伯数字（「二十件」）、单位与总数
    /// 不同，或一项里还有别的数字的；只列了一项的；括号里还套着括号的；总数前有「约」「近」「超过」
    /// 的；按发布渠道列举（网站、微博、微信、客户端等，同一条信息可以在几个渠道同时发布）的。
    ///
    /// ## 为什么重要
    /// 总数和它的分项在同一句话里互相矛盾，至少有一个数字写错了；读者无从知道哪个是对的，表格里的
    /// 数字也可能随之有误。
    ///
    /// ## 示例
    /// 不一致（349 + 1200 + 2000 = 3549）：
    /// ```text
    /// 全年收办件3607件（市政府349件、市政府办公室1200件、各部门2000件）。
    /// ```
    /// 一致：
    /// ```text
    /// 全年收办件3549件（市政府349件、市政府办公室1200件、各部门2000件）。
    /// ```
    ///
    /// ## 修改
    /// 核对总数和各项数字，改正写错的一个；只列部分时写明「其中」。
    ///
    /// # A breakdown in brackets does not add up to the total before it
    ///
    /// ## What it does
    /// The text states a total and right after it lists its parts in brackets, in the same
    /// unit: `收办3607件（市政府349件、市政府办公室1200件、……）`. When every part is written in
    /// Arabic digits and the parts do not add up to the total, this warns.
    ///
    /// Only a whole list can be added up, so none of these is checked: a list with 其中, 等, 约,
    /// 余, 多, 含, 包括, 以上, 左右, a percentage or a change on last year; a part not in Arabic
    /// digits (二十件), in another unit, or holding another number; a single part; brackets
    /// inside the brackets; a total after 约, 近 or 超过; a list by publishing channel (website,
    /// Weibo, WeChat, app: one item may be published on several).
    ///
    /// ## Why it matters
    /// A total and its parts contradict each other in one sentence: at least one figure is wrong,
    /// the reader cannot tell which, and the tables may be wrong with it.
    ///
    /// ## Example
    /// Inconsistent (349 + 1200 + 2000 = 3549):
    /// ```text
    /// 全年收办件3607件（市政府349件、市政府办公室1200件、各部门2000件）。
    /// ```
    /// Consistent:
    /// ```text
    /// 全年收办件3549件（市政府349件、市政府办公室1200件、各部门2000件）。
    /// ```
    ///
    /// ## Fix
    /// Check the total and the parts and correct the wrong one; write 其中 before a partial list.
}

/// Words that make a list partial, approximate, or not a breakdown of the total.
const NOT_WHOLE: &[&str] = &[
    "其中", "等", "约", "余", "多", "含", "包括", "以上", "左右", "近", "超", "%", "％", "同比",
    "较", "比", "增", "减", "上年", "去年", "占",
];

/// Channels one item may be published on at once.
const CHANNELS: &[&str] = &[
    "网站",
    "网页",
    "门户",
    "微博",
    "微信",
    "公众号",
    "客户端",
    "头条",
    "抖音",
    "视频号",
    "新媒体",
    "APP",
    "app",
    "平台",
    "报纸",
    "电视",
    "广播",
];

/// Words before a total that make it approximate.
const ABOUT: &[&str] = &["约", "近", "超过", "逾", "大约", "不足", "将近"];

/// A breakdown found in a sentence: the total, its unit, and the parts.
#[derive(Debug, PartialEq, Eq)]
struct Breakdown {
    total: i64,
    unit: char,
    parts: Vec<i64>,
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for s in cx.sentences() {
        for b in breakdowns(&s.chars) {
            let sum: i64 = b.parts.iter().sum();
            if sum == b.total {
                continue;
            }
            let parts = b
                .parts
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(" + ");
            let u = b.unit;
            out.push(
                cx.finding(
                    &RULE,
                    format!(
                        "正文说共 {} {u}，括号里的各项相加却是 {sum} {u}（{parts}）",
                        b.total
                    ),
                    format!(
                        "the text gives a total of {} {u}, but the parts in brackets add up to {sum} {u} ({parts})",
                        b.total
                    ),
                )
                .quoting(s),
            );
        }
    }
}

/// The whole breakdowns in brackets after a total in a sentence.
fn breakdowns(chars: &[char]) -> Vec<Breakdown> {
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c != '（' && c != '(' {
            continue;
        }
        if let Some(b) = breakdown_at(chars, i) {
            out.push(b);
        }
    }
    out
}

/// The breakdown whose bracket opens at `open`, when it is a whole one.
fn breakdown_at(chars: &[char], open: usize) -> Option<Breakdown> {
    // The total: digits and a unit right before the bracket.
    let unit = *chars.get(open.checked_sub(1)?)?;
    if !UNITS.contains(&unit) {
        return None;
    }
    let mut start = open - 1;
    while start > 0 && (chars[start - 1].is_ascii_digit() || matches!(chars[start - 1], ',' | '，'))
    {
        start -= 1;
    }
    // A comma before the digits separates clauses, not thousands.
    while start < open - 1 && !chars[start].is_ascii_digit() {
        start += 1;
    }
    let total = digits(&chars[start..open - 1])?;
    if start > 0 && chars[start - 1] == '.' {
        return None;
    }
    let before: String = chars[start.saturating_sub(2)..start].iter().collect();
    if ABOUT.iter().any(|w| before.ends_with(w)) {
        return None;
    }
    // The bracket's content, with no bracket inside.
    let close = open
        + 1
        + chars[open + 1..]
            .iter()
            .position(|&c| matches!(c, '）' | ')' | '（' | '('))?;
    if !matches!(chars[close], '）' | ')') {
        return None;
    }
    let content = &chars[open + 1..close];
    let text: String = content.iter().collect();
    if NOT_WHOLE.iter().chain(CHANNELS).any(|w| text.contains(w)) {
        return None;
    }
    let parts = split_parts(content);
    if parts.len() < 2 {
        return None;
    }
    let parts = parts
        .iter()
        .map(|p| part_count(p, unit))
        .collect::<Option<Vec<_>>>()?;
    Some(Breakdown { total, unit, parts })
}

/// The parts of a list: split at `、，,;；`, except a comma between thousands.
fn split_parts(content: &[char]) -> Vec<Vec<char>> {
    let mut parts = vec![Vec::new()];
    for (i, &c) in content.iter().enumerate() {
        let thousands = matches!(c, ',' | '，')
            && i > 0
            && content[i - 1].is_ascii_digit()
            && content
                .get(i + 1..i + 4)
                .is_some_and(|d| d.iter().all(|c| c.is_ascii_digit()))
            && !content.get(i + 4).is_some_and(|c| c.is_ascii_digit());
        if matches!(c, '、' | '，' | ',' | ';' | '；') && !thousands {
            parts.push(Vec::new());
        } else if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    parts
}

/// The one count of a part, in `unit`: its only run of digits, right before the unit.
fn part_count(part: &[char], unit: char) -> Option<i64> {
    let first = part.iter().position(|c| c.is_ascii_digit())?;
    let mut end = first;
    while end < part.len() && (part[end].is_ascii_digit() || matches!(part[end], ',' | '，')) {
        end += 1;
    }
    if part.get(end) != Some(&unit) || part[end..].iter().any(|c| c.is_ascii_digit() || *c == '.') {
        return None;
    }
    digits(&part[first..end])
}

/// An Arabic whole number, with or without thousands separators (`3,607`).
fn digits(chars: &[char]) -> Option<i64> {
    let groups: Vec<String> = chars
        .split(|c| matches!(c, ',' | '，'))
        .map(|g| g.iter().collect())
        .collect();
    let ok = !groups[0].is_empty()
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3);
    if !ok {
        return None;
    }
    groups.concat().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(s: &str) -> Vec<Breakdown> {
        breakdowns(&s.chars().collect::<Vec<_>>())
    }

    #[test]
    fn whole_lists_only() {
        assert_eq!(
            found("全年收办件3,607件（市政府349件、市政府办公室1,200件，各部门2000件）"),
            vec![Breakdown {
                total: 3607,
                unit: '件',
                parts: vec![349, 1200, 2000]
            }]
        );
        assert_eq!(found("受理申请21件(当面2件;网络19件)").len(), 1);
        for partial in [
            "受理申请21件（其中当面2件、网络10件）",
            "受理申请21件（当面2件、网络10件等）",
            "受理申请21件（当面2件、网络十件）",
            "受理申请21件（当面2件、网络10次）",
            "受理申请21件（当面2件）",
            "受理申请约21件（当面2件、网络10件）",
            "受理申请21件（当面2件、网络10件（含邮件3件））",
            "发布信息300条（政府网站200条、政务微信200条）",
            "受理申请21件（2022年2件、网络10件）",
            "受理申请21件（较上年增加2件、减少1件）",
            "全年收到申请21件（占总数的2%、3%）",
        ] {
            assert!(found(partial).is_empty(), "{partial}");
        }
    }
}
