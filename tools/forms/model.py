"""The report model: random but internally consistent statistics, and the three tables as grids.

A `Report` holds everything every form prints: identity (agency, year, template version), the
expected cells (keys of /work/shared/spec/CELLS.md, numbers or None), the text each cell shows
(`shown`: `0.0320`, `/`, `+1`, `75394432.52元` ...), the narrative, and the label wording this
report uses.  All forms render from the same Report, so one expected.json fits all of them.

The expected values come only from here: the generator draws the numbers, then prints them.
"""
from __future__ import annotations

import dataclasses
import random

from agencies import Agency, random_agency
import narrative

# ---------------------------------------------------------------------------------------------
# Keys

APPLICANT_COLS = ["natural", "business", "research", "social", "legal", "other"]
T3_COLS = APPLICANT_COLS + ["total"]

WITHHELD = ["state_secret", "law_prohibited", "three_safety", "third_party", "internal_affairs",
            "process_info", "enforcement_file", "query_matter"]
UNAVAILABLE = ["not_held", "needs_creation", "unclear"]
NOT_PROCESSED = ["petition", "duplicate", "publication", "excessive", "confirmation"]
OTHER_2021 = ["overdue_correction", "overdue_fee", "other"]

T4_GROUPS = ["review", "litigation_direct", "litigation_after_review"]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]

T2_KEYS_2021 = ["regulation.issued", "regulation.repealed", "regulation.in_force",
                "normative.issued", "normative.repealed", "normative.in_force",
                "licensing.decisions", "penalty.decisions", "coercion.decisions", "fees.amount"]
T2_KEYS_2019 = ["regulation.made", "regulation.published", "regulation.total_published",
                "normative.made", "normative.published", "normative.total_published",
                "licensing.prev_items", "licensing.delta", "licensing.decisions",
                "other_services.prev_items", "other_services.delta", "other_services.decisions",
                "penalty.prev_items", "penalty.delta", "penalty.decisions",
                "coercion.prev_items", "coercion.delta", "coercion.decisions",
                "fees.prev_items", "fees.delta",
                "procurement.projects", "procurement.amount"]


def result_rows(other_one_row: bool) -> list[str]:
    """Row keys of 三、本年度办理结果 in print order, (七)总计 last."""
    rows = ["granted", "partial"] + [f"withheld.{k}" for k in WITHHELD]
    rows += [f"unavailable.{k}" for k in UNAVAILABLE] + [f"not_processed.{k}" for k in NOT_PROCESSED]
    rows += ["other"] if other_one_row else [f"other.{k}" for k in OTHER_2021]
    return rows + ["results_total"]


def t3_rows(other_one_row: bool) -> list[str]:
    return ["new", "carried_over"] + result_rows(other_one_row) + ["carried_forward"]


# ---------------------------------------------------------------------------------------------
# Table grids (what every form prints; the DOCX form maps them onto the official template)

@dataclasses.dataclass
class Cell:
    text: str
    kind: str = "label"          # corner | head | label | value | title
    rs: int = 1                  # rowspan
    cs: int = 1                  # colspan
    key: str | None = None       # cell key for value cells


@dataclasses.dataclass
class Labels:
    """The wording one report uses for its labels (real reports vary a little)."""
    half_brackets: bool = False  # (一) instead of （一）
    enum_sep: str = "."          # 1. / 1、 / 1．
    carried_note: str = ""       # （须与2021年度年报结转数一致）
    fee_unit: str = "（单位：万元）"
    social: str = "社会公益组织"
    law_prohibited: str = "其他法律行政法规禁止公开"
    repealed: str = "本年废止件数"
    corner_breaks: bool = False  # a line break inside header words (商业\n企业)

    def br(self, s: str) -> str:
        if self.half_brackets:
            s = s.replace("（", "(").replace("）", ")")
        return s

    def enum(self, n: int, s: str) -> str:
        return f"{n}{self.enum_sep}{s}"


