//! `gongkai check`, `gongkai rules` and `--explain`: running the rule catalogue and showing it.

use crate::cli::{
    read_input, report_error, say, ColorWhen, Lang, EXIT_FINDINGS, EXIT_INPUT, EXIT_OK,
};
use crate::config;
use crate::diagnostic::{self, Source};
use crate::output::json_line;
use clap::{Args, ValueEnum};
use gongkai_check::Peers;
use gongkai_check::{Rule, Selection, Selector, Severity};
use gongkai_core::printable;
use gongkai_core::Report;
use gongkai_read::Limits;
use gongkai_store::peers::{self, Group};
use serde::Serialize;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct CheckArgs {
    /// 报告文件；`-` 表示标准输入 / report files; `-` reads standard input
    #[arg(value_name = "FILE", required_unless_present = "explain")]
    files: Vec<String>,

    /// 输出格式 / output format
    #[arg(long, short, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,

    /// 上一年度的报告，用于跨年规则（Y） / last year's report, for the rules across years (Y)
    #[arg(long, value_name = "FILE")]
    previous: Option<String>,

    /// 语料库，与其中同年度、同层级的机关比较（P101） / a corpus store: compare with the organs of
    /// the same year and level in it (P101)
    #[arg(long, value_name = "URL")]
    db: Option<String>,

    /// 只运行这些规则（代码或前缀，逗号分隔） / run only these rules (codes or prefixes)
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    select: Vec<String>,

    /// 不运行这些规则 / leave these rules out
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    ignore: Vec<String>,

    /// 把警告也当作失败（退出码 1） / make warnings fail the run (exit code 1)
    #[arg(long, value_enum, value_name = "WHAT")]
    deny: Option<Deny>,

    /// 解释一条规则 / explain a rule
    #[arg(long, value_name = "CODE")]
    explain: Option<String>,

    /// 配置文件（默认在当前目录及上级目录中查找 gongkai.toml） / configuration file (default:
    /// the nearest gongkai.toml)
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,

    /// 不读取任何配置文件 / read no configuration file
    #[arg(long, conflicts_with = "config")]
    isolated: bool,

    /// 何时使用颜色 / when to use colour
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    /// 带原文摘录的诊断信息 / diagnostics with source excerpts
    Human,
    /// 每条一行 / one line per finding
    Concise,
    /// spec/RULES.md 规定的 JSON，每个文件一行 / the JSON of RULES.md, one line per file
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    /// 警告也使退出码为 1 / warnings give exit code 1 too
    Warnings,
}

