//! The output contract of `gongkai check --format json` (spec/RULES.md), which the JSON API
//! answers with too: one object per file, `{"file", "agency", "year", "findings": [...]}`.

use crate::Severity;
use gongkai_core::Lang;
use serde::Serialize;

/// The output contract of RULES.md.
#[derive(Serialize)]
pub struct Report<'a> {
    file: &'a str,
    agency: Option<&'a str>,
    year: Option<i32>,
    findings: Vec<Finding<'a>>,
}

#[derive(Serialize)]
pub struct Finding<'a> {
    code: &'a str,
    severity: Severity,
    message: &'a str,
    cells: &'a crate::Cells,
    location: Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

/// RULES.md's location, with the PDF box or the DOCX cell where the source has one.
#[derive(Serialize)]
pub struct Location {
    line: Option<u32>,
    column: Option<u32>,
    page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bbox: Option<gongkai_core::BBox>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<gongkai_core::GridCell>,
}

impl<'a> Report<'a> {
    pub fn new(
        report: &'a gongkai_core::Report,
        findings: &'a [crate::Finding],
        lang: Lang,
    ) -> Report<'a> {
        Report {
            file: &report.source.file,
            agency: report.agency.as_deref(),
            year: report.year,
            findings: findings
                .iter()
                .map(|f| Finding {
                    code: f.code,
                    severity: f.severity,
                    message: f.message.of(lang),
                    cells: &f.cells,
                    location: Location {
                        line: f.at.map(|a| a.line),
                        column: f.at.map(|a| a.column),
                        page: f.at.and_then(|a| a.page),
                        bbox: f.at.and_then(|a| a.bbox),
                        cell: f.at.and_then(|a| a.cell),
                    },
                    help: f.help.as_ref().map(|h| h.of(lang)),
                })
                .collect(),
        }
    }
}
