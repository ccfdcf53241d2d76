//! The rule registry: every rule with its code, severity and explanation, and the selection of
//! rules by code prefix, as in ruff (`A` = the family, `A1` = A101…A199, `A103` = one rule).

use crate::context::Context;
use crate::finding::{Finding, Severity};
use crate::rules;
use gongkai_core::Lang;
use std::fmt;

/// A check with a stable code. Its explanation is the doc comment of its declaration: a Chinese
/// part, then an English part opened by a `# ` title line.
pub struct Rule {
    /// `A101`: a family letter and three digits; never reused.
    pub code: &'static str,
    /// A short English name (`row-total`), for configuration files and the listing.
    pub name: &'static str,
    pub severity: Severity,
    /// The doc comment, as written.
    pub doc: &'static str,
    /// What the rule compares the report with, besides itself.
    pub needs: Needs,
    pub(crate) check: fn(&Context, &mut Vec<Finding>),
}

/// What a rule needs besides the report; without it the rule does not run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Needs {
    /// Nothing: the report alone.
    Report,
    /// Last year's report of the same organ (the Y rules).
    Previous,
    /// The organs of the same level and kind in the corpus (P101).
    Peers,
}

impl Rule {
    /// `A`, `V`, `T`, `N`, `P` or `Y`.
    pub fn family(&self) -> char {
        self.code.chars().next().unwrap_or('?')
    }

    /// The explanation `--explain` prints: the Chinese or the English half of the doc comment.
    pub fn explanation(&self, lang: Lang) -> String {
        let lines: Vec<&str> = self
            .doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect();
        let halves: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.starts_with("# "))
            .map(|(i, _)| i)
            .collect();
        let (from, to) = match (halves.first(), halves.get(1)) {
            (Some(_), Some(&en)) if lang.is_english() => (en, lines.len()),
            (Some(&zh), Some(&en)) => (zh, en),
            _ => (0, lines.len()),
        };
        let mut text = lines[from..to].join("\n");
        text.truncate(text.trim_end().len());
        text
    }

    /// The first line of the explanation, without its `# `.
    pub fn title(&self, lang: Lang) -> String {
        let text = self.explanation(lang);
        let first = text.lines().next().unwrap_or("");
        first.strip_prefix("# ").unwrap_or(first).to_string()
    }
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code, self.name)
    }
}

/// Declares a rule: its code, name, severity and what it needs on one line, then the doc
/// comment that `--explain` prints. The rule's module holds its `check` function.
macro_rules! rule {
    (code: $code:literal, name: $name:literal, severity: $severity:ident; $(#[doc = $doc:literal])+) => {
        $crate::registry::rule! {
            code: $code, name: $name, severity: $severity, needs: Report;
            $(#[doc = $doc])+
        }
    };
    (code: $code:literal, name: $name:literal, severity: $severity:ident, needs: $needs:ident; $(#[doc = $doc:literal])+) => {
        $(#[doc = $doc])+
        pub static RULE: $crate::registry::Rule = $crate::registry::Rule {
            code: $code,
            name: $name,
            severity: $crate::finding::Severity::$severity,
            doc: concat!($($doc, "\n"),+),
            needs: $crate::registry::Needs::$needs,
            check,
        };
    };
}
pub(crate) use rule;

/// Every rule, in code order.
pub fn all() -> &'static [&'static Rule] {
    rules::ALL
}

/// The rule with this code (any case).
pub fn find(code: &str) -> Option<&'static Rule> {
    all()
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code))
}

/// A code or code prefix naming rules, or `ALL`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selector(String);

impl Selector {
    /// Accepts `ALL`, a family letter, a prefix of a code or a whole code; anything that names no
    /// rule is an error, so a typo never silently selects nothing.
    pub fn parse(s: &str) -> Result<Selector, UnknownSelector> {
        let s = s.trim().to_ascii_uppercase();
        if s == "ALL" || (!s.is_empty() && all().iter().any(|r| r.code.starts_with(&s))) {
            Ok(Selector(s))
        } else {
            Err(UnknownSelector(s))
        }
    }

    pub fn matches(&self, rule: &Rule) -> bool {
        self.0 == "ALL" || rule.code.starts_with(&self.0)
    }
}

/// A selector that names no rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownSelector(pub String);

impl fmt::Display for UnknownSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Which rules run: those that `select` names (all when empty) and `ignore` does not.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub select: Vec<Selector>,
    pub ignore: Vec<Selector>,
}

impl Selection {
    pub fn enabled(&self, rule: &Rule) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| s.matches(rule)))
            && !self.ignore.iter().any(|s| s.matches(rule))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut codes: Vec<&str> = all().iter().map(|r| r.code).collect();
        for c in &codes {
            assert_eq!(c.len(), 4, "{c}");
            assert!("AVTNPRY".contains(&c[..1]), "{c}");
            assert!(c[1..].bytes().all(|b| b.is_ascii_digit()), "{c}");
        }
        let sorted = {
            let mut s = codes.clone();
            s.sort_unstable();
            s
        };
        assert_eq!(codes, sorted, "the registry is in code order");
        codes.dedup();
        assert_eq!(codes.len(), all().len());
    }

    #[test]
    fn every_rule_explains_itself_in_both_languages() {
        for rule in all() {
            let zh = rule.explanation(Lang::Zh);
            let en = rule.explanation(Lang::En);
            assert!(zh.starts_with("# "), "{rule:?}");
            assert!(en.starts_with("# "), "{rule:?}");
            assert_ne!(zh, en, "{rule:?}");
            for heading in ["## 说明", "## 为什么重要", "## 示例", "## 修改"] {
                assert!(zh.contains(heading), "{rule:?} lacks {heading}");
            }
            for heading in [
                "## What it does",
                "## Why it matters",
                "## Example",
                "## Fix",
            ] {
                assert!(en.contains(heading), "{rule:?} lacks {heading}");
            }
            assert!(!rule.title(Lang::Zh).is_empty() && !rule.title(Lang::En).is_empty());
        }
    }

    #[test]
    fn selectors() {
        let a = Selector::parse("a").unwrap();
        assert!(a.matches(find("A101").unwrap()));
        assert!(!a.matches(find("V101").unwrap()));
        assert!(Selector::parse("A2")
            .unwrap()
            .matches(find("A201").unwrap()));
        assert!(Selector::parse("Z9").is_err());
        assert!(Selector::parse("").is_err());
        assert!(Selector::parse("ALL")
            .unwrap()
            .matches(find("Y101").unwrap()));
        let sel = Selection {
            select: vec![Selector::parse("A").unwrap()],
            ignore: vec![Selector::parse("A201").unwrap()],
        };
        assert!(sel.enabled(find("A101").unwrap()));
        assert!(!sel.enabled(find("A201").unwrap()));
        assert!(!sel.enabled(find("T101").unwrap()));
    }
}
