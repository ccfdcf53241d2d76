//! Charts drawn on the server as SVG: requests by outcome, 公开率 and 复议纠错率 over the years
//! and across organs. No script and no font is fetched: the browser draws them with its own.

use crate::auth::Who;
use crate::error::AppError;
use crate::i18n::t;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use gongkai_core::template::{RowKind, TableId};
use gongkai_core::{Template, Version};
use gongkai_render::html::escape;
use gongkai_store::query;
use std::collections::HashMap;

#[derive(serde::Deserialize, Default)]
pub struct ChartQuery {
    year: Option<i64>,
    name: Option<String>,
}

/// `GET /charts/{name}.svg`-like routes: `outcomes`, `rates`, `organs`, `organ`.
pub async fn svg(
    State(state): State<AppState>,
    who: Who,
    Path(name): Path<String>,
    Query(q): Query<ChartQuery>,
) -> Result<Response, AppError> {
    who.may_read()?;
    let en = who.lang;
    let svg = match name.as_str() {
        "outcomes" => {
            let year = q.year.unwrap_or(0);
            let rows = outcomes(&state, year, en).await?;
            bars(
                &rows
                    .iter()
                    .map(|(l, _, v)| (l.clone(), *v))
                    .collect::<Vec<_>>(),
                t(en, "件", "requests"),
                false,
            )
        }
        "rates" => {
            let rows = state
                .db(|db| Ok(query::stats(db, query::By::Year, &Default::default())?))
                .await?;
            rates(&rows, en)
        }
        "organ" => {
            let only = query::Only {
                year: None,
                organ: q.name.clone(),
            };
            let rows = state
                .db(move |db| Ok(query::stats(db, query::By::Organ, &only)?))
                .await?;
            rates(&rows, en)
        }
        "organs" => {
            let year = q.year.unwrap_or(0);
            let only = query::Only {
                year: Some(year),
                organ: None,
            };
            let rows = state
                .db(move |db| Ok(query::stats(db, query::By::Organ, &only)?))
                .await?;
            let mut rows: Vec<_> = rows
                .into_iter()
                .filter(|s| s.year == year && s.disclosure_rate.is_some())
                .collect();
            rows.sort_by(|a, b| b.received.total_cmp(&a.received));
            rows.truncate(30);
            bars(
                &rows
                    .iter()
                    .map(|s| (s.group.clone(), s.disclosure_rate.unwrap_or(0.0) * 100.0))
                    .collect::<Vec<_>>(),
                "%",
                true,
            )
        }
        _ => {
            return Err(AppError::not_found(
                format!("没有图表 {name}"),
                format!("no chart {name}"),
            ))
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        svg,
    )
        .into_response())
}

/// Requests by outcome in a year, summed over the current reports: the outcome terms
/// （一）…（六） of table 三's total column, each group as the sum of its sub-rows where the
/// reports print them.
pub async fn outcomes(
    state: &AppState,
    year: i64,
    lang: gongkai_core::Lang,
) -> Result<Vec<(String, String, f64)>, AppError> {
    let totals = state.db(move |db| Ok(query::totals(db, year)?)).await?;
    let version = if year >= 2021 {
        Version::V2021
    } else {
        Version::V2019
    };
    let rows = Template::get(version).table(TableId::T3).rows;
    let from = rows.iter().position(|r| r.id == "granted").unwrap_or(0);
    let to = rows
        .iter()
        .position(|r| r.id == "results_total")
        .unwrap_or(rows.len());
    let mut out = Vec::new();
    for row in &rows[from..to] {
        let label = gongkai_check::short_label(row.label.text).to_string();
        let value = match (row.kind, row.group) {
            (RowKind::Group, _) => {
                let subs: f64 = rows
                    .iter()
                    .filter(|r| r.group == Some(row.id))
                    .filter_map(|r| totals.get(&format!("t3.{}.total", r.id)))
                    .sum();
                let own = totals
                    .get(&format!("t3.{}.total", row.id))
                    .copied()
                    .unwrap_or(0.0);
                subs.max(own)
            }
            (RowKind::Data, None) => totals
                .get(&format!("t3.{}.total", row.id))
                .copied()
                .unwrap_or(0.0),
            _ => continue,
        };
        let label = if lang.is_english() {
            format!("t3.{}", row.id)
        } else {
            label
        };
        out.push((label, format!("t3.{}.total", row.id), value));
    }
    Ok(out)
}

const PALETTE: [&str; 2] = ["#1f5fa8", "#c2410c"];

