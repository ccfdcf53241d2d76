"""lo-pdf: the official template DOCX filled in, printed to PDF by LibreOffice.

The body of word/document.xml is rebuilt: title, narrative paragraphs and the template's own three
tables (deep copies of its <w:tbl> elements, their merges and properties kept) with every cell's
text written from the report.  For 2019-format reports table 二 is rebuilt row by row from the
template's own rows (same cell properties, the 2019 blocks) and table 三 gets the single-row
（六）其他处理.  What varies per report: fonts, sizes, line spacing, margins, column widths, table
border weight, number alignment, vertical alignment, landscape sections, repeated header rows,
page-number footers, a title on one or two lines, spacer paragraphs.
"""
from __future__ import annotations

import copy
import os
import random
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from xml.sax.saxutils import escape

import model

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def q(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


BODY_FONTS = ["仿宋_GB2312", "仿宋", "宋体", "Noto Serif CJK SC", "Noto Serif CJK SC", "Noto Sans CJK SC",
              "WenQuanYi Zen Hei"]
HEAD_FONTS = ["黑体", "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Noto Sans CJK SC"]
TITLE_FONTS = ["方正小标宋简体", "宋体", "Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei"]
TABLE_FONTS = ["宋体", "仿宋_GB2312", "Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei"]
NUMBER_FONTS = [None, None, "Times New Roman", "Liberation Sans", "DejaVu Sans"]


class Template:
    """The blank template, parsed once."""

    def __init__(self, path: str):
        with zipfile.ZipFile(path) as z:
            self.parts = {n: z.read(n) for n in z.namelist() if not n.endswith("/")}
        doc = self.parts["word/document.xml"].decode("utf-8")
        self.root_tag = re.search(r"<w:document[^>]*>", doc).group(0)
        for prefix, uri in re.findall(r'xmlns:(\w+)="([^"]+)"', self.root_tag):
            ET.register_namespace(prefix, uri)
        body = ET.fromstring(doc).find(q("body"))
        self.tables = [t for t in body if t.tag == q("tbl")]
        assert len(self.tables) == 3, "template must hold three tables"


# ---------------------------------------------------------------------------------------------
# Style of one report

class Style:
    def __init__(self, rng: random.Random, rep: model.Report):
        self.body_font = rng.choice(BODY_FONTS)
        self.head_font = rng.choice(HEAD_FONTS)
        self.title_font = rng.choice(TITLE_FONTS)
        self.table_font = rng.choice(TABLE_FONTS)
        self.number_font = rng.choice(NUMBER_FONTS)
        self.body_size = rng.choice([24, 28, 30, 32, 32])            # half-points
        self.title_size = rng.choice([36, 40, 44, 44])
        self.table_size = rng.choice([18, 20, 20, 21, 24])
        self.line = rng.choice([("exact", 560), ("exact", 520), ("auto", 360), ("auto", 300), ("auto", 240)])
        self.margins = rng.choice([(1440, 1800, 1440, 1800), (2098, 1474, 1984, 1588), (1440, 1440, 1440, 1440),
                                   (1247, 1134, 1247, 1134)])  # top right bottom left
        self.number_jc = rng.choice(["center", "center", "right"])
        self.valign = rng.choice(["center"] * 5 + ["top"])
        self.border = rng.choice([4, 6, 8])
        self.title_fill = rng.random() < 0.6
        self.title_two_lines = rng.random() < 0.25 and rep.title.startswith(rep.agency.name)
        self.title_bold = rng.random() < 0.5
        self.head_bold = rng.random() < 0.4
        self.landscape = rng.random() < 0.15
        self.repeat_header = rng.random() < 0.3
        self.footer = rng.choice([None, "- {} -", "- {} -", "{}", "第{}页"])
        self.width_factor = rng.uniform(0.9, 1.15)
        self.value_col = rng.uniform(520, 900)
        self.spacers = rng.random() < 0.5
        self.core_title = rng.choice(["title", "title", "empty", "stale"])

    @property
    def text_width(self) -> int:
        return 11906 - self.margins[1] - self.margins[3]


def describe(rep: model.Report) -> dict:
    """The layout choices build_docx makes for this report (for the manifest)."""
    st = Style(random.Random(rep.seed + ":docx"), rep)
    return {k: v for k, v in vars(st).items() if k in (
        "body_font", "table_font", "number_font", "table_size", "number_jc", "valign", "landscape",
        "repeat_header", "footer", "title_two_lines", "width_factor")}


# ---------------------------------------------------------------------------------------------
# Paragraphs (as XML strings; the body is assembled as text around serialized tables)

def _rpr(font: str, size: int, bold: bool = False, ascii_font: str | None = None) -> str:
    a = ascii_font or font
    return (f'<w:rPr><w:rFonts w:hint="eastAsia" w:ascii="{a}" w:hAnsi="{a}" w:eastAsia="{font}" w:cs="{a}"/>'
            + ("<w:b/><w:bCs/>" if bold else "") + f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>')


def para(text: str, font: str, size: int, *, bold: bool = False, jc: str = "both", first_line: int = 0,
         line=("auto", 240), before: int = 0, after: int = 0, sect: str = "", page_break: bool = False,
         ascii_font: str | None = None) -> str:
    rule, val = line
    ppr = (f'<w:pPr><w:spacing w:before="{before}" w:after="{after}" w:line="{val}" w:lineRule="{rule}"/>'
           + (f'<w:ind w:firstLine="{first_line}"/>' if first_line else "")
           + f'<w:jc w:val="{jc}"/>' + _rpr(font, size, bold, ascii_font) + sect + "</w:pPr>")
    runs = ""
    if page_break:
        runs += '<w:r><w:br w:type="page"/></w:r>'
    if text:
        runs += f'<w:r>{_rpr(font, size, bold, ascii_font)}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    return f"<w:p>{ppr}{runs}</w:p>"


def sect_pr(st: Style, landscape: bool, footer: bool) -> str:
    top, right, bottom, left = st.margins
    size = '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' if landscape else '<w:pgSz w:w="11906" w:h="16838"/>'
    if landscape:
        top, right, bottom, left = left, top, right, bottom
    ref = '<w:footerReference w:type="default" r:id="rIdGkFooter"/>' if footer else ""
    return (f"<w:sectPr>{ref}{size}<w:pgMar w:top=\"{top}\" w:right=\"{right}\" w:bottom=\"{bottom}\" "
            f"w:left=\"{left}\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>"
            '<w:cols w:space="425" w:num="1"/></w:sectPr>')


# ---------------------------------------------------------------------------------------------
# Tables

def _set_cell(tc: ET.Element, text: str, st: Style, jc: str, value: bool, bold: bool = False):
    for p in tc.findall(q("p")):
        tc.remove(p)
    p = ET.SubElement(tc, q("p"))
    ppr = ET.SubElement(p, q("pPr"))
    ET.SubElement(ppr, q("spacing"), {q("before"): "0", q("after"): "0", q("line"): "240", q("lineRule"): "auto"})
    ET.SubElement(ppr, q("ind"), {q("left"): "0", q("right"): "0", q("firstLine"): "0"})
    ET.SubElement(ppr, q("jc"), {q("val"): jc})
    for i, line in enumerate(text.split("\n")):
        if not line and i == 0 and "\n" not in text:
            break
        r = ET.SubElement(p, q("r"))
        rpr = ET.SubElement(r, q("rPr"))
        a = (st.number_font or st.table_font) if value else st.table_font
        ET.SubElement(rpr, q("rFonts"), {q("hint"): "eastAsia", q("ascii"): a, q("hAnsi"): a,
                                         q("eastAsia"): st.table_font, q("cs"): a})
        if bold:
            ET.SubElement(rpr, q("b"))
        ET.SubElement(rpr, q("sz"), {q("val"): str(st.table_size)})
        ET.SubElement(rpr, q("szCs"), {q("val"): str(st.table_size)})
        if i:
            ET.SubElement(r, q("br"))
        t = ET.SubElement(r, q("t"))
        t.text = line
    tcpr = tc.find(q("tcPr"))
    va = tcpr.find(q("vAlign"))
    if va is None:
        va = ET.SubElement(tcpr, q("vAlign"))
    va.set(q("val"), st.valign if value else "center")


def _borders(tc: ET.Element, st: Style, fill: str | None = None):
    """Every cell bordered on all four sides (tcBorders override the template's mixed nil/outset)."""
    tcpr = tc.find(q("tcPr"))
    old = tcpr.find(q("tcBorders"))
    b = ET.Element(q("tcBorders"))
    for side in ("top", "left", "bottom", "right"):
        ET.SubElement(b, q(side), {q("val"): "single", q("color"): "000000", q("sz"): str(st.border), q("space"): "0"})
    if old is not None:
        idx = list(tcpr).index(old)
        tcpr.remove(old)
        tcpr.insert(idx, b)
    else:
        pos = 1 + sum(1 for e in tcpr if e.tag in (q("tcW"), q("gridSpan"), q("vMerge")))
        tcpr.insert(pos, b)
    shd = tcpr.find(q("shd"))
    if shd is not None and fill is not None:
        shd.set(q("fill"), fill)


def _is_continue(tc: ET.Element) -> bool:
    vm = tc.find(q("tcPr") + "/" + q("vMerge"))
    return vm is not None and vm.get(q("val")) != "restart"


def _span(tc: ET.Element) -> int:
    gs = tc.find(q("tcPr") + "/" + q("gridSpan"))
    return int(gs.get(q("val"))) if gs is not None else 1


def _set_widths(tbl: ET.Element, widths: list[int]):
    grid = tbl.find(q("tblGrid"))
    for g in list(grid):
        grid.remove(g)
    for w in widths:
        ET.SubElement(grid, q("gridCol"), {q("w"): str(w)})
    tblw = tbl.find(q("tblPr") + "/" + q("tblW"))
    tblw.set(q("w"), str(sum(widths)))
    tblw.set(q("type"), "dxa")
    for tr in tbl.findall(q("tr")):
        col = 0
        for tc in tr.findall(q("tc")):
            s = _span(tc)
            tcw = tc.find(q("tcPr") + "/" + q("tcW"))
            tcw.set(q("w"), str(sum(widths[col:col + s])))
            tcw.set(q("type"), "dxa")
            col += s


def _fill(tbl: ET.Element, grid: list[list[model.Cell]], st: Style, title_fill: str | None,
          centre_labels: bool = False):
    """Write the model grid's texts into the table's origin cells (vMerge continuations skipped)."""
    trs = tbl.findall(q("tr"))
    assert len(trs) == len(grid), (len(trs), len(grid))
    for tr, row in zip(trs, grid):
        origins = [tc for tc in tr.findall(q("tc")) if not _is_continue(tc)]
        assert len(origins) == len(row), ([c.text for c in row], len(origins))
        for tc, cell in zip(origins, row):
            if cell.kind == "value":
                jc = st.number_jc
            elif cell.kind == "title":
                jc = "left"
            elif cell.kind in ("head", "corner") or cell.rs > 1 or centre_labels:
                jc = "center"
            else:
                jc = "left"
            _set_cell(tc, cell.text, st, jc, cell.kind == "value", bold=cell.kind == "head" and st.head_bold)
        for tc in tr.findall(q("tc")):
            _borders(tc, st, title_fill if row and row[0].kind == "title" else None)
            if _is_continue(tc):
                va = tc.find(q("tcPr")).find(q("vAlign"))
                if va is not None:
                    va.set(q("val"), "center")


def _strip_row_borders(tbl: ET.Element):
    for tr in tbl.findall(q("tr")):
        ex = tr.find(q("tblPrEx"))
        if ex is not None:
            tr.remove(ex)


def _table2_2019(tpl: Template) -> ET.Element:
    """Table 二 of the 2019 trial format, built from the 2021 template's own rows."""
    src = tpl.tables[0]
    trs = src.findall(q("tr"))
    title_row, four_row = trs[0], trs[3]
    tbl = copy.deepcopy(src)
    for tr in tbl.findall(q("tr")):
        tbl.remove(tr)
    layout = ["title", 4, 4, 4, "title", 4, 4, 4, "title", 4, 4, 4, "title", (1, 1, 2), (1, 1, 2), "title",
              (1, 1, 2), (1, 1, 2)]
    for spec in layout:
        if spec == "title":
            tbl.append(copy.deepcopy(title_row))
            continue
        tr = copy.deepcopy(four_row)
        if isinstance(spec, tuple):      # merge the last two cells
            tcs = tr.findall(q("tc"))
            tr.remove(tcs[3])
            tcpr = tcs[2].find(q("tcPr"))
            gs = ET.Element(q("gridSpan"), {q("val"): "2"})
            tcpr.insert(1, gs)
        tbl.append(tr)
    return tbl


def _table3_one_row(tbl: ET.Element) -> ET.Element:
    """Replace （六）1–3 by a single （六）其他处理 row (a copy of the （七）总计 row)."""
    trs = tbl.findall(q("tr"))
    total_row = trs[26]
    for tr in trs[23:26]:
        tbl.remove(tr)
    tbl.insert(list(tbl).index(total_row), copy.deepcopy(total_row))
    return tbl


def build_tables(tpl: Template, rep: model.Report, st: Style, rng: random.Random) -> list[ET.Element]:
    fill = ("C6D9F1" if st.title_fill else "FFFFFF")
    t2 = copy.deepcopy(tpl.tables[0]) if rep.template == "2021" else _table2_2019(tpl)
    t3 = copy.deepcopy(tpl.tables[1])
    if rep.other_one_row:
        _table3_one_row(t3)
    t4 = copy.deepcopy(tpl.tables[2])
    for t in (t2, t3, t4):
        _strip_row_borders(t)
    _fill(t2, model.table2(rep), st, fill, centre_labels=True)
    _fill(t3, model.table3(rep), st, None)
    _fill(t4, model.table4(rep), st, None)
    # widths
    tw = st.text_width
    w2 = int(tw * st.width_factor)
    first = int(w2 * rng.uniform(0.22, 0.32))
    rest = (w2 - first) // 3
    _set_widths(t2, [first, rest, rest, w2 - first - 2 * rest])
    tw3 = (16838 - st.margins[0] - st.margins[2]) if st.landscape else tw
    w3 = int(tw3 * (rng.uniform(0.95, 1.08) if st.landscape else st.width_factor))
    vc = int(st.value_col * (1.4 if st.landscape else 1))
    vc = min(vc, (w3 - 3000) // 7)
    labels = w3 - 7 * vc
    a, b = int(labels * rng.uniform(0.13, 0.17)), int(labels * rng.uniform(0.16, 0.22))
    _set_widths(t3, [a, b, labels - a - b] + [vc] * 7)
    w4 = int((tw3 if st.landscape else tw) * st.width_factor)
    c4 = w4 // 15
    _set_widths(t4, [c4] * 14 + [w4 - 14 * c4])
    if st.repeat_header:
        for tr in t3.findall(q("tr"))[:3]:
            trpr = tr.find(q("trPr"))
            if trpr is None:
                trpr = ET.Element(q("trPr"))
                tr.insert(0, trpr)
            jc = trpr.find(q("jc"))
            pos = list(trpr).index(jc) if jc is not None else len(trpr)
            trpr.insert(pos, ET.Element(q("tblHeader")))
    return [t2, t3, t4]


# ---------------------------------------------------------------------------------------------
# The document

def build_docx(tpl: Template, rep: model.Report, out_path: str):
    rng = random.Random(rep.seed + ":docx")
    st = Style(rng, rep)
    tables = build_tables(tpl, rep, st, rng)
    body_ind = st.body_size * 20          # two characters
    body = lambda text, **kw: para(text, st.body_font, st.body_size, first_line=body_ind, line=st.line, **kw)
    head = lambda text: para(text, st.head_font, st.body_size, bold=st.head_bold, jc="left", first_line=body_ind,
                             line=st.line)
    parts = []
    if rng.random() < 0.3:
        parts.append(para("", st.body_font, st.body_size))
    tparts = ([rep.agency.name, rep.title[len(rep.agency.name):]] if st.title_two_lines else [rep.title])
    for i, t in enumerate(tparts):
        parts.append(para(t, st.title_font, st.title_size, bold=st.title_bold, jc="center",
                          line=("auto", 360), after=240 if i == len(tparts) - 1 else 0))
    if rng.random() < 0.3:
        parts.append(para(f"（{rep.pub_date[:4]}年{int(rep.pub_date[5:7])}月）", st.body_font, st.body_size, jc="center"))
    spacer = lambda: [para("", st.body_font, st.body_size)] * (rng.randint(0, 3) if st.spacers else 0)
    for heading, items in rep.sections:
        if heading.startswith("三、") and st.landscape:
            parts.append(para("", st.body_font, st.body_size, sect=sect_pr(st, False, bool(st.footer))))
        if heading:
            parts.append(head(heading))
        for kind, text in items:
            if kind == "h2":
                parts.append(para(text, st.body_font, st.body_size, bold=True, jc="left", first_line=body_ind,
                                  line=st.line))
            else:
                parts.append(body(text))
        idx = {"二": 0, "三": 1, "四": 2}.get(heading[:1])
        if idx is not None:
            parts.append(ET.tostring(tables[idx], encoding="unicode"))
            parts += spacer()
        if heading.startswith("四、") and st.landscape:
            parts.append(para("", st.body_font, st.body_size, sect=sect_pr(st, True, bool(st.footer))))
    if rep.signature:
        parts.append(para("", st.body_font, st.body_size))
        for line in (rep.agency.name, rep.sign_date()):
            parts.append(para(line, st.body_font, st.body_size, jc="right", line=st.line))
    body_xml = "".join(parts) + sect_pr(st, False, bool(st.footer))
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + tpl.root_tag
           + "<w:body>" + body_xml + "</w:body></w:document>")
    _write_zip(tpl, rep, st, doc, out_path)


def _footer_xml(fmt: str) -> str:
    before, after = fmt.split("{}")
    run = lambda t: f'<w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">{t}</w:t></w:r>'
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
            '<w:p><w:pPr><w:jc w:val="center"/></w:pPr>' + (run(before) if before else "")
            + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("1") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            + (run(after) if after else "") + "</w:p></w:ftr>")


def _write_zip(tpl: Template, rep: model.Report, st: Style, doc: str, out_path: str):
    parts = dict(tpl.parts)
    parts["word/document.xml"] = doc.encode("utf-8")
    if st.footer:
        parts["word/footer1.xml"] = _footer_xml(st.footer).encode("utf-8")
        rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
        rels = rels.replace("</Relationships>", '<Relationship Id="rIdGkFooter" Type="http://schemas.openxmlformats.org/'
                            'officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>')
        parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")
        ct = parts["[Content_Types].xml"].decode("utf-8")
        ct = ct.replace("</Types>", '<Override PartName="/word/footer1.xml" ContentType="application/vnd.'
                        'openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>')
        parts["[Content_Types].xml"] = ct.encode("utf-8")
    core = parts["docProps/core.xml"].decode("utf-8")
    title = {"title": rep.title, "empty": "", "stale": "政府信息公开工作年度报告格式模板"}[st.core_title]
    if title:
        core = core.replace("<dc:creator>", f"<dc:title>{escape(title)}</dc:title><dc:creator>")
    parts["docProps/core.xml"] = core.encode("utf-8")
    with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as z:
        # [Content_Types].xml first, as Word writes it
        for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n)):
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), parts[name],
                       compress_type=zipfile.ZIP_DEFLATED)


def convert(docx_paths: list[str], out_dir: str, job: int, timeout: int = 1800, tries: int = 3):
    """Print DOCX files to PDF with one soffice process and a private profile. soffice now and
    then stops before the end of a long batch (a crash, a busy machine): the files it did not
    print are given to a fresh process, up to `tries` times in all."""
    missing = list(docx_paths)
    stderr = ""
    for _ in range(tries):
        profile = tempfile.mkdtemp(prefix=f"gk_forms_lo{job}_")
        try:
            cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", out_dir] + missing
            try:
                stderr = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout).stderr
            except subprocess.TimeoutExpired:
                stderr = f"soffice ran past {timeout} s"
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        missing = [p for p in missing
                   if not os.path.exists(os.path.join(out_dir, os.path.basename(p)[:-5] + ".pdf"))]
        if not missing:
            return
    raise RuntimeError(f"soffice did not print {len(missing)} file(s), e.g. {missing[0]}: "
                       f"{stderr.strip()[-500:]}")
