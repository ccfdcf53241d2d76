//! Points as evaluators write them (`0.5`, `2`, `1.25`): kept as hundredths in an integer, so
//! that adding and taking off never drifts and the same pack gives the same score everywhere.

use serde::{Serialize, Serializer};
use std::fmt;
use std::iter::Sum;

/// A number of points, in hundredths.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(i64);

impl Points {
    pub const ZERO: Points = Points(0);

    /// The points a pack writes: not negative, at most 1000, at most two decimals.
    pub fn from_f64(v: f64) -> Option<Points> {
        let hundredths = (v * 100.0).round();
        let exact = (v * 100.0 - hundredths).abs() < 1e-6;
        (v.is_finite() && (0.0..=1000.0).contains(&v) && exact).then_some(Points(hundredths as i64))
    }

    /// Whole points and hundredths (`Points::new(2, 50)` is 2.5).
    pub fn new(whole: i64, hundredths: i64) -> Points {
        Points(whole * 100 + hundredths)
    }

    pub fn hundredths(self) -> i64 {
        self.0
    }

    /// As a number, for JSON and workbooks.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// `self` less `n` times `each`, but not below `floor`.
    pub fn less(self, each: Points, n: usize, floor: Points) -> Points {
        let off = each.0.saturating_mul(n as i64);
        Points(self.0.saturating_sub(off).max(floor.0))
    }
}

impl Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        Points(iter.map(|p| p.0).sum())
    }
}

/// `2`, `2.5`, `1.25`: no trailing zeros.
impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, part) = (self.0 / 100, self.0 % 100);
        match part {
            0 => write!(f, "{whole}"),
            p if p % 10 == 0 => write!(f, "{whole}.{}", p / 10),
            p => write!(f, "{whole}.{p:02}"),
        }
    }
}

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_and_said() {
        assert_eq!(Points::from_f64(0.5), Some(Points::new(0, 50)));
        assert_eq!(Points::from_f64(1.25).unwrap().to_string(), "1.25");
        assert_eq!(Points::from_f64(2.0).unwrap().to_string(), "2");
        assert_eq!(Points::from_f64(2.5).unwrap().to_string(), "2.5");
        assert_eq!(Points::from_f64(0.125), None);
        assert_eq!(Points::from_f64(-1.0), None);
        assert_eq!(Points::from_f64(f64::NAN), None);
        // 0.1 + 0.2 adds up in hundredths.
        let sum: Points = [0.1, 0.2]
            .iter()
            .map(|v| Points::from_f64(*v).unwrap())
            .sum();
        assert_eq!(sum.to_string(), "0.3");
    }

    #[test]
    fn taken_off_down_to_the_floor() {
        let full = Points::new(2, 0);
        assert_eq!(
            full.less(Points::new(0, 50), 3, Points::ZERO),
            Points::new(0, 50)
        );
        assert_eq!(full.less(Points::new(0, 50), 9, Points::ZERO), Points::ZERO);
        assert_eq!(
            full.less(Points::new(1, 0), 9, Points::new(0, 50)),
            Points::new(0, 50)
        );
    }
}
