//! The comparison report of one organ's two years ([`YearOnYear`]) laid out once as a printed
//! document — headings, paragraphs and plain tables — which the DOCX ([`crate::docx::comparison`])
//! and the web page ([`html`]) both draw, so that they hold the same words and figures.

use crate::html::escape;
use crate::sheet::Sheet;
use gongkai_check::year_on_year::{CellChange, RateChange, YearOnYear};
use gongkai_check::Finding;
use gongkai_core::template::SECTIONS;
use gongkai_core::{Lang, TableId};

/// One piece of the printed comparison.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    Title(String),
    Subtitle(String),
    Heading1(String),
    Heading2(String),
    Paragraph(String),
    Table(Table),
}

/// A plain table: its heading row, then rows of text. `widths` are the columns' shares of the
/// line, in any unit. The first `labels` columns hold words, read from the left; the others
/// hold figures, centred.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub head: Vec<String>,
    pub widths: Vec<u32>,
    pub labels: usize,
    pub rows: Vec<Vec<String>>,
}

/// The comparison as pieces, in the language asked for.
pub fn outline(c: &YearOnYear, lang: Lang) -> Vec<Piece> {
    let en = lang.is_english();
    let t = |zh: &str, e: &str| if en { e.to_string() } else { zh.to_string() };
    let (a, b) = (c.before.label(), c.after.label());
    let year = |y: &str| {
        if en {
            y.to_string()
        } else {
            format!("{y}年度")
        }
    };
    let mut out = vec![
        Piece::Title(c.title(en)),
        Piece::Subtitle(if en {
            format!(
                "{} ({a}) and {} ({b})",
                name(&c.before.file),
                name(&c.after.file)
            )
        } else {
            format!(
                "{}（{a}年度）与 {}（{b}年度）",
                name(&c.before.file),
                name(&c.after.file)
            )
        }),
    ];
    out.push(Piece::Heading1(t("一、主要指标", "1. Rates")));
    out.push(Piece::Table(Table {
        head: vec![
            t("指标", "Rate"),
            year(&a),
            year(&b),
            t("变化（百分点）", "Change (points)"),
        ],
        widths: vec![3, 2, 2, 2],
        labels: 1,
        rows: c.rates.iter().map(|r| rate_row(r, en)).collect(),
    }));
    for r in &c.rates {
        out.push(Piece::Paragraph(if en {
            format!("{}: {}.", r.rate.en, r.rate.definition_en)
        } else {
            format!("{}：{}。", r.rate.zh, r.rate.definition_zh)
        }));
    }
    out.push(Piece::Paragraph(t(
        "比率所需单元格缺失、未确定读出或分母为零时，以“—”表示。",
        "A rate is “—” where a cell it needs is missing or not read for certain, or where it is a share of nothing.",
    )));
    if c.uncertain() {
        out.push(Piece::Paragraph(t(
            "数值后标“?”的单元格没能读准，请对照原文核对；其变化不予计算。",
            "A value marked “?” was not read for certain: check it against the original; no change is stated over it.",
        )));
    }
    let numbers = ["二", "三", "四"];
    for (i, table) in c.tables.iter().enumerate() {
        out.push(Piece::Heading1(if en {
            format!("{}. Cells of {}", i + 2, table.table.name_en())
        } else {
            format!("{}、{}", numbers[i], table.table.name_zh())
        }));
        let (row, column) = match table.table {
            TableId::T2 => (t("项目", "Item"), t("栏目", "Column")),
            TableId::T3 | TableId::T4 => (t("行", "Row"), t("列", "Column")),
        };
        out.push(Piece::Table(Table {
            head: vec![row, column, year(&a), year(&b), t("变化", "Change")],
            widths: vec![5, 3, 2, 2, 2],
            labels: 2,
            rows: table.cells.iter().map(cell_row).collect(),
        }));
    }
    out.push(Piece::Heading1(t("五、检查发现的问题", "5. Findings")));
    for (n, y) in [("（一）", &c.before), ("（二）", &c.after)] {
        out.push(Piece::Heading2(if en {
            format!("The {} report alone", y.label())
        } else {
            format!("{n}{}年度报告", y.label())
        }));
        findings(&mut out, &y.findings, en);
    }
    out.push(Piece::Heading2(t("（三）跨年度", "Across the two years")));
    let changed = c.changed();
    out.push(Piece::Paragraph(if en {
        format!("{changed} cells differ from {a} to {b}.")
    } else {
        format!("{a}年度到{b}年度共有 {changed} 个单元格数值不同。")
    }));
    match &c.across.skipped {
        Some(why) => out.push(Piece::Paragraph(why.of(lang).to_string())),
        None => findings(&mut out, &c.across.findings, en),
    }
    text(&mut out, c, en);
    out
}

