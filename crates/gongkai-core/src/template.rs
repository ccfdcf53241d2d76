//! The template registry: every section, table, row and column of the two national formats,
//! with the labels printed in the official template, the variants and typos seen in published
//! reports, and the canonical cell keys of `spec/CELLS.md`.
//!
//! Labels are written down here and nowhere else: the readers align text against them, the
//! checks name cells by the keys derived from them, and the writers print them.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

/// Which national format a report follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Version {
    /// The trial format of 国办公开办函〔2019〕60号 (reports for 2019 and 2020).
    #[serde(rename = "2019")]
    V2019,
    /// The format of 国办公开办函〔2021〕30号 (reports for 2021 on).
    #[serde(rename = "2021")]
    V2021,
}

impl Version {
    pub const ALL: [Version; 2] = [Version::V2019, Version::V2021];

    /// The format an organ should use for a report on `year`.
    pub fn for_year(year: i32) -> Version {
        if year <= 2020 {
            Version::V2019
        } else {
            Version::V2021
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Version::V2019 => "2019",
            Version::V2021 => "2021",
        }
    }

    /// The document that set this format.
    pub fn document(self) -> &'static str {
        match self {
            Version::V2019 => "国办公开办函〔2019〕60号",
            Version::V2021 => "国办公开办函〔2021〕30号",
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The three statistical tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TableId {
    /// 表二 主动公开政府信息情况
    #[serde(rename = "t2")]
    T2,
    /// 表三 收到和处理政府信息公开申请情况
    #[serde(rename = "t3")]
    T3,
    /// 表四 政府信息公开行政复议、行政诉讼情况
    #[serde(rename = "t4")]
    T4,
}

impl TableId {
    pub const ALL: [TableId; 3] = [TableId::T2, TableId::T3, TableId::T4];

    /// The prefix of the table's cell keys.
    pub fn prefix(self) -> &'static str {
        match self {
            TableId::T2 => "t2",
            TableId::T3 => "t3",
            TableId::T4 => "t4",
        }
    }

    /// The section (二, 三 or 四) that holds the table.
    pub fn section(self) -> u8 {
        match self {
            TableId::T2 => 2,
            TableId::T3 => 3,
            TableId::T4 => 4,
        }
    }

    /// The table's name as a clerk calls it.
    pub fn name_zh(self) -> &'static str {
        match self {
            TableId::T2 => "表二（主动公开政府信息情况）",
            TableId::T3 => "表三（收到和处理政府信息公开申请情况）",
            TableId::T4 => "表四（行政复议、行政诉讼情况）",
        }
    }

    /// The table's name as people say it: 表二, 表三, 表四.
    pub fn short_zh(self) -> &'static str {
        match self {
            TableId::T2 => "表二",
            TableId::T3 => "表三",
            TableId::T4 => "表四",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            TableId::T2 => "table 2 (proactive disclosure)",
            TableId::T3 => "table 3 (requests received and handled)",
            TableId::T4 => "table 4 (administrative review and litigation)",
        }
    }
}

/// A printed label with the variants seen in published reports.
#[derive(Debug)]
pub struct Label {
    /// The label as the official template prints it.
    pub text: &'static str,
    /// Other wordings, older wordings and typos seen in real reports.
    pub aliases: &'static [&'static str],
    /// The label in English, for the pages and charts that speak it (table 三's rows have one).
    pub english: Option<&'static str>,
}

impl Label {
    /// The template's label followed by its aliases.
    pub fn all(&self) -> impl Iterator<Item = &'static str> + '_ {
        std::iter::once(self.text).chain(self.aliases.iter().copied())
    }

    /// The same label, with its English.
    const fn in_english(self, english: &'static str) -> Label {
        Label {
            text: self.text,
            aliases: self.aliases,
            english: Some(english),
        }
    }
}

const fn label(text: &'static str) -> Label {
    Label {
        text,
        aliases: &[],
        english: None,
    }
}

const fn label_or(text: &'static str, aliases: &'static [&'static str]) -> Label {
    Label {
        text,
        aliases,
        english: None,
    }
}

/// A column of a table.
#[derive(Debug)]
pub struct Column {
    /// The last part of the cell key.
    pub id: &'static str,
    pub label: Label,
}

/// What a row of the template holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// A row with one number per column.
    Data,
    /// A merged label spanning other rows (`三、本年度办理结果`); never holds numbers.
    Heading,
    /// A group label over numbered sub-rows (`（三）不予公开`). It holds numbers only when a report
    /// prints the group in aggregate, with or without its sub-rows.
    Group,
}

