"""Culprit hints: what a failing identity most likely comes from.

On top of the checker's ``suspect`` (the one cell whose change makes every
identity hold, with the ``delta`` that does it):

* ``fix``: the value the suspect should have (printed value + delta);
* ``transposed_digits``: that value is the printed one with its digits swapped
  (163 printed as 136; the difference is then a multiple of 9);
* ``split_number``: a failing row adds up once two adjacent cells are read as
  one number (1 and 0 where 10 was meant, a blank lost so the row still has
  its count of cells).

Hints are plain dicts ``{"kind", "message", ...}`` added to ``Finding.hints``.
"""

from __future__ import annotations


from . import messages as M
from .model import Report, format_number

ROW_RULES = ("requests.row_total", "review_litigation.block_total")


def fix_hint(report: Report, suspect: dict) -> list:
    if "delta" not in suspect:
        return []
    table, row, col = suspect["table"], suspect["row"], suspect["column"]
    printed = report.tables[table].value(row, col)
    value = (printed or 0) + suspect["delta"]
    fields = {"cell": M.cell_name(report.template, table, row, col), "value": format_number(value),
              "printed": format_number(printed) or "∅"}
    out = [{"kind": "fix", "table": table, "row": row, "column": col, "printed": printed, "value": value,
            "message": M.text("hint.fix", **fields)}]
    if _transposed(printed, value):
        out.append({"kind": "transposed_digits", "table": table, "row": row, "column": col,
                    "printed": printed, "value": value, "message": M.text("hint.transposed_digits", **fields)})
    return out


def _transposed(printed, value) -> bool:
    if not isinstance(printed, int) or not isinstance(value, int) or printed == value or value < 0:
        return False
    a, b = str(printed), str(value)
    return (printed - value) % 9 == 0 and len(a) == len(b) and sorted(a) == sorted(b)


def split_hint(report: Report, table: str, row: str) -> list:
    """Adjacent cells of ``row`` that, read as one number, make the row add up
    (the parts then sum to the last value, the row total)."""
    spec = report.spec(table)
    try:
        columns = spec.row(row).columns
    except KeyError:
        return []
    cells = report.tables[table].rows.get(row, {})
    values = [cells[c].value if c in cells else None for c in columns]
    out = []
    for i in range(len(values) - 1):
        a, b = values[i], values[i + 1]
        if not (isinstance(a, int) and isinstance(b, int)) or a <= 0 or b < 0:
            continue
        joined = int(f"{a}{b}")
        rest = values[:i] + [joined] + values[i + 2:]
        parts, total = rest[:-1], rest[-1]
        if total is None or sum(v or 0 for v in parts) != total:
            continue
        first, second = (M.column_label(report.template, table, c) for c in columns[i:i + 2])
        out.append({"kind": "split_number", "table": table, "row": row, "columns": list(columns[i:i + 2]),
                    "value": joined,
                    "message": M.text("hint.split_number", row=M.cell_name(report.template, table, row),
                                      first=first, a=a, second=second, b=b, joined=joined,
                                      expr="+".join(format_number(v or 0) for v in parts),
                                      total=format_number(total))})
    return out


def attach(report: Report, findings: list) -> None:
    """Add hints to the error findings that have a suspect or a failing row."""
    for f in findings:
        if f.severity != "error":
            continue
        hints = []
        if f.suspect:
            hints += fix_hint(report, f.suspect)
        if f.rule in ROW_RULES and f.row and f.table in report.tables:
            hints += split_hint(report, f.table, f.row)
        if hints:
            f.hints = hints
