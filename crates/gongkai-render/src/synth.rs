//! Synthetic reports: random but consistent (every identity of RULES.md holds, and the text
//! agrees with the tables), for tests, benchmarks and trying gongkai out. The same seed gives
//! the same reports.

use crate::text::{self, Layout};
use crate::{render, RenderError, Target};
use gongkai_core::template::{TableId, SECTIONS};
use gongkai_core::{Number, Report, Section, Span, Template, Value, Version};

/// A small, fast, seedable generator (SplitMix64): reproducible across platforms.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..=max`, zero a third of the time (most cells of real reports are 0).
    pub fn count(&mut self, max: i64) -> i64 {
        let r = self.next_u64();
        if r.is_multiple_of(3) {
            0
        } else {
            ((r >> 8) % (max as u64 + 1)) as i64
        }
    }
}

/// Syllables of made-up place names: two of them and a 县, 市 or 区 name 4,800 places.
const SYLLABLES: &[&str] = &[
    "青", "白", "东", "南", "西", "北", "临", "云", "石", "平", "安", "长", "永", "新", "清", "宁",
    "华", "泰", "兴", "丰", "和", "金", "玉", "明", "阳", "山", "水", "河", "湖", "江", "林", "川",
    "台", "门", "原", "岭", "溪", "桥", "城", "峰",
];
const ORGANS: &[&str] = &[
    "人民政府办公室",
    "教育局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "卫生健康委员会",
    "市场监督管理局",
    "财政局",
    "人力资源和社会保障局",
];

/// The `n`-th synthetic report of a seed. Reports 0 to 7 × 10 × 4,800 of a seed are each of a
/// different organ or year: the seven years of each organ, then the next organ.
pub fn report(seed: u64, n: u64) -> Report {
    let mut rng = Rng::new(seed ^ n.wrapping_mul(0xA24B_AED4_963E_E407));
    let year = 2019 + (n % 7) as i32;
    let version = Version::for_year(year);
    let agency = format!(
        "{}{}",
        place(seed.wrapping_add(n / 70)),
        ORGANS[(n / 7 % 10) as usize]
    );
    let t = Template::get(version);
    let cells = gongkai_core::consistent::values(t, |c| match (c.table, c.row.id, c.column.id) {
        // Cents, printed as yuan below.
        (TableId::T2, _, "amount") => rng.count(99_999),
        (TableId::T2, _, "delta") => rng.count(20) - 10,
        // The organs are a county's or a city's offices and departments, which make no rules
        // (V106); the draw is kept so that the other cells stay as they were.
        (TableId::T2, "regulation", _) => {
            rng.count(500);
            0
        }
        (TableId::T2, _, _) => rng.count(500),
        (TableId::T4, _, _) | (_, "carried_over" | "carried_forward", _) => rng.count(2),
        (_, _, "natural") => rng.count(30),
        _ => rng.count(3),
    });
    let values: Vec<(String, Value)> = cells
        .into_iter()
        .map(|(k, v)| {
            let value = if k.ends_with(".amount") {
                Value::Number(
                    Number::parse(&format!("{}.{:02}", v / 100, v % 100)).expect("a decimal"),
                )
            } else {
                int(v)
            };
            (k, value)
        })
        .collect();
    let mut r = Report::from_cells(
        &format!("synth-{n:05}"),
        Some(agency.clone()),
        Some(year),
        version,
        values,
    );
    r.title = Some(format!("{agency}{year}年政府信息公开工作年度报告"));
    let number = |k: &str| {
        r.value(k)
            .and_then(|v| v.number())
            .map_or(0, |n| n.as_int().unwrap_or(0))
    };
    let received = number("t3.new.total");
    let granted = number("t3.granted.total");
    let bodies = [
        format!("（一）主动公开情况。{year}年，{agency}依法主动公开政府信息。\n（二）依申请公开情况。{year}年，共收到政府信息公开申请{received}件，其中予以公开{granted}件。"),
        String::new(),
        String::new(),
        String::new(),
        "一是信息公开的及时性有待提高。下一步将完善审核发布机制，加强业务培训。".to_string(),
        "本年度未收取信息处理费。".to_string(),
    ];
    r.sections = SECTIONS
        .iter()
        .zip(bodies)
        .map(|(spec, body)| Section {
            number: spec.number,
            heading: spec.label.text.to_string(),
            body,
            lines: Vec::new(),
            parts: Vec::new(),
            at: Span::default(),
        })
        .collect();
    r
}

fn place(i: u64) -> String {
    let s = SYLLABLES.len() as u64;
    format!(
        "{}{}{}",
        SYLLABLES[(i % s) as usize],
        SYLLABLES[(i / s % s) as usize],
        ["县", "市", "区"][(i / (s * s) % 3) as usize]
    )
}

fn int(v: i64) -> Value {
    Value::Number(Number::parse(&v.to_string()).expect("an integer"))
}

/// The forms a synthetic report is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Text(Layout),
    File(Target),
}

impl Form {
    /// Every form gongkai both writes and reads.
    pub const ALL: [Form; 7] = [
        Form::Text(Layout::Tabs),
        Form::Text(Layout::CellPerLine),
        Form::Text(Layout::Aligned),
        Form::Text(Layout::Markdown),
        Form::File(Target::Html),
        Form::File(Target::Docx),
        Form::File(Target::Xlsx),
    ];

    /// The file name ending: `tabs.txt`, `html`, …
    pub fn extension(self) -> &'static str {
        match self {
            Form::Text(Layout::Tabs) => "tabs.txt",
            Form::Text(Layout::CellPerLine) => "cells.txt",
            Form::Text(Layout::Aligned) => "layout.txt",
            Form::Text(Layout::Markdown) => "md",
            Form::File(t) => t.extension(),
        }
    }

    pub fn write(self, report: &Report) -> Result<Vec<u8>, RenderError> {
        match self {
            Form::Text(layout) => Ok(text::render(report, layout).into_bytes()),
            Form::File(t) => render(report, t),
        }
    }
}

/// The `NAME.expected.json` of a report: CELLS.md's cells format.
pub fn expected(report: &Report) -> String {
    serde_json::to_string_pretty(&report.cells_view()).expect("cells serialise")
}
