"""Tables as text: for a terminal, a pipe, or ``render --format text``.

Two layouts of the same blocks (:func:`blocks`):

* the **official** layout (``render --format text``, and what the generator and the
  Markdown writer read): full labels, 表四 as one row of 15 cells, no width limit —
  text that loads back as the same report;
* the **display** layout (``govreport show``, ``check --show``): made to fit a width
  (80 columns by default).  Labels are printed with full-width brackets, as the
  official table prints them; 表四 is a 3 × 5 grid; when the full labels do not fit,
  the short forms declared in the templates (``Row.short``, ``Column.short``) are
  used, then a narrower column gap, then labels wrapped over several lines.

Lines are lists of ``(text, style)`` segments; styles are ``head``, ``label``,
``suspect`` (the single likely wrong cell of a finding), ``failing`` (a cell read
by an identity that does not hold) and ``""``.  Width is counted in display cells
(a CJK character takes two).  This module does not import typer or Rich.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

from .. import templates as T
from ..model import Cell, Report, format_number
from ..parse.numbers import MARKERS
from .terminal import one_line

WIDTH = 80  # the layout of piped output, whatever the environment says
MARKS = {"suspect": "!", "failing": "*"}


# ---------------------------------------------------------------- cell text
_DECIMAL = re.compile(r"[-+]?\d+\.\d+")


UNREAD_MARK = "？"  # a cell of a scan whose print OCR could not read (``check`` names it)


def cell_text(cell: Optional[Cell]) -> str:
    """A cell as printed: markers (—, /) kept, decimals with the digits printed (``73802895.90``)."""
    if cell is None:
        return ""
    if cell.value is None:
        if ((cell.prov or {}).get("ocr") or {}).get("status") == "missing":
            return UNREAD_MARK  # print on the page that OCR could not read: never shown as a blank
        return cell.raw if cell.raw and cell.raw.strip() in MARKERS else ""
    text = format_number(cell.value)
    if isinstance(cell.value, float) and cell.raw:
        m = _DECIMAL.search(unicodedata.normalize("NFKC", cell.raw).replace(",", ""))
        if m and float(m.group()) == cell.value:
            text = m.group().lstrip("+")
    return text + cell.unit if cell.unit else text


# ---------------------------------------------------------------- labels
class Label(str):
    """A label (the official text) that also knows its short form (``.short``)."""

    short: str

    def __new__(cls, full: str, short: str = ""):
        obj = super().__new__(cls, full)
        obj.short = short or full
        return obj


def display_width(text: str) -> int:
    """Terminal columns taken by ``text`` (CJK characters take two)."""
    from wcwidth import wcswidth

    w = wcswidth(text)
    return w if w >= 0 else len(text)


def pad(text: str, width: int, align: str = "left") -> str:
    gap = max(0, width - display_width(text))
    if align == "right":
        return " " * gap + text
    if align == "center":
        left = gap // 2
        return " " * left + text + " " * (gap - left)
    return text + " " * gap


CLOSING = frozenset("）)」』】〕》，。、；：！？”’")


def hanging(text: str, width: int) -> list:
    """``text`` wrapped to ``width``, its continuation lines indented two more than its own indent."""
    return wrap(text, width, " " * (len(text) - len(text.lstrip(" ")) + 2))


def wrap(text: str, width: int, indent: str = "") -> list:
    """``text`` cut into lines of at most ``width`` display cells; lines after the
    first start with ``indent``."""
    lines, line = [], ""
    for ch in text:
        if line.strip() and display_width(line + ch) > width:
            cut = line.rfind(" ", len(indent) if lines else 0) + 1  # a word is not cut: after its space
            if not cut or ch == " " or not (ch + line[cut:]).isascii():
                cut = len(line)
                if ch in CLOSING and cut - 1 > len(indent if lines else "") + 1:
                    cut -= 1  # a closing bracket or a comma never starts a line: its neighbour goes with it
            lines.append(line[:cut].rstrip())
            line = indent + line[cut:]
            if ch == " ":
                continue
        line += ch
    return lines + [line]


# ---------------------------------------------------------------- table blocks
@dataclass
class Block:
    """One printed table (table 2 prints as one block per 第二十条 item group)."""

    table: str
    title: Optional[str]
    header: list  # rows of (text, span)
    body: list  # (label, level, [(row, column) or None per value column]) ; level 0 = group row
    label_column: bool = True


def _header(columns: list) -> list:
    """One header row, or two when columns carry a spanning group label."""
    if not any(c.group for c in columns):
        return [[(Label(c.label, c.short), 1) for c in columns]]
    top, bottom = [], []
    i = 0
    while i < len(columns):
        c = columns[i]
        if c.group:
            j = i
            while j < len(columns) and columns[j].group == c.group:
                bottom.append((Label(columns[j].label, columns[j].short), 1))
                j += 1
            top.append((c.group, j - i))
            i = j
        else:
            top.append((Label(c.label, c.short), 1))
            bottom.append(("", 1))
            i += 1
    return [top, bottom]


def blocks(report: Report, table_key: str, official: bool = True) -> list:
    """The table's blocks; ``official=False``: 表四 as a grid of 3 rows × 5 columns."""
    table = report.tables.get(table_key)
    if table is None:
        return []
    spec = report.spec(table_key)
    if spec.flat and official:
        return [_flat_block(spec)]
    groups = {g.key: g for g in spec.groups}
    if len({r.columns for r in spec.rows}) > 1:  # items with their own fields (表二): one block per group
        out = []
        for g in spec.groups:
            rows = [r for r in spec.rows if r.group == g.key and r.key in table.rows]
            if not rows:
                continue
            header = _header([T.Column("", spec.label_header)] + [spec.column(c) for c in rows[0].columns])
            body = [(Label(r.label, r.short), 1, [(r.key, c) for c in r.columns]) for r in rows]
            out.append(Block(table_key, g.label, header, body))
        return out
    columns = list(spec.columns)
    header = [[("", 1)] + row for row in _header(columns)]
    body = []
    shown: set = set()
    for r in spec.rows:
        if r.key not in table.rows:
            continue
        chain = []
        g = groups.get(r.group)
        while g is not None and g.key not in shown:
            chain.append(g)
            g = groups.get(g.parent)
        for g in reversed(chain):
            shown.add(g.key)
            body.append((Label(g.label, g.short), -g.level, []))
        body.append((Label(r.label, r.short), r.level, [(r.key, c.key) for c in columns]))
    return [Block(table_key, None, header, body)]


