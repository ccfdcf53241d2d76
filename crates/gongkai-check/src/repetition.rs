//! Repetition: how much of each section's text is found again in another report — last
//! year's report of the same organ (Y103), or another organ's report of the same year (the
//! store's fingerprint index, `gongkai repeats`).
//!
//! How a section is compared:
//!
//! - **Sentences.** The body's lines are joined (layouts wrap inside sentences and even inside
//!   numbers) and cut after `。！？；：` (and their ASCII forms). A line that is a heading — it
//!   starts with an item mark such as `（一）` or `一、` and holds no sentence mark — is a
//!   sentence of its own, so that the heading is not glued to the text under it.
//! - **Normalised.** A sentence is compared without its leading item mark, without the organ's
//!   own name (another organ copying it writes its own), and keeping only letters that are not
//!   ASCII: digits, spaces, punctuation and Latin text (addresses, web sites) go, so that a copy
//!   whose years and numbers were changed is still a copy.
//! - **Left out.** The template's own sentences and boilerplate ([`is_boilerplate`], the one
//!   list: the statutory opening, the period covered, where the electronic copy is, whom to ask,
//!   the address, the headings and table labels of the template, 未收取信息处理费…), and
//!   sentences shorter than [`MIN_SENTENCE`] normalised characters, which many organs write
//!   alike without copying (`一是加强组织领导`).
//! - **Repeated.** The character 3-grams (shingles) of a sentence are set against those of each
//!   sentence of the same section of the source; the sentence repeats when its best Jaccard
//!   similarity reaches [`THRESHOLD`]. One changed character costs at most three shingles, so a
//!   light edit of a copied sentence is still found (a word changed in thirty characters keeps
//!   it near 0.8), while two sentences that merely share official phrases stay below it: at
//!   0.6, sentences written apart that shared four of six phrases were taken for copies in a
//!   corpus of 2,000 generated reports (`cargo bench -p gongkai-store --bench repetition`).
//! - **Share.** Weighted by characters: the normalised characters of the repeated sentences
//!   over those of every sentence compared. Consecutive repeated sentences make one
//!   [`Passage`], shown beside the source sentences they repeat.

use gongkai_core::template::{SECTIONS, SECTION_ONE_PARTS};
use gongkai_core::Report;
use std::collections::HashSet;

/// Sentences shorter than this, in normalised characters, are not compared.
pub const MIN_SENTENCE: usize = 10;
/// Jaccard similarity of two sentences' shingles at which one repeats the other.
pub const THRESHOLD: f64 = 0.7;

/// One passage of a report's section found again in the source: consecutive repeated sentences
/// merged.
#[derive(Clone, Debug, PartialEq)]
pub struct Passage {
    /// As printed in the report (spaces and line breaks left out).
    pub text: String,
    /// As printed in the source.
    pub source: String,
    /// 0..=1: the character-weighted similarity of its sentences to theirs.
    pub similarity: f64,
}

/// How much of one section repeats the same section of the source report.
#[derive(Clone, Debug, PartialEq)]
pub struct SectionRepeat {
    /// 1..=6.
    pub section: u8,
    /// Characters compared: boilerplate, template and very short sentences left out.
    pub chars: usize,
    /// Of those, the characters in repeated sentences.
    pub repeated: usize,
    pub passages: Vec<Passage>,
}

impl SectionRepeat {
    /// `repeated / chars`, 0 when nothing was compared.
    pub fn share(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.repeated as f64 / self.chars as f64
        }
    }
}

/// A sentence of a section, ready to compare.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// 1..=6.
    pub section: u8,
    /// As printed, without spaces and line breaks.
    pub printed: String,
    /// What is compared: see the module's doc.
    pub normalised: String,
}

impl Sentence {
    /// Characters counted in shares.
    pub fn chars(&self) -> usize {
        self.normalised.chars().count()
    }

    /// The hashes of the character 3-grams of the normalised text, stable across runs and
    /// machines (the store keeps fingerprints made from them).
    pub fn shingles(&self) -> HashSet<u64> {
        shingles(&self.normalised)
    }
}

