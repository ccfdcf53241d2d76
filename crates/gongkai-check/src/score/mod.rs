//! Score sheets: an evaluator's pack ([`pack`]) applied to the organs of a region and year.
//! No I/O here: the store gathers each organ's [`Organ`] (its report's findings, dates and
//! sections, and what the season's publication checks found), and [`score`] turns a pack and
//! those facts into a [`Sheet`]: per organ, per item, the points earned out of the full
//! marks with the evidence, and the total. The same facts always give the same sheet.

mod indicator;
pub mod pack;
mod points;

pub use indicator::Indicator;
pub use pack::{parse, Item, Looks, Pack, PackError, Show};
pub use points::Points;

use crate::finding::Finding;
use crate::registry;
use gongkai_core::date::Date;
use gongkai_core::template::SECTIONS;
use gongkai_core::{DateSource, Lang, Text};
use serde::{Serialize, Serializer};

/// The example pack gongkai ships, built from published evaluation criteria: the server
/// knows it without configuration.
pub const EXAMPLE: &str = include_str!("../../../../examples/packs/annual-report-2024.toml");

/// The example pack's file name, as errors and the server's pack list name it.
pub const EXAMPLE_FILE: &str = "annual-report-2024.toml";

/// What the store knows of one organ for the year scored.
#[derive(Clone, Debug)]
pub struct Organ {
    pub name: String,
    pub place: Option<String>,
    /// Its report for the year; `None` when it published none.
    pub filed: Option<Filed>,
    /// The season's readings of what went online, the first first (empty when there is no
    /// season or nothing was read).
    pub readings: Vec<Reading>,
}

/// An organ's report for the year, as the store holds it.
#[derive(Clone, Debug)]
pub struct Filed {
    pub published: Option<Date>,
    pub published_from: Option<DateSource>,
    /// When it was due, and who set the day (the law, or the season's own deadline).
    pub due: Date,
    pub due_by: Text,
    /// The numbers of the template's six sections the report has.
    pub sections: Vec<u8>,
    /// The keys of the cells not read for certain.
    pub uncertain: Vec<String>,
    /// Every finding of the rules on the report (with the year before, for the Y rules).
    pub findings: Vec<Finding>,
}

/// One reading of what an organ published, against the approved submission and the first
/// reading.
#[derive(Clone, Debug)]
pub struct Reading {
    pub number: i64,
    /// The address or file read.
    pub source: String,
    /// What differs from the approved submission, each said.
    pub against_approved: Vec<Text>,
    /// What differs from the first reading (none for the first itself).
    pub against_first: Vec<Text>,
}

/// A pack applied to a region and year.
#[derive(Clone, Debug, Serialize)]
pub struct Sheet {
    pub pack: PackHead,
    pub region: String,
    pub year: i32,
    /// The full marks of the pack.
    pub full: Points,
    pub organs: Vec<OrganScore>,
}

/// The pack a sheet was scored with.
#[derive(Clone, Debug, Serialize)]
pub struct PackHead {
    pub id: String,
    #[serde(serialize_with = "bilingual")]
    pub name: Text,
    pub version: String,
    pub items: Vec<ItemHead>,
}

/// One item as the sheet's columns name it.
#[derive(Clone, Debug, Serialize)]
pub struct ItemHead {
    pub id: String,
    #[serde(serialize_with = "bilingual")]
    pub title: Text,
    pub points: Points,
}

/// One organ's score.
#[derive(Clone, Debug, Serialize)]
pub struct OrganScore {
    pub organ: String,
    pub place: Option<String>,
    /// Whether it published a report for the year.
    pub filed: bool,
    pub total: Points,
    pub items: Vec<ItemScore>,
}

/// One item of one organ's score.
#[derive(Clone, Debug, Serialize)]
pub struct ItemScore {
    pub id: String,
    pub earned: Points,
    pub full: Points,
    pub outcome: Outcome,
    pub evidence: Vec<Evidence>,
}

/// How an item came to its points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "count")]
pub enum Outcome {
    /// The indicator holds.
    Met,
    /// The indicator does not hold.
    NotMet,
    /// The indicator cannot be told from what the store holds.
    Unknown,
    /// This many findings of the item's rules (none: full marks).
    Findings(usize),
    /// No report for the year: no item earns anything.
    NotFiled,
}

