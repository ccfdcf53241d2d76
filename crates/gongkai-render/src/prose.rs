//! A report's prose as a printed document holds it: paragraphs joined again across the line
//! breaks a PDF printed, the lines above section 一 that belong to the report (and not to the
//! web page it was read from), and the second-level headings that open paragraphs.

use gongkai_core::Report;
use unicode_width::UnicodeWidthStr;

/// The paragraphs of a text read one printed line a line (a PDF's section body): a line is
/// joined to the one before it when that one did not end its paragraph — it ends no sentence
/// (`。！？；：`, perhaps followed by a closing bracket or quote) and is no heading — and the
/// line does not open one of its own (a numbered item `一、` `（一）` `1.` `2、` `(1)` `①`, or a
/// date that stands alone). Text read from a Word file or a web page, a paragraph a line,
/// comes out as it was. Blank lines always part paragraphs.
pub fn paragraphs(text: &str) -> Vec<String> {
    let full = full_width(text);
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            open = false;
            continue;
        }
        match out.last_mut() {
            Some(paragraph) if open && !opens_paragraph(line) => {
                if ends_word(paragraph) && starts_word(line) {
                    paragraph.push(' ');
                }
                paragraph.push_str(line);
            }
            _ => out.push(line.to_string()),
        }
        let paragraph = out.last().expect("just pushed or extended");
        open = !ends_paragraph(paragraph, line, full);
    }
    out
}

/// How wide a full printed line of the text is: its widest line. A line well short of it that
/// looks like a heading is one; a full line that starts like one is the first of a paragraph.
fn full_width(text: &str) -> usize {
    text.lines().map(|l| l.trim().width()).max().unwrap_or(0)
}

/// Whether the paragraph, whose last printed line is `line`, ends there.
fn ends_paragraph(paragraph: &str, line: &str, full: usize) -> bool {
    let last = line
        .trim_end_matches(CLOSING)
        .trim_end()
        .chars()
        .next_back();
    let ends_sentence = last.is_some_and(|c| "。！？!?".contains(c));
    // A colon or semicolon inside brackets is not the end: `（地址：…` goes on.
    let ends_clause = last.is_some_and(|c| "；：;:".contains(c)) && !in_brackets(paragraph);
    ends_sentence
        || ends_clause
        || is_date(line)
        || bracketed(line)
        || (paragraph == line && is_heading(line, full))
}

/// Closing brackets and quotes that may follow a sentence's end (`……。”`).
const CLOSING: &[char] = &[
    '）', ')', '】', '」', '』', '”', '’', '"', '\'', '》', '〕', ']',
];

/// More brackets opened than closed.
fn in_brackets(text: &str) -> bool {
    let opened = text.chars().filter(|c| "（(【〔[".contains(*c)).count();
    let closed = text.chars().filter(|c| "）)】〕]".contains(*c)).count();
    opened > closed
}

/// A line wholly in brackets: a note such as `（本列数据的勾稽关系为：……）` or a date.
fn bracketed(line: &str) -> bool {
    (line.starts_with('（') && line.ends_with('）'))
        || (line.starts_with('(') && line.ends_with(')'))
}

/// A heading on a line of its own: numbered, no sentence in it, and shorter than the text's
/// full lines (a full line that starts with `（一）` is a paragraph's first).
fn is_heading(line: &str, full: usize) -> bool {
    numbered(line) && !line.contains(['。', '；', '！', '？']) && line.width() * 5 < full * 4
}

/// Whether a line starts a paragraph of its own whatever came before it.
fn opens_paragraph(line: &str) -> bool {
    numbered(line) || is_date(line)
}

/// A numbered item or heading: `一、` `（一）` `(一)` `1.` `1、` `1．` `（1）` `(1)` `①`.
pub fn numbered(line: &str) -> bool {
    let chinese = |c: char| "一二三四五六七八九十".contains(c);
    let mut chars = line.chars().peekable();
    match chars.next() {
        Some('（' | '(') => {
            let inner: String = chars.by_ref().take_while(|c| !"）)".contains(*c)).collect();
            let count = inner.chars().count();
            (1..=3).contains(&count)
                && (inner.chars().all(chinese) || inner.chars().all(|c| c.is_ascii_digit()))
                && line
                    .chars()
                    .nth(count + 1)
                    .is_some_and(|c| "）)".contains(c))
        }
        Some(c) if ('①'..='⑳').contains(&c) => true,
        Some(c) if chinese(c) => {
            let rest = line.trim_start_matches(chinese);
            rest.starts_with('、')
        }
        Some(c) if c.is_ascii_digit() => {
            let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
            let mut after = rest.chars();
            // `1.` and `2、` number items; `12.5万元` and `2023年` are numbers.
            matches!(after.next(), Some('.' | '、' | '．'))
                && !after.next().is_some_and(|c| c.is_ascii_digit())
                && line.len() - rest.len() <= 2
        }
        _ => false,
    }
}

