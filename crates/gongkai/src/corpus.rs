//! The corpus commands: `import`, `ls`, `show`, `rollup`, `stats` and `export`, over a store in
//! SQLite (`--db sqlite:PATH`, `gongkai.db` by default) or PostgreSQL (`--db postgres://…`).

use crate::cli::{Lang, EXIT_INPUT, EXIT_OK};
use crate::output;
use clap::{Args, ValueEnum};
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
        eprintln!(
            "gongkai: {}",
            if lang == Lang::En {
                format!("cannot open the store {}: {e}", db.db)
            } else {
                format!("无法打开数据库 {}：{e}", db.db)
            }
        );
        ExitCode::from(EXIT_INPUT)
    })
}

fn db_error(e: gongkai_store::DbError, lang: Lang) -> ExitCode {
    eprintln!(
        "gongkai: {}",
        if lang == Lang::En {
            format!("store: {e}")
        } else {
            format!("数据库：{e}")
        }
    );
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
            // The reader's messages name the file already.
            let file = path.display().to_string();
            if why.starts_with(&file) {
                eprintln!("gongkai: {why}");
            } else {
                eprintln!("gongkai: {file}: {why}");
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    if lang == Lang::En {
        println!("{imported} imported, {unchanged} unchanged, {replaced} new versions, {failed} failed ({:.1} s)", secs);
    } else {
        println!("导入 {imported} 份，未变 {unchanged} 份，新版本 {replaced} 份，失败 {failed} 份（{secs:.1} 秒）");
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
            "{}\t{}\t{}\tv{}\t{}\t{}",
            r.organ,
            r.place.unwrap_or_default(),
            r.year,
            r.version,
            r.errors,
            r.warnings
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
    let model = match query::show(&mut db, &args.organ, args.year) {
        Ok(Some(m)) => m,
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
    match gongkai_render::input::from_json(&args.organ, model.as_bytes()) {
        Ok(r) => print_report(&r, args.format, lang),
        Err(e) => {
            eprintln!("gongkai: {}", if lang == Lang::En { e.en } else { e.zh });
            ExitCode::from(EXIT_INPUT)
        }
    }
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
    let rows = match query::stats(&mut db, by) {
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
    let cells = match query::cells(&mut db) {
        Ok(c) => c,
        Err(e) => return db_error(e, lang),
    };
    if args.format == ExportFormat::Xlsx {
        let Some(path) = &args.output else {
            eprintln!(
                "gongkai: {}",
                if lang == Lang::En {
                    "an XLSX export needs -o FILE"
                } else {
                    "导出 XLSX 需要用 -o 指定文件"
                }
            );
            return ExitCode::from(EXIT_INPUT);
        };
        let bytes = match gongkai_render::xlsx::long(&cells) {
            Ok(b) => b,
            Err(e) => return db_error(gongkai_store::DbError(e.to_string()), lang),
        };
        return match crate::render::write_atomic(path, &bytes) {
            Ok(()) => ExitCode::from(EXIT_OK),
            Err(e) => db_error(
                gongkai_store::DbError(format!("{}: {e}", path.display())),
                lang,
            ),
        };
    }
    let mut sink: Box<dyn Write> = match &args.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                return db_error(
                    gongkai_store::DbError(format!("{}: {e}", path.display())),
                    lang,
                )
            }
        },
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = std::io::BufWriter::new(&mut sink);
    let value = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v}"));
    let result = (|| -> std::io::Result<()> {
        match args.format {
            ExportFormat::Csv => {
                out.write_all("\u{feff}agency,year,key,value\r\n".as_bytes())?;
                for (agency, year, key, v) in &cells {
                    writeln!(
                        out,
                        "{},{year},{key},{}\r",
                        gongkai_render::csv::field(agency),
                        value(*v)
                    )?;
                }
            }
            ExportFormat::Xlsx => {}
            ExportFormat::Json => {
                for (agency, year, key, v) in &cells {
                    serde_json::to_writer(
                        &mut out,
                        &serde_json::json!({"agency": agency, "year": year, "key": key, "value": v}),
                    )?;
                    writeln!(out)?;
                }
            }
        }
        out.flush()
    })();
    match result {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(EXIT_OK),
        Err(_) => ExitCode::from(EXIT_INPUT),
    }
}

/// One organ's two years side by side: the cells that changed, then the rules across years.
pub fn compare(args: CompareArgs, lang: Lang) -> ExitCode {
    let english = lang == Lang::En;
    let [before, after] = args.years[..] else {
        eprintln!(
            "gongkai: {}",
            if english {
                "--years takes two years: 2022,2023"
            } else {
                "--years 需要两个年度，如 2022,2023"
            }
        );
        return ExitCode::from(EXIT_INPUT);
    };
    let mut db = match open(&args.db, lang) {
        Ok(db) => db,
        Err(c) => return c,
    };
    let mut load = |year: i64| -> Result<gongkai_core::Report, ExitCode> {
        match query::show(&mut db, &args.organ, Some(year)) {
            Ok(Some(model)) => gongkai_render::input::from_json(
                &format!("{}:{year}", args.organ),
                model.as_bytes(),
            )
            .map_err(|e| {
                eprintln!("gongkai: {}", if english { e.en } else { e.zh });
                ExitCode::from(EXIT_INPUT)
            }),
            Ok(None) => {
                eprintln!(
                    "gongkai: {}",
                    if english {
                        format!("no report of {} for {year} in the store", args.organ)
                    } else {
                        format!("数据库中没有「{}」{year} 年度的报告", args.organ)
                    }
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
