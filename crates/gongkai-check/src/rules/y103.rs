use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::template::SECTIONS;
use std::collections::HashSet;

/// Sections shorter than this (characters without digits and spaces) are boilerplate that may
/// repeat (`无其他需要报告的事项`).
const MIN_CHARS: usize = 60;
/// Share of three-character shingles two texts have in common above which one repeats the other.
const THRESHOLD: f64 = 0.8;

rule! {
    code: "Y103", name: "repeated-text", severity: Warning, needs: Previous;
    /// # 某一部分的文字与上年雷同
    ///
    /// ## 说明
    /// 本年某一部分（总体情况、存在的主要问题及改进情况、其他需要报告的事项等）的文字与上一年度报告
    /// 的同一部分高度相同：去掉数字和空白后，三字片段的重合度（Jaccard）超过 80%。年份和数字不同
    /// 而行文照抄的，也算雷同。短于 60 字的部分不比较。需要 `--previous`。
    ///
    /// ## 为什么重要
    /// 模板明确要求年度报告不得内容雷同、照搬往年。照抄的「存在问题」说明问题没有整改，评估会扣分。
    ///
    /// ## 示例
    /// 雷同：2022 年的第五部分与 2021 年只差年份：「一是政府信息公开专栏设置不够丰富……」。
    /// 正常：写出本年新发现的问题和已完成的整改。
    ///
    /// ## 修改
    /// 按本年实际重写该部分。
    ///
    /// # A section's text repeats last year's
    ///
    /// ## What it does
    /// A section (overview, problems and improvements, other matters…) is nearly the same as
    /// the same section of last year's report: without digits and spaces, more than 80% of
    /// their three-character shingles are shared (Jaccard). Changing the years and numbers of a
    /// copied text does not hide it. Sections under 60 characters are not compared. Needs
    /// `--previous`.
    ///
    /// ## Why it matters
    /// The template forbids reports that repeat earlier ones (内容雷同). A copied list of
    /// problems means they were not addressed, and evaluations mark it down.
    ///
    /// ## Example
    /// Repeated: section 五 of 2022 differs from 2021's only in the year: 一是政府信息公开专栏
    /// 设置不够丰富…
    /// Fine: the problems found this year and the improvements made.
    ///
    /// ## Fix
    /// Rewrite the section for this year.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(previous) = cx.previous else { return };
    for spec in &SECTIONS {
        let (Some(now), Some(before)) = (
            cx.report.section(spec.number),
            previous.section(spec.number),
        ) else {
            continue;
        };
        let (a, b) = (shingles(&now.body), shingles(&before.body));
        let Some(similarity) = jaccard(&a, &b) else {
            continue;
        };
        if similarity <= THRESHOLD {
            continue;
        }
        let percent = (similarity * 100.0).round();
        out.push(
            cx.finding(
                &RULE,
                format!(
                    "第{}部分「{}」与上年报告的文字 {percent}% 相同",
                    spec.number, now.heading
                ),
                format!(
                    "section {} repeats last year's text ({percent}% the same)",
                    spec.number
                ),
            )
            .at(Some(now.at)),
        );
    }
}

/// The three-character shingles of a text without digits and spaces; `None` when it is too
/// short to judge.
fn shingles(text: &str) -> Option<HashSet<[char; 3]>> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_digit())
        .collect();
    (chars.len() >= MIN_CHARS).then(|| chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect())
}

fn jaccard(a: &Option<HashSet<[char; 3]>>, b: &Option<HashSet<[char; 3]>>) -> Option<f64> {
    let (a, b) = (a.as_ref()?, b.as_ref()?);
    let shared = a.intersection(b).count();
    Some(shared as f64 / (a.len() + b.len() - shared) as f64)
}
