//! Fixtures: `NAME.expected.json` beside an input `NAME.<ext>`, in ../shared/corpus and in the
//! project's own examples.

use std::path::{Path, PathBuf};

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// ../shared/corpus beside the project root. Its absence fails the test loudly unless
/// GONGKAI_NO_CORPUS=1 says it is expected (a checkout without ../shared).
pub fn shared_corpus() -> Option<PathBuf> {
    shared("corpus")
}

/// ../shared/unread: real reports that once did not read right, held to the same standard.
#[allow(dead_code)]
pub fn shared_unread() -> Option<PathBuf> {
    shared("unread")
}

fn shared(folder: &str) -> Option<PathBuf> {
    let dir = workspace().join("../shared").join(folder);
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("GONGKAI_NO_CORPUS").is_some_and(|v| v == "1") {
        eprintln!(
            "NOTE: {} is absent; corpus fixtures NOT checked",
            dir.display()
        );
        return None;
    }
    panic!(
        "{} is absent: the corpus fixtures cannot be checked. Put ../shared beside the project \
         root, or set GONGKAI_NO_CORPUS=1 to run without them.",
        dir.display()
    );
}

/// (expected.json, input) pairs under `dir`, recursively, sorted.
pub fn fixtures(dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let Some(stem) = name.strip_suffix(".expected.json") else {
                continue;
            };
            let inputs: Vec<PathBuf> = std::fs::read_dir(&d)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|c| {
                    let n = c.file_name().unwrap().to_string_lossy().to_string();
                    n.starts_with(&format!("{stem}.")) && !n.ends_with(".expected.json")
                })
                .collect();
            assert_eq!(inputs.len(), 1, "{}: one input expected", p.display());
            out.push((p, inputs[0].clone()));
        }
    }
    out.sort();
    out
}
