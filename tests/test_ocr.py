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


# ---------------------------------------------------------------- rows whose label the engine lost
def _ocr_lines(text: str) -> list:
    from govreport.parse import Line

    out = []
    for i, row in enumerate(text.splitlines(), 1):
        cells = row.split()
        out.append(Line(cells, {"page": 1, "line": i, "ocr": {}}, False,
                        [{"ocr": {"score": 0.99}} for _ in cells]))
    return out


def _parse_ocr(lines):
    from govreport.parse import RawDocument, parse_document

    report = parse_document(RawDocument(lines, "image", "scan.png"))
    ocr.verify(report)
    return report


def _unlabel(lines, start: str, text: str):
    """The row whose label starts with ``start``: its label read as ``text`` (matching no label)."""
    line = next(line for line in lines if line.cells and line.cells[0].startswith(start))
    line.cells[0] = text
    return line


def test_a_row_whose_label_was_lost_is_placed_by_the_template_order_and_marked():
    """(六)2's label read with 缴 dropped (no prefix of any label): its numbers would join 1.'s row
    (14 numbers).  One official row stands between the rows read above and below it: its numbers
    are that row's, marked, and checked by the identities."""
    truth = generate.random_report(random.Random(5), "2021")
    lines = _ocr_lines(generate.to_lines(truth, one_cell=False))
    _unlabel(lines, "2.申请人逾期未按收费", "2.申請人逾期未按收費通知要求納費用")
    report = _parse_ocr(lines)
    for col, cell in truth.tables["requests"].rows["other.fee_unpaid"].items():
        got = report.tables["requests"].rows["other.fee_unpaid"][col]
        assert got.value == cell.value and got.prov["recovered"] == "label placed by the template order"
    result = check(report)
    found = [f for f in result.findings if f.rule == "parse.recovered" and f.row == "other.fee_unpaid"]
    assert found and ("模板行序" in found[0].message or "template" in found[0].message)


@pytest.mark.parametrize("start,text,row", [("四、结转", "四、結轉下年度耀續瓣理", "carried_forward"),
                                            ("一、本年新收", "一、本年新收政府資訊公開申請數囗", "new_received")])
def test_a_lost_label_of_a_tables_last_or_first_row_is_placed_by_the_template_order(start, text, row):
    """The label of 表三's last row (or its first) read too damaged to match: its numbers would join
    the row read next to them.  Only one official row stands between that row and the table's end
    (start): its numbers are that row's, marked, and checked by the identities."""
    truth = generate.random_report(random.Random(7), "2021")
    lines = _ocr_lines(generate.to_lines(truth, one_cell=False))
    _unlabel(lines, start, text)
    report = _parse_ocr(lines)
    for col, cell in truth.tables["requests"].rows[row].items():
        got = report.tables["requests"].rows[row][col]
        assert got.value == cell.value and got.prov["recovered"] == "label placed by the template order"
    assert all(report.tables["requests"].rows[r][c].value == cell.value
               for r, c, cell in truth.tables["requests"].cells())


def test_two_lost_labels_with_one_row_between_their_neighbours_are_named_not_placed():
    """Two lines of numbers with no label, where the template leaves one row between the rows
    read: no unique placing.  The report is read, and the rows those numbers may belong to are
    unread cells — their numbers as read kept, filled only where the identities settle a cell,
    named by check — never numbers moved in silence (the rest of the report stays exact)."""
    truth = generate.random_report(random.Random(6), "2021")
    lines = _ocr_lines(generate.to_lines(truth, one_cell=False))
    _unlabel(lines, "2.申请人逾期未按收费", "2.申請人逾期未按收費通知要求納費用")
    extra = _unlabel(lines, "2.重复申请", "2.重")  # a second unread label, one line up the table
    lines.remove(extra)
    lines.insert(next(i for i, line in enumerate(lines) if line.cells and line.cells[0] == "3.其他"), extra)
    report = _parse_ocr(lines)
    unread = set()
    for tkey, table in truth.tables.items():
        for row, col, cell in table.cells():
            got = report.tables[tkey].rows[row][col]
            info = (got.prov or {}).get("ocr") or {}
            if "unread" in info:
                unread.add((row, col))
                assert info["status"] in ("missing", "filled")
                assert got.value is None if info["status"] == "missing" else got.value == cell.value
            else:
                assert got.value == cell.value, (tkey, row, col)
    rows = {row for row, _ in unread}
    assert "other.fee_unpaid" in rows and len(rows) >= 2
    result = check(report)
    assert not result.valid
    named = {(f.row, f.column) for f in result.findings if f.rule in ("ocr.missing", "ocr.filled")}
    assert unread <= named
    message = next(f.message for f in result.findings if f.rule == "ocr.missing")
    assert "核对原件" in message and ("对不上" in message or "没有识别出数字" in message)


def _table_lines(lines: list) -> list:
    """Indexes of the lines of the three tables: a label and numbers, or numbers alone (表四)."""
    from govreport.parse.numbers import classify

    start = next(i for i, line in enumerate(lines) if "主动公开" in "".join(line.cells) and len(line.cells) == 1)
    return [i for i in range(start, len(lines)) if lines[i].cells and classify(lines[i].cells[-1])[0] == "value"]


