"""Scanned pages and table images → lines, through offline OCR (the ``ocr`` extra).

The engine is rapidocr-onnxruntime: PP-OCRv4 Chinese text detection and
recognition models shipped inside the wheel, run on the CPU by onnxruntime, no
network.  It is loaded once per process (:func:`engine`) and used for

* image files (PNG, JPEG, TIFF — every frame of a multi-page TIFF —, BMP, GIF, WebP);
* the pages of a PDF that have no text layer (rendered with pypdfium2 at :data:`DPI`);
* images inside web pages and Word files (``<img>`` with a local file or a data
  URI; the media of a .docx), when no table is found in their text.

**One table reader.**  The engine gives text runs, each with its characters'
boxes and confidences.  Every character becomes a character of the PDF reader
(:class:`.pdf._Char`), in the same units as a PDF page (points, from the render
resolution), after the page's skew is measured from the runs and turned back.
From there the PDF reader's geometry reads the table: lines from the vertical
centres, cells from the gaps, vertical label columns, value columns placed under
the printed header.  There is no second parser.

**What a cell keeps.**  Each cell read this way carries ``ocr`` in its
provenance: ``score`` (the confidence of its least sure character), ``read``
(the text as the engine read it, before a letter in a number was taken for the
digit it resembles) and ``box`` (x0, top, x1, bottom in page points).  Which
numbers are taken as read, recovered or flagged is decided afterwards with the
official identities, by :mod:`govreport.ocr`.

**The second pass.**  A blank cell of a placed row where the page shows print
that no box holds (the detector missed a number) is cropped from the page and
read by the recognizer alone (:func:`second_read`).  Only a reading of digits
counts: it becomes the cell's text, its provenance marked ``pass: 2`` with the
crop's ``box`` and ``score``, and :mod:`govreport.ocr` decides it like any
uncertain number — never on its confidence alone.  Anything else (words, marks,
nothing) leaves the cell missing.
"""

from __future__ import annotations

import io
import math
import re
import statistics
from bisect import bisect_left, bisect_right
from typing import Optional

from ..errors import InputError
from ..messages import Text
from ..ocr import BLANK_LIKE
from ..parse import RawDocument
from . import ocr_mode as mode  # the mode lives in the light package module
from . import pdf as P

DPI = 200  # PDF pages without text are rendered at this resolution (see benchmarks/README.md)
MAX_PIXELS = 60_000_000  # an image larger than this is refused (a decompression bomb, not a page)
MAX_FRAMES = 200  # frames of a multi-page TIFF read at most…
MAX_TOTAL_PIXELS = 4 * MAX_PIXELS  # … holding this many pixels at most (some 60 A4 pages at 200 dpi)

_engine = None

# a run of digits and the letters OCR mistakes for them: read as the digits (and marked uncertain)
_LOOKALIKE = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1", "i": "1",
                            "T": "7", "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "g": "9", "q": "9"})
_NUMBERISH = re.compile(r"^[0-9OoDQlI|iTSsBZzgq.,，．]{1,18}$")
_DIGIT = re.compile(r"\d")
_SPECK = re.compile(r"^[^\d\u2e80-\u9fff\uf900-\ufaffOoDQlI|iTSsBZzgq\-—–－/／\\]+$")
_ZERO_LIKE = BLANK_LIKE  # a lone 0 read as one of these marks (never "." or "°": specks of noise read so)


def _span(quads: list) -> list:
    """One quad around several."""
    xs = [p[0] for q in quads for p in q]
    ys = [p[1] for q in quads for p in q]
    return [[min(xs), min(ys)], [max(xs), min(ys)], [max(xs), max(ys)], [min(xs), max(ys)]]


_JUNK_CHARS = ":：;；'‘’`\"“”·.。,，、_~=＝"  # never "-": a minus sign belongs to its number
_JUNK = re.compile(r"^[%s]+|[%s]+$" % (re.escape(_JUNK_CHARS), re.escape(_JUNK_CHARS)))
LETTER_SCORE = 0.5  # the confidence given to a letter read as a digit
BOX_THRESH = 0.5  # the detector's threshold for a text box


# ---------------------------------------------------------------- mode and engine

def available() -> bool:
    """Whether the ``ocr`` extra is installed (without importing it)."""
    import importlib.util

    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


THREADS_ENV = "GOVREPORT_OCR_THREADS"  # onnxruntime threads per process, when set (a whole number ≥ 1)
MAX_THREADS = 4  # … else the usable cores, at most this many; one in a worker process (``--jobs N``)


def engine_threads() -> int:
    """onnxruntime's threads for the engine of this process: :data:`THREADS_ENV` when set, one in
    a worker process of ``--jobs N`` (N workers on N cores, not N × cores threads), else the usable
    cores up to :data:`MAX_THREADS`.  The readings do not depend on it (each output element is
    summed by one thread, in one order: checked by the engine tests), only the time does."""
    import multiprocessing
    import os

    value = os.environ.get(THREADS_ENV, "").strip()
    if value.isdigit() and int(value) >= 1:
        return min(int(value), os.cpu_count() or 1)
    if multiprocessing.parent_process() is not None:
        return 1
    from ..batch import cpu_count

    return max(1, min(cpu_count(), MAX_THREADS, os.cpu_count() or 1))


def engine(path: str = "-"):
    """The OCR engine, loaded once per process."""
    global _engine
    if _engine is None:
        try:
            import logging

            from rapidocr_onnxruntime import RapidOCR
        except ImportError:
            raise InputError("ocr.needs_extra", path) from None
        # keep everything the engine reads: the identities judge low-confidence readings, not a threshold;
        # onnxruntime's thread pools sized here, not by the engine's default (every core, per process)
        threads = engine_threads()
        _engine = RapidOCR(text_score=0.0, print_verbose=False,
                           intra_op_num_threads=threads, inter_op_num_threads=1)
        logging.getLogger("RapidOCR").setLevel(logging.WARNING)
        logging.getLogger("rapidocr_onnxruntime").setLevel(logging.WARNING)
    return _engine


# ---------------------------------------------------------------- inputs
def read_image(data: bytes, path: str, fmt: str = "image") -> RawDocument:
    """An image file (every frame of a multi-page TIFF) → lines."""
    if mode() == "never":
        raise InputError("input.image", path)
    return read_pages(_frames(data, path), path, fmt)


read = read_image


def _frames(data: bytes, path: str) -> list:
    try:
        from PIL import Image, ImageSequence
    except ImportError:
        raise InputError("ocr.needs_extra", path) from None
    try:
        image = Image.open(io.BytesIO(data))
        frames = []
        for k, frame in enumerate(ImageSequence.Iterator(image)):
            if k >= MAX_FRAMES:
                break
            width, height = frame.size  # from the header: nothing is decoded before this check
            total = width * height + sum(f.size[0] * f.size[1] for f, _ in frames)
            if width * height > MAX_PIXELS or total > MAX_TOTAL_PIXELS:
                raise InputError("ocr.image_too_large", path, limit=MAX_PIXELS)
            dpi = frame.info.get("dpi") or image.info.get("dpi")
            frames.append((frame.convert("RGB"), _scale(dpi)))
    except InputError:
        raise
    except Image.DecompressionBombError:
        raise InputError("ocr.image_too_large", path, limit=MAX_PIXELS) from None
    except Exception as exc:  # a truncated or damaged image
        raise InputError("ocr.image_unreadable", path, detail=P._one_line(exc)) from None
    if not frames:
        raise InputError("ocr.image_unreadable", path, detail=Text("ocr.detail.no_frame"))
    return frames


def _scale(dpi) -> float:
    """Pixels per point of an image that says its resolution (1.0 when it does not)."""
    try:
        value = float(dpi[0])
    except (TypeError, ValueError, IndexError):
        return 1.0
    return value / 72 if 30 <= value <= 2400 else 1.0


def render_pdf_pages(doc, indexes: list, path: str) -> list:
    """Pages of an open pypdfium2 document as (RGB image, pixels per point)."""
    out = []
    for i in indexes:
        page = doc[i]
        try:
            width, height = page.get_size()
            # a page of a sane size at DPI; a huge one no larger than MAX_PIXELS (a bomb otherwise)
            scale = min(DPI / 72, math.sqrt(MAX_PIXELS / max(1.0, width * height)))
            out.append((page.render(scale=scale).to_pil().convert("RGB"), scale))
        finally:
            page.close()
    return out


def read_pages(frames: list, path: str, fmt: str) -> RawDocument:
    """(image, pixels per point) pages → one document's lines."""
    pages = [page_lines(piece, scale, path) for image, scale in frames for piece in split_tall(image)]
    return document(pages, fmt, path)


