"""govreport diff: cell changes across templates, cross-year continuity, narrative, errors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from govreport.crossyear import cross_year_findings
from govreport.diff import diff
from govreport.loaders import load

PINGTAN = Path(__file__).resolve().parents[1] / "samples" / "pingtan"
A, B = PINGTAN / "pingtan-2020.md", PINGTAN / "pingtan-2021.md"
OTHER_2021 = ("other.no_correction", "other.fee_unpaid", "other.other")


def expected(year: int) -> dict:
    return json.loads((PINGTAN / f"pingtan-{year}.expected.json").read_text(encoding="utf-8"))["tables"]


def expected_changes() -> list:
    """The changes, computed here from the annotated values alone: the 2019 template's
    本年新制作数量 is compared with 本年制发件数, its (六)其他处理 with the sum of the three
    2021 (六) rows; every other cell present in both is compared as is."""
    a, b = expected(2020), expected(2021)
    b = json.loads(json.dumps(b))
    b["requests"]["other"] = {c: sum(b["requests"][r][c] for r in OTHER_2021) for c in b["requests"]["total"]}
    for row in ("regulations", "normative_documents"):
        a["active_disclosure"][row]["issued"] = a["active_disclosure"][row].pop("made")
    out = []
    for table in a:
        for row in a[table]:
            for col, old in a[table][row].items():
                new = b[table].get(row, {}).get(col, "absent")
                if new != "absent" and col != "amount_unit" and new != old:
                    out.append((table, row, col, old, new))
    return sorted(out)


@pytest.fixture(scope="module")
def pingtan_json():
    from typer.testing import CliRunner

    from govreport.cli import get_app

    result = CliRunner().invoke(get_app(), ["diff", "2020", "2021", "--dir", str(PINGTAN), "--format", "json"])
    assert result.exit_code == 1, result.output
    return json.loads(result.stdout)


def test_samples_load_to_the_annotated_tables():
    for year, path in ((2020, A), (2021, B)):
        report = load(str(path))
        assert report.to_dict()["tables"] == expected(year)
        assert (report.agency, report.year) == ("平潭综合实验区", year)


def test_pingtan_changes_are_exactly_the_changed_cells(pingtan_json):
    got = sorted((c["table"], c["row"], c["column"], c["old"], c["new"]) for c in pingtan_json["changes"])
    assert got == expected_changes()
    assert len(got) == 39
    by_key = {(c["table"], c["row"], c["column"]): c for c in pingtan_json["changes"]}
    assert by_key[("requests", "new_received", "total")] == {
        "table": "requests", "row": "new_received", "column": "total", "old": 21, "new": 70, "delta": 49,
        "ratio": 2.3333, "table_label": "表三", "row_label": "一、本年新收政府信息公开申请数量",
        "column_label": "总计"}
    assert by_key[("active_disclosure", "normative_documents", "issued")]["old"] == 77  # 2019 本年新制作数量
    assert by_key[("requests", "new_received", "social_welfare")]["ratio"] is None  # old is 0
    assert pingtan_json["a"] == {"file": str(A), "agency": "平潭综合实验区", "year": 2020, "template": "2019"}
    assert pingtan_json["b"]["template"] == "2021"


def test_other_row_2019_is_compared_with_the_sum_of_the_2021_rows(pingtan_json):
    other = [{k: c[k] for k in ("table", "row", "column", "old", "new", "delta", "ratio", "row_label")}
             for c in pingtan_json["changes"] if c["row"] == "other"]
    assert other == [
        {"table": "requests", "row": "other", "column": "natural_person", "old": 4, "new": 1, "delta": -3,
         "ratio": -0.75, "row_label": "（六）其他处理"},
        {"table": "requests", "row": "other", "column": "total", "old": 4, "new": 1, "delta": -3, "ratio": -0.75,
         "row_label": "（六）其他处理"},
    ]
    keys = [(c["table"], c["row"]) for c in pingtan_json["changes"] + pingtan_json["only_in_b"]]
    assert not any(r.startswith("other.") for _, r in keys)


def test_carry_over_holds_in_all_seven_columns(pingtan_json):
    assert pingtan_json["findings"] == [] and pingtan_json["not_comparable"] == []
    a, b = load(str(A)), load(str(B))
    assert cross_year_findings(a, b) == []
    assert diff(a, b).assessed == ["cross_year.carry_over"]  # in_force: 2019 has no 现行有效件数


def test_cells_of_one_template_only_are_listed_not_zeroed(pingtan_json):
    only_a = {(c["row"], c["column"]) for c in pingtan_json["only_in_a"]}
    only_b = {(c["row"], c["column"]) for c in pingtan_json["only_in_b"]}
    assert {("other_services", "last_year_items"), ("other_services", "change"), ("other_services", "decisions"),
            ("procurement", "items"), ("procurement", "amount"), ("licensing", "last_year_items"),
            ("regulations", "published"), ("normative_documents", "total_published")} <= only_a
    assert len(only_a) == 17
    assert only_b == {("regulations", "repealed"), ("regulations", "in_force"), ("normative_documents", "repealed"),
                      ("normative_documents", "in_force"), ("fees", "amount")}
    assert all(c["table"] == "active_disclosure" for c in pingtan_json["only_in_a"] + pingtan_json["only_in_b"])


def test_json_equals_the_library(run):
    result = run(["diff", A, B, "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == diff(load(str(A)), load(str(B))).to_dict()


def test_text_output_in_the_folder(run, monkeypatch):
    monkeypatch.chdir(PINGTAN)
    monkeypatch.delenv("GOVREPORT_DIR", raising=False)
    result = run(["diff", "2020", "2021"])
    assert result.exit_code == 1, result.output
    out = result.stdout
    lines = out.splitlines()
    assert lines[:2] == ["2020 年：平潭综合实验区，2019 年版模板，pingtan-2020.md",
                         "2021 年：平潭综合实验区，2021 年版模板，pingtan-2021.md"]
    assert "表三 收到和处理政府信息公开申请情况" in lines
    assert re.search(r"（六）其他处理\n +自然人 +4 → +1 +-3 +-75\.0%\n +总计 +4 → +1 +-3 +-75\.0%\n", out)
    assert re.search(r"\n  行政许可\n +本年处理决定数量 +278 → 2293  \+2015  \+724\.8%\n", out)
    assert "仅见于 2020 年：" in lines and "  表二 政府集中采购：采购项目数量、采购总金额" in lines
    assert "  表二 行政事业性收费：本年收费金额（单位：万元）" in lines
    assert lines[-1] == "小结：变化 39 处，未变 142 处，不可比 0 处；仅见于 2020 年 17 处，仅见于 2021 年 5 处。"
    assert "跨年度衔接：" in lines
    assert "  相符：本年“二、上年结转”= 上年“四、结转下年度继续办理”，逐列" in lines
    assert "  表二 行政许可 · 本年处理决定数量：278 → 2293（+724.8%）" in lines
    assert "\x1b[" not in out  # no colour when not on a terminal
    unchanged = run(["diff", "2020", "2021", "--all"]).stdout
    assert "本年处理决定数量" in unchanged and "0 →  0" in unchanged


def test_text_output_in_english(run):
    out = run(["diff", "2020", "2021", "--dir", PINGTAN], env={"GOVREPORT_LANG": "en"}).stdout
    lines = out.splitlines()
    assert lines[0] == f"2020: 平潭综合实验区, 2019 template, {A}"
    assert "Table 3 · requests received and handled" in lines and "Only in 2020:" in lines
    assert "  table 2 政府集中采购: 采购项目数量, 采购总金额" in lines
    assert "  holds: this year's 二、上年结转 = last year's 四、结转下年度继续办理, per column" in lines
    assert lines[-1] == ("Summary: 39 cells changed, 142 unchanged, 0 not comparable; 17 only in 2020, "
                         "5 only in 2021.")


def test_markdown_and_csv(run):
    md = run(["diff", A, B, "--dir", PINGTAN, "--format", "markdown"]).stdout.splitlines()
    assert md[0] == "# 平潭综合实验区：2020 年 → 2021 年"
    assert "| 行 | 列 | 2020 年 | 2021 年 | 增减 | 增减幅度 |" in md
    assert "| 行政许可 | 本年处理决定数量 | 278 | 2293 | +2015 | +724.8% |" in md
    assert "## 仅见于 2020 年" in md and "- 表二 政府集中采购：采购项目数量、采购总金额" in md
    assert md[-1] == "小结：变化 39 处，未变 142 处，不可比 0 处；仅见于 2020 年 17 处，仅见于 2021 年 5 处。"
    rows = run(["diff", A, B, "--format", "csv"]).stdout.splitlines()
    assert rows[0] == "table,row,column,table_label,row_label,column_label,status,old,new,delta,ratio"
    assert "requests,other,total,表三,（六）其他处理,总计,changed,4,1,-3,-0.75" in rows
    assert "active_disclosure,fees,amount,表二,行政事业性收费,本年收费金额（单位：万元）,only_in_b,,,," in rows
    assert len(rows) == 1 + 39 + 17 + 5
    en = run(["diff", A, B, "--format", "csv"], env={"GOVREPORT_LANG": "en"}).stdout.splitlines()
    assert en[0] == rows[0] and "requests,other,total,table 3,（六）其他处理,总计,changed,4,1,-3,-0.75" in en


def test_same_report_exits_0(run):
    result = run(["diff", B, B])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (  # 200 cells; one file: its two sides are named by position
        "小结：变化 0 处，未变 200 处，不可比 0 处；仅见于 前一份报告 0 处，仅见于 后一份报告 0 处。")


# ---------------------------------------------------------------- cross-year rules
def test_carry_over_break_and_in_force(tmp_path):
    a, b = load(str(B)), load(str(B))
    a.year = 2020
    b.year = 2021
    b.tables["requests"].rows["carried_over"]["natural_person"].value = 2  # last year carried 1 forward
    b.tables["active_disclosure"].rows["normative_documents"]["in_force"].value = 700  # 665 + 69 − 3 = 731
    found = {(f.rule, f.row, f.column): f for f in cross_year_findings(a, b)}
    # a (2021 figures) carried 1 forward in 自然人 and 总计; b now carries 2 and 0 over
    assert set(found) == {("cross_year.carry_over", "carried_over", "natural_person"),
                          ("cross_year.carry_over", "carried_over", "total"),
                          ("cross_year.in_force", "normative_documents", "in_force")}
    assert (found[("cross_year.carry_over", "carried_over", "total")].expected,
            found[("cross_year.carry_over", "carried_over", "total")].actual) == (1, 0)
    carry = found[("cross_year.carry_over", "carried_over", "natural_person")]
    assert (carry.severity, carry.expected, carry.actual) == ("warning", 1, 2)
    in_force = found[("cross_year.in_force", "normative_documents", "in_force")]
    assert (in_force.expected, in_force.actual) == (731, 700)
    assert diff(a, b).assessed == ["cross_year.carry_over", "cross_year.in_force"]


def test_years_not_consecutive():
    a, b = load(str(A)), load(str(B))
    b.year = 2023
    findings = cross_year_findings(a, b)
    assert [(f.rule, f.severity) for f in findings] == [("cross_year.years", "warning")]
    assert "2020 年与 2023 年" in findings[0].message


def test_check_previous(run):
    result = run(["check", B, "--previous", A, "--format", "json"])
    (checked,) = json.loads(result.stdout)
    assert not [f for f in checked["findings"] if f["rule"].startswith(("cross_year", "diff."))]


# ---------------------------------------------------------------- narrative
def test_copied_report_is_flagged(run, tmp_path):
    copy = tmp_path / "copy-2021.md"
    copy.write_text(A.read_text(encoding="utf-8").replace("2020", "2021"), encoding="utf-8")
    result = run(["diff", A, copy, "--text", "--format", "json"])
    narrative = json.loads(result.stdout)["narrative"]
    sections = {s["number"]: s for s in narrative["sections"]}
    assert sections["一"]["similarity"] == 1.0 and sections["一"]["copied"]
    assert sections["五"]["copied"]
    assert not sections["六"]["copied"]  # one short sentence: too little text to call it copied
    assert narrative["copied_sections"] == ["一", "五"]
    text = run(["diff", A, copy, "--text"]).stdout
    assert "  一、总体情况：相似度 1.00——疑似照搬上一年" in text.splitlines()
    en = run(["diff", A, copy, "--text"], env={"GOVREPORT_LANG": "en"}).stdout
    assert "  section 一 总体情况: 1.00 similar — looks copied from the previous year" in en.splitlines()


def test_real_years_are_not_flagged(run):
    narrative = json.loads(run(["diff", A, B, "--text", "--format", "json"]).stdout)["narrative"]
    sections = {s["number"]: s for s in narrative["sections"]}
    assert narrative["copied_sections"] == []
    assert sections["一"]["similarity"] < 0.5
    assert "各部门建立信息发布审核机制,明确专人负责信息公开工作。" not in sections["一"]["added"]  # in both years
    assert any("共收到70件申请" in s for s in sections["一"]["added"])


# ---------------------------------------------------------------- errors
def _one_line_error(result):
    assert result.exit_code == 2, (result.exit_code, result.output)
    err = result.stderr.strip()
    assert err and "\n" not in err and "Traceback" not in err
    return err


def test_unknown_year(run):
    err = _one_line_error(run(["diff", "2019", "2021", "--dir", PINGTAN]))
    assert "2019" in err and "2020" in err and "2021" in err


def test_two_bodies_need_agency(run, tmp_path):
    shutil.copy(A, tmp_path / "a.md")
    shutil.copy(B, tmp_path / "b.md")
    other = B.read_text(encoding="utf-8").replace("# 平潭综合实验区", "# 福州市鼓楼区", 1)
    (tmp_path / "c.md").write_text(other, encoding="utf-8")
    # 2020 has one body: it chooses among the bodies of 2021
    result = run(["diff", "2020", "2021", "--dir", tmp_path, "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["b"]["file"] == str(tmp_path / "b.md")
    other = A.read_text(encoding="utf-8").replace("# 平潭综合实验区", "# 福州市鼓楼区", 1)
    (tmp_path / "d.md").write_text(other, encoding="utf-8")
    err = _one_line_error(run(["diff", "2020", "2021", "--dir", tmp_path]))
    assert "2020" in err and "福州市鼓楼区" in err and "d.md" in err and "平潭综合实验区" in err and "a.md" in err
    assert "--agency" in err
    result = run(["diff", "2020", "2021", "--dir", tmp_path, "--agency", "鼓楼", "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["b"]["file"] == str(tmp_path / "c.md")
    assert json.loads(result.stdout)["a"]["file"] == str(tmp_path / "d.md")


def test_unreadable_file_as_a(run, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("政府信息公开 nothing else here\n", encoding="utf-8")
    err = _one_line_error(run(["diff", bad, B]))
    assert str(bad) in err
    err = _one_line_error(run(["diff", tmp_path / "missing.md", B]))
    assert "missing.md" in err


def test_unreadable_file_in_folder_does_not_break_resolution(run, tmp_path):
    shutil.copy(A, tmp_path / "a.md")
    shutil.copy(B, tmp_path / "b.md")
    (tmp_path / "broken.txt").write_text("政府信息公开工作年度报告\n一、总体情况\n(七)总计 1 2\n", encoding="utf-8")
    assert run(["diff", "2020", "2021", "--dir", tmp_path]).exit_code == 1
    err = _one_line_error(run(["diff", "2020", "2022", "--dir", tmp_path]))
    assert "2022" in err and "broken.txt" in err


def test_bad_format(run):
    assert run(["diff", A, B, "--format", "yaml"]).exit_code == 2


def test_help_documents_exit_codes(run):
    out = run(["diff", "--help"]).stdout
    assert "0 两份报告相同；1 有差异；2 出错" in out and "同时列出未变化的单元格" in out
    assert "govreport diff 2020 2021" in out
    out = run(["diff", "--help"], env={"GOVREPORT_LANG": "en"}).stdout
    assert "Exit 0 when the reports are the same, 1 when they differ, 2 on errors" in out


def test_terminal_colour_is_one_neutral_highlight(run, monkeypatch):
    import io

    from rich.console import Console

    buf = io.StringIO()
    monkeypatch.setattr("govreport.cli.diff.is_tty", lambda: True)
    monkeypatch.setattr("govreport.cli.diff.make_console",
                        lambda: Console(file=buf, force_terminal=True, color_system="truecolor", width=200))
    assert run(["diff", A, B]).exit_code == 1
    out = buf.getvalue()
    codes = set(re.findall(r"\x1b\[([0-9;]*)m", out))
    assert codes == {"1", "0"}  # bold on, reset: no colour says a rise or a fall is good or bad
    assert "\x1b[1m2293\x1b[0m" in out
