//! Deciding between readings of digits with the table's own sums.
//!
//! Flattening a table can run the numbers of adjacent cells together (`693665` for 69 | 3 |
//! 665) or split one number over two cells (`2 1` for 21). When a row has fewer or more
//! numbers than columns, every way of cutting or joining the printed digits into exactly the
//! right count is tried. A reading is certain when the digits cut only one way, or when exactly
//! one way satisfies the row's identities (总计 = the sum of the other columns); otherwise the
//! first plausible reading is taken and its cells stay in doubt.

/// Limit on the readings tried for one row; past it the row is left as printed.
const MAX_READINGS: usize = 200_000;

/// Readings of a row's digits kept when the row's own identities leave several.
const MAX_KEPT: usize = 64;

/// The readings of a row's digits.
#[derive(Debug, PartialEq, Eq)]
pub struct Regrouped {
    /// The digits of each number, as read.
    pub pieces: Vec<String>,
    /// No other reading is possible: the digits cut only one way, or only one way satisfies the
    /// row's identities.
    pub certain: bool,
    /// When several readings satisfy the row's identities: all of them (up to a limit), the
    /// one taken first, for the table's other identities to choose from.
    pub alternatives: Vec<Vec<String>>,
}

/// A way to read `tokens` (plain digit strings) as `n` numbers, preferring those for which
/// `fits` holds: the one such reading, certain; the first of several, uncertain; when none
/// fits and the digits must be cut, the first cut, uncertain. `None` when the digits cannot
/// make `n` numbers, or when separate tokens would have to be joined with nothing to choose
/// the joins.
pub fn regroup(tokens: &[&str], n: usize, fits: impl Fn(&[i64]) -> bool) -> Option<Regrouped> {
    // Digits, with a sign on a token's first number (a 2019 本年增/减: `16-2119`).
    let digits = |t: &str| {
        let d = t.strip_prefix(['-', '+']).unwrap_or(t);
        !d.is_empty() && d.len() <= 18 && d.bytes().all(|b| b.is_ascii_digit())
    };
    if tokens.is_empty() || n == 0 || !tokens.iter().all(|t| digits(t)) {
        return None;
    }
    let mut fitting: Vec<Vec<String>> = Vec::new();
    let mut first: Option<Vec<String>> = None;
    let mut readings = 0usize;
    let mut consider = |pieces: Vec<String>| {
        let unsigned = |p: &str| p.strip_prefix(['-', '+']).unwrap_or(p).to_string();
        if pieces.iter().any(|p| {
            let u = unsigned(p);
            u.is_empty() || (u.len() > 1 && u.starts_with('0'))
        }) {
            return;
        }
        let Some(values) = pieces
            .iter()
            .map(|p| p.parse::<i64>().ok())
            .collect::<Option<Vec<i64>>>()
        else {
            return;
        };
        readings += 1;
        if fits(&values) {
            if fitting.len() < MAX_KEPT && !fitting.contains(&pieces) {
                fitting.push(pieces);
            }
        } else if first.is_none() {
            first = Some(pieces);
        }
    };
    let k = tokens.len();
    let cutting = k < n;
    if cutting {
        // Cut inside tokens: choose n - k cut points among the gaps between digits.
        let gaps: Vec<(usize, usize)> = tokens
            .iter()
            .enumerate()
            .flat_map(|(t, s)| {
                let signed = usize::from(s.starts_with(['-', '+']));
                (1 + signed..s.len()).map(move |g| (t, g))
            })
            .collect();
        let cuts = n - k;
        if cuts > gaps.len() || binomial(gaps.len(), cuts) > MAX_READINGS {
            return None;
        }
        for chosen in combinations(gaps.len(), cuts) {
            let mut pieces = Vec::with_capacity(n);
            for (t, s) in tokens.iter().enumerate() {
                let mut from = 0;
                for &c in &chosen {
                    let (ct, g) = gaps[c];
                    if ct == t {
                        pieces.push(s[from..g].to_string());
                        from = g;
                    }
                }
                pieces.push(s[from..].to_string());
            }
            consider(pieces);
        }
    } else if k > n {
        // Join neighbours: choose k - n of the k - 1 borders to remove.
        let joins = k - n;
        if binomial(k - 1, joins) > MAX_READINGS {
            return None;
        }
        for chosen in combinations(k - 1, joins) {
            let mut pieces: Vec<String> = Vec::with_capacity(n);
            for (t, s) in tokens.iter().enumerate() {
                if t > 0 && chosen.contains(&(t - 1)) {
                    pieces.last_mut().expect("t > 0").push_str(s);
                } else {
                    pieces.push(s.to_string());
                }
            }
            consider(pieces);
        }
    } else {
        consider(tokens.iter().map(|s| s.to_string()).collect());
    }
    // One reading that satisfies the row: when the only cut fails the row's total, the digits
    // may not all be the row's (one lost to a label, one from a neighbour), so it is in doubt.
    let certain = fitting.len() == 1;
    if let Some(pieces) = fitting.first().cloned() {
        let alternatives = if certain { Vec::new() } else { fitting };
        return Some(Regrouped {
            pieces,
            certain,
            alternatives,
        });
    }
    first.filter(|_| cutting).map(|pieces| Regrouped {
        pieces,
        certain,
        alternatives: Vec::new(),
    })
}

