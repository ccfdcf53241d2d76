//! The charts page: each chart drawn as SVG inside the page, by the same templates as every
//! other page (so a label is escaped like any text), with no script and no font fetched, and
//! each followed by its numbers as a table. Bars are labelled in words, with their counts and
//! shares; rates with what they are of. One chart alone is an SVG image ([`image`]).

use super::organ::organ_href;
use super::{page, Ctx};
use crate::service::charts::{ChartsView, OutcomesView, Rate, RatesRow};
use maud::{html, Markup};

/// The height of a chart's text, in pixels.
const FONT: f64 = 13.0;
/// The fonts the browser has: none is fetched.
const FONTS: &str =
    "PingFang SC, Microsoft YaHei, Noto Sans CJK SC, Source Han Sans SC, sans-serif";
/// One bar's line, and the bar's thickness in it.
const ROW: f64 = 26.0;
const BAR: f64 = 16.0;
/// Above the first bar; below the last, the scale's marks.
const TOP_PAD: f64 = 10.0;
const AXIS: f64 = 28.0;
/// A chart's usual width, and the widest a label is drawn (the table holds it whole).
const WIDTH: f64 = 760.0;
const LABEL_MAX: f64 = 280.0;
/// The colours of a chart's series: blue, and orange for the second.
const COLOURS: [&str; 2] = ["#1f5fa8", "#c2410c"];

/// A chart's scale: from 0 to `max`, marked at `ticks`.
#[derive(Debug, PartialEq)]
pub struct Scale {
    pub max: f64,
    pub ticks: Vec<f64>,
    percent: bool,
}

impl Scale {
    /// A scale of counts that holds `max`: from 0 to a round number at or above it, marked
    /// every 1, 2 or 5 times a power of ten (every 1 at least). None when there is nothing
    /// above zero to draw.
    pub fn counts(max: f64) -> Option<Scale> {
        if !(max.is_finite() && max > 0.0) {
            return None;
        }
        let raw = max / 4.0;
        let step = if raw <= 1.0 {
            1.0
        } else {
            let magnitude = 10f64.powi(raw.log10().floor() as i32);
            let f = raw / magnitude;
            magnitude
                * if f <= 1.0 {
                    1.0
                } else if f <= 2.0 {
                    2.0
                } else if f <= 5.0 {
                    5.0
                } else {
                    10.0
                }
        };
        let n = ((max / step) - 1e-9).ceil().max(1.0) as usize;
        Some(Scale {
            max: step * n as f64,
            ticks: (0..=n).map(|i| step * i as f64).collect(),
            percent: false,
        })
    }

    /// Rates, from 0 to 100%, marked every 25%.
    pub fn rates() -> Scale {
        Scale {
            max: 1.0,
            ticks: vec![0.0, 0.25, 0.5, 0.75, 1.0],
            percent: true,
        }
    }

    /// How far along `length` a value lies: 0 at 0, all of it at `max`.
    pub fn at(&self, v: f64, length: f64) -> f64 {
        (v / self.max).clamp(0.0, 1.0) * length
    }

    /// A mark's words: `50` or `25%`.
    fn mark(&self, v: f64) -> String {
        if self.percent {
            format!("{}%", (v * 100.0).round() as i64)
        } else {
            count(v)
        }
    }
}

