"""Issue 12: the faster PDF path reads exactly what the old one read.

The loader now takes a page's character codes in one call, drops the spaces
PDFium invents before asking for boxes, calls PDFium's char-box function with
plain addresses, walks pages through PDFium's C functions instead of
pypdfium2's page objects, and scans a file's streams once for the bomb guard.
Here the old code path is kept as a small reference (character by character,
through pypdfium2's objects) and the new one must give the same characters,
the same lines, cells, cell positions and provenance, and the same refusals,
on the corpus PDF, on generated district PDFs (both templates, blank cells,
vertical labels, a page break inside a table, Traditional script) and on a page
with characters outside the BMP.  No timing here: benchmarks/bench_pdf.py.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import json
import random
import zlib
from pathlib import Path

import pytest

pdfium = pytest.importorskip("pypdfium2", reason="PDF support (govreport[pdf]) is not installed")

from govreport.errors import InputError  # noqa: E402
from govreport.loaders import loads  # noqa: E402
from govreport.loaders import pdf as P  # noqa: E402

CORPUS_PDF = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "huaian_shi_2024.pdf"
# the old code's reading of the corpus PDF (title hint, then cells, prov, structured, cell_prov of each
# line), as sha256 of _dump(), recorded with this PDFium build
CORPUS_DIGEST = ("159.0.8149.0", "088d8079216c70fc92c6bdb42a1580f50215219ddf9e62bd7856f724b6ceda14")


# ---------------------------------------------------------------- the old code path
def _reference_chars(page) -> list:
    """The characters of a page as the loader read them before issue 12: one
    code, one IsGenerated and one typed char-box call per character."""
    raw = pdfium.raw
    textpage = page.get_textpage()
    left_edge, _, _, top_edge = page.get_cropbox()
    chars = []
    high = None
    try:
        handle = textpage.raw
        count = raw.FPDFText_CountChars(handle)
        buf = (ctypes.c_ushort * (count + 1))()
        if count and raw.FPDFText_GetText(handle, 0, count, buf) == count + 1:
            codes = buf[:count]
        else:
            codes = [raw.FPDFText_GetUnicode(handle, k) for k in range(count)]
        rect = raw.FS_RECTF()
        for k, code in enumerate(codes):
            if code <= 32 or 0xD800 <= code <= 0xDFFF:
                if code <= 32 and (not code or raw.FPDFText_IsGenerated(handle, k)):
                    continue
                if 0xD800 <= code <= 0xDBFF:
                    high = code
                    continue
                if 0xDC00 <= code <= 0xDFFF:
                    if high is None:
                        continue
                    code, high = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00), None
            raw.FPDFText_GetLooseCharBox(handle, k, ctypes.byref(rect))
            chars.append(P._Char(chr(code), rect.left - left_edge, rect.right - left_edge,
                                 top_edge - rect.top, top_edge - rect.bottom))
    finally:
        textpage.close()
    return chars


def _reference_read(data: bytes) -> tuple:
    """(lines, title hint, characters by page) the old way: pypdfium2's page objects."""
    doc = pdfium.PdfDocument(data)
    pages, chars = [], []
    try:
        for i in range(len(doc)):
            page = doc[i]
            try:
                page_chars = _reference_chars(page)
                width, height = page.get_size()
            finally:
                page.close()
            chars.append(page_chars)
            pages.append((P._group_lines(page_chars), width, height))
    finally:
        doc.close()
    return P._document_lines(pages), P._title(pages[0][0]), chars


