"""chromium-pdf: the report as a government site serves it, printed by headless Chromium.

The page has the site's chrome (top bar, banner, navigation, breadcrumbs 首页 > 政务公开 > …,
发布日期 / 信息来源 / 浏览次数, print/close links, related links, a footer with 网站标识码 and ICP
numbers) around the article, whose tables use rowspan/colspan exactly like the template and have
every cell bordered.  Varies per report: page and article width (wide pages are shrunk to the paper
by the print), A4 or Letter, fonts and sizes, a title sized so that it wraps (`…工作年` / `度报告`),
cell padding, number alignment, Word-pasted markup (<p class=MsoNormal>, &nbsp;) or clean markup,
column widths, a header row repeated on each printed page, a trailing 图解 link.
"""
from __future__ import annotations

import html
import os
import random
import shutil
import subprocess
import tempfile

import model

FONTS = ['"Microsoft YaHei", "Noto Sans CJK SC", sans-serif', '"SimSun", "Noto Serif CJK SC", serif',
         '"WenQuanYi Zen Hei", sans-serif', '"Noto Serif CJK SC", serif', '"仿宋_GB2312", "FangSong", serif',
         '"PingFang SC", "Noto Sans CJK SC", sans-serif']


def _em(s: str) -> float:
    """Approximate width of a string in em (CJK 1, ASCII ~0.55)."""
    return sum(1.0 if ord(ch) > 0x2000 else 0.55 for ch in s)


class WebStyle:
    def __init__(self, rng: random.Random, rep: model.Report):
        self.page = rng.choice([1000, 1000, 960, 900, 0])   # 0: fluid; wider pages get clipped by the print
        self.article_pad = rng.choice([20, 30, 40, 60])
        self.font = rng.choice(FONTS)
        self.size = rng.choice([14, 15, 16, 16, 18])
        self.table_size = rng.choice([12, 13, 14, 14, 16])
        self.a4 = rng.random() < 0.8
        self.pad = rng.choice([2, 3, 4, 6])
        self.align = rng.choice(["center", "center", "right"])
        self.word_paste = rng.random() < 0.5
        self.nbsp_values = rng.random() < 0.2
        self.table_width = rng.choice(["100%", "100%", "96%", "px"])
        self.thead = rng.random() < 0.3
        # explicit column widths for table 三 (percent of each value column), or the browser's auto layout
        self.value_pct = rng.choice([None, None, 6, 7, 8, 9])
        self.tujie = rng.random() < 0.25
        inner = (self.page or (718 if self.a4 else 740)) - 2 * self.article_pad
        if rng.random() < 0.45:        # size the title so that its last 1–4 characters wrap
            k = rng.randint(1, 4)
            self.title_size = max(18, min(40, int(inner / (_em(rep.title) - k + 0.4))))
        else:
            self.title_size = rng.choice([20, 22, 24, 26])
        self.inner = inner


def describe(rep: model.Report) -> dict:
    """The layout choices build_html makes for this report (for the manifest)."""
    st = WebStyle(random.Random(rep.seed + ":html"), rep)
    return {k: v for k, v in vars(st).items() if k in (
        "page", "a4", "title_size", "table_size", "align", "word_paste", "value_pct", "thead")}


def _cell_html(c: model.Cell, st: WebStyle, width: str = "") -> str:
    attrs = ""
    if c.rs > 1:
        attrs += f' rowspan="{c.rs}"'
    if c.cs > 1:
        attrs += f' colspan="{c.cs}"'
    if width:
        attrs += f' width="{width}"'
    text = html.escape(c.text).replace("\n", "<br>")
    if c.kind == "value":
        align = st.align
        if text == "":
            text = "&nbsp;"
        elif st.nbsp_values and (c.key or "").endswith(".total"):     # as pingtan-jtj-2024 prints its 总计
            text = f"<p>&nbsp;</p><p>{text}</p><p>&nbsp;</p>"
    elif c.kind == "title":
        align = "left"
    elif c.kind in ("head", "corner") or c.rs > 1:
        align = "center"
    else:
        align = "left"
    if st.word_paste:
        inner = (f'<p class="MsoNormal" align="{align}" style="text-align:{align}"><span style="font-size:'
                 f'{st.table_size}px">{text}</span></p>')
        return f'<td valign="middle"{attrs} style="border:solid windowtext 1.0pt;padding:0 {st.pad}px">{inner}</td>'
    return f'<td{attrs} style="text-align:{align}">{text}</td>'


