//! The title, agency, year and publication date, read from the lines before section 一.
//!
//! Titles come as `某某局2022年度政府信息公开工作年度报告` on one line, split after the agency
//! (`洪泽区人民政府` / `2023 年政府信息公开工作年度报告`) or inside the title (`…工作` / `年度报告`),
//! under site chrome (breadcrumbs, `发布日期`), and with the year in Chinese numerals.

use crate::document::{is_chrome, Document};
use gongkai_core::normalize::normalize;

#[derive(Debug, Default, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    pub agency: Option<String>,
    pub year: Option<i32>,
    /// The year of the statistics period (`统计期限自2023年1月1日起`), when stated.
    pub period_year: Option<i32>,
    pub published: Option<String>,
    /// The lines (indices) the title was read from.
    pub title_lines: Vec<usize>,
}

/// How far into the document the title may be.
const TITLE_WINDOW: usize = 40;

pub fn read_meta(doc: &Document, first_heading: Option<usize>) -> Meta {
    let limit = first_heading.unwrap_or(TITLE_WINDOW).min(doc.lines.len());
    let lines: Vec<(usize, &str)> = doc.lines[..limit]
        .iter()
        .enumerate()
        .map(|(i, l)| (i, l.text.trim()))
        // A line of chrome may begin with the title's last characters, set beside the page's
        // date by a browser's print (`度报告      发布日期：…`): that part is kept.
        .map(|(i, t)| match is_chrome(t) {
            true => (i, title_part(t)),
            false => (i, t),
        })
        .filter(|(_, t)| !t.is_empty() && !is_chrome(t))
        .collect();
    let mut meta = Meta {
        published: doc
            .lines
            .iter()
            .find_map(|l| published_date(&l.text, false))
            .or_else(|| {
                doc.lines[..limit]
                    .iter()
                    .find_map(|l| published_date(&l.text, true))
            }),
        period_year: doc
            .lines
            .iter()
            .take(limit.max(TITLE_WINDOW))
            .find_map(|l| period_year(&l.text)),
        ..Meta::default()
    };
    // A crawler's header block names the page's title and publisher: `标题: …`, `发布机构: …`.
    let field = |names: &[&str]| {
        lines
            .iter()
            .find_map(|(_, t)| header_field(t, names))
            .filter(|v| !v.is_empty())
    };
    let publisher = field(&["发布机构", "发文机关", "发布单位"]);
    let is_title = |t: &str| {
        let n = normalize(t);
        n.contains("政府信息公开") && (n.contains("报告") || n.contains("年度"))
    };
    // A line that reads as a whole title beats one that merely mentions the words (a site's
    // menu: `政府信息公开 领导之窗 … 政府工作报告`); a sentence is never one.
    let is_whole_title = |t: &str| {
        let n = normalize(t);
        is_title(t) && n.chars().count() <= 80 && (n.ends_with("报告") || n.ends_with("年报"))
    };
    let sentence = |t: &str| t.contains('。') || t.contains('，') || t.starts_with("根据");
    // A title wrapped over lines (`…政府信息公开工作年` / `度报告`): its first line, with the
    // ones that complete it.
    let wrapped = |k: usize| -> Option<Vec<usize>> {
        let (i, first) = lines[k];
        let n = normalize(first);
        if n.ends_with("报告") {
            return None;
        }
        // Cut anywhere, even inside 政府信息公开 (`…2023 年政府信息` / `公开工作年度报告`).
        // …or after its year (`…发展和改革局 2024` / `年政府信息公开工作年度报告`).
        let ends_with_year = n.len() > 4
            && n.is_char_boundary(n.len() - 4)
            && year_at(&n[n.len() - 4..].chars().collect::<Vec<_>>()).is_some();
        if sentence(first)
            || !(n.contains("政府信息") || split_year(&n).1.is_some() || ends_with_year)
        {
            return None;
        }
        let mut joined = n;
        let mut taken = vec![k];
        for (j, (line, next)) in lines.iter().enumerate().skip(k + 1).take(2) {
            let next = title_part(next);
            let n = normalize(next);
            let adjacent = *line <= i + 2 * (j - k);
            if !adjacent || sentence(next) || n.chars().count() > 24 {
                break;
            }
            joined.push_str(&n);
            taken.push(j);
            if joined.ends_with("报告") && joined.contains("政府信息公开") {
                return Some(taken);
            }
        }
        None
    };
    // The title is the first line that is one whole, or that lines after it complete; one with
    // its year beats a site's menu item (`政府信息公开年度报告`) above it.
    let candidates: Vec<Vec<usize>> = (0..lines.len())
        .filter_map(|k| {
            let t = lines[k].1;
            (is_whole_title(t) && !sentence(t))
                .then(|| vec![k])
                .or_else(|| wrapped(k))
        })
        .collect();
    let has_year = |c: &Vec<usize>| {
        let joined: String = c.iter().map(|&k| lines[k].1).collect();
        split_year(&joined).1.is_some()
    };
    let found: Option<Vec<usize>> = lines
        .iter()
        .position(|(_, t)| header_field(t, &["标题", "题目"]).is_some_and(|v| is_whole_title(&v)))
        .map(|k| vec![k])
        .or_else(|| candidates.iter().find(|c| has_year(c)).cloned())
        .or_else(|| candidates.first().cloned())
        .or_else(|| {
            lines
                .iter()
                .position(|(_, t)| is_title(t) && !sentence(t))
                .map(|k| vec![k])
        });
    let Some(found) = found else {
        meta.year = meta.period_year;
        meta.agency = publisher;
        return meta;
    };
    let pos = found[0];
    let mut title: String = found
        .iter()
        .enumerate()
        .map(|(n, &k)| {
            let t = lines[k].1;
            match header_field(t, &["标题", "题目"]) {
                Some(v) => v,
                None if n > 0 => title_part(t).to_string(),
                None => t.to_string(),
            }
        })
        .collect();
    meta.title_lines.extend(found.iter().map(|&k| lines[k].0));
    let (before, year, after) = split_year(&title);
    meta.year = year.or(meta.period_year);
    let mut agency = clean_agency(&before);
    if agency.is_empty() && year.is_some() {
        // A title that opens with its year: `2024年上海市科委政府信息公开工作年度报告`.
        let after = after.trim_start_matches(['年', '度']).trim();
        if let Some(at) = after.find("政府信息公开") {
            agency = clean_agency(&after[..at]);
        }
    }
    if agency.is_empty() && pos > 0 {
        // The agency on its own line above the title.
        let prev = lines[pos - 1].1;
        if prev.chars().count() <= 40
            && !sentence(prev)
            && !prev.contains(':')
            && !prev.contains('：')
        {
            agency = clean_agency(prev);
            title = format!("{prev}{title}");
            meta.title_lines.push(lines[pos - 1].0);
        }
    }
    if agency.is_empty() {
        agency = publisher.unwrap_or_default();
    }
    meta.agency = (!agency.is_empty()).then_some(agency);
    meta.title = Some(title.split_whitespace().collect());
    meta
}