/// The sentences of a report's sections that are compared, in order: boilerplate, template
/// sentences and short ones left out.
pub fn sentences(report: &Report) -> Vec<Sentence> {
    let organ = report.agency.as_deref().map(normalise).unwrap_or_default();
    let mut out = Vec::new();
    for section in &report.sections {
        for printed in split(&section.body) {
            let mut normalised = normalise(strip_item_mark(&printed));
            if organ.chars().count() >= 2 {
                normalised = normalised.replace(&organ, "");
            }
            if normalised.chars().count() < MIN_SENTENCE || is_boilerplate(&normalised) {
                continue;
            }
            out.push(Sentence {
                section: section.number,
                printed,
                normalised,
            });
        }
    }
    out
}

/// The six sections of `report` against the same sections of `source` (last year's, or
/// another organ's).
pub fn between(report: &Report, source: &Report) -> Vec<SectionRepeat> {
    let ours = sentences(report);
    let theirs: Vec<Fingerprinted<()>> = sentences(source)
        .into_iter()
        .map(|s| Fingerprinted::new(s, ()))
        .collect();
    SECTIONS
        .iter()
        .map(|spec| {
            let candidates: Vec<&Fingerprinted<()>> = theirs
                .iter()
                .filter(|t| t.sentence.section == spec.number)
                .collect();
            let matches = ours
                .iter()
                .filter(|s| s.section == spec.number)
                .map(|s| (s, best(s, candidates.iter().copied())));
            section_repeat(spec.number, matches).0
        })
        .collect()
}

/// A source sentence with its shingles, and what it is from.
pub struct Fingerprinted<T> {
    pub sentence: Sentence,
    pub shingles: HashSet<u64>,
    pub from: T,
}

impl<T> Fingerprinted<T> {
    pub fn new(sentence: Sentence, from: T) -> Fingerprinted<T> {
        let shingles = sentence.shingles();
        Fingerprinted {
            sentence,
            shingles,
            from,
        }
    }
}

/// The candidate `sentence` repeats most closely, when it reaches [`THRESHOLD`]: the
/// similarity, the candidate as printed and what it is from. Of equally close candidates,
/// the first.
pub fn best<'a, T: Clone + 'a>(
    sentence: &Sentence,
    candidates: impl IntoIterator<Item = &'a Fingerprinted<T>>,
) -> Option<(f64, String, T)> {
    let shingles = sentence.shingles();
    let mut found: Option<(f64, &Fingerprinted<T>)> = None;
    for c in candidates {
        let sim = jaccard(&shingles, &c.shingles);
        if sim >= THRESHOLD && found.is_none_or(|(best, _)| sim > best) {
            found = Some((sim, c));
        }
    }
    found.map(|(sim, c)| (sim, c.sentence.printed.clone(), c.from.clone()))
}

/// Sums one section's sentences, each with its best match in the source when it repeats
/// (similarity, the source sentence as printed, and what it is from: `()` for one source, the
/// organ when there are many), merging consecutive repeated sentences of the same source into
/// passages. Gives what each passage is from, beside the passages.
pub fn section_repeat<'a, T: Clone + PartialEq>(
    section: u8,
    sentences: impl IntoIterator<Item = (&'a Sentence, Option<(f64, String, T)>)>,
) -> (SectionRepeat, Vec<T>) {
    let mut out = SectionRepeat {
        section,
        chars: 0,
        repeated: 0,
        passages: Vec::new(),
    };
    let mut from = Vec::new();
    // The passage being built: its sentences' weighted similarity and characters, and the
    // last source sentence added to it.
    let mut open: Option<(Passage, f64, usize, T)> = None;
    let mut last_source = String::new();
    for (s, best) in sentences {
        let n = s.chars();
        out.chars += n;
        let Some((similarity, source, tag)) = best else {
            if let Some(p) = open.take() {
                close(p, &mut out.passages, &mut from);
            }
            continue;
        };
        out.repeated += n;
        if open.as_ref().is_some_and(|o| o.3 != tag) {
            if let Some(p) = open.take() {
                close(p, &mut out.passages, &mut from);
            }
        }
        let (passage, weighted, chars, _) = open.get_or_insert_with(|| {
            last_source.clear();
            (
                Passage {
                    text: String::new(),
                    source: String::new(),
                    similarity: 0.0,
                },
                0.0,
                0,
                tag,
            )
        });
        passage.text.push_str(&s.printed);
        // Two sentences of the report may repeat the same source sentence.
        if source != last_source {
            passage.source.push_str(&source);
            last_source = source;
        }
        *weighted += similarity * n as f64;
        *chars += n;
    }
    if let Some(p) = open.take() {
        close(p, &mut out.passages, &mut from);
    }
    (out, from)
}

