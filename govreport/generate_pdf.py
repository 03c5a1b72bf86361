"""Test PDFs in the layout of district-government reports, from a :class:`Report`.

``build(report, font)`` prints the report's sections and tables with fpdf2 and a
CJK font, the way district reports lay table 3 and table 4 out (report-format.md
§2.3, §2.4, §7.2):

* 三、本年度办理结果 printed as vertical text, one character per line, in a
  narrow first label column beside the result rows, close to the labels;
* the group labels （三）不予公开 … in a second label column, wrapped a few
  characters per line (``groups="column"``), one character per line
  (``"vertical"``, where the group's rows have room) or as rows of their own
  above their leaves (``"rows"``, so the leaf labels stand next to the vertical
  column);
* long labels wrapped over two to four lines, the numbers vertically centred
  (on the middle line of a three-line label);
* column headers split over lines (商业/企业, 科研/机构, 社会/公益/组织);
* table 4 under three header levels (行政复议 | 行政诉讼, 未经复议直接起诉 /
  复议后起诉, then 结果维持 … 总计 under each);
* blank cells (a cell whose value is None) printed as nothing.

A 2021 report whose requests table has the 2019 rows prints （六）其他处理 as
one row with seven numbers.  Every page has a running header and a page number.
fpdf2 is imported only when a PDF is built.
"""

from __future__ import annotations

import copy
import glob
import os
import random
import shutil
import subprocess
from dataclasses import dataclass
from typing import Optional

from . import templates as T
from .model import Cell, Report, format_number

PT = 25.4 / 72  # millimetres per point


@dataclass
class PdfLayout:
    """How :func:`build` lays a report out (every field has the district default)."""

    vertical_results: bool = True  # 三、本年度办理结果 one character per line beside the result rows
    vertical_pair: bool = False  # print 三、 as one line, the column's characters left-aligned (淮安 style)
    groups: str = "column"  # （三）不予公开 …: "column" (wrapped), "vertical" (where there is room), "rows"
    vertical_groups: tuple = ("denied", "unavailable", "not_processed", "other")  # which, with groups="vertical"
    glue: float = 0.6  # mm between a vertical character and the label text after it
    label_width: int = 13  # characters per line of a leaf label (longer labels wrap; wider rows take more)
    numbers: str = "middle"  # a wrapped row's numbers: "middle" (vertically centred) or "first" (first line)
    header_chars: int = 2  # characters per line of a table-3/table-4 column header (商业/企业)
    align: str = "center"  # values in their column: "center" or "right"
    font_size: float = 9.0  # table text, in points
    row_padding: float = 1.2  # mm above and below the lines of a table row
    break_after: Optional[str] = None  # table 3 continues on a new page after this row key
    shift: Optional[dict] = None  # row key -> its numbers moved right by this fraction of a column
    script: str = "simplified"  # or "traditional" (OpenCC s2t) or "taiwan" (s2twp: Taiwan phrasing)


# ---------------------------------------------------------------- fonts and blanks
def find_cjk_font() -> Optional[str]:
    """A CJK font file on this machine (fontconfig first, then the usual folders), or None."""
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True).stdout
        files = sorted(line.split(":")[0].strip() for line in out.splitlines() if line.strip())
        files = [f for f in files if f.lower().endswith((".ttf", ".ttc", ".otf"))]
        if files:
            return files[0]
    for pattern in ("wqy*/*.tt[fc]", "*/wqy*/*.tt[fc]", "*/noto*cjk*/*.tt[fc]", "*/Noto*CJK*.tt[fc]",
                    "*/droid/*Fallback*.ttf"):
        for root in ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.fonts")):
            hits = sorted(glob.glob(os.path.join(root, "**", pattern), recursive=True))
            if hits:
                return hits[0]
    return None


def with_blanks(report: Report, rng: random.Random, count: int,
                tables=("requests", "review_litigation")) -> Report:
    """A copy of ``report`` with ``count`` table-3/table-4 cells left blank (value None)."""
    out = copy.deepcopy(report)
    cells = [(t, r, c) for t in tables if t in out.tables for r, c, _ in out.tables[t].cells()]
    for t, r, c in rng.sample(cells, min(count, len(cells))):
        out.tables[t].rows[r][c] = Cell(None, "")
    return out


