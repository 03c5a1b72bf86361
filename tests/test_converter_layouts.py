"""Converter Markdown and archived text with glued digits (issue 8): the generators in
``govreport.generate_converter``, and what a reader must make of their output.

Generator-side tests, then the reader's: converter Markdown loads exactly; a glued row is
split only when exactly one reading satisfies the identities, and each recovered cell says
so; otherwise, or when the report's own arithmetic is wrong, the file is refused naming the row.
"""

from __future__ import annotations

import json
import random
import re
import time
import unicodedata
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreport import generate as G
from govreport import generate_converter as C
from govreport.errors import ParseError
from govreport.loaders import loads
from govreport.model import Report, format_number
from govreport.render import cell_text

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "converter"
TEMPLATES = ("2021", "2019")
NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
RULE = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+$")
# whitespace, punctuation, symbols, markup: what a label comparison ignores
_DROP = re.compile(r"[\s\W_]+")


def key(text: str) -> str:
    return _DROP.sub("", unicodedata.normalize("NFKC", text).replace("<br>", ""))


def report_for(seed: int, template: str) -> Report:
    return G.random_report(random.Random(seed), template)


def tables(report: Report) -> dict:
    return report.to_dict()["tables"]


def names(message: str, labels) -> bool:
    """Whether a refusal message names one of ``labels`` (compared by key)."""
    return any(key(label) and key(label) in key(message) for label in labels)


# ---------------------------------------------------------------- reading the converter text
def region(text: str, number: str) -> list:
    """The lines of section ``number`` (``## 三、…`` up to the next ``## ``)."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"## {number}、"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start + 1:end]


def cells(line: str) -> list:
    inner = line.strip()[1:]
    inner = inner[:-1] if inner.endswith("|") else inner
    return [c.strip() for c in inner.split("|")]


def pipe_rows(lines) -> list:
    return [cells(line) for line in lines if line.startswith("|") and not RULE.match(line)]


def is_number(cell: str) -> bool:
    return bool(NUMBER.fullmatch(cell))


def pipe_numbers(text: str) -> list:
    return [c for row in pipe_rows(text.split("\n")) for c in row if is_number(c)]


def used_group_labels(report: Report) -> list:
    spec = report.spec("requests")
    groups = {g.key: g for g in spec.groups}
    used, out = set(), []
    for r in spec.rows:
        g = groups.get(r.group)
        while g is not None:
            used.add(g.key)
            g = groups.get(g.parent)
    for g in spec.groups:
        if g.key in used:
            out += [g.label, *g.aliases]
    return out


def _first_numeric(rows) -> int:
    return next(i for i, row in enumerate(rows) if any(is_number(c) for c in row))


def signature(feature: str, text: str, report: Report) -> bool:
    """Whether ``text`` shows ``feature``'s damage."""
    three, four = region(text, "三"), region(text, "四")
    rows = pipe_rows(three)
    first = _first_numeric(rows)
    loose = [line for line in three if line.strip() and not line.startswith("|")]
    if feature == "fragments":
        return sum(1 for line in three if RULE.match(line)) >= 2
    if feature == "spurious_headers":
        return any(not any(is_number(c) for c in row) and sum(1 for c in row if c) >= 3 for row in rows[first:])
    if feature == "header_rows":
        return any("申请人情况" in c for row in rows for c in row)
    if feature == "loose_labels":
        return any(row and all(is_number(c) for c in row if c) and sum(1 for c in row if c) == 7 for row in rows)
    if feature == "split_groups":
        in_cells = any(sum(1 for c in row if c and not is_number(c)) >= 2 and any(is_number(c) for c in row)
                       for row in rows)
        groups = [key(g) for g in used_group_labels(report)]
        split_lines = any(key(line) and any(g != key(line) and g.startswith(key(line)) for g in groups)
                          for line in loose)
        return in_cells and split_lines
    if feature == "collapsed_t4_header":
        return key("".join(C.t4_header_levels(report.spec("review_litigation")))) in key("".join(four))
    if feature == "narrative":
        return any("件" in line and re.search(r"\d", line) for line in loose)
    if feature == "variants":
        return any("数据1" in c for row in rows[:first] for c in row)
    raise AssertionError(feature)


# ---------------------------------------------------------------- converter Markdown: the generator
FEATURE_SETS = [(), C.CONVERTER_FEATURES] + [(f,) for f in C.CONVERTER_FEATURES]


