//! The national official-document format (GB/T 9704-2012 党政机关公文格式) as Word styles:
//! the page, the fonts and sizes of the title, the headings, the body and the tables, and the
//! styles part and font table that name them. Fonts are named, not embedded: where one is
//! missing, Word and WPS substitute by the font table's alternate name and character set.
//!
//! Lengths are in twentieths of a point (twips, 1 mm ≈ 56.7), font sizes in half-points.

use super::xml::{val, El};

/// A4.
pub const PAGE_WIDTH: u32 = 11_906;
pub const PAGE_HEIGHT: u32 = 16_838;
/// GB/T 9704 §5.2.1: 天头 37 mm, 订口 28 mm and a 156 mm × 225 mm 版心, which leaves 35 mm at
/// the foot and 26 mm on the right.
pub const MARGIN_TOP: u32 = 2_098;
pub const MARGIN_BOTTOM: u32 = 1_984;
pub const MARGIN_LEFT: u32 = 1_587;
pub const MARGIN_RIGHT: u32 = 1_474;
/// The 版心's width, 156 mm, which tables fill.
pub const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
/// The header's distance from the top edge (there is no header; Word wants the value).
pub const HEADER: u32 = 851;
/// The page number stands 7 mm below the 版心 (§7.5): its line's foot about 23 mm above the
/// page's lower edge.
pub const FOOTER: u32 = 1_304;
/// 22 lines in the 225 mm 版心 (§5.2.2): 28.95 pt a line, fixed, so pages hold what the
/// format says whatever font stands in.
pub const LINE: u32 = 579;
/// The title's lines, fixed: a 2号 character with room above it.
const TITLE_LINE: u32 = 700;

/// Sizes of the Chinese scale, in half-points.
const SIZE_2: u32 = 44; // 二号, 22 pt
const SIZE_3: u32 = 32; // 三号, 16 pt
const SIZE_4: u32 = 28; // 四号, 14 pt
const SIZE_5: u32 = 21; // 五号, 10.5 pt

/// Two characters of 三号: the body's first-line indent where a program ignores
/// `firstLineChars`.
pub const INDENT: u32 = 640;
/// Four characters of 三号: how far the date that signs the report stands from the right
/// edge (§7.3.5.1).
const SIGNATURE_INSET: u32 = 1_280;
/// One character of 四号: how far the page number stands from the text's edge (§7.5).
pub const PAGE_NUMBER_INSET: u32 = 280;
/// Cell margins left and right, 1 mm: table 四's fifteen columns keep two characters a line.
pub const CELL_MARGIN: u32 = 57;

/// Digits and Latin letters beside the Chinese fonts.
const LATIN: &str = "Times New Roman";

/// A font with the alternate Word and WPS fall back to when it is not installed, and the font
/// of digits and Latin letters beside it.
struct Font {
    name: &'static str,
    alternate: &'static str,
    family: &'static str,
    latin: &'static str,
}

/// 方正小标宋简体: the title (§7.3.3).
const TITLE: Font = Font {
    name: "方正小标宋简体",
    alternate: "宋体",
    family: "script",
    latin: LATIN,
};
/// 仿宋_GB2312: the body (§5.2.2).
const BODY: Font = Font {
    name: "仿宋_GB2312",
    alternate: "仿宋",
    family: "modern",
    latin: LATIN,
};
/// 黑体: headings of the first level (一、…).
const HEADING_1: Font = Font {
    name: "黑体",
    alternate: "SimHei",
    family: "modern",
    latin: LATIN,
};
/// 楷体_GB2312: headings of the second level (（一）…), and the lines under the title.
const HEADING_2: Font = Font {
    name: "楷体_GB2312",
    alternate: "楷体",
    family: "modern",
    latin: LATIN,
};
/// 宋体: tables and the page number, whose digits are 宋体's too (§7.5).
const PLAIN: Font = Font {
    name: "宋体",
    alternate: "SimSun",
    family: "auto",
    latin: "宋体",
};

const FONTS: [&Font; 5] = [&TITLE, &BODY, &HEADING_1, &HEADING_2, &PLAIN];

/// The paragraph and character styles the document refers to, by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Title,
    /// The lines under the title that belong to the report: the organ, a number, a date.
    Subtitle,
    Heading1,
    Heading2,
    Body,
    /// The organ and the date that sign the report, at the right.
    Signature,
    TableText,
    Footer,
}