TALL = 1.7  # an image more than this × as high as wide is several pages (or a long screenshot)…
PIECE = 1.45  # … read in pieces about this × its width high, cut where a band of rows is blank


def split_tall(image) -> list:
    """A tall image (pages stacked in one PNG, a long screenshot) in page-sized pieces, each cut in
    the middle of a blank band of rows, so that no text line is cut; the engine shrinks any image
    to 2000 pixels, which would make a stack of pages unreadably small."""
    width, height = image.size
    if height <= TALL * width:
        return [image]
    import numpy as np

    grey = np.asarray(image.convert("L")) < 128
    # a row crossing text flips between dark and light many times; a margin (or the table-top behind
    # a photographed page) a few times at most
    ink = np.count_nonzero(grey[:, 1:] != grey[:, :-1], axis=1) > 4
    pieces, top = [], 0
    while height - top > TALL * width:
        target = top + int(PIECE * width)
        best = None
        for delta in range(0, int(0.4 * width)):  # the blank row nearest the target, above or below
            for row in (target - delta, target + delta):
                if top < row < height and not ink[max(0, row - 2):row + 3].any():
                    best = row
                    break
            if best is not None:
                break
        cut = best if best is not None else target
        pieces.append(image.crop((0, top, width, cut)))
        top = cut
    pieces.append(image.crop((0, top, width, height)))
    return pieces


def document(pages: list, fmt: str, path: str) -> RawDocument:
    """Page results (:func:`page_lines`, or a PDF's text-layer pages with no OCR) → lines."""
    if not any(pl for pl, _, _ in pages):
        raise InputError("ocr.no_text", path)
    lines = P._document_lines(pages, _cell_info)
    _place_by_rows(lines, pages)
    _place_by_grid(lines, pages)
    _join_split_rows(lines)
    _place_under_header(lines, pages)
    for line in lines:
        if line.cell_prov is None:
            continue
        for info in line.cell_prov:
            if info and "ocr" in info:
                line.prov.setdefault("ocr", {})  # a page read by OCR: its blank cells are judged too
                break
    for line in lines:
        _take_second_reads(line)
    snap_labels(lines)
    return RawDocument(lines, fmt, path, P._title(pages[0][0]))


_HEADER_WORDS = re.compile("申请人情况|自然人|商业企业|科研机构|社会公益|法律服务")
ROW_SOURCES = 3  # full rows (every column printed) on a page that give its columns, at least
ROW_NEAR = 3  # a row placed by them stands among them, or at most this many lines beyond
UNREAD = 0.5  # a glyph below this confidence standing in a value column is an unread number


def _unplaced(lines: list, pages: list):
    """``(index, line, page number, page lines, page line, its labels and values)`` for each line not
    placed in columns (``structured``) whose page line the loader still holds; ``_split`` gives the
    labels and values (None when its tokens are no row)."""
    from . import text as TX

    for k, line in enumerate(lines):
        p, at = line.prov.get("page"), line.prov.get("line")
        if line.structured or not isinstance(p, int) or not isinstance(at, int) or not 0 < p <= len(pages):
            continue
        pls = pages[p - 1][0]
        if not 0 < at <= len(pls) or getattr(pls[at - 1], "page", None) is None:
            continue
        yield k, line, p, pls, pls[at - 1], TX._split(pls[at - 1].tokens())


def _place_by_rows(lines: list, pages: list) -> None:
    """Rows of 表三 that the header could not place (a header the engine damaged, a page that
    goes on without one): where at least :data:`ROW_SOURCES` rows of the page fill every column,
    their numbers give the columns (as for text laid out in columns), and a row near them with
    fewer numbers, each clearly inside one column, is placed under them — its empty columns
    blank cells, each checked against the page for print the engine missed (``ink``).  A page that
    goes on with the table (no header above its rows) with fewer full rows takes the columns of the
    page before, when each number of its own full rows (one at least) stands under its column there."""
    from .. import normalize as N
    from . import text as TX

    n = len(TX.HEADERS["requests"])
    per_page: dict = {}
    for k, _, p, _, pl, split in _unplaced(lines, pages):
        if split is not None:
            per_page.setdefault(p, []).append((k, pl, split))
    sources: dict = {}  # page → (the full rows that gave its columns, the columns)
    for p, rows in sorted(per_page.items()):
        full = [(k, split) for k, _, split in rows if len(split[1]) == n]
        if not full:
            continue
        first, last = min(k for k, _ in full), max(k for k, _ in full)
        top = next(k for k in range(first, -1, -1) if k == 0 or lines[k - 1].prov.get("page") != lines[k].prov.get("page"))
        goes_on = not any(_HEADER_WORDS.search(N.clean_text("".join(lines[j].cells), traditional=True))
                          for j in range(top, first))
        given = [split for _, split in full]
        if len(full) < ROW_SOURCES:
            # too few full rows of its own: a page that goes on with the table of the page before
            # takes that page's columns, when each number of its full rows stands under the column
            # it fills there (the columns then from the full rows of both pages)
            if not goes_on or p - 1 not in sources:
                continue
            before = sources[p - 1]
            under = TX._Slots(before[1].bounds, before[1].spans, strict=True)
            if any(TX._fit(labels, values, under) != list(range(n)) for labels, values in given):
                continue
            given = before[0] + given
        slots = TX._row_slots(given, n)
        if slots is None:
            continue
        sources[p] = (given, slots)
        if goes_on:
            first = top  # the page goes on with the table of the page before (no header above its rows)
        for k, pl, (labels, values) in rows:
            if len(values) >= n or not first - ROW_NEAR <= k <= last + ROW_NEAR:
                continue
            _place_row(lines, k, pl, labels, values, slots, n)
    for p, rows in sorted(per_page.items()):
        # a page with no full row of its own that goes on with the table (its first lines, no header
        # above them): its rows under the columns of the page before, each number clearly inside one
        if p in sources or p - 1 not in sources or any(len(split[1]) == n for _, _, split in rows):
            continue
        first = min(k for k, _, _ in rows)
        top = next(k for k in range(first, -1, -1) if k == 0 or lines[k - 1].prov.get("page") != lines[k].prov.get("page"))
        if any(_HEADER_WORDS.search(N.clean_text("".join(lines[j].cells), traditional=True)) for j in range(top, first)):
            continue
        before = sources[p - 1][1]
        under = TX._Slots(before.bounds, before.spans, strict=True)
        for k, pl, (labels, values) in rows:
            if k - top <= ROW_NEAR and 2 <= len(values) < n:
                _place_row(lines, k, pl, labels, values, under, n)


def _place_row(lines: list, k: int, pl, labels: list, values: list, slots, n: int) -> None:
    """Line ``k`` placed under the columns ``slots``: each number in its column, the empty columns
    blank cells checked against the page for print the engine missed (``ink``); left as it is
    unless every number stands clearly inside one column."""
    from . import text as TX

    # a number the engine read as a glyph (公 at 0.2) in a value column: no label, an unread cell
    scores = getattr(pl, "ocr", None) or []
    while labels and labels[-1].x0 >= slots.spans[0].x0 and len(labels[-1].text) <= 2 and \
            len(labels) - 1 < len(scores) and scores[len(labels) - 1] and \
            scores[len(labels) - 1]["ocr"]["score"] < UNREAD:
        labels = labels[:-1]
    cols = TX._fit(labels, values, slots)
    if cols is None:
        return
    shift = len(pl.cells) - len(values)  # the cell index of the first number
    cells = [t.text for t in labels] + [""] * n
    for c, v in zip(cols, values):
        cells[len(labels) + c] = v.text
    prov = [_cell_info(pl, j) or {} for j in range(len(labels))]
    token = {c: (shift + i, v) for i, (c, v) in enumerate(zip(cols, values))}
    for c in range(n):
        if c in token:
            j, v = token[c]
            prov.append(dict({"x": round(v.x0, 1)}, **(_cell_info(pl, j) or {})))
            continue
        # a blank: the stretch of its column clear of the numbers (and label) beside it
        left = max([slots.bounds[c]] + [v.x1 for i, (_, v) in token.items() if i < c] +
                   [t.x1 for t in labels])
        right = min([slots.bounds[c + 1]] + [v.x0 for i, (_, v) in token.items() if i > c])
        prov.append(_cell_info(pl, None, (left, right)) or {})
    old = lines[k]
    lines[k] = type(old)(cells, dict(old.prov), True, prov)


_COUNT_HEADER = re.compile("件[数數]|[数數]量|金[额額]|增.?[减減]")  # 本年制发件数, 对外公开总数量, 采购总金额, 本年增/减
HEADER_ABOVE = 4  # a 表二 row stands at most this many lines below its block's header