/// A row of a table.
#[derive(Debug)]
pub struct Row {
    /// The middle part of the cell key (`withheld.state_secret`).
    pub id: &'static str,
    pub label: Label,
    pub kind: RowKind,
    pub columns: &'static [Column],
    /// The id of the group row this row belongs to (`withheld` for `withheld.state_secret`).
    pub group: Option<&'static str>,
}

/// A statistical table.
#[derive(Debug)]
pub struct Table {
    pub id: TableId,
    pub rows: &'static [Row],
    /// Header words printed above or beside the rows (block headings, column group names).
    pub header_words: &'static [&'static str],
    /// Table 四 prints all its numbers on one row under a two-level header; its rows are
    /// read in sequence from that one line of numbers.
    pub single_line: bool,
    /// Table 二 is printed as blocks, one per article of the Regulations, each under its own
    /// heading and column labels: the heading and how many rows follow it.
    pub blocks: &'static [(&'static str, usize)],
}

/// Table 二's column of row labels.
pub const INFO_CONTENT: &str = "信息内容";
/// Table 三's corner note.
pub const T3_CORNER: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
/// Table 三's heading over the applicant columns.
pub const T3_APPLICANTS: &str = "申请人情况";
/// Table 三's heading over the five columns of legal persons.
pub const T3_LEGAL_PERSONS: &str = "法人或其他组织";
/// Table 四's heading over the two litigation groups.
pub const T4_LITIGATION: &str = "行政诉讼";

/// The headings of table 二's blocks.
const ARTICLE: [&str; 5] = [
    "第二十条第（一）项",
    "第二十条第（五）项",
    "第二十条第（六）项",
    "第二十条第（八）项",
    "第二十条第（九）项",
];

/// One of the six sections.
#[derive(Debug)]
pub struct SectionSpec {
    /// 1 to 6.
    pub number: u8,
    pub label: Label,
}

/// A sub-part of section 一 (（一）主动公开情况 …).
#[derive(Debug)]
pub struct PartSpec {
    pub number: u8,
    pub label: Label,
}

/// One cell of a template: its key and where it sits.
#[derive(Debug)]
pub struct CellSpec {
    pub key: String,
    pub table: TableId,
    pub row: &'static Row,
    pub column: &'static Column,
}

/// A whole format: its sections, tables and cells.
#[derive(Debug)]
pub struct Template {
    pub version: Version,
    pub tables: [&'static Table; 3],
    cells: Vec<CellSpec>,
    /// Cell key → position in `cells`.
    index: HashMap<String, usize>,
}

impl Template {
    /// The registry entry for a version.
    pub fn get(version: Version) -> &'static Template {
        static T2019: OnceLock<Template> = OnceLock::new();
        static T2021: OnceLock<Template> = OnceLock::new();
        let (cell, tables) = match version {
            Version::V2019 => (&T2019, [&T2_2019, &T3_2019, &T4]),
            Version::V2021 => (&T2021, [&T2_2021, &T3_2021, &T4]),
        };
        cell.get_or_init(|| Template::build(version, tables))
    }

    fn build(version: Version, tables: [&'static Table; 3]) -> Template {
        let mut cells = Vec::new();
        for table in tables {
            for row in table.rows {
                for column in row.columns {
                    cells.push(CellSpec {
                        key: cell_key(table.id, row.id, column.id),
                        table: table.id,
                        row,
                        column,
                    });
                }
            }
        }
        let index = cells
            .iter()
            .enumerate()
            .map(|(i, c)| (c.key.clone(), i))
            .collect();
        Template {
            version,
            tables,
            cells,
            index,
        }
    }

    pub fn table(&self, id: TableId) -> &'static Table {
        self.tables[id as usize]
    }

    /// Every cell key of the format in template order, aggregate rows of groups included.
    pub fn cells(&self) -> &[CellSpec] {
        &self.cells
    }

    /// The cells a report in this format must print: group aggregates are left out where the
    /// template has sub-rows instead (CELLS.md: 2021 has 200 keys, 2019 has 198).
    pub fn required_cells(&self) -> impl Iterator<Item = &CellSpec> {
        self.cells.iter().filter(|c| c.row.kind == RowKind::Data)
    }

    pub fn cell(&self, key: &str) -> Option<&CellSpec> {
        self.position(key).map(|i| &self.cells[i])
    }

    /// Where a key stands in template order.
    pub fn position(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }
}