/// Section 六: each section's share of text repeated from the earlier year, then the
/// repeated passages beside what they repeat.
fn text(out: &mut Vec<Piece>, c: &YearOnYear, en: bool) {
    let t = |zh: &str, e: &str| if en { e.to_string() } else { zh.to_string() };
    let (a, b) = (c.before.label(), c.after.label());
    let heading = |number: u8| {
        SECTIONS
            .iter()
            .find(|s| s.number == number)
            .map_or(String::new(), |s| s.label.text.to_string())
    };
    out.push(Piece::Heading1(t("六、文字对比", "6. The text compared")));
    out.push(Piece::Paragraph(if en {
        format!("How much of each section of the {b} report repeats the same section of the {a} report, in characters, with boilerplate and the template's own sentences left out.")
    } else {
        format!("{b}年度报告各部分文字与{a}年度报告同一部分重复的比例（按字数计，套话和模板原文不计）。")
    }));
    out.push(Piece::Table(Table {
        head: vec![
            t("部分", "Section"),
            t("比较字数", "Characters compared"),
            t("重复字数", "Repeated"),
            t("重复比例", "Share repeated"),
        ],
        widths: vec![5, 2, 2, 2],
        labels: 1,
        rows: c
            .text
            .iter()
            .map(|s| {
                vec![
                    heading(s.section),
                    s.chars.to_string(),
                    s.repeated.to_string(),
                    RateChange::percent((s.chars > 0).then(|| s.share())),
                ]
            })
            .collect(),
    }));
    for s in c.text.iter().filter(|s| !s.passages.is_empty()) {
        out.push(Piece::Heading2(if en {
            format!(
                "{}: {} repeated",
                heading(s.section),
                RateChange::percent(Some(s.share()))
            )
        } else {
            format!(
                "{}：重复 {}",
                heading(s.section),
                RateChange::percent(Some(s.share()))
            )
        }));
        out.push(Piece::Table(Table {
            head: vec![
                if en {
                    format!("{b} report")
                } else {
                    format!("{b}年度报告")
                },
                if en {
                    format!("{a} report")
                } else {
                    format!("{a}年度报告")
                },
                t("相似度", "Similarity"),
            ],
            widths: vec![5, 5, 2],
            labels: 2,
            rows: s
                .passages
                .iter()
                .map(|p| {
                    vec![
                        p.text.clone(),
                        p.source.clone(),
                        RateChange::percent(Some(p.similarity)),
                    ]
                })
                .collect(),
        }));
    }
}

/// A report's file without its folders, as a reader of the document knows it.
fn name(file: &str) -> &str {
    file.rsplit(['/', '\\']).next().unwrap_or(file)
}

fn rate_row(r: &RateChange, en: bool) -> Vec<String> {
    vec![
        if en { r.rate.en } else { r.rate.zh }.to_string(),
        RateChange::percent(r.before),
        RateChange::percent(r.after),
        r.points_text(),
    ]
}

fn cell_row(c: &CellChange) -> Vec<String> {
    vec![
        c.row_label(),
        c.column.to_string(),
        c.before_text(),
        c.after_text(),
        c.change_text(),
    ]
}

/// Each finding as a line, `A101（错误）…`, or that there was none.
fn findings(out: &mut Vec<Piece>, findings: &[Finding], en: bool) {
    if findings.is_empty() {
        out.push(Piece::Paragraph(
            if en {
                "No findings."
            } else {
                "未发现问题。"
            }
            .to_string(),
        ));
    }
    for f in findings {
        out.push(Piece::Paragraph(if en {
            format!("{} ({}): {}", f.code, f.severity.as_str(), f.message.en)
        } else {
            format!("{}（{}）：{}", f.code, f.severity.name_zh(), f.message.zh)
        }));
    }
}

