//! The command line in one language: the help, the usage and clap's own errors in Chinese, or in
//! English with `--lang en`, never two languages on one line.
//!
//! Every help text is written once, in `args.rs`, as `中文 / English` (a paragraph's first ` / `
//! divides its two languages; a paragraph without one is in the language it is written in).
//! Before clap reads the command line, the language is taken from it and every text of the
//! command tree is cut down to that language, and clap's English words (headings, `[default:
//! …]`, the help and version flags) are replaced. Usage errors are said here, from the error's
//! kind and context, rather than in clap's English.

use crate::args::Cli;
use clap::builder::{PossibleValue, StyledStr};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory};
use gongkai_core::Lang;
use std::ffi::OsString;

/// The language the command line asks for: `--lang en` or `--lang=en` anywhere in it.
pub fn lang_of(args: &[OsString]) -> Lang {
    let mut words = args.iter().map(|a| a.to_string_lossy());
    while let Some(w) = words.next() {
        let value = match w.strip_prefix("--lang") {
            Some("") => words.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => continue,
        };
        if value.as_deref() == Some("en") {
            return Lang::En;
        }
    }
    Lang::Zh
}

/// The command tree with every text in `lang`.
pub fn command(lang: Lang) -> Command {
    localize(Cli::command(), lang, true)
}

fn localize(cmd: Command, lang: Lang, top: bool) -> Command {
    let zh = !lang.is_english();
    let texts = |c: Command| -> Command {
        let about = c.get_about().map(|s| pick(&s.to_string(), lang));
        let long_about = c.get_long_about().map(|s| pick(&s.to_string(), lang));
        let after = c.get_after_help().map(|s| pick(&s.to_string(), lang));
        let mut c = c;
        if let Some(a) = about {
            c = c.about(a);
        }
        if let Some(a) = long_about {
            c = c.long_about(a);
        }
        if let Some(a) = after {
            c = c.after_help(a);
        }
        c
    };
    let mut cmd = texts(cmd)
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .mut_args(|a| localize_arg(a, lang))
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(if zh { "显示帮助" } else { "show this help" })
                .help_heading(heading(false, lang)),
        );
    if top {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(if zh {
                    "显示版本"
                } else {
                    "show the version"
                })
                .help_heading(heading(false, lang)),
        );
    }
    if zh {
        cmd = cmd
            .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
            .subcommand_help_heading("命令")
            .subcommand_value_name("命令");
    }
    cmd.mut_subcommands(|sub| localize(sub, lang, false))
}

fn heading(positional: bool, lang: Lang) -> &'static str {
    match (positional, lang.is_english()) {
        (true, false) => "参数",
        (false, false) => "选项",
        (true, true) => "Arguments",
        (false, true) => "Options",
    }
}

/// An argument's help in one language, with its possible and default values said in it too
/// (clap would say them in English).
fn localize_arg(arg: Arg, lang: Lang) -> Arg {
    let en = lang.is_english();
    let help = arg.get_help().map(|s| pick(&s.to_string(), lang));
    let long = arg.get_long_help().map(|s| pick(&s.to_string(), lang));
    let values: Vec<PossibleValue> = arg
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    // A switch's possible values are `true` and `false`, which say nothing.
    let takes_value = arg.get_action().takes_values();
    let mut short_tail = String::new();
    let mut long_tail = String::new();
    if takes_value && !values.is_empty() {
        let names: Vec<&str> = values.iter().map(PossibleValue::get_name).collect();
        short_tail += &if en {
            format!(" [one of: {}]", names.join(", "))
        } else {
            format!("［可选：{}］", names.join("、"))
        };
        long_tail += if en {
            "\n\nValues:"
        } else {
            "\n\n可选的值："
        };
        for v in &values {
            let what = v.get_help().map(|h| pick(&h.to_string(), lang));
            long_tail += &match what {
                Some(what) if en => format!("\n  {}: {what}", v.get_name()),
                Some(what) => format!("\n  {}：{what}", v.get_name()),
                None => format!("\n  {}", v.get_name()),
            };
        }
    }
    if takes_value && !defaults.is_empty() {
        let d = defaults.join(",");
        let said = if en {
            format!(" [default: {d}]")
        } else {
            format!("［默认：{d}］")
        };
        short_tail += &said;
        long_tail += &if en {
            format!("\n\nDefault: {d}")
        } else {
            format!("\n\n默认：{d}")
        };
    }
    let positional = arg.is_positional();
    let mut arg = arg.help_heading(heading(positional, lang));
    if takes_value {
        arg = arg.hide_possible_values(true).hide_default_value(true);
    }
    // Without a long help of its own, the long help is the short one, with the long tail.
    let long = long.or_else(|| help.clone());
    if let Some(h) = help {
        arg = arg.help(format!("{h}{short_tail}"));
    }
    if let Some(l) = long {
        arg = arg.long_help(format!("{l}{long_tail}"));
    }
    arg
}