def with_requests_rows(report: Report, template: str, rng: random.Random) -> Report:
    """A copy of ``report`` whose table 3 has the rows of another template (a 2021
    report printing （六）其他处理 as one row: ``template="2019"``)."""
    from .generate import random_report

    out = copy.deepcopy(report)
    out.tables["requests"] = random_report(rng, template).tables["requests"]
    return out


# ---------------------------------------------------------------- the document
class _Doc:
    """An fpdf2 document with a cursor: ``y`` is the top of the next thing printed (mm)."""

    TOP, BOTTOM, LEFT, RIGHT = 22.0, 272.0, 15.0, 195.0

    def __init__(self, font: str, running: str, script: str = "simplified"):
        import fpdf

        self.convert = _converter(script)
        running = self.convert(running)

        class _Pdf(fpdf.FPDF):
            def header(inner):
                inner.set_font("cjk", size=8)
                inner.text(inner.w - 15 - inner.get_string_width(running), 12, running)

            def footer(inner):
                inner.set_font("cjk", size=9)
                label = f"- {inner.page_no()} -"
                inner.text((inner.w - inner.get_string_width(label)) / 2, 287, label)

        self.pdf = _Pdf(format="A4", unit="mm")
        self.pdf.set_auto_page_break(False)
        extra = {"collection_font_number": 0} if font.lower().endswith(".ttc") else {}
        self.pdf.add_font("cjk", "", font, **extra)
        self.pdf.add_page()
        self.y = self.TOP

    def need(self, height: float) -> None:
        if self.y + height > self.BOTTOM:
            self.new_page()

    def new_page(self) -> None:
        self.pdf.add_page()
        self.y = self.TOP

    def width(self, text: str, size: float) -> float:
        self.pdf.set_font("cjk", size=size)
        return self.pdf.get_string_width(text)

    def put(self, text: str, x: float, baseline: float, size: float, align: str = "left", right: float = 0.0):
        """Print ``text`` at ``x`` (left edge), centred between ``x`` and ``right``, or right-aligned at ``right``."""
        if not text:
            return
        text = self.convert(text)
        self.pdf.set_font("cjk", size=size)
        w = self.pdf.get_string_width(text)
        if align == "center":
            x = (x + right - w) / 2
        elif align == "right":
            x = right - w
        self.pdf.text(x, baseline, text)

    def paragraph(self, text: str, size: float = 10.5, width: int = 38, indent: int = 2) -> None:
        line = size * PT * 1.6
        for para in text.splitlines():
            if not para.strip():
                continue
            chunks = _wrap("\u3000" * indent + para.strip(), width)
            for chunk in chunks:
                self.need(line)
                self.put(chunk, self.LEFT, self.y + line * 0.75, size)
                self.y += line

    def heading(self, text: str, size: float = 12) -> None:
        self.need(size * PT * 4)
        self.y += size * PT * 0.8
        self.put(text, self.LEFT, self.y + size * PT, size)
        self.y += size * PT * 1.8

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _converter(script: str):
    """Simplified → the script asked for, as a function on strings."""
    if script == "simplified":
        return lambda text: text
    import opencc

    return opencc.OpenCC({"traditional": "s2t", "taiwan": "s2twp"}[script]).convert


def _wrap(text: str, width: int) -> list:
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def build(report: Report, font: str, layout: Optional[PdfLayout] = None) -> bytes:
    """The report as PDF bytes in the district layout (see the module text)."""
    layout = layout or PdfLayout()
    doc = _Doc(font, f"{report.agency}信息公开", layout.script)
    doc.y = 30
    title = report.title or f"{report.agency}{report.year}年政府信息公开工作年度报告"
    for chunk in _wrap(title, 22):
        doc.put(chunk, doc.LEFT, doc.y + 6, 16, "center", doc.RIGHT)
        doc.y += 9
    doc.y += 4
    for section in report.sections or [_Section(s.number, s.title, "") for s in T.SECTIONS]:
        spec = next((s for s in T.SECTIONS if s.number == section.number), None)
        doc.heading(f"{section.number}、{section.title}")
        if section.text:
            doc.paragraph(section.text)
        table = spec.table if spec else None
        if table and table in report.tables:
            {"active_disclosure": _table2, "requests": _table3, "review_litigation": _table4}[table](
                doc, report, layout)
    return doc.output()


