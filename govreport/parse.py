"""The template-driven parser: every input format's lines → one :class:`Report`.

Loaders turn a file into :class:`Line` objects (cells in reading order, with
provenance).  This module normalises them (NFKC, Traditional → Simplified),
finds the sections, and reads the tables by the template: a data row is found
by its label (matched on the label key, fragments joined across lines), and
takes exactly as many numbers as the template gives it.  A row with another
count is refused with an error naming it — numbers never move between rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from . import normalize as N
from . import templates as T
from .errors import ParseError
from .model import Cell, Note, Report, Section, Table

LONG_LABEL = 30  # an unmatched label longer than this (in key chars) is narrative: it closes the open row
MIN_BARE = 3  # a label matched without its enumerator must keep at least this many key characters
SHORT_FRAGMENT = 3  # an unmatched label this short (in key chars) leaves a half-read label alone


@dataclass
class Line:
    """One line of the input as a loader read it."""

    cells: list  # cell texts in reading order
    prov: dict = field(default_factory=dict)  # {"line": 12}, {"page": 4, "line": 3}, {"table": 1, "row": 5}
    structured: bool = False  # cells of a real table row: an empty cell is a blank value
    cell_prov: Optional[list] = None  # per-cell provenance added to prov (e.g. {"col": 3})

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c.strip()) if self.structured else " ".join(self.cells)


@dataclass
class RawDocument:
    lines: list
    format: str
    path: str = ""
    title_hint: Optional[str] = None


@dataclass
class _Token:
    text: str
    key: str
    value: Optional[N.Value]
    prov: dict
    line_index: int


@dataclass
class _Entry:
    kind: str  # row | group | anchor
    table: str
    obj: object = None


# ---------------------------------------------------------------- label index
class _LabelIndex:
    """Label keys of one template's tables → what they name, plus every key prefix."""

    def __init__(self, template: T.Template):
        self.full: dict = {}
        self.bare: dict = {}
        self.prefixes: set = set()
        specs = dict(template.tables) if template.tables else dict(T.TEMPLATE_2021.tables)
        for tkey, spec in specs.items():
            rows = T.recognised_rows(template.key, tkey)
            if not spec.flat:
                for row in rows:
                    for label in (row.label,) + row.aliases:
                        self._add(self.full, N.label_key(label), _Entry("row", tkey, row))
                        if row.bare_ok:
                            self._add_bare(N.bare_key(label), _Entry("row", tkey, row))
            if not spec.flat:
                for group in spec.groups:
                    for label in (group.label,) + group.aliases:
                        entry = _Entry("group", tkey, group)
                        self._add(self.full, N.label_key(label), entry)
                        self._add_bare(N.bare_key(label), entry)
            for label in spec.anchors:
                self._add(self.full, N.label_key(label), _Entry("anchor", tkey))
        for key in list(self.full) + list(self.bare):
            for i in range(1, len(key)):
                self.prefixes.add(key[:i])

    def _add_bare(self, key: str, entry: _Entry) -> None:
        """A label without its enumerator: only when distinctive (其他, 总计 are column headers too)."""
        if len(key) >= MIN_BARE:
            self._add(self.bare, key, entry)

    @staticmethod
    def _add(index: dict, key: str, entry: _Entry) -> None:
        if not key:
            return
        entries = index.setdefault(key, [])
        if all(e.kind != entry.kind or e.table != entry.table or e.obj is not entry.obj for e in entries):
            entries.append(entry)

    def lookup(self, key: str, group: Optional[str]) -> list:
        found = list(self.full.get(key, []))
        for e in self.bare.get(key, []):
            if e not in found:
                found.append(e)
        if not found:
            # rows that may only match bare inside their own group (3.其他 → 其他)
            for e in self._group_only(key, group):
                found.append(e)
        return found

    def _group_only(self, key: str, group: Optional[str]):
        if group is None:
            return []
        out = []
        for entries in self.full.values():
            for e in entries:
                if e.kind == "row" and not e.obj.bare_ok and e.obj.group == group and N.bare_key(e.obj.label) == key:
                    out.append(e)
        return out

    def is_prefix(self, key: str) -> bool:
        return key in self.prefixes

    def unique_row_for_prefix(self, key: str) -> Optional[_Entry]:
        if len(key) < 4 or key not in self.prefixes:
            return None
        hits = []
        for index in (self.full, self.bare):
            for k, entries in index.items():
                if k.startswith(key):
                    for e in entries:
                        if e.kind == "row" and all(h.obj is not e.obj for h in hits):
                            hits.append(e)
        return hits[0] if len(hits) == 1 else None


