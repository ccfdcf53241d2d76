//! One module a command, each with `run(args, &Context) -> Result<ExitStatus, CliError>`.
//! Commands do not call one another: what two of them share lives in the modules beside
//! `commands/` (`input`, `output`, `tables`, `diagnostic`, `atomic`, `store`, `config`) or
//! in the domain crates.

pub mod check;
pub mod compare;
pub mod completions;
pub mod export;
pub mod import;
pub mod ls;
pub mod man;
pub mod missing;
pub mod new;
pub mod parse;
pub mod render;
pub mod repeats;
pub mod rollup;
pub mod rules;
pub mod score;
pub mod season;
pub mod serve;
pub mod show;
pub mod stats;
pub mod synth;
pub mod user;

use crate::args::Command;
use crate::context::Context;
use crate::error::{CliError, ExitStatus};

/// Runs the command named on the command line.
pub fn run(command: Command, cx: &Context) -> Result<ExitStatus, CliError> {
    match command {
        Command::Parse(args) => parse::run(args, cx),
        Command::Check(args) => check::run(args, cx),
        Command::Rules(args) => rules::run(args, cx),
        Command::Render(args) => render::run(args, cx),
        Command::New(args) => new::run(args, cx),
        Command::Synth(args) => synth::run(args, cx),
        Command::Import(args) => import::run(args, cx),
        Command::Ls(args) => ls::run(args, cx),
        Command::Show(args) => show::run(args, cx),
        Command::Compare(args) => compare::run(args, cx),
        Command::Missing(args) => missing::run(args, cx),
        Command::Repeats(args) => repeats::run(args, cx),
        Command::Rollup(args) => rollup::run(args, cx),
        Command::Stats(args) => stats::run(args, cx),
        Command::Score(args) => score::run(args, cx),
        Command::Export(args) => export::run(args, cx),
        Command::Serve(args) => serve::run(args, cx),
        Command::User(args) => user::run(args, cx),
        Command::Season(args) => season::run(args, cx),
        Command::Completions(args) => completions::run(args, cx),
        Command::Man(args) => man::run(args, cx),
    }
}
