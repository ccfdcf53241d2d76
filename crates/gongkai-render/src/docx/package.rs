//! The DOCX package around the document: content types, relationships, settings, the styles
//! and font table, the footers with their page numbers, and the document's properties.

use super::style::{self, Style, PAGE_NUMBER_INSET};
use super::xml::{val, El};
use super::W;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

/// The relationships namespace, by which the document names its footers.
pub const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_RELATIONSHIPS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const CONTENT_TYPES: &str = "http://schemas.openxmlformats.org/package/2006/content-types";

/// The footers' relationship ids, which `w:sectPr` refers to: odd pages carry the number at
/// the right, even pages at the left (GB/T 9704 §7.5).
pub const ODD_FOOTER: &str = "rIdFooterOdd";
pub const EVEN_FOOTER: &str = "rIdFooterEven";

/// A part of the package: its name, its content type and its text.
struct Part {
    name: &'static str,
    content_type: &'static str,
    text: String,
}

/// The whole package, from the document part and the title its properties carry.
pub fn write(document: String, title: &str) -> Vec<u8> {
    let parts = [
        Part {
            name: "word/document.xml",
            content_type:
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            text: document,
        },
        Part {
            name: "word/styles.xml",
            content_type:
                "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
            text: style::styles(),
        },
        Part {
            name: "word/settings.xml",
            content_type:
                "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
            text: settings(),
        },
        Part {
            name: "word/fontTable.xml",
            content_type:
                "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml",
            text: style::font_table(),
        },
        Part {
            name: "word/footer1.xml",
            content_type:
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
            text: footer("right"),
        },
        Part {
            name: "word/footer2.xml",
            content_type:
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
            text: footer("left"),
        },
        Part {
            name: "docProps/core.xml",
            content_type: "application/vnd.openxmlformats-package.core-properties+xml",
            text: core_properties(title),
        },
        Part {
            name: "docProps/app.xml",
            content_type: "application/vnd.openxmlformats-officedocument.extended-properties+xml",
            text: app_properties(),
        },
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    let mut add = |name: &str, text: &str| {
        zip.start_file(name, options)
            .expect("a new entry in memory");
        zip.write_all(text.as_bytes()).expect("writing to memory");
    };
    add("[Content_Types].xml", &content_types(&parts));
    add("_rels/.rels", &package_relationships());
    add("word/_rels/document.xml.rels", &document_relationships());
    for part in &parts {
        add(part.name, &part.text);
    }
    zip.finish().expect("finishing in memory").into_inner()
}

fn content_types(parts: &[Part]) -> String {
    let default = |extension: &str, content_type: &str| {
        El::new("Default")
            .attr("Extension", extension)
            .attr("ContentType", content_type)
    };
    El::new("Types")
        .attr("xmlns", CONTENT_TYPES)
        .child(default(
            "rels",
            "application/vnd.openxmlformats-package.relationships+xml",
        ))
        .child(default("xml", "application/xml"))
        .children(parts.iter().map(|p| {
            El::new("Override")
                .attr("PartName", format!("/{}", p.name))
                .attr("ContentType", p.content_type)
        }))
        .part()
}

fn relationship(id: &str, kind: &str, target: &str) -> El {
    El::new("Relationship")
        .attr("Id", id)
        .attr("Type", kind)
        .attr("Target", target)
}

fn package_relationships() -> String {
    El::new("Relationships")
        .attr("xmlns", PACKAGE_RELATIONSHIPS)
        .child(relationship(
            "rId1",
            &format!("{R}/officeDocument"),
            "word/document.xml",
        ))
        .child(relationship(
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml",
        ))
        .child(relationship(
            "rId3",
            &format!("{R}/extended-properties"),
            "docProps/app.xml",
        ))
        .part()
}

fn document_relationships() -> String {
    El::new("Relationships")
        .attr("xmlns", PACKAGE_RELATIONSHIPS)
        .child(relationship(
            "rIdStyles",
            &format!("{R}/styles"),
            "styles.xml",
        ))
        .child(relationship(
            "rIdSettings",
            &format!("{R}/settings"),
            "settings.xml",
        ))
        .child(relationship(
            "rIdFonts",
            &format!("{R}/fontTable"),
            "fontTable.xml",
        ))
        .child(relationship(
            ODD_FOOTER,
            &format!("{R}/footer"),
            "footer1.xml",
        ))
        .child(relationship(
            EVEN_FOOTER,
            &format!("{R}/footer"),
            "footer2.xml",
        ))
        .part()
}

/// Odd and even pages have footers of their own; punctuation is compressed as Chinese
/// documents set it; Word opens the file in its current mode rather than compatibility mode.
fn settings() -> String {
    El::new("w:settings")
        .attr("xmlns:w", W)
        .child(val("w:zoom", "100").attr("w:percent", 100))
        .child(val("w:defaultTabStop", 420))
        .child(El::new("w:evenAndOddHeaders"))
        .child(val("w:characterSpacingControl", "compressPunctuation"))
        .child(
            El::new("w:compat").child(
                El::new("w:compatSetting")
                    .attr("w:name", "compatibilityMode")
                    .attr("w:uri", "http://schemas.microsoft.com/office/word")
                    .attr("w:val", 15),
            ),
        )
        .child(
            El::new("w:themeFontLang")
                .attr("w:val", "en-US")
                .attr("w:eastAsia", "zh-CN"),
        )
        .child(val("w:decimalSymbol", "."))
        .child(val("w:listSeparator", ","))
        .part()
}

/// A footer with the page number as GB/T 9704 prints it, `— 1 —`, a character in from the
/// text's edge on the side `at`. The number is a PAGE field, so Word, WPS and LibreOffice
/// count the pages.
fn footer(at: &'static str) -> String {
    let inset = match at {
        "right" => El::new("w:ind").attr("w:right", PAGE_NUMBER_INSET),
        _ => El::new("w:ind").attr("w:left", PAGE_NUMBER_INSET),
    };
    let text = |t: &str| El::new("w:r").child(El::new("w:t").attr("xml:space", "preserve").text(t));
    let field_char =
        |kind: &str| El::new("w:r").child(El::new("w:fldChar").attr("w:fldCharType", kind));
    El::new("w:ftr")
        .attr("xmlns:w", W)
        .child(
            El::new("w:p")
                .child(
                    El::new("w:pPr")
                        .child(val("w:pStyle", Style::Footer.id()))
                        .child(inset)
                        .child(val("w:jc", at)),
                )
                .child(text("— "))
                .child(field_char("begin"))
                .child(
                    El::new("w:r").child(
                        El::new("w:instrText")
                            .attr("xml:space", "preserve")
                            .text(" PAGE "),
                    ),
                )
                .child(field_char("separate"))
                .child(text("1"))
                .child(field_char("end"))
                .child(text(" —")),
        )
        .part()
}

/// The title and language, which Word shows in the file's properties and LibreOffice writes
/// into a PDF's. No dates: the same report gives the same file.
fn core_properties(title: &str) -> String {
    El::new("cp:coreProperties")
        .attr(
            "xmlns:cp",
            "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        )
        .attr("xmlns:dc", "http://purl.org/dc/elements/1.1/")
        .child(El::new("dc:title").text(title))
        .child(El::new("dc:language").text("zh-CN"))
        .part()
}

fn app_properties() -> String {
    El::new("Properties")
        .attr(
            "xmlns",
            "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        )
        .child(El::new("Application").text("gongkai"))
        .part()
}