@dataclass
class _Section:
    number: str
    title: str
    text: str


def _value(report: Report, table: str, row: str, column: str) -> str:
    cell = report.tables[table].cell(row, column)
    return "" if cell is None or cell.value is None else format_number(cell.value)


# ---------------------------------------------------------------- table 2
def _table2(doc: _Doc, report: Report, layout: PdfLayout) -> None:
    spec = report.spec("active_disclosure")
    table = report.tables["active_disclosure"]
    size = layout.font_size
    line = size * PT * 1.9
    for group in spec.groups:
        rows = [r for r in spec.rows if r.group == group.key and r.key in table.rows]
        if not rows:
            continue
        columns = [spec.column(c) for c in rows[0].columns]
        doc.need(line * (2 + len(rows)))
        doc.put(group.label.replace("(", "（").replace(")", "）"), doc.LEFT, doc.y + line * 0.7, size,
                "center", doc.RIGHT)
        doc.y += line
        width = (doc.RIGHT - doc.LEFT - 50) / len(columns)
        doc.put(spec.label_header, doc.LEFT + 1, doc.y + line * 0.7, size)
        for i, c in enumerate(columns):
            x = doc.LEFT + 50 + i * width
            doc.put(c.label.replace("(", "（").replace(")", "）").replace(":", "："), x, doc.y + line * 0.7,
                    size * 0.8, "center", x + width)
        doc.y += line
        for r in rows:
            doc.put(r.label, doc.LEFT + 1, doc.y + line * 0.7, size)
            for i, c in enumerate(columns):
                x = doc.LEFT + 50 + i * width
                doc.put(_value(report, "active_disclosure", r.key, c.key), x, doc.y + line * 0.7, size,
                        "center", x + width)
            doc.y += line
        doc.y += line * 0.4


# ---------------------------------------------------------------- table 3
@dataclass
class _Row:
    key: str
    label: str
    level: int
    group: Optional[str]
    lines: list  # the label, wrapped
    top: float = 0.0
    height: float = 0.0
    page: int = 0



@dataclass
class _Grid:
    """Table 3's columns (mm): label columns A (三、本年度办理结果), B (（三）不予公开 …)
    and C (leaf labels), then the value columns from ``v`` to ``right``."""

    a: float
    b: float
    c: float
    v: float
    right: float
    char: float  # a CJK character's width

    @classmethod
    def of(cls, doc: "_Doc", layout: "PdfLayout") -> "_Grid":
        char = layout.font_size * PT
        a = doc.LEFT
        b = a + 2.4 * char
        c = b + 4.6 * char
        return cls(a, b, c, c + (layout.label_width + 0.6) * char, doc.RIGHT, char)

    def width(self, level: int, layout: "PdfLayout") -> int:
        """Characters per line of a row label at ``level``."""
        return layout.label_width + {1: 6, 2: 4, 3: 0}[level]

_T3_HEADER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _label(text: str) -> str:
    """A template label as printed (full-width brackets and comma)."""
    return text.replace("(", "（").replace(")", "）").replace(",", "，")


def _table3(doc: _Doc, report: Report, layout: PdfLayout) -> None:
    spec = report.spec("requests")
    table = report.tables["requests"]
    g = _Grid.of(doc, layout)
    pitch = layout.font_size * PT * 1.45  # line pitch inside a row
    columns = [c.key for c in spec.columns]
    groups = {grp.key: grp for grp in spec.groups}

    rows = []
    for r in spec.rows:
        if r.key not in table.rows:
            continue
        if layout.groups == "rows" and r.group in groups and groups[r.group].level == 2 and \
                (not rows or rows[-1].group != r.group):
            label = _label(groups[r.group].label)
            rows.append(_Row("", label, 2, "results", [label]))
        level = 2 if layout.groups == "rows" and r.level == 3 else r.level
        rows.append(_Row(r.key, _label(r.label), r.level, r.group, _wrap(_label(r.label), g.width(level, layout))))

    _table3_header(doc, layout, g, columns)
    for n, row in enumerate(rows):
        row.height = len(row.lines) * pitch + 2 * layout.row_padding
        if doc.y + row.height > doc.BOTTOM:
            doc.new_page()
        row.top, row.page = doc.y, doc.pdf.page
        _row3(doc, report, layout, g, row, columns, pitch)
        doc.y += row.height
        if row.key and row.key == layout.break_after and n + 1 < len(rows):
            doc.new_page()
    _group_labels(doc, layout, g, rows, groups, pitch)
    doc.y += 4