_INDEX_CACHE: dict = {}


def _index(template: T.Template) -> _LabelIndex:
    if template.key not in _INDEX_CACHE:
        _INDEX_CACHE[template.key] = _LabelIndex(template)
    return _INDEX_CACHE[template.key]


# ---------------------------------------------------------------- helpers
_SECTION_HEAD = re.compile(r"^\s*#*\s*\**\s*([一二三四五六])\s*[、.．]\s*(.+?)\s*\**\s*$")
_NOTE = re.compile(r"^\s*(?:注|备注)\s*[:：]\s*(.+)$")
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
_PERIOD = re.compile(r"(?:统计期限|统计时限|统计时间|统计周期|统计区间)[^。;；]{0,16}?((?:19|20)\d{2})\s*年")
_TITLE_SUFFIX = re.compile(r"(政府)?信息公开(工作)?(年度)?(报告|年报)|年度报告$")


def section_of(text: str) -> Optional[T.SectionSpec]:
    m = _SECTION_HEAD.match(text)
    if not m or len(text) > 60:
        return None
    number, rest = m.group(1), N.label_key(m.group(2))
    for spec in T.SECTIONS:
        if spec.number == number and any(re.search(p, rest) for p in spec.patterns):
            return spec
    return None


def agency_from_title(title: str) -> str:
    t = re.sub(r"(?:19|20)\d{2}\s*年度?", "", title)
    t = _TITLE_SUFFIX.sub("", t)
    return t.strip(" \t#*:：-—")


def title_year(title: str) -> Optional[int]:
    m = _YEAR_IN_TITLE.search(title or "")
    return int(m.group(1)) if m else None


def period_year(text: str) -> Optional[tuple]:
    """``(year, match)`` of the statistics period (统计期限自2021年1月1日…) in ``text``."""
    m = _PERIOD.search(text or "")
    return (int(m.group(1)), m) if m else None


def year_from(title: str, text: str) -> Optional[int]:
    """The statistics year: from the title, else from the statistics period."""
    year = title_year(title)
    if year is None and period_year(text):
        year = period_year(text)[0]
    return year


def detect_template(keys: str) -> str:
    """Template from its marker labels (report-format.md §0: table 2's headers), in the
    order the templates are declared; '' if undecided."""
    for tkey, template in T.TEMPLATES.items():
        if any(N.label_key(m) in keys for m in template.markers):
            return tkey
    return ""


