//! Reading a table by aligning its tokens against the template's row sequence.
//!
//! The template's rows are a grammar: labels in a known order, each followed by as many numbers
//! as the row has columns. Reading a table is aligning the stream of tokens with that sequence:
//!
//! 1. every text token is scored against every row label (and its known variants); tokens that
//!    are column headers are set aside;
//! 2. a monotone alignment (dynamic programming, as in sequence alignment) picks the labels
//!    that best follow the template's order, skipping noise and missing rows; labels printed
//!    out of order are then matched on their own when they are unmistakable;
//! 3. the numbers between one label and the next belong to the first; numbers printed before a
//!    label whose row has none after it are taken for that row; rows with too few or too many
//!    numbers are regrouped with the row's own sums (see [`crate::regroup`]).
//!
//! Every choice that is not plain goes into the notes.

use crate::confirm::Choice;
use crate::memo::Memo;
use crate::regroup::{regroup, totals_fit};
use crate::token::{Kind, Token};
use gongkai_core::normalize::{normalize, Pattern, Subject};
use gongkai_core::template::{cell_key, Row, RowKind, Table, Template, Version};
use gongkai_core::value::{parse_printed, Blank, Printed, Value};
use gongkai_core::{Cell, Certainty, Inference, Note, NoteKind, Span};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::sync::OnceLock;

/// A text token this close to a row label may be that label.
const MATCH: f32 = 0.6;
/// Out of the template's order, a label is taken only when it is this close.
const REORDERED_MATCH: f32 = 0.8;
/// A text scoring below this against every row label may be a row the template does not have.
const EXTRA_ROW_MAX_SCORE: f32 = 0.35;
/// Tokens longer than this are prose, not labels.
const MAX_LABEL_CHARS: usize = 90;

/// The cells read from one table and what was noticed reading it.
#[derive(Debug, Default)]
pub struct TableRead {
    pub cells: Vec<Cell>,
    pub notes: Vec<Note>,
    /// Runs of digits that split several ways, for the identities to choose from.
    pub choices: Vec<Choice>,
}

/// A row label found in the stream.
#[derive(Debug, Clone, Copy)]
struct Found {
    /// Index into the tokens.
    token: usize,
    /// Index into the table's rows.
    row: usize,
    reordered: bool,
}

/// A column label or header word of a table.
struct Header {
    pattern: Pattern,
    /// For a column label's known variant: the template's wording and the column.
    variant_of: Option<(&'static str, &'static str)>,
}

/// The labels of a table, prepared for matching.
struct Labels {
    /// Per row: its label and the label's known variants.
    rows: Vec<Vec<Pattern>>,
    headers: Vec<Header>,
}