def _table3_header(doc: _Doc, layout: PdfLayout, g: _Grid, columns: list) -> None:
    size = layout.font_size
    line = size * PT * 1.45
    width = (g.right - g.v) / len(columns)
    heads = {c.key: c.label for c in T.REQUEST_COLUMNS}
    doc.need(line * 8 + 30)
    top = doc.y
    doc.put("申请人情况", g.v, top + line, size, "center", g.right)
    doc.put("法人或其他组织", g.v + width, top + 2.4 * line, size, "center", g.v + 6 * width)
    note = int((g.v - g.a - 2) / (0.85 * g.char))
    for k, chunk in enumerate(_wrap(_T3_HEADER_NOTE, note)):
        doc.put(chunk, g.a + 1, top + (1.5 + k) * line, size * 0.85)
    bottom = top + 3.6 * line  # the leaf header row starts here
    chars = layout.header_chars
    for i, key in enumerate(columns):
        x = g.v + i * width
        parts = _wrap(heads[key], chars)
        if key in ("natural_person", "total"):  # rowspan 2: centred over both header rows
            first = top + 2.4 * line + (2.2 * line - len(parts) * line) / 2
        else:
            first = bottom
        for k, part in enumerate(parts):
            doc.put(part, x, first + (k + 0.8) * line, size * 0.9, "center", x + width)
    doc.y = bottom + (len(_wrap("社会公益组织", chars)) + 0.6) * line


def _row3(doc: _Doc, report: Report, layout: PdfLayout, g: _Grid, row: _Row, columns: list, pitch: float) -> None:
    size = layout.font_size
    first = row.top + layout.row_padding
    x = {1: g.a + 1, 2: g.b + 1, 3: g.c + 1}[row.level]
    if layout.groups == "rows" and row.level == 3:
        x = g.b + 1  # no group column: the leaf labels stand next to the vertical column
    for k, part in enumerate(row.lines):
        doc.put(part, x, first + (k + 0.8) * pitch, size)
    if not row.key:
        return  # a group label printed as a row of its own
    if layout.numbers == "middle":
        baseline = first + ((len(row.lines) - 1) / 2 + 0.8) * pitch
    else:
        baseline = first + 0.8 * pitch
    width = (g.right - g.v) / len(columns)
    shift = (layout.shift or {}).get(row.key, 0.0) * width
    for i, c in enumerate(columns):
        cx = g.v + i * width + shift
        if layout.align == "right":
            doc.put(_value(report, "requests", row.key, c), cx, baseline, size, "right", cx + width - 2)
        else:
            doc.put(_value(report, "requests", row.key, c), cx, baseline, size, "center", cx + width)


def _group_labels(doc: _Doc, layout: PdfLayout, g: _Grid, rows: list, groups: dict, pitch: float) -> None:
    """The spanning group labels, printed after the rows (their extent is known then):
    三、本年度办理结果 in column A, the level-2 groups in column B."""
    size = layout.font_size
    results = [r for r in rows if r.group is not None]  # the rows under 三、本年度办理结果
    if layout.vertical_results and layout.vertical_pair:  # 三、 fits on one line: the column is two characters wide
        _vertical(doc, ["三、"] + list("本年度办理结果"), results, g.b + 1 - layout.glue - 2 * g.char, size, pitch)
    elif layout.vertical_results:  # one character per line, right beside the labels
        _vertical(doc, list("三、本年度办理结果"), results, g.b + 1 - layout.glue - g.char, size, pitch)
    if layout.groups == "rows":
        return
    for key, group in groups.items():
        if group.level != 2:
            continue
        members = [r for r in rows if r.group == key and r.key]
        if not members:
            continue
        label = _label(group.label)
        lines = sum(len(r.lines) for r in members)
        if layout.groups == "vertical" and key in layout.vertical_groups and lines >= len(label) and \
                len({r.page for r in members}) == 1:
            _vertical(doc, list(label), members, g.b + (g.c - g.b - g.char) / 2, size, pitch)
        else:
            _wrapped_group(doc, g, label, members, size, pitch)


