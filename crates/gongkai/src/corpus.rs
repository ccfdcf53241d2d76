//! The corpus commands: `import`, `ls`, `show`, `rollup`, `stats` and `export`, over a store in
//! SQLite (`--db sqlite:PATH`, `gongkai.db` by default) or PostgreSQL (`--db postgres://…`).

use crate::cli::{say, Lang, EXIT_INPUT, EXIT_OK};
use crate::output;
use crate::render::AtomicFile;
use clap::{Args, ValueEnum};
use gongkai_core::printable;
use gongkai_store::{query, Db, Outcome};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args)]
pub struct DbArg {
    /// 数据库：sqlite:文件 或 postgres://… / the store: sqlite:PATH or postgres://…
    #[arg(long, default_value = gongkai_store::DEFAULT_DB, value_name = "URL")]
    db: String,
}

#[derive(Args)]
pub struct ImportArgs {
    /// 文件或文件夹（递归） / files or folders (recursively)
    #[arg(required_unless_present = "regions", value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// 地区表（CSV：place,parent，如「海宁市,嘉兴市」） / a region list (CSV: place,parent)
    #[arg(long, value_name = "CSV")]
    regions: Option<PathBuf>,
    #[command(flatten)]
    db: DbArg,
}

#[derive(Args)]
pub struct LsArgs {
    /// 只列出这一年度 / only this year
    #[arg(long)]
    year: Option<i64>,
    #[command(flatten)]
    db: DbArg,
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
    organ: String,
    #[arg(long)]
    year: Option<i64>,
    #[arg(long, short, value_enum, default_value_t = ShowFormat::Table)]
    format: ShowFormat,
    #[command(flatten)]
    db: DbArg,
}

#[derive(Args)]
pub struct CompareArgs {
    /// 机关名称 / the organ
    organ: String,
    /// 两个年度，逗号分隔（如 2022,2023） / two years, comma-separated
    #[arg(long, value_delimiter = ',', num_args = 1, required = true)]
    years: Vec<i64>,
    #[command(flatten)]
    db: DbArg,
}

#[derive(Args)]
pub struct RollupArgs {
    /// 地区（如「淮安市」，含其下各区县的机关） / the region (its organs and those of places within it)
    region: String,
    #[arg(long)]
    year: i64,
    #[arg(long, short, value_enum, default_value_t = ShowFormat::Table)]
    format: ShowFormat,
    #[command(flatten)]
    db: DbArg,
}

#[derive(Args)]
pub struct MissingArgs {
    /// 年度 / the year
    #[arg(long)]
    year: i64,
    /// 只看这一地区（含其下各区县） / only this region (and the places within it)
    #[arg(long)]
    region: Option<String>,
    #[command(flatten)]
    db: DbArg,
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
    by: StatsBy,
    #[command(flatten)]
    db: DbArg,
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
    #[arg(long, short, value_enum, default_value_t = ExportFormat::Csv)]
    format: ExportFormat,
    /// 输出文件（默认标准输出；XLSX 必须指定） / output file (default standard output)
    #[arg(long, short, value_name = "OUT")]
    output: Option<PathBuf>,
    #[command(flatten)]
    db: DbArg,
}

fn open(db: &DbArg, lang: Lang) -> Result<Db, ExitCode> {
    gongkai_store::open(&db.db).map_err(|e| {
        say(
            lang,
            format!("无法打开数据库 {}：{e}", db.db),
            format!("cannot open the store {}: {e}", db.db),
        );
        ExitCode::from(EXIT_INPUT)
    })
}

fn db_error(e: gongkai_store::DbError, lang: Lang) -> ExitCode {
    say(lang, format!("数据库：{e}"), format!("store: {e}"));
    ExitCode::from(EXIT_INPUT)
}

