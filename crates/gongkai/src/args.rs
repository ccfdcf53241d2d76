//! The command line as clap reads it: the global options, the commands and their arguments.
//! Nothing here runs; each command's `run` in `commands/` takes its arguments from here.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "gongkai",
    version,
    about = "读取、核对政府信息公开工作年度报告 / read and check government information disclosure annual reports",
    long_about = "gongkai 读取政府信息公开工作年度报告（文本、网页、Word、PDF），\
                  按国家模板读出三张统计表的每一个数字，并记下它印在哪里。\n\n\
                  gongkai reads 政府信息公开工作年度报告 as published and turns them into the \
                  national template's cells, each remembering where it was printed.",
    after_help = "示例：\n  \
                  gongkai parse 报告.txt                    三张表，终端对齐显示\n  \
                  gongkai parse --format cells 报告.txt     每个单元格的值（JSON）\n  \
                  cat 报告.txt | gongkai parse -            从标准输入读取\n  \
                  gongkai check 报告.txt                    核对报告，列出错误和警告\n  \
                  gongkai check 报告目录/                   核对文件夹中的每一份报告，最后汇总\n  \
                  gongkai check --explain A103              解释一条规则\n  \
                  gongkai rules                             列出全部规则\n  \
                  gongkai render 报告.pdf --to docx          写成 Word 文档\n  \
                  gongkai new --agency 某县教育局 --year 2024 -o 表格.xlsx   生成填报表格\n\n\
                  Examples:\n  \
                  gongkai parse report.txt                  the three tables, aligned\n  \
                  gongkai parse --format cells report.txt   every cell's value (JSON)\n  \
                  cat report.txt | gongkai parse -          read standard input\n  \
                  gongkai check report.txt                  check a report: errors and warnings\n  \
                  gongkai check reports/                    check every report of a folder, then a summary\n  \
                  gongkai check --explain A103              explain a rule\n  \
                  gongkai rules                             list every rule\n  \
                  gongkai render report.pdf --to docx       write it as a Word document\n  \
                  gongkai new --agency 某县教育局 --year 2024 -o form.xlsx   make a fill-in form"
)]
pub struct Cli {
    /// 提示和错误信息的语言 / language of messages
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,

    /// 单个输入文件的大小上限（MB） / the largest input file accepted, in MB
    #[arg(long, global = true, default_value_t = 50, value_name = "MB")]
    pub max_size: u64,

    #[command(subcommand)]
    pub command: Command,
}

/// `--lang`, as clap parses it: the commands use core's [`gongkai_core::Lang`].
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// 中文 / Chinese
    Zh,
    /// 英文 / English
    En,
}

impl From<LangArg> for gongkai_core::Lang {
    fn from(l: LangArg) -> gongkai_core::Lang {
        match l {
            LangArg::Zh => gongkai_core::Lang::Zh,
            LangArg::En => gongkai_core::Lang::En,
        }
    }
}

#[derive(Subcommand)]
pub enum Command {
    /// 读取报告，输出统计表 / read reports and print their tables
    ///
    /// 每个 FILE 是一份报告：文本（UTF-8、GBK、GB18030 或带 BOM 的 UTF-16）、Markdown、网页、Word、
    /// Excel、PDF 或 gongkai 的 JSON；文件夹逐个读取其中的文件；`-` 表示标准输入。 / Each FILE is
    /// one report: text (UTF-8, GBK, GB18030 or UTF-16 with BOM), Markdown, a web page, Word,
    /// Excel, PDF or gongkai's JSON; a folder's files are read one by one; `-` reads standard
    /// input.
    Parse(ParseArgs),
    /// 核对报告：算术、数值、模板、正文与表格、跨年 / check reports against the rule catalogue
    ///
    /// 退出码：0 没有错误；1 发现错误（加 --deny warnings 时警告也算）；2 无法读取输入或用法有误。
    /// / Exit status: 0 no error; 1 errors found (warnings too with --deny warnings); 2 an input
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
    Import(ImportArgs),
    /// 列出语料库中的报告 / list the reports in the store
    Ls(LsArgs),
    /// 显示一个机关某年度的报告 / show an organ's report for a year
    Show(ShowArgs),
    /// 比较一个机关的两个年度：变化的单元格和跨年规则 / compare an organ's two years
    Compare(CompareArgs),
    /// 列出某年度没有报告的机关（其他年度有） / list the organs with no report for a year
    Missing(MissingArgs),
    /// 汇总一个地区某年度的报告 / roll up a region's reports for a year
    Rollup(RollupArgs),
    /// 各年度的统计（公开率、复议纠错率） / statistics by year
    Stats(StatsArgs),
    /// 导出语料库的全部单元格 / export every cell of the store
    Export(ExportArgs),
    /// 启动网页界面和 JSON API / serve the web UI and the JSON API
    Serve(ServeArgs),
    /// 管理网页界面的用户 / manage the web UI's users
    User(UserArgs),
    /// 列出全部规则 / list every rule
    Rules(RulesArgs),
    /// 生成命令行补全脚本（bash、zsh、fish、PowerShell、elvish） / write the shell completion
    /// script (bash, zsh, fish, PowerShell, elvish)
    Completions(CompletionsArgs),
    /// 生成手册页（man），每个命令一页 / write the manual pages, one per command
    Man(ManArgs),
}

