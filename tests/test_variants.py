"""Script and encoding variants: every layout × script (Simplified, Traditional, Traditional with
Taiwan phrasing) × encoding of a generated report reads back to the same tables."""

from __future__ import annotations

import itertools
import random
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreport import generate as G
from govreport import templates as T
from govreport.loaders import loads
from govreport.normalize import _converter, clean_text, to_simplified

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COMBOS = [(layout, script, encoding) for layout in G.ALL_LAYOUTS for script in G.SCRIPTS
          for encoding in G.encodings_for(script)]


def tables(report):
    return report.to_dict()["tables"]


def _round_trip(report, layout, script, encoding):
    data = G.write_bytes(report, layout, script, encoding)
    path = f"r.{script}.{encoding}{G.extension(layout)}"
    again = loads(data, path=path)
    where = (layout, script, encoding)
    assert tables(again) == tables(report), where
    assert again.template == report.template, where
    assert again.year == report.year and again.agency == report.agency, where
    assert again.source["script"] == ("simplified" if script == "simplified" else "traditional"), where


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), template=st.sampled_from(["2021", "2019"]),
       combo=st.sampled_from(COMBOS))
def test_any_report_round_trips_in_any_layout_script_and_encoding(seed, template, combo):
    _round_trip(G.random_report(random.Random(seed), template), *combo)


@pytest.mark.parametrize("layout,script,encoding", COMBOS)
def test_every_combination_round_trips(layout, script, encoding):
    rng = random.Random(zlib.crc32(f"{layout}|{script}|{encoding}".encode()))
    for template in ("2021", "2019"):
        _round_trip(G.random_report(rng, template), layout, script, encoding)


def test_written_cells_are_where_the_text_says():
    report = G.random_report(random.Random(5), "2021")
    for layout, script in itertools.product(G.ALL_LAYOUTS, G.SCRIPTS):
        w = G.written(report, layout, script)
        assert w.text == G.write(report, layout, script=script)
        assert len(w.cells) == sum(1 for t in report.tables.values() for _ in t.cells())
        for c in w.cells:
            value = report.tables[c.table].value(c.row, c.column)
            assert w.text[c.start:c.end] == str(value)
            assert w.text.split("\n")[c.line - 1].count(str(value)) >= 1


def test_old_api_is_unchanged():
    report = G.random_report(random.Random(9), "2019")
    assert G.LAYOUTS == ("markdown", "cells", "rows")
    assert G.write(report, "cells", True) == _converter("s2t").convert(G.write(report, "cells"))
    assert G.write(report, "cells", traditional=True) == G.write(report, "cells", script="traditional")
    with pytest.raises(ValueError):
        G.write(report, "csv")
    with pytest.raises(ValueError):
        G.encode("为", "latin-1")


def test_big5_takes_the_taiwan_variant_of_a_character_it_lacks():
    assert G.encode("行政複議爲", "big5").decode("big5") == "行政複議為"


# ---------------------------------------------------------------- Taiwan phrasing
def _labels():
    out = []
    for s in T.SECTIONS:
        out.append(f"{s.number}、{s.title}")
    for template in (T.TEMPLATE_2021, T.TEMPLATE_2019):
        out += list(template.markers)
        for spec in template.tables.values():
            out += [spec.title, spec.label_header] + list(spec.anchors)
            for r in spec.rows:
                out += [r.label, *r.aliases]
            for g in spec.groups:
                out += [g.label, *g.aliases]
            for c in spec.columns:
                out += [c.label] + ([c.group] if c.group else [])
    return sorted(set(out))


@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2twp", "s2hk"])
def test_every_template_label_reads_back_from_every_opencc_traditional(config):
    conv = _converter(config)
    wrong = {}
    for label in _labels():
        back = clean_text(conv.convert(label), traditional=True)
        if back not in (label, label.replace("规范性档案", "规范性文件")):
            wrong[label] = back
    assert not wrong


def test_taiwan_words_map_back_only_where_labels_use_them():
    assert to_simplified("政府資訊公開") == "政府信息公开"
    assert to_simplified("行政規範性檔案") == "行政规范性文件"
    assert to_simplified("本列資料的勾稽關係") == "本列数据的勾稽关系"
    assert to_simplified("上一年專案數量") == "上一年项目数量"
    assert to_simplified("採購專案數量") == "采购项目数量"
    assert to_simplified(" 專案 ") == " 项目 "
    # the same words elsewhere, and the words OpenCC's tw2sp would change, stay
    assert to_simplified("檔案館") == "档案馆"
    assert to_simplified("專案組") == "专案组"
    assert to_simplified("申請資料") == "申请资料"
    assert to_simplified("8.屬於行政查詢事項") == "8.属于行政查询事项"
    assert to_simplified("行政規範性文件") == "行政规范性文件"


def test_taicang_sample_in_taiwan_phrasing(taicang):
    from govreport import render as R

    text = _converter("s2twp").convert(R.to_markdown(taicang))
    assert "政府資訊公開" in text and "行政規範性檔案" in text
    for encoding in ("utf-8", "big5", "utf-16"):
        again = loads(G.encode(text, encoding), path="taicang-tw.md")
        assert tables(again) == tables(taicang)
        assert again.title == taicang.title
