"""Test data: consistent random reports, written in several layouts, optionally
with one injected error and an answer file naming it.

Every generated report satisfies every identity of its template; an injected
error changes one table-3 or table-4 cell by a nonzero amount, so at least the
row identity of that cell fails.  Labels come from the template declarations.
"""

from __future__ import annotations

import json
import os
import random
from typing import Optional

from . import templates as T
from .model import Cell, Report, Section, Table, format_number

LAYOUTS = ("markdown", "cells", "rows")

_PLACES = ("太仓市", "昆山市", "淮安市", "沭阳县", "平潭综合实验区", "常熟市", "吴江区", "海门市", "如皋市", "丰县")
_BODIES = ("", "人民政府", "人民政府办公室", "发展和改革局", "财政局", "自然资源和规划局", "住房和城乡建设局")


# ---------------------------------------------------------------- reports
def _cells(values: dict) -> dict:
    return {k: Cell(v, format_number(v)) for k, v in values.items()}


def _small(rng: random.Random, high: int) -> int:
    """Mostly zeros and small counts, sometimes larger (several digits)."""
    roll = rng.random()
    if roll < 0.45:
        return 0
    if roll < 0.9:
        return rng.randint(1, 9)
    return rng.randint(10, high)


def _requests(rng: random.Random, template: str) -> Table:
    spec = T.get(template).tables["requests"]
    applicants = [c.key for c in T.APPLICANT_COLUMNS]
    leaves = [r.key for r in spec.rows if r.leaf]
    rows: dict = {}
    for leaf in leaves:
        rows[leaf] = {c: _small(rng, 400 if c == "natural_person" else 40) for c in applicants}
    rows["total"] = {c: sum(rows[leaf][c] for leaf in leaves) for c in applicants}
    rows["carried_over"] = {c: rng.randint(0, min(rows["total"][c], 9)) for c in applicants}
    rows["carried_forward"] = {c: rng.randint(0, 9) if rng.random() < 0.4 else 0 for c in applicants}
    rows["new_received"] = {c: rows["total"][c] + rows["carried_forward"][c] - rows["carried_over"][c]
                            for c in applicants}
    out = {}
    for r in spec.rows:
        vals = dict(rows[r.key])
        vals["total"] = sum(vals.values())
        out[r.key] = _cells(vals)
    return Table("requests", out)


def _review(rng: random.Random) -> Table:
    out = {}
    for r in T.REVIEW_LITIGATION.rows:
        vals = {c: _small(rng, 60) for c in ("upheld", "corrected", "other", "pending")}
        vals["total"] = sum(vals.values())
        out[r.key] = _cells(vals)
    return Table("review_litigation", out)


def _active(rng: random.Random, template: str) -> Table:
    spec = T.get(template).tables["active_disclosure"]
    out = {}
    for r in spec.rows:
        vals = {}
        for c in r.columns:
            kind = spec.column(c).kind
            if kind == "signed":
                vals[c] = rng.randint(-20, 20)
            elif kind == "amount":
                vals[c] = round(rng.uniform(1, 90000), rng.choice((0, 1, 2))) if rng.random() < 0.8 else 0
                vals[c] = int(vals[c]) if float(vals[c]).is_integer() else vals[c]
            else:
                vals[c] = _small(rng, 5000)
        out[r.key] = _cells(vals)
    return Table("active_disclosure", out)


def narrative(report: Report, rng: random.Random) -> str:
    """Section 一 text: figures that agree with the tables, and look-alikes that must not be compared."""
    req = report.tables["requests"]
    rl = report.tables["review_litigation"]
    new, over, fwd = (req.value(r, "total") for r in ("new_received", "carried_over", "carried_forward"))
    review = rl.value("review", "total")
    lit = rl.value("litigation_direct", "total") + rl.value("litigation_after_review", "total")
    online = rng.randint(0, new) if new else 0
    return "\n".join([
        f"{report.year}年,{report.agency}坚持以人民为中心深化政务公开,发布各类政策信息{rng.randint(20, 900)}条。",
        "(一)依申请公开",
        f"全年共收到政府信息公开申请{new}件,其中网上申请{online}件、信函申请{new - online}件;"
        f"上年结转{over}件,结转下年度继续办理{fwd}件。全系统收到各类申请约{new + rng.randint(5, 500)}件。",
        "(二)监督保障",
        f"本年度发生政府信息公开行政复议{review}件,行政诉讼{lit}件。",
    ])