fn binomial(n: usize, k: usize) -> usize {
    if k > n {
        return 0;
    }
    let k = k.min(n - k);
    let mut r: usize = 1;
    for i in 0..k {
        r = r.saturating_mul(n - i) / (i + 1);
    }
    r
}

/// All k-subsets of 0..n in lexicographic order.
fn combinations(n: usize, k: usize) -> impl Iterator<Item = Vec<usize>> {
    let mut next = (k <= n).then(|| (0..k).collect::<Vec<_>>());
    std::iter::from_fn(move || {
        let cur = next.take()?;
        let mut c = cur.clone();
        let mut i = k;
        while i > 0 {
            i -= 1;
            if c[i] < n - k + i {
                c[i] += 1;
                for j in i + 1..k {
                    c[j] = c[j - 1] + 1;
                }
                next = Some(c);
                break;
            }
        }
        Some(cur)
    })
}

/// Every group of `width` numbers ends with its total: the rows of table 三 (width 7) and the
/// three groups of table 四 (width 5).
pub fn totals_fit(width: usize) -> impl Fn(&[i64]) -> bool {
    move |v: &[i64]| {
        v.len().is_multiple_of(width)
            && v.chunks(width)
                .all(|g| g[..width - 1].iter().sum::<i64>() == g[width - 1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(
        tokens: &[&str],
        n: usize,
        fits: impl Fn(&[i64]) -> bool,
    ) -> Option<(Vec<String>, bool)> {
        regroup(tokens, n, fits).map(|r| (r.pieces, r.certain))
    }

    fn pieces(p: &[&str]) -> Vec<String> {
        p.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn splits_run_together_digits() {
        // 69 | 3 | 665 … with a total: 69 + 3 + 0 + 0 + 0 + 0 = 72.
        let got = read(&["693", "0", "0", "0", "0", "72"], 7, totals_fit(7));
        assert_eq!(
            got.unwrap(),
            (pieces(&["69", "3", "0", "0", "0", "0", "72"]), true)
        );
        // A row's seven numbers glued: seven digits cut one way only.
        let got = read(&["1000001"], 7, totals_fit(7));
        assert_eq!(
            got.unwrap(),
            (pieces(&["1", "0", "0", "0", "0", "0", "1"]), true)
        );
        // One way only, but its total is wrong: the report's error, or digits that are not
        // all the row's; in doubt.
        let got = read(&["1000002"], 7, totals_fit(7));
        assert_eq!(
            got.unwrap(),
            (pieces(&["1", "0", "0", "0", "0", "0", "2"]), false)
        );
    }

    #[test]
    fn joins_split_digits() {
        let got = read(
            &["2", "0", "0", "0", "0", "0", "1", "2", "1"],
            7,
            totals_fit(7),
        );
        assert_eq!(
            got.unwrap(),
            (pieces(&["20", "0", "0", "0", "0", "1", "21"]), true)
        );
    }

    #[test]
    fn ambiguity_is_uncertain_and_impossibility_refused() {
        assert_eq!(read(&["000000"], 7, totals_fit(7)), None, "too few digits");
        assert_eq!(
            read(&["0", "00"], 2, totals_fit(2)),
            None,
            "no leading zeros"
        );
        assert_eq!(
            read(&["1", "1", "1"], 2, totals_fit(2)),
            None,
            "joins need a fit"
        );
        assert_eq!(
            read(&["5", "5"], 2, totals_fit(2)).unwrap(),
            (pieces(&["5", "5"]), true)
        );
        assert_eq!(
            read(&["1.5", "2"], 3, totals_fit(3)),
            None,
            "decimals are not regrouped"
        );
        assert_eq!(
            read(&["101"], 3, totals_fit(3)).unwrap(),
            (pieces(&["1", "0", "1"]), true)
        );
        // 12 | 0 | 12 and 1 | 20 | … : 1 + 20 ≠ …; 12 + 0 = 12 is the one fit.
        assert_eq!(
            read(&["12012"], 3, totals_fit(3)).unwrap(),
            (pieces(&["12", "0", "12"]), true)
        );
        // No total to decide with: 1 | 23 or 12 | 3.
        let (p, certain) = read(&["123"], 2, |_| true).unwrap();
        assert_eq!((p.len(), certain), (2, false));
        assert_eq!(
            read(&["000"], 3, |_| true).unwrap(),
            (pieces(&["0", "0", "0"]), true)
        );
    }

    #[test]
    fn combinations_are_complete() {
        assert_eq!(combinations(4, 2).count(), 6);
        assert_eq!(combinations(3, 0).count(), 1);
        assert_eq!(combinations(2, 3).count(), 0);
        assert_eq!(binomial(30, 6), 593_775);
    }
}
