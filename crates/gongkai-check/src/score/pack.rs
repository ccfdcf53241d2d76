//! The evaluation pack: an evaluator's items written as TOML (docs/packs.md has the schema),
//! read and checked whole before anything is scored. Every mistake is said with the pack's
//! file, the item and what is wrong, so that an evaluator can fix the pack without reading
//! gongkai's source.

use super::indicator::Indicator;
use super::points::Points;
use crate::registry::{self, Needs, Selector};
use gongkai_core::Text;
use serde::Deserialize;
use std::fmt;

/// A pack read and checked: every item names rules that exist or an indicator gongkai knows.
#[derive(Clone, Debug, PartialEq)]
pub struct Pack {
    /// A short name for links and file names (`example-2024`).
    pub id: String,
    pub name: Text,
    pub version: String,
    /// The year of the evaluation (考评年度) the pack was written for, when it says so.
    pub year: Option<i32>,
    /// Where the criteria come from, when the pack says so.
    pub source: Option<Text>,
    pub items: Vec<Item>,
}

impl Pack {
    /// The full marks of every item together.
    pub fn full(&self) -> Points {
        self.items.iter().map(|i| i.points).sum()
    }
}

/// One item of the score sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub id: String,
    pub title: Text,
    /// Full marks.
    pub points: Points,
    pub looks: Looks,
}

/// What an item looks at.
#[derive(Clone, Debug, PartialEq)]
pub enum Looks {
    /// Findings of the rules the selectors name: `deduct` off the full marks for each finding
    /// (or once, when `per_report`), never below `floor`.
    Findings {
        selectors: Vec<Selector>,
        deduct: Points,
        per_report: bool,
        floor: Points,
        show: Show,
    },
    /// An indicator: full marks when it holds, none when it does not; when it cannot be told,
    /// full marks only if `unknown_full`.
    Indicator {
        indicator: Indicator,
        unknown_full: bool,
    },
}

/// Which parts of a finding an item shows as its evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Show {
    pub message: bool,
    pub cells: bool,
    /// The line and page it was printed on.
    pub place: bool,
}

/// What is wrong with a pack: the file, the item (by its id, or its number when it has no
/// id) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackError {
    pub file: String,
    pub item: Option<String>,
    pub what: Text,
}

impl PackError {
    /// The whole message in a language: `pack.toml: 第 2 项「late」: …`.
    pub fn said(&self, english: bool) -> String {
        let item = match &self.item {
            Some(item) if english => format!("item {item}: "),
            Some(item) => format!("{item}："),
            None => String::new(),
        };
        let colon = if english { ": " } else { "：" };
        format!("{}{colon}{item}{}", self.file, self.what.get(english))
    }
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said(false))
    }
}

/// The most items a pack may hold: a pack served by the web is read on a request.
pub const MAX_ITEMS: usize = 200;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    pack: RawHead,
    #[serde(default)]
    items: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHead {
    id: String,
    name: RawText,
    version: String,
    year: Option<i32>,
    source: Option<RawText>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    zh: String,
    en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: Option<String>,
    title: Option<RawText>,
    points: Option<f64>,
    findings: Option<Vec<String>>,
    deduct: Option<f64>,
    per: Option<String>,
    floor: Option<f64>,
    evidence: Option<Vec<String>>,
    indicator: Option<String>,
    unknown: Option<String>,
}

/// The largest pack read, in bytes: a pack of [`MAX_ITEMS`] items is a few tens of
/// kilobytes.
pub const MAX_BYTES: usize = 256 * 1024;

