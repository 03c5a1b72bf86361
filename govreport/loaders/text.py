"""Plain text and Markdown: one cell per line, one row per line (whitespace-separated
numbers, as PDF text extraction gives), pipe-separated rows (Markdown, web copy-paste)
or tab-separated rows (a table copied from a web page or a spreadsheet).

Text laid out in character columns (``pdftotext -layout``, a terminal rendering)
gets two more steps:

* a vertical group label (三、本年度办理结果 printed one character per line at
  the start of the lines it spans) is taken out of those lines and becomes one
  line before the row where it starts (:func:`_take_stacks`);
* under table 3's and table 4's printed column headers, a row with fewer numbers
  than columns is placed by the positions of its numbers, so a blank cell stays
  blank instead of shifting its neighbours (:func:`place_columns`, which the PDF
  loader uses too, with x coordinates instead of character columns).  pdftotext
  counts a CJK character as one column and a terminal as two: both are tried,
  and a row is placed only when they agree.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Optional

from .. import normalize as N
from .. import templates as T
from ..decode import decode
from ..parse import Line, RawDocument
from ..parse.tokens import is_separator, split_line
from ..parse.numbers import classify
from ..records import record

def lines_of(text: str) -> list:
    out = []
    plain = []  # (index in out, raw line, page, line number) of whitespace-separated lines
    page = 1
    for n, raw in enumerate(text.splitlines(keepends=True), 1):
        line_page = page
        if raw.endswith("\f"):  # a page break (pdftotext ends each page with a form feed)
            page += 1
        raw = raw.rstrip("\r\n\f\v\x1c\x1d\x1e\x85\u2028\u2029")
        if not raw.strip():
            continue
        cells, structured = split_line(raw)
        if structured and is_separator(cells):
            continue
        if not structured:
            plain.append((len(out), raw, line_page, n))
        out.append(Line(cells, {"line": n}, structured))
    if plain and _is_layout(plain):
        inserts = _take_stacks(out, plain)
        _layout_columns(out, plain)
        for index, line in sorted(inserts, key=lambda item: item[0], reverse=True):
            out.insert(index, line)
        if inserts:
            out = [line for line in out if line.cells]  # lines that held nothing but a stacked character
    return out


def read(data: bytes, path: str, fmt: str = "text") -> RawDocument:
    text, _encoding = decode(data, path)
    return RawDocument(lines_of(text), fmt, path)


# ---------------------------------------------------------------- columns by position
# Table 3's and table 4's value columns, by their printed (bottom-level) header
# labels, and the header words that start a header block — read from the templates.
_REQ, _RL = T.REQUESTS_2021, T.REVIEW_LITIGATION
_REQ_GROUPS = tuple(dict.fromkeys(c.group for c in _REQ.columns if c.group))  # 法人或其他组织
HEADERS = {
    "requests": tuple(c.label for c in _REQ.columns),
    "review_litigation": tuple(c.label for c in _RL.columns) * len(_RL.rows),
}
TRIGGERS = {
    "requests": (T.APPLICANT_HEADER,) + _REQ_GROUPS + (_REQ.columns[0].label,),
    "review_litigation": (_RL.rows[0].label,) + tuple(g.label for g in _RL.groups),
}
# Header words spanning several value columns (left out before the columns are read).
SPANNING = {
    "requests": (T.APPLICANT_HEADER,) + _REQ_GROUPS,
    "review_litigation": tuple(r.label for r in _RL.rows if not r.group) + tuple(g.label for g in _RL.groups)
    + tuple(r.label for r in _RL.rows if r.group),
}
HEADER_LINES = 15  # a header block is at most this many lines
HEADER_RUNS = 200  # … and at most this many words that may be column headers
MAX_BLOCKS = 12  # header blocks read per document (a report prints two; this bounds the work on odd input)
TABLE_LINES = 400  # a table's rows end at most this many lines after its header
EDGE_MARGIN = 0.1  # a value's centre must be this fraction of its slot's width away from the slot's edges

# A quick test, before any line is split into runs, for the header words in Traditional print
# (申請人情況, 法人或其他組織, 行政複議, 行政訴訟): their characters folded without loading OpenCC.
_T2S = str.maketrans("業機構會組織務總計請況結維糾審議復複訴訟經後", "业机构会组织务总计请况结维纠审议复复诉讼经后")
_TRIGGER_KEYS = tuple(w for words in TRIGGERS.values() for w in words)
_PROSE_END = r"^\s*(?:[五六七]\s*[、.．]|(?:注|备注)\s*[:：])"  # compiled when a table is read by position


@record
class Token:
    """A cell's text and its horizontal extent (character columns or PDF points)."""

    text: str
    x0: float
    x1: float

    def __init__(self, text: str, x0: float, x1: float):
        self.text = text
        self.x0 = x0
        self.x1 = x1

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@record
class Placed:
    """A table row placed by position: its label cells, then one cell per column."""

    labels: list  # Token, left of the value columns
    cells: list  # one text per column, "" for a blank cell
    xs: list  # x0 of the printed value in each column, None for a blank

    def __init__(self, labels: list, cells: list, xs: list):
        self.labels = labels
        self.cells = cells
        self.xs = xs