@pytest.mark.parametrize("features", FEATURE_SETS, ids=lambda f: "+".join(f) or "none")
@pytest.mark.parametrize("template", TEMPLATES)
def test_converter_keeps_every_number_once_in_order(features, template):
    for seed in range(8):
        report = report_for(seed, template)
        text = C.converter_markdown(report, seed, features)
        assert pipe_numbers(text) == C.printed_values(report), (seed, features)


@pytest.mark.parametrize("script", ["traditional", "taiwan"])
def test_converter_in_traditional_script_keeps_the_numbers(script):
    for seed, template in ((1, "2021"), (2, "2019")):
        report = report_for(seed, template)
        text = C.converter_markdown(report, seed, script=script)
        assert pipe_numbers(text) == C.printed_values(report)
        assert text != C.converter_markdown(report, seed)


def test_converter_is_deterministic_and_seeded():
    report = report_for(4, "2021")
    assert C.converter_markdown(report, 9) == C.converter_markdown(report, 9)
    assert len({C.converter_markdown(report, s) for s in range(5)}) == 5


@pytest.mark.parametrize("feature", C.CONVERTER_FEATURES)
@pytest.mark.parametrize("template", TEMPLATES)
def test_each_feature_shows_when_on_and_only_then(feature, template):
    others = tuple(f for f in C.CONVERTER_FEATURES if f != feature)
    for seed in range(6):
        report = report_for(seed, template)
        assert signature(feature, C.converter_markdown(report, seed, (feature,)), report), (seed, "alone")
        assert signature(feature, C.converter_markdown(report, seed), report), (seed, "with all")
        assert not signature(feature, C.converter_markdown(report, seed, others), report), (seed, "all but it")
        assert not signature(feature, C.converter_markdown(report, seed, ()), report), (seed, "none")


def test_switching_a_feature_off_leaves_the_others_choices_alone():
    report = report_for(3, "2021")
    full = C.converter_markdown(report, 3)
    no_narrative = C.converter_markdown(report, 3, [f for f in C.CONVERTER_FEATURES if f != "narrative"])

    def kept(text):
        return [line for line in text.split("\n") if line.strip() and ("件" not in line or line.startswith("|"))]

    assert kept(full) == kept(no_narrative) and full != no_narrative


def test_no_features_is_one_plain_table_with_labels_in_their_rows():
    for template in TEMPLATES:
        report = report_for(5, template)
        three = region(C.converter_markdown(report, 5, ()), "三")
        assert sum(1 for line in three if RULE.match(line)) == 1
        assert all(line.startswith("|") for line in three if line.strip())
        spec = report.spec("requests")
        labelled = [row for row in pipe_rows(three) if any(is_number(c) for c in row)]
        assert [key(row[0]) for row in labelled] == [key(r.label) for r in spec.rows]


def test_variants_print_six_other_and_lose_the_column_labels():
    for template in TEMPLATES:
        report = report_for(6, template)
        text = unicodedata.normalize("NFKC", C.converter_markdown(report, 6, ("variants",)))
        assert "(六)其他" in text.replace(" ", "") and "其他处理" not in text
        assert "数据6" in text and "商业企业" not in "\n".join(region(text, "三"))


def test_loose_labels_come_before_or_after_their_row_and_wrap():
    """Every loose label (whole or wrapped over two lines) stands in a run of loose lines next to
    a number row without label, and there are as many such rows as loose labels."""
    seen = set()
    for seed in range(10):
        report = report_for(seed, "2021")
        three = region(C.converter_markdown(report, seed, ("loose_labels",)), "三")
        labels = {key(r.label) for r in report.spec("requests").rows}
        body = [line for line in three if line.strip()]

        def orphan(line):
            return line.startswith("|") and all(is_number(c) for c in cells(line) if c)

        def header(line):  # a rule or a header row (a fragment's own header stands between)
            return line.startswith("|") and not any(is_number(c) for c in cells(line))

        found, i = 0, 0
        while i < len(body):
            if body[i].startswith("|"):
                i += 1
                continue
            j = i
            while j < len(body) and not body[j].startswith("|"):
                j += 1
            before = [line for line in body[:i] if not header(line)][-1:]
            after = [line for line in body[j:] if not header(line)][:1]
            assert any(orphan(line) for line in before + after), body[i:j]
            k = i
            while k < j:
                if key(body[k]) in labels:
                    seen.add("whole")
                    k += 1
                else:
                    assert k + 1 < j and key(body[k] + body[k + 1]) in labels, body[k:j]
                    seen.add("wrapped")
                    k += 2
                found += 1
            i = j
        assert found == sum(1 for line in body if orphan(line)) > 0
    assert seen == {"whole", "wrapped"}