def _damage_rows(lines: list, rng: random.Random, kind: str) -> None:
    """One way OCR spoils a table row's count or cells (the line's numbers no longer match its row).
    Each line is damaged once: a number dropped and another split on one line of 表二 would give
    it its count back with every reading confident, which nothing can tell (表二 has no identity)."""
    rows = [i for i in _table_lines(lines) if not getattr(lines[i], "damaged", False)]
    if not rows:
        return
    i = rng.choice(rows)
    line = lines[i]
    line.damaged = True
    numbers = [k for k in range(len(line.cells)) if line.cells[k].lstrip("-").replace(".", "").isdigit()]
    if not numbers:
        return
    k = rng.choice(numbers)
    text = line.cells[k]
    if kind == "join" and i - 1 in rows:  # the row's label lost and its numbers read with the row above
        above = lines[i - 1]
        above.cells += [c for j, c in enumerate(line.cells) if j in numbers]
        above.cell_prov += [{"ocr": {"score": 0.99}} for j in numbers]
        above.damaged = True
        del lines[i]
    elif kind == "split" and len(text.lstrip("-")) >= 2:  # one number read as two
        cut = rng.randrange(1, len(text))
        line.cells[k:k + 1] = [text[:cut], text[cut:]]
        line.cell_prov[k:k + 1] = [{"ocr": {"score": 0.99}}, {"ocr": {"score": 0.99}}]
    elif kind == "drop":  # a number not boxed at all, and no blank placed for it
        del line.cells[k], line.cell_prov[k]
    elif kind == "garbage":  # print that is no number (a speck, a glyph)
        line.cells[k] = rng.choice(["-" + text + ".", text + "国", "l" + text, "。。", "人"])
        line.cell_prov[k] = {"ocr": {"score": 0.45}}
    elif kind == "unlabel" and not numbers[0] == 0:  # the label read as words matching no label
        line.cells[0] = line.cells[0][:1] + "囗" * 6


@settings(max_examples=int(os.environ.get("GOVREPORT_PROPERTY_EXAMPLES", 60)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), template=st.sampled_from(["2021", "2019"]),
       kinds=st.lists(st.sampled_from(["join", "split", "drop", "garbage", "unlabel"]), min_size=1, max_size=3))
def test_ocr_rows_with_the_wrong_count_are_exact_or_named(seed, template, kinds):
    """OCR rows whose numbers do not match their row (two rows merged, a number split in two or not
    boxed, print that is no number, a label lost), in any table: the report is refused naming the
    row, or read with every cell exact or named (flagged by verify or by a failing identity), every
    cell of the tables present, and never "valid" over a cell that is not exact."""
    from govreport.errors import ParseError

    rng = random.Random(seed)
    truth = generate.random_report(rng, template)
    lines = _ocr_lines(generate.to_lines(truth, one_cell=False))
    for kind in kinds:
        _damage_rows(lines, rng, kind)
    try:
        report = _parse_ocr(lines)
    except ParseError as exc:
        assert str(exc)  # told, naming the file and row
        return
    result = check(report)
    flagged = ocr.flagged_cells(report, result)
    wrong = 0
    for tkey, table in truth.tables.items():
        for row, col, cell in table.cells():
            got = report.tables.get(tkey)
            got = got.rows.get(row, {}).get(col) if got is not None else None
            value = got.value if got is not None else "absent"
            ok = value == cell.value or (tkey, row, col) in flagged
            assert ok, (kinds, tkey, row, col, cell.value, value, got and got.prov)
            wrong += value != cell.value
    if wrong:
        assert not result.valid


def test_an_ocr_cell_that_is_no_number_is_named_and_the_rest_read():
    """A speck turned a 表三 number into ``-13.``: that cell is unread (print on it, its text kept),
    filled only if the identities settle it (SUPPORT: two of them), the report read; from a text
    layer the same line is refused."""
    from govreport.errors import ParseError
    from govreport.parse import RawDocument, parse_document

    truth = generate.random_report(random.Random(8), "2021")
    lines = _ocr_lines(generate.to_lines(truth, one_cell=False))
    line = next(line for line in lines if line.cells and line.cells[0].endswith("予以公开"))
    want = truth.tables["requests"].rows["granted"]["research"].value
    line.cells[3] = f"-{want}."
    report = _parse_ocr(copy.deepcopy(lines))
    cell = report.tables["requests"].rows["granted"]["research"]
    assert cell.prov["ocr"]["unread"] == f"-{want}." and cell.prov["ocr"]["ink"] is True
    assert cell.value == want and cell.prov["ocr"]["status"] == "filled" if want else cell.value is None
    others = [(r, c) for r, c, x in truth.tables["requests"].cells() if (r, c) != ("granted", "research")]
    assert all(report.tables["requests"].rows[r][c].value == truth.tables["requests"].rows[r][c].value
               for r, c in others)
    for line in lines:
        line.prov.pop("ocr", None)
        line.cell_prov = None
    with pytest.raises(ParseError, match="予以公开"):
        parse_document(RawDocument(lines, "text", "report.txt"))


def test_an_ocr_glyph_after_a_full_row_makes_the_row_unread():
    """``政府集中采购 1 3079 l5`` read by OCR: print after the row's last number (a number read in
    two, a glyph for a digit) — the row is unread and named, never read as if it were not there."""
    truth = generate.random_report(random.Random(3), "2019")
    lines = _ocr_lines(generate.to_lines(truth, one_cell=False))
    line = next(line for line in lines if line.cells and line.cells[0] == "政府集中采购")
    line.cells.append("l5")
    line.cell_prov.append({"ocr": {"score": 0.4}})
    report = _parse_ocr(lines)
    cells = report.tables["active_disclosure"].rows["procurement"]
    assert all(c.value is None and c.prov["ocr"]["status"] == "missing" and "l5" in c.prov["ocr"]["unread"]
               for c in cells.values())


