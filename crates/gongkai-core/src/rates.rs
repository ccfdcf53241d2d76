//! The four rates evaluators read off a report's tables, each defined once as the cells it
//! counts and the cells it is a share of: 公开率, 不予公开率 (table 三), 复议纠错率 and 败诉率
//! (table 四). A report's rate, a corpus's rate summed over many reports (the store's
//! statistics) and the comparison of two years all take their cells from here.

use crate::Report;

/// One rate: `counted` of `of`, the cells summed on each side.
#[derive(Debug, PartialEq, Eq)]
pub struct Rate {
    /// A stable name for files and JSON (`disclosure`).
    pub id: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    /// What it is a share of, in words, for the reader of a comparison.
    pub definition_zh: &'static str,
    pub definition_en: &'static str,
    pub counted: &'static [&'static str],
    pub of: &'static [&'static str],
}

/// 公开率: requests granted or partly granted, of all the requests answered (the results'
/// total, （七）总计).
pub const DISCLOSURE: Rate = Rate {
    id: "disclosure",
    zh: "公开率",
    en: "Disclosure rate",
    definition_zh: "（一）予以公开与（二）部分公开之和占办理结果总计的比例（表三）",
    definition_en: "Requests disclosed or partly disclosed, of all requests answered (table 3)",
    counted: &["t3.granted.total", "t3.partial.total"],
    of: &["t3.results_total.total"],
};

/// 不予公开率: requests refused on one of the eight grounds of （三）不予公开, of all answered.
pub const WITHHOLDING: Rate = Rate {
    id: "withholding",
    zh: "不予公开率",
    en: "Refusal rate",
    definition_zh: "（三）不予公开各项之和占办理结果总计的比例（表三）",
    definition_en: "Requests refused on any ground, of all requests answered (table 3)",
    counted: &[
        "t3.withheld.state_secret.total",
        "t3.withheld.law_prohibited.total",
        "t3.withheld.three_safety.total",
        "t3.withheld.third_party.total",
        "t3.withheld.internal_affairs.total",
        "t3.withheld.process_info.total",
        "t3.withheld.enforcement_file.total",
        "t3.withheld.query_matter.total",
    ],
    of: &["t3.results_total.total"],
};

/// 复议纠错率: administrative reviews that corrected the organ, of those decided (upheld,
/// corrected, otherwise ended; those pending are not decided yet).
pub const CORRECTION: Rate = Rate {
    id: "correction",
    zh: "复议纠错率",
    en: "Review correction rate",
    definition_zh: "行政复议结果纠正占已审结（维持、纠正、其他）的比例（表四）",
    definition_en: "Reviews that corrected the organ, of those decided (table 4)",
    counted: &["t4.review.corrected"],
    of: &["t4.review.upheld", "t4.review.corrected", "t4.review.other"],
};

/// 败诉率: lawsuits the organ lost (结果纠正), directly or after review, of those decided.
pub const LOSS: Rate = Rate {
    id: "loss",
    zh: "败诉率",
    en: "Litigation loss rate",
    definition_zh: "行政诉讼（直接起诉与复议后起诉）结果纠正占已审结的比例（表四）",
    definition_en: "Lawsuits lost (direct and after review), of those decided (table 4)",
    counted: &[
        "t4.litigation_direct.corrected",
        "t4.litigation_after_review.corrected",
    ],
    of: &[
        "t4.litigation_direct.upheld",
        "t4.litigation_direct.corrected",
        "t4.litigation_direct.other",
        "t4.litigation_after_review.upheld",
        "t4.litigation_after_review.corrected",
        "t4.litigation_after_review.other",
    ],
};

/// The four, in the order a comparison prints them.
pub const ALL: [&Rate; 4] = [&DISCLOSURE, &WITHHOLDING, &CORRECTION, &LOSS];

impl Rate {
    /// The report's rate, from 0 to 1. `None` when a cell it needs is missing, blank or not
    /// read for certain (a rate over a misread cell would be stated as fact), or when there
    /// is nothing to be a share of.
    pub fn of(&self, report: &Report) -> Option<f64> {
        let sum = |keys: &[&str]| -> Option<f64> {
            keys.iter().try_fold(0.0, |sum, key| {
                let cell = report.cell(key).filter(|c| c.is_certain())?;
                Some(sum + cell.printed.value.number()?.to_f64())
            })
        };
        ratio(sum(self.counted)?, sum(self.of)?)
    }

    /// The cells of both sides as an SQL list (`'t3.granted.total', 't3.partial.total'`): the
    /// keys are this module's own constants, never a user's text.
    pub fn sql_list(keys: &[&str]) -> String {
        keys.iter()
            .map(|k| format!("'{k}'"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `count / of`, from 0 to 1; `None` when there is no whole to be a share of.
pub fn ratio(count: f64, of: f64) -> Option<f64> {
    (count.is_finite() && of.is_finite() && of > 0.0).then(|| count / of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Certainty, Inference, Version};

    #[test]
    fn every_cell_of_a_rate_is_in_both_templates() {
        for version in [Version::V2019, Version::V2021] {
            let t = crate::Template::get(version);
            for rate in ALL {
                for key in rate.counted.iter().chain(rate.of) {
                    assert!(t.cell(key).is_some(), "{version:?} {key}");
                }
            }
        }
    }

    fn report(cells: &[(&str, &str)]) -> Report {
        let values = cells.iter().map(|(k, v)| {
            let value = crate::Value::Number(crate::Number::parse(v).unwrap());
            (k.to_string(), value)
        });
        Report::from_cells("r.json", None, Some(2024), Version::V2021, values)
    }

    #[test]
    fn a_rate_needs_every_cell_certain_and_a_whole() {
        let cells = [
            ("t3.granted.total", "30"),
            ("t3.partial.total", "10"),
            ("t3.results_total.total", "80"),
        ];
        let mut r = report(&cells);
        assert_eq!(DISCLOSURE.of(&r), Some(0.5));
        r.cells[1].certainty = Certainty::Uncertain(Inference::Split);
        assert_eq!(DISCLOSURE.of(&r), None, "an uncertain cell");
        assert_eq!(DISCLOSURE.of(&report(&cells[..2])), None, "a missing cell");
        let nothing = [
            ("t4.review.upheld", "0"),
            ("t4.review.corrected", "0"),
            ("t4.review.other", "0"),
        ];
        assert_eq!(CORRECTION.of(&report(&nothing)), None, "no reviews decided");
        assert_eq!(ratio(1.0, 4.0), Some(0.25));
        assert_eq!(ratio(f64::NAN, 2.0), None);
    }
}