def test_the_narrative_sentence_uses_the_reports_own_figures():
    report = report_for(2, "2021")
    text = C.converter_markdown(report, 2, ("narrative",))
    sentences = [line for line in region(text, "三") if "件" in line]
    figures = {int(n) for s in sentences for n in re.findall(r"\d+", s)}
    req = report.tables["requests"]
    assert figures & {req.value("total", "total"), req.value("carried_over", "total"), req.value("new_received", "total")}


def test_unknown_feature_or_script_is_refused():
    report = report_for(1, "2021")
    with pytest.raises(ValueError, match="unknown converter features"):
        C.converter_markdown(report, 1, ("fragments", "confetti"))
    with pytest.raises(ValueError, match="unknown script"):
        C.converter_markdown(report, 1, script="klingon")


# ---------------------------------------------------------------- archived text: the generator
def unit_line(report: Report, unit, glued: bool) -> str:
    tkey, rkey = unit
    spec = report.spec(tkey)
    rows = [r for r in spec.rows if r.key in report.tables[tkey].rows] if rkey is None else [spec.row(rkey)]
    values = [cell_text(report.tables[tkey].cell(r.key, c)) for r in rows for c in r.columns]
    label = "" if rkey is None else spec.row(rkey).label
    if glued:
        return label + "".join(values)
    return " ".join(([label] if label else []) + values)


@pytest.mark.parametrize("glue", ["all", "some", "none"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_archived_rows_are_glued_or_spaced_in_order(glue, template):
    for seed in range(5):
        report = report_for(seed, template)
        glued = C.select_units(report, glue, seed)
        lines = unicodedata.normalize("NFKC", C.archived_text(report, seed, glue)).split("\n")
        where = []
        for unit in C.gluable_units(report):
            line = unit_line(report, unit, unit in glued)
            assert lines.count(line) == 1, (seed, unit, line)
            where.append(lines.index(line))
        assert where == sorted(where)
        if glue == "all":
            assert glued == set(C.gluable_units(report))
        elif glue == "none":
            assert not glued
        else:
            assert glued and glued != set(C.gluable_units(report))


def test_archived_text_glues_the_issues_example():
    report = report_for(1, "2021")
    t3 = report.tables["requests"]
    for col, v in zip(t3.rows["new_received"], (80, 1, 0, 0, 0, 0, 81)):
        t3.rows["new_received"][col].value = v
    text = C.archived_text(report, 0, [("requests", "new_received")])
    assert "一、本年新收政府信息公开申请数量801000081" in text.split("\n")


def test_archived_glue_can_be_limited_to_tables_or_given_rows():
    report = report_for(2, "2021")
    only3 = C.select_units(report, "all", 0, ("requests",))
    assert only3 and {t for t, _ in only3} == {"requests"}
    assert C.select_units(report, [("review_litigation", None)]) == {("review_litigation", None)}
    with pytest.raises(ValueError):
        C.select_units(report, [("requests", "no_such_row")])
    assert "行政许可" + format_number(report.tables["active_disclosure"].value("licensing", "decisions")) in \
        C.archived_text(report, 0, "all")


# ---------------------------------------------------------------- splitting glued digits
def brute_splits(digits: str, n: int) -> list:
    if n == 0 or not digits:
        return [()] if n == 0 and not digits else []
    out = []
    for cuts in combinations(range(1, len(digits)), n - 1):
        bounds = (0,) + cuts + (len(digits),)
        pieces = [digits[a:b] for a, b in zip(bounds, bounds[1:])]
        if all(p == "0" or p[0] != "0" for p in pieces):
            out.append(tuple(int(p) for p in pieces))
    return out


def brute_summed(digits: str, widths) -> list:
    out = []
    for cells_ in brute_splits(digits, sum(widths)):
        k, ok = 0, True
        for w in widths:
            block = cells_[k:k + w]
            ok = ok and block[-1] == sum(block[:-1])
            k += w
        if ok:
            out.append(cells_)
    return out


DIGITS = st.text(alphabet="0123456789", max_size=11)


@settings(max_examples=400, deadline=None)
@given(digits=DIGITS, n=st.integers(min_value=0, max_value=7))
def test_splits_agree_with_brute_force(digits, n):
    got = C.splits(digits, n)
    assert list(got) == brute_splits(digits, n)  # same splits, same order (by cut positions)
    assert C.count_splits(digits, n) == len(got)
    for cells_ in got:
        assert "".join(map(str, cells_)) == digits


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(digits=DIGITS.filter(lambda d: len(d) >= 2),
       widths=st.sampled_from([(1,), (2,), (3,), (4,), (7,), (2, 2), (3, 2), (2, 3, 2), (5, 5)]))
def test_summed_splits_agree_with_brute_force(digits, widths):
    assert sorted(C.summed_splits(digits, widths)) == sorted(brute_summed(digits, widths))


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.integers(min_value=0, max_value=5000), min_size=1, max_size=6))
def test_a_rows_own_values_are_always_a_summed_reading(values):
    row = tuple(values) + (sum(values),)
    assert row in C.summed_splits("".join(map(str, row)), (len(row),))