fn close<T>(
    (mut passage, weighted, chars, tag): (Passage, f64, usize, T),
    passages: &mut Vec<Passage>,
    from: &mut Vec<T>,
) {
    passage.similarity = if chars == 0 {
        0.0
    } else {
        weighted / chars as f64
    };
    passages.push(passage);
    from.push(tag);
}

/// Jaccard similarity of two shingle sets, 0 when both are empty.
pub fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let shared = small.iter().filter(|h| large.contains(h)).count();
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

/// The FNV-1a hashes of the character 3-grams of `text`.
pub fn shingles(text: &str) -> HashSet<u64> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(3)
        .map(|w| {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for c in w {
                for b in (*c as u32).to_le_bytes() {
                    h ^= b as u64;
                    h = h.wrapping_mul(0x0100_0000_01b3);
                }
            }
            h
        })
        .collect()
}

/// The sentences of a section body, as printed without spaces.
fn split(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in body.split('\n') {
        let line: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        if is_heading_line(&line) {
            push(&mut out, &mut current);
            current = line;
            push(&mut out, &mut current);
            continue;
        }
        for c in line.chars() {
            current.push(c);
            if matches!(c, '。' | '！' | '？' | '；' | '：' | '!' | '?' | ';' | ':') {
                push(&mut out, &mut current);
            }
        }
    }
    push(&mut out, &mut current);
    out
}

fn push(out: &mut Vec<String>, current: &mut String) {
    if !current.is_empty() {
        out.push(std::mem::take(current));
    }
}

/// A line such as `（一）主动公开方面` or `三、加强队伍建设`: an item mark, short, and no
/// sentence mark.
fn is_heading_line(line: &str) -> bool {
    line.len() != strip_item_mark(line).len()
        && line.chars().count() <= 30
        && !line.contains(['。', '；', '！', '？'])
}

const NUMERALS: &str = "一二三四五六七八九十";

/// `text` without a leading item mark: `（一）`, `(2)`, `一、`, `3.`.
fn strip_item_mark(text: &str) -> &str {
    let t = text.trim_start();
    let is_numeral = |c: char| c.is_ascii_digit() || NUMERALS.contains(c);
    if let Some(rest) = t.strip_prefix(['（', '(']) {
        let inner = rest.trim_start_matches(is_numeral);
        if inner.len() < rest.len() {
            if let Some(after) = inner.strip_prefix(['）', ')']) {
                return after;
            }
        }
        return t;
    }
    let rest = t.trim_start_matches(is_numeral);
    if rest.len() < t.len() {
        if let Some(after) = rest.strip_prefix(['、', '.', '．']) {
            return after;
        }
    }
    t
}

/// The letters that are compared: everything but ASCII, digits, spaces and punctuation.
pub fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphabetic() && !c.is_ascii())
        .collect()
}

/// Boilerplate: sentences every report may print without copying anyone. Each entry lists
/// words that together mark the sentence (normalised); a sentence with all of one entry's
/// words is left out. The template's headings and table labels are left out beside them.
const BOILERPLATE: &[&[&str]] = &[
    // The statutory opening: 本报告根据《中华人民共和国政府信息公开条例》…编制.
    &["政府信息公开条例", "编制"],
    &["本报告", "根据", "要求"],
    &["本报告", "由", "编制"],
    // 本报告中所列数据的统计期限自…起至…止.
    &["统计期限"],
    &["统计时限"],
    // 本报告的电子版可在…网站下载.
    &["电子版"],
    &["本报告", "下载"],
    // 如对本报告有任何疑问，请与…联系.
    &["疑问", "联系"],
    &["任何疑问"],
    &["通讯地址"],
    &["联系地址"],
    &["联系电话"],
    &["邮政编码"],
    &["邮编"],
    &["传真"],
    &["电子邮箱"],
    // The preamble's outline of the six parts.
    &["本报告", "总体情况", "其他需要报告的事项"],
    // Section 六's fees, when none were charged (what most organs print).
    &["信息处理费", "未"],
    &["信息处理费", "没有"],
    &["信息处理费", "无"],
    &["信息处理费", "不"],
    &["无其他需要报告的事项"],
    &["本年度无其他"],
    &["无需要报告"],
    // The table's corner note: 本列数据的勾稽关系为….
    &["勾稽关系"],
];

