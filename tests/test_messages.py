"""The message catalogue: one home for human text, in Chinese and English, and
findings that name cells by their official labels and say where they stand."""

import ast
import random
import re
import string
from pathlib import Path

import pytest

from govreport import generate as G
from govreport import messages as M
from govreport.check import check
from govreport.loaders import load, loads

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
CATALOG = ROOT / "govreport" / "messages" / "catalog"
SNAKE = re.compile(r"\b[a-z]+_[a-z]+\b")


@pytest.fixture
def english():
    M.set_lang("en")
    try:
        yield
    finally:
        M.set_lang(None)


def _fields(template: str) -> set:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_id_has_both_languages_with_the_same_fields():
    catalogue = M.catalogue()
    assert len(catalogue) > 100
    for mid, texts in catalogue.items():
        assert isinstance(texts, tuple) and len(texts) == 2, mid
        zh, en = texts
        assert isinstance(zh, str) and isinstance(en, str) and (zh or en), mid
        assert _fields(zh) == _fields(en), mid


def test_ids_are_unique_across_the_catalogue_modules():
    seen = {}
    for path in sorted(CATALOG.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                for key in node.keys:
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        assert key.value not in seen, (key.value, path.name, seen.get(key.value))
                        seen[key.value] = path.name


def test_language_choice(monkeypatch):
    monkeypatch.delenv("GOVREPORT_LANG", raising=False)
    assert M.get_lang() == "zh" and M.text("severity.error") == "错误"
    monkeypatch.setenv("GOVREPORT_LANG", "en_US.UTF-8")
    assert M.get_lang() == "en" and M.text("severity.error") == "error"
    M.set_lang("zh")
    try:
        assert M.text("severity.error") == "错误"
    finally:
        M.set_lang(None)
    with pytest.raises(ValueError):
        M.set_lang("fr")


def test_cells_are_named_by_their_official_labels(english):
    assert M.cell_name("2021", "requests", "granted", "natural_person", lang="zh") == "表三 （一）予以公开 · 自然人"
    assert M.cell_name("2021", "requests", "denied.state_secret", "commercial", lang="zh") == \
        "表三 （三）不予公开 1.属于国家秘密 · 法人或其他组织 · 商业企业"
    assert M.cell_name("2021", "review_litigation", "litigation_direct", "upheld", lang="zh") == \
        "表四 行政诉讼 未经复议直接起诉 · 结果维持"
    assert M.cell_name("2019", "requests", "other", "total") == "table 3 （六）其他处理 · 总计"


def test_the_error_sample_in_both_languages():
    report = load(str(SAMPLES / "taicang-2021-error.txt"))
    zh = check(report).findings
    assert [f.message for f in zh] == [
        "表三 （一）予以公开 · 总计：印 167，按各项之和应为 140（136+2+1+0+0+1）",
        "表三 （七）总计 · 自然人：印 299，按“三、本年度办理结果”各项之和应为 272"
        "（136+34+0+0+0+2+3+0+2+3+76+1+1+5+4+0+0+0+0+0+5）",
    ]
    assert [h["message"] for h in zh[0].hints] == [
        "表三 （一）予以公开 · 自然人：若为 163（而非所印的 136），所有勾稽关系均成立",
        "表三 （一）予以公开 · 自然人：所印的 136 与 163 数字相同、顺序不同（疑似数字颠倒）",
    ]
    M.set_lang("en")
    try:
        en = check(report).findings
    finally:
        M.set_lang(None)
    assert en[0].message == "table 3 （一）予以公开 · 总计: printed 167, but the row's parts add up to 140 (136+2+1+0+0+1)"
    assert en[0].hints[1]["message"].endswith("has the digits of 163 in another order (transposed digits?)")


def test_findings_carry_labels_and_a_location():
    report = load(str(SAMPLES / "taicang-2021-error.txt"))
    first = check(report).findings[0].to_dict()
    assert (first["table_label"], first["row_label"], first["column_label"]) == ("表三", "（一）予以公开", "总计")
    assert first["location"] == {"line": 82}  # the printed total this finding names
    assert first["suspect"]["location"] == {"line": 76}  # the cell to correct
    lines = (SAMPLES / "taicang-2021-error.txt").read_text(encoding="utf-8").split("\n")
    assert lines[81] == "167" and lines[75] == "136"


def _one_error_report(seed: int):
    rng = random.Random(seed)
    report = G.random_report(rng, "2021")
    answer = G.inject_error(report, rng)
    return report, answer


@pytest.mark.parametrize("layout", G.ALL_LAYOUTS)
def test_location_of_an_injected_error_points_at_the_printed_cell(layout):
    """Whatever the layout, the location a finding gives is the line that prints its cell."""
    for seed in range(6):
        report, answer = _one_error_report(seed)
        text = G.write(report, layout)
        loaded = loads(text.encode("utf-8"), path=f"x.{G.extension(layout)}")
        result = check(loaded)
        errors = [f for f in result.findings if f.severity == "error"]
        assert errors, seed
        lines = text.split("\n")
        for f in errors:
            table, row, col = f.cells[0]
            cell = loaded.tables[table].cell(row, col)
            assert f.location == {"line": cell.prov["line"]}
            assert cell.raw in lines[cell.prov["line"] - 1]
            assert M.location(f.location) == f"第 {cell.prov['line']} 行"


def test_html_findings_locate_table_row_and_cell(tmp_path):
    corpus = ROOT.parent / "shared" / "corpus" / "pingtan_zhsyq_2020.html"
    if not corpus.exists():
        pytest.skip("../shared/corpus is absent")
    errors = [f for f in check(load(str(corpus))).findings if f.severity == "error"]
    assert [(f.row, f.column, f.actual, f.location) for f in errors] == [
        ("total", "natural_person", 20, {"table": 2, "row": 25, "col": 2}),
        ("total", "total", 21, {"table": 2, "row": 25, "col": 8}),
    ]
    assert M.location(errors[0].location) == "第 2 个表格第 25 行第 2 列"


def test_no_internal_key_in_default_language_findings():
    for seed in range(20):
        report, _ = _one_error_report(seed)
        for f in check(report).findings:
            texts = [f.message] + [h["message"] for h in f.hints]
            for text in texts:
                assert not SNAKE.search(text), text
                assert "requests/" not in text and "natural_person" not in text, text
