//! `gongkai.toml`: settings a team keeps beside its reports, found in the working directory or
//! the nearest directory above it, as ruff finds its configuration.
//!
//! ```toml
//! [check]
//! select = ["A", "V", "T"]   # the rules to run (codes or prefixes); all when absent
//! ignore = ["T402"]          # rules left out
//! deny-warnings = true       # warnings fail the run, as with --deny warnings
//! ```

use crate::args::{CheckArgs, Deny};
use crate::error::CliError;
use gongkai_check::{Selection, Selector};
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

/// What `check` runs and what fails it: the command line over the configuration file.
pub struct CheckSettings {
    pub selection: Selection,
    pub deny_warnings: bool,
}

/// The settings of `check`, from its arguments and the configuration file they name or the
/// nearest one (none with `--isolated`).
pub fn check_settings(args: &CheckArgs) -> Result<CheckSettings, CliError> {
    let (config, path) = if args.isolated {
        (Config::default(), None)
    } else {
        load(args.config.as_deref()).map_err(|e| {
            CliError::new(
                format!("配置文件 {} 有误：{}", e.path.display(), e.reason),
                format!(
                    "the configuration file {} is wrong: {}",
                    e.path.display(),
                    e.reason
                ),
            )
        })?
    };
    let origin = |what: &str| match &path {
        Some(p) if what == "config" => format!(" ({})", p.display()),
        _ => String::new(),
    };
    let parse = |codes: &[String], from: &str| -> Result<Vec<Selector>, CliError> {
        codes
            .iter()
            .map(|c| {
                Selector::parse(c).map_err(|e| {
                    CliError::new(
                        format!(
                            "没有代码或前缀为「{e}」的规则{}；见 `gongkai rules`",
                            origin(from)
                        ),
                        format!(
                            "no rule has the code or prefix “{e}”{}; see `gongkai rules`",
                            origin(from)
                        ),
                    )
                })
            })
            .collect()
    };
    let select = if args.select.is_empty() {
        parse(config.check.select.as_deref().unwrap_or(&[]), "config")?
    } else {
        parse(&args.select, "cli")?
    };
    let mut ignore = parse(&config.check.ignore, "config")?;
    ignore.extend(parse(&args.ignore, "cli")?);
    Ok(CheckSettings {
        selection: Selection { select, ignore },
        deny_warnings: args.deny == Some(Deny::Warnings) || config.check.deny_warnings,
    })
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
