"""render --format html (govreport.output.html): a standalone page with the official merged
cells, escaped text and highlighted findings, that loads back through govreport's HTML loader."""

import random
from pathlib import Path

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreport import generate as G
from govreport import messages as M
from govreport.check import check
from govreport.loaders import load, loads
from govreport.output.html import cell_id, to_html

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"
CORPUS_FILES = sorted(p for p in CORPUS.glob("*.*") if p.suffix in (".txt", ".html", ".pdf", ".docx")) \
    if CORPUS.is_dir() else []
KEYS = ("title", "year", "agency", "template", "preamble", "sections", "tables", "notes")


def essentials(report) -> dict:
    d = report.to_dict()
    return {k: d[k] for k in KEYS}


def round_trip(report, result=None):
    return loads(to_html(report, result).encode("utf-8"), path="x.html")


def tables_of(page: str) -> dict:
    doc = lxml.html.document_fromstring(page)
    return {t.get("id"): t for t in doc.iter("table")}


def grid_widths(table) -> list:
    """The number of grid columns each row fills, rowspans and colspans counted; an overlap fails."""
    taken: dict = {}
    widths = []
    for r, tr in enumerate(table.iter("tr")):
        col = 0
        for td in tr:
            while (r, col) in taken:
                col += 1
            for dr in range(int(td.get("rowspan", 1))):
                for dc in range(int(td.get("colspan", 1))):
                    assert (r + dr, col + dc) not in taken, (r, col, td.text_content())
                    taken[(r + dr, col + dc)] = True
            col += int(td.get("colspan", 1))
        widths.append(sum(1 for (row, _) in taken if row == r))
    return widths


@pytest.fixture(scope="module")
def taicang_error():
    report = load(str(SAMPLES / "taicang-2021-error.txt"))
    return report, check(report)


# ---------------------------------------------------------------- the page
def test_a_standalone_page_with_print_styles(taicang_error):
    report, result = taicang_error
    page = to_html(report, result)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page and '<meta charset="utf-8">' in page
    assert "@media print" in page and "size:A4" in page and "break-inside:avoid" in page
    for remote in ("<script", "<link", "src=", "http://", "https://", "@import", "url("):
        assert remote not in page
    assert f"<h1>{report.title}</h1>" in page
    assert [s.title for s in report.sections][0] in page


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_official_merged_cells(template):
    report = G.random_report(random.Random(3), template)
    tables = tables_of(to_html(report))
    t2, t3, t4 = (tables[f"table-{k}"] for k in ("active_disclosure", "requests", "review_litigation"))
    for table, width in ((t2, 4), (t3, 10), (t4, 15)):
        assert set(grid_widths(table)) == {width}

    def spans(table, text):
        cell = next(c for c in table.iter("td", "th") if c.text_content() == text)
        return int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))

    assert spans(t3, "三、本年度办理结果") == (22 if template == "2021" else 20, 1)
    assert spans(t3, "（三）不予公开") == (8, 1) and spans(t3, "（四）无法提供") == (3, 1)
    assert spans(t3, "（五）不予处理") == (5, 1)
    assert spans(t3, "一、本年新收政府信息公开申请数量") == (1, 3) and spans(t3, "（一）予以公开") == (1, 2)
    assert spans(t3, "申请人情况") == (1, 7) and spans(t3, "法人或其他组织") == (1, 5)
    assert spans(t3, "自然人") == (2, 1) and spans(t3, "总计") == (2, 1)
    assert spans(t4, "行政复议") == (1, 5) and spans(t4, "行政诉讼") == (1, 10)
    assert spans(t4, "复议后起诉") == (1, 5) and spans(t4, "结果维持") == (2, 1)
    assert spans(t2, "第二十条第（一）项") == (1, 4)
    if template == "2021":
        assert spans(t3, "（六）其他处理") == (3, 1)
        assert spans(t2, "本年处理决定数量") == (1, 3) and spans(t2, "本年收费金额（单位：万元）") == (1, 3)


def test_report_text_is_escaped_and_stays_text(taicang_error):
    report, _ = taicang_error
    report = loads(to_html(report).encode(), path="x.html")
    report.title = "<script>alert(1)</script>某市2021年政府信息公开工作年度报告"
    report.sections[0].text = 'a < b & "c" > d <img src=x onerror=alert(1)>\n</p><p>第二行'
    report.notes[0].text = "<b>注</b> & 说明"
    page = to_html(report)
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    back = round_trip(report)
    assert back.title == report.title
    assert back.sections[0].text == report.sections[0].text
    assert [n.text for n in back.notes] == [n.text for n in report.notes]