ROW_LABELS = {
    "state_secret": "属于国家秘密", "three_safety": "危及“三安全一稳定”",
    "third_party": "保护第三方合法权益", "internal_affairs": "属于三类内部事务信息",
    "process_info": "属于四类过程性信息", "enforcement_file": "属于行政执法案卷",
    "query_matter": "属于行政查询事项",
    "not_held": "本机关不掌握相关政府信息", "needs_creation": "没有现成信息需要另行制作",
    "unclear": "补正后申请内容仍不明确",
    "petition": "信访举报投诉类申请", "duplicate": "重复申请", "publication": "要求提供公开出版物",
    "excessive": "无正当理由大量反复申请", "confirmation": "要求行政机关确认或重新出具已获取信息",
    "overdue_correction": "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "overdue_fee": "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other": "其他",
}


def v(rep: "Report", key: str, cs: int = 1) -> Cell:
    return Cell(rep.shown[key], "value", cs=cs, key=key)


def table2(rep: "Report") -> list[list[Cell]]:
    L = rep.labels
    t = lambda s: Cell(L.br(s), "title", cs=4)
    h = lambda s, cs=1: Cell(s, "head", cs=cs)
    lab = lambda s: Cell(s, "label")
    if rep.template == "2021":
        return [
            [t("第二十条第（一）项")],
            [h("信息内容"), h("本年制发件数"), h(L.repealed), h("现行有效件数")],
            [lab("规章")] + [v(rep, f"t2.regulation.{c}") for c in ("issued", "repealed", "in_force")],
            [lab("行政规范性文件")] + [v(rep, f"t2.normative.{c}") for c in ("issued", "repealed", "in_force")],
            [t("第二十条第（五）项")],
            [h("信息内容"), h("本年处理决定数量", 3)],
            [lab("行政许可"), v(rep, "t2.licensing.decisions", 3)],
            [t("第二十条第（六）项")],
            [h("信息内容"), h("本年处理决定数量", 3)],
            [lab("行政处罚"), v(rep, "t2.penalty.decisions", 3)],
            [lab("行政强制"), v(rep, "t2.coercion.decisions", 3)],
            [t("第二十条第（八）项")],
            [h("信息内容"), h(L.br("本年收费金额" + L.fee_unit), 3)],
            [lab("行政事业性收费"), v(rep, "t2.fees.amount", 3)],
        ]
    items = lambda key: [v(rep, f"t2.{key}.{c}") for c in ("prev_items", "delta", "decisions")]
    return [
        [t("第二十条第（一）项")],
        [h("信息内容"), h("本年新制作数量"), h("本年新公开数量"), h("对外公开总数量")],
        [lab("规章")] + [v(rep, f"t2.regulation.{c}") for c in ("made", "published", "total_published")],
        [lab("规范性文件")] + [v(rep, f"t2.normative.{c}") for c in ("made", "published", "total_published")],
        [t("第二十条第（五）项")],
        [h("信息内容"), h("上一年项目数量"), h("本年增/减"), h("处理决定数量")],
        [lab("行政许可")] + items("licensing"),
        [lab("其他对外管理服务事项")] + items("other_services"),
        [t("第二十条第（六）项")],
        [h("信息内容"), h("上一年项目数量"), h("本年增/减"), h("处理决定数量")],
        [lab("行政处罚")] + items("penalty"),
        [lab("行政强制")] + items("coercion"),
        [t("第二十条第（八）项")],
        [h("信息内容"), h("上一年项目数量"), h("本年增/减", 2)],
        [lab("行政事业性收费"), v(rep, "t2.fees.prev_items"), v(rep, "t2.fees.delta", 2)],
        [t("第二十条第（九）项")],
        [h("信息内容"), h("采购项目数量"), h("采购总金额", 2)],
        [lab("政府集中采购"), v(rep, "t2.procurement.projects"), v(rep, "t2.procurement.amount", 2)],
    ]


