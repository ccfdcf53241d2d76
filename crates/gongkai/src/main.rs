//! `gongkai`: read, check and publish 政府信息公开工作年度报告.
//!
//! `main` reads the command line (`args`), runs the command (`commands/`), and is the one
//! place where a command's error is said and where standard output closed by its reader
//! (`gongkai … | head`) is taken as the end it is, not as a failure.

mod args;
mod atomic;
mod commands;
mod config;
mod context;
mod error;
mod input;
mod locale;
mod output;
mod store;

use args::Cli;
use clap::error::ErrorKind;
use clap::FromArgMatches;
use context::Context;
use error::ExitStatus;
use gongkai_read::Limits;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = locale::lang_of(&argv);
    let mut command = locale::command(lang);
    let parsed = command
        .try_get_matches_from_mut(&argv)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return usage(&e, &mut command, lang).into(),
    };
    let cx = Context {
        lang: cli.lang.into(),
        limits: Limits {
            max_input: cli.max_size.saturating_mul(1 << 20),
            ..Limits::default()
        },
    };
    match commands::run(cli.command, &cx) {
        Ok(status) => status,
        Err(e) if e.is_broken_pipe() => e.status(),
        Err(e) => {
            let status = e.status();
            output::say_error(cx.lang, e);
            status
        }
    }
    .into()
}

/// Help and version asked for, or a command line clap could not read: said in one language.
fn usage(e: &clap::Error, command: &mut clap::Command, lang: gongkai_core::Lang) -> ExitStatus {
    use std::io::{IsTerminal, Write};
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let rendered = e.render();
            let to_stderr = e.use_stderr();
            let terminal = if to_stderr {
                std::io::stderr().is_terminal()
            } else {
                std::io::stdout().is_terminal()
            };
            let mut text = if terminal {
                rendered.ansi().to_string()
            } else {
                rendered.to_string()
            };
            if !lang.is_english() {
                text = text.replace("[OPTIONS]", "[选项]");
            }
            let _ = if to_stderr {
                std::io::stderr().write_all(text.as_bytes())
            } else {
                std::io::stdout().write_all(text.as_bytes())
            };
            if to_stderr {
                ExitStatus::Failure
            } else {
                ExitStatus::Success
            }
        }
        _ => {
            eprintln!("{}", locale::usage_error(e, command, lang));
            ExitStatus::Failure
        }
    }
}