def _table_html(grid: list[list[model.Cell]], st: WebStyle, name: str) -> str:
    width = st.table_width if st.table_width != "px" else f"{int(st.inner * 0.95)}px"
    rows = []
    for i, row in enumerate(grid):
        tds = "".join(_cell_html(c, st) for c in row)
        rows.append(f"<tr>{tds}</tr>")
    head_rows = 3 if name == "三" else (3 if name == "四" else 0)
    if st.thead and head_rows:
        body = "<thead>" + "".join(rows[:head_rows]) + "</thead><tbody>" + "".join(rows[head_rows:]) + "</tbody>"
    else:
        body = "<tbody>" + "\n".join(rows) + "</tbody>"
    cls = ' class="MsoNormalTable"' if st.word_paste else ' class="gk-table"'
    cols = ""
    if name == "三" and st.value_pct:
        label = 100 - 7 * st.value_pct
        cols = "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in
                                      [round(label * 0.16), round(label * 0.2), label - round(label * 0.16)
                                       - round(label * 0.2)] + [st.value_pct] * 7) + "</colgroup>"
    return (f'<table{cls} border="1" cellspacing="0" cellpadding="{st.pad}" '
            f'style="width:{width};border-collapse:collapse;margin:0 auto">{cols}{body}</table>')


