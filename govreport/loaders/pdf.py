"""Text-layer PDF → lines in reading order, with cells split at wide horizontal gaps.

Characters are read with pypdfium2 (PDFium): it gives the same text as
pdfminer/pdfplumber on the corpus and is about ten times faster.  Characters
are grouped into lines by their vertical centre; within a line a cell break is
made at every real space and wherever the gap between two characters is wider
than a fraction of the font height, so a label and the number next to it
(``总计 299``) are two cells while the digits of one number stay together.
Page numbers and running headers/footers are dropped; the lines of the next
page simply follow, so tables that cross a page continue.

Two things come from the geometry of the page, not from the text order:

* **Vertical text.**  District reports print table 3's group label
  三、本年度办理结果 (sometimes （三）不予公开 too) one character per line in a
  narrow label column beside the rows it spans.  Such a column of stacked single
  characters is taken out of the lines it crosses and emitted as one line
  holding the joined label, just before the row where it starts
  (:func:`_take_stacks`).
* **Value columns.**  Under table 3's and table 4's printed column headers, each
  number of a data row is placed in the column its x position falls in, so a
  blank cell is an empty cell and not a shifted row (``text.place_columns``).
  Such rows are emitted as structured lines: the label cells, then one cell per
  column ("" for blank), each with its x position in ``cell_prov``.
"""

from __future__ import annotations

import ctypes
import math
import re
import statistics
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter
from typing import Optional

from .. import messages as M
from ..errors import InputError
from ..parse import Line, RawDocument
from ..parse.tokens import PAGE_NUMBER
from .text import GridLine, Token, is_value, place_columns

MAX_STREAM = 64 * 1024 * 1024  # a compressed stream may inflate to this at most (a report page holds kilobytes)
MAX_PAGES = 2000  # pages read at most
MAX_CHARS = 200_000  # characters read from one page at most
CELL_GAP = 0.3  # a gap wider than this × the font height separates two cells
LINE_TOL = 0.5  # a character whose centre is this × its height from a line's mean centre joins it
TITLE_SIZE = 1.2  # title lines are printed at least this × the page's median character height
EDGE = 0.12  # top/bottom fraction of a page where page numbers and running headers live
HEADER_GAP = 0.9  # header words: fragments closer than this × the font height are one word

# vertical text (a column of characters stacked one per line)
STACK_MIN = 3  # characters in a stack, at least
STACK_PITCH = 3.2  # consecutive characters of a stack are at most this × the font height apart (centres)
STACK_ALIGN = 0.3  # their centres differ by at most this × the font height
STACK_GAP = 0.12  # a stacked character stands at least this × the font height from its neighbours…
STACK_SPACING = 2.0  # … and at least this × the line's usual letter spacing
LABEL_RUN = 3  # a stack stands beside row labels: a run of at least this many characters next to it
STACK_STARTS = 3  # a row starts at most this many stacks (label columns are at the left: 三、…, （三）…)
STACK_OPEN = 12  # at most this many stacks grow at once (a page of scattered characters is no table)
WORD_GAP = 0.5  # gaps below this × the font height are letter spacing inside a word

_LONE_NUMBER = re.compile(r"^\d{1,4}$")
_STACKABLE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff（）()〔〕【】︵︶︹︺、]")
_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TRAILING_MARK = frozenset("、，,.．:：")  # printed beside a stacked character (三、)


class _Char:
    __slots__ = ("text", "x0", "x1", "top", "bottom", "height", "middle")

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float):
        self.text = text
        self.x0 = x0
        self.x1 = x1
        self.top = top
        self.bottom = bottom
        height = bottom - top
        self.height = height if height > 0.1 else 0.1
        self.middle = (top + bottom) * 0.5

    def __repr__(self) -> str:
        return f"_Char({self.text!r}, {self.x0:.1f}-{self.x1:.1f}, {self.top:.1f}-{self.bottom:.1f})"