# ---------------------------------------------------------------- findings
def test_suspect_and_failing_cells_are_highlighted_with_their_findings(taicang_error):
    report, result = taicang_error
    page = to_html(report, result)
    doc = lxml.html.document_fromstring(page)
    suspect = doc.get_element_by_id(cell_id(("requests", "granted", "natural_person")))
    assert "suspect" in suspect.get("class") and suspect.text_content() == "136"
    failing = [td for td in doc.iter("td") if "failing" in (td.get("class") or "")]
    assert {td.get("id") for td in failing} >= {cell_id(("requests", "granted", "total")),
                                                cell_id(("requests", "total", "natural_person"))}
    errors = [f for f in result.findings if f.severity == "error"]
    assert all(f.message in suspect.get("title") for f in errors)
    footer = doc.find(".//footer")
    items = footer.findall(".//li")
    assert len(items) == len(result.findings) and errors[0].message in items[0].text_content()
    assert footer.find(".//a").get("href") == "#" + suspect.get("id")
    assert "rgb(255,138,128)" in page and "rgb(255,224,130)" in page  # suspect and failing differ
    plain = to_html(report)
    assert "<footer" not in plain and 'class="num suspect"' not in plain and "failing" not in plain.split("</style>")[1]


def test_the_findings_speak_english_when_asked(taicang_error):
    report, result = taicang_error
    M.set_lang("en")
    try:
        page = to_html(report, check(report))
    finally:
        M.set_lang(None)
    footer = lxml.html.document_fromstring(page).find(".//footer")
    assert footer.get("lang") == "en" and footer.find("h2").text == "Check results"
    assert '<html lang="zh-CN">' in page


# ---------------------------------------------------------------- round trips
@pytest.mark.skipif(not CORPUS_FILES, reason="../shared/corpus is absent")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_every_corpus_report_loads_back_exactly(path):
    report = load(str(path))
    assert essentials(round_trip(report)) == essentials(report)
    assert essentials(round_trip(report, check(report))) == essentials(report)


def test_the_error_sample_loads_back_with_its_findings_shown(taicang_error):
    report, result = taicang_error
    back = round_trip(report, result)
    assert essentials(back) == essentials(report)
    assert [f.message for f in check(back).findings] == [f.message for f in result.findings]


def test_blanks_and_markers_stay_blank():
    report = G.random_report(random.Random(7), "2021")
    report.tables["requests"].rows["granted"]["research"].value = None
    report.tables["requests"].rows["granted"]["research"].raw = ""
    report.tables["review_litigation"].rows["litigation_after_review"]["pending"].value = None
    report.tables["review_litigation"].rows["litigation_after_review"]["pending"].raw = "—"
    back = round_trip(report)
    assert back.tables["requests"].value("granted", "research") is None
    assert back.tables["review_litigation"].value("litigation_after_review", "pending") is None
    assert essentials(back)["tables"] == essentials(report)["tables"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), template=st.sampled_from(["2021", "2019"]),
       errors=st.booleans())
def test_any_generated_report_loads_back_exactly(seed, template, errors):
    rng = random.Random(seed)
    report = G.random_report(rng, template)
    if errors:
        G.inject_error(report, rng)
    result = check(report) if errors else None
    assert essentials(round_trip(report, result)) == essentials(report)


_WORD = st.text(alphabet=list("<>&\"'/=;!-#*[]()abcXYZ政府信息公开报告的和在工作019"), min_size=1, max_size=8)
_LINE = st.lists(_WORD, min_size=1, max_size=5).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), title=_LINE, lines=st.lists(_LINE, min_size=1, max_size=4))
def test_any_text_with_markup_characters_stays_text(seed, title, lines):
    report = G.random_report(random.Random(seed), "2021")
    report.title = title.replace(" ", "") + report.title
    five = next(s for s in report.sections if s.number == "五")
    five.text = "\n".join(lines)
    back = round_trip(report)
    assert back.title == report.title
    assert next(s for s in back.sections if s.number == "五").text == five.text
    assert essentials(back)["tables"] == essentials(report)["tables"]
