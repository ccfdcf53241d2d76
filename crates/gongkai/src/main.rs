//! `gongkai`: read, check and publish 政府信息公开工作年度报告.

mod check;
mod cli;
mod config;
mod corpus;
mod diagnostic;
mod output;
mod render;
mod serve;

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::run()
}
