#!/usr/bin/env python3
"""CPU time of reading PDFs one process per file: gongkai against `pdftotext -layout`.

    python3 tools/bench/pdf_cpu.py --bin target/release/gongkai DIR [DIR ...] [--rounds 7]

Each round runs every PDF of a directory once through each tool, a process per file, and sums
the children's user + system CPU time (getrusage); the figure printed is the median round.
The tools alternate file by file, so a busy machine weighs on both alike.
"""
import argparse
import os
import pathlib
import resource
import statistics
import subprocess
import sys


def cpu_of(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    for d in a.dirs:
        files = sorted(pathlib.Path(d).rglob("*.pdf"))
        if not files:
            sys.exit(f"{d}: no PDF files")
        ours, theirs = [], []
        for _ in range(a.rounds):
            o = t = 0.0
            for f in files:
                o += cpu_of([a.bin, "parse", str(f), "--format", "cells"])
                t += cpu_of(["pdftotext", "-layout", str(f), os.devnull])
            ours.append(o)
            theirs.append(t)
        mo, mt = statistics.median(ours), statistics.median(theirs)
        print(f"{d}: {len(files)} files, median of {a.rounds} rounds: "
              f"gongkai {mo * 1000:.0f} ms, pdftotext -layout {mt * 1000:.0f} ms, "
              f"ratio {mo / mt:.2f}")


if __name__ == "__main__":
    main()
