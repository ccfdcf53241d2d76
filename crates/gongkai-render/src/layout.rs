//! The three tables laid out as the official template prints them: rows of blocks with their
//! row and column spans, headings, labels and value cells. Every writer draws from this one
//! layout, so the DOCX, the workbook, the web page and the Markdown agree cell for cell.

use gongkai_core::template::{
    Row, RowKind, Table, INFO_CONTENT, T3_APPLICANTS, T3_COLUMNS, T3_CORNER, T3_LEGAL_PERSONS,
    T4_LITIGATION,
};
use gongkai_core::{Report, TableId, Value};

/// One cell of a laid-out table.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub text: String,
    /// The cell key when the block holds a value.
    pub key: Option<String>,
    pub rowspan: usize,
    pub colspan: usize,
    /// A heading or label rather than a value.
    pub header: bool,
}

impl Block {
    fn header(text: &str, rowspan: usize, colspan: usize) -> Block {
        Block {
            text: text.to_string(),
            key: None,
            rowspan,
            colspan,
            header: true,
        }
    }

    fn value(report: &Report, key: String) -> Block {
        Block {
            text: report.value(&key).map(show).unwrap_or_default(),
            key: Some(key),
            rowspan: 1,
            colspan: 1,
            header: false,
        }
    }
}

/// A value as the template prints it: the number, or the blank marker as printed.
pub fn show(v: Value) -> String {
    v.to_string()
}

/// A table laid out: its rows of blocks, and how many grid columns it spans.
#[derive(Clone, Debug)]
pub struct Grid {
    pub table: TableId,
    pub rows: Vec<Vec<Block>>,
    pub width: usize,
}

impl Grid {
    /// How many rows at the top head every column below them: what a printed table repeats
    /// at the top of each page (table 三's three, table 四's three). Table 二 has none: each of
    /// its blocks heads its own columns, and repeating the first block's would mislabel the
    /// others.
    pub fn heading_rows(&self) -> usize {
        if self.table == TableId::T2 {
            return 0;
        }
        self.rows
            .iter()
            .take_while(|row| row.iter().all(|b| b.header))
            .count()
    }
}

/// Lays out one of the report's tables.
pub fn grid(report: &Report, id: TableId) -> Grid {
    let table = report.template().table(id);
    match id {
        TableId::T2 => table_two(report, table),
        TableId::T3 => table_three(report, table),
        TableId::T4 => table_four(report, table),
    }
}

fn key(table: &Table, row: &Row, column: &str) -> String {
    format!("{}.{}.{column}", table.id.prefix(), row.id)
}

fn values(report: &Report, table: &Table, row: &Row) -> Vec<Block> {
    row.columns
        .iter()
        .map(|c| Block::value(report, key(table, row, c.id)))
        .collect()
}

fn table_two(report: &Report, table: &Table) -> Grid {
    let width = 1 + table
        .rows
        .iter()
        .map(|r| r.columns.len())
        .max()
        .unwrap_or(1);
    let mut rows = Vec::new();
    let mut next = 0;
    for (heading, count) in table.blocks {
        let block_rows = &table.rows[next..next + count];
        next += count;
        let columns = block_rows[0].columns;
        rows.push(vec![Block::header(heading, 1, width)]);
        let mut labels = vec![Block::header(INFO_CONTENT, 1, 1)];
        for (k, c) in columns.iter().enumerate() {
            // The last column takes what is left of the width.
            let span = if k + 1 == columns.len() {
                width - columns.len()
            } else {
                1
            };
            labels.push(Block::header(c.label.text, 1, span));
        }
        rows.push(labels);
        for row in block_rows {
            let mut line = vec![Block::header(row.label.text, 1, 1)];
            let mut vals = values(report, table, row);
            if let Some(last) = vals.last_mut() {
                last.colspan = width - columns.len();
            }
            line.extend(vals);
            rows.push(line);
        }
    }
    Grid {
        table: table.id,
        rows,
        width,
    }
}

