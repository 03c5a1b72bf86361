"""Test data: consistent random reports, written in several layouts, optionally
with one injected error and an answer file naming it.

Every generated report satisfies every identity of its template; an injected
error changes one table-3 or table-4 cell by a nonzero amount, so at least the
row identity of that cell fails.  Labels come from the template declarations.

Writers: a layout (``ALL_LAYOUTS``) × a script (``SCRIPTS``: Simplified, Traditional
character by character, Traditional with Taiwan phrasing) × an encoding
(``ENCODINGS``).  ``written()`` also says where every table cell stands in the
text, so that :mod:`govreport.damage` can damage one cell as it is printed.
"""

from __future__ import annotations

import json
import os
import random
import re
from dataclasses import dataclass
from typing import Optional

from . import templates as T
from .model import Cell, Report, Section, Table, format_number

LAYOUTS = ("markdown", "cells", "rows")  # the original three (other tests iterate over these)
# pipes: every table line as a pipe row, no Markdown headings or |---| rules (web copy-paste);
# tabs: table lines with tab-separated cells (a table copied from a page or a spreadsheet).
ALL_LAYOUTS = LAYOUTS + ("pipes", "tabs")
# simplified; traditional = OpenCC s2t (character by character, the "繁體版" toggles);
# taiwan = OpenCC s2twp (Taiwan phrasing: 政府資訊公開, 行政規範性檔案, 本列資料 …).
SCRIPTS = ("simplified", "traditional", "taiwan")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "gb18030", "big5")
_OPENCC = {"traditional": "s2t", "taiwan": "s2twp"}

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
# Every value cell is written between these two private-use characters, so that its
# place survives the script conversion of the whole text; they are removed after it.
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARKED = re.compile(f"{_OPEN}([^{_CLOSE}]*){_CLOSE}")


@dataclass(frozen=True)
class CellSpan:
    """Where one table cell stands in a written text: ``text[start:end]``."""

    table: str
    row: str
    column: str
    start: int
    end: int
    line: int  # 1-based line number
    group: int  # the printed value row it belongs to (table 4 prints its 15 values as one row)
    index: int  # its position in that printed row
    size: int  # how many values that printed row has


@dataclass
class Written:
    """A written report: its text, and every table cell's place in it (in text order)."""

    text: str
    layout: str
    script: str
    cells: list  # CellSpan

    def row_cells(self, span: CellSpan) -> list:
        """The cells printed in the same value row as ``span``, in order."""
        return [c for c in self.cells if c.group == span.group]


class _Marks:
    """Hands out marked value texts and remembers which cell each one is."""

    def __init__(self, report: Report):
        self.report = report
        self.refs: list = []  # (table, row, column, group, index, size) per mark, in emission order
        self.groups = 0

    def row(self, table: str, refs: list) -> list:
        """Marked texts of one printed value row."""
        from .render import cell_text

        group = self.groups
        self.groups += 1
        out = []
        for k, (row, col) in enumerate(refs):
            self.refs.append((table, row, col, group, k, len(refs)))
            out.append(_OPEN + cell_text(self.report.tables[table].cell(row, col)) + _CLOSE)
        return out


def _value_text(report: Report, table: str, row: str, col: str) -> str:
    from .render import cell_text

    return cell_text(report.tables[table].cell(row, col))


def _table_lines(report: Report, tkey: str, one_cell: bool, marks: Optional[_Marks] = None,
                 sep: Optional[str] = None) -> list:
    """The printed table: labels, then values (one per line, or a row per line).

    ``sep`` (``"|"`` or ``"\t"``): every line of the table is a row of cells joined by
    it (a pipe row ``| a | b |``, or tab-separated cells)."""
    from .render import blocks

    spec = report.spec(tkey)
    out = []

    def values(refs):
        if marks is not None:
            return marks.row(tkey, refs)
        return [_value_text(report, tkey, r, c) for r, c in refs]

    def line(cells):
        if sep == "|":
            return "| " + " | ".join(cells) + " |"
        if sep == "\t":
            return "\t".join(cells)
        return " ".join(cells)

    def emit(label, vals):
        cells = ([label] if label else []) + vals
        if one_cell and sep is None:
            out.extend(cells)
        else:
            out.append(line(cells))

    for block in blocks(report, tkey):
        if block.title:
            out.append(line([block.title]) if sep else block.title)
        for hrow in block.header:
            texts = [text for text, _ in hrow if text.strip()]
            if sep:
                out.append(line(texts))
            else:
                out.extend(texts)
        if spec.flat:
            emit("", values([(r, c) for _, _, cells in block.body for r, c in cells]))
            continue
        for label, level, cells in block.body:
            if not cells:
                out.append(line([label]) if sep else label)
                continue
            emit(label, values(cells))
    return out


