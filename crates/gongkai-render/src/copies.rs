//! Synthetic corpora with planted copies, for testing and measuring how repeated text is found
//! (`gongkai_check::repetition`, the store's fingerprint index): organs writing their own
//! varied prose, and some reports copying a known share of a section from a known source —
//! the organ's own report of the year before, or another organ's of the same year — with the
//! numbers changed and the source organ's name replaced by the copier's, as copies are made.
//!
//! Each sentence is put together from six slots of two pieces each (hundreds of choices per
//! slot), so that two organs writing on their own almost never print the same sentence, though
//! they share the official vocabulary as real reports do. The same seed gives the same corpus.

use crate::synth::{self, Rng};
use gongkai_core::template::SECTIONS;
use gongkai_core::{Report, Section, Span};

/// What was copied into one section of one report.
#[derive(Clone, Debug, PartialEq)]
pub struct Planted {
    /// The copier, as its report names it.
    pub organ: String,
    pub year: i32,
    /// 1..=6.
    pub section: u8,
    /// The organ copied from, and the year of its report.
    pub source: String,
    pub source_year: i32,
    /// The share of the section's compared characters copied (letters other than ASCII,
    /// without the organ's own name; headings and the fee sentence left out).
    pub share: f64,
}

/// The reports of a corpus and the copies planted in them.
pub struct Corpus {
    pub reports: Vec<Report>,
    pub planted: Vec<Planted>,
}

/// How the copies of a corpus are planted.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    pub organs: u64,
    /// The first year; each organ reports for `years` years from it.
    pub from: i32,
    pub years: i32,
    /// One report in `every` (after the first year) copies from its own last year's report,
    /// and another one in `every` from another organ's report of the same year; 0 plants none.
    pub every: u64,
}

/// The sections that hold prose in the generated reports, and their sentences' count.
const PROSE: [(u8, usize); 3] = [(1, 10), (5, 5), (6, 2)];

/// A corpus by `plan` from `seed`: the reports of organ 0 for each year, then organ 1's….
/// Reports are generated first, the copies planted after (a source is never a copier of the
/// same section, so that what it prints is its own).
pub fn corpus(seed: u64, plan: Plan) -> Corpus {
    let mut reports: Vec<Report> = Vec::new();
    for organ in 0..plan.organs {
        for y in 0..plan.years {
            let year = plan.from + y;
            // synth's report `n` of an organ is of year 2019 + n % 7.
            let n = organ * 7 + (year - 2019).rem_euclid(7) as u64;
            let mut r = synth::report(seed, n);
            r.year = Some(year);
            let agency = r.agency.clone().unwrap_or_default();
            r.title = Some(format!("{agency}{year}年度政府信息公开工作年度报告"));
            let mut rng = Rng::new(seed ^ (organ << 20) ^ (y as u64) ^ 0x5EED_C0DE);
            r.sections = sections(&mut rng, &agency);
            reports.push(r);
        }
    }
    let mut planted = Vec::new();
    if plan.every == 0 {
        return Corpus { reports, planted };
    }
    let mut rng = Rng::new(seed ^ 0xC0B1_E5C0_B1E5);
    let index = |organ: u64, y: i32| (organ * plan.years as u64 + y as u64) as usize;
    // Reports that give text to others are not copiers themselves, nor give it twice.
    let mut sources: std::collections::HashSet<usize> = std::collections::HashSet::new();
    for organ in 0..plan.organs {
        for y in 0..plan.years {
            let me = index(organ, y);
            if sources.contains(&me) {
                continue;
            }
            let kind = rng.next_u64() % plan.every;
            let from = match kind {
                0 if y > 0 => index(organ, y - 1),
                1 if plan.organs > 1 => {
                    let other = (organ + 1 + rng.next_u64() % (plan.organs - 1)) % plan.organs;
                    let them = index(other, y);
                    // One copier to a source, so that the source of a copy is never in doubt.
                    if sources.contains(&them) || planted_into(&planted, &reports[them]) {
                        continue;
                    }
                    them
                }
                _ => continue,
            };
            sources.insert(from);
            for (section, _) in PROSE {
                // From none to nine tenths of the section, a tenth apart.
                let tenths = rng.next_u64() % 10;
                if let Some(p) = copy(&mut rng, &mut reports, me, from, section, tenths) {
                    planted.push(p);
                }
            }
        }
    }
    Corpus { reports, planted }
}

fn planted_into(planted: &[Planted], report: &Report) -> bool {
    planted
        .iter()
        .any(|p| Some(&p.organ) == report.agency.as_ref() && Some(p.year) == report.year)
}