@dataclass
class _PageLine:
    cells: list
    top: float
    bottom: float
    x0: float
    x1: float
    size: float  # median character height
    boxes: Optional[list] = None  # (x0, x1) of each cell

    @property
    def text(self) -> str:
        return "".join(self.cells)

    def tokens(self) -> list:
        boxes = self.boxes or [(self.x0, self.x1)] * len(self.cells)
        return [Token(c, x0, x1) for c, (x0, x1) in zip(self.cells, boxes)]


def read(data: bytes, path: str, fmt: str = "pdf") -> RawDocument:
    try:
        import pypdfium2 as pdfium
    except ImportError:
        raise InputError("pdf.needs_extra", path) from None
    check_streams(data, path)
    try:
        doc = pdfium.PdfDocument(data)
    except Exception as exc:  # PdfiumError, or anything the library raises on bad bytes
        raise _open_error(exc, path) from None
    try:
        if len(doc) > MAX_PAGES:
            raise InputError("pdf.too_many_pages", path, pages=len(doc), limit=MAX_PAGES)
        pages = [_raw_page_lines(doc, i, pdfium) for i in range(len(doc))]
        scanned = _scanned_pages(pages)
        if scanned:
            from . import ocr

            for i, frame in zip(scanned, ocr.render_pdf_pages(doc, scanned, path)):
                pages[i] = ocr.page_lines(*frame, path)
            return ocr.document(pages, fmt, path)
    except InputError:
        raise
    except Exception as exc:
        raise InputError("pdf.unreadable_text", path, detail=_one_line(exc)) from None
    finally:
        doc.close()
    if not any(pl for pl, _, _ in pages):
        raise InputError("pdf.no_text_layer", path)
    return RawDocument(_document_lines(pages), fmt, path, _title(pages[0][0]))


SCANNED_CHARS = 12  # a page with fewer printed characters than this is a scan (a stamped page number at most)


def _scanned_pages(pages: list) -> list:
    """The pages to read by OCR: all with ``--ocr always``; with ``auto``, those without a text
    layer (when the ``ocr`` extra is installed, or when no page has text: then its absence is said)."""
    from . import ocr_mode

    mode = ocr_mode()
    if mode == "never":
        return []
    if mode == "always":
        return list(range(len(pages)))
    bare = [i for i, (lines, _, _) in enumerate(pages) if sum(len(pl.text) for pl in lines) < SCANNED_CHARS]
    if not bare:
        return []
    if len(bare) < len(pages):
        from .ocr import available

        if not available():
            return []
    return bare


_LENGTH = re.compile(rb"/Length\s+(\d{1,12})\b")


def _declared(data: bytes, keyword: int) -> int:
    """The ``/Length`` the stream's dictionary declares (0 when none)."""
    start = data.rfind(b"<<", max(0, keyword - 4096), keyword)
    m = _LENGTH.search(data, start, keyword) if start >= 0 else None
    return int(m.group(1)) if m else 0