def _place_under_header(lines: list, pages: list) -> None:
    """A row of 表二 with fewer numbers than its block's header has columns (本年制发件数 /
    本年废止件数 / 现行有效件数): each number clearly under one header word (as the block's full rows
    are), the row is placed under them — its empty columns blank cells checked against the page
    for print the engine missed (``ink``): a lost number is then a missing cell, never a guess."""
    from . import text as TX

    for k, line, _, pls, pl, split in _unplaced(lines, pages):
        at = line.prov["line"]
        if split is None or not split[0]:
            continue
        labels, values = split
        columns, full = None, []
        for j in range(at - 2, max(-1, at - 2 - HEADER_ABOVE), -1):
            tokens = pls[j].tokens()
            heads = [t for t in tokens if _COUNT_HEADER.search(t.text)]
            if heads:
                if len(heads) >= 2 and all(_COUNT_HEADER.search(t.text) for t in tokens[1:]):
                    columns = heads
                break
            row = TX._split(tokens)
            if row is None or not row[0]:
                break  # not a row of the block
            full.append(row)
        if columns is None or not 0 < len(values) < len(columns):
            continue
        slots = TX._slots(columns, strict=True)
        m = len(columns)
        if any(TX._fit(*row, slots) != list(range(m)) for row in full if len(row[1]) == m):
            continue
        cols = TX._fit(labels, values, slots)
        if cols is None:
            continue
        shift = len(pl.cells) - len(values)
        token = {c: (shift + i, v) for i, (c, v) in enumerate(zip(cols, values))}
        cells = [t.text for t in labels] + [""] * m
        prov = [_cell_info(pl, j) or {} for j in range(len(labels))]
        for c in range(m):
            if c in token:
                j, v = token[c]
                cells[len(labels) + c] = v.text
                prov.append(dict({"x": round(v.x0, 1)}, **(_cell_info(pl, j) or {})))
                continue
            left = max([slots.bounds[c]] + [v.x1 for i, (_, v) in token.items() if i < c])
            right = min([slots.bounds[c + 1]] + [v.x0 for i, (_, v) in token.items() if i > c])
            prov.append(_cell_info(pl, None, (left, right), glyph=True) or {})
        old = lines[k]
        lines[k] = type(old)(cells, dict(old.prov), True, prov)


def _join_split_rows(lines: list) -> None:
    """One row of 表三 read as two placed lines, one under the other (its label wraps onto two
    lines and its numbers stand halfway, some read with the label's first line, the rest a line
    lower): when the labelled line and the unlabelled line just below it fill complementary
    columns — every column in exactly one of them — they are one row, its numbers where each was
    placed.  Anything else stays as it is (and the parser decides)."""
    from . import text as TX

    n = len(TX.HEADERS["requests"])
    k = 0
    while k + 1 < len(lines):
        a, b = lines[k], lines[k + 1]
        k += 1
        if not (a.structured and b.structured and a.cell_prov and b.cell_prov) or len(b.cells) != n or \
                len(a.cells) <= n or a.prov.get("page") != b.prov.get("page") or \
                not isinstance(a.prov.get("line"), int) or b.prov.get("line") != a.prov["line"] + 1:
            continue
        first = len(a.cells) - n
        top, low = a.cells[first:], b.cells
        if any(bool(x.strip()) == bool(y.strip()) for x, y in zip(top, low)) or \
                any(not x.strip() for x in a.cells[:first]):
            continue
        cells = a.cells[:first] + [x if x.strip() else y for x, y in zip(top, low)]
        prov = a.cell_prov[:first] + [p if x.strip() else q for x, p, q in
                                      zip(top, a.cell_prov[first:], b.cell_prov)]
        lines[k - 1] = type(a)(cells, dict(a.prov), True, prov)
        del lines[k]


_REVIEW_WORDS = re.compile("行政[复復複]|行政[诉訴]?[讼訟]")  # 行政复议, 行政诉讼 as printed, or damaged
COLUMN_WORD = 3  # a 表四 header word is known by this many first characters (结果维 of 结果维持: narrow columns wrap)
GRID_MISSING = 3  # a row of 表四 placed by its columns' pitch misses at most this many numbers
GRID_SLACK = 0.2  # × the pitch: how far a number (or a header word) may stand from its column's place
GRID_ABOVE = 6  # the table's heading stands at most this many lines above the row


GRID_LEAST = 4  # a row of 表四 with fewer numbers read than this is not placed (the parser names it)


def _header_columns(xs: list, n: int, tokens: list) -> Optional[list]:
    """The column (0…n-1) of each centre ``xs`` of a 表四 row, from its header: exactly ``n`` column
    words (the template's 结果维持 … 总计, by their first :data:`COLUMN_WORD` characters) over the table
    at one pitch, and every number at
    one offset from a column of its own (within :data:`GRID_SLACK` × the pitch: centred and
    right-aligned print alike), or None."""
    from .. import normalize as N
    from . import text as TX

    words = tuple({N.label_key(label)[:COLUMN_WORD] for label in TX.HEADERS["review_litigation"]})
    centres = sorted(t.centre for t in tokens
                     if N.label_key(N.clean_text(t.text, traditional=True)).startswith(words))
    if len(centres) != n or len(xs) < 2:
        return None
    gaps = [b - a for a, b in zip(centres, centres[1:])]
    pitch = statistics.median(gaps)
    if pitch <= 0 or any(abs(g - pitch) > GRID_SLACK * pitch for g in gaps):
        return None
    places = [(x - centres[0]) / pitch for x in xs]
    offset = statistics.median(p - round(p) for p in places)
    cols = [round(p - offset) for p in places]
    if any(abs(p - offset - c) > GRID_SLACK for p, c in zip(places, cols)) or \
            any(b <= a for a, b in zip(cols, cols[1:])) or cols[0] < 0 or cols[-1] >= n:
        return None
    if abs(offset) > GRID_SLACK:  # nearly halfway between two header words: the next column fits as well
        shift = 1 if offset > 0 else -1
        if all(0 <= c + shift < n for c in cols):
            return None
    return cols


def _grid(xs: list, n: int, heads: list) -> Optional[list]:
    """The column (0…n-1) of each centre ``xs`` (left to right) of a row whose ``n`` columns stand
    at one pitch (表四: three groups of five alike), or None unless that is certain: every gap
    between neighbours a whole number of pitches (within :data:`GRID_SLACK`), and, when the numbers
    span fewer than ``n`` columns, the header words (``heads``: their centres and widths) standing
    in the missing places at the ends make up exactly ``n``."""
    if len(xs) < 2 or len(xs) > n:
        return None
    gaps = [b - a for a, b in zip(xs, xs[1:])]
    pitch = statistics.median(gaps)
    if pitch <= 0:
        return None
    steps = [round(g / pitch) for g in gaps]
    if any(k < 1 or abs(g - k * pitch) > GRID_SLACK * pitch for g, k in zip(gaps, steps)):
        return None
    pitch = (xs[-1] - xs[0]) / sum(steps)  # the pitch over the whole row
    at = [0]
    for k in steps:
        at.append(at[-1] + k)
    span = at[-1] + 1
    if span > n:
        return None
    low, high = 0, span - 1
    if span < n:
        extra = n - span
        for x, width in heads:
            g = (x - xs[0]) / pitch
            k = round(g)
            if width <= 1.2 * pitch and abs(g - k) <= GRID_SLACK and -extra <= k < span + extra:
                low, high = min(low, k), max(high, k)
        if high - low + 1 != n:
            return None
    return [k - low for k in at]


