//! The web UI in a real browser: `gongkai serve` on loopback, Debian's chromium driven headless
//! by the scripts of tests/browser (playwright-core from npm). A seed report with one cell
//! changed is uploaded; its cell must be highlighted. The charts page is drawn in both
//! languages; the corpus is paged, faceted, searched and a stored report opened in both. A
//! filer and a reviewer take one report through the filing season (a mistake the live
//! identities catch, a return with a comment, a resubmission, the approval). Screenshots are
//! saved under target/.
//!
//! Runs where node, chromium and tests/browser/node_modules are present (.ci/run installs
//! them and sets GONGKAI_REQUIRE_BROWSER=1, which makes their absence a failure).

mod common;

use common::cli::*;

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The chromium to drive, when it and playwright are here; a skip is said, and is a failure
/// where GONGKAI_REQUIRE_BROWSER is set.
fn chromium(root: &Path) -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let ready = Path::new(&chromium).exists()
        && root
            .join("tests/browser/node_modules/playwright-core")
            .exists()
        && Command::new("node").arg("--version").output().is_ok();
    if !ready {
        assert!(
            std::env::var("GONGKAI_REQUIRE_BROWSER").is_err(),
            "GONGKAI_REQUIRE_BROWSER is set but chromium, node or tests/browser/node_modules is missing"
        );
        eprintln!("skipped: chromium, node or tests/browser/node_modules is missing (see .ci/run)");
        return None;
    }
    Some(chromium)
}

/// Runs a browser script against a fresh `gongkai serve` in `dir` with the test server's
/// editor and password, then `args` (the report to upload, for the review page's scripts);
/// the script must succeed and leave its screenshot at `shot`.
fn drive(chromium: &str, script: &str, dir: &Path, args: &[&str], shot: &Path) {
    let root = workspace();
    let server = common::server::start(env!("CARGO_BIN_EXE_gongkai"), dir);
    let url = format!("http://{}", server.addr);
    let o = Command::new("node")
        .arg(root.join("tests/browser").join(script))
        .args([&url, "审核员", "server-test-1"])
        .args(args)
        .arg(shot)
        .env("CHROMIUM", chromium)
        .output()
        .unwrap();
    drop(server);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "{said}");
    println!("{said}");
    assert!(
        std::fs::metadata(shot).unwrap().len() > 10_000,
        "a screenshot"
    );
}

/// A finding on a web page, clicked: the source panel shows the page's text, not its markup,
/// and the finding's line stands inside the panel.
#[test]
fn a_finding_on_a_web_page_shows_its_line_of_text() {
    let root = workspace();
    let Some(chromium) = chromium(&root) else {
        return;
    };
    let page = root.join("../shared/corpus/real/pingtan-2020.html");
    if !page.exists() {
        return;
    }
    let dir = common::server::temp("browser-source");
    let shot = root.join("target/browser-source.png");
    drive(
        &chromium,
        "source.mjs",
        &dir,
        &[page.to_str().unwrap()],
        &shot,
    );
}

#[test]
fn a_changed_cell_is_highlighted_in_chromium() {
    let root = workspace();
    let Some(chromium) = chromium(&root) else {
        return;
    };
    let Some(seeds) = ["../shared/corpus/seeds", "examples"]
        .iter()
        .map(|d| root.join(d))
        .find(|d| d.is_dir())
    else {
        return;
    };
    let seed = std::fs::read_dir(&seeds)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .min()
        .unwrap();
    let dir = common::server::temp("browser");

    // The seed with one cell of table 三 changed by one: A101 and A103 must flag it.
    let cell = "t3.new.natural";
    let o = run(&["parse", "--format", "cells", seed.to_str().unwrap()]);
    let mut cells: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let n = cells["cells"][cell].as_i64().unwrap();
    cells["cells"][cell] = (n + 1).into();
    let json = dir.join("changed.json");
    std::fs::write(&json, cells.to_string()).unwrap();
    let report = dir.join("changed.md");
    render_to(&json, "md", &report);

    let shot = root.join("target/browser-check.png");
    drive(
        &chromium,
        "check.mjs",
        &dir,
        &[report.to_str().unwrap(), cell],
        &shot,
    );
}