def _flat_block(spec: T.TableSpec) -> Block:
    """Table 4 as printed: one row of 15 cells under a grouped header."""
    groups = {g.key: g for g in spec.groups}
    width = len(spec.columns)
    top, middle = [], []
    i = 0
    while i < len(spec.rows):
        r = spec.rows[i]
        if r.group:
            j = i
            while j < len(spec.rows) and spec.rows[j].group == r.group:
                middle.append((spec.rows[j].label, width))
                j += 1
            top.append((groups[r.group].label, width * (j - i)))
            i = j
        else:
            top.append((r.label, width))
            middle.append(("", width))
            i += 1
    bottom = [(c.label, 1) for _ in spec.rows for c in spec.columns]
    cells = [(r.key, c.key) for r in spec.rows for c in spec.columns]
    return Block(spec.key, None, [top, middle, bottom], [("", 1, cells)], label_column=False)


# ---------------------------------------------------------------- the grid
def _label(label, level: int, short: bool, display: bool) -> str:
    text = getattr(label, "short", label) if short else str(label)
    if display:
        from ..messages import display_label

        text = display_label(text)
    return "  " * (abs(level) - 1) + text if level else text


def _spans(block: Block, ncols: int):
    """Per header row: ``(text, value columns spanned)``; an empty list of columns is the label column."""
    offset = 1 if block.label_column else 0
    for hrow in block.header:
        out, col = [], 0
        for text, span in hrow:
            start = col - offset
            out.append((text, [c for c in range(start, start + span) if 0 <= c < ncols] if start >= 0 else []))
            col += span
        yield out


