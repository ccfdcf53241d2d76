//! The identities the template's tables obey, written down once as data: the reader uses them
//! to confirm or doubt what it had to infer, and to choose between readings.
//!
//! An identity says that the terms on its left add up to the terms on its right. A term is a
//! cell, or a group of table 三 (`（三）不予公开`), counted as the sum of its sub-rows where a
//! report prints them and as its aggregate row where it prints only that.

use crate::template::{cell_key, RowKind, TableId, Template, T3_COLUMNS};

/// Which of the table's rules an identity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IdentityKind {
    /// Table 三, one row: 总计 = the six applicant columns.
    RowTotal,
    /// Table 三, one column: 一 + 二 = （七）总计 + 四.
    Balance,
    /// Table 三, one column: （七）总计 = （一） + … + （六）.
    Results,
    /// Table 三, one column of a group printed both ways: the aggregate = its sub-rows.
    GroupTotal,
    /// Table 四, one group: 总计 = 维持 + 纠正 + 其他 + 尚未审结.
    Table4Total,
    /// Table 二, one row of the 2021 format, across two years: last year's 现行有效 + 本年制发 =
    /// 现行有效 + 本年废止.
    AcrossYears,
}

/// One term of an identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    Cell(String),
    /// The cell of the organ's report of the year before.
    LastYear(String),
    /// A group: its sub-rows' cells when every one holds a number, else its aggregate cell.
    Group {
        aggregate: String,
        parts: Vec<String>,
    },
}

/// Σ left = Σ right.
#[derive(Clone, Debug)]
pub struct Identity {
    pub kind: IdentityKind,
    pub left: Vec<Term>,
    pub right: Vec<Term>,
}

/// An identity evaluated over a report's values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluated<'a> {
    pub left: i64,
    pub right: i64,
    /// The cells the sums were made of.
    pub keys: Vec<&'a str>,
    /// Each term of the left side with its value and the cells it was counted from.
    pub left_terms: Vec<Counted<'a>>,
    /// The same for the right side.
    pub right_terms: Vec<Counted<'a>>,
}

/// One term of an evaluated identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counted<'a> {
    pub term: &'a Term,
    pub value: i64,
    /// The cells it was counted from: a group's sub-rows, or its aggregate.
    pub keys: Vec<&'a str>,
}

impl Counted<'_> {
    /// The term as counted, in keys: one cell by its key, sub-rows as `Σ t3.withheld.*.natural`.
    pub fn name(&self) -> String {
        match self.keys.as_slice() {
            [one] if !matches!(self.term, Term::LastYear(_)) => one.to_string(),
            _ => self.term.name(),
        }
    }
}

impl Term {
    /// The term's value where every cell it needs holds a whole number (`value` gives a
    /// cell's): a group by its sub-rows, else by its aggregate.
    pub fn count<'a>(&'a self, value: impl Fn(&str) -> Option<i64>) -> Option<Counted<'a>> {
        self.count_in(&value, &|_| None)
    }

    /// The term's value, this year's cells given by `value` and last year's by `last_year`.
    fn count_in<'a>(
        &'a self,
        value: &dyn Fn(&str) -> Option<i64>,
        last_year: &dyn Fn(&str) -> Option<i64>,
    ) -> Option<Counted<'a>> {
        match self {
            Term::Cell(k) => Some(Counted {
                term: self,
                value: value(k)?,
                keys: vec![k.as_str()],
            }),
            Term::LastYear(k) => Some(Counted {
                term: self,
                value: last_year(k)?,
                keys: Vec::new(),
            }),
            Term::Group { aggregate, parts } => {
                let subs: Option<Vec<i64>> = parts.iter().map(|p| value(p)).collect();
                match subs {
                    Some(v) => Some(Counted {
                        term: self,
                        value: v.iter().try_fold(0i64, |a, b| a.checked_add(*b))?,
                        keys: parts.iter().map(String::as_str).collect(),
                    }),
                    None => Some(Counted {
                        term: self,
                        value: value(aggregate)?,
                        keys: vec![aggregate.as_str()],
                    }),
                }
            }
        }
    }

    /// The cell that stands for the term: the cell itself, or a group's aggregate.
    pub fn key(&self) -> &str {
        match self {
            Term::Cell(k) | Term::LastYear(k) => k,
            Term::Group { aggregate, .. } => aggregate,
        }
    }

    /// The term in keys, as English messages name it: `t3.granted.natural`, or a group as
    /// `Σ t3.withheld.*.natural`.
    pub fn name(&self) -> String {
        match self {
            Term::Cell(k) => k.clone(),
            Term::LastYear(k) => format!("previous.{k}"),
            Term::Group { aggregate, .. } => match aggregate.rsplit_once('.') {
                Some((row, col)) => format!("Σ {row}.*.{col}"),
                None => aggregate.clone(),
            },
        }
    }
}