def build_html(rep: model.Report) -> str:
    rng = random.Random(rep.seed + ":html")
    st = WebStyle(rng, rep)
    ag = rep.agency
    region = ag.region
    esc = html.escape
    parts = []
    for b in rep.blocks():
        kind = b[0]
        if kind == "title":
            continue
        if kind == "h1":
            parts.append(f'<p style="text-indent:2em"><strong>{esc(b[1])}</strong></p>' if rng.random() < 0.6
                         else f"<h3>{esc(b[1])}</h3>")
        elif kind == "h2":
            parts.append(f'<p style="text-indent:2em"><strong>{esc(b[1])}</strong></p>')
        elif kind == "p":
            p = esc(b[1])
            parts.append(f'<p class="MsoNormal" style="text-indent:2em">{p}</p>' if st.word_paste
                         else f'<p style="text-indent:2em">{p}</p>')
        elif kind == "sign":
            parts.append(f'<p style="text-align:right">{esc(b[1])}</p>')
        elif kind == "table":
            parts.append(_table_html(b[2], st, b[1]))
    if st.tujie:
        parts.append(f'<p><a href="./tujie.html">图解：{esc(rep.title)}</a></p>')
    page_w = f"width:{st.page}px;" if st.page else "max-width:1200px;"
    views = rng.randint(30, 9000)
    when = f"{rep.pub_date} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}"
    crumbs = rng.choice([["首页", "政务公开", "年度报告"], ["首页", "政务公开", "政府信息公开", "政府信息公开年度报告"],
                         ["首页", "信息公开", "法定主动公开内容", "政府信息公开年度报告"]])
    css = f"""
{"@page { size: A4; }" if st.a4 else ""}
body {{ margin:0; font-family:{st.font}; font-size:{st.size}px; color:#333; background:#f4f4f4; }}
.w {{ {page_w} margin:0 auto; }}
.top {{ background:#eee; font-size:12px; line-height:30px; color:#666; }}
.top .links {{ float:right; }}
.banner {{ background:#b50f14; color:#fff; height:90px; }}
.banner .logo {{ font-size:32px; font-weight:bold; line-height:90px; letter-spacing:4px; }}
.banner .search {{ float:right; margin-top:-60px; font-size:13px; }}
.nav {{ background:#8c0a0e; line-height:44px; }}
.nav a {{ color:#fff; margin:0 22px; text-decoration:none; font-size:16px; }}
.crumb {{ font-size:13px; line-height:40px; color:#555; }}
.crumb a {{ color:#555; text-decoration:none; }}
.article {{ background:#fff; padding:20px {st.article_pad}px 40px; }}
.article h1 {{ font-size:{st.title_size}px; text-align:center; color:#c00; line-height:1.5; margin:10px 0; font-weight:bold; }}
.meta {{ text-align:center; font-size:12px; color:#888; border-bottom:1px dashed #ccc; padding-bottom:10px; }}
.content {{ line-height:1.9; }}
.content table {{ font-size:{st.table_size}px; line-height:1.4; }}
.content td {{ border:1px solid #000; padding:{st.pad}px; }}
.content td p {{ margin:0; text-indent:0; }}
.tools {{ text-align:right; font-size:13px; color:#666; margin-top:30px; }}
.related {{ font-size:13px; color:#666; border-top:1px solid #ddd; margin-top:10px; padding-top:10px; }}
.footer {{ background:#333; color:#ccc; font-size:12px; line-height:24px; padding:20px 0; text-align:center; }}
"""
    related = "".join(f"<li><a>{esc(ag.name)}{y}年政府信息公开工作年度报告</a></li>"
                      for y in range(rep.year - 1, rep.year - rng.randint(1, 3) - 1, -1)) if rng.random() < 0.3 else \
        f"<li><a>{esc(region)}政府信息公开指南</a></li><li><a>依申请公开</a></li>"
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="ArticleTitle" content="{esc(rep.title)}"><meta name="PubDate" content="{when}">
<meta name="ContentSource" content="{esc(ag.name)}">
<title>{esc(rep.title)}_{esc(region)}人民政府</title><style>{css}</style></head>
<body>
<div class="top"><div class="w">欢迎访问{esc(region)}人民政府门户网站<span class="links">无障碍 | 长者模式 | 繁體 | 登录 | 注册</span></div></div>
<div class="banner"><div class="w"><div class="logo">{esc(region)}人民政府</div><div class="search">请输入关键词 搜索</div></div></div>
<div class="nav"><div class="w"><a>首页</a><a>政务公开</a><a>政务服务</a><a>互动交流</a><a>走进{esc(region)}</a><a>专题专栏</a></div></div>
<div class="w crumb">当前位置：{" &gt; ".join(f"<a>{c}</a>" for c in crumbs)}</div>
<div class="w"><div class="article">
<h1>{esc(rep.title)}</h1>
<div class="meta">发布日期：{when}　　信息来源：{esc(ag.name)}　　浏览次数：{views}　　字号：[ 大 中 小 ]</div>
<div class="content">
{chr(10).join(parts)}
</div>
<div class="tools">【打印本页】　【关闭窗口】</div>
<div class="related">相关链接：<ul>{related}</ul></div>
</div></div>
<div class="footer"><div class="w">主办单位：{esc(region)}人民政府办公室　承办单位：{esc(region)}大数据发展中心<br>
网站标识码：{rng.randint(3300000000, 5299999999)}　{"浙" if "浙" in ag.site else "闽"}ICP备{rng.randint(10000000, 99999999)}号-1　
公网安备 {rng.randint(33000000000000, 53999999999999)}号<br>联系电话：0{rng.randint(510, 899)}-{rng.randint(2000000, 8999999)}　建议使用1920×1080分辨率</div></div>
</body></html>
"""


def print_pdf(html_path: str, pdf_path: str, profile: str, timeout: int = 180):
    cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
           "--no-first-run", "--disable-extensions", f"--print-to-pdf={pdf_path}", "--no-pdf-header-footer",
           "file://" + os.path.abspath(html_path)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if not os.path.exists(pdf_path):
        raise RuntimeError(f"chromium did not print {html_path}: {r.stderr.strip()[-500:]}")


def convert(html_paths: list[str], out_dir: str, job: int):
    profile = tempfile.mkdtemp(prefix=f"gk_forms_chr{job}_")
    try:
        for p in html_paths:
            print_pdf(p, os.path.join(out_dir, os.path.basename(p)[:-5] + ".pdf"), profile)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