def _reference_check_streams(data: bytes, limit: int) -> bool:
    """Whether the bomb guard as it was before issue 12 refuses ``data``."""
    step, out = 1 << 14, 1 << 20
    at = data.find(b"stream")
    while at >= 0:
        keyword, at = at, data.find(b"stream", at + 6)
        if data[keyword - 3:keyword] == b"end":
            continue
        begin = keyword + 6 + (2 if data[keyword + 6:keyword + 8] == b"\r\n" else 1)
        end = data.find(b"endstream", begin)
        if data[begin - 1:begin] != b"\n" or (end >= 0 and (end - begin) * 1032 < limit and not P._declared(
                data, keyword) * 1032 >= limit):
            continue
        start = data.rfind(b"<<", max(0, keyword - 4096), keyword)
        if start < 0 or b"FlateDecode" not in data[start:keyword]:
            continue
        stored = max(len(data) - begin if end < 0 else end - begin, P._declared(data, keyword))
        inflate = zlib.decompressobj()
        pos, size = begin, 0
        chunk = data[pos:pos + step]
        while chunk:
            try:
                size += len(inflate.decompress(chunk, out))
            except zlib.error:
                break
            if size > limit:
                return True
            if inflate.eof:
                break
            consumed = pos - begin + len(chunk) - len(inflate.unconsumed_tail)
            if size + (stored - consumed) * 1032 < limit:
                break
            if inflate.unconsumed_tail:
                chunk = inflate.unconsumed_tail
            else:
                pos += step
                chunk = data[pos:pos + step]
    return False


# ---------------------------------------------------------------- comparing
def _dump(title, lines) -> str:
    return json.dumps([title] + [[ln.cells, ln.prov, ln.structured, ln.cell_prov] for ln in lines],
                      ensure_ascii=False, sort_keys=True)


def _char_tuples(chars: list) -> list:
    return [(c.text, c.x0, c.x1, c.top, c.bottom, c.height, c.middle) for c in chars]


def _assert_same_as_reference(data: bytes, path: str = "x.pdf"):
    lines, title, chars = _reference_read(data)
    doc = pdfium.PdfDocument(data)
    try:
        for i, expected in enumerate(chars):
            assert _char_tuples(P._page_chars(doc[i], pdfium)) == _char_tuples(expected), f"page {i + 1}"
    finally:
        doc.close()
    got = P.read(data, path)
    assert _dump(got.title_hint, got.lines) == _dump(title, lines)
    return got


# ---------------------------------------------------------------- the corpus PDF
@pytest.mark.skipif(not CORPUS_PDF.is_file(), reason="the shared corpus is not here")
def test_the_corpus_pdf_reads_as_the_old_code_did():
    data = CORPUS_PDF.read_bytes()
    got = _assert_same_as_reference(data, CORPUS_PDF.name)
    assert len(got.lines) > 100 and any(line.structured for line in got.lines)
    build, digest = CORPUS_DIGEST
    if build in str(pdfium.PDFIUM_INFO):  # another PDFium may place glyphs a little differently
        assert hashlib.sha256(_dump(got.title_hint, got.lines).encode()).hexdigest() == digest
    expected = json.loads(CORPUS_PDF.with_name("huaian_shi_2024.expected.json").read_text(encoding="utf-8"))
    assert loads(data, path=str(CORPUS_PDF)).to_dict()["tables"] == expected["tables"]


@pytest.mark.skipif(not CORPUS_PDF.is_file(), reason="the shared corpus is not here")
def test_without_the_plain_address_calls_the_typed_ones_read_the_same(monkeypatch):
    data = CORPUS_PDF.read_bytes()
    fast = P.read(data, "x.pdf")

    def unavailable(raw, name):
        raise TypeError("bindings of another shape")

    monkeypatch.setattr(P, "_untyped", unavailable)
    slow = P.read(data, "x.pdf")
    assert _dump(slow.title_hint, slow.lines) == _dump(fast.title_hint, fast.lines)


# ---------------------------------------------------------------- generated PDFs
try:
    import fpdf
except ImportError:  # the corpus and bomb-guard tests still run
    fpdf = None

from govreport import generate_pdf as G  # noqa: E402
from govreport.generate import random_report  # noqa: E402

FONT = G.find_cjk_font() if fpdf is not None else None
needs_font = pytest.mark.skipif(FONT is None, reason="needs fpdf2 and a CJK font file (fonts-wqy-microhei)")

LAYOUTS = {  # name -> (layout options, blank cells, requests rows of the 2019 template)
    "district-blanks": (dict(), 8, False),
    "narrow-labels": (dict(label_width=8), 3, False),
    "group-rows": (dict(groups="rows"), 0, True),
    "vertical-groups": (dict(groups="vertical", vertical_groups=("denied", "unavailable", "not_processed")), 5, False),
    "blanks-page-break": (dict(break_after="denied.internal_affairs"), 10, True),
    "huaian-style": (dict(vertical_pair=True, label_width=14, row_padding=2.5), 4, False),
    "traditional": (dict(script="traditional", groups="rows"), 6, True),
}


