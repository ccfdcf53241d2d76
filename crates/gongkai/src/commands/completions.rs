//! `gongkai completions SHELL`: the shell's completion script, from the command tree itself.

use crate::args::CompletionsArgs;
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::locale;

pub fn run(args: CompletionsArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    let mut command = locale::command(cx.lang);
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "gongkai", &mut out);
    use std::io::Write;
    std::io::stdout()
        .lock()
        .write_all(&out)
        .map_err(CliError::writing_stdout)?;
    Ok(ExitStatus::Success)
}
