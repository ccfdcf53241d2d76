"""Speed side by side, in one run on the same machine: gongkai reading PDFs into cells, against
poppler's `pdftotext -layout` extracting their text alone, and pdfplumber extracting text and
tables; and gongkai's reports per second on every form of a `gongkai synth` corpus.

    python3 bench/compare.py [--reports N] [--pdfs N] [--runs R]

Needs a release build (target/release/gongkai), pdftotext (poppler-utils), pdfplumber (pip) and
LibreOffice (to turn synthetic DOCX into PDF). Prints a Markdown table of medians.
"""
import argparse
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GONGKAI = os.path.join(ROOT, "target", "release", "gongkai")


def timed(cmd, runs, **kw):
    """Median wall time of a command over `runs` runs."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return next((int(l.split()[-1]) for l in out.splitlines() if l.startswith("Pages:")), 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=700)
    ap.add_argument("--pdfs", type=int, default=20)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="gongkai-bench-")
    synth = os.path.join(work, "synth")
    subprocess.run([GONGKAI, "synth", "--count", str(args.reports), "--seed", "11", "--out", synth],
                   check=True, stdout=subprocess.DEVNULL)
    rows = []
    # Reports per second on one core, per form: one process reading every file of the form.
    forms = {}
    for f in sorted(os.listdir(synth)):
        if f.endswith(".expected.json"):
            continue
        form = f.split(".", 1)[1]
        forms.setdefault(form, []).append(os.path.join(synth, f))
    for form, files in sorted(forms.items()):
        t = timed(["taskset", "-c", "0", GONGKAI, "parse", "--format", "cells", *files], args.runs)
        rows.append((f"gongkai parse, {form}", len(files), "reports", t))
    # PDFs: synthetic DOCX printed by LibreOffice, and the real ones of the shared corpus.
    docx = forms.get("docx", [])[: args.pdfs]
    pdf_dir = os.path.join(work, "pdf")
    os.makedirs(pdf_dir)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", pdf_dir, *docx],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pdfs = sorted(glob.glob(os.path.join(pdf_dir, "*.pdf")))
    pdfs += sorted(glob.glob(os.path.join(ROOT, "..", "shared", "corpus", "**", "*.pdf"), recursive=True))
    n_pages = sum(pages(p) for p in pdfs)
    one = ["taskset", "-c", "0"]
    t_gk = timed(one + [GONGKAI, "parse", "--format", "cells", *pdfs], args.runs)
    # pdftotext takes one file per process: gongkai is also timed so, to compare like with like.
    each = " ".join(f"{GONGKAI} parse --format cells {p} >/dev/null;" for p in pdfs)
    t_gk_each = timed(one + ["sh", "-c", each], args.runs)
    script = " ".join(f"pdftotext -layout {p} /dev/null;" for p in pdfs)
    t_pt = timed(one + ["sh", "-c", script], args.runs)
    t_pp = timed(one + [sys.executable, os.path.join(ROOT, "bench", "pdfplumber_extract.py"), *pdfs], args.runs)
    rows.append(("gongkai parse (PDF → cells), one process", n_pages, "pages", t_gk))
    rows.append(("gongkai parse (PDF → cells), a process per file", n_pages, "pages", t_gk_each))
    rows.append(("pdftotext -layout (text only)", n_pages, "pages", t_pt))
    rows.append(("pdfplumber (text and tables)", n_pages, "pages", t_pp))
    print(f"| what | inputs | median of {args.runs} | per second, one core |")
    print("|---|---|---|---|")
    for what, n, unit, t in rows:
        print(f"| {what} | {n} {unit} | {t:.3f} s | {n / t:,.0f} {unit}/s |")
    print()
    print(f"gongkai / pdftotext, a process per file each: {t_gk_each / t_pt:.2f}× the time; "
          f"gongkai in one process / pdftotext: {t_gk / t_pt:.2f}×; gongkai / pdfplumber: {t_gk / t_pp:.3f}×")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