def test_split_examples():
    assert C.splits("801000081", 7) == ((8, 0, 10, 0, 0, 0, 81), (8, 0, 100, 0, 0, 8, 1), (80, 1, 0, 0, 0, 0, 81),
                                        (80, 10, 0, 0, 0, 8, 1), (801, 0, 0, 0, 0, 8, 1))
    assert C.summed_splits("801000081", (7,)) == ((80, 1, 0, 0, 0, 0, 81),)  # the issue's example
    assert C.splits("000", 3) == ((0, 0, 0),)
    assert C.splits("00", 1) == () and C.splits("", 0) == ((),) and C.splits("1", 2) == ()
    assert len(C.splits("693665", 3)) == 10 and (69, 3, 665) in C.splits("693665", 3)  # 平潭2021 表二
    assert C.summed_splits("111000012", (7,)) == ((1, 1, 10, 0, 0, 0, 12), (1, 11, 0, 0, 0, 0, 12),
                                                  (11, 1, 0, 0, 0, 0, 12))
    assert C.token_splits("0-205", ("signed",) * 3) == ((0, -20, 5),)
    assert C.token_splits("619691.1", ("count", "amount")) == ((6, 19691.1), (61, 9691.1), (619, 691.1),
                                                               (6196, 91.1), (61969, 1.1))
    assert C.token_splits("43362", ("count",)) == ((43362,),)
    with pytest.raises(ValueError):
        C.splits("12a", 2)


def test_splitting_is_fast_on_long_runs():
    start = time.perf_counter()
    assert C.count_splits("1" * 30, 15) == 77558760  # C(29, 14), counted without listing
    run = "".join(str(v) for v in (27, 10, 9, 15, 61, 3, 0, 0, 0, 3, 8, 0, 1, 1, 10))  # 沭阳2025 table 4
    readings = C.summed_splits(run, (5, 5, 5))
    assert (27, 10, 9, 15, 61, 3, 0, 0, 0, 3, 8, 0, 1, 1, 10) in readings
    row = "".join(str(v) for v in (746, 12, 0, 0, 10, 1, 769))
    assert C.summed_splits(row, (7,)) == ((746, 12, 0, 0, 10, 1, 769),)
    assert len(C.splits("1" * 22, 7)) == 54264  # C(21, 6)
    assert time.perf_counter() - start < 5


# ---------------------------------------------------------------- readings under the identities
def truth(report: Report, unit) -> tuple:
    tkey, rkey = unit
    spec = report.spec(tkey)
    rows = [r for r in spec.rows if r.key in report.tables[tkey].rows] if rkey is None else [spec.row(rkey)]
    return tuple(report.tables[tkey].value(r.key, c) for r in rows for c in r.columns)


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_reports_own_values_are_always_a_reading(template):
    unique = 0
    for seed in range(40):
        report = report_for(seed, template)
        for tables_ in (("requests",), ("requests", "review_litigation"), C.ARCHIVE_TABLES):
            candidates = C.glued_candidates(report, C.select_units(report, "all", seed, tables_))
            for unit, readings in candidates.items():
                assert truth(report, unit) in readings, (seed, unit)
                if len(readings) == 1:
                    assert readings[0] == truth(report, unit)
        t3 = C.glued_candidates(report, C.select_units(report, "all", seed, ("requests",)))
        unique += not C.ambiguous_units(t3)
    assert unique >= 30  # gluing every table-3 row usually leaves one reading


