use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use crate::repetition;

/// Sections with fewer characters to compare than this (boilerplate and template sentences
/// left out) are not judged: a few short sentences may repeat without being a copied section.
const MIN_CHARS: usize = 60;
/// Share of a section's text repeated from last year above which it is a copy: the line the
/// evaluators' packs draw (more than half of the text repeated costs points).
const THRESHOLD: f64 = 0.5;
/// Characters of the first repeated passage quoted in the message.
const QUOTE: usize = 40;

rule! {
    code: "Y103", name: "repeated-text", severity: Warning, needs: Previous;
    /// # 某一部分的文字与上年雷同
    ///
    /// ## 说明
    /// 本年某一部分（总体情况、存在的主要问题及改进情况、其他需要报告的事项等）超过一半的文字
    /// 与上一年度报告的同一部分重复。按句比较：每句去掉数字、空白、标点和本机关名称后取三字片段，
    /// 与上年同一部分最相近的一句重合度（Jaccard）达到 70% 即算重复；重复的份额按字数计算。年份
    /// 和数字改了而行文照抄的，也算重复。模板的固定语句（「本报告根据《条例》……编制」、统计期限、
    /// 电子版下载、联系方式、标题和表格标签、未收取信息处理费等）和不足 10 字的短句不计；可比较
    /// 的文字不足 60 字的部分不判断。提示写出重复的份额和第一段重复的文字。需要 `--previous`。
    ///
    /// ## 为什么重要
    /// 模板明确要求年度报告不得内容雷同、照搬往年；考评中一份报告超过 50% 的文字与上年重复的
    /// 要扣分。照抄的「存在问题」说明问题没有整改。
    ///
    /// ## 示例
    /// 雷同：2022 年的第五部分与 2021 年只差年份：「一是政府信息公开专栏设置不够丰富……」。
    /// 正常：沿用上年的一两句，其余写出本年新发现的问题和已完成的整改。
    ///
    /// ## 修改
    /// 按本年实际重写该部分。`gongkai repeats` 列出重复的段落及其出处。
    ///
    /// # A section's text repeats last year's
    ///
    /// ## What it does
    /// More than half of a section's text (overview, problems and improvements, other
    /// matters…) repeats the same section of last year's report. Sentences are compared:
    /// without digits, spaces, punctuation and the organ's name, a sentence repeats when its
    /// three-character shingles reach a Jaccard similarity of 70% with the closest sentence of
    /// last year's section; the share is counted in characters. Changing the years and
    /// numbers of a copied text does not hide it. The template's own sentences (the statutory
    /// opening, the period covered, where to download, whom to ask, headings and table labels,
    /// no fees charged…) and sentences under 10 characters are left out; sections with under
    /// 60 characters left to compare are not judged. The finding names the share and quotes
    /// the first repeated passage. Needs `--previous`.
    ///
    /// ## Why it matters
    /// The template forbids reports that repeat earlier ones (内容雷同), and evaluations
    /// mark down a report more than 50% of whose text repeats last year's. A copied list of
    /// problems means they were not addressed.
    ///
    /// ## Example
    /// Repeated: section 五 of 2022 differs from 2021's only in the year: 一是政府信息公开专栏
    /// 设置不够丰富…
    /// Fine: a sentence or two kept from last year, the rest the problems found this year and
    /// the improvements made.
    ///
    /// ## Fix
    /// Rewrite the section for this year. `gongkai repeats` lists the repeated passages beside
    /// their source.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(previous) = cx.previous else { return };
    for repeat in repetition::between(cx.report, previous) {
        if repeat.chars < MIN_CHARS || repeat.share() <= THRESHOLD {
            continue;
        }
        let Some(section) = cx.report.section(repeat.section) else {
            continue;
        };
        let percent = (repeat.share() * 100.0).round();
        let quote = repeat
            .passages
            .first()
            .map(|p| excerpt(&p.text))
            .unwrap_or_default();
        out.push(
            cx.finding(
                &RULE,
                format!(
                    "第{}部分「{}」有 {percent}% 的文字与上年报告重复（{} 字中 {} 字），如「{quote}」",
                    repeat.section, section.heading, repeat.chars, repeat.repeated
                ),
                format!(
                    "section {} repeats last year's text: {percent}% of it ({} of {} characters), such as 「{quote}」",
                    repeat.section, repeat.repeated, repeat.chars
                ),
            )
            .at(Some(section.at)),
        );
    }
}

/// The start of a passage, cut at [`QUOTE`] characters.
fn excerpt(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(QUOTE).collect();
    if chars.next().is_some() {
        format!("{head}……")
    } else {
        head
    }
}
