"""Test data for two damaged real-world layouts, written from a :class:`~govreport.model.Report`.

**Converter Markdown** (:func:`converter_markdown`): what PDF → Markdown tools (marker, MinerU,
docling, OCR/LLM pipelines) make of a report PDF (report-format.md §7.2): table 3 cut into
fragments at row boundaries and page breaks, each fragment with its own spurious header row;
row labels printed as loose text before or after their number row, sometimes wrapped over two
lines; group labels split over lines or cells, or sitting in the first cell of their first row;
the multi-level table-3 header printed as several rows; table 4's three header levels run
together as text above its 15 values; a narrative sentence with figures above table 3;
``(六)其他`` for ``(六)其他处理`` and column labels lost (``数据1…数据6``).  Each damage is a
feature (``CONVERTER_FEATURES``) that can be switched on alone or with the others.

**Archived text** (:func:`archived_text`): web-page text whose cell borders were lost, so a row
prints as its label immediately followed by its digits run together
(``一、本年新收政府信息公开申请数量801000081``).  Which rows are glued is chosen by
:func:`select_units`; :func:`glued_candidates` gives, for every glued row, the readings that
satisfy every identity of the template (the checksum a reader may use to recover it), so a test
knows whether a unique recovery exists.

Both writers keep every number of the report exactly once, in the report's row order, so a
correct reader can recover the tables exactly — or, for glued rows with several readings, must
refuse.  Output is deterministic given ``(report, seed, options)``; each damage draws from its
own random stream, so switching one feature off does not change what the others do.

Labels, groups, columns and identities come from :mod:`govreport.templates`.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from typing import Iterable, Union

from . import templates as T
from .model import Report
from .render import blocks, cell_text, markdown_parts, markdown_table, reading_order

__all__ = [
    "CONVERTER_FEATURES", "converter_markdown", "printed_values",
    "ARCHIVE_TABLES", "gluable_units", "select_units", "archived_text", "glued_text",
    "splits", "count_splits", "summed_splits", "token_splits", "glued_candidates", "ambiguous_units",
    "unit_labels", "t4_header_levels",
]

# ---------------------------------------------------------------- shared helpers
# Each damage of converter Markdown, in the order they are applied.
CONVERTER_FEATURES = (
    "fragments",            # table 3 cut into several Markdown tables (row boundaries, page breaks)
    "spurious_headers",     # a header row of its own at each cut (generic 数据1…, repeated, garbled)
    "header_rows",          # table 3's header as printed: 勾稽 note / 申请人情况 / two column levels
    "loose_labels",         # row labels as loose text before / after their number row, wrapped
    "split_groups",         # group labels split over lines / cells, or in the first cell of a row
    "collapsed_t4_header",  # table 4's three header levels as run-together text above its values
    "narrative",            # a sentence with figures above table 3 (never a table row)
    "variants",             # report-format.md §7.2: (六)其他, column labels lost (数据1…数据6)
)

SCRIPTS = {"simplified": None, "traditional": "s2t", "taiwan": "s2twp"}

_FULLWIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "："})
_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+\.)")
# A converter's invented header seen in real output (沭阳2025, report-format.md §7.2): table 3's
# row names put over its columns.  Attested text, not a template label.
_INVENTED_HEADER = ("本年新收件数", "上年结转件数", "予以公开", "部分公开", "不予公开", "结转下年度")
_PAGE_RULE = "-" * 48


def _printed(label: str) -> str:
    """A template label as a published page prints it: full-width brackets and commas."""
    return label.translate(_FULLWIDTH)


def _spaced(label: str) -> str:
    """``1.属于国家秘密`` → ``1. 属于国家秘密`` (converter spacing)."""
    m = _ENUMERATOR.match(label)
    return label[:m.end()] + " " + label[m.end():] if m else label


def _rng(seed, part: str) -> random.Random:
    """An independent, deterministic stream per damage (string seeds are hashed stably)."""
    return random.Random(f"govreport-converter:{seed}:{part}")


def _convert_script(text: str, script: str) -> str:
    if script not in SCRIPTS:
        raise ValueError(f"unknown script {script!r} (choose from {', '.join(SCRIPTS)})")
    if SCRIPTS[script] is None:
        return text
    import opencc

    return opencc.OpenCC(SCRIPTS[script]).convert(text)


def _row_values(report: Report, tkey: str, row: T.Row) -> list:
    table = report.tables[tkey]
    return [cell_text(table.cell(row.key, c)) for c in row.columns]


def printed_values(report: Report) -> list:
    """Every value cell of the report as printed (``cell_text``), tables in ``TABLE_ORDER``,
    rows in template order, cells in column order: the order both writers keep."""
    out = []
    for tkey in T.TABLE_ORDER:
        if tkey not in report.tables:
            continue
        spec = report.spec(tkey)
        for row in spec.rows:
            if row.key in report.tables[tkey].rows:
                out.extend(_row_values(report, tkey, row))
    return out


def _pipe(cells: list) -> str:
    return "| " + " | ".join(cells) + " |"


def _separator(n: int) -> str:
    return "|" + "---|" * max(n, 1)


def _cut(text: str, rng: random.Random, keep_enumerator: bool = True) -> tuple:
    """``text`` cut in two at a point inside it (after its enumerator when it has one)."""
    m = _ENUMERATOR.match(text.translate({ord("（"): "(", ord("）"): ")"}))
    low = m.end() if (m and keep_enumerator and m.end() < len(text) - 1) else 1
    k = rng.randint(low, len(text) - 1)
    return text[:k], text[k:]


def _wrap(text: str, rng: random.Random) -> tuple:
    """A long label wrapped as a narrow PDF cell wraps it: cut in its middle third."""
    k = rng.randint(max(1, len(text) // 3), max(1, 2 * len(text) // 3))
    return text[:k], text[k:]


# ---------------------------------------------------------------- converter Markdown: table 3
class _Table3:
    """Table 3 as a converter prints it; one instance per call of :func:`converter_markdown`."""

    def __init__(self, report: Report, seed, features: frozenset):
        self.report = report
        self.f = features
        self.seed = seed
        self.spec = report.spec("requests")
        self.table = report.tables["requests"]
        self.rows = [r for r in self.spec.rows if r.key in self.table.rows]
        self.columns = list(self.spec.columns)
        groups = {g.key: g for g in self.spec.groups}
        # the groups opened above each row (outermost first), as blocks() prints them
        self.opens: list = []
        shown: set = set()
        for r in self.rows:
            chain = []
            g = groups.get(r.group)
            while g is not None and g.key not in shown:
                chain.append(g)
                g = groups.get(g.parent)
            shown.update(g.key for g in chain)
            self.opens.append(list(reversed(chain)))
        self.width = 2 if "split_groups" in features else 1  # label cells per row
        self._plan()

    # ------------------------------------------------------------ labels
    def label(self, obj) -> str:
        text = obj.label
        if "variants" in self.f and obj.key == "other" and obj.aliases:
            text = obj.aliases[0]  # (六)其他 for (六)其他处理 (report-format.md §7.2)
        text = _printed(text)
        if "variants" in self.f and _rng(self.seed, f"space:{obj.key}").random() < 0.5:
            text = _spaced(text)
        return text

    # ------------------------------------------------------------ decisions
    def _plan(self) -> None:
        n = len(self.rows)
        f = self.f
        # fragments: cut before these row indexes
        self.cuts: dict = {}
        if "fragments" in f and n > 1:
            rng = _rng(self.seed, "fragments")
            page = rng.randint(2, 6)
            for i in sorted(rng.sample(range(1, n), min(n - 1, rng.randint(1, 3)))):
                page += 1
                self.cuts[i] = (rng.choice(("blank", "marker", "comment")), page)  # page-break style
        starts = [0] + sorted(self.cuts)
        # header of each fragment after the first
        self.header_kind: dict = {}
        rng = _rng(self.seed, "spurious")
        for i in self.cuts:
            self.header_kind[i] = (rng.choice(("generic", "repeat", "invented", "garbled", "none"))
                                   if "spurious_headers" in f else "none")
        if "spurious_headers" in f and self.cuts and all(k == "none" for k in self.header_kind.values()):
            self.header_kind[rng.choice(sorted(self.cuts))] = "generic"
        # without fragments, spurious header rows stand inside the one table (no |---| rule)
        self.inserted: dict = {}
        if "spurious_headers" in f and not self.cuts and n > 1:
            for i in rng.sample(range(1, n), rng.randint(1, 2)):
                self.inserted[i] = rng.choice(("generic", "repeat", "invented", "garbled"))
        # groups: how each group label is printed
        self.group_mode: dict = {}  # group key -> mode
        self.group_parts: dict = {}  # group key -> printed pieces
        rng = _rng(self.seed, "groups")
        opening = [(i, g) for i, gs in enumerate(self.opens) for g in gs]
        for i, g in opening:
            innermost = g is self.opens[i][-1]
            can_cell = "split_groups" in f and innermost
            can_split_cells = can_cell and i + 1 < n and (i + 1) not in self.cuts and not self.opens[i + 1]
            modes = ["row"]
            if "split_groups" in f:
                modes = ["line", "split_lines"] + (["cell"] if can_cell else []) \
                    + (["split_cells"] if can_split_cells else []) \
                    + (["heading"] if i in self.cuts and g is self.opens[i][0] else [])
            self.group_mode[g.key] = rng.choice(modes)
        if "split_groups" in f:  # at least one group label in a cell and one split over lines
            keys = [g.key for _, g in opening]

            def in_cell(k):
                return self.group_mode[k] in ("cell", "split_cells")

            if not any(in_cell(k) for k in keys):
                i, g = next((i, g) for i, g in opening if g is self.opens[i][-1])
                self.group_mode[g.key] = "cell"
            if not any(self.group_mode[k] == "split_lines" for k in keys):
                movable = [k for k in keys if not in_cell(k)] or [k for k in keys if in_cell(k)][1:]
                if movable:
                    self.group_mode[rng.choice(movable)] = "split_lines"
        for i, g in opening:
            text = self.label(g)
            mode = self.group_mode[g.key]
            if mode == "split_lines" or mode == "split_cells":
                self.group_parts[g.key] = _cut(text, rng)
            elif mode == "cell":
                m = _ENUMERATOR.match(g.label)
                roll = rng.random()
                if g.level == 1 and m and roll < 0.5:
                    self.group_parts[g.key] = (_printed(g.label[:m.end()]),)  # | 三、 | (一)予以公开 | …
                elif roll < 0.75:
                    self.group_parts[g.key] = ("<br>".join(_cut(text, rng)),)
                else:
                    self.group_parts[g.key] = (text,)
            else:
                self.group_parts[g.key] = (text,)
        # the row each group-cell text stands in: (row index, label cell text)
        self.group_cell: dict = {}
        for i, g in opening:
            mode, parts = self.group_mode[g.key], self.group_parts[g.key]
            if mode == "cell":
                self.group_cell[i] = parts[0]
            elif mode == "split_cells":
                self.group_cell[i], self.group_cell[i + 1] = parts
        # rows: label inline, or loose before / after its number row (and maybe wrapped)
        self.loose: dict = {}  # row index -> ("before" | "after", [lines])
        if "loose_labels" in f:
            rng = _rng(self.seed, "loose")
            free = [i for i in range(n) if i not in self.group_cell]
            chosen = {}
            for i in free:
                if rng.random() < 0.35:
                    wrap = len(self.rows[i].label) >= 14 and rng.random() < 0.6
                    chosen[i] = [rng.choice(("before", "after")), wrap]
            if free:
                if not any(w for _, w in chosen.values()):  # a wrapped label, as in the issue
                    i = max(free, key=lambda k: (len(self.rows[k].label), -k))
                    chosen[i] = ["before", len(self.rows[i].label) >= 4]
                for side in ("before", "after"):
                    if not any(s == side for s, _ in chosen.values()):
                        rest = [i for i in free if i not in chosen] or free
                        i = rng.choice(rest)
                        chosen[i] = [side, chosen.get(i, [side, False])[1]]
            for i, (side, wrap) in sorted(chosen.items()):
                text = self.label(self.rows[i])
                self.loose[i] = (side, list(_wrap(text, rng)) if wrap else [text])
        rng = _rng(self.seed, "layout")
        self.bare_orphan = {i: rng.random() < 0.5 for i in self.loose}  # orphan row without label cells
        self.gap = {i: rng.random() < 0.5 for i in range(n)}  # blank lines around loose text
        # loose text at a fragment's start: after its header (always so under the table's own
        # header) or above it (a page's first row whose label the converter set above the table)
        self.inside = {i: i == 0 or rng.random() < 0.5 for i in starts}
        self.starts = starts

    # ------------------------------------------------------------ headers
    def header_rows(self) -> list:
        """The first fragment's header: rows of cells (the first is the Markdown header row)."""
        lab = [""] * (self.width - 1)
        cols = self.columns
        lost = [f"数据{k}" for k in range(1, len(cols))] + [cols[-1].label]
        if "header_rows" in self.f:
            # the table's own header texts, as templates.py declares them among the anchors:
            # the 勾稽 note in the label cell, 申请人情况 spanning the columns
            note = next((a for a in self.spec.anchors if a.startswith("(")), "")
            applicants = next((a for a in self.spec.anchors if not a.startswith(("(", "三、"))), "")
            top = [_printed(note)] + lab + [applicants] + [""] * (len(cols) - 1)
            if "variants" in self.f:
                return [top, ["类别"] + lab + lost]
            level1, level2, seen = [], [], set()
            for c in cols:
                if c.group:
                    level1.append("" if c.group in seen else c.group)
                    seen.add(c.group)
                    level2.append(c.label)
                else:
                    level1.append(c.label)
                    level2.append("")
            return [top, [""] + lab + level1, [""] + lab + level2]
        if "variants" in self.f:
            return [["类别"] + lab + lost]
        return [[self.spec.label_header] + lab + [c.full_label.replace("·", " ") for c in cols]]

    def spurious(self, kind: str, rng: random.Random) -> list:
        lab = [""] * (self.width - 1)
        cols = self.columns
        if kind == "generic":
            generic = [f"数据{k}" for k in range(1, len(cols))] + [cols[-1].label]
            return [[rng.choice(("项目", "类别"))] + lab + generic]
        if kind == "repeat":
            return [list(r) for r in self.header_rows()]
        if kind == "invented":
            return [[self.spec.label_header] + lab + list(_INVENTED_HEADER)[:len(cols) - 1] + [cols[-1].label]]
        # garbled: the column labels run together and cut again at other places
        words = "".join(c.label for c in cols)
        cuts = sorted(rng.sample(range(1, len(words)), len(cols) - 1))
        pieces = [words[a:b] for a, b in zip([0] + cuts, cuts + [len(words)])]
        return [[self.spec.label_header] + lab + pieces]

    # ------------------------------------------------------------ rows
    def data_row(self, i: int) -> list:
        values = _row_values(self.report, "requests", self.rows[i])
        if i in self.loose:
            return values if self.bare_orphan[i] else [""] * self.width + values
        label = self.label(self.rows[i])
        if self.width == 1:
            return [label] + values
        return [self.group_cell.get(i, "")] + [label] + values

    def lines(self) -> list:
        out: list = []
        rng = _rng(self.seed, "headers")
        pending_rule = [0]  # cells of the Markdown header awaiting its |---| rule

        def pipe(cells):
            out.append(_pipe(cells))
            if pending_rule[0]:
                out.append(_separator(len(cells)))
                pending_rule[0] = 0

        def loose(lines, i):
            if self.gap[i]:
                out.append("")
            out.extend(lines)
            if self.gap[i]:
                out.append("")

        def group_lines(i, skip=()):
            for g in self.opens[i]:
                mode = self.group_mode[g.key]
                if g.key in skip or mode in ("cell", "split_cells", "heading"):
                    continue
                if mode == "row":
                    pipe([f"**{self.group_parts[g.key][0]}**"])
                else:
                    loose(list(self.group_parts[g.key]), i)

        for f_index, start in enumerate(self.starts):
            end = self.starts[f_index + 1] if f_index + 1 < len(self.starts) else len(self.rows)
            if start:  # a cut: page break
                style, page = self.cuts[start]
                out.append("")
                if style == "marker":
                    out += [f"{{{page}}}{_PAGE_RULE}", ""]
                elif style == "comment":
                    out += ["<!-- page break -->", ""]
                for g in self.opens[start]:
                    if self.group_mode[g.key] == "heading":
                        out += [f"### {self.group_parts[g.key][0]}", ""]
            kind = "first" if start == 0 else self.header_kind[start]
            header = self.header_rows() if kind == "first" else ([] if kind == "none" else self.spurious(kind, rng))
            early = not header or not self.inside[start]  # the first row's loose text above the table
            done_groups: set = set()
            if early:
                group_lines(start)
                done_groups = {g.key for g in self.opens[start]}
                if start in self.loose and self.loose[start][0] == "before":
                    loose(self.loose[start][1], start)
                out.append("")
            if header:
                out.append(_pipe(header[0]))
                out.append(_separator(len(header[0])))
                for h in header[1:]:
                    out.append(_pipe(h))
            else:
                pending_rule[0] = 1
            for i in range(start, end):
                if i in self.inserted:  # a header row inside the table (no rule: no new table)
                    for h in self.spurious(self.inserted[i], rng):
                        out.append(_pipe(h))
                if not (early and i == start):
                    group_lines(i, done_groups if i == start else ())
                    if i in self.loose and self.loose[i][0] == "before":
                        loose(self.loose[i][1], i)
                pipe(self.data_row(i))
                if i in self.loose and self.loose[i][0] == "after":
                    loose(self.loose[i][1], i)
        return _tidy(out)