def to_lines(report: Report, one_cell: bool = True, marks: Optional[_Marks] = None,
             sep: Optional[str] = None) -> str:
    """Plain text: one cell per line (the wiki-mirror layout) or one row per line (PDF
    extraction); with ``sep``, table lines as pipe rows or tab-separated cells."""
    from .render import reading_order

    out = [report.title, ""]
    for heading, text, table in reading_order(report):
        out.append(heading)
        if text:
            out.append(text)
        if table:
            out.extend(_table_lines(report, table, one_cell, marks, sep))
    return "\n".join(out) + "\n"


def _markdown(report: Report, marks: _Marks) -> str:
    """As :func:`govreport.render.to_markdown`, with marked values."""
    from .render import to_markdown

    return to_markdown(report, marks.row)


def convert_script(text: str, script: str) -> str:
    """Simplified text in ``script`` (``SCRIPTS``)."""
    if script == "simplified":
        return text
    if script not in _OPENCC:
        raise ValueError(f"unknown script {script!r} (choose from {', '.join(SCRIPTS)})")
    from .normalize import _converter

    return _converter(_OPENCC[script]).convert(text)


def written(report: Report, layout: str, script: str = "simplified") -> Written:
    """The report written in ``layout`` and ``script``, with the place of every table cell."""
    marks = _Marks(report)
    if layout == "markdown":
        text = _markdown(report, marks)
    elif layout in ("cells", "rows"):
        text = to_lines(report, one_cell=layout == "cells", marks=marks)
    elif layout == "pipes":
        text = to_lines(report, one_cell=False, marks=marks, sep="|")
    elif layout == "tabs":
        text = to_lines(report, one_cell=False, marks=marks, sep="\t")
    else:
        raise ValueError(f"unknown layout {layout!r} (choose from {', '.join(ALL_LAYOUTS)})")
    text = convert_script(text, script)
    out, spans, pos, removed = [], [], 0, 0
    for k, m in enumerate(_MARKED.finditer(text)):
        out.append(text[pos:m.start()])
        start = m.start() - removed
        value = m.group(1)
        table, row, col, group, index, size = marks.refs[k]
        line = text.count("\n", 0, m.start()) + 1
        spans.append(CellSpan(table, row, col, start, start + len(value), line, group, index, size))
        out.append(value)
        removed += 2
        pos = m.end()
    out.append(text[pos:])
    if len(spans) != len(marks.refs):
        raise AssertionError("a cell mark was lost in the script conversion")
    return Written("".join(out), layout, script, spans)


def write(report: Report, layout: str, traditional: bool = False, script: Optional[str] = None) -> str:
    """The report as text in ``layout``; ``traditional=True`` is ``script="traditional"``."""
    return written(report, layout, script or ("traditional" if traditional else "simplified")).text


def encodings_for(script: str) -> tuple:
    """The encodings a text in ``script`` can be written in (Big5 holds no Simplified)."""
    return ENCODINGS if script != "simplified" else tuple(e for e in ENCODINGS if e != "big5")


def encode(text: str, encoding: str) -> bytes:
    """``text`` as bytes: ``utf-8-sig`` and ``utf-16`` with a byte-order mark.  For Big5,
    characters it lacks that have a Taiwan-standard variant are written as that variant
    (OpenCC ``s2t`` writes 爲, Big5 has 為); any other character Big5 lacks is a ValueError."""
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown encoding {encoding!r} (choose from {', '.join(ENCODINGS)})")
    if encoding == "big5":
        text = _big5_variants(text)
    return text.encode(encoding)


def _big5_variants(text: str) -> str:
    missing = {ch for ch in set(text) if not _encodes(ch, "big5")}
    if not missing:
        return text
    from .normalize import _converter

    swap = {}
    for ch in missing:
        alt = _converter("t2tw").convert(ch)
        if alt != ch and _encodes(alt, "big5"):
            swap[ch] = alt
    return "".join(swap.get(ch, ch) for ch in text)


