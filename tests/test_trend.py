"""govreport trend: one body across years — the library, every output format in both languages, the chart."""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

import pytest

from govreport import generate as G
from govreport import messages as M
from govreport.errors import GovreportError
from govreport.output import trend as out
from govreport.trend import SERIES, trend_of_files, trend_of_folder

ROOT = Path(__file__).resolve().parents[1]
PINGTAN = ROOT / "samples" / "pingtan"
SNAKE = re.compile(r"\b[a-z]+_[a-z]+\b")


def run(*args):
    from typer.testing import CliRunner

    from govreport.cli import get_app

    return CliRunner().invoke(get_app(), list(args))


def expected_from_annotation(data: dict) -> dict:
    """The series, computed from a data-model document independently of govreport.trend."""
    req, rl = data["tables"]["requests"], data["tables"]["review_litigation"]

    def requests(part):
        return sum(v["total"] for k, v in req.items() if k == part or k.startswith(part + "."))

    def litigation(column):
        return rl["litigation_direct"][column] + rl["litigation_after_review"][column]

    values = {k: requests(k) for k in ("new_received", "carried_over", "granted", "partially_granted", "denied",
                                       "unavailable", "not_processed", "other", "carried_forward")}
    values.update({"review.total": rl["review"]["total"], "review.corrected": rl["review"]["corrected"],
                   "litigation.total": litigation("total"), "litigation.corrected": litigation("corrected")})
    return values


def pingtan_expected() -> dict:
    years = [json.loads((PINGTAN / f"pingtan-{y}.expected.json").read_text(encoding="utf-8")) for y in (2020, 2021)]
    per_year = [expected_from_annotation(d) for d in years]
    return {k: [v[k] for v in per_year] for k in per_year[0]}


# ---------------------------------------------------------------- the library
def test_pingtan_folder_gives_both_years_with_the_annotated_values():
    t = trend_of_folder(str(PINGTAN))
    assert t.years == [2020, 2021] and t.agency == "平潭综合实验区"
    assert [p.template for p in t.points] == ["2019", "2021"]
    expected = pingtan_expected()
    assert {s.key: t.values(s.key) for s in SERIES} == expected
    assert expected["other"] == [4, 1]  # 2019: one (六) row; 2021: the sum of its three rows


def _five_years(folder: Path, agency: str = "昆山市", seed: int = 7, years=range(2019, 2024)) -> list:
    rng = random.Random(seed)
    reports = []
    for n, year in enumerate(years):
        template = "2019" if year < 2021 else "2021"
        report = G.random_report(rng, template, year=year, agency=agency)
        layout = G.LAYOUTS[n % len(G.LAYOUTS)]
        (folder / f"{agency}-{year}{G.extension(layout)}").write_text(G.write(report, layout), encoding="utf-8")
        reports.append(report)
    return reports


def test_five_generated_years_give_the_generated_values(tmp_path):
    reports = _five_years(tmp_path)
    t = trend_of_folder(str(tmp_path))
    assert t.years == list(range(2019, 2024))
    for s in SERIES:
        assert t.values(s.key) == [expected_from_annotation(r.to_dict())[s.key] for r in reports], s.key


def test_a_blank_cell_stays_blank(tmp_path):
    rng = random.Random(3)
    paths = []
    for year in (2021, 2022):
        data = G.random_report(rng, "2021", year=year, agency="丰县").to_dict()
        if year == 2022:
            for row in ("granted",) + tuple(k for k in data["tables"]["requests"] if k.startswith("denied.")):
                data["tables"]["requests"][row]["total"] = None
            del data["tables"]["review_litigation"]
        path = tmp_path / f"{year}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))
    t = trend_of_files(paths)
    assert t.values("granted")[1] is None and t.values("denied")[1] is None
    assert t.values("review.total")[1] is None and t.values("review.total")[0] is not None
    row = next(line for line in out.to_csv(t).splitlines() if line.startswith("granted,"))
    assert row.endswith(",")  # blank, not 0
    assert out.sparkline([1, None, 3]) == "▁ █"


