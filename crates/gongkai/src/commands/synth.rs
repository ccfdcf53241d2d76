//! `gongkai synth`: random consistent reports in every form, each with its expected cells.

use crate::args::SynthArgs;
use crate::atomic::{write_atomic, Replace};
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::output::say;
use gongkai_check::Text;
use gongkai_render::synth::{self, Form};

pub fn run(args: SynthArgs, cx: &Context) -> Result<ExitStatus, CliError> {
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
    say(
        cx.lang,
        &Text::new(
            format!("已生成 {} 份报告：{}", args.count, args.out.display()),
            format!("{} reports written to {}", args.count, args.out.display()),
        ),
    );
    Ok(ExitStatus::Success)
}