/// The summary workbook of a region's comparisons: an organ a row, with its rates of both
/// years and their changes, how many cells changed, and the findings of each year and across.
pub fn summary(compared: &[YearOnYear], lang: Lang) -> Sheet {
    let en = lang.is_english();
    let t = |zh: &str, e: &str| if en { e.to_string() } else { zh.to_string() };
    let (a, b) = compared
        .first()
        .map(|c| (c.before.label(), c.after.label()))
        .unwrap_or_default();
    let mut header = vec![t("机关", "Organ")];
    for rate in gongkai_core::rates::ALL {
        let name = if en { rate.en } else { rate.zh };
        header.push(format!("{name} {a}"));
        header.push(format!("{name} {b}"));
        header.push(if en {
            format!("{name} change (points)")
        } else {
            format!("{name}变化（百分点）")
        });
    }
    header.extend([
        t("变化的单元格", "Cells changed"),
        if en {
            format!("Findings {a}")
        } else {
            format!("{a}年度问题")
        },
        if en {
            format!("Findings {b}")
        } else {
            format!("{b}年度问题")
        },
        t("跨年度问题", "Findings across years"),
        t("文字重复比例", "Text repeated"),
    ]);
    let rows = compared
        .iter()
        .map(|c| {
            let mut row = vec![c.organ.clone().unwrap_or_default()];
            for r in &c.rates {
                row.extend([
                    RateChange::percent(r.before),
                    RateChange::percent(r.after),
                    r.points_text(),
                ]);
            }
            row.extend([
                c.changed().to_string(),
                c.before.findings.len().to_string(),
                c.after.findings.len().to_string(),
                c.across.findings.len().to_string(),
                RateChange::percent(c.repeated_share()),
            ]);
            row
        })
        .collect();
    Sheet {
        title: t("对比汇总", "Comparisons"),
        header,
        rows,
    }
}

const STYLE: &str = "body{font-family:\"FangSong\",\"STFangsong\",\"Songti SC\",serif;max-width:60em;margin:2em auto;line-height:1.7;padding:0 1em}\
h1{text-align:center;font-size:1.5em}.subtitle{text-align:center}h2{font-size:1.15em}h3{font-size:1em}\
table{border-collapse:collapse;margin:1em auto;font-size:.9em;width:100%}\
td,th{border:1px solid #333;padding:.25em .5em}th{font-weight:normal;background:#f4f4f4}\
td.n{text-align:center;white-space:nowrap}";

/// One self-contained page: no script, no external font or style; every text escaped.
pub fn html(c: &YearOnYear, lang: Lang) -> String {
    let title = escape(&c.title(lang.is_english()));
    let html_lang = if lang.is_english() { "en" } else { "zh-CN" };
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<article>\n"
    );
    for piece in outline(c, lang) {
        match piece {
            Piece::Title(s) => out += &format!("<h1>{}</h1>\n", escape(&s)),
            Piece::Subtitle(s) => out += &format!("<p class=\"subtitle\">{}</p>\n", escape(&s)),
            Piece::Heading1(s) => out += &format!("<h2>{}</h2>\n", escape(&s)),
            Piece::Heading2(s) => out += &format!("<h3>{}</h3>\n", escape(&s)),
            Piece::Paragraph(s) => out += &format!("<p>{}</p>\n", escape(&s)),
            Piece::Table(t) => out += &table(&t),
        }
    }
    out += "</article>\n</body>\n</html>\n";
    out
}

/// A table; the columns after the labels hold figures and are centred.
fn table(t: &Table) -> String {
    let mut out = String::from("<table>\n<thead><tr>");
    for h in &t.head {
        out += &format!("<th scope=\"col\">{}</th>", escape(h));
    }
    out += "</tr></thead>\n<tbody>\n";
    for row in &t.rows {
        out += "<tr>";
        for (i, cell) in row.iter().enumerate() {
            let class = if i >= t.labels { " class=\"n\"" } else { "" };
            out += &format!("<td{class}>{}</td>", escape(cell));
        }
        out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_core::{Certainty, Inference};

    #[test]
    fn an_uncertain_cell_is_printed_with_a_mark_and_no_change() {
        let before = crate::testing::example();
        let mut after = before.clone();
        after.year = before.year.map(|y| y + 1);
        let key = after.cells[0].key.clone();
        after.cells[0].certainty = Certainty::Uncertain(Inference::Position);
        let c = gongkai_check::year_on_year::compare(&before, &after);
        let pieces = outline(&c, Lang::Zh);
        let value = after.value(&key).unwrap().to_string();
        let marked = pieces.iter().any(|p| match p {
            Piece::Table(t) => t
                .rows
                .iter()
                .any(|r| r[3] == format!("{value}?") && r[4] == "?"),
            _ => false,
        });
        assert!(marked, "{key} printed {value}? with no change");
        assert!(pieces
            .iter()
            .any(|p| matches!(p, Piece::Paragraph(s) if s.starts_with("数值后标“?”"))));
        // Read for certain, no mark and no note.
        let plain = outline(
            &gongkai_check::year_on_year::compare(&before, &before),
            Lang::Zh,
        );
        assert!(!plain
            .iter()
            .any(|p| matches!(p, Piece::Paragraph(s) if s.starts_with("数值后标“?”"))));
    }
}
