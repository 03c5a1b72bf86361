"""Rendering a :class:`govreport.diff.Diff`: text (lines of styled segments), Markdown, CSV, JSON.

Every human line comes from the message catalogue (``diff.*``) in the current
language, and cells are named by their official labels (:func:`messages.cell_name`).
The machine formats keep the stable keys (``table``, ``row``, ``column``,
``status``) and add ``table_label``, ``row_label``, ``column_label`` in the current
language.  Report text and file names are escaped (:mod:`govreport.output.terminal`).
"""

from __future__ import annotations

import os

from .. import messages as M
from ..crossyear import shown
from ..model import show
from ..templates import TABLE_ORDER
from .terminal import escape, one_line

TOP = 5  # largest relative changes in the summary
CSV_HEADER = ["table", "row", "column", "table_label", "row_label", "column_label", "status", "old", "new",
              "delta", "ratio"]


# ---------------------------------------------------------------- shared pieces
def signed(v) -> str:
    return "" if v is None else ("+" if v > 0 else "") + show(v)


def percent(ratio) -> str:
    return "" if ratio is None else f"{ratio * 100:+.1f}%"


def names(result) -> tuple:
    """How the two reports are called: their years, else their file names, else first / second."""
    def year_or_file(r) -> str:
        return M.text("diff.name.year", year=r.year) if r.year else os.path.basename(r.path)

    for pick in (year_or_file, lambda r: os.path.basename(r.path)):
        na, nb = pick(result.a), pick(result.b)
        if na and nb and na != nb:
            return na, nb
    return M.text("diff.name.first"), M.text("diff.name.second")


def _header(r, name: str) -> str:
    """``2020 年：平潭综合实验区，2019 年版模板，pingtan-2020.md`` (the year too when ``name`` is not it)."""
    fields = {"name": name, "agency": r.agency or M.text("diff.unknown.agency"),
              "template": M.text("diff.template", template=r.template), "path": r.path}
    if r.year and name == M.text("diff.name.year", year=r.year):
        return M.text("diff.header", **fields)
    year = M.text("diff.year", year=r.year) if r.year else M.text("diff.unknown.year")
    return M.text("diff.header.year", year=year, **fields)


def _groups(keys) -> list:
    """Consecutive ``(table, row, column, item)`` grouped by (table, row): ``(table, row, [item, …])``."""
    groups: list = []
    for t, r, _c, item in keys:
        if groups and groups[-1][:2] == (t, r):
            groups[-1][2].append(item)
        else:
            groups.append((t, r, [item]))
    return groups


def _item(name: str, detail: str) -> tuple:
    return M.text("diff.item", name=name, detail=detail), 0, ""


def _finding(f) -> str:
    return M.text("diff.finding", severity=M.text(f"severity.{f.severity}"), message=f.message)


def blocks(result, narrative=None) -> list:
    """Everything but the tables of changed cells and the summary, as ``(heading, items)`` where an
    item is ``(text, level, style)`` (level 1: under the item before; style ``"changed"``: added text).
    A block without heading (findings about the two reports) comes first."""
    na, nb = names(result)
    out = []
    general = [(_finding(f), 0, "") for f in result.findings if not f.rule.startswith("cross_year.")]
    if general:
        out.append((None, general))
    if result.not_comparable:
        out.append((M.text("diff.not_comparable"), [
            _item(M.cell_name(result.template(), c.table, c.row, c.column), f"{shown(c.old)} → {shown(c.new)}")
            for c in result.not_comparable]))
    for side, name, keys in (("a", na, result.only_in_a), ("b", nb, result.only_in_b)):
        if keys:
            template = result.template(side)
            items = [_item(M.cell_name(template, t, r),
                           M.text("diff.list_sep").join(M.column_label(template, t, c) for c in cols))
                     for t, r, cols in _groups((t, r, c, c) for t, r, c in keys)]
            out.append((M.text("diff.only_in", name=name), items))
    continuity = _continuity(result)
    if continuity:
        out.append((M.text("diff.continuity"), continuity))
    if narrative is not None:
        out.append((M.text("diff.narrative"), _narrative(result, narrative, na, nb)))
    largest = sorted((c for c in result.changes if c.ratio is not None), key=lambda c: -abs(c.ratio))[:TOP]
    if largest:
        out.append((M.text("diff.largest"), [
            _item(M.cell_name(result.template(), c.table, c.row, c.column),
                  M.text("diff.largest.change", old=show(c.old), new=show(c.new), ratio=percent(c.ratio)))
            for c in largest]))
    return out