pub fn import(args: ImportArgs, lang: Lang) -> ExitCode {
    let mut db = match open(&args.db, lang) {
        Ok(db) => db,
        Err(c) => return c,
    };
    if let Some(path) = &args.regions {
        let loaded = std::fs::read_to_string(path)
            .map_err(|e| gongkai_store::DbError(format!("{}: {e}", path.display())))
            .and_then(|text| query::load_regions(&mut db, &text));
        match loaded {
            Ok(n) => eprintln!(
                "gongkai: {}",
                if lang == Lang::En {
                    format!("{n} places placed under their regions")
                } else {
                    format!("已载入 {n} 个地区的上级")
                }
            ),
            Err(e) => return db_error(e, lang),
        }
        if args.paths.is_empty() {
            return ExitCode::from(EXIT_OK);
        }
    }
    let started = Instant::now();
    let terminal = std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize| {
        if !terminal {
            return;
        }
        let secs = started.elapsed().as_secs_f64().max(1e-3);
        let rate = done as f64 / secs;
        let eta = (total - done) as f64 / rate.max(1e-3);
        eprint!("\r{done}/{total}  {rate:.0}/s  ETA {eta:.0}s   ");
    };
    let summary = match gongkai_store::import(&mut db, &args.paths, progress) {
        Ok(s) => s,
        Err(e) => return db_error(e, lang),
    };
    if terminal {
        eprintln!();
    }
    let count = |f: fn(&Outcome) -> bool| summary.count(f);
    let (imported, unchanged, replaced, failed) = (
        count(|o| *o == Outcome::Imported),
        count(|o| *o == Outcome::Unchanged),
        count(|o| *o == Outcome::Replaced),
        count(|o| matches!(o, Outcome::Failed(_))),
    );
    for (path, o) in &summary.files {
        if let Outcome::Failed(why) = o {
            let why = why.get(lang == Lang::En);
            // The reader's messages name the file already.
            let file = path.display().to_string();
            if why.starts_with(&file) {
                eprintln!("gongkai: {}", printable(why));
            } else {
                eprintln!("gongkai: {}: {}", printable(&file), printable(why));
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let (groups, outliers) = summary.peers;
    if lang == Lang::En {
        println!("{imported} imported, {unchanged} unchanged, {replaced} new versions, {failed} failed ({:.1} s)", secs);
        if groups > 0 {
            println!("{groups} peer groups compared again: {outliers} outliers (P101)");
        }
    } else {
        println!("导入 {imported} 份，未变 {unchanged} 份，新版本 {replaced} 份，失败 {failed} 份（{secs:.1} 秒）");
        if groups > 0 {
            println!("重新比较了 {groups} 组同级机关：{outliers} 个异常值（P101）");
        }
    }
    ExitCode::from(if failed > 0 { EXIT_INPUT } else { EXIT_OK })
}

pub fn ls(args: LsArgs, lang: Lang) -> ExitCode {
    let mut db = match open(&args.db, lang) {
        Ok(db) => db,
        Err(c) => return c,
    };
    let rows = match query::list(&mut db, args.year) {
        Ok(r) => r,
        Err(e) => return db_error(e, lang),
    };
    let mut out = std::io::stdout().lock();
    for r in rows {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\tv{}\t{}\t{}\t{}",
            r.organ,
            r.place.unwrap_or_default(),
            r.year,
            r.version,
            r.errors,
            r.warnings,
            r.infos
        );
    }
    ExitCode::from(EXIT_OK)
}

fn print_report(report: &gongkai_core::Report, format: ShowFormat, lang: Lang) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let written = match format {
        ShowFormat::Table => output::tables(&mut out, report, lang),
        ShowFormat::Cells => output::json_line(&mut out, &report.cells_view()),
        ShowFormat::Json => output::json_line(&mut out, report),
    };
    match written {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(_) => ExitCode::from(EXIT_INPUT),
    }
}

pub fn show(args: ShowArgs, lang: Lang) -> ExitCode {
    let mut db = match open(&args.db, lang) {
        Ok(db) => db,
        Err(c) => return c,
    };
    let report = match query::report(&mut db, &args.organ, args.year) {
        Ok(Some(r)) => r,
        Ok(None) => {
            eprintln!(
                "gongkai: {}",
                if lang == Lang::En {
                    format!("no report of {} in the store", args.organ)
                } else {
                    format!("数据库中没有「{}」的报告", args.organ)
                }
            );
            return ExitCode::from(EXIT_INPUT);
        }
        Err(e) => return db_error(e, lang),
    };
    let code = print_report(&report, args.format, lang);
    if args.format != ShowFormat::Table || code != ExitCode::from(EXIT_OK) {
        return code;
    }
    let Some(year) = report.year else {
        return code;
    };
    let findings = match gongkai_store::findings::of(&mut db, &args.organ, year.into()) {
        Ok(f) => f,
        Err(e) => return db_error(e, lang),
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "\n{}",
        if lang == Lang::En {
            format!("{} findings stored with this report:", findings.len())
        } else {
            format!("库中这份报告的核对结果（{} 条）：", findings.len())
        }
    );
    for f in &findings {
        let place = match (f.page, f.line) {
            (Some(p), _) if lang == Lang::En => format!(" (page {p})"),
            (Some(p), _) => format!("（第 {p} 页）"),
            (None, Some(l)) if lang == Lang::En => format!(" (line {l})"),
            (None, Some(l)) => format!("（第 {l} 行）"),
            (None, None) => String::new(),
        };
        let message = f.message.get(lang == Lang::En);
        let _ = writeln!(out, "{} [{}] {message}{place}", f.code, f.severity);
    }
    code
}

/// The organs that filed in another year but not in this one, with the last year they did.
pub fn missing(args: MissingArgs, lang: Lang) -> ExitCode {
    let mut db = match open(&args.db, lang) {
        Ok(db) => db,
        Err(c) => return c,
    };
    let rows = match query::missing(&mut db, args.year, args.region.as_deref()) {
        Ok(r) => r,
        Err(e) => return db_error(e, lang),
    };
    let mut out = std::io::stdout().lock();
    for m in &rows {
        let _ = writeln!(
            out,
            "{}\t{}\t{}",
            m.organ,
            m.place.as_deref().unwrap_or_default(),
            m.last
        );
    }
    let _ = out.flush();
    say(
        lang,
        format!("{} 个机关没有 {} 年度的报告", rows.len(), args.year),
        format!("{} organs have no report for {}", rows.len(), args.year),
    );
    ExitCode::from(EXIT_OK)
}

pub fn rollup(args: RollupArgs, lang: Lang) -> ExitCode {
    let mut db = match open(&args.db, lang) {
        Ok(db) => db,
        Err(c) => return c,
    };
    match query::rollup(&mut db, &args.region, args.year) {
        Ok(Some((report, _))) => print_report(&report, args.format, lang),
        Ok(None) => {
            eprintln!(
                "gongkai: {}",
                if lang == Lang::En {
                    format!(
                        "no report of {} for {} in the store",
                        args.region, args.year
                    )
                } else {
                    format!("数据库中没有「{}」{} 年度的报告", args.region, args.year)
                }
            );
            ExitCode::from(EXIT_INPUT)
        }
        Err(e) => db_error(e, lang),
    }
}

pub fn stats(args: StatsArgs, lang: Lang) -> ExitCode {
    let mut db = match open(&args.db, lang) {
        Ok(db) => db,
        Err(c) => return c,
    };
    let by = match args.by {
        StatsBy::Year => query::By::Year,
        StatsBy::Organ => query::By::Organ,
        StatsBy::Region => query::By::Place,
    };
    let rows = match query::stats(&mut db, by, &Default::default()) {
        Ok(r) => r,
        Err(e) => return db_error(e, lang),
    };
    let pct = |r: Option<f64>| r.map_or("—".to_string(), |r| format!("{:.1}%", r * 100.0));
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{}",
        if lang == Lang::En {
            "group\tyear\treports\treceived\tdisclosure rate\treview correction rate"
        } else {
            "分组\t年度\t报告数\t新收申请\t公开率\t复议纠错率"
        }
    );
    for s in rows {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}",
            s.group,
            s.year,
            s.reports,
            s.received,
            pct(s.disclosure_rate),
            pct(s.correction_rate)
        );
    }
    ExitCode::from(EXIT_OK)
}