/// The cell key of a table, row and column (`t3.withheld.state_secret.natural`).
pub fn cell_key(table: TableId, row: &str, column: &str) -> String {
    // Called for every cell of every report read: `format!` here took 6% of reading a text.
    let prefix = table.prefix();
    let mut key = String::with_capacity(prefix.len() + row.len() + column.len() + 2);
    key.push_str(prefix);
    key.push('.');
    key.push_str(row);
    key.push('.');
    key.push_str(column);
    key
}

/// The six sections, in order.
pub static SECTIONS: [SectionSpec; 6] = [
    SectionSpec {
        number: 1,
        label: label_or("一、总体情况", &["一、概述", "一、基本情况"]),
    },
    SectionSpec {
        number: 2,
        label: label("二、主动公开政府信息情况"),
    },
    SectionSpec {
        number: 3,
        label: label("三、收到和处理政府信息公开申请情况"),
    },
    SectionSpec {
        number: 4,
        label: label_or(
            "四、政府信息公开行政复议、行政诉讼情况",
            &[
                "四、政府信息公开行政复议、行政法复议、行政诉讼情况",
                "四、政府信息公开行政法复议、行政诉讼情况",
                "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
            ],
        ),
    },
    SectionSpec {
        number: 5,
        label: label_or(
            "五、存在的主要问题及改进情况",
            &[
                "五、存在问题及改进情况",
                "五、政府信息公开工作存在的主要问题及改进情况",
            ],
        ),
    },
    SectionSpec {
        number: 6,
        label: label("六、其他需要报告的事项"),
    },
];

/// The sub-parts of section 一.
pub static SECTION_ONE_PARTS: [PartSpec; 5] = [
    PartSpec {
        number: 1,
        label: label_or("（一）主动公开情况", &["（一）主动公开"]),
    },
    PartSpec {
        number: 2,
        label: label_or("（二）依申请公开情况", &["（二）依申请公开"]),
    },
    PartSpec {
        number: 3,
        label: label_or("（三）政府信息管理情况", &["（三）政府信息管理"]),
    },
    PartSpec {
        number: 4,
        label: label_or(
            "（四）平台建设情况",
            &["（四）政府信息公开平台建设情况", "（四）平台建设"],
        ),
    },
    PartSpec {
        number: 5,
        label: label_or(
            "（五）监督保障情况",
            &["（五）政府信息公开监督保障情况", "（五）监督保障"],
        ),
    },
];

// ---------------------------------------------------------------------------------------------
// Table 二

const fn col(id: &'static str, label: Label) -> Column {
    Column { id, label }
}

const fn data(id: &'static str, label: Label, columns: &'static [Column]) -> Row {
    Row {
        id,
        label,
        kind: RowKind::Data,
        columns,
        group: None,
    }
}

const fn sub(id: &'static str, group: &'static str, label: Label) -> Row {
    Row {
        id,
        label,
        kind: RowKind::Data,
        columns: T3_COLUMNS,
        group: Some(group),
    }
}

const fn group(id: &'static str, label: Label) -> Row {
    Row {
        id,
        label,
        kind: RowKind::Group,
        columns: T3_COLUMNS,
        group: None,
    }
}

const T2_2021_ARTICLE_1: &[Column] = &[
    col("issued", label("本年制发件数")),
    col("repealed", label_or("本年废止件数", &["本年度止件数"])),
    col("in_force", label("现行有效件数")),
];
const T2_2021_DECISIONS: &[Column] = &[col("decisions", label("本年处理决定数量"))];
const T2_2021_FEES: &[Column] = &[col(
    "amount",
    label_or(
        "本年收费金额（单位：万元）",
        &["本年收费金额（单位：万元，保留4位小数）", "本年收费金额"],
    ),
)];

static T2_2021: Table = Table {
    id: TableId::T2,
    rows: &[
        data("regulation", label("规章"), T2_2021_ARTICLE_1),
        data(
            "normative",
            label_or("行政规范性文件", &["规范性文件"]),
            T2_2021_ARTICLE_1,
        ),
        data("licensing", label("行政许可"), T2_2021_DECISIONS),
        data("penalty", label("行政处罚"), T2_2021_DECISIONS),
        data("coercion", label("行政强制"), T2_2021_DECISIONS),
        data("fees", label("行政事业性收费"), T2_2021_FEES),
    ],
    header_words: &[ARTICLE[0], ARTICLE[1], ARTICLE[2], ARTICLE[3], INFO_CONTENT],
    single_line: false,
    blocks: &[
        (ARTICLE[0], 2),
        (ARTICLE[1], 1),
        (ARTICLE[2], 2),
        (ARTICLE[3], 1),
    ],
};