/// Reads a pack. `file` names it in every error.
pub fn parse(file: &str, text: &str) -> Result<Pack, PackError> {
    let fail = |item: Option<String>, zh: String, en: String| PackError {
        file: file.to_string(),
        item,
        what: Text::new(zh, en),
    };
    if text.len() > MAX_BYTES {
        return Err(fail(
            None,
            format!(
                "文件有 {} 字节，大于规则包的上限 {MAX_BYTES} 字节",
                text.len()
            ),
            format!(
                "{} bytes, more than a pack's limit of {MAX_BYTES}",
                text.len()
            ),
        ));
    }
    let raw: RawPack = toml::from_str(text).map_err(|e| {
        let said = e.to_string();
        let said = said.trim().replace('\n', " ");
        fail(
            None,
            format!("不是有效的考评规则包：{said}"),
            format!("not a valid evaluation pack: {said}"),
        )
    })?;
    let head = raw.pack;
    let id = head.id.trim().to_string();
    if !is_id(&id) {
        return Err(fail(
            None,
            format!("[pack] 的 id「{id}」只能由小写字母、数字和连字符组成"),
            format!("[pack] id “{id}” may hold only lower-case letters, digits and hyphens"),
        ));
    }
    let name = text_of(head.name).ok_or_else(|| {
        fail(
            None,
            "[pack] 的 name 须有中文（zh）和英文（en）".into(),
            "[pack] name needs both zh and en".into(),
        )
    })?;
    if head.version.trim().is_empty() {
        return Err(fail(
            None,
            "[pack] 的 version 不能为空".into(),
            "[pack] version is empty".into(),
        ));
    }
    if let Some(year) = head.year.filter(|y| !(2008..=2100).contains(y)) {
        return Err(fail(
            None,
            format!("[pack] 的 year {year} 不是考评年度"),
            format!("[pack] year {year} is no evaluation year"),
        ));
    }
    let source = match head.source {
        Some(s) => Some(text_of(s).ok_or_else(|| {
            fail(
                None,
                "[pack] 的 source 须有中文（zh）和英文（en）".into(),
                "[pack] source needs both zh and en".into(),
            )
        })?),
        None => None,
    };
    if raw.items.is_empty() {
        return Err(fail(
            None,
            "没有考评项（[[items]]）".into(),
            "no items ([[items]])".into(),
        ));
    }
    if raw.items.len() > MAX_ITEMS {
        return Err(fail(
            None,
            format!("考评项 {} 个，多于上限 {MAX_ITEMS} 个", raw.items.len()),
            format!(
                "{} items, more than the limit of {MAX_ITEMS}",
                raw.items.len()
            ),
        ));
    }
    let mut items: Vec<Item> = Vec::new();
    for (n, raw) in raw.items.into_iter().enumerate() {
        let item = item(n + 1, raw).map_err(|(who, zh, en)| fail(Some(who), zh, en))?;
        if items.iter().any(|i| i.id == item.id) {
            return Err(fail(
                Some(item.id.clone()),
                format!("第 {} 项的 id「{}」与前面的考评项重复", n + 1, item.id),
                format!("item {}'s id “{}” is used twice", n + 1, item.id),
            ));
        }
        items.push(item);
    }
    Ok(Pack {
        id,
        name,
        version: head.version.trim().to_string(),
        year: head.year,
        source,
        items,
    })
}