def table3(rep: "Report") -> list[list[Cell]]:
    """25 rows x 10 grid columns (2019 / one-row （六）: 23 rows), exactly as the template."""
    L = rep.labels
    vals = lambda row: [v(rep, f"t3.{row}.{c}") for c in T3_COLS]
    brk = "\n" if L.corner_breaks else ""
    rows = [
        [Cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "corner", rs=3, cs=3),
         Cell("申请人情况", "head", cs=7)],
        [Cell("自然人", "head", rs=2), Cell("法人或其他组织", "head", cs=5), Cell("总计", "head", rs=2)],
        [Cell(f"商业{brk}企业", "head"), Cell(f"科研{brk}机构", "head"), Cell(L.social, "head"),
         Cell(f"法律服务{brk}机构", "head"), Cell("其他", "head")],
        [Cell("一、本年新收政府信息公开申请数量", cs=3)] + vals("new"),
        [Cell("二、上年结转政府信息公开申请数量" + L.carried_note, cs=3)] + vals("carried_over"),
    ]
    res = result_rows(rep.other_one_row)
    first = [Cell("三、本年度办理结果", rs=len(res))]
    groups = [
        ("granted", "（一）予以公开", None),
        ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
        ("withheld", "（三）不予公开", WITHHELD),
        ("unavailable", "（四）无法提供", UNAVAILABLE),
        ("not_processed", "（五）不予处理", NOT_PROCESSED),
        ("other", "（六）其他处理", None if rep.other_one_row else OTHER_2021),
    ]
    for g, label, subs in groups:
        if subs is None:
            rows.append(first + [Cell(L.br(label), cs=2)] + vals(g))
            first = []
            continue
        for i, s in enumerate(subs):
            head = [Cell(L.br(label), rs=len(subs))] if i == 0 else []
            text = L.law_prohibited if s == "law_prohibited" else ROW_LABELS[s]
            rows.append(first + head + [Cell(L.enum(i + 1, text))] + vals(f"{g}.{s}"))
            first = []
    rows.append([Cell(L.br("（七）总计"), cs=2)] + vals("results_total"))
    rows.append([Cell("四、结转下年度继续办理", cs=3)] + vals("carried_forward"))
    return rows


def table4(rep: "Report") -> list[list[Cell]]:
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return [
        [Cell("行政复议", "head", cs=5), Cell("行政诉讼", "head", cs=10)],
        [Cell(h, "head", rs=2) for h in heads] + [Cell("未经复议直接起诉", "head", cs=5),
                                                  Cell("复议后起诉", "head", cs=5)],
        [Cell(h, "head") for h in heads * 2],
        [v(rep, f"t4.{g}.{c}") for g in T4_GROUPS for c in T4_COLS],
    ]


def grid_width(rows: list[list[Cell]]) -> int:
    return sum(c.cs for c in rows[0]) if rows else 0


# ---------------------------------------------------------------------------------------------
# Identities (independent of gongkai: the manifest lists exactly the ones a report breaks)

def check_identities(cells: dict, template: str, other_one_row: bool) -> list[dict]:
    """Return every broken identity of CELLS/RULES (A101, A102, A103, A201)."""
    broken = []
    g = lambda k: cells.get(k) or 0
    rows = t3_rows(other_one_row)
    for r in rows:
        parts = sum(g(f"t3.{r}.{c}") for c in APPLICANT_COLS)
        if parts != g(f"t3.{r}.total"):
            broken.append({"rule": "A101", "where": f"t3.{r}", "printed": g(f"t3.{r}.total"), "sum": parts})
    res = result_rows(other_one_row)[:-1]
    for c in T3_COLS:
        s = sum(g(f"t3.{r}.{c}") for r in res)
        if s != g(f"t3.results_total.{c}"):
            broken.append({"rule": "A102", "where": c, "printed": g(f"t3.results_total.{c}"), "sum": s})
        lhs = g(f"t3.new.{c}") + g(f"t3.carried_over.{c}")
        rhs = g(f"t3.results_total.{c}") + g(f"t3.carried_forward.{c}")
        if lhs != rhs:
            broken.append({"rule": "A103", "where": c, "new+carried_over": lhs,
                           "results_total+carried_forward": rhs})
    for grp in T4_GROUPS:
        s = sum(g(f"t4.{grp}.{c}") for c in T4_COLS[:-1])
        if s != g(f"t4.{grp}.total"):
            broken.append({"rule": "A201", "where": grp, "printed": g(f"t4.{grp}.total"), "sum": s})
    return broken


# ---------------------------------------------------------------------------------------------
# The report

