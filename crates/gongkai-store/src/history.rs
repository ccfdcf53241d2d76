//! One organ across its years: its current reports, and for each two years that follow each
//! other, what changed from one to the next (the cells and the rules across years).

use crate::db::{Db, DbError};
use crate::{organ, query};
use gongkai_check::years::{self, Comparison};

/// An organ's reports in year order, and the steps between consecutive years.
pub struct History {
    /// The organ's name as stored, or the name asked for when it has no report.
    pub name: String,
    pub reports: Vec<query::Listed>,
    pub steps: Vec<Step>,
}

/// From one year's report to the next year's.
pub struct Step {
    pub from: i64,
    pub to: i64,
    pub comparison: Comparison,
}

/// The history of the organ of this name (any spelling of it).
pub fn history(db: &mut Db, name: &str) -> Result<History, DbError> {
    let key = organ::key(name);
    let reports: Vec<query::Listed> = query::list(db, None)?
        .into_iter()
        .filter(|l| organ::key(&l.organ) == key)
        .collect();
    let mut steps = Vec::new();
    for pair in reports.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if b.year != a.year + 1 {
            continue;
        }
        let (Some(before), Some(after)) = (
            query::report(db, name, Some(a.year))?,
            query::report(db, name, Some(b.year))?,
        ) else {
            continue;
        };
        steps.push(Step {
            from: a.year,
            to: b.year,
            comparison: years::compare(&before, &after),
        });
    }
    Ok(History {
        name: reports
            .first()
            .map_or(name.to_string(), |l| l.organ.clone()),
        reports,
        steps,
    })
}