impl Outcome {
    pub fn said(self, lang: Lang) -> String {
        let en = lang.is_english();
        match self {
            Outcome::Met if en => "met".into(),
            Outcome::Met => "符合".into(),
            Outcome::NotMet if en => "not met".into(),
            Outcome::NotMet => "不符合".into(),
            Outcome::Unknown if en => "unknown".into(),
            Outcome::Unknown => "无法判断".into(),
            Outcome::Findings(n) if en => format!("{n} findings"),
            Outcome::Findings(n) => format!("{n} 条问题"),
            Outcome::NotFiled if en => "not published".into(),
            Outcome::NotFiled => "未公布".into(),
        }
    }
}

/// What an item shows for its points: a sentence, and for a finding its rule, its cells and
/// where it was printed.
#[derive(Clone, Debug, Serialize)]
pub struct Evidence {
    #[serde(serialize_with = "bilingual")]
    pub text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// Cells and their values as printed (`None`: the report has no such cell).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<(String, Option<String>)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

impl Evidence {
    fn said(zh: impl Into<String>, en: impl Into<String>) -> Evidence {
        Evidence {
            text: Text::new(zh, en),
            code: None,
            cells: Vec::new(),
            line: None,
            page: None,
        }
    }
}

fn bilingual<S: Serializer>(t: &Text, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(2))?;
    map.serialize_entry("zh", &t.zh)?;
    map.serialize_entry("en", &t.en)?;
    map.end()
}

/// Scores every organ by the pack, in the order given (the store gives them by name).
pub fn score(pack: &Pack, region: &str, year: i32, organs: &[Organ]) -> Sheet {
    Sheet {
        pack: PackHead {
            id: pack.id.clone(),
            name: pack.name.clone(),
            version: pack.version.clone(),
            items: pack
                .items
                .iter()
                .map(|i| ItemHead {
                    id: i.id.clone(),
                    title: i.title.clone(),
                    points: i.points,
                })
                .collect(),
        },
        region: region.to_string(),
        year,
        full: pack.full(),
        organs: organs.iter().map(|o| organ(pack, year, o)).collect(),
    }
}

fn organ(pack: &Pack, year: i32, o: &Organ) -> OrganScore {
    let items: Vec<ItemScore> = pack
        .items
        .iter()
        .map(|item| match &o.filed {
            None => ItemScore {
                id: item.id.clone(),
                earned: Points::ZERO,
                full: item.points,
                outcome: Outcome::NotFiled,
                evidence: vec![Evidence::said(
                    format!("未公布 {year} 年度报告"),
                    format!("no report on {year} published"),
                )],
            },
            Some(filed) => scored(item, filed, &o.readings),
        })
        .collect();
    OrganScore {
        organ: o.name.clone(),
        place: o.place.clone(),
        filed: o.filed.is_some(),
        total: items.iter().map(|i| i.earned).sum(),
        items,
    }
}

fn scored(item: &Item, filed: &Filed, readings: &[Reading]) -> ItemScore {
    let (earned, outcome, evidence) = match &item.looks {
        Looks::Findings {
            selectors,
            deduct,
            per_report,
            floor,
            show,
        } => {
            let found: Vec<&Finding> = filed
                .findings
                .iter()
                .filter(|f| {
                    registry::find(f.code).is_some_and(|r| selectors.iter().any(|s| s.matches(r)))
                })
                .collect();
            let times = if *per_report {
                usize::from(!found.is_empty())
            } else {
                found.len()
            };
            let evidence = if found.is_empty() {
                vec![Evidence::said("未发现问题", "no finding")]
            } else {
                found.iter().map(|f| finding(f, *show)).collect()
            };
            (
                item.points.less(*deduct, times, *floor),
                Outcome::Findings(found.len()),
                evidence,
            )
        }
        Looks::Indicator {
            indicator,
            unknown_full,
        } => {
            let (held, evidence) = indicated(*indicator, filed, readings);
            let (earned, outcome) = match held {
                Some(true) => (item.points, Outcome::Met),
                Some(false) => (Points::ZERO, Outcome::NotMet),
                None if *unknown_full => (item.points, Outcome::Unknown),
                None => (Points::ZERO, Outcome::Unknown),
            };
            (earned, outcome, evidence)
        }
    };
    ItemScore {
        id: item.id.clone(),
        earned,
        full: item.points,
        outcome,
        evidence,
    }
}