def test_an_ocr_table4_whose_numbers_miss_their_blocks_is_unread_and_named():
    """表四 read with a number lost: no block can be told; every cell is unread and named by check
    (the numbers as read kept), the other tables read exact.  The same text without OCR is refused."""
    from govreport.errors import ParseError
    from govreport.parse import RawDocument, parse_document

    truth = generate.random_report(random.Random(9), "2021")
    lines = _ocr_lines(generate.to_lines(truth, one_cell=False))
    k = max(_table_lines(lines))  # 表四's line of 15 numbers
    assert len(lines[k].cells) == 15
    read = " ".join(lines[k].cells[1:])
    del lines[k].cells[0], lines[k].cell_prov[0]
    report = _parse_ocr(copy.deepcopy(lines))
    table = report.tables["review_litigation"]
    assert all(cell.prov["ocr"]["unread"] == read for _, _, cell in table.cells())
    result = check(report)
    assert not result.valid
    named = {(f.table, f.row, f.column) for f in result.findings if f.rule in ("ocr.missing", "ocr.filled")}
    unsettled = {("review_litigation", r, c) for r, c, cell in table.cells() if cell.value is None}
    assert unsettled and unsettled <= named
    assert all(cell.value == truth.tables["review_litigation"].rows[r][c].value
               for r, c, cell in table.cells() if cell.value is not None)
    for tkey in ("active_disclosure", "requests"):
        assert all(report.tables[tkey].rows[r][c].value == cell.value for r, c, cell in truth.tables[tkey].cells())
    for line in lines:
        line.prov.pop("ocr", None)
        line.cell_prov = None
    with pytest.raises(ParseError):
        parse_document(RawDocument(lines, "text", "report.txt"))


def test_an_ocr_table3_whose_header_cannot_be_mapped_is_unread_and_named():
    """The header of 表三 read out of order with a word damaged: its columns cannot be told, so no
    cell of it is placed — all unread, each named with its row's numbers as read; 表二 and 表四 read."""
    truth = generate.random_report(random.Random(12), "2021")
    text = generate.to_lines(truth, one_cell=False)
    text = text.replace("科研机构", "\x00").replace("社会公益组织", "科研机构").replace("\x00", "社会公益组织")
    text = text.replace("法律服务机构", "法律服务机", 1)
    report = _parse_ocr(_ocr_lines(text))
    cells = list(report.tables["requests"].cells())
    assert cells and all(c.value is None and c.prov["ocr"]["why"] == "columns" for _, _, c in cells)
    result = check(report)
    assert not result.valid
    message = next(f.message for f in result.findings if f.rule == "ocr.missing" and f.table == "requests")
    assert "列标题识别不出" in message
    for tkey in ("active_disclosure", "review_litigation"):
        assert all(report.tables[tkey].rows[r][c].value == cell.value for r, c, cell in truth.tables[tkey].cells())


def test_an_unread_cell_is_shown_as_unread_never_as_a_blank():
    """``show`` and the renderers print a cell OCR could not read as ？, a printed blank as nothing."""
    from govreport.output.text import UNREAD_MARK, cell_text, text_lines

    truth = generate.random_report(random.Random(9), "2021")
    lines = _ocr_lines(generate.to_lines(truth, one_cell=False))
    k = max(_table_lines(lines))  # 表四's line of 15 numbers, one of them lost: every cell unread
    del lines[k].cells[0], lines[k].cell_prov[0]
    report = _parse_ocr(lines)
    missing = [c for _, _, c in report.tables["review_litigation"].cells() if c.prov["ocr"]["status"] == "missing"]
    assert missing and all(cell_text(c) == UNREAD_MARK for c in missing)
    assert UNREAD_MARK in "".join(text for line in text_lines(report, ["review_litigation"]) for text, _ in line)
    # show's tables end with a legend line saying what ？ is — only when a ？ is shown
    from govreport import messages as M
    from govreport.output.text import plain, report_lines

    shown = plain(report_lines(report, ["review_litigation"]))
    assert shown.splitlines()[-1] == "？ 文字识别未能读出的单元格，请核对原件"
    assert "文字识别未能读出" not in plain(report_lines(report, ["active_disclosure"]))
    M.set_lang("en")
    try:
        assert plain(report_lines(report)).splitlines()[-1] == "？ a cell OCR could not read: check the original"
    finally:
        M.set_lang(None)
    blank = copy.deepcopy(missing[0])
    blank.prov["ocr"] = {"ink": False, "status": "blank"}
    assert cell_text(blank) == ""


def test_a_positive_number_in_a_column_that_may_be_negative_is_for_review():
    """2019 表二 本年增/减: a scan easily loses a minus sign, and nothing checks the column — a number
    above 0 read there is for review (named), a negative or 0 is taken as read."""
    truth = generate.random_report(random.Random(4), "2019")
    report = _as_read(truth)
    rows = report.tables["active_disclosure"].rows
    rows["licensing"]["change"].value, rows["penalty"]["change"].value = 12, -12
    rows["coercion"]["change"].value = 0
    ocr.verify(report)
    assert rows["licensing"]["change"].prov["ocr"]["status"] == "review"
    assert rows["penalty"]["change"].prov["ocr"]["status"] == "read"
    assert rows["coercion"]["change"].prov["ocr"]["status"] == "read"
    assert rows["licensing"]["last_year_items"].prov["ocr"]["status"] == "read"
    found = [f for f in check(report).findings if f.rule == "ocr.review" and f.row == "licensing"]
    assert len(found) == 1 and "负号" in found[0].message and found[0].severity == "warning"


