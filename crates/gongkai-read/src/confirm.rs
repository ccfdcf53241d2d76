//! Choosing between readings, and confirming inferred cells, with the table's identities.
//!
//! A run of digits that splits several ways which all satisfy its row's total is a [`Choice`]:
//! [`resolve`] tries every combination of the choices' readings against the table's other
//! identities (the columns' sums, 一 + 二 = 三 + 四) and keeps the ones under which they all
//! hold. A cell on which all those combinations agree is confirmed; one on which they differ
//! stays in doubt.
//!
//! Any other cell the reader had to infer (taken from another line, placed by position) starts
//! in doubt too. [`confirm`] confirms it when at least one identity of its table can be
//! evaluated over it and every such identity holds: the numbers around it agree with it. One
//! failing identity leaves it in doubt, so that the checks never accuse a report over a cell
//! that may have been misread.

use gongkai_core::identity::Identity;
use gongkai_core::template::Template;
use gongkai_core::value::parse_printed;
use gongkai_core::{Cell, Certainty, Inference};
use std::collections::HashMap;

/// Several readings of one row's (or table 四's) digits, all satisfying the row's own total.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The cells the digits fill, in order.
    pub keys: Vec<String>,
    /// Each reading: the digits of each cell.
    pub readings: Vec<Vec<String>>,
}

/// Combinations of readings tried at most; past it the choices stay in doubt.
const MAX_STEPS: usize = 200_000;
/// Combinations under which every identity holds, kept at most.
const MAX_SOLUTIONS: usize = 256;

/// Chooses between the readings of the choices with the identities of the table. Choices no
/// identity links are settled apart: each run of a table 二 row, which has no identity, keeps
/// all its readings.
pub fn resolve(template: &Template, cells: &mut [Cell], choices: &[Choice]) {
    if choices.is_empty() {
        return;
    }
    let owner: HashMap<&str, usize> = choices
        .iter()
        .enumerate()
        .flat_map(|(c, choice)| choice.keys.iter().map(move |k| (k.as_str(), c)))
        .collect();
    // Choices linked by an identity, as a union-find forest.
    let mut parent: Vec<usize> = (0..choices.len()).collect();
    fn root(parent: &mut [usize], mut c: usize) -> usize {
        while parent[c] != c {
            parent[c] = parent[parent[c]];
            c = parent[c];
        }
        c
    }
    for identity in template.identities() {
        let linked: Vec<usize> = identity
            .keys()
            .iter()
            .filter_map(|k| owner.get(k).copied())
            .collect();
        for pair in linked.windows(2) {
            let (a, b) = (root(&mut parent, pair[0]), root(&mut parent, pair[1]));
            parent[a] = b;
        }
    }
    let mut components: HashMap<usize, Vec<Choice>> = HashMap::new();
    for (c, choice) in choices.iter().enumerate() {
        let r = root(&mut parent, c);
        components.entry(r).or_default().push(choice.clone());
    }
    let mut roots: Vec<usize> = components.keys().copied().collect();
    roots.sort_unstable();
    let index: HashMap<String, usize> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| (c.key.clone(), i))
        .collect();
    for r in roots {
        settle(template, cells, &index, &components[&r]);
    }
}