@dataclasses.dataclass
class Report:
    name: str
    template: str                      # "2021" | "2019"
    year: int
    agency: Agency
    cells: dict                        # key -> number | None  (the expected answer)
    shown: dict                        # key -> text printed in the cell
    labels: Labels
    other_one_row: bool                # （六）其他处理 as one row (always for 2019)
    title: str = ""
    sections: list = dataclasses.field(default_factory=list)  # [(heading, [paragraph...])]
    pub_date: str = ""
    url: str = ""
    broken: list = dataclasses.field(default_factory=list)
    seed: str = ""
    signature: bool = False            # agency name and date right-aligned at the end

    def sign_date(self) -> str:
        d = self.pub_date
        return f"{d[:4]}年{int(d[5:7])}月{int(d[8:10])}日"

    def blocks(self) -> list[tuple]:
        """The article in reading order: ("title"|"h1"|"h2"|"p"|"sign", text) and ("table", n, grid)."""
        out = [("title", self.title)]
        grids = {"二": ("二", table2), "三": ("三", table3), "四": ("四", table4)}
        for heading, items in self.sections:
            if heading:
                out.append(("h1", heading))
            out += list(items)
            if heading[:1] in grids:
                n, f = grids[heading[:1]]
                out.append(("table", n, f(self)))
        if self.signature:
            out += [("sign", self.agency.name), ("sign", self.sign_date())]
        return out

    def expected(self) -> dict:
        return {"agency": self.agency.name, "year": self.year, "template": self.template,
                "cells": self.cells}


def _split(rng: random.Random, n: int, weights: list[float]) -> list[int]:
    """Split n into len(weights) non-negative parts, multinomially."""
    out = [0] * len(weights)
    if n <= 0 or not any(weights):
        if n > 0:
            out[0] = n
        return out
    if n > 400:        # large counts: proportional plus a multinomial remainder (fast)
        tot = sum(weights)
        for i, w in enumerate(weights):
            out[i] = int(n * w / tot * rng.uniform(0.85, 1.15))
        while sum(out) > n:
            i = max(range(len(out)), key=lambda j: out[j])
            out[i] -= sum(out) - n
        n -= sum(out)
    for i in rng.choices(range(len(weights)), weights=weights, k=n):
        out[i] += 1
    return out


def _fee_text(rng: random.Random, value: float) -> str:
    """A 万元 amount as organs print it: 0.0325, 1.2, 3.7500 (at most 4 decimals)."""
    s = f"{value:.{rng.choice([2, 3, 4, 4, 4])}f}"
    return s.rstrip("0").rstrip(".") if rng.random() < 0.5 else s


def parse_shown(text: str):
    """The number a printed cell shows (the expected value is always read back from the print)."""
    t = text.strip().rstrip("元").lstrip("+")
    if t in ("", "/", "—", "-", "无"):
        return None
    return float(t) if "." in t else int(t)


def _gen_t3(rng: random.Random, ag: Agency, other_one_row: bool) -> dict:
    scale = ag.scale
    if scale == "tiny":
        total_new = rng.choice([0, 0, 0, 1, 1, 2, 3, 4, 6])
    elif scale == "small":
        total_new = rng.choice([0, 1, 2, 3, 5, 8, 12, 17, 25, 33])
    elif scale == "medium":
        total_new = rng.randint(8, 180)
    else:
        total_new = int(rng.choice([120, 260, 480, 900, 1500, 2600]) * rng.uniform(0.6, 1.4))
    col_w = [1.0, rng.uniform(0.02, 0.35), rng.choice([0, 0, 0.01, 0.03]), rng.choice([0, 0, 0.01, 0.03]),
             rng.choice([0, 0, 0.02, 0.06]), rng.choice([0, 0, 0.02, 0.1])]
    new = _split(rng, total_new, col_w)
    co_total = 0 if rng.random() < 0.6 or total_new == 0 else max(0, int(total_new * rng.uniform(0.01, 0.12)))
    carried = _split(rng, co_total, col_w)
    rows = result_rows(other_one_row)[:-1]
    w = {r: 0.0 for r in rows}
    w["granted"] = rng.uniform(0.3, 0.8)
    w["partial"] = rng.choice([0, 0.02, 0.05, 0.1])
    w["unavailable.not_held"] = rng.uniform(0.05, 0.35)
    for r in rows:
        if w[r] == 0 and rng.random() < 0.3:
            w[r] = rng.uniform(0.005, 0.06)
    cells = {}
    for i, c in enumerate(APPLICANT_COLS):
        inflow = new[i] + carried[i]
        cf = 0 if rng.random() < 0.6 else min(inflow, int(inflow * rng.uniform(0, 0.15)))
        parts = _split(rng, inflow - cf, [w[r] for r in rows])
        cells[f"t3.new.{c}"] = new[i]
        cells[f"t3.carried_over.{c}"] = carried[i]
        for r, n in zip(rows, parts):
            cells[f"t3.{r}.{c}"] = n
        cells[f"t3.results_total.{c}"] = inflow - cf
        cells[f"t3.carried_forward.{c}"] = cf
    for r in t3_rows(other_one_row):
        cells[f"t3.{r}.total"] = sum(cells[f"t3.{r}.{c}"] for c in APPLICANT_COLS)
    return cells