impl Style {
    pub fn id(self) -> &'static str {
        match self {
            Style::Title => "Title",
            Style::Subtitle => "Subtitle",
            Style::Heading1 => "Heading1",
            Style::Heading2 => "Heading2",
            Style::Body => "BodyText",
            Style::Signature => "Signature",
            Style::TableText => "TableText",
            Style::Footer => "Footer",
        }
    }
}

/// A run of a second-level heading inside a body paragraph (`（一）主动公开情况。` before its
/// text), styled as the heading is.
pub const HEADING_2_RUN: &str = "Heading2Char";
/// The table style: every cell bordered.
pub const TABLE_GRID: &str = "TableGrid";

/// `word/styles.xml`.
pub fn styles() -> String {
    El::new("w:styles")
        .attr("xmlns:w", super::W)
        .child(defaults())
        .child(normal())
        .child(
            paragraph_style(Style::Title.id(), "Title", Some(Style::Body))
                .child(
                    El::new("w:pPr")
                        .child(spacing(TITLE_LINE, 0, LINE))
                        .child(val("w:jc", "center")),
                )
                .child(run_properties(&TITLE, SIZE_2)),
        )
        .child(
            paragraph_style(Style::Subtitle.id(), "Subtitle", Some(Style::Body))
                .child(El::new("w:pPr").child(val("w:jc", "center")))
                .child(run_properties(&HEADING_2, SIZE_3)),
        )
        .child(heading(Style::Heading1, "heading 1", 0, &HEADING_1))
        .child(heading(Style::Heading2, "heading 2", 1, &HEADING_2))
        .child(
            El::new("w:style")
                .attr("w:type", "character")
                .attr("w:styleId", HEADING_2_RUN)
                .child(val("w:name", "Heading 2 Char"))
                .child(val("w:link", Style::Heading2.id()))
                .child(run_properties(&HEADING_2, SIZE_3)),
        )
        .child(
            paragraph_style(Style::Body.id(), "Body Text", None)
                .child(El::new("w:pPr").child(first_line_indent())),
        )
        .child(
            paragraph_style(Style::Signature.id(), "Signature", None).child(
                El::new("w:pPr")
                    .child(
                        El::new("w:ind")
                            .attr("w:rightChars", 400)
                            .attr("w:right", SIGNATURE_INSET),
                    )
                    .child(val("w:jc", "right")),
            ),
        )
        .child(
            paragraph_style(Style::TableText.id(), "Table Text", None)
                .attr("w:customStyle", 1)
                .child(
                    El::new("w:pPr")
                        .child(off_the_grid())
                        .child(single_spacing())
                        .child(val("w:jc", "center")),
                )
                .child(run_properties(&PLAIN, SIZE_5)),
        )
        .child(
            paragraph_style(Style::Footer.id(), "footer", None)
                .child(
                    El::new("w:pPr")
                        .child(off_the_grid())
                        .child(single_spacing()),
                )
                .child(run_properties(&PLAIN, SIZE_4)),
        )
        .child(table_grid())
        .part()
}

/// What every paragraph has unless its style says otherwise: the body's font and size, fixed
/// lines, justified.
fn defaults() -> El {
    El::new("w:docDefaults")
        .child(
            El::new("w:rPrDefault").child(
                run_properties(&BODY, SIZE_3).child(
                    El::new("w:lang")
                        .attr("w:val", "en-US")
                        .attr("w:eastAsia", "zh-CN"),
                ),
            ),
        )
        .child(
            El::new("w:pPrDefault").child(
                El::new("w:pPr")
                    .child(spacing(LINE, 0, 0))
                    .child(val("w:jc", "both")),
            ),
        )
}

/// The style every paragraph style is based on; its properties are the defaults'.
fn normal() -> El {
    El::new("w:style")
        .attr("w:type", "paragraph")
        .attr("w:default", 1)
        .attr("w:styleId", "Normal")
        .child(val("w:name", "Normal"))
        .child(El::new("w:qFormat"))
}

/// A paragraph style on Normal, shown in the style gallery; `next` is the style Word gives
/// the paragraph after it.
fn paragraph_style(id: &'static str, name: &'static str, next: Option<Style>) -> El {
    El::new("w:style")
        .attr("w:type", "paragraph")
        .attr("w:styleId", id)
        .child(val("w:name", name))
        .child(val("w:basedOn", "Normal"))
        .maybe(next.map(|n| val("w:next", n.id())))
        .child(El::new("w:qFormat"))
}

