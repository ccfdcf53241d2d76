//! One report, many publishing layouts: the cells must not change.
//!
//! Each transformation is something publishing does to a report (TEMPLATE.md): section
//! headings lost, the whole text run onto one line, half-width punctuation, spaces for tabs,
//! one cell per line, blank lines everywhere, CRLF with ideographic indents.

mod common;

use gongkai_core::Report;

/// A publishing transformation: its name and what it does to a report's text.
type Transform = (&'static str, fn(&str) -> String);

fn transforms() -> Vec<Transform> {
    vec![
        ("no section headings of the tables", |t| {
            t.lines()
                .filter(|l| {
                    !["二、主动公开", "三、收到和处理", "四、政府信息公开行政复议"]
                        .iter()
                        .any(|h| l.trim_start().starts_with(h))
                })
                .collect::<Vec<_>>()
                .join("\n")
        }),
        ("tables flattened onto one line", |t| {
            let (head, rest) = t.split_once("二、主动公开").unwrap();
            let (tables, tail) = rest.split_once("五、存在").unwrap();
            let flat: String = tables
                .split(['\n', '\t'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            format!("{head}二、主动公开{flat}\n五、存在{tail}")
        }),
        ("half-width brackets and 1、 ordinals", |t| {
            t.replace('（', "(")
                .replace('）', ")")
                .replace("1.", "1、")
                .replace("2.", "2、")
        }),
        ("spaces for tabs", |t| t.replace('\t', "    ")),
        ("one cell per line", |t| t.replace('\t', "\n")),
        ("blank lines between all lines", |t| t.replace('\n', "\n\n")),
        ("CRLF and ideographic indents", |t| {
            t.lines()
                .map(|l| format!("\u{3000}\u{3000}{l}"))
                .collect::<Vec<_>>()
                .join("\r\n")
        }),
    ]
}

fn cells(r: &Report) -> Vec<(String, Option<String>)> {
    r.cells
        .iter()
        .map(|c| {
            (
                c.key.clone(),
                c.printed.value.number().map(|n| n.to_string()),
            )
        })
        .filter(|(_, v)| v.is_some())
        .collect()
}

#[test]
fn every_layout_gives_the_same_cells() {
    let mut inputs = vec![common::workspace().join("examples/qingshan-2023.txt")];
    if let Some(dir) = common::shared_corpus() {
        inputs.extend(
            common::fixtures(&dir.join("seeds"))
                .into_iter()
                .map(|(_, i)| i)
                .filter(|i| i.extension().is_some_and(|e| e == "txt")),
        );
    }
    let mut failures = Vec::new();
    for input in &inputs {
        let text = std::fs::read_to_string(input).unwrap();
        let base = gongkai_read::read_text("base", &text, "UTF-8").unwrap();
        for (name, f) in transforms() {
            match gongkai_read::read_text(name, &f(&text), "UTF-8") {
                Ok(r)
                    if cells(&r) == cells(&base)
                        && r.agency == base.agency
                        && r.year == base.year => {}
                Ok(r) => {
                    let diff: Vec<_> = cells(&base)
                        .into_iter()
                        .filter(|c| !cells(&r).contains(c))
                        .take(5)
                        .collect();
                    failures.push(format!("{}: {name}: {diff:?}", input.display()));
                }
                Err(e) => failures.push(format!("{}: {name}: {e}", input.display())),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
