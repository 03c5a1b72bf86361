"""Structure findings for missing, unreadable and blank tables, and the parse.recovered info finding:
a report of 2019 or later without 表三/表四 is not valid (error, exit 1); a printed blank table is not
assessable, never missing; identities spent on a recovery are listed."""

from __future__ import annotations

import json

import pytest

from govreport import messages as M

from conftest import SAMPLES
from govreport import structure as S
from govreport import templates as T
from govreport.check import check
from govreport.loaders import load
from govreport.model import Cell, Report, Table


def _sample() -> Report:
    return load(str(SAMPLES / "taicang-2021.yaml"))


def _blank_table(template: str, tkey: str) -> Table:
    spec = T.get(template).tables[tkey]
    return Table(tkey, {row.key: {c: Cell(None, "") for c in row.columns} for row in spec.rows})


def _structure(findings) -> list:
    return [(f.rule, f.severity, f.table) for f in findings if f.rule.startswith("structure.")]


# ------------------------------------------------------------------ missing tables
@pytest.mark.parametrize("tkey, severity", [("active_disclosure", "warning"), ("requests", "error"),
                                            ("review_litigation", "error")])
def test_a_missing_table_of_a_2021_report(tkey, severity):
    report = _sample()
    del report.tables[tkey]
    result = check(report)
    found = [f for f in result.findings if f.rule == "structure.missing_table"]
    assert [(f.severity, f.table, f.row, f.column) for f in found] == [(severity, tkey, None, None)]
    assert found[0].message.startswith(f"文件中没有{M.table_name(tkey)}“") and "2021 年版模板包含此表" in found[0].message
    assert result.valid is (severity != "error")


def test_a_2019_template_report_missing_table_3_is_an_error():
    report = _sample()
    report.template, report.year = "2019", 2020
    report.tables = {}
    assert _structure(check(report).findings) == [
        ("structure.missing_table", "warning", "active_disclosure"),
        ("structure.missing_table", "error", "requests"),
        ("structure.missing_table", "error", "review_litigation"),
    ]


def test_absent_or_printed_but_unreadable_from_tables_seen():
    report = _sample()
    del report.tables["requests"], report.tables["review_litigation"]
    report.tables_seen = ["active_disclosure", "requests"]
    by_table = {f.table: f for f in S.findings(report) if f.rule == "structure.missing_table"}
    assert set(by_table) == {"requests", "review_litigation"}
    assert "在文件中出现" in by_table["requests"].message
    assert "未能读出任何单元格" in by_table["requests"].message
    assert "文件中没有" not in by_table["requests"].message
    assert "文件中没有表四" in by_table["review_litigation"].message
    assert all(f.severity == "error" for f in by_table.values())


def test_without_tables_seen_the_message_says_only_absent():
    report = _sample()
    del report.tables["requests"]
    assert getattr(report, "tables_seen", None) is None
    (f,) = [f for f in S.findings(report) if f.rule == "structure.missing_table"]
    assert "文件中没有表三" in f.message and "出现" not in f.message and "未能读出" not in f.message


@pytest.mark.parametrize("year, template", [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2023, "2021")])
def test_template_none_of_2019_or_later_is_not_valid(year, template):
    report = Report(title=f"某局{year}年政府信息公开工作年度报告", agency="某局", year=year, template="none",
                    source={"path": "n.txt"})
    report.tables_seen = []
    result = check(report)
    assert _structure(result.findings) == [
        ("structure.missing_table", "warning", "active_disclosure"),
        ("structure.missing_table", "error", "requests"),
        ("structure.missing_table", "error", "review_litigation"),
    ]
    assert not result.valid
    message = next(f.message for f in result.findings if f.table == "requests")
    assert f"{year} 年度报告应当包含此表（{template} 年版模板）" in message
    assert "且未读出任何标准表格" in message and "文件中没有表三" in message


@pytest.mark.parametrize("year", [2008, 2015, 2018, None])
def test_pre_2019_or_undated_reports_without_tables_get_no_structure_finding(year):
    report = Report(title="某局政府信息公开工作年度报告", year=year, template="none", source={"path": "n.txt"})
    result = check(report)
    assert result.findings == [] and result.valid


