//! The command line: arguments, reading inputs, exit codes.

use crate::check::{self, CheckArgs, RulesFormat};
use crate::corpus;
use crate::output;
use crate::render::{self, NewArgs, RenderArgs, SynthArgs};
use crate::serve;
use clap::{Parser, Subcommand, ValueEnum};
use gongkai_core::Report;
use gongkai_read::{ErrorKind, Limits, ReadError};
use std::io::{self, Read, Write};
use std::process::ExitCode;

/// Exit code when every input was read (and, for `check`, no error was found).
pub const EXIT_OK: u8 = 0;
/// Exit code of `check` when a report has an error-severity finding.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code when an input could not be read as a report, or the command line was wrong.
pub const EXIT_INPUT: u8 = 2;

#[derive(Parser)]
#[command(
    name = "gongkai",
    version,
    about = "读取、核对政府信息公开工作年度报告 / read and check government information disclosure annual reports",
    long_about = "gongkai 读取政府信息公开工作年度报告（文本、网页、Word、PDF），\
                  按国家模板读出三张统计表的每一个数字，并记下它印在哪里。\n\n\
                  gongkai reads 政府信息公开工作年度报告 as published and turns them into the \
                  national template's cells, each remembering where it was printed.",
    after_help = "示例 / examples:\n  \
                  gongkai parse 报告.txt                    三张表，终端对齐显示\n  \
                  gongkai parse --format cells 报告.txt     每个单元格的值（JSON）\n  \
                  gongkai parse --format json a.txt b.txt   完整模型，每个文件一行 JSON\n  \
                  cat 报告.txt | gongkai parse -            从标准输入读取\n  \
                  gongkai check 报告.txt                    核对报告，列出错误和警告\n  \
                  gongkai check --explain A103              解释一条规则\n  \
                  gongkai rules                             列出全部规则\n  \
                  gongkai render 报告.pdf --to docx          写成 Word 文档\n  \
                  gongkai new --agency 某县教育局 --year 2024 -o 表格.xlsx   生成填报表格\n  \
                  gongkai synth --count 100 --out 样本/       生成合成报告"
)]
struct Cli {
    /// 提示和错误信息的语言 / language of messages
    #[arg(long, global = true, value_enum, default_value_t = Lang::Zh)]
    lang: Lang,

    /// 单个输入文件的大小上限（MB） / the largest input file accepted, in MB
    #[arg(long, global = true, default_value_t = 50, value_name = "MB")]
    max_size: u64,

    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// 中文
    Zh,
    /// English
    En,
}

/// Prints a message for the user on standard error, in their language.
pub fn say(lang: Lang, zh: impl std::fmt::Display, en: impl std::fmt::Display) {
    match lang {
        Lang::Zh => eprintln!("gongkai: {zh}"),
        Lang::En => eprintln!("gongkai: {en}"),
    }
}

