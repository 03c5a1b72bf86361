"""District-government PDF layouts (report-format.md §2.3, §2.4, §7.2), built with
govreport.generate_pdf and read back cell for cell.

The layouts print 三、本年度办理结果 as vertical text (one character per line in a
narrow label column, close to the labels beside it), wrap long labels over two to
four lines with the numbers on the middle line, split the column headers over
lines (商业/企业), print （六）其他处理 as one row in a 2021 table (the 2019 row
variant), put table 4 under three header levels, and leave cells blank; some
are printed in Traditional script (character by character, and with Taiwan
phrasing).  The same PDFs go through ``pdftotext -layout`` and the text loader.
"""

from __future__ import annotations

import functools
import random
import re
import shutil
import subprocess

import pytest

pytest.importorskip("pypdfium2", reason="PDF support (govreport[pdf]) is not installed")
pytest.importorskip("fpdf", reason="fpdf2 is needed to build test PDFs")

from govreport import generate_pdf as G  # noqa: E402
from govreport.errors import ParseError  # noqa: E402
from govreport.generate import random_report  # noqa: E402
from govreport.loaders import loads  # noqa: E402
from govreport.loaders import pdf as pdf_loader  # noqa: E402
from govreport.loaders.text import GridLine, Token, header_columns, is_value, place_columns  # noqa: E402
from govreport.model import Cell  # noqa: E402

FONT = G.find_cjk_font()
needs_font = pytest.mark.skipif(FONT is None, reason="no CJK font file found (install fonts-wqy-microhei)")
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not found")

# name -> (layout options, number of blank cells, requests rows of the 2019 template)
LAYOUTS = {
    "district": (dict(), 0, False),
    "narrow-labels": (dict(label_width=8), 0, False),  # (二) over three lines, numbers on the middle one
    "numbers-first-line": (dict(label_width=10, numbers="first"), 0, False),
    "right-aligned": (dict(align="right", header_chars=4), 0, False),
    "group-rows": (dict(groups="rows"), 0, True),  # leaf labels right beside the vertical column
    "vertical-groups": (dict(groups="vertical", vertical_groups=("denied", "unavailable", "not_processed")), 0, False),
    "six-as-one-row": (dict(), 0, True),  # a 2021 table printing (六)其他处理 with 7 numbers
    "blanks": (dict(), 8, False),
    "blanks-page-break": (dict(break_after="denied.internal_affairs"), 10, True),
    "huaian-style": (dict(vertical_pair=True, label_width=14, row_padding=2.5), 4, False),
    "traditional": (dict(script="traditional", groups="rows"), 6, True),
    "taiwan-phrasing": (dict(script="taiwan", label_width=8), 6, False),
}
SEEDS = (1, 7, 23)


def _report(seed: int, template: str, blanks: int, rows2019: bool):
    rng = random.Random(seed)
    report = random_report(rng, template)
    if rows2019:
        report = G.with_requests_rows(report, "2019", rng)
    if blanks:
        report = G.with_blanks(report, rng, blanks)
    return report


@functools.lru_cache(maxsize=None)
def _build(seed: int, template: str, name: str):
    """(report, PDF bytes), built once for the PDF test and the pdftotext test."""
    options, blanks, rows2019 = LAYOUTS[name]
    report = _report(seed, template, blanks, rows2019)
    return report, G.build(report, FONT, G.PdfLayout(**options))


def _tables(report) -> dict:
    return report.to_dict()["tables"]


def _pdftotext(data: bytes) -> bytes:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout


# ---------------------------------------------------------------- loading exactly
@needs_font
@pytest.mark.parametrize("name", sorted(LAYOUTS))
@pytest.mark.parametrize("template", ["2021", "2019"])
@pytest.mark.parametrize("seed", SEEDS)
def test_district_pdf_loads_cell_for_cell(seed, template, name):
    report, data = _build(seed, template, name)
    loaded = loads(data, path="x.pdf")
    assert _tables(loaded) == _tables(report)
    assert loaded.template == template


@needs_font
@needs_pdftotext
@pytest.mark.parametrize("name", sorted(LAYOUTS))
@pytest.mark.parametrize("template", ["2021", "2019"])
@pytest.mark.parametrize("seed", SEEDS)
def test_district_pdf_through_pdftotext_layout_loads_cell_for_cell(seed, template, name):
    """Exact, except that a blank cell in table 4 may be refused: pdftotext moves
    header words a few characters against the numbers, and table 4 has no full
    row to place its one row by, so a number not under its header word is not
    placed (never placed in a neighbouring column)."""
    report, data = _build(seed, template, name)
    try:
        loaded = loads(_pdftotext(data), path="x.txt")
    except ParseError as exc:
        blank_t4 = any(cell.value is None for _, _, cell in report.tables["review_litigation"].cells())
        assert blank_t4 and "表四" in str(exc), exc
        return
    assert _tables(loaded) == _tables(report)