def test_a_gap_in_a_damaged_label_may_hold_no_character():
    """A gap between label pieces is read as dropped characters; the space after 四、 holds none."""
    from govreport.loaders.ocr import snap_label

    assert snap_label("四、??結转下年度继續瓣理") == "四、结转下年度继续办理"
    assert snap_label("行政?罰") == "行政处罚"


def test_header_columns_place_a_table4_row_with_many_numbers_lost():
    """表四 with 6 of its 15 numbers lost (too many for the numbers' own pitch): the 15 column words
    of the header give the columns; right-aligned print keeps one offset; a number between two
    columns, or a header missing a word, places nothing."""
    from govreport.loaders.ocr import _header_columns
    from govreport.loaders.pdf import _PageLine

    words = ["结果维", "结果纠", "其他结", "尚未审", "总计"] * 3
    heads = _PageLine(words, 100, 110, 50, 550, 10)
    tokens = []
    for k, word in enumerate(words):
        x = 60 + 33 * k
        tokens.append(type("T", (), {"text": word, "centre": x, "x0": x - 10, "x1": x + 10})())
    cols = [0, 4, 5, 8, 9, 11, 12, 13, 14]
    xs = [60 + 33 * c + 6 for c in cols]  # right-aligned: every number a little right of its word
    assert _header_columns(xs, 15, tokens) == cols
    assert _header_columns(xs[:3] + [xs[3] + 16] + xs[4:], 15, tokens) is None  # halfway between two
    assert _header_columns(xs, 15, tokens[1:]) is None  # 14 words
    far = [60 + 33 * c + 15 for c in (1, 4, 5, 8, 9, 11, 12, 13)]  # nearly halfway: either column would do…
    assert _header_columns(far, 15, tokens) is None
    assert _header_columns([60 + 33 * c + 15 for c in (0, 4, 9, 14)], 15, tokens) == [0, 4, 9, 14]  # …unless
    assert heads.cells == words


def test_a_page_number_that_lost_a_dash_is_no_number():
    from govreport.loaders.ocr import _drop_folio
    from govreport.loaders.pdf import _PageLine

    lines = [_PageLine(["三、收到和处理政府信息公开申请情况"], 700, 712, 60, 400, 12),
             _PageLine(["-1"], 800, 812, 290, 305, 12)]
    _drop_folio(lines, 595, 842)
    assert [pl.cells for pl in lines] == [["三、收到和处理政府信息公开申请情况"]]
    kept = [_PageLine(["规章", "-1"], 800, 812, 60, 400, 12)]  # a row with a label: kept
    _drop_folio(kept, 595, 842)
    assert len(kept) == 1
    # a page's foot holding a signature below the page number: the number is dropped all the same
    lines = [_PageLine(["（七）总计", "5", "5"], 700, 712, 60, 400, 12), _PageLine(["2"], 780, 790, 292, 302, 12),
             _PageLine(["某某区人民政府"], 830, 840, 450, 560, 12)]
    _drop_folio(lines, 595, 862)
    assert [pl.cells for pl in lines] == [["（七）总计", "5", "5"], ["某某区人民政府"]]


def test_a_table4_row_missing_numbers_is_placed_by_the_columns_pitch():
    """表四's fifteen columns stand at one pitch: the gaps between a row's numbers show which
    columns the engine left empty, the header words over the table which lie beyond its ends;
    anything less regular is left to the header (refused as before), never guessed."""
    from govreport.loaders.ocr import _grid

    xs = [60 + 34.5 * k for k in range(15)]
    heads = [(x, 15) for x in xs]  # one header word over every column
    assert _grid(xs[:9] + xs[10:], 15, heads) == list(range(9)) + list(range(10, 15))
    assert _grid(xs[1:], 15, heads) == list(range(1, 15))  # the first column empty: the header says so
    assert _grid(xs[:2] + xs[3:12] + xs[13:], 15, heads) == [0, 1] + list(range(3, 12)) + [13, 14]
    assert _grid(xs[1:], 15, []) is None  # no header: which end lost its number is not known
    assert _grid(xs[1:], 15, [(x, 80) for x in xs]) is None  # only words spanning columns
    uneven = xs[:5] + [x + 9 for x in xs[5:9]] + xs[10:]
    assert _grid(uneven, 15, heads) is None  # columns not at one pitch


def test_onnxruntime_threads_are_fixed(monkeypatch):
    """The engine's thread pools are sized by us (the readings do not depend on it): one per
    worker of ``--jobs N``, the setting when given, else the usable cores up to a few."""
    import multiprocessing

    from govreport.loaders import ocr as L

    monkeypatch.setenv(L.THREADS_ENV, "1")
    assert L.engine_threads() == 1
    monkeypatch.delenv(L.THREADS_ENV)
    assert 1 <= L.engine_threads() <= L.MAX_THREADS
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(1) as pool:
        assert pool.apply(L.engine_threads) == 1