const T2_2019_ARTICLE_1: &[Column] = &[
    col("made", label("本年新制作数量")),
    col("published", label("本年新公开数量")),
    col("total_published", label("对外公开总数量")),
];
const T2_2019_ITEMS: &[Column] = &[
    col("prev_items", label("上一年项目数量")),
    col("delta", label_or("本年增/减", &["本年增减"])),
    col("decisions", label("处理决定数量")),
];
const T2_2019_FEES: &[Column] = &[
    col("prev_items", label("上一年项目数量")),
    col("delta", label_or("本年增/减", &["本年增减"])),
];
const T2_2019_PROCUREMENT: &[Column] = &[
    col("projects", label("采购项目数量")),
    col("amount", label("采购总金额")),
];

static T2_2019: Table = Table {
    id: TableId::T2,
    rows: &[
        data("regulation", label("规章"), T2_2019_ARTICLE_1),
        data(
            "normative",
            label_or("规范性文件", &["行政规范性文件"]),
            T2_2019_ARTICLE_1,
        ),
        data("licensing", label("行政许可"), T2_2019_ITEMS),
        data(
            "other_services",
            label("其他对外管理服务事项"),
            T2_2019_ITEMS,
        ),
        data("penalty", label("行政处罚"), T2_2019_ITEMS),
        data("coercion", label("行政强制"), T2_2019_ITEMS),
        data("fees", label("行政事业性收费"), T2_2019_FEES),
        data("procurement", label("政府集中采购"), T2_2019_PROCUREMENT),
    ],
    header_words: &[
        ARTICLE[0],
        ARTICLE[1],
        ARTICLE[2],
        ARTICLE[3],
        ARTICLE[4],
        INFO_CONTENT,
    ],
    single_line: false,
    blocks: &[
        (ARTICLE[0], 2),
        (ARTICLE[1], 2),
        (ARTICLE[2], 2),
        (ARTICLE[3], 1),
        (ARTICLE[4], 1),
    ],
};

// ---------------------------------------------------------------------------------------------
// Table 三

/// The seven applicant columns of table 三.
pub const T3_COLUMNS: &[Column] = &[
    col("natural", label("自然人")),
    col("business", label("商业企业")),
    col("research", label("科研机构")),
    col("social", label_or("社会公益组织", &["社会组织"])),
    col("legal", label("法律服务机构")),
    col("other", label("其他")),
    col("total", label("总计")),
];

const T3_HEADER: &[&str] = &[T3_CORNER, T3_APPLICANTS, T3_LEGAL_PERSONS];

macro_rules! t3_rows {
    ($other:expr, $($other_subs:expr),*) => {
        &[
            data("new", label("一、本年新收政府信息公开申请数量").in_english("New requests received this year"), T3_COLUMNS),
            data("carried_over", label("二、上年结转政府信息公开申请数量").in_english("Requests carried over from last year"), T3_COLUMNS),
            Row { id: "results", label: label("三、本年度办理结果").in_english("Results this year"), kind: RowKind::Heading, columns: &[], group: None },
            data("granted", label("（一）予以公开").in_english("Disclosed"), T3_COLUMNS),
            data(
                "partial",
                label_or("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", &["（二）部分公开"]).in_english("Partly disclosed"),
                T3_COLUMNS,
            ),
            group("withheld", label("（三）不予公开").in_english("Not disclosed")),
            sub("withheld.state_secret", "withheld", label("1.属于国家秘密").in_english("State secret")),
            sub(
                "withheld.law_prohibited",
                "withheld",
                label_or(
                    "2.其他法律行政法规禁止公开",
                    &["2.其他法律法规禁止公开", "2.其他法律行政止公开"],
                ).in_english("Barred by other laws or regulations"),
            ),
            sub("withheld.three_safety", "withheld", label("3.危及“三安全一稳定”").in_english("Would endanger security or stability")),
            sub("withheld.third_party", "withheld", label("4.保护第三方合法权益").in_english("Protects a third party's lawful rights")),
            sub("withheld.internal_affairs", "withheld", label("5.属于三类内部事务信息").in_english("Internal affairs information")),
            sub("withheld.process_info", "withheld", label("6.属于四类过程性信息").in_english("Process information")),
            sub("withheld.enforcement_file", "withheld", label("7.属于行政执法案卷").in_english("Administrative enforcement file")),
            sub("withheld.query_matter", "withheld", label("8.属于行政查询事项").in_english("Administrative inquiry matter")),
            group("unavailable", label("（四）无法提供").in_english("Cannot be provided")),
            sub("unavailable.not_held", "unavailable", label("1.本机关不掌握相关政府信息").in_english("Not held by this organ")),
            sub("unavailable.needs_creation", "unavailable", label("2.没有现成信息需要另行制作").in_english("Would have to be newly made")),
            sub("unavailable.unclear", "unavailable", label("3.补正后申请内容仍不明确").in_english("Still unclear after amendment")),
            group("not_processed", label("（五）不予处理").in_english("Not processed")),
            sub("not_processed.petition", "not_processed", label("1.信访举报投诉类申请").in_english("Petition, report or complaint")),
            sub("not_processed.duplicate", "not_processed", label("2.重复申请").in_english("Repeated request")),
            sub("not_processed.publication", "not_processed", label("3.要求提供公开出版物").in_english("Asks for a publication")),
            sub("not_processed.excessive", "not_processed", label("4.无正当理由大量反复申请").in_english("Many repeated requests without good reason")),
            sub(
                "not_processed.confirmation",
                "not_processed",
                label("5.要求行政机关确认或重新出具已获取信息").in_english("Asks to confirm or reissue information already obtained"),
            ),
            $other,
            $($other_subs,)*
            data("results_total", label("（七）总计").in_english("Total"), T3_COLUMNS),
            data("carried_forward", label("四、结转下年度继续办理").in_english("Carried forward to next year"), T3_COLUMNS),
        ]
    };
}

