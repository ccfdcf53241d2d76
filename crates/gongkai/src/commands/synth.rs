//! `gongkai synth`: random consistent reports in every form, each with its expected cells.

use crate::args::SynthArgs;
use crate::atomic::{write_atomic, Replace};
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use gongkai_render::synth::{self, Form};

pub fn run(args: SynthArgs, _cx: &Context) -> Result<ExitStatus, CliError> {
    std::fs::create_dir_all(&args.out).map_err(|e| CliError::writing(&args.out, e))?;
    for n in 0..args.count {
        let report = synth::report(args.seed, n);
        let form = Form::ALL[(n % Form::ALL.len() as u64) as usize];
        let name = format!("synth-{:06}", n);
        let bytes = form
            .write(&report)
            .map_err(|e| CliError::new(format!("{name}：{e}"), format!("{name}: {e}")))?;
        let file = args.out.join(format!("{name}.{}", form.extension()));
        write_atomic(&file, &bytes, Replace::Allowed)?;
        let expected = args.out.join(format!("{name}.expected.json"));
        write_atomic(
            &expected,
            synth::expected(&report).as_bytes(),
            Replace::Allowed,
        )?;
    }
    Ok(ExitStatus::Success)
}