#[derive(Subcommand)]
enum Command {
    /// 读取报告，输出统计表 / read reports and print their tables
    ///
    /// 每个 FILE 是一份报告（UTF-8、GBK、GB18030 或带 BOM 的 UTF-16 文本）；`-` 表示标准输入。
    /// Each FILE is one report (text in UTF-8, GBK, GB18030 or UTF-16 with BOM); `-` reads
    /// standard input.
    Parse {
        /// 报告文件 / report files
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,

        /// 输出格式 / output format
        #[arg(long, short, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// 核对报告：算术、数值、模板、正文与表格、跨年 / check reports against the rule catalogue
    ///
    /// 退出码：0 没有错误；1 发现错误（加 --deny warnings 时警告也算）；2 无法读取输入或用法有误。
    /// Exit status: 0 no error; 1 errors found (warnings too with --deny warnings); 2 an input
    /// could not be read, or a usage error.
    Check(CheckArgs),
    /// 把报告写成 DOCX、XLSX、HTML、Markdown 或 CSV / write a report as DOCX, XLSX, HTML,
    /// Markdown or CSV
    Render(RenderArgs),
    /// 生成供填写的年度报告工作簿 / make a fill-in workbook for a year's report
    New(NewArgs),
    /// 生成随机但自洽的报告（各种格式，附 expected.json） / write random consistent reports in
    /// every form, each with its expected.json
    Synth(SynthArgs),
    /// 把报告导入语料库 / import reports into the corpus store
    Import(corpus::ImportArgs),
    /// 列出语料库中的报告 / list the reports in the store
    Ls(corpus::LsArgs),
    /// 显示一个机关某年度的报告 / show an organ's report for a year
    Show(corpus::ShowArgs),
    /// 比较一个机关的两个年度：变化的单元格和跨年规则 / compare an organ's two years
    Compare(corpus::CompareArgs),
    /// 列出某年度没有报告的机关（其他年度有） / list the organs with no report for a year
    Missing(corpus::MissingArgs),
    /// 汇总一个地区某年度的报告 / roll up a region's reports for a year
    Rollup(corpus::RollupArgs),
    /// 各年度的统计（公开率、复议纠错率） / statistics by year
    Stats(corpus::StatsArgs),
    /// 导出语料库的全部单元格 / export every cell of the store
    Export(corpus::ExportArgs),
    /// 启动网页界面和 JSON API / serve the web UI and the JSON API
    Serve(serve::ServeArgs),
    /// 管理网页界面的用户 / manage the web UI's users
    User(serve::UserArgs),
    /// 列出全部规则 / list every rule
    Rules {
        /// 输出格式 / output format
        #[arg(long, short, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
    },
}

/// When to colour the output.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// 终端上使用颜色 / on a terminal
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    pub fn choice(self) -> anstream::ColorChoice {
        match self {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// 三张表，按终端宽度对齐 / the three tables aligned for a terminal
    Table,
    /// 单元格的值（spec/CELLS.md 的格式），每个文件一行 / cell values (CELLS.md), one line per file
    Cells,
    /// 完整的报告模型（docs/model.md），每个文件一行 / the whole report model, one line per file
    Json,
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_INPUT } else { EXIT_OK });
        }
    };
    let limits = Limits {
        max_input: cli.max_size.saturating_mul(1 << 20),
        ..Limits::default()
    };
    match cli.command {
        Command::Parse { files, format } => parse(&files, format, cli.lang, &limits),
        Command::Check(args) => check::check(args, cli.lang, &limits),
        Command::Rules { format } => check::rules(format, cli.lang),
        Command::Render(args) => render::render(args, cli.lang, &limits),
        Command::New(args) => render::new(args, cli.lang, &limits),
        Command::Synth(args) => render::synth(args, cli.lang),
        Command::Import(args) => corpus::import(args, cli.lang),
        Command::Ls(args) => corpus::ls(args, cli.lang),
        Command::Show(args) => corpus::show(args, cli.lang),
        Command::Rollup(args) => corpus::rollup(args, cli.lang),
        Command::Missing(args) => corpus::missing(args, cli.lang),
        Command::Serve(args) => serve::serve(args, cli.lang, &limits),
        Command::User(args) => serve::user(args, cli.lang),
        Command::Compare(args) => corpus::compare(args, cli.lang),
        Command::Stats(args) => corpus::stats(args, cli.lang),
        Command::Export(args) => corpus::export(args, cli.lang),
    }
}

fn parse(files: &[String], format: Format, lang: Lang, limits: &Limits) -> ExitCode {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for (i, file) in files.iter().enumerate() {
        let report = match read_report(file, limits) {
            Ok(r) => r,
            Err(e) => {
                failed = true;
                let _ = out.flush();
                report_error(&e, lang);
                continue;
            }
        };
        let written = match format {
            Format::Json => output::json_line(&mut out, &report),
            Format::Cells => output::json_line(&mut out, &report.cells_view()),
            Format::Table => {
                if i > 0 {
                    let _ = writeln!(out);
                }
                output::tables(&mut out, &report, lang)
            }
        };
        if let Err(e) = written {
            if e.kind() == io::ErrorKind::BrokenPipe {
                return ExitCode::from(EXIT_OK);
            }
            eprintln!("gongkai: {e}");
            return ExitCode::from(EXIT_INPUT);
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(EXIT_INPUT);
    }
    ExitCode::from(if failed { EXIT_INPUT } else { EXIT_OK })
}

/// Reads one input as a report.
fn read_report(file: &str, limits: &Limits) -> Result<Report, ReadError> {
    gongkai_read::read_with(file, &read_input(file, limits)?, limits).map(|r| r.report)
}

/// The bytes of one input: a path, or `-` for standard input.
///
/// No more than one byte past the limit is read, so that a huge input is refused without being
/// held in memory; the reader then says it is too large.
pub fn read_input(file: &str, limits: &Limits) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    let cap = limits.max_input.saturating_add(1);
    let read = if file == "-" {
        io::stdin()
            .lock()
            .take(cap)
            .read_to_end(&mut bytes)
            .map(|_| ())
    } else {
        // A file's size is known before reading: one too large is refused with its real size,
        // unread.
        let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
        if size > limits.max_input {
            return Err(ReadError::new(
                file,
                ErrorKind::TooLarge(size, limits.max_input),
            ));
        }
        std::fs::File::open(file).and_then(|f| f.take(cap).read_to_end(&mut bytes).map(|_| ()))
    };
    read.map_err(|e| ReadError::new(file, ErrorKind::Io(io_reason(&e))))?;
    Ok(bytes)
}

/// Says on standard error why a file gave no report.
pub fn report_error(e: &ReadError, lang: Lang) {
    eprintln!(
        "gongkai: {}",
        match lang {
            Lang::Zh => e.message_zh(),
            Lang::En => e.message_en(),
        }
    );
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "文件不存在 / no such file".to_string(),
        io::ErrorKind::PermissionDenied => "没有读取权限 / permission denied".to_string(),
        io::ErrorKind::IsADirectory => "这是一个目录 / is a directory".to_string(),
        _ => e.to_string(),
    }
}