fn finding(f: &Finding, show: Show) -> Evidence {
    let message = if show.message {
        f.message.clone()
    } else {
        Text::same(f.code)
    };
    Evidence {
        text: Text::new(
            format!("{} {}", f.code, message.zh).trim().to_string(),
            format!("{} {}", f.code, message.en).trim().to_string(),
        ),
        code: Some(f.code),
        cells: if show.cells {
            f.cells
                .0
                .iter()
                .map(|(k, v)| (k.clone(), v.as_ref().map(|v| v.to_string())))
                .collect()
        } else {
            Vec::new()
        },
        line: f
            .at
            .filter(|_| show.place)
            .map(|a| a.line)
            .filter(|l| *l > 0),
        page: f.at.filter(|_| show.place).and_then(|a| a.page),
    }
}

/// Whether an indicator holds (`None`: it cannot be told), and what shows it.
fn indicated(
    indicator: Indicator,
    filed: &Filed,
    readings: &[Reading],
) -> (Option<bool>, Vec<Evidence>) {
    let one = |zh: String, en: String| vec![Evidence::said(zh, en)];
    match indicator {
        Indicator::Published => (
            Some(true),
            one("已公布年度报告".into(), "a report was published".into()),
        ),
        Indicator::Dated => match filed.published {
            Some(date) => {
                let (zh, en) = source_of(filed.published_from);
                (
                    Some(true),
                    one(
                        format!("发布日期 {}（{zh}）", date.zh()),
                        format!("published on {date} ({en})"),
                    ),
                )
            }
            None => (
                Some(false),
                one(
                    "报告没有发布日期".into(),
                    "the report has no publication date".into(),
                ),
            ),
        },
        Indicator::OnTime => match filed.published {
            Some(date) => {
                let days = date.days() - filed.due.days();
                let (zh, en) = if days > 0 {
                    (format!("，晚 {days} 天"), format!(", {days} days late"))
                } else {
                    (String::new(), String::new())
                };
                (
                    Some(days <= 0),
                    one(
                        format!(
                            "发布日期 {}，公布期限 {}（{}）{zh}",
                            date.zh(),
                            filed.due.zh(),
                            filed.due_by.zh
                        ),
                        format!(
                            "published on {date}, due by {} ({}){en}",
                            filed.due, filed.due_by.en
                        ),
                    ),
                )
            }
            None => (
                None,
                one(
                    format!("没有发布日期，无法与公布期限 {} 比较", filed.due.zh()),
                    format!(
                        "no publication date to compare with the deadline {}",
                        filed.due
                    ),
                ),
            ),
        },
        Indicator::SectionsComplete => {
            let missing: Vec<&str> = SECTIONS
                .iter()
                .filter(|s| !filed.sections.contains(&s.number))
                .map(|s| s.label.text)
                .collect();
            if missing.is_empty() {
                (
                    Some(true),
                    one("六个部分齐全".into(), "all six sections are there".into()),
                )
            } else {
                let list = missing.join("、");
                (
                    Some(false),
                    one(
                        format!("缺少：{list}"),
                        format!("{} of six sections missing: {list}", missing.len()),
                    ),
                )
            }
        }
        Indicator::CellsCertain => {
            if filed.uncertain.is_empty() {
                (
                    Some(true),
                    one(
                        "所有单元格均读取确定".into(),
                        "every cell was read for certain".into(),
                    ),
                )
            } else {
                const SHOWN: usize = 10;
                let mut list = filed
                    .uncertain
                    .iter()
                    .take(SHOWN)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                if filed.uncertain.len() > SHOWN {
                    list.push_str(", …");
                }
                let n = filed.uncertain.len();
                (
                    Some(false),
                    one(
                        format!("{n} 个单元格读取不确定：{list}"),
                        format!("{n} cells not read for certain: {list}"),
                    ),
                )
            }
        }
        Indicator::SameAsApproved => match readings.last() {
            None => (
                None,
                one(
                    "未核对发布稿与审定稿".into(),
                    "what went online was not checked against the approved report".into(),
                ),
            ),
            Some(last) => {
                let mut ev = one(
                    format!("第 {} 次读取：{}", last.number, last.source),
                    format!("reading {}: {}", last.number, last.source),
                );
                ev.extend(
                    last.against_approved
                        .iter()
                        .map(|t| Evidence::said(t.zh.clone(), t.en.clone())),
                );
                if last.against_approved.is_empty() {
                    ev.push(Evidence::said(
                        "与审定稿一致",
                        "the same as the approved report",
                    ));
                }
                (Some(last.against_approved.is_empty()), ev)
            }
        },
        Indicator::UnchangedAfterPublication => again(
            readings,
            true,
            ("未在同一地址再次读取", "not read again at the same address"),
        ),
        Indicator::SameOnEveryPlatform => again(
            readings,
            false,
            ("未在其他地址读取", "not read at another address"),
        ),
    }
}

