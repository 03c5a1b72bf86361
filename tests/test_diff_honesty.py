"""govreport diff and check --previous: different bodies, blank cells, the wording of the output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from govreport import generate, messages
from govreport.crossyear import body_key, cross_year_findings, different_body
from govreport.diff import diff
from govreport.loaders import load
from govreport.output.diff import summary

PINGTAN = Path(__file__).resolve().parents[1] / "samples" / "pingtan"
A, B = PINGTAN / "pingtan-2020.md", PINGTAN / "pingtan-2021.md"


@pytest.fixture
def english():
    messages.set_lang("en")
    yield
    messages.set_lang(None)


def write(report, path: Path) -> Path:
    path.write_text(generate.write(report, "markdown"), encoding="utf-8")
    return path


def as_body(path: Path, agency: str):
    """The report at ``path`` as if published by ``agency``."""
    report = load(str(path))
    report.title = report.title.replace(report.agency, agency)
    report.agency = agency
    return report


# ---------------------------------------------------------------- different bodies
@pytest.mark.parametrize("a, b", [("沭阳县发展和改革局", "淮安市人民政府"), ("淮安市人民政府", "淮安市发展和改革委员会"),
                                  ("平潭综合实验区", "福州市鼓楼区")])
def test_different_bodies_differ(a, b):
    assert body_key(a) != body_key(b)


@pytest.mark.parametrize("a, b", [("平潭综合实验区", " 平潭综合实验区 "), ("平潭综合实验区", "平潭綜合實驗區"),
                                  ("淮安市人民政府", "淮安市人民政府办公室"), ("平潭综合实验区", "平潭综合实验区管委会"),
                                  ("沭阳县发展和改革局", "沭阳县 发展和改革局")])
def test_the_same_body_is_the_same(a, b):
    assert body_key(a) == body_key(b)
    assert different_body(as_body(A, a), as_body(B, b)) == []


def test_unknown_body_says_nothing():
    assert different_body(as_body(A, ""), load(str(B))) == []
    assert different_body(load(str(A)), as_body(B, "")) == []


def test_diff_warns_about_different_bodies(run, tmp_path):
    other = write(as_body(B, "淮安市人民政府"), tmp_path / "huaian-2021.md")
    result = run(["diff", A, other, "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["severity"], f["expected"], f["actual"]) for f in findings] == [
        ("diff.different_body", "warning", "平潭综合实验区", "淮安市人民政府")]  # and no continuity warning
    assert "平潭综合实验区" in findings[0]["message"] and "淮安市人民政府" in findings[0]["message"]
    lines = run(["diff", A, other]).stdout.splitlines()
    assert lines[2] == "警告：两份报告出自不同机关（平潭综合实验区；淮安市人民政府），逐项比较意义有限，不核对跨年度衔接"
    assert "  未核对：本年“二、上年结转”= 上年“四、结转下年度继续办理”，逐列（两份报告出自不同机关）" in lines
    en = run(["diff", A, other], env={"GOVREPORT_LANG": "en"}).stdout.splitlines()
    assert en[2].startswith("warning: the two reports are from different bodies (平潭综合实验区; 淮安市人民政府)")


def test_check_previous_warns_about_different_bodies(run, tmp_path):
    other = write(as_body(A, "沭阳县发展和改革局"), tmp_path / "shuyang-2020.md")
    (checked,) = json.loads(run(["check", B, "--previous", other, "--format", "json"]).stdout)
    rules = [(f["rule"], f["severity"]) for f in checked["findings"] if f["rule"].startswith(("diff.", "cross"))]
    assert rules == [("diff.different_body", "warning")]


def test_same_body_in_two_years_does_not_warn(tmp_path):
    renamed = as_body(A, "平潭综合实验区管委会")
    assert diff(renamed, load(str(B))).findings == []
    assert cross_year_findings(renamed, load(str(B))) == []


# ---------------------------------------------------------------- blank cells
def consecutive():
    """The 2021 sample as 2020 and 2021, changed so that every cross-year expectation holds."""
    a, b = load(str(B)), load(str(B))
    a.year, a.title = 2020, a.title.replace("2021", "2020")
    for column, cell in a.tables["requests"].rows["carried_forward"].items():
        cell.value = b.tables["requests"].value("carried_over", column)
    active = b.tables["active_disclosure"]
    for row in ("regulations", "normative_documents"):
        a.tables["active_disclosure"].rows[row]["in_force"].value = (
            active.value(row, "in_force") - active.value(row, "issued") + active.value(row, "repealed"))
    assert cross_year_findings(a, b) == []
    return a, b


def blank_against_zero():
    """Continuity holds except in 自然人: blank in 2020's 结转下年度, 0 in 2021's 上年结转."""
    a, b = consecutive()
    a.tables["requests"].rows["carried_forward"]["natural_person"].value = None
    assert b.tables["requests"].value("carried_over", "natural_person") == 0
    return a, b


def test_blank_against_zero_is_not_a_change():
    a, b = blank_against_zero()
    result = diff(a, b)
    assert [(c.row, c.column, c.old, c.new) for c in result.not_comparable] == [
        ("carried_forward", "natural_person", None, 1)]
    assert ("carried_forward", "natural_person") not in {(c.row, c.column) for c in result.changes}
    assert not result.same
    out = result.to_dict()
    assert [(c["row"], c["column"], c["old"], c["new"], c["row_label"], c["column_label"])
            for c in out["not_comparable"]] == [("carried_forward", "natural_person", None, 1, "四、结转下年度继续办理", "自然人")]


def test_blank_gives_no_cross_year_warning():
    a, b = blank_against_zero()
    found = cross_year_findings(a, b)
    assert [(f.rule, f.severity, f.column) for f in found] == [("cross_year.carry_over", "info", "natural_person")]
    assert "空白不等于 0" in found[0].message and "空白" in found[0].message
    assert diff(a, b).findings == found


def test_blank_in_force_is_not_assessable():
    a, b = consecutive()
    b.tables["active_disclosure"].rows["regulations"]["repealed"].value = None
    b.tables["active_disclosure"].rows["regulations"]["in_force"].value = 999
    found = [f for f in cross_year_findings(a, b) if f.rule == "cross_year.in_force"]
    assert [(f.severity, f.row) for f in found] == [("info", "regulations")]
    assert "本年废止件数空白" in found[0].message


def test_blank_in_text_and_json(run, tmp_path):
    a, b = blank_against_zero()
    fa, fb = write(a, tmp_path / "a.md"), write(b, tmp_path / "b.md")
    assert load(str(fa)).tables["requests"].value("carried_forward", "natural_person") is None
    data = json.loads(run(["diff", fa, fb, "--format", "json"]).stdout)
    assert [(c["row"], c["column"]) for c in data["not_comparable"]] == [("carried_forward", "natural_person")]
    assert [(f["rule"], f["severity"]) for f in data["findings"]] == [("cross_year.carry_over", "info")]
    lines = run(["diff", fa, fb]).stdout.splitlines()
    assert "不可比（一方空白，空白不等于 0）：" in lines
    assert "  表三 四、结转下年度继续办理 · 自然人：空白 → 1" in lines
    assert "不可比 1 处" in lines[-1]
    assert not any(line.startswith("  警告") for line in lines)
    rows = run(["diff", fa, fb, "--format", "csv"]).stdout.splitlines()
    assert "requests,carried_forward,natural_person,表三,四、结转下年度继续办理,自然人,not_comparable,,1,," in rows


# ---------------------------------------------------------------- wording
def test_no_internal_key_in_the_text(run, tmp_path):
    a, b = blank_against_zero()
    fa, fb = write(a, tmp_path / "a.md"), write(as_body(B, "淮安市人民政府"), tmp_path / "b.md")
    for args in ([A, B, "--all", "--text"], [fa, B, "--text"], [A, fb], [fa, B, "--format", "markdown"]):
        out = run(["diff", *args]).stdout
        for path in args:
            out = out.replace(str(path), "")
        assert "requests/" not in out and "natural_person" not in out and "cross_year" not in out
        assert not re.findall(r"[a-z]+_[a-z]+", out), args


def test_summary_grammar(english):
    a, b = load(str(B)), load(str(B))
    b.tables["requests"].rows["granted"]["commercial"].value = 99
    assert summary(diff(a, b)) == ("Summary: 1 cell changed, 199 unchanged, 0 not comparable; "
                                   "0 only in the first report, 0 only in the second report.")
    b.tables["requests"].rows["granted"]["research"].value = 99
    a.source["path"], b.source["path"] = "x/old.md", "y/new.md"
    assert summary(diff(a, b)).startswith("Summary: 2 cells changed, 198 unchanged")
    assert summary(diff(a, b)).endswith("0 only in old.md, 0 only in new.md.")
    messages.set_lang("zh")
    assert summary(diff(a, b)) == "小结：变化 2 处，未变 198 处，不可比 0 处；仅见于 old.md 0 处，仅见于 new.md 0 处。"
