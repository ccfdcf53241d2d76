//! One organ's reports of two years side by side: whether one is the year before the other, the
//! cells that changed, and the findings of the rules across years (Y). The command line
//! (`gongkai check --previous`, `gongkai compare`) and the web (an organ's history) both ask
//! these questions here.

use crate::{Finding, Selection, Selector, Text};
use gongkai_core::{organ, printable, Report, Value};

/// Why `previous` is not this organ's report of the year before, when it is not: another
/// organ's (the names, however written, are not one organ's) or another year's. What a report
/// does not say (its organ, its year) is taken as given.
pub fn not_last_year(report: &Report, previous: &Report) -> Option<Text> {
    not_last_year_of(
        &report.source.file,
        report.agency.as_deref(),
        report.year,
        previous,
    )
}

/// [`not_last_year`] for a report not made yet (a fill-in form): its file, organ and year.
pub fn not_last_year_of(
    file: &str,
    agency: Option<&str>,
    year: Option<i32>,
    previous: &Report,
) -> Option<Text> {
    let (before, now) = (printable(&previous.source.file), printable(file));
    if let (Some(a), Some(b)) = (agency, &previous.agency) {
        if organ::key(a) != organ::key(b) {
            let (a, b) = (printable(a), printable(b));
            return Some(Text::new(
                format!("{before} 是「{b}」的报告，不是 {now} 的机关「{a}」的"),
                format!("{before} is a report of {b}, not of {a} (the organ of {now})"),
            ));
        }
    }
    let (Some(y), Some(p)) = (year, previous.year) else {
        return None;
    };
    (p != y - 1).then(|| {
        Text::new(
            format!(
                "{before} 是 {p} 年度的报告，不是 {now} 的上一年度（{} 年）",
                y - 1
            ),
            format!(
                "{before} is a report for {p}, not for {} (the year before {now})",
                y - 1
            ),
        )
    })
}

/// One cell whose value differs between the two years.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub key: String,
    /// The row's label as the template prints it.
    pub label: &'static str,
    /// The value as printed, `—` when the report has no such cell.
    pub before: String,
    pub after: String,
}

/// What changed from one year's report to the next.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// The cells of the later report's template whose values differ, in template order.
    pub changed: Vec<Change>,
    /// The findings of the rules across years (Y) on the later report.
    pub findings: Vec<Finding>,
    /// Why the rules across years were not run: the reports are not one organ's in
    /// consecutive years (their rules compare a year with the one before).
    pub skipped: Option<Text>,
}

/// Compares an organ's report with its report of an earlier year.
pub fn compare(before: &Report, after: &Report) -> Comparison {
    let show = |v: Option<Value>| v.map_or("—".to_string(), |v| v.to_string());
    let changed = after
        .template()
        .cells()
        .iter()
        .filter_map(|spec| {
            let (a, b) = (before.value(&spec.key), after.value(&spec.key));
            (a != b && (a.is_some() || b.is_some())).then(|| Change {
                key: spec.key.clone(),
                label: spec.row.label.text,
                before: show(a),
                after: show(b),
            })
        })
        .collect();
    let only_y = Selection {
        select: vec![Selector::parse("Y").expect("the Y family")],
        ignore: Vec::new(),
    };
    let skipped = not_last_year(after, before).map(|why| {
        Text::new(
            format!("{}；未运行跨年度规则（Y）", why.zh),
            format!("{}; the rules across years (Y) were not run", why.en),
        )
    });
    let findings = match skipped {
        Some(_) => Vec::new(),
        None => crate::check(after, Some(before), &only_y),
    };
    Comparison {
        changed,
        findings,
        skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{bump, consistent};
    use gongkai_core::Version;

    fn of(year: i32, file: &str) -> Report {
        let mut r = consistent(Version::V2021, 7);
        r.year = Some(year);
        r.source.file = file.to_string();
        r
    }

    #[test]
    fn the_year_before_is_last_year() {
        assert_eq!(not_last_year(&of(2023, "b.txt"), &of(2022, "a.txt")), None);
        let mut unknown = of(2020, "a.txt");
        unknown.year = None;
        assert_eq!(not_last_year(&of(2023, "b.txt"), &unknown), None);
        // One organ however its name is written.
        let mut spelled = of(2022, "a.txt");
        spelled.agency = Some("某县政府办公室".into());
        assert_eq!(not_last_year(&of(2023, "b.txt"), &spelled), None);
    }

    #[test]
    fn another_year_is_named_in_both_languages() {
        let gap = not_last_year(&of(2023, "b.txt"), &of(2020, "a.txt")).unwrap();
        assert_eq!(
            gap.zh,
            "a.txt 是 2020 年度的报告，不是 b.txt 的上一年度（2022 年）"
        );
        assert_eq!(
            gap.en,
            "a.txt is a report for 2020, not for 2022 (the year before b.txt)"
        );
    }

    #[test]
    fn another_organ_is_named() {
        let mut other = of(2022, "a.txt");
        other.agency = Some("某县财政局".into());
        let why = not_last_year(&of(2023, "b.txt"), &other).unwrap();
        assert_eq!(
            why.zh,
            "a.txt 是「某县财政局」的报告，不是 b.txt 的机关「某县人民政府办公室」的"
        );
    }

    #[test]
    fn across_a_gap_the_year_rules_are_skipped_and_said() {
        let c = compare(&of(2020, "a.txt"), &of(2022, "b.txt"));
        assert!(c.findings.is_empty());
        assert!(c.skipped.unwrap().zh.ends_with("未运行跨年度规则（Y）"));
    }

    #[test]
    fn only_the_cells_that_differ_are_changes() {
        let before = of(2022, "a.txt");
        assert!(compare(&before, &of(2023, "b.txt")).changed.is_empty());
        let after = bump(of(2023, "b.txt"), "t4.review.upheld", 1);
        let c = compare(&before, &after);
        assert_eq!(c.changed.len(), 1, "{:?}", c.changed);
        assert_eq!(c.changed[0].key, "t4.review.upheld");
        assert_ne!(c.changed[0].before, c.changed[0].after);
        assert!(c.findings.iter().all(|f| f.code.starts_with('Y')));
    }
}
