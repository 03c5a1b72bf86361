"""Cross-year continuity expectations (report-format.md §5.2), as warnings.

* ``cross_year.carry_over`` (X-CARRY): this year's 二、上年结转 equals last year's
  四、结转下年度继续办理, per column.  The rows are the same in both templates.
* ``cross_year.in_force`` (X-VALID): 现行有效件数 = last year's 现行有效件数 +
  本年制发件数 − 本年废止件数, for 规章 and 行政规范性文件.  Assessed only when
  both years print 现行有效件数 (so never from a 2019-template year).
* ``cross_year.years``: the two reports are not consecutive years.  The two
  rules above compare year Y with Y-1 only, so they are then not assessed.
* ``diff.different_body``: the two reports are from different bodies (names
  compared by :func:`body_key`); nothing else is then assessed.  Said only when
  both names are known.

These are expectations, not identities: 机构改革, cleanups (清理) and
corrected statistics break them legitimately, hence ``warning``.  A blank cell
is not 0: where a blank cell decides the result, the rule says so in an
``info`` finding (not assessable) instead of warning.
"""

from __future__ import annotations

from . import messages as M
from . import templates as T
from .check import Finding
from .model import Report, exact, plain, show

# Endings that name the same body: a government and its office, a zone and its 管委会.
BODY_SUFFIXES = ("办公室", "办公厅", "管理委员会", "管委会", "人民政府", "政府")


def shown(value) -> str:
    """A value in a message: the number, or 空白 / blank."""
    return M.text("value.blank") if value is None else show(value)


def body_key(name: str) -> str:
    """What two bodies' names are compared by: Simplified script, no whitespace or punctuation,
    without the endings of :data:`BODY_SUFFIXES` (``平潭综合实验区管委会办公室`` → ``平潭综合实验区``)."""
    from .normalize import count_traditional, label_key, to_simplified

    key = label_key(to_simplified(name) if count_traditional(name) else name)
    stripped = True
    while stripped:
        stripped = False
        for suffix in BODY_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key, stripped = key[:-len(suffix)], True
    return key


def different_body(a: Report, b: Report) -> list:
    """A ``diff.different_body`` warning when ``a`` and ``b`` are known to be from different bodies."""
    if not a.agency or not b.agency or body_key(a.agency) == body_key(b.agency):
        return []
    return [Finding("diff.different_body", "warning", None, None, None, a.agency, b.agency,
                    M.text("diff.different_body", a=a.agency, b=b.agency))]


def _carry_over(previous: Report, current: Report) -> tuple:
    table, last_row, this_row = T.CARRY_OVER
    prev, cur = previous.tables.get(table), current.tables.get(table)
    if prev is None or cur is None or last_row not in prev.rows or this_row not in cur.rows:
        return [], False
    findings = []
    for column in current.spec(table).columns:
        expected, actual = prev.value(last_row, column.key), cur.value(this_row, column.key)
        blank = (expected is None) != (actual is None)  # both blank: nothing to compare
        if (expected is None and actual is None) or (not blank and exact(expected) == exact(actual)):
            continue
        rule = "cross_year.carry_over"
        message = M.text(rule + (".blank" if blank else ""),
                         column=M.column_label(current.template, table, column.key),
                         previous_year=previous.year, year=current.year, expected=shown(expected),
                         actual=shown(actual), last_row=M.row_label(previous.template, table, last_row),
                         this_row=M.row_label(current.template, table, this_row))
        findings.append(Finding(rule, "info" if blank else "warning", table, this_row, column.key, expected, actual,
                                message, cells=[(table, this_row, column.key)]))
    return findings, True


def _in_force(previous: Report, current: Report) -> tuple:
    table, rows, in_force, added, removed = T.IN_FORCE
    prev, cur = previous.tables.get(table), current.tables.get(table)
    if prev is None or cur is None:
        return [], False
    rule = "cross_year.in_force"
    findings, assessed = [], False
    label = {c: M.column_label(current.template, table, c) for c in (in_force, added, removed)}
    for row in rows:
        if prev.cell(row, in_force) is None or cur.cell(row, in_force) is None:
            continue  # not printed in one of the years
        assessed = True
        last, now = prev.value(row, in_force), cur.value(row, in_force)
        issued, repealed = cur.value(row, added), cur.value(row, removed)
        expected = exact(last) + exact(issued) - exact(repealed)
        blank = [label[c] for c, v in ((in_force, last), (added, issued), (removed, repealed), (in_force, now))
                 if v is None]
        if not blank and expected == exact(now):
            continue
        cells = [(table, row, c) for c in (added, removed, in_force)]
        row_name = M.row_label(current.template, table, row)
        if blank:  # a blank is not 0: not assessable, unless it holds with blanks as 0
            if last is not None and now is not None and expected == exact(now):
                continue
            names = M.text("diff.list_sep").join(dict.fromkeys(blank))
            findings.append(Finding(rule, "info", table, row, in_force, None, now,
                                    M.text(rule + ".blank", row=row_name, blank=names, in_force=label[in_force]),
                                    cells=cells))
            continue
        findings.append(Finding(
            rule, "warning", table, row, in_force, plain(expected), now,
            M.text(rule, row=row_name, previous_year=previous.year, in_force=label[in_force], last=shown(last),
                   added=label[added], issued=shown(issued), removed=label[removed], repealed=shown(repealed),
                   expected=show(plain(expected)), year=current.year, actual=shown(now)),
            cells=cells))
    return findings, assessed


def continuity(previous: Report, current: Report) -> tuple:
    """``(findings, assessed)``: the warnings, and the rule ids that could be assessed."""
    if previous.year and current.year and current.year != previous.year + 1:
        return [Finding("cross_year.years", "warning", None, None, None, previous.year + 1, current.year,
                        M.text("cross_year.years", previous_year=previous.year, year=current.year))], []
    findings, assessed = [], []
    for rule, fn in (("cross_year.carry_over", _carry_over), ("cross_year.in_force", _in_force)):
        found, ok = fn(previous, current)
        findings += found
        if ok:
            assessed.append(rule)
    return findings, assessed


def cross_year_findings(previous: Report, current: Report) -> list:
    """Warnings where ``current`` does not continue ``previous`` (last year's report); when the two are
    from different bodies, that warning alone."""
    return different_body(previous, current) or continuity(previous, current)[0]