def _tidy(lines: list) -> list:
    """No runs of blank lines, none at either end."""
    out = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return out


# ---------------------------------------------------------------- converter Markdown: table 4
def t4_header_levels(spec: T.TableSpec) -> list:
    """Table 4's three header levels as an HTML table reads them, row by row: 行政复议 行政诉讼 /
    结果维持…总计 (rowspan 2 under 行政复议) 未经复议直接起诉 复议后起诉 / the ten leaf labels."""
    groups = {g.key: g for g in spec.groups}
    top, middle, bottom = [], [], []
    seen = set()
    for r in spec.rows:
        if r.group:
            if r.group not in seen:
                seen.add(r.group)
                top.append(groups[r.group].label)
            middle.append(r.label)
            bottom.extend(spec.column(c).label for c in r.columns)
        else:
            top.append(r.label)
            middle.extend(spec.column(c).label for c in r.columns)
    return ["".join(top), "".join(middle), "".join(bottom)]


def _table4_lines(report: Report, seed) -> list:
    spec = report.spec("review_litigation")
    rng = _rng(seed, "t4")
    levels = t4_header_levels(spec)
    text = "".join(levels)
    how = rng.choice(("one", "levels", "cut"))
    if how == "one":
        head = [text]
    elif how == "levels":
        head = levels
    else:
        cuts = sorted(rng.sample(range(1, len(text)), rng.randint(1, 2)))
        head = [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)])]
    values = _table_values(report, "review_litigation")
    split = rng.choice(("one", "blocks", "cut"))
    if split == "one":
        rows = [values]
    elif split == "blocks":
        widths = [len(r.columns) for r in spec.rows]
        rows, k = [], 0
        for w in widths:
            rows.append(values[k:k + w])
            k += w
    else:
        cuts = sorted(rng.sample(range(1, len(values)), rng.randint(1, 2)))
        rows = [values[a:b] for a, b in zip([0] + cuts, cuts + [len(values)])]
    out = []
    placement = rng.choice(("paragraph", "paragraph", "cell"))
    if placement == "cell":  # the run-together text as the one cell of the table's header row
        out += [_pipe([" ".join(head) if len(head) > 1 and rng.random() < 0.5 else "".join(head)]),
                _separator(1)]
        out += [_pipe(r) for r in rows]
        return out
    out += head + [""]
    if rng.random() < 0.5:  # an empty header row over the values
        out += [_pipe([""] * len(rows[0])), _separator(len(rows[0]))]
        out += [_pipe(r) for r in rows]
    else:  # the first value row serves as the Markdown header
        out += [_pipe(rows[0]), _separator(len(rows[0]))] + [_pipe(r) for r in rows[1:]]
    return out