def test_sparkline():
    assert out.sparkline([0, 7]) == "▁█"
    assert out.sparkline([0, 0]) == "▁▁" and out.sparkline([5, 5]) == "▅▅"
    assert out.sparkline([None, None]) == "  "
    assert len(out.sparkline(list(range(20)))) == 20


def _reports(tmp_path, *specs):
    rng = random.Random(1)
    paths = []
    for agency, year in specs:
        path = tmp_path / f"{agency}-{year}-{len(paths)}.md"
        path.write_text(G.write(G.random_report(rng, "2021", year=year, agency=agency), "markdown"), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_different_bodies_are_refused(tmp_path):
    paths = _reports(tmp_path, ("太仓市", 2021), ("昆山市", 2022))
    with pytest.raises(GovreportError) as exc:
        trend_of_files(paths)
    assert exc.value.id == "trend.different_body"
    assert "太仓市" in exc.value.message and "昆山市" in exc.value.message
    result = run("trend", *paths)
    assert result.exit_code == 2 and "太仓市" in result.stderr and "昆山市" in result.stderr
    # the same body by another name (its 人民政府) is one body
    same = _reports(tmp_path, ("太仓市", 2021), ("太仓市人民政府", 2022))
    assert trend_of_files(same).years == [2021, 2022]


def test_a_folder_of_several_bodies_needs_agency(tmp_path):
    _reports(tmp_path, ("太仓市", 2021), ("太仓市", 2022), ("昆山市", 2022))
    result = run("trend", "--dir", str(tmp_path))
    assert result.exit_code == 2
    assert "--agency" in result.stderr and "太仓市（2021、2022）" in result.stderr and "昆山市（2022）" in result.stderr
    result = run("--lang", "en", "trend", "--dir", str(tmp_path))
    assert "several bodies" in result.stderr and "太仓市 (2021, 2022)" in result.stderr
    result = run("trend", "--dir", str(tmp_path), "--agency", "太仓", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["years"] == [2021, 2022]
    assert run("trend", "--dir", str(tmp_path), "--agency", "淮安").exit_code == 2


def test_two_reports_of_one_year_are_refused(tmp_path):
    paths = _reports(tmp_path, ("太仓市", 2021), ("太仓市", 2021))
    with pytest.raises(GovreportError) as exc:
        trend_of_files(paths)
    assert exc.value.id == "trend.same_year"


def test_years_are_looked_up_in_the_folder():
    result = run("trend", "2021", "2020", "--dir", str(PINGTAN), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "key,table,label,2020,2021"
    assert run("trend", str(PINGTAN), "--format", "csv").stdout == result.stdout  # a folder as the argument
    assert run("trend", "2019", "--dir", str(PINGTAN)).exit_code == 2  # no such year


def test_unreadable_files_are_skipped_with_a_note_and_missing_tables_are_blank(tmp_path):
    for p in PINGTAN.glob("pingtan-202?.md"):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    (tmp_path / "broken.json").write_text('{"schema": "govreport/1", "template": "1999", "tables": {}}')
    (tmp_path / "untabled.md").write_text("# 平潭综合实验区2022年政府信息公开工作年度报告\n\n一、总体情况\n", encoding="utf-8")
    result = run("trend", "--dir", str(tmp_path), "-f", "csv")
    assert result.exit_code == 0, result.output
    assert "broken.json" in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "key,table,label,2020,2021,2022"
    assert lines[1] == "new_received,requests,一、本年新收申请,21,70,"  # a report without tables: blank, not 0


# ---------------------------------------------------------------- formats, exactly
PINGTAN_CSV = """\
key,table,label,2020,2021
new_received,requests,一、本年新收申请,21,70
carried_over,requests,二、上年结转申请,0,0
granted,requests,（一）予以公开,7,30
partially_granted,requests,（二）部分公开,6,5
denied,requests,（三）不予公开,0,8
unavailable,requests,（四）无法提供,7,25
not_processed,requests,（五）不予处理,3,0
other,requests,（六）其他处理,4,1
carried_forward,requests,四、结转下年度,0,1
review.total,review_litigation,行政复议 · 总计,0,3
review.corrected,review_litigation,行政复议 · 结果纠正,0,0
litigation.total,review_litigation,行政诉讼 · 总计,0,12
litigation.corrected,review_litigation,行政诉讼 · 结果纠正,0,0
"""

PINGTAN_MARKDOWN_EN = """\
# 平潭综合实验区: trend 2020–2021

## Table 3 · requests received and handled (total column)

| item | 2020 | 2021 | trend |
|---|---:|---:|---|
| new requests this year | 21 | 70 | ▁█ |
| carried over from last year | 0 | 0 | ▁▁ |
| granted in full | 7 | 30 | ▁█ |
| partially granted | 6 | 5 | █▁ |
| not disclosed | 0 | 8 | ▁█ |
| cannot be provided | 7 | 25 | ▁█ |
| not processed | 3 | 0 | █▁ |
| other handling | 4 | 1 | █▁ |
| carried forward to next year | 0 | 1 | ▁█ |

## Table 4 · administrative review and litigation

| item | 2020 | 2021 | trend |
|---|---:|---:|---|
| administrative review · total | 0 | 3 | ▁█ |
| administrative review · corrected | 0 | 0 | ▁▁ |
| litigation · total | 0 | 12 | ▁█ |
| litigation · corrected | 0 | 0 | ▁▁ |

- An empty cell is blank in the report or its table is missing (never taken as 0).
- 2020: {d}/pingtan-2020.md (2019 template)
- 2021: {d}/pingtan-2021.md (2021 template)
"""


def test_csv_exactly():
    result = run("trend", "--dir", str(PINGTAN), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == PINGTAN_CSV


def test_markdown_exactly_in_english():
    result = run("--lang", "en", "trend", "--dir", str(PINGTAN), "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout == PINGTAN_MARKDOWN_EN.format(d=PINGTAN)


def test_markdown_in_chinese():
    result = run("trend", "--dir", str(PINGTAN), "-f", "markdown")
    lines = result.stdout.splitlines()
    assert lines[0] == "# 平潭综合实验区 2020—2021 年度趋势"
    assert "| 项目 | 2020 | 2021 | 趋势 |" in lines
    assert "| （一）予以公开 | 7 | 30 | ▁█ |" in lines
    assert "| 行政诉讼 · 总计 | 0 | 12 | ▁█ |" in lines
    assert f"- 2020 年：{PINGTAN}/pingtan-2020.md（2019 版模板）" in lines


def test_json_exactly():
    result = run("trend", "--dir", str(PINGTAN), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["agency"] == "平潭综合实验区" and data["years"] == [2020, 2021]
    assert data["reports"] == [
        {"year": 2020, "file": f"{PINGTAN}/pingtan-2020.md", "template": "2019", "agency": "平潭综合实验区"},
        {"year": 2021, "file": f"{PINGTAN}/pingtan-2021.md", "template": "2021", "agency": "平潭综合实验区"}]
    expected = pingtan_expected()
    assert [s["key"] for s in data["series"]] == list(expected)
    assert {s["key"]: s["values"] for s in data["series"]} == expected
    assert data["series"][2] == {"key": "granted", "table": "requests", "rows": ["granted"], "column": "total",
                                 "values": [7, 30], "label": "（一）予以公开"}
    assert data["series"][7]["rows"] == ["other.no_correction", "other.fee_unpaid", "other.other", "other"]
    assert data["series"][11] == {"key": "litigation.total", "table": "review_litigation",
                                  "rows": ["litigation_direct", "litigation_after_review"], "column": "total",
                                  "values": [0, 12], "label": "行政诉讼 · 总计"}
    en = json.loads(run("--lang", "en", "trend", "--dir", str(PINGTAN), "-f", "json").stdout)
    assert en["series"][2]["label"] == "granted in full"


def test_text_in_chinese_uses_labels_never_keys():
    result = run("trend", "--dir", str(PINGTAN))
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("平潭综合实验区 2020—2021 年度趋势\n")
    assert not SNAKE.findall(text.replace(str(PINGTAN), ""))
    lines = text.splitlines()
    assert re.search(r"^一、本年新收申请 +21 +70  ▁█$", text, re.M)
    assert re.search(r"^（一）予以公开 +7 +30  ▁█$", text, re.M)
    assert re.search(r"^（六）其他处理 +4 +1  █▁$", text, re.M)
    assert re.search(r"^行政诉讼 · 总计 +0 +12  ▁█$", text, re.M)
    assert "表三 收到和处理政府信息公开申请情况（总计列）" in lines
    assert re.match(r"项目 +2020 +2021 +趋势$", lines[2])


def test_text_in_english():
    result = run("trend", "--dir", str(PINGTAN), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert re.search(r"^granted in full +7 +30  ▁█$", result.stdout, re.M)
    assert re.search(r"^litigation · corrected +0 +0  ▁▁$", result.stdout, re.M)
    assert not re.search(r"[\u4e00-\u9fff]", result.stdout.replace("平潭综合实验区", ""))


def test_output_file_and_bad_format(tmp_path):
    target = tmp_path / "t.csv"
    result = run("trend", "--dir", str(PINGTAN), "-f", "csv", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8") == PINGTAN_CSV
    assert run("trend", "--dir", str(PINGTAN), "-f", "xml").exit_code == 2


# ---------------------------------------------------------------- the chart
def test_png_chart(tmp_path):
    pytest.importorskip("matplotlib")
    target = tmp_path / "trend.png"
    result = run("trend", "--dir", str(PINGTAN), "--plot", str(target))
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    assert "trend.png" in result.stderr
    assert not list(tmp_path.glob(".govreport-*"))  # no temporary file left


def test_svg_chart_keeps_the_chinese_labels(tmp_path):
    pytest.importorskip("matplotlib")
    target = tmp_path / "trend.svg"
    result = run("trend", "--dir", str(PINGTAN), "--plot", str(target), "-f", "csv")
    assert result.exit_code == 0, result.output
    svg = target.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for label in ("（一）予以公开", "行政诉讼 · 总计", "平潭综合实验区"):
        assert label in svg
    assert result.stdout == PINGTAN_CSV


def test_chart_without_matplotlib(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib raises ImportError
    target = tmp_path / "trend.png"
    result = run("trend", "--dir", str(PINGTAN), "--plot", str(target))
    assert result.exit_code == 2 and not target.exists()
    assert result.stderr.count("\n") == 1 and "pip install 'govreport[plot]'" in result.stderr


def test_chart_without_a_chinese_font(monkeypatch):
    font_manager = pytest.importorskip("matplotlib.font_manager")
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    with pytest.raises(GovreportError) as exc:
        out.cjk_font()
    assert "WenQuanYi" in exc.value.message and "fonts-wqy-microhei" in exc.value.message


def test_chart_file_name_must_say_png_or_svg(tmp_path):
    result = run("trend", "--dir", str(PINGTAN), "--plot", str(tmp_path / "trend.gif"))
    assert result.exit_code == 2 and ".png" in result.stderr


def test_catalogue_texts_exist_for_every_series_in_both_languages():
    for lang in M.LANGS:
        M.set_lang(lang)
        try:
            labels = [out.label(s) for s in SERIES]
        finally:
            M.set_lang(None)
        assert len(set(labels)) == len(SERIES) and all(labels)
        assert not any(SNAKE.search(x) for x in labels)



def test_an_empty_folder_and_a_report_without_a_year(tmp_path):
    result = run("trend", "--dir", str(tmp_path))
    assert result.exit_code == 2 and str(tmp_path) in result.stderr
    data = G.random_report(random.Random(2), "2021", year=2021, agency="丰县").to_dict()
    data["year"] = None
    path = tmp_path / "x.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("--lang", "en", "trend", str(path))
    assert result.exit_code == 2 and "x.json: the report's year is not known" in result.stderr
