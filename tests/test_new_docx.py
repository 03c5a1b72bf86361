"""govreport new (the YAML skeleton) → fill → check → Word tables (output/docx.py) → load back."""

from __future__ import annotations

import datetime
import io
import json
import random
import re
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from govreport import templates as T
from govreport.check import check
from govreport.generate import random_report
from govreport.loaders import load, loads
from govreport.model import Cell, Note, format_number
from govreport.output.docx import layout, to_docx
from govreport.skeleton import blank_report, skeleton

from conftest import CORPUS


docx = pytest.importorskip("docx")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_KEY = re.compile(r"^( *)([\w.]+):( *)(#.*)?$")


def fill(text: str, report, changes=None) -> str:
    """The skeleton with the report's values typed in, as a writer would (``changes``: {(table, row, col): value})."""
    out, table, row = [], None, None
    changes = changes or {}
    for line in text.splitlines():
        m = _KEY.match(line)
        if m and len(m.group(1)) == 2:
            table = m.group(2)
        elif m and len(m.group(1)) == 4:
            row = m.group(2)
        elif m and len(m.group(1)) == 6:
            cell = report.tables[table].cell(row, m.group(2))
            value = changes.get((table, row, m.group(2)), cell.value if cell else None)
            if value is not None:
                line = f"{m.group(1)}{m.group(2)}: {format_number(value)}{m.group(3)}{m.group(4) or ''}"
        out.append(line)
    return "\n".join(out) + "\n"


def _check_json(stdout: str) -> dict:
    data = json.loads(stdout)
    return data[0] if isinstance(data, list) else data


def values(report) -> dict:
    return report.to_dict()["tables"]


def document_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read("word/document.xml").decode("utf-8")


def round_trip(report):
    back = loads(to_docx(report), path="tables.docx")
    assert back.source["format"] == "docx"
    assert values(back) == values(report)
    assert back.template == report.template
    return back


# ---------------------------------------------------------------- the skeleton
@pytest.mark.parametrize("template", ["2021", "2019"])
def test_skeleton_loads_and_validates_blank(template):
    report = loads(skeleton(template, "太仓市", 2025).encode(), path="x.yaml")
    assert report.source["format"] == "yaml"
    assert (report.template, report.agency, report.year) == (template, "太仓市", 2025)
    for tkey, spec in T.get(template).tables.items():
        table = report.tables[tkey]
        assert list(table.rows) == [r.key for r in spec.rows]
        for r in spec.rows:
            assert list(table.rows[r.key]) == list(r.columns)
        assert all(cell.value is None for _, _, cell in table.cells())


def test_skeleton_default_year_and_comments():
    text = skeleton()
    assert loads(text.encode(), path="x.yaml").year == datetime.date.today().year - 1
    assert text.startswith("schema: govreport/1")
    assert "govreport check" in text and "填写说明" in text
    assert "# 表三 收到和处理政府信息公开申请情况\n  requests:" in text
    assert "    # （一）予以公开\n    granted:" in text
    assert "    # （三）不予公开\n    # 1.属于国家秘密\n    denied.state_secret:" in text
    assert re.search(r"\n      commercial: +# 法人或其他组织 · 商业企业\n", text)
    assert "    # 第二十条第（八）项\n    # 行政事业性收费\n    fees:" in text
    assert "    # 行政诉讼\n    # 未经复议直接起诉\n    litigation_direct:" in text
    assert "&" not in text and "*" not in text  # no anchors or aliases
    for tkey, spec in T.TEMPLATE_2021.tables.items():  # every row preceded by its label
        for r in spec.rows:
            assert re.search(rf"# [^\n]+\n    {re.escape(r.key)}:\n", text), r.key


def test_skeleton_quotes_agency():
    report = loads(skeleton("2021", 'yes: "a" #1', 2020).encode(), path="x.yaml")
    assert report.agency == 'yes: "a" #1'


def test_skeleton_english_instructions_chinese_labels(run, tmp_path):
    result = run(["--lang", "en", "new", "--agency", "X"])
    assert result.exit_code == 0, result.output
    assert "How to fill it in" in result.stdout and "填写说明" not in result.stdout
    assert "# （一）予以公开" in result.stdout


# ---------------------------------------------------------------- govreport new / check
def test_new_writes_and_refuses_to_overwrite(run, tmp_path):
    out = tmp_path / "2025.yaml"
    assert run(["new", "--agency", "太仓市", "--year", "2025", "-o", out]).exit_code == 0
    assert out.read_text(encoding="utf-8") == skeleton("2021", "太仓市", 2025)
    out.write_text("filled in", encoding="utf-8")
    result = run(["new", "-o", out])
    assert result.exit_code == 2 and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "filled in"
    assert run(["new", "--template", "2019", "-o", out, "--force"]).exit_code == 0
    assert loads(out.read_bytes(), path=str(out)).template == "2019"