impl Evaluated<'_> {
    pub fn holds(&self) -> bool {
        self.left == self.right
    }
}

impl Identity {
    /// Every key of this year's report an identity may draw on.
    pub fn keys(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for term in self.left.iter().chain(&self.right) {
            match term {
                Term::Cell(k) => out.push(k.as_str()),
                Term::LastYear(_) => {}
                Term::Group { aggregate, parts } => {
                    out.push(aggregate.as_str());
                    out.extend(parts.iter().map(String::as_str));
                }
            }
        }
        out
    }

    /// The two sides as sums of keys (`t4.review.total`, `t4.review.upheld + …`), a group as
    /// `Σ t3.withheld.*.natural`.
    pub fn sides(&self) -> (String, String) {
        let side = |terms: &[Term]| terms.iter().map(Term::name).collect::<Vec<_>>().join(" + ");
        (side(&self.left), side(&self.right))
    }

    /// Both sums, when every term holds a whole number (`value` gives a cell's); `None`
    /// when one does not, so that nothing is concluded from a blank or unread cell.
    pub fn evaluate<'a>(&'a self, value: impl Fn(&str) -> Option<i64>) -> Option<Evaluated<'a>> {
        self.evaluate_across(value, |_| None)
    }

    /// Both sums, this year's cells given by `value` and last year's by `last_year`.
    pub fn evaluate_across<'a>(
        &'a self,
        value: impl Fn(&str) -> Option<i64>,
        last_year: impl Fn(&str) -> Option<i64>,
    ) -> Option<Evaluated<'a>> {
        let count = |term: &'a Term| term.count_in(&value, &last_year);
        let side = |terms: &'a [Term]| -> Option<(i64, Vec<Counted<'a>>)> {
            let counted: Vec<Counted<'a>> = terms.iter().map(count).collect::<Option<_>>()?;
            let total = counted
                .iter()
                .try_fold(0i64, |a, c| a.checked_add(c.value))?;
            Some((total, counted))
        };
        let (left, left_terms) = side(&self.left)?;
        let (right, right_terms) = side(&self.right)?;
        let keys = left_terms
            .iter()
            .chain(&right_terms)
            .flat_map(|c| c.keys.iter().copied())
            .collect();
        Some(Evaluated {
            left,
            right,
            keys,
            left_terms,
            right_terms,
        })
    }
}

impl Template {
    /// Every identity of tables 三 and 四 in this format.
    pub fn identities(&self) -> &[Identity] {
        use std::sync::OnceLock;
        static V2019: OnceLock<Vec<Identity>> = OnceLock::new();
        static V2021: OnceLock<Vec<Identity>> = OnceLock::new();
        let cell = match self.version {
            crate::Version::V2019 => &V2019,
            crate::Version::V2021 => &V2021,
        };
        cell.get_or_init(|| build(self))
    }
}

