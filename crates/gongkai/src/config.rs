//! `gongkai.toml`: settings a team keeps beside its reports, found in the working directory or
//! the nearest directory above it, as ruff finds its configuration.
//!
//! ```toml
//! [check]
//! select = ["A", "V", "T"]   # the rules to run (codes or prefixes); all when absent
//! ignore = ["T402"]          # rules left out
//! deny-warnings = true       # warnings fail the run, as with --deny warnings
//! ```

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The file name looked for.
pub const FILE_NAME: &str = "gongkai.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub check: CheckConfig,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CheckConfig {
    pub select: Option<Vec<String>>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub deny_warnings: bool,
}

/// A configuration file that could not be used.
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub reason: String,
}

/// Reads the given file, or the nearest `gongkai.toml` from the working directory up; the
/// defaults when there is none.
pub fn load(explicit: Option<&Path>) -> Result<(Config, Option<PathBuf>), ConfigError> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => std::env::current_dir().ok().and_then(|d| find(&d)),
    };
    let Some(path) = path else {
        return Ok((Config::default(), None));
    };
    let text = std::fs::read_to_string(&path).map_err(|e| ConfigError {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    let config: Config = toml::from_str(&text).map_err(|e| ConfigError {
        path: path.clone(),
        reason: e.message().to_string(),
    })?;
    Ok((config, Some(path)))
}

fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_check_table() {
        let c: Config = toml::from_str(
            "[check]\nselect = [\"A\"]\nignore = [\"A201\"]\ndeny-warnings = true\n",
        )
        .unwrap();
        assert_eq!(c.check.select, Some(vec!["A".to_string()]));
        assert_eq!(c.check.ignore, vec!["A201".to_string()]);
        assert!(c.check.deny_warnings);
    }

    #[test]
    fn refuses_unknown_keys() {
        assert!(toml::from_str::<Config>("[check]\nselekt = [\"A\"]\n").is_err());
    }
}
