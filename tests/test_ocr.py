"""OCR input (issue 13): numbers read by OCR are exact or flagged, never wrong in silence.

The verification tests need no OCR engine: they give a generated report the provenance the
OCR loader gives (a confidence, the text as read), damage its numbers the ways OCR damages them,
and assert every cell is exact or named.  The end-to-end tests render a generated report to a
page image and read it back through rapidocr (the ``ocr`` extra), skipped when it is missing.
"""

from __future__ import annotations

import copy
import io
import os
import random
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreport import generate, ocr
from govreport.check import check
from govreport.model import format_number

HAS_ENGINE = ocr.__name__ and __import__("govreport.loaders.ocr", fromlist=["available"]).available()
needs_engine = pytest.mark.skipif(not HAS_ENGINE, reason="the ocr extra (rapidocr-onnxruntime) is not installed")


def _as_read(report, score: float = 0.999):
    """The report as the OCR loader would give it, every number read with ``score``."""
    out = copy.deepcopy(report)
    for tkey, table in out.tables.items():
        for row, col, cell in table.cells():
            cell.prov = {"page": 1, "line": 1, "ocr": {"score": score}}
    return out


def _misread(cell, text: str, score: float) -> None:
    cell.prov["ocr"] = {"score": score, "read": text} if text != format_number(cell.value) else {"score": score}
    cell.value = int(text) if text.isdigit() else cell.value


def test_alternatives_cover_the_usual_confusions():
    assert ocr.alternatives("0")[:1] == [0] and {8, 6, 9}.issubset(ocr.alternatives("0"))
    assert {7, 11} <= set(ocr.alternatives("1"))  # 1/7, and two ones read as one
    alts = ocr.alternatives("319")
    assert alts[0] == 319 and {379, 819, 3199, 39, 19} <= set(alts)
    assert all(not str(v).startswith("0") or v == 0 for v in alts)
    assert ocr.alternatives("") == []


def _cell(report, table, row, col):
    return report.tables[table].rows[row][col]


def test_a_low_confidence_misreading_is_recovered_and_marked():
    truth = generate.random_report(random.Random(11), "2021")
    report = _as_read(truth)
    target = next((r, c) for r, c, cell in report.tables["requests"].cells()
                  if cell.value == 9 and c != "total")
    _misread(_cell(report, "requests", *target), "6", 0.62)
    ocr.verify(report)
    cell = _cell(report, "requests", *target)
    assert cell.value == 9
    assert cell.prov["ocr"]["status"] == "recovered" and cell.prov["ocr"]["was"] == 6
    assert cell.prov["ocr"]["identities"]
    result = check(report)
    rules = [f.rule for f in result.findings]
    assert "ocr.recovered" in rules
    message = next(f.message for f in result.findings if f.rule == "ocr.recovered")
    assert "识别读作“6”" in message and "确定为 9" in message
    assert not [f for f in result.findings if f.severity == "error"]


def test_a_missed_number_is_filled_by_the_identities():
    truth = generate.random_report(random.Random(12), "2021")
    report = _as_read(truth)
    row, col, cell = next((r, c, x) for r, c, x in report.tables["requests"].cells()
                          if r == "granted" and c == "commercial")
    value = cell.value
    cell.value = None
    cell.prov["ocr"] = {}
    ocr.verify(report)
    assert cell.value == value and cell.prov["ocr"]["status"] == "filled"


def test_two_compensating_misreadings_are_flagged_not_guessed():
    """0 read for 8 in one column and 8 for 0 in another, both in one row with unsure totals:
    the identities cannot tell, so both cells are flagged with what they may be."""
    truth = generate.random_report(random.Random(13), "2021")
    report = _as_read(truth)
    table = report.tables["review_litigation"]
    block = next(r for r, cells in table.rows.items() if "total" in cells)
    keys = [c for c in table.rows[block] if c != "total"][:2]
    a, b = (table.rows[block][k] for k in keys)
    a.value, b.value = 0, 8  # as printed
    table.rows[block]["total"].value = sum(c.value or 0 for k, c in table.rows[block].items() if k != "total")
    printed = {k: table.rows[block][k].value for k in keys}
    _misread(a, "0", 0.6)
    _misread(b, "8", 0.6)
    b.prov["ocr"]["score"] = 0.6
    ocr.verify(report)
    statuses = {k: table.rows[block][k].prov["ocr"].get("status") for k in keys}
    exact = all(table.rows[block][k].value == printed[k] for k in keys)
    flagged = ocr.flagged_cells(report, check(report))
    # either the identities settle them (exact), or every cell left unsure is named
    assert exact or all((("review_litigation", block, k) in flagged) for k in keys if statuses[k] == "flagged")
    assert all(table.rows[block][k].value == printed[k] or ("review_litigation", block, k) in flagged for k in keys)


