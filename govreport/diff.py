"""Comparing two reports cell by cell (data-model.md "Diff").

Cells are compared by ``(table, row, column)``.  Across templates, the
correspondences declared in ``templates.CROSS_TEMPLATE`` are applied, and only
where the other report needs them (so two 2019 reports keep their own keys):

* a *row* that corresponds to a sum of rows (2019 ``other`` ↔ 2021
  ``other.*``): the side printing the parts is summed under the single key;
* a *column* that corresponds to another column (2019 ``made`` ↔ 2021
  ``issued``): the 2019 column takes the 2021 key.

Cells that exist in one report only are listed in ``only_in_a`` / ``only_in_b``;
nothing is filled with zeros.  A sum of parts is blank only when every part is
blank (blank parts are left out of the sum).  A blank cell against a number (0
included) is *not comparable*: neither a change nor unchanged, listed in
``not_comparable``.

Reports of different bodies give a ``diff.different_body`` warning (and no
cross-year continuity); see :mod:`govreport.crossyear`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from . import messages as M
from . import templates as T
from .crossyear import continuity as cross_year, different_body
from .model import Report, exact, plain


@dataclass
class CellChange:
    table: str
    row: str
    column: str
    old: object
    new: object

    @property
    def delta(self):
        if self.old is None or self.new is None:
            return None
        d = plain(exact(self.new) - exact(self.old))
        return d if isinstance(self.old, int) and isinstance(self.new, int) else float(d)

    @property
    def ratio(self) -> Optional[float]:
        if self.delta is None or not self.old:
            return None
        return round(self.delta / self.old, 4)

    @property
    def changed(self) -> bool:
        return self.old != self.new

    @property
    def comparable(self) -> bool:
        """False for a blank against a number: a blank is not 0."""
        return (self.old is None) == (self.new is None)

    def to_dict(self) -> dict:
        return {"table": self.table, "row": self.row, "column": self.column, "old": self.old, "new": self.new,
                "delta": self.delta, "ratio": self.ratio}


@dataclass
class Diff:
    a: Report
    b: Report
    cells: list  # CellChange for every cell present in both, changed or not, in template order
    only_in_a: list  # (table, row, column)
    only_in_b: list
    findings: list = field(default_factory=list)  # check.Finding (different bodies, cross-year continuity)
    assessed: list = field(default_factory=list)  # cross-year rule ids that could be assessed

    @property
    def changes(self) -> list:
        return [c for c in self.cells if c.comparable and c.changed]

    @property
    def unchanged(self) -> list:
        return [c for c in self.cells if not c.changed]

    @property
    def not_comparable(self) -> list:
        return [c for c in self.cells if not c.comparable]

    @property
    def same(self) -> bool:
        return not (self.changes or self.not_comparable or self.only_in_a or self.only_in_b)

    def shown(self, include_unchanged: bool = False) -> list:
        """The comparable cells to list: the changed ones (every one with ``include_unchanged``)."""
        return [c for c in self.cells if c.comparable and (include_unchanged or c.changed)]

    def template(self, side: str = "") -> Optional[str]:
        """The template naming a cell of ``side`` (a, b, or both: the later template, whose keys align)."""
        if side in ("a", "b"):
            return getattr(self, side).template
        return max((t for t in (self.a.template, self.b.template) if t), default=None)

    def labels(self, key: tuple, side: str = "") -> dict:
        """``table_label``, ``row_label``, ``column_label`` of a cell, in the current language."""
        table, row, column = key
        template = self.template(side)
        return {"table_label": M.table_name(table), "row_label": M.row_label(template, table, row),
                "column_label": M.column_label(template, table, column)}

    def to_dict(self, include_unchanged: bool = False) -> dict:
        def cell(c: CellChange) -> dict:
            return {**c.to_dict(), **self.labels((c.table, c.row, c.column))}

        return {
            "a": _meta(self.a),
            "b": _meta(self.b),
            "changes": [cell(c) for c in self.shown(include_unchanged)],
            "not_comparable": [cell(c) for c in self.not_comparable],
            "only_in_a": [{**_where(k), **self.labels(k, "a")} for k in self.only_in_a],
            "only_in_b": [{**_where(k), **self.labels(k, "b")} for k in self.only_in_b],
            "findings": [f.to_dict() for f in self.findings],
        }


def _meta(r: Report) -> dict:
    return {"file": r.path, "agency": r.agency, "year": r.year, "template": r.template}


def _where(key: tuple) -> dict:
    return dict(zip(("table", "row", "column"), key))


# ---------------------------------------------------------------- alignment
def _cells(report: Report) -> dict:
    return {(t, r, c): cell.value for t, table in report.tables.items() for r, c, cell in table.cells()}


def _is_row(table: str, key: str) -> bool:
    return any(r.key == key for spec in T.all_table_specs() if spec.key == table for r in spec.rows)


def _sum(values: list):
    present = [v for v in values if v is not None]
    if not present:
        return None
    total = plain(sum(exact(v) for v in present))
    return total if all(isinstance(v, int) for v in present) else float(total)


def _collapse_rows(cells: dict, table: str, parts: tuple, row: str) -> dict:
    """Sum the rows ``parts`` into ``row``, placed where the first part was."""
    out, done = {}, False
    for (t, r, c), v in cells.items():
        if t == table and r in parts:
            if not done:
                columns = list(dict.fromkeys(c2 for (t2, r2, c2) in cells if t2 == table and r2 in parts))
                for col in columns:
                    out[(table, row, col)] = _sum([cells.get((table, p, col)) for p in parts])
                done = True
            continue
        out[(t, r, c)] = v
    return out


def _rename_column(cells: dict, table: str, old: str, new: str) -> dict:
    return {(t, r, new if t == table and c == old else c): v for (t, r, c), v in cells.items()}


def _has(cells: dict, table: str, row: Optional[str] = None, column: Optional[str] = None) -> bool:
    return any(t == table and (row is None or r == row) and (column is None or c == column) for t, r, c in cells)


def align(ca: dict, cb: dict) -> tuple:
    """Both cell maps with the cross-template correspondences applied where the other side needs them."""
    for (table, key), (table21, target) in T.CROSS_TEMPLATE.items():
        if _is_row(table, key):
            parts = tuple(target) if isinstance(target, (tuple, list)) else (target,)
            for this, other in ((0, 1), (1, 0)):
                maps = [ca, cb]
                if (_has(maps[other], table, row=key) and not _has(maps[this], table21, row=key)
                        and any(_has(maps[this], table21, row=p) for p in parts)):
                    maps[this] = _collapse_rows(maps[this], table21, parts, key)
                ca, cb = maps
        else:
            maps = [ca, cb]
            for this, other in ((0, 1), (1, 0)):
                if (_has(maps[this], table, column=key) and _has(maps[other], table21, column=target)
                        and not _has(maps[this], table21, column=target)):
                    maps[this] = _rename_column(maps[this], table, key, target)
            ca, cb = maps
    return ca, cb


def _merge(first: list, second: list) -> list:
    """Both orders kept: items only in ``second`` go right after their predecessor in ``second``."""
    out = list(first)
    seen = set(out)
    prev = None
    for item in second:
        if item not in seen:
            out.insert(out.index(prev) + 1 if prev is not None else 0, item)
            seen.add(item)
        prev = item
    return out


def diff(a: Report, b: Report, continuity: bool = True) -> Diff:
    """What changed from report ``a`` to report ``b``."""
    ca, cb = align(_cells(a), _cells(b))
    order = _merge(list(cb), list(ca))
    table_rank = {t: i for i, t in enumerate(T.TABLE_ORDER)}
    order.sort(key=lambda k: table_rank.get(k[0], 9))  # stable: keeps the row/column order within a table
    cells = [CellChange(*k, ca[k], cb[k]) for k in order if k in ca and k in cb]
    only_a = [k for k in order if k in ca and k not in cb]
    only_b = [k for k in order if k in cb and k not in ca]
    findings, assessed = different_body(a, b), []
    if continuity and not findings and a.year and b.year and a.year != b.year:
        earlier, later = (a, b) if a.year < b.year else (b, a)
        findings, assessed = cross_year(earlier, later)
    return Diff(a, b, cells, only_a, only_b, findings, assessed)