/// Splits a title at its year: the text before it, the year, and the text from its 年 on.
fn split_year(title: &str) -> (String, Option<i32>, String) {
    let chars: Vec<char> = title.chars().collect();
    for i in 0..chars.len() {
        if let Some((year, len)) = year_at(&chars[i..]) {
            // The year is followed by 年 (after optional spaces).
            let rest = chars[i + len..].iter().position(|c| !c.is_whitespace());
            if let Some(r) = rest.filter(|&r| chars[i + len + r] == '年') {
                return (
                    chars[..i].iter().collect(),
                    Some(year),
                    chars[i + len + r..].iter().collect(),
                );
            }
        }
    }
    (String::new(), None, String::new())
}

/// The value of a `名称: 值` line of a crawler's header block, for one of the names.
fn header_field(line: &str, names: &[&str]) -> Option<String> {
    let t = line.trim();
    let name = names.iter().find(|n| t.starts_with(**n))?;
    let rest = t[name.len()..].trim_start();
    let value = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：'))?;
    Some(value.trim().to_string())
}

/// A four-digit year in Arabic (full- or half-width) or Chinese numerals at the start.
fn year_at(chars: &[char]) -> Option<(i32, usize)> {
    if chars.len() < 4 {
        return None;
    }
    let digit = |c: char| -> Option<u32> {
        match c {
            '0'..='9' => c.to_digit(10),
            '０'..='９' => Some(c as u32 - '０' as u32),
            '〇' | '○' | '零' | 'Ｏ' | 'O' => Some(0),
            '一' => Some(1),
            '二' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            _ => None,
        }
    };
    let mut year = 0;
    for &c in &chars[..4] {
        year = year * 10 + digit(c)?;
    }
    let arabic = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mixed = chars[..4].iter().any(|&c| arabic(c)) && !chars[..4].iter().all(|&c| arabic(c));
    if mixed || chars.get(4).is_some_and(|&c| digit(c).is_some()) {
        return None;
    }
    (1990..=2100).contains(&year).then_some((year as i32, 4))
}