// ---- parse

#[derive(Args)]
pub struct ParseArgs {
    /// 报告文件、文件夹（递归）或通配模式 / report files, folders (recursively) or patterns
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,

    /// 输出格式 / output format
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// 三张表，按终端宽度对齐 / the three tables aligned for a terminal
    Table,
    /// 单元格的值（spec/CELLS.md 的格式），每个文件一行 / cell values (CELLS.md), one line per file
    Cells,
    /// 完整的报告模型（docs/model.md），每个文件一行 / the whole report model, one line per file
    Json,
}

// ---- check and rules

#[derive(Args)]
pub struct CheckArgs {
    /// 报告文件、文件夹（递归）或通配模式（如 "*.pdf"）；`-` 表示标准输入 / report files,
    /// folders (recursively) or patterns ("*.pdf"); `-` reads standard input
    #[arg(value_name = "FILE", required_unless_present = "explain")]
    pub files: Vec<String>,

    /// 输出格式 / output format
    #[arg(long, short, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,

    /// 上一年度的报告，用于跨年规则（Y） / last year's report, for the rules across years (Y)
    #[arg(long, value_name = "FILE")]
    pub previous: Option<String>,

    /// 语料库，与其中同年度、同层级的机关比较（P101） / a corpus store: compare with the organs of
    /// the same year and level in it (P101)
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,

    /// 只运行这些规则（代码或前缀，逗号分隔） / run only these rules (codes or prefixes)
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Vec<String>,

    /// 不运行这些规则 / leave these rules out
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,

    /// 把警告也当作失败（退出码 1） / make warnings fail the run (exit code 1)
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Option<Deny>,

    /// 解释一条规则 / explain a rule
    #[arg(long, value_name = "CODE")]
    pub explain: Option<String>,

    /// 配置文件（默认在当前目录及上级目录中查找 gongkai.toml） / configuration file (default:
    /// the nearest gongkai.toml)
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// 不读取任何配置文件 / read no configuration file
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,

    /// 何时使用颜色 / when to use colour
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// 带原文摘录的诊断信息 / diagnostics with source excerpts
    Human,
    /// 每条一行 / one line per finding
    Concise,
    /// spec/RULES.md 规定的 JSON，每个文件一行 / the JSON of RULES.md, one line per file
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// 警告也使退出码为 1 / warnings give exit code 1 too
    Warnings,
}

/// When to colour the output.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// 终端上使用颜色 / on a terminal
    Auto,
    Always,
    Never,
}

#[derive(Args)]
pub struct RulesArgs {
    /// 输出格式 / output format
    #[arg(long, short, value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// 对齐的列表 / an aligned list
    Table,
    /// 每条规则一行 JSON / one JSON line per rule
    Json,
}

// ---- render, new and synth

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum To {
    /// Word 文档 / a Word document
    Docx,
    /// Excel 工作簿（合计为公式） / an Excel workbook with SUM formulas
    Xlsx,
    /// 独立的网页 / one self-contained web page
    Html,
    /// Markdown 文本 / Markdown
    Md,
    /// 长格式 CSV（agency, year, key, label, value） / long-format CSV
    Csv,
}

#[derive(Args)]
pub struct RenderArgs {
    /// 报告：模型 JSON、单元格 JSON、填好的表格（XLSX）或任何 gongkai 能读的报告 /
    /// a report: model JSON, cells JSON, a filled-in form (XLSX) or any report gongkai reads
    #[arg(value_name = "INPUT")]
    pub input: String,

    /// 输出格式 / output format
    #[arg(long, value_enum)]
    pub to: To,