def _widths(block: Block, values: list, ncols: int, short: bool, sep: str, display: bool) -> list:
    widths = [0] * ncols
    for texts in values:
        for k, t in enumerate(texts):
            widths[k] = max(widths[k], display_width(t))
    for hrow in _spans(block, ncols):  # header cells spanning several columns widen them when needed
        for text, cols in hrow:
            if not cols:
                continue
            extra = display_width(_label(text, 0, short, display)) - sum(widths[c] for c in cols) \
                - len(sep) * (len(cols) - 1)
            for n, c in enumerate(cols):
                widths[c] += max(0, extra) // len(cols) + (1 if n < max(0, extra) % len(cols) else 0)
    return widths


def grid(block: Block, values: list, styles: list, width: Optional[int] = None, display: bool = True) -> list:
    """The block as lines of ``(text, style)`` segments.  ``values[i]``, ``styles[i]``: the texts and
    styles of the value cells of body row ``i``.  ``width``: the display cells the lines may take
    (None: no limit, full labels)."""
    ncols = max((len(v) for v in values), default=0)
    corner = [_label(text, 0, False, display) for hrow in _spans(block, ncols) for text, cols in hrow if not cols]
    shortest = max([display_width(_label(label, level, True, display)) for label, level, _ in block.body]
                   + [display_width(t) for t in corner], default=0)
    options = [(False, "  ")] if width is None else [(False, "  "), (True, "  "), (True, " ")]
    for short, sep in options:
        widths = _widths(block, values, ncols, short, sep, display)
        budget = None if width is None else width - sum(widths) - len(sep) * ncols
        if budget is None or not block.label_column or budget >= shortest:
            break
    stacked = block.label_column and budget is not None and budget < shortest  # labels above their values
    labels = []  # per body row: the label's lines
    for label, level, _ in block.body:
        full, brief = _label(label, level, False, display), _label(label, level, True, display)
        if stacked:
            labels.append([full] if display_width(full) <= width else wrap(brief, width, "  " * abs(level)))
        else:
            labels.append([full if budget is None or display_width(full) <= budget else brief])
    label_width = 0
    if block.label_column and not stacked:
        label_width = max(display_width(t) for t in corner + [ls[0] for ls in labels])
    out = [[(t, "head")] for t in wrap(_label(block.title, 0, short, display), width or 10**6)] if block.title else []
    for hrow in _spans(block, ncols):
        segs = []
        for text, cols in hrow:
            text = _label(text, 0, short, display)
            if not cols:
                segs.append(("" if stacked else pad(text, label_width), "head"))
            else:
                segs += [(sep, ""), (pad(text, sum(widths[c] for c in cols) + len(sep) * (len(cols) - 1), "center"),
                                     "head")]
        out.append(segs)
    for lines, texts, row_styles, (_, level, _) in zip(labels, values, styles, block.body):
        style = "label" if level <= 0 else ""
        if stacked:
            out += [[(t, style)] for t in lines]
        segs = [] if stacked or not block.label_column else [(pad(lines[0], label_width), style)]
        for k, t in enumerate(texts):
            segs += [(sep, ""), (pad(t, widths[k], "right"), row_styles[k])]
        if segs:
            out.append(segs)
    return out


# ---------------------------------------------------------------- whole reports
def table_heading(table_key: str) -> str:
    for s in T.SECTIONS:
        if s.table == table_key:
            return f"{s.number}、{s.title}"
    return table_key


def _table_lines(report: Report, tkey: str, cell_style, marker: bool, width: Optional[int], display: bool) -> list:
    table = report.tables[tkey]
    out = []
    for block in blocks(report, tkey, official=not display):
        values, styles = [], []
        for _, _, cells in block.body:
            row_styles = [cell_style((tkey,) + tuple(ref)) if ref else "" for ref in cells]
            values.append([cell_text(table.cell(*ref)) if ref else "" for ref in cells])
            styles.append(row_styles)
        if marker:  # a marker after the value; the column's other values keep the place free
            for k in {k for row in styles for k, s in enumerate(row) if s}:
                for texts, row_styles in zip(values, styles):
                    if k < len(texts):
                        texts[k] += MARKS.get(row_styles[k], " ")
        out += grid(block, values, styles, width, display) + [[]]
    for note in report.notes:
        if note.table == tkey:
            out += [[(t, "")] for t in wrap("注：" + one_line(note.text), width or 10**6, "")]
    return out