RULES = ("cross_year.carry_over", "cross_year.in_force")


def _continuity(result) -> list:
    if result.a.year == result.b.year or not result.a.year or not result.b.year:
        return []
    found = [f for f in result.findings if f.rule.startswith("cross_year.")]
    items = [(_finding(f), 0, "") for f in found]
    if any(f.rule == "cross_year.years" for f in found):
        return items
    body = any(f.rule == "diff.different_body" for f in result.findings)
    for rule in RULES:
        what = M.text(f"diff.rule.{rule}")
        if rule not in result.assessed:
            items.append((M.text("diff.continuity.body" if body else "diff.continuity.absent", rule=what), 0, ""))
        elif not any(f.rule == rule for f in found):
            items.append((M.text("diff.continuity.holds", rule=what), 0, ""))
    return items


def _narrative(result, narrative, na: str, nb: str) -> list:
    previous = (result.a.year or 0) < (result.b.year or 0)
    note = M.text("diff.narrative.copied_previous" if previous else "diff.narrative.copied_other")
    items = []
    for s in narrative.sections:
        if s.similarity is None:
            name = na if s.removed or not s.added else nb
            items.append((M.text("diff.narrative.only_in", number=s.number, title=s.title, name=name), 0, ""))
            continue
        if s.empty:
            continue  # a table section with no narrative in either year
        items.append((M.text("diff.narrative.similarity", number=s.number, title=s.title,
                             similarity=f"{s.similarity:.2f}", note=note if s.copied else ""), 0, ""))
        items += [(f"- {sent}", 1, "") for sent in s.removed] + [(f"+ {sent}", 1, "changed") for sent in s.added]
    return items


def summary(result) -> str:
    na, nb = names(result)
    n = len(result.changes)
    changed = M.count("diff.summary.changed", n)
    return M.text("diff.summary", changed=changed, unchanged=len(result.unchanged),
                  not_comparable=len(result.not_comparable), a=na, only_a=len(result.only_in_a), b=nb,
                  only_b=len(result.only_in_b))


def _tables(result, all_cells: bool):
    shown = result.shown(all_cells)
    for table in TABLE_ORDER:
        cells = [c for c in shown if c.table == table]
        if cells:
            yield table, cells


# ---------------------------------------------------------------- text
def text_lines(result, all_cells: bool = False, narrative=None) -> list:
    """Lines of ``(text, style)`` segments, each made safe for one line; the only style is
    ``"changed"`` (one neutral highlight)."""
    from ..render import display_width as width, pad

    template = result.template()
    L: list = []

    def line(*segs):
        L.append([(one_line(s), "") if isinstance(s, str) else (one_line(s[0]), s[1]) for s in segs])

    na, nb = names(result)
    for r, name in ((result.a, na), (result.b, nb)):
        line(_header(r, name))
    rest = blocks(result, narrative)
    for heading, items in rest:
        if heading is None:
            for text, _level, style in items:
                line((text, style))
    for table, cells in _tables(result, all_cells):
        labels = {id(c): M.column_label(template, table, c.column) for c in cells}
        w_label = max(width(x) for x in labels.values())
        w_old = max(width(show(c.old)) for c in cells)
        w_new = max(width(show(c.new)) for c in cells)
        w_delta = max(width(signed(c.delta)) for c in cells)
        line("")
        line(M.text(f"label.table_title.{table}"))
        for _, row, group in _groups((c.table, c.row, c.column, c) for c in cells):
            line(f"  {M.row_label(template, table, row)}")
            for c in group:
                line(f"    {pad(labels[id(c)], w_label)}  {pad(show(c.old), w_old, 'right')} → ",
                     (pad(show(c.new), w_new, "right"), "changed" if c.changed else ""),
                     f"  {pad(signed(c.delta), w_delta, 'right')}  {percent(c.ratio)}".rstrip())
    for heading, items in rest:
        if heading is not None:
            line("")
            line(M.text("diff.heading", heading=heading))
            for text, level, style in items:
                line(("  " * (level + 1) + text, style))
    line("")
    line(summary(result))
    return L