/// A date standing alone, as under a title or a signature: `2024年1月20日`, `（2024年1月）`.
fn is_date(line: &str) -> bool {
    let inner = line
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    let compact: String = inner.chars().filter(|c| !c.is_whitespace()).collect();
    let mut rest = compact.as_str();
    let mut fields = 0;
    for unit in ['年', '月', '日'] {
        let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
        match rest[digits..].strip_prefix(unit) {
            Some(after) if digits > 0 => {
                rest = after;
                fields += 1;
            }
            _ => break,
        }
    }
    fields >= 2 && rest.is_empty()
}

fn ends_word(text: &str) -> bool {
    text.chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphabetic())
}

fn starts_word(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

/// A second-level heading standing alone: `（二）依申请公开情况`, `（三）政府信息管理情况。`.
pub fn is_second_level_heading(paragraph: &str) -> bool {
    second_level(paragraph)
        && paragraph.chars().count() <= 24
        && paragraph.trim_end_matches('。').chars().all(|c| c != '。')
}

/// Opened by `（一）` or `(一)`: the numbering of second-level headings.
fn second_level(line: &str) -> bool {
    line.starts_with(['（', '('])
        && numbered(line)
        && line
            .chars()
            .nth(1)
            .is_some_and(|c| "一二三四五六七八九十".contains(c))
}

/// How many of the last paragraphs sign the report: the date standing alone at the end, and
/// the organ on the line above it (`平潭综合实验区交通与建设局` / `2025年1月22日`), which are
/// printed at the right.
pub fn signature(paragraphs: &[String]) -> usize {
    let Some((date, before)) = paragraphs.split_last() else {
        return 0;
    };
    if !is_date(date) {
        return 0;
    }
    let organ = before.last().is_some_and(|p| {
        p.chars().count() <= 30
            && !numbered(p)
            && !p.contains(['，', '。', '；', '：', '！', '？', ','])
    });
    1 + usize::from(organ)
}

/// A paragraph opened by a second-level heading (`（一）主动公开情况。` and its text): the
/// heading and the rest, when the heading is a short clause of its own.
pub fn run_in_heading(paragraph: &str) -> Option<(&str, &str)> {
    if !second_level(paragraph) {
        return None;
    }
    let end = paragraph.find('。')? + '。'.len_utf8();
    let (heading, rest) = paragraph.split_at(end);
    (heading.chars().count() <= 24 && !rest.trim().is_empty()).then_some((heading, rest))
}

/// The lines above section 一, sorted for a printed title block.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Preamble {
    /// Lines printed under the title, centred: the organ, a document number, a date.
    pub marks: Vec<String>,
    /// Prose before section 一 (`本报告由……编制。`), as paragraphs.
    pub paragraphs: Vec<String>,
}

/// What of the report's preamble belongs in its title block. A report read from a web page
/// carries the site's text there (`来源：… 时间：…`, `微信 微博 QQ空间`, `全真版 文字版`, `字号 大 中 小`,
/// `打印` `关闭`) and often the title again: only what a report prints under its title is kept
/// — the organ, a document number, a date — and prose, which ends sentences.
pub fn preamble(report: &Report) -> Preamble {
    let title = crate::text::title(report);
    let mut out = Preamble::default();
    let mut prose: Vec<&str> = Vec::new();
    for line in report.preamble.lines().map(str::trim) {
        if is_mark(line, report.agency.as_deref()) {
            keep_prose(&mut prose, &mut out.paragraphs);
            out.marks.push(line.to_string());
        } else if !line.is_empty() && !is_site_furniture(line) && !is_title_fragment(line, &title) {
            prose.push(line);
        }
    }
    keep_prose(&mut prose, &mut out.paragraphs);
    out
}

/// The prose paragraphs of the lines gathered so far, which are then done with.
fn keep_prose(lines: &mut Vec<&str>, paragraphs: &mut Vec<String>) {
    let text = lines.join("\n");
    paragraphs.extend(self::paragraphs(&text).into_iter().filter(|p| is_prose(p)));
    lines.clear();
}

/// The organ that wrote the report, its document number (`青政办〔2024〕3号`), or a date.
fn is_mark(line: &str, agency: Option<&str>) -> bool {
    let organ = agency.is_some_and(|a| !a.is_empty() && line == a);
    let number = line.contains(['〔', '[']) && line.ends_with('号') && line.chars().count() <= 24;
    organ || number || is_date(line)
}

