//! Remembering what a thread has computed about a text.
//!
//! Reports print the template's labels over and over. Scoring a text against the labels is a
//! pure function of the text, and a thread that reads many reports meets the same texts again
//! and again: it keeps the answers, up to a bound, so that memory stays flat however many
//! reports it reads.

use std::collections::HashMap;

/// Answers by text, at most [`Memo::BOUND`] of them.
pub struct Memo<V> {
    answers: HashMap<String, V>,
}

impl<V: Clone> Memo<V> {
    /// Texts remembered: a few MB at most for the answers kept here.
    const BOUND: usize = 20_000;

    /// Longest text remembered, in bytes: labels are short, and a thread that reads file after
    /// file must not keep long texts (a line of a hostile file) by the thousand.
    const LONGEST: usize = 256;

    pub fn new() -> Memo<V> {
        Memo {
            answers: HashMap::new(),
        }
    }

    /// The answer for `text`, computed by `compute` the first time.
    pub fn get(&mut self, text: &str, compute: impl FnOnce() -> V) -> V {
        if let Some(v) = self.answers.get(text) {
            return v.clone();
        }
        let v = compute();
        if self.answers.len() < Self::BOUND && text.len() <= Self::LONGEST {
            self.answers.insert(text.to_string(), v.clone());
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_once_and_stays_bounded() {
        let mut memo = Memo::new();
        let mut calls = 0;
        for _ in 0..3 {
            assert_eq!(
                memo.get("规章", || {
                    calls += 1;
                    7
                }),
                7
            );
        }
        assert_eq!(calls, 1);
        for i in 0..Memo::<u8>::BOUND + 10 {
            memo.get(&i.to_string(), || 0);
        }
        assert_eq!(memo.answers.len(), Memo::<u8>::BOUND);
        assert_eq!(
            memo.get("too many", || 9),
            9,
            "past the bound it still answers"
        );
        let mut memo = Memo::new();
        let long = "规章".repeat(100);
        assert_eq!(memo.get(&long, || 1), 1);
        assert_eq!(memo.get(&long, || 2), 2, "a long text is computed again");
        assert!(memo.answers.is_empty());
    }
}
