"""--verify: check that each generated document really shows its expected cells.

For every NAME.expected.json under DIR/<form>/, the document's text (pdftotext -layout for PDFs,
the file itself for text) is cut into the three table regions by the section headings, and:

* the agency and the year appear before table 二;
* row by row, the expected numbers of each table row appear, in order, as one contiguous run in the
  region's digit stream (every character but digits and `.` removed; null cells skipped) — true in
  every form, whatever spacing or gluing it uses;
* a layout text is checked in the content order of its sibling PDF (DIR/<x>-pdf/NAME.pdf) when it
  exists, since pdftotext -layout may interleave the lines of two short rows; otherwise row
  mismatches in a layout text are warnings;
* for forms whose cells are separated (pipes, and the PDFs/layouts with a warning only, since narrow
  cells may touch), every number is also a token of its own, in order;
* the identities of the expected cells hold exactly where DIR/manifest.json says they do.
"""
from __future__ import annotations

import json
import os
import re
import subprocess

import model

STRICT_TOKENS = {"pipes"}
WARN_TOKENS = {"lo-pdf", "chromium-pdf", "lo-layout", "chromium-layout"}
# pdftotext -layout may interleave the lines of two short rows: rows are checked in the PDFs'
# content order (pdftotext -raw) and only warned about in the layout text
WARN_ROWS = {"lo-layout", "chromium-layout"}
HEADINGS = ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议", "五、"]


def document_text(path: str, mode: str = "-layout") -> str:
    if path.endswith(".pdf"):
        return subprocess.run(["pdftotext", mode, path, "-"], capture_output=True, text=True,
                              check=True).stdout
    if path.endswith(".docx"):
        import zipfile
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        xml = re.sub(r"</w:p>|</w:tc>", "\n", xml)
        return re.sub(r"<[^>]+>", "", xml)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".html"):
        text = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", text, flags=re.S)
        text = re.sub(r"<br>|</p>|</td>|</tr>", "\n", text)
        text = re.sub(r"<[^>]+>", "", text).replace("&nbsp;", " ").replace("&gt;", ">").replace("&amp;", "&")
    return text


def _num_str(v) -> str:
    if isinstance(v, float):
        s = repr(abs(v))
        return s[:-2] if s.endswith(".0") else s
    return str(abs(v))


def row_groups(exp: dict) -> list[list[list[str]]]:
    """Per table (二, 三, 四), the rows of cell keys in print order."""
    tables: dict[str, dict[str, list[str]]] = {"t2": {}, "t3": {}, "t4": {}}
    for key in exp["cells"]:
        tbl = key.split(".")[0]
        row = "t4" if tbl == "t4" else key.rsplit(".", 1)[0]
        tables[tbl].setdefault(row, []).append(key)
    return [list(tables[t].values()) for t in ("t2", "t3", "t4")]


def _same(tok: str, want: str) -> bool:
    return float(tok) == float(want)


def check_one(form: str, exp: dict, text: str, tokens_text: str | None = None) -> tuple[list[str], list[str]]:
    errors, warnings = [], []
    row_errors = warnings if form in WARN_ROWS else errors
    pos = []
    for h in HEADINGS:
        i = text.find(h, pos[-1] if pos else 0)
        if i < 0:
            errors.append(f"heading {h!r} not found")
            return errors, warnings
        pos.append(i)
    head = text[:pos[0]]
    if exp["agency"] not in head.replace("\n", "").replace(" ", ""):
        errors.append(f"agency {exp['agency']!r} not found before table 二")
    if str(exp["year"]) not in head.replace(" ", ""):
        errors.append(f"year {exp['year']} not found before table 二")
    cells = exp["cells"]
    for t, rows in enumerate(row_groups(exp)):
        region = text[pos[t]:pos[t + 1]]
        stream = re.sub(r"[^0-9.]", "", region)
        at = 0
        for keys in rows:
            vals = [_num_str(cells[k]) for k in keys if cells[k] is not None]
            if not vals:
                continue
            run = "".join(vals)
            j = stream.find(run, at)
            if j < 0:
                row_errors.append(f"row {keys[0].rsplit('.', 1)[0]}: {' '.join(vals)} not found in order "
                              f"(stream from {at}: {stream[at:at + 60]!r})")
                break
            at = j + len(run)
        if form in STRICT_TOKENS or form in WARN_TOKENS:
            tregion = region
            if tokens_text is not None:
                tpos = [tokens_text.find(h) for h in HEADINGS]
                tregion = tokens_text[tpos[t]:tpos[t + 1]] if min(tpos) >= 0 else tokens_text
            tokens = re.findall(r"\d+(?:\.\d+)?", tregion)
            want = [_num_str(cells[k]) for r in rows for k in r if cells[k] is not None]
            k = 0
            for tok in tokens:
                if k < len(want) and _same(tok, want[k]):
                    k += 1
            if k < len(want):
                msg = f"table {'二三四'[t]}: numbers as separate tokens stop matching at {want[k]!r} (#{k})"
                (errors if form in STRICT_TOKENS else warnings).append(msg)
    return errors, warnings


def verify(out_dir: str) -> int:
    manifest_path = os.path.join(out_dir, "manifest.json")
    manifest = {}
    if os.path.exists(manifest_path):
        with open(manifest_path, encoding="utf-8") as f:
            manifest = {r["name"]: r for r in json.load(f)["reports"]}
    bad = 0
    for form in sorted(os.listdir(out_dir)):
        d = os.path.join(out_dir, form)
        if not os.path.isdir(d):
            continue
        n = errs = warns = 0
        for fn in sorted(os.listdir(d)):
            if not fn.endswith(".expected.json"):
                continue
            stem = fn[: -len(".expected.json")]
            inputs = [x for x in os.listdir(d) if x.startswith(stem + ".") and x != fn]
            if len(inputs) != 1:
                print(f"  {form}/{stem}: expected one input, found {inputs}")
                errs += 1
                continue
            with open(os.path.join(d, fn), encoding="utf-8") as f:
                exp = json.load(f)
            n += 1
            path = os.path.join(d, inputs[0])
            # a layout text is checked against the content order of its PDF when that is at hand
            pdf = os.path.join(out_dir, form.replace("-layout", "-pdf"), stem + ".pdf")
            if path.endswith(".pdf"):
                e, w = check_one(form, exp, document_text(path, "-raw"), document_text(path))
            elif form in WARN_ROWS and os.path.exists(pdf):
                e, w = check_one(form.replace("-layout", "-pdf"), exp, document_text(pdf, "-raw"),
                                 document_text(path))
            else:
                e, w = check_one(form, exp, document_text(path))
            m = manifest.get(stem)
            if m is not None:
                other_one_row = "t3.other.total" in exp["cells"]
                found = sorted({(b["rule"], b["where"]) for b in
                                model.check_identities(exp["cells"], exp["template"], other_one_row)})
                listed = sorted({(b["rule"], b["where"]) for b in m["broken"] if "rule" in b})
                if found != listed:
                    e.append(f"identities broken {found} but manifest lists {listed}")
                if m["consistent"] == bool(found):
                    e.append(f"manifest says consistent={m['consistent']} but {len(found)} identities fail")
            for msg in e:
                print(f"  ERROR {form}/{inputs[0]}: {msg}")
            for msg in w:
                print(f"  warn  {form}/{inputs[0]}: {msg}")
            errs += bool(e)
            warns += bool(w)
        print(f"verify {form}: {n} documents, {errs} with errors, {warns} with warnings")
        bad += errs
    return 1 if bad else 0