@needs_font
@pytest.mark.parametrize("template", ["2021", "2019"])
def test_blank_cells_are_blank_not_shifted(template):
    report = _report(5, template, 0, False)
    blanks = [("requests", "granted", "commercial"), ("requests", "denied.state_secret", "total"),
              ("requests", "new_received", "natural_person"), ("review_litigation", "review", "upheld"),
              ("review_litigation", "litigation_after_review", "pending")]
    for table, row, column in blanks:
        report.tables[table].rows[row][column] = Cell(None, "")
    data = G.build(report, FONT, G.PdfLayout())
    loaded = _tables(loads(data, path="x.pdf"))
    assert loaded == _tables(report)
    for table, row, column in blanks:
        assert loaded[table][row][column] is None
    raw = pdf_loader.read(data, "x.pdf")
    row = next(line for line in raw.lines if line.cells and line.cells[0] == "（一）予以公开")
    assert row.structured and len(row.cells) == 8 and row.cells[2] == ""
    assert "x" in row.cell_prov[1] and row.cell_prov[2] == {}


@needs_font
def test_numbers_between_columns_are_refused_naming_the_row():
    """A row with a blank cell whose numbers stand between two columns cannot be
    placed: it is left as it is, and its count is refused."""
    report = _report(5, "2021", 0, False)
    report.tables["requests"].rows["denied.state_secret"]["research"] = Cell(None, "")
    data = G.build(report, FONT, G.PdfLayout(shift={"denied.state_secret": 0.5}))
    with pytest.raises(ParseError, match="属于国家秘密"):
        loads(data, path="x.pdf")


@needs_font
@pytest.mark.parametrize("groups", ["rows", "vertical"])
def test_six_as_a_group_label_line_in_a_2021_table(groups):
    report = _report(11, "2021", 0, False)
    data = G.build(report, FONT, G.PdfLayout(groups=groups))
    assert _tables(loads(data, path="x.pdf")) == _tables(report)


@needs_font
def test_group_label_fragment_inside_a_wrapped_leaf_label():
    report = _report(1, "2021", 0, False)
    data = G.build(report, FONT, G.PdfLayout(break_after="denied.internal_affairs", label_width=9))
    assert _tables(loads(data, path="x.pdf")) == _tables(report)


# ---------------------------------------------------------------- the lines the loader gives
@needs_font
def test_vertical_label_is_one_line_before_its_rows_and_out_of_every_label():
    report, data = _build(1, "2021", "group-rows")
    raw = pdf_loader.read(data, "x.pdf")
    texts = [line.cells for line in raw.lines]
    assert texts.count(["三、本年度办理结果"]) == 1
    at = texts.index(["三、本年度办理结果"])
    assert raw.lines[at - 1].structured  # right after a complete row: it never splits a label from its numbers
    cells = [c for line in raw.lines for c in line.cells if c != "三、本年度办理结果"]
    assert not any(re.match(r"[三、本年度办理结果]、?[（(0-9]", c) for c in cells)
    assert not any(c in list("本年度办理结果") for c in cells)


@needs_font
def test_without_detection_the_vertical_characters_glue_onto_labels():
    """The generated layout is the one that broke the loader: grouped into lines
    without taking the vertical text out, its characters join the row labels."""
    _report_, data = _build(1, "2021", "group-rows")
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    glued = []
    for i in range(len(doc)):
        rows = pdf_loader._char_rows(pdf_loader._page_chars(doc[i], pdfium))
        glued += [line.cells[0] for line in map(pdf_loader._line, rows) if line and len(line.cells[0]) > 2
                  and line.cells[0][0] in "三本年度办理结果" and line.cells[0][1] in "、（1234567"]
    doc.close()
    assert glued  # e.g. 本1.属于国家秘密, 办（四）无法提供
    assert all(not g.startswith("三、本") for g in glued)


@needs_font
def test_header_words_split_over_lines_give_the_columns():
    _report_, data = _build(7, "2021", "district")
    raw = pdf_loader.read(data, "x.pdf")
    heads = [line.cells for line in raw.lines]
    assert ["企业", "机构", "公益", "服务"] in heads  # 商业/企业, 科研/机构, 社会/公益/组织, 法律/服务/机构
    rows = [line for line in raw.lines if line.structured]
    assert sum(len(line.cells) == 15 for line in rows) == 1  # table 4's value row
    for line in rows:
        labels = next(k for k, c in enumerate(line.cells) if c == "" or is_value(c))
        assert len(line.cells) - labels in (7, 15), line.cells