/// The readings after the first at its address (`same`) or at other addresses, compared with
/// the first: the indicator holds when none differs; it cannot be told without any.
fn again(readings: &[Reading], same: bool, none: (&str, &str)) -> (Option<bool>, Vec<Evidence>) {
    let Some(first) = readings.first() else {
        return (None, vec![Evidence::said(none.0, none.1)]);
    };
    let later: Vec<&Reading> = readings[1..]
        .iter()
        .filter(|r| (r.source.trim() == first.source.trim()) == same)
        .collect();
    if later.is_empty() {
        return (None, vec![Evidence::said(none.0, none.1)]);
    }
    let mut evidence = vec![Evidence::said(
        format!("首次读取：{}", first.source),
        format!("first reading: {}", first.source),
    )];
    for r in &later {
        let (zh, en) = if r.against_first.is_empty() {
            ("与首次读取一致", "the same as the first reading")
        } else {
            ("与首次读取不同", "differs from the first reading")
        };
        evidence.push(Evidence::said(
            format!("第 {} 次读取（{}）{zh}", r.number, r.source),
            format!("reading {} ({}) {en}", r.number, r.source),
        ));
        evidence.extend(
            r.against_first
                .iter()
                .map(|t| Evidence::said(t.zh.clone(), t.en.clone())),
        );
    }
    (
        Some(later.iter().all(|r| r.against_first.is_empty())),
        evidence,
    )
}

fn source_of(from: Option<DateSource>) -> (&'static str, &'static str) {
    match from {
        Some(DateSource::PdfMetadata) => ("PDF 文件的创建日期", "the day its PDF was made"),
        Some(DateSource::Given) => ("导入时给出", "given at import"),
        Some(DateSource::PageMetadata) => ("网页元数据", "the page's metadata"),
        Some(DateSource::Page) | None => ("页面上的发布日期", "the page's date"),
    }
}

/// The sheet as one table: an organ a row, its total and each item's points, for CSV and
/// workbooks.
pub fn rows(sheet: &Sheet, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let en = lang.is_english();
    let mut header: Vec<String> = if en {
        vec![
            "organ".into(),
            "place".into(),
            "published".into(),
            format!("total (of {})", sheet.full),
        ]
    } else {
        vec![
            "机关".into(),
            "地方".into(),
            "已公布".into(),
            format!("总分（满分 {}）", sheet.full),
        ]
    };
    header.extend(
        sheet
            .pack
            .items
            .iter()
            .map(|i| format!("{} {}（{}）", i.id, i.title.of(lang), i.points)),
    );
    let rows = sheet
        .organs
        .iter()
        .map(|o| {
            let mut row = vec![
                o.organ.clone(),
                o.place.clone().unwrap_or_default(),
                match (o.filed, en) {
                    (true, true) => "yes".into(),
                    (false, true) => "no".into(),
                    (true, false) => "是".into(),
                    (false, false) => "否".into(),
                },
                o.total.to_string(),
            ];
            row.extend(o.items.iter().map(|i| i.earned.to_string()));
            row
        })
        .collect();
    (header, rows)
}

