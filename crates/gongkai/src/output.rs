//! Printing for people and programs: messages on standard error, JSON lines, and reports in
//! the formats of `show`.

use crate::args::ShowFormat;
use crate::error::CliError;
use gongkai_check::Text;
use gongkai_core::Lang;
use gongkai_core::Report;
use gongkai_render::terminal::tables;
use serde::Serialize;
use std::io::{self, Write};

/// Says something to the user on standard error, in their language.
pub fn say(lang: Lang, text: &Text) {
    eprintln!("gongkai: {}", text.of(lang));
}

/// The header row of a tab-separated listing, in the language asked for.
pub fn header(
    out: &mut impl std::io::Write,
    lang: Lang,
    columns: &[(&str, &str)],
) -> std::io::Result<()> {
    let names: Vec<&str> = columns
        .iter()
        .map(|(zh, en)| if lang.is_english() { *en } else { *zh })
        .collect();
    writeln!(out, "{}", names.join("\t"))
}

/// What a command that writes a file says when it is done.
pub fn written(path: &std::path::Path) -> Text {
    let p = gongkai_core::printable(&path.display().to_string()).into_owned();
    Text::new(format!("已写入 {p}"), format!("wrote {p}"))
}

/// Says why a command, or one of its inputs, failed.
pub fn say_error(lang: Lang, error: CliError) {
    for message in error.messages() {
        say(lang, &message);
    }
}

/// A report as `show` and `rollup` print it.
pub fn report(
    out: &mut impl Write,
    report: &Report,
    format: ShowFormat,
    lang: Lang,
) -> io::Result<()> {
    match format {
        ShowFormat::Table => tables(out, report, lang),
        ShowFormat::Cells => json_line(out, &report.cells_view()),
        ShowFormat::Json => json_line(out, report),
    }
}

/// One JSON document on one line.
pub fn json_line(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}