def test_template_none_with_tables_names_the_missing_one_and_missing_rows():
    report = _sample()
    report.template = "none"
    del report.tables["review_litigation"]
    del report.tables["requests"].rows["denied.admin_query"]
    assert _structure(S.findings(report)) == [
        ("structure.missing_row", "warning", "requests"),
        ("structure.missing_table", "error", "review_litigation"),
    ]


# ------------------------------------------------------------------ blank tables
def test_all_blank_tables_3_and_4_are_not_assessable_never_missing():
    report = _sample()
    report.tables["requests"] = _blank_table("2021", "requests")
    report.tables["review_litigation"] = _blank_table("2021", "review_litigation")
    result = check(report)
    assert result.valid
    assert not any(f.rule.startswith("structure.") for f in result.findings)
    got = [(f.rule, f.severity, f.table, f.row, f.column) for f in result.findings]
    assert got == [
        ("requests.row_total", "info", "requests", None, None),
        ("requests.results_total", "info", "requests", None, None),
        ("requests.balance", "info", "requests", None, None),
        ("review_litigation.block_total", "info", "review_litigation", None, None),
    ]
    for f in result.findings:
        assert f.message.startswith("无法核对 ") and "所有单元格均为空白" in f.message
    t3 = result.findings[0]
    assert t3.message == "无法核对 “总计 = 自然人 + 法人或其他组织”：表三“收到和处理政府信息公开申请情况”所有单元格均为空白"
    assert len(t3.cells) == 25 * 7 and ("requests", "granted", "total") in t3.cells
    assert len(result.findings[3].cells) == 15


def test_an_all_blank_2019_table_3_and_a_table_without_cells():
    report = _sample()
    report.template, report.year = "2019", 2020
    report.tables["active_disclosure"] = _blank_table("2019", "active_disclosure")
    report.tables["requests"] = _blank_table("2019", "requests")
    report.tables["review_litigation"] = Table("review_litigation", {})
    result = check(report)
    rules = [(f.rule, f.severity) for f in result.findings if f.severity != "warning"]
    assert rules == [("requests.row_total", "info"), ("requests.results_total", "info"), ("requests.balance", "info"),
                     ("review_litigation.block_total", "info")]
    assert not any(f.rule == "structure.missing_table" for f in result.findings)
    assert result.valid


def test_a_partly_blank_table_is_checked_as_before():
    report = _sample()
    report.tables["review_litigation"].rows["review"]["total"].value = None
    result = check(report)
    assert [(f.rule, f.severity, f.row) for f in result.findings] == [
        ("review_litigation.block_total", "info", "review")]
    assert "every cell blank" not in result.findings[0].message


# ------------------------------------------------------------------ recoveries
def test_recoveries_are_listed_as_info_with_the_identities_used():
    report = _sample()
    report.recoveries = [
        {"table": "requests", "row": "granted", "columns": ["natural_person", "commercial", "total"],
         "method": "split by row total", "identities": ["requests.row_total", "requests.results_total"]},
        {"table": "review_litigation", "row": "review", "columns": ["upheld"],
         "method": "orphan row attached", "identities": ["review_litigation.block_total"]},
    ]
    result = check(report)
    assert result.valid
    found = [f for f in result.findings if f.rule == "parse.recovered"]
    assert [(f.severity, f.table, f.row, f.column) for f in found] == [
        ("info", "requests", "granted", None), ("info", "review_litigation", "review", "upheld")]
    assert found[0].cells == [("requests", "granted", c) for c in ("natural_person", "commercial", "total")]
    assert found[0].message.startswith("表三 （一）予以公开 · 自然人、法人或其他组织 · 商业企业、总计：")
    assert "按行总计拆分" in found[0].message
    assert "“总计 = 自然人 + 法人或其他组织”、“（七）总计 = 三、本年度办理结果各项之和”" in found[0].message
    assert "无行名的数字行按勾稽关系归位" in found[1].message
    assert "“总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结”" in found[1].message
    # the identities spent on the recovery are still evaluated: they hold, so no identity finding
    assert [f.rule for f in result.findings] == ["parse.recovered", "parse.recovered"]


def test_recovered_cells_in_provenance_without_a_record():
    report = _sample()
    for col in ("natural_person", "total"):
        report.tables["requests"].rows["granted"][col].prov = {"line": 3, "recovered": "split by row total"}
    report.recoveries = [{"table": "requests", "row": "granted", "columns": ["total"],
                          "method": "split by row total", "identities": ["requests.row_total"]}]
    found = [f for f in check(report).findings if f.rule == "parse.recovered"]
    assert [(f.row, f.column) for f in found] == [("granted", "total"), ("granted", "natural_person")]
    assert "（未记录）" in found[1].message


