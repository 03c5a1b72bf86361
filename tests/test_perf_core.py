"""Per-file and start-up cost of load + check (issue 12): what the faster code must keep exactly.

The core (``govreport.loaders``, ``govreport.check``, ``govreport.output.findings``) imports neither
``dataclasses`` nor ``fractions``/``decimal``; the records standing for dataclasses still work with
``dataclasses.replace``; the fast paths (NFKC, the CJK count, whole-number identities, the label
index's group rows, the OCR test) give exactly what the general code gives.  No timings here: see
``benchmarks/bench_html.py`` and ``benchmarks/README.md``.
"""

from __future__ import annotations

import dataclasses
import random
import re
import subprocess
import sys
import unicodedata
from fractions import Fraction
from pathlib import Path

import pytest

from govreport import check as C
from govreport import normalize as N
from govreport import templates as T
from govreport.loaders import load
from govreport.model import Cell, Report, Table, exact, plain
from govreport.parse.labels import index

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = str(ROOT / "samples" / "taicang-2021.txt")
SLOW = ("dataclasses", "fractions", "decimal", "inspect")


def modules_after(code: str) -> set:
    """The modules a fresh interpreter holds after running ``code``."""
    proc = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sorted(sys.modules)))"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return set(proc.stdout.split())


def test_the_core_imports_no_dataclasses_fractions_or_decimal():
    modules = modules_after("from govreport.loaders import load\nfrom govreport.check import check\n"
                            "from govreport.output import findings")
    assert not set(SLOW) & modules, sorted(set(SLOW) & modules)


def test_checking_a_valid_report_imports_no_fractions_or_ocr():
    """Whole-number identities are added as ints; govreport.ocr (which imports fractions) only for a
    report holding numbers read by OCR."""
    modules = modules_after(f"from govreport.loaders import load\nfrom govreport.check import check\n"
                            f"assert check(load({SAMPLE!r})).valid")
    assert not {"dataclasses", "fractions", "decimal", "govreport.ocr"} & modules


def test_report_and_check_result_work_with_dataclasses_replace():
    report = load(SAMPLE)
    result = C.check(report)
    assert dataclasses.is_dataclass(report) and dataclasses.is_dataclass(result)
    only = dataclasses.replace(report, tables={"requests": report.tables["requests"]}, sections=[])
    assert list(only.tables) == ["requests"] and only.title == report.title and only.sections == []
    assert only.source is report.source  # replace copies references, as a dataclass's does
    assert dataclasses.replace(result, findings=[]).findings == [] and result.file == report.path
    names = [f.name for f in dataclasses.fields(Report)]
    assert names == list(Report.__match_args__) and names[:2] == ["title", "agency"]
    assert [f.name for f in dataclasses.fields(C.CheckResult)] == ["file", "findings", "report", "about"]
    assert Report() == Report() and Report().source is not Report().source
    assert repr(Cell(1)) == "Cell(value=1, raw='', prov=None, unit=None)"


def test_the_fullwidth_table_of_the_fast_nfkc():
    """Each replaced character and its replacement have the same decomposition and are starters:
    the replaced text has the same NFKC (the argument of normalize.nfkc)."""
    for wide, narrow in N._WIDE:
        assert unicodedata.normalize("NFKD", wide) == narrow == unicodedata.normalize("NFKD", narrow)
        assert unicodedata.combining(wide) == unicodedata.combining(narrow) == 0 and narrow.isascii()


@pytest.mark.parametrize("text", [
    "", "自然人", "（一）予以公开", "本年新收政府信息公开申请１２３件，办结１１件；",
    "全角标点，后接组合符号\u0301与ｆｉ连字ﬁ", "，\u0301", "（\u0308）", "A\u030a，Å", "ｶﾞ，ｷﾞ", "①②，③",
    "\u3000\u3000正文：100％", "㈠不予公开？！", "\u212b，\u2126", "e\u0301\u0327，e\u0327\u0301",
])
def test_fast_nfkc_is_nfkc(text):
    assert N.nfkc(text) == unicodedata.normalize("NFKC", text)


def test_fast_nfkc_is_nfkc_on_random_text():
    rng = random.Random(12)
    alphabet = ("，（）；：！？％\u3000" "abcAＢＣ１２３" "\u0301\u0308\u0327\u3099\u309a" "かがｶﾞ" "一二三〇"
                "\uf900\u2f00\u00bd\u00b2ﬁ①" "ÅÅ\u212b" "  \u00a0")
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert N.nfkc(text) == unicodedata.normalize("NFKC", text), repr(text)


