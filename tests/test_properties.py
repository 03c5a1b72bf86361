"""Property tests: any consistent report, in any layout and script, parses back exactly;
damage to a table never yields a shifted number; one wrong table-3 cell is always the suspect."""

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreport import generate as G
from govreport.check import check
from govreport.errors import ParseError
from govreport.loaders import loads

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
seeds = st.integers(min_value=0, max_value=2**32 - 1)
templates = st.sampled_from(["2021", "2019"])


def tables(report):
    return report.to_dict()["tables"]


@SETTINGS
@given(seed=seeds, template=templates, layout=st.sampled_from(G.LAYOUTS), traditional=st.booleans())
def test_any_report_round_trips_through_any_layout(seed, template, layout, traditional):
    report = G.random_report(random.Random(seed), template)
    text = G.write(report, layout, traditional)
    again = loads(text.encode("utf-8"), path=f"r.{'md' if layout == 'markdown' else 'txt'}")
    assert tables(again) == tables(report)
    assert again.template == template
    assert again.source["script"] == ("traditional" if traditional else "simplified")
    assert check(again).valid


def _number_lines(text: str, first_label: str, last_label: str) -> list:
    """Indexes of the number lines between two labels (one-cell-per-line layout)."""
    lines = text.split("\n")
    start, end = lines.index(first_label), lines.index(last_label)
    return [i for i in range(start, len(lines)) if re.fullmatch(r"[+-]?\d+(\.\d+)?", lines[i])
            and (i < end or i <= end + 7)]


@SETTINGS
@given(seed=seeds, template=templates, pick=st.integers(min_value=0), data=st.data())
def test_a_lost_or_extra_table3_number_is_refused(seed, template, pick, data):
    report = G.random_report(random.Random(seed), template)
    lines = G.write(report, "cells").split("\n")
    numbers = _number_lines("\n".join(lines), "一、本年新收政府信息公开申请数量", "四、结转下年度继续办理")
    assert len(numbers) == (175 if template == "2021" else 161)
    i = numbers[pick % len(numbers)]
    if data.draw(st.booleans(), label="delete"):
        damaged = lines[:i] + lines[i + 1:]
    else:
        damaged = lines[:i] + [str(data.draw(st.integers(0, 999), label="extra"))] + lines[i:]
    with pytest.raises(ParseError, match="表三 .*“.*”："):
        loads("\n".join(damaged).encode("utf-8"), path="damaged.txt")


@SETTINGS
@given(seed=seeds, template=templates, pick=st.integers(min_value=0),
       delta=st.integers(min_value=1, max_value=50), down=st.booleans())
def test_one_wrong_table3_cell_is_the_suspect(seed, template, pick, delta, down):
    report = G.random_report(random.Random(seed), template)
    cells = list(report.tables["requests"].cells())
    row, col, cell = cells[pick % len(cells)]
    if down and cell.value >= delta:
        delta = -delta
    cell.value += delta
    errors = [f for f in check(report).findings if f.severity == "error"]
    assert errors
    assert {(f.suspect["row"], f.suspect["column"], f.suspect["delta"]) for f in errors} == {(row, col, -delta)}
