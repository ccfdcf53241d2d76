"""pipes: the kind of Markdown a PDF-to-Markdown converter makes of a report.

Table rows are pipe-delimited (`| 规章 | 0 | 0 | 26 |`) with no `|---|` separator rows; merged cells are
left empty, repeated, or dropped (one choice per report); some rows have their numbers on a row of
their own below the label (`| 行政规范性文件 |` / `| 32 | 11 | 233 |`), long labels are sometimes cut
across two rows with the numbers on the second, and table 三 is sometimes split into two blocks by a
page break with a page number between.  Headings are `#` headings, bold lines or plain lines;
paragraphs are sometimes broken into PDF-width lines; the title is on one or two lines, sometimes
with `2025 年` spaced.
"""
from __future__ import annotations

import random

import model


def _expand(grid: list[list[model.Cell]], merge: str) -> list[list[str]]:
    """Rows of texts on the full grid: merged areas 'empty', 'repeat' or 'drop'."""
    width = model.grid_width(grid)
    occupied: dict[tuple[int, int], str] = {}
    out = []
    for r, row in enumerate(grid):
        cells: list[str | None] = [None] * width
        col = 0
        for c in row:
            while col < width and (r, col) in occupied:
                cells[col] = occupied[(r, col)]
                col += 1
            text = c.text.replace("\n", "")
            cells[col] = text
            for dc in range(c.cs):
                for dr in range(c.rs):
                    if not (dr or dc):
                        continue
                    # a rowspan repeats its text under 'repeat'; colspan continuations stay empty
                    cont = None if merge == "drop" else (text if merge == "repeat" and dr and not dc else "")
                    if dr:
                        occupied[(r + dr, col + dc)] = cont
                    else:
                        cells[col + dc] = cont
            col += c.cs
        while col < width and (r, col) in occupied:
            cells[col] = occupied[(r, col)]
            col += 1
        out.append([x for x in cells if x is not None])
    return out


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def table_lines(rng: random.Random, grid: list[list[model.Cell]], merge: str, name: str) -> list[str]:
    rows = _expand(grid, merge)
    lines = []
    split_at = rng.randint(8, len(rows) - 3) if name == "三" and rng.random() < 0.3 else None
    for i, (cells, row) in enumerate(zip(rows, grid)):
        if i == split_at:
            lines += ["", f"- {rng.randint(2, 5)} -" if rng.random() < 0.5 else "", ""]
        nvals = sum(1 for c in row if c.kind == "value")
        if nvals and len(cells) > nvals:
            labels, vals = cells[:-nvals], cells[-nvals:]
            label = labels[-1]
            r = rng.random()
            if r < 0.12:                                  # numbers on a row of their own
                lines += [_pipe(labels), _pipe(vals)]
                continue
            if r < 0.2 and len(label) > 12:               # label cut across two rows
                cut = rng.randint(5, len(label) - 4)
                lines += [_pipe(labels[:-1] + [label[:cut]]), _pipe([label[cut:]] + vals)]
                continue
        lines.append(_pipe(cells))
    return lines


def _wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)]


def render(rep: model.Report) -> str:
    rng = random.Random(rep.seed + ":pipes")
    merge = rng.choice(["empty", "empty", "repeat", "drop"])
    hstyle = rng.choice(["#", "bold", "plain"])
    wrap = rng.choice([0, 0, 32, 36, 40])
    spaced_year = rng.random() < 0.1
    out = []
    for b in rep.blocks():
        kind = b[0]
        if kind == "title":
            t = b[1].replace(f"{rep.year}年", f"{rep.year} 年") if spaced_year else b[1]
            if rng.random() < 0.3 and t.startswith(rep.agency.name):
                parts = [rep.agency.name, t[len(rep.agency.name):]]
            else:
                parts = [t]
            out += [{"#": f"# {p}", "bold": f"**{p}**", "plain": p}[hstyle] for p in parts] + [""]
        elif kind in ("h1", "h2"):
            h = b[1]
            out += [{"#": ("## " if kind == "h1" else "### ") + h, "bold": f"**{h}**", "plain": h}[hstyle], ""]
        elif kind == "p":
            out += (_wrap(b[1], wrap) if wrap else [b[1]]) + [""]
        elif kind == "sign":
            out += [b[1], ""]
        elif kind == "table":
            out += table_lines(rng, b[2], merge, b[1]) + [""]
    return "\n".join(out).rstrip("\n") + "\n"
