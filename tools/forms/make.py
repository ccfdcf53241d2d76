#!/usr/bin/env python3
"""Generate annual-report test inputs with known answers, in the forms real reports are published in.

    python3 tools/forms/make.py --count N --seed S --out DIR [--forms lo-pdf,chromium-pdf,...] [--jobs 2]
    python3 tools/forms/make.py --verify --out DIR          # check an existing corpus

For each of N random, internally consistent reports (a few with a deliberate arithmetic error, listed
in DIR/manifest.json) and each form it writes DIR/<form>/<name>.<ext> and DIR/<form>/<name>.expected.json.
The expected cells come from the generator itself, never from gongkai.  Same seed, same reports.
Standard library only; the PDF forms need soffice / chromium, the layout forms pdftotext.
See README.md beside this file.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

sys.dont_write_bytecode = True      # keep tools/forms free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import flat          # noqa: E402
import lo_docx       # noqa: E402
import model         # noqa: E402
import pipes         # noqa: E402
import verify        # noqa: E402
import web_html      # noqa: E402

DEFAULT_TEMPLATE = "/work/shared/corpus/template-2021-blank.docx"

# form -> (extension, programs needed, what it imitates)
FORMS = {
    "lo-pdf": ("pdf", ["soffice"], "the official DOCX template filled in, printed by LibreOffice"),
    "chromium-pdf": ("pdf", ["chromium"], "a government web page printed by the browser"),
    "lo-layout": ("txt", ["soffice", "pdftotext"], "pdftotext -layout of the LibreOffice PDF"),
    "chromium-layout": ("txt", ["chromium", "pdftotext"], "pdftotext -layout of the browser PDF"),
    "flat-glued": ("txt", [], "crawler text, cells glued with no separator"),
    "flat-spaced": ("txt", [], "crawler text, cells separated by single spaces, some glued"),
    "pipes": ("md", [], "PDF-to-Markdown pipe rows"),
    "docx": ("docx", [], "the filled DOCX itself (source of lo-pdf)"),
    "html": ("html", [], "the web page itself (source of chromium-pdf)"),
}
DEFAULT_FORMS = ["lo-pdf", "chromium-pdf", "lo-layout", "chromium-layout", "flat-glued", "flat-spaced", "pipes"]
INSTALL = {"soffice": "apt-get install libreoffice-writer-nogui", "chromium": "apt-get install chromium",
           "pdftotext": "apt-get install poppler-utils"}


def die(msg: str, code: int = 2):
    print(f"make.py: {msg}", file=sys.stderr)
    sys.exit(code)


def chunks(items: list, n: int) -> list[list]:
    return [c for c in (items[i::n] for i in range(n)) if c]


def pdftotext_layout(pdf: str, txt: str):
    subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", pdf, txt], check=True, capture_output=True)


def write_json(path: str, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


def plan(count: int, seed: str, broken_share: float) -> list[model.Report]:
    rng = random.Random(f"{seed}:plan")
    n_broken = 0 if count < 3 else max(1, round(count * broken_share))
    broken = set(rng.sample(range(count), n_broken))
    return [model.generate(f"s{seed}-{i:04d}", f"{seed}:{i}", broken=i in broken) for i in range(count)]


def manifest(reports: list[model.Report], seed: str, forms: list[str]) -> dict:
    return {
        "seed": seed, "count": len(reports), "forms": forms,
        "note": "consistent=false reports carry deliberate arithmetic errors; 'broken' lists the description "
                "and every identity (RULES.md A101/A102/A103/A201) the expected cells break",
        "reports": [{"name": r.name, "agency": r.agency.name, "year": r.year, "template": r.template,
                     "consistent": not r.broken, "broken": r.broken, "layout": layout(r, forms)}
                    for r in reports],
    }


def layout(r: model.Report, forms: list[str]) -> dict:
    """The per-report layout choices of the PDF forms (landscape, fonts, alignment ...)."""
    out = {"other_one_row": r.other_one_row}
    if any(f in forms for f in ("lo-pdf", "lo-layout", "docx")):
        out["lo"] = lo_docx.describe(r)
    if any(f in forms for f in ("chromium-pdf", "chromium-layout", "html")):
        out["chromium"] = web_html.describe(r)
    return out


class Timer:
    def __init__(self):
        self.t = {}

    def add(self, key: str, secs: float):
        self.t[key] = self.t.get(key, 0.0) + secs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, help="number of reports")
    ap.add_argument("--seed", default="1", help="seed (any string); same seed, same reports")
    ap.add_argument("--out", required=True, help="output directory (DIR/<form>/...)")
    ap.add_argument("--forms", default=",".join(DEFAULT_FORMS),
                    help=f"comma-separated forms: {', '.join(FORMS)} (default: {','.join(DEFAULT_FORMS)})")
    ap.add_argument("--jobs", type=int, default=2, help="parallel soffice / chromium processes")
    ap.add_argument("--broken-share", type=float, default=0.1, help="share of reports with an arithmetic error")
    ap.add_argument("--template", default=os.environ.get("GONGKAI_TEMPLATE", DEFAULT_TEMPLATE),
                    help="the blank official 2021 template DOCX")
    ap.add_argument("--verify", action="store_true", help="check every document shows its expected cells")
    a = ap.parse_args()

    if a.count is None:
        if not a.verify:
            die("give --count N (or --verify to check an existing --out DIR)")
        if not shutil.which("pdftotext"):
            die(f"--verify needs pdftotext (poppler-utils): {INSTALL['pdftotext']}")
        return verify.verify(a.out)

    forms = [f.strip() for f in a.forms.split(",") if f.strip()]
    unknown = [f for f in forms if f not in FORMS]
    if unknown:
        die(f"unknown form(s) {', '.join(unknown)}; known: {', '.join(FORMS)}")
    need = sorted({p for f in forms for p in FORMS[f][1]} | ({"pdftotext"} if a.verify else set()))
    missing = [p for p in need if not shutil.which(p)]
    if missing:
        die("needed program(s) not found on PATH: " + "; ".join(
            f"{p} (for {', '.join(f for f in forms if p in FORMS[f][1]) or '--verify'}; {INSTALL[p]})"
            for p in missing))
    if any(f in forms for f in ("lo-pdf", "lo-layout", "docx")) and not os.path.exists(a.template):
        die(f"template not found: {a.template} (use --template)")

    out = os.path.abspath(a.out)
    os.makedirs(out, exist_ok=True)
    for f in forms:
        shutil.rmtree(os.path.join(out, f), ignore_errors=True)
        os.makedirs(os.path.join(out, f))
    tm = Timer()
    t0 = time.perf_counter()
    reports = plan(a.count, a.seed, a.broken_share)
    tm.add("generate", time.perf_counter() - t0)
    write_json(os.path.join(out, "manifest.json"), manifest(reports, a.seed, forms))
    tmp = tempfile.mkdtemp(prefix="gk_forms_")
    try:
        run_forms(reports, forms, out, tmp, a, tm)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    n = len(reports)
    n19 = sum(r.template == "2019" for r in reports)
    nb = sum(bool(r.broken) for r in reports)
    gen = tm.t["generate"] / n if n else 0
    for f in forms:
        secs = tm.t.get(f, 0.0)
        extra = " after the PDFs" if f.endswith("-layout") else ""
        print(f"{f:16s} {n} reports ({n19} in the 2019 format, {nb} with arithmetic errors) -> {out}/{f}   "
              f"{secs:.1f} s{extra}, {secs / n + gen:.3f} s/report")
    if a.verify:
        return verify.verify(out)
    return 0


def run_forms(reports, forms, out, tmp, a, tm: Timer):
    for r in reports:
        for f in forms:
            write_json(os.path.join(out, f, f"{r.name}.expected.json"), r.expected())
    # text forms straight from the model
    for f, render in (("flat-glued", lambda r: flat.render(r, False)), ("flat-spaced", lambda r: flat.render(r, True)),
                      ("pipes", pipes.render)):
        if f in forms:
            t0 = time.perf_counter()
            for r in reports:
                with open(os.path.join(out, f, f"{r.name}.{FORMS[f][0]}"), "w", encoding="utf-8") as fh:
                    fh.write(render(r))
            tm.add(f, time.perf_counter() - t0)
    jobs = max(1, a.jobs)
    # LibreOffice
    if any(f in forms for f in ("lo-pdf", "lo-layout", "docx")):
        t0 = time.perf_counter()
        tpl = lo_docx.Template(a.template)
        ddir = os.path.join(out, "docx") if "docx" in forms else os.path.join(tmp, "docx")
        os.makedirs(ddir, exist_ok=True)
        paths = []
        for r in reports:
            p = os.path.join(ddir, f"{r.name}.docx")
            lo_docx.build_docx(tpl, r, p)
            paths.append(p)
        tm.add("docx", time.perf_counter() - t0)
        if "lo-pdf" in forms or "lo-layout" in forms:
            pdir = os.path.join(out, "lo-pdf") if "lo-pdf" in forms else os.path.join(tmp, "lo-pdf")
            os.makedirs(pdir, exist_ok=True)
            with ThreadPoolExecutor(jobs) as ex:
                list(ex.map(lambda ij: lo_docx.convert(ij[1], pdir, ij[0]), enumerate(chunks(paths, jobs))))
            tm.add("lo-pdf", time.perf_counter() - t0)
            if "lo-layout" in forms:
                _layouts(reports, pdir, os.path.join(out, "lo-layout"), jobs, tm, "lo-layout")
    # Chromium
    if any(f in forms for f in ("chromium-pdf", "chromium-layout", "html")):
        t0 = time.perf_counter()
        hdir = os.path.join(out, "html") if "html" in forms else os.path.join(tmp, "html")
        os.makedirs(hdir, exist_ok=True)
        paths = []
        for r in reports:
            p = os.path.join(hdir, f"{r.name}.html")
            with open(p, "w", encoding="utf-8") as fh:
                fh.write(web_html.build_html(r))
            paths.append(p)
        tm.add("html", time.perf_counter() - t0)
        if "chromium-pdf" in forms or "chromium-layout" in forms:
            pdir = os.path.join(out, "chromium-pdf") if "chromium-pdf" in forms else os.path.join(tmp, "chromium-pdf")
            os.makedirs(pdir, exist_ok=True)
            with ThreadPoolExecutor(jobs) as ex:
                list(ex.map(lambda ij: web_html.convert(ij[1], pdir, ij[0]), enumerate(chunks(paths, jobs))))
            tm.add("chromium-pdf", time.perf_counter() - t0)
            if "chromium-layout" in forms:
                _layouts(reports, pdir, os.path.join(out, "chromium-layout"), jobs, tm, "chromium-layout")


def _layouts(reports, pdf_dir, txt_dir, jobs, tm: Timer, form: str):
    t0 = time.perf_counter()
    with ThreadPoolExecutor(jobs) as ex:
        list(ex.map(lambda r: pdftotext_layout(os.path.join(pdf_dir, f"{r.name}.pdf"),
                                               os.path.join(txt_dir, f"{r.name}.txt")), reports))
    tm.add(form, time.perf_counter() - t0)


if __name__ == "__main__":
    sys.exit(main())
