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
mod output;
mod store;

use args::Cli;
use clap::Parser;
use context::Context;
use error::ExitStatus;
use gongkai_read::Limits;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitStatus::Failure
            } else {
                ExitStatus::Success
            }
            .into();
        }
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