# ---------------------------------------------------------------- table reading
class _Reader:
    """Walks the tokens, assigning values to rows by label and count."""

    def __init__(self, template: T.Template, path: str):
        self.template = template
        self.index = _index(template)
        self.path = path
        self.table: Optional[str] = None
        self.group: Optional[str] = None
        self.row: Optional[_Entry] = None
        self.row_token: Optional[_Token] = None
        self.values: list = []
        self.buffer: list = []
        self.occurrences: dict = {}  # table -> row key -> list of (values, label token)
        self.flat: dict = {}  # table -> list of runs of value tokens
        self.flat_break = False
        self.consumed: set = set()  # line indexes holding table content
        self.last_table: Optional[str] = None
        self.touched: list = []  # tables in the order first seen

    # -- table switching
    def open_table(self, tkey: Optional[str]) -> None:
        if tkey == self.table:
            return
        self.close_row()
        self.table = tkey
        self.group = None
        self.buffer = []
        if tkey is not None:
            self.last_table = tkey
            if tkey not in self.touched:
                self.touched.append(tkey)
            self.flat_break = True

    def close_row(self) -> None:
        if self.row is None:
            return
        row: T.Row = self.row.obj
        tkey = self.row.table
        n = len(row.columns)
        values = self._without_grid_debris(self.values, n)
        if values and len(values) != n:
            where = _where(self.row_token.prov)
            spec = T.table_spec(self.template.key, tkey)
            raise ParseError(
                f"{spec.short or tkey} row '{row.label}'{where}: found {len(values)} numbers, the template has {n}"
                f" ({' '.join(v.text or '∅' for v in values)})", self.path)
        self.occurrences.setdefault(tkey, {}).setdefault(row.key, []).append((values, self.row_token))
        self.row = None
        self.values = []

    @staticmethod
    def _empty_cell(tok: _Token) -> bool:
        return bool(tok.prov.get("_structured")) and tok.value.blank and tok.value.raw == ""

    def _without_grid_debris(self, values: list, n: int) -> list:
        """A table row with more cells than the template has, whose surplus is empty
        cells at one end: the empty columns of a spanned label (``| 一、… | | 5 |``)
        or an extra grid column at the end.  Only when that is unambiguous: if the
        surplus could be dropped at either end with different results, the row is
        left as it is (and refused)."""
        surplus = len(values) - n
        if surplus <= 0:
            return values
        options = []
        if all(self._empty_cell(v) for v in values[:surplus]):
            options.append(values[surplus:])
        if all(self._empty_cell(v) for v in values[n:]):
            options.append(values[:n])
        shapes = {tuple(v.value.raw for v in option) for option in options}
        return options[0] if len(shapes) == 1 else values

    # -- tokens
    def label(self, tok: _Token) -> None:
        cand = self.buffer + [tok]
        for start in range(len(cand)):
            part = cand[start:]
            key = "".join(t.key for t in part)
            if not key:
                continue
            entries = self.index.lookup(key, self.group)
            if entries:
                self.buffer = []
                self.matched(entries, part[0])
                return
            if self.index.is_prefix(key):
                self.buffer = part
                return
        if len(tok.key) <= SHORT_FRAGMENT:
            return  # a stray piece of another cell (vertical group label) inside a wrapped label
        self.buffer = []
        if len(tok.key) > LONG_LABEL:
            self.close_row()
            if self.table is not None:
                self.flat_break = True

    def matched(self, entries: list, tok: _Token) -> None:
        tables = {e.table for e in entries}
        if self.table not in tables:
            self.open_table(entries[0].table)
        self.consumed.add(tok.line_index)
        entries = [e for e in entries if e.table == self.table]
        groups = [e for e in entries if e.kind == "group"]
        rows = [e for e in entries if e.kind == "row"]
        if groups or rows:
            self.close_row()
        if groups:
            self.group = groups[0].obj.key
        elif rows:
            self.group = rows[0].obj.group if rows[0].obj.level > 1 else None
        if rows:
            self.row = rows[0]
            self.row_token = tok
            self.values = []
        if self.table and T.table_spec(self.template.key, self.table).flat:
            self.flat_break = True

    def value(self, tok: _Token, prose: bool = False) -> None:
        """A number.  ``prose``: the line goes on with words after its numbers
        (``共收到申请 333 件``), so its numbers belong to a sentence, not a table
        row — they are skipped unless a row is still waiting for numbers."""
        full = self.row is not None and len(self.values) >= len(self.row.obj.columns)
        if prose and (self.row is None or full) and not self._flat_waiting():
            return
        if (self.row is None or full) and self.buffer:  # numbers arriving mid-label (a wrapped label)
            entry = self.index.unique_row_for_prefix("".join(t.key for t in self.buffer))
            if entry is not None:
                first = self.buffer[0]
                self.buffer = []
                self.matched([entry], first)
        self.buffer = []
        if self.row is not None:
            self.values.append(tok)
            self.consumed.add(tok.line_index)
            return
        if self.table is None:
            return  # a number in the narrative
        spec = T.table_spec(self.template.key, self.table)
        if spec.flat:
            runs = self.flat.setdefault(self.table, [])
            if self.flat_break or not runs:
                runs.append([])
                self.flat_break = False
            runs[-1].append(tok)
            self.consumed.add(tok.line_index)
            return
        if tok.value.blank:
            return  # an empty cell outside any row (layout debris)
        raise ParseError(f"{spec.short} number '{tok.text}'{_where(tok.prov)} has no row label", self.path)

    def _flat_waiting(self) -> bool:
        """Whether a flat table (表四) has started its numbers and still needs some."""
        if self.table is None or not T.table_spec(self.template.key, self.table).flat:
            return False
        have = sum(len(run) for run in self.flat.get(self.table, []))
        spec = T.table_spec(self.template.key, self.table)
        return 0 < have < len(spec.columns) * len(spec.rows)

    def finish(self) -> dict:
        self.close_row()
        tables: dict = {}
        for tkey in T.TABLE_ORDER:
            spec_rows = self.occurrences.get(tkey)
            if spec_rows:
                table = self._rows_table(tkey, spec_rows)
                if table is not None:
                    tables[tkey] = table
            elif tkey in self.flat:
                table = self._flat_table(tkey, self.flat[tkey])
                if table is not None:
                    tables[tkey] = table
        return tables

    def _rows_table(self, tkey: str, occ: dict) -> Optional[Table]:
        filled = [k for k, found in occ.items() if any(vals for vals, _ in found)]
        spec = T.table_spec(self.template.key, tkey, filled or list(occ))
        for key in filled:
            if all(r.key != key for r in spec.rows):  # numbers on a row of another row variant
                tok = next(tok for vals, tok in occ[key] if vals)
                raise ParseError(f"{spec.short} row '{tok.text}'{_where(tok.prov)} carries numbers, but the table "
                                 f"is printed with the rows of another template", self.path)
        rows: dict = {}
        any_values = False
        for row in spec.rows:
            found = occ.get(row.key)
            if not found:
                continue
            filled = [(vals, tok) for vals, tok in found if vals]
            if filled:
                first = [v.value.value for v in filled[0][0]]
                for vals, tok in filled[1:]:
                    if [v.value.value for v in vals] != first:
                        raise ParseError(
                            f"{spec.short} row '{row.label}' is printed twice with different numbers"
                            f"{_where(filled[0][1].prov)}{_where(tok.prov)}", self.path)
                vals = filled[0][0]
                rows[row.key] = {c: _cell(v) for c, v in zip(row.columns, vals)}
                any_values = True
            else:
                tok = found[0][1]
                rows[row.key] = {c: Cell(None, "", _clean_prov(tok.prov)) for c in row.columns}
        if not rows or (not any_values and len(rows) < 2):
            return None
        return Table(tkey, rows)

    def _flat_table(self, tkey: str, runs: list) -> Optional[Table]:
        spec = T.table_spec(self.template.key, tkey)
        width = len(spec.columns)
        need = width * len(spec.rows)
        values: list = []
        for run in runs:
            if len(values) >= need:
                if any(not t.value.blank or t.value.raw for t in run):
                    raise ParseError(f"{spec.short}: more than {need} numbers{_where(run[0].prov)}", self.path)
                continue  # an empty row after the data (layout debris)
            if values and len(values) % width:
                raise ParseError(
                    f"{spec.short}: a block was cut off after {len(values) % width} of {width} numbers"
                    f"{_where(run[0].prov)}", self.path)
            values.extend(run)
        if not values:
            return None
        if len(values) > need:
            extra = values[need:]
            if all(t.value.blank and not t.value.raw for t in extra):
                values = values[:need]
            else:
                raise ParseError(f"{spec.short}: found {len(values)} numbers, the template has {need}"
                                 f"{_where(values[0].prov)}", self.path)
        if len(values) != need:
            raise ParseError(f"{spec.short}: found {len(values)} numbers, the template has {need}"
                             f"{_where(values[0].prov)}", self.path)
        rows = {}
        for i, row in enumerate(spec.rows):
            chunk = values[i * width:(i + 1) * width]
            rows[row.key] = {c: _cell(v) for c, v in zip(row.columns, chunk)}
        return Table(tkey, rows)


