//! The corpus browsed: the search, the facets, a page of reports.

use super::{page, Ctx};
use crate::service::browse::{kind_label, level_label, BrowseQuery, BrowseView};
use gongkai_store::browse::Sort;
use maud::{html, Markup};

/// The corpus browsed: the search, the facets beside the reports they count, a page of
/// reports with the sorts and the pages, the exports of what the criteria keep.
pub fn browse(ctx: &Ctx, v: &BrowseView) -> Markup {
    let lang = ctx.lang();
    let q = &v.query;
    let title = ctx.t("语料库", "Corpus");
    let sort = q.sort();
    // The criteria the search form does not show travel with it.
    let hidden: Vec<(String, String)> = serde_urlencoded::from_str::<Vec<(String, String)>>(
        &serde_urlencoded::to_string(BrowseQuery {
            q: None,
            text: None,
            page: None,
            ..q.clone()
        })
        .unwrap_or_default(),
    )
    .unwrap_or_default();
    let export = |format: &str| q.on_page(1).href(&format!("/corpus/export.{format}"), lang);
    page(
        ctx,
        title,
        html! {
            h1 { (title) }
            form.filter.search method="get" action="/corpus" role="search" {
                label { (ctx.t("机关名称", "Organ name")) " " input type="search" name="q" value=[q.q.as_deref()]; } " "
                label { (ctx.t("全文", "Full text")) " " input type="search" name="text" value=[q.text.as_deref()] placeholder=(ctx.t("至少两个字", "two characters or more")); } " "
                @for (k, val) in &hidden { input type="hidden" name=(k) value=(val); }
                @if lang.is_english() { input type="hidden" name="lang" value="en"; }
                button { (ctx.t("搜索", "Search")) }
                @if q.href("/corpus", lang) != BrowseQuery::default().href("/corpus", lang) {
                    " " a href=(BrowseQuery::default().href("/corpus", lang)) { (ctx.t("清除全部条件", "Clear all")) }
                }
            }
            @if v.text_ignored {
                p.muted { (ctx.t("全文搜索至少需要两个字，已忽略。", "A full-text search needs two characters or more: ignored.")) }
            }
            p.summary {
                strong { (v.total) } " " (ctx.t("份报告", "reports")) " · " strong { (v.organs) } " " (ctx.t("个机关", "organs"))
                " · " (ctx.t("导出", "Export")) " "
                a href=(export("csv")) { "CSV" } " "
                a href=(export("json")) { "JSON" } " "
                a href=(export("xlsx")) { "XLSX" }
            }
            div.browse {
                aside.facets aria-label=(ctx.t("分面筛选", "Facets")) {
                    @for f in &v.facets {
                        @if !f.values.is_empty() {
                            section.facet {
                                h3 { (f.label) }
                                ul {
                                    @for x in &f.values {
                                        li class=[x.selected.then_some("selected")] {
                                            a href=(x.href) aria-current=[x.selected.then_some("true")] {
                                                (x.label)
                                                @if x.selected { " ✕" }
                                            }
                                            " " span.count { (x.count) }
                                        }
                                    }
                                }
                                @if f.more > 0 {
                                    p.muted { (ctx.t("另有", "and")) " " (f.more) " " (ctx.t("项", "more")) }
                                }
                            }
                        }
                    }
                }
                section.results {
                    p.sorts {
                        (ctx.t("排序：", "Sort: "))
                        @for s in Sort::ALL {
                            @if s == sort { strong { (sort_label(ctx, s)) } } @else { a href=(q.sorted(s).href("/corpus", lang)) { (sort_label(ctx, s)) } }
                            " "
                        }
                    }
                    @if v.rows.is_empty() {
                        p { (ctx.t("没有符合条件的报告。", "No report meets these criteria.")) }
                    } @else {
                        table.list.corpus {
                            thead {
                                tr {
                                    th scope="col" { (ctx.t("机关", "Organ")) }
                                    th scope="col" { (ctx.t("地区", "Place")) }
                                    th scope="col" { (ctx.t("层级", "Level")) }
                                    th scope="col" { (ctx.t("机关类型", "Kind")) }
                                    th scope="col" { (ctx.t("年度", "Year")) }
                                    th scope="col" { (ctx.t("核对结果", "Findings")) }
                                }
                            }
                            tbody {
                                @for r in &v.rows {
                                    tr {
                                        td { a href={ "/corpus/reports/" (r.id) } { (r.organ) } }
                                        td { (super::or_dash(r.place.as_deref())) }
                                        td { (super::or_dash(r.level.as_deref().map(|l| level_label(l, lang)))) }
                                        td { (super::or_dash(r.kind.as_deref().map(|k| kind_label(k, lang)))) }
                                        td { (r.year) @if r.version > 1 { " " small { "v" (r.version) } } }
                                        @if r.errors > 0 {
                                            td.sev-error { "✗ " (r.errors) " " (ctx.t("错误", "errors")) @if r.warnings > 0 { " · " (r.warnings) " " (ctx.t("警告", "warnings")) } }
                                        } @else if r.warnings > 0 {
                                            td.sev-warning { (r.warnings) " " (ctx.t("警告", "warnings")) }
                                        } @else {
                                            td.ok { "✓ " (ctx.t("未发现错误", "no errors")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if v.pages > 1 {
                        nav.pages aria-label=(ctx.t("分页", "Pages")) {
                            @if v.page > 1 { a href=(q.on_page(v.page - 1).href("/corpus", lang)) rel="prev" { (ctx.t("上一页", "Previous")) } " " }
                            @for p in pages_shown(v.page, v.pages) {
                                @match p {
                                    Some(p) if p == v.page => { strong aria-current="page" { (p) } " " },
                                    Some(p) => { a href=(q.on_page(p).href("/corpus", lang)) { (p) } " " },
                                    None => { "… " },
                                }
                            }
                            @if v.page < v.pages { a href=(q.on_page(v.page + 1).href("/corpus", lang)) rel="next" { (ctx.t("下一页", "Next")) } }
                        }
                    }
                }
            }
        },
    )
}

fn sort_label(ctx: &Ctx, s: Sort) -> &'static str {
    match s {
        Sort::Organ => ctx.t("机关", "organ"),
        Sort::Year => ctx.t("年度", "year"),
        Sort::Errors => ctx.t("错误数", "errors"),
        Sort::Place => ctx.t("地区", "place"),
    }
}

/// The page numbers a pager shows: the first, the last and those near this one; `None` for
/// a gap.
fn pages_shown(page: usize, pages: usize) -> Vec<Option<usize>> {
    let mut out = Vec::new();
    for p in 1..=pages {
        if p == 1 || p == pages || p.abs_diff(page) <= 2 {
            out.push(Some(p));
        } else if out.last() != Some(&None) {
            out.push(None);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::pages_shown;

    #[test]
    fn a_pager_shows_the_ends_and_the_pages_near() {
        assert_eq!(pages_shown(1, 1), [Some(1)]);
        assert_eq!(
            pages_shown(6, 20),
            [
                Some(1),
                None,
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                Some(8),
                None,
                Some(20)
            ]
        );
        assert_eq!(pages_shown(2, 4), [Some(1), Some(2), Some(3), Some(4)]);
    }
}