pub fn export(args: ExportArgs, lang: Lang) -> ExitCode {
    let mut db = match open(&args.db, lang) {
        Ok(db) => db,
        Err(c) => return c,
    };
    let binary = matches!(args.format, ExportFormat::Xlsx | ExportFormat::Parquet);
    if binary && args.output.is_none() {
        say(
            lang,
            "导出 XLSX 或 Parquet 需要用 -o 指定文件",
            "an XLSX or Parquet export needs -o FILE",
        );
        return ExitCode::from(EXIT_INPUT);
    }
    let mut file = match args.output.as_deref().map(AtomicFile::create).transpose() {
        Ok(f) => f,
        Err(e) => return write_failed(args.output.as_deref(), e.to_string(), lang),
    };
    let written = match &mut file {
        Some(f) => write_export(&mut db, args.format, f),
        None => write_export(&mut db, args.format, &mut std::io::stdout()),
    };
    let committed = written.and_then(|()| match file {
        Some(f) => f.commit().map_err(|e| Export::Io(e.to_string())),
        None => Ok(()),
    });
    match committed {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(Export::Db(e)) => db_error(e, lang),
        Err(Export::BrokenPipe) => ExitCode::from(EXIT_OK),
        Err(Export::Io(e)) => write_failed(args.output.as_deref(), e, lang),
    }
}

