"""Plain text and Markdown: one cell per line, one row per line (whitespace-separated
numbers, as PDF text extraction gives), pipe-separated rows (Markdown, web copy-paste)
or tab-separated rows (a table copied from a web page or a spreadsheet)."""

from __future__ import annotations

import re

from ..decode import decode
from ..parse import Line, RawDocument

_SEPARATOR = re.compile(r"^\s*:?-{2,}:?\s*$")


def split_line(line: str) -> tuple[list, bool]:
    """A line's cells, and whether they are table cells (pipes or tabs: an empty
    cell between two separators is a blank value)."""
    s = line.strip()
    if s.count("|") >= 2 or (s.startswith("|") and s.count("|") >= 1):
        inner = s[1:] if s.startswith("|") else s
        inner = inner[:-1] if inner.endswith("|") else inner
        cells = [c.strip() for c in inner.split("|")]
        return cells, True
    if "\t" in s:
        return [c.strip() for c in s.split("\t")], True
    return s.split(), False


def lines_of(text: str) -> list:
    out = []
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        cells, structured = split_line(raw)
        if structured and cells and all(_SEPARATOR.match(c) for c in cells if c):
            continue
        out.append(Line(cells, {"line": n}, structured))
    return out


def read(data: bytes, path: str, fmt: str = "text") -> RawDocument:
    text, _encoding = decode(data, path)
    return RawDocument(lines_of(text), fmt, path)
