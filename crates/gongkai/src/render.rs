//! `gongkai render`, `gongkai new` and `gongkai synth`: writing reports, fill-in forms and
//! synthetic reports. Every file is written whole or not at all (a temporary file renamed
//! into place), so an interrupted run never leaves half a document.

use crate::cli::{read_input, report_error, say, Lang, EXIT_INPUT, EXIT_OK};
use clap::{Args, ValueEnum};
use gongkai_core::template::SECTIONS;
use gongkai_core::{Blank, Report, Section, Span, Template, Value, Version};
use gongkai_read::Limits;
use gongkai_render::synth::{self, Form};
use gongkai_render::Target;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum To {
    /// Word 文档 / a Word document
    Docx,
    /// Excel 工作簿（合计为公式） / an Excel workbook with SUM formulas
    Xlsx,
    /// 独立的网页 / one self-contained web page
    Html,
    /// Markdown
    Md,
    /// 长格式 CSV（agency, year, key, label, value） / long-format CSV
    Csv,
}

impl To {
    fn target(self) -> Target {
        match self {
            To::Docx => Target::Docx,
            To::Xlsx => Target::Xlsx,
            To::Html => Target::Html,
            To::Md => Target::Md,
            To::Csv => Target::Csv,
        }
    }
}

#[derive(Args)]
pub struct RenderArgs {
    /// 报告：模型 JSON、单元格 JSON、填好的表格（XLSX）或任何 gongkai 能读的报告 /
    /// a report: model JSON, cells JSON, a filled-in form (XLSX) or any report gongkai reads
    #[arg(value_name = "INPUT")]
    input: String,

    /// 输出格式 / output format
    #[arg(long, value_enum)]
    to: To,

    /// 输出文件（默认：HTML、Markdown、CSV 写到标准输出，DOCX、XLSX 写到与输入同名的文件） /
    /// output file (default: HTML, Markdown and CSV to standard output; DOCX and XLSX beside
    /// the input, named after it)
    #[arg(long, short, value_name = "OUT")]
    output: Option<PathBuf>,
}

#[derive(Args)]
pub struct NewArgs {
    /// 机关名称 / the organ's name
    #[arg(long)]
    agency: String,

    /// 报告年度 / the year the report covers
    #[arg(long)]
    year: i32,

    /// 上一年度的报告：其「结转下年度继续办理」填入本年的「上年结转」 / last year's report,
    /// whose requests carried forward become this year's carried over
    #[arg(long, value_name = "FILE")]
    previous: Option<String>,

    /// 输出的工作簿 / the workbook to write
    #[arg(long, short, value_name = "OUT")]
    output: PathBuf,
}

#[derive(Args)]
pub struct SynthArgs {
    /// 报告份数 / how many reports
    #[arg(long, default_value_t = 10)]
    count: u64,

    /// 随机种子：同一种子得到同样的报告 / the seed: the same seed gives the same reports
    #[arg(long, default_value_t = 1)]
    seed: u64,

    /// 输出目录 / the directory to write into
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

/// Writes a file whole: a temporary file beside it, flushed to disk, renamed into place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// A file written beside its destination and renamed into place when complete, so that the
/// destination holds the old file or the whole new one, never a part: a crash or an error
/// midway leaves no partial output. Dropped without [`commit`](AtomicFile::commit), it is
/// removed.
pub struct AtomicFile {
    file: Option<std::io::BufWriter<std::fs::File>>,
    tmp: std::path::PathBuf,
    path: std::path::PathBuf,
}

impl AtomicFile {
    pub fn create(path: &Path) -> std::io::Result<AtomicFile> {
        let name = path
            .file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let file = std::fs::File::create(&tmp)?;
        Ok(AtomicFile {
            file: Some(std::io::BufWriter::new(file)),
            tmp,
            path: path.to_path_buf(),
        })
    }

