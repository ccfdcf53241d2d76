//! One file per rule. Shared knowledge of the tables' shape sits here.

use crate::context::{short_label, Context};
use crate::finding::Finding;
use crate::registry::Rule;
use gongkai_core::identity::{Counted, Evaluated, Identity, IdentityKind, Term};
use gongkai_core::template::{CellSpec, Row, TableId, T3_COLUMNS};

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
mod n107;
mod n108;
mod n109;
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
mod t404;
mod t501;
mod t502;
mod v101;
mod v102;
mod v103;
mod v104;
mod v105;
mod v106;
mod y101;
mod y102;
mod y103;
mod y104;
mod y105;

#[cfg(test)]
mod fixtures;

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
    &n107::RULE,
    &n108::RULE,
    &n109::RULE,
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
    &t404::RULE,
    &t501::RULE,
    &t502::RULE,
    &v101::RULE,
    &v102::RULE,
    &v103::RULE,
    &v104::RULE,
    &v105::RULE,
    &v106::RULE,
    &y101::RULE,
    &y102::RULE,
    &y103::RULE,
    &y104::RULE,
    &y105::RULE,
];

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

/// Each identity of `kind` that the report's certainly read cells break, with its sums, in
/// template order of the cell each identity totals. An identity with a term that holds no
/// number (blank, missing, or read with doubt) is not evaluated: no rule accuses a report over
/// a cell that may have been misread.
fn broken(cx: &Context, kind: IdentityKind) -> Vec<(&'static Identity, Evaluated<'static>)> {
    let template = cx.template();
    let mut out: Vec<_> = template
        .identities()
        .iter()
        .filter(|i| i.kind == kind)
        .filter_map(|i| Some((i, i.evaluate(|k| cx.int(k))?)))
        .filter(|(_, e)| !e.holds())
        .collect();
    out.sort_by_key(|(i, _)| template.position(i.left[0].key()));
    out
}

/// The terms of one side of an identity as a sum, in Chinese (`自然人 20 + 商业企业 1`, each term
/// named by `label`) and in English (by keys).
fn terms_text(terms: &[Counted], label: impl Fn(&Term) -> &'static str) -> (String, String) {
    let zh = terms
        .iter()
        .map(|c| format!("{} {}", label(c.term), c.value))
        .collect::<Vec<_>>()
        .join(" + ");
    let en = terms
        .iter()
        .map(|c| format!("{} {}", c.name(), c.value))
        .collect::<Vec<_>>()
        .join(" + ");
    (zh, en)
}

/// What a rule says of an identity a report breaks: the identity, its sums, and its right
/// side written out in Chinese and in English (`自然人 20 + 商业企业 1`).
struct Breach<'a> {
    identity: &'static Identity,
    sums: &'a Evaluated<'static>,
    parts_zh: String,
    parts_en: String,
}

impl Breach<'_> {
    /// The cell the identity totals (its left side's first term).
    fn total(&self) -> &'static Term {
        &self.identity.left[0]
    }
}

/// Reports each identity of `kind` that the report's certainly read cells break: the message
/// is `message`'s (Chinese, English), the cells are those counted, and the finding points at
/// the cell the identity totals. `label` names a term of the right side in Chinese.
fn report_breaches(
    cx: &Context,
    out: &mut Vec<Finding>,
    rule: &Rule,
    kind: IdentityKind,
    label: fn(&Context, &Term) -> &'static str,
    message: impl Fn(&Breach) -> (String, String),
) {
    for (identity, sums) in broken(cx, kind) {
        let (parts_zh, parts_en) = terms_text(&sums.right_terms, |t| label(cx, t));
        let breach = Breach {
            identity,
            sums: &sums,
            parts_zh,
            parts_en,
        };
        let (zh, en) = message(&breach);
        out.push(
            cx.finding(rule, zh, en)
                .cells(cx, &counted_keys(&sums))
                .at_cell(cx, breach.total().key()),
        );
    }
}

/// The cells a broken identity was counted from, its parts first and the total it checks last.
fn counted_keys(e: &Evaluated) -> Vec<String> {
    e.right_terms
        .iter()
        .chain(&e.left_terms)
        .flat_map(|c| c.keys.iter().map(|k| k.to_string()))
        .collect()
}

/// The template's cell of a key an identity names.
fn spec(cx: &Context, key: &str) -> &'static CellSpec {
    cx.template()
        .cell(key)
        .expect("identities name the template's cells")
}

/// A term by its row's short label (`（三）不予公开`, `1.属于国家秘密`).
fn row_label(cx: &Context, term: &Term) -> &'static str {
    short_label(spec(cx, term.key()).row.label.text)
}

/// A term by its column's label (`自然人`, `结果维持`).
fn column_label(cx: &Context, term: &Term) -> &'static str {
    spec(cx, term.key()).column.label.text
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
    let template = Template::get(Version::V2021);
    let mut t2 = String::new();
    for row in template.table(TableId::T2).rows {
        t2.push_str(row.label.text);
        t2.push_str(&"\t0".repeat(row.columns.len()));
        t2.push('\n');
    }
    let mut t3 = String::new();
    for row in template.table(TableId::T3).rows {
        t3.push_str(row.label.text);
        if row.kind == gongkai_core::template::RowKind::Data {
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
         二、主动公开政府信息情况\n{t2}\
         三、收到和处理政府信息公开申请情况\n{t3}\
         四、政府信息公开行政复议、行政诉讼情况\n\
         0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n\
         五、存在的主要问题及改进情况\n{five}\n\
         六、其他需要报告的事项\n{six}\n"
    )
}
