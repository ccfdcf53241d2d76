//! Running the `gongkai` binary from the tests: its output, the shipped example and folders of
//! their own.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
}

pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

/// Runs in a folder (where `gongkai.toml` is looked for).
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin().current_dir(dir).args(args).output().unwrap()
}

/// Runs with `input` on standard input.
pub fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// Runs a command that must succeed.
pub fn ok(args: &[&str]) -> Output {
    let o = run(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    o
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The shipped example report.
pub fn example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/qingshan-2023.txt")
}

/// The shipped example report, as an argument.
pub fn example() -> String {
    example_path().display().to_string()
}

/// A fresh, empty folder of its own for each test (they run at once).
pub fn fresh_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gongkai-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// `gongkai --lang LANG import --db DB PATHS…`.
pub fn import_in(lang: &str, db: &str, paths: &[&Path]) -> Output {
    let mut args = vec!["--lang", lang, "import", "--db", db];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    run(&args)
}

/// `gongkai render INPUT --to TO -o OUT`, which must succeed.
pub fn render_to(input: &Path, to: &str, out: &Path) -> Output {
    ok(&[
        "render",
        input.to_str().unwrap(),
        "--to",
        to,
        "-o",
        out.to_str().unwrap(),
    ])
}

/// `gongkai synth --count COUNT --seed SEED --out OUT`, which must succeed.
pub fn synth(out: &Path, count: &str, seed: &str) {
    ok(&[
        "synth",
        "--count",
        count,
        "--seed",
        seed,
        "--out",
        out.to_str().unwrap(),
    ]);
}

/// Whether LibreOffice is here to print with; when it is not, the test says what was not run
/// (and fails where `.ci/run` requires it).
pub fn soffice_installed(what: &str) -> bool {
    if Command::new("soffice").arg("--version").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("GONGKAI_REQUIRE_SOFFICE").is_none(),
        "LibreOffice (soffice) is required here but not installed"
    );
    eprintln!("NOTE: soffice not found; {what} was NOT run");
    false
}

/// A document printed to PDF by LibreOffice, into `dir`, with a profile of its own there.
pub fn to_pdf(document: &Path, dir: &Path) -> PathBuf {
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let o = Command::new("soffice")
        .args([
            &profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            dir.to_str().unwrap(),
            document.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    dir.join(document.with_extension("pdf").file_name().unwrap())
}