def test_count_cjk_counts_the_cjk_block():
    rng = random.Random(7)
    pool = [chr(c) for c in (0x4DFF, 0x4E00, 0x4E01, 0x4FFF, 0x5000, 0x9FFF, 0xA000, 0x3400, 0x4000, 0x4DB5,
                             0xE000, 0xFF0C, 0x20000, 0x41, 0xE4, 0x3001)] + ["\ud800"]
    for _ in range(2000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 30)))
        assert N.count_cjk(text) == sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff"), repr(text)


def _exact_difference(plus: list, minus: list) -> Fraction:
    return sum((exact(v) for v in plus), Fraction(0)) - sum((exact(v) for v in minus), Fraction(0))


def test_whole_number_identities_give_the_exact_values():
    rng = random.Random(3)
    values = [None, 0, 1, 7, 120, -3, 2.5, 0.1, 1e3, 3.0]
    for _ in range(2000):
        plus = [rng.choice(values) for _ in range(rng.randint(0, 6))]
        minus = [rng.choice(values) for _ in range(rng.randint(0, 2))]
        target = rng.choice(values[1:])
        expected = C._difference(plus, minus)
        assert expected == _exact_difference(plus, minus) and type(plain(expected)) is type(
            plain(_exact_difference(plus, minus)))
        assert C._residual(target, expected) == exact(target) - _exact_difference(plus, minus)


def _report(rows: dict, prov: dict = None) -> Report:
    cols = [c.key for c in T.REVIEW_COLUMNS]
    table = Table("review_litigation", {r: {c: Cell(v, str(v), dict(prov or {})) for c, v in zip(cols, vals)}
                                        for r, vals in rows.items()})
    return Report(template="2021", tables={"review_litigation": table})


@pytest.mark.parametrize("change, delta", [(1, -1), (0.5, -0.5), (-2.25, 2.25)])
def test_suspect_and_its_change_are_exact(change, delta):
    """One wrong cell of 表三 (a whole or a decimal change): the identities name it, with the exact change."""
    report = load(SAMPLE)
    cell = report.tables["requests"].rows["granted"]["natural_person"]
    cell.value += change
    errors = [f for f in C.check(report).findings if f.rule.startswith("requests.")]
    assert errors and all(f.suspect["row"] == "granted" and f.suspect["column"] == "natural_person" for f in errors)
    assert all(f.suspect["delta"] == delta and type(f.suspect["delta"]) is type(delta) for f in errors)
    assert all(type(f.expected) is int for f in errors if f.column == "total" and f.row != "granted")


def test_the_ocr_test_of_check_is_govreport_ocr_is_ocr():
    from govreport.model import read_by_ocr
    from govreport.ocr import is_ocr

    assert is_ocr is read_by_ocr and C.read_by_ocr is read_by_ocr  # one test, not two copies
    plain_report = load(SAMPLE)
    read = _report({"review": [1, 2, 3, 4, 10]}, {"ocr": {"status": "read"}})
    assert [read_by_ocr(r) for r in (plain_report, read, Report())] == [False, True, False]


def test_the_group_only_rows_of_the_label_index():
    """Rows matched bare only inside their group (3.其他 → 其他): the per-group table gives what a
    scan of every entry gives."""
    for template in (T.TEMPLATE_2021, T.TEMPLATE_2019):
        idx = index(template)
        for group in [g.key for spec in template.tables.values() for g in spec.groups] + ["nope"]:
            for key in ("其他", "其他处理", "总计", "nothing"):
                scan = [e for entries in idx.full.values() for e in entries if e.kind == "row"
                        and not e.obj.bare_ok and e.obj.group == group and N.bare_key(e.obj.label) == key]
                assert idx._group_only(key, group) == scan


def test_narrative_needs_a_count_word():
    """Every narrative pattern reads a count in 件/起/宗: a sentence without one is skipped unread."""
    from govreport import narrative

    for patterns, _, _ in narrative.QUANTITIES.values():
        for pattern in patterns:
            assert narrative._N in pattern
    assert re.search(r"\(\?:件\|起\|宗\)", narrative._N)


def test_the_figure_pattern_reads_as_its_one_class_lookbehind():
    """narrative._N tests the character before a figure with one lookbehind per word (cheaper to
    compile): the same matches as the single class it stands for."""
    from govreport import narrative

    one_class = re.compile(r"(?<![\d.约近余多逾超])(\d+)\s*(?:件|起|宗)(?![\d%])")
    split = re.compile(narrative._N)
    rng = random.Random(5)
    alphabet = "0123456789..约近余多逾超件起宗 %共收到\u0661\u0662年"
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        assert [m.span(1) for m in split.finditer(text)] == [m.span(1) for m in one_class.finditer(text)], text
