//! Confirming inferred cells with the table's identities.
//!
//! A cell the reader had to infer (split from a run of digits, taken from another line, placed
//! by position) starts in doubt. It is confirmed when at least one identity of its table can be
//! evaluated over it and every such identity holds: the numbers around it agree with it. One
//! failing identity leaves it in doubt, so that the checks never accuse a report over a cell
//! that may have been misread.

use gongkai_core::template::Template;
use gongkai_core::{Cell, Certainty};
use std::collections::HashMap;

/// Upgrades the inferred cells that the identities confirm.
pub fn confirm(template: &Template, cells: &mut [Cell]) {
    if cells.iter().all(|c| c.certainty.is_exact()) {
        return;
    }
    let index: HashMap<&str, usize> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| (c.key.as_str(), i))
        .collect();
    let value = |k: &str| {
        let c = &cells[*index.get(k)?];
        c.printed.value.number()?.as_int()
    };
    // Per cell: whether some identity over it was evaluated, and whether all held.
    let mut verdict: HashMap<usize, bool> = HashMap::new();
    for identity in template.identities() {
        let Some(e) = identity.evaluate(value) else {
            continue;
        };
        for k in &e.keys {
            let i = index[k];
            let held = verdict.entry(i).or_insert(true);
            *held &= e.holds();
        }
    }
    for (i, held) in verdict {
        if let (true, Certainty::Uncertain(how)) = (held, cells[i].certainty) {
            cells[i].certainty = Certainty::Confirmed(how);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_core::{Inference, Number, Report, Value, Version};

    fn report(values: &[(&str, i64)]) -> Report {
        Report::from_cells(
            "t",
            None,
            Some(2022),
            Version::V2021,
            values.iter().map(|(k, v)| {
                (
                    k.to_string(),
                    Value::Number(Number::parse(&v.to_string()).unwrap()),
                )
            }),
        )
    }

    #[test]
    fn an_identity_that_holds_confirms_and_one_that_fails_does_not() {
        let t4 = |group: &str, v: [i64; 5]| {
            ["upheld", "corrected", "other", "pending", "total"]
                .iter()
                .zip(v)
                .map(|(c, v)| (format!("t4.{group}.{c}"), v))
                .collect::<Vec<_>>()
        };
        let mut values = t4("review", [1, 2, 0, 0, 3]);
        values.extend(t4("litigation_direct", [1, 2, 0, 0, 4]));
        let pairs: Vec<(&str, i64)> = values.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let mut r = report(&pairs);
        for c in &mut r.cells {
            c.certainty = Certainty::Uncertain(Inference::Split);
        }
        confirm(r.template(), &mut r.cells);
        let of = |k: &str| r.cell(k).unwrap().certainty;
        assert_eq!(
            of("t4.review.total"),
            Certainty::Confirmed(Inference::Split)
        );
        assert_eq!(
            of("t4.litigation_direct.upheld"),
            Certainty::Uncertain(Inference::Split)
        );
    }
}
