"""Rendering a report: Markdown, plain text, JSON and YAML.

Table layouts come from the template declarations: the header groups of the
columns (法人或其他组织 over its five columns), the row groups (三、本年度办理结果,
(三)不予公开 …) and the row levels.  The text grid is returned as lines of
styled segments so that the CLI can print it plain or through Rich.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Optional

from . import templates as T
from .model import Cell, Report, format_number
from .parse.numbers import MARKERS

FORMATS = ("markdown", "text", "json", "yaml")


# ---------------------------------------------------------------- cell text
def cell_text(cell: Optional[Cell]) -> str:
    if cell is None:
        return ""
    if cell.value is None:
        return cell.raw if cell.raw and cell.raw.strip() in MARKERS else ""
    text = format_number(cell.value)
    return text + cell.unit if cell.unit else text





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
        return [[(c.label, 1) for c in columns]]
    top, bottom = [], []
    i = 0
    while i < len(columns):
        c = columns[i]
        if c.group:
            j = i
            while j < len(columns) and columns[j].group == c.group:
                bottom.append((columns[j].label, 1))
                j += 1
            top.append((c.group, j - i))
            i = j
        else:
            top.append((c.label, 1))
            bottom.append(("", 1))
            i += 1
    return [top, bottom]


def blocks(report: Report, table_key: str) -> list:
    table = report.tables.get(table_key)
    if table is None:
        return []
    spec = report.spec(table_key)
    if spec.flat:
        return [_flat_block(spec)]
    groups = {g.key: g for g in spec.groups}
    if len({r.columns for r in spec.rows}) > 1:  # items with their own fields (表二): one block per group
        out = []
        for g in spec.groups:
            rows = [r for r in spec.rows if r.group == g.key and r.key in table.rows]
            if not rows:
                continue
            columns = [spec.column(c) for c in rows[0].columns]
            header = [[(spec.label_header, 1)] + [(c.label, 1) for c in columns]]
            body = [(r.label, 1, [(r.key, c) for c in r.columns]) for r in rows]
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
            body.append((g.label, -g.level, []))
        body.append((r.label, r.level, [(r.key, c.key) for c in columns]))
    return [Block(table_key, None, header, body)]


def _flat_block(spec: T.TableSpec) -> Block:
    """Table 4 as printed: one row of 15 cells under a grouped header."""
    groups = {g.key: g for g in spec.groups}
    width = len(spec.columns)
    top, middle, bottom = [], [], []
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
        bottom.extend((c.label, 1) for c in spec.columns)
    bottom = [(c.label, 1) for _ in spec.rows for c in spec.columns]
    cells = [(r.key, c.key) for r in spec.rows for c in spec.columns]
    return Block(spec.key, None, [top, middle, bottom], [("", 1, cells)], label_column=False)


# ---------------------------------------------------------------- text grid
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


def grid(report: Report, block: Block, marks: frozenset = frozenset(), marker: str = "") -> list:
    """The block as lines of ``(text, style)`` segments; ``style`` is ``"head"``,
    ``"label"``, ``"mark"`` (a cell in a failing identity) or ``""``."""
    table = report.tables[block.table]
    ncols = max(len(cells) for _, _, cells in block.body) if block.body else 0
    label_rows = []
    value_rows = []
    for label, level, cells in block.body:
        indent = "  " * (abs(level) - 1) if level else ""
        label_rows.append(indent + label)
        vals = []
        for ref in cells:
            cell = table.cell(*ref) if ref else None
            text = cell_text(cell)
            if ref and (block.table,) + tuple(ref) in marks:
                text += marker
            vals.append(text)
        value_rows.append(vals)
    widths = [0] * ncols
    for vals in value_rows:
        for k, t in enumerate(vals):
            widths[k] = max(widths[k], display_width(t))
    # header cells spanning several columns widen them when needed
    offset = 1 if block.label_column else 0
    for hrow in block.header:
        col = 0
        for text, span in hrow:
            start = col - offset
            cols = [c for c in range(start, start + span) if 0 <= c < ncols]
            if cols:
                have = sum(widths[c] for c in cols) + 2 * (len(cols) - 1)
                need = display_width(text)
                if need > have:
                    extra = need - have
                    for n, c in enumerate(cols):
                        widths[c] += extra // len(cols) + (1 if n < extra % len(cols) else 0)
            col += span
    label_width = max([display_width(t) for t in label_rows] + [0]) if block.label_column else 0
    sep = "  "
    lines = []
    if block.title:
        lines.append([(block.title, "head")])
    for hrow in block.header:
        segs = []
        col = 0
        for text, span in hrow:
            start = col - offset
            if start < 0:
                segs.append((pad(text, label_width, "left"), "head"))
            else:
                cols = [c for c in range(start, start + span) if 0 <= c < ncols]
                w = sum(widths[c] for c in cols) + len(sep) * (len(cols) - 1)
                segs.append((sep, ""))
                segs.append((pad(text, w, "center"), "head"))
            col += span
        lines.append(segs)
    for label, vals, (_, level, cells) in zip(label_rows, value_rows, block.body):
        segs = []
        if block.label_column:
            segs.append((pad(label, label_width, "left"), "label" if level <= 0 else ""))
        for k, t in enumerate(vals):
            ref = cells[k]
            style = "mark" if ref and (block.table,) + tuple(ref) in marks else ""
            segs.append((sep, ""))
            segs.append((pad(t, widths[k], "right"), style))
        lines.append(segs)
    return lines


def table_heading(table_key: str) -> str:
    for s in T.SECTIONS:
        if s.table == table_key:
            return f"{s.number}、{s.title}"
    return table_key


def text_lines(report: Report, tables=None, marks=frozenset(), marker: str = "") -> list:
    """Every requested table as styled lines, with a heading above each."""
    out = []
    for tkey in T.TABLE_ORDER:
        if tables and tkey not in tables or tkey not in report.tables:
            continue
        out.append([])
        out.append([(table_heading(tkey), "head")])
        for block in blocks(report, tkey):
            out.extend(grid(report, block, marks, marker))
            out.append([])
        for note in report.notes:
            if note.table == tkey:
                out.append([("注:" + _one_line(note.text), "")])
    return out


def _one_line(text: str) -> str:
    from .output.terminal import one_line

    return one_line(text)


def title_line(report: Report) -> str:
    bits = [report.title or report.agency or report.path or "(untitled report)"]
    meta = []
    if report.year:
        meta.append(str(report.year))
    meta.append(f"template {report.template}")
    meta.append(report.source.get("format", ""))
    if report.source.get("script") == "traditional":
        meta.append("traditional script")
    return f"{_one_line(bits[0])}  ({', '.join(_one_line(m) for m in meta if m)})"


def plain(lines: list) -> str:
    return "\n".join("".join(t for t, _ in segs).rstrip() for segs in lines)


# ---------------------------------------------------------------- documents
def reading_order(report: Report):
    """``(heading, text, table)`` in reading order: each section with the table it
    holds (or None), then any table that no section holds, under its official heading."""
    placed = set()
    for s in report.sections:
        spec = next((x for x in T.SECTIONS if x.number == s.number), None)
        table = spec.table if spec and spec.table in report.tables else None
        placed.add(table)
        yield f"{s.number}、{s.title}", s.text, table
    for tkey in T.TABLE_ORDER:
        if tkey in report.tables and tkey not in placed:
            yield table_heading(tkey), "", tkey


def to_text(report: Report) -> str:
    """The whole report as plain text.  Control characters from the report (ESC,
    BEL, CR, C1, bidi overrides) are shown escaped (``\\x1b``): this is terminal
    output (:mod:`govreport.output.terminal`)."""
    from .output.terminal import escape, one_line

    parts = [one_line(report.title or ""), ""] + ([escape(report.preamble), ""] if report.preamble else [])
    for heading, text, table in reading_order(report):
        parts.append(one_line(heading))
        if text:
            parts.append(escape(text))
        if table:
            parts.append(escape(plain(text_lines(report, [table])[2:])))
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


# ---------------------------------------------------------------- Markdown text escaping
# Report text (title, section titles and text, notes) is written so that it can
# neither change the document's structure (a heading, a table row, HTML, emphasis,
# a link, a list) nor be read back differently.  The characters Markdown gives a
# meaning are written as their fullwidth forms (| → ｜, # → ＃, < → ＜ …): they
# look alike, no Markdown reader treats them as syntax, and NFKC — which the
# parser applies to every cell — folds them back to the ASCII character, so
# render → load gives the text back.  (A CommonMark backslash escape ``\\|`` is
# not used: the parser splits cells on every ``|`` and keeps backslashes.)
_MD_SPECIAL = {"\\": "＼", "`": "｀", "*": "＊", "_": "＿", "[": "［", "]": "］", "<": "＜", ">": "＞",
               "#": "＃", "|": "｜", "~": "～", "&": "＆", "$": "＄"}
# NUL cannot be carried by a text file (a loader takes it for a binary file): written as U+FFFD.
_MD_TABLE = str.maketrans({**_MD_SPECIAL, "\t": " ", "\r": " ", "\n": " ", "\x00": "\ufffd"})
_MD_LINE_START = {"-": "－", "+": "＋", "=": "＝"}
_MD_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def md_text(text: str) -> str:
    """One line of report text, escaped for Markdown (see above); whitespace runs
    become one space (as the parser reads them)."""
    line = " ".join(str(text).translate(_MD_TABLE).split())
    if line[:1] in _MD_LINE_START:  # a list item, a setext underline or a table separator row
        line = _MD_LINE_START[line[0]] + line[1:]
    m = _MD_ORDERED.match(line)
    if m:  # "1. " would start an ordered list
        line = m.group(1) + ("．" if m.group(2) == "." else "）") + line[m.end():]
    return line


def md_paragraphs(text: str) -> list:
    """Multi-line report text as escaped Markdown paragraphs (blank lines dropped)."""
    return [p for p in (md_text(x) for x in str(text).split("\n")) if p]


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(report: Report, tkey: str, values=None) -> str:
    """One table as Markdown pipe tables; ``values(tkey, refs)`` gives the printed
    values of the cells ``refs`` (default: the cells' own text)."""
    table = report.tables[tkey]
    spec = report.spec(tkey)
    if values is None:
        def values(_tkey, refs):
            return [cell_text(table.cell(*ref)) for ref in refs]
    out = []
    if spec.flat:
        cols = list(spec.columns)
        out.append(f"| {spec.label_header} | " + " | ".join(c.label for c in cols) + " |")
        out.append("|---" * (len(cols) + 1) + "|")
        groups = {g.key: g for g in spec.groups}
        shown = set()
        for r in spec.rows:
            if r.group and r.group not in shown:
                shown.add(r.group)
                out.append(f"| {groups[r.group].label} |")
            vals = values(tkey, [(r.key, c.key) for c in cols])
            out.append(f"| {r.label} | " + " | ".join(vals) + " |")
        return "\n".join(out)
    for block in blocks(report, tkey):
        if block.title:
            out.append(f"**{block.title}**")
            out.append("")
        columns = [spec.column(col) for _, col in next(cells for _, _, cells in block.body if cells)]
        labels = [spec.label_header] + [c.full_label.replace("·", " ") for c in columns]
        out.append("| " + " | ".join(labels) + " |")
        out.append("|---" * len(labels) + "|")
        for label, level, cells in block.body:
            if not cells:
                out.append(f"| **{_md_cell(label)}** |")
                continue
            vals = values(tkey, cells)
            out.append(f"| {_md_cell(label)} | " + " | ".join(_md_cell(v) for v in vals) + " |")
        out.append("")
    return "\n".join(out).rstrip()


def markdown_parts(report: Report, table_parts=None) -> list:
    """The report as Markdown paragraphs; ``table_parts(tkey)`` writes a table's
    paragraphs (default: :func:`markdown_table`), the notes follow it.  The
    report's text is escaped (:func:`md_text`)."""
    title = md_text(report.title) if report.title else ""
    parts = [f"# {title}" if title else "# (untitled report)", ""]
    for para in md_paragraphs(report.preamble) if report.preamble else []:
        parts += [para, ""]
    for heading, text, table in reading_order(report):
        parts += [f"## {md_text(heading)}", ""]
        for para in md_paragraphs(text) if text else []:
            parts += [para, ""]
        if table:
            parts += table_parts(table) if table_parts else [markdown_table(report, table), ""]
            parts += [x for note in report.notes if note.table == table for x in (f"注:{md_text(note.text)}", "")]
    return parts


def to_markdown(report: Report, values=None) -> str:
    """The whole report as Markdown (``values``: see :func:`markdown_table`)."""
    table_parts = (lambda tkey: [markdown_table(report, tkey, values), ""]) if values else None
    return "\n".join(markdown_parts(report, table_parts)).rstrip() + "\n"


def to_json(report: Report, provenance: bool = False) -> str:
    return json.dumps(report.to_dict(provenance), ensure_ascii=False, indent=2) + "\n"


def to_yaml(report: Report, provenance: bool = False) -> str:
    import yaml

    return yaml.safe_dump(report.to_dict(provenance), allow_unicode=True, sort_keys=False, width=1000)


def render(report: Report, fmt: str, provenance: bool = False) -> str:
    if fmt == "markdown":
        return to_markdown(report)
    if fmt == "text":
        return to_text(report)
    if fmt == "json":
        return to_json(report, provenance)
    if fmt == "yaml":
        return to_yaml(report, provenance)
    raise ValueError(f"unknown format {fmt!r}")