/// A heading: its level in the outline (Word's navigation pane), kept with what follows,
/// indented two characters as the format indents headings.
fn heading(style: Style, name: &'static str, level: u8, font: &Font) -> El {
    paragraph_style(style.id(), name, Some(Style::Body))
        .child(
            El::new("w:pPr")
                .child(El::new("w:keepNext"))
                .child(first_line_indent())
                .child(val("w:outlineLvl", level)),
        )
        .child(run_properties(font, SIZE_3))
}

fn run_properties(font: &Font, size: u32) -> El {
    El::new("w:rPr")
        .child(
            El::new("w:rFonts")
                .attr("w:ascii", font.latin)
                .attr("w:hAnsi", font.latin)
                .attr("w:eastAsia", font.name)
                .attr("w:cs", font.latin),
        )
        .child(val("w:sz", size))
        .child(val("w:szCs", size))
}

/// Two characters, by the character count where the program knows it, else by length.
fn first_line_indent() -> El {
    El::new("w:ind")
        .attr("w:firstLineChars", 200)
        .attr("w:firstLine", INDENT)
}

fn spacing(line: u32, before: u32, after: u32) -> El {
    El::new("w:spacing")
        .attr("w:before", before)
        .attr("w:after", after)
        .attr("w:line", line)
        .attr("w:lineRule", "exact")
}

/// Not on the page's grid of 22 lines, which would give every line of a table cell a body
/// line's height.
fn off_the_grid() -> El {
    val("w:snapToGrid", 0)
}

/// Lines as tall as their text, for table cells and the footer.
fn single_spacing() -> El {
    El::new("w:spacing")
        .attr("w:before", 0)
        .attr("w:after", 0)
        .attr("w:line", 240)
        .attr("w:lineRule", "auto")
}

fn table_grid() -> El {
    El::new("w:style")
        .attr("w:type", "table")
        .attr("w:styleId", TABLE_GRID)
        .child(val("w:name", "Table Grid"))
        .child(El::new("w:tblPr").child(borders()).child(cell_margins()))
}

/// A table as wide as the text, centred, its columns fixed at `widths` (twips): its rows are
/// added after.
pub fn table(widths: &[u32]) -> El {
    El::new("w:tbl")
        .child(
            El::new("w:tblPr")
                .child(val("w:tblStyle", TABLE_GRID))
                .child(
                    El::new("w:tblW")
                        .attr("w:w", TEXT_WIDTH)
                        .attr("w:type", "dxa"),
                )
                .child(val("w:jc", "center"))
                .child(borders())
                .child(El::new("w:tblLayout").attr("w:type", "fixed"))
                .child(cell_margins()),
        )
        .child(
            El::new("w:tblGrid")
                .children(widths.iter().map(|w| El::new("w:gridCol").attr("w:w", w))),
        )
}

/// A thin line around every cell, as the template prints its tables.
pub fn borders() -> El {
    let line = |name| {
        El::new(name)
            .attr("w:val", "single")
            .attr("w:sz", 4)
            .attr("w:space", 0)
            .attr("w:color", "000000")
    };
    El::new("w:tblBorders").children(
        [
            "w:top",
            "w:left",
            "w:bottom",
            "w:right",
            "w:insideH",
            "w:insideV",
        ]
        .map(line),
    )
}

pub fn cell_margins() -> El {
    let side = |name| El::new(name).attr("w:w", CELL_MARGIN).attr("w:type", "dxa");
    El::new("w:tblCellMar").children(["w:left", "w:right"].map(side))
}

/// `word/fontTable.xml`: each font with the alternate to take where it is missing, and the
/// GB2312 character set, by which programs pick a Chinese substitute.
pub fn font_table() -> String {
    El::new("w:fonts")
        .attr("xmlns:w", super::W)
        .children(FONTS.iter().map(|f| {
            El::new("w:font")
                .attr("w:name", f.name)
                .child(val("w:altName", f.alternate))
                .child(val("w:charset", 86))
                .child(val("w:family", f.family))
                .child(val("w:pitch", "variable"))
        }))
        .part()
}