# ---------------------------------------------------------------- the real corpus PDF
def test_huaian_vertical_label_is_taken_out_of_the_rows():
    from pathlib import Path

    pdf = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "huaian_shi_2024.pdf"
    if not pdf.exists():
        pytest.skip("corpus not found")
    raw = pdf_loader.read(pdf.read_bytes(), str(pdf))
    texts = [line.cells for line in raw.lines]
    assert texts.count(["三、本年度办理结果"]) == 1
    assert not any(cells == [ch] for cells in texts for ch in "本年度办理结果")
    structured = [line for line in raw.lines if line.structured]
    assert len(structured) == 26  # 25 rows of table 3 and table 4's value row
    row = next(line for line in structured if line.cells[0] == "（七）总计")
    assert row.cells[1:] == ["2932", "53", "0", "0", "61", "4", "3050"]
    assert row.prov["page"] == 5 and all("x" in p for p in row.cell_prov)


# ---------------------------------------------------------------- geometry without a font
def _chars(text, x, top, width=10.0, height=12.0, gap=0.0):
    out = []
    for ch in text:
        out.append(pdf_loader._Char(ch, x, x + width, top, top + height))
        x += width + gap
    return out


def test_stacked_characters_glued_to_labels_become_one_label_line():
    rows = [("三", "（一）予以公开", "12"), ("、", "（二）部分公开", "3"), ("本", "（三）不予公开", ""),
            ("年", "1.属于国家秘密", "4"), ("度", "2.其他法律", "5")]
    chars = []
    for n, (v, label, number) in enumerate(rows):
        top = 100.0 + 16 * n
        chars += _chars(v, 20, top)
        chars += _chars(label, 32.5, top)  # 2.5 points after the vertical character: glued without detection
        chars += _chars(number, 300, top, width=6)
    lines = pdf_loader._group_lines(chars)
    assert [line.cells for line in lines] == [["三、本年度"], ["（一）予以公开", "12"], ["（二）部分公开", "3"],
                                              ["（三）不予公开"], ["1.属于国家秘密", "4"], ["2.其他法律", "5"]]


def test_paragraph_lines_are_not_vertical_text():
    chars = []
    for n, text in enumerate(["本年度我市认真贯彻落实", "年内共收到申请件数较多", "度过了平稳的一年工作"]):
        chars += _chars(text, 20, 100.0 + 16 * n)
    assert [line.cells for line in pdf_loader._group_lines(chars)] == [
        ["本年度我市认真贯彻落实"], ["年内共收到申请件数较多"], ["度过了平稳的一年工作"]]


def test_a_column_of_markers_is_not_vertical_text():
    chars = []
    for n in range(4):
        chars += _chars("无", 300, 100.0 + 16 * n) + _chars("12", 340, 100.0 + 16 * n, width=6)
    assert len(pdf_loader._group_lines(chars)) == 4


def _tokens(*cells):
    return [Token(text, x0, x1) for text, x0, x1 in cells]


def _grid(tokens, page=1):
    return GridLine(page, "".join(t.text for t in tokens), 10, lambda: tokens)


T3_HEADER = [
    _tokens(("申请人情况", 300, 350)),
    _tokens(("（本列数据的勾稽关系为）", 20, 120), ("法人或其他组织", 250, 320)),
    _tokens(("自然人", 200, 224), ("总计", 460, 476)),
    _tokens(("商业", 246, 262), ("科研", 286, 302), ("社会", 326, 342), ("法律", 366, 382), ("其他", 406, 422)),
    _tokens(("企业", 246, 262), ("机构", 286, 302), ("公益", 326, 342), ("服务", 366, 382)),
    _tokens(("组织", 326, 342), ("机构", 366, 382)),
]


def test_header_columns_join_words_split_over_lines():
    columns = header_columns([(t, 8) for t in T3_HEADER], "requests")
    assert [c.text for c in columns] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def test_header_with_an_unknown_column_is_not_used():
    extra = T3_HEADER[:3] + [T3_HEADER[3] + _tokens(("小计", 436, 452))] + T3_HEADER[4:]
    assert header_columns([(t, 8) for t in extra], "requests") is None


def test_rows_are_placed_by_x_under_the_header():
    row = _tokens(("1.属于国家秘密", 20, 120), ("5", 209, 215), ("7", 291, 297), ("12", 462, 474))
    full = _tokens(("（一）予以公开", 20, 100), *((str(k), 209 + 40 * k, 215 + 40 * k) for k in range(6)),
                   ("27", 462, 474))
    lines = [_grid(t) for t in T3_HEADER] + [_grid(full), _grid(row)]
    placed = place_columns(lines, 0.9, trust_header=True)
    assert placed[len(T3_HEADER) + 1].cells == ["5", "", "7", "", "", "", "12"]
    assert [t.text for t in placed[len(T3_HEADER) + 1].labels] == ["1.属于国家秘密"]
    assert placed[len(T3_HEADER)].cells == ["0", "1", "2", "3", "4", "5", "27"]


def test_a_number_between_two_columns_leaves_the_row_unplaced():
    row = _tokens(("1.属于国家秘密", 20, 120), ("5", 209, 215), ("7", 272, 276), ("12", 462, 474))
    lines = [_grid(t) for t in T3_HEADER] + [_grid(row)]
    assert place_columns(lines, 0.9, trust_header=True) == {}
