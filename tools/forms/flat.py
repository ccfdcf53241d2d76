"""flat-glued and flat-spaced: the web page's text as a crawler stores it.

A header block (`标题:`, `发布时间:`, `原文链接:`, sometimes `来源:`), then the article with all markup
removed: paragraphs one per line, sometimes the breadcrumbs and the 发布日期/浏览次数 line, and the
tables flattened cell by cell.

* flat-glued: a cell's text is followed by the next cell's with no separator at all
  (`规章000行政规范性文件417`, a row's numbers run together `1000001`).
* flat-spaced: cells separated by single spaces, but some rows glue their last cells together
  (`1 0 0 0 0 01`) or run into the next row's label (`0规范性文件`).

Per table, rows are on a line each, the whole table on one line, or a mixture.  Empty cells leave
nothing behind (the crawler strips them), so a null cell is simply absent from the text.
"""
from __future__ import annotations

import random

import model


def header_block(rng: random.Random, rep: model.Report) -> list[str]:
    when = rep.pub_date + (f" {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
                           if rng.random() < 0.5 else "")
    lines = [f"标题: {rep.title}", f"发布时间: {when}", f"原文链接: {rep.url}"]
    if rng.random() < 0.4:
        lines.insert(2, f"来源: {rep.agency.name}")
    return lines


def _row_texts(row: list[model.Cell]) -> list[str]:
    return [c.text.replace("\n", "") for c in row if c.text.replace("\n", "").strip()]


def flatten_table(rng: random.Random, grid: list[list[model.Cell]], spaced: bool) -> list[str]:
    mode = rng.choice(["lines", "lines", "one", "mixed"])
    out: list[str] = []
    cur = ""
    for i, row in enumerate(grid):
        cells = _row_texts(row)
        if not cells:
            continue
        if spaced:
            text = cells[0]
            glue_from = len(cells)
            if len(cells) > 2 and rng.random() < 0.25:      # the last cells glued: 1 0 0 0 0 01
                glue_from = len(cells) - rng.randint(1, 2)
            for j, c in enumerate(cells[1:], 1):
                text += ("" if j >= glue_from else " ") + c
        else:
            text = "".join(cells)
        if not cur:
            cur = text
        elif mode == "one" or (mode == "mixed" and rng.random() < 0.5):
            sep = "" if not spaced else (" " if rng.random() < 0.7 else "")
            cur += sep + text
        else:
            out.append(cur)
            cur = text
    if cur:
        out.append(cur)
    return out


def render(rep: model.Report, spaced: bool) -> str:
    rng = random.Random(rep.seed + (":spaced" if spaced else ":glued"))
    lines = header_block(rng, rep) + [""]
    indent = rng.choice(["", "", "　　", "    "])
    blank_between = rng.random() < 0.4
    for b in rep.blocks():
        kind = b[0]
        if kind == "title":
            if rng.random() < 0.3:
                lines.append("首页 > 政务公开 > " + rng.choice(["政府信息公开年度报告", "年度报告"]))
            lines.append(b[1])
            if rng.random() < 0.5:
                lines.append(f"发布日期:{rep.pub_date} 信息来源:{rep.agency.name} 浏览次数:" +
                             (str(rng.randint(10, 5000)) if rng.random() < 0.5 else ""))
        elif kind == "table":
            lines += flatten_table(rng, b[2], spaced)
        elif kind in ("h1", "h2", "sign"):
            lines.append(b[1])
        else:
            lines.append(indent + b[1])
        if blank_between:
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