def _report_tables(report: Report, tables, cell_style, marker: bool, width, display: bool) -> list:
    out = []
    for tkey in T.TABLE_ORDER:
        if tables and tkey not in tables or tkey not in report.tables:
            continue
        out += [[], [(table_heading(tkey), "head")]]
        out += _table_lines(report, tkey, cell_style, marker, width, display)
    return out


def text_lines(report: Report, tables=None) -> list:
    """Every requested table in the official layout (full labels, no width limit), a heading above each."""
    return _report_tables(report, tables, lambda ref: "", False, None, False)


def report_lines(report: Report, tables=None, suspects=frozenset(), failing=frozenset(), width: int = WIDTH,
                 wide: bool = False, marker: bool = True) -> list:
    """Every requested table laid out to fit ``width`` display cells (``wide``: full labels,
    no limit), a heading above each; cells in ``suspects`` and ``failing`` (``(table, row,
    column)``) styled ``suspect`` / ``failing`` and, with ``marker``, followed by ``!`` / ``*``
    (plain text).  A legend line follows when a marked cell, or a cell OCR could not read
    (:data:`UNREAD_MARK`), is shown."""
    from .. import messages as M

    shown = set()

    def cell_style(ref):
        style = "suspect" if ref in suspects else "failing" if ref in failing else ""
        if style:
            shown.add(style)
        return style

    out = _report_tables(report, tables, cell_style, marker, None if wide else width, True)
    unread = _unread_shown(report, tables)
    if shown or unread:
        legend = []
        out.append([])
        for style in ("suspect", "failing"):
            if style in shown:
                words = M.text(f"show.legend.{style}")
                legend += [("　" if legend else "", "")] + (
                    [(f"{MARKS[style]} {words}", "")] if marker else [(words, style)])
        if unread:
            legend += [("　" if legend else "", ""), (f"{UNREAD_MARK} {M.text('show.legend.unread')}", "")]
        out.append(legend)
    return out


def _unread_shown(report: Report, tables) -> bool:
    """Is a cell printed as :data:`UNREAD_MARK` in the tables shown?"""
    return any(cell_text(cell) == UNREAD_MARK
               for tkey, table in report.tables.items() if not tables or tkey in tables
               for _, _, cell in table.cells())


def finding_cells(result) -> tuple:
    """``(suspects, failing)`` of a check result, for :func:`report_lines`: the single likely
    wrong cell of each error finding, and the printed totals of the failing identities."""
    suspects, failing = set(), set()
    for f in result.findings:
        if f.severity != "error":
            continue
        if f.suspect:
            suspects.add((f.suspect["table"], f.suspect["row"], f.suspect["column"]))
        if f.cells:
            failing.add(f.cells[0])  # the identity's target: the printed total
    return frozenset(suspects), frozenset(failing - suspects)


def title_line(report: Report) -> str:
    """The report's title and what it was read as: ``…年度报告（2021年度，2021版模板，text）``."""
    from .. import messages as M

    meta = [M.text("show.meta.year", year=report.year)] if report.year else []
    meta.append(M.text("show.meta.template", template=report.template) if report.template != "none"
                else M.text("show.meta.no_template"))
    meta.append(report.source.get("format", ""))
    if report.source.get("script") == "traditional":
        meta.append(M.text("show.meta.traditional"))
    title = report.title or report.agency or report.path or M.text("show.untitled")
    meta = M.text("show.meta.sep").join(one_line(m) for m in meta if m)
    return M.text("show.title", title=one_line(title), meta=meta)


def plain(lines: list) -> str:
    return "\n".join("".join(t for t, _ in segs).rstrip() for segs in lines)
