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
}

/// One term of an identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    Cell(String),
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
}

impl Evaluated<'_> {
    pub fn holds(&self) -> bool {
        self.left == self.right
    }
}

impl Identity {
    /// Every key an identity may draw on.
    pub fn keys(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for term in self.left.iter().chain(&self.right) {
            match term {
                Term::Cell(k) => out.push(k.as_str()),
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
        let side = |terms: &[Term]| {
            terms
                .iter()
                .map(|t| match t {
                    Term::Cell(k) => k.clone(),
                    Term::Group { aggregate, .. } => match aggregate.rsplit_once('.') {
                        Some((row, col)) => format!("Σ {row}.*.{col}"),
                        None => aggregate.clone(),
                    },
                })
                .collect::<Vec<_>>()
                .join(" + ")
        };
        (side(&self.left), side(&self.right))
    }

    /// Both sums, when every term holds a whole number (`value` gives a cell's); `None`
    /// when one does not, so that nothing is concluded from a blank or unread cell.
    pub fn evaluate<'a>(&'a self, value: impl Fn(&str) -> Option<i64>) -> Option<Evaluated<'a>> {
        let mut keys = Vec::new();
        let mut sum = |terms: &'a [Term]| -> Option<i64> {
            let mut total = 0i64;
            for t in terms {
                match t {
                    Term::Cell(k) => {
                        total = total.checked_add(value(k)?)?;
                        keys.push(k.as_str());
                    }
                    Term::Group { aggregate, parts } => {
                        let subs: Option<Vec<i64>> = parts.iter().map(|p| value(p)).collect();
                        match subs {
                            Some(v) => {
                                total = total.checked_add(v.iter().sum())?;
                                keys.extend(parts.iter().map(String::as_str));
                            }
                            None => {
                                total = total.checked_add(value(aggregate)?)?;
                                keys.push(aggregate.as_str());
                            }
                        }
                    }
                }
            }
            Some(total)
        };
        let left = sum(&self.left)?;
        let right = sum(&self.right)?;
        Some(Evaluated { left, right, keys })
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
    for row in t.table(TableId::T4).rows {
        let k = |col: &str| Term::Cell(cell_key(TableId::T4, row.id, col));
        out.push(Identity {
            kind: IdentityKind::Table4Total,
            left: vec![k("total")],
            right: ["upheld", "corrected", "other", "pending"]
                .into_iter()
                .map(k)
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