fn clean_agency(s: &str) -> String {
    let s: String = s.split_whitespace().collect();
    let s = s.trim_matches(|c: char| "《》“”\"'：:，,。 ".contains(c));
    let s = s.strip_prefix("关于").unwrap_or(s);
    let s = s.strip_suffix("关于").unwrap_or(s);
    s.to_string()
}

/// `统计期限自2023年1月1日起至2023年12月31日止` → 2023.
fn period_year(line: &str) -> Option<i32> {
    let n = normalize(line);
    let at = n.find("统计期限").or_else(|| n.find("统计期间"))?;
    split_year(&n[at..]).1
}

/// `发布日期：2023-01-17 09:12`, `发布时间:2023年1月17日` → `2023-01-17`.
/// With `bare`, also a line that starts `时间：` or `日期：` (near the title, that is the page's
/// publication date).
fn published_date(line: &str, bare: bool) -> Option<String> {
    let t = line.trim();
    let at = ["发布日期", "发布时间", "发文日期", "成文日期"]
        .iter()
        .find_map(|k| line.find(k).map(|i| i + k.len()))
        .or_else(|| {
            let bare_key = ["时间：", "时间:", "日期：", "日期:"]
                .iter()
                .find(|k| t.starts_with(**k))?;
            bare.then(|| line.find(bare_key).map(|i| i + bare_key.len()))?
        })?;
    date_in(&line[at..])
}

/// The first date in a text: `2023-01-17 09:12`, `2023年1月17日`, `2023/01/17` →
/// `2023-01-17`; `None` when the first three numbers are no day of the years reports have.
pub(crate) fn date_in(text: &str) -> Option<String> {
    let digits: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .skip_while(|c| !c.is_ascii_digit())
        .collect();
    // Three numbers, apart by a date's separators only (`2024 年 1 月 25 日` with spaces too).
    let mut nums = Vec::with_capacity(3);
    let mut rest = digits.as_str();
    while nums.len() < 3 {
        let end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        nums.push(rest[..end].parse::<u32>().ok()?);
        rest = &rest[end..];
        if nums.len() < 3 {
            let sep_end = rest
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(rest.len());
            let sep = rest[..sep_end].trim();
            let expected = if nums.len() == 1 { "年" } else { "月" };
            if !["-", "/", ".", "－", "／", "．", expected].contains(&sep) {
                return None;
            }
            rest = &rest[sep_end..];
        }
    }
    let (y, m, d) = (nums[0], nums[1], nums[2]);
    if !(1990..=2100).contains(&y) {
        return None;
    }
    gongkai_core::date::Date::new(y as i32, m, d).map(|d| d.to_string())
}

