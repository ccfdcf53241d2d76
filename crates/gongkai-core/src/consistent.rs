//! Consistent tables: numbers for every cell a report prints such that every identity of
//! [`Template::identities`] holds. One generator serves the rules' tests, `gongkai synth`, the
//! fuzzers' seeds and the benchmarks, so what "consistent" means is written once, in the
//! identities.

use crate::identity::{IdentityKind, Term};
use crate::template::{CellSpec, Template, T3_COLUMNS};
use std::collections::HashMap;

/// A value for every required cell of `template`, in template order. `draw` gives each cell
/// that no identity derives (an outcome of table 三, a carry, a part of table 四, a cell of
/// table 二) and is called in a fixed order, so a seeded `draw` gives the same tables every
/// time; totals, （七）总计 and 本年新收 follow from the identities. 上年结转 is held to at most
/// what the column ends with, so that 本年新收 is never negative.
pub fn values(template: &Template, mut draw: impl FnMut(&CellSpec) -> i64) -> Vec<(String, i64)> {
    let spec = |key: &str| {
        template
            .cell(key)
            .expect("the identities name the template's cells")
    };
    let mut values: HashMap<String, i64> = HashMap::new();
    let mut take = |key: &str, values: &mut HashMap<String, i64>| -> i64 {
        if let Some(v) = values.get(key) {
            return *v;
        }
        let v = draw(spec(key));
        values.insert(key.to_string(), v);
        v
    };
    let identities = template.identities();
    let column_of = |key: &str| spec(key).column.id;
    let single = |terms: &[Term], i: usize| terms[i].key().to_string();
    for column in T3_COLUMNS.iter().map(|c| c.id).filter(|&c| c != "total") {
        let of_column = |kind| {
            identities
                .iter()
                .find(|i| i.kind == kind && column_of(i.left[0].key()) == column)
        };
        if let Some(results) = of_column(IdentityKind::Results) {
            let mut sum = 0;
            for term in &results.right {
                match term {
                    Term::Group { parts, .. } => {
                        for p in parts {
                            sum += take(p, &mut values);
                        }
                    }
                    cell => sum += take(cell.key(), &mut values),
                }
            }
            values.insert(single(&results.left, 0), sum);
        }
        if let Some(balance) = of_column(IdentityKind::Balance) {
            // 一 + 二 = 三 + 四: 本年新收 + 上年结转 = 办理结果总计 + 结转下年度.
            let results = take(&single(&balance.right, 0), &mut values);
            let forward = take(&single(&balance.right, 1), &mut values);
            let over_key = single(&balance.left, 1);
            let over = take(&over_key, &mut values).min(results + forward);
            values.insert(over_key, over);
            values.insert(single(&balance.left, 0), results + forward - over);
        }
    }
    for identity in identities {
        match identity.kind {
            IdentityKind::RowTotal => {
                // Only rows whose parts are all set: a group's aggregate row is not printed.
                let parts: Option<Vec<i64>> = identity
                    .right
                    .iter()
                    .map(|t| values.get(t.key()).copied())
                    .collect();
                if let Some(parts) = parts {
                    values.insert(single(&identity.left, 0), parts.iter().sum());
                }
            }
            IdentityKind::Table4Total => {
                let sum = identity
                    .right
                    .iter()
                    .map(|t| take(t.key(), &mut values))
                    .sum();
                values.insert(single(&identity.left, 0), sum);
            }
            _ => {}
        }
    }
    template
        .required_cells()
        .map(|c| {
            let v = match values.get(&c.key) {
                Some(v) => *v,
                None => draw(c),
            };
            (c.key.clone(), v)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Version;

    #[test]
    fn every_identity_holds_and_every_cell_is_set() {
        for version in Version::ALL {
            let t = Template::get(version);
            let mut n = 0u64;
            let values = values(t, |_| {
                n = n
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (n >> 60) as i64
            });
            assert_eq!(values.len(), t.required_cells().count());
            let map: HashMap<&str, i64> = values.iter().map(|(k, v)| (k.as_str(), *v)).collect();
            for identity in t.identities() {
                // A group's aggregate is not printed; its terms count by the sub-rows.
                if let Some(e) = identity.evaluate(|k| map.get(k).copied()) {
                    assert!(e.holds(), "{:?}", identity.sides());
                }
            }
            assert!(map.values().all(|v| *v >= 0));
        }
    }
}