def test_new_bad_options(run):
    assert run(["new", "--template", "2020"]).exit_code == 2
    assert run(["new", "--year", "1800"]).exit_code == 2
    assert "示例" in run(["new", "--help"]).stdout


def test_unfilled_skeleton_is_not_assessable(run, tmp_path):
    path = tmp_path / "blank.yaml"
    run(["new", "-o", path])
    result = run(["check", path, "--format", "json"])
    assert result.exit_code == 0, result.output
    findings = _check_json(result.stdout)["findings"]
    assert findings and all(f["severity"] == "info" for f in findings)
    assert not any(f["rule"].startswith("structure.") for f in findings)
    assert "无法核对" in run(["check", path]).stdout


@pytest.mark.parametrize("template,seed", [("2021", 1), ("2019", 2)])
def test_new_fill_check_render_load(run, tmp_path, template, seed):
    report = random_report(random.Random(seed), template)
    path = tmp_path / "report.yaml"
    assert run(["new", "-t", template, "-a", report.agency, "-y", report.year, "-o", path]).exit_code == 0
    skeleton_text = path.read_text(encoding="utf-8")
    path.write_text(fill(skeleton_text, report), encoding="utf-8")
    assert run(["check", path]).exit_code == 0
    filled = load(str(path))
    assert values(filled) == values(report)
    assert (filled.agency, filled.year) == (report.agency, report.year)
    back = round_trip(filled)
    assert (back.agency, back.year) == (report.agency, report.year)

    wrong = report.tables["requests"].value("granted", "natural_person") + 1
    path.write_text(fill(skeleton_text, report, {("requests", "granted", "natural_person"): wrong}), encoding="utf-8")
    result = run(["check", path])
    assert result.exit_code == 1
    assert "疑似填错：表三 （一）予以公开 · 自然人" in result.stdout
    suspects = [f["suspect"] for f in _check_json(run(["check", path, "--format", "json"]).stdout)["findings"]]
    assert suspects and all((s["table"], s["row"], s["column"]) == ("requests", "granted", "natural_person")
                            for s in suspects)


def test_render_format_docx_cli(run, tmp_path):
    report = random_report(random.Random(5), "2021")
    path = tmp_path / "r.yaml"
    path.write_text(fill(skeleton("2021", report.agency, report.year), report), encoding="utf-8")
    out = tmp_path / "tables.docx"
    result = run(["render", path, "--format", "docx", "-o", out])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == to_docx(load(str(path)))
    assert values(load(str(out))) == values(report)


# ---------------------------------------------------------------- the Word document
def _with_blanks_and_markers(report, rng):
    """Some cells blank, some printed as a marker (—, /): they must stay so."""
    for tkey, table in report.tables.items():
        for _, _, cell in table.cells():
            roll = rng.random()
            if roll < 0.1:
                cell.value, cell.raw = None, ""
            elif roll < 0.15:
                cell.value, cell.raw = None, rng.choice(("—", "/"))
    return report


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10 ** 6), template=st.sampled_from(["2021", "2019"]), blanks=st.booleans())
def test_docx_round_trip_generated(seed, template, blanks):
    rng = random.Random(seed)
    report = random_report(rng, template)
    if blanks:
        _with_blanks_and_markers(report, rng)
    back = round_trip(report)
    assert (back.agency, back.year) == (report.agency, report.year)
    for tkey, table in report.tables.items():
        for row, col, cell in table.cells():
            if cell.value is None:
                assert back.tables[tkey].cell(row, col).raw == cell.raw


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_docx_round_trip_blank_tables(template):
    back = round_trip(blank_report(template, "太仓市", 2025))
    assert (back.agency, back.year) == ("太仓市", 2025)
    assert set(back.tables) == set(T.TABLE_ORDER)


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.expected.json")) or ["absent"])
def test_docx_round_trip_corpus(name):
    path = CORPUS / name
    if not path.exists():
        pytest.skip("../shared/corpus is absent")
    report = load(str(path))
    back = round_trip(report)
    assert (back.agency, back.year) == (report.agency, report.year)
    assert [(n.table, n.text) for n in back.notes] == [(n.table, " ".join(n.text.split())) for n in report.notes]


