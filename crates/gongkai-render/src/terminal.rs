//! A report's three tables aligned for a terminal, columns by display width (CJK counts two).

use gongkai_core::template::RowKind;
use gongkai_core::Lang;
use gongkai_core::{Report, TableId, Value};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// The report's title line and its three tables, columns aligned by display width.
pub fn tables(out: &mut impl Write, report: &Report, lang: Lang) -> io::Result<()> {
    let unknown = match lang {
        Lang::Zh => "（未知）",
        Lang::En => "(unknown)",
    };
    writeln!(
        out,
        "{}  {}  {} {}",
        report.agency.as_deref().unwrap_or(unknown),
        report.year.map_or(unknown.to_string(), |y| y.to_string()),
        match lang {
            Lang::Zh => "模板",
            Lang::En => "template",
        },
        report.template
    )?;
    let template = report.template();
    for id in TableId::ALL {
        let table = template.table(id);
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => id.name_zh(),
                Lang::En => id.name_en(),
            }
        )?;
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut header: Option<Vec<String>> = None;
        for row in table.rows.iter().filter(|r| r.kind != RowKind::Heading) {
            let values: Vec<Option<Value>> = row
                .columns
                .iter()
                .map(|c| report.value(&gongkai_core::template::cell_key(id, row.id, c.id)))
                .collect();
            let has_subrows = table.rows.iter().any(|r| {
                r.group == Some(row.id)
                    && r.columns.iter().any(|c| {
                        report
                            .cell(&gongkai_core::template::cell_key(id, r.id, c.id))
                            .is_some()
                    })
            });
            if values.iter().all(Option::is_none) {
                if row.kind == RowKind::Group && has_subrows {
                    rows.push(vec![row.label.text.to_string()]);
                }
                continue;
            }
            let this_header: Vec<String> = std::iter::once(String::new())
                .chain(row.columns.iter().map(|c| c.label.text.to_string()))
                .collect();
            if header.as_ref() != Some(&this_header) {
                rows.push(this_header.clone());
                header = Some(this_header);
            }
            let indent = if row.group.is_some() { "  " } else { "" };
            let mut line = vec![format!("{indent}{}", row.label.text)];
            line.extend(values.iter().map(|v| match v {
                Some(Value::Number(n)) => n.to_string(),
                Some(Value::Blank(b)) => b.as_str().to_string(),
                None => "·".to_string(),
            }));
            rows.push(line);
        }
        if rows.is_empty() {
            writeln!(
                out,
                "  {}",
                match lang {
                    Lang::Zh => "（未找到）",
                    Lang::En => "(not found)",
                }
            )?;
            continue;
        }
        print_grid(out, &rows)?;
    }
    if !report.notes.is_empty() {
        writeln!(out)?;
        for note in &report.notes {
            let text = note.message.of(lang);
            match note.at {
                Some(at) => writeln!(out, "  * {text} ({}:{})", at.line, at.column)?,
                None => writeln!(out, "  * {text}")?,
            }
        }
    }
    Ok(())
}

/// Rows of cells: the first column left-aligned, the others right-aligned, by display width.
fn print_grid(out: &mut impl Write, rows: &[Vec<String>]) -> io::Result<()> {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; cols];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.width());
        }
    }
    for row in rows {
        let mut line = String::from("  ");
        for (i, cell) in row.iter().enumerate() {
            let pad = widths[i] - cell.width();
            if i == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