def _gen_t4(rng: random.Random, ag: Agency) -> dict:
    cells = {}
    busy = rng.random() < (0.25 if ag.scale in ("tiny", "small") else 0.6)
    for g, top in zip(T4_GROUPS, (12, 6, 3)):
        n = rng.randint(0, top * (4 if ag.scale == "large" else 1)) if busy and rng.random() < 0.7 else 0
        parts = _split(rng, n, [rng.uniform(0.3, 1), rng.uniform(0, 0.3), rng.uniform(0, 0.3), rng.uniform(0, 0.5)])
        for c, x in zip(T4_COLS, parts):
            cells[f"t4.{g}.{c}"] = x
        cells[f"t4.{g}.total"] = n
    return cells


def _count(rng: random.Random, p_zero: float, lo: int, hi: int) -> int:
    """A count that is often 0; otherwise log-uniform in [lo, hi]."""
    if rng.random() < p_zero:
        return 0
    return int(round(lo * (hi / lo) ** rng.random())) if lo > 0 else rng.randint(0, hi)


def _gen_t2_2021(rng: random.Random, ag: Agency) -> dict:
    c = {}
    makes_rules = ag.level in ("province", "city") and ag.kind == "gov"
    c["t2.regulation.issued"] = _count(rng, 0.4, 1, 6) if makes_rules else 0
    c["t2.regulation.repealed"] = _count(rng, 0.6, 1, 4) if makes_rules else 0
    c["t2.regulation.in_force"] = _count(rng, 0.05, 20, 160) if makes_rules else 0
    big = ag.kind == "gov" or ag.scale in ("medium", "large")
    c["t2.normative.issued"] = _count(rng, 0.3, 1, 45 if big else 8)
    c["t2.normative.repealed"] = _count(rng, 0.5, 1, 25 if big else 4)
    c["t2.normative.in_force"] = _count(rng, 0.15, 3, 650 if big else 40)
    lic_hi = 9000 if ag.licensing_heavy else (600 if ag.scale != "tiny" else 30)
    c["t2.licensing.decisions"] = _count(rng, 0.35, 1, lic_hi)
    c["t2.penalty.decisions"] = _count(rng, 0.4, 1, 4000 if ag.enforcement_heavy else 120)
    c["t2.coercion.decisions"] = _count(rng, 0.6, 1, 400 if ag.enforcement_heavy else 20)
    c["t2.fees.amount"] = 0 if rng.random() < 0.75 else round(
        rng.choice([0.0325, 0.5, 1.2, 3.75, 12.6, 48.1234, 0.018]) * rng.uniform(0.5, 3), rng.choice([2, 3, 4]))
    return c


def _delta(rng: random.Random) -> int:
    return 0 if rng.random() < 0.65 else rng.choice([-5, -3, -2, -1, 1, 1, 2, 3, 6, 12])