def _table_values(report: Report, tkey: str) -> list:
    """The printed values of one table, rows in template order."""
    spec = report.spec(tkey)
    return [v for r in spec.rows if r.key in report.tables[tkey].rows for v in _row_values(report, tkey, r)]


# ---------------------------------------------------------------- converter Markdown: narrative
def _narrative(report: Report, seed) -> list:
    """Sentences with the report's own figures, as section 三 often opens (never a table row)."""
    t = report.tables["requests"]
    spec = report.spec("requests")

    def total(*keys):
        return sum(t.value(k, "total") or 0 for k in keys if k in t.rows)

    def total_of_group(group):
        return sum(t.value(r.key, "total") or 0 for r in spec.rows if r.group == group and r.key in t.rows)

    row = {r.key: r for r in spec.rows}
    carried = row["carried_over"].label if "carried_over" in row else ""
    new = row["new_received"].label if "new_received" in row else ""
    options = [
        f"本年度共办结 {total('total')} 件（含上年结转 {total('carried_over')} 件），其中予以公开及部分公开 "
        f"{total('granted', 'partially_granted')} 件，无法提供 {total_of_group('unavailable')} 件。",
        f"全年共收到政府信息公开申请 {total('new_received')} 件，上年结转 {total('carried_over')} 件，"
        f"结转下年度继续办理 {total('carried_forward')} 件。",
        f"其中，{_strip_enum(carried)}为 {total('carried_over')} 件，{_strip_enum(new)} "
        f"{total('new_received')} 件，均已按时答复。",
    ]
    rng = _rng(seed, "narrative")
    chosen = [options[0]] if rng.random() < 0.5 else []
    chosen += rng.sample(options[1:], rng.randint(0 if chosen else 1, 1))
    return chosen