def _place_by_grid(lines: list, pages: list) -> None:
    """A row of 表四 with fewer than its 15 numbers (at most :data:`GRID_MISSING` missing) that
    no header placed (the engine damaged the header words): the table's columns stand at one pitch,
    so the gaps between the row's numbers show which columns are empty, and the header words over
    the table which columns lie beyond its first and last number (:func:`_grid`).  Each empty
    column is a blank cell checked against the page for print the engine missed (``ink``): a
    number the engine lost is then a missing cell, never a guess."""
    from . import text as TX

    n = len(TX.HEADERS["review_litigation"])
    for k, line, _, pls, pl, split in _unplaced(lines, pages):
        at = line.prov["line"]
        if split is None or split[0] or not GRID_LEAST <= len(split[1]) < n:
            continue
        above = pls[max(0, at - 1 - GRID_ABOVE):at - 1]
        start = next((j for j in range(len(above) - 1, -1, -1)
                      if _REVIEW_WORDS.search(above[j].text)), None)
        if start is None or any(TX._split(h.tokens()) is not None for h in above[start:]):
            continue  # no heading of 表四 just above, or a row of numbers between it and this row
        values = split[1]
        tokens = [t for h in above[start + 1:] for t in h.tokens()]
        heads = [(t.centre, t.x1 - t.x0) for t in tokens]
        cols = _grid([v.centre for v in values], n, heads) if len(values) >= n - GRID_MISSING else None
        if cols is None:  # too many lost for the numbers' own gaps: the columns under their header words
            cols = _header_columns([v.centre for v in values], n, tokens)
        if cols is None:
            continue
        if cols[-1] > cols[0]:
            pitch = (values[-1].centre - values[0].centre) / (cols[-1] - cols[0])
        else:
            continue
        first = values[0].centre - cols[0] * pitch  # the centre of the first column
        shift = len(pl.cells) - len(values)
        token = {c: (shift + i, v) for i, (c, v) in enumerate(zip(cols, values))}
        cells, prov = [""] * n, []
        for c in range(n):
            if c in token:
                j, v = token[c]
                cells[c] = v.text
                prov.append(dict({"x": round(v.x0, 1)}, **(_cell_info(pl, j) or {})))
                continue
            # a blank: its column's stretch, clear of the numbers beside it
            left = max([first + (c - 0.5) * pitch] + [v.x1 for i, (_, v) in token.items() if i < c])
            right = min([first + (c + 0.5) * pitch] + [v.x0 for i, (_, v) in token.items() if i > c])
            prov.append(_cell_info(pl, None, (left, right), glyph=True) or {})
        old = lines[k]
        lines[k] = type(old)(cells, dict(old.prov), True, prov)


INK = 0.01  # a blank cell's stretch with more dark pixels than this fraction holds print the engine missed
INK_MARGIN = 0.3  # × the print height, left out at each end of the stretch


def _cell_info(pl, k, band=None, glyph=False):
    if k is None:  # a blank cell of a placed row: is anything printed where it stands?
        return _ink(pl, band, glyph)
    scores = getattr(pl, "ocr", None)
    if scores is None or k >= len(scores):
        return None
    return scores[k]


GLYPH_INK = 0.05  # … or, in a wide stretch (``glyph``), dark pixels as many as this × the print height squared


def _number_band(pl) -> tuple:
    """(top, bottom) of a line's numbers as the engine boxed them: a row whose label wraps around
    its numbers makes its line taller than its print, and a blank cell is judged by the numbers'
    height (a thin 7 is little ink against a line twice as tall).  The line's own when it has none."""
    from . import text as TX

    boxes = [info["ocr"]["box"] for text, info in zip(pl.cells, getattr(pl, "ocr", None) or ())
             if info and "box" in info.get("ocr", {}) and TX.is_value(text)]
    if not boxes:
        return pl.top, pl.bottom
    top, bottom = min(b[1] for b in boxes), max(b[3] for b in boxes)
    if not pl.top - 1 <= top < bottom <= pl.bottom + 1:
        return pl.top, pl.bottom
    return top, bottom


FIRST_COLUMN = 1.5  # × the pitch of a line's numbers: the stretch a first-column blank is judged on


def _number_pitch(pl) -> Optional[float]:
    """The median distance between the starts of a line's neighbouring numbers, or None (fewer than two)."""
    from . import text as TX

    starts = sorted(x0 for (x0, _), c in zip(pl.boxes or (), pl.cells) if TX.is_value(c)) \
        if pl.boxes and len(pl.boxes) == len(pl.cells) else []
    gaps = [b - a for a, b in zip(starts, starts[1:]) if b > a]
    return statistics.median(gaps) if gaps else None


def _ink(pl, band, glyph=False):
    """``{"ocr": {"ink": bool}}`` for the stretch ``band`` (x0, x1 in points; None: from the end of
    the print before it — the label —, to the page's edge) of a line: whether the page image shows print there that no box holds.  ``glyph``: also
    when the dark pixels, however few against the stretch, would make one small digit (a stretch
    as wide as a column of 表二 holds one digit in little of its area)."""
    page = getattr(pl, "page", None)
    if page is None:
        return None
    import numpy as np

    dark, scale, angle, cx, cy = page[:5]
    h, w = dark.shape
    right = band[1] if band[1] is not None else w / scale
    left = band[0]
    if left is None:  # a blank in the first column: from the print before it (the label), never over it,
        # and no further left than a column and a half of the line's numbers (the label may stand on the
        # lines above and below) — never from the line's own start alone, the first number read, which
        # leaves no stretch to judge (a block of 表四 the engine missed then read as blanks)
        left = max([x1 for _, x1 in pl.boxes or () if x1 <= right], default=None)
        pitch = _number_pitch(pl)
        if pitch is not None:
            left = max(left if left is not None else 0.0, right - FIRST_COLUMN * pitch)
        elif left is None:
            left = pl.x0
    top, bottom = _number_band(pl)
    margin = INK_MARGIN * (bottom - top) * scale  # clear of the neighbours' print (and its JPEG ringing)
    x0, x1 = left * scale + margin, right * scale - margin
    y0, y1 = top * scale - 1, bottom * scale + 2
    if x1 - x0 < 3 or y1 <= y0:
        return {"ocr": {"ink": False}}
    # the stretch is in the page's straightened coordinates: back to the image's pixels
    xs, ys = np.meshgrid(np.arange(x0, x1), np.arange(y0, y1))
    u, v = xs - cx, ys - cy
    cos, sin = math.cos(angle), math.sin(angle)
    px = np.clip(np.rint(cx + u * cos - v * sin).astype(int), 0, w - 1)
    py = np.clip(np.rint(cy + u * sin + v * cos).astype(int), 0, h - 1)
    found = dark[py, px]
    as_glyph = int(found.sum()) >= GLYPH_INK * ((bottom - top) * scale) ** 2
    if not (glyph and as_glyph) and not float(found.mean()) > INK:
        # too little print for a number in so wide a stretch — unless it makes a glyph (a thin 1)
        # that the second pass reads as digits: then a reading to verify like the others.  Never a
        # 0 there: the sums cannot tell a 0 from a printed blank, and the page said blank.
        again = second_read(pl, left, right) if as_glyph else None
        if again and int(again["read"]) == 0:
            again = None
        return {"ocr": dict({"ink": True}, **again) if again else {"ink": False}}
    info = {"ink": True}
    again = second_read(pl, left, right)
    if again is not None:
        info.update(again)
    return {"ocr": info}


# ---------------------------------------------------------------- the second pass
# Print the detector boxed nowhere (a number lost between its neighbours): the recognizer alone is
# run on the cell's share of the page.  Its reading is only a reading — pure digits or nothing —
# and is decided by the identities like any other (:mod:`govreport.ocr`: a second-pass number is
# never taken on its confidence alone).
CROP_PAD = 0.3  # × the print height, added around the print found in the stretch
CROP_JOIN = 0.6  # × the print height: print closer than this is one number (its digits)
CROP_UP = 2  # the crop is enlarged this many times before the recognizer reads it
_DIGITS = re.compile(r"^\d{1,12}$")


def _crop(pl, left, right):
    """The print standing in the stretch ``left``…``right`` of a line, clear of its neighbours'
    print, as [(grey crop straightened, its (x0, top, x1, bottom) in page points)]: cut tight
    around the print, then with the padded stretch around it; None when there is no print."""
    import numpy as np

    dark, scale, angle, cx, cy, grey = pl.page[:6]
    h, w = dark.shape
    height = (pl.bottom - pl.top) * scale
    margin = INK_MARGIN * height
    edge = 0.1 * height  # the whole stretch, but for a hair at each end (the neighbours' ringing)
    a0, a1 = left * scale + edge, right * scale - edge
    pad = CROP_PAD * height
    y0, y1 = pl.top * scale - pad, pl.bottom * scale + pad
    if a1 - a0 < 3:
        return None
    cos, sin = math.cos(angle), math.sin(angle)

    def sample(image, x0, x1, yy0, yy1, step=1.0):
        xs, ys = np.meshgrid(np.arange(x0, x1, step), np.arange(yy0, yy1, step))
        u, v = xs - cx, ys - cy
        px = np.clip(np.rint(cx + u * cos - v * sin).astype(int), 0, w - 1)
        py = np.clip(np.rint(cy + u * sin + v * cos).astype(int), 0, h - 1)
        return image[py, px]

    # the print inside the line's own height: its columns, grouped into numbers
    cols = sample(dark, a0, a1, pl.top * scale - 1, pl.bottom * scale + 2).any(axis=0)
    at = np.flatnonzero(cols)
    if not len(at):
        return None
    groups, start, last = [], at[0], at[0]
    for x in at[1:]:
        if x - last > CROP_JOIN * height:
            groups.append((start, last))
            start = x
        last = x
    groups.append((start, last))
    # the numbers reaching into the stretch the ink test looked at
    inner0, inner1 = left * scale + margin - a0, right * scale - margin - a0
    kept = [(g0, g1) for g0, g1 in groups if g1 >= inner0 and g0 <= inner1]
    if not kept:
        return None
    x0 = max(a0, a0 + kept[0][0] - pad)
    x1 = min(a1, a0 + kept[-1][1] + 1 + pad)
    if x1 - x0 < 2:
        return None
    import cv2

    image = cv2.medianBlur(np.ascontiguousarray(sample(grey, x0, x1, y0, y1, 1.0 / CROP_UP)), 3)
    # tight around the print left once specks are gone (the recognizer reads a line's height of text)
    ink = image < 128
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if not len(rows):
        return None
    pad = int(CROP_PAD * (rows[-1] - rows[0] + 1)) + 2
    r0, r1 = max(0, rows[0] - pad), min(image.shape[0], rows[-1] + 1 + pad)
    c0, c1 = max(0, cols[0] - pad), min(image.shape[1], cols[-1] + 1 + pad)
    tight = [round(float(v) / scale, 1) for v in (x0 + c0 / CROP_UP, y0 + r0 / CROP_UP,
                                                   x0 + c1 / CROP_UP, y0 + r1 / CROP_UP)]
    loose = [round(float(v) / scale, 1) for v in (x0, y0, x1, y1)]
    return [(image[r0:r1, c0:c1], tight), (image, loose)]