/// Chooses between the readings of choices that identities link; `index` gives each cell's
/// place in `cells`.
fn settle(
    template: &Template,
    cells: &mut [Cell],
    index: &HashMap<String, usize>,
    choices: &[Choice],
) {
    // Where each key of a choice stands: the choice and the place in its readings.
    let mut chosen_at: HashMap<&str, (usize, usize)> = HashMap::new();
    for (c, choice) in choices.iter().enumerate() {
        for (p, k) in choice.keys.iter().enumerate() {
            chosen_at.insert(k.as_str(), (c, p));
        }
    }
    // Each identity that involves a choice, checked once its last choice is taken.
    let mut ready: Vec<Vec<&Identity>> = vec![Vec::new(); choices.len()];
    for identity in template.identities() {
        if let Some(last) = identity
            .keys()
            .iter()
            .filter_map(|k| chosen_at.get(k).map(|&(c, _)| c))
            .max()
        {
            ready[last].push(identity);
        }
    }
    let fixed = |k: &str| -> Option<i64> { cells[*index.get(k)?].printed.value.number()?.as_int() };
    let mut search = Search {
        choices,
        chosen_at: &chosen_at,
        ready: &ready,
        fixed: &fixed,
        taken: Vec::with_capacity(choices.len()),
        solutions: Vec::new(),
        steps: 0,
    };
    search.run();
    let Search {
        solutions, steps, ..
    } = search;
    // Every combination must have been seen for a cell's agreement to mean anything.
    let complete = steps <= MAX_STEPS && solutions.len() < MAX_SOLUTIONS;
    if solutions.is_empty() || !complete {
        return;
    }
    for (c, choice) in choices.iter().enumerate() {
        let reading = &choice.readings[solutions[0][c]];
        for (p, key) in choice.keys.iter().enumerate() {
            let Some(&i) = index.get(key) else {
                continue;
            };
            let piece = &reading[p];
            let agreed = solutions.iter().all(|s| choice.readings[s[c]][p] == *piece);
            let cell = &mut cells[i];
            if let Some(printed) = parse_printed(piece) {
                cell.printed = printed;
                cell.raw = piece.clone();
            }
            cell.certainty = if agreed {
                Certainty::Confirmed(Inference::Split)
            } else {
                Certainty::Uncertain(Inference::Split)
            };
        }
    }
}

/// A depth-first walk over the choices' readings, pruned by each identity as soon as every
/// choice it involves is taken.
struct Search<'a, F: Fn(&str) -> Option<i64>> {
    choices: &'a [Choice],
    chosen_at: &'a HashMap<&'a str, (usize, usize)>,
    ready: &'a [Vec<&'a Identity>],
    fixed: &'a F,
    taken: Vec<usize>,
    solutions: Vec<Vec<usize>>,
    steps: usize,
}

impl<F: Fn(&str) -> Option<i64>> Search<'_, F> {
    fn run(&mut self) {
        let depth = self.taken.len();
        if depth == self.choices.len() {
            self.solutions.push(self.taken.clone());
            return;
        }
        for r in 0..self.choices[depth].readings.len() {
            self.steps += 1;
            if self.steps > MAX_STEPS || self.solutions.len() >= MAX_SOLUTIONS {
                return;
            }
            self.taken.push(r);
            if self.ready[depth].iter().all(|id| self.holds(id)) {
                self.run();
            }
            self.taken.pop();
        }
    }

    /// Whether the identity holds under the readings taken (one that cannot be evaluated does
    /// not object).
    fn holds(&self, identity: &Identity) -> bool {
        let value = |k: &str| match self.chosen_at.get(k) {
            Some(&(c, p)) => {
                let piece = &self.choices[c].readings[self.taken[c]][p];
                piece.parse::<i64>().ok()
            }
            None => (self.fixed)(k),
        };
        identity.evaluate(value).is_none_or(|e| e.holds())
    }
}

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
    // Per cell: whether some identity that can speak for it was evaluated, and whether all
    // such identities held.
    let mut verdict: HashMap<usize, bool> = HashMap::new();
    for identity in template.identities() {
        let Some(e) = identity.evaluate(value) else {
            continue;
        };
        for k in &e.keys {
            let i = index[k];
            if speaks_for(cells[i].certainty) {
                let held = verdict.entry(i).or_insert(true);
                *held &= e.holds();
            }
        }
    }
    for (i, held) in verdict {
        if let (true, Certainty::Uncertain(how)) = (held, cells[i].certainty) {
            cells[i].certainty = Certainty::Confirmed(how);
        }
    }
}

/// Whether an identity of this kind is evidence for a cell read so. A row's total checks how
/// its numbers fall into columns (a reading by position). Nothing checks which row numbers
/// belong to when they were taken from another line or from a row of the wrong count: the
/// columns' sums add the outcome rows up in any order, so a reading that swaps two rows
/// satisfies them as well. A split in doubt was chosen with the identities already
/// ([`resolve`]).
fn speaks_for(certainty: Certainty) -> bool {
    certainty == Certainty::Uncertain(Inference::Position)
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
            c.certainty = Certainty::Uncertain(Inference::Position);
        }
        confirm(r.template(), &mut r.cells);
        let of = |k: &str| r.cell(k).unwrap().certainty;
        assert_eq!(
            of("t4.review.total"),
            Certainty::Confirmed(Inference::Position)
        );
        assert_eq!(
            of("t4.litigation_direct.upheld"),
            Certainty::Uncertain(Inference::Position)
        );
    }
}