/// The evidence as one table: an organ's item a row, with its points and what shows them.
pub fn evidence_rows(sheet: &Sheet, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let header = if lang.is_english() {
        ["organ", "item", "earned", "full", "outcome", "evidence"]
    } else {
        ["机关", "考评项", "得分", "满分", "结果", "证据"]
    };
    let mut rows = Vec::new();
    for o in &sheet.organs {
        for (head, i) in sheet.pack.items.iter().zip(&o.items) {
            rows.push(vec![
                o.organ.clone(),
                format!("{} {}", head.id, head.title.of(lang)),
                i.earned.to_string(),
                i.full.to_string(),
                i.outcome.said(lang),
                i.evidence
                    .iter()
                    .map(|e| e.text.of(lang).to_string())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ]);
        }
    }
    (header.map(String::from).to_vec(), rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Cells, Severity};

    const PACK: &str = r#"
[pack]
id = "t"
version = "1"
name = { zh = "测试", en = "Test" }

[[items]]
id = "sums"
title = { zh = "数据准确", en = "Sums" }
points = 1.5
findings = ["A"]
deduct = 0.5
floor = 0.5

[[items]]
id = "once"
title = { zh = "按时", en = "On time" }
points = 1
findings = ["T501", "T5"]
deduct = 0.75
per = "report"

[[items]]
id = "on-time"
title = { zh = "按期", en = "By the day" }
points = 2
indicator = "on_time"

[[items]]
id = "kept"
title = { zh = "未改动", en = "Kept" }
points = 1
indicator = "unchanged_after_publication"
unknown = "full"
"#;

    fn finding(code: &'static str) -> Finding {
        Finding {
            code,
            severity: Severity::Warning,
            message: Text::same(code),
            cells: Cells::default(),
            at: None,
            help: None,
        }
    }

    fn filed(findings: Vec<Finding>, published: Option<&str>) -> Filed {
        Filed {
            published: published.and_then(Date::parse),
            published_from: None,
            due: Date::parse("2024-01-31").unwrap(),
            due_by: Text::same("law"),
            sections: vec![1, 2, 3, 4, 5, 6],
            uncertain: Vec::new(),
            findings,
        }
    }

    fn organ(name: &str, filed: Option<Filed>) -> Organ {
        Organ {
            name: name.into(),
            place: None,
            filed,
            readings: Vec::new(),
        }
    }

    fn earned(sheet: &Sheet, organ: usize) -> Vec<String> {
        sheet.organs[organ]
            .items
            .iter()
            .map(|i| i.earned.to_string())
            .collect()
    }

    #[test]
    fn deductions_floors_and_indicators() {
        let pack = parse("t.toml", PACK).unwrap();
        let organs = [
            organ("clean", Some(filed(vec![], Some("2024-01-31")))),
            // Four A findings: 1.5 − 2 stops at the floor. T501 once, though two selectors
            // name it and it is there twice.
            organ(
                "late",
                Some(filed(
                    vec![
                        finding("A101"),
                        finding("A102"),
                        finding("A103"),
                        finding("A201"),
                        finding("T501"),
                        finding("T501"),
                        finding("V101"),
                    ],
                    Some("2024-02-01"),
                )),
            ),
            organ("undated", Some(filed(vec![finding("A101")], None))),
            organ("none", None),
        ];
        let sheet = score(&pack, "某县", 2023, &organs);
        assert_eq!(sheet.full.to_string(), "5.5");
        assert_eq!(earned(&sheet, 0), ["1.5", "1", "2", "1"]);
        assert_eq!(earned(&sheet, 1), ["0.5", "0.25", "0", "1"]);
        assert_eq!(sheet.organs[1].items[0].outcome, Outcome::Findings(4));
        assert_eq!(sheet.organs[1].items[1].outcome, Outcome::Findings(2));
        assert!(sheet.organs[1].items[2].evidence[0]
            .text
            .zh
            .ends_with("晚 1 天"));
        assert_eq!(earned(&sheet, 2), ["1", "1", "0", "1"]);
        assert_eq!(sheet.organs[2].items[2].outcome, Outcome::Unknown);
        assert_eq!(sheet.organs[2].items[3].outcome, Outcome::Unknown);
        assert_eq!(earned(&sheet, 3), ["0", "0", "0", "0"]);
        assert_eq!(sheet.organs[3].items[0].outcome, Outcome::NotFiled);
        let totals: Vec<String> = sheet.organs.iter().map(|o| o.total.to_string()).collect();
        assert_eq!(totals, ["5.5", "1.75", "3", "0"]);

        let (header, rows) = rows(&sheet, Lang::En);
        assert_eq!(header[3], "total (of 5.5)");
        assert_eq!(rows[1][..4], ["late", "", "yes", "1.75"]);
    }

    #[test]
    fn readings_at_one_address_and_at_others() {
        let pack = parse("t.toml", PACK).unwrap();
        let reading = |number, source: &str, changed: bool| Reading {
            number,
            source: source.into(),
            against_approved: Vec::new(),
            against_first: if changed {
                vec![Text::same("第三部分：有改动")]
            } else {
                Vec::new()
            },
        };
        let mut o = organ("read", Some(filed(vec![], Some("2024-01-01"))));
        o.readings = vec![
            reading(1, "https://a", false),
            reading(2, "https://b", true),
        ];
        // Read again only elsewhere: unknown here, and the pack gives full marks for it.
        let sheet = score(&pack, "某县", 2023, std::slice::from_ref(&o));
        assert_eq!(sheet.organs[0].items[3].outcome, Outcome::Unknown);
        o.readings.push(reading(3, "https://a", true));
        let sheet = score(&pack, "某县", 2023, &[o]);
        let kept = &sheet.organs[0].items[3];
        assert_eq!(kept.outcome, Outcome::NotMet);
        assert_eq!(kept.earned, Points::ZERO);
        assert!(kept
            .evidence
            .iter()
            .any(|e| e.text.zh == "第三部分：有改动"));
    }
}