    /// Flushes the file to disk and renames it into place.
    pub fn commit(mut self) -> std::io::Result<()> {
        let file = self.file.take().expect("committed once");
        let done = file
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.sync_all())
            .and_then(|()| std::fs::rename(&self.tmp, &self.path));
        if done.is_err() {
            let _ = std::fs::remove_file(&self.tmp);
        }
        done
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.as_mut().expect("not committed").write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.as_mut().expect("not committed").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

fn write_error(path: &Path, e: &std::io::Error, lang: Lang) -> ExitCode {
    say(
        lang,
        format!("无法写入 {}：{e}", path.display()),
        format!("cannot write {}: {e}", path.display()),
    );
    ExitCode::from(EXIT_INPUT)
}

pub fn render(args: RenderArgs, lang: Lang, limits: &Limits) -> ExitCode {
    let bytes = match read_input(&args.input, limits) {
        Ok(b) => b,
        Err(e) => {
            report_error(&e, lang);
            return ExitCode::from(EXIT_INPUT);
        }
    };
    // A model or cells JSON is read as any other form (gongkai_read tells them apart).
    let report = match gongkai_read::read_with(&args.input, &bytes, limits) {
        Ok(r) => r.report,
        Err(e) => {
            report_error(&e, lang);
            return ExitCode::from(EXIT_INPUT);
        }
    };
    let target = args.to.target();
    let out = match gongkai_render::render(&report, target) {
        Ok(b) => b,
        Err(e) => {
            say(
                lang,
                format!("{}：无法写成 {}：{e}", args.input, target.extension()),
                format!(
                    "{}: cannot be written as {}: {e}",
                    args.input,
                    target.extension()
                ),
            );
            return ExitCode::from(EXIT_INPUT);
        }
    };
    let binary = matches!(target, Target::Docx | Target::Xlsx);
    let path = match (&args.output, binary) {
        (Some(p), _) => p.clone(),
        (None, false) => {
            let mut stdout = std::io::stdout().lock();
            return match stdout.write_all(&out).and_then(|_| stdout.flush()) {
                Ok(()) => ExitCode::from(EXIT_OK),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(EXIT_OK),
                Err(e) => write_error(Path::new("-"), &e, lang),
            };
        }
        (None, true) => {
            let p = Path::new(&args.input).with_extension(target.extension());
            if p == Path::new(&args.input) || args.input == "-" {
                say(lang, "请用 -o 指定输出文件", "name the output file with -o");
                return ExitCode::from(EXIT_INPUT);
            }
            p
        }
    };
    match write_atomic(&path, &out) {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(e) => write_error(&path, &e, lang),
    }
}

/// The empty report of a fill-in form: every cell blank but last year's carry-over.
fn blank_report(agency: &str, year: i32, previous: Option<&Report>) -> Report {
    let version = Version::for_year(year);
    let cells = Template::get(version).required_cells().map(|c| {
        let carried = c
            .key
            .strip_prefix("t3.carried_over.")
            .and_then(|col| previous?.value(&format!("t3.carried_forward.{col}")));
        (c.key.clone(), carried.unwrap_or(Value::Blank(Blank::Empty)))
    });
    let mut r = Report::from_cells(
        "form",
        Some(agency.to_string()),
        Some(year),
        version,
        cells.collect::<Vec<_>>(),
    );
    r.title = Some(format!("{agency}{year}年政府信息公开工作年度报告"));
    r.sections = SECTIONS
        .iter()
        .map(|s| Section {
            number: s.number,
            heading: s.label.text.to_string(),
            body: String::new(),
            lines: Vec::new(),
            parts: Vec::new(),
            at: Span::default(),
        })
        .collect();
    r
}

pub fn new(args: NewArgs, lang: Lang, limits: &Limits) -> ExitCode {
    if !(2019..=2100).contains(&args.year) {
        say(
            lang,
            format!(
                "年度 {} 不在 2019 年以后的范围内（更早的报告没有统一格式）",
                args.year
            ),
            format!(
                "the year {} is not 2019 or later (earlier reports have no common format)",
                args.year
            ),
        );
        return ExitCode::from(EXIT_INPUT);
    }
    let previous = match &args.previous {
        Some(file) => {
            match read_input(file, limits).and_then(|b| gongkai_read::read_with(file, &b, limits)) {
                Ok(r) => Some(r.report),
                Err(e) => {
                    report_error(&e, lang);
                    return ExitCode::from(EXIT_INPUT);
                }
            }
        }
        None => None,
    };
    let report = blank_report(&args.agency, args.year, previous.as_ref());
    let bytes = match gongkai_render::xlsx::render(&report, true) {
        Ok(b) => b,
        Err(e) => {
            say(
                lang,
                format!("无法生成工作簿：{e}"),
                format!("cannot make the workbook: {e}"),
            );
            return ExitCode::from(EXIT_INPUT);
        }
    };
    match write_atomic(&args.output, &bytes) {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(e) => write_error(&args.output, &e, lang),
    }
}

pub fn synth(args: SynthArgs, lang: Lang) -> ExitCode {
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        return write_error(&args.out, &e, lang);
    }
    for n in 0..args.count {
        let report = synth::report(args.seed, n);
        let form = Form::ALL[(n % Form::ALL.len() as u64) as usize];
        let name = format!("synth-{:06}", n);
        let bytes = match form.write(&report) {
            Ok(b) => b,
            Err(e) => {
                say(lang, format!("{name}：{e}"), format!("{name}: {e}"));
                return ExitCode::from(EXIT_INPUT);
            }
        };
        let file = args.out.join(format!("{name}.{}", form.extension()));
        let expected = args.out.join(format!("{name}.expected.json"));
        let written = write_atomic(&file, &bytes)
            .map_err(|e| (file.clone(), e))
            .and_then(|_| {
                write_atomic(&expected, synth::expected(&report).as_bytes())
                    .map_err(|e| (expected.clone(), e))
            });
        if let Err((path, e)) = written {
            return write_error(&path, &e, lang);
        }
    }
    ExitCode::from(EXIT_OK)
}