def _clean_prov(prov: dict) -> dict:
    return {k: v for k, v in prov.items() if not k.startswith("_")}


def _cell(tok: _Token) -> Cell:
    v = tok.value
    return Cell(v.value, v.raw, _clean_prov(tok.prov), v.unit)


def _where(prov: dict) -> str:
    if not prov:
        return ""
    parts = []
    if "page" in prov:
        parts.append(f"page {prov['page']}")
    if "table" in prov:
        parts.append(f"table {prov['table']}")
    if "row" in prov:
        parts.append(f"row {prov['row']}")
    if "line" in prov:
        parts.append(f"line {prov['line']}")
    return " (" + ", ".join(parts) + ")" if parts else ""


# ---------------------------------------------------------------- entry point
def parse_document(raw: RawDocument) -> Report:
    lines = raw.lines
    sample = "".join("".join(line.cells) for line in lines[:4000])
    script = N.detect_script(sample)
    trad = script == "traditional"

    # normalised cells and tokens per line
    norm_lines: list = []
    for line in lines:
        cells = [N.clean_text(c, trad) for c in line.cells]
        norm_lines.append(cells)

    all_keys = "".join(N.label_key("".join(cells)) for cells in norm_lines)
    template_key = detect_template(all_keys)
    template = T.TEMPLATES[template_key or "2021"]

    reader = _Reader(template, raw.path)
    heads: list = []  # (line index, SectionSpec, title)
    notes: list = []  # (line index, table, text)
    for i, (line, cells) in enumerate(zip(lines, norm_lines)):
        text = " ".join(c.strip() for c in cells if c.strip())
        if not text:
            continue
        spec = None if line.structured else section_of(text)
        if spec is not None:
            reader.open_table(spec.table)
            heads.append((i, spec, _SECTION_HEAD.match(text).group(2)))
            continue
        m = _NOTE.match(text)
        if m and reader.last_table is not None:
            reader.close_row()
            notes.append((i, reader.last_table, m.group(1).strip()))
            reader.consumed.add(i)
            continue
        tokens = list(_tokens(line, cells, i))
        last_value = max((k for k, t in enumerate(tokens) if t.value is not None), default=-1)
        prose = any(t.value is None and t.key for t in tokens[last_value + 1:]) if last_value >= 0 else False
        for tok in tokens:
            if tok.value is not None:
                reader.value(tok, prose)
            else:
                reader.label(tok)
    tables = reader.finish()

    if not template_key:  # no table-2 markers: the first template whose row sets are the ones printed
        template_key = next((k for k, t in T.TEMPLATES.items() if tables and all(
            t.tables.get(tk) is T.table_spec(k, tk, list(tb.rows)) for tk, tb in tables.items())), "none")

    report = Report(template=template_key, tables=tables)
    report.source = {"path": raw.path, "format": raw.format, "script": script}
    report.notes = [Note(t, txt) for _, t, txt in notes]

    # title, sections
    first_head = heads[0][0] if heads else len(lines)
    title, title_line = "", None
    for j, cells in enumerate(norm_lines[:first_head if heads else min(len(norm_lines), 40)]):
        text = "".join(c.strip() for c in cells).strip("#* ")
        k = N.label_key(text)
        if "信息公开" in k and ("年度报告" in k or "年报" in k) and len(text) < 80:
            title, title_line = text, j
            break
    if title_line and re.match(r"(?:19|20)\d{2}\s*年", title):
        # a title printed over two lines: the body's name above the year (淮安市人民政府 / 2024年…报告)
        above = next((j for j in range(title_line - 1, -1, -1) if "".join(norm_lines[j]).strip()), None)
        name = "".join(c.strip() for c in norm_lines[above]).strip("#* ") if above is not None else ""
        if name and len(name) <= 30 and not re.search(r"[。,;:!?、]", name):
            title = name + title
    if raw.title_hint:
        title = N.clean_text(raw.title_hint, trad).strip()
    if heads:  # what stands between the title and section 一 (e.g. the statistics period)
        squeezed = re.sub(r"\s+", "", title)
        texts = [" ".join(c.strip() for c in norm_lines[j] if c.strip()).strip("#* ") for j in range(first_head)]
        in_title = [j for j, t in enumerate(texts) if len(re.sub(r"\s+", "", t)) >= 4 and re.sub(r"\s+", "", t) in squeezed]
        start = in_title[-1] + 1 if in_title else 0  # page chrome before the printed title is not the report's
        report.preamble = "\n".join(texts[j] for j in range(start, first_head)
                                     if texts[j] and j not in reader.consumed and not lines[j].structured)
    report.title = title
    report.agency = agency_from_title(title)
    full_text = "\n".join(" ".join(c for c in cells if c.strip()) for cells in norm_lines[:400])
    report.year = year_from(title, full_text)

    note_lines = {i for i, _, _ in notes}
    for n, (i, spec, head_title) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        body = []
        for j in range(i + 1, end):
            if j in reader.consumed or j in note_lines or (lines[j].structured and spec.table):
                continue
            text = " ".join(c.strip() for c in norm_lines[j] if c.strip())
            if not text:
                continue
            if spec.table and len(N.label_key(text)) <= LONG_LABEL and _in_table_span(j, reader, i, end):
                continue  # a header cell of the table
            body.append(text)
        report.sections.append(Section(spec.number, head_title.strip(), "\n".join(body), lines[i].prov.get("line")))
    return report


def _in_table_span(j: int, reader: _Reader, start: int, end: int) -> bool:
    inside = [k for k in reader.consumed if start < k < end]
    return bool(inside) and min(inside) <= j <= max(inside)


def _tokens(line: Line, cells: list, index: int):
    """Cells → label and value tokens.  Blank cells count only in table rows,
    and only after the row's last label cell (an empty group-label column is
    not a value)."""
    last_label = -1
    parsed = []
    for c in cells:
        v = N.parse_value(c)
        parsed.append(v)
    for k, (c, v) in enumerate(zip(cells, parsed)):
        if v is None:
            last_label = k
    for k, (c, v) in enumerate(zip(cells, parsed)):
        prov = dict(line.prov)
        if line.cell_prov and k < len(line.cell_prov):
            prov.update(line.cell_prov[k])
        if line.structured:
            prov["_structured"] = True
        if v is not None and v.blank and not v.raw:
            if not line.structured or k < last_label:
                continue
        if v is None:
            yield _Token(c.strip(), N.label_key(c), None, prov, index)
        else:
            yield _Token(c.strip(), "", v, prov, index)
