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
    /// 文字重复：各部分与上年本机关报告、同年度其他机关报告重复的比例及出处 / repeated text: the
    /// share of each section repeated from the organ's last year's report or from other organs'
    /// reports of the year, and where
    Repeats(RepeatsArgs),
    /// 汇总一个地区某年度的报告 / roll up a region's reports for a year
    Rollup(RollupArgs),
    /// 各年度的统计（公开率、复议纠错率） / statistics by year
    Stats(StatsArgs),
    /// 用考评规则包给一个地区某年度的各机关打分，逐项附证据 / score a region's organs for a year
    /// with an evaluation pack, each item with its evidence
    ///
    /// 规则包的格式见 docs/packs.md，示例在 examples/packs/。退出码：0 成功；2 数据库或文件无法使用、用法有误、没有该机关；5 规则包有误（写明文件、考评项和错误）。 / The pack's format is in docs/packs.md, an example in examples/packs/.
    /// Exit status: 0 done; 2 the store or a file could not be used, a usage error, or no such
    /// organ; 5 the pack is wrong (its file, the item and what is wrong are said).
    Score(ScoreArgs),
    /// 导出语料库的全部单元格 / export every cell of the store
    Export(ExportArgs),
    /// 启动网页界面和 JSON API / serve the web UI and the JSON API
    Serve(ServeArgs),
    /// 管理网页界面的用户 / manage the web UI's users
    User(UserArgs),
    /// 填报期：收集、审核、汇总一个地区各机关的年度报告 / the filing season: collect, review and
    /// roll up the annual reports of a region's organs
    ///
    /// 命令行以全局管理员身份操作。退出码：0 成功；2 数据库或文件无法使用、用法有误；3 填报期拒绝此操作（没有该填报期或机关、当前状态下不允许、须填写意见等）；4 报告不能报送（有错误，或有提醒未说明理由）。 / The command line acts as a global administrator. Exit status: 0 done; 2 the
    /// store or a file could not be used, or a usage error; 3 the season refused the step (no such
    /// season or organ, not allowed from the organ's state, a comment needed…); 4 the report
    /// cannot be submitted (it has errors, or warnings with no reason given).
    Season(SeasonArgs),
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

    /// 地方规定的公布期限（CSV：地方,机关类别,月-日，如「海宁市,department,01-20」），代替条例的
    /// 1月31日、3月31日（T501） / deadlines a place sets (CSV: place,kind,month-day, as
    /// 海宁市,department,01-20) instead of the law's 31 January and 31 March (T501)
    #[arg(long, value_name = "CSV")]
    pub deadlines: Option<PathBuf>,

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
    /// 报告的发布日期（只导入一个文件时），代替页面上的日期 / the report's publication date
    /// (importing one file), over the page's
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "dates")]
    pub published: Option<String>,
    /// 各文件的发布日期（CSV：文件,YYYY-MM-DD；文件写路径或文件名） / each file's publication date
    /// (CSV: file,YYYY-MM-DD; the file by its path or its name)
    #[arg(long, value_name = "CSV")]
    pub dates: Option<PathBuf>,
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
    /// 机关名称（从语料库取两个年度），或两个报告文件（前一年度在前） / the organ (its two
    /// years from the store), or two report files, the earlier year's first
    #[arg(value_name = "ORGAN|FILE", num_args = 1..=2, required_unless_present = "region")]
    pub what: Vec<String>,
    /// 两个年度，逗号分隔（如 2022,2023）；从语料库比较时必填 / two years, comma-separated;
    /// needed when comparing from the store
    #[arg(long, value_delimiter = ',', num_args = 1)]
    pub years: Vec<i64>,
    /// 比较一个地区的全部机关（含其下各区县）：每个有两个年度报告的机关一份文档，外加汇总表
    /// summary.xlsx；需 --to 和 --out-dir / compare every organ of a region (and the places
    /// within it) that has both years: one document each and a summary workbook summary.xlsx;
    /// needs --to and --out-dir
    #[arg(long, conflicts_with = "what", requires_all = ["to", "out_dir"])]
    pub region: Option<String>,
    /// 写成对比报告（默认：在终端列出变化的单元格） / write the comparison report (default:
    /// list the changed cells on the terminal)
    #[arg(long, value_enum)]
    pub to: Option<CompareTo>,
    /// 输出文件（默认：HTML 写到标准输出；DOCX 必须指定） / the output file (default: HTML to
    /// standard output; needed for DOCX)
    #[arg(long, short, value_name = "OUT", conflicts_with = "region")]
    pub output: Option<PathBuf>,
    /// 批量比较的输出文件夹（不存在则创建） / the folder of a region's comparisons (made when
    /// missing)
    #[arg(long, value_name = "DIR", requires = "region")]
    pub out_dir: Option<PathBuf>,
    /// 覆盖已有的输出文件 / replace existing output files
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareTo {
    /// Word 文档（公文格式） / a Word document in the official-document format
    Docx,
    /// 独立的网页 / one self-contained web page
    Html,
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
pub struct ScoreArgs {
    /// 考评规则包（TOML） / the evaluation pack (TOML)
    #[arg(long, value_name = "PACK")]
    pub pack: PathBuf,
    /// 地区（含其下各区县的机关） / the region (its organs and those of places within it)
    #[arg(long)]
    pub region: String,
    /// 报告年度（2024 年考评的是 2023 年度的报告） / the year the reports cover
    #[arg(long)]
    pub year: i32,
    /// 只看这一机关，逐项列出证据 / only this organ, each item with its evidence
    #[arg(long)]
    pub organ: Option<String>,
    /// 输出格式 / output format
    #[arg(long, short, value_enum, default_value_t = ScoreFormat::Text)]
    pub format: ScoreFormat,
    /// 输出文件（默认标准输出） / output file (default standard output)
    #[arg(long, short, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// 覆盖已有的输出文件 / replace an existing output file
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreFormat {
    /// 对齐的文字：各机关得分，或一个机关的逐项证据 / aligned text: the organs' scores, or one
    /// organ's items with their evidence
    Text,
    /// 得分表的 JSON（逐项附证据） / the score sheet as JSON, each item with its evidence
    Json,
    /// CSV（UTF-8，带 BOM）：各机关得分，--organ 时为逐项证据 / CSV (UTF-8 with BOM): the scores,
    /// or with --organ the items with their evidence
    Csv,
    /// Excel 工作簿：得分表和证据表两张工作表（需要 -o，或标准输出不是终端） / an Excel
    /// workbook: the scores and the evidence, a sheet each (needs -o, or standard output not a
    /// terminal)
    Xlsx,
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
pub enum RepeatsFrom {
    /// 本机关上一年度的报告 / the organ's own report of the year before
    LastYear,
    /// 同年度其他机关的报告 / other organs' reports of the same year
    Others,
    /// 两者 / both
    Both,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RepeatsFormat {
    /// 制表符分隔，带表头；加 --organ 时列出重复的段落及其出处 / tab-separated, with a header;
    /// with --organ, the repeated passages beside their source
    Text,
    /// 每行一个 JSON 对象（一个机关的一个部分），含重复的段落 / one JSON object a line (a section
    /// of an organ's report), with the repeated passages
    Json,
    /// CSV（UTF-8，带 BOM） / CSV (UTF-8 with BOM)
    Csv,
}

#[derive(Args)]
pub struct RepeatsArgs {
    /// 年度 / the year
    #[arg(long)]
    pub year: i64,
    /// 只看这一机关（各种写法均可） / only this organ, however its name is written
    #[arg(long)]
    pub organ: Option<String>,
    /// 与什么比较 / compared with what
    #[arg(long, value_enum, default_value_t = RepeatsFrom::Both)]
    pub from: RepeatsFrom,
    /// 输出格式 / output format
    #[arg(long, short, value_enum, default_value_t = RepeatsFormat::Text)]
    pub format: RepeatsFormat,
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
    /// 考评规则包（.toml）所在的文件夹，考评打分页面在示例之外提供其中的规则包 / a folder of
    /// evaluation packs (.toml) the score page offers beside the example
    #[arg(long, value_name = "DIR")]
    pub packs: Option<PathBuf>,
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

// ---- the filing season

#[derive(Args)]
pub struct SeasonArgs {
    #[command(subcommand)]
    pub action: SeasonAction,
    /// 数据库 / the store
    #[arg(long, global = true, default_value = gongkai_store::DEFAULT_DB, value_name = "URL")]
    pub db: String,
}

/// The template a season asks for.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateArg {
    /// 2021 年模板（国办公开办函〔2021〕30号） / the 2021 template
    #[value(name = "2021")]
    V2021,
    /// 2019 年试行格式 / the 2019 trial format
    #[value(name = "2019")]
    V2019,
}

/// Where an organ stands in a season, as `--state` names it.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StateArg {
    /// 未开始 / not started
    #[value(name = "not_started")]
    NotStarted,
    /// 填报中 / drafting
    Drafting,
    /// 已报送 / submitted
    Submitted,
    /// 退回修改 / returned
    Returned,
    /// 已通过 / approved
    Approved,
    /// 已发布 / published
    Published,
    /// 发布不符 / published, not as approved
    #[value(name = "published_mismatch")]
    PublishedMismatch,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeasonListFormat {
    /// 制表符分隔，带表头 / tab-separated, with a header
    Table,
    /// 每行一个 JSON 对象 / one JSON object a line
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SheetFormat {
    /// 制表符分隔，带表头 / tab-separated, with a header
    Table,
    /// JSON / JSON
    Json,
    /// CSV（UTF-8，带 BOM） / CSV (UTF-8 with BOM)
    Csv,
    /// Excel 工作簿（需要 -o，或标准输出不是终端） / an Excel workbook (needs -o, or standard
    /// output not a terminal)
    Xlsx,
}

/// Where a sheet is written.
#[derive(Args)]
pub struct SheetOut {
    /// 输出格式 / output format
    #[arg(long, short, value_enum, default_value_t = SheetFormat::Table)]
    pub format: SheetFormat,
    /// 输出文件（默认标准输出） / output file (default standard output)
    #[arg(long, short, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// 覆盖已有的输出文件 / replace an existing output file
    #[arg(long)]
    pub force: bool,
}

/// An office's decision on an organ's report.
#[derive(Args)]
pub struct DecideArgs {
    /// 填报期编号 / the season's number
    pub season: i64,
    /// 机关（名称或编号） / the organ, by name or number
    pub organ: String,
    /// 意见（退回、撤回通过时必填） / a comment (needed to return or reopen)
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,
}

#[derive(Subcommand)]
pub enum SeasonAction {
    /// 新建填报期，输出其编号 / open a season; prints its number
    ///
    /// 截止日期默认为次年1月31日（政府为3月31日），可用 --due KIND=YYYY-MM-DD 提前，KIND 为 government、office、department、
    /// zone 或 town。 / Deadlines default to 31 January of the next year (31 March for governments);
    /// --due KIND=YYYY-MM-DD sets one, KIND being government, office, department, zone or town.
    Create {
        /// 报告年度 / the year the reports cover
        #[arg(long)]
        year: i32,
        /// 地区（如「甲县」） / the region
        #[arg(long)]
        region: String,
        /// 模板 / the template
        #[arg(long, value_enum, default_value_t = TemplateArg::V2021)]
        template: TemplateArg,
        /// 某类机关的截止日期（可多次给出） / one kind's deadline (repeatable)
        #[arg(long, value_name = "KIND=YYYY-MM-DD")]
        due: Vec<String>,
    },
    /// 列出填报期 / list the seasons
    ///
    /// JSON 每行一个填报期，键：id、year、region、template、created（Unix 秒）、deadlines（各类机关的 YYYY-MM-DD）。 / JSON,
    /// one line a season, keys: id, year, region, template, created (Unix seconds), deadlines
    /// (each kind's YYYY-MM-DD).
    List {
        /// 输出格式 / output format
        #[arg(long, short, value_enum, default_value_t = SeasonListFormat::Table)]
        format: SeasonListFormat,
    },
    /// 列入应报送的机关：按名称，或 --from-store 取数据库中该地区的全部机关 / name the organs
    /// expected, or take the stored organs of the region with --from-store
    Organs {
        /// 填报期编号 / the season's number
        season: i64,
        /// 机关名称 / the organs' names
        #[arg(required_unless_present = "from_store", conflicts_with = "from_store")]
        names: Vec<String>,
        /// 数据库中地区内的全部机关 / every stored organ of the region
        #[arg(long)]
        from_store: bool,
    },
    /// 设置某类机关的截止日期 / set one kind's deadline
    Deadline {
        /// 填报期编号 / the season's number
        season: i64,
        /// government、office、department、zone 或 town / government, office, department, zone
        /// or town
        kind: String,
        /// 日期（YYYY-MM-DD） / the date (YYYY-MM-DD)
        date: String,
    },
    /// 单独设置一个机关的截止日期（--clear 恢复其类别的日期） / set one organ's own deadline
    /// (--clear: its kind's again)
    Due {
        /// 填报期编号 / the season's number
        season: i64,
        /// 机关（名称或编号） / the organ, by name or number
        organ: String,
        /// 日期（YYYY-MM-DD） / the date (YYYY-MM-DD)
        #[arg(required_unless_present = "clear", conflicts_with = "clear")]
        date: Option<String>,
        /// 恢复其类别的截止日期 / back to its kind's deadline
        #[arg(long)]
        clear: bool,
    },
    /// 看板：每个机关的状态、截止日期、是否逾期和最近操作 / the board: each organ's state, due
    /// date, lateness and last step
    ///
    /// JSON 每行一个机关，键：organ_id、organ、place、kind、state、due、overdue、last_step、last_at（Unix 秒）、
    /// last_user（命令行为 null）。 / JSON, one line an organ, keys: organ_id, organ, place, kind, state,
    /// due, overdue, last_step, last_at (Unix seconds), last_user (null for the command line).
    Board {
        /// 填报期编号 / the season's number
        season: i64,
        /// 只看这一状态 / only this state
        #[arg(long, value_enum)]
        state: Option<StateArg>,
        /// 只看逾期的机关 / only the organs late
        #[arg(long, conflicts_with = "on_time")]
        overdue: bool,
        /// 只看未逾期的机关 / only the organs not late
        #[arg(long)]
        on_time: bool,
        #[command(flatten)]
        out: SheetOut,
    },
    /// 一个机关在填报期中的全部操作 / an organ's timeline in the season
    ///
    /// JSON 每行一条，键：id、at（Unix 秒）、user、step、from、to、comment、submission、acknowledged（code、signature、
    /// reason）。 / JSON, one line a step, keys: id, at (Unix seconds), user, step, from, to,
    /// comment, submission, acknowledged (code, signature, reason).
    Timeline {
        /// 填报期编号 / the season's number
        season: i64,
        /// 机关（名称或编号） / the organ, by name or number
        organ: String,
        /// 输出格式 / output format
        #[arg(long, short, value_enum, default_value_t = SeasonListFormat::Table)]
        format: SeasonListFormat,
    },
    /// 报送机关的报告，输出报送编号 / submit an organ's report; prints the submission's number
    ///
    /// 报告像 check 那样读取和核对：有错误的不能报送；每条提醒须用 --ack CODE=REASON 说明理由（CODE 为规则代码，也可为提醒的签名）。不能报送时列出原因，退出码为 4。 / The report is read and checked as `check` does: one with errors cannot be
    /// submitted, and each warning needs a reason, --ack CODE=REASON (CODE a rule's code, or the
    /// warning's signature). A refused report's reasons are listed, and the exit status is 4.
    Submit {
        /// 填报期编号 / the season's number
        season: i64,
        /// 机关（名称或编号） / the organ, by name or number
        organ: String,
        /// 报告文件；`-` 表示标准输入 / the report; `-` reads standard input
        file: String,
        /// 说明一条提醒的理由（可多次给出） / a warning's reason (repeatable)
        #[arg(long, value_name = "CODE=REASON")]
        ack: Vec<String>,
        /// 附言 / a comment
        #[arg(long, value_name = "TEXT")]
        comment: Option<String>,
    },
    /// 退回修改（须填写意见） / send back for changes (a comment is needed)
    Return(DecideArgs),
    /// 审核通过 / approve
    Approve(DecideArgs),
    /// 撤回通过，机关须重新报送（须填写意见） / take back an approval (a comment is needed)
    Reopen(DecideArgs),
    /// 通过的报告已发布 / the approved report is online
    Publish(DecideArgs),
    /// 发布核对：读取网上公开的报告，与审核通过的版本比对 / the publication check: read the report
    /// as published and compare it with the approved one
    ///
    /// FILE 为从网站保存的网页或公开的文件。与通过版本有任何不同（单元格、标题、各部分正文），机关即为“发布不符”，退出码为 1；与首次读取相比的改动也一并列出。 / FILE is the page saved from the site, or the file put
    /// online. Any difference from the approved report (cells, title, sections) makes the organ
    /// 发布不符 and the exit status 1; what changed since the first reading is listed too.
    Published {
        /// 填报期编号 / the season's number
        season: i64,
        /// 机关（名称或编号） / the organ, by name or number
        organ: String,
        /// 公开的网页或文件 / the page or file published
        file: String,
        /// 网页地址，与这次读取一并记录 / the page's address, kept with the reading
        #[arg(long, value_name = "URL")]
        address: Option<String>,
    },
    /// 某位用户的待办：被退回、发布不符、即将到期、已逾期、待审核、已通过 / what needs a user:
    /// returned, published not as approved, due soon, overdue, awaiting review, approved
    ///
    /// JSON 每行一项，键：season、year、region、organ、organ_name、kind、due、at、comment。 / JSON is one line an item, keys: season,
    /// year, region, organ, organ_name, kind, due, at, comment.
    Inbox {
        /// 用户名 / the user's name
        user: String,
        /// 输出格式 / output format
        #[arg(long, short, value_enum, default_value_t = SeasonListFormat::Table)]
        format: SeasonListFormat,
    },
    /// 汇总已通过的报告，并列出尚未通过的机关 / the sum of the approved reports, with the organs
    /// still missing one
    ///
    /// JSON 为一个对象，键：season、year、region、template、counted（已汇总的机关）、missing（未汇总的机关）、cells（单元格到合计，无合计为
    /// null）。 / JSON is one object, keys: season, year, region, template, counted (the organs
    /// summed), missing (the organs not), cells (each key's sum, null where there is none).
    Rollup {
        /// 填报期编号 / the season's number
        season: i64,
        #[command(flatten)]
        out: SheetOut,
    },
    /// 设置用户所属：机关（filer、approver）或地区办公室（reviewer、office_admin）；--clear 取消 /
    /// give a user their place: an organ (filer, approver) or a region's office (reviewer,
    /// office_admin); --clear takes it away
    Member {
        /// 用户名 / the user name
        user: String,
        /// 机关名称 / the organ
        #[arg(long, conflicts_with_all = ["region", "clear"])]
        organ: Option<String>,
        /// 地区 / the region
        #[arg(long, conflicts_with = "clear")]
        region: Option<String>,
        /// filer、approver、reviewer 或 office_admin / filer, approver, reviewer or
        /// office_admin
        #[arg(long, conflicts_with = "clear")]
        role: Option<String>,
        /// 取消其所属 / take their place away
        #[arg(long)]
        clear: bool,
    },
}
