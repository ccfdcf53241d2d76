//! `gongkai man -o DIR`: the manual pages, `gongkai.1` and one `gongkai-COMMAND.1` a command,
//! in the language asked for, from the command tree itself (what a package installs).

use crate::args::ManArgs;
use crate::atomic::{write_atomic, Replace};
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::locale;
use crate::output::{say, written};

pub fn run(args: ManArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    std::fs::create_dir_all(&args.out).map_err(|e| CliError::writing(&args.out, e))?;
    let mut command = locale::command(cx.lang);
    command.build();
    let mut pages = vec![("gongkai".to_string(), command.clone())];
    for sub in command.get_subcommands() {
        let name = format!("gongkai-{}", sub.get_name());
        pages.push((name.clone(), sub.clone().name(name)));
    }
    for (name, page) in pages {
        let mut roff = Vec::new();
        clap_mangen::Man::new(page)
            .render(&mut roff)
            .map_err(|e| CliError::writing(&args.out, e))?;
        let path = args.out.join(format!("{name}.1"));
        write_atomic(&path, &roff, Replace::Allowed)?;
    }
    say(cx.lang, &written(&args.out));
    Ok(ExitStatus::Success)
}
