"""Narrative figures against table cells: true matches, true mismatches, look-alikes left alone."""

from __future__ import annotations

import os
import random

import pytest

from govreport import generate as G
from govreport import narrative as NA
from govreport.check import check
from govreport.model import Section

CORPUS = "/work/shared/corpus"
SAMPLES = os.path.join(os.path.dirname(__file__), "..", "samples")


def _report(text: str, section: str = "一"):
    report = G.random_report(random.Random(5), "2021")
    req, rl = report.tables["requests"], report.tables["review_litigation"]
    for row, value in (("new_received", 333), ("carried_over", 4), ("carried_forward", 6)):
        req.rows[row]["total"].value = value
    for row, upheld, total in (("review", 3, 4), ("litigation_direct", 3, 3), ("litigation_after_review", 0, 0)):
        rl.rows[row]["upheld"].value, rl.rows[row]["total"].value = upheld, total
    report.sections = [Section(section, "总体情况", text)]
    return report


def _mismatches(text: str, section: str = "一") -> list:
    return [(f.row, f.column, f.expected, f.actual) for f in NA.findings(_report(text, section))]


@pytest.mark.parametrize("text", [
    "全年共收到政府信息公开申请333件,上年结转4件,结转下年度继续办理6件。",
    "(二)依申请公开\n本年度共收到333件申请,办结327件,6件结转下年度继续办理。",
    "本年度受理政府信息公开申请333件,\n答复331件(含上年度结转申请4件,另有6件顺延到下年度答复)。",
    "本年度发生政府信息公开行政复议4件,行政诉讼3件。",
    "信息公开类行政复议4件,诉讼3件。",
])
def test_agreeing_statements_give_no_finding(text):
    report = _report(text)
    assert NA.statements(report), "the figures should be recognised"
    assert _mismatches(text) == []


@pytest.mark.parametrize("text, expected", [
    ("全年共收到政府信息公开申请330件。", [("new_received", "total", 333, 330)]),
    ("(二)依申请公开\n本年度全区共收到30件申请,办结29件,1件结转下年度继续办理。",
     [("new_received", "total", 333, 30), ("carried_forward", "total", 6, 1)]),
    ("答复政府信息公开申请320件(含上年度结转申请5件)。", [("carried_over", "total", 4, 5)]),
    ("政府信息公开行政复议5件,行政诉讼2件。", [("review", "total", 4, 5), (None, "total", 3, 2)]),
    ("信息公开类行政复议4件,诉讼3件,均获维持。", [("review", "upheld", 3, 4)]),
])
def test_mismatching_statements_are_warnings_quoting_the_sentence(text, expected):
    found = NA.findings(_report(text))
    assert sorted(((f.row, f.column, f.expected, f.actual) for f in found), key=str) == sorted(expected, key=str)
    for f in found:
        assert f.rule == "narrative.table_mismatch" and f.severity == "warning"
        assert text.split("\n")[-1].split("。")[0] in f.message


@pytest.mark.parametrize("text", [
    "全年收到网上申请39件、信函申请21件,均在规定时间完成答复;全市收到各类申请约350件。",
    "全市收到各类申请350余件,其中自然人申请300件。",
    "连续7年实现市政府本级0复议、0诉讼。",
    "全年受理网络问政182件,收到群众诉求348件。",
    "办理行政复议案件120件,行政诉讼应诉45件。",  # not about 政府信息公开
    "全年新增公开市政府规章1件、政策性文件11件。",
])
def test_look_alikes_are_not_compared(text):
    text = "(二)依申请公开\n" + text  # even in the 依申请公开 part
    assert NA.statements(_report(text)) == []


def test_a_matching_statement_excuses_another_scope():
    text = "市政府本级收到政府信息公开申请60件。全市共收到政府信息公开申请333件。"
    assert _mismatches(text) == []


def test_taicang_narrative_is_not_compared():
    from govreport.loaders import load

    report = load(os.path.join(SAMPLES, "taicang-2021.txt"))
    assert report.tables["requests"].value("new_received", "total") == 333
    assert NA.statements(report) == []
    assert not [f for f in check(report).findings if f.rule.startswith("narrative")]


def _corpus(name):
    from govreport.loaders import load

    path = os.path.join(CORPUS, name)
    if not os.path.exists(path):
        pytest.skip(f"{path} not available")
    return load(path)


def test_huaian_2024_narrative_agrees_everywhere():
    report = _corpus("huaian_shi_2024.pdf")
    got = {(s.quantity, s.value) for s in NA.statements(report)}
    assert got == {("new_received", 3119), ("carried_over", 34), ("carried_forward", 103),
                   ("review", 351), ("litigation", 46)}
    assert NA.findings(report) == []


def test_shanghai_2019_says_all_upheld_but_the_table_does_not():
    report = _corpus("shanghai_szfbgt_2019.html")
    found = NA.findings(report)
    assert sorted((f.column, f.expected, f.actual) for f in found) == [("upheld", 5, 7), ("upheld", 8, 9)]
    assert all("均获维持" in f.message for f in found)
