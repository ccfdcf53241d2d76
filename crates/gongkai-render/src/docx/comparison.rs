//! The comparison report of two years as a Word document, in the same official-document
//! format as a report ([`super`]): the pieces of [`crate::comparison::outline`] as the title,
//! headings, body paragraphs and bordered tables whose heading row repeats on every page.

use super::style::{self, Style, TEXT_WIDTH};
use super::xml::{val, El};
use super::{package, paragraph, run, section_properties, ROW_HEIGHT, W};
use crate::comparison::{outline, Piece, Table};
use gongkai_check::year_on_year::YearOnYear;
use gongkai_core::Lang;

pub fn render(c: &YearOnYear, lang: Lang) -> Vec<u8> {
    let mut body = Vec::new();
    for piece in outline(c, lang) {
        match piece {
            Piece::Title(s) => body.push(paragraph(Style::Title, &s)),
            Piece::Subtitle(s) => body.push(paragraph(Style::Subtitle, &s)),
            Piece::Heading1(s) => body.push(paragraph(Style::Heading1, &s)),
            Piece::Heading2(s) => body.push(paragraph(Style::Heading2, &s)),
            Piece::Paragraph(s) => body.push(paragraph(Style::Body, &s)),
            Piece::Table(t) => {
                body.push(table(&t));
                // Word needs a paragraph between a table and what follows.
                body.push(El::new("w:p"));
            }
        }
    }
    let document = El::new("w:document")
        .attr("xmlns:w", W)
        .attr("xmlns:r", package::R)
        .child(El::new("w:body").children(body).child(section_properties()))
        .part();
    package::write(document, &c.title(lang.is_english()))
}

/// The columns' widths in twentieths of a point: the shares of the 版心, the last column
/// taking what the division leaves so that the table is exactly as wide.
fn widths(shares: &[u32]) -> Vec<u32> {
    let whole: u32 = shares.iter().sum::<u32>().max(1);
    let mut out: Vec<u32> = shares.iter().map(|s| TEXT_WIDTH * s / whole).collect();
    let used: u32 = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last += TEXT_WIDTH - used;
    }
    out
}

fn table(t: &Table) -> El {
    let widths = widths(&t.widths);
    let labels = t.labels;
    let row = |cells: &[String], heading: bool| {
        let mut properties = El::new("w:trPr").child(El::new("w:cantSplit")).child(
            El::new("w:trHeight")
                .attr("w:val", ROW_HEIGHT)
                .attr("w:hRule", "atLeast"),
        );
        if heading {
            properties = properties.child(El::new("w:tblHeader"));
        }
        El::new("w:tr")
            .child(properties)
            .children(cells.iter().enumerate().map(|(i, text)| {
                // Labels read from the left; the figures and the heading row are centred.
                let align = if i < labels && !heading {
                    "left"
                } else {
                    "center"
                };
                El::new("w:tc")
                    .child(
                        El::new("w:tcPr")
                            .child(
                                El::new("w:tcW")
                                    .attr("w:w", widths[i.min(widths.len() - 1)])
                                    .attr("w:type", "dxa"),
                            )
                            .child(val("w:vAlign", "center")),
                    )
                    .child(
                        El::new("w:p")
                            .child(
                                El::new("w:pPr")
                                    .child(val("w:pStyle", Style::TableText.id()))
                                    .child(val("w:jc", align)),
                            )
                            .maybe((!text.is_empty()).then(|| run(text))),
                    )
            }))
    };
    style::table(&widths)
        .child(row(&t.head, true))
        .children(t.rows.iter().map(|r| row(r, false)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_columns_fill_the_line_exactly() {
        let w = widths(&[5, 3, 2, 2, 2]);
        assert_eq!(w.iter().sum::<u32>(), TEXT_WIDTH);
        assert!(w[0] > w[1] && w[1] > w[2]);
    }
}
