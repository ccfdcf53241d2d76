//! The comparison report's model: one organ's reports of two years, every cell of the three
//! tables with its change, the four rates before and after, the findings of each year alone and
//! across the two, and how much of each section's text repeats last year's
//! ([`repetition::between`]). Built once here and drawn by every writer (the DOCX and the page of
//! `gongkai compare --to`, the web's comparison view), so they agree cell for cell.

use crate::repetition::{self, SectionRepeat};
use crate::years::{self, Comparison};
use crate::{check, Finding, Selection};
use gongkai_core::rates::{Rate, ALL};
use gongkai_core::{Number, Report, TableId, Value};

/// One organ's two years side by side.
#[derive(Clone, Debug)]
pub struct YearOnYear {
    /// The organ as the later report names it (else the earlier).
    pub organ: Option<String>,
    pub before: Year,
    pub after: Year,
    /// Tables 二, 三 and 四: every cell of the later report's template that either year has.
    pub tables: Vec<TableChanges>,
    /// 公开率, 不予公开率, 复议纠错率 and 败诉率 of both years.
    pub rates: Vec<RateChange>,
    /// What changed and the rules across years (Y), or why they were not run.
    pub across: Comparison,
    /// Each of the six sections of the later report: how much of its text repeats the same
    /// section of the earlier one, with the passages side by side.
    pub text: Vec<SectionRepeat>,
}

/// One of the two years: its report's year, file, and the findings of its own rules.
#[derive(Clone, Debug)]
pub struct Year {
    pub year: Option<i32>,
    pub file: String,
    /// Every rule that needs the report alone.
    pub findings: Vec<Finding>,
}

impl Year {
    fn of(report: &Report) -> Year {
        Year {
            year: report.year,
            file: report.source.file.clone(),
            findings: check(report, None, &Selection::default()),
        }
    }

    /// `2023` or `?` when the report does not say.
    pub fn label(&self) -> String {
        self.year.map_or("?".to_string(), |y| y.to_string())
    }
}

/// One table's cells in template order.
#[derive(Clone, Debug)]
pub struct TableChanges {
    pub table: TableId,
    pub cells: Vec<CellChange>,
}

/// One cell in both years.
#[derive(Clone, Debug, PartialEq)]
pub struct CellChange {
    pub key: String,
    /// The group a sub-row belongs to (`（三）不予公开` over `1.属于国家秘密`).
    pub group: Option<&'static str>,
    /// The row's and the column's labels as the template prints them, without glosses.
    pub row: &'static str,
    pub column: &'static str,
    /// The values as printed; `None` when the report has no such cell.
    pub before: Option<Value>,
    pub after: Option<Value>,
    /// Whether each year's reading of the cell is uncertain (`Report::uncertain`): its value
    /// is printed with a `?` and no change is stated over it, so that the comparison never
    /// shows a misreading as a fact.
    pub before_uncertain: bool,
    pub after_uncertain: bool,
}

/// How a cell moved from one year to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// The same value both years.
    Same,
    /// Both numbers, and the later less the earlier (exact to the digit).
    By(Number),
    /// A value in one year only, or a number against a blank (`—`, `/`): no difference to
    /// state.
    Incomparable,
    /// Either year's reading of the cell is uncertain: whatever the difference, it is not
    /// stated.
    Uncertain,
}

impl CellChange {
    /// The row as a reader finds it: a sub-row after its group (`（三）不予公开 1.属于国家秘密`).
    pub fn row_label(&self) -> String {
        match self.group {
            Some(g) => format!("{g} {}", self.row),
            None => self.row.to_string(),
        }
    }

    pub fn change(&self) -> Change {
        if self.before_uncertain || self.after_uncertain {
            return Change::Uncertain;
        }
        match (self.before, self.after) {
            (a, b) if a == b => Change::Same,
            (Some(Value::Number(a)), Some(Value::Number(b))) => {
                b.minus(a).map_or(Change::Incomparable, Change::By)
            }
            _ => Change::Incomparable,
        }
    }

    /// The change as a comparison prints it: `+12`, `-3`, `0`, `—` where there is none to
    /// state (see [`Change::Incomparable`]), `?` over an uncertain reading.
    pub fn change_text(&self) -> String {
        match self.change() {
            Change::Uncertain => "?".into(),
            Change::Same if self.before.is_some_and(|v| v.number().is_some()) => "0".into(),
            Change::Same | Change::Incomparable => "—".into(),
            Change::By(n) if n.is_negative() || n.to_f64() == 0.0 => n.to_string(),
            Change::By(n) => format!("+{n}"),
        }
    }