/// One item checked: on an error, who (the id, or `#N`) and what, in both languages.
fn item(n: usize, raw: RawItem) -> Result<Item, (String, String, String)> {
    let id = raw
        .id
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .to_string();
    let who = if id.is_empty() {
        format!("#{n}")
    } else {
        id.clone()
    };
    let wrong = |zh: String, en: String| (who.clone(), zh, en);
    if !is_id(&id) {
        return Err(wrong(
            format!("第 {n} 项须有 id，只能由小写字母、数字和连字符组成（现为「{id}」）"),
            format!(
                "item {n} needs an id of lower-case letters, digits and hyphens (it is “{id}”)"
            ),
        ));
    }
    let title = raw.title.and_then(text_of).ok_or_else(|| {
        wrong(
            "title 须有中文（zh）和英文（en）".into(),
            "title needs both zh and en".into(),
        )
    })?;
    let points = points("points", raw.points)
        .map_err(|(zh, en)| wrong(zh, en))?
        .ok_or_else(|| {
            wrong(
                "缺少 points（满分）".into(),
                "points (full marks) is missing".into(),
            )
        })?;
    if points == Points::ZERO {
        return Err(wrong(
            "points（满分）须大于 0".into(),
            "points (full marks) must be more than 0".into(),
        ));
    }
    let looks = match (raw.findings, raw.indicator) {
        (Some(_), Some(_)) => {
            return Err(wrong(
                "findings 与 indicator 只能写一个".into(),
                "give findings or indicator, not both".into(),
            ))
        }
        (None, None) => {
            return Err(wrong(
                "须写 findings（规则代码）或 indicator（指标）".into(),
                "give findings (rule codes) or an indicator".into(),
            ))
        }
        (Some(codes), None) => {
            if raw.unknown.is_some() {
                return Err(wrong(
                    "unknown 只用于 indicator 项".into(),
                    "unknown belongs to an indicator item".into(),
                ));
            }
            findings(&codes, raw.deduct, raw.per, raw.floor, raw.evidence, points)
                .map_err(|(zh, en)| wrong(zh, en))?
        }
        (None, Some(name)) => {
            let given = [
                ("deduct", raw.deduct.is_some()),
                ("per", raw.per.is_some()),
                ("floor", raw.floor.is_some()),
                ("evidence", raw.evidence.is_some()),
            ];
            if let Some((key, _)) = given.iter().find(|(_, g)| *g) {
                return Err(wrong(
                    format!("{key} 只用于 findings 项"),
                    format!("{key} belongs to a findings item"),
                ));
            }
            let indicator = Indicator::parse(name.trim()).ok_or_else(|| {
                let known = Indicator::ALL.map(Indicator::as_str).join(", ");
                wrong(
                    format!("未知的指标「{name}」；可用的指标：{known}"),
                    format!("unknown indicator “{name}”; the indicators are {known}"),
                )
            })?;
            let unknown_full = match raw.unknown.as_deref() {
                None | Some("zero") => false,
                Some("full") => true,
                Some(other) => {
                    return Err(wrong(
                        format!("unknown 只能是 \"zero\" 或 \"full\"（现为「{other}」）"),
                        format!("unknown is \"zero\" or \"full\" (it is “{other}”)"),
                    ))
                }
            };
            Looks::Indicator {
                indicator,
                unknown_full,
            }
        }
    };
    Ok(Item {
        id,
        title,
        points,
        looks,
    })
}

fn findings(
    codes: &[String],
    deduct: Option<f64>,
    per: Option<String>,
    floor: Option<f64>,
    evidence: Option<Vec<String>>,
    full: Points,
) -> Result<Looks, (String, String)> {
    if codes.is_empty() {
        return Err((
            "findings 没有列出规则代码".into(),
            "findings lists no rule code".into(),
        ));
    }
    let mut selectors = Vec::new();
    for code in codes {
        let selector = Selector::parse(code).map_err(|e| {
            (
                format!("未知的规则代码「{}」（见 gongkai rules）", e.0),
                format!("unknown rule code “{}” (see gongkai rules)", e.0),
            )
        })?;
        // Scoring runs the rules on each report with the year before, not among its peers:
        // an item that looks only at the peer rules would never find anything.
        let named: Vec<_> = registry::all()
            .iter()
            .filter(|r| selector.matches(r))
            .collect();
        if named.iter().all(|r| r.needs == Needs::Peers) {
            return Err((
                format!("规则「{code}」要与同级机关比较，打分时不运行"),
                format!("rule “{code}” compares with peer organs and is not run for scoring"),
            ));
        }
        selectors.push(selector);
    }
    let deduct = points("deduct", deduct)?.ok_or_else(|| {
        (
            "缺少 deduct（每条问题扣分）".to_string(),
            "deduct (points off per finding) is missing".to_string(),
        )
    })?;
    if deduct == Points::ZERO {
        return Err((
            "deduct（扣分）须大于 0".into(),
            "deduct must be more than 0".into(),
        ));
    }
    let per_report = match per.as_deref() {
        None | Some("finding") => false,
        Some("report") => true,
        Some(other) => {
            return Err((
                format!("per 只能是 \"finding\" 或 \"report\"（现为「{other}」）"),
                format!("per is \"finding\" or \"report\" (it is “{other}”)"),
            ))
        }
    };
    let floor = points("floor", floor)?.unwrap_or(Points::ZERO);
    if floor > full {
        return Err((
            format!("floor（最低得分）{floor} 高于满分 {full}"),
            format!("floor {floor} is above the full marks {full}"),
        ));
    }
    let show = match evidence {
        None => Show {
            message: true,
            cells: true,
            place: true,
        },
        Some(parts) => {
            let mut show = Show {
                message: false,
                cells: false,
                place: false,
            };
            for part in &parts {
                match part.as_str() {
                    "message" => show.message = true,
                    "cells" => show.cells = true,
                    "place" => show.place = true,
                    other => {
                        return Err((
                            format!(
                            "evidence 里的「{other}」不是可展示的证据；可用：message, cells, place"
                        ),
                            format!(
                            "“{other}” in evidence is no evidence shown; use message, cells, place"
                        ),
                        ))
                    }
                }
            }
            show
        }
    };
    Ok(Looks::Findings {
        selectors,
        deduct,
        per_report,
        floor,
        show,
    })
}