/// A text written `中文 / English` in `lang`: paragraph by paragraph, the part before the first
/// ` / ` in Chinese, the part after it in English; a paragraph without one is kept in the
/// language it is written in.
pub fn pick(text: &str, lang: Lang) -> String {
    let en = lang.is_english();
    let mut kept = Vec::new();
    for paragraph in text.split("\n\n") {
        match paragraph.split_once(" / ") {
            Some((zh, english)) => kept.push(if en { english } else { zh }.trim()),
            None => {
                if is_chinese(paragraph) != en {
                    kept.push(paragraph);
                }
            }
        }
    }
    kept.join("\n\n")
}

/// Whether a paragraph is written in Chinese: an English one may name a Chinese term, a
/// Chinese one a command, but each is mostly its own script.
fn is_chinese(paragraph: &str) -> bool {
    let cjk = paragraph.chars().filter(|&c| is_cjk(c)).count();
    let latin = paragraph.chars().filter(char::is_ascii_alphabetic).count();
    cjk * 3 > latin
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// What clap found wrong with the command line, said in one language: the message, the usage of
/// the command concerned, and where to read more.
pub fn usage_error(e: &clap::Error, cmd: &mut Command, lang: Lang) -> String {
    let en = lang.is_english();
    let get = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(if en { ", " } else { "、" })),
        _ => None,
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let suggested = get(ContextKind::SuggestedArg)
        .or_else(|| get(ContextKind::SuggestedSubcommand))
        .or_else(|| get(ContextKind::SuggestedValue));
    let valid = get(ContextKind::ValidValue);
    let sub = get(ContextKind::InvalidSubcommand).unwrap_or_default();
    let mut message = match (e.kind(), en) {
        (ErrorKind::UnknownArgument, false) => format!("无法识别的参数「{arg}」"),
        (ErrorKind::UnknownArgument, true) => format!("unexpected argument “{arg}”"),
        (ErrorKind::InvalidSubcommand, false) => format!("没有「{sub}」这个命令"),
        (ErrorKind::InvalidSubcommand, true) => format!("no command “{sub}”"),
        (ErrorKind::InvalidValue, false) => format!("「{value}」不是 {arg} 可取的值"),
        (ErrorKind::InvalidValue, true) => format!("“{value}” is not a value {arg} takes"),
        (ErrorKind::ValueValidation, false) => format!("{arg} 的值「{value}」无效"),
        (ErrorKind::ValueValidation, true) => format!("the value “{value}” of {arg} is invalid"),
        (ErrorKind::MissingRequiredArgument, false) => format!("缺少必需的参数：{arg}"),
        (ErrorKind::MissingRequiredArgument, true) => {
            format!("a required argument is missing: {arg}")
        }
        (ErrorKind::MissingSubcommand, false) => "缺少命令".to_string(),
        (ErrorKind::MissingSubcommand, true) => "a command is missing".to_string(),
        (ErrorKind::ArgumentConflict, false) => {
            let other = get(ContextKind::PriorArg).unwrap_or_default();
            format!("{arg} 不能与 {other} 同时使用")
        }
        (ErrorKind::ArgumentConflict, true) => {
            let other = get(ContextKind::PriorArg).unwrap_or_default();
            format!("{arg} cannot be used with {other}")
        }
        (ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues, false) => {
            format!("{arg} 的值太多：「{value}」")
        }
        (ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues, true) => {
            format!("too many values for {arg}: “{value}”")
        }
        (ErrorKind::TooFewValues, false) => format!("{arg} 的值不够"),
        (ErrorKind::TooFewValues, true) => format!("too few values for {arg}"),
        (ErrorKind::NoEquals, false) => format!("{arg} 的值要用 = 连接"),
        (ErrorKind::NoEquals, true) => format!("{arg} takes its value after ="),
        (_, false) => "命令行有误".to_string(),
        (_, true) => "the command line is wrong".to_string(),
    };
    if let Some(v) = valid {
        message += &if en {
            format!(" (one of: {v})")
        } else {
            format!("（可选：{v}）")
        };
    }
    if let Some(s) = suggested {
        message += &if en {
            format!("; did you mean “{s}”?")
        } else {
            format!("；是不是要用「{s}」？")
        };
    }
    let usage = usage_of(e, cmd);
    if en {
        format!("gongkai: {message}\nusage: {usage}\nFor more, see --help.")
    } else {
        format!("gongkai：{message}\n用法：{usage}\n更多说明见 --help。")
    }
}