def random_report(rng: random.Random, template: str = "2021", year: Optional[int] = None,
                  agency: Optional[str] = None) -> Report:
    """A report whose every identity holds."""
    year = year or (rng.choice((2019, 2020)) if template == "2019" else rng.randint(2021, 2024))
    agency = agency or rng.choice(_PLACES) + rng.choice(_BODIES)
    report = Report(title=f"{agency}{year}年政府信息公开工作年度报告", agency=agency, year=year,
                    template=template, source={"path": "", "format": "generated", "script": "simplified"})
    report.tables = {"active_disclosure": _active(rng, template), "requests": _requests(rng, template),
                     "review_litigation": _review(rng)}
    period = f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    texts = {"一": period + "\n" + narrative(report, rng), "五": "部分单位依申请公开的制度规范尚不健全。"}
    report.sections = [Section(s.number, s.title, texts.get(s.number, "")) for s in T.SECTIONS]
    return report


# ---------------------------------------------------------------- errors
def inject_error(report: Report, rng: random.Random) -> dict:
    """Change one table-3 or table-4 cell by a nonzero amount (never below 0).
    Returns the answer: which cell, old and new value."""
    table = rng.choice(("requests", "requests", "review_litigation"))
    cells = [(r, c) for r, c, _ in report.tables[table].cells()]
    row, col = rng.choice(cells)
    cell = report.tables[table].cell(row, col)
    old = cell.value
    delta = rng.choice([d for d in (-10, -9, -3, -2, -1, 1, 2, 3, 9, 10) if old + d >= 0])
    cell.value = old + delta
    cell.raw = format_number(cell.value)
    return {"table": table, "row": row, "column": col, "old": old, "new": cell.value}


# ---------------------------------------------------------------- writers
def _value_text(report: Report, table: str, row: str, col: str) -> str:
    from .render import cell_text

    return cell_text(report.tables[table].cell(row, col))


def _table_lines(report: Report, tkey: str, one_cell: bool) -> list:
    """The printed table: labels, then values (one per line, or a row per line)."""
    from .render import blocks

    spec = report.spec(tkey)
    out = []

    def emit(label, values):
        if one_cell:
            out.extend(([label] if label else []) + values)
        else:
            out.append(" ".join(([label] if label else []) + values))

    for block in blocks(report, tkey):
        if block.title:
            out.append(block.title)
        for hrow in block.header:
            out.extend(text for text, _ in hrow if text.strip())
        if spec.flat:
            emit("", [_value_text(report, tkey, r, c) for _, _, cells in block.body for r, c in cells])
            continue
        for label, level, cells in block.body:
            if not cells:
                out.append(label)
                continue
            emit(label, [_value_text(report, tkey, r, c) for r, c in cells])
    return out


def to_lines(report: Report, one_cell: bool = True) -> str:
    """Plain text: one cell per line (the wiki-mirror layout) or one row per line (PDF extraction)."""
    from .render import reading_order

    out = [report.title, ""]
    for heading, text, table in reading_order(report):
        out.append(heading)
        if text:
            out.append(text)
        if table:
            out.extend(_table_lines(report, table, one_cell))
    return "\n".join(out) + "\n"


def write(report: Report, layout: str, traditional: bool = False) -> str:
    from .render import to_markdown

    if layout == "markdown":
        text = to_markdown(report)
    elif layout in ("cells", "rows"):
        text = to_lines(report, one_cell=layout == "cells")
    else:
        raise ValueError(f"unknown layout {layout!r}")
    if traditional:
        import opencc

        text = opencc.OpenCC("s2t").convert(text)
    return text


def write_corpus(directory: str, count: int, seed: int = 0, error_rate: float = 0.5,
                 templates=("2021", "2019"), layouts=LAYOUTS, traditional_rate: float = 0.0) -> list:
    """Write ``count`` reports into ``directory``; each with an injected error
    also gets ``NAME.answer.json``.  Returns ``[(path, answer or None)]``."""
    rng = random.Random(seed)
    os.makedirs(directory, exist_ok=True)
    out = []
    for n in range(count):
        template = templates[n % len(templates)]
        layout = layouts[(n // len(templates)) % len(layouts)]
        report = random_report(rng, template)
        answer = inject_error(report, rng) if rng.random() < error_rate else None
        ext = ".md" if layout == "markdown" else ".txt"
        path = os.path.join(directory, f"report-{n:05d}-{template}-{layout}{ext}")
        trad = rng.random() < traditional_rate
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(write(report, layout, trad))
        if answer is not None:
            answer = dict(answer, file=path, layout=layout, template=template, traditional=trad)
            with open(path + ".answer.json", "w", encoding="utf-8") as fh:
                json.dump(answer, fh, ensure_ascii=False, indent=1)
        out.append((path, answer))
    return out