class GridLine:
    """One line as :func:`place_columns` sees it: its page, its text (for quick
    checks), its character size and its tokens, made when first needed."""

    __slots__ = ("page", "text", "unit", "_tokens", "_make")

    def __init__(self, page: int, text: str, unit: float, make):
        self.page = page
        self.text = text
        self.unit = unit
        self._tokens = None
        self._make = make

    @property
    def tokens(self) -> list:
        if self._tokens is None:
            self._tokens = self._make()
        return self._tokens


def header_key(text: str) -> str:
    """A header fragment compared by its characters only (Simplified, no spaces or punctuation)."""
    return N.label_key(N.clean_text(text, traditional=True))


_KEYS: dict = {}


def _header_keys(which: str) -> dict:
    """``wanted``: table -> the keys of its column headers; ``spanning``: of its spanning header
    words.  Made when a header is first read (``header_key`` folds Traditional script with
    OpenCC: a Simplified text without a layout never loads it)."""
    if not _KEYS:
        _KEYS["wanted"] = {table: [header_key(h) for h in heads] for table, heads in HEADERS.items()}
        _KEYS["spanning"] = {table: [header_key(h) for h in words] for table, words in SPANNING.items()}
    return _KEYS[which]


def is_value(text: str) -> bool:
    """A cell that can only be a table value: a number or a blank marker (the parser's cell grammar)."""
    if text.isascii() and text.isdigit():
        return True
    kind, value = classify(text)
    return kind == "value" and bool(value.raw)


def place_columns(lines: list, merge_gap: float, trust_header: bool, slack: float = 0.0) -> dict:
    """Data rows of tables 3 and 4 placed under their value columns.

    ``lines`` is the document as :class:`GridLine` objects in reading order;
    tokens at most ``merge_gap`` units (character sizes) apart are read as one
    header word.
    A table starts at a line holding one of its header words; its header block
    runs to the first line with a number.  Nothing is placed unless the header
    gives every value column (:func:`header_columns`); the columns are then
    taken from the header and from the rows that fill every column;
    a row with fewer numbers is placed only when every number falls clearly
    inside one column, and when every source of columns on its page agrees
    (``trust_header``: whether the header alone may place a row — true for PDF
    coordinates, false for ``pdftotext -layout`` text, whose header words drift
    by a character or two against the numbers).  Returns ``{line index: Placed}``;
    a line not in the answer is left as it is.  ``slack``: how far apart the
    fragments of one header word on consecutive lines may stand (character text,
    whose positions are rounded to whole characters).
    """
    out: dict = {}
    i = 0
    blocks = 0
    while i < len(lines) and blocks < MAX_BLOCKS:
        table = _trigger(lines[i], merge_gap)
        if table is None:
            i += 1
            continue
        body = _first_value_line(lines, i)
        if body is None:
            i += 1
            continue
        blocks += 1
        columns = header_columns([(line.tokens, merge_gap * line.unit) for line in lines[i:body]], table, slack)
        end = _table_end(lines, body, table, merge_gap)
        if columns is None:  # the header is not read unambiguously: its rows stay as they are
            i = end
            continue
        n = len(HEADERS[table])
        header = (lines[i].page, columns)
        for page in _pages(lines, body, end):
            slots = _page_slots(lines, page, header, n, trust_header)
            for k in page:
                placed = _place_line(lines[k].tokens, slots, n)
                if placed is not None:
                    out[k] = placed
        i = end
    return out


