//! Whole outputs pinned (insta): every rule's `--explain` text in both languages, the table of
//! `parse`, and the JSON of `check` on real reports. A change to any of them shows as a diff
//! to review (`cargo insta review`), never as a fragment that still happens to match.

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};
use std::path::PathBuf;
use std::process::Command;

fn gongkai() -> Command {
    let mut c = Command::new(get_cargo_bin("gongkai"));
    // Colour and width as on a plain terminal, whatever the machine's settings.
    c.env("NO_COLOR", "1").env("COLUMNS", "100");
    c
}

/// A file of the hand-verified corpus beside the project, as the corpus test reads it.
fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/real")
        .join(path)
}

fn codes() -> Vec<String> {
    let out = gongkai().args(["rules"]).output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .collect()
}

#[test]
fn every_rule_explains_itself() {
    let codes = codes();
    assert!(codes.len() >= 30, "{codes:?}");
    for code in codes {
        for lang in ["zh", "en"] {
            let name = format!("explain_{code}_{lang}");
            assert_cmd_snapshot!(
                name,
                gongkai().args(["--lang", lang, "check", "--explain", &code])
            );
        }
    }
}

#[test]
fn the_rule_list() {
    assert_cmd_snapshot!(gongkai().args(["rules"]));
}

#[test]
fn parse_prints_the_tables() {
    let example =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/qingshan-2023.txt");
    let mut c = gongkai();
    c.current_dir(example.parent().unwrap()).args([
        "parse",
        "--format",
        "table",
        "qingshan-2023.txt",
    ]);
    assert_cmd_snapshot!(c);
}

#[test]
fn check_json_of_real_reports() {
    for (name, file) in [
        ("check_json_hongze_pdf", "hongze-2023.pdf"),
        ("check_json_pingtan_2020", "pingtan-2020.html"),
        ("check_json_pingtan_xzspj_2024", "pingtan-xzspj-2024.html"),
    ] {
        let path = shared(file);
        let mut c = gongkai();
        c.current_dir(path.parent().unwrap())
            .args(["check", "--format", "json", file]);
        assert_cmd_snapshot!(name, c);
    }
}

#[test]
fn check_diagnostics_of_real_reports() {
    for (name, file) in [
        ("check_human_hongze_pdf", "hongze-2023.pdf"),
        ("check_human_pingtan_2020", "pingtan-2020.html"),
    ] {
        for lang in ["zh", "en"] {
            let path = shared(file);
            let mut c = gongkai();
            c.current_dir(path.parent().unwrap())
                .args(["--lang", lang, "check", file]);
            assert_cmd_snapshot!(format!("{name}_{lang}"), c);
        }
    }
}

/// A folder and a pattern (expanded by gongkai, as Windows shells do not) are checked file by
/// file in a stable order, with a closing summary by severity and by rule.
#[test]
fn check_a_folder_and_a_pattern() {
    let real = shared("");
    let root = real.parent().unwrap().parent().unwrap();
    // A pattern over files that stay as they are (the corpus may grow; its files do not change).
    let mut c = gongkai();
    c.current_dir(root).args([
        "check",
        "--format",
        "concise",
        "corpus/real/pingtan-202[0-3].html",
    ]);
    assert_cmd_snapshot!("check_pattern", c);
    // The whole corpus as a folder: every file in it is named, and the summary counts them all.
    let o = gongkai()
        .current_dir(root)
        .args(["check", "--format", "concise", "corpus/"])
        .output()
        .unwrap();
    let (out, err) = (
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    );
    let mut files = Vec::new();
    let mut stack = vec![root.join("corpus")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let (p, name) = (e.path(), e.file_name().to_string_lossy().into_owned());
            if p.is_dir() {
                stack.push(p);
            } else if !name.starts_with('.') && !name.ends_with(".expected.json") {
                files.push(p.strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    for f in &files {
        assert!(
            out.contains(f.as_str()) || err.contains(f.as_str()),
            "{f} not reported"
        );
    }
    assert!(out.contains(&format!("共 {} 个文件", files.len())), "{out}");
    assert!(out.contains("按规则："), "{out}");
}

/// Help and usage errors in one language: Chinese, or English with --lang en, never both on a
/// line (clap's own words included).
#[test]
fn help_and_usage_errors_speak_one_language() {
    for lang in ["zh", "en"] {
        assert_cmd_snapshot!(
            format!("usage_error_{lang}"),
            gongkai().args(["--lang", lang, "check", "--formt", "x.txt"])
        );
        assert_cmd_snapshot!(
            format!("check_help_{lang}"),
            gongkai().args(["--lang", lang, "check", "--help"])
        );
        let top = gongkai().args(["--lang", lang, "--help"]).output().unwrap();
        let text = String::from_utf8(top.stdout).unwrap();
        // The ` / ` that parts a text's two languages in the source never reaches a line.
        for line in text.lines() {
            assert!(!line.contains(" / "), "{line}");
        }
    }
}

/// No silent surprises, said as a clerk sees them: a mistyped store is named, another organ's
/// report is not taken for last year's, and a filled-in form is not overwritten.
#[test]
fn surprises_are_said_not_done() {
    let dir = std::env::temp_dir().join(format!("gongkai-surprises-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let example =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/qingshan-2023.txt");
    let text = std::fs::read_to_string(&example).unwrap();
    std::fs::write(dir.join("report.txt"), &text).unwrap();
    let other = text
        .replace("2023", "2022")
        .replace("青山县人民政府办公室", "青山县教育局");
    std::fs::write(dir.join("last.txt"), other).unwrap();
    std::fs::write(dir.join("keep.xlsx"), b"filled in").unwrap();
    for (name, args) in [
        (
            "surprise_missing_store",
            vec!["ls", "--db", "sqlite:gongkia.db"],
        ),
        (
            "surprise_other_organ",
            vec!["check", "--previous", "last.txt", "report.txt"],
        ),
        (
            "surprise_existing_file",
            vec![
                "new",
                "--agency",
                "青山县人民政府办公室",
                "--year",
                "2024",
                "-o",
                "keep.xlsx",
            ],
        ),
    ] {
        let mut c = gongkai();
        c.current_dir(&dir).args(&args);
        assert_cmd_snapshot!(name, c);
    }
    assert!(!dir.join("gongkia.db").exists());
}