def _strip_enum(label: str) -> str:
    m = _ENUMERATOR.match(label)
    return label[m.end():] if m else label


# ---------------------------------------------------------------- converter Markdown
def converter_markdown(report: Report, seed=0, features: Iterable = CONVERTER_FEATURES,
                       script: str = "simplified") -> str:
    """The report as a PDF → Markdown converter writes it, with the damages in ``features``
    (names from ``CONVERTER_FEATURES``; none gives plain Markdown much like ``to_markdown``).
    ``script``: ``simplified``, ``traditional`` (OpenCC s2t) or ``taiwan`` (s2twp).
    Every value cell appears exactly once, as a cell of a pipe row, in the report's order."""
    features = frozenset(features)
    unknown = features - set(CONVERTER_FEATURES)
    if unknown:
        raise ValueError(f"unknown converter features: {', '.join(sorted(unknown))}")
    def table_parts(table: str) -> list:
        parts = []
        if table == "requests":
            if "narrative" in features:
                for sentence in _narrative(report, seed):
                    parts += [sentence, ""]
            parts += _Table3(report, seed, features).lines() + [""]
        elif table == "review_litigation" and "collapsed_t4_header" in features:
            parts += _table4_lines(report, seed) + [""]
        else:
            parts += [markdown_table(report, table), ""]
        return parts

    parts = markdown_parts(report, table_parts)
    return _convert_script("\n".join(_tidy(parts)) + "\n", script)