def _swap_pair(report: Report) -> tuple:
    """Two leaf rows made (1, 11, 0…, 12) and (11, 1, 0…, 12): glued, each reads either way
    and their sum is the same, so every identity holds both ways.  Totals kept consistent."""
    t3 = report.tables["requests"]
    spec = report.spec("requests")
    leaves = [r.key for r in spec.rows if r.leaf]
    a, b = leaves[2], leaves[3]
    cols = [c.key for c in spec.columns]
    for rkey, values in ((a, (1, 11, 0, 0, 0, 0, 12)), (b, (11, 1, 0, 0, 0, 0, 12))):
        for c, v in zip(cols, values):
            old = t3.rows[rkey][c].value
            t3.rows[rkey][c].value = v
            for fix in ("total", "new_received"):
                t3.rows[fix][c].value += v - old
    return a, b


def test_two_rows_that_read_both_ways_are_both_ambiguous():
    report = report_for(8, "2021")
    a, b = _swap_pair(report)
    from govreport.check import check

    assert check(report).valid
    glued = [("requests", a), ("requests", b)]
    candidates = C.glued_candidates(report, glued)
    assert C.ambiguous_units(candidates) == glued
    assert sorted(candidates[("requests", a)]) == [(1, 11, 0, 0, 0, 0, 12), (11, 1, 0, 0, 0, 0, 12)]
    # one of them alone is fixed by the column identities
    assert C.glued_candidates(report, glued[:1]) == {glued[0]: [(1, 11, 0, 0, 0, 0, 12)]}


def test_a_glued_row_with_its_own_error_has_no_reading():
    report = report_for(3, "2021")
    cell = report.tables["requests"].rows["granted"]["natural_person"]
    cell.value += 3
    assert C.glued_candidates(report, [("requests", "granted")]) == {("requests", "granted"): []}


# ---------------------------------------------------------------- the loader: converter Markdown
@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("seed", range(6))
def test_converter_markdown_with_every_damage_loads_exactly(seed, template):
    report = report_for(seed, template)
    text = C.converter_markdown(report, seed)
    back = loads(text.encode("utf-8"), path="x.md")
    assert tables(back) == tables(report)
    assert back.template == template


@pytest.mark.parametrize("features", FEATURE_SETS[2:] + [()], ids=lambda f: "+".join(f) or "none")
@pytest.mark.parametrize("template", TEMPLATES)
def test_converter_markdown_with_one_damage_loads_exactly(features, template):
    for seed in range(3):
        report = report_for(seed, template)
        back = loads(C.converter_markdown(report, seed, features).encode("utf-8"), path="x.md")
        assert tables(back) == tables(report), (seed, features)


@pytest.mark.parametrize("script", ["traditional", "taiwan"])
def test_converter_markdown_in_traditional_script_loads_exactly(script):
    for seed, template in ((1, "2021"), (2, "2019")):
        report = report_for(seed, template)
        back = loads(C.converter_markdown(report, seed, script=script).encode("utf-8"), path="x.md")
        assert tables(back) == tables(report)


def test_converter_narrative_is_never_a_table_row():
    """Only the narrative damage: a sentence with figures and row names above table 3."""
    for seed in range(6):
        report = report_for(seed, "2021")
        back = loads(C.converter_markdown(report, seed, ("narrative",)).encode("utf-8"), path="x.md")
        assert tables(back) == tables(report)


# ---------------------------------------------------------------- the loader: archived text
GLUE_CASES = {
    "table3": ("all", ("requests",)),
    "tables3+4": ("all", ("requests", "review_litigation")),
    "everything": ("all", C.ARCHIVE_TABLES),
    "some": ("some", C.ARCHIVE_TABLES),
}


def expect_archived(report: Report, text: str, glued) -> None:
    """Exact with recovered cells marked when every glued row has one reading; else refused,
    naming an ambiguous row."""
    candidates = C.glued_candidates(report, glued)
    ambiguous = C.ambiguous_units(candidates)
    if ambiguous:
        with pytest.raises(ParseError) as info:
            loads(text.encode("utf-8"), path="x.txt")
        labels = [label for unit in ambiguous for label in C.unit_labels(report, unit)]
        assert names(str(info.value), labels), (str(info.value), ambiguous)
        return
    back = loads(text.encode("utf-8"), path="x.txt")
    assert tables(back) == tables(report)
    prov = back.to_dict(provenance=True)["provenance"]
    for tkey, rkey in C.gluable_units(report):
        spec = report.spec(tkey)
        rows = [r for r in spec.rows if r.key in report.tables[tkey].rows] if rkey is None else [spec.row(rkey)]
        many = sum(len(r.columns) for r in rows) > 1
        for r in rows:
            for c in r.columns:
                p = prov[tkey][r.key][c]
                if (tkey, rkey) in glued and many:
                    assert "recovered" in p, (tkey, r.key, c, p)
                elif (tkey, rkey) not in glued:
                    assert "recovered" not in p, (tkey, r.key, c, p)