def check_streams(data: bytes, path: str, limit: int = MAX_STREAM) -> None:
    """Refuse a PDF any of whose Flate streams inflates beyond ``limit`` (a
    decompression bomb), counting the bytes as they inflate — the declared
    ``/Length`` is not trusted — before PDFium is given the file."""
    import zlib

    most, out = 1 << 18, 1 << 20  # input fed in pieces of at most this, output taken at most this at a time
    found = []  # every "stream" in the file ("stream" cannot overlap itself), in one pass
    at = data.find(b"stream")
    while at >= 0:
        found.append(at)
        at = data.find(b"stream", at + 6)
    ends = [k - 3 for k in found if data[k - 3:k] == b"end"]  # every "endstream"
    for keyword in found:
        if data[keyword - 3:keyword] == b"end":
            continue
        begin = keyword + 6 + (2 if data[keyword + 6:keyword + 8] == b"\r\n" else 1)
        k = bisect_left(ends, begin)
        end = ends[k] if k < len(ends) else -1  # the first "endstream" from begin on
        if data[begin - 1:begin] != b"\n" or (end >= 0 and (end - begin) * 1032 < limit and not _declared(
                data, keyword) * 1032 >= limit):
            continue  # deflate inflates at most 1032:1: this stream cannot reach the limit
        start = data.rfind(b"<<", max(0, keyword - 4096), keyword)
        if start < 0 or b"FlateDecode" not in data[start:keyword]:
            continue
        stored = max(len(data) - begin if end < 0 else end - begin, _declared(data, keyword))
        inflate = zlib.decompressobj()
        pos, size, chunk = begin, 0, b""
        while True:
            if not chunk:
                # the input to inflate before what is left of the stream cannot reach the limit any more
                need = stored - (pos - begin) - (limit - size) // 1032 + 1
                chunk = data[pos:pos + min(max(need, 1024), most)]
                pos += len(chunk)
                if not chunk:
                    break
            try:
                size += len(inflate.decompress(chunk, out))
            except zlib.error:
                break  # not a deflate stream after all: PDFium will judge it
            if size > limit:
                raise InputError("pdf.stream_bomb", path, limit=limit // (1024 * 1024))
            if inflate.eof:
                break
            chunk = inflate.unconsumed_tail
            if size + (stored - (pos - begin - len(chunk))) * 1032 < limit:
                break  # what is left cannot reach the limit any more


def _open_error(exc: Exception, path: str) -> InputError:
    msg = _one_line(exc)
    if "password" in msg.lower():
        return InputError("pdf.encrypted", path)
    return InputError("pdf.damaged", path, detail=msg)


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


# ---------------------------------------------------------------- one page
def _page_codes(raw, textpage, count: int) -> list:
    """The page's character codes: in one call when PDFium's text matches its
    character list one to one (the usual case), else one call per character."""
    buf = (ctypes.c_ushort * (count + 1))()
    if count and raw.FPDFText_GetText(textpage, 0, count, buf) == count + 1:
        return buf[:count]
    return [raw.FPDFText_GetUnicode(textpage, k) for k in range(count)]


_UNTYPED: dict = {}  # PDFium functions taking plain addresses, by (raw module, name)


def _untyped(raw, name: str):
    """The PDFium function ``name`` of signature (text page, index, [pointer]) as
    a function of plain addresses: the same C function, called without building
    typed pointers (a third of the cost of a call, made once per character)."""
    fn = _UNTYPED.get((id(raw), name))
    if fn is None:
        typed = getattr(raw, name)
        fn = type(typed)(ctypes.cast(typed, ctypes.c_void_p).value)  # the same calling convention
        fn.argtypes = (ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)[:len(typed.argtypes)]
        fn.restype = typed.restype
        _UNTYPED[(id(raw), name)] = fn
    return fn


def _page_chars(page, pdfium) -> list:
    """The characters of a page (a pypdfium2 page)."""
    textpage = page.get_textpage()
    left_edge, _, _, top_edge = page.get_cropbox()  # the visible page; y is turned to run downwards
    try:
        return _text_chars(pdfium.raw, textpage.raw, left_edge, top_edge)
    finally:
        textpage.close()


def _raw_page_lines(doc, index: int, pdfium):
    """:func:`_page_lines` of page ``index`` through PDFium's functions, without
    pypdfium2's page and text page objects (which cost about a millisecond per
    document); where PDFium cannot load the page, the same failure as theirs."""
    raw = pdfium.raw
    page = raw.FPDF_LoadPage(doc.raw, index)
    if not page:
        return _page_lines(doc[index], pdfium)  # raises pypdfium2's error
    try:
        textpage = raw.FPDFText_LoadPage(page)
        if not textpage:
            chars = None
        else:
            try:
                left_edge, top_edge = _crop_edges(raw, page)
                chars = _text_chars(raw, textpage, left_edge, top_edge)
            finally:
                raw.FPDFText_ClosePage(textpage)
            width, height = raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page)
    finally:
        raw.FPDF_ClosePage(page)
    if chars is None:
        return _page_lines(doc[index], pdfium)  # raises pypdfium2's error
    return _group_lines(chars), width, height


