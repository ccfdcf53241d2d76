//! Reports given as JSON: the model of `gongkai parse --format json`, or the cells of
//! `--format cells` (the fixture format of CELLS.md).

use crate::ErrorKind;
use gongkai_core::{Blank, Number, Report, Section, Span, Value, Version};
use serde_json::Value as Json;

fn error(zh: impl Into<String>, en: impl Into<String>) -> ErrorKind {
    ErrorKind::Json {
        zh: zh.into(),
        en: en.into(),
    }
}

/// The bytes without a UTF-8 byte order mark.
fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

/// Whether bytes look like a JSON document rather than a report to read.
pub fn is_json(bytes: &[u8]) -> bool {
    without_bom(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{')
}

/// Reads the model of `--format json` back as it was written: every cell with its certainty,
/// position and notes, so that a cell read with doubt stays in doubt.
pub fn model(bytes: &[u8]) -> Result<Report, ErrorKind> {
    let report: Report = serde_json::from_slice(without_bom(bytes)).map_err(|e| {
        error(
            format!("不是有效的 gongkai 模型 JSON：{e}"),
            format!("not a valid gongkai model JSON: {e}"),
        )
    })?;
    if report.model_version != gongkai_core::MODEL_VERSION {
        return Err(error(
            format!(
                "模型 JSON 的版本是 {}，这个 gongkai 读取版本 {}",
                report.model_version,
                gongkai_core::MODEL_VERSION
            ),
            format!(
                "the model JSON is version {}; this gongkai reads version {}",
                report.model_version,
                gongkai_core::MODEL_VERSION
            ),
        ));
    }
    Ok(report)
}

/// Reads a cells JSON document (CELLS.md), its cells as an object or as a list.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Report, ErrorKind> {
    let json: Json = serde_json::from_slice(without_bom(bytes)).map_err(|e| {
        error(
            format!("不是有效的 JSON：{e}"),
            format!("not valid JSON: {e}"),
        )
    })?;
    let template = match json["template"].as_str() {
        Some("2021") => Version::V2021,
        Some("2019") => Version::V2019,
        _ => {
            return Err(error(
                "缺少 \"template\"（\"2021\" 或 \"2019\"）：不是 gongkai 的模型或单元格 JSON",
                "no \"template\" (\"2021\" or \"2019\"): not a gongkai model or cells JSON",
            ))
        }
    };
    let cells: Vec<(String, Value)> = match &json["cells"] {
        Json::Object(map) => map
            .iter()
            .map(|(k, v)| Ok((k.clone(), value(v)?)))
            .collect::<Result<_, ErrorKind>>()?,
        Json::Array(list) => list
            .iter()
            .map(|c| {
                let key = c["key"]
                    .as_str()
                    .ok_or_else(|| error("单元格缺少 key", "a cell has no key"))?;
                Ok((key.to_string(), value(&c["value"])?))
            })
            .collect::<Result<_, ErrorKind>>()?,
        _ => return Err(error("缺少 \"cells\"", "no \"cells\"")),
    };
    let mut report = Report::from_cells(
        file,
        json["agency"].as_str().map(String::from),
        json["year"].as_i64().map(|y| y as i32),
        template,
        cells,
    );
    report.title = json["title"].as_str().map(String::from);
    report.preamble = json["preamble"].as_str().unwrap_or_default().to_string();
    if let Some(sections) = json["sections"].as_array() {
        report.sections = sections
            .iter()
            .filter_map(|s| {
                Some(Section {
                    number: s["number"].as_u64().filter(|n| (1..=6).contains(n))? as u8,
                    heading: s["heading"].as_str()?.to_string(),
                    body: s["body"].as_str().unwrap_or_default().to_string(),
                    lines: Vec::new(),
                    parts: Vec::new(),
                    at: Span::default(),
                })
            })
            .collect();
    }
    Ok(report)
}

fn value(v: &Json) -> Result<Value, ErrorKind> {
    match v {
        Json::Null => Ok(Value::Blank(Blank::Empty)),
        Json::Number(n) => Number::parse(&n.to_string())
            .map(Value::Number)
            .ok_or_else(|| {
                error(
                    format!("数值 {n} 无法读取"),
                    format!("the number {n} cannot be read"),
                )
            }),
        other => Err(error(
            format!("单元格的值应为数字或 null，而不是 {other}"),
            format!("a cell's value must be a number or null, not {other}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_json() {
        let r = parse(
            "x.json",
            r#"{"agency":"某县","year":2022,"template":"2021","cells":{"t3.new.total":21,"t2.fees.amount":7730.28,"t3.new.natural":null}}"#.as_bytes(),
        )
        .unwrap();
        assert_eq!(r.cells.len(), 3);
        assert_eq!(
            r.value("t2.fees.amount")
                .unwrap()
                .number()
                .unwrap()
                .to_string(),
            "7730.28"
        );
        assert!(matches!(r.value("t3.new.natural"), Some(Value::Blank(_))));
    }

    #[test]
    fn not_a_report() {
        assert!(parse("x.json", b"{\"a\":1}").is_err());
        assert!(parse("x.json", b"{").is_err());
        assert!(is_json(b"  {\"template\":\"2021\"}"));
        assert!(!is_json("规章".as_bytes()));
    }
}