def _encodes(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
        return True
    except UnicodeEncodeError:
        return False


def write_bytes(report: Report, layout: str, script: str = "simplified", encoding: str = "utf-8") -> bytes:
    """The report as the bytes of a file in ``layout``, ``script`` and ``encoding``."""
    return encode(written(report, layout, script).text, encoding)


def extension(layout: str) -> str:
    return ".md" if layout == "markdown" else ".txt"


def write_corpus(directory: str, count: int, seed: int = 0, error_rate: float = 0.5,
                 templates=("2021", "2019"), layouts=LAYOUTS, traditional_rate: float = 0.0,
                 taiwan_rate: float = 0.0, encodings=("utf-8",)) -> list:
    """Write ``count`` reports into ``directory``; each with an injected error
    also gets ``NAME.answer.json``.  Returns ``[(path, answer or None)]``.

    Of the Traditional reports, ``taiwan_rate`` are written with Taiwan phrasing;
    each file is in one of ``encodings`` (Big5 only for Traditional)."""
    rng = random.Random(seed)
    os.makedirs(directory, exist_ok=True)
    out = []
    for n in range(count):
        template = templates[n % len(templates)]
        layout = layouts[(n // len(templates)) % len(layouts)]
        report = random_report(rng, template)
        answer = inject_error(report, rng) if rng.random() < error_rate else None
        path = os.path.join(directory, f"report-{n:05d}-{template}-{layout}{extension(layout)}")
        trad = rng.random() < traditional_rate
        script = "traditional" if trad else "simplified"
        if trad and taiwan_rate and rng.random() < taiwan_rate:
            script = "taiwan"
        encoding = "utf-8"
        if tuple(encodings) != ("utf-8",):
            allowed = [e for e in encodings if e in encodings_for(script)] or ["utf-8"]
            encoding = rng.choice(allowed)
        with open(path, "wb") as fh:
            fh.write(write_bytes(report, layout, script, encoding))
        if answer is not None:
            answer = dict(answer, file=path, layout=layout, template=template, traditional=trad,
                          script=script, encoding=encoding)
            with open(path + ".answer.json", "w", encoding="utf-8") as fh:
                json.dump(answer, fh, ensure_ascii=False, indent=1)
        out.append((path, answer))
    return out


# Page numbers as print has them (``n`` the page, ``of`` the page count)
PAGE_NUMBERS = ("— {n} —", "- {n} -", "－{n}－", "-{n}-", "第 {n} 页", "第{n}页 共{of}页", "{n}/{of}", "{n} / {of}",
                "Page {n}")


def with_page_numbers(text: str, rng: random.Random, count: int = 3) -> str:
    """``text`` with ``count`` page numbers (``PAGE_NUMBERS``) on lines of their own at random line
    breaks — inside tables too, as text copied from a printed report has them."""
    lines = text.split("\n")
    for _ in range(count):
        at = rng.randint(1, len(lines))
        n = rng.randint(1, 30)
        lines.insert(at, rng.choice(PAGE_NUMBERS).format(n=n, of=n + rng.randint(0, 9)))
    return "\n".join(lines)


TYPED = ("html-p", "html-br", "html-pre", "docx-p")  # how text lines are typed into a page or a Word file


def typed(text: str, how: str) -> bytes:
    """A text report (one of the text layouts) typed into a web page or a Word file without a table:
    every line a ``<p>`` (``html-p``), the lines parted by ``<br>`` right in the ``<body>``
    (``html-br``), the whole text in a ``<pre>`` (``html-pre``), or every line a Word paragraph
    (``docx-p``) — as archived and hand-made reports are published.  Returns the file's bytes."""
    import html

    lines = text.split("\n")
    if how == "html-p":
        body = "".join(f"<p>{html.escape(line)}</p>\n" for line in lines)
    elif how == "html-br":
        body = "<br>\n".join(html.escape(line) for line in lines)
    elif how == "html-pre":
        body = f"<pre>{html.escape(text)}</pre>"
    elif how == "docx-p":
        import io

        import docx

        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
    else:
        raise ValueError(f"unknown way of typing {how!r} (choose from {', '.join(TYPED)})")
    return f"<html><head><meta charset=\"utf-8\"></head><body>{body}</body></html>".encode("utf-8")


def markdown_to_html(markdown: str) -> str:
    """A web page of a Markdown report as a site would print it: every pipe row a
    ``<tr>`` (its cells ``<td>``), every other line a ``<p>`` — so each damage written
    into a Markdown table is tested in HTML too."""
    import html
    import re

    out, in_table = ["<html><head><meta charset=\"utf-8\"></head><body>"], False
    for line in markdown.split("\n"):
        stripped = line.strip()
        if re.fullmatch(r"\|?\s*:?-{2,}.*", stripped):
            continue
        if stripped.startswith("|"):
            if not in_table:
                out.append("<table>")
                in_table = True
            cells = [c.strip().strip("*") for c in stripped.strip("|").split("|")]
            out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
            continue
        if in_table:
            out.append("</table>")
            in_table = False
        if stripped:
            out.append(f"<p>{html.escape(stripped.strip('# '))}</p>")
    out.append("</table></body></html>" if in_table else "</body></html>")
    return "\n".join(out)
