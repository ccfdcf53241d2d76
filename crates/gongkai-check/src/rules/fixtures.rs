//! Every rule's fixture, in the manner of ruff's: `fixtures/CODE.txt` beside this crate is a
//! report the rule finds fault with, read by the real reader, and `fixtures/CODE.previous.txt`
//! the organ's report of the year before, for the rules that compare years. A rule the reader
//! never lets fire on text it reads (it marks such cells uncertain instead) has a cells JSON
//! fixture, `CODE.json`, as a spreadsheet or another program hands gongkai. `CODE.ok.txt` (with
//! `CODE.ok.previous.txt`) is a report on the rule's boundary that it must let pass. The snapshot pins
//! the whole diagnostic as `gongkai check` prints it, in Chinese and then in English; any
//! change to a rule's message, location or excerpt shows up there. The fixtures are reports a
//! person can run gongkai on too: `gongkai check crates/gongkai-check/fixtures/A101.txt`.

use crate::registry;
use crate::testing::*;
use gongkai_core::{Report, Version};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// A fixture's text and the report read from it (`stem.txt` or `stem.json`), or `None` when
/// there is no such file.
fn fixture(stem: &str) -> Option<(String, Report)> {
    ["txt", "json"].iter().find_map(|ext| {
        let name = format!("{stem}.{ext}");
        let path = dir().join(&name);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => panic!("{}: {e}", path.display()),
        };
        let report = gongkai_read::read(&name, text.as_bytes())
            .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        Some((text, report))
    })
}

#[test]
fn every_rule_fails_on_its_fixture() {
    // Thirty organs printing numbers like the sample's, for the rules that compare with peers.
    let peers = peers_like(&sample());
    for rule in registry::all() {
        let code = rule.code;
        let (text, now) = fixture(code).unwrap_or_else(|| panic!("no fixture for {code}"));
        let previous = fixture(&format!("{code}.previous")).map(|(_, r)| r);
        let found = run_among(rule, &now, previous.as_ref(), Some(&peers));
        assert!(!found.is_empty(), "{code} finds nothing in its fixture");
        insta::assert_snapshot!(rule.code, diagnostics_of(&text, &now, &found));
    }
}

#[test]
fn every_rule_passes_its_ok_fixture() {
    let peers = peers_like(&sample());
    for rule in registry::all() {
        let code = rule.code;
        let Some((_, now)) = fixture(&format!("{code}.ok")) else {
            continue;
        };
        let previous = fixture(&format!("{code}.ok.previous")).map(|(_, r)| r);
        let found = run_among(rule, &now, previous.as_ref(), Some(&peers));
        assert!(found.is_empty(), "{code} finds {found:?} in {code}.ok");
    }
}

#[test]
fn every_rule_passes_on_the_sample_and_on_consistent_reports() {
    let sample = sample();
    for rule in registry::all() {
        passes(rule, &sample);
        for version in Version::ALL {
            for seed in 0..8 {
                passes(rule, &consistent(version, seed));
            }
        }
    }
}

#[test]
fn every_fixture_belongs_to_a_rule() {
    for entry in std::fs::read_dir(dir()).expect("the fixtures folder") {
        let name = entry.expect("a fixture").file_name();
        let name = name.to_string_lossy();
        let code = name.split('.').next().unwrap_or_default();
        assert!(
            registry::find(code).is_some(),
            "fixtures/{name} names no rule"
        );
    }
}