def test_table2_low_confidence_is_flagged_for_review():
    truth = generate.random_report(random.Random(14), "2021")
    report = _as_read(truth)
    row, col, cell = next(iter(report.tables["active_disclosure"].cells()))
    cell.prov["ocr"]["score"] = 0.7
    ocr.verify(report)
    assert cell.prov["ocr"]["status"] == "review"
    result = check(report)
    review = [f for f in result.findings if f.rule == "ocr.review"]
    assert len(review) == 1 and review[0].severity == "warning" and "0.70" in review[0].message
    assert ("active_disclosure", row, col) in ocr.flagged_cells(report, result)


def _damage(text: str, rng: random.Random) -> str:
    """One OCR error: a confused digit, two alike read as one, a digit doubled, or two digits wrong."""
    kind = rng.choice(["confuse", "merge", "double", "two"])
    i = rng.randrange(len(text))
    if kind == "confuse" or (kind == "merge" and len(text) < 2):
        alts = ocr.CONFUSED[text[i]]
        return text[:i] + rng.choice(alts) + text[i + 1:]
    if kind == "merge":
        return text[:i] + text[i + 1:]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    out = list(text)
    for j in range(len(out)):
        out[j] = rng.choice(ocr.CONFUSED[out[j]])
    return "".join(out)


@settings(max_examples=int(os.environ.get("GOVREPORT_PROPERTY_EXAMPLES", 60)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), template=st.sampled_from(["2021", "2019"]), damaged=st.integers(1, 6),
       confident=st.booleans(), blanks=st.integers(0, 2))
def test_ocr_damage_is_exact_or_named(seed, template, damaged, confident, blanks):
    """Any OCR damage (unsure or — worse — confident misreadings, missed numbers) in tables 3/4:
    each number is exact, or named by a flag or by a failing identity."""
    rng = random.Random(seed)
    truth = generate.random_report(rng, template)
    report = _as_read(truth, score=rng.choice([0.999, 0.93]))
    cells = [(t, r, c) for t in ("requests", "review_litigation") for r, c, x in report.tables[t].cells()
             if x.value is not None]
    for t, r, c in rng.sample(cells, damaged):
        cell = _cell(report, t, r, c)
        text = _damage(format_number(cell.value), rng)
        text = text.lstrip("0") or "0"
        _misread(cell, text, 0.99 if confident and rng.random() < 0.5 else rng.uniform(0.3, 0.9))
    for t, r, c in rng.sample(cells, blanks):
        cell = _cell(report, t, r, c)
        cell.value = None
        cell.prov["ocr"] = {}
    ocr.verify(report)
    result = check(report)
    flagged = ocr.flagged_cells(report, result)
    wrong = 0
    for t, r, c in cells:
        got = _cell(report, t, r, c).value
        want = truth.tables[t].rows[r][c].value
        assert got == want or (t, r, c) in flagged, (t, r, c, want, got, _cell(report, t, r, c).prov)
        wrong += got != want
    if wrong:
        assert not result.valid  # never "passed" over a number that is not settled
    if not flagged:
        assert all(f.severity == "info" for f in result.findings if f.rule.startswith("ocr."))


# ---------------------------------------------------------------- through the engine
def _scan(report, dpi: int = 200) -> bytes:
    """The report printed (flat district layout) and scanned: an image-only PDF."""
    import pypdfium2 as pdfium

    from govreport import generate_pdf

    pdf = generate_pdf.build(report, generate_pdf.find_cjk_font(),
                             generate_pdf.PdfLayout(vertical_results=False, groups="rows"))
    doc = pdfium.PdfDocument(pdf)
    images = [doc[i].render(scale=dpi / 72).to_pil().convert("L").convert("RGB") for i in range(len(doc))]
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buf.getvalue(), images


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    if not HAS_ENGINE:
        pytest.skip("the ocr extra is not installed")
    truth = generate.random_report(random.Random(3), "2021")
    data, images = _scan(truth)
    d = tmp_path_factory.mktemp("scan")
    (d / "scan.pdf").write_bytes(data)
    buf = io.BytesIO()
    images[1].save(buf, format="PNG", dpi=(200, 200))
    (d / "table3.png").write_bytes(buf.getvalue())
    return truth, d