def read_crop(image, path: str = "-") -> Optional[tuple]:
    """The recognizer alone on a grey crop: (text, confidence of its least sure character), or None."""
    import numpy as np

    rec = getattr(engine(path), "text_rec", None)
    if rec is None:
        return None
    rgb = np.ascontiguousarray(np.repeat(np.asarray(image, dtype=np.uint8)[:, :, None], 3, axis=2))
    result, _ = rec([rgb], True)
    if not result:
        return None
    text, mean = result[0][0], result[0][1]
    confs = result[0][2][4] if len(result[0]) > 2 and len(result[0][2]) > 4 else [mean]
    return text, float(min(confs)) if confs else 0.0


def _take_second_reads(line) -> None:
    """A line's second-pass readings become the text of their blank cells (to be decided by
    :mod:`govreport.ocr`) — unless two blank cells read the same print (their stretches overlap,
    as for the blanks between a label and the first number): whose it is is not known, so neither
    keeps it, and both stay missing."""
    entries = []
    for i, info in enumerate(line.cell_prov or ()):
        entry = (info or {}).get("ocr") or {}
        if entry.get("pass") == 2 and i < len(line.cells) and not line.cells[i].strip():
            entries.append((i, entry))
    shared = set()
    for a, (i, one) in enumerate(entries):
        for j, other in entries[a + 1:]:
            if one["box"][0] < other["box"][2] and other["box"][0] < one["box"][2]:
                shared.update((i, j))
    for i, entry in entries:
        if i in shared:
            info = dict(entry)
            for key in ("pass", "read", "score", "box"):
                info.pop(key, None)
            line.cell_prov[i] = dict(line.cell_prov[i], ocr=info)
        else:
            line.cells[i] = entry["read"]


def second_read(pl, left, right) -> Optional[dict]:
    """The second pass on a blank stretch with print: ``{"pass": 2, "read", "score", "box"}`` when
    the recognizer reads digits only there, else None (the cell stays missing)."""
    page = getattr(pl, "page", None)
    if page is None or len(page) < 7 or page[5] is None:
        return None
    # the print alone first; then with the stretch around it (a lone digit cut tight is often read
    # as a mark, 0 as 。): the first reading of digits only is the cell's reading, to be verified
    for image, box in _crop(pl, left, right) or ():
        got = read_crop(image, page[6])
        if got is not None and _DIGITS.match(got[0].strip()):
            return {"pass": 2, "read": got[0].strip(), "score": round(got[1], 3), "box": box}
    return None


# ---------------------------------------------------------------- one page
class _OcrChar(P._Char):
    __slots__ = ("score", "read")

    def __init__(self, text, x0, x1, top, bottom, score, read):
        super().__init__(text, x0, x1, top, bottom)
        self.score = score
        self.read = read


def unwarp(image):
    """A photographed page (the page brighter than what it lies on, its four corners all inside the
    picture, seen at an angle): the page turned back into a rectangle by its perspective, so the
    columns stand upright again.  Anything else is returned as it is (a scan fills the picture)."""
    import cv2
    import numpy as np

    grey = np.asarray(image.convert("L"))
    h, w = grey.shape
    k = max(1, int(max(h, w) / 800))
    small = cv2.GaussianBlur(grey[::k, ::k], (5, 5), 0)
    _, mask = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return image
    page = max(contours, key=cv2.contourArea)
    sh, sw = small.shape
    if cv2.contourArea(page) < 0.3 * sh * sw:
        return image
    quad = cv2.approxPolyDP(page, 0.02 * cv2.arcLength(page, True), True)
    if len(quad) != 4:
        return image
    pts = quad.reshape(4, 2).astype("float32") * k
    margin = 0.01 * max(h, w)
    if (pts[:, 0].min() < margin and pts[:, 1].min() < margin and pts[:, 0].max() > w - margin
            and pts[:, 1].max() > h - margin):
        return image  # the page fills the picture: a scan
    total = pts.sum(axis=1)
    diff = pts[:, 1] - pts[:, 0]
    tl, br, tr, bl = pts[total.argmin()], pts[total.argmax()], pts[diff.argmin()], pts[diff.argmax()]
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    if width < 0.3 * w or height < 0.3 * h:
        return image
    matrix = cv2.getPerspectiveTransform(np.array([tl, tr, br, bl], dtype="float32"),
                                         np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype="float32"))
    from PIL import Image

    rgb = np.asarray(image.convert("RGB"))
    return Image.fromarray(cv2.warpPerspective(rgb, matrix, (width, height), flags=cv2.INTER_LINEAR,
                                               borderValue=(255, 255, 255)))


SPECKS = 0.002  # a page with more isolated dark-on-light (or light-on-dark) pixels than this is cleaned


def despeckle(image):
    """Salt-and-pepper noise (a poor scan: dots the engine reads as ``.``/``:`` and that cost it
    whole boxes) removed by a 3-pixel median filter — only on a page that has such noise: the
    filter also thins small print, so a clean page is left as it is."""
    import numpy as np
    from PIL import ImageFilter

    grey = image.convert("L")
    a = np.asarray(grey, dtype=np.int16)
    m = np.asarray(grey.filter(ImageFilter.MedianFilter(3)), dtype=np.int16)
    specks = np.count_nonzero((a < 90) & (m > 200)) + np.count_nonzero((a > 200) & (m < 90))
    return image.filter(ImageFilter.MedianFilter(3)) if specks > SPECKS * a.size else image


def page_lines(image, scale: float, path: str = "-"):
    """One page image → (lines, width, height) in points, as the PDF reader's pages."""
    import numpy as np

    image = unwarp(despeckle(image))
    grey = np.asarray(image.convert("L"))  # the second pass reads its crops from it
    dark = grey < 128  # where print is: a blank cell is checked against it
    # every run the engine reads, however unsure (the identities judge it, not a threshold); no
    # direction classifier: pages are upright, and it turns a lone 6 into a 9
    result, _ = engine(path)(np.asarray(image), use_cls=False, return_word_box=True, text_score=0.0,
                             box_thresh=BOX_THRESH, unclip_ratio=1.6)
    width, height = image.size[0] / scale, image.size[1] / scale
    runs = page_runs(result or [], scale, image.size)
    stacks = take_columns(runs)
    _part_runs(runs)
    _level_runs(runs)
    chars = [c for run in runs for c in run]
    lines = P._group_lines(chars)
    for stack in sorted(stacks, key=lambda s: s[0].top, reverse=True):
        _insert_stack(lines, stack)
    _drop_folio(lines, width, height)
    _join_group_word(lines)
    _attach_scores(lines, chars)
    _drop_unread_numbers(lines, chars)
    _drop_label_column_specks(lines)
    page = (dark, scale, _skew(result or []), image.size[0] / 2, image.size[1] / 2, grey, path)
    for pl in lines:
        pl.page = page
    return lines, width, height


_FOLIO = re.compile(r"^[-—–－_~]*\s*\d{1,4}\s*[-—–－_~]*$")


def _drop_folio(lines: list, width: float, height: float) -> None:
    """The page number (``- 1 -``) printed alone at the page's head or foot, centred: dropped, also
    when the engine lost one of its dashes (``-1``, which the table reader would take for a number),
    and when other print of the margin (a running header, a signature) stands beyond it."""
    for head in (False, True):
        for k in range(len(lines)) if head else range(len(lines) - 1, -1, -1):
            pl = lines[k]
            if not P._in_margin(pl, height):
                break
            if _FOLIO.match(" ".join(pl.cells).strip()) and abs((pl.x0 + pl.x1) / 2 - width / 2) < 0.1 * width:
                del lines[k]
                break


