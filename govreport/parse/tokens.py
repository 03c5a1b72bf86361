"""The types the parser's modules share: lines from the loaders, tokens, label entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .. import messages as M
from ..messages import Text
from .numbers import Value


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
class Token:
    """One cell of a line: a label (``value`` None), a value, a digit run glued
    to its label or to other digits (``glued``), or text that tries to be a
    number and is not one (``bad``: the reason)."""

    text: str
    key: str
    value: Optional[Value]
    prov: dict
    line_index: int
    glued: Optional[str] = None  # digits run together: the row's cells without their borders
    bad: Optional[str] = None

    @property
    def is_value(self) -> bool:
        return self.value is not None or self.glued is not None


@dataclass
class Entry:
    kind: str  # row | group | anchor
    table: str
    obj: object = None


def clean_prov(prov: dict) -> dict:
    return {k: v for k, v in prov.items() if not k.startswith("_")}


def where(prov: dict):
    """Where a token stands, for messages, rendered when shown: ``第 4 页第 3 行`` /
    `` (page 4, line 3)`` (:func:`govreport.messages.location`); '' when unknown."""
    if not M.location_fields(prov):
        return ""
    return Text(render=lambda: M.text("where.around", places=M.location(prov)))


def table_name(key: str):
    """表二/表三/表四 (``table 3`` in English), for messages, rendered when shown."""
    return Text(render=lambda: M.table_name(key))
