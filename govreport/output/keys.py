"""Every table, row and column key of the templates, with its official label, English gloss, kind,
unit and templates (``govreport keys``); and the plain table writers (text, Markdown, CSV) that
``keys`` and ``trend`` share.

Glosses live in the catalogue (``keys.row.<table>.<row>``, ``keys.group.…``, ``keys.column.…``,
with a ``.<template>`` suffix where a key means something else in that template).  Human labels:
official Chinese labels in Chinese, the glosses in English (:func:`name`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Optional

from .. import messages as M
from .. import templates as T
from .terminal import one_line
from .text import display_width, pad

FORMATS = ("text", "markdown", "csv", "json")
COUNT_UNIT = "件"
FIELDS = ("table", "what", "key", "label", "gloss", "kind", "unit", "templates")


@dataclass
class KeyEntry:
    table: str
    what: str  # row | column
    key: str
    label: str  # official, Simplified, as printed (full-width brackets)
    gloss: str  # English
    kind: str = ""  # columns: count | amount | signed
    unit: str = ""  # columns: 件, 万元, or '' (an amount in the unit printed beside it)
    templates: list = field(default_factory=list)


# ---------------------------------------------------------------- labels
def gloss(table: str, what: str, key: Optional[str], template: Optional[str] = None) -> str:
    """The English gloss of a row (or group of rows) or column key; the key itself if there is none."""
    if not key:
        return ""
    kinds = (what, "group") if what == "row" else (what,)
    for kind in kinds:
        for mid in (f"keys.{kind}.{table}.{key}.{template}", f"keys.{kind}.{table}.{key}"):
            if M.has(mid):
                return M.text(mid, lang="en")
    return key


def name(table: str, row: Optional[str] = None, column: Optional[str] = None, template: Optional[str] = None,
         short: bool = False) -> str:
    """A row, column or cell in the current language: official labels in Chinese (with ``short``, a row's
    shorter official form when it has one: ``（二）部分公开``), glosses in English."""
    if M.get_lang() == "en":
        parts = (gloss(table, "row", row, template), gloss(table, "column", column, template))
    else:
        parts = (M.display_label((short and _short(template, table, row)) or M.row_label(template, table, row)),
                 M.display_label(M.column_label(template, table, column)))
    return " · ".join(x for x in parts if x)


def _short(template: Optional[str], table: str, row: Optional[str]) -> str:
    try:
        return T.table_spec(template or "2021", table).row(row).short
    except KeyError:
        return ""


# ---------------------------------------------------------------- the listing
def unit(column: T.Column) -> str:
    if column.unit:
        return column.unit
    return "" if column.kind == "amount" else COUNT_UNIT


def _entry(template: str, table: str, item) -> KeyEntry:
    """The entry of a row or column (``item``) of ``table`` in ``template``."""
    if isinstance(item, T.Column):
        label = M.column_label(template, table, item.key)
        return KeyEntry(table, "column", item.key, M.display_label(label), gloss(table, "column", item.key, template),
                        item.kind, unit(item))
    return KeyEntry(table, "row", item.key, M.row_label(template, table, item.key),
                    gloss(table, "row", item.key, template))


def entries() -> list:
    """Every row and column key of every template, table by table (rows, then columns); a key with
    the same label in both templates is one entry."""
    out: dict = {}
    for table in T.TABLE_ORDER:
        for part in ("rows", "columns"):
            for tmpl in (T.TEMPLATE_2021, T.TEMPLATE_2019):
                for item in getattr(tmpl.tables[table], part):
                    entry = _entry(tmpl.key, table, item)
                    out.setdefault((table, entry.what, entry.key, entry.label), entry).templates.append(tmpl.key)
    for entry in out.values():
        entry.templates.sort()
    return list(out.values())


def _cells(entry: KeyEntry) -> list:
    """One entry as the cells of a human table (its table is the heading above it)."""
    kind = M.text(f"keys.kind.{entry.kind}") if entry.kind else ""
    shown_unit = entry.unit or (M.text("keys.unit.as_printed") if entry.what == "column" else "")
    return [M.text(f"keys.what.{entry.what}"), entry.key, entry.label, entry.gloss, kind, shown_unit,
            " ".join(entry.templates)]


def _by_table(items: list) -> list:
    """``[(table title, header, [cells])]``, one per table."""
    header = [M.text(f"keys.header.{f}") for f in FIELDS[1:]]
    return [(M.text(f"label.table_title.{table}"), header, [_cells(e) for e in items if e.table == table])
            for table in T.TABLE_ORDER]


def render(fmt: str) -> str:
    """The keys listing in ``fmt`` (text, markdown, csv, json)."""
    items = entries()
    if fmt == "json":
        return json.dumps([asdict(e) for e in items], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return csv_text([list(FIELDS)] + [[e.table, e.what, e.key, e.label, e.gloss, e.kind, e.unit,
                                            " ".join(e.templates)] for e in items])
    if fmt == "markdown":
        out = [f"# {M.text('keys.title')}", "", M.text("keys.intro")]
        for heading, header, rows in _by_table(items):
            out += ["", f"## {heading}", ""] + markdown_table(header, rows)
        return "\n".join(out) + "\n"
    out = []
    for heading, header, rows in _by_table(items):
        out += ([""] if out else []) + [heading, ""] + text_table(header, rows)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- plain tables
def text_table(header: list, rows: list, right=()) -> list:
    """Lines of an aligned table (display widths: CJK characters take two columns); the columns
    numbered in ``right`` are right-aligned.  Cells are shown on one line, control characters escaped."""
    rows = [[one_line(c) for c in r] for r in [header] + rows]
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(pad(c, w, "right" if i in right else "left") for i, (c, w) in enumerate(zip(r, widths)))
             .rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def markdown_table(header: list, rows: list, right=()) -> list:
    def cell(text) -> str:
        return one_line(text).replace("|", "\\|")

    rule = ["---:" if i in right else "---" for i in range(len(header))]
    return ["| " + " | ".join(cell(c) for c in r) + " |" if r is not rule else "|" + "|".join(r) + "|"
            for r in [header, rule] + rows]


def csv_text(rows: list) -> str:
    """Rows as CSV, text cells made safe for spreadsheets (:mod:`govreport.output.spreadsheet`)."""
    import csv
    import io

    from .spreadsheet import row as safe

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(safe(r) for r in rows)
    return buf.getvalue()
