//! One file per rule. Shared knowledge of the tables' shape sits here.

use crate::context::{short_label, Context, Sum};
use crate::registry::Rule;
use gongkai_core::template::{Row, RowKind, TableId, T3_COLUMNS};

mod a101;
mod a102;
mod a103;
mod a104;
mod a201;
mod n101;
mod n102;
mod n103;
mod n104;
mod n105;
mod n106;
mod p101;
mod p102;
mod p103;
mod r101;
mod r102;
mod t101;
mod t102;
mod t201;
mod t202;
mod t203;
mod t204;
mod t301;
mod t401;
mod t402;
mod t403;
mod v101;
mod v102;
mod v103;
mod v104;
mod v105;
mod y101;
mod y102;
mod y103;
mod y104;
mod y105;

pub(crate) static ALL: &[&Rule] = &[
    &a101::RULE,
    &a102::RULE,
    &a103::RULE,
    &a104::RULE,
    &a201::RULE,
    &n101::RULE,
    &n102::RULE,
    &n103::RULE,
    &n104::RULE,
    &n105::RULE,
    &n106::RULE,
    &p101::RULE,
    &p102::RULE,
    &p103::RULE,
    &r101::RULE,
    &r102::RULE,
    &t101::RULE,
    &t102::RULE,
    &t201::RULE,
    &t202::RULE,
    &t203::RULE,
    &t204::RULE,
    &t301::RULE,
    &t401::RULE,
    &t402::RULE,
    &t403::RULE,
    &v101::RULE,
    &v102::RULE,
    &v103::RULE,
    &v104::RULE,
    &v105::RULE,
    &y101::RULE,
    &y102::RULE,
    &y103::RULE,
    &y104::RULE,
    &y105::RULE,
];

/// The six applicant columns of table 三 (without `total`).
fn applicant_columns() -> impl Iterator<Item = &'static str> {
    T3_COLUMNS.iter().map(|c| c.id).filter(|&c| c != "total")
}

/// The label of a table 三 column (`自然人`).
fn t3_column_label(column: &str) -> &'static str {
    T3_COLUMNS
        .iter()
        .find(|c| c.id == column)
        .map_or("", |c| c.label.text)
}

fn t3_key(row: &str, column: &str) -> String {
    format!("t3.{row}.{column}")
}

/// The template's row of table 三 with this id.
fn t3_row(cx: &Context, id: &str) -> Option<&'static Row> {
    cx.template()
        .table(TableId::T3)
        .rows
        .iter()
        .find(|r| r.id == id)
}

/// The sub-rows of a group row.
fn sub_rows(cx: &Context, group: &str) -> Vec<&'static Row> {
    cx.template()
        .table(TableId::T3)
        .rows
        .iter()
        .filter(|r| r.group == Some(group))
        .collect()
}

/// One term of a column's outcomes: a row, or a group as the sum of its sub-rows or as its
/// printed aggregate.
struct Term {
    label: &'static str,
    /// The term named by keys, for English messages.
    en: String,
    keys: Vec<String>,
    value: i64,
}

/// How a group is counted in one column: its sub-rows when every one holds a number, else its
/// aggregate row when that does; `None` when neither.
fn group_term(cx: &Context, group: &'static Row, column: &str) -> Option<Term> {
    let subs: Vec<String> = sub_rows(cx, group.id)
        .iter()
        .map(|r| t3_key(r.id, column))
        .collect();
    if let Some(values) = cx.ints(&subs) {
        return Some(Term {
            label: short_label(group.label.text),
            en: format!("Σ t3.{}.*.{column}", group.id),
            value: values.iter().sum(),
            keys: subs,
        });
    }
    let key = t3_key(group.id, column);
    cx.int(&key).map(|value| Term {
        label: short_label(group.label.text),
        en: key.clone(),
        keys: vec![key],
        value,
    })
}

/// The outcome terms （一） to （六） of a column, or `None` when one of them holds no number.
fn outcome_terms(cx: &Context, column: &str) -> Option<Vec<Term>> {
    let rows = cx.template().table(TableId::T3).rows;
    let from = rows.iter().position(|r| r.id == "granted")?;
    let to = rows.iter().position(|r| r.id == "results_total")?;
    let mut terms = Vec::new();
    for row in &rows[from..to] {
        match (row.kind, row.group) {
            (RowKind::Group, _) => terms.push(group_term(cx, row, column)?),
            (RowKind::Data, None) => {
                let key = t3_key(row.id, column);
                terms.push(Term {
                    label: short_label(row.label.text),
                    en: key.clone(),
                    value: cx.int(&key)?,
                    keys: vec![key],
                });
            }
            _ => {}
        }
    }
    Some(terms)
}

fn sum_of(terms: &[Term]) -> Sum<'_> {
    let mut sum = Sum::new();
    for t in terms {
        sum.add(t.label, &t.en, t.value);
    }
    sum
}

/// Whether the report was read from a document with text (sections, headings), not from cell
/// values alone.
fn has_text(cx: &Context) -> bool {
    cx.report.source.format != gongkai_core::SourceFormat::Cells
}

/// A whole report in the template's form, with `five` as section 五's text and `six` as
/// section 六's, for the tests of the text rules. One request, received and granted.
#[cfg(test)]
pub(crate) fn six_sections(five: &str, six: &str) -> String {
    use gongkai_core::{Template, Version};
    let five = if five.is_empty() {
        "一是公开意识有待加强。下一步将加强培训。"
    } else {
        five
    };
    let six = if six.is_empty() {
        "本年度未收取信息处理费。"
    } else {
        six
    };
    let mut t3 = String::new();
    for row in Template::get(Version::V2021).table(TableId::T3).rows {
        t3.push_str(row.label.text);
        if row.kind == RowKind::Data {
            let one = ["new", "granted", "results_total"].contains(&row.id);
            let v = if one {
                "\t1\t0\t0\t0\t0\t0\t1"
            } else {
                "\t0\t0\t0\t0\t0\t0\t0"
            };
            t3.push_str(v);
        }
        t3.push('\n');
    }
    format!(
        "某县人民政府办公室2022年政府信息公开工作年度报告\n\
         一、总体情况\n\
         （一）主动公开情况。全年主动公开信息100条。\n\
         （二）依申请公开情况。全年收到政府信息公开申请1件。\n\
         二、主动公开政府信息情况\n\
         规章\t0\t0\t0\n\
         三、收到和处理政府信息公开申请情况\n{t3}\
         四、政府信息公开行政复议、行政诉讼情况\n\
         0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n\
         五、存在的主要问题及改进情况\n{five}\n\
         六、其他需要报告的事项\n{six}\n"
    )
}