fn number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// A bar chart: vertical bars, or horizontal ones for long labels.
fn bars(rows: &[(String, f64)], unit: &str, horizontal: bool) -> String {
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max).max(1e-9);
    if rows.is_empty() {
        return empty();
    }
    if horizontal {
        let (w, row_h, left) = (760.0, 22.0, 300.0);
        let h = rows.len() as f64 * row_h + 20.0;
        let mut s = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-size=\"12\">"
        );
        for (i, (label, v)) in rows.iter().enumerate() {
            let y = 10.0 + i as f64 * row_h;
            let len = (w - left - 70.0) * v / max;
            s += &format!(
                "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{left}\" y=\"{}\" width=\"{len:.1}\" height=\"{}\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{}\">{}{unit}</text>",
                left - 6.0,
                y + 14.0,
                escape(label),
                y + 3.0,
                row_h - 6.0,
                PALETTE[0],
                left + len + 4.0,
                y + 14.0,
                number(*v),
            );
        }
        return s + "</svg>";
    }
    let (w, h, bottom) = (760.0, 320.0, 70.0);
    let slot = (w - 40.0) / rows.len() as f64;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-size=\"12\">\
         <line x1=\"20\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#999\"/>",
        h - bottom,
        w - 20.0,
        h - bottom
    );
    for (i, (label, v)) in rows.iter().enumerate() {
        let x = 20.0 + i as f64 * slot;
        let bar = (h - bottom - 30.0) * v / max;
        s += &format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bar:.1}\" fill=\"{}\"><title>{} {}{unit}</title></rect>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\
             <text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x + slot * 0.15,
            h - bottom - bar,
            slot * 0.7,
            PALETTE[0],
            escape(label),
            number(*v),
            x + slot / 2.0,
            h - bottom - bar - 4.0,
            number(*v),
            x + slot / 2.0,
            h - bottom + 16.0,
            escape(label),
        );
    }
    s + "</svg>"
}

/// 公开率 and 复议纠错率 over the years of the figures.
fn rates(rows: &[query::Stats], en: gongkai_core::Lang) -> String {
    lines(
        &rows.iter().map(|s| s.year).collect::<Vec<_>>(),
        &[
            (
                t(en, "公开率", "disclosure rate"),
                rows.iter().map(|s| s.disclosure_rate).collect(),
            ),
            (
                t(en, "复议纠错率", "review correction rate"),
                rows.iter().map(|s| s.correction_rate).collect(),
            ),
        ],
    )
}

/// A line chart of rates (0 to 1) over years, as percentages.
fn lines(years: &[i64], series: &[(&str, Vec<Option<f64>>)]) -> String {
    let mut xs: Vec<i64> = years.to_vec();
    xs.dedup();
    if xs.is_empty() {
        return empty();
    }
    let (w, h, left, bottom) = (760.0, 300.0, 50.0, 40.0);
    let step = if xs.len() > 1 {
        (w - left - 30.0) / (xs.len() - 1) as f64
    } else {
        0.0
    };
    let x_of = |i: usize| left + i as f64 * step;
    let y_of = |v: f64| h - bottom - (h - bottom - 20.0) * v.clamp(0.0, 1.0);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-size=\"12\">"
    );
    for pct in [0, 25, 50, 75, 100] {
        let y = y_of(pct as f64 / 100.0);
        s += &format!(
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"#ddd\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{pct}%</text>",
            w - 20.0,
            left - 6.0,
            y + 4.0
        );
    }
    for (i, y) in xs.iter().enumerate() {
        s += &format!(
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{y}</text>",
            x_of(i),
            h - bottom + 18.0
        );
    }
    let by_year: Vec<HashMap<i64, f64>> = series
        .iter()
        .map(|(_, values)| {
            years
                .iter()
                .zip(values)
                .filter_map(|(y, v)| Some((*y, (*v)?)))
                .collect()
        })
        .collect();
    for (n, ((name, _), values)) in series.iter().zip(&by_year).enumerate() {
        let colour = PALETTE[n % PALETTE.len()];
        let points: Vec<String> = xs
            .iter()
            .enumerate()
            .filter_map(|(i, y)| Some(format!("{:.1},{:.1}", x_of(i), y_of(*values.get(y)?))))
            .collect();
        s += &format!(
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"/>",
            points.join(" ")
        );
        for p in &points {
            let (x, y) = p.split_once(',').unwrap_or(("0", "0"));
            s += &format!("<circle cx=\"{x}\" cy=\"{y}\" r=\"3\" fill=\"{colour}\"/>");
        }
        s += &format!(
            "<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\">{}</text>",
            left + 10.0 + n as f64 * 180.0,
            4.0,
            left + 28.0 + n as f64 * 180.0,
            14.0,
            escape(name)
        );
    }
    s + "</svg>"
}

fn empty() -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"40\"><text x=\"10\" y=\"25\">—</text></svg>".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_escape_labels_and_draw_every_bar() {
        let svg = bars(
            &[("<b>甲</b>".into(), 3.0), ("乙".into(), 1.0)],
            "件",
            false,
        );
        assert!(svg.contains("&lt;b&gt;甲"));
        assert_eq!(svg.matches("<rect").count(), 2);
        let svg = lines(&[2022, 2023], &[("公开率", vec![Some(0.5), Some(0.75)])]);
        assert_eq!(svg.matches("<circle").count(), 2);
    }
}