    /// The earlier year's value as printed (see [`CellChange::after_text`]).
    pub fn before_text(&self) -> String {
        show(self.before, self.before_uncertain)
    }

    /// The later year's value as printed: `—` for a cell the report does not have, a `?`
    /// after a value (or alone) where the reading is uncertain.
    pub fn after_text(&self) -> String {
        show(self.after, self.after_uncertain)
    }
}

fn show(value: Option<Value>, uncertain: bool) -> String {
    match (value, uncertain) {
        (Some(v), false) => v.to_string(),
        (Some(v), true) => format!("{v}?"),
        (None, false) => "—".to_string(),
        (None, true) => "?".to_string(),
    }
}

/// One rate in both years.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateChange {
    pub rate: &'static Rate,
    /// From 0 to 1; `None` where a cell is missing or uncertain, or nothing to be a share of.
    pub before: Option<f64>,
    pub after: Option<f64>,
}

impl RateChange {
    /// The change in percentage points.
    pub fn points(&self) -> Option<f64> {
        Some((self.after? - self.before?) * 100.0)
    }

    /// A rate as a percentage with one decimal (`45.9%`), `—` when there is none.
    pub fn percent(rate: Option<f64>) -> String {
        rate.map_or("—".to_string(), |r| format!("{:.1}%", r * 100.0))
    }

    /// The change as printed: `+3.2` (percentage points), `—` when either year has none.
    pub fn points_text(&self) -> String {
        self.points()
            .map_or("—".to_string(), |p| format!("{p:+.1}"))
    }
}

/// Compares an organ's report with its report of an earlier year.
pub fn compare(before: &Report, after: &Report) -> YearOnYear {
    let template = after.template();
    let (unsure_before, unsure_after) = (before.uncertain(), after.uncertain());
    let tables = [TableId::T2, TableId::T3, TableId::T4]
        .into_iter()
        .map(|table| TableChanges {
            table,
            cells: template
                .cells()
                .iter()
                .filter(|spec| spec.table == table)
                // A group row's own cells, which the template allows and reports leave
                // empty, are left out when neither year has them.
                .filter(|spec| before.cell(&spec.key).is_some() || after.cell(&spec.key).is_some())
                .map(|spec| CellChange {
                    key: spec.key.clone(),
                    group: spec.row.group.and_then(|g| {
                        let rows = template.table(table).rows;
                        let group = rows.iter().find(|r| r.id == g)?;
                        Some(crate::short_label(group.label.text))
                    }),
                    row: crate::short_label(spec.row.label.text),
                    column: crate::short_label(spec.column.label.text),
                    before: before.value(&spec.key),
                    after: after.value(&spec.key),
                    before_uncertain: unsure_before.contains(&spec.key.as_str()),
                    after_uncertain: unsure_after.contains(&spec.key.as_str()),
                })
                .collect(),
        })
        .collect();
    YearOnYear {
        organ: after.agency.clone().or_else(|| before.agency.clone()),
        before: Year::of(before),
        after: Year::of(after),
        tables,
        rates: ALL
            .iter()
            .map(|rate| RateChange {
                rate,
                before: rate.of(before),
                after: rate.of(after),
            })
            .collect(),
        across: years::compare(before, after),
        text: repetition::between(after, before),
    }
}

impl YearOnYear {
    /// Whether any cell of either year is uncertain (and printed with a `?`).
    pub fn uncertain(&self) -> bool {
        self.tables
            .iter()
            .flat_map(|t| &t.cells)
            .any(|c| c.before_uncertain || c.after_uncertain)
    }

    /// How many cells differ between the two years.
    pub fn changed(&self) -> usize {
        self.across.changed.len()
    }

    /// The share of the later report's compared text that repeats the earlier's, over all six
    /// sections by characters; `None` when no text was compared.
    pub fn repeated_share(&self) -> Option<f64> {
        let chars: usize = self.text.iter().map(|s| s.chars).sum();
        let repeated: usize = self.text.iter().map(|s| s.repeated).sum();
        (chars > 0).then(|| repeated as f64 / chars as f64)
    }