def _level_runs(runs: list) -> None:
    """The characters of one run of the engine's stand on one line: each given the run's mean top
    and bottom, so the line grouping (which goes character by character) never parts them — in a
    row whose label wraps onto two lines, its numbers stand halfway between, and a tall digit
    would otherwise join the label's line, the rest of its number the other (``2`` | ``8``).
    A run set vertically (its characters one above another) is left as it is."""
    for run in runs:
        if len(run) < 2:
            continue
        middles = [c.middle for c in run]
        if max(middles) - min(middles) >= 0.5 * statistics.median(c.height for c in run):
            continue
        top = sum(c.top for c in run) / len(run)
        bottom = sum(c.bottom for c in run) / len(run)
        for c in run:
            c.top, c.bottom = top, bottom
            c.height = max(bottom - top, 0.1)
            c.middle = (top + bottom) * 0.5


_ROW_LABEL = re.compile(r"^\d{1,2}[.．]")


def _part_runs(runs: list) -> None:
    """A run that begins a row label (``2.没有现成信息…``) is a cell of its own: the run just left
    of it on its line (the group label column, ``（四）无``) ends at least 0.6 × the height before it,
    however close the detector's padded boxes put them."""
    starts = [run for run in runs if len(run) > 2 and _ROW_LABEL.match(run[0].text + run[1].text)]
    if not starts:
        return
    for run in starts:
        first = run[0]
        for other in runs:
            if other is run or not other:
                continue
            last = other[-1]
            overlap = min(last.bottom, first.bottom) - max(last.top, first.top)
            if overlap < 0.5 * min(last.height, first.height) or not (last.x0 < first.x0 <= last.x1 + 0.6 * first.height):
                continue
            last.x1 = max(last.x0 + 0.05, min(last.x1, first.x0 - 0.6 * first.height))


# ---------------------------------------------------------------- vertical text
COLUMN_ALIGN = 0.5  # the characters of a vertical label are centred within this × their height…
COLUMN_PITCH = 2.6  # … and follow one another at most this × their height apart (centres)
_MARKS = frozenset("、，,.．")


def _glyph(ch) -> bool:
    return bool(P._IDEOGRAPH.match(ch.text)) and ch.x1 - ch.x0 <= 1.6 * ch.height


def take_columns(runs: list) -> list:
    """Vertical labels (三、本年度办理结果 printed one character per line): the engine reads each
    character as a run of its own, or a few down one box, or runs the last one into the label
    beside it (``度法提供``).  Characters centred on one x, one under the other, at least three
    and two of them alone in their run, are a column: taken out of their runs and returned,
    top to bottom, each column a list of characters (its marks such as 、 kept in place)."""
    candidates = []  # (char, alone)
    for run in runs:
        if not run:
            continue
        if len(run) == 1 or (len(run) == 2 and run[1].text in _MARKS):
            if _glyph(run[0]):
                candidates.append((run[0], True, run))
            elif len(run) == 1 and run[0].text in _MARKS:
                candidates.append((run[0], False, run))  # 、 read on its own, under 三
        elif all(abs((c.x0 + c.x1) - (run[0].x0 + run[0].x1)) < COLUMN_ALIGN * run[0].height for c in run[1:2]) \
                and run[1].top > run[0].top + 0.5 * run[0].height:
            candidates += [(c, True, run) for c in run if _glyph(c)]  # a run down the page
        elif _glyph(run[0]):
            candidates.append((run[0], False, run))  # the first character of a run: perhaps a column's
    candidates.sort(key=lambda t: t[0].middle)
    columns: list = []
    for ch, alone, run in candidates:
        centre = (ch.x0 + ch.x1) / 2
        for col in columns:
            last = col[-1][0]
            if abs(centre - (last.x0 + last.x1) / 2) <= COLUMN_ALIGN * last.height and \
                    0 < ch.middle - last.middle <= COLUMN_PITCH * last.height:
                col.append((ch, alone, run))
                break
        else:
            columns.append([(ch, alone, run)])
    out = []
    for col in columns:
        if len(col) < 3 or sum(1 for _, alone, _ in col if alone) < 2:
            continue
        taken = []
        for ch, _, run in col:
            k = run.index(ch)
            if k + 1 < len(run) and run[k + 1].text in _MARKS and run[k + 1].x0 >= ch.x0:
                taken += run[k:k + 2]  # 三、
                del run[k:k + 2]
            else:
                taken.append(ch)
                del run[k]
        out.append(taken)
    return out


def _insert_stack(lines: list, chars: list) -> None:
    """The column's joined label as a line of its own, before the line its first character is on
    (moved up past the label-only lines just above, as the PDF reader places its stacks)."""
    stack = P._Stack([(0, chars)])
    first = chars[0]
    index = next((i for i, pl in enumerate(lines) if pl.bottom > first.middle), len(lines))
    lines.insert(P._stack_place(lines, index, stack), stack.line())


def page_runs(result: list, scale: float, size: tuple) -> list:
    """The engine's runs → their characters in page points, the page's skew turned back."""
    angle = _skew(result)
    cx, cy = size[0] / 2, size[1] / 2
    cos, sin = math.cos(-angle), math.sin(-angle)

    def turn(x, y):
        dx, dy = x - cx, y - cy
        return (cx + dx * cos - dy * sin) / scale, (cy + dx * sin + dy * cos) / scale

    runs = []
    for run in result:
        if len(run) < 6:
            continue
        box, text, _score, quads, words, scores = run[:6]
        letters = [w for w in words for w in w] if words and isinstance(words[0], (list, tuple)) else list(words)
        tall = len(text) > 1 and _tall(box)  # one character: whatever its shape
        if tall or len(letters) != len(quads) or len(letters) != len(scores):
            letters, quads, scores = _even(text, box, scores if len(scores) == len(text) else [_score] * len(text),
                                           tall)
        joined = "".join(letters)
        if joined and len(joined) <= 2 and all(c in _ZERO_LIKE for c in joined) and not tall:
            # a lone 0 read as a full stop or a ring (。 ○ 〇 °): one digit, unsure
            letters, quads, scores = ["0"], [_span(quads)], [min(min(scores), LETTER_SCORE)]
            joined = "0"
        if len(joined) <= 2 and _SPECK.match(joined):
            continue  # a speck of noise read as a letter or a mark (never a digit, a CJK character or a dash)
        core = _JUNK.sub("", joined)
        numberish = bool(core) and bool(_NUMBERISH.match(core)) and bool(_DIGIT.search(core) or len(core) <= 2)
        if numberish and core != joined:  # specks read beside a number (``0:``, ``'12``): dropped, the number unsure
            start = len(joined) - len(joined.lstrip(_JUNK_CHARS))
            end = start + len(core)
            letters, quads = letters[start:end], quads[start:end]
            scores = [min(v, LETTER_SCORE) for v in scores[start:end]]
        chars = []
        for ch, quad, score in zip(letters, quads, scores):
            read = ch
            if numberish and not ch.isdigit() and ch in "OoDQlI|iTSsBZzgq":
                ch = ch.translate(_LOOKALIKE)
                score = min(score, LETTER_SCORE)
            points = [turn(x, y) for x, y in quad]
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            chars.append(_OcrChar(ch, min(xs), max(xs), min(ys), max(ys), float(score), read))
        if not tall:
            _close_gaps(chars, _forced(letters))
        runs.append(chars)
    return runs


RUN_GAP = 0.3  # inside one detected run, a gap is a cell border only if wider than this × the height…
RUN_GAP_RATIO = 2.5  # … and this × the run's usual gap between characters


def _forced(letters: list) -> set:
    """Positions in a run where a row label begins after other text (``（四）无2.没有…``: the group
    label column and the row label beside it, read as one run): a digit and a full stop after a
    CJK character or a closing bracket."""
    out = set()
    for i in range(1, len(letters) - 1):
        if letters[i].isdigit() and letters[i + 1] in ".．" and (
                ord(letters[i - 1]) > 0x2e80 or letters[i - 1] in "）)"):
            out.add(i)
    return out


