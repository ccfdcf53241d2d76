use crate::context::Context;
use crate::finding::Finding;
use crate::registry::rule;
use gongkai_core::SourceFormat;

rule! {
    code: "T502", name: "no-publication-date", severity: Info;
    /// # 不知道报告的发布日期
    ///
    /// ## 说明
    /// 网页没有写明「发布日期」「发布时间」，PDF 文件也没有创建日期时，无法判断报告是否按期
    /// 公布（T501），给出提示。只检查网页和 PDF：文本和 Word 文件多是草稿或转存的全文，本来就
    /// 不带发布日期。导入时可用 `gongkai import --published YYYY-MM-DD` 或 `--dates 文件`
    /// 补上日期。
    ///
    /// ## 为什么重要
    /// 公布日期是核查按期公布的依据；网页不标发布日期，公众也无从知道报告是何时公开的。
    ///
    /// ## 示例
    /// 提示：报告网页只有标题和正文，没有「发布日期：2023-01-20」之类的字样。
    ///
    /// ## 修改
    /// 在网页上标明发布日期；导入已下载的报告时给出它的发布日期。
    ///
    /// # The report's publication date is not known
    ///
    /// ## What it does
    /// When a page states no 发布日期 or 发布时间 and a PDF has no creation date, whether the
    /// report was published in time (T501) cannot be told; the rule says so. Only pages and
    /// PDFs are checked: text and Word files are mostly drafts or saved copies of the text,
    /// which carry no publication date of their own. At import the date can be given with
    /// `gongkai import --published YYYY-MM-DD` or `--dates FILE`.
    ///
    /// ## Why it matters
    /// The publication date is what publishing in time is checked against, and a page without
    /// one does not tell the public when the report was made public.
    ///
    /// ## Example
    /// Noted: a report's page with its title and text, and no line such as
    /// 发布日期：2023-01-20.
    ///
    /// ## Fix
    /// State the publication date on the page; give it when importing a report saved earlier.
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let report = cx.report;
    if report.published.is_some()
        || !matches!(report.source.format, SourceFormat::Html | SourceFormat::Pdf)
    {
        return;
    }
    out.push(cx.finding(
        &RULE,
        "不知道报告的发布日期：页面上没有写明发布日期，也没有从文件中读到",
        "the report's publication date is not known: the page states none and the file gives none",
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;
    use gongkai_core::DateSource;

    #[test]
    fn pages_and_pdfs_only() {
        let mut r = sample();
        passes(&RULE, &r);
        r.source.format = SourceFormat::Html;
        fails(&RULE, &r, 1);
        r.source.format = SourceFormat::Pdf;
        fails(&RULE, &r, 1);
        r.published = Some("2023-01-20".into());
        r.published_from = Some(DateSource::PdfMetadata);
        passes(&RULE, &r);
    }
}