def _tc_attrs(xml: str) -> list:
    """(gridSpan, vMerge) of every table cell, in document order."""
    from lxml import etree

    root = etree.fromstring(xml.encode())
    out = []
    for tc in root.iter(W + "tc"):
        span = tc.find(f"{W}tcPr/{W}gridSpan")
        merge = tc.find(f"{W}tcPr/{W}vMerge")
        out.append((int(span.get(W + "val")) if span is not None else 1,
                    None if merge is None else merge.get(W + "val", "continue")))
    return out


def test_docx_merged_cells():
    report = random_report(random.Random(3), "2021")
    xml = document_xml(to_docx(report))
    cells = _tc_attrs(xml)
    assert (7, None) in cells  # 申请人情况 over the seven value columns
    assert (5, None) in cells  # 法人或其他组织; 未经复议直接起诉
    assert (10, None) in cells  # 行政诉讼
    assert (4, None) in cells  # 第二十条第（一）项 over 表二
    assert sum(1 for _, m in cells if m == "restart") >= 5 + 5  # 自然人, 总计, 三、…, （三）…（六）; 表四's 5 headers
    assert sum(1 for _, m in cells if m == "continue") >= 21
    # 三、本年度办理结果 is merged down the 22 rows of （一）…（七）
    rows, cols, boxes, label_cols = layout(report, "requests")
    results = next(b for b in boxes if b.text == "三、本年度办理结果")
    assert (results.rows, results.col, label_cols, cols) == (22, 0, 3, 10)
    note = next(b for b in boxes if "勾稽关系" in b.text)
    assert (note.row, note.col, note.rows, note.cols) == (0, 0, 3, 3)
    assert note.text == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def test_docx_fonts_page_and_deterministic_bytes():
    report = random_report(random.Random(4), "2019")
    data = to_docx(report)
    assert data == to_docx(report)
    xml = document_xml(data)
    assert 'w:eastAsia="黑体"' in xml  # the table titles
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        styles = zf.read("word/styles.xml").decode("utf-8")
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert 'w:eastAsia="仿宋_GB2312"' in styles and 'w:eastAsia="宋体"' in styles  # Normal; the table cells' style
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert document.core_properties.modified.year == 2000
    assert [p.text for p in document.paragraphs][:2] == [report.title, "表二 主动公开政府信息情况"]


def test_docx_blank_first_other_row():
    """"（六）其他处理 | 1.申请人无正当理由… | (blank cells)" is the group's first row, kept blank — it was
    once taken for a header line (two row words: the 2019 row （六）其他处理 and the 2021 row) and dropped."""
    report = random_report(random.Random(1), "2021")
    report.tables["requests"].rows["other.no_correction"] = {c.key: Cell(None) for c in T.REQUEST_COLUMNS}
    back = round_trip(report)
    assert all(c.value is None for c in back.tables["requests"].rows["other.no_correction"].values())


def test_html_blank_first_other_row():
    from govreport.output.html import to_html

    report = random_report(random.Random(1), "2021")
    report.tables["requests"].rows["other.no_correction"] = {c.key: Cell(None) for c in T.REQUEST_COLUMNS}
    back = loads(to_html(report).encode("utf-8"), path="x.html")
    assert set(back.tables["requests"].rows) == set(report.tables["requests"].rows)
    assert all(c.value is None for c in back.tables["requests"].rows["other.no_correction"].values())


def test_docx_shades_failing_cells():
    report = random_report(random.Random(8), "2021")
    wrong = report.tables["requests"].value("granted", "natural_person") + 1
    report.tables["requests"].rows["granted"]["natural_person"] = Cell(wrong, str(wrong))
    xml = document_xml(to_docx(report, check(report)))
    assert "F4B6B6" in xml and "FFE699" in xml  # the likely wrong cell; the failing totals
    assert values(loads(to_docx(report, check(report)), path="x.docx")) == values(report)


def test_docx_hostile_text_and_empty_table():
    report = random_report(random.Random(10), "2021")
    report.title = "示例县2021年政府信息公开工作年度报告\x00\x1b"
    report.notes.append(Note("requests", "注\x07意"))
    report.tables["active_disclosure"].rows = {}
    back = loads(to_docx(report), path="x.docx")
    assert "active_disclosure" not in back.tables and back.year == 2021
    assert values(back)["requests"] == values(report)["requests"]


def test_docx_keeps_decimals_as_printed():
    report = random_report(random.Random(9), "2021")
    report.tables["active_disclosure"].rows["fees"]["amount"] = Cell(96171.60, "96171.60")
    back = round_trip(report)
    assert back.tables["active_disclosure"].cell("fees", "amount").raw == "96171.60"