/// What of a line that continues a title is the title's: its first column, up to the page's
/// own fields — a browser's print sets the date beside the title's last characters
/// (`度报告      发布日期：…`), or right against them (`度报告发布日期：…`).
fn title_part(line: &str) -> &str {
    let first = line.trim().split("  ").next().unwrap_or("");
    let end = [
        "发布日期",
        "发布时间",
        "信息来源",
        "来源：",
        "来源:",
        "浏览次数",
        "字号",
    ]
    .iter()
    .filter_map(|m| first.find(m))
    .min()
    .unwrap_or(first.len());
    first[..end].trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(text: &str) -> Meta {
        let doc = Document::from_text(text);
        read_meta(&doc, None)
    }

    #[test]
    fn title_on_one_line() {
        let m = meta("嘉兴市统计局2022年度政府信息公开工作年度报告\n一、总体情况");
        assert_eq!(m.agency.as_deref(), Some("嘉兴市统计局"));
        assert_eq!(m.year, Some(2022));
    }

    #[test]
    fn agency_on_the_line_above() {
        let m = meta("                洪泽区人民政府\n      2023 年政府信息公开工作年度报告\n");
        assert_eq!(m.agency.as_deref(), Some("洪泽区人民政府"));
        assert_eq!(m.year, Some(2023));
        assert_eq!(
            m.title.as_deref(),
            Some("洪泽区人民政府2023年政府信息公开工作年度报告")
        );
    }

    #[test]
    fn title_wrapped_and_under_chrome() {
        let m = meta("嘉兴港区2021年度政府信息公开工作\n\n年度报告\n");
        assert_eq!(m.agency.as_deref(), Some("嘉兴港区"));
        assert_eq!(
            m.title.as_deref(),
            Some("嘉兴港区2021年度政府信息公开工作年度报告")
        );
        let m = meta("首页\n> 政务公开 > 政府信息公开年度报告 > 2022年度\n\n某局2022年度政府信息公开工作年度报告\n\n发布日期:2023-01-17 09:12 信息来源:市经信局 浏览次数:\n");
        assert_eq!(m.agency.as_deref(), Some("某局"));
        assert_eq!(m.published.as_deref(), Some("2023-01-17"));
    }

    #[test]
    fn chinese_numeral_year_and_period() {
        let m = meta("某市人民政府关于二〇二二年度政府信息公开工作年度报告\n统计期限自2022年1月1日起至2022年12月31日止。");
        assert_eq!(m.year, Some(2022));
        assert_eq!(m.agency.as_deref(), Some("某市人民政府"));
        assert_eq!(m.period_year, Some(2022));
    }

    #[test]
    fn titles_wrapped_year_first_and_from_a_crawlers_header() {
        let m = meta("正文\n2024 年上海市科委政府信息公开工作\n年度报告\n根据《中华人民共和国政府信息公开条例》的要求，市科委编制了 2024 年度报告。\n");
        assert_eq!(m.agency.as_deref(), Some("上海市科委"));
        assert_eq!(m.year, Some(2024));
        let m = meta("某某市\n某市交通运输局2024年政府信息公开工作年\n度报告\n");
        assert_eq!(m.agency.as_deref(), Some("某市交通运输局"));
        assert_eq!(
            m.title.as_deref(),
            Some("某市交通运输局2024年政府信息公开工作年度报告")
        );
        let m = meta("淮安市生态环境局淮阴分局 2023 年政府信息\n\n            公开工作年度报告\n");
        assert_eq!(m.agency.as_deref(), Some("淮安市生态环境局淮阴分局"));
        assert_eq!(m.year, Some(2023));
        let m = meta("成都市成华区人民政府办公室 2024 年度政府\n\n     信息公开工作年度报告\n\n  （2025 年 2 月）\n");
        assert_eq!(m.agency.as_deref(), Some("成都市成华区人民政府办公室"));
        let m =
            meta("红河哈尼族彝族自治州发展和改革局 2024\n\n       年政府信息公开工作年度报告\n");
        assert_eq!(m.year, Some(2024));
        assert_eq!(
            m.agency.as_deref(),
            Some("红河哈尼族彝族自治州发展和改革局")
        );
        let m = meta("2021 年红河哈尼族彝族自治州金平苗族\n\n瑶族傣族自治县人民政府政府信息公开工\n\n           作年度报告\n");
        assert_eq!(
            m.agency.as_deref(),
            Some("红河哈尼族彝族自治州金平苗族瑶族傣族自治县人民政府")
        );
        let m = meta("首页\n  淮安市交通运输局2020年政府信息公开工作年\n     度报告发布日期：2021-01-12 11:07   信息来源：淮安市交通运输局\n");
        assert_eq!(
            (m.agency.as_deref(), m.year, m.title.as_deref()),
            (
                Some("淮安市交通运输局"),
                Some(2020),
                Some("淮安市交通运输局2020年政府信息公开工作年度报告")
            )
        );
        let m = meta("首页\n政府信息公开年度报告\n  2024年潍坊市寿光市人民政府政府信息公开工作年\n             度报告  发布日期：2025-03-18 11:47\n");
        assert_eq!(
            (m.agency.as_deref(), m.year),
            (Some("潍坊市寿光市人民政府"), Some(2024))
        );
        let m = meta("标题: 平潭综合实验区公安局2022年政府信息公开工作年度报告\n发布时间: 2023-01-09 19:52\n发布机构: \n");
        assert_eq!(m.agency.as_deref(), Some("平潭综合实验区公安局"));
        assert_eq!(m.published.as_deref(), Some("2023-01-09"));
        let m = meta("标题: 2022年政府信息公开工作年度报告\n发布机构: 某县统计局\n");
        assert_eq!(m.agency.as_deref(), Some("某县统计局"));
        let m = meta("某县2025 年政府信息公开工作年度报告\n");
        assert_eq!((m.agency.as_deref(), m.year), (Some("某县"), Some(2025)));
    }

    #[test]
    fn no_title() {
        let m = meta("一些文字\n另一些文字");
        assert_eq!(m, Meta::default());
    }

    #[test]
    fn publication_dates_in_every_form_pages_and_crawlers_print_them() {
        let title = "某县统计局2023年政府信息公开工作年度报告\n";
        for (line, date) in [
            ("发布日期：2024-01-25", "2024-01-25"),
            ("发布时间: 2024-01-25 09:30:12", "2024-01-25"),
            ("发布时间：2024年1月5日 09:30", "2024-01-05"),
            ("发文日期：2024/01/25", "2024-01-25"),
            ("发布日期：２０２４－０１－２５", "2024-01-25"),
            ("发布日期：2024 年 1 月 25 日", "2024-01-25"),
            ("发布日期：2024.01.25", "2024-01-25"),
            (
                "来源：某县统计局 发布时间：2024-1-25 浏览次数：12",
                "2024-01-25",
            ),
        ] {
            assert_eq!(
                meta(&format!("{title}{line}\n")).published.as_deref(),
                Some(date),
                "{line}"
            );
        }
        // A bare `时间：` counts only near the title, where it is the page's date.
        assert_eq!(
            meta(&format!("{title}时间：2024-01-25 10:00\n"))
                .published
                .as_deref(),
            Some("2024-01-25")
        );
        // Not a date: the month or the day out of the calendar, a year out of reach.
        for line in [
            "发布日期：2024-13-01",
            "发布日期：2024-01-32",
            "发布日期：1024-01-01",
            "发布日期：2023-02-29",
            "发布时间：2024年1月 浏览次数：12",
        ] {
            assert_eq!(meta(&format!("{title}{line}\n")).published, None, "{line}");
        }
        // The day the report was signed, under the organ's name at its end, is not when it
        // went online.
        let signed = format!("{title}一、总体情况\n某县统计局\n2024年1月20日\n");
        assert_eq!(
            read_meta(&Document::from_text(&signed), Some(1)).published,
            None
        );
    }
}
