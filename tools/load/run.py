#!/usr/bin/env python3
"""Load test of `gongkai serve`: honest checks side by side with hostile uploads.

    python3 tools/load/run.py --bin target/release/gongkai [--clients 200] [--seconds 60] [--hostile-rate 5]

Starts a server on a store of its own (a temporary directory), makes an account, and for the
given time keeps CLIENTS connections checking the shipped example report through `/api/check`,
while HOSTILE_RATE uploads a second send files made to exhaust a reader: a workbook whose only
cells are A1 and XFD1048576, HTML cells spanning 1000 × 1000, a DOCX of gridSpan floods, a
40 MB text on one line, a body declared as 100 GB. It prints how the honest requests were
answered (by status, with latency percentiles), how the hostile ones were, and the server's peak
resident memory (VmHWM). Exit status 1 when an honest request got a 5xx or no answer.
Standard library only.
"""

import argparse
import http.client
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXAMPLE = os.path.join(ROOT, "examples", "qingshan-2023.txt")


def zipped(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>{}</Types>')


def sparse_xlsx():
    """Two cells, A1 and XFD1048576: dense, 17 billion cells."""
    return zipped({
        "[Content_Types].xml": CT.format(
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'),
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                           '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                                      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                                    '<row r="1"><c r="A1"><v>1</v></c></row>'
                                    '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData></worksheet>',
    })


def span_html():
    cells = '<td colspan="1000" rowspan="1000">1</td>' * 40
    rows = f"<tr>{cells}</tr>" * 20
    return f"<html><body><table>{rows}</table></body></html>".encode()


def span_docx():
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="60000"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>'
    row = "<w:tr>" + cell * 50 + "</w:tr>"
    body = "<w:tbl>" + row * 200 + "</w:tbl>"
    return zipped({
        "[Content_Types].xml": CT.format(
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'),
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                             f"<w:body>{body}</w:body></w:document>",
    })


def one_line_text():
    return ("规章 0 0 0 行政许可 1 " * 2_000_000).encode()[: 40 << 20]


HOSTILE = [
    ("sparse.xlsx", sparse_xlsx()),
    ("spans.html", span_html()),
    ("spans.docx", span_docx()),
    ("one-line.txt", one_line_text()),
    ("declared", None),  # a body declared as 100 GB, one byte sent
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "gongkai"))
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--hostile-rate", type=float, default=5)
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="gongkai-load-")
    db = f"sqlite:{os.path.join(work, 'load.db')}"
    env = dict(os.environ, GONGKAI_PASSWORD="load-test-password")
    subprocess.run([args.bin, "user", "add", "load", "--role", "editor", "--db", db], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen([args.bin, "serve", "--db", db, "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        c.request("POST", "/api/login", json.dumps({"name": "load", "password": "load-test-password"}),
                  {"Content-Type": "application/json"})
        r = c.getresponse()
        cookie = r.getheader("Set-Cookie").split(";")[0]
        r.read()
        c.close()
        report = open(EXAMPLE, "rb").read()
        deadline = time.monotonic() + args.seconds
        honest, hostile = Counter(), Counter()
        latencies = []
        lock = threading.Lock()

        def client():
            conn = None
            while time.monotonic() < deadline:
                started = time.monotonic()
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                    conn.request("POST", "/api/check?name=qingshan-2023.txt", report, {"Cookie": cookie})
                    r = conn.getresponse()
                    r.read()
                    status = r.status
                except Exception as e:  # noqa: BLE001 - every failure is counted
                    status = f"no answer ({type(e).__name__})"
                    conn = None
                with lock:
                    honest[status] += 1
                    latencies.append(time.monotonic() - started)

        def attacker(i):
            name, body = HOSTILE[i % len(HOSTILE)]
            try:
                if body is None:
                    s = socket.create_connection(("127.0.0.1", port), timeout=30)
                    s.sendall(b"POST /api/check HTTP/1.1\r\nHost: x\r\nCookie: " + cookie.encode()
                              + b"\r\nContent-Length: 100000000000\r\nConnection: close\r\n\r\n1")
                    answer = s.recv(64).decode(errors="replace")
                    s.close()
                    status = answer.split(" ")[1] if " " in answer else "closed"
                else:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                    conn.request("POST", f"/api/check?name={name}", body, {"Cookie": cookie})
                    r = conn.getresponse()
                    r.read()
                    status = r.status
                    conn.close()
            except Exception as e:  # noqa: BLE001
                status = f"no answer ({type(e).__name__})"
            with lock:
                hostile[(name, status)] += 1

        threads = [threading.Thread(target=client, daemon=True) for _ in range(args.clients)]
        for t in threads:
            t.start()
        attackers, i = [], 0
        while time.monotonic() < deadline:
            t = threading.Thread(target=attacker, args=(i,), daemon=True)
            t.start()
            attackers.append(t)
            i += 1
            time.sleep(1 / args.hostile_rate)
        for t in threads + attackers:
            t.join(timeout=180)
        rss = peak_rss_kb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)

    latencies.sort()
    pct = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else 0  # noqa: E731
    total = sum(honest.values())
    print(f"honest checks: {total} in {args.seconds:.0f} s ({total / args.seconds:.1f}/s), {args.clients} clients")
    for status, n in sorted(honest.items(), key=lambda kv: str(kv[0])):
        print(f"  {status}: {n}")
    print(f"  latency p50 {pct(0.5) * 1000:.0f} ms, p95 {pct(0.95) * 1000:.0f} ms, p99 {pct(0.99) * 1000:.0f} ms")
    print(f"hostile uploads: {sum(hostile.values())}")
    for (name, status), n in sorted(hostile.items(), key=lambda kv: str(kv[0])):
        print(f"  {name}: {status} × {n}")
    print(f"server peak RSS: {rss / 1024:.0f} MB")
    bad = sum(n for s, n in honest.items() if not (isinstance(s, int) and s < 500))
    if bad:
        print(f"FAIL: {bad} honest requests got a server error or no answer")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
