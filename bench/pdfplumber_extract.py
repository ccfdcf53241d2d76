"""The extraction most people in this field reach for: pdfplumber's tables and text, page by
page, written out as JSON. Kept here to be timed beside gongkai on the same PDFs
(bench/compare.py); it only extracts, it does not map cells to the template or check them.

    python3 bench/pdfplumber_extract.py FILE.pdf...
"""
import json
import sys

import pdfplumber


def extract(path):
    with pdfplumber.open(path) as pdf:
        return {
            "file": path,
            "pages": [
                {"text": page.extract_text() or "", "tables": page.extract_tables()}
                for page in pdf.pages
            ],
        }


if __name__ == "__main__":
    for path in sys.argv[1:]:
        print(json.dumps(extract(path), ensure_ascii=False))