    /// 输出文件（默认：HTML、Markdown、CSV 写到标准输出，DOCX、XLSX 写到与输入同名的文件） /
    /// output file (default: HTML, Markdown and CSV to standard output; DOCX and XLSX beside
    /// the input, named after it)
    #[arg(long, short, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// 覆盖已有的输出文件 / replace an existing output file
    #[arg(long)]
    pub force: bool,
}

#[derive(Args)]
pub struct NewArgs {
    /// 机关名称 / the organ's name
    #[arg(long)]
    pub agency: String,

    /// 报告年度 / the year the report covers
    #[arg(long)]
    pub year: i32,

    /// 上一年度的报告：其「结转下年度继续办理」填入本年的「上年结转」 / last year's report,
    /// whose requests carried forward become this year's carried over
    #[arg(long, value_name = "FILE")]
    pub previous: Option<String>,

    /// 输出的工作簿 / the workbook to write
    #[arg(long, short, value_name = "OUT")]
    pub output: PathBuf,

    /// 覆盖已有的输出文件 / replace an existing output file
    #[arg(long)]
    pub force: bool,
}

#[derive(Args)]
pub struct SynthArgs {
    /// 报告份数 / how many reports
    #[arg(long, default_value_t = 10)]
    pub count: u64,

    /// 随机种子：同一种子得到同样的报告 / the seed: the same seed gives the same reports
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// 输出目录 / the directory to write into
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Args)]
pub struct CompletionsArgs {
    /// 命令行外壳 / the shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args)]
pub struct ManArgs {
    /// 手册页写入的目录 / the directory to write the pages into
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
}

// ---- the corpus store

#[derive(Args)]
pub struct DbArg {
    /// 数据库：sqlite:文件 或 postgres://… / the store: sqlite:PATH or postgres://…
    #[arg(long, default_value = gongkai_store::DEFAULT_DB, value_name = "URL")]
    pub db: String,
}

#[derive(Args)]
pub struct ImportArgs {
    /// 文件、文件夹（递归）或通配模式 / files, folders (recursively) or patterns
    #[arg(required_unless_present = "regions", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// 地区表（CSV：place,parent，如「海宁市,嘉兴市」） / a region list (CSV: place,parent)
    #[arg(long, value_name = "CSV")]
    pub regions: Option<PathBuf>,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Args)]
pub struct LsArgs {
    /// 只列出这一年度 / only this year
    #[arg(long)]
    pub year: Option<i64>,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Table,
    Cells,
    Json,
}

#[derive(Args)]
pub struct ShowArgs {
    /// 机关名称（各种写法均可） / the organ, however its name is written
    pub organ: String,
    /// 年度（默认最近一年） / the year (the latest by default)
    #[arg(long)]
    pub year: Option<i64>,
    /// 输出格式 / output format
    #[arg(long, short, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Args)]
pub struct CompareArgs {
    /// 机关名称 / the organ
    pub organ: String,
    /// 两个年度，逗号分隔（如 2022,2023） / two years, comma-separated
    #[arg(long, value_delimiter = ',', num_args = 1, required = true)]
    pub years: Vec<i64>,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Args)]
pub struct RollupArgs {
    /// 地区（如「淮安市」，含其下各区县的机关） / the region (its organs and those of places within it)
    pub region: String,
    /// 年度 / the year
    #[arg(long)]
    pub year: i64,
    /// 输出格式 / output format
    #[arg(long, short, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Args)]
pub struct MissingArgs {
    /// 年度 / the year
    #[arg(long)]
    pub year: i64,
    /// 只看这一地区（含其下各区县） / only this region (and the places within it)
    #[arg(long)]
    pub region: Option<String>,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsBy {
    /// 按年度 / by year
    Year,
    /// 按机关和年度 / by organ and year
    Organ,
    /// 按地区和年度 / by place and year
    Region,
}

#[derive(Args)]
pub struct StatsArgs {
    /// 分组方式 / how to group
    #[arg(long, value_enum, default_value_t = StatsBy::Year)]
    pub by: StatsBy,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// 长格式 CSV（agency, year, key, value） / long-format CSV
    Csv,
    /// 每行一个 JSON 对象 / one JSON object per line
    Json,
    /// Excel 工作簿（需要 -o） / an Excel workbook (needs -o)
    Xlsx,
    /// Apache Parquet（需要 -o；pandas、DuckDB、R 可直接读取） / Apache Parquet (needs -o)
    Parquet,
}

#[derive(Args)]
pub struct ExportArgs {
    /// 导出格式 / the export's format
    #[arg(long, short, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// 输出文件（默认标准输出；XLSX 必须指定） / output file (default standard output)
    #[arg(long, short, value_name = "OUT")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub db: DbArg,