# ---------------------------------------------------------------- archived text
# A unit is one printed value row: (table, row key); table 4 prints its 15 values as one
# row, the unit (table 4, None).
ARCHIVE_TABLES = T.TABLE_ORDER


def gluable_units(report: Report, tables: Iterable = ARCHIVE_TABLES) -> list:
    """Every printed value row that can be glued (no blank cell), in printed order."""
    out = []
    for tkey in T.TABLE_ORDER:
        if tkey not in report.tables or tkey not in tables:
            continue
        spec = report.spec(tkey)
        table = report.tables[tkey]
        rows = [r for r in spec.rows if r.key in table.rows]
        full = [r for r in rows if all(table.value(r.key, c) is not None for c in r.columns)]
        if spec.flat:
            if rows and len(full) == len(rows):
                out.append((tkey, None))
        else:
            out.extend((tkey, r.key) for r in full)
    return out


def select_units(report: Report, glue: Union[str, Iterable] = "all", seed=0,
                 tables: Iterable = ARCHIVE_TABLES) -> frozenset:
    """The units to glue: ``"all"``, ``"none"``, ``"some"`` (a seeded part: at least one glued,
    at least one not) of the gluable units of ``tables``; or an explicit iterable of units."""
    units = gluable_units(report, tuple(tables))
    if not isinstance(glue, str):
        chosen = frozenset(glue)
        bad = chosen - set(gluable_units(report))
        if bad:
            raise ValueError(f"not gluable units: {sorted(bad, key=str)}")
        return chosen
    if glue == "all":
        return frozenset(units)
    if glue == "none":
        return frozenset()
    if glue == "some":
        rng = _rng(seed, "glue")
        chosen = {u for u in units if rng.random() < 0.5}
        if len(units) > 1:
            if not chosen:
                chosen.add(rng.choice(units))
            if len(chosen) == len(units):
                chosen.discard(rng.choice(units))
        return frozenset(chosen)
    raise ValueError(f"unknown glue mode {glue!r} (all, some, none, or units)")