def _trigger(line: GridLine, merge_gap: float) -> Optional[str]:
    """The table whose header block a line starts: one of its cells is a header word."""
    whole = line.text.translate(_T2S)
    if not any(w in whole for w in _TRIGGER_KEYS):
        return None
    keys = {header_key(run.text) for run in _runs(line.tokens, merge_gap * line.unit)}
    for table, words in TRIGGERS.items():
        if any(w in keys for w in words):
            return table
    return None


def _first_value_line(lines: list, start: int) -> Optional[int]:
    page = lines[start].page
    for k in range(start + 1, min(len(lines), start + HEADER_LINES)):
        if lines[k].page != page:
            return None
        if any(is_value(t.text) for t in lines[k].tokens):
            return k
    return None


def _table_end(lines: list, body: int, table: str, merge_gap: float) -> int:
    """The line after the table's last row (exclusive)."""
    if table == "review_litigation":
        return body + 1  # one row of 15 values
    for k in range(body, min(len(lines), body + TABLE_LINES)):
        text = lines[k].text
        if re.match(_PROSE_END, text) or "。" in text or (k > body and _trigger(lines[k], merge_gap)):
            return k
    return min(len(lines), body + TABLE_LINES)


def _pages(lines: list, start: int, end: int) -> list:
    """Line indexes from ``start`` to ``end``, one list per page."""
    out: list = []
    for k in range(start, end):
        if not out or lines[out[-1][-1]].page != lines[k].page:
            out.append([])
        out[-1].append(k)
    return out


# -- header
def _runs(tokens: list, gap: float) -> list:
    """Tokens joined where the gap between them is at most ``gap`` (a header word printed spaced out)."""
    runs: list = []
    for t in tokens:
        if runs and t.x0 - runs[-1].x1 <= gap:
            runs[-1] = Token(runs[-1].text + t.text, runs[-1].x0, max(runs[-1].x1, t.x1))
        else:
            runs.append(Token(t.text, t.x0, t.x1))
    return runs