/// Replaces about `tenths` tenths of the sentences of `section` of report `me` with sentences
/// of the same section of report `from`, numbers changed.
fn copy(
    rng: &mut Rng,
    reports: &mut [Report],
    me: usize,
    from: usize,
    section: u8,
    tenths: u64,
) -> Option<Planted> {
    let source = reports[from].clone();
    let theirs = prose_sentences(&source, section);
    let mine_report = &reports[me];
    let organ = mine_report.agency.clone().unwrap_or_default();
    let theirs_organ = source.agency.clone().unwrap_or_default();
    let lines: Vec<String> = mine_report
        .section(section)?
        .body
        .split('\n')
        .map(str::to_string)
        .collect();
    let prose: Vec<usize> = (0..lines.len()).filter(|&i| is_prose(&lines[i])).collect();
    let want = (prose.len() as u64 * tenths).div_ceil(10) as usize;
    let mut chosen: Vec<usize> = prose.clone();
    // A random `want` of them, in their order.
    for i in (1..chosen.len()).rev() {
        chosen.swap(i, (rng.next_u64() % (i as u64 + 1)) as usize);
    }
    chosen.truncate(want.min(theirs.len()));
    chosen.sort();
    let mut lines = lines;
    for (k, &i) in chosen.iter().enumerate() {
        let text = theirs[k % theirs.len()].replace(&theirs_organ, &organ);
        lines[i] = renumber(rng, &text);
    }
    let body = lines.join("\n");
    let copied: usize = chosen.iter().map(|&i| letters(&lines[i], &organ)).sum();
    let total: usize = prose.iter().map(|&i| letters(&lines[i], &organ)).sum();
    let mine = &mut reports[me];
    mine.sections[section as usize - 1].body = body;
    (copied > 0).then(|| Planted {
        organ,
        year: mine.year.unwrap_or(0),
        section,
        source: theirs_organ,
        source_year: source.year.unwrap_or(0),
        share: copied as f64 / total as f64,
    })
}

/// The prose lines (one sentence each) of a section.
fn prose_sentences(report: &Report, section: u8) -> Vec<String> {
    report
        .section(section)
        .map(|s| {
            s.body
                .split('\n')
                .filter(|l| is_prose(l))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Lines that are neither a heading nor the fee sentence every report prints.
fn is_prose(line: &str) -> bool {
    !line.starts_with('（') && line != FEES && !line.is_empty()
}

/// The characters a copy is measured in: letters other than ASCII, the organ's name left out.
fn letters(line: &str, organ: &str) -> usize {
    let count = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphabetic() && !c.is_ascii())
            .count()
    };
    count(line) - line.matches(organ).count() * count(organ)
}

/// The text with each number drawn again (a copy made for another year).
fn renumber(rng: &mut Rng, text: &str) -> String {
    let mut out = String::new();
    let mut in_number = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                out.push_str(&(1 + rng.next_u64() % 900).to_string());
            }
            in_number = true;
        } else {
            in_number = false;
            out.push(c);
        }
    }
    out
}

const FEES: &str = "本年度未收取信息处理费。";

const PARTS: [&str; 5] = [
    "（一）主动公开方面",
    "（二）依申请公开方面",
    "（三）政府信息管理方面",
    "（四）平台建设方面",
    "（五）监督保障方面",
];

/// The six sections: prose in 一, 五 and 六, one sentence a line.
fn sections(rng: &mut Rng, agency: &str) -> Vec<Section> {
    SECTIONS
        .iter()
        .map(|spec| {
            let count = PROSE
                .iter()
                .find(|(n, _)| *n == spec.number)
                .map_or(0, |(_, c)| *c);
            let mut lines = Vec::new();
            for i in 0..count {
                if spec.number == 1 && i % 2 == 0 {
                    lines.push(PARTS[i / 2].to_string());
                }
                lines.push(sentence(rng, agency));
            }
            if spec.number == 6 {
                lines.push(FEES.to_string());
            }
            Section {
                number: spec.number,
                heading: spec.label.text.to_string(),
                body: lines.join("\n"),
                lines: Vec::new(),
                parts: Vec::new(),
                at: Span::default(),
            }
        })
        .collect()
}