def _crop_edges(raw, page) -> tuple:
    """The left and top edge of the page's crop box, as ``PdfPage.get_cropbox``
    gives them (the media box where there is no crop box, else (0, 0, 612, 792))."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if raw.FPDFPage_GetCropBox(page, left, bottom, right, top) or raw.FPDFPage_GetMediaBox(
            page, left, bottom, right, top):
        return left.value, top.value
    return 0, 792


def _text_chars(raw, handle, left_edge: float, top_edge: float) -> list:
    """The characters of a PDFium text page: codes in one call, the spaces and
    line breaks PDFium invents dropped, a loose box for each (one call each)."""
    count = raw.FPDFText_CountChars(handle)
    if count > MAX_CHARS:
        raise ValueError(M.text("pdf.page_chars", count=count, limit=MAX_CHARS))
    codes = _page_codes(raw, handle, count)
    special = [k for k, code in enumerate(codes) if code <= 32 or 0xD800 <= code <= 0xDFFF]
    try:
        generated, loose = _untyped(raw, "FPDFText_IsGenerated"), _untyped(raw, "FPDFText_GetLooseCharBox")
    except Exception:  # bindings of another shape: the typed calls still work
        generated = loose = None
    if loose is None or any(codes[k] > 32 for k in special):
        return _chars_one_by_one(raw, handle, codes, left_edge, top_edge)
    address = ctypes.cast(handle, ctypes.c_void_p).value
    dropped = [k for k in special if not codes[k] or generated(address, k)]  # spaces and line breaks PDFium invents
    if dropped:
        keep = bytearray(b"\x01") * count
        for k in dropped:
            keep[k] = 0
        kept = list(compress(range(count), keep))
        texts = list(map(chr, compress(codes, keep)))
    else:
        kept = range(count)
        texts = list(map(chr, codes))
    boxes = (ctypes.c_float * (4 * len(kept)))()  # FS_RECTF of each kept character: left, top, right, bottom
    at = ctypes.addressof(boxes)
    for k in kept:
        loose(address, k, at)
        at += 16
    lefts, rights = boxes[0::4], boxes[2::4]
    if left_edge or math.copysign(1.0, left_edge) < 0:  # v - 0.0 is v
        lefts = [v - left_edge for v in lefts]
        rights = [v - left_edge for v in rights]
    return list(map(_Char, texts, lefts, rights, [top_edge - v for v in boxes[1::4]],
                    [top_edge - v for v in boxes[3::4]]))


def _chars_one_by_one(raw, handle, codes: list, left_edge: float, top_edge: float) -> list:
    """:func:`_text_chars` one character at a time, through pypdfium2's typed
    functions: for a page whose text has UTF-16 surrogates (a character outside
    the BMP comes as two codes), and should the plain-address calls be unavailable."""
    chars = []
    high = None  # a pending high surrogate
    rect = raw.FS_RECTF()
    ref = ctypes.byref(rect)
    box, generated = raw.FPDFText_GetLooseCharBox, raw.FPDFText_IsGenerated
    for k, code in enumerate(codes):
        if code <= 32 or 0xD800 <= code <= 0xDFFF:
            if code <= 32 and (not code or generated(handle, k)):
                continue  # spaces and line breaks PDFium invents
            if 0xD800 <= code <= 0xDBFF:
                high = code
                continue
            if 0xDC00 <= code <= 0xDFFF:
                if high is None:
                    continue
                code, high = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00), None
        box(handle, k, ref)
        chars.append(_Char(chr(code), rect.left - left_edge, rect.right - left_edge,
                           top_edge - rect.top, top_edge - rect.bottom))
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
    """The page's lines, top to bottom, with vertical text taken out of them."""
    rows = _char_rows(chars)
    stacks = _take_stacks(rows)
    lines, at = [], []
    for row in rows:
        at.append(len(lines))
        line = _line(row)
        if line is not None:
            lines.append(line)
    for stack in sorted(stacks, key=lambda s: s.first_row, reverse=True):
        index = _stack_place(lines, at[stack.first_row], stack)
        lines.insert(index, stack.line())
    return lines