def to_text(result, all_cells: bool = False, narrative=None) -> str:
    return "\n".join("".join(t for t, _ in segs) for segs in text_lines(result, all_cells, narrative)) + "\n"


# ---------------------------------------------------------------- markdown
def _md(s) -> str:
    return one_line(s).replace("|", "\\|")


def to_markdown(result, all_cells: bool = False, narrative=None) -> str:
    template = result.template()
    na, nb = names(result)
    agency = M.text("diff.list_sep").join(dict.fromkeys(r.agency for r in (result.a, result.b) if r.agency)) \
        or M.text("diff.unknown.agency")
    out = [f"# {one_line(M.text('diff.title', agency=agency, a=na, b=nb))}", ""]
    out += [f"- {_md(_header(r, name))}" for r, name in ((result.a, na), (result.b, nb))]
    rest = blocks(result, narrative)
    for heading, items in rest:
        if heading is None:
            out += [""] + [f"**{_md(text)}**" for text, _, _ in items]
    header = [M.text("diff.column.row"), M.text("diff.column.column"), na, nb, M.text("diff.column.change"),
              M.text("diff.column.ratio")]
    for table, cells in _tables(result, all_cells):
        out += ["", f"## {_md(M.text(f'label.table_title.{table}'))}", "",
                "| " + " | ".join(_md(h) for h in header) + " |", "|---|---|---:|---:|---:|---:|"]
        out += [f"| {_md(M.row_label(template, table, c.row))} | {_md(M.column_label(template, table, c.column))} | "
                f"{show(c.old)} | {show(c.new)} | {signed(c.delta)} | {percent(c.ratio)} |" for c in cells]
    for heading, items in rest:
        if heading is not None:
            out += ["", f"## {_md(heading)}", ""]
            out += ["  " * level + f"- {_md(text)}" for text, level, _ in items]
    out += ["", _md(summary(result)), ""]
    return escape("\n".join(out))


# ---------------------------------------------------------------- csv, json
def csv_rows(result, all_cells: bool = False) -> list:
    """The header and one row per listed cell (``status``: changed, unchanged, not_comparable,
    only_in_a, only_in_b); numbers as printed, blank as an empty cell."""
    def number(v) -> str:
        return "" if v is None else show(v)

    def labels(key, side=""):
        return list(result.labels(key, side).values())

    rows = [CSV_HEADER]
    for status, cells in (("", result.shown(all_cells)), ("not_comparable", result.not_comparable)):
        for c in cells:
            key = (c.table, c.row, c.column)
            rows.append([*key, *labels(key), status or ("changed" if c.changed else "unchanged"),
                         number(c.old), number(c.new), number(c.delta), number(c.ratio)])
    for side, keys in (("a", result.only_in_a), ("b", result.only_in_b)):
        rows += [[*key, *labels(key, side), f"only_in_{side}", "", "", "", ""] for key in keys]
    return rows


def to_csv(result, all_cells: bool = False) -> str:
    import csv
    import io

    from .spreadsheet import row as safe

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(safe(r) for r in csv_rows(result, all_cells))
    return buf.getvalue()


def to_json(result, all_cells: bool = False, narrative=None) -> str:
    import json

    out = result.to_dict(include_unchanged=all_cells)
    if narrative is not None:
        out["narrative"] = narrative.to_dict()
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