@needs_engine
def test_the_same_scan_reads_the_same_in_fresh_processes(scanned):
    """Deterministic output: a page read twice, in fresh processes with other thread counts and
    other hash seeds, gives the same document byte for byte."""
    _, d = scanned
    outs = []
    for threads, seed in (("1", "1"), ("2", "2")):
        env = dict(os.environ, GOVREPORT_LANG="zh", GOVREPORT_OCR_THREADS=threads, PYTHONHASHSEED=seed)
        run = subprocess.run([sys.executable, "-m", "govreport", "export", str(d / "table3.png"), "--format", "json"],
                             capture_output=True, env=env, timeout=600)
        assert run.returncode == 0, run.stderr
        outs.append(run.stdout)
    assert outs[0] == outs[1] and b'"requests"' in outs[0]


def _run(text: str, x: float, top: float, height: float = 10.0, score: float = 0.99, step: float = 10.0,
         rise: float = 0.0) -> list:
    """One run of the engine: its characters side by side (``rise``: each one this much higher)."""
    from govreport.loaders.ocr import _OcrChar

    return [_OcrChar(ch, x + i * step, x + i * step + 0.8 * step, top - i * rise, top - i * rise + height,
                     score, ch) for i, ch in enumerate(text)]


def test_the_characters_of_one_run_stay_on_one_line():
    """A row whose label wraps onto two lines, its numbers halfway: a tall digit (``2`` of ``28``)
    would join the label's line character by character; the engine's run keeps ``28`` together."""
    from govreport.loaders import pdf as P
    from govreport.loaders.ocr import _level_runs

    def lines(level: bool) -> list:
        from govreport.loaders.ocr import _OcrChar

        tall = [_OcrChar("2", 200, 206, 101, 118, 0.99, "2"), _OcrChar("8", 207, 213, 110, 120, 0.99, "8")]
        runs = [_run("（二）部分公开", 10, 100), _run("一情形", 10, 122), tall, _run("8", 150, 111)]
        if level:
            _level_runs(runs)
        return [pl.cells for pl in P._group_lines([c for run in runs for c in run])]

    assert not any("28" in cells for cells in lines(False))  # 2 | 8 on two lines
    assert lines(True) == [["（二）部分公开"], ["8", "28"], ["一情形"]]
    vertical = _run("无法提供", 10, 100, rise=12)  # one character above another: left as it is
    _level_runs([vertical])
    assert len({c.middle for c in vertical}) == 4


def test_a_row_read_as_two_placed_lines_with_complementary_columns_is_joined():
    from govreport.loaders.ocr import _join_split_rows
    from govreport.parse import Line

    def line(cells, at):
        return Line(cells, {"page": 2, "line": at}, True, [{"ocr": {"score": 0.99}} for _ in cells])

    lines = [line(["（二）部分公开（区分处理的，只计这", "", "", "", "", "", "37", "45"], 12),
             line(["0", "5", "0", "2", "1", "", ""], 13), line(["一情形，不计其他情形）"], 14)]
    _join_split_rows(lines)
    assert [l.cells for l in lines] == [["（二）部分公开（区分处理的，只计这", "0", "5", "0", "2", "1", "37", "45"],
                                        ["一情形，不计其他情形）"]]
    clash = [line(["（一）予以公开", "", "", "", "", "", "37", "45"], 12), line(["0", "5", "0", "2", "1", "9", ""], 13)]
    _join_split_rows(clash)  # the column of 37 filled in both: two rows, left to the parser
    assert len(clash) == 2


def test_a_number_with_an_unread_glyph_is_taken_out_and_a_group_word_kept_in_its_label():
    """``0国`` (国 read at 0.06): not read as 0 — the cell leaves its line (a blank with print, for
    the identities or missing), as marks read unsure between two numbers (``.。``) do; ``（四）``
    ``无`` in the group label column: one label cell."""
    from govreport.loaders.ocr import _drop_unread_numbers, _join_group_word, _OcrChar
    from govreport.loaders.pdf import _PageLine

    chars = [_OcrChar("0", 300, 306, 100, 110, 0.99, "0"), _OcrChar("国", 307, 316, 100, 110, 0.06, "国"),
             _OcrChar("3", 350, 356, 100, 110, 0.99, "3")]
    pl = _PageLine(["（一）予以公开", "0国", "3"], 100, 110, 10, 356, 10, [(10, 80), (300, 316), (350, 356)])
    pl.ocr = [None, {"ocr": {"score": 0.06}}, {"ocr": {"score": 0.99}}]
    _drop_unread_numbers([pl], chars)
    assert pl.cells == ["（一）予以公开", "3"] and pl.boxes == [(10, 80), (350, 356)] and len(pl.ocr) == 2
    marks = _PageLine(["2.其他", "0", ".。", "26", "。"], 100, 110, 10, 400, 10,
                      [(10, 80), (300, 306), (339, 343), (350, 362), (380, 384)])
    marks.ocr = [None, {"ocr": {"score": 0.99}}, {"ocr": {"score": 0.37}}, {"ocr": {"score": 0.99}},
                 {"ocr": {"score": 0.37}}]
    _drop_unread_numbers([marks], [])  # marks read unsure between two numbers: out (a blank with print)
    assert marks.cells == ["2.其他", "0", "26", "。"] and len(marks.boxes) == len(marks.ocr) == 4
    sure = _PageLine(["（一）予以公开", "0国"], 100, 110, 10, 316, 10, [(10, 80), (300, 316)])
    sure.ocr = [None, {"ocr": {"score": 0.9}}]
    _drop_unread_numbers([sure], [_OcrChar("国", 307, 316, 100, 110, 0.9, "国")])
    assert sure.cells == ["（一）予以公开", "0国"]  # read sure: left to the parser (refused, named)
    group = _PageLine(["(四)", "无", "2.没有现成信息需要另行制作", "3"], 100, 110, 68, 356, 10,
                      [(68, 80), (88, 92), (100, 204), (350, 356)])
    _join_group_word([group])
    assert group.cells == ["(四)无", "2.没有现成信息需要另行制作", "3"] and group.boxes[0] == (68, 92)
    speck = _PageLine(["：（四）", "无"], 100, 110, 63, 100, 10, [(63, 87), (94, 100)])  # a speck before it
    _join_group_word([speck])
    assert speck.cells == ["：（四）无"]