def _char_rows(chars: list) -> list:
    """Characters grouped into rows by their vertical centre, each row left to right
    (a glyph printed twice, slightly offset — fake bold — kept once)."""
    visible = [c for c in chars if c.text.strip() or c.text == " "]
    visible.sort(key=attrgetter("middle"))
    rows: list = []
    members: list = []
    total, first, n = 0.0, 0.0, 0  # the sum of the row's centres; its first character's height; its characters
    for ch in visible:
        if n:
            h = ch.height
            if abs(ch.middle - total / n) <= LINE_TOL * (h if h < first else first):
                members.append(ch)
                total += ch.middle
                n += 1
                continue
            rows.append(members)
        members, total, first, n = [ch], ch.middle, ch.height, 1
    if members:
        rows.append(members)
    out = []
    for members in rows:
        members.sort(key=attrgetter("x0"))
        kept = [members[0]]
        for ch in members[1:]:
            prev = kept[-1]
            if ch.text == prev.text and ch.x0 - prev.x0 < 0.5 * (prev.x1 - prev.x0):
                continue
            kept.append(ch)
        out.append(kept)
    return out


def _line(row: list) -> Optional[_PageLine]:
    """A row of characters as cells: a break at every real space and every wide gap
    (the row holds no whitespace but real spaces, see :func:`_char_rows`)."""
    cells, boxes, heights = [], [], []
    current, x0, last, prev = "", 0.0, 0.0, None
    top, bottom = float("inf"), float("-inf")
    for ch in row:
        text = ch.text
        if text == " ":
            prev = None  # a real space: always a cell break
            if current:
                cells.append(current)
                boxes.append((x0, last))
                current = ""
            continue
        h = ch.height
        if prev is not None and current and ch.x0 - prev.x1 > CELL_GAP * (h if h < prev.height else prev.height):
            cells.append(current)
            boxes.append((x0, last))
            current = ""
        if not current:
            x0 = ch.x0
        current += text
        last = ch.x1
        prev = ch
        heights.append(h)
        if ch.top < top:
            top = ch.top
        if ch.bottom > bottom:
            bottom = ch.bottom
    if current:
        cells.append(current)
        boxes.append((x0, last))
    if not cells:
        return None
    heights.sort()
    mid = len(heights) // 2
    size = heights[mid] if len(heights) % 2 else (heights[mid - 1] + heights[mid]) / 2  # the median
    return _PageLine(cells, top, bottom, boxes[0][0], max(x1 for _, x1 in boxes), size, boxes)


# ---------------------------------------------------------------- vertical text
@dataclass
class _Stack:
    """A column of characters stacked one per line: (row index, characters) per line."""

    elements: list

    @property
    def first_row(self) -> int:
        return self.elements[0][0]

    @property
    def text(self) -> str:
        return "".join(c.text for _, chars in self.elements for c in chars)

    def line(self) -> _PageLine:
        chars = [c for _, element in self.elements for c in element]
        x0, x1 = min(c.x0 for c in chars), max(c.x1 for c in chars)
        size = statistics.median(c.height for c in chars)
        return _PageLine([self.text], chars[0].top, chars[0].bottom, x0, x1, size, [(x0, x1)])


def _take_stacks(rows: list) -> list:
    """Find the columns of stacked single characters (vertical text), take their
    characters out of ``rows`` and return them.  A stack is at least STACK_MIN
    characters, one per line, on nearby lines, centred on one x, each standing
    apart from its neighbours on the line, nothing else printed in its column
    between them, and beside row labels.  Several stacks may run side by side
    (三、本年度办理结果 beside （三）不予公开)."""
    inks = [[c for c in row if c.text != " "] for row in rows]  # rows hold no other whitespace (_char_rows)
    stacks = _find_stacks(rows, inks)
    taken = {id(c) for stack in stacks for _, chars in stack.elements for c in chars}
    if taken:
        for k, row in enumerate(rows):
            if any(id(c) in taken for c in row):
                rows[k] = [c for c in row if id(c) not in taken]
    return stacks