/// A web page's text around an article, by its shape, never prose: fields (`来源：…`,
/// `发布时间：…`, `字号：`), rows of short buttons (`微信 微博 QQ空间`, `大 中 小`), single words
/// (`打印`, `全真版`). A line with a comma or a full stop is prose, even when a PDF spaced it out.
fn is_site_furniture(line: &str) -> bool {
    if line.contains(['，', '。', '；', '、', ',']) {
        return false;
    }
    let field = line
        .split_once(['：', ':'])
        .is_some_and(|(label, _)| (1..=6).contains(&label.chars().count()));
    let words: Vec<&str> = line.split_whitespace().collect();
    let buttons = words.len() >= 2 && words.iter().all(|w| w.chars().count() <= 4);
    field || buttons || line.chars().count() <= 5
}

/// A line of the title printed again above the text (`平潭综合实验区2019年` / `政府信息公开工作年度报告`).
fn is_title_fragment(line: &str, title: &str) -> bool {
    let compact = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let line = compact(line);
    line.chars().count() >= 4 && compact(title).contains(&line)
}

/// Sentences, not labels, buttons or a site's fields: long enough and ending as prose does
/// (`……报告如下：` too).
fn is_prose(paragraph: &str) -> bool {
    paragraph.chars().count() >= 20
        && paragraph
            .trim_end_matches(CLOSING)
            .ends_with(['。', '！', '？', '；', '：'])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Section 一 of a real report as `pdftotext -layout` prints it (洪泽区 2023).
    const PRINTED: &str = "  2023 年，洪泽区人民政府坚持以习近平新时代中国特色社会
主义思想为指导，全面贯彻落实《条例》相关规范要求，不断完
善政府信息公开制度，建立健全政府信息公开保障机制，始终将
政务公开工作摆在重要位置，推进政府信息公开工作规范、有序、
健康发展 。
   （一）主动公开情况。主要通过政府门户网站主动公开政府
文件、项目审批、通知公告等各类政府信息。2023 年，我区在政
府网站平台主动公开政府信息 1136 条。
   （三）政府信息管理情况。
   加强区政府门户网站及政务新媒体日常管理，运用第三方检
测平台实行常态化监测，执行信息审核发布制度。严格执行“分
级审核、先审后发”程序，落实 “三审三校”制度，从严从实把
好政治关、法律关、政策关、保密关、文字关，未经审核的信息
一律不准发布。";

    #[test]
    fn printed_lines_are_joined_into_their_paragraphs() {
        assert_eq!(
            paragraphs(PRINTED),
            [
                "2023 年，洪泽区人民政府坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实\
                 《条例》相关规范要求，不断完善政府信息公开制度，建立健全政府信息公开保障机制，\
                 始终将政务公开工作摆在重要位置，推进政府信息公开工作规范、有序、健康发展 。",
                "（一）主动公开情况。主要通过政府门户网站主动公开政府文件、项目审批、通知公告等各类\
                 政府信息。2023 年，我区在政府网站平台主动公开政府信息 1136 条。",
                "（三）政府信息管理情况。",
                "加强区政府门户网站及政务新媒体日常管理，运用第三方检测平台实行常态化监测，执行信息\
                 审核发布制度。严格执行“分级审核、先审后发”程序，落实 “三审三校”制度，从严从实\
                 把好政治关、法律关、政策关、保密关、文字关，未经审核的信息一律不准发布。",
            ]
        );
    }

    #[test]
    fn a_colon_inside_brackets_does_not_end_the_paragraph() {
        let text = "如对本报告有疑问，请与淮安市洪泽区人民政府办公室联系（地址：淮安市洪\n\
                    泽区洪泽湖大道 90 号 ， 邮 编 ： 223100 ， 电 子 邮 箱 ：\n\
                    hzzwgk@126.com）。";
        assert_eq!(paragraphs(text).len(), 1, "{:?}", paragraphs(text));
    }

    #[test]
    fn numbered_items_and_headings_start_paragraphs() {
        let text = "主要做法如下\n\
                    1.完善制度，规范依申请公开办理流程，统一答复文书格式，\n\
                    提高答复质量。\n\
                    2、加强培训\n(1)开展案例教学\n①编印手册\n\
                    （二）依申请公开情况\n\
                    2023年，全区共收到政府信息公开申请21件，均在法定期限\n\
                    内答复。";
        assert_eq!(
            paragraphs(text),
            [
                "主要做法如下",
                "1.完善制度，规范依申请公开办理流程，统一答复文书格式，提高答复质量。",
                "2、加强培训",
                "(1)开展案例教学",
                "①编印手册",
                "（二）依申请公开情况",
                "2023年，全区共收到政府信息公开申请21件，均在法定期限内答复。",
            ]
        );
    }

    #[test]
    fn a_full_line_that_starts_like_a_heading_goes_on() {
        let text = "（一）加强组织领导，推动公开工作落实落地，全面提\n\
                    升政务公开质效，全年召开专题会议3次。\n\
                    （二）依申请公开";
        assert_eq!(
            paragraphs(text),
            [
                "（一）加强组织领导，推动公开工作落实落地，全面提升政务公开质效，全年召开专题会议3次。",
                "（二）依申请公开",
            ]
        );
    }

    #[test]
    fn a_paragraph_a_line_stays_as_it_was() {
        let text = "一是部分单位政策解读形式单一。\n二是答复文书规范性有待提高。\n下一步，将丰富解读形式。";
        assert_eq!(paragraphs(text), text.lines().collect::<Vec<_>>());
    }

    #[test]
    fn a_signature_keeps_the_organ_and_the_date_apart() {
        let text = "特此报告。\n青山县人民政府办公室\n2024年1月20日";
        assert_eq!(
            paragraphs(text),
            ["特此报告。", "青山县人民政府办公室", "2024年1月20日"]
        );
    }

    #[test]
    fn the_organ_and_date_at_the_end_sign_the_report() {
        let signed = |text: &str| signature(&paragraphs(text));
        assert_eq!(
            signed("2024年，未收取信息处理费。\n平潭综合实验区交通与建设局\n2025年1月22日"),
            2
        );
        assert_eq!(signed("2024年，未收取信息处理费。\n2025年1月22日"), 1);
        assert_eq!(signed("2024年，未收取信息处理费。"), 0);
        assert_eq!(signed(""), 0);
    }

    #[test]
    fn numbers_are_not_items() {
        for line in ["2023年，全区", "12.5万元", "100%完成"] {
            assert!(!numbered(line), "{line}");
        }
        for line in [
            "一、总体情况",
            "十一、其他",
            "（一）主动公开",
            "(3)其他",
            "10.其他",
            "1．",
        ] {
            assert!(numbered(line), "{line}");
        }
    }

    #[test]
    fn dates_standing_alone() {
        for line in ["2024年1月20日", "（2024年1月）", "2024 年 1 月 20 日"] {
            assert!(is_date(line), "{line}");
        }
        for line in ["2024年", "2024年1月20日发布", "发布时间：2024年1月20日"] {
            assert!(!is_date(line), "{line}");
        }
    }

    #[test]
    fn a_run_in_heading_is_cut_at_its_full_stop() {
        assert_eq!(
            run_in_heading("（一）主动公开情况。2023年，公开信息1286条。"),
            Some(("（一）主动公开情况。", "2023年，公开信息1286条。"))
        );
        assert_eq!(run_in_heading("（三）政府信息管理情况。"), None);
        assert_eq!(run_in_heading("2023年，公开信息。"), None);
    }

    fn with_preamble(text: &str) -> Report {
        let mut r = Report::from_cells(
            "t",
            Some("青山县人民政府办公室".to_string()),
            Some(2023),
            gongkai_core::Version::V2021,
            std::iter::empty(),
        );
        r.preamble = text.to_string();
        r
    }

    #[test]
    fn the_title_block_leaves_the_site_out() {
        let r = with_preamble(
            "来源：平潭县人民政府 时间：2021-03-05 08:58\n微信 微博 QQ空间\n全真版\n文字版\n\
             文件下载\n相关链接：\n浏览次数：\n字号 大 中 小\n打印\n关闭\n\
             青山县人民政府办公室2023年\n政府信息公开工作年度报告\n\
             青山县人民政府办公室\n青政办〔2024〕3号\n2024年1月20日\n\
             本报告由青山县人民政府办公室根据《条例》要求编制。统计期限自2023年1月1日起\n\
             至2023年12月31日止。",
        );
        assert_eq!(
            preamble(&r),
            Preamble {
                marks: vec![
                    "青山县人民政府办公室".to_string(),
                    "青政办〔2024〕3号".to_string(),
                    "2024年1月20日".to_string(),
                ],
                paragraphs: vec![
                    "本报告由青山县人民政府办公室根据《条例》要求编制。统计期限自2023年1月1日起\
                     至2023年12月31日止。"
                        .to_string()
                ],
            }
        );
    }
}