@needs_engine
def test_a_scanned_pdf_loads_exact_or_flagged(scanned):
    from govreport import loaders

    truth, d = scanned
    report = loaders.load(str(d / "scan.pdf"))
    result = check(report)
    flagged = ocr.flagged_cells(report, result)
    exact = wrong = 0
    for tkey, table in truth.tables.items():
        for row, col, cell in table.cells():
            got = report.tables[tkey].rows[row][col].value
            if got == cell.value:
                exact += 1
            else:
                assert (tkey, row, col) in flagged, (tkey, row, col, cell.value, got)
                wrong += 1
    assert exact >= 190  # of 200 cells
    counts = ocr.summary(report)
    assert counts and counts.get("read", 0) > 100
    prov = report.tables["requests"].rows["new_received"]["total"].prov
    assert prov["page"] == 2 and 0 < prov["ocr"]["score"] <= 1 and len(prov["ocr"]["box"]) == 4


@needs_engine
def test_a_table_image_and_the_cli(scanned):
    truth, d = scanned
    env = dict(os.environ, GOVREPORT_LANG="zh")
    run = subprocess.run([sys.executable, "-m", "govreport", "show", str(d / "table3.png"), "--table", "表三",
                          "--provenance"], capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr
    total = format_number(truth.tables["requests"].rows["new_received"]["total"].value)
    assert total in run.stdout
    assert "文字识别，置信度" in run.stdout and "位置 " in run.stdout and "{'score'" not in run.stdout
    never = subprocess.run([sys.executable, "-m", "govreport", "--ocr", "never", "check", str(d / "scan.pdf")],
                           capture_output=True, text=True, env=env, timeout=120)
    assert never.returncode == 2 and "文字层" in never.stderr and "Traceback" not in never.stderr
    bad = subprocess.run([sys.executable, "-m", "govreport", "--ocr", "sometimes", "check", str(d / "scan.pdf")],
                         capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 2 and "auto" in bad.stderr


def test_check_on_text_never_imports_the_ocr_stack(tmp_path):
    sample = os.path.join(os.path.dirname(__file__), "..", "samples", "taicang-2021.txt")
    code = ("import sys, runpy; sys.argv = ['govreport', 'check', %r]\n"
            "try:\n    runpy.run_module('govreport', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('rapidocr_onnxruntime', 'onnxruntime', 'cv2', 'govreport.loaders.ocr') "
            "if m in sys.modules]\nprint('HEAVY', heavy, file=sys.stderr)") % sample
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "HEAVY []" in run.stderr, run.stderr


def test_doctor_lists_the_extras():
    run = subprocess.run([sys.executable, "-m", "govreport", "--lang", "en", "doctor", "--format", "json"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    import json

    data = json.loads(run.stdout)
    names = [e["extra"] for e in data["extras"]]
    assert names == ["pdf", "ocr", "xlsx", "plot", "parquet", "dask"]
    assert next(e for e in data["extras"] if e["extra"] == "ocr")["installed"] == bool(HAS_ENGINE)


# ---------------------------------------------------------------- page geometry (no engine needed)
def test_a_tall_image_is_cut_between_text_lines():
    pytest.importorskip("PIL")
    from PIL import Image, ImageDraw

    from govreport.loaders.ocr import split_tall

    width, page = 400, 560
    image = Image.new("L", (width, 3 * page), 255)
    draw = ImageDraw.Draw(image)
    for top in range(20, 3 * page - 20, 28):  # "text lines": dashes across the page, 14 px high
        for x in range(20, width - 20, 16):
            draw.rectangle((x, top, x + 9, top + 14), fill=0)
    pieces = split_tall(image.convert("RGB"))
    assert len(pieces) == 3 and sum(p.size[1] for p in pieces) == 3 * page
    top = 0
    for piece in pieces[:-1]:
        top += piece.size[1]
        assert (top - 20) % 28 >= 15  # every cut falls in the white between two lines
    assert split_tall(Image.new("RGB", (400, 560), "white"))[0].size == (400, 560)


def test_a_photographed_page_is_set_upright():
    cv2 = pytest.importorskip("cv2")
    import numpy as np
    from PIL import Image

    from govreport.loaders.ocr import unwarp

    page = np.full((700, 500, 3), 245, np.uint8)
    page[100:110, 50:450] = 0  # a rule across the page, to follow
    src = np.float32([[0, 0], [500, 0], [500, 700], [0, 700]])
    dst = np.float32([[140, 90], [560, 110], [600, 860], [100, 840]])  # keystone, on a dark table
    photo = cv2.warpPerspective(page, cv2.getPerspectiveTransform(src, dst), (700, 950), borderValue=(70, 70, 70))
    upright = np.asarray(unwarp(Image.fromarray(photo)).convert("L"))
    h, w = upright.shape
    assert 0.85 < w / 500 * 700 / h < 1.15 and w > 400
    rule = [r for r in range(h) if (upright[r, int(0.2 * w):int(0.8 * w)] < 100).mean() > 0.9]
    assert rule and max(rule) - min(rule) < 0.04 * h  # the rule is level again
    scan = Image.fromarray(page)
    assert unwarp(scan) is scan  # a page that fills the picture is left alone


def test_a_mark_read_as_zero_is_never_settled_by_a_sum():
    """。 read where a 0 stands (or a speck on a blank cell): a sum cannot tell 0 from blank."""
    truth = generate.random_report(random.Random(15), "2021")
    report = _as_read(truth)
    row, col, cell = next((r, c, x) for r, c, x in report.tables["requests"].cells()
                          if x.value == 0 and c != "total")
    cell.prov["ocr"] = {"score": 0.5, "read": "。"}
    ocr.verify(report)
    assert cell.value == 0 and cell.prov["ocr"]["status"] == "flagged"
    assert None in cell.prov["ocr"]["possible"] and 0 in cell.prov["ocr"]["possible"]
    result = check(report)
    flagged = [f for f in result.findings if f.rule == "ocr.flagged"]
    assert flagged and "空白" in flagged[0].message and not result.valid


def test_specks_and_marks_beside_numbers():
    from govreport.loaders.ocr import page_runs

    def run(text, x, score=0.99):
        quads = [[[x + 10 * i, 0], [x + 10 * i + 9, 0], [x + 10 * i + 9, 20], [x + 10 * i, 20]] for i in range(len(text))]
        box = [[x, 0], [x + 10 * len(text), 0], [x + 10 * len(text), 20], [x, 20]]
        return [box, text, score, quads, list(text), [score] * len(text)]

    runs = page_runs([run("R", 0), run("0:", 100), run("。", 200), run("-19", 300), run("l3", 400)], 1.0, (600, 40))
    texts = ["".join(c.text for c in r) for r in runs]
    assert texts == ["0", "0", "-19", "13"]  # the speck R dropped; 0: and 。 read 0; l3 read 13
    scores = [min(c.score for c in r) for r in runs]
    assert scores[0] <= 0.5 and scores[1] <= 0.5 and scores[2] > 0.9 and scores[3] <= 0.5
    assert [c.read for c in runs[3]] == ["l", "3"]


def test_salt_and_pepper_noise_is_cleaned_and_a_clean_page_left_alone():
    np = pytest.importorskip("numpy")
    from PIL import Image

    from govreport.loaders.ocr import despeckle

    page = np.full((400, 300), 255, np.uint8)
    page[50:60, 20:280] = 0  # a rule
    page[100:130, 40:70] = 0  # a "character"
    clean = Image.fromarray(page).convert("RGB")
    assert despeckle(clean) is clean
    rng = np.random.default_rng(0)
    noisy = page.copy()
    dots = rng.random(page.shape) < 0.01
    noisy[dots & (rng.random(page.shape) < 0.5)] = 0
    noisy[dots & (rng.random(page.shape) >= 0.5)] = 255
    out = np.asarray(despeckle(Image.fromarray(noisy).convert("RGB")).convert("L"))
    background = out[200:390, 10:290]
    assert (background < 128).mean() < 0.0005  # the dots are gone
    assert (out[52:58, 30:270] < 128).all() and (out[105:125, 45:65] < 128).all()  # the print stays


def test_damaged_labels_are_set_to_the_official_label_as_printed():
    from govreport.loaders.ocr import snap_labels
    from govreport.parse import Line

    def line(cells, boxes):
        prov = [{"ocr": {"score": 0.99, "box": [x0, 0, x1, 10]}} for x0, x1 in boxes]
        return Line(cells, {"page": 1, "line": 1, "ocr": {}}, True, prov)

    lines = [
        line(["1.信", "報投", "類申請", "3"], [(0, 18), (38, 58), (68, 98), (300, 306)]),  # 訪舉 and 訴 dropped
        line(["行政處", "5"], [(0, 30), (300, 306)]),  # 罰 dropped at the end
        line(["2.其他法律行政法规禁止公", "4"], [(0, 120), (300, 306)]),  # wrapped: 开 on the next line
        line(["开"], [(0, 10)]),
        line(["（四）无", "2.没有现成信息需要另行制"], [(0, 40), (200, 320)]),  # two columns: left alone
    ]
    snap_labels(lines)
    assert lines[0].cells == ["1.信访举报投诉类申请", "3"]  # as printed, never "1信访…" (a number)
    assert lines[0].cell_prov[0]["ocr_label"] == "1.信報投類申請" and lines[0].cell_prov[1]["ocr"]["box"][0] == 300
    assert lines[1].cells == ["行政处罚", "5"]
    assert lines[2].cells == ["2.其他法律行政法规禁止公", "4"]  # the rest follows on the next line
    assert lines[4].cells == ["（四）无", "2.没有现成信息需要另行制"]