/// A number of points as written, if given: not negative, at most two decimals.
fn points(key: &str, given: Option<f64>) -> Result<Option<Points>, (String, String)> {
    let Some(v) = given else {
        return Ok(None);
    };
    if v < 0.0 {
        return Err((
            format!("{key} 不能为负数（现为 {v}）"),
            format!("{key} cannot be negative (it is {v})"),
        ));
    }
    Points::from_f64(v).map(Some).ok_or_else(|| {
        (
            format!("{key} 须是不超过 1000 分、至多两位小数的分数（现为 {v}）"),
            format!("{key} must be at most 1000 points with two decimals at most (it is {v})"),
        )
    })
}

fn text_of(raw: RawText) -> Option<Text> {
    let (zh, en) = (raw.zh.trim(), raw.en.trim());
    (!zh.is_empty() && !en.is_empty()).then(|| Text::new(zh, en))
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = r#"
[pack]
id = "t"
version = "1"
name = { zh = "测试", en = "Test" }
"#;

    fn with(item: &str) -> Result<Pack, PackError> {
        parse("t.toml", &format!("{HEAD}\n[[items]]\n{item}"))
    }

    fn said(item: &str) -> String {
        with(item).unwrap_err().said(false)
    }

    #[test]
    fn the_example_reads() {
        let pack = parse(super::super::EXAMPLE_FILE, super::super::EXAMPLE).unwrap();
        assert_eq!(pack.id, "annual-report-example");
        assert_eq!(pack.items.len(), 11);
        assert_eq!(pack.full().to_string(), "10");
        assert!(pack
            .items
            .iter()
            .all(|i| !i.title.zh.is_empty() && !i.title.en.is_empty()));
    }

    #[test]
    fn a_findings_item_and_its_defaults() {
        let pack = with(
            r#"id = "late"
title = { zh = "按时", en = "On time" }
points = 2
findings = ["t501", "Y1"]
deduct = 0.5"#,
        )
        .unwrap();
        let Looks::Findings {
            selectors,
            deduct,
            per_report,
            floor,
            show,
        } = &pack.items[0].looks
        else {
            panic!("{:?}", pack.items[0].looks)
        };
        assert_eq!(selectors.len(), 2);
        assert_eq!(*deduct, Points::new(0, 50));
        assert!(!per_report);
        assert_eq!(*floor, Points::ZERO);
        assert!(show.message && show.cells && show.place);
    }

    #[test]
    fn mistakes_named_with_the_file_and_the_item() {
        let title = r#"title = { zh = "项", en = "Item" }"#;
        let e = said(&format!(
            "id = \"a\"\n{title}\npoints = 1\nfindings = [\"X999\"]\ndeduct = 1"
        ));
        assert_eq!(e, "t.toml：a：未知的规则代码「X999」（见 gongkai rules）");
        let e = with(&format!(
            "id = \"a\"\n{title}\npoints = 1\nindicator = \"prompt\""
        ))
        .unwrap_err();
        assert_eq!(e.item.as_deref(), Some("a"));
        assert!(
            e.said(true)
                .starts_with("t.toml: item a: unknown indicator “prompt”"),
            "{}",
            e.said(true)
        );
        assert!(e.said(true).contains("on_time"));
        let e = said(&format!(
            "id = \"a\"\n{title}\npoints = -1\nindicator = \"dated\""
        ));
        assert!(e.contains("points 不能为负数"), "{e}");
        let e = said(&format!(
            "id = \"a\"\n{title}\npoints = 0\nindicator = \"dated\""
        ));
        assert!(e.contains("须大于 0"), "{e}");
        let e = said(&format!(
            "id = \"a\"\n{title}\npoints = 1.125\nindicator = \"dated\""
        ));
        assert!(e.contains("至多两位小数"), "{e}");
        let e = said(&format!(
            "id = \"a\"\n{title}\npoints = 1\nindicator = \"dated\"\nfindings = [\"A\"]"
        ));
        assert!(e.contains("只能写一个"), "{e}");
        let e = said(&format!("id = \"a\"\n{title}\npoints = 1"));
        assert!(e.contains("须写 findings"), "{e}");
        let e = said(&format!(
            "id = \"a\"\n{title}\npoints = 1\nfindings = [\"P101\"]\ndeduct = 1"
        ));
        assert!(e.contains("打分时不运行"), "{e}");
        let e = said(&format!(
            "id = \"a\"\n{title}\npoints = 1\nfindings = [\"A\"]"
        ));
        assert!(e.contains("缺少 deduct"), "{e}");
        let e = said(&format!(
            "id = \"a\"\n{title}\npoints = 1\nfindings = [\"A\"]\ndeduct = 1\nfloor = 2"
        ));
        assert!(e.contains("高于满分"), "{e}");
        let e = said(&format!(
            "id = \"a\"\n{title}\npoints = 1\nfindings = [\"A\"]\ndeduct = 1\nper = \"page\""
        ));
        assert!(e.contains("per 只能是"), "{e}");
        let e = said(&format!(
            "id = \"a\"\n{title}\npoints = 1\nindicator = \"dated\"\ndeduct = 1"
        ));
        assert!(e.contains("deduct 只用于 findings 项"), "{e}");
        let e = said(&format!("id = \"a\"\n{title}\npoints = 1\nfindings = [\"A\"]\ndeduct = 1\nevidence = [\"photo\"]"));
        assert!(e.contains("「photo」"), "{e}");
        // An item without an id is named by its number.
        let e = with(&format!("{title}\npoints = 1\nindicator = \"dated\"")).unwrap_err();
        assert_eq!(e.item.as_deref(), Some("#1"));
        let e = said("id = \"a\"\npoints = 1\nindicator = \"dated\"");
        assert!(e.contains("title 须有中文"), "{e}");
        // Two items of one id.
        let item = format!("id = \"a\"\n{title}\npoints = 1\nindicator = \"dated\"\n");
        let e = parse(
            "t.toml",
            &format!("{HEAD}\n[[items]]\n{item}\n[[items]]\n{item}"),
        )
        .unwrap_err()
        .said(false);
        assert!(e.contains("重复"), "{e}");
    }

    #[test]
    fn mistakes_of_the_whole_pack() {
        let e = parse("p.toml", "[pack]\nid = \"x\"\n").unwrap_err();
        assert!(
            e.said(false).starts_with("p.toml：不是有效的考评规则包"),
            "{}",
            e.said(false)
        );
        assert_eq!(e.item, None);
        let e = parse("p.toml", HEAD).unwrap_err().said(false);
        assert!(e.contains("没有考评项"), "{e}");
        let e = parse("p.toml", &HEAD.replace("\"t\"", "\"T T\""))
            .unwrap_err()
            .said(false);
        assert!(e.contains("只能由小写字母"), "{e}");
        // A key gongkai does not know is refused, not ignored: a typo never loses a rule.
        let e = with("id = \"a\"\ntitle = { zh = \"项\", en = \"Item\" }\npoints = 1\nindicator = \"dated\"\ndeduc = 1")
            .unwrap_err()
            .said(false);
        assert!(e.contains("deduc"), "{e}");
    }
}