def _elements(ink: list) -> dict:
    """The characters of a row that could be part of vertical text, by index:
    each stands apart from its neighbours (more than the row's letter spacing),
    with a mark printed right beside it kept with it (三、)."""
    n = len(ink)
    gaps = [b.x0 - a.x1 for a, b in zip(ink, ink[1:])]
    spacing = None
    out = {}
    for i in range(n):
        ch = ink[i]
        least = STACK_GAP * ch.height
        if i and gaps[i - 1] < least:
            continue  # inside a word: most characters stop here
        j = i + 1
        if j < n and ink[j].text in _TRAILING_MARK and gaps[i] < least:
            j += 1
        if (j < n and gaps[j - 1] < least) or not _STACKABLE.match(ch.text):
            continue
        if spacing is None:
            small = sorted(g for g, c in zip(gaps, ink) if g < WORD_GAP * c.height)
            spacing = max(small[len(small) // 2], 0.0) if small else 0.0  # the median, near enough
        need = max(least, STACK_SPACING * spacing + 0.05 * ch.height)
        if (i and gaps[i - 1] < need) or (j < n and gaps[j - 1] < need):
            continue
        out[i] = ink[i:j]
    return out


def _centres(chars: list) -> tuple:
    return (chars[0].x0 + chars[0].x1) / 2, (chars[0].x0 + chars[-1].x1) / 2


def _aligned(a: list, b: list) -> bool:
    tol = STACK_ALIGN * a[0].height
    return any(abs(p - q) <= tol for p in _centres(a) for q in _centres(b))


def _label_beside(row: list, chars: list) -> bool:
    """Whether a row label (a run of several characters with words in it, not a
    number) follows the stacked character on its row."""
    k = next(i for i, c in enumerate(row) if c is chars[-1]) + 1
    run = []
    for c in row[k:]:
        if not c.text.strip():
            if run:
                break
            continue
        if run and c.x0 - run[-1].x1 > CELL_GAP * c.height:
            break
        run.append(c)
        if len(run) >= LABEL_RUN and any(_IDEOGRAPH.match(r.text) for r in run):
            return True
    return False


def _find_stacks(rows: list, inks: list) -> list:
    stacks: list = []
    growing: list = []  # open stacks: lists of (row index, chars)
    for r, ink in enumerate(inks):
        if not ink:
            continue
        elements = _elements(ink)
        xs = [c.x0 for c in ink] if growing else None
        used: set = set()
        still = []
        for stack in growing:
            chars = _next_element(ink, xs, elements, stack, used)
            if chars == "close":
                _close(stack, rows, stacks)
                continue
            if chars:
                stack.append((r, chars))
                used.update(id(c) for c in chars)
            still.append(stack)
        growing = still
        for chars in list(elements.values())[:STACK_STARTS]:
            if len(growing) >= STACK_OPEN:
                break
            if id(chars[0]) in used or any(_in_column(chars[0], stack) for stack in growing):
                continue
            growing.append([(r, chars)])
            used.update(id(c) for c in chars)
    for stack in growing:
        _close(stack, rows, stacks)
    return stacks


def _in_column(ch: _Char, stack: list) -> bool:
    last = stack[-1][1]
    x0, x1 = last[0].x0, last[-1].x1
    return min(ch.x1, x1) - max(ch.x0, x0) > 0.3 * min(ch.x1 - ch.x0, x1 - x0)


def _next_element(ink: list, xs: list, elements: dict, stack: list, used: set):
    """The stack's next character on this row (added by the caller), None when
    nothing is printed in the stack's column on this row, or "close"."""
    last = stack[-1][1]
    if ink[0].middle - last[0].middle > STACK_PITCH * last[0].height:
        return "close"
    end = bisect_right(xs, last[-1].x1)  # characters starting left of the column's right edge
    inside = []
    for k in range(end - 1, -1, -1):
        if _in_column(ink[k], stack):
            inside.append(k)
        elif ink[k].x1 < last[0].x0 - 2 * ink[k].height:
            break  # well left of the column (characters barely overlap one another)
    inside.reverse()
    if not inside:
        return None
    chars = elements.get(inside[0])
    if chars is None or len(inside) > len(chars) or not _aligned(chars, last) or any(id(c) in used for c in chars):
        return "close"
    return chars


def _close(stack: list, rows: list, stacks: list) -> None:
    if len(stack) < STACK_MIN:
        return
    text = "".join(c.text for _, chars in stack for c in chars)
    if len(_IDEOGRAPH.findall(text)) < 2 or len(set(text)) < 2:
        return
    if not any(_label_beside(rows[r], chars) for r, chars in stack):
        return
    stacks.append(_Stack(list(stack)))


def _stack_place(lines: list, index: int, stack: _Stack) -> int:
    """Where the joined label of a stack goes: before the line of its first
    character, moved up past the label-only lines just above (the start of a
    wrapped row label), so that it never splits a row's label from its numbers."""
    column_end = stack.line().x1
    while index > 0:
        above = lines[index - 1]
        if any(is_value(c) for c in above.cells) or above.x0 < column_end:
            break
        below_top = lines[index].top if index < len(lines) else above.bottom
        if below_top - above.bottom > 1.5 * above.size:
            break
        index -= 1
    return index


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
    return bool(PAGE_NUMBER.match(text)) or (
        bool(_LONE_NUMBER.match(text)) and index in (0, count - 1) and abs(centre - width / 2) < 0.1 * width)


def _running(pages: list) -> set:
    """Texts printed in the top or bottom margin of many pages (headers, footers)."""
    if len(pages) < 2:
        return set()
    seen: Counter = Counter()
    for lines, _width, height in pages:
        keys = {_edge_key(pl.text) for pl in lines if _in_margin(pl, height)}
        # a running header has words: a line of numbers near the top of several pages is a table's rows
        seen.update(k for k in keys if re.search(r"[^\W\d_]", k))
    need = max(2, (len(pages) + 1) // 2)
    return {k for k, n in seen.items() if n >= need}


def _document_lines(pages: list, cell_info=None) -> list:
    """The pages' lines as the parser's lines.  ``cell_info(page_line, k)``, when given,
    is a dict of provenance added to the line's ``k``-th cell (OCR: the cell's confidence); for a
    blank cell of a placed row, ``cell_info(page_line, None, (x0, x1))`` with the stretch of the
    line between its neighbours' values (OCR: whether anything is printed there)."""
    running = _running(pages)
    kept = []  # (page, line number on the page, _PageLine)
    for p, (lines, width, height) in enumerate(pages, 1):
        for i, pl in enumerate(lines):
            if _is_page_number(pl, i, len(lines), width, height):
                continue
            if _in_margin(pl, height) and _edge_key(pl.text) in running:
                continue
            kept.append((p, i + 1, pl))
    grid = [GridLine(p, pl.text, pl.size, pl.tokens) for p, _, pl in kept]
    placed = place_columns(grid, HEADER_GAP, trust_header=True)
    out = []
    for k, (p, n, pl) in enumerate(kept):
        row = placed.get(k)
        if row is None:
            if cell_info is None:
                out.append(Line(pl.cells, {"page": p, "line": n}))
            else:
                out.append(Line(pl.cells, {"page": p, "line": n}, False,
                                [cell_info(pl, j) or {} for j in range(len(pl.cells))]))
            continue
        cells = [t.text for t in row.labels] + row.cells
        xs = [t.x0 for t in row.labels] + row.xs
        prov = [{} if x is None else {"x": round(x, 1)} for x in xs]
        if cell_info is not None:
            at = {x0: j for j, (x0, _) in enumerate(pl.boxes or ())}
            ends = [pl.boxes[at[x]][1] if x in at else None for x in xs]
            first = len(row.labels)
            for i, (info, x) in enumerate(zip(prov, xs)):
                if x is None and i >= first:
                    a = next((j for j in range(i - 1, first - 1, -1) if xs[j] is not None), first - 1)
                    b = next((j for j in range(i + 1, len(xs)) if xs[j] is not None), len(xs))
                    left = ends[a] if a >= first else None
                    right = xs[b] if b < len(xs) else None
                    if left is not None and right is not None and b - a > 2:
                        # several blanks side by side: each its share of the stretch between the values
                        step = (right - left) / (b - a - 1)
                        left, right = left + (i - a - 1) * step, left + (i - a) * step
                    extra = cell_info(pl, None, (left, right))
                else:
                    extra = cell_info(pl, at[x]) if x in at else None
                if extra:
                    info.update(extra)
        out.append(Line(cells, {"page": p, "line": n}, True, prov))
    return out
