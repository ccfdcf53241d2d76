//! Tables from their rulings. Word, WPS, LibreOffice and browsers draw every border of a table
//! cell, as stroked lines or as thin filled rectangles; those strokes, not where the text
//! stands, tell a PDF table's cells apart. A page's painted paths become rulings (horizontal
//! and vertical segments), nearly equal positions are snapped together and collinear pieces
//! joined; rulings that meet make a table, whose distinct ruling positions cut it into a grid
//! of elementary cells. Neighbouring elementary cells with no ruling between them are one
//! merged cell, as pdfplumber and camelot's lattice mode read them.
//!
//! Coordinates are points from the page's top-left corner, y growing downwards.

use pdf_oxide::elements::PathOperation;

/// A filled shape or a stroked path thinner than this (points) is a line.
const THIN: f32 = 2.0;
/// Rulings whose positions differ by no more than this are one ruling.
const SNAP: f32 = 1.5;
/// Collinear rulings with no more than this between them are one ruling.
const JOIN: f32 = 2.0;
/// A ruling meets another that it comes this close to.
const MEET: f32 = 2.0;
/// A grid of more elementary cells than this is no report's table (and would cost too much).
const MAX_CELLS: usize = 40_000;
/// Meeting tests a page may cost before its rulings are given up on: pages of hatching.
const MAX_CHECKS: usize = 4_000_000;
/// Coordinates beyond this are damage, not a page.
const FAR: f32 = 1.0e6;

/// A horizontal or vertical segment drawn on the page: at `at` (y for a horizontal one, x for
/// a vertical one), from `from` to `to` along it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ruling {
    pub horizontal: bool,
    pub at: f32,
    pub from: f32,
    pub to: f32,
}

impl Ruling {
    /// The segment between two points, when it is horizontal or vertical.
    fn between((x0, y0): (f32, f32), (x1, y1): (f32, f32)) -> Option<Ruling> {
        let (dx, dy) = ((x1 - x0).abs(), (y1 - y0).abs());
        if dy <= 0.5 && dx > 0.5 {
            Some(Ruling {
                horizontal: true,
                at: (y0 + y1) / 2.0,
                from: x0.min(x1),
                to: x0.max(x1),
            })
        } else if dx <= 0.5 && dy > 0.5 {
            Some(Ruling {
                horizontal: false,
                at: (x0 + x1) / 2.0,
                from: y0.min(y1),
                to: y0.max(y1),
            })
        } else {
            None
        }
    }

    fn len(&self) -> f32 {
        self.to - self.from
    }
}

/// How a path is painted: stroked (with a line this wide), filled, or both. Strokes and fills
/// in white draw nothing one can see and are left out by the caller.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub stroked: bool,
    pub filled: bool,
    pub width: f32,
}

/// Adds the rulings a painted path draws. `height` is the page's: PDF user space counts y from
/// the bottom.
pub fn rulings(ops: &[PathOperation], paint: Paint, height: f32, out: &mut Vec<Ruling>) {
    if !paint.stroked && !paint.filled {
        return;
    }
    let flip = |x: f32, y: f32| (x, height - y);
    let mut points: Vec<(f32, f32)> = Vec::new();
    for op in ops {
        match *op {
            PathOperation::MoveTo(x, y) => {
                subpath(&points, false, paint, out);
                points.clear();
                points.push(flip(x, y));
            }
            PathOperation::LineTo(x, y) => points.push(flip(x, y)),
            PathOperation::CurveTo(.., x, y) => {
                // A curve is no ruling: what was drawn straight before it still is.
                subpath(
                    &points,
                    false,
                    Paint {
                        filled: false,
                        ..paint
                    },
                    out,
                );
                points.clear();
                points.push(flip(x, y));
            }
            PathOperation::Rectangle(x, y, w, h) => {
                subpath(&points, false, paint, out);
                points.clear();
                let (a, b) = (flip(x, y), flip(x + w, y + h));
                let corners = [a, (b.0, a.1), b, (a.0, b.1)];
                subpath(&corners, true, paint, out);
            }
            PathOperation::ClosePath => {
                subpath(&points, true, paint, out);
                let start = points.first().copied();
                points.clear();
                points.extend(start);
            }
        }
    }
    subpath(&points, false, paint, out);
}

