//! What a rule reports: a [`Finding`], with its severity, its message in two languages, the cells
//! it involved and their values, and where it was printed.

use gongkai_core::{Span, Value};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::fmt;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look.
    Info,
    /// Probably wrong, or not in the template's form.
    Warning,
    /// The report is wrong.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

pub use gongkai_core::Text;

/// One problem found in a report.
#[derive(Clone, Debug)]
pub struct Finding {
    /// The rule's code (`A103`).
    pub code: &'static str,
    pub severity: Severity,
    pub message: Text,
    /// Every cell the rule involved, in the order the message names them; `None` for a cell
    /// the report does not have at all.
    pub cells: Cells,
    /// Where to look: the cell the message is about, or the heading or sentence.
    pub at: Option<Span>,
    /// What the template has, or how to fix it, when the message alone does not say.
    pub help: Option<Text>,
}

impl Finding {
    /// What the finding is about, the same however the report's numbers change: the rule and
    /// the cells it names (or the line, for a finding about text). A reviewer's mark on a
    /// finding is kept under it, so that it survives a correction and a new check.
    pub fn signature(&self) -> String {
        let keys: Vec<&str> = self.cells.keys().collect();
        if keys.is_empty() {
            format!("{}@{}", self.code, self.at.map_or(0, |a| a.line))
        } else {
            format!("{}:{}", self.code, keys.join(","))
        }
    }
}

/// The cells of a finding, serialised as a JSON object in the order they were named.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cells(pub Vec<(String, Option<Value>)>);

impl Cells {
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    pub fn contains(&self, key: &str) -> bool {
        self.keys().any(|k| k == key)
    }
}

impl Serialize for Cells {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            match value {
                Some(v) => map.serialize_entry(key, v)?,
                None => map.serialize_entry(key, &Option::<()>::None)?,
            }
        }
        map.end()
    }
}