def test_a_table2_row_missing_a_number_is_placed_under_its_header_and_the_blank_checked():
    """表二: 行政规范性文件 read with two of its three numbers; each number clearly under a header
    word, the row is placed under them, and the empty column is a blank checked against the page:
    print there (a number the engine lost) → missing, named; nothing there → a printed blank."""
    import numpy as np

    from govreport.loaders.ocr import _place_under_header
    from govreport.loaders.pdf import _PageLine
    from govreport.parse import Line

    def page(ink: bool):
        dark = np.zeros((200, 600), dtype=bool)
        if ink:
            dark[122:130, 488:493] = True  # a small 7 under 现行有效件数, the engine did not read
        box = {"ocr": {"score": 0.99}}
        pls = [_PageLine(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], 80, 92, 44, 509, 12,
                         [(44, 77), (226, 264), (349, 387), (472, 509)]),
               _PageLine(["规章", "0", "7", "0"], 100, 112, 44, 495, 12, [(44, 60), (242, 248), (365, 372), (488, 495)]),
               _PageLine(["行政规范性文件", "0", "0"], 120, 132, 44, 372, 12, [(44, 69), (242, 249), (365, 372)])]
        for pl in pls:
            pl.ocr = [box] * len(pl.cells)
            pl.page = (dark, 1.0, 0.0, 300, 100)
        lines = [Line(list(pl.cells), {"page": 1, "line": i}, False, list(pl.ocr)) for i, pl in enumerate(pls, 1)]
        _place_under_header(lines, [(pls, 600, 200)])
        return lines[2]

    row = page(True)
    assert row.structured and row.cells == ["行政规范性文件", "0", "0", ""]
    assert row.cell_prov[3]["ocr"]["ink"] is True
    assert page(False).cell_prov[3]["ocr"]["ink"] is False



_T3_XS = [260 + 42 * c for c in range(7)]  # where 表三's seven columns stand on the pages below


def _t3_row(label, values, top, cols=range(7), shift=0.0):
    """A page line of 表三: its label, then its numbers in columns ``cols`` (moved by ``shift``)."""
    from govreport.loaders.pdf import _PageLine

    cells, boxes = [label], [(44, 44 + 12 * len(label))]
    for v, c in zip(values, cols):
        cells.append(v)
        boxes.append((_T3_XS[c] + shift, _T3_XS[c] + shift + 7 * len(v)))
    return _PageLine(cells, top, top + 12, 44, boxes[-1][1], 12, boxes)


