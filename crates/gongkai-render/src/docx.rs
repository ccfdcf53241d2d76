//! A Word document (DOCX) in the national official-document format, GB/T 9704-2012 (the page,
//! fonts and styles are in [`style`]): the title centred, the organ or date under it, the six
//! sections with their paragraphs joined again across printed line breaks, and the three
//! tables with the template's merged cells (`gridSpan`, `vMerge`), their heading rows repeated
//! on every page and no row split across two; page numbers in the footers. A complete
//! package (styles, settings, font table, properties) that Word, WPS and LibreOffice open.
//!
//! docx-rs was weighed and not taken: it cannot write `w:firstLineChars` (it reads it only),
//! and the two-character indent is the format's. The package is built from typed elements
//! ([`xml`]), so a report's text is escaped by construction.

pub mod comparison;
mod package;
mod style;
mod xml;

use crate::layout::{grid, slots, Block, Grid, Slot};
use crate::prose::{self, run_in_heading};
use crate::text::{sections, table_of, title};
use gongkai_core::{Report, TableId};
use style::{Style, HEADING_2_RUN, TEXT_WIDTH};
use xml::{val, El};

/// The WordprocessingML namespace.
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

pub fn render(report: &Report) -> Vec<u8> {
    package::write(document(report), &title(report))
}

fn document(report: &Report) -> String {
    El::new("w:document")
        .attr("xmlns:w", W)
        .attr("xmlns:r", package::R)
        .child(
            El::new("w:body")
                .children(body(report))
                .child(section_properties()),
        )
        .part()
}

fn body(report: &Report) -> Vec<El> {
    let mut out = vec![title_paragraph(report)];
    let front = prose::preamble(report);
    out.extend(front.marks.iter().map(|m| paragraph(Style::Subtitle, m)));
    out.extend(front.paragraphs.iter().map(|p| body_paragraph(p)));
    for (number, heading, text) in sections(report) {
        out.push(paragraph(Style::Heading1, &heading));
        let paragraphs = prose::paragraphs(&text);
        let signed = paragraphs.len() - prose::signature(&paragraphs);
        out.extend(paragraphs[..signed].iter().map(|p| body_paragraph(p)));
        out.extend(
            paragraphs[signed..]
                .iter()
                .map(|p| paragraph(Style::Signature, p)),
        );
        if let Some(id) = table_of(number) {
            out.push(table(&grid(report, id)));
            // Word needs a paragraph between a table and what follows; it spaces them too.
            out.push(El::new("w:p"));
        }
    }
    out
}

/// The characters of 二号 a title line holds in the 156 mm 版心.
const TITLE_LINE_CHARS: usize = 20;

/// The title, centred. One too long for a line breaks after the organ, as reports print it
/// (`洪泽区人民政府` / `2023年政府信息公开工作年度报告`), rather than wherever the line is full.
fn title_paragraph(report: &Report) -> El {
    let title = title(report);
    let organ = report
        .agency
        .as_deref()
        .filter(|a| !a.is_empty() && title.chars().count() > TITLE_LINE_CHARS)
        .and_then(|a| Some((a, title.strip_prefix(a)?)))
        .filter(|(_, rest)| !rest.is_empty());
    let run = match organ {
        Some((organ, rest)) => El::new("w:r")
            .child(text(organ))
            .child(El::new("w:br"))
            .child(text(rest)),
        None => El::new("w:r").child(text(&title)),
    };
    El::new("w:p").child(properties(Style::Title)).child(run)
}

/// A paragraph of the sections' prose: a second-level heading on its own, a paragraph opened
/// by one (`（一）主动公开情况。` in the heading's font, then the text), or plain body.
fn body_paragraph(text: &str) -> El {
    if prose::is_second_level_heading(text) {
        return paragraph(Style::Heading2, text);
    }
    match run_in_heading(text) {
        Some((heading, rest)) => El::new("w:p")
            .child(properties(Style::Body))
            .child(
                El::new("w:r")
                    .child(El::new("w:rPr").child(val("w:rStyle", HEADING_2_RUN)))
                    .child(self::text(heading)),
            )
            .child(run(rest)),
        None => paragraph(Style::Body, text),
    }
}