fn table_three(report: &Report, table: &Table) -> Grid {
    let mut rows = vec![
        vec![
            Block::header(T3_CORNER, 3, 3),
            Block::header(T3_APPLICANTS, 1, 7),
        ],
        vec![
            Block::header(T3_COLUMNS[0].label.text, 2, 1),
            Block::header(T3_LEGAL_PERSONS, 1, 5),
            Block::header(T3_COLUMNS[6].label.text, 2, 1),
        ],
        T3_COLUMNS[1..6]
            .iter()
            .map(|c| Block::header(c.label.text, 1, 1))
            .collect(),
    ];
    // A group is printed with its sub-rows, or as one row when the report has only that.
    let printed_alone =
        |group: &Row| {
            !table.rows.iter().any(|r| {
                r.group == Some(group.id) && report.cell(&key(table, r, "total")).is_some()
            }) && report.cell(&key(table, group, "total")).is_some()
        };
    let shown: Vec<&Row> = table
        .rows
        .iter()
        .filter(|r| match (r.kind, r.group) {
            (RowKind::Heading, _) => false,
            (RowKind::Group, _) => printed_alone(r),
            (RowKind::Data, Some(g)) => {
                let group = table.rows.iter().find(|x| x.id == g).expect("group row");
                !printed_alone(group)
            }
            (RowKind::Data, None) => true,
        })
        .collect();
    let heading = table
        .rows
        .iter()
        .find(|r| r.kind == RowKind::Heading)
        .expect("三、本年度办理结果");
    let outer = ["new", "carried_over", "carried_forward"];
    let results = shown.iter().filter(|r| !outer.contains(&r.id)).count();
    let mut first_result = true;
    for row in &shown {
        let mut line = Vec::new();
        if outer.contains(&row.id) {
            line.push(Block::header(row.label.text, 1, 3));
        } else {
            if first_result {
                line.push(Block::header(heading.label.text, results, 1));
                first_result = false;
            }
            match row.group {
                Some(g) => {
                    let subs: Vec<&&Row> = shown.iter().filter(|r| r.group == Some(g)).collect();
                    if subs[0].id == row.id {
                        let group = table.rows.iter().find(|r| r.id == g).expect("group row");
                        line.push(Block::header(group.label.text, subs.len(), 1));
                    }
                    line.push(Block::header(row.label.text, 1, 1));
                }
                None => line.push(Block::header(row.label.text, 1, 2)),
            }
        }
        line.extend(values(report, table, row));
        rows.push(line);
    }
    Grid {
        table: table.id,
        rows,
        width: 10,
    }
}

fn table_four(report: &Report, table: &Table) -> Grid {
    let [review, direct, after] = [&table.rows[0], &table.rows[1], &table.rows[2]];
    let columns = review.columns;
    let mut rows = vec![
        vec![
            Block::header(review.label.text, 1, 5),
            Block::header(T4_LITIGATION, 1, 10),
        ],
        columns
            .iter()
            .map(|c| Block::header(c.label.text, 2, 1))
            .chain([
                Block::header(direct.label.text, 1, 5),
                Block::header(after.label.text, 1, 5),
            ])
            .collect(),
        [direct, after]
            .iter()
            .flat_map(|_| columns.iter().map(|c| Block::header(c.label.text, 1, 1)))
            .collect(),
    ];
    rows.push(
        [review, direct, after]
            .iter()
            .flat_map(|r| values(report, table, r))
            .collect(),
    );
    Grid {
        table: table.id,
        rows,
        width: 15,
    }
}