/// The rulings of one subpath: a thin one (a line, or a rectangle a border's width across) is
/// one ruling along its middle; any other gives its straight horizontal and vertical edges
/// (the borders of a shaded cell).
fn subpath(points: &[(f32, f32)], closed: bool, paint: Paint, out: &mut Vec<Ruling>) {
    if points.len() < 2
        || points
            .iter()
            .any(|&(x, y)| !(x.abs() < FAR && y.abs() < FAR))
    {
        return;
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for &(x, y) in points {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    let (w, h) = (x1 - x0, y1 - y0);
    if w < THIN && h < THIN {
        // A dot, or a short segment stroked wider than it is long: a bar across it.
        if paint.stroked && paint.width >= THIN && points.len() == 2 {
            let (mx, my, half) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0, paint.width / 2.0);
            let across = if w >= h {
                ((mx, my - half), (mx, my + half))
            } else {
                ((mx - half, my), (mx + half, my))
            };
            out.extend(Ruling::between(across.0, across.1));
        }
        return;
    }
    if w < THIN {
        let x = (x0 + x1) / 2.0;
        out.extend(Ruling::between((x, y0), (x, y1)));
        return;
    }
    if h < THIN {
        let y = (y0 + y1) / 2.0;
        out.extend(Ruling::between((x0, y), (x1, y)));
        return;
    }
    // A fill closes its subpath.
    let closing = (closed || paint.filled).then(|| (points[points.len() - 1], points[0]));
    for (a, b) in points.windows(2).map(|w| (w[0], w[1])).chain(closing) {
        out.extend(Ruling::between(a, b));
    }
}

/// A table: its ruling positions cut it into rows × columns of elementary cells, grouped
/// into cells where no ruling parts them.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The x of every vertical ruling, left to right: `columns() + 1` of them.
    xs: Vec<f32>,
    /// The y of every horizontal ruling, top to bottom: `rows() + 1` of them.
    ys: Vec<f32>,
    /// The cell each elementary cell belongs to, row by row.
    owner: Vec<u32>,
    /// Each cell's rows and columns: first row, first column, last row, last column.
    extents: Vec<[u32; 4]>,
}

impl Grid {
    pub fn rows(&self) -> usize {
        self.ys.len() - 1
    }

    pub fn columns(&self) -> usize {
        self.xs.len() - 1
    }

    /// The number of cells, merged ones counted once.
    pub fn cells(&self) -> usize {
        self.extents.len()
    }

    /// The x of the left side of `column` (of the right side of the last one at `columns()`).
    pub fn x(&self, column: usize) -> f32 {
        self.xs[column]
    }

    /// The y of the top of `row` (of the bottom of the last one at `rows()`).
    pub fn y(&self, row: usize) -> f32 {
        self.ys[row]
    }

    /// The area the grid covers: left, top, right, bottom.
    pub fn area(&self) -> (f32, f32, f32, f32) {
        (
            self.xs[0],
            self.ys[0],
            self.xs[self.columns()],
            self.ys[self.rows()],
        )
    }

    pub fn contains(&self, x: f32, y: f32) -> bool {
        let (l, t, r, b) = self.area();
        (l..=r).contains(&x) && (t..=b).contains(&y)
    }

    /// The elementary row holding `y`, when it is inside the grid.
    pub fn row_at(&self, y: f32) -> Option<usize> {
        slot(&self.ys, y)
    }

    /// The elementary column holding `x`, when it is inside the grid.
    pub fn column_at(&self, x: f32) -> Option<usize> {
        slot(&self.xs, x)
    }

    /// The cell of elementary cell (`row`, `column`).
    pub fn cell(&self, row: usize, column: usize) -> usize {
        self.owner[row * self.columns() + column] as usize
    }

    /// The rows and columns `cell` covers: first row, first column, last row, last column.
    pub fn extent(&self, cell: usize) -> [usize; 4] {
        self.extents[cell].map(|v| v as usize)
    }
}

/// The index `i` with `edges[i] <= v <= edges[i + 1]`.
fn slot(edges: &[f32], v: f32) -> Option<usize> {
    let last = edges.len().checked_sub(2)?;
    if !(edges[0] <= v && v <= edges[last + 1]) {
        return None;
    }
    Some(
        edges
            .partition_point(|&e| e <= v)
            .saturating_sub(1)
            .min(last),
    )
}

