//! What a rule sees: the report, last year's when given, and quick access to their cells.

use crate::deadlines::Deadlines;
use crate::finding::{Cells, Finding, Text};
use crate::narrative::{self, Sentence};
use crate::peers::Peers;
use crate::registry::Rule;
use gongkai_core::template::{CellSpec, Row, Template};
use gongkai_core::{Cell, NoteKind, Number, Report, Span, Value};
use std::cell::OnceCell;
use std::collections::HashMap;

/// A report's cells by key. Rules look cells up thousands of times per report; the keys are
/// the template's, so a fast fixed hash serves better than the default's DoS-resistant one.
type CellIndex<'a> = HashMap<&'a str, &'a Cell, foldhash::fast::FixedState>;

/// A report prepared for checking.
pub struct Context<'a> {
    pub report: &'a Report,
    /// Last year's report of the same organ, for the Y rules.
    pub previous: Option<&'a Report>,
    /// The organs of the same level and kind in the corpus, for P101.
    pub peers: Option<&'a Peers>,
    /// Deadlines a place set apart from the law's, for T501.
    pub deadlines: Option<&'a Deadlines>,
    cells: CellIndex<'a>,
    previous_cells: CellIndex<'a>,
    sentences: OnceCell<Vec<Sentence>>,
}

impl<'a> Context<'a> {
    pub fn new(
        report: &'a Report,
        previous: Option<&'a Report>,
        peers: Option<&'a Peers>,
    ) -> Context<'a> {
        let index = |r: &'a Report| r.cells.iter().map(|c| (c.key.as_str(), c)).collect();
        Context {
            report,
            previous,
            peers,
            deadlines: None,
            cells: index(report),
            previous_cells: previous.map(index).unwrap_or_default(),
            sentences: OnceCell::new(),
        }
    }

    /// The sentences of the report's prose, split once for all the narrative rules.
    pub fn sentences(&self) -> &[Sentence] {
        self.sentences
            .get_or_init(|| narrative::sentences(self.report))
    }

    pub fn template(&self) -> &'static Template {
        self.report.template()
    }

    pub fn cell(&self, key: &str) -> Option<&'a Cell> {
        self.cells.get(key).copied()
    }

    /// The cell's value; `None` when the report does not have the cell or its reading is
    /// uncertain: no rule concludes anything from a cell that may have been misread (R101
    /// names those).
    pub fn value(&self, key: &str) -> Option<Value> {
        self.cell(key)
            .filter(|c| c.is_certain())
            .map(|c| c.printed.value)
    }

    /// The cell's value when it is a whole number: the operand of an arithmetic rule. Blank
    /// and fractional cells are not operands (V101 and V103 report them).
    pub fn int(&self, key: &str) -> Option<i64> {
        self.value(key)?.number()?.as_int()
    }

    /// Every one of `keys` as a whole number, or `None` when any is missing.
    pub fn ints(&self, keys: &[String]) -> Option<Vec<i64>> {
        keys.iter().map(|k| self.int(k)).collect()
    }

    pub fn previous_cell(&self, key: &str) -> Option<&'a Cell> {
        self.previous_cells.get(key).copied()
    }

    pub fn previous_int(&self, key: &str) -> Option<i64> {
        let cell = self.previous_cell(key).filter(|c| c.is_certain())?;
        cell.printed.value.number()?.as_int()
    }

    /// Whether the report has any cell of a template row.
    pub fn has_row(&self, table: &str, row: &Row) -> bool {
        row.columns
            .iter()
            .any(|c| self.cell(&format!("{table}.{}.{}", row.id, c.id)).is_some())
    }

    /// The cells that hold a number, with the template's place of each.
    pub fn numbers(&self) -> impl Iterator<Item = (&'a Cell, Number, &'static CellSpec)> + '_ {
        let template = self.template();
        self.report
            .cells
            .iter()
            .filter(|c| c.is_certain())
            .filter_map(move |cell| {
                Some((
                    cell,
                    cell.printed.value.number()?,
                    template.cell(&cell.key)?,
                ))
            })
    }

    /// The reader's notes of these kinds, each as a finding of `rule`: its message, the cells it
    /// names and where it was printed.
    pub fn notes_as_findings(&self, rule: &Rule, kinds: &[NoteKind], out: &mut Vec<Finding>) {
        for note in self.report.notes.iter().filter(|n| kinds.contains(&n.kind)) {
            out.push(
                self.finding(rule, note.message.zh.clone(), note.message.en.clone())
                    .cells(self, &note.keys)
                    .at(note.at),
            );
        }
    }

    /// A finding of `rule` about one cell: the cell named with its value, the finding pointed
    /// at where it was printed.
    pub fn cell_finding(
        &self,
        rule: &Rule,
        key: &str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Finding {
        self.finding(rule, zh, en)
            .cells(self, &[key])
            .at_cell(self, key)
    }

    /// A finding of `rule` with no cells yet.
    pub fn finding(&self, rule: &Rule, zh: impl Into<String>, en: impl Into<String>) -> Finding {
        Finding {
            code: rule.code,
            severity: rule.severity,
            message: Text::new(zh, en),
            cells: Cells::default(),
            at: None,
            help: None,
        }
    }
}