def _gen_t2_2019(rng: random.Random, ag: Agency) -> dict:
    c = {}
    makes_rules = ag.level in ("province", "city") and ag.kind == "gov"
    for k, hi in (("regulation", 6 if makes_rules else 0), ("normative", 60)):
        made = _count(rng, 0.35, 1, hi) if hi else 0
        pub = made if rng.random() < 0.8 else rng.randint(0, made)
        c[f"t2.{k}.made"] = made
        c[f"t2.{k}.published"] = pub
        c[f"t2.{k}.total_published"] = pub + (_count(rng, 0.3, 1, 400) if hi else 0)
    for k, hi in (("licensing", 9000 if ag.licensing_heavy else 500), ("other_services", 300),
                  ("penalty", 4000 if ag.enforcement_heavy else 100), ("coercion", 300)):
        prev = _count(rng, 0.3, 1, 3000 if k == "penalty" else 400)
        c[f"t2.{k}.prev_items"] = prev
        c[f"t2.{k}.delta"] = max(-prev, _delta(rng))
        c[f"t2.{k}.decisions"] = _count(rng, 0.4, 1, hi)
    c["t2.fees.prev_items"] = _count(rng, 0.5, 1, 40)
    c["t2.fees.delta"] = max(-c["t2.fees.prev_items"], _delta(rng))
    c["t2.procurement.projects"] = _count(rng, 0.4, 1, 200)
    c["t2.procurement.amount"] = round(rng.uniform(3, 9000), 2) if c["t2.procurement.projects"] else 0
    return c


def _show(rng: random.Random, cells: dict, template: str) -> tuple[dict, dict]:
    """The text printed in each cell; blanks (`/`, `—`, empty) turn some table-二 cells to None."""
    shown = {k: (str(v) if isinstance(v, int) else v) for k, v in cells.items()}
    cells = dict(cells)
    blank = rng.choice(["/", "/", "—", "", "-", "无"])
    if template == "2021":
        if cells["t2.fees.amount"]:
            shown["t2.fees.amount"] = _fee_text(rng, cells["t2.fees.amount"])
        else:
            shown["t2.fees.amount"] = rng.choice(["0", "0", "0", "0.00", "0.0000"])
        candidates = [["t2.regulation.issued", "t2.regulation.repealed", "t2.regulation.in_force"],
                      ["t2.fees.amount"], ["t2.coercion.decisions"], ["t2.licensing.decisions"]]
    else:
        for k in [k for k in cells if k.endswith(".delta")]:
            n = cells[k]
            shown[k] = (f"+{n}" if n > 0 and rng.random() < 0.5 else str(n))
        amt = cells["t2.procurement.amount"]
        shown["t2.procurement.amount"] = (f"{amt:.2f}元" if amt and rng.random() < 0.15 else
                                          (f"{amt:.2f}" if amt else "0"))
        candidates = [["t2.regulation.made", "t2.regulation.published", "t2.regulation.total_published"],
                      ["t2.fees.prev_items", "t2.fees.delta"], ["t2.procurement.projects", "t2.procurement.amount"],
                      ["t2.other_services.prev_items", "t2.other_services.delta", "t2.other_services.decisions"]]
    if rng.random() < 0.3:
        for group in rng.sample(candidates, rng.randint(1, 2)):
            if all(not cells[k] for k in group):          # only cells that would have been 0
                for k in group:
                    shown[k] = blank
    return {k: parse_shown(shown[k]) for k in cells}, shown


def _break(rng: random.Random, cells: dict, shown: dict, other_one_row: bool) -> str:
    """Introduce one deliberate arithmetic error of a kind seen in real reports; describe it."""
    kind = rng.choice(["t4_total_zero", "results_total", "row_total", "carried_forward", "cell_typo"])
    def put(k, val):
        cells[k] = val
        shown[k] = str(val)
    if kind == "t4_total_zero":
        g = rng.choice(T4_GROUPS)
        if not cells[f"t4.{g}.total"]:
            put(f"t4.{g}.upheld", rng.randint(1, 11))
            put(f"t4.{g}.corrected", rng.choice([0, 0, 1]))
        put(f"t4.{g}.total", 0)
        return f"table 四 {g}: 总计 printed 0 while its parts are not"
    if kind == "results_total":
        d = rng.choice([-6, -3, -1, 2, 5])
        for c in ("natural", "total"):
            put(f"t3.results_total.{c}", max(0, cells[f"t3.results_total.{c}"] + d))
        return f"table 三 （七）总计 of natural and total off by {d}"
    if kind == "row_total":
        r = rng.choice(["new", "granted", "unavailable.not_held", "results_total"])
        put(f"t3.{r}.total", cells[f"t3.{r}.total"] + rng.choice([-2, -1, 1, 10]))
        if cells[f"t3.{r}.total"] < 0:
            put(f"t3.{r}.total", 0)
        return f"table 三 row {r}: 总计 differs from the sum of the applicant columns"
    if kind == "carried_forward":
        c = rng.choice(["natural", "total"])
        put(f"t3.carried_forward.{c}", cells[f"t3.carried_forward.{c}"] + rng.randint(1, 4))
        return f"table 三 四、结转下年度继续办理 ({c}) breaks 一+二 = （七）+四"
    r = rng.choice(result_rows(other_one_row)[:-1])
    c = rng.choice(APPLICANT_COLS[:2])
    put(f"t3.{r}.{c}", cells[f"t3.{r}.{c}"] + rng.randint(1, 3))
    return f"table 三 cell {r}.{c} one too many (a typo)"