def _unit_rows(report: Report, unit: tuple) -> list:
    tkey, rkey = unit
    spec = report.spec(tkey)
    if rkey is None:
        return [r for r in spec.rows if r.key in report.tables[tkey].rows]
    return [spec.row(rkey)]


def glued_text(report: Report, unit: tuple) -> str:
    """The run of a glued unit: its printed values with nothing between them."""
    return "".join(v for r in _unit_rows(report, unit) for v in _row_values(report, unit[0], r))


def archived_text(report: Report, seed=0, glue: Union[str, Iterable] = "all",
                  tables: Iterable = ARCHIVE_TABLES, script: str = "simplified") -> str:
    """The report as archived web-page text with cell borders lost: one row per line; the rows
    chosen by ``select_units(report, glue, seed, tables)`` print their label immediately followed
    by their digits run together, the others their values separated by spaces."""
    glued = select_units(report, glue, seed, tables)
    out = [report.title, ""]
    for heading, text, tkey in reading_order(report):
        out.append(_printed(heading))
        if text:
            out.append(text)
        if not tkey:
            continue
        spec = report.spec(tkey)
        for block in blocks(report, tkey):
            if block.title:
                out.append(_printed(block.title))
            for hrow in block.header:
                out.extend(_printed(t) for t, _ in hrow if t.strip())
            if spec.flat:
                values = _table_values(report, tkey)
                out.append(("" if (tkey, None) in glued else " ").join(values))
                continue
            for label, _level, cells in block.body:
                if not cells:
                    out.append(_printed(label))
                    continue
                rkey = cells[0][0]
                values = _row_values(report, tkey, spec.row(rkey))
                if (tkey, rkey) in glued:
                    out.append(_printed(label) + "".join(values))
                else:
                    out.append(" ".join([_printed(label)] + values))
    return _convert_script("\n".join(out) + "\n", script)


# ---------------------------------------------------------------- splitting glued digits
def splits(digits: str, n: int) -> tuple:
    """Every way to cut ``digits`` into ``n`` cells with no leading zeros (a cell is ``0`` or
    starts with 1-9), as tuples of ints, in order of the cut positions.

    Memoised per suffix and pruned by length (each remaining cell needs one digit), so the
    work is proportional to the answer.  ``count_splits`` counts without listing."""
    if n < 0 or (digits and not digits.isdigit()):
        raise ValueError("splits() takes a string of ASCII digits and a count >= 0")
    return _splits(digits, n)


@lru_cache(maxsize=8192)
def _splits(digits: str, n: int) -> tuple:
    length = len(digits)

    @lru_cache(maxsize=None)
    def tail(i: int, k: int) -> tuple:
        left = length - i
        if k == 0:
            return ((),) if left == 0 else ()
        if left < k:
            return ()
        if digits[i] == "0":
            return tuple((0,) + rest for rest in tail(i + 1, k - 1))
        if k == 1:
            return ((int(digits[i:]),),)
        out = []
        for j in range(i + 1, length - k + 2):  # leave a digit for each of the k-1 cells after
            head = int(digits[i:j])
            out.extend((head,) + rest for rest in tail(j, k - 1))
        return tuple(out)

    return tail(0, n)


@lru_cache(maxsize=8192)
def count_splits(digits: str, n: int) -> int:
    """``len(splits(digits, n))``, computed without listing the splits."""
    if n < 0:
        return 0
    length = len(digits)
    # ways[k][i]: ways to cut digits[i:] into k cells
    ways = [[0] * (length + 1) for _ in range(n + 1)]
    ways[0][length] = 1
    for k in range(1, n + 1):
        for i in range(length - 1, -1, -1):
            if digits[i] == "0":
                ways[k][i] = ways[k - 1][i + 1]
            else:
                ways[k][i] = sum(ways[k - 1][j] for j in range(i + 1, length + 1))
    return ways[n][0]