impl Labels {
    /// The prepared labels of one of the registry's tables, made once per process.
    fn of(table: &'static Table) -> &'static Labels {
        static ALL: OnceLock<Vec<(usize, Labels)>> = OnceLock::new();
        let all = ALL.get_or_init(|| {
            let mut all: Vec<(usize, Labels)> = Vec::new();
            for v in Version::ALL {
                for t in Template::get(v).tables {
                    let at = t as *const Table as usize;
                    if !all.iter().any(|(a, _)| *a == at) {
                        all.push((at, Labels::new(t)));
                    }
                }
            }
            all
        });
        let at = table as *const Table as usize;
        &all.iter()
            .find(|(a, _)| *a == at)
            .expect("tables come from the registry")
            .1
    }

    fn new(table: &Table) -> Labels {
        let rows = table
            .rows
            .iter()
            .map(|r| r.label.all().map(|l| Pattern::new(&normalize(l))).collect())
            .collect();
        let plain = |text: &str| Header {
            pattern: Pattern::new(&normalize(text)),
            variant_of: None,
        };
        let mut headers: Vec<Header> = table.header_words.iter().map(|w| plain(w)).collect();
        for row in table.rows {
            for col in row.columns {
                headers.push(plain(col.label.text));
                headers.extend(col.label.aliases.iter().map(|alias| Header {
                    pattern: Pattern::new(&normalize(alias)),
                    variant_of: Some((col.label.text, col.id)),
                }));
            }
        }
        if table.single_line {
            for row in table.rows {
                headers.extend(row.label.all().map(plain));
            }
        }
        Labels { rows, headers }
    }

    /// How well `norm` reads as the row's label, exact from `floor` up; below it, 0 or the
    /// score.
    fn row_score(&self, row: usize, text: &Subject, floor: f32) -> f32 {
        self.rows[row]
            .iter()
            .map(|p| p.score_from(text, floor))
            .fold(0.0, f32::max)
    }

    /// [`row_score`](Self::row_score) against every row from [`MATCH`] up, remembered by the
    /// thread (see [`crate::memo`]).
    fn row_scores(&'static self, norm: &str) -> Rc<[f32]> {
        thread_local! {
            static MEMO: RefCell<HashMap<usize, Memo<Rc<[f32]>>>> = RefCell::new(HashMap::new());
        }
        let table = self as *const Labels as usize;
        MEMO.with(|m| {
            m.borrow_mut()
                .entry(table)
                .or_insert_with(Memo::new)
                .get(norm, || {
                    let subject = Subject::new(norm);
                    (0..self.rows.len())
                        .map(|r| self.row_score(r, &subject, MATCH))
                        .collect()
                })
        })
    }

    /// [`run_on`](Self::run_on), remembered by the thread (see [`crate::memo`]): most texts
    /// are labels met in every report.
    fn run_on_remembered(&'static self, norm: &str) -> Option<Vec<String>> {
        thread_local! {
            static MEMO: RefCell<HashMap<usize, Memo<Option<Vec<String>>>>> =
                RefCell::new(HashMap::new());
        }
        let table = self as *const Labels as usize;
        MEMO.with(|m| {
            m.borrow_mut()
                .entry(table)
                .or_insert_with(Memo::new)
                .get(norm, || self.run_on(norm))
        })
    }

    /// The pieces of a text in which two or more labels or headings run together, cut at
    /// them; `None` when it holds fewer than two.
    fn run_on(&self, norm: &str) -> Option<Vec<String>> {
        let mut found: Vec<(usize, usize)> = Vec::new();
        let texts = self
            .rows
            .iter()
            .flatten()
            .chain(self.headers.iter().map(|h| &h.pattern))
            .map(Pattern::text);
        for text in texts {
            if text.len() >= norm.len() {
                continue;
            }
            for (at, _) in norm.match_indices(text) {
                found.push((at, at + text.len()));
            }
        }
        if found.len() < 2 {
            return None;
        }
        found.sort_by_key(|&(a, b)| (std::cmp::Reverse(b - a), a));
        // The places taken, by where they start: they never overlap, so the one a new place
        // could overlap is the last to start before it ends (a text of a label printed
        // thousands of times over would take a time growing with their square to check
        // against every place taken).
        let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
        for (a, b) in found {
            if taken.range(..b).next_back().is_none_or(|(_, &y)| y <= a) {
                taken.insert(a, b);
            }
        }
        if taken.len() < 2 {
            return None;
        }
        let mut pieces = Vec::new();
        let mut at = 0;
        for (a, b) in taken {
            if a > at {
                pieces.push(norm[at..a].to_string());
            }
            pieces.push(norm[a..b].to_string());
            at = b;
        }
        if at < norm.len() {
            pieces.push(norm[at..].to_string());
        }
        Some(pieces)
    }

    /// The header this token is, if it is one exactly.
    fn header(&self, norm: &str) -> Option<&Header> {
        self.headers.iter().find(|h| h.pattern.text() == norm)
    }
}

/// Reads one table from its tokens.
pub fn read_table(table: &'static Table, tokens: &[Token]) -> TableRead {
    let labels = Labels::of(table);
    let cut = cut_at_labels(labels, tokens);
    let tokens = cut.as_deref().unwrap_or(tokens);
    let mut read = TableRead::default();
    header_variants(table, labels, tokens, &mut read);
    if table.single_line {
        read_single_line(table, tokens, &mut read);
        return read;
    }
    let found = align(table, labels, tokens);
    assign(table, labels, tokens, &found, &mut read);
    read
}

/// A text shorter than this is one label or less: it is never cut.
const MIN_RUN_ON_CHARS: usize = 6;

/// The tokens with every text in which two or more of the table's labels and headings run
/// together cut at them (a page flattened with no separators prints
/// `信息内容本年处理决定数量行政许可`); `None` when no text is cut. The longest labels are taken
/// first, so that a label holding a shorter one (`法人或其他组织` holds `其他`) stays whole.
fn cut_at_labels(labels: &'static Labels, tokens: &[Token]) -> Option<Vec<Token>> {
    let mut out: Option<Vec<Token>> = None;
    for (i, t) in tokens.iter().enumerate() {
        let pieces = if t.is_text() && t.norm.chars().count() >= MIN_RUN_ON_CHARS {
            labels.run_on_remembered(&t.norm)
        } else {
            None
        };
        match pieces {
            Some(pieces) => {
                let out = out.get_or_insert_with(|| tokens[..i].to_vec());
                // What stands between labels is a cell's value when it reads as one.
                // Each piece in its own words, not a copy of the whole text's first.
                out.extend(pieces.into_iter().map(|p| Token {
                    kind: parse_printed(&p).map_or(Kind::Text, Kind::Value),
                    raw: p.clone(),
                    norm: p,
                    span: t.span,
                    certainty: t.certainty,
                    grid: t.grid,
                }));
            }
            None => {
                if let Some(out) = out.as_mut() {
                    out.push(t.clone());
                }
            }
        }
    }
    out
}

/// Column headers printed in a known variant wording (`社会组织` for `社会公益组织`).
fn header_variants(table: &Table, labels: &Labels, tokens: &[Token], read: &mut TableRead) {
    let mut seen: Vec<&str> = Vec::new();
    for t in tokens.iter().filter(|t| t.is_text()) {
        if let Some((template, col)) = labels.header(&t.norm).and_then(|h| h.variant_of) {
            if seen.contains(&col) {
                continue;
            }
            seen.push(col);
            let keys = table
                .rows
                .iter()
                .filter(|r| r.columns.iter().any(|c| c.id == col))
                .map(|r| cell_key(table.id, r.id, col))
                .collect::<Vec<_>>();
            read.notes.push(
                Note::new(
                    NoteKind::LabelVariant,
                    format!("列名「{}」与模板的「{template}」不同", t.raw),
                    format!(
                        "column heading “{}” differs from the template's “{template}”",
                        t.raw
                    ),
                )
                .keys(keys)
                .at(Some(t.span)),
            );
        }
    }
}

/// Steps 1 and 2: which text tokens are which row labels.
fn align(table: &Table, labels: &'static Labels, tokens: &[Token]) -> Vec<Found> {
    let rows = table.rows.len();
    // Candidate labels: text tokens that are not exactly a column header.
    let mut texts: Vec<usize> = Vec::new();
    let mut scores: Vec<Rc<[f32]>> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if !t.is_text() || t.norm.chars().count() > MAX_LABEL_CHARS {
            continue;
        }
        let row_scores = labels.row_scores(&t.norm);
        if labels.header(&t.norm).is_none() || row_scores.iter().any(|&s| s >= 1.0) {
            texts.push(i);
            scores.push(row_scores);
        }
    }
    // Headings and group labels hold no numbers of their own: matching them counts for less,
    // so that the alignment never skips data rows to keep them (PDF layouts print a group's
    // label in the middle of its sub-rows).
    let weight = |r: usize, s: f32| {
        if s < MATCH {
            return None;
        }
        Some(match table.rows[r].kind {
            RowKind::Data => s,
            RowKind::Heading | RowKind::Group => s * 0.5,
        })
    };
    let n = texts.len();
    let mut dp = vec![vec![0.0f32; rows + 1]; n + 1];
    for i in 1..=n {
        for j in 1..=rows {
            let mut best = dp[i - 1][j].max(dp[i][j - 1]);
            if let Some(w) = weight(j - 1, scores[i - 1][j - 1]) {
                best = best.max(dp[i - 1][j - 1] + w);
            }
            dp[i][j] = best;
        }
    }
    let mut found = Vec::new();
    let (mut i, mut j) = (n, rows);
    while i > 0 && j > 0 {
        let here = dp[i][j];
        if let Some(w) = weight(j - 1, scores[i - 1][j - 1]) {
            if (dp[i - 1][j - 1] + w - here).abs() < 1e-6 {
                found.push(Found {
                    token: texts[i - 1],
                    row: j - 1,
                    reordered: false,
                });
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if (dp[i - 1][j] - here).abs() < 1e-6 {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    found.reverse();
    // Labels out of the template's order, taken when unmistakable.
    for (k, &t) in texts.iter().enumerate() {
        if found.iter().any(|f| f.token == t) {
            continue;
        }
        let best = (0..rows)
            .filter(|&r| !found.iter().any(|f| f.row == r))
            .map(|r| (r, scores[k][r]))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((r, s)) = best {
            if s >= REORDERED_MATCH {
                found.push(Found {
                    token: t,
                    row: r,
                    reordered: true,
                });
            }
        }
    }
    found.sort_by_key(|f| f.token);
    found
}

/// Step 3: the numbers of each row.
fn assign(
    table: &'static Table,
    labels: &Labels,
    tokens: &[Token],
    found: &[Found],
    read: &mut TableRead,
) {
    // The values and blanks after each label, up to the next label or a row the template
    // does not have.
    let segment = |k: usize| -> Vec<&Token> {
        let from = found[k].token + 1;
        let to = found.get(k + 1).map_or(tokens.len(), |f| f.token);
        let own = extra_row(table, labels, &tokens[from..to], read).map_or(to, |at| from + at);
        let cells: Vec<&Token> = tokens[from..own].iter().filter(|t| !t.is_text()).collect();
        // A grid's row that holds a cell for each of the row's columns is the row: the blank
        // cells of the rows after it (a blank form's next heading and header) are not its own.
        // A number after it is kept, for the reading to see there are more than the columns.
        let label = &tokens[found[k].token];
        let columns = table.rows[found[k].row].columns.len();
        let (on_its_line, after): (Vec<&Token>, Vec<&Token>) = cells
            .iter()
            .partition(|t| t.grid && t.span.line == label.span.line);
        if label.grid
            && columns > 0
            && on_its_line.len() >= columns
            && after.iter().all(|t| !t.is_value())
        {
            return on_its_line;
        }
        // Where a table's rows are a grid (a pipe table), a number on a line of its own among
        // them is no cell of it (a page number a conversion left in).
        if cells.iter().any(|t| t.grid) {
            cells.into_iter().filter(|t| t.grid).collect()
        } else {
            cells
        }
    };
    let segments: Vec<Vec<&Token>> = (0..found.len()).map(segment).collect();
    let hard = |seg: &[&Token]| seg.iter().filter(|t| t.is_value()).count();
    let has_subrows = |group: &Row| {
        found
            .iter()
            .any(|f| table.rows[f.row].group == Some(group.id))
    };

    let data_like = |k: usize| {
        let row = &table.rows[found[k].row];
        row.kind == RowKind::Data || (row.kind == RowKind::Group && !has_subrows(row))
    };
    let windows = order_windows(table, found, &segments, data_like);

    // Numbers waiting for a row: printed before a label, or after a group label.
    let mut carry: Vec<&Token> = Vec::new();
    let mut carry_group: Option<(usize, usize)> = None;
    // Groups printed as one row: their sub-rows are not missing, only not broken down.
    let mut aggregated: Vec<&str> = Vec::new();
    for (k, f) in found.iter().enumerate() {
        let row = &table.rows[f.row];
        let label_token = &tokens[f.token];
        let printed = printed_label(labels, tokens, found, k);
        note_label(table, row, &printed, label_token.span, f, read);
        let seg = &segments[k];
        let aggregate = row.kind == RowKind::Group && !has_subrows(row);
        match windows.get(&k) {
            Some(Ordered::Row(values)) => {
                flush_carry(table, &mut carry, &mut carry_group, read);
                push_cells(table, row, &printed.0, values, read);
                continue;
            }
            Some(Ordered::Label) => continue,
            None => {}
        }
        let own: Vec<&Token> = seg.iter().copied().filter(|t| t.is_value()).collect();
        if row.kind == RowKind::Heading || (row.kind == RowKind::Group && !aggregate) {
            flush_carry(table, &mut carry, &mut carry_group, read);
            if !own.is_empty() {
                carry = own;
                carry_group = (row.kind == RowKind::Group).then_some((f.row, f.token));
            }
            continue;
        }
        let n = row.columns.len();
        let next_is_empty = segments.get(k + 1).is_some_and(|s| hard(s) == 0)
            && found
                .get(k + 1)
                .is_some_and(|nf| table.rows[nf.row].kind == RowKind::Data);
        let values: Vec<Option<Token>>;
        if own.is_empty() && carry.len() == n {
            values = carry
                .drain(..)
                .map(|t| Some(inferred(t, Inference::Reattached)))
                .collect();
            carry_group = None;
            read.notes.push(
                Note::new(
                    NoteKind::ValuesBeforeLabel,
                    format!("「{}」的数字印在标签之前，已归入该行", label_token.raw),
                    format!(
                        "the numbers of “{}” were printed before its label and were taken for it",
                        label_token.raw
                    ),
                )
                .keys(row_keys(table, row))
                .at(Some(label_token.span)),
            );
        } else {
            flush_carry(table, &mut carry, &mut carry_group, read);
            let slot = Slot::row(table, row, label_token);
            let (fitted, surplus) = fit(&slot, seg, next_is_empty, read);
            values = fitted;
            carry = surplus;
        }
        if aggregate && table.rows.iter().any(|r| r.group == Some(row.id)) {
            aggregated.push(row.id);
            read.notes.push(
                Note::new(
                    NoteKind::GroupAggregate,
                    format!("「{}」只印了合计一行，没有模板的分项", label_token.raw),
                    format!(
                        "“{}” is printed as one row without the template's sub-rows",
                        label_token.raw
                    ),
                )
                .keys(row_keys(table, row))
                .at(Some(label_token.span)),
            );
        }
        push_cells(table, row, &printed.0, &values, read);
    }
    flush_carry(table, &mut carry, &mut carry_group, read);

    for row in table.rows.iter().filter(|r| r.kind == RowKind::Data) {
        if !found.iter().any(|f| std::ptr::eq(&table.rows[f.row], row)) {
            if row.group.is_some_and(|g| aggregated.contains(&g)) {
                continue;
            }
            read.notes.push(
                Note::new(
                    NoteKind::MissingRow,
                    format!("{}缺少「{}」一行", table.id.name_zh(), row.label.text),
                    format!(
                        "{}: the row “{}” is missing",
                        table.id.name_en(),
                        row.label.text
                    ),
                )
                .keys(row_keys(table, row)),
            );
        }
    }
}

/// What a label of a stretch read by order gets.
enum Ordered {
    /// A row's numbers, in doubt.
    Row(Vec<Option<Token>>),
    /// A heading or group label: its numbers went to the rows.
    Label,
}

/// Stretches of rows whose numbers do not pair with their labels one by one — a label with
/// none after it, another with two rows' worth, as `pdftotext -layout` prints rows whose
/// numbers stand centred beside labels wrapped over lines — but which hold exactly as many
/// numbers as their rows have cells: the numbers are given to the rows in the template's
/// order, each cell in doubt until the columns' sums confirm it. A stretch whose count does
/// not come out even is read as printed, its cells in doubt.
fn order_windows(
    table: &Table,
    found: &[Found],
    segments: &[Vec<&Token>],
    data_like: impl Fn(usize) -> bool,
) -> HashMap<usize, Ordered> {
    let mut out = HashMap::new();
    let width = |k: usize| table.rows[found[k].row].columns.len();
    // Grid rows keep empty cells as blanks: their pairing is the grid's, never a guess.
    // A grid row of empty cells only holds no numbers: a label wrapped onto a row of its own
    // (`2.申请人逾期未按收费通知` / `要求缴纳费用、…`) leaves one.
    let plain = |k: usize| {
        segments[k].iter().all(|t| t.is_value()) || !segments[k].iter().any(|t| t.is_value())
    };
    let count = |k: usize| segments[k].iter().filter(|t| t.is_value()).count();
    let regular = |k: usize| {
        if data_like(k) {
            segments[k].len() == width(k) && count(k) > 0
        } else {
            count(k) == 0
        }
    };
    let mut k = 0;
    while k < found.len() {
        if regular(k) || !plain(k) {
            k += 1;
            continue;
        }
        // An irregular label opens a stretch; it closes where the numbers come out even.
        let start = k;
        let (mut need, mut have) = (0usize, 0usize);
        let mut end = None;
        let mut j = start;
        while j < found.len() && plain(j) {
            if data_like(j) {
                need += width(j);
            }
            have += count(j);
            if need > 0 && have == need && data_like(j) {
                end = Some(j);
                break;
            }
            j += 1;
        }
        let Some(end) = end else {
            // Uneven. A row short of numbers opening it is one row read short (its cells in
            // doubt as such); a row with too many may have pushed the rows after it out of
            // place: read as printed, but the rows up to where the stretch ran are in doubt.
            if data_like(start) && count(start) < width(start) {
                k = start + 1;
                continue;
            }
            let ran = j.min(found.len());
            for (m, segment) in segments.iter().enumerate().take(ran).skip(start) {
                if data_like(m) {
                    let values: Vec<Option<Token>> = segment
                        .iter()
                        .map(|t| Some(inferred(t, Inference::Order)))
                        .take(width(m))
                        .collect();
                    if values.len() == width(m) {
                        out.insert(m, Ordered::Row(values));
                    }
                }
            }
            k = j.max(start + 1);
            continue;
        };
        let mut values =
            (start..=end).flat_map(|m| segments[m].iter().copied().filter(|t| t.is_value()));
        // The stretch's rows in the template's order, whatever order their labels were
        // printed in: the labels float, the numbers keep the order of the rows.
        let mut order: Vec<usize> = (start..=end).filter(|&m| data_like(m)).collect();
        order.sort_by_key(|&m| found[m].row);
        let rows: Vec<(usize, Vec<&Token>)> = order
            .into_iter()
            .map(|m| (m, values.by_ref().take(width(m)).collect()))
            .collect();
        // The rows around the stretch keep their own numbers: which of the stretch's numbers
        // are whose is the doubt, and a reading shifted by one gives a row its neighbour's.
        // Only rows printed as rows (each on a line of its own) can be shifted and nothing
        // else: numbers strewn one to a line by a layout may have been interleaved any way.
        let row_shaped = rows
            .iter()
            .all(|(_, r)| r.windows(2).all(|w| w[0].span.line == w[1].span.line));
        for (i, (m, row)) in rows.iter().enumerate() {
            let above = i.checked_sub(1).map(|p| rows[p].1.clone());
            let below = rows.get(i + 1).map(|r| r.1.clone());
            let cells = row
                .iter()
                .enumerate()
                .map(|(c, t)| {
                    // A cell every shifted reading agrees on (a column of zeros) is certain.
                    let same = |r: &Option<Vec<&Token>>| {
                        r.as_ref()
                            .is_none_or(|r| r.get(c).is_some_and(|o| o.raw == t.raw))
                    };
                    let mut t = inferred(t, Inference::Order);
                    if row_shaped && same(&above) && same(&below) {
                        t.certainty = Certainty::Confirmed(Inference::Order);
                    }
                    Some(t)
                })
                .collect();
            out.insert(*m, Ordered::Row(cells));
        }
        for m in (start..=end).filter(|&m| !data_like(m)) {
            out.insert(m, Ordered::Label);
        }
        k = end + 1;
    }
    out
}

/// A row the template does not have, inside the tokens between two labels: a label-like text
/// after a whole row of numbers and followed by a whole row of its own. Its position in
/// `tokens`, noted. Anything less clear-cut (a wrapped label, numbers printed before labels)
/// is left to the regrouping.
fn extra_row(
    table: &Table,
    labels: &Labels,
    tokens: &[Token],
    read: &mut TableRead,
) -> Option<usize> {
    let columns = table.rows.iter().map(|r| r.columns.len()).max()?;
    let at = tokens.iter().position(|t| {
        t.is_text()
            && t.norm.chars().filter(|c| !c.is_ascii()).count() >= 2
            && t.norm.chars().count() <= MAX_LABEL_CHARS
            && labels.header(&t.norm).is_none()
            // Nothing like a row of the template: a label cut short is not an extra row.
            && {
                let subject = Subject::new(&t.norm);
                (0..table.rows.len())
                    .all(|r| labels.row_score(r, &subject, EXTRA_ROW_MAX_SCORE) < EXTRA_ROW_MAX_SCORE)
            }
    })?;
    let values = |ts: &[Token]| ts.iter().filter(|t| !t.is_text()).count();
    let after = &tokens[at + 1..];
    let row_len = after.iter().take_while(|t| !t.is_text()).count();
    if values(&tokens[..at]) != columns || row_len != columns {
        return None;
    }
    let label = &tokens[at];
    let numbers: Vec<&Token> = after[..row_len].iter().collect();
    read.notes.push(
        Note::new(
            NoteKind::ExtraRow,
            format!(
                "{}多出模板没有的一行「{}」（{}），未读取",
                table.id.name_zh(),
                label.raw,
                raw_list(&numbers)
            ),
            format!(
                "{}: a row the template does not have, “{}” ({}), was left out",
                table.id.name_en(),
                label.raw,
                raw_list(&numbers)
            ),
        )
        .at(Some(label.span)),
    );
    Some(at)
}

/// Numbers left waiting: a group's aggregate when its sub-rows had their own, else extras.
fn flush_carry(
    table: &'static Table,
    carry: &mut Vec<&Token>,
    carry_group: &mut Option<(usize, usize)>,
    read: &mut TableRead,
) {
    if carry.is_empty() {
        *carry_group = None;
        return;
    }
    if let Some((r, _)) = carry_group.take() {
        let row = &table.rows[r];
        if carry.len() == row.columns.len() {
            let values: Vec<Option<Token>> = carry
                .drain(..)
                .map(|t| Some(inferred(t, Inference::Reattached)))
                .collect();
            push_cells(table, row, row.label.text, &values, read);
            return;
        }
    }
    let first = carry[0];
    read.notes.push(
        Note::new(
            NoteKind::ExtraValues,
            format!(
                "{}有{}个数字不属于任何一行，未读取：{}",
                table.id.name_zh(),
                carry.len(),
                raw_list(carry)
            ),
            format!(
                "{}: {} numbers belong to no row and were left out: {}",
                table.id.name_en(),
                carry.len(),
                raw_list(carry)
            ),
        )
        .at(Some(first.span)),
    );
    carry.clear();
}

fn raw_list(tokens: &[&Token]) -> String {
    tokens
        .iter()
        .map(|t| t.raw.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a run of numbers is read for: one row, or the whole line of table 四.
struct Slot {
    /// How the slot is named in notes (`「（七）总计」一行`, `表四（…）`).
    zh: String,
    en: String,
    /// How many numbers it holds.
    n: usize,
    /// Groups of this many numbers end with their total (总计), when they do.
    total_width: Option<usize>,
    keys: Vec<String>,
    at: Span,
}

impl Slot {
    fn row(table: &Table, row: &Row, label: &Token) -> Slot {
        let n = row.columns.len();
        Slot {
            zh: format!("「{}」一行", label.raw),
            en: format!("the row “{}”", label.raw),
            n,
            total_width: row
                .columns
                .last()
                .is_some_and(|c| c.id == "total")
                .then_some(n),
            keys: row_keys(table, row),
            at: label.span,
        }
    }
}

/// A slot's numbers from its segment: exact, with blanks, regrouped, or short.
/// Returns the values and the numbers left over for a following row.
fn fit<'t>(
    slot: &Slot,
    seg: &[&'t Token],
    next_is_empty: bool,
    read: &mut TableRead,
) -> (Vec<Option<Token>>, Vec<&'t Token>) {
    let n = slot.n;
    let own: Vec<&Token> = seg.iter().copied().filter(|t| t.is_value()).collect();
    if own.len() == n {
        if wrapped_across_lines(&own) {
            // Columns of text whose numbers wrapped (`1783` printed as `178` above the label
            // and `3` below it): the count fits by chance, not by reading.
            let values = own
                .iter()
                .map(|t| Some(inferred(t, Inference::Reattached)))
                .collect();
            return (values, Vec::new());
        }
        return (owned(&own), Vec::new());
    }
    if own.len() > n && next_is_empty && own.len() - n <= n {
        // The extra numbers are the next row's, printed before its label.
        let surplus = own[n..].to_vec();
        return (owned(&own[..n]), surplus);
    }
    // Blanks inside the run of the slot's cells stand for empty cells.
    let first = seg.iter().position(|t| t.is_value());
    let last = seg.iter().rposition(|t| t.is_value());
    if let (Some(a), Some(b)) = (first, last) {
        if own.len() < n && b + 1 - a == n {
            return (owned(&seg[a..=b]), Vec::new());
        }
    }
    // A grid row (a workbook's, a table's) with empty cells: its last `n` cells are the
    // slot's, empty ones included, in place.
    if own.len() < n && seg.len() >= n && seg.iter().any(|t| !t.is_value()) {
        return (owned(&seg[seg.len() - n..]), Vec::new());
    }
    let raws: Vec<&str> = own.iter().map(|t| t.raw.as_str()).collect();
    let fits = |v: &[i64]| slot.total_width.is_none_or(|w| totals_fit(w)(v));
    if let Some(read_as) = regroup(&raws, n, fits).filter(|_| !own.is_empty()) {
        let pieces = &read_as.pieces;
        let shown = pieces.join(" | ");
        let ways = read_as.alternatives.len();
        let (zh, en) = if read_as.certain {
            (
                format!("读作 {shown}（只有这一种读法）"),
                format!("read as {shown} (the only reading)"),
            )
        } else if ways > 1 {
            (
                format!("有 {ways} 种读法合乎本行（如 {shown}），由表格的其他勾稽关系选定；选不定的数字见 R101"),
                format!("{ways} readings fit the row (such as {shown}); the table's other identities choose, and R101 names the numbers they cannot"),
            )
        } else {
            (
                format!("读作 {shown}，但本行合计对不上，未能确定"),
                format!("read as {shown}, but the row's total does not fit: not certain"),
            )
        };
        read.notes.push(
            Note::new(
                NoteKind::DigitsRegrouped,
                format!(
                    "{}印出 {} 个数字（{}），{zh}",
                    slot.zh,
                    own.len(),
                    raws.join(" ")
                ),
                format!(
                    "{} printed {} numbers ({}); {en}",
                    slot.en,
                    own.len(),
                    raws.join(" ")
                ),
            )
            .keys(slot.keys.clone())
            .at(Some(own[0].span)),
        );
        if read_as.alternatives.len() > 1 {
            read.choices.push(Choice {
                keys: slot.keys.clone(),
                readings: read_as.alternatives.clone(),
            });
        }
        let certainty = own
            .iter()
            .map(|t| t.certainty)
            .find(|c| !c.is_exact())
            .unwrap_or(if read_as.certain {
                Certainty::Confirmed(Inference::Split)
            } else {
                Certainty::Uncertain(Inference::Split)
            });
        return (regrouped_tokens(&own, pieces, certainty), Vec::new());
    }
    let kind = if own.len() > n {
        NoteKind::ExtraValues
    } else {
        NoteKind::MissingValues
    };
    read.notes.push(
        Note::new(
            kind,
            format!(
                "{}应有 {} 个数字，印出 {} 个（{}）",
                slot.zh,
                n,
                own.len(),
                raws.join(" ")
            ),
            format!(
                "{} should hold {} numbers but {} were printed ({})",
                slot.en,
                n,
                own.len(),
                raws.join(" ")
            ),
        )
        .keys(slot.keys.clone())
        .at(Some(slot.at)),
    );
    // Which number is whose is not known: every cell of the slot is in doubt.
    let mut values: Vec<Option<Token>> = own[..own.len().min(n)]
        .iter()
        .map(|t| Some(inferred(t, Inference::Count)))
        .collect();
    values.resize(n, None);
    (values, Vec::new())
}

/// A copy of the token, marked with what was inferred to place it (a mark it already carries,
/// such as its position on a page, is kept).
fn inferred(t: &Token, how: Inference) -> Token {
    Token {
        certainty: match t.certainty {
            Certainty::Exact => Certainty::Uncertain(how),
            other => other,
        },
        ..t.clone()
    }
}

/// Whether a row's numbers, in free text, stand on several lines of which one holds more than
/// one of them: a layout whose columns wrapped, not one cell per line as Word's text export
/// prints it.
fn wrapped_across_lines(values: &[&Token]) -> bool {
    !values.iter().any(|t| t.grid) && spread_over_lines(values)
}

/// Whether numbers stand on several lines of which one holds more than one of them.
fn spread_over_lines(values: &[&Token]) -> bool {
    let mut lines: Vec<u32> = values.iter().map(|t| t.span.line).collect();
    lines.dedup();
    lines.len() > 1 && lines.len() < values.len()
}

fn owned(tokens: &[&Token]) -> Vec<Option<Token>> {
    tokens.iter().map(|t| Some((*t).clone())).collect()
}

/// Tokens for regrouped pieces, each with the part of the printed span it came from.
fn regrouped_tokens(own: &[&Token], pieces: &[String], certainty: Certainty) -> Vec<Option<Token>> {
    let mut out = Vec::with_capacity(pieces.len());
    let mut tok = 0;
    let mut offset = 0usize;
    for p in pieces {
        let t = own[tok.min(own.len() - 1)];
        let len = p.len();
        let span = Span {
            column: t.span.column + offset as u32,
            end_column: t.span.column + (offset + len).min(t.raw.chars().count()) as u32,
            ..t.span
        };
        let printed = parse_printed(p).expect("pieces are digits");
        out.push(Some(Token {
            raw: p.clone(),
            norm: p.clone(),
            kind: Kind::Value(printed),
            span,
            certainty,
            grid: t.grid,
        }));
        offset += len;
        // Step over the tokens this piece used up (joined digits span several).
        while tok < own.len() && offset >= own[tok].raw.len() {
            offset -= own[tok].raw.len();
            tok += 1;
        }
    }
    out
}

fn push_cells(
    table: &'static Table,
    row: &Row,
    label: &str,
    values: &[Option<Token>],
    read: &mut TableRead,
) {
    for (col, v) in row.columns.iter().zip(values) {
        let (printed, raw, at) = match v {
            Some(t) => match &t.kind {
                Kind::Value(p) => (*p, t.raw.clone(), Some(t.span)),
                _ => (empty(), String::new(), Some(t.span)),
            },
            None => (empty(), String::new(), None),
        };
        // Inferred cells start in doubt; the identities of the table may confirm them.
        let certainty = match v {
            Some(t) => t.certainty,
            None => Certainty::Uncertain(Inference::Count),
        };
        read.cells.push(Cell {
            key: cell_key(table.id, row.id, col.id),
            printed,
            raw,
            label: label.to_string(),
            at,
            certainty,
        });
    }
}

fn empty() -> Printed {
    Printed {
        value: Value::Blank(Blank::Empty),
        unit: None,
    }
}

fn row_keys(table: &Table, row: &Row) -> Vec<String> {
    row.columns
        .iter()
        .map(|c| cell_key(table.id, row.id, c.id))
        .collect()
}

/// The label of a found row as printed: the matched token joined with the fragments of a
/// label wrapped over lines (`2.没有现成信` / `息需要另行制作`) when joining brings it closer to
/// the template's wording.
fn printed_label(labels: &Labels, tokens: &[Token], found: &[Found], k: usize) -> (String, String) {
    let f = found[k];
    let joinable = |i: usize| {
        tokens[i].is_text()
            && labels.header(&tokens[i].norm).is_none()
            && !found.iter().any(|g| g.token == i)
    };
    let (mut first, mut last) = (f.token, f.token);
    let join = |a: usize, b: usize| -> (String, String) {
        let raw: String = tokens[a..=b].iter().map(|t| t.raw.as_str()).collect();
        let norm: String = tokens[a..=b].iter().map(|t| t.norm.as_str()).collect();
        (raw, norm)
    };
    let mut best = labels.row_score(f.row, &Subject::new(&tokens[f.token].norm), MATCH);
    for _ in 0..2 {
        if first > 0 && joinable(first - 1) {
            let s = labels.row_score(f.row, &Subject::new(&join(first - 1, last).1), MATCH);
            if s > best {
                best = s;
                first -= 1;
            }
        }
        if last + 1 < tokens.len() && joinable(last + 1) {
            let s = labels.row_score(f.row, &Subject::new(&join(first, last + 1).1), MATCH);
            if s > best {
                best = s;
                last += 1;
            }
        }
    }
    join(first, last)
}

/// Notes on how a label was matched: worded differently from the template (an alias, a typo),
/// or out of order. A label followed by a note in brackets, or cut short, is the template's.
fn note_label(
    table: &Table,
    row: &Row,
    printed: &(String, String),
    at: Span,
    f: &Found,
    read: &mut TableRead,
) {
    let template = normalize(row.label.text);
    let (raw, norm) = printed;
    let own =
        *norm == template || norm.starts_with(&template) || template.starts_with(norm.as_str());
    if !own && row.kind == RowKind::Data {
        read.notes.push(
            Note::new(
                NoteKind::LabelVariant,
                format!("行名「{raw}」与模板的「{}」不同", row.label.text),
                format!(
                    "row label “{raw}” differs from the template's “{}”",
                    row.label.text
                ),
            )
            .keys(row_keys(table, row))
            .at(Some(at)),
        );
    }
    if f.reordered && row.kind == RowKind::Data {
        read.notes.push(
            Note::new(
                NoteKind::Reordered,
                format!("「{raw}」不在模板的位置上"),
                format!("“{raw}” is out of the template's order"),
            )
            .keys(row_keys(table, row))
            .at(Some(at)),
        );
    }
}

/// Table 四: one line of numbers under a two-level header, read in sequence.
fn read_single_line(table: &'static Table, tokens: &[Token], read: &mut TableRead) {
    let n: usize = table.rows.iter().map(|r| r.columns.len()).sum();
    let seg: Vec<&Token> = tokens.iter().filter(|t| !t.is_text()).collect();
    if !seg.iter().any(|t| t.is_value()) {
        for row in table.rows {
            read.notes.push(
                Note::new(
                    NoteKind::MissingRow,
                    format!("{}缺少「{}」的数字", table.id.name_zh(), row.label.text),
                    format!(
                        "{}: the numbers of “{}” are missing",
                        table.id.name_en(),
                        row.label.text
                    ),
                )
                .keys(row_keys(table, row)),
            );
        }
        return;
    }
    let slot = Slot {
        zh: table.id.name_zh().to_string(),
        en: table.id.name_en().to_string(),
        n,
        total_width: Some(n / table.rows.len().max(1)),
        keys: table.rows.iter().flat_map(|r| row_keys(table, r)).collect(),
        at: seg[0].span,
    };
    let (mut values, _) = fit(&slot, &seg, false, read);
    // Table 四's one row of numbers printed over several lines that each hold more than one
    // (a grid cut by a page break, a browser's print): which line continues which is a guess.
    let numbers: Vec<&Token> = seg.iter().copied().filter(|t| t.is_value()).collect();
    if spread_over_lines(&numbers) {
        for t in values.iter_mut().flatten() {
            *t = inferred(t, Inference::Reattached);
        }
    }
    let mut at = 0;
    for row in table.rows {
        let k = row.columns.len();
        push_cells(table, row, row.label.text, &values[at..at + k], read);
        at += k;
    }
}

#[cfg(test)]
mod tests {
    use crate::read_text;
    use gongkai_core::{NoteKind, Report, Value, Version};

    const T3_ROWS: &str = "一、本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3
二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0
（一）予以公开\t2\t0\t0\t0\t0\t0\t2
（二）部分公开\t0\t0\t0\t0\t0\t0\t0
1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0
2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0
3.危及“三安全一稳定”\t0\t0\t0\t0\t0\t0\t0
4.保护第三方合法权益\t0\t0\t0\t0\t0\t0\t0
5.属于三类内部事务信息\t0\t0\t0\t0\t0\t0\t0
6.属于四类过程性信息\t0\t0\t0\t0\t0\t0\t0
7.属于行政执法案卷\t0\t0\t0\t0\t0\t0\t0
8.属于行政查询事项\t0\t0\t0\t0\t0\t0\t0
1.本机关不掌握相关政府信息\t1\t0\t0\t0\t0\t0\t1
2.没有现成信息需要另行制作\t0\t0\t0\t0\t0\t0\t0
3.补正后申请内容仍不明确\t0\t0\t0\t0\t0\t0\t0
1.信访举报投诉类申请\t0\t0\t0\t0\t0\t0\t0
2.重复申请\t0\t0\t0\t0\t0\t0\t0
3.要求提供公开出版物\t0\t0\t0\t0\t0\t0\t0
4.无正当理由大量反复申请\t0\t0\t0\t0\t0\t0\t0
5.要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t0\t0
";

    fn report(t2: &str, t3_rest: &str) -> Report {
        let text = format!(
            "某县某局2020年度政府信息公开工作年度报告\n一、总体情况\n二、主动公开政府信息情况\n{t2}\n\
             三、收到和处理政府信息公开申请情况\n{T3_ROWS}{t3_rest}\n\
             四、政府信息公开行政复议、行政诉讼情况\n0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
        );
        read_text("t.txt", &text, "UTF-8").unwrap()
    }

    fn int(r: &Report, key: &str) -> Option<i64> {
        r.value(key)
            .and_then(Value::number)
            .and_then(|n| n.as_int())
    }

    const T3_TAIL_2019: &str = "（六）其他处理\t0\t0\t0\t0\t0\t0\t0\n（七）总计\t3\t0\t0\t0\t0\t0\t3\n四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0\n";

    #[test]
    fn trial_format_of_2019() {
        let t2 = "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t7\n规范性文件\t77\t77\t166\n\
                  信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可\t396\t442\t278\n其他对外管理服务事项\t10\t7\t105\n\
                  行政处罚\t2648\t-18\t538\n行政强制\t126\t26\t29\n信息内容\t上一年项目数量\t本年增/减\n行政事业性收费\t35\t-15\n\
                  信息内容\t采购项目数量\t采购总金额\n政府集中采购\t395\t73802895.90 元";
        let r = report(t2, T3_TAIL_2019);
        assert_eq!(r.template, Version::V2019);
        assert_eq!(int(&r, "t2.penalty.delta"), Some(-18));
        assert_eq!(int(&r, "t2.fees.delta"), Some(-15));
        assert_eq!(int(&r, "t2.other_services.decisions"), Some(105));
        let amount = r.cell("t2.procurement.amount").unwrap();
        assert_eq!(
            amount.printed.value.number().unwrap().to_string(),
            "73802895.90"
        );
        assert_eq!(amount.printed.unit, Some(gongkai_core::Unit::Yuan));
        assert_eq!(int(&r, "t3.other.total"), Some(0));
        assert_eq!(int(&r, "t3.results_total.total"), Some(3));
        let table_notes: Vec<_> = r
            .notes
            .iter()
            .filter(|n| n.kind != NoteKind::MissingSection)
            .collect();
        assert!(table_notes.is_empty(), "{table_notes:?}");
    }

    #[test]
    fn labels_out_of_order_and_missing_numbers() {
        let tail = "（七）总计\t3\t0\t0\t0\t0\t0\t3\n（六）其他处理\t0\t0\t0\t0\t0\t0\t0\n四、结转下年度继续办理\t0\t0\t0\n";
        let r = report("规章\t0\t0\t0", tail);
        assert_eq!(int(&r, "t3.other.total"), Some(0));
        assert_eq!(int(&r, "t3.results_total.natural"), Some(3));
        let kinds: Vec<NoteKind> = r.notes.iter().map(|n| n.kind).collect();
        assert!(kinds.contains(&NoteKind::Reordered), "{kinds:?}");
        assert!(kinds.contains(&NoteKind::MissingValues), "{kinds:?}");
        // Three numbers for seven columns: the rest are blank, never invented.
        assert_eq!(
            r.value("t3.carried_forward.total"),
            Some(Value::Blank(gongkai_core::Blank::Empty))
        );
        assert!(
            r.cell("t2.normative.issued").is_none(),
            "a row not printed is absent"
        );
        assert!(kinds.contains(&NoteKind::MissingRow));
    }

    #[test]
    fn run_together_digits_are_split_by_the_row_total() {
        let tail = "（六）其他处理\t0\t0\t0\t0\t0\t0\t0\n（七）总计\t30\t0\t0\t0\t0\t3\n四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0\n";
        let r = report("规章\t0\t0\t0", tail);
        assert_eq!(int(&r, "t3.results_total.natural"), Some(3));
        assert_eq!(int(&r, "t3.results_total.business"), Some(0));
        assert_eq!(int(&r, "t3.results_total.total"), Some(3));
        let note = r
            .notes
            .iter()
            .find(|n| n.kind == NoteKind::DigitsRegrouped)
            .unwrap();
        assert!(
            note.message.zh.contains("3 | 0 | 0 | 0 | 0 | 0 | 3"),
            "{}",
            note.message.zh
        );
    }

    #[test]
    fn blank_markers_are_null_cells() {
        let r = report("规章\t/\t—\t0", T3_TAIL_2019);
        assert_eq!(
            r.value("t2.regulation.made"),
            Some(Value::Blank(gongkai_core::Blank::Slash))
        );
        assert_eq!(
            r.value("t2.regulation.published"),
            Some(Value::Blank(gongkai_core::Blank::Dash))
        );
        assert_eq!(r.cell("t2.regulation.made").unwrap().raw, "/");
    }

    #[test]
    fn a_row_the_template_lacks_is_noted_and_left_out() {
        let r = report(
            "规章\t1\t0\t5",
            "（七）总计\t1\t0\t0\t0\t0\t0\t1\n按时办结数量\t9\t0\t0\t0\t0\t0\t9\n\
             四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0",
        );
        let extra = r
            .notes
            .iter()
            .find(|n| n.kind == NoteKind::ExtraRow)
            .expect("a note");
        assert!(
            extra.message.zh.contains("按时办结数量"),
            "{}",
            extra.message.zh
        );
        assert_eq!(int(&r, "t3.results_total.total"), Some(1));
        assert_eq!(int(&r, "t3.carried_forward.total"), Some(0));
        assert!(!r.notes.iter().any(|n| n.kind == NoteKind::ExtraValues));
    }
}