def _t3_placed(after: list) -> list:
    """The document lines of two pages run through ``_place_by_rows``: a page with 表三's header and
    four full rows, then a page going on with the table (``after``, its page lines)."""
    import numpy as np

    from govreport.loaders.ocr import _place_by_rows
    from govreport.loaders.pdf import _PageLine
    from govreport.parse import Line

    dark = np.zeros((400, 600), dtype=bool)
    before = [_PageLine(["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
                        40, 52, 44, 540, 12, [(44, 104)] + [(x - 4, x + 20) for x in _T3_XS])]
    before += [_t3_row(f"{k}.情形", ["1", "2", "3", "4", "5", "6", "21"], 60 + 20 * k) for k in range(1, 5)]
    pages = []
    for pls in (before, after):
        for pl in pls:
            pl.ocr = [{"ocr": {"score": 0.99}}] * len(pl.cells)
            pl.page = (dark, 1.0, 0.0, 300, 200)
        pages.append((pls, 600, 400))
    lines = [Line(list(pl.cells), {"page": p, "line": i}, False, list(pl.ocr))
             for p, (pls, _, _) in enumerate(pages, 1) for i, pl in enumerate(pls, 1)]
    _place_by_rows(lines, pages)
    return lines


def test_a_page_going_on_with_table3_takes_the_columns_of_the_page_before():
    """表三 goes on over a page with no header and only two full rows (too few to give the columns
    alone): the page before gave the columns, the two full rows fit them, so a row the engine read
    with three of its seven numbers is placed under them, its empty columns blank cells checked for
    print.  Full rows that do not fit the page before's columns place nothing (left to the parser)."""

    def load(shift: float):
        return _t3_placed([_t3_row("2.其他", ["0", "5", "2", "3", "0", "0", "10"], 40, shift=shift),
                           _t3_row("1.申请人无正当理由逾期不补正", ["0", "17", "25"], 60, cols=(0, 2, 6), shift=shift),
                           _t3_row("3.其他", ["1", "1", "1", "1", "1", "1", "6"], 80, shift=shift)])[-2]

    placed = load(0.0)
    assert placed.structured and placed.cells == ["1.申请人无正当理由逾期不补正", "0", "", "17", "", "", "", "25"]
    assert placed.cell_prov[2]["ocr"]["ink"] is False  # nothing printed there: a printed blank
    assert not load(21.0).structured  # the page's full rows half a column off: nothing placed


def test_a_page_with_only_a_partial_row_of_table3_takes_the_columns_of_the_page_before():
    """四、结转下年度继续办理 alone at the top of the next page, read with four of its seven numbers
    (no full row there to check the columns against): placed under the page before's columns when
    each number stands clearly inside one; half a column off, or below the page's first lines, nothing."""
    from govreport.loaders.pdf import _PageLine

    def load(shift: float, words: int = 0):
        after = [_PageLine(["五、存在的主要问题"], 20 + 20 * i, 32 + 20 * i, 44, 200, 12, [(44, 200)])
                 for i in range(words)]
        after.append(_t3_row("四、结转下年度继续办理", ["3", "9", "1", "13"], 40 + 20 * words, cols=(0, 3, 5, 6),
                             shift=shift))
        return _t3_placed(after)[-1]

    placed = load(0.0)
    assert placed.structured and placed.cells == ["四、结转下年度继续办理", "3", "", "", "9", "", "1", "13"]
    assert placed.cell_prov[2]["ocr"]["ink"] is False
    assert not load(21.0).structured  # half a column off the page before's columns: nothing placed
    assert not load(0.0, words=4).structured  # not among the page's first lines: not the table going on


def test_a_blank_cell_is_judged_by_the_height_of_its_rows_numbers_and_never_over_its_label():
    """A row whose label wraps around its numbers makes a line taller than its print: a thin digit
    the engine lost is judged against the numbers' height (print there: missing, named), not the
    line's (where it would be too little ink, a printed blank).  A blank in the first column is
    judged from the label's end on: the label's print is no lost number."""
    import numpy as np

    from govreport.loaders.ocr import _ink, _number_band
    from govreport.loaders.pdf import _PageLine

    dark = np.zeros((200, 400), dtype=bool)
    dark[125:135, 20:75] = True  # the label's print
    dark[128:135, 175] = True  # a thin stroke: seven pixels
    pl = _PageLine(["(六)其他处理 2.逾期未缴费", "0", "0"], 118, 138, 20, 300, 12, [(20, 75), (120, 127), (293, 300)])
    pl.ocr = [{"ocr": {"score": 0.99, "box": [20, 118, 75, 138]}},
              {"ocr": {"score": 0.99, "box": [120, 127, 127, 137]}}, {"ocr": {"score": 0.99, "box": [293, 127, 300, 137]}}]
    pl.page = (dark, 1.0, 0.0, 200, 100)
    assert _number_band(pl) == (127, 137)
    assert _ink(pl, (150, 200))["ocr"]["ink"] is True
    assert _ink(pl, (None, 120))["ocr"]["ink"] is False  # from the label's end: nothing printed
    pl.ocr = [None, None, None]  # no boxes: the line's own height
    assert _number_band(pl) == (118, 138) and _ink(pl, (150, 200))["ocr"]["ink"] is False


def test_an_unsure_lone_number_in_the_label_column_is_a_speck():
    """A vertical group label's glyph read as ``1`` (confidence 0.18), on a line of its own, left of
    every number of the rows around it: no cell stands there — dropped, never a 8th number of the
    row above.  Sure, or standing in a number column, it is kept (the parser decides)."""
    from govreport.loaders.ocr import _drop_label_column_specks
    from govreport.loaders.pdf import _PageLine

    def row(label, y, numbers=("9", "2", "0", "16")):
        cells = [label, *numbers]
        pl = _PageLine(cells, y, y + 12, 110, 500, 12, [(110, 220)] + [(260 + 60 * i, 270 + 60 * i) for i in range(len(numbers))])
        pl.ocr = [{"ocr": {"score": 0.99}} for _ in cells]
        return pl

    def lone(x, score):
        pl = _PageLine(["1"], 454, 462, x, x + 7, 8, [(x, x + 7)])
        pl.ocr = [{"ocr": {"score": score}}]
        return pl

    for speck, kept in ((lone(57, 0.18), False), (lone(57, 0.9), True), (lone(262, 0.18), True)):
        lines = [row("6.属于四类过程性信息", 436), speck, row("7.属于行政执法案卷", 459), row("8.属于行政查询事项", 481)]
        _drop_label_column_specks(lines)
        assert (speck in lines) is kept and len(lines) == 3 + kept


def test_a_first_column_blank_of_a_line_with_no_label_is_judged_from_the_page_edge():
    """表四's row has no label: a blank before its first number read is judged from the page's edge,
    never from the line's start (the first number itself, which left no stretch and said "blank"
    over a block of five printed numbers the engine had missed: five silent blanks)."""
    import numpy as np

    from govreport.loaders.ocr import _ink
    from govreport.loaders.pdf import _PageLine

    dark = np.zeros((200, 400), dtype=bool)
    dark[127:137, 40:46] = True  # a number the engine missed, left of the first one it read
    pl = _PageLine(["0", "5"], 118, 138, 120, 300, 12, [(120, 127), (293, 300)])
    pl.ocr = [{"ocr": {"score": 0.99, "box": [120, 127, 127, 137]}}, {"ocr": {"score": 0.99, "box": [293, 127, 300, 137]}}]
    pl.page = (dark, 1.0, 0.0, 200, 100)
    assert _ink(pl, (None, 120))["ocr"]["ink"] is True
    dark[:] = False
    assert _ink(pl, (None, 120))["ocr"]["ink"] is False  # nothing printed there: a printed blank
    # the label wrapped on the lines above and below (its print reaching into this line's height):
    # the first column is judged on a column and a half of the numbers' pitch, clear of the label
    dark[124:134, 20:110] = True
    row = _PageLine(["0", "3", "4"], 118, 138, 200, 300, 12, [(200, 207), (246, 253), (292, 299)])
    row.ocr = [{"ocr": {"score": 0.99, "box": [x0, 127, x1, 137]}} for x0, x1 in row.boxes]
    row.page = pl.page
    assert _ink(row, (None, 200))["ocr"]["ink"] is False
    dark[127:137, 150:156] = True  # a number where the first column stands
    assert _ink(row, (None, 200))["ocr"]["ink"] is True


# ---------------------------------------------------------------- the second pass
def _pass2(cell, text: str, score: float = 0.99) -> None:
    """``cell`` as the second pass gives it: read ``text`` on a crop where the detector saw nothing."""
    cell.prov["ocr"] = {"ink": True, "pass": 2, "read": text, "score": score, "box": [1, 2, 3, 4]}
    cell.value = int(text)


def test_a_second_pass_reading_is_never_taken_on_its_confidence_alone():
    """A number read on a crop (the detector boxed nothing there) is verified like an unsure one,
    however confident: right, the identities confirm it; wrong, it is flagged or recovered (two
    identities), never silent; in 表二, which nothing checks, it is for review."""
    truth = generate.random_report(random.Random(21), "2021")
    report = _as_read(truth)
    cell = _cell(report, "requests", "granted", "commercial")
    _pass2(cell, format_number(cell.value))
    ocr.verify(report)
    assert cell.prov["ocr"]["status"] == "confirmed" and cell.prov["ocr"]["pass"] == 2
    message = next(f.message for f in check(report).findings if f.rule == "ocr.confirmed")
    assert "单独识别这一格" in message and "把握不足" not in message

    report = _as_read(truth)
    cell = _cell(report, "requests", "granted", "commercial")
    right = cell.value
    _pass2(cell, str(right + 3))  # a confident misreading by the recognizer alone
    ocr.verify(report)
    flagged = ocr.flagged_cells(report, check(report))
    assert cell.value == right or ("requests", "granted", "commercial") in flagged
    assert cell.prov["ocr"]["status"] != "read"

    report = _as_read(truth)
    row, col, cell = next((r, c, x) for r, c, x in report.tables["active_disclosure"].cells()
                          if x.value is not None)
    _pass2(cell, format_number(cell.value))
    ocr.verify(report)
    assert cell.prov["ocr"]["status"] == "review"


def _printed_line(texts: list, size: int = 28):
    """A page image with ``texts`` ((x, text) in pixels) printed on one line, as page_lines keeps it:
    a _PageLine and the page tuple (scale 1: points are pixels)."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    from govreport.generate_pdf import find_cjk_font
    from govreport.loaders.pdf import _PageLine

    font_path = find_cjk_font()
    if font_path is None:
        pytest.skip("no CJK font")
    image = Image.new("L", (700, 120), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(font_path, size)
    for x, text in texts:
        draw.text((x, 40), text, fill=0, font=font)
    grey = np.asarray(image)
    pl = _PageLine(["label"], 40, 40 + size + 4, 20, 680, size, [(20, 120)])
    pl.page = (grey < 128, 1.0, 0.0, 350, 60, grey, "-")
    return pl


@needs_engine
def test_the_second_pass_reads_digits_the_detector_missed_and_nothing_else():
    from govreport.loaders.ocr import _ink

    pl = _printed_line([(20, "合计"), (300, "26"), (520, "不予公开")])
    info = _ink(pl, (150, 450))["ocr"]
    assert info["ink"] is True and info["pass"] == 2 and info["read"] == "26" and 0 < info["score"] <= 1
    x0, top, x1, bottom = info["box"]
    assert 150 <= x0 < 300 < x1 <= 450 and top < bottom
    words = _ink(pl, (470, 690))["ocr"]  # print, but no number: the cell stays missing
    assert words["ink"] is True and "pass" not in words and "read" not in words
    assert _ink(_printed_line([(20, "合计")]), (150, 450))["ocr"] == {"ink": False}


def test_two_blank_cells_reading_the_same_print_keep_neither_reading():
    """The blanks between a label and the first number share one stretch: a number read there by
    the second pass could be either's, so neither takes it (both stay missing); a reading of its
    own stretch becomes its cell's text."""
    from govreport.loaders.ocr import _take_second_reads
    from govreport.parse import Line

    def read(box):
        return {"ocr": {"ink": True, "pass": 2, "read": "7", "score": 0.99, "box": box}}

    line = Line(["label", "", "", "", "5"], {"page": 1, "line": 1}, True,
                [{}, read([100, 0, 110, 10]), read([104, 0, 114, 10]), read([200, 0, 210, 10]), {}])
    _take_second_reads(line)
    assert line.cells == ["label", "", "", "7", "5"]
    assert line.cell_prov[1]["ocr"] == {"ink": True} and line.cell_prov[2]["ocr"] == {"ink": True}
    assert line.cell_prov[3]["ocr"]["pass"] == 2