/// A count as printed: a whole number without decimals.
pub fn count(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// A share, from 0 to 1, as a percentage: `45.6%`.
pub fn percent(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

/// A length in the SVG: a tenth of a pixel at most.
fn px(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// About how wide text is drawn: a Chinese character an em, a Latin letter or digit 0.6 em.
pub fn text_width(s: &str) -> f64 {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> f64 {
    if c.is_ascii() {
        0.6 * FONT
    } else {
        FONT
    }
}

/// Text cut to a width, with `…` where it was cut.
fn fit(s: &str, width: f64) -> String {
    if text_width(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = char_width('…');
    for c in s.chars() {
        w += char_width(c);
        if w > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// One bar: its label, its length on the scale (none when there is nothing to draw) and the
/// words beside it.
struct Bar {
    label: String,
    value: Option<f64>,
    text: String,
    series: usize,
}

/// A chart of horizontal bars over a scale.
pub struct Chart {
    id: &'static str,
    title: String,
    bars: Vec<Bar>,
    scale: Scale,
}

impl Chart {
    /// The chart, or none when it has nothing to draw.
    fn of(id: &'static str, title: String, bars: Vec<Bar>, scale: Option<Scale>) -> Option<Chart> {
        let scale = scale?;
        bars.iter().any(|b| b.value.is_some()).then_some(Chart {
            id,
            title,
            bars,
            scale,
        })
    }

    /// The chart as an `svg` element, for a page or alone.
    pub fn svg(&self, ctx: &Ctx) -> Markup {
        let labels: Vec<String> = self.bars.iter().map(|b| fit(&b.label, LABEL_MAX)).collect();
        let left = labels.iter().map(|l| text_width(l)).fold(0.0, f64::max) + 12.0;
        let right = self
            .bars
            .iter()
            .map(|b| text_width(&b.text))
            .fold(0.0, f64::max)
            + 12.0;
        let plot = (WIDTH - left - right).max(240.0);
        let width = left + plot + right;
        let bottom = TOP_PAD + ROW * self.bars.len() as f64;
        let height = bottom + AXIS;
        let (title, desc) = (format!("{}-title", self.id), format!("{}-desc", self.id));
        let sep = ctx.t("：", ": ");
        html! {
            svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby={ (title) " " (desc) }
                width=(px(width)) height=(px(height)) viewBox={ "0 0 " (px(width)) " " (px(height)) }
                font-size=(FONT) font-family=(FONTS) {
                title id=(title) { (self.title) }
                desc id=(desc) {
                    @for (i, b) in self.bars.iter().enumerate() {
                        @if i > 0 { (ctx.t("；", "; ")) }
                        (b.label) (sep) (b.text)
                    }
                }
                g fill="#555" {
                    @for t in &self.scale.ticks {
                        @let x = left + self.scale.at(*t, plot);
                        line x1=(px(x)) y1=(px(TOP_PAD - 4.0)) x2=(px(x)) y2=(px(bottom)) stroke="#e3e3e3" {}
                        text x=(px(x)) y=(px(bottom + 18.0)) text-anchor="middle" { (self.scale.mark(*t)) }
                    }
                    line x1=(px(left)) y1=(px(TOP_PAD - 4.0)) x2=(px(left)) y2=(px(bottom)) stroke="#888" {}
                }
                @for (i, (bar, label)) in self.bars.iter().zip(&labels).enumerate() {
                    @let y = TOP_PAD + ROW * i as f64;
                    @let baseline = px(y + ROW / 2.0 + FONT * 0.35);
                    g {
                        title { (bar.label) (sep) (bar.text) }
                        text x=(px(left - 6.0)) y=(baseline) text-anchor="end" { (label) }
                        @match bar.value {
                            Some(v) => {
                                @let w = self.scale.at(v, plot);
                                @if w > 0.0 {
                                    rect x=(px(left)) y=(px(y + (ROW - BAR) / 2.0)) width=(px(w.max(1.0))) height=(px(BAR))
                                        fill=(COLOURS[bar.series % COLOURS.len()]) {}
                                }
                                text x=(px(left + w + 5.0)) y=(baseline) { (bar.text) }
                            },
                            None => text x=(px(left + 5.0)) y=(baseline) fill="#666" { (bar.text) },
                        }
                    }
                }
            }
        }
    }
}

/// "No data", where a chart would be.
fn no_data(ctx: &Ctx) -> Markup {
    html! { p.nodata { (ctx.t("无数据", "No data")) } }
}

/// A rate's words: `45.6% · 12/34`, or "no data" when it is of nothing.
fn rate_text(ctx: &Ctx, r: &Rate) -> String {
    match r.rate {
        Some(v) => format!("{} · {}/{}", percent(v), count(r.count), count(r.of)),
        None => ctx.t("无数据", "no data").to_string(),
    }
}

fn requests(ctx: &Ctx, n: f64) -> String {
    if !ctx.lang().is_english() {
        format!("{} 件", count(n))
    } else if n == 1.0 {
        "1 request".to_string()
    } else {
        format!("{} requests", count(n))
    }
}

fn outcomes_title(ctx: &Ctx, year: Option<i64>) -> String {
    let year = year.map(|y| y.to_string()).unwrap_or_default();
    if ctx.lang().is_english() {
        format!("Requests by outcome, {year}")
    } else {
        format!("{year} 年申请办理结果")
    }
}

/// A year's requests by outcome: each outcome's requests and share of them all.
pub fn outcomes_chart(ctx: &Ctx, v: &OutcomesView) -> Option<Chart> {
    let max = v.outcomes.iter().map(|o| o.requests).fold(0.0, f64::max);
    let bars = v
        .outcomes
        .iter()
        .map(|o| Bar {
            label: o.label.clone(),
            value: Some(o.requests),
            text: match o.share {
                Some(s) => format!("{} · {}", requests(ctx, o.requests), percent(s)),
                None => requests(ctx, o.requests),
            },
            series: 0,
        })
        .collect();
    Chart::of(
        "chart-outcomes",
        outcomes_title(ctx, v.year),
        bars,
        Scale::counts(max),
    )
}

fn years_title(ctx: &Ctx, organ: Option<&str>) -> String {
    match organ {
        Some(o) if ctx.lang().is_english() => {
            format!("Disclosure and review correction rates of {o} by year")
        }
        Some(o) => format!("{o}各年度公开率和复议纠错率"),
        None => ctx
            .t(
                "各年度公开率和复议纠错率",
                "Disclosure and review correction rates by year",
            )
            .to_string(),
    }
}

/// 公开率 and 复议纠错率 of each year: two bars a year.
pub fn years_chart(ctx: &Ctx, rows: &[RatesRow], organ: Option<&str>) -> Option<Chart> {
    let (disclosure, correction) = (
        ctx.t("公开率", "disclosure"),
        ctx.t("复议纠错率", "correction"),
    );
    let bars = rows
        .iter()
        .flat_map(|r| {
            [
                Bar {
                    label: format!("{} {disclosure}", r.year),
                    value: r.disclosure.rate,
                    text: rate_text(ctx, &r.disclosure),
                    series: 0,
                },
                Bar {
                    label: format!("{} {correction}", r.year),
                    value: r.correction.rate,
                    text: rate_text(ctx, &r.correction),
                    series: 1,
                },
            ]
        })
        .collect();
    let id = if organ.is_some() {
        "chart-organ"
    } else {
        "chart-years"
    };
    Chart::of(id, years_title(ctx, organ), bars, Some(Scale::rates()))
}

fn place_name<'a>(ctx: &Ctx, r: &'a RatesRow) -> &'a str {
    r.group
        .as_deref()
        .unwrap_or(ctx.t("地区不明", "place unknown"))
}

fn places_title(ctx: &Ctx, year: Option<i64>) -> String {
    let year = year.map(|y| y.to_string()).unwrap_or_default();
    if ctx.lang().is_english() {
        format!("Disclosure rate by place, {year}")
    } else {
        format!("{year} 年各地区公开率")
    }
}

fn organs_title(ctx: &Ctx, year: Option<i64>) -> String {
    let year = year.map(|y| y.to_string()).unwrap_or_default();
    if ctx.lang().is_english() {
        format!("Disclosure rate by organ, {year}")
    } else {
        format!("{year} 年各机关公开率")
    }
}

/// A year's 公开率 by place or by organ.
fn groups_chart(
    ctx: &Ctx,
    id: &'static str,
    title: String,
    rows: &[RatesRow],
    name: &dyn Fn(&RatesRow) -> String,
) -> Option<Chart> {
    let bars = rows
        .iter()
        .map(|r| Bar {
            label: name(r),
            value: r.disclosure.rate,
            text: rate_text(ctx, &r.disclosure),
            series: 0,
        })
        .collect();
    Chart::of(id, title, bars, Some(Scale::rates()))
}

pub fn places_chart(ctx: &Ctx, v: &ChartsView) -> Option<Chart> {
    groups_chart(
        ctx,
        "chart-places",
        places_title(ctx, v.year),
        &v.by_place,
        &|r| place_name(ctx, r).to_string(),
    )
}

pub fn organs_chart(ctx: &Ctx, v: &ChartsView) -> Option<Chart> {
    groups_chart(
        ctx,
        "chart-organs",
        organs_title(ctx, v.year),
        &v.by_organ,
        &|r| r.group.clone().unwrap_or_default(),
    )
}

/// One chart alone, as an SVG document (a "no data" image when there is nothing to draw).
pub fn image(ctx: &Ctx, chart: Option<Chart>) -> Markup {
    match chart {
        Some(c) => c.svg(ctx),
        None => html! {
            svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-none" width="300" height="40"
                viewBox="0 0 300 40" font-size=(FONT) font-family=(FONTS) {
                title id="chart-none" { (ctx.t("无数据", "No data")) }
                text x="10" y="25" { (ctx.t("无数据", "No data")) }
            }
        },
    }
}

/// A chart and its table, or "no data".
fn figure(ctx: &Ctx, chart: Option<Chart>, table: impl FnOnce(&str) -> Markup) -> Markup {
    html! {
        @match chart {
            Some(c) => {
                div.chart { (c.svg(ctx)) }
                (table(&c.title))
            },
            None => (no_data(ctx)),
        }
    }
}

fn outcomes_table(ctx: &Ctx, v: &OutcomesView, caption: &str) -> Markup {
    html! {
        table.data {
            caption { (caption) }
            thead {
                tr {
                    th scope="col" { (ctx.t("办理结果", "Outcome")) }
                    th scope="col" { (ctx.t("申请（件）", "Requests")) }
                    th scope="col" { (ctx.t("占比", "Share")) }
                }
            }
            tbody {
                @for o in &v.outcomes {
                    tr {
                        th scope="row" { (o.label) }
                        td.num { (count(o.requests)) }
                        td.num { (o.share.map_or("—".to_string(), percent)) }
                    }
                }
            }
            tfoot {
                tr {
                    th scope="row" { (ctx.t("合计", "Total")) }
                    td.num { (count(v.total)) }
                    td.num { (percent(1.0)) }
                }
            }
        }
    }
}

/// The figures behind rates: each group's reports, requests, and both rates with what they
/// are of.
fn rates_table(
    ctx: &Ctx,
    caption: &str,
    first: &str,
    rows: &[RatesRow],
    name: &dyn Fn(&RatesRow) -> Markup,
) -> Markup {
    let rate = |r: &Rate| r.rate.map_or("—".to_string(), percent);
    html! {
        table.data {
            caption { (caption) }
            thead {
                tr {
                    th scope="col" { (first) }
                    th scope="col" { (ctx.t("报告（份）", "Reports")) }
                    th scope="col" { (ctx.t("新收申请（件）", "Requests received")) }
                    th scope="col" { (ctx.t("予以公开和部分公开（件）", "Disclosed in whole or part")) }
                    th scope="col" { (ctx.t("办理结果总计（件）", "Results in all")) }
                    th scope="col" { (ctx.t("公开率", "Disclosure rate")) }
                    th scope="col" { (ctx.t("复议纠错（件）", "Reviews corrected")) }
                    th scope="col" { (ctx.t("复议审结（件）", "Reviews decided")) }
                    th scope="col" { (ctx.t("复议纠错率", "Review correction rate")) }
                }
            }
            tbody {
                @for r in rows {
                    tr {
                        th scope="row" { (name(r)) }
                        td.num { (r.reports) }
                        td.num { (count(r.received)) }
                        td.num { (count(r.disclosure.count)) }
                        td.num { (count(r.disclosure.of)) }
                        td.num { (rate(&r.disclosure)) }
                        td.num { (count(r.correction.count)) }
                        td.num { (count(r.correction.of)) }
                        td.num { (rate(&r.correction)) }
                    }
                }
            }
        }
    }
}

/// How many of how many groups a chart shows, when it does not show them all.
fn shown(ctx: &Ctx, shown: usize, of: usize, zh: &str, en: &str) -> Markup {
    html! {
        @if shown < of {
            p.muted {
                @if ctx.lang().is_english() {
                    "The " (shown) " of " (of) " " (en) " that received the most requests."
                } @else {
                    (of) " 个" (zh) "中收到申请最多的 " (shown) " 个。"
                }
            }
        } @else {
            p.muted { (ctx.t("按收到申请数从多到少排列。", "Most requests received first.")) }
        }
    }
}

/// `GET /corpus/charts`.
pub fn charts(ctx: &Ctx, v: &ChartsView) -> Markup {
    let title = ctx.t("图表", "Charts");
    let rates = ctx.t("公开率", "Disclosure rate");
    page(
        ctx,
        title,
        html! {
            h1 { (title) }
            @if !v.years.is_empty() {
                nav.years aria-label=(ctx.t("年度", "Year")) {
                    (ctx.t("年度：", "Year: "))
                    @for y in &v.years {
                        a href={ "/corpus/charts?year=" (y) } aria-current=[(Some(*y) == v.year).then_some("page")] { (y) }
                        " "
                    }
                }
            }
            dl.defs {
                dt { (rates) }
                dd { (ctx.t(
                    "予以公开和部分公开的申请占办理结果总计的比例（表三）。",
                    "Requests disclosed in whole or in part, of all the results (table 3).",
                )) }
                dt { (ctx.t("复议纠错率", "Review correction rate")) }
                dd { (ctx.t(
                    "结果纠正的行政复议占已审结（结果维持、结果纠正、其他结果）的比例（表四）。",
                    "Administrative reviews that corrected the organ, of those decided: upheld, corrected or otherwise ended (table 4).",
                )) }
            }
            section #outcomes {
                h2 { (outcomes_title(ctx, v.year)) }
                p.muted { (ctx.t(
                    "表三“总计”列各项办理结果在本年度全部报告中的合计；占比为占各项合计的比例。",
                    "Each outcome of table 3's total column, summed over the year's reports; shares are of all the outcomes.",
                )) }
                (figure(ctx, outcomes_chart(ctx, &v.outcomes), |c| outcomes_table(ctx, &v.outcomes, c)))
            }
            section #years {
                h2 { (years_title(ctx, None)) }
                (figure(ctx, years_chart(ctx, &v.by_year, None), |c| {
                    rates_table(ctx, c, ctx.t("年度", "Year"), &v.by_year, &|r| html! { (r.year) })
                }))
            }
            section #places {
                h2 { (places_title(ctx, v.year)) }
                (shown(ctx, v.by_place.len(), v.places, "地区", "places"))
                (figure(ctx, places_chart(ctx, v), |c| {
                    rates_table(ctx, c, ctx.t("地区", "Place"), &v.by_place, &|r| html! { (place_name(ctx, r)) })
                }))
            }
            section #organs {
                h2 { (organs_title(ctx, v.year)) }
                (shown(ctx, v.by_organ.len(), v.organs, "机关", "organs"))
                (figure(ctx, organs_chart(ctx, v), |c| {
                    rates_table(ctx, c, ctx.t("机关", "Organ"), &v.by_organ, &|r| {
                        let name = r.group.as_deref().unwrap_or_default();
                        html! { a href=(organ_href(name)) { (name) } }
                    })
                }))
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_scales_end_at_a_round_number_above_the_largest() {
        let s = Scale::counts(7.0).unwrap();
        assert_eq!(
            (s.max, s.ticks.clone()),
            (8.0, vec![0.0, 2.0, 4.0, 6.0, 8.0])
        );
        let s = Scale::counts(123.0).unwrap();
        assert_eq!(s.ticks, vec![0.0, 50.0, 100.0, 150.0]);
        let s = Scale::counts(3.0).unwrap();
        assert_eq!(s.ticks, vec![0.0, 1.0, 2.0, 3.0]);
        // A scale of counts marks whole numbers, even for one request.
        assert_eq!(Scale::counts(1.0).unwrap().ticks, vec![0.0, 1.0]);
        assert_eq!(Scale::counts(0.4).unwrap().ticks, vec![0.0, 1.0]);
        let s = Scale::counts(40_000.0).unwrap();
        assert_eq!((s.max, s.ticks.len()), (40_000.0, 5));
        for max in [1.0, 2.0, 5.0, 9.0, 11.0, 99.0, 101.0, 999.0, 12_345.0] {
            let s = Scale::counts(max).unwrap();
            assert!(s.max >= max && s.max <= max * 2.5 + 1.0, "{max}: {s:?}");
            assert!(s.ticks.len() >= 2 && s.ticks.len() <= 6, "{max}: {s:?}");
            assert!(s.ticks.iter().all(|t| t.fract() == 0.0), "{max}: {s:?}");
        }
        assert_eq!(Scale::counts(0.0), None);
        assert_eq!(Scale::counts(f64::NAN), None);
    }

    #[test]
    fn bars_are_as_long_as_their_value() {
        let s = Scale::counts(8.0).unwrap();
        assert_eq!(s.at(4.0, 200.0), 100.0);
        assert_eq!(s.at(8.0, 200.0), 200.0);
        assert_eq!(s.at(0.0, 200.0), 0.0);
        let r = Scale::rates();
        assert_eq!(r.at(0.25, 400.0), 100.0);
        assert_eq!(r.at(1.5, 400.0), 400.0, "clamped");
        assert_eq!(r.mark(0.75), "75%");
    }

    #[test]
    fn numbers_and_shares_in_words() {
        assert_eq!(count(123.0), "123");
        assert_eq!(count(2.5), "2.5");
        assert_eq!(percent(0.456), "45.6%");
        assert_eq!(percent(1.0), "100.0%");
        assert_eq!(px(12.04), "12");
        assert_eq!(px(12.26), "12.3");
    }

    #[test]
    fn long_labels_are_cut_to_fit() {
        let long = "某某省某某市某某区住房和城乡建设局某某分局某某中心某某办公室";
        let cut = fit(long, LABEL_MAX);
        assert!(cut.ends_with('…') && text_width(&cut) <= LABEL_MAX, "{cut}");
        assert_eq!(fit("教育局", LABEL_MAX), "教育局");
        assert!(text_width("ab") < text_width("教育"));
    }
}
