"""Rendering a report: Markdown, plain text, JSON and YAML.

Table layouts come from the template declarations: the header groups of the
columns (法人或其他组织 over its five columns), the row groups (三、本年度办理结果,
(三)不予公开 …) and the row levels.  The text grid is returned as lines of
styled segments (:mod:`govreport.output.text`) so that the CLI can print it plain or through Rich.
"""

from __future__ import annotations

import json
import re

from . import templates as T
from .model import Report
# the text tables live in govreport.output.text; re-exported for the modules that import them from here
from .output.text import (Block, blocks, cell_text, display_width, pad, plain, table_heading,  # noqa: F401
                          text_lines, title_line)

FORMATS = ("markdown", "text", "json", "yaml")


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
