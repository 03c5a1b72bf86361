"""Excel workbooks (govreport.output.xlsx): the official tables as printed, one line per
report when there are several, the long form, findings highlighted, the check summary."""

from __future__ import annotations

import csv
import glob
import hashlib
import io
import os
import random
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

openpyxl = pytest.importorskip("openpyxl")

from govreport import export as E  # noqa: E402
from govreport import generate as G  # noqa: E402
from govreport import messages as M  # noqa: E402
from govreport import templates as T  # noqa: E402
from govreport.check import check  # noqa: E402
from govreport.errors import GovreportError  # noqa: E402
from govreport.loaders import load  # noqa: E402
from govreport.output import xlsx as X  # noqa: E402
from govreport.output.text import blocks  # noqa: E402

HERE = os.path.dirname(__file__)
ERROR_SAMPLE = os.path.join(HERE, "..", "samples", "taicang-2021-error.txt")
GOOD_SAMPLE = os.path.join(HERE, "..", "samples", "taicang-2021.txt")
CORPUS = sorted(p for p in glob.glob(os.path.join(HERE, "..", "..", "shared", "corpus", "*"))
                if not p.endswith((".json", ".md")))


def workbook(items):
    return openpyxl.load_workbook(io.BytesIO(X.reports_workbook(items)))


def checked(path):
    report = load(path)
    return report, check(report)


def merged_at(ws, cell):
    """The merged range whose top-left is ``cell`` (None when the cell is not merged)."""
    return next((m for m in ws.merged_cells.ranges if (m.min_row, m.min_col) == (cell.row, cell.column)), None)


def find(ws, value, column=None):
    return next(c for row in ws.iter_rows() for c in row
                if c.value == value and (column is None or c.column == column))


def printed_values(ws, report, tkey):
    """``{(row, column): value}`` read from a table sheet in the printed layout: each body row is
    found by its label (the first free line after the previous one)."""
    out, r = {}, 1
    for block in blocks(report, tkey):
        for label, _, refs in block.body:
            if block.label_column:
                r = next(c.row for c in ws["A"] if c.row > r and c.value == M.display_label(label))
                first = 2
            else:  # 表四: the line under the column labels
                r = find(ws, T.REVIEW_COLUMNS[0].label).row + 1
                first = 1
            for k, ref in enumerate(refs):
                out[tuple(ref)] = ws.cell(r, first + k).value
    return out


def report_values(report, tkey):
    return {(row, col): cell.value for row, col, cell in report.tables[tkey].cells()}


def assert_printed_numbers(wb, report):
    for tkey in report.tables:
        assert printed_values(wb[M.table_name(tkey)], report, tkey) == report_values(report, tkey), tkey


# ---------------------------------------------------------------- one report: the tables as printed
def test_error_sample_tables_as_printed():
    report, result = checked(ERROR_SAMPLE)
    wb = workbook([(report, result)])
    assert wb.sheetnames == ["表二", "表三", "表四", "明细", "说明"]
    ws = wb["表三"]
    applicants = find(ws, "申请人情况")
    assert (merged_at(ws, applicants).max_col - applicants.column + 1) == 7
    legal = find(ws, "法人或其他组织")
    assert legal.row == applicants.row + 1 and merged_at(ws, legal).size["columns"] == 5
    assert [ws.cell(legal.row + 1, legal.column + k).value for k in range(5)] == \
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert merged_at(ws, find(ws, "自然人")).size["rows"] == 2  # 自然人 spans the two column-header lines
    assert find(ws, "（一）予以公开", 1) and find(ws, "（三）不予公开", 1).font.b  # full-width brackets, group bold
    assert ws.freeze_panes == "B6"
    assert_printed_numbers(wb, report)
    table4 = wb["表四"]
    assert merged_at(table4, find(table4, "行政诉讼")).size["columns"] == 10


def test_suspect_and_failing_totals_are_highlighted_with_the_message():
    report, result = checked(ERROR_SAMPLE)
    ws = workbook([(report, result)])["表三"]
    row = find(ws, "（一）予以公开", 1).row
    suspect, total = ws.cell(row, 2), ws.cell(row, 8)
    assert (suspect.value, total.value) == (136, 167)
    assert suspect.fill.fgColor.rgb.endswith(X.FILLS["suspect"])
    assert total.fill.fgColor.rgb.endswith(X.FILLS["failing"])
    named = [f for f in result.findings
             if f.suspect and (f.suspect["row"], f.suspect["column"]) == ("granted", "natural_person")]
    assert named and all(f.message in suspect.comment.text for f in named)
    row_total = next(f for f in result.findings if f.rule == "requests.row_total")
    assert row_total.message in total.comment.text
    clean = ws.cell(find(ws, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1).row, 2)
    assert clean.comment is None and clean.fill.fill_type is None