/// The usage line of the command the error is about, without clap's heading.
fn usage_of(e: &clap::Error, cmd: &mut Command) -> String {
    let rendered = e.render().to_string();
    // clap's own rendering names the command concerned in its `Usage:` line.
    let line = rendered.lines().find_map(|l| {
        l.trim()
            .strip_prefix("Usage:")
            .map(str::trim)
            .map(String::from)
    });
    line.unwrap_or_else(|| {
        let usage: StyledStr = cmd.render_usage();
        let usage = usage.to_string();
        usage
            .trim()
            .strip_prefix("Usage:")
            .unwrap_or(&usage)
            .trim()
            .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_cut_to_one_language() {
        let t = "报告文件 / report files\n\n每个文件一份报告。\n\nOne report a file.";
        assert_eq!(pick(t, Lang::Zh), "报告文件\n\n每个文件一份报告。");
        assert_eq!(pick(t, Lang::En), "report files\n\nOne report a file.");
        // Only the first ` / ` divides: an address in the Chinese part stays whole.
        let t = "数据库：sqlite:文件 或 postgres://… / the store: sqlite:PATH or postgres://…";
        assert_eq!(pick(t, Lang::Zh), "数据库：sqlite:文件 或 postgres://…");
    }

    #[test]
    fn the_language_is_read_before_clap() {
        let args = |s: &str| -> Vec<OsString> { s.split(' ').map(OsString::from).collect() };
        assert_eq!(lang_of(&args("gongkai --lang en check x")), Lang::En);
        assert_eq!(lang_of(&args("gongkai check x --lang=en")), Lang::En);
        assert_eq!(lang_of(&args("gongkai check x")), Lang::Zh);
    }

    #[test]
    fn every_help_text_has_both_languages() {
        // A text left in one language would show it on the other's lines.
        fn walk(cmd: &Command, path: &str) {
            // Every option is described, in both languages.
            for a in cmd.get_arguments() {
                let h = a.get_help().map(ToString::to_string).unwrap_or_default();
                assert!(h.contains(" / "), "{path} {}: “{h}”", a.get_id());
            }
            for sub in cmd.get_subcommands() {
                let about = sub.get_about().map(|s| s.to_string()).unwrap_or_default();
                assert!(about.contains(" / "), "{path} {}: {about}", sub.get_name());
                walk(sub, &format!("{path} {}", sub.get_name()));
            }
        }
        walk(&Cli::command(), "gongkai");
    }
}