def generate(name: str, seed: str, *, template: str | None = None, broken: bool = False) -> Report:
    rng = random.Random(seed)
    if template is None:
        template = "2019" if rng.random() < 0.25 else "2021"
    year = rng.choice([2019, 2020]) if template == "2019" else rng.choice([2021, 2022, 2023, 2023, 2024, 2024, 2025])
    ag = random_agency(rng)
    other_one_row = template == "2019" or rng.random() < 0.05
    cells = {}
    cells.update(_gen_t2_2021(rng, ag) if template == "2021" else _gen_t2_2019(rng, ag))
    cells.update(_gen_t3(rng, ag, other_one_row))
    cells.update(_gen_t4(rng, ag))
    cells = {k: cells[k] for k in _key_order(template, other_one_row)}
    cells, shown = _show(rng, cells, template)
    labels = _labels(rng, year)
    rep = Report(name, template, year, ag, cells, shown, labels, other_one_row, seed=seed)
    if broken:
        desc = _break(rng, rep.cells, rep.shown, other_one_row)
        rep.broken = [{"description": desc}] + check_identities(rep.cells, template, other_one_row)
        if len(rep.broken) == 1:      # the change happened to cancel out: force a visible one
            rep.cells["t4.review.total"] = (rep.cells["t4.review.total"] or 0) + 1
            rep.shown["t4.review.total"] = str(rep.cells["t4.review.total"])
            rep.broken = [{"description": desc + "; table 四 review total one too many"}] + \
                check_identities(rep.cells, template, other_one_row)
    rep.signature = rng.random() < 0.5
    rep.title = narrative.title(rng, rep)
    rep.sections = narrative.sections(rng, rep)
    m = rng.randint(1, 3)
    d = rng.randint(1, 28 if m != 1 else 31)
    rep.pub_date = f"{year + 1}-{m:02d}-{d:02d}"
    rep.url = ag.site + f"/art/{year + 1}/{m}/{d}/art_{rng.randint(1000, 9999)}_{rng.randint(100000, 9999999)}.html"
    return rep


def _key_order(template: str, other_one_row: bool) -> list[str]:
    keys = [f"t2.{k}" for k in (T2_KEYS_2021 if template == "2021" else T2_KEYS_2019)]
    keys += [f"t3.{r}.{c}" for r in t3_rows(other_one_row) for c in T3_COLS]
    keys += [f"t4.{g}.{c}" for g in T4_GROUPS for c in T4_COLS]
    return keys


def _labels(rng: random.Random, year: int) -> Labels:
    L = Labels()
    L.half_brackets = rng.random() < 0.12
    L.enum_sep = rng.choices([".", "、", "．"], [0.8, 0.15, 0.05])[0]
    if rng.random() < 0.12:
        L.carried_note = f"（须与{year - 1}年度年报结转数一致）"
    if rng.random() < 0.06:
        L.fee_unit = "（单位：万元，保留4位小数）"
    if rng.random() < 0.06:
        L.social = "社会组织"
    if rng.random() < 0.03:
        L.law_prohibited = "其他法律行政止公开"
    if rng.random() < 0.03:
        L.repealed = "本年度止件数"
    L.corner_breaks = rng.random() < 0.2
    return L