/// The tables the rulings of a page draw, in no particular order. Rulings that meet no others
/// (an underline, a rule under a heading) and shapes of one column (a box around a paragraph, a
/// page border) make none; a table's last row run on to a page of its own is one.
pub fn grids(rulings: &[Ruling]) -> Vec<Grid> {
    let (h, v): (Vec<Ruling>, Vec<Ruling>) = rulings
        .iter()
        .filter(|r| r.at.is_finite() && r.from.is_finite() && r.to.is_finite())
        .partition(|r| r.horizontal);
    let (h, v) = (merge(h), merge(v));
    // Rulings that meet are one table: union-find over the horizontal ones, then the vertical.
    let mut parent: Vec<usize> = (0..h.len() + v.len()).collect();
    let mut checks = 0usize;
    for (i, a) in h.iter().enumerate() {
        let first = v.partition_point(|b| b.at < a.from - MEET);
        for (k, b) in v[first..].iter().enumerate() {
            if b.at > a.to + MEET {
                break;
            }
            checks += 1;
            if checks > MAX_CHECKS {
                return Vec::new();
            }
            if b.from - MEET <= a.at && a.at <= b.to + MEET {
                union(&mut parent, i, h.len() + first + k);
            }
        }
    }
    let mut groups: Vec<(usize, Vec<Ruling>, Vec<Ruling>)> = Vec::new();
    let mut group_of = vec![usize::MAX; parent.len()];
    for i in 0..parent.len() {
        let root = find(&mut parent, i);
        if group_of[root] == usize::MAX {
            group_of[root] = groups.len();
            groups.push((root, Vec::new(), Vec::new()));
        }
        let g = &mut groups[group_of[root]];
        if i < h.len() {
            g.1.push(h[i]);
        } else {
            g.2.push(v[i - h.len()]);
        }
    }
    groups
        .into_iter()
        .filter_map(|(_, h, v)| grid(&h, &v))
        .collect()
}

/// Rulings of one direction with their positions snapped together (runs of positions no more
/// than [`SNAP`] apart take their length-weighted mean) and collinear ones joined; sorted by
/// position, then start.
fn merge(mut rulings: Vec<Ruling>) -> Vec<Ruling> {
    rulings.sort_by(|a, b| a.at.total_cmp(&b.at));
    let mut out = Vec::with_capacity(rulings.len());
    let mut i = 0;
    while i < rulings.len() {
        let mut j = i + 1;
        while j < rulings.len() && rulings[j].at - rulings[j - 1].at <= SNAP {
            j += 1;
        }
        let run = &mut rulings[i..j];
        let weight: f32 = run.iter().map(|r| r.len() + 0.1).sum();
        let at = run.iter().map(|r| r.at * (r.len() + 0.1)).sum::<f32>() / weight;
        run.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut current: Option<Ruling> = None;
        for r in run.iter() {
            match &mut current {
                Some(c) if r.from <= c.to + JOIN => c.to = c.to.max(r.to),
                _ => {
                    out.extend(current.take());
                    current = Some(Ruling { at, ..*r });
                }
            }
        }
        out.extend(current);
        i = j;
    }
    out
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (a, b) = (find(parent, a), find(parent, b));
    if a != b {
        parent[a.max(b)] = a.min(b);
    }
}

/// The grid of one table's rulings (each direction sorted by position): none when they do not
/// make two columns and a row.
fn grid(h: &[Ruling], v: &[Ruling]) -> Option<Grid> {
    let mut xs: Vec<f32> = v.iter().map(|r| r.at).collect();
    let mut ys: Vec<f32> = h.iter().map(|r| r.at).collect();
    xs.dedup();
    ys.dedup();
    let (columns, rows) = (xs.len(), ys.len());
    extend(&mut ys, v, columns);
    extend(&mut xs, h, rows);
    if xs.len() < 3 || ys.len() < 2 {
        return None;
    }
    let (rows, columns) = (ys.len() - 1, xs.len() - 1);
    if rows.saturating_mul(columns) > MAX_CELLS {
        return None;
    }
    // A ruling parts two elementary cells when it runs along the middle of their common side.
    let mids =
        |edges: &[f32]| -> Vec<f32> { edges.windows(2).map(|w| (w[0] + w[1]) / 2.0).collect() };
    let (row_mids, column_mids) = (mids(&ys), mids(&xs));
    let along = |mids: &[f32], r: &Ruling| {
        let lo = mids.partition_point(|&m| m < r.from - 0.5);
        let hi = mids.partition_point(|&m| m <= r.to + 0.5);
        lo..hi.max(lo)
    };
    let mut walls = vec![false; rows * (columns + 1)];
    for r in v {
        let c = xs.partition_point(|&x| x < r.at);
        for row in along(&row_mids, r) {
            walls[row * (columns + 1) + c] = true;
        }
    }
    let mut floors = vec![false; (rows + 1) * columns];
    for r in h {
        let row = ys.partition_point(|&y| y < r.at);
        for c in along(&column_mids, r) {
            floors[row * columns + c] = true;
        }
    }
    let mut parent: Vec<usize> = (0..rows * columns).collect();
    for row in 0..rows {
        for c in 0..columns {
            let at = row * columns + c;
            if c > 0 && !walls[row * (columns + 1) + c] {
                union(&mut parent, at - 1, at);
            }
            if row > 0 && !floors[row * columns + c] {
                union(&mut parent, at - columns, at);
            }
        }
    }
    // Cells numbered as met row by row.
    let mut number = vec![u32::MAX; rows * columns];
    let mut owner = vec![0u32; rows * columns];
    let mut extents: Vec<[u32; 4]> = Vec::new();
    for (at, owner) in owner.iter_mut().enumerate() {
        let root = find(&mut parent, at);
        let (row, column) = ((at / columns) as u32, (at % columns) as u32);
        if number[root] == u32::MAX {
            number[root] = extents.len() as u32;
            extents.push([row, column, row, column]);
        }
        let e = &mut extents[number[root] as usize];
        e[1] = e[1].min(column);
        e[2] = e[2].max(row);
        e[3] = e[3].max(column);
        *owner = number[root];
    }
    Some(Grid {
        xs,
        ys,
        owner,
        extents,
    })
}

