"""Cross-year continuity expectations (report-format.md §5.2), as warnings.

* ``cross_year.carry_over`` (X-CARRY): this year's 二、上年结转 equals last year's
  四、结转下年度继续办理, per column.  The rows are the same in both templates.
* ``cross_year.in_force`` (X-VALID): 现行有效件数 = last year's 现行有效件数 +
  本年制发件数 − 本年废止件数, for 规章 and 行政规范性文件.  Assessed only when
  both years print 现行有效件数 (so never from a 2019-template year).
* ``cross_year.years``: the two reports are not consecutive years.  The two
  rules above compare year Y with Y-1 only, so they are then not assessed.

These are expectations, not identities: 机构改革, cleanups (清理) and
corrected statistics break them legitimately, hence ``warning``.
"""

from __future__ import annotations

from . import templates as T
from .check import Finding
from .model import Report, exact, plain, show



def _carry_over(previous: Report, current: Report) -> tuple:
    table, last_row, this_row = T.CARRY_OVER
    prev, cur = previous.tables.get(table), current.tables.get(table)
    if prev is None or cur is None or last_row not in prev.rows or this_row not in cur.rows:
        return [], False
    spec = current.spec(table)
    findings = []
    for column in spec.columns:
        expected, actual = prev.value(last_row, column.key), cur.value(this_row, column.key)
        if expected is None and actual is None:
            continue
        label = f"{spec.row(this_row).label} {current.year} ≠ {spec.row(last_row).label} {previous.year} " \
                f"for {column.full_label}"
        if expected is None or actual is None or exact(expected) != exact(actual):
            findings.append(Finding(
                "cross_year.carry_over", "warning", table, this_row, column.key, expected, actual,
                f"{label}: {previous.year} carried {show(expected)} forward, {current.year} carried "
                f"{show(actual)} over", cells=[(table, this_row, column.key)]))
    return findings, True


def _in_force(previous: Report, current: Report) -> tuple:
    table, rows, in_force, added, removed = T.IN_FORCE
    prev, cur = previous.tables.get(table), current.tables.get(table)
    if prev is None or cur is None:
        return [], False
    spec = current.spec(table)
    findings, assessed = [], False
    for row in rows:
        last, now = prev.value(row, in_force), cur.value(row, in_force)
        if prev.cell(row, in_force) is None or cur.cell(row, in_force) is None or last is None or now is None:
            continue
        assessed = True
        issued, repealed = cur.value(row, added), cur.value(row, removed)
        expected = exact(last) + exact(issued) - exact(repealed)
        if expected != exact(now):
            blank = " (assuming blank = 0)" if issued is None or repealed is None else ""
            findings.append(Finding(
                "cross_year.in_force", "warning", table, row, in_force, plain(expected), now,
                f"{spec.column(in_force).label} of {spec.row(row).label}: {previous.year} {show(last)} + "
                f"{spec.column(added).label} {show(issued)} − {spec.column(removed).label} {show(repealed)} = "
                f"{show(plain(expected))}, but {current.year} prints {show(now)}{blank}",
                cells=[(table, row, c) for c in (added, removed, in_force)]))
    return findings, assessed


def continuity(previous: Report, current: Report) -> tuple:
    """``(findings, assessed)``: the warnings, and the rule ids that could be assessed."""
    if previous.year and current.year and current.year != previous.year + 1:
        return [Finding("cross_year.years", "warning", None, None, None, previous.year + 1, current.year,
                        f"the reports are not consecutive years ({previous.year} and {current.year}): "
                        f"carry-over and 现行有效件数 continuity not assessed")], []
    findings, assessed = [], []
    for rule, fn in (("cross_year.carry_over", _carry_over), ("cross_year.in_force", _in_force)):
        found, ok = fn(previous, current)
        findings += found
        if ok:
            assessed.append(rule)
    return findings, assessed


def cross_year_findings(previous: Report, current: Report) -> list:
    """Warnings where ``current`` does not continue ``previous`` (last year's report)."""
    return continuity(previous, current)[0]