static T3_2021: Table = Table {
    id: TableId::T3,
    rows: t3_rows!(
        group(
            "other",
            label("（六）其他处理").in_english("Otherwise handled")
        ),
        sub(
            "other.overdue_correction",
            "other",
            label("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
                .in_english("Applicant did not amend the request in time")
        ),
        sub(
            "other.overdue_fee",
            "other",
            label("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
                .in_english("Applicant did not pay the fee in time")
        ),
        sub("other.other", "other", label("3.其他").in_english("Other"))
    ),
    header_words: T3_HEADER,
    single_line: false,
    blocks: &[],
};

static T3_2019: Table = Table {
    id: TableId::T3,
    rows: t3_rows!(data(
        "other",
        label("（六）其他处理").in_english("Otherwise handled"),
        T3_COLUMNS
    ),),
    header_words: T3_HEADER,
    single_line: false,
    blocks: &[],
};

// ---------------------------------------------------------------------------------------------
// Table 四

pub const T4_COLUMNS: &[Column] = &[
    col("upheld", label("结果维持")),
    col("corrected", label("结果纠正")),
    col("other", label("其他结果")),
    col("pending", label("尚未审结")),
    col("total", label("总计")),
];

static T4: Table = Table {
    id: TableId::T4,
    rows: &[
        data("review", label_or("行政复议", &["行政法复议"]), T4_COLUMNS),
        data("litigation_direct", label("未经复议直接起诉"), T4_COLUMNS),
        data("litigation_after_review", label("复议后起诉"), T4_COLUMNS),
    ],
    header_words: &[T4_LITIGATION],
    single_line: true,
    blocks: &[],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_counts_match_cells_md() {
        assert_eq!(Template::get(Version::V2021).required_cells().count(), 200);
        assert_eq!(Template::get(Version::V2019).required_cells().count(), 198);
    }

    #[test]
    fn keys_are_unique() {
        for v in Version::ALL {
            let t = Template::get(v);
            let mut keys: Vec<_> = t.cells().iter().map(|c| c.key.as_str()).collect();
            let n = keys.len();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), n, "{v}");
        }
    }

    #[test]
    fn table_three_rows_have_english() {
        for v in Version::ALL {
            for row in Template::get(v).table(TableId::T3).rows {
                assert!(row.label.english.is_some(), "{v} {}", row.id);
            }
        }
    }

    #[test]
    fn spot_keys() {
        let t = Template::get(Version::V2021);
        assert!(t.cell("t3.withheld.state_secret.natural").is_some());
        assert!(t.cell("t4.litigation_after_review.total").is_some());
        assert!(t.cell("t2.fees.amount").is_some());
        let t = Template::get(Version::V2019);
        assert!(t.cell("t2.procurement.amount").is_some());
        assert!(t.cell("t3.other.total").is_some());
        assert!(t.cell("t3.other.other.total").is_none());
    }
}