def test_blank_cells_are_empty_not_zero():
    report = G.random_report(random.Random(3))
    report.tables["requests"].rows["granted"]["research"].value = None
    report.tables["review_litigation"].rows["review"]["pending"].value = None
    wb = workbook([(report, None)])
    assert printed_values(wb["表三"], report, "requests")[("granted", "research")] is None
    assert printed_values(wb["表四"], report, "review_litigation")[("review", "pending")] is None
    assert_printed_numbers(wb, report)


def test_decimals_and_units_shown_as_printed():
    report = G.random_report(random.Random(4), "2019")
    cell = report.tables["active_disclosure"].rows["procurement"]["amount"]
    cell.value, cell.raw, cell.unit = 73802895.9, "73802895.90元", "元"
    ws = workbook([(report, None)])["表二"]
    c = ws.cell(find(ws, "政府集中采购", 1).row, 3)
    assert c.value == 73802895.9 and c.number_format == '0.00"元"'


@pytest.mark.skipif(not CORPUS, reason="../shared/corpus is absent")
@pytest.mark.parametrize("path", CORPUS, ids=os.path.basename)
def test_corpus_report_numbers(path):
    report, result = checked(path)
    assert_printed_numbers(workbook([(report, result)]), report)


# ---------------------------------------------------------------- several reports: one line each
def line_values(ws, reports, tkey, line):
    """The cells of one report line, by the column keys of :func:`xlsx.line_columns`."""
    first = len(X.REPORT_COLUMNS) + 1
    return {ref: ws.cell(line, first + k).value for k, ref in enumerate(X.line_columns(reports, tkey))}


def test_several_reports_one_line_each():
    items = [checked(ERROR_SAMPLE), checked(GOOD_SAMPLE)]
    wb = workbook(items)
    ws = wb["表三"]
    assert ws.freeze_panes == "D5"
    assert ws.cell(2, 1).value == "文件" and merged_at(ws, ws.cell(2, 1)).size["rows"] == 3
    label = ws.cell(2, 4)
    assert label.value == "一、本年新收政府信息公开申请数量" and merged_at(ws, label).size["columns"] == 7
    assert [ws.cell(r, 1).value for r in (5, 6)] == [items[0][0].path, items[1][0].path]
    assert ws.max_row == 6
    for line, (report, _) in enumerate(items, start=5):
        for tkey in report.tables:
            assert line_values(wb[M.table_name(tkey)], [items[0][0]], tkey, line) == report_values(report, tkey)
    suspect = ws.cell(5, 4 + list(X.line_columns([items[0][0]], "requests")).index(("granted", "natural_person")))
    assert suspect.value == 136 and suspect.comment is not None
    assert not any(c.comment for c in ws[6])  # the correct report has no finding


@pytest.mark.skipif(not CORPUS, reason="../shared/corpus is absent")
def test_corpus_reports_of_both_templates_in_one_workbook():
    items = [checked(p) for p in CORPUS]
    wb = workbook(items)
    for tkey in T.TABLE_ORDER:
        ws = wb[M.table_name(tkey)]
        reports = [r for r, _ in items]
        depth = len(next(iter(X.line_columns(reports, tkey).values())))
        for line, report in enumerate(reports, start=2 + depth):
            assert ws.cell(line, 1).value == report.path
            got = line_values(ws, reports, tkey, line)
            expected = report_values(report, tkey) if tkey in report.tables else {}
            assert {ref: v for ref, v in got.items() if ref in expected} == expected
            assert all(v is None for ref, v in got.items() if ref not in expected)


