"""The types the parser's modules share: lines from the loaders, tokens, label entries."""

from __future__ import annotations

import re
from typing import Optional

from .. import messages as M
from ..messages import Text
from .numbers import Value
from ..records import MISSING, record

_SEPARATOR = re.compile(r"^\s*:?-{2,}:?\s*$")
# A page number printed as such: — 3 —, - 3 -, 第 3 页, 第3页 共10页, 3/10, Page 3 (a number alone is not one:
# it is a cell)
PAGE_NUMBER = re.compile(
    r"^(?:[-—–－_~]+\s*\d+\s*[-—–－_~]+|第\s*\d+\s*页(?:\s*[/,，]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+"
    r"|(?:page|p\.?)\s*\d+(?:\s*(?:/|of)\s*\d+)?)$", re.I)


def split_line(line: str) -> tuple[list, bool]:
    """A text line's cells, and whether they are table cells (pipes or tabs: an empty
    cell between two separators is a blank value); else its whitespace-separated words."""
    s = line.strip()
    if s.count("|") >= 2 or (s.startswith("|") and s.count("|") >= 1):
        inner = s[1:] if s.startswith("|") else s
        inner = inner[:-1] if inner.endswith("|") else inner
        cells = [c.strip() for c in inner.split("|")]
        return cells, True
    if "\t" in s:
        return [c.strip() for c in s.split("\t")], True
    return s.split(), False


def is_separator(cells: list) -> bool:
    """A Markdown table's rule line (``|---|:--:|``): pipe cells of dashes only."""
    return bool(cells) and all(_SEPARATOR.match(c) for c in cells if c)


@record
class Line:
    """One line of the input as a loader read it."""

    cells: list  # cell texts in reading order
    prov: dict  # {"line": 12}, {"page": 4, "line": 3}, {"table": 1, "row": 5} (default: a new {})
    structured: bool  # cells of a real table row: an empty cell is a blank value
    cell_prov: Optional[list]  # per-cell provenance added to prov (e.g. {"col": 3})

    def __init__(self, cells: list, prov: dict = MISSING, structured: bool = False, cell_prov: Optional[list] = None):
        self.cells = cells
        self.prov = {} if prov is MISSING else prov
        self.structured = structured
        self.cell_prov = cell_prov

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c.strip()) if self.structured else " ".join(self.cells)


@record
class RawDocument:
    lines: list
    format: str
    path: str
    title_hint: Optional[str]
    # pictures in the document (web page, Word file): (line index they stand before, bytes | a callable
    # giving them | None, the source or why it is not read) — read by OCR when their tables are wanted
    images: list

    def __init__(self, lines: list, format: str, path: str = "", title_hint: Optional[str] = None,
                 images: list = MISSING):
        self.lines = lines
        self.format = format
        self.path = path
        self.title_hint = title_hint
        self.images = [] if images is MISSING else images


@record
class Token:
    """One cell of a line: a label (``value`` None), a value, a digit run glued
    to its label or to other digits (``glued``), or text that tries to be a
    number and is not one (``bad``: the reason)."""

    text: str
    key: str
    value: Optional[Value]
    prov: dict
    line_index: int
    glued: Optional[str]  # digits run together: the row's cells without their borders
    bad: Optional[str]

    def __init__(self, text: str, key: str, value: Optional[Value], prov: dict, line_index: int,
                 glued: Optional[str] = None, bad: Optional[str] = None):
        self.text = text
        self.key = key
        self.value = value
        self.prov = prov
        self.line_index = line_index
        self.glued = glued
        self.bad = bad

    @property
    def is_value(self) -> bool:
        return self.value is not None or self.glued is not None


@record
class Entry:
    kind: str  # row | group | anchor
    table: str
    obj: object

    def __init__(self, kind: str, table: str, obj: object = None):
        self.kind = kind
        self.table = table
        self.obj = obj


def clean_prov(prov: dict) -> dict:
    """A copy of ``prov`` without its private keys (``_structured``), for a cell (once per cell)."""
    out = dict(prov)
    for key in prov:
        if key[:1] == "_":
            del out[key]
    return out


def where(prov: dict):
    """Where a token stands, for messages, rendered when shown: ``第 4 页第 3 行`` /
    `` (page 4, line 3)`` (:func:`govreport.messages.location`); '' when unknown."""
    if not M.location_fields(prov):
        return ""
    return Text(render=lambda: M.text("where.around", places=M.location(prov)))


def table_name(key: str):
    """表二/表三/表四 (``table 3`` in English), for messages, rendered when shown."""
    return Text(render=lambda: M.table_name(key))
