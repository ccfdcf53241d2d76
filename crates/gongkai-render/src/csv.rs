//! Long-format CSV: one line per cell (agency, year, key, label, value), UTF-8 with a BOM so
//! that Excel opens it as UTF-8.

use gongkai_core::Report;

use crate::layout::show;

pub fn render(report: &Report) -> Vec<u8> {
    let mut out = "\u{feff}agency,year,key,label,value\r\n".to_string();
    let agency = report.agency.as_deref().unwrap_or("");
    let year = report.year.map_or(String::new(), |y| y.to_string());
    for cell in &report.cells {
        let label = report
            .template()
            .cell(&cell.key)
            .map_or(cell.label.clone(), |s| {
                format!("{} {}", s.row.label.text, s.column.label.text)
            });
        let fields = [
            agency.to_string(),
            year.clone(),
            cell.key.clone(),
            label,
            show(cell.printed.value),
        ];
        let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
        out += &line.join(",");
        out += "\r\n";
    }
    out.into_bytes()
}

/// A field quoted when it must be, and never read as a formula: text starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading `'` (numbers are left alone).
pub fn field(s: &str) -> String {
    let is_number = s.parse::<f64>().is_ok();
    let s = if !is_number && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn formulas_are_defused_and_numbers_kept() {
        assert_eq!(field("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(field("-18"), "-18");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("说\"明\""), "\"说\"\"明\"\"\"");
    }
}