def header_columns(block: list, table: str, slack: float = 0.0) -> Optional[list]:
    """The value columns' x-ranges, left to right, from a header block (one
    ``(tokens, gap)`` per line: tokens closer than ``gap`` are one word), or None
    unless every column header of ``table`` is found exactly once: fragments of
    one header stacked over lines (商业 / 企业) are joined where
    their x-ranges overlap (or stand at most ``slack`` apart); the header words spanning several columns (申请人情况,
    法人或其他组织) and the note over the label column are left out first.  Any
    other word over the value columns (an extra 小计 column) makes the header
    unreadable."""
    wanted = _header_keys("wanted")[table]
    spanning = _header_keys("spanning")[table]
    runs = []  # (line, Token, key)
    others = []  # words that are no column header
    for n, (tokens, gap) in enumerate(block):
        for run in _runs(tokens, gap):
            key = header_key(run.text)
            if key and any(key in w for w in wanted):
                runs.append((n, run, key))
            elif key and not any(key in w for w in spanning):
                others.append(run)
    if len(runs) > HEADER_RUNS:
        return None  # no header has that many words
    parent = list(range(len(runs)))

    def root(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a in range(len(runs)):
        for b in range(a + 1, len(runs)):
            ra, rb = runs[a][1], runs[b][1]
            if runs[a][0] != runs[b][0] and min(ra.x1, rb.x1) - max(ra.x0, rb.x0) > -slack:
                parent[root(a)] = root(b)
    groups: dict = {}
    for a in range(len(runs)):
        groups.setdefault(root(a), []).append(runs[a])
    columns = []
    for members in groups.values():
        members.sort(key=lambda m: (m[0], m[1].x0))
        columns.append(Token("".join(m[2] for m in members), min(m[1].x0 for m in members),
                             max(m[1].x1 for m in members)))
    columns.sort(key=lambda c: c.x0)
    if sorted(c.text for c in columns) != sorted(wanted):
        return None
    if any(a.x1 > b.x0 for a, b in zip(columns, columns[1:])):
        return None
    if any(run.x1 > columns[0].x0 for run in others):
        return None  # a word over the value columns that is no known header
    return columns


# -- slots: the x-range of each column
@record
class _Slots:
    """Column boundaries (``len(spans) + 1`` of them), and the printed extent of
    each column's header or values.  ``strict``: a value must also stand under
    that extent, give or take one character (the header alone places a row in
    character text, where header words drift against the numbers)."""

    bounds: list
    spans: list
    strict: bool

    def __init__(self, bounds: list, spans: list, strict: bool = False):
        self.bounds = bounds
        self.spans = spans
        self.strict = strict


def _slots(columns: list, strict: bool = False) -> _Slots:
    """Boundaries between columns: halfway across the gap between neighbours;
    the outer columns reach half a column pitch beyond their centre."""
    import statistics

    centres = [c.centre for c in columns]
    pitch = statistics.median(b - a for a, b in zip(centres, centres[1:])) if len(centres) > 1 else \
        2 * (columns[0].x1 - columns[0].x0)
    bounds = [min(centres[0] - pitch / 2, columns[0].x0)]
    bounds += [(a.x1 + b.x0) / 2 for a, b in zip(columns, columns[1:])]
    bounds.append(max(centres[-1] + pitch / 2, columns[-1].x1))
    return _Slots(bounds, columns, strict)


def _split(tokens: list):
    """(labels, values) of a row: its trailing value tokens and what stands before
    them; None when a value stands among the labels."""
    k = len(tokens)
    while k > 0 and is_value(tokens[k - 1].text):
        k -= 1
    labels, values = tokens[:k], tokens[k:]
    if not values or any(is_value(t.text) for t in labels):
        return None
    return labels, values


def _fit(labels: list, values: list, slots: _Slots) -> Optional[list]:
    """The column of each value, or None when any value is not clearly inside one column,
    two share a column, or a label reaches into the columns."""
    from bisect import bisect_right  # (only text laid out in columns gets here)

    bounds = slots.bounds
    if labels and labels[-1].x1 > slots.spans[0].x0:
        return None  # a label reaching under the first column
    cols = []
    for v in values:
        c = v.centre
        k = bisect_right(bounds, c) - 1
        if k < 0 or k >= len(bounds) - 1:
            return None
        margin = EDGE_MARGIN * (bounds[k + 1] - bounds[k])
        if c - bounds[k] < margin or bounds[k + 1] - c < margin:
            return None
        if slots.strict and not (v.x0 <= slots.spans[k].x1 and slots.spans[k].x0 <= v.x1):
            return None
        if cols and k <= cols[-1]:
            return None
        cols.append(k)
    return cols


def _page_slots(lines: list, page: list, header, n: int, trust_header: bool) -> list:
    """The column sets that may place rows on one page of a table; a row is placed
    only if all of them place it alike.  ``header`` is (page, columns) of the
    table's header.  With ``trust_header`` (PDF coordinates) the header places
    rows on every page of the table, and a page whose full rows disagree with it
    places nothing.  Without (character text, where header words drift) the full
    rows of the page decide, and the header alone places a row only when each
    number stands under its header word."""
    full = []
    for k in page:
        split = _split(lines[k].tokens)
        if split and len(split[1]) == n:
            full.append(split)
    rows = _row_slots(full, n)
    here = trust_header or header[0] == lines[page[0]].page
    head = _slots(header[1]) if here else None
    if head is not None and not all(_fit(labels, values, head) == list(range(n)) for labels, values in full):
        if trust_header:
            return []  # the printed header disagrees with the rows under it: place nothing
        head = None
    if trust_header:
        return [s for s in (head, rows) if s is not None]
    if full:
        return [s for s in (rows, head) if s is not None] if rows is not None else []
    return [_slots(header[1], strict=True)] if here else []


def _row_slots(full: list, n: int) -> Optional[_Slots]:
    """Columns from the rows that fill every column: each column spans its values,
    and the columns must not overlap."""
    if not full:
        return None
    columns = [Token("", min(values[j].x0 for _, values in full), max(values[j].x1 for _, values in full))
               for j in range(n)]
    if any(a.x1 >= b.x0 for a, b in zip(columns, columns[1:])):
        return None
    slots = _slots(columns)
    if not all(_fit(labels, values, slots) == list(range(n)) for labels, values in full):
        return None
    return slots


def _place_line(tokens: list, slots: list, n: int) -> Optional[Placed]:
    if not slots:
        return None
    split = _split(tokens)
    if split is None or len(split[1]) > n:
        return None
    labels, values = split
    fits = [_fit(labels, values, s) for s in slots]
    if any(f is None for f in fits) or any(f != fits[0] for f in fits):
        return None
    cells, xs = [""] * n, [None] * n
    for v, col in zip(values, fits[0]):
        cells[col], xs[col] = v.text, v.x0
    return Placed(labels, cells, xs)


# ---------------------------------------------------------------- pdftotext -layout
_WORD = re.compile(r"\S+")


def _columns_of(raw: str, wide: bool) -> list:
    """The whitespace-separated tokens of a line with their character columns
    (``wide``: CJK characters take two columns, as on a terminal; otherwise one,
    as ``pdftotext -layout`` counts them)."""
    if not wide or raw.isascii():
        return [Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(raw)]
    from wcwidth import wcwidth

    starts = [0]  # the display column where each character starts
    for ch in raw:
        starts.append(starts[-1] + (1 if ch.isascii() else max(wcwidth(ch), 1)))
    return [Token(m.group(), starts[m.start()], starts[m.end()]) for m in _WORD.finditer(raw)]


def _is_layout(plain: list) -> bool:
    """Whether the text is laid out in character columns (runs of spaces inside lines)."""
    return any("   " in raw.strip() for _, raw, _, _ in plain)


def _layout_columns(out: list, plain: list) -> None:
    """Replace the table rows among ``plain`` lines that the character positions
    place unambiguously by structured lines with a cell per column.  Both ways of
    counting columns are tried; a row both place must be placed the same way."""
    results = []
    for wide in (False, True):
        lines = [GridLine(page, "".join(raw.split()), 1, partial(_columns_of, raw, wide)) for _, raw, page, _ in plain]
        results.append(place_columns(lines, merge_gap=1, trust_header=False, slack=1))
    for k in set(results[0]) | set(results[1]):
        found = [r[k] for r in results if k in r]
        if any(p.cells != found[0].cells for p in found):
            continue
        index = plain[k][0]
        line = out[index]
        placed = found[0]
        line.cells = [t.text for t in placed.labels] + placed.cells
        line.structured = True


# ---------------------------------------------------------------- vertical text in character columns
STACK_MIN = 3  # characters in a vertical label, at least
STACK_LINES = 4  # consecutive characters of a vertical label are at most this many lines apart
# The characters of a vertical label: an ideograph (U+3400–U+4DBF, U+4E00–U+9FFF, U+F900–U+FAFF) or a
# bracket, with at most one punctuation mark after it.  Tested in Python, not with a character
# class: a class over the CJK blocks costs ~2 ms to compile (re fills a 65,536-entry map in Python).
_STACK_BRACKETS = frozenset("（）()〔〕【】︵︶")
_STACK_MARKS = frozenset("、，,.．:：")


def _is_ideograph(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def _ideographs(text: str) -> list:
    return [ch for ch in text if _is_ideograph(ch)]


def _is_stacked(token: str) -> bool:
    """A token that can be one element of a vertical label (``三``, ``果、``, ``（``)."""
    if not 1 <= len(token) <= 2 or len(token) == 2 and token[1] not in _STACK_MARKS:
        return False
    return _is_ideograph(token[0]) or token[0] in _STACK_BRACKETS
_HEAD = re.compile(r"\s*(\S+)(?:\s+(\S+))?")  # a line's first token and the one after it


def _take_stacks(out: list, plain: list) -> list:
    """Vertical text (三、本年度办理结果 printed one character per line at the start
    of the lines it spans): its characters are blanked out of those lines and
    ``[(index in out, Line)]`` is returned: the joined label, to go before the row
    where it starts (moved up past the label-only lines just above it)."""
    heads = [_HEAD.match(raw) for _, raw, _, _ in plain]
    inserts = []
    for stack in _text_stacks(plain, heads):
        label = "".join(heads[k].group(1) for k in stack)
        column = heads[stack[0]].end(1)  # where the stacked characters end
        for k in stack:
            index, raw, page, n = plain[k]
            start, end = heads[k].span(1)
            raw = raw[:start] + " " * (end - start) + raw[end:]
            plain[k] = (index, raw, page, n)
            out[index].cells = raw.split()
            heads[k] = _HEAD.match(raw)
        k = stack[0]
        while k > 0 and _label_just_above(plain, heads, k, column):
            k -= 1
        inserts.append((plain[k][0], Line([label], {"line": plain[stack[0]][3]})))
    return inserts


def _label_just_above(plain: list, heads: list, k: int, column: int) -> bool:
    """Whether the line right above line ``k`` holds only label text, right of the
    stacked characters' column (the start of a row label wrapped over lines)."""
    above, here, head = plain[k - 1], plain[k], heads[k - 1]
    return (above[3] == here[3] - 1 and above[2] == here[2] and head is not None and head.start(1) >= column
            and not any(is_value(t) for t in above[1].split()))


def _text_stacks(plain: list, heads: list) -> list:
    """Columns of single characters (line indexes): each the first token of its
    line, at one character column, on nearby lines with nothing else in that
    column between them, beside row labels."""
    stacks, current = [], None
    for k, head in enumerate(heads):
        element = head is not None and _is_stacked(head.group(1))
        if current is not None:
            column = heads[current[0]].start(1)
            last = current[-1]
            near = plain[k][2] == plain[last][2] and plain[k][3] - plain[last][3] <= STACK_LINES
            if element and near and abs(head.start(1) - column) <= 1:
                current.append(k)
                continue
            if near and head is not None and head.start(1) > column + 1:
                continue  # a line beside the column
            _close_stack(current, heads, stacks)
            current = None
        if element:
            current = [k]
    if current is not None:
        _close_stack(current, heads, stacks)
    return stacks


def _close_stack(stack: list, heads: list, stacks: list) -> None:
    text = "".join(heads[k].group(1) for k in stack)
    if len(stack) < STACK_MIN or len(set(_ideographs(text))) < 2:
        return
    beside = [heads[k].group(2) or "" for k in stack]  # the token after each stacked character
    if any(len(t) >= 3 and any(map(_is_ideograph, t)) and not is_value(t) for t in beside):
        stacks.append(stack)