fn build(t: &Template) -> Vec<Identity> {
    let mut out = Vec::new();
    let t3 = t.table(TableId::T3);
    let key = |row: &str, col: &str| cell_key(TableId::T3, row, col);
    let cell = |row: &str, col: &str| Term::Cell(key(row, col));
    let applicants: Vec<&str> = T3_COLUMNS
        .iter()
        .map(|c| c.id)
        .filter(|&c| c != "total")
        .collect();
    for row in t3.rows.iter().filter(|r| r.kind != RowKind::Heading) {
        out.push(Identity {
            kind: IdentityKind::RowTotal,
            left: vec![cell(row.id, "total")],
            right: applicants.iter().map(|c| cell(row.id, c)).collect(),
        });
    }
    let results_from = t3.rows.iter().position(|r| r.id == "granted");
    let results_to = t3.rows.iter().position(|r| r.id == "results_total");
    for col in T3_COLUMNS.iter().map(|c| c.id) {
        out.push(Identity {
            kind: IdentityKind::Balance,
            left: vec![cell("new", col), cell("carried_over", col)],
            right: vec![cell("results_total", col), cell("carried_forward", col)],
        });
        let (Some(from), Some(to)) = (results_from, results_to) else {
            continue;
        };
        let mut terms = Vec::new();
        for row in &t3.rows[from..to] {
            match (row.kind, row.group) {
                (RowKind::Group, _) => {
                    let parts: Vec<String> = t3
                        .rows
                        .iter()
                        .filter(|r| r.group == Some(row.id))
                        .map(|r| key(r.id, col))
                        .collect();
                    out.push(Identity {
                        kind: IdentityKind::GroupTotal,
                        left: vec![cell(row.id, col)],
                        right: parts.iter().cloned().map(Term::Cell).collect(),
                    });
                    terms.push(Term::Group {
                        aggregate: key(row.id, col),
                        parts,
                    });
                }
                (RowKind::Data, None) => terms.push(cell(row.id, col)),
                _ => {}
            }
        }
        out.push(Identity {
            kind: IdentityKind::Results,
            left: vec![cell("results_total", col)],
            right: terms,
        });
    }
    for row in t.table(TableId::T2).rows {
        let has = |col: &str| row.columns.iter().any(|c| c.id == col);
        if !["issued", "repealed", "in_force"].into_iter().all(has) {
            continue;
        }
        let k = |col: &str| cell_key(TableId::T2, row.id, col);
        out.push(Identity {
            kind: IdentityKind::AcrossYears,
            left: vec![Term::LastYear(k("in_force")), Term::Cell(k("issued"))],
            right: vec![Term::Cell(k("in_force")), Term::Cell(k("repealed"))],
        });
    }
    for row in t.table(TableId::T4).rows {
        let k = |col: &str| Term::Cell(cell_key(TableId::T4, row.id, col));
        out.push(Identity {
            kind: IdentityKind::Table4Total,
            left: vec![k("total")],
            right: row
                .columns
                .iter()
                .filter(|c| c.id != "total")
                .map(|c| k(c.id))
                .collect(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Version;

    #[test]
    fn the_identities_of_each_format() {
        let count = |v, kind| {
            Template::get(v)
                .identities()
                .iter()
                .filter(|i| i.kind == kind)
                .count()
        };
        // 2021: 25 data rows and 4 groups, each with its total.
        assert_eq!(count(Version::V2021, IdentityKind::RowTotal), 29);
        assert_eq!(count(Version::V2019, IdentityKind::RowTotal), 26);
        assert_eq!(count(Version::V2021, IdentityKind::Balance), 7);
        assert_eq!(count(Version::V2021, IdentityKind::Results), 7);
        assert_eq!(count(Version::V2021, IdentityKind::GroupTotal), 28);
        assert_eq!(count(Version::V2019, IdentityKind::GroupTotal), 21);
        assert_eq!(count(Version::V2021, IdentityKind::Table4Total), 3);
        assert_eq!(count(Version::V2021, IdentityKind::AcrossYears), 2);
        assert_eq!(count(Version::V2019, IdentityKind::AcrossYears), 0);
    }

    #[test]
    fn a_group_counts_by_its_sub_rows_or_its_aggregate() {
        let t = Template::get(Version::V2021);
        let results = t
            .identities()
            .iter()
            .find(|i| {
                i.kind == IdentityKind::Results
                    && i.left == [Term::Cell("t3.results_total.total".into())]
            })
            .unwrap();
        // Everything 1 but （六）'s sub-rows, which are unread: its aggregate is taken.
        let e = results
            .evaluate(|k| (!k.starts_with("t3.other.") || k == "t3.other.total").then_some(1))
            .unwrap();
        assert!(e.keys.contains(&"t3.other.total"));
        assert!(e.keys.contains(&"t3.withheld.state_secret.total"));
        assert_eq!(e.right, 2 + 8 + 3 + 5 + 1);
        assert!(!e.holds());
        assert!(results.evaluate(|_| None).is_none());
    }
}