/// Why an export stopped.
enum Export {
    Db(gongkai_store::DbError),
    Io(String),
    /// The reader of standard output went away (`| head`): not an error.
    BrokenPipe,
}

impl From<std::io::Error> for Export {
    fn from(e: std::io::Error) -> Export {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Export::BrokenPipe
        } else {
            Export::Io(e.to_string())
        }
    }
}

fn write_failed(path: Option<&std::path::Path>, e: String, lang: Lang) -> ExitCode {
    let path = path.map_or("-".into(), |p| p.display().to_string());
    say(
        lang,
        format!("无法写入 {path}：{e}"),
        format!("cannot write {path}: {e}"),
    );
    ExitCode::from(EXIT_INPUT)
}

/// Writes every current cell of the store, streamed from the database as it is read (XLSX
/// excepted: a workbook is made whole).
fn write_export(
    db: &mut Db,
    format: ExportFormat,
    out: &mut (impl Write + Send),
) -> Result<(), Export> {
    // An I/O error inside the row callback is carried out through the store's error type
    // and told apart again here.
    let mut io_error: Option<std::io::Error> = None;
    let mut keep = |r: std::io::Result<()>| -> Result<(), gongkai_store::DbError> {
        r.map_err(|e| {
            io_error = Some(e);
            gongkai_store::DbError("write".into())
        })
    };
    let result = match format {
        ExportFormat::Csv => {
            let mut out = std::io::BufWriter::new(out);
            let head = out.write_all("\u{feff}agency,year,key,value\r\n".as_bytes());
            keep(head)
                .and_then(|()| {
                    query::each_cell(db, |(agency, year, key, v)| {
                        keep(write!(
                            out,
                            "{},{year},{key},{}\r\n",
                            gongkai_render::csv::field(&agency),
                            v.map_or(String::new(), |v| format!("{v}"))
                        ))
                    })
                })
                .and_then(|()| keep(out.flush()))
        }
        ExportFormat::Json => {
            let mut out = std::io::BufWriter::new(out);
            query::each_cell(db, |(agency, year, key, v)| {
                let row =
                    serde_json::json!({"agency": agency, "year": year, "key": key, "value": v});
                keep(serde_json::to_writer(&mut out, &row).map_err(std::io::Error::from))?;
                keep(out.write_all(b"\n"))
            })
            .and_then(|()| keep(out.flush()))
        }
        ExportFormat::Parquet => {
            let mut sheet =
                gongkai_render::parquet::Long::new(out).map_err(|e| Export::Io(e.to_string()))?;
            let mut failed = None;
            let rows = query::each_cell(db, |(agency, year, key, v)| {
                sheet.push(&agency, year, &key, v).map_err(|e| {
                    failed = Some(e.to_string());
                    gongkai_store::DbError("write".into())
                })
            });
            if let Some(e) = failed {
                return Err(Export::Io(e));
            }
            rows.and_then(|()| {
                sheet
                    .finish()
                    .map(|_| ())
                    .map_err(|e| gongkai_store::DbError(e.to_string()))
            })
        }
        ExportFormat::Xlsx => {
            let cells = query::cells(db).map_err(Export::Db)?;
            let bytes =
                gongkai_render::xlsx::long(&cells).map_err(|e| Export::Io(e.to_string()))?;
            keep(out.write_all(&bytes))
        }
    };
    match (result, io_error) {
        (_, Some(e)) => Err(e.into()),
        (Err(e), None) => Err(Export::Db(e)),
        (Ok(()), None) => Ok(()),
    }
}

