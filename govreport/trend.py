"""One body across years: the main figures of each year's report side by side.

A :class:`Series` is one figure: a row of a table (or the sum of a group of rows) in one column.
Table 3's result groups are summed over their rows, so that the templates agree: the 2019
template's single (六)其他处理 row and the 2021 template's three ``other.*`` rows are both the
series ``other``.  A blank cell is left out of a sum; a figure whose every cell is blank, or
whose table the report lacks, is ``None`` — never 0.

    >>> from govreport.trend import trend_of_folder          # doctest: +SKIP
    >>> t = trend_of_folder("samples/pingtan")
    >>> t.years, t.values("new_received")
    ([2020, 2021], [21, 70])

The core raises :class:`TrendError` (a :class:`GovreportError`, exit 2 in the CLI) for reports of
different bodies (``trend.different_body``), two reports of one year, or a report without a year.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Optional

from . import messages as M
from . import templates as T
from .errors import GovreportError
from .model import Report, exact, plain


class TrendError(GovreportError):
    """The reports do not make one body's trend."""


@dataclass(frozen=True)
class Series:
    key: str  # stable: CSV and JSON keep it
    table: str
    part: str  # a row key, or a group of rows (every row whose group it is)
    column: str
    named_column: bool = False  # the label names the column too (表四: 总计 / 结果纠正)

    def rows(self) -> list:
        """The row keys summed: ``part`` and the rows of the group ``part`` in any template."""
        specs = [spec for spec in T.all_table_specs() if spec.key == self.table]
        return list(dict.fromkeys(r.key for spec in specs for r in spec.rows if self.part in (r.key, r.group)))

    def value(self, report: Report):
        """This figure in ``report``: the sum of the cells present (blank ones left out), or None."""
        table = report.tables.get(self.table)
        if table is None:
            return None
        present = [v for v in (table.value(r, self.column) for r in self.rows()) if v is not None]
        return plain(sum(exact(v) for v in present)) if present else None


SERIES = tuple(Series(key, "requests", key, "total") for key in (
    "new_received", "carried_over", "granted", "partially_granted", "denied", "unavailable", "not_processed",
    "other", "carried_forward")) + tuple(
    Series(f"{part}.{column}", "review_litigation", part, column, True)
    for part in ("review", "litigation") for column in ("total", "corrected"))


@dataclass
class Point:
    year: int
    path: str
    template: str
    agency: str


@dataclass
class Trend:
    """The figures of one body's reports, one :class:`Point` per year (in year order)."""

    points: list
    values_by_series: dict  # series key -> [value per point]
    notes: list = field(default_factory=list)  # remarks for the user (unreadable files skipped)

    @property
    def years(self) -> list:
        return [p.year for p in self.points]

    @property
    def agency(self) -> str:
        return self.points[-1].agency if self.points else ""

    def values(self, key: str) -> list:
        return self.values_by_series[key]

    def to_dict(self) -> dict:
        """Stable keys: ``agency``, ``years``, ``reports``, ``series`` (key, table, rows, column, values)."""
        return {
            "agency": self.agency,
            "years": self.years,
            "reports": [{"year": p.year, "file": p.path, "template": p.template, "agency": p.agency}
                        for p in self.points],
            "series": [{"key": s.key, "table": s.table, "rows": s.rows(), "column": s.column,
                        "values": self.values(s.key)} for s in SERIES],
        }


def _sep() -> str:
    return M.text("folder.sep")


def trend(reports: list, notes=()) -> Trend:
    """The trend of ``reports`` (any order): one body, one report per year, every year known."""
    from .crossyear import body_key

    for r in reports:
        if not r.year:
            raise TrendError("trend.no_year", r.path)
    bodies = {body_key(r.agency): r.agency for r in reports if r.agency}
    if len(bodies) > 1:
        raise TrendError("trend.different_body", bodies=_sep().join(_bodies(reports)))
    reports = sorted(reports, key=lambda r: r.year)
    for a, b in zip(reports, reports[1:]):
        if a.year == b.year:
            raise TrendError("trend.same_year", year=a.year, files=_sep().join((a.path, b.path)))
    points = [Point(r.year, r.path, r.template, r.agency) for r in reports]
    return Trend(points, {s.key: [s.value(r) for r in reports] for s in SERIES}, list(notes))


def _bodies(reports: list) -> list:
    """``平潭综合实验区（2020、2021）`` for each body (by :func:`crossyear.body_key`) of ``reports``."""
    from .crossyear import body_key

    years: dict = {}
    names: dict = {}
    for r in reports:
        key = body_key(r.agency)
        names.setdefault(key, r.agency or M.text("trend.unknown_agency"))
        years.setdefault(key, []).append(r.year)
    return [M.text("trend.body_years", agency=names[k], years=_sep().join(str(y) for y in sorted(filter(None, v))))
            for k, v in years.items()]


def trend_of_files(paths: list) -> Trend:
    """The trend of the report files ``paths``."""
    from .loaders import load

    return trend([load(p) for p in paths])


def trend_of_folder(folder: Optional[str] = None, agency: Optional[str] = None) -> Trend:
    """Every readable report of the folder (``folder``, else $GOVREPORT_DIR, else the current one) for
    the body whose name contains ``agency``; without ``agency`` the folder must hold one body."""
    from .crossyear import body_key
    from .folder import directory, scan_folder

    folder = directory(folder)
    entries = scan_folder(folder)
    reports = [e.report for e in entries if e.ok]
    bad = [os.path.basename(e.path) for e in entries if not e.ok]
    notes = [M.text("trend.unreadable", count=len(bad), names=_sep().join(bad))] if bad else []
    if not reports:
        raise TrendError("trend.no_reports", folder=folder)
    if agency:
        chosen = [r for r in reports if r.agency == agency] or [r for r in reports if agency in r.agency]
        if not chosen:
            raise TrendError("trend.no_agency", folder=folder, agency=agency, bodies=_sep().join(_bodies(reports)))
        reports = chosen
    if len({body_key(r.agency) for r in reports}) > 1:
        raise TrendError("trend.several_bodies", folder=folder, bodies=_sep().join(_bodies(reports)))
    return trend(reports, notes)