    /// 覆盖已有的输出文件 / replace an existing output file
    #[arg(long)]
    pub force: bool,
}

// ---- the web UI and its users

#[derive(Args)]
pub struct ServeArgs {
    /// 数据库：sqlite:文件 或 postgres://… / the store: sqlite:PATH or postgres://…
    #[arg(long, default_value = gongkai_store::DEFAULT_DB, value_name = "URL")]
    pub db: String,
    /// 监听地址 / the address to listen on
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub bind: SocketAddr,
    /// 单个请求的时限（秒） / how long one request may take, in seconds
    #[arg(long, default_value_t = 120, value_name = "SECONDS")]
    pub timeout: u64,
    /// 会话 Cookie 只经 HTTPS 发送（服务器位于 TLS 代理之后时使用） / send the session cookie over
    /// HTTPS only (behind a TLS proxy)
    #[arg(long)]
    pub secure_cookies: bool,
    /// 信任其 X-Forwarded-For 的代理地址（可多次给出） / a proxy whose X-Forwarded-For names the
    /// client (repeatable)
    #[arg(long, value_name = "IP")]
    pub trusted_proxy: Vec<IpAddr>,
    /// 同时读取、核对的报告数上限 / reports read and checked at once, at most
    #[arg(long, value_name = "N")]
    pub workers: Option<usize>,
    /// 同时保持的连接数上限 / client connections held at once, at most
    #[arg(long, default_value_t = 4096, value_name = "N")]
    pub max_connections: usize,
    /// 同时处理中的上传共可占用的内存（MB） / the memory the uploads being read at once may hold,
    /// in MB
    #[arg(long, default_value_t = 1024, value_name = "MB")]
    pub upload_memory: u64,
    /// 数据库不存在时新建 / make the store when it is not there
    #[arg(long)]
    pub create: bool,
}

#[derive(Args)]
pub struct UserArgs {
    #[command(subcommand)]
    pub action: UserAction,
    /// 数据库 / the store
    #[arg(long, global = true, default_value = gongkai_store::DEFAULT_DB, value_name = "URL")]
    pub db: String,
}

#[derive(Subcommand)]
pub enum UserAction {
    /// 新建用户；密码从环境变量 GONGKAI_PASSWORD 或标准输入的第一行读取 / add a user; the password
    /// is read from GONGKAI_PASSWORD or the first line of standard input
    ///
    /// 用户名最多 64 个字符，不能含控制字符、不可见字符或文字方向控制符；密码至少 8 个字符，不能全是
    /// 空白，不能与用户名相同。 / Names have at most 64 characters, with no control, invisible or
    /// text-direction characters; passwords have 8 characters or more, not only blanks, and are
    /// not the user name.
    Add {
        /// 用户名 / the user name
        name: String,
        /// viewer（浏览）、editor（更正与标记）或 admin（管理） / viewer, editor or admin
        #[arg(long, default_value = "viewer")]
        role: String,
        /// 数据库不存在时新建 / make the store when it is not there
        #[arg(long)]
        create: bool,
    },
    /// 修改角色或密码（--password 时从 GONGKAI_PASSWORD 或标准输入读取）；改密码会结束其会话 /
    /// change a user's role or password (which ends their sessions)
    Set {
        /// 用户名 / the user name
        name: String,
        /// 新角色：viewer、editor 或 admin / the new role: viewer, editor or admin
        #[arg(long)]
        role: Option<String>,
        /// 设置新密码 / set a new password
        #[arg(long)]
        password: bool,
    },
    /// 停用用户：不能再登录，已有会话立即结束 / disable a user: they cannot log in, and their
    /// sessions end
    Disable {
        /// 用户名 / the user name
        name: String,
    },
    /// 重新启用停用的用户 / enable a disabled user again
    Enable {
        /// 用户名 / the user name
        name: String,
    },
    /// 删除用户；修改记录中仍保留其名字 / delete a user; the audit trail keeps their name
    Delete {
        /// 用户名 / the user name
        name: String,
    },
    /// 列出用户（停用的标明 disabled） / list the users (disabled ones marked so)
    Ls,
}