fn paragraph(style: Style, text: &str) -> El {
    El::new("w:p").child(properties(style)).child(run(text))
}

fn properties(style: Style) -> El {
    El::new("w:pPr").child(val("w:pStyle", style.id()))
}

fn run(text: &str) -> El {
    El::new("w:r").child(self::text(text))
}

fn text(text: &str) -> El {
    El::new("w:t").attr("xml:space", "preserve").text(text)
}

/// The page (A4, the 版心's margins), its footers, and the grid of 22 lines a page.
fn section_properties() -> El {
    let footer = |kind: &str, id: &str| {
        El::new("w:footerReference")
            .attr("w:type", kind)
            .attr("r:id", id)
    };
    El::new("w:sectPr")
        .child(footer("default", package::ODD_FOOTER))
        .child(footer("even", package::EVEN_FOOTER))
        .child(
            El::new("w:pgSz")
                .attr("w:w", style::PAGE_WIDTH)
                .attr("w:h", style::PAGE_HEIGHT),
        )
        .child(
            El::new("w:pgMar")
                .attr("w:top", style::MARGIN_TOP)
                .attr("w:right", style::MARGIN_RIGHT)
                .attr("w:bottom", style::MARGIN_BOTTOM)
                .attr("w:left", style::MARGIN_LEFT)
                .attr("w:header", style::HEADER)
                .attr("w:footer", style::FOOTER)
                .attr("w:gutter", 0),
        )
        .child(
            El::new("w:docGrid")
                .attr("w:type", "lines")
                .attr("w:linePitch", style::LINE),
        )
}

/// Column widths, labels wide and numbers narrow as the official template has them (its
/// table 三: 754, 921 and 3,271 of 9,748), the whole filling the 版心.
fn widths(grid: &Grid) -> Vec<u32> {
    let labels: &[u32] = match grid.table {
        TableId::T3 => &[684, 836, 2_968],
        TableId::T2 | TableId::T4 => &[],
    };
    let rest = (grid.width - labels.len()).max(1) as u32;
    let each = (TEXT_WIDTH - labels.iter().sum::<u32>()) / rest;
    let mut out: Vec<u32> = labels
        .iter()
        .copied()
        .chain(std::iter::repeat_n(each, rest as usize))
        .collect();
    // The last column takes what the division left, so the table is exactly as wide.
    let used: u32 = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last += TEXT_WIDTH - used;
    }
    out
}

/// The least height of a row, 6 mm, the template's: a row of one line is not cramped.
const ROW_HEIGHT: u32 = 340;

/// Tables of fewer rows than this stay on one page; a longer one breaks between rows and
/// repeats its heading rows.
const ROWS_KEPT_TOGETHER: usize = 16;

fn table(grid: &Grid) -> El {
    let widths = widths(grid);
    let heads = grid.heading_rows();
    let rows = slots(grid);
    let keep_together = rows.len() < ROWS_KEPT_TOGETHER;
    style::table(&widths).children(rows.iter().enumerate().map(|(i, row)| {
        let place = RowPlace {
            table: grid.table,
            heading: i < heads,
            keep_with_next: keep_together && i + 1 < rows.len(),
        };
        table_row(row, &widths, place)
    }))
}

/// Where a row stands in its table, which decides how it prints.
#[derive(Clone, Copy)]
struct RowPlace {
    table: TableId,
    /// Among the heading rows, repeated at the top of every page.
    heading: bool,
    /// Kept on the page of the row below it (a short table stays whole).
    keep_with_next: bool,
}

