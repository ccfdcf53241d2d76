use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::date::{deadline, Date};
use gongkai_core::place::{self, Kind};
use gongkai_core::{DateSource, Lang};

rule! {
    code: "T501", name: "late-publication", severity: Warning;
    /// # 年度报告公布晚于期限
    ///
    /// ## 说明
    /// 《政府信息公开条例》第五十条：各级行政机关应当在每年 1 月 31 日前公布本机关上一年度的
    /// 年度报告，县级以上人民政府的报告在每年 3 月 31 日前公布。报告的发布日期（网页上的
    /// 「发布日期」「发布时间」，PDF 文件的创建日期，或导入时给出的日期）晚于报告机关这一类别的
    /// 期限时，报此警告。机关类别从机关名称判断：人民政府本身为 3 月 31 日；政府办公室、部门、
    /// 乡镇（街道）为 1 月 31 日；开发区管委会的报告有的按本级政府公布，只在晚于 3 月 31 日时
    /// 才报。地方另行规定了更早期限的，用 `gongkai check --deadlines 文件` 给出。
    ///
    /// ## 为什么重要
    /// 按时公布年度报告是条例规定的义务，逾期公布是政务公开考核和社会评估的扣分项。
    ///
    /// ## 示例
    /// 逾期：某县人民政府办公室的 2022 年度报告，发布日期为 2023 年 3 月 15 日，晚于
    /// 2023 年 1 月 31 日。
    /// 按时：某县人民政府的 2022 年度报告，发布日期为 2023 年 3 月 15 日，早于 3 月 31 日。
    ///
    /// ## 修改
    /// 次年按期公布。日期取自 PDF 文件的创建日期时，若文件是按时公布后重新生成的，可以忽略。
    ///
    /// # The report was published after its deadline
    ///
    /// ## What it does
    /// Article 50 of the Regulations on Open Government Information: every administrative
    /// organ publishes its report on the year before by 31 January, and a county or higher
    /// government's own report is published by 31 March. The rule warns when the report's
    /// publication date (the page's 发布日期 or 发布时间, the day its PDF was made, or the date
    /// given at import) is after the deadline of its organ's kind. The kind comes from the
    /// organ's name: a government itself is due on 31 March; its office, its departments and
    /// towns on 31 January; a zone's administration, which some places count as the level's
    /// government, is warned only after 31 March. Where a place sets earlier deadlines, give
    /// them with `gongkai check --deadlines FILE`.
    ///
    /// ## Why it matters
    /// Publishing the report on time is a duty under the Regulations; a late report loses
    /// marks in the assessments of open government.
    ///
    /// ## Example
    /// Late: a county government office's report on 2022, published on 15 March 2023, after
    /// 31 January 2023.
    /// On time: the county government's own report on 2022, published on 15 March 2023,
    /// before 31 March.
    ///
    /// ## Fix
    /// Publish next year's report on time. When the date is the day the PDF was made and the
    /// file was made again after the report went online in time, ignore the warning.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let report = cx.report;
    let (Some(published), Some(year), Some(agency)) = (
        report.published.as_deref().and_then(Date::parse),
        report.year,
        report.agency.as_deref(),
    ) else {
        return;
    };
    let kind = place::resolve(agency).kind;
    let due = match cx.deadlines.map(|d| d.due(agency, kind, year)) {
        Some(due) if due.place.is_some() => due,
        _ => crate::Due {
            // A zone's own report may be its level's government's: not accused before the
            // later of the two days.
            date: deadline(
                if kind == Kind::Zone {
                    Kind::Government
                } else {
                    kind
                },
                year,
            ),
            place: None,
        },
    };
    if published <= due.date {
        return;
    }
    let late = published.days() - due.date.days();
    let (from_zh, from_en) = match report.published_from {
        Some(DateSource::PdfMetadata) => ("PDF 文件的创建日期", "the day its PDF was made"),
        Some(DateSource::Given) => (
            "导入时给出的发布日期",
            "the publication date given at import",
        ),
        Some(DateSource::PageMetadata) => (
            "网页元数据中的发布日期（PubDate）",
            "the page's metadata (PubDate)",
        ),
        Some(DateSource::Page) | None => ("页面上的发布日期", "the page's publication date"),
    };
    let (by_zh, by_en) = match &due.place {
        Some(p) => (format!("{p}规定"), format!("as {p} sets it")),
        None => (
            "条例规定".to_string(),
            "as the Regulations set it".to_string(),
        ),
    };
    out.push(
        cx.finding(
            &RULE,
            format!(
                "{year} 年度报告 {} 才公布，比{}的公布期限（{}，{by_zh}）晚 {late} 天",
                published.zh(),
                kind.name(Lang::Zh),
                due.date.zh()
            ),
            format!(
                "the report on {year} was published on {published}, {late} days after the deadline for a {} ({}, {by_en})",
                kind.name(Lang::En),
                due.date
            ),
        )
        .help(
            format!("日期来自{from_zh}"),
            format!("the date is {from_en}"),
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;
    use crate::Deadlines;

    fn dated(agency: &str, published: &str) -> gongkai_core::Report {
        let mut r = sample();
        r.agency = Some(agency.to_string());
        r.year = Some(2022);
        r.published = Some(published.to_string());
        r
    }

    #[test]
    fn each_kind_by_its_own_day() {
        passes(&RULE, &dated("某县财政局", "2023-01-31"));
        fails(&RULE, &dated("某县财政局", "2023-02-01"), 1);
        passes(&RULE, &dated("某县人民政府", "2023-03-31"));
        fails(&RULE, &dated("某县人民政府", "2023-04-01"), 1);
        fails(&RULE, &dated("某县人民政府办公室", "2023-02-01"), 1);
        // A zone's own report, by the later day; a zone's bureau by a department's.
        passes(&RULE, &dated("平潭综合实验区", "2023-03-08"));
        fails(&RULE, &dated("平潭综合实验区公安局", "2023-02-01"), 1);
        // No date, or one that is no day: nothing said.
        let mut r = dated("某县财政局", "2023-02-30");
        passes(&RULE, &r);
        r.published = None;
        passes(&RULE, &r);
    }

    #[test]
    fn a_places_own_deadline() {
        let d = Deadlines::parse("某县,department,01-20\n").unwrap();
        let r = dated("某县财政局", "2023-01-25");
        let mut cx = crate::Context::new(&r, None, None);
        cx.deadlines = Some(&d);
        let mut out = Vec::new();
        check(&cx, &mut out);
        assert_eq!(out.len(), 1);
        assert!(
            out[0].message.zh.contains("某县规定"),
            "{:?}",
            out[0].message
        );
        assert!(out[0].message.en.contains("5 days"), "{:?}", out[0].message);
    }
}