pub fn check(args: CheckArgs, lang: Lang, limits: &Limits) -> ExitCode {
    let english = lang == Lang::En;
    if let Some(code) = &args.explain {
        return explain(code, lang);
    }
    let (selection, deny_warnings) = match settings(&args, english) {
        Ok(s) => s,
        Err(message) => {
            eprintln!("gongkai: {message}");
            return ExitCode::from(EXIT_INPUT);
        }
    };
    if args.previous.is_some() && args.files.len() != 1 {
        say(
            lang,
            "--previous 只能与一份报告比较：请只给出一个 FILE",
            "--previous compares one report with last year's: give exactly one FILE",
        );
        return ExitCode::from(EXIT_INPUT);
    }
    let previous = match &args.previous {
        Some(file) => match read_input(file, limits)
            .and_then(|bytes| gongkai_read::read_with(file, &bytes, limits))
        {
            Ok(r) => Some(r.report),
            Err(e) => {
                report_error(&e, lang);
                return ExitCode::from(EXIT_INPUT);
            }
        },
        None => None,
    };
    let mut store = match args.db.as_deref().map(gongkai_store::open).transpose() {
        Ok(db) => db.map(Corpus::new),
        Err(e) => {
            let db = args.db.as_deref().unwrap_or_default();
            say(
                lang,
                format!("无法打开数据库 {db}：{e}"),
                format!("cannot open the store {db}: {e}"),
            );
            return ExitCode::from(EXIT_INPUT);
        }
    };
    let stdout = io::stdout();
    let mut out = anstream::AutoStream::new(stdout.lock(), args.color.choice());
    let mut status = EXIT_OK;
    for file in &args.files {
        let bytes = match read_input(file, limits) {
            Ok(b) => b,
            Err(e) => {
                report_error(&e, lang);
                status = EXIT_INPUT;
                continue;
            }
        };
        let (report, lines) = match gongkai_read::read_with(file, &bytes, limits) {
            Ok(r) => (r.report, r.lines),
            Err(e) => {
                report_error(&e, lang);
                status = EXIT_INPUT;
                continue;
            }
        };
        if let Some(message) = previous
            .as_ref()
            .and_then(|p| year_gap(&report, p, english))
        {
            let _ = out.flush();
            eprintln!("gongkai: {message}");
            status = EXIT_INPUT;
            continue;
        }
        let peers = match store.as_mut().map(|s| s.peers(&report)).transpose() {
            Ok(p) => p.flatten(),
            Err(e) => {
                let _ = out.flush();
                say(lang, format!("数据库：{e}"), format!("store: {e}"));
                return ExitCode::from(EXIT_INPUT);
            }
        };
        if store.is_some()
            && peers.is_none()
            && selection.enabled(gongkai_check::rule("P101").expect("P101"))
        {
            let _ = out.flush();
            eprintln!(
                "gongkai: {file}: {}",
                if english {
                    "the organ's level or the year is not known: not compared with peers (P101)"
                } else {
                    "无法确定机关层级或年度，未与同级机关比较（P101）"
                }
            );
        }
        let findings =
            gongkai_check::check_with(&report, previous.as_ref(), peers.as_deref(), &selection);
        let failed = findings.iter().any(|f| {
            f.severity == Severity::Error || (deny_warnings && f.severity == Severity::Warning)
        });
        if failed && status == EXIT_OK {
            status = EXIT_FINDINGS;
        }
        let written = match args.format {
            CheckFormat::Json => json_line(
                &mut out,
                &gongkai_check::json::Report::new(&report, &findings, english),
            ),
            CheckFormat::Concise => findings
                .iter()
                .try_for_each(|f| diagnostic::write_concise(&mut out, file, f, english))
                .and_then(|_| diagnostic::write_summary(&mut out, file, &findings, english)),
            CheckFormat::Human => {
                let source = Source::new(lines);
                findings
                    .iter()
                    .try_for_each(|f| {
                        diagnostic::write_finding(&mut out, &report, Some(&source), f, english)
                    })
                    .and_then(|_| diagnostic::write_summary(&mut out, file, &findings, english))
            }
        };
        if let Err(e) = written {
            if e.kind() == io::ErrorKind::BrokenPipe {
                return ExitCode::from(status);
            }
            eprintln!("gongkai: {e}");
            return ExitCode::from(EXIT_INPUT);
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(EXIT_INPUT);
    }
    ExitCode::from(status)
}

/// The rules to run and whether warnings fail, from the command line over gongkai.toml.
fn settings(args: &CheckArgs, english: bool) -> Result<(Selection, bool), String> {
    let (config, path) = if args.isolated {
        (config::Config::default(), None)
    } else {
        config::load(args.config.as_deref()).map_err(|e| {
            if english {
                format!(
                    "the configuration file {} is wrong: {}",
                    e.path.display(),
                    e.reason
                )
            } else {
                format!("配置文件 {} 有误：{}", e.path.display(), e.reason)
            }
        })?
    };
    let origin = |what: &str| match &path {
        Some(p) if what == "config" => format!(" ({})", p.display()),
        _ => String::new(),
    };
    let parse = |codes: &[String], from: &str| -> Result<Vec<Selector>, String> {
        codes
            .iter()
            .map(|c| {
                Selector::parse(c).map_err(|e| {
                    if english {
                        format!(
                            "no rule has the code or prefix “{e}”{}; see `gongkai rules`",
                            origin(from)
                        )
                    } else {
                        format!(
                            "没有代码或前缀为「{e}」的规则{}；见 `gongkai rules`",
                            origin(from)
                        )
                    }
                })
            })
            .collect()
    };
    let select = if args.select.is_empty() {
        parse(config.check.select.as_deref().unwrap_or(&[]), "config")?
    } else {
        parse(&args.select, "cli")?
    };
    let mut ignore = parse(&config.check.ignore, "config")?;
    ignore.extend(parse(&args.ignore, "cli")?);
    let deny = args.deny == Some(Deny::Warnings) || config.check.deny_warnings;
    Ok((Selection { select, ignore }, deny))
}

/// Why `previous` is not last year's report of `report`, when it is not.
fn year_gap(report: &Report, previous: &Report, english: bool) -> Option<String> {
    let (Some(y), Some(p)) = (report.year, previous.year) else {
        return None;
    };
    (p != y - 1).then(|| {
        if english {
            format!(
                "{} is a report for {p}, not for {} (the year before {})",
                printable(&previous.source.file),
                y - 1,
                printable(&report.source.file)
            )
        } else {
            format!(
                "{} 是 {p} 年度的报告，不是 {} 的上一年度（{} 年）",
                printable(&previous.source.file),
                printable(&report.source.file),
                y - 1
            )
        }
    })
}

fn explain(code: &str, lang: Lang) -> ExitCode {
    let english = lang == Lang::En;
    let Some(rule) = gongkai_check::rule(code) else {
        say(
            lang,
            format!("没有代码为「{code}」的规则；见 `gongkai rules`"),
            format!("no rule has the code “{code}”; see `gongkai rules`"),
        );
        return ExitCode::from(EXIT_INPUT);
    };
    let severity = if english {
        rule.severity.as_str()
    } else {
        rule.severity.name_zh()
    };
    let text = rule.explanation(english);
    let body = text.split_once('\n').map_or("", |(_, b)| b);
    println!("{} ({}) · {severity}", rule.code, rule.name);
    println!("{}", rule.title(english));
    println!("{body}");
    ExitCode::from(EXIT_OK)
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// 对齐的列表 / an aligned list
    Table,
    /// 每条规则一行 JSON / one JSON line per rule
    Json,
}

/// `gongkai rules`: the catalogue.
pub fn rules(format: RulesFormat, lang: Lang) -> ExitCode {
    let english = lang == Lang::En;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = gongkai_check::rules()
        .iter()
        .try_for_each(|rule| match format {
            RulesFormat::Json => json_line(&mut out, &JsonRule::new(rule, english)),
            RulesFormat::Table => writeln!(
                out,
                "{}  {:<7}  {:<24}  {}",
                rule.code,
                rule.severity.as_str(),
                rule.name,
                rule.title(english)
            ),
        });
    match written.and_then(|_| out.flush()) {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(EXIT_OK),
        Err(_) => ExitCode::from(EXIT_INPUT),
    }
}

#[derive(Serialize)]
struct JsonRule {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    /// `report`, `previous` (the Y rules) or `peers` (P101).
    needs: gongkai_check::Needs,
    title: String,
    explanation: String,
}

impl JsonRule {
    fn new(rule: &Rule, english: bool) -> JsonRule {
        JsonRule {
            code: rule.code,
            name: rule.name,
            severity: rule.severity,
            needs: rule.needs,
            title: rule.title(english),
            explanation: rule.explanation(english),
        }
    }
}

/// A corpus store to compare reports with, and the peer groups loaded from it so far.
struct Corpus {
    db: gongkai_store::Db,
    loaded: std::collections::HashMap<Group, std::rc::Rc<Peers>>,
}

impl Corpus {
    fn new(db: gongkai_store::Db) -> Corpus {
        Corpus {
            db,
            loaded: Default::default(),
        }
    }

    /// The peers of the report's organ in the store; `None` when its level or year is unknown.
    fn peers(
        &mut self,
        report: &gongkai_core::Report,
    ) -> Result<Option<std::rc::Rc<Peers>>, gongkai_store::DbError> {
        let (Some(agency), Some(year)) = (&report.agency, report.year) else {
            return Ok(None);
        };
        let Some(group) = Group::of(&gongkai_store::organ::organ(agency), year.into()) else {
            return Ok(None);
        };
        if let Some(p) = self.loaded.get(&group) {
            return Ok(Some(p.clone()));
        }
        let p = std::rc::Rc::new(peers::load(&mut self.db, &group)?);
        self.loaded.insert(group, p.clone());
        Ok(Some(p))
    }
}
