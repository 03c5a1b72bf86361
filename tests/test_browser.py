"""The HTML page in a real browser: headless Chromium draws each official table of the Taicang
error sample (screenshots kept in docs/html/ for the README, refreshed with GOVREPORT_UPDATE_DOCS=1) and prints the page to an A4 PDF.
Skipped when no Chromium is installed (Debian: ``apt-get install chromium fonts-noto-cjk``)."""

import dataclasses
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from govreport.check import check
from govreport.loaders import load
from govreport.output.html import FAILING_COLOUR, SUSPECT_COLOUR, to_html

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "taicang-2021-error.txt"
DOCS = ROOT / "docs" / "html"
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
WIDTH, HEIGHT = 1000, 1800
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium (apt-get install chromium)")


def chromium(tmp_path: Path, page: str, *args: str) -> None:
    html = tmp_path / "page.html"
    html.write_text(page, encoding="utf-8")
    subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--no-first-run", "--force-device-scale-factor=1", f"--user-data-dir={tmp_path / 'profile'}",
                    *args, html.as_uri()], check=True, capture_output=True, timeout=120)


# ---------------------------------------------------------------- PNG pixels
def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def decode_png(data: bytes) -> tuple:
    """``(width, height, rows of RGB tuples)`` of an 8-bit RGB/RGBA non-interlaced PNG (what
    Chromium writes), without Pillow."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + size]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and not interlace
        elif kind == b"IDAT":
            idat += body
        pos += size + 12
    raw = zlib.decompress(idat)
    bpp = 3 if colour == 2 else 4
    stride = width * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up_left = prev[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + (0, left, prev[i], (left + prev[i]) // 2, _paeth(left, prev[i], up_left))[kind]) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
        prev = line
    return width, height, rows


def pixels(path: Path) -> list:
    """Rows of RGB tuples (Pillow when installed, else :func:`decode_png`)."""
    try:
        from PIL import Image
    except ImportError:
        return decode_png(path.read_bytes())[2]
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        raw, stride = rgb.tobytes(), rgb.width * 3
    return [[tuple(raw[i:i + 3]) for i in range(start, start + stride, 3)] for start in range(0, len(raw), stride)]


def near(pixel, colour, tolerance: int = 6) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour))


def trim(path: Path) -> None:
    """Crop the white margin below and right of the page (Pillow only), for the README."""
    try:
        from PIL import Image, ImageChops
    except ImportError:
        return
    with Image.open(path) as image:
        rgb = image.convert("RGB")
    box = ImageChops.difference(rgb, Image.new("RGB", rgb.size, "white")).getbbox()
    if box:
        rgb.crop((0, 0, min(rgb.width, box[2] + 24), min(rgb.height, box[3] + 24))).save(path)


# ---------------------------------------------------------------- tests
@pytest.fixture(scope="module")
def taicang():
    report = load(str(SAMPLE))
    report.source["path"] = SAMPLE.name  # as the findings name the file in the screenshots
    return report, check(report)


def one_table(report, result, tkey: str):
    """The report holding only table ``tkey`` (under its official heading), and its findings."""
    only = dataclasses.replace(report, tables={tkey: report.tables[tkey]}, sections=[], preamble="",
                               notes=[n for n in report.notes if n.table == tkey])
    findings = [f for f in result.findings if f.table == tkey]
    return only, dataclasses.replace(result, findings=findings) if findings else None


@pytest.mark.parametrize("number, tkey", [(2, "active_disclosure"), (3, "requests"), (4, "review_litigation")])
def test_each_table_is_drawn_with_its_highlights(tmp_path, taicang, number, tkey):
    report, result = taicang
    shot = tmp_path / "shot.png"
    chromium(tmp_path, to_html(*one_table(report, result, tkey)), f"--window-size={WIDTH},{HEIGHT}",
             f"--screenshot={shot}")
    rows = pixels(shot)
    assert len(rows) == HEIGHT and len(rows[0]) == WIDTH
    ink = sum(1 for row in rows for p in row if p != (255, 255, 255))
    assert ink > WIDTH * HEIGHT // 100, "the page is blank"
    assert all(p == (255, 255, 255) for row in rows[-8:] for p in row), "the table does not fit the window"
    suspect = sum(1 for row in rows for p in row if near(p, SUSPECT_COLOUR))
    failing = sum(1 for row in rows for p in row if near(p, FAILING_COLOUR))
    if tkey == "requests":  # the sample's one wrong cell, 表三 (一)予以公开 · 自然人, and the totals it breaks
        assert suspect > 300 and failing > 600
    else:
        assert suspect == 0 and failing == 0
    if os.environ.get("GOVREPORT_UPDATE_DOCS"):  # GOVREPORT_UPDATE_DOCS=1 pytest tests/test_browser.py
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, DOCS / f"taicang-table{number}.png")
        trim(DOCS / f"taicang-table{number}.png")


def test_the_png_decoder_reads_what_pillow_reads(tmp_path, taicang):
    pytest.importorskip("PIL")
    report, result = taicang
    shot = tmp_path / "small.png"
    chromium(tmp_path, to_html(*one_table(report, result, "requests")), "--window-size=240,160", f"--screenshot={shot}")
    assert decode_png(shot.read_bytes())[2] == pixels(shot)


def test_the_page_prints_to_a4_with_table3_on_one_page(tmp_path, taicang):
    pdfium = pytest.importorskip("pypdfium2")
    report, result = taicang
    pdf = tmp_path / "page.pdf"
    chromium(tmp_path, to_html(report, result), "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    doc = pdfium.PdfDocument(str(pdf))
    texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    assert len(texts) >= 2
    for i in range(len(doc)):
        width, height = doc[i].get_size()
        assert abs(width - 595) < 3 and abs(height - 842) < 3  # A4 in points
    whole = "".join(texts)
    assert report.title in whole and "申请人情况" in whole and "检查结果" in whole
    page = next(t for t in texts if "本年新收政府信息公开申请数量" in t)
    assert "结转下年度继续办理" in page  # 表三 is not split over two pages