def summed_splits(digits: str, widths=(7,)) -> tuple:
    """Splits of ``digits`` into consecutive blocks of ``widths`` cells in which the last cell of
    each block is the sum of the block's other cells (a table-3 row: ``(7,)``; table 4's run of
    15: ``(5, 5, 5)``).  The totals are not guessed but read off, so only the parts branch, and a
    branch stops when too few digits are left for the total its parts already imply."""
    if digits and not digits.isdigit():
        raise ValueError("summed_splits() takes a string of ASCII digits")
    return _summed(digits, tuple(widths))


@lru_cache(maxsize=8192)
def _summed(digits: str, widths: tuple) -> tuple:
    length = len(digits)
    after = [sum(widths[b + 1:]) for b in range(len(widths))]  # cells needed after block b

    @lru_cache(maxsize=None)
    def block(i: int, b: int) -> tuple:
        if b == len(widths):
            return ((),) if i == length else ()
        parts = widths[b] - 1
        out = []

        def place(j: int, k: int, acc: tuple, total: int):
            if k == parts:
                t = str(total)
                if digits.startswith(t, j) and length - (j + len(t)) >= after[b]:
                    for rest in block(j + len(t), b + 1):
                        out.append(acc + (total,) + rest)
                return
            # room: the remaining parts one digit each, the total at least as long as the sum so far
            if digits[j:j + 1] == "0":
                ends = [j + 1]
            else:
                ends = range(j + 1, length + 1)
            for e in ends:
                if e > length:
                    break
                v = int(digits[j:e])
                s = total + v
                need = (parts - k - 1) + len(str(s)) + after[b]
                if length - e < need:
                    break  # longer parts only need more room
                place(e, k + 1, acc + (v,), s)

        place(i, 0, (), 0)
        return tuple(out)

    return block(0, 0)


_KIND_PATTERN = {
    "count": re.compile(r"0|[1-9]\d*"),
    "signed": re.compile(r"[+-]?(?:0|[1-9]\d*)"),
    "amount": re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?"),
}


def _number(text: str):
    return float(text) if "." in text else int(text)


def token_splits(text: str, kinds) -> tuple:
    """Every way to read ``text`` as consecutive cells of the given column kinds (``count``,
    ``signed``, ``amount`` — templates.Column.kind), no leading zeros; as tuples of numbers.
    For all-``count`` kinds this is :func:`splits`."""
    kinds = tuple(kinds)
    if all(k == "count" for k in kinds) and text.isdigit():
        return splits(text, len(kinds))
    length = len(text)

    @lru_cache(maxsize=None)
    def tail(i: int, k: int) -> tuple:
        if k == len(kinds):
            return ((),) if i == length else ()
        pattern = _KIND_PATTERN[kinds[k]]
        out = []
        for j in range(i + 1, length - (len(kinds) - k - 1) + 1):
            piece = text[i:j]
            if pattern.fullmatch(piece):
                out.extend((_number(piece),) + rest for rest in tail(j, k + 1))
        return tuple(out)

    return tail(0, 0)


# ---------------------------------------------------------------- readings that satisfy the identities
MAX_STATES = 500_000


def _expand(report: Report, identity: T.Identity, spec: T.TableSpec, column: str) -> dict:
    """A per-column identity for one column as ``{row key: coefficient}`` (target − plus + minus = 0)."""
    leaves = [r.key for r in spec.rows if r.leaf and r.key in report.tables[spec.key].rows]
    coef: dict = {}

    def add(ref, sign):
        row, col = ref
        if col not in (T.COL, column):
            return
        for r in (leaves if row == T.LEAVES else [row]):
            coef[r] = coef.get(r, 0) + sign

    add(identity.target, 1)
    for ref in identity.plus:
        add(ref, -1)
    for ref in identity.minus:
        add(ref, 1)
    return {r: c for r, c in coef.items() if c}


def _row_ok(identities: list, row: T.Row, values: dict) -> bool:
    """Every per-row identity of ``row`` holds for ``values`` ({column: number})."""
    for ident in identities:
        if ident.rows is not None and row.key not in ident.rows:
            continue
        refs = [identity_col for _, identity_col in (ident.target,) + ident.plus + ident.minus]
        if any(c not in values for c in refs):
            continue
        total = values[ident.target[1]] - sum(values[c] for _, c in ident.plus) + sum(values[c] for _, c in ident.minus)
        if total != 0:
            return False
    return True