impl Finding {
    /// Adds cells of the report, with their values, in order.
    pub fn cells<S: AsRef<str>>(mut self, cx: &Context, keys: &[S]) -> Finding {
        for k in keys {
            let k = k.as_ref();
            if !self.cells.contains(k) {
                let value = cx.cell(k).map(|c| c.printed.value);
                self.cells.0.push((k.to_string(), value));
            }
        }
        self
    }

    /// Adds a cell with a value from elsewhere (last year's report).
    pub fn cell_value(mut self, key: &str, value: Option<Value>) -> Finding {
        self.cells.0.push((key.to_string(), value));
        self
    }

    /// Points the finding at where a cell was printed; kept as it is when the cell was not.
    pub fn at_cell(mut self, cx: &Context, key: &str) -> Finding {
        if let Some(at) = cx.cell(key).and_then(|c| c.at) {
            self.at = Some(at);
        }
        self
    }

    /// Points the finding at the first of `keys` that was printed.
    pub fn at_first(self, cx: &Context, keys: &[String]) -> Finding {
        match keys
            .iter()
            .find(|k| cx.cell(k).and_then(|c| c.at).is_some())
        {
            Some(k) => self.at_cell(cx, k),
            None => self,
        }
    }

    pub fn at(mut self, at: Option<Span>) -> Finding {
        if at.is_some() {
            self.at = at;
        }
        self
    }

    /// Points the finding at a sentence of the text and quotes it.
    pub fn quoting(self, sentence: &Sentence) -> Finding {
        self.at(sentence.at).help(
            format!("正文：「{}」", sentence.text()),
            format!("the text: “{}”", sentence.text()),
        )
    }

    pub fn help(mut self, zh: impl Into<String>, en: impl Into<String>) -> Finding {
        self.help = Some(Text::new(zh, en));
        self
    }
}

/// Where a cell sits, named as the template prints it: `表三「（二）部分公开」行「自然人」列`,
/// in English `table 3, row “（二）部分公开”, column “自然人”`.
pub fn place(spec: &CellSpec) -> Text {
    let row = short_label(spec.row.label.text);
    let column = short_label(spec.column.label.text);
    let table = spec.table.name_en().split(" (").next().unwrap_or_default();
    Text::new(
        format!("{}「{row}」行「{column}」列", spec.table.short_zh()),
        format!("{table}, row “{row}”, column “{column}”"),
    )
}

/// A label without its parenthetical gloss: `（二）部分公开（区分处理的…）` → `（二）部分公开`.
pub fn short_label(label: &str) -> &str {
    let skip = label.char_indices().nth(3).map_or(label.len(), |(i, _)| i);
    match label[skip..].find('（') {
        Some(i) => &label[..skip + i],
        None => label,
    }
}

#[cfg(test)]
mod tests {
    use super::short_label;

    #[test]
    fn short_labels() {
        assert_eq!(
            short_label("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            "（二）部分公开"
        );
        assert_eq!(short_label("（七）总计"), "（七）总计");
        assert_eq!(short_label("本年收费金额（单位：万元）"), "本年收费金额");
    }
}