# ---------------------------------------------------------------- the long form and the README
def test_long_form_sheet_equals_the_csv_export():
    items = [checked(ERROR_SAMPLE)] + [checked(p) for p in CORPUS]
    ws = workbook(items)["明细"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == tuple(M.text(f"export.field.{k}") for k in E.CELL_FIELDS)
    buf = io.StringIO()
    E.write_csv([r for r, _ in items], buf)
    expected = list(csv.reader(io.StringIO(buf.getvalue())))[1:]
    assert [["" if v is None else str(v) for v in row] for row in rows[1:]] == expected


def test_readme_lists_keys_with_labels_and_units():
    report, result = checked(ERROR_SAMPLE)
    ws = workbook([(report, result)])["说明"]
    header = find(ws, "行名称").row
    keys = {row[:4]: row[4:] for row in ws.iter_rows(min_row=header + 1, values_only=True)}
    assert keys[("2021", "requests", "granted", "natural_person")] == ("表三", "（一）予以公开", "自然人", "件")
    assert keys[("2021", "active_disclosure", "fees", "amount")][-1] == "万元"
    assert len(keys) == 200


def test_english_sheet_names_and_headers():
    M.set_lang("en")
    try:
        wb = workbook([checked(ERROR_SAMPLE)])
    finally:
        M.set_lang(None)
    assert wb.sheetnames == ["table 2", "table 3", "table 4", "cells", "README"]
    assert wb["cells"]["A1"].value == "file"
    assert find(wb["table 3"], "申请人情况")  # the official labels stay as printed


def test_text_is_never_a_formula_and_control_characters_do_not_fail():
    report = G.random_report(random.Random(5))
    report.agency = '=HYPERLINK("http://x","点我")\x01'
    report.source["path"] = "+cmd.txt"
    ws = workbook([(report, None)])["明细"]
    cell = ws["B2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK") and "\x01" not in cell.value
    assert ws["A2"].value == "+cmd.txt"


# ---------------------------------------------------------------- bytes
def test_same_input_same_bytes():
    items = [checked(ERROR_SAMPLE), checked(GOOD_SAMPLE)]
    assert X.reports_workbook(items) == X.reports_workbook(items)
    assert X.summary_workbook(("file", "errors"), [["a", 1]]) == X.summary_workbook(("file", "errors"), [["a", 1]])


def test_same_bytes_across_processes():
    code = ("import hashlib, sys; from govreport.loaders import load; from govreport.check import check; "
            "from govreport.output.xlsx import reports_workbook; r = load(sys.argv[1]); "
            "print(hashlib.sha256(reports_workbook([(r, check(r))])).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code, ERROR_SAMPLE], capture_output=True, text=True, check=True,
                              env=dict(os.environ, PYTHONHASHSEED=seed)).stdout for seed in ("1", "2")}
    report, result = checked(ERROR_SAMPLE)
    assert digests == {hashlib.sha256(X.reports_workbook([(report, result)])).hexdigest() + "\n"}


def test_missing_openpyxl_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(GovreportError) as err:
        X.summary_workbook(("file",), [])
    assert "pip install 'govreport[xlsx]'" in str(err.value)


# ---------------------------------------------------------------- the check summary
def test_summary_workbook_round_trip():
    from govreport.output.findings import SUMMARY_COLUMNS

    rows = [["a.pdf", "太仓市", 2021, "2021", "failed", "未通过", 2, 0, 0, 0, "requests.balance", "=1+1 不平"],
            ["b.pdf", "", "", "", "unreadable", "无法读取", "", "", "", "", "unreadable", "not a report"]]
    wb = openpyxl.load_workbook(io.BytesIO(X.summary_workbook(SUMMARY_COLUMNS, rows)))
    ws = wb.active
    assert ws.title == "汇总" and ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:L3"
    got = list(ws.iter_rows(values_only=True))
    assert got[0] == tuple(X.heading(k, "xlsx.summary") for k in SUMMARY_COLUMNS)
    assert got[0][:2] == ("文件", "机关")
    assert [[("" if v is None else v) for v in row] for row in got[1:]] == rows


# ---------------------------------------------------------------- generated reports
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), template=st.sampled_from(("2021", "2019")))
def test_numbers_equal_for_generated_reports(seed, template):
    rng = random.Random(seed)
    first, second = G.random_report(rng, template), G.random_report(rng, template)
    assert_printed_numbers(workbook([(first, None)]), first)
    wb = workbook([(first, None), (second, None)])
    for tkey in first.tables:
        ws = wb[M.table_name(tkey)]
        depth = len(next(iter(X.line_columns([first], tkey).values())))
        for line, report in enumerate((first, second), start=2 + depth):
            got = line_values(ws, [first, second], tkey, line)
            assert {ref: v for ref, v in got.items() if v is not None} == \
                {ref: v for ref, v in report_values(report, tkey).items() if v is not None}