def _close_gaps(run: list, forced: set = frozenset()) -> None:
    """One detected run is one cell unless a gap in it stands out (the engine sometimes runs a
    group label and the row label beside it together) or a row label begins in it (``forced``):
    small gaps are closed, such a gap widened, so the line reader's cell borders follow the run's."""
    if len(run) < 2:
        return
    gaps = [b.x0 - a.x1 for a, b in zip(run, run[1:])]
    usual = sorted(gaps)[len(gaps) // 2]
    for i, (a, b, gap) in enumerate(zip(run, run[1:], gaps)):
        h = min(a.height, b.height)
        if i + 1 in forced or (gap > RUN_GAP * h and gap > RUN_GAP_RATIO * max(usual, 0.0)):
            if gap < 0.6 * h:
                a.x1 = b.x0 - 0.6 * h
        elif gap > 0:
            a.x1 = b.x0


def _tall(box: list) -> bool:
    """A run printed top to bottom (the engine turned its crop to read it)."""
    width = math.hypot(box[1][0] - box[0][0], box[1][1] - box[0][1])
    height = math.hypot(box[3][0] - box[0][0], box[3][1] - box[0][1])
    return height >= 1.5 * width


def _even(text: str, box: list, scores: list, tall: bool = False) -> tuple:
    """Characters spread over their run's box (a CJK character twice as wide as a digit), where
    the engine gave no box for each, and down a run printed top to bottom."""
    weights = [1.0 if ord(c) > 0x2e80 else 0.55 for c in text]
    total = sum(weights) or 1.0
    xs = [p[0] for p in box]
    ys = [p[1] for p in box]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    quads, at = [], (y0 if tall else x0)
    for w in weights:
        step = ((y1 - y0) if tall else (x1 - x0)) * w / total
        if tall:
            quads.append([[x0, at], [x1, at], [x1, at + step], [x0, at + step]])
        else:
            quads.append([[at, y0], [at + step, y0], [at + step, y1], [at, y1]])
        at += step
    return list(text), quads, list(scores)


def _skew(result: list) -> float:
    """The page's rotation (radians), from the top edges of its long text runs."""
    angles = []
    for run in result:
        box = run[0]
        (x0, y0), (x1, y1) = box[0], box[1]
        h = math.hypot(box[3][0] - x0, box[3][1] - y0)
        w = math.hypot(x1 - x0, y1 - y0)
        if w > 4 * h > 0:
            angles.append(math.atan2(y1 - y0, x1 - x0))
    if len(angles) < 3:
        return 0.0
    angle = statistics.median(angles)
    return angle if abs(angle) <= math.radians(10) else 0.0


_SPECKS = ".。·・,，、:：;；'‘’`"  # specks and marks the engine reads where no character is
_GROUP_ONLY = re.compile(rf"^[\s{_SPECKS}]*[(（][一二三四五六七八九十]+[)）]\s*$")  # specks before it too


def _join_group_word(lines: list) -> None:
    """A group label wrapped in its narrow column (``（四）无`` / ``法提供``): the ``无`` printed
    after the group's number is a word of its label, never the value 无 (none) — joined to it."""
    for pl in lines:
        if not pl.boxes or len(pl.boxes) != len(pl.cells):
            continue
        for k in range(len(pl.cells) - 2, -1, -1):
            if _GROUP_ONLY.match(pl.cells[k]) and pl.cells[k + 1].strip() in ("无", "無"):
                pl.cells[k:k + 2] = [pl.cells[k] + pl.cells[k + 1].strip()]
                pl.boxes[k:k + 2] = [(pl.boxes[k][0], pl.boxes[k + 1][1])]


_GLYPH_IN_NUMBER = re.compile(r"^(?:\d[\d,，.]*[\u2e80-\u9fff°º]|[\u2e80-\u9fff°º]\d[\d,，.]*)$")


_MARKS_ONLY = re.compile(rf"^[{_SPECKS}]+$")


def _drop_unread_numbers(lines: list, chars: list) -> None:
    """A number cell holding one character at an end that the engine read, unsure (below
    :data:`UNREAD`), as a CJK glyph or a ring (``0国``, ``0°``): what the glyph stands for is not known (a speck, a
    digit), so the cell is taken out of its line, and is then a blank of its row with print where it
    stands — filled only when an identity leaves it one value, else missing (never read as ``0``).
    So too a cell of marks alone (``.。``) read unsure between two numbers: a number it is not,
    and a row of numbers would not be one with it."""
    from . import text as TX

    for pl in lines:
        info = getattr(pl, "ocr", None)
        if not info or not pl.boxes or len(info) != len(pl.cells) or len(pl.boxes) != len(pl.cells):
            continue
        for k in range(len(pl.cells) - 1, 0, -1):  # never a line's first cell (a label)
            text = pl.cells[k]
            if _MARKS_ONLY.match(text) and info[k] is not None and info[k]["ocr"]["score"] < UNREAD and \
                    k + 1 < len(pl.cells) and TX.is_value(pl.cells[k - 1]) and TX.is_value(pl.cells[k + 1]):
                del pl.cells[k], pl.boxes[k], info[k]  # marks read unsure between two numbers (.。)
                continue
            if not _GLYPH_IN_NUMBER.match(text) or info[k] is None:
                continue
            x0, x1 = pl.boxes[k]
            glyph = text[0] if text[-1].isdigit() else text[-1]
            members = [c for c in chars if c.text == glyph and pl.top - 0.01 <= c.middle <= pl.bottom + 0.01
                       and x0 - 0.01 <= (c.x0 + c.x1) / 2 <= x1 + 0.01]
            if not members or min(c.score for c in members) >= UNREAD:
                continue
            del pl.cells[k], pl.boxes[k], info[k]


SPECK_NEAR = 2  # lines above and below a lone unsure number looked at for the table's number columns


def _drop_label_column_specks(lines: list) -> None:
    """A line holding one number alone, read unsure (below :data:`UNREAD`), standing left of every
    number of the table rows around it — in the label column, where a vertical group label's
    glyph was taken for a digit (``1``): no cell of the template stands there, and as a number it
    would join the row above (one number too many, the row unread).  Dropped."""
    from . import text as TX

    for k in range(len(lines) - 1, -1, -1):
        pl = lines[k]
        info = getattr(pl, "ocr", None)
        if len(pl.cells) != 1 or not TX.is_value(pl.cells[0]) or not pl.boxes or not info or info[0] is None \
                or info[0]["ocr"]["score"] >= UNREAD:
            continue
        near = [lines[j] for j in range(max(0, k - SPECK_NEAR), min(len(lines), k + SPECK_NEAR + 1)) if j != k]
        firsts = [min(x0 for (x0, _), c in zip(q.boxes, q.cells) if TX.is_value(c)) for q in near
                  if q.boxes and len(q.boxes) == len(q.cells) and sum(TX.is_value(c) for c in q.cells) >= 3]
        if len(firsts) >= 2 and pl.boxes[0][1] < min(firsts) and not any(
                TX.is_value(c) and x1 <= pl.boxes[0][1] for q in near if q.boxes and len(q.boxes) == len(q.cells)
                for (_, x1), c in zip(q.boxes, q.cells)):
            del lines[k]


def _attach_scores(lines: list, chars: list) -> None:
    """Each line's cells: the OCR provenance of the characters inside them."""
    by_middle = sorted(chars, key=lambda c: c.middle)
    middles = [c.middle for c in by_middle]
    for pl in lines:
        boxes = pl.boxes or [(pl.x0, pl.x1)] * len(pl.cells)
        inside = by_middle[bisect_left(middles, pl.top - 0.01):bisect_right(middles, pl.bottom + 0.01)]
        info = []
        for text, (x0, x1) in zip(pl.cells, boxes):
            members = [c for c in inside if x0 - 0.01 <= (c.x0 + c.x1) / 2 <= x1 + 0.01]
            if not members:
                info.append(None)
                continue
            top = min(c.top for c in members)
            bottom = max(c.bottom for c in members)
            entry = {"score": round(min(c.score for c in members), 3),
                     "box": [round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1)]}
            read = "".join(c.read for c in sorted(members, key=lambda c: c.x0))
            if read != text:
                entry["read"] = read
            info.append({"ocr": entry})
        pl.ocr = info


# ---------------------------------------------------------------- labels damaged by OCR
# The engine reads the official labels with an odd character wrong or dropped, more in Traditional
# print (項 read 頂, 處理 read 虑理, 範 dropped): a row label that matches no template label would
# refuse the table (its numbers would belong to no row).  A label-like cell run that is no part of any
# official label is set to the one official label (or part of it) it differs from by at most
# SNAP_EDITS characters; several as close, or none: it stays as read, and the parser decides.
SNAP_EDITS = 1  # per 6 characters of the label as read (at least 1)
_GROUP_PREFIX = re.compile(r"^\s*[(（][一二三四五六七八九十]+[)）]")
SNAP_MAX = 40  # longer runs are prose, not labels
_LABELS: list = []
_ROWS: dict = {}  # every row label's key -> the label as printed