/// One organ's two years side by side: the cells that changed, then the rules across years.
pub fn compare(args: CompareArgs, lang: Lang) -> ExitCode {
    let english = lang == Lang::En;
    let [before, after] = args.years[..] else {
        say(
            lang,
            "--years 需要两个年度，如 2022,2023",
            "--years takes two years: 2022,2023",
        );
        return ExitCode::from(EXIT_INPUT);
    };
    let mut db = match open(&args.db, lang) {
        Ok(db) => db,
        Err(c) => return c,
    };
    let mut load = |year: i64| -> Result<gongkai_core::Report, ExitCode> {
        match query::report(&mut db, &args.organ, Some(year)) {
            Ok(Some(report)) => Ok(report),
            Ok(None) => {
                say(
                    lang,
                    format!("数据库中没有「{}」{year} 年度的报告", args.organ),
                    format!("no report of {} for {year} in the store", args.organ),
                );
                Err(ExitCode::from(EXIT_INPUT))
            }
            Err(e) => Err(db_error(e, lang)),
        }
    };
    let (previous, current) = match (load(before), load(after)) {
        (Ok(p), Ok(c)) => (p, c),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let mut out = std::io::stdout().lock();
    let show =
        |v: Option<gongkai_core::Value>| v.map_or("—".to_string(), gongkai_render::layout::show);
    let mut changed = 0;
    for spec in current.template().cells() {
        let (a, b) = (previous.value(&spec.key), current.value(&spec.key));
        if a != b && (a.is_some() || b.is_some()) {
            changed += 1;
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}",
                spec.key,
                show(a),
                show(b),
                spec.row.label.text
            );
        }
    }
    let _ = writeln!(
        out,
        "{}",
        if english {
            format!("{changed} cells changed from {before} to {after}")
        } else {
            format!("{before} 年到 {after} 年有 {changed} 个单元格不同")
        }
    );
    let selection = gongkai_check::Selection {
        select: vec![gongkai_check::Selector::parse("Y").expect("the Y family")],
        ignore: Vec::new(),
    };
    let findings = gongkai_check::check(&current, Some(&previous), &selection);
    for f in &findings {
        let _ = writeln!(
            out,
            "{} [{}] {}",
            f.code,
            f.severity,
            f.message.get(english)
        );
    }
    let errors = findings
        .iter()
        .any(|f| f.severity == gongkai_check::Severity::Error);
    ExitCode::from(if errors {
        crate::cli::EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}