@functools.lru_cache(maxsize=None)
def _generated(seed: int, template: str, name: str):
    options, blanks, rows2019 = LAYOUTS[name]
    rng = random.Random(seed)
    report = random_report(rng, template)
    if rows2019:
        report = G.with_requests_rows(report, "2019", rng)
    if blanks:
        report = G.with_blanks(report, rng, blanks)
    return report, G.build(report, FONT, G.PdfLayout(**options))


@needs_font
@pytest.mark.parametrize("name", sorted(LAYOUTS))
@pytest.mark.parametrize("template", ["2021", "2019"])
@pytest.mark.parametrize("seed", [3, 11])
def test_generated_pdfs_read_as_the_old_code_did(seed, template, name):
    report, data = _generated(seed, template, name)
    _assert_same_as_reference(data)
    assert loads(data, path="x.pdf").to_dict()["tables"] == report.to_dict()["tables"]


@needs_font
def test_characters_outside_the_bmp_read_as_the_old_code_did():
    """A page with UTF-16 surrogate pairs takes the character-by-character path."""
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.add_font("cjk", "", FONT, **({"collection_font_number": 0} if FONT.lower().endswith(".ttc") else {}))
    pdf.set_font("cjk", size=12)
    pdf.text(20, 30, "𠮷野家 一二三 12")
    pdf.text(20, 50, "𩸽 年度报告 45")
    data = bytes(pdf.output())
    got = _assert_same_as_reference(data)
    text = " ".join(line.text for line in got.lines)
    if "𠮷" not in text:
        pytest.skip("this font has no glyph outside the BMP")
    assert "𩸽" in text


# ---------------------------------------------------------------- the bomb guard
def _pdf_with(stream: bytes, declared=None, end: bool = True) -> bytes:
    length = len(stream) if declared is None else declared
    return (b"%PDF-1.4\n1 0 obj <</Type/Catalog>>\nendobj\n4 0 obj <</Length " + str(length).encode()
            + b"/Filter/FlateDecode>>\nstream\n" + stream + (b"\nendstream\nendobj\n" if end else b"")
            + b"trailer <</Root 1 0 R>>\n%%EOF\n")


def _deflate(raw: bytes) -> bytes:
    return zlib.compress(raw, 9)


LIMIT = 1 << 20  # a small limit keeps these fast: the guard scales with it


@pytest.mark.parametrize("case", [
    "just-under", "just-over", "random-long", "random-long-lying-length", "zeros-lying-length",
    "no-endstream", "not-deflate", "two-streams", "crlf"])
def test_the_bomb_guard_refuses_what_it_refused_before(case):
    rng = random.Random(case)
    noise = bytes(rng.randrange(256) for _ in range(3 * LIMIT // 1032))  # stored longer than limit / 1032
    data = {
        "just-under": _pdf_with(_deflate(b"\0" * (LIMIT - 1)), declared=LIMIT),
        "just-over": _pdf_with(_deflate(b"\0" * (LIMIT + 1))),
        "random-long": _pdf_with(_deflate(noise)),
        "random-long-lying-length": _pdf_with(_deflate(noise), declared=5),
        "zeros-lying-length": _pdf_with(_deflate(b"\0" * (4 * LIMIT)), declared=10),
        "no-endstream": _pdf_with(_deflate(b"\0" * (2 * LIMIT)), end=False),
        "not-deflate": _pdf_with(noise),
        "two-streams": _pdf_with(_deflate(noise)) + _pdf_with(_deflate(b"\0" * (2 * LIMIT))),
        "crlf": _pdf_with(_deflate(b"\0" * (2 * LIMIT))).replace(b"stream\n", b"stream\r\n", 1),
    }[case]
    refused = _reference_check_streams(data, LIMIT)
    try:
        P.check_streams(data, "x.pdf", LIMIT)
    except InputError as exc:
        assert refused, exc
    else:
        assert not refused