    /// The title of the comparison: `平潭综合实验区 2023—2024 年度政府信息公开工作年度报告对比`.
    pub fn title(&self, english: bool) -> String {
        let organ = self.organ.as_deref().unwrap_or_default();
        let (a, b) = (self.before.label(), self.after.label());
        if english {
            format!("{organ} annual reports compared: {a} and {b}")
                .trim()
                .to_string()
        } else {
            format!("{organ}{a}—{b}年度政府信息公开工作年度报告对比")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{bump, consistent};
    use gongkai_core::Version;

    fn of(year: i32) -> Report {
        let mut r = consistent(Version::V2021, 7);
        r.year = Some(year);
        r.source.file = format!("{year}.txt");
        r
    }

    #[test]
    fn every_cell_of_the_three_tables_is_there_with_its_change() {
        let before = of(2022);
        let after = bump(of(2023), "t4.review.upheld", 2);
        let c = compare(&before, &after);
        assert_eq!(c.tables.len(), 3);
        let cells: usize = c.tables.iter().map(|t| t.cells.len()).sum();
        assert_eq!(cells, after.cells.len());
        let upheld = c.tables[2]
            .cells
            .iter()
            .find(|c| c.key == "t4.review.upheld")
            .unwrap();
        assert_eq!(upheld.change_text(), "+2");
        assert_eq!((upheld.row, upheld.column), ("行政复议", "结果维持"));
        let secret = c.tables[1]
            .cells
            .iter()
            .find(|c| c.key == "t3.withheld.state_secret.natural")
            .unwrap();
        assert_eq!(secret.row_label(), "（三）不予公开 1.属于国家秘密");
        let same = &c.tables[0].cells[0];
        assert_eq!(same.change(), Change::Same);
        assert_eq!(same.change_text(), "0");
        assert!(c.changed() >= 1);
        assert_eq!(c.rates.len(), 4);
        assert_eq!(c.text.len(), 6, "a line for each section");
        assert_eq!(
            c.title(false),
            "某县人民政府办公室2022—2023年度政府信息公开工作年度报告对比"
        );
    }

    #[test]
    fn a_cell_in_one_year_only_has_no_change_to_state() {
        let cell = CellChange {
            key: "t2.fees.amount".into(),
            group: None,
            row: "",
            column: "",
            before: None,
            after: Some(Value::Number(Number::parse("3.5").unwrap())),
            before_uncertain: false,
            after_uncertain: false,
        };
        assert_eq!(cell.change(), Change::Incomparable);
        assert_eq!(cell.change_text(), "—");
        let fell = CellChange {
            before: Some(Value::Number(Number::parse("10.25").unwrap())),
            ..cell
        };
        assert_eq!(fell.change_text(), "-6.75");
    }

    #[test]
    fn an_uncertain_reading_is_marked_and_states_no_change() {
        use gongkai_core::{Certainty, Inference};
        let before = of(2022);
        let mut after = bump(of(2023), "t4.review.upheld", 2);
        let cell = after
            .cells
            .iter_mut()
            .find(|c| c.key == "t4.review.upheld")
            .unwrap();
        cell.certainty = Certainty::Uncertain(Inference::Position);
        let c = compare(&before, &after);
        let upheld = c.tables[2]
            .cells
            .iter()
            .find(|c| c.key == "t4.review.upheld")
            .unwrap();
        assert!(upheld.after_uncertain && !upheld.before_uncertain);
        assert_eq!(upheld.change(), Change::Uncertain);
        assert_eq!(upheld.change_text(), "?");
        assert_eq!(
            upheld.after_text(),
            format!("{}?", after.value("t4.review.upheld").unwrap())
        );
        assert!(!upheld.before_text().contains('?'));
        assert!(c.uncertain());
        assert!(!compare(&before, &of(2023)).uncertain());
    }

    #[test]
    fn rate_changes_are_in_points() {
        let r = RateChange {
            rate: &gongkai_core::rates::DISCLOSURE,
            before: Some(0.5),
            after: Some(0.532),
        };
        assert_eq!(r.points_text(), "+3.2");
        assert_eq!(RateChange::percent(r.after), "53.2%");
        assert_eq!(RateChange { after: None, ..r }.points_text(), "—");
    }
}
