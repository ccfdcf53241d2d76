//! What the store's test files share: a fresh folder, and the stores to test (SQLite always,
//! PostgreSQL in a schema of its own when GONGKAI_TEST_PG holds a URL).

use gongkai_store::{open, Db};
use std::path::PathBuf;

pub fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gongkai-store-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The stores to test, by URL: a new SQLite file, and PostgreSQL in a new schema of its own
/// when configured.
pub fn urls(name: &str) -> Vec<String> {
    let mut out = vec![format!("sqlite:{}", temp(name).join("s.db").display())];
    if let Ok(url) = std::env::var("GONGKAI_TEST_PG") {
        let schema = format!("gk_{}_{name}", std::process::id());
        let mut admin = Db::open(&url).unwrap();
        admin
            .batch(&format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
            ))
            .unwrap();
        let sep = if url.contains('?') { '&' } else { '?' };
        out.push(format!("{url}{sep}options=-c%20search_path%3D{schema}"));
    }
    out
}

/// The databases to test, opened.
pub fn databases(name: &str) -> Vec<Db> {
    urls(name).iter().map(|u| open(u).unwrap()).collect()
}
