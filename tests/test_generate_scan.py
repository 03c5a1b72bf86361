"""The generated scanned test set (govreport.generate_scan, issue 13): deterministic, image-only,
at the requested resolution, actually degraded, with answer files that are the printed report."""

from __future__ import annotations

import functools
import io
import json
import random
import zipfile
from dataclasses import replace

import pytest

pytest.importorskip("pypdfium2", reason="PDF support (govreport[pdf]) is not installed")
pytest.importorskip("fpdf", reason="fpdf2 is needed to build test PDFs")
np = pytest.importorskip("numpy")
from PIL import Image  # noqa: E402

from govreport import generate_scan as S  # noqa: E402
from govreport.generate_pdf import find_cjk_font  # noqa: E402
from govreport.model import Report  # noqa: E402

pytestmark = pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font file found (install fonts-wqy-microhei)")
FAST = S.Degradation("fast", dpi=150)


@functools.lru_cache(maxsize=None)
def _printed(seed: int = 3, template: str = "2021"):
    """(report, the rendered pages at 150 dpi): printed once, degraded by each test."""
    rng = random.Random(seed)
    report, layout = S.layout_report(rng, template, "district")
    from govreport.generate_pdf import build

    return report, tuple(S.render_pages(build(report, S.font(), layout), 150))


@functools.lru_cache(maxsize=None)
def _pages(preset: str):
    report, pages = _printed()
    degradation = FAST if preset == "fast" else replace(S.PRESETS[preset], dpi=150)
    rng = random.Random(preset)
    return report, tuple(S.degrade(page, degradation, rng) for page in pages)


def test_same_seed_same_bytes_and_another_seed_differs():
    item = dict(S.plan(3, seed=5, presets=["noise"])[1], format="pdf")
    name, answer, data = S.one_of_set(item)
    again = S.one_of_set(item)
    assert (name, answer, data) == again
    assert S.plan(3, seed=6, presets=["noise"]) != S.plan(3, seed=5, presets=["noise"])
    assert S.plan(12, seed=5) == S.plan(12, seed=5)


def test_scanned_pdf_has_no_text_layer():
    import pypdfium2 as pdfium

    report, images = _pages("fast")
    data = S.scanned_pdf(list(images), 150)
    doc = pdfium.PdfDocument(data)
    assert len(doc) == len(images) == 3
    for i in range(len(doc)):
        assert doc[i].get_textpage().count_chars() == 0
        width, height = doc[i].get_size()  # points: the image's size at 150 dpi
        assert abs(width - images[i].width * 72 / 150) < 1 and abs(height - images[i].height * 72 / 150) < 1
    assert b"/Font" not in data
    # (not loaded here: with the [ocr] extra govreport's PDF loader OCRs it, which takes a minute)


def test_images_have_the_requested_size_and_resolution():
    report, images = _pages("fast")
    w, h = images[0].size  # A4 at 150 dpi
    assert abs(w - 595.28 * 150 / 72) <= 1 and abs(h - 841.89 * 150 / 72) <= 1
    assert images[0].mode == "L"
    png = Image.open(io.BytesIO(S.image_bytes(images[0], "png")))
    assert png.size == images[0].size and round(png.info["dpi"][0]) == 150
    jpg = Image.open(io.BytesIO(S.image_bytes(images[0], "jpg", 70)))
    assert jpg.format == "JPEG" and round(jpg.info["dpi"][0]) == 150
    tif = Image.open(io.BytesIO(S.image_bytes(list(images), "tif")))
    assert tif.n_frames == 3 and round(float(tif.info["dpi"][0])) == 150
    long = Image.open(io.BytesIO(S.image_bytes(list(images), "png")))  # the pages stacked
    assert long.size == (images[0].width, 3 * images[0].height)


@pytest.mark.parametrize("preset", ["jpeg60", "rotate1.5", "blur", "noise", "skew", "photo"])
def test_each_degradation_changes_pixels(preset):
    _, clean = _pages("fast")
    _, degraded = _pages(preset)
    a = np.asarray(clean[1].convert("L"), dtype=np.int16)
    b = np.asarray(degraded[1].convert("L"), dtype=np.int16)
    assert a.shape == b.shape
    changed = np.mean(np.abs(a - b) > 16)
    assert changed > 0.001, preset
    if preset in ("rotate1.5", "skew", "photo"):  # the corners are paper or background (a darker desk), never black
        assert b[0, 0] >= 50 and b[-1, -1] >= 50


def test_moved_points_follow_the_pixels():
    """The truth positions of the printed words land on ink in the degraded image."""
    rng = random.Random(4)
    report, layout = S.layout_report(rng, "2019", "district")
    words: list = []
    images = S.page_images(report, layout, replace(S.PRESETS["photo"], dpi=150), rng, words=words)
    gray = np.asarray(images[1].convert("L"))
    numbers = [(t, x, y) for t, (x, y) in words[1] if t.isdigit()]
    assert len(numbers) > 100
    inked = sum(gray[int(y) - 4:int(y) + 5, int(x) - 4:int(x) + 5].min() < 110 for _, x, y in numbers)
    assert inked / len(numbers) > 0.95


def test_scanned_set_answer_files_match_the_report(tmp_path):
    written = S.scanned_set(str(tmp_path), 2, seed=1, presets=["clean150"], formats=("tif", "html"),
                            layouts=["district"])
    assert len(written) == 2
    for path, answer in written:
        expected = json.loads(open(S.expected_path(path), encoding="utf-8").read())
        assert expected == json.loads(json.dumps(answer))
        assert expected["injected"] == {"error": None, "damage": None}
        assert expected["generated"]["preset"] == "clean150" and expected["generated"]["pages"] == 3
        rng = random.Random(f"1/{expected['generated']['index']}")
        S.varied(S.PRESETS["clean150"], rng)
        report, _ = S.layout_report(rng, expected["template"], expected["generated"]["layout"],
                                    expected["generated"]["script"])
        assert expected["tables"] == report.to_dict()["tables"]
        assert Report.from_dict(expected).to_dict()["tables"] == expected["tables"]
    html = open([p for p, _ in written if p.endswith(".html")][0], encoding="utf-8").read()
    assert html.count('<img src="data:image/png;base64,') == 3 and "<table" not in html


def test_docx_holds_the_pages_as_pictures():
    pytest.importorskip("docx")
    report, images = _pages("fast")
    data = S.docx_bytes(report, list(images))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert len(media) == 3
        assert "<w:tbl>" not in z.read("word/document.xml").decode("utf-8")


def test_plan_balances_presets_templates_and_scripts():
    items = S.plan(48, seed=2)
    for key, values in (("preset", S.PRESETS), ("template", ("2021", "2019")), ("script", ("simplified", "traditional", "taiwan"))):
        counts = [sum(i[key] == v for i in items) for v in values]
        assert max(counts) - min(counts) <= 1, key
    # each preset meets both templates
    for p in S.PRESETS:
        assert {i["template"] for i in items if i["preset"] == p} == {"2021", "2019"}