/// Whether a normalised sentence is boilerplate ([`BOILERPLATE`]) or a heading or label of
/// the template.
pub fn is_boilerplate(normalised: &str) -> bool {
    if BOILERPLATE
        .iter()
        .any(|words| words.iter().all(|w| normalised.contains(w)))
    {
        return true;
    }
    template_sentences().contains(normalised)
}

/// The template's headings and table labels, normalised and without their item marks.
fn template_sentences() -> &'static HashSet<String> {
    static SENTENCES: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    SENTENCES.get_or_init(|| {
        let mut out = HashSet::new();
        let mut add = |text: &str| {
            let n = normalise(strip_item_mark(text));
            out.insert(n.clone());
            // Headings printed as 主动公开方面 rather than 主动公开情况.
            if let Some(stem) = n.strip_suffix("情况") {
                out.insert(format!("{stem}方面"));
                out.insert(format!("{stem}方面情况"));
            }
        };
        for spec in &SECTIONS {
            spec.label.all().for_each(&mut add);
        }
        for part in &SECTION_ONE_PARTS {
            part.label.all().for_each(&mut add);
        }
        for version in gongkai_core::Version::ALL {
            for table in gongkai_core::Template::get(version).tables {
                for row in table.rows {
                    row.label.all().for_each(&mut add);
                    for column in row.columns {
                        column.label.all().for_each(&mut add);
                    }
                }
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Report {
        gongkai_read::read_text("t.txt", text, "UTF-8").unwrap()
    }

    const OPENING: &str = "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。本报告的电子版可在某县人民政府门户网站下载。如对本报告有任何疑问，请与某县人民政府办公室联系。";

    fn report(organ: &str, year: i32, one: &str, five: &str) -> Report {
        read(&format!(
            "{organ}{year}年度政府信息公开工作年度报告\n{OPENING}\n一、总体情况\n{one}\n\
             二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n\
             一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n\
             四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n{five}\n\
             六、其他需要报告的事项\n本年度未收取信息处理费。\n"
        ))
    }

    const ONE_A: &str = "（一）主动公开方面\n2022年，全县围绕优化营商环境主动公开政府信息1200条，重点公开财政预决算和重大建设项目批准实施信息。依托县政府门户网站开设乡村振兴专栏，集中发布惠农补贴发放结果。";
    const ONE_B: &str = "（一）主动公开方面\n今年以来，本局聚焦交通运输领域，公开道路养护计划与公路建设招标结果，全年发布动态信息三百余条。";

    #[test]
    fn sentences_leave_out_boilerplate_headings_and_numbers() {
        let r = report(
            "某县人民政府",
            2022,
            ONE_A,
            "一是专栏内容更新不够及时，部分栏目长期没有新内容。",
        );
        let s = sentences(&r);
        let texts: Vec<&str> = s.iter().map(|s| s.normalised.as_str()).collect();
        assert_eq!(
            texts,
            [
                "年全县围绕优化营商环境主动公开政府信息条重点公开财政预决算和重大建设项目批准实施信息",
                "依托县政府门户网站开设乡村振兴专栏集中发布惠农补贴发放结果",
                "一是专栏内容更新不够及时部分栏目长期没有新内容",
            ]
        );
        assert_eq!(s[0].section, 1);
        assert_eq!(s[2].section, 5);
        assert!(s[0].printed.starts_with("2022年，全县"), "{}", s[0].printed);
    }

    #[test]
    fn a_copy_with_changed_numbers_repeats_in_full() {
        let now = report(
            "某县人民政府",
            2023,
            &ONE_A.replace("2022", "2023").replace("1200", "1350"),
            "今年新发现的问题是依申请公开答复文书格式还不够统一规范。",
        );
        let before = report(
            "某县人民政府",
            2022,
            ONE_A,
            "一是专栏内容更新不够及时，部分栏目长期没有新内容。",
        );
        let got = between(&now, &before);
        assert_eq!(got.len(), 6);
        let one = &got[0];
        assert_eq!((one.section, one.repeated), (1, one.chars));
        assert!((one.share() - 1.0).abs() < 1e-9);
        assert_eq!(one.passages.len(), 1, "consecutive sentences merge");
        let p = &one.passages[0];
        assert!(
            p.text.contains("1350条") && p.source.contains("1200条"),
            "{p:?}"
        );
        assert!((p.similarity - 1.0).abs() < 1e-9);
        assert_eq!(got[4].share(), 0.0);
        assert!(got[4].chars > 0 && got[4].passages.is_empty());
        // Sections without prose compare nothing; boilerplate in 六 is left out.
        assert_eq!((got[1].chars, got[5].chars), (0, 0));
    }

    #[test]
    fn share_is_weighted_by_characters() {
        let now = report("某县人民政府", 2023, ONE_B, "一是专栏内容更新不够及时，部分栏目长期没有新内容。今年新发现的问题是依申请公开答复文书格式还不够统一规范。");
        let before = report(
            "某县人民政府",
            2022,
            ONE_A,
            "一是专栏内容更新不够及时，部分栏目长期没有新内容。",
        );
        let five = &between(&now, &before)[4];
        let copied = "一是专栏内容更新不够及时部分栏目长期没有新内容"
            .chars()
            .count();
        let new = "今年新发现的问题是依申请公开答复文书格式还不够统一规范"
            .chars()
            .count();
        assert_eq!((five.repeated, five.chars), (copied, copied + new));
        assert_eq!(between(&now, &before)[0].repeated, 0, "unrelated prose");
    }

    #[test]
    fn another_organ_s_name_does_not_hide_a_copy() {
        let one = "甲县人民政府坚持以人民为中心，推动政务公开标准化规范化向基层延伸。";
        let copy = one.replace("甲县人民政府", "乙县人民政府");
        let a = report("甲县人民政府", 2022, one, "无");
        let b = report("乙县人民政府", 2022, &copy, "无");
        assert_eq!(between(&b, &a)[0].share(), 1.0);
    }

    #[test]
    fn a_lightly_edited_sentence_still_repeats() {
        let a = "严格落实信息发布三审制度，加强政府信息公开保密审查，确保发布信息准确安全。";
        let b = "严格执行信息发布三审制度，加强政府信息公开保密审查，确保发布信息准确安全。";
        let sa: HashSet<u64> = shingles(&normalise(a));
        let sb: HashSet<u64> = shingles(&normalise(b));
        assert!(jaccard(&sa, &sb) >= THRESHOLD);
        let c = "积极回应社会关切，通过在线访谈和新闻发布会解读重要政策。";
        assert!(jaccard(&sa, &shingles(&normalise(c))) < 0.2);
    }

    #[test]
    fn item_marks_and_headings() {
        assert_eq!(strip_item_mark("（一）主动公开方面"), "主动公开方面");
        assert_eq!(strip_item_mark("三、加强队伍建设"), "加强队伍建设");
        assert_eq!(strip_item_mark("2.重复申请"), "重复申请");
        assert_eq!(strip_item_mark("一是加强"), "一是加强");
        assert!(is_heading_line("（二）依申请公开方面"));
        assert!(!is_heading_line("（二）依申请公开方面。全年收到申请21件。"));
        assert!(is_boilerplate("主动公开方面"));
        assert!(is_boilerplate("本机关不掌握相关政府信息"));
        assert!(!is_boilerplate("依托县政府门户网站开设乡村振兴专栏"));
        let s = split("存在的问题主要有：一是栏目\n更新不及时；二是解读\n形式单一。");
        assert_eq!(
            s,
            [
                "存在的问题主要有：",
                "一是栏目更新不及时；",
                "二是解读形式单一。"
            ]
        );
    }
}