/// A grid with its spans expanded: for every row, the block at each grid column (`None` where
/// a block from above or from the left covers it), so writers that place cells by position can.
pub fn placed(grid: &Grid) -> Vec<Vec<Option<&Block>>> {
    let mut out: Vec<Vec<Option<&Block>>> = Vec::new();
    let mut covered = vec![0usize; grid.width];
    for row in &grid.rows {
        let mut line: Vec<Option<&Block>> = vec![None; grid.width];
        let mut col = 0;
        for block in row {
            while col < grid.width && covered[col] > 0 {
                col += 1;
            }
            if col >= grid.width {
                break;
            }
            line[col] = Some(block);
            let end = (col + block.colspan).min(grid.width);
            covered[col..end].fill(block.rowspan);
            col += block.colspan;
        }
        for c in covered.iter_mut() {
            *c = c.saturating_sub(1);
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_core::Version;

    fn empty(v: Version) -> Report {
        let t = gongkai_core::Template::get(v);
        Report::from_cells(
            "t",
            None,
            None,
            v,
            t.required_cells().map(|c| {
                (
                    c.key.clone(),
                    Value::Number(gongkai_core::Number::parse("0").unwrap()),
                )
            }),
        )
    }

    #[test]
    fn every_row_fills_the_width() {
        for v in Version::ALL {
            let r = empty(v);
            for id in TableId::ALL {
                let g = grid(&r, id);
                let placed = placed(&g);
                // Every grid position is covered exactly once by some block.
                let mut covered = vec![vec![false; g.width]; g.rows.len()];
                for (i, row) in placed.iter().enumerate() {
                    for (j, b) in row.iter().enumerate() {
                        if let Some(b) = b {
                            for di in 0..b.rowspan {
                                for dj in 0..b.colspan {
                                    assert!(!covered[i + di][j + dj], "{v} {id:?} {i},{j}");
                                    covered[i + di][j + dj] = true;
                                }
                            }
                        }
                    }
                }
                assert!(covered.iter().flatten().all(|c| *c), "{v} {id:?}");
            }
        }
    }

    #[test]
    fn heading_rows_are_those_above_the_first_value() {
        for v in Version::ALL {
            let r = empty(v);
            let heads = |id| grid(&r, id).heading_rows();
            assert_eq!(
                [heads(TableId::T2), heads(TableId::T3), heads(TableId::T4)],
                [0, 3, 3],
                "{v}"
            );
        }
    }

    #[test]
    fn every_required_cell_is_laid_out_once() {
        for v in Version::ALL {
            let r = empty(v);
            let mut keys: Vec<String> = TableId::ALL
                .iter()
                .flat_map(|id| grid(&r, *id).rows)
                .flatten()
                .filter_map(|b| b.key)
                .collect();
            keys.sort();
            let mut want: Vec<String> = gongkai_core::Template::get(v)
                .required_cells()
                .map(|c| c.key.clone())
                .collect();
            want.sort();
            assert_eq!(keys, want, "{v}");
        }
    }
}

/// A grid position as a writer of merged cells sees it.
#[derive(Clone, Copy, Debug)]
pub enum Slot<'a> {
    /// Where a block starts.
    Start(&'a Block),
    /// Below the start of a block spanning rows: its continuation, as wide as the block.
    Below(&'a Block),
}

/// Each row's slots left to right, skipping positions a block covers from the left.
pub fn slots(grid: &Grid) -> Vec<Vec<Slot<'_>>> {
    let placed = placed(grid);
    let mut above: Vec<Option<(&Block, usize)>> = vec![None; grid.width];
    let mut out = Vec::new();
    for row in &placed {
        let mut line = Vec::new();
        let mut j = 0;
        while j < grid.width {
            if let Some(b) = row[j] {
                line.push(Slot::Start(b));
                if b.rowspan > 1 {
                    above[j] = Some((b, b.rowspan - 1));
                }
                j += b.colspan.max(1);
            } else if let Some((b, left)) = above[j] {
                line.push(Slot::Below(b));
                above[j] = (left > 1).then_some((b, left - 1));
                j += b.colspan.max(1);
            } else {
                j += 1;
            }
        }
        out.push(line);
    }
    out
}