@pytest.mark.parametrize("case", GLUE_CASES)
@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("seed", range(5))
def test_archived_glued_rows_recover_exactly_or_are_refused(seed, template, case):
    report = report_for(seed, template)
    glue, tables_ = GLUE_CASES[case]
    glued = C.select_units(report, glue, seed, tables_)
    expect_archived(report, C.archived_text(report, seed, glue, tables_), glued)


def test_archived_rows_that_read_two_ways_are_refused_naming_them():
    report = report_for(8, "2021")
    a, b = _swap_pair(report)
    glued = [("requests", a), ("requests", b)]
    with pytest.raises(ParseError) as info:
        loads(C.archived_text(report, 0, glued).encode("utf-8"), path="x.txt")
    spec = report.spec("requests")
    assert names(str(info.value), [spec.row(a).label, spec.row(b).label]), str(info.value)


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("seed", range(4))
def test_archived_glued_row_with_the_reports_own_error_is_refused_naming_it(seed, template):
    report = report_for(seed, template)
    rng = random.Random(seed)
    spec = report.spec("requests")
    row = rng.choice(spec.rows)
    col = rng.choice(row.columns)
    cell = report.tables["requests"].rows[row.key][col]
    cell.value += rng.choice((1, 2, 9))
    for glued in ([("requests", row.key)], C.select_units(report, "all", seed, ("requests",))):
        text = C.archived_text(report, seed, glued)
        with pytest.raises(ParseError) as info:
            loads(text.encode("utf-8"), path="x.txt")
        if len(glued) == 1 or not C.summed_splits(C.glued_text(report, ("requests", row.key)), (len(row.columns),)):
            assert names(str(info.value), [row.label]), str(info.value)


def test_archived_table4_run_recovers_or_is_refused():
    for seed in range(12):
        report = report_for(seed, "2021")
        glued = [("review_litigation", None)]
        expect_archived(report, C.archived_text(report, seed, glued), glued)


# ---------------------------------------------------------------- fixtures under samples/converter
def fixture(name: str):
    expected = json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    path = next(p for p in SAMPLES.iterdir() if p.stem == name and not p.name.endswith(".json"))
    return path, expected


def expected_report(expected: dict) -> Report:
    return Report.from_dict({"template": expected["template"], "tables": expected["tables"]})


FIXTURES = ["huaian-2024-converter", "taicang-2021-archived-glued", "archived-glued-ambiguous",
            "pingtan-2021-archived-table2-ambiguous"]


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_prints_every_expected_number_in_order(name):
    path, expected = fixture(name)
    report = expected_report(expected)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        assert pipe_numbers(text) == C.printed_values(report)
        return
    lines = unicodedata.normalize("NFKC", text).split("\n")
    glued = [tuple(u) for u in expected["glued"]]
    for unit in C.gluable_units(report):
        assert lines.count(unit_line(report, unit, unit in glued)) == 1, unit
    candidates = C.glued_candidates(report, glued)
    ambiguous = C.ambiguous_units(candidates)
    refused = expected.get("refused")
    if refused:
        assert ambiguous and all(names(C.unit_labels(report, u)[0], refused["rows"]) for u in ambiguous)
    else:
        assert not ambiguous


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_loads_as_expected(name):
    path, expected = fixture(name)
    data = path.read_bytes()
    if expected.get("refused"):
        with pytest.raises(ParseError) as info:
            loads(data, path=path.name)
        assert names(str(info.value), expected["refused"]["rows"]), str(info.value)
        return
    back = loads(data, path=path.name)
    assert tables(back) == expected["tables"]
    prov = back.to_dict(provenance=True)["provenance"]
    for tkey, rkey in (tuple(u) for u in expected.get("glued", [])):
        rows = expected["tables"][tkey] if rkey is None else {rkey: expected["tables"][tkey][rkey]}
        if sum(len(v) for v in rows.values()) > 1:
            assert all("recovered" in prov[tkey][r][c] for r, cols in rows.items() for c in cols)