fn table_row(row: &[Slot<'_>], widths: &[u32], place: RowPlace) -> El {
    let mut properties = El::new("w:trPr").child(El::new("w:cantSplit")).child(
        El::new("w:trHeight")
            .attr("w:val", ROW_HEIGHT)
            .attr("w:hRule", "atLeast"),
    );
    if place.heading {
        properties = properties.child(El::new("w:tblHeader"));
    }
    let mut column = 0;
    let cells: Vec<El> = row
        .iter()
        .map(|slot| {
            let block = match slot {
                Slot::Start(b) | Slot::Below(b) => *b,
            };
            let end = (column + block.colspan).min(widths.len());
            let width: u32 = widths[column..end].iter().sum();
            column += block.colspan;
            table_cell(slot, block, width, place)
        })
        .collect();
    El::new("w:tr").child(properties).children(cells)
}

fn table_cell(slot: &Slot<'_>, block: &Block, width: u32, place: RowPlace) -> El {
    let merge = match slot {
        Slot::Start(b) if b.rowspan > 1 => Some(val("w:vMerge", "restart")),
        Slot::Start(_) => None,
        Slot::Below(_) => Some(El::new("w:vMerge")),
    };
    // Table 三's row labels read from the left, as the template prints them.
    let left = place.table == TableId::T3 && block.header && !place.heading;
    let mut paragraph = El::new("w:pPr").child(val("w:pStyle", Style::TableText.id()));
    if place.keep_with_next {
        paragraph = paragraph.child(El::new("w:keepNext"));
    }
    if left {
        paragraph = paragraph.child(val("w:jc", "left"));
    }
    let content = match slot {
        Slot::Start(b) if !b.text.is_empty() => Some(run(&b.text)),
        _ => None,
    };
    El::new("w:tc")
        .child(
            El::new("w:tcPr")
                .child(El::new("w:tcW").attr("w:w", width).attr("w:type", "dxa"))
                .maybe((block.colspan > 1).then(|| val("w:gridSpan", block.colspan)))
                .maybe(merge)
                .child(val("w:vAlign", "center")),
        )
        .child(El::new("w:p").child(paragraph).maybe(content))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// The shipped example, with a section read from a PDF a printed line a line and a web
    /// page's text above section 一.
    fn example() -> Report {
        let mut report = crate::testing::example();
        report.preamble = format!(
            "来源：青山县人民政府 时间：2024-01-20 09:00\n微信 微博 QQ空间\n打印\n{}",
            report.preamble
        );
        let five = report.sections.iter_mut().find(|s| s.number == 5).unwrap();
        five.body =
            "一是部分单位政策解读形式单一，二是依申请公开答复\n文书规范性有待提高。".to_string();
        report
    }

    fn part(docx: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut out = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut out).unwrap();
        out
    }

    /// The style element of `id` in the styles part.
    fn style<'a>(styles: &'a str, id: &str) -> &'a str {
        let at = styles
            .find(&format!("w:styleId=\"{id}\""))
            .unwrap_or_else(|| panic!("no style {id}"));
        &styles[at..at + styles[at..].find("</w:style>").unwrap()]
    }

    /// The paragraphs of the document that hold `text`.
    fn paragraphs_with<'a>(document: &'a str, text: &str) -> Vec<&'a str> {
        document
            .split("<w:p>")
            .filter(|p| p.contains(text))
            .map(|p| p.split("</w:p>").next().unwrap())
            .collect()
    }

    #[test]
    fn the_styles_part_names_the_styles_paragraphs_use() {
        let docx = render(&example());
        let styles = part(&docx, "word/styles.xml");
        for (id, name) in [
            ("Normal", "Normal"),
            ("Title", "Title"),
            ("Heading1", "heading 1"),
            ("Heading2", "heading 2"),
            ("BodyText", "Body Text"),
            ("Signature", "Signature"),
            ("TableText", "Table Text"),
            ("TableGrid", "Table Grid"),
        ] {
            let style = style(&styles, id);
            assert!(
                style.contains(&format!("<w:name w:val=\"{name}\"/>")),
                "{style}"
            );
        }
        assert!(styles.contains("w:eastAsia=\"方正小标宋简体\""));
        assert!(styles.contains("w:eastAsia=\"仿宋_GB2312\""));
        assert!(styles.contains("w:eastAsia=\"黑体\""));
        assert!(styles.contains("w:eastAsia=\"楷体_GB2312\""));
        // Body lines fixed at 28.95 pt.
        assert!(styles.contains("w:line=\"579\" w:lineRule=\"exact\""));
        let fonts = part(&docx, "word/fontTable.xml");
        assert!(fonts.contains("<w:font w:name=\"方正小标宋简体\"><w:altName w:val=\"宋体\"/>"));
        let types = part(&docx, "[Content_Types].xml");
        for name in [
            "document",
            "styles",
            "settings",
            "fontTable",
            "footer1",
            "footer2",
        ] {
            assert!(
                types.contains(&format!("PartName=\"/word/{name}.xml\"")),
                "{name}"
            );
        }
        let rels = part(&docx, "word/_rels/document.xml.rels");
        for target in ["styles.xml", "settings.xml", "fontTable.xml", "footer1.xml"] {
            assert!(rels.contains(&format!("Target=\"{target}\"")), "{target}");
        }
        assert!(part(&docx, "word/settings.xml").contains("<w:evenAndOddHeaders/>"));
    }

    #[test]
    fn the_title_is_centred_in_the_title_style_and_breaks_after_the_organ() {
        let document = part(&render(&example()), "word/document.xml");
        let title = paragraphs_with(&document, "青山县人民政府办公室")[0];
        assert!(title.contains("<w:pStyle w:val=\"Title\"/>"), "{title}");
        assert!(title.contains(
            "<w:t xml:space=\"preserve\">青山县人民政府办公室</w:t><w:br/>\
             <w:t xml:space=\"preserve\">2023年度政府信息公开工作年度报告</w:t>"
        ));
        let styles = part(&render(&example()), "word/styles.xml");
        let title_style = style(&styles, "Title");
        assert!(
            title_style.contains("<w:jc w:val=\"center\"/>"),
            "{title_style}"
        );
        assert!(
            title_style.contains("<w:sz w:val=\"44\"/>"),
            "二号: {title_style}"
        );
    }

    #[test]
    fn body_paragraphs_are_indented_two_characters() {
        let docx = render(&example());
        let document = part(&docx, "word/document.xml");
        let body = paragraphs_with(&document, "未收取政府信息公开信息处理费")[0];
        assert!(body.contains("<w:pStyle w:val=\"BodyText\"/>"), "{body}");
        let styles = part(&docx, "word/styles.xml");
        let body_style = style(&styles, "BodyText");
        assert!(
            body_style.contains("<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>"),
            "{body_style}"
        );
        // A heading of the second level opens its paragraph in its own font.
        let part_one = paragraphs_with(&document, "主动公开情况。")[0];
        assert!(part_one.contains(
            "<w:rStyle w:val=\"Heading2Char\"/></w:rPr><w:t xml:space=\"preserve\">（一）主动公开情况。</w:t>"
        ));
        let heading = paragraphs_with(&document, "一、总体情况")[0];
        assert!(
            heading.contains("<w:pStyle w:val=\"Heading1\"/>"),
            "{heading}"
        );
    }

    #[test]
    fn printed_lines_are_one_paragraph_and_the_site_is_left_out() {
        let document = part(&render(&example()), "word/document.xml");
        assert_eq!(
            paragraphs_with(
                &document,
                "一是部分单位政策解读形式单一，二是依申请公开答复文书规范性有待提高。"
            )
            .len(),
            1
        );
        for chrome in ["来源：", "微信", "打印"] {
            assert!(!document.contains(chrome), "{chrome}");
        }
        assert!(document.contains("本报告由青山县人民政府办公室根据"));
    }

    #[test]
    fn the_organ_and_date_that_sign_stand_at_the_right() {
        let mut report = example();
        let six = report.sections.iter_mut().find(|s| s.number == 6).unwrap();
        six.body += "\n青山县人民政府办公室\n2024年1月20日";
        let document = part(&render(&report), "word/document.xml");
        for line in ["青山县人民政府办公室</w:t>", "2024年1月20日"] {
            let signed = paragraphs_with(&document, line);
            assert!(
                signed
                    .last()
                    .unwrap()
                    .contains("<w:pStyle w:val=\"Signature\"/>"),
                "{signed:?}"
            );
        }
        let styles = part(&render(&report), "word/styles.xml");
        let signature = style(&styles, "Signature");
        assert!(signature.contains("<w:jc w:val=\"right\"/>"), "{signature}");
    }

    #[test]
    fn table_heading_rows_repeat_and_no_row_splits() {
        let document = part(&render(&example()), "word/document.xml");
        let tables: Vec<&str> = document.split("<w:tbl>").skip(1).collect();
        assert_eq!(tables.len(), 3);
        let rows = |t: &str| {
            t.split("<w:tr>")
                .skip(1)
                .map(|r| r.to_string())
                .collect::<Vec<_>>()
        };
        let three = rows(tables[1]);
        let heading: Vec<bool> = three.iter().map(|r| r.contains("<w:tblHeader/>")).collect();
        assert_eq!(heading[..4], [true, true, true, false]);
        assert!(heading[3..].iter().all(|h| !h));
        for table in &tables {
            assert!(rows(table)
                .iter()
                .all(|r| r.starts_with("<w:trPr><w:cantSplit/>")));
            assert!(table.contains("<w:tblStyle w:val=\"TableGrid\"/>"));
            assert!(table.contains(&format!("<w:tblW w:w=\"{TEXT_WIDTH}\" w:type=\"dxa\"/>")));
            let columns: u32 = table
                .split("<w:gridCol w:w=\"")
                .skip(1)
                .map(|c| c[..c.find('"').unwrap()].parse::<u32>().unwrap())
                .sum();
            assert_eq!(columns, TEXT_WIDTH, "the table fills the 版心 exactly");
        }
        // Table 二 has no heading rows of its own and stays on one page.
        assert!(!tables[0].contains("<w:tblHeader/>"));
        assert!(tables[0].contains("<w:keepNext/>"));
        // Table 三's cells in 五号 宋体, off the body's grid.
        let styles = part(&render(&example()), "word/styles.xml");
        let cells = style(&styles, "TableText");
        assert!(
            cells.contains("<w:snapToGrid w:val=\"0\"/>") && cells.contains("<w:sz w:val=\"21\"/>")
        );
    }

    #[test]
    fn the_page_is_a4_with_the_formats_margins_and_numbered_footers() {
        let docx = render(&example());
        let document = part(&docx, "word/document.xml");
        let section = &document[document.find("<w:sectPr>").unwrap()..];
        assert!(
            section.starts_with(
                "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooterOdd\"/>\
             <w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/>\
             <w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
             <w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\""
            ),
            "{section}"
        );
        let rels = part(&docx, "word/_rels/document.xml.rels");
        assert!(rels.contains("Id=\"rIdFooterOdd\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\""));
        for (name, side) in [("word/footer1.xml", "right"), ("word/footer2.xml", "left")] {
            let footer = part(&docx, name);
            assert!(footer.contains("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"));
            assert!(
                footer.contains(&format!("<w:jc w:val=\"{side}\"/>")),
                "{footer}"
            );
            assert!(footer.contains(">— </w:t>") && footer.contains("> —</w:t>"));
        }
    }

    #[test]
    fn the_reports_text_is_escaped() {
        let mut report = example();
        report.title = Some("<w:p>&\"标题\"</w:p>".to_string());
        report.sections[0].body = "</w:t></w:r></w:p><w:p>注入".to_string();
        let docx = render(&report);
        let document = part(&docx, "word/document.xml");
        assert!(document.contains("&lt;w:p&gt;&amp;&quot;标题&quot;&lt;/w:p&gt;"));
        assert!(document.contains("&lt;/w:t&gt;&lt;/w:r&gt;&lt;/w:p&gt;&lt;w:p&gt;注入"));
        assert!(part(&docx, "docProps/core.xml").contains("<dc:title>&lt;w:p&gt;"));
    }
}