/// The charts page over a synthetic corpus (eleven organs of two places, seven years each),
/// in Chinese and in English: four charts drawn, each named and followed by its table, the
/// labels in words. A screenshot of each language is saved under target/.
#[test]
fn the_charts_page_is_drawn_in_both_languages() {
    let root = workspace();
    let Some(chromium) = chromium(&root) else {
        return;
    };
    let dir = common::server::temp("browser-charts");
    let files = dir.join("files");
    synth(&files, "77", "5");
    let db = format!("sqlite:{}", dir.join("w.db").display());
    ok(&["import", "--db", &db, files.to_str().unwrap()]);
    let (zh, en) = (
        root.join("target/browser-charts-zh.png"),
        root.join("target/browser-charts-en.png"),
    );
    drive(&chromium, "charts.mjs", &dir, &[zh.to_str().unwrap()], &en);
    assert!(
        std::fs::metadata(&zh).unwrap().len() > 10_000,
        "a screenshot"
    );
}

/// The corpus in chromium: paged, narrowed by a facet, searched, a stored report opened and
/// its year before followed, in both languages, over a synthetic corpus of several organs and
/// years.
#[test]
fn the_corpus_is_browsed_in_both_languages() {
    let root = workspace();
    let Some(chromium) = chromium(&root) else {
        return;
    };
    let dir = common::server::temp("browser-corpus");
    let files = dir.join("files");
    synth(&files, "60", "9");
    let db = format!("sqlite:{}", dir.join("w.db").display());
    ok(&["import", "--db", &db, files.to_str().unwrap()]);
    let prefix = root.join("target/browser");
    let last = root.join("target/browser-report-en.png");
    let _ = std::fs::remove_file(&last);
    drive(
        &chromium,
        "corpus.mjs",
        &dir,
        &[prefix.to_str().unwrap()],
        &last,
    );
}

/// The filing season in chromium: a season of 甲县 expecting 甲县财政局, its filer and the
/// county office's reviewer. The filer types table 三 with a mistake (the live identities
/// fail), puts it right, writes the six sections, saves, explains any warning and submits; the
/// reviewer comments on a cell and returns it; the filer changes it and submits again (the
/// second submission shows what changed); the reviewer approves. A screenshot of the failing
/// identity, of the return and of the approval is saved under target/.
#[test]
fn a_report_is_filed_returned_and_approved_in_chromium() {
    use gongkai_store::accounts::{self, Role};
    use gongkai_store::scope::{self, Membership, OfficeRole, OrganRole, Scope};
    use gongkai_store::season::{self, Deadlines};

    let root = workspace();
    let Some(chromium) = chromium(&root) else {
        return;
    };
    let dir = common::server::temp("browser-season");
    let (filer, reviewer, password) = ("财政局填报人", "县政务公开审核人", "season-test-1");

    // The store, before the server opens it: the season, its organ, the two people in place.
    let mut db = gongkai_store::open(&format!("sqlite:{}", dir.join("w.db").display())).unwrap();
    let by = Scope::command_line();
    let id = season::create(
        &mut db,
        &by,
        2023,
        "甲县",
        gongkai_core::Version::V2021,
        &Deadlines::defaults(2023),
    )
    .unwrap();
    let organ = season::add_organs(&mut db, &by, id, &["甲县财政局"]).unwrap()[0];
    for (name, place) in [
        (
            filer,
            Membership::Organ {
                organ,
                role: OrganRole::Filer,
            },
        ),
        (
            reviewer,
            Membership::Office {
                region: "甲县".into(),
                role: OfficeRole::Reviewer,
            },
        ),
    ] {
        let hash = gongkai_serve::hash_password(password).unwrap();
        let user = accounts::add_user(&mut db, None, name, &hash, Role::Viewer).unwrap();
        scope::set_membership(&mut db, &by, user, Some(&place)).unwrap();
    }
    drop(db);

    let prefix = root.join("target/browser-season");
    let shots = ["failing", "returned", "approved"]
        .map(|s| root.join(format!("target/browser-season-{s}.png")));
    for s in &shots {
        let _ = std::fs::remove_file(s);
    }
    drive(
        &chromium,
        "season.mjs",
        &dir,
        &[
            filer,
            reviewer,
            password,
            &id.to_string(),
            &organ.to_string(),
            prefix.to_str().unwrap(),
        ],
        &shots[2],
    );
    for s in &shots[..2] {
        assert!(
            std::fs::metadata(s).unwrap().len() > 10_000,
            "a screenshot at {}",
            s.display()
        );
    }
}