def _vertical(doc: _Doc, elements: list, rows: list, x: float, size: float, pitch: float) -> None:
    """Characters one per line, at the line pitch, centred over ``rows`` — over
    their part on the page holding most of their lines, when they cross a page."""
    pages: dict = {}
    for r in rows:
        pages[r.page] = pages.get(r.page, 0) + len(r.lines)
    page = max(pages, key=lambda p: pages[p])
    span = [r for r in rows if r.page == page]
    top, bottom = span[0].top, span[-1].top + span[-1].height
    start = (top + bottom) / 2 - len(elements) * pitch / 2
    for j, element in enumerate(elements):
        _on_page(doc, page, lambda y=start + (j + 0.8) * pitch, e=element: doc.put(e, x, y, size))


def _wrapped_group(doc: _Doc, g: _Grid, label: str, rows: list, size: float, pitch: float) -> None:
    parts = _wrap(label, 4)
    page = rows[0].page
    span = [r for r in rows if r.page == page]
    top, bottom = span[0].top, span[-1].top + span[-1].height
    start = (top + bottom) / 2 - len(parts) * pitch / 2
    for j, part in enumerate(parts):
        _on_page(doc, page, lambda y=start + (j + 0.8) * pitch, t=part: doc.put(t, g.b + 1, y, size))


def _on_page(doc: _Doc, page: int, draw) -> None:
    """Draw on ``page`` (an earlier page of the table: fpdf2 can go back to a page)."""
    current = doc.pdf.page
    doc.pdf.page = page
    doc.pdf.set_font("cjk", size=1)  # make the next font choice reach this page's content
    draw()
    doc.pdf.page = current
    doc.pdf.set_font("cjk", size=1)


# ---------------------------------------------------------------- table 4
def _table4(doc: _Doc, report: Report, layout: PdfLayout) -> None:
    spec = report.spec("review_litigation")
    size = layout.font_size * 0.9
    line = size * PT * 1.5
    width = (doc.RIGHT - doc.LEFT) / (len(spec.rows) * len(spec.columns))
    block = width * len(spec.columns)
    heads = [c.label for c in spec.columns]
    doc.need(line * 10)
    top = doc.y
    doc.put("行政复议", doc.LEFT, top + 0.8 * line, size, "center", doc.LEFT + block)
    doc.put("行政诉讼", doc.LEFT + block, top + 0.8 * line, size, "center", doc.RIGHT)
    doc.put("未经复议直接起诉", doc.LEFT + block, top + 2.0 * line, size, "center", doc.LEFT + 2 * block)
    doc.put("复议后起诉", doc.LEFT + 2 * block, top + 2.0 * line, size, "center", doc.RIGHT)
    chars = min(layout.header_chars, 3)  # 15 narrow columns: longer lines would run into each other
    for b, r in enumerate(spec.rows):
        for i, head in enumerate(heads):
            x = doc.LEFT + b * block + i * width
            parts = _wrap(head, chars)
            first = top + (1.6 if b == 0 else 2.6) * line  # 行政复议's sub-headers span two header rows
            for k, part in enumerate(parts):
                doc.put(part, x, first + (k + 0.8) * line, size, "center", x + width)
    doc.y = top + (2.8 + len(_wrap("结果维持", chars))) * line
    baseline = doc.y + 0.8 * line
    for b, r in enumerate(spec.rows):
        for i, c in enumerate(spec.columns):
            x = doc.LEFT + b * block + i * width
            text = _value(report, "review_litigation", r.key, c.key)
            if layout.align == "right":
                doc.put(text, x, baseline, size, "right", x + width - 1.5)
            else:
                doc.put(text, x, baseline, size, "center", x + width)
    doc.y += 2 * line
