//! Writers: a [`Report`] in the national template's layout, as the files organs and offices
//! use — Word (DOCX), Excel (XLSX, with SUM formulas), one self-contained web page (HTML),
//! Markdown and long-format CSV — plus any plain table as CSV or a workbook ([`sheet`]), the
//! fill-in form of `gongkai new` and the synthetic reports of `gongkai synth`, and the three
//! tables aligned for a terminal ([`terminal`]); the comparison of an organ's two years as a
//! DOCX and a page ([`comparison`]).
//!
//! Every writer draws from one layout ([`layout`]) derived from the template registry.

pub mod comparison;
pub mod copies;
pub mod csv;
pub mod docx;
pub mod html;
pub mod layout;
pub mod parquet;
pub mod prose;
pub mod sheet;
pub mod synth;
pub mod terminal;
pub mod text;
pub mod xlsx;

/// What the writers' tests share.
#[cfg(test)]
mod testing {
    use gongkai_core::Report;

    /// The shipped example report, read as `gongkai` reads it.
    pub fn example() -> Report {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/qingshan-2023.txt"
        );
        let text = std::fs::read_to_string(path).unwrap();
        gongkai_read::read_text("qingshan-2023.txt", &text, "utf-8").unwrap()
    }
}

use gongkai_core::Report;

/// A file format gongkai writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Docx,
    Xlsx,
    Html,
    Md,
    Csv,
}

impl Target {
    pub fn extension(self) -> &'static str {
        match self {
            Target::Docx => "docx",
            Target::Xlsx => "xlsx",
            Target::Html => "html",
            Target::Md => "md",
            Target::Csv => "csv",
        }
    }

    /// The media type a server answers the file with.
    pub fn mime(self) -> &'static str {
        match self {
            Target::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Target::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Target::Html => "text/html; charset=utf-8",
            Target::Md => "text/markdown; charset=utf-8",
            Target::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// The report written in a format. Only a workbook can fail: a cell of more than 32,767
/// characters is more than Excel holds.
pub fn render(report: &Report, target: Target) -> Result<Vec<u8>, RenderError> {
    Ok(match target {
        Target::Docx => docx::render(report),
        Target::Xlsx => xlsx::render(report, false)?,
        Target::Html => html::render(report).into_bytes(),
        Target::Md => text::render(report, text::Layout::Markdown).into_bytes(),
        Target::Csv => csv::render(report),
    })
}

/// Why a report could not be written.
#[derive(Debug)]
pub struct RenderError(pub String);

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<rust_xlsxwriter::XlsxError> for RenderError {
    fn from(e: rust_xlsxwriter::XlsxError) -> RenderError {
        RenderError(e.to_string())
    }
}
