//! Peers: how the organs of one level and kind filled in each cell in a year, for the outlier
//! rule P101. The corpus store builds them; a single file is checked against them with
//! `gongkai check --db`.
//!
//! Counts of requests and documents span orders of magnitude between organs, so spreads are
//! measured on `ln(1 + v)`, where a county bureau with 40 requests and one with 400 are as far
//! apart as one with 4 and one with 40. The centre is the median and the spread the median
//! absolute deviation (MAD), which a few wrong reports cannot drag along with them.

use crate::finding::Text;
use std::collections::HashMap;

/// Fewer peers than this say nothing about what is usual.
pub const MIN_PEERS: usize = 12;

/// How the peers filled in one cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Spread {
    /// How many peers printed a number in the cell.
    pub n: usize,
    /// The median of the values as printed.
    pub median: f64,
    /// The centre of `ln(1 + v)`.
    centre: f64,
    /// A robust standard deviation of `ln(1 + v)`; never zero.
    scale: f64,
}

/// Beyond this many robust standard deviations a value is an outlier (Iglewicz and Hoaglin's
/// 3.5 for the modified z-score).
const LIMIT: f64 = 3.5;

/// A value this close to the peers' median is never an outlier, however tight they are:
/// 3 requests where every peer had 0 is not worth a reviewer's time.
const MIN_DISTANCE: f64 = 10.0;

/// Nor is a value less than this many times the median: where peers are much alike, half as
/// much again can be many deviations off, yet it is no error. The errors sought (an extra
/// zero, 元 for 万元, a region's figures) multiply a value by ten or more.
const MIN_FACTOR: f64 = 3.0;

impl Spread {
    /// The spread of the values, or `None` with fewer than [`MIN_PEERS`] of them or when all
    /// are equal.
    pub fn of(values: &[f64]) -> Option<Spread> {
        if values.len() < MIN_PEERS {
            return None;
        }
        let logs: Vec<f64> = values.iter().map(|&v| v.max(0.0).ln_1p()).collect();
        let centre = median(&logs);
        let deviations: Vec<f64> = logs.iter().map(|x| (x - centre).abs()).collect();
        let mad = median(&deviations);
        // Where most peers print the same value (0 reviews), the MAD is 0; the mean absolute
        // deviation, scaled to match, still measures the few that differ.
        let scale = if mad > 0.0 {
            1.4826 * mad
        } else {
            1.2533 * deviations.iter().sum::<f64>() / deviations.len() as f64
        };
        (scale > 0.0).then(|| Spread {
            n: values.len(),
            median: median(values),
            centre,
            scale,
        })
    }

    /// Whether `value` lies far above the peers. Only the high side counts: a department
    /// without the power to fine prints 0 fines among peers that print hundreds, and a low
    /// value cannot be told from a real absence, while an extra zero, a wrong unit or a
    /// region's figures in one organ's report all make a value too large.
    pub fn far_above(&self, value: f64) -> bool {
        let z = (value.max(0.0).ln_1p() - self.centre) / self.scale;
        z > LIMIT && value - self.median >= MIN_DISTANCE && value >= MIN_FACTOR * self.median
    }
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    }
}

/// The peers of a report: what group they are, and the spread of each cell among them.
#[derive(Clone, Debug, PartialEq)]
pub struct Peers {
    /// The group, as findings name it: `2023 年县级部门`.
    pub group: Text,
    spreads: HashMap<String, Spread>,
}

impl Peers {
    /// The peers from their cells' values, keyed as in CELLS.md.
    pub fn new(group: Text, values: HashMap<String, Vec<f64>>) -> Peers {
        let spreads = values
            .into_iter()
            .filter_map(|(k, v)| Some((k, Spread::of(&v)?)))
            .collect();
        Peers { group, spreads }
    }

    pub fn spread(&self, key: &str) -> Option<&Spread> {
        self.spreads.get(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn around(centre: f64, n: usize) -> Vec<f64> {
        (0..n)
            .map(|i| centre + (i % 7) as f64 * centre / 10.0)
            .collect()
    }

    #[test]
    fn too_few_peers_say_nothing() {
        assert_eq!(Spread::of(&around(100.0, MIN_PEERS - 1)), None);
        assert!(Spread::of(&around(100.0, MIN_PEERS)).is_some());
    }

    #[test]
    fn a_hundredfold_value_is_far_above_and_a_usual_or_low_one_is_not() {
        let s = Spread::of(&around(100.0, 40)).unwrap();
        assert!(s.far_above(10_000.0));
        assert!(!s.far_above(130.0));
        let tight = Spread::of(&[
            100.0, 101.0, 99.0, 100.0, 102.0, 98.0, 100.0, 100.0, 101.0, 99.0, 100.0, 100.0,
        ])
        .unwrap();
        assert!(!tight.far_above(150.0), "less than three times the median");
        assert!(tight.far_above(1000.0));
        assert!(!s.far_above(0.0), "0 may be a real absence");
    }

    #[test]
    fn mostly_zero_peers_flag_only_a_large_value() {
        let mut v = vec![0.0; 40];
        v[3] = 1.0;
        v[9] = 2.0;
        let s = Spread::of(&v).unwrap();
        assert!(!s.far_above(3.0), "closer than MIN_DISTANCE");
        assert!(s.far_above(60.0));
    }

    #[test]
    fn equal_peers_have_no_spread() {
        assert_eq!(Spread::of(&[5.0; 30]), None);
    }
}