/// Rulings running on this far past a table's outermost ruling across them may mean a side
/// the PDF did not draw.
const RUN_ON: f32 = 3.0;

/// Moves a table's first and last edge (`edges`, sorted) out to where the rulings across them
/// (`across`, sorted by position) end, when at least half of the `count` positions of those
/// run on past it: a row cut by a page break, whose border at the page's edge a browser does
/// not draw; a table drawn without its sides. One long ruling (the side of a frame around a
/// table) moves nothing.
fn extend(edges: &mut Vec<f32>, across: &[Ruling], count: usize) {
    let (Some(&first), Some(&last)) = (edges.first(), edges.last()) else {
        return;
    };
    let ends = |past: &dyn Fn(&Ruling) -> Option<f32>| -> Option<f32> {
        let mut ends: Vec<(f32, f32)> = across
            .iter()
            .filter_map(|r| Some((r.at, past(r)?)))
            .collect();
        ends.dedup_by(|a, b| a.0 == b.0);
        if ends.is_empty() || ends.len() * 2 < count {
            return None;
        }
        let mut at: Vec<f32> = ends.into_iter().map(|e| e.1).collect();
        at.sort_by(f32::total_cmp);
        Some(at[at.len() / 2])
    };
    let before = ends(&|r| (r.from < first - RUN_ON && r.to >= first - MEET).then_some(r.from));
    let after = ends(&|r| (r.to > last + RUN_ON && r.from <= last + MEET).then_some(r.to));
    if let Some(at) = before {
        edges.insert(0, at);
    }
    edges.extend(after);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hr(y: f32, x0: f32, x1: f32) -> Ruling {
        Ruling {
            horizontal: true,
            at: y,
            from: x0,
            to: x1,
        }
    }

    fn vr(x: f32, y0: f32, y1: f32) -> Ruling {
        Ruling {
            horizontal: false,
            at: x,
            from: y0,
            to: y1,
        }
    }

    /// The text of each elementary cell's owner, as a picture: one letter per cell.
    fn picture(g: &Grid) -> Vec<String> {
        (0..g.rows())
            .map(|r| {
                (0..g.columns())
                    .map(|c| (b'a' + g.cell(r, c) as u8) as char)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_plain_grid() {
        let mut r = vec![];
        for y in [0.0, 10.0, 20.0] {
            r.push(hr(y, 0.0, 30.0));
        }
        for x in [0.0, 10.0, 20.0, 30.0] {
            r.push(vr(x, 0.0, 20.0));
        }
        let g = grids(&r);
        assert_eq!(g.len(), 1);
        assert_eq!(picture(&g[0]), ["abc", "def"]);
        assert_eq!(g[0].row_at(15.0), Some(1));
        assert_eq!(g[0].column_at(31.0), None);
    }

    #[test]
    fn merged_cells_span_where_no_ruling_parts_them() {
        // A label two rows tall at the left, a header two columns wide at the top right; the
        // rulings drawn cell by cell, a little off each other, as Word draws them.
        let r = vec![
            hr(0.0, 0.0, 30.0),
            hr(10.3, 10.0, 30.0),
            hr(19.8, 0.0, 10.0),
            hr(20.0, 10.0, 30.0),
            vr(0.0, 0.0, 20.0),
            vr(10.0, 0.0, 10.0),
            vr(10.4, 10.0, 20.0),
            vr(20.0, 10.0, 20.0),
            vr(30.0, 0.0, 20.0),
        ];
        let g = grids(&r);
        assert_eq!(g.len(), 1);
        assert_eq!(picture(&g[0]), ["abb", "acd"]);
        assert_eq!(g[0].extent(0), [0, 0, 1, 0]);
        assert_eq!(g[0].extent(1), [0, 1, 0, 2]);
    }

    #[test]
    fn rows_cut_by_a_page_break_keep_their_cells() {
        // Chromium draws no border where a page cuts a row: the columns' rulings run on
        // past the first and last rows drawn. A frame's side running on alone moves nothing.
        let mut r = vec![hr(20.0, 0.0, 30.0), hr(40.0, 0.0, 30.0)];
        for x in [0.0, 10.0, 20.0, 30.0] {
            r.push(vr(x, 5.0, 55.0));
        }
        let g = grids(&r);
        assert_eq!(g.len(), 1);
        assert_eq!(picture(&g[0]), ["abc", "def", "ghi"]);
        assert_eq!(g[0].area(), (0.0, 5.0, 30.0, 55.0));
        let mut r = vec![
            hr(20.0, 0.0, 30.0),
            hr(40.0, 0.0, 30.0),
            vr(0.0, -100.0, 40.0),
        ];
        for x in [10.0, 20.0, 30.0] {
            r.push(vr(x, 20.0, 40.0));
        }
        assert_eq!(grids(&r)[0].area(), (0.0, 20.0, 30.0, 40.0));
    }

    #[test]
    fn thin_rectangles_are_rulings() {
        // WPS draws borders as filled rectangles half a point across; a shaded cell is a
        // filled rectangle whose edges are its borders.
        let fill = Paint {
            stroked: false,
            filled: true,
            width: 0.0,
        };
        let mut out = vec![];
        let page = 100.0;
        for y in [90.0, 80.0, 70.0] {
            rulings(
                &[PathOperation::Rectangle(0.0, y, 30.0, 0.5)],
                fill,
                page,
                &mut out,
            );
        }
        for x in [0.0, 15.0] {
            let ops = [
                PathOperation::MoveTo(x, 70.0),
                PathOperation::LineTo(x + 0.5, 70.0),
                PathOperation::LineTo(x + 0.5, 90.5),
                PathOperation::LineTo(x, 90.5),
                PathOperation::ClosePath,
            ];
            rulings(&ops, fill, page, &mut out);
        }
        rulings(
            &[PathOperation::Rectangle(15.0, 70.0, 15.5, 20.5)],
            fill,
            page,
            &mut out,
        );
        assert!(out.iter().all(|r| r.len() > 10.0), "{out:?}");
        let g = grids(&out);
        assert_eq!(g.len(), 1);
        assert_eq!(picture(&g[0]), ["ab", "cd"]);
        let (l, t, r, b) = g[0].area();
        assert!((l - 0.25).abs() < 0.3 && (t - 9.75).abs() < 0.3, "{l} {t}");
        assert!(
            (r - 30.25).abs() < 0.3 && (b - 29.75).abs() < 0.3,
            "{r} {b}"
        );
    }

    #[test]
    fn lines_that_make_no_table() {
        let stroke = Paint {
            stroked: true,
            filled: false,
            width: 0.5,
        };
        let mut out = vec![];
        // An underline, a box around a paragraph, a curve, NaN.
        rulings(
            &[
                PathOperation::MoveTo(0.0, 5.0),
                PathOperation::LineTo(50.0, 5.0),
            ],
            stroke,
            100.0,
            &mut out,
        );
        rulings(
            &[PathOperation::Rectangle(0.0, 20.0, 50.0, 30.0)],
            stroke,
            100.0,
            &mut out,
        );
        rulings(
            &[
                PathOperation::MoveTo(0.0, 0.0),
                PathOperation::CurveTo(1.0, 1.0, 2.0, 2.0, 3.0, 3.0),
                PathOperation::LineTo(f32::NAN, 3.0),
            ],
            stroke,
            100.0,
            &mut out,
        );
        assert_eq!(out.len(), 5);
        assert!(grids(&out).is_empty());
    }

    #[test]
    fn hatching_is_given_up_on() {
        let mut r = vec![];
        for i in 0..3000 {
            r.push(hr(i as f32 * 2.0, 0.0, 6000.0));
            r.push(vr(i as f32 * 2.0, 0.0, 6000.0));
        }
        assert!(grids(&r).is_empty());
    }
}