def _unit_readings(report: Report, unit: tuple, row_ids: list) -> list:
    """The readings of one glued unit that satisfy its rows' per-row identities:
    a list of ``{row key: {column: value}}``."""
    tkey = unit[0]
    spec = report.spec(tkey)
    rows = _unit_rows(report, unit)
    text = glued_text(report, unit)
    kinds = [spec.column(c).kind for r in rows for c in r.columns]
    summed = all(_is_summed(row_ids, r) for r in rows) and text.isdigit()
    if summed:
        raw = summed_splits(text, tuple(len(r.columns) for r in rows))
    else:
        raw = token_splits(text, kinds)
    out = []
    for values in raw:
        reading, k = {}, 0
        for r in rows:
            reading[r.key] = dict(zip(r.columns, values[k:k + len(r.columns)]))
            k += len(r.columns)
        if all(_row_ok(row_ids, r, reading[r.key]) for r in rows):
            out.append(reading)
    return out


def _is_summed(row_ids: list, row: T.Row) -> bool:
    """Whether a per-row identity makes the row's last cell the sum of all the others."""
    for ident in row_ids:
        if ident.rows is not None and row.key not in ident.rows:
            continue
        if (not ident.minus and ident.target[1] == row.columns[-1]
                and sorted(c for _, c in ident.plus) == sorted(row.columns[:-1])):
            return True
    return False


def glued_candidates(report: Report, glued: Iterable) -> dict:
    """For each glued unit, the readings of its run that can stand in a solution of every
    identity of the template, the other rows read as printed: ``{unit: [values tuple, …]}``
    (values in printed order).  One reading for every unit means a unique recovery (it is then
    the report's own values when the report is consistent); several mean the unit is ambiguous;
    none, that no reading satisfies the identities (the report's own arithmetic is wrong)."""
    glued = list(dict.fromkeys(glued))
    identities = T.get(report.template).identities if report.template in T.TEMPLATES else ()
    out: dict = {}
    for tkey in T.TABLE_ORDER:
        units = [u for u in glued if u[0] == tkey]
        if not units:
            continue
        spec = report.spec(tkey)
        table = report.tables[tkey]
        row_ids = [i for i in identities if i.table == tkey and i.per == "row"]
        col_ids = [i for i in identities if i.table == tkey and i.per == "column"]
        # the variables: each glued unit, and each printed row read as printed
        variables = []  # (unit or None, [reading, …])
        in_units = {r.key for u in units for r in _unit_rows(report, u)}
        for u in units:
            variables.append((u, _unit_readings(report, u, row_ids)))
        for r in spec.rows:
            if r.key in table.rows and r.key not in in_units:
                known = {r.key: {c: table.value(r.key, c) or 0 for c in r.columns}}
                variables.append((None, [known]))
        # per-column identities as linear forms over (row, column)
        forms = []
        for ident in col_ids:
            for c in (ident.columns or [col.key for col in spec.columns]):
                forms.append((c, _expand(report, ident, spec, c)))
        viable = _viable(variables, forms)
        for (u, readings), keep in zip(variables, viable):
            if u is None:
                continue
            rows = _unit_rows(report, u)
            out[u] = [tuple(reading[r.key][c] for r in rows for c in r.columns)
                      for reading, ok in zip(readings, keep) if ok]
    return {u: out[u] for u in glued if u in out}


def _viable(variables: list, forms: list) -> list:
    """For each variable, which of its readings stand in at least one assignment of all
    variables under which every linear form is zero (forward and backward reachable sums)."""
    def contribution(reading):
        return tuple(sum(coef * reading.get(r, {}).get(c, 0) for r, coef in form.items() if r in reading)
                     for c, form in forms)

    contrib = [[contribution(x) for x in readings] for _, readings in variables]
    zero = tuple(0 for _ in forms)
    forward = [{zero}]
    for options in contrib:
        nxt = {tuple(a + b for a, b in zip(s, x)) for s in forward[-1] for x in options}
        if len(nxt) > MAX_STATES:
            raise ValueError("too many partial readings to enumerate")
        forward.append(nxt)
    backward = [set() for _ in range(len(contrib) + 1)]
    backward[-1] = {zero}
    for k in range(len(contrib) - 1, -1, -1):
        backward[k] = {tuple(a + b for a, b in zip(x, t)) for t in backward[k + 1] for x in contrib[k]}
        if len(backward[k]) > MAX_STATES:
            raise ValueError("too many partial readings to enumerate")
    out = []
    for k, options in enumerate(contrib):
        keep = []
        for x in options:
            keep.append(any(tuple(-(a + b) for a, b in zip(s, x)) in backward[k + 1] for s in forward[k]))
        out.append(keep)
    return out


def ambiguous_units(candidates: dict) -> list:
    """The units with more than one reading (a reader must refuse them, naming the row)."""
    return [u for u, readings in candidates.items() if len(readings) > 1]


def unit_labels(report: Report, unit: tuple) -> list:
    """The template labels a refusal of ``unit`` may name: the row's label (and its aliases);
    for table 4's run, the table's short name and its block labels."""
    tkey, rkey = unit
    spec = report.spec(tkey)
    if rkey is None:
        groups = [g.label for g in spec.groups]
        return [spec.short] + [r.label for r in spec.rows] + groups
    row = spec.row(rkey)
    return [row.label] + list(row.aliases)
