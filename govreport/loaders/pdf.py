"""Text-layer PDF → lines in reading order, with cells split at wide horizontal gaps.

Characters are read with pypdfium2 (PDFium): it gives the same text as
pdfminer/pdfplumber on the corpus and is about ten times faster.  Characters
are grouped into lines by their vertical centre; within a line a cell break is
made at every real space and wherever the gap between two characters is wider
than a fraction of the font height, so a label and the number next to it
(``总计 299``) are two cells while the digits of one number stay together.
Page numbers and running headers/footers are dropped; the lines of the next
page simply follow, so tables that cross a page continue.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from ..errors import InputError
from ..parse import Line, RawDocument

INSTALL_HINT = "PDF support needs: pip install 'govreport[pdf]'"
CELL_GAP = 0.3  # a gap wider than this × the font height separates two cells
LINE_TOL = 0.5  # a character whose centre is this × its height from a line's mean centre joins it
TITLE_SIZE = 1.2  # title lines are printed at least this × the page's median character height
EDGE = 0.12  # top/bottom fraction of a page where page numbers and running headers live

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－_~]+\s*\d+\s*[-—–－_~]+|第\s*\d+\s*页(?:\s*[/,，]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+"
    r"|(?:page|p\.?)\s*\d+(?:\s*(?:/|of)\s*\d+)?)$", re.I)
_LONE_NUMBER = re.compile(r"^\d{1,4}$")


@dataclass
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class _PageLine:
    cells: list
    top: float
    bottom: float
    x0: float
    x1: float
    size: float  # median character height

    @property
    def text(self) -> str:
        return "".join(self.cells)


def read(data: bytes, path: str, fmt: str = "pdf") -> RawDocument:
    try:
        import pypdfium2 as pdfium
    except ImportError:
        raise InputError(INSTALL_HINT, path) from None
    try:
        doc = pdfium.PdfDocument(data)
    except Exception as exc:  # PdfiumError, or anything the library raises on bad bytes
        raise InputError(_open_error(exc), path) from None
    try:
        pages = [_page_lines(doc[i], pdfium) for i in range(len(doc))]
    except Exception as exc:
        raise InputError(f"cannot read PDF text: {_one_line(exc)}", path) from None
    finally:
        doc.close()
    if not any(pl for pl, _, _ in pages):
        raise InputError("no text layer: run OCR first", path)
    return RawDocument(_document_lines(pages), fmt, path, _title(pages[0][0]))


def _open_error(exc: Exception) -> str:
    msg = _one_line(exc)
    if "password" in msg.lower():
        return "encrypted PDF (needs a password): decrypt it first"
    return f"not a readable PDF (damaged or corrupt): {msg}"


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


# ---------------------------------------------------------------- one page
def _page_chars(page, pdfium) -> list:
    raw = pdfium.raw
    textpage = page.get_textpage()
    left_edge, _, _, top_edge = page.get_cropbox()  # the visible page; y is turned to run downwards
    chars = []
    high = None  # a pending UTF-16 high surrogate (a character outside the BMP comes as two)
    try:
        for k in range(textpage.count_chars()):
            if raw.FPDFText_IsGenerated(textpage, k):
                continue  # spaces and line breaks PDFium invents
            code = raw.FPDFText_GetUnicode(textpage, k)
            if 0xD800 <= code <= 0xDBFF:
                high = code
                continue
            if 0xDC00 <= code <= 0xDFFF:
                if high is None:
                    continue
                code, high = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00), None
            if not code:
                continue
            left, bottom, right, top = textpage.get_charbox(k, loose=True)
            chars.append(_Char(chr(code), left - left_edge, right - left_edge, top_edge - top, top_edge - bottom))
    finally:
        textpage.close()
    return chars


def _page_lines(page, pdfium):
    """(lines, page width, page height) of one page."""
    try:
        chars = _page_chars(page, pdfium)
        width, height = page.get_size()
    finally:
        page.close()
    return _group_lines(chars), width, height


def _group_lines(chars: list) -> list:
    visible = sorted((c for c in chars if c.text.strip() or c.text == " "), key=lambda c: (c.middle, c.x0))
    rows: list = []  # [chars, sum of their centres]
    for ch in visible:
        if rows:
            chars, total = rows[-1]
            middle = total / len(chars)
            if abs(ch.middle - middle) <= LINE_TOL * min(ch.height, chars[0].height):
                chars.append(ch)
                rows[-1][1] += ch.middle
                continue
        rows.append([[ch], ch.middle])
    lines = []
    for row, _ in rows:
        row.sort(key=lambda c: c.x0)
        cells, current, prev = [], "", None
        for ch in row:
            if prev is not None and ch.text == prev.text and ch.x0 - prev.x0 < 0.5 * (prev.x1 - prev.x0):
                continue  # the same glyph printed twice, slightly offset (fake bold)
            if not ch.text.strip():
                prev = None  # a real space: always a cell break
                if current:
                    cells.append(current)
                    current = ""
                continue
            if prev is not None and ch.x0 - prev.x1 > CELL_GAP * min(ch.height, prev.height) and current:
                cells.append(current)
                current = ""
            current += ch.text
            prev = ch
        if current:
            cells.append(current)
        if cells:
            ink = [c for c in row if c.text.strip()]
            lines.append(_PageLine(cells, min(c.top for c in ink), max(c.bottom for c in ink),
                                   min(c.x0 for c in ink), max(c.x1 for c in ink),
                                   statistics.median(c.height for c in ink)))
    return lines


# ---------------------------------------------------------------- whole document
def _title(lines: list):
    """The title printed large at the top of the first page, joined over its lines."""
    if not lines:
        return None
    body = statistics.median(pl.size for pl in lines)
    start = next((i for i, pl in enumerate(lines[:6]) if pl.size >= TITLE_SIZE * body), None)
    if start is None:
        return None
    run = []
    for pl in lines[start:]:
        if abs(pl.size - lines[start].size) > 0.1 * lines[start].size:
            break  # the title ends where the print size changes
        run.append(pl.text)
    title = "".join(run)
    return title if len(title) < 80 and re.search(r"信息公开|年度报告|年报", title) else None


def _edge_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _in_margin(line: _PageLine, height: float) -> bool:
    return line.bottom < EDGE * height or line.top > (1 - EDGE) * height


def _is_page_number(line: _PageLine, index: int, count: int, width: float, height: float) -> bool:
    if not _in_margin(line, height):
        return False
    text = " ".join(line.cells).strip()
    centre = (line.x0 + line.x1) / 2
    return bool(_PAGE_NUMBER.match(text)) or (
        bool(_LONE_NUMBER.match(text)) and index in (0, count - 1) and abs(centre - width / 2) < 0.1 * width)


def _running(pages: list) -> set:
    """Texts printed in the top or bottom margin of many pages (headers, footers)."""
    if len(pages) < 2:
        return set()
    seen: Counter = Counter()
    for lines, _width, height in pages:
        keys = {_edge_key(pl.text) for pl in lines if _in_margin(pl, height)}
        seen.update(k for k in keys if k)
    need = max(2, (len(pages) + 1) // 2)
    return {k for k, n in seen.items() if n >= need}


def _document_lines(pages: list) -> list:
    running = _running(pages)
    out = []
    for p, (lines, width, height) in enumerate(pages, 1):
        for i, pl in enumerate(lines):
            if _is_page_number(pl, i, len(lines), width, height):
                continue
            if _in_margin(pl, height) and _edge_key(pl.text) in running:
                continue
            out.append(Line(pl.cells, {"page": p, "line": i + 1}))
    return out