def test_no_recoveries_no_finding():
    assert not any(f.rule == "parse.recovered" for f in check(_sample()).findings)


# ------------------------------------------------------------------ CLI, JSON output, exit codes
def _save_yaml(run, report: Report, tmp_path, name: str, provenance: bool = False):
    """The report as govreport/1 JSON, rendered to YAML by `govreport render --format yaml`."""
    src = tmp_path / f"{name}.json"
    src.write_text(json.dumps(report.to_dict(provenance), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / f"{name}.yaml"
    args = ["render", src, "--format", "yaml", "-o", out] + (["--provenance"] if provenance else [])
    result = run(args)
    assert result.exit_code == 0, result.output
    return out


def _check_json(run, path):
    result = run(["check", path, "--format", "json"])
    [out] = json.loads(result.stdout)  # an array, one object per file
    return result.exit_code, out


def test_cli_missing_table_4_exits_1(run, tmp_path):
    report = _sample()
    del report.tables["review_litigation"]
    code, out = _check_json(run, _save_yaml(run, report, tmp_path, "no-t4"))
    assert code == 1 and out["valid"] is False
    assert [(f["rule"], f["severity"], f["table"]) for f in out["findings"]] == [
        ("structure.missing_table", "error", "review_litigation")]
    assert out["findings"][0]["message"].startswith("文件中没有表四")


def test_cli_template_none_2022_exits_1_and_2017_exits_0(run, tmp_path):
    for year, code_expected in ((2022, 1), (2017, 0)):
        report = Report(title=f"某局{year}年政府信息公开工作年度报告", agency="某局", year=year, template="none")
        code, out = _check_json(run, _save_yaml(run, report, tmp_path, f"none-{year}"))
        assert code == code_expected
        got = [(f["rule"], f["severity"], f["table"]) for f in out["findings"]]
        if year == 2022:
            assert got == [("structure.missing_table", "warning", "active_disclosure"),
                           ("structure.missing_table", "error", "requests"),
                           ("structure.missing_table", "error", "review_litigation")]
        else:
            assert got == [] and out["valid"] is True


def test_cli_all_blank_table_4_is_not_assessable_and_exits_0(run, tmp_path):
    report = _sample()
    report.tables["review_litigation"] = _blank_table("2021", "review_litigation")
    path = _save_yaml(run, report, tmp_path, "blank-t4")
    assert load(str(path)).tables["review_litigation"].rows["review"]["total"].value is None
    code, out = _check_json(run, path)
    assert code == 0 and out["valid"] is True
    assert [(f["rule"], f["severity"], f["table"]) for f in out["findings"]] == [
        ("review_litigation.block_total", "info", "review_litigation")]
    assert out["findings"][0]["message"].startswith("无法核对")


def test_cli_json_lists_recoveries(run, tmp_path, monkeypatch):
    import govreport.cli.checking as C

    report = _sample()
    report.tables["requests"].rows["granted"]["total"].prov = {"line": 9, "recovered": "split by row total"}
    path = _save_yaml(run, report, tmp_path, "recovered", provenance=True)
    code, out = _check_json(run, path)  # from the saved provenance alone
    assert code == 0
    assert [(f["rule"], f["severity"], f["table"], f["row"], f["column"]) for f in out["findings"]] == [
        ("parse.recovered", "info", "requests", "granted", "total")]

    loader = C.load_report

    def with_record(p, fmt):
        loaded = loader(p, fmt)
        loaded.recoveries = [{"table": "requests", "row": "granted", "columns": ["total"],
                              "method": "split by row total", "identities": ["requests.row_total"]}]
        return loaded

    monkeypatch.setattr(C, "load_report", with_record)
    code, out = _check_json(run, path)
    assert code == 0
    (f,) = out["findings"]
    assert (f["rule"], f["severity"], f["row"], f["column"]) == ("parse.recovered", "info", "granted", "total")
    assert "“总计 = 自然人 + 法人或其他组织”" in f["message"] and "按行总计拆分" in f["message"]
    assert (f["table_label"], f["row_label"], f["column_label"]) == ("表三", "（一）予以公开", "总计")
