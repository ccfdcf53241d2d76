//! `gongkai rules`: the rule catalogue.

use crate::args::{RulesArgs, RulesFormat};
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::output::json_line;
use gongkai_check::{Rule, Severity};
use gongkai_core::Lang;
use serde::Serialize;
use std::io::{self, Write};

pub fn run(args: RulesArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    let lang = cx.lang;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for rule in gongkai_check::rules() {
        match args.format {
            RulesFormat::Json => json_line(&mut out, &JsonRule::new(rule, lang))?,
            RulesFormat::Table => writeln!(
                out,
                "{}  {:<7}  {:<24}  {}",
                rule.code,
                rule.severity.as_str(),
                rule.name,
                rule.title(lang)
            )?,
        }
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}

#[derive(Serialize)]
struct JsonRule {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    /// `report`, `previous` (the Y rules) or `peers` (P101).
    needs: gongkai_check::Needs,
    title: String,
    explanation: String,
}

impl JsonRule {
    fn new(rule: &Rule, lang: Lang) -> JsonRule {
        JsonRule {
            code: rule.code,
            name: rule.name,
            severity: rule.severity,
            needs: rule.needs,
            title: rule.title(lang),
            explanation: rule.explanation(lang),
        }
    }
}