/// The six slots of a sentence, each two pieces.
const SLOTS: [(&[&str], &[&str]); 6] = [
    (
        &[
            "围绕", "聚焦", "结合", "按照", "对照", "立足", "紧扣", "针对", "着眼", "依托",
        ],
        &[
            "优化营商环境",
            "群众关切",
            "年度工作要点",
            "上级部署要求",
            "考核评估指标",
            "部门职能定位",
            "民生实际需求",
            "数字政府建设",
            "乡村振兴战略",
            "基层治理现代化",
        ],
    ),
    (
        &[
            "持续",
            "全面",
            "进一步",
            "不断",
            "扎实",
            "稳步",
            "着力",
            "切实",
            "统筹",
            "深入",
        ],
        &[
            "完善", "规范", "优化", "推进", "落实", "梳理", "整合", "健全", "更新", "调整",
        ],
    ),
    (
        &[
            "重点领域",
            "财政资金",
            "教育医疗",
            "生态环境",
            "城乡建设",
            "社会保障",
            "安全生产",
            "交通运输",
            "市场监管",
            "农业农村",
        ],
        &[
            "信息公开目录",
            "政策文件库",
            "办理流程",
            "保密审查机制",
            "新媒体矩阵",
            "网站专栏",
            "解读材料",
            "标准目录",
            "审核制度",
            "办事指南",
        ],
    ),
    (
        &[
            "采取", "通过", "实行", "建立", "运用", "推行", "引入", "坚持", "探索", "完善",
        ],
        &[
            "线上线下联动的方式",
            "专人负责和台账管理",
            "周调度月通报制度",
            "第三方评估机制",
            "业务骨干交叉检查",
            "大数据分析手段",
            "清单化闭环管理",
            "分级审核把关",
            "满意度评价办法",
            "常态化巡查机制",
        ],
    ),
    (
        &[
            "切实", "有效", "努力", "持续", "着力", "全力", "积极", "逐步", "大力", "务求",
        ],
        &[
            "保障群众知情权参与权",
            "提升公开内容针对性",
            "增强政策可及性",
            "确保发布准确及时",
            "推动公开提质增效",
            "方便企业群众查询",
            "提高答复质量效率",
            "防范失泄密风险",
            "扩大政策知晓面",
            "助力法治政府建设",
        ],
    ),
    (
        &[
            "全年",
            "累计",
            "本年度",
            "年内",
            "截至年底",
            "上半年",
            "下半年",
            "一季度",
            "四季度",
            "同期",
        ],
        &[
            "发布相关信息{}条",
            "更新栏目{}个",
            "组织培训{}场次",
            "收集意见建议{}条",
            "整改问题{}个",
            "开展检查{}次",
            "覆盖单位{}家",
            "解读政策{}篇",
            "新增目录{}项",
            "答复咨询{}件",
        ],
    ),
];

/// One sentence: the six slots, the organ's name before it a quarter of the time.
fn sentence(rng: &mut Rng, agency: &str) -> String {
    let mut pick = |list: &[&str]| list[(rng.next_u64() % list.len() as u64) as usize].to_string();
    let pieces: Vec<String> = SLOTS
        .iter()
        .map(|(a, b)| format!("{}{}", pick(a), pick(b)))
        .collect();
    let number = 1 + rng.next_u64() % 500;
    let named = rng.next_u64().is_multiple_of(4);
    format!(
        "{}{}，{}{}，{}，{}，{}。",
        if named { agency } else { "" },
        pieces[0],
        pieces[1],
        pieces[2],
        pieces[3],
        pieces[4],
        pieces[5].replace("{}", &number.to_string())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_corpus_with_copies_planted() {
        let plan = Plan {
            organs: 20,
            from: 2022,
            years: 2,
            every: 4,
        };
        let a = corpus(7, plan);
        let b = corpus(7, plan);
        assert_eq!(a.reports.len(), 40);
        assert_eq!(a.planted, b.planted);
        assert!(a.planted.len() > 5, "{}", a.planted.len());
        assert!(a.planted.iter().any(|p| p.source_year < p.year));
        assert!(a.planted.iter().any(|p| p.source != p.organ));
        for p in &a.planted {
            assert!(p.share > 0.0 && p.share <= 1.0, "{p:?}");
        }
        let r = &a.reports[0];
        let one = &r.section(1).unwrap().body;
        assert!(one.starts_with("（一）主动公开方面\n"), "{one}");
        assert_eq!(one.lines().count(), 15);
    }

    #[test]
    fn numbers_are_drawn_again() {
        let mut rng = Rng::new(1);
        let t = renumber(&mut rng, "全年发布相关信息12条，更新栏目3个。");
        assert!(!t.contains("12条") || !t.contains("3个"), "{t}");
        assert!(t.starts_with("全年发布相关信息") && t.ends_with("个。"));
    }
}