def _label_keys() -> list:
    """(key, its official key) of every official label — rows, groups, columns, table-2 blocks,
    section titles — and of its Taiwan wording."""
    if not _LABELS:
        from .. import normalize as N
        from .. import templates as T

        texts = {f"{section.number}、{section.title}" for section in T.SECTIONS}
        for spec in T.all_table_specs():
            texts.update(r.label for r in spec.rows)
            texts.update(g.label for g in spec.groups or ())
            texts.update(c.label for c in spec.columns)
            texts.update(c.group or "" for c in spec.columns)
            # not the header note (本列数据的勾稽关系…): the table's header is read as printed
            texts.update(a for a in spec.anchors or () if "勾稽" not in a)
            texts.update((spec.label_header, spec.title or ""))
        seen = set()
        for text in sorted(t for t in texts if t):
            key = N.label_key(text)
            # where each character of the key stands in the label as printed (its numbering and
            # brackets kept when a match is written back: "1.信访举报投诉类申请", not "1信访…")
            at, i = [], 0
            for ch in key:
                while i < len(text) and N.label_key(text[i]) != ch:
                    i += 1
                at.append(min(i, len(text) - 1))
                i += 1
            # and in Taiwan words, as t2s leaves a label split by a dropped character (行政规?性档案);
            # each is as long as the mainland word, so a match maps back place for place
            variant = key
            for old, new in (("信息", "资讯"), ("规范性文件", "规范性档案"), ("数据", "资料"), ("项目", "专案")):
                variant = variant.replace(old, new)
            for k in {key, variant}:
                if len(k) >= 2 and k not in seen:
                    seen.add(k)
                    _LABELS.append((k, (text, at)))
    return _LABELS


def _printed(official: tuple, start: int, end: int) -> str:
    """The part of an official label that key positions ``start``–``end`` cover, as printed (from the
    label's start when the match starts there, so "1." and "（一）" come with it)."""
    text, at = official
    first = 0 if start == 0 else at[start]
    last = len(text) if end >= len(at) else at[end - 1] + 1
    return text[first:last]


def _distance_in(word: str, text: str) -> tuple:
    """The fewest edits turning ``word`` into some part of ``text`` (semi-global alignment), with
    that part's (start, end) in ``text``."""
    n = len(text)
    prev = [0] * (n + 1)  # a match may start anywhere in text
    starts = list(range(n + 1))
    for i, ch in enumerate(word, 1):
        cur = [i] + [0] * n
        cur_starts = [0] + [0] * n
        for j in range(1, n + 1):
            best, start = prev[j - 1] + (ch != text[j - 1] and ch != WILDCARD), starts[j - 1]
            skip = prev[j] + (ch != WILDCARD)  # a character read that is not there (a gap may hold none)
            if skip < best:
                best, start = skip, starts[j]
            if cur[j - 1] + 1 < best:
                best, start = cur[j - 1] + 1, cur_starts[j - 1]  # a character dropped
            cur[j], cur_starts[j] = best, start
        prev, starts = cur, cur_starts
    end = min(range(n + 1), key=lambda j: (prev[j], -j))
    return prev[end], (starts[end], end)


def snap_label(text: str) -> Optional[str]:
    """The official label (or part of one) a damaged OCR label stands for, or None."""
    from .. import normalize as N

    parts = text.split(WILDCARD)
    key = WILDCARD.join(N.label_key(N.clean_text(p, traditional=True)) for p in parts)
    if len(key) < 3 or len(key) > SNAP_MAX:
        return None
    labels = _label_keys()
    if WILDCARD not in key and any(key in k for k, _ in labels):
        return None  # read right (whole, or a piece of a wrapped label)
    rest = _GROUP_PREFIX.sub("", text)
    if rest != text and WILDCARD not in rest:
        plain = N.label_key(N.clean_text(rest, traditional=True))
        if plain and any(plain in k for k, _ in labels):
            return None  # a group label's number printed against a row label read right: （四）2.没有…
    limit = max(1, len(key) // 6) * SNAP_EDITS
    chars = set(key) - {WILDCARD}
    found = {}
    for k, official in labels:
        if len(chars & set(k)) < len(chars) - limit:
            continue
        d, (start, end) = _distance_in(key, k)
        if d <= limit:
            found.setdefault(d, set()).add(_printed(official, start, end))
    if not found:
        return None
    best = found[min(found)]
    return next(iter(best)) if len(best) == 1 else None


COLUMN_GAP = 2.5  # label cells further apart than this × the print height stand in different columns
WILDCARD = "?"  # a character the engine dropped (a gap in a label): matches any one or none, free


def snap_labels(lines: list) -> None:
    """OCR lines: the leading label cells of each line (before its first number), in runs of cells
    of one label column (no gap wider than :data:`COLUMN_GAP` × the print height between them;
    narrower gaps are characters the engine dropped, one wildcard per character's width), each run
    set to the official label it stands for when :func:`snap_label` finds exactly one, or to the
    one row label it begins (:func:`_complete_row`).  The text as read stays in the provenance
    (``ocr_label``)."""
    from ..parse.numbers import classify

    for i, line in enumerate(lines):
        if "ocr" not in line.prov:
            continue
        cells = line.cells
        n = 0
        while n < len(cells) and cells[n].strip() and classify(cells[n])[0] != "value":
            n += 1
        if n == 0:
            continue
        boxes = [_box(line, k) for k in range(n)]
        runs, start = [], 0
        for k in range(1, n + 1):
            if k == n or _gap(boxes[k - 1], boxes[k]) is None:
                runs.append((start, k))
                start = k
        out_cells, out_prov, changed = [], [], False
        for a, b in _group_word_apart(runs, cells, boxes):
            text = "".join(cells[a:b])
            pattern = cells[a]
            for k in range(a + 1, b):
                pattern += WILDCARD * _gap(boxes[k - 1], boxes[k]) + cells[k]
            snapped = snap_label(pattern)
            if snapped is None and b == n and n < len(cells):
                after = lines[i + 1].cells[0] if i + 1 < len(lines) and lines[i + 1].cells else ""
                snapped = _complete_row(text, after)
            prov = line.cell_prov[a] if line.cell_prov is not None and a < len(line.cell_prov) else None
            if snapped is None:
                out_cells += cells[a:b]
                out_prov += list(line.cell_prov[a:b]) if line.cell_prov is not None else []
                continue
            changed = True
            out_cells.append(snapped)
            out_prov.append(dict(prov or {}, ocr_label=text))
        if not changed:
            continue
        line.cells = out_cells + list(cells[n:])
        if line.cell_prov is not None:
            line.cell_prov = out_prov + list(line.cell_prov[n:])


def _group_word_apart(runs: list, cells: list, boxes: list) -> list:
    """The runs of label cells with a group's number and word (``（四）無``, its narrow column's first
    line) standing right before a row label set apart from it: ``（四）無`` + ``2.没有現成資…`` is no
    one label, and the row label snaps on its own."""
    out = []
    for a, b in runs:
        if b - a >= 2 and _GROUP_PREFIX.match(cells[a]) and len(_GROUP_PREFIX.sub("", cells[a]).strip()) <= 2:
            out += [(a, a + 1), (a + 1, b)]
        else:
            out.append((a, b))
    return out


def _box(line, k: int):
    """(x0, x1, height) of a line's cell ``k`` as the engine saw it, or None."""
    info = line.cell_prov[k] if line.cell_prov is not None and k < len(line.cell_prov) else None
    box = ((info or {}).get("ocr") or {}).get("box")
    return (box[0], box[2], box[3] - box[1]) if box else None


def _gap(a, b) -> Optional[int]:
    """Characters dropped between two label cells of one column (0 for touching cells), or None
    when they stand in different columns (or where they stand is not known)."""
    if a is None or b is None:
        return None
    height = max(a[2], b[2], 1e-6)
    gap = b[0] - a[1]
    if gap > COLUMN_GAP * height:
        return None
    return max(0, round(gap / height))


def _complete_row(text: str, after: str) -> Optional[str]:
    """A row label whose last character or two the engine dropped (``行政處`` for 行政處罰), on a line
    with numbers: the one row label it begins, unless the next line goes on with the rest (a label
    wrapped over two lines, its numbers on the first)."""
    from .. import normalize as N
    from .. import templates as T

    key = N.label_key(N.clean_text(text, traditional=True))
    if len(key) < 3:
        return None
    if not _ROWS:
        _ROWS.update((N.label_key(r.label), r.label) for spec in T.all_table_specs() for r in spec.rows)
    found = [k for k in _ROWS if k.startswith(key) and 0 < len(k) - len(key) <= 2]
    if len(found) != 1 or key in _ROWS:
        return None
    rest = found[0][len(key):]
    if N.label_key(N.clean_text(after, traditional=True)).startswith(rest[:1]):
        return None
    return _ROWS[found[0]]  # as printed: "1.信访…", never "1信访…" (which reads as a number)
