"""Issue 8: every cell exact, or refused out loud — the parser's side, one case per way
a real copy goes wrong (the damage properties in test_damage_properties.py generalise these)."""

from __future__ import annotations

import random
import re

import pytest

from govreport import generate as G
from govreport import messages as M
from govreport.check import check
from govreport.errors import ParseError
from govreport.loaders import loads


def report(seed=5, template="2021"):
    return G.random_report(random.Random(seed), template)


def tables(r) -> dict:
    return r.to_dict()["tables"]


def load(text: str, path="x.txt"):
    return loads(text.encode("utf-8"), path=path)


def cells_lines(rep) -> list:
    return G.write(rep, "cells").split("\n")


html_of = G.markdown_to_html


# ---------------------------------------------------------------- one cell's grammar
@pytest.mark.parametrize("damaged", ["l", "O", "约{v}", "{v}余", "4.{v}万", "{v} 7", "{v}l", "共{v}件"])
def test_a_single_number_row_takes_a_number_or_refuses_naming_the_row(damaged):
    rep = report()
    lines = cells_lines(rep)
    k = lines.index("行政许可")
    value = lines[k + 1]
    lines[k + 1] = damaged.format(v=value)
    with pytest.raises(ParseError, match=r"表二 第 \d+ 行“行政许可”："):
        load("\n".join(lines))


def test_a_single_number_row_with_nothing_is_refused():
    rep = report()
    lines = cells_lines(rep)
    k = lines.index("行政处罚")
    del lines[k + 1]
    with pytest.raises(ParseError, match=r"表二 第 \d+ 行“行政处罚”：没有找到数字"):
        load("\n".join(lines))


@pytest.mark.parametrize("mark", ["¹", "²³", "*", "※", "(注1)", "（注2）", "⁽注¹⁾"])
def test_a_footnote_mark_is_a_note_never_digits(mark):
    rep = report()
    lines = cells_lines(rep)
    k = lines.index("行政许可")
    lines[k + 1] += mark
    again = load("\n".join(lines))
    assert tables(again) == tables(rep)
    prov = again.to_dict(provenance=True)["provenance"]["active_disclosure"]["licensing"]["decisions"]
    assert prov["note"].replace("（", "(").replace("）", ")") in (mark, mark.replace("（", "(").replace("）", ")"))


def test_units_are_read_where_the_template_allows_them():
    rep = report()
    lines = cells_lines(rep)
    k = lines.index("行政许可")
    lines[k + 1] += "件"  # a count in 件: the same number
    assert tables(load("\n".join(lines))) == tables(rep)
    k = lines.index("行政事业性收费")
    lines[k + 1] = "27663元"  # 元 in a 万元 cell: never read as 27663 万元
    with pytest.raises(ParseError, match="行政事业性收费.*元"):
        load("\n".join(lines))


@pytest.mark.parametrize("tail", [" 件", " (单位:件)", "（单位：件）", "件"])
def test_a_unit_word_after_table4_keeps_table4(tail):
    rep = report()
    lines = G.write(rep, "rows").split("\n")
    j = max(i for i, ln in enumerate(lines) if re.fullmatch(r"(\d+ ){14}\d+", ln.strip()))
    lines[j] += tail
    assert tables(load("\n".join(lines))) == tables(rep)


def test_a_lone_word_between_a_rows_numbers_is_refused():
    rep = report()
    lines = G.write(rep, "rows").split("\n")
    j = max(i for i, ln in enumerate(lines) if re.fullmatch(r"(\d+ ){14}\d+", ln.strip()))
    parts = lines[j].split()
    lines[j] = " ".join(parts[:7] + ["约"] + parts[7:])
    with pytest.raises(ParseError, match=r"表四 .*“.*”：数字之间夹着“约”"):
        load("\n".join(lines))


@pytest.mark.parametrize("tail", [".45", "。45", "4336l"])
def test_a_damaged_number_after_a_full_row_is_refused_never_dropped(tail):
    """``政府集中采购 1 3079 .45``: a number printed in two (or junk trying to be a number) after the
    row's last cell on its line is a damaged row — refused naming it, never read as 1, 3079."""
    rep = report(template="2019")
    lines = G.write(rep, "rows").split("\n")
    j = next(i for i, ln in enumerate(lines) if ln.startswith("政府集中采购"))
    lines[j] += " " + tail
    with pytest.raises(ParseError, match="政府集中采购"):
        load("\n".join(lines))


def test_a_footnote_mark_after_a_full_row_is_not_a_damaged_number():
    """``政府集中采购 1 3079.45 *1``: a mark that does not start like a number is left to the notes."""
    rep = report(template="2019")
    lines = G.write(rep, "rows").split("\n")
    j = next(i for i, ln in enumerate(lines) if ln.startswith("政府集中采购"))
    lines[j] += " *1"
    assert tables(load("\n".join(lines))) == tables(rep)


def test_marks_alone_between_a_rows_numbers_do_not_make_it_a_sentence():
    """``0 0 33 。。 0 51 …`` in 表四: a speck between numbers, not a sentence the row belongs to
    (which would leave 表四 blank): the count is wrong, and the row is refused."""
    rep = report()
    lines = G.write(rep, "rows").split("\n")
    j = max(i for i, ln in enumerate(lines) if re.fullmatch(r"(\d+ ){14}\d+", ln.strip()))
    parts = lines[j].split()
    lines[j] = " ".join(parts[:7] + ["。。"] + parts[8:])
    with pytest.raises(ParseError, match="表四"):
        load("\n".join(lines))


def test_one_character_in_place_of_table4s_last_number_is_refused_not_read_as_a_blank_table():
    """``… 7 6 人`` (the last number of 表四 printed or converted as a character): not a sentence whose
    numbers are skipped — which left 表四 blank and the report "valid" — but a damaged row, refused."""
    rep = report()
    lines = G.write(rep, "rows").split("\n")
    j = max(i for i, ln in enumerate(lines) if re.fullmatch(r"(\d+ ){14}\d+", ln.strip()))
    lines[j] = " ".join(lines[j].split()[:14] + ["人"])
    with pytest.raises(ParseError, match="表四"):
        load("\n".join(lines))


# ---------------------------------------------------------------- headers, prose, template
def _swap(text: str, a: str, b: str) -> str:
    return text.replace(a, "\x00").replace(b, a).replace("\x00", b)


@pytest.mark.parametrize("layout", ["cells", "markdown"])
def test_table3_columns_follow_the_printed_header(layout):
    rep = report()
    text = _swap(G.write(rep, layout), "科研机构", "社会公益组织")
    again = load(text, "x.md" if layout == "markdown" else "x.txt")
    got, want = tables(again)["requests"], tables(rep)["requests"]
    for row in want:
        assert got[row]["research"] == want[row]["social_welfare"]
        assert got[row]["social_welfare"] == want[row]["research"]
        assert got[row]["natural_person"] == want[row]["natural_person"]
    assert check(again).valid


def test_a_header_printed_out_of_order_and_half_unreadable_is_refused():
    rep = report()
    text = G.write(rep, "cells")
    text = _swap(text, "科研机构", "社会公益组织").replace("法律服务机构", "法律服务机", 1)
    with pytest.raises(ParseError, match="表三 列标题"):
        load(text)


@pytest.mark.parametrize("cut", ["法人或其他组", "法人或其他"])
def test_a_group_header_with_its_end_lost_is_not_the_other_column(cut):
    """``法人或其他组`` (织 lost in a cut cell or by OCR) still holds the group's 其他, never the 其他
    column: with 总计's header missing too, the columns are the template's, exactly."""
    rep = report()
    text = G.write(rep, "cells").replace("法人或其他组织", cut, 1)
    assert cut + "织" not in text or cut == "法人或其他"
    assert tables(load(text)) == tables(rep)


def test_a_sentence_with_row_words_and_numbers_is_narrative():
    rep = report()
    for layout in ("rows", "markdown"):
        text = G.write(rep, layout)
        head = "三、收到和处理政府信息公开申请情况"
        sentence = ("本年度办结 1191 件（含上年结转 189 件），其中予以公开及部分公开 208 件，"
                    "无法提供 564 件，二、上年结转政府信息公开申请数量 5 件。")
        text = text.replace(head + "\n", head + "\n" + sentence + "\n", 1)
        again = load(text, "x.md" if layout == "markdown" else "x.txt")
        assert tables(again) == tables(rep)
        assert "1191" in again.sections[2].text


def test_the_template_comes_from_table_labels_never_from_narrative():
    text = ("某县2017年政府信息公开工作年度报告\n一、概述\n本年度政府集中采购项目12个，上一年项目数量等信息均已公开。\n"
            "二、主动公开政府信息情况\n全年主动公开政府信息1200条。\n"
            "三、收到和处理政府信息公开申请情况\n本年度共收到申请5件，均已答复。\n")
    again = load(text)
    assert again.template == "none" and again.tables == {}
    assert not [f for f in check(again).findings if f.severity == "error"]


def test_a_title_label_prefix_is_not_the_title():
    rep = report()
    again = load("标题:" + G.write(rep, "cells"))
    assert again.title == rep.title and again.agency == rep.agency


# ---------------------------------------------------------------- blank and printed tables
def test_an_all_blank_table4_is_kept_with_null_cells():
    rep = report()
    lines = cells_lines(rep)
    k = lines.index("尚未审结") if "尚未审结" in lines else None
    start = next(i for i, ln in enumerate(lines) if ln.startswith("四、政府信息公开"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("五、"))
    kept = [ln for ln in lines[start:end] if not re.fullmatch(r"\d+", ln)]
    assert k is not None and len(kept) < end - start
    again = load("\n".join(lines[:start] + kept + lines[end:]))
    t4 = tables(again)["review_litigation"]
    assert all(v is None for row in t4.values() for v in row.values()) and len(t4) == 3
    findings = check(again).findings
    assert not [f for f in findings if f.rule == "structure.missing_table"]
    assert [f for f in findings if f.table == "review_litigation" and f.severity == "info"]


def test_an_all_blank_table3_is_kept_and_not_assessable():
    rep = report()
    lines = cells_lines(rep)
    start = next(i for i, ln in enumerate(lines) if ln.startswith("三、收到和处理"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("四、政府信息公开"))
    kept = [ln for ln in lines[start:end] if not re.fullmatch(r"\d+", ln)]
    again = load("\n".join(lines[:start] + kept + lines[end:]))
    t3 = tables(again)["requests"]
    assert len(t3) == 25 and all(v is None for row in t3.values() for v in row.values())
    result = check(again)
    assert result.valid
    assert {f.rule for f in result.findings if f.table == "requests" and f.severity == "info"} >= {
        "requests.balance", "requests.results_total"}


def test_no_readable_table3_is_an_error_saying_whether_it_is_printed():
    rep = report()
    text = G.write(rep, "cells")
    start, end = text.index("三、收到和处理"), text.index("四、政府信息公开")
    section = "三、收到和处理政府信息公开申请情况\n本机关本年度未收到政府信息公开申请。\n"
    again = load(text[:start] + section + text[end:])
    result = check(again)
    missing = [f for f in result.findings if f.rule == "structure.missing_table" and f.table == "requests"]
    assert not result.valid and missing and missing[0].severity == "error"


def test_a_2021_table_printing_its_other_group_as_an_empty_row_loads_exactly():
    rep = report()
    md = G.write(rep, "markdown").replace("| **(六)其他处理** |", "| (六)其他处理 | | | | | | | |")
    assert "| (六)其他处理 | | | | | | | |" in md
    assert tables(load(md, "x.md")) == tables(rep)
    assert tables(load(html_of(md), "x.html")) == tables(rep)


def test_table4_with_one_flattened_header_row_loads_exactly():
    rep = report()
    md = G.write(rep, "markdown")
    start = md.index("| 项目 | 结果维持")
    end = md.index("## 五")
    values = [c for row in ("review", "litigation_direct", "litigation_after_review")
              for c in (G.format_number(v) for v in tables(rep)["review_litigation"][row].values())]
    t4 = "\n".join([
        "| 行政复议 | | | | | 行政诉讼（未经复议直接起诉） | | | | | 行政诉讼（复议后起诉） | | | | |",
        "|" + "---|" * 15,
        "| " + " | ".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3) + " |",
        "| " + " | ".join(values) + " |", "", ""])
    again = load(md[:start] + t4 + md[end:], "x.md")
    assert tables(again) == tables(rep)
    assert tables(load(html_of(md[:start] + t4 + md[end:]), "x.html")) == tables(rep)


# ---------------------------------------------------------------- identity-verified recovery
def _glue(line: str) -> str:
    m = re.match(r"^(\S.*?[^\d\s])\s+((?:\d+(?:\.\d+)?\s*)+)$", line)
    return m.group(1) + re.sub(r"\s+", "", m.group(2)) if m else line


def test_a_glued_row_with_one_reading_recovers_exactly_and_says_so():
    rep = report()
    lines = G.write(rep, "rows").split("\n")
    k = next(i for i, ln in enumerate(lines) if ln.startswith("一、本年新收"))
    lines[k] = _glue(lines[k])
    assert re.search(r"数量\d{7,}$", lines[k])
    again = load("\n".join(lines))
    assert tables(again) == tables(rep)
    prov = again.to_dict(provenance=True)["provenance"]["requests"]["new_received"]
    assert all("recovered" in p for p in prov.values())
    info = [f for f in check(again).findings if f.rule == "parse.recovered"]
    assert info and info[0].row == "new_received"
    assert "requests.row_total" in again.recoveries[0]["identities"]


def test_a_glued_row_with_two_readings_is_refused_naming_it():
    rep = report()
    lines = G.write(rep, "rows").split("\n")
    k = next(i for i, ln in enumerate(lines) if ln.startswith("行政规范性文件"))
    lines[k] = "行政规范性文件8256"  # 8|2|56, 8|25|6, 82|5|6: table 2 has no identity to choose
    with pytest.raises(ParseError, match="表二 .*“行政规范性文件”：连在一起的数字（“8256”）有不止一种拆分方式"):
        load("\n".join(lines))


def test_a_glued_row_of_a_report_whose_arithmetic_is_wrong_is_refused_never_fixed():
    rep = report()
    rep.tables["requests"].rows["granted"]["total"].value += 1  # the report's own error
    lines = G.write(rep, "rows").split("\n")
    k = next(i for i, ln in enumerate(lines) if ln.startswith("(一)予以公开"))
    lines[k] = _glue(lines[k])
    with pytest.raises(ParseError, match="“（一）予以公开”：连在一起的数字.*无法拆成"):
        load("\n".join(lines))


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_all_blank_tables_in_bordered_layouts_are_kept(fmt):
    rep = report()
    for tkey in ("requests", "review_litigation"):
        for _, _, cell in rep.tables[tkey].cells():
            cell.value, cell.raw = None, ""
    md = G.write(rep, "markdown")
    again = load(md if fmt == "markdown" else html_of(md), "x.md" if fmt == "markdown" else "x.html")
    assert tables(again) == tables(rep)
    result = check(again)
    assert result.valid and not [f for f in result.findings if f.rule == "structure.missing_table"]


# ---- 表四 with a number too many or too few: the message names the blocks where it can be ----------

def _t4_refusal(numbers: list) -> str:
    """The refusal of a 2021 report whose 表四 line prints ``numbers``."""
    import random as _random

    from govreport import generate as G
    from govreport.errors import ParseError as _ParseError
    from govreport.loaders import loads as _loads

    truth = G.random_report(_random.Random(5), "2021")
    text = G.write(truth, "rows")
    lines = text.split("\n")
    k = next(i for i, line in enumerate(lines) if len(line.split()) == 15 and all(w.isdigit() for w in line.split()))
    lines[k] = " ".join(map(str, numbers))
    with pytest.raises(_ParseError) as info:
        _loads("\n".join(lines).encode("utf-8"), "text", "r.txt")
    return info.value.message


def test_a_surplus_number_inside_a_block_names_that_block():
    # 行政复议 1 2 3 4 10 · 直接起诉 1 1 1 1 4 · 复议后起诉 0 0 0 2 2; a 7 inside the second block
    message = _t4_refusal([1, 2, 3, 4, 10, 1, 7, 1, 1, 1, 4, 0, 0, 0, 2, 2])
    assert "“行政诉讼 未经复议直接起诉”：找到 16 个数字" in message, message


def test_a_surplus_number_between_two_blocks_names_both():
    message = _t4_refusal([1, 2, 3, 4, 10, 7, 1, 1, 1, 1, 4, 0, 0, 0, 2, 2])
    assert "“行政诉讼 未经复议直接起诉”（或上一行“行政复议”的末尾" in message, message


def test_a_surplus_that_fits_in_several_places_names_every_block_it_may_be_in():
    # 12 9 | 0 0 0 9 9: the extra 9 may close the first block or the second: each leaves every block adding up
    message = _t4_refusal([0, 5, 6, 1, 12, 9, 0, 0, 0, 9, 9, 5, 0, 2, 0, 7])
    assert "“行政复议”“行政诉讼 未经复议直接起诉”或“行政诉讼 复议后起诉”之一" in message, message
    assert "无法判断是哪一处" in message


def test_a_lost_number_names_the_block_it_was_lost_from():
    message = _t4_refusal([1, 2, 3, 4, 10, 1, 1, 1, 4, 0, 0, 0, 2, 2])  # a 1 lost in the second block
    assert "“行政诉讼 未经复议直接起诉”：找到 14 个数字" in message, message


# ---- page numbers of text copied from print ---------------------------------------------------

@pytest.mark.parametrize("layout", ["cells", "rows", "pipes", "tabs", "markdown"])
@pytest.mark.parametrize("how", ["text", "html-p", "html-br", "html-pre", "docx-p"])
def test_page_numbers_on_lines_of_their_own_are_not_cells(layout, how):
    """— 3 —, 第 3 页, 3/10 … on a line of its own, anywhere (inside tables too: a page breaks where
    it breaks), in a text file or typed into a page or a Word file: the report reads exactly.
    (Before, "— 3 —" inside 表三 read as three more numbers of the next row, and the file was refused.)"""
    import random as _random

    from govreport import generate as G
    from govreport.loaders import loads as _loads

    for seed in range(4):
        rng = _random.Random(seed)
        truth = G.random_report(rng, ("2021", "2019")[seed % 2])
        text = G.with_page_numbers(G.write(truth, layout, script=G.SCRIPTS[seed % 3]), rng, count=4)
        if how == "text":
            data, path = text.encode("utf-8"), "r.md" if layout == "markdown" else "r.txt"
        else:
            data, path = G.typed(text, how), "r.docx" if how == "docx-p" else "r.html"
        assert _loads(data, None, path).to_dict()["tables"] == truth.to_dict()["tables"], (seed, text)


def test_a_number_alone_on_its_line_is_a_cell_not_a_page_number():
    """Only a page number printed as one (with its dashes, 第…页, n/m) is left out: a bare number
    on its line is a cell of the cells layout, and taking a cell's place a page number is named."""
    import random as _random

    from govreport import generate as G
    from govreport.errors import ParseError as _ParseError
    from govreport.loaders import loads as _loads

    truth = G.random_report(_random.Random(2), "2021")
    w = G.written(truth, "cells")
    span = next(s for s in w.cells if s.table == "requests" and s.row == "granted" and s.column == "commercial")
    assert _loads(w.text.encode(), "text", "r.txt").to_dict()["tables"] == truth.to_dict()["tables"]
    damaged = w.text[:span.start] + "— 3 —" + w.text[span.end:]
    with pytest.raises(_ParseError, match="予以公开"):
        _loads(damaged.encode(), "text", "r.txt")


# ---- words where a number stands ----------------------------------------------------------------

def test_a_page_number_on_a_row_is_no_count_of_it():
    """``行政处罚 第 4 页`` (the row's number lost, a page number beside its label): 4 is an ordinal,
    refused naming the row — it was read as the row's count."""
    import random as _random

    from govreport import generate as G
    from govreport.errors import ParseError as _ParseError
    from govreport.loaders import loads as _loads

    truth = G.random_report(_random.Random(249), "2021")
    w = G.written(truth, "rows")
    span = next(s for s in w.cells if s.row == "penalty" and s.table == "active_disclosure")
    for page in ("第 4 页", "Page 4", "p. 4"):
        damaged = w.text[:span.start] + page + w.text[span.end:]
        with pytest.raises(_ParseError, match="行政处罚.*序号或页码"):
            _loads(damaged.encode(), "text", "r.txt")


@pytest.mark.parametrize("layout", ["pipes", "rows", "markdown-html"])
def test_words_in_a_cell_of_table4_are_named_never_read_as_a_blank_table(layout):
    """不详 / 见附件 / 暂无数据 where a 表四 number stands: the row of 15 numbers was taken for a
    sentence (words after numbers), skipped, and 表四 read as blank — check said valid."""
    import random as _random

    from govreport import generate as G
    from govreport.errors import ParseError as _ParseError
    from govreport.loaders import loads as _loads

    truth = G.random_report(_random.Random(2), "2021")
    w = G.written(truth, "markdown" if layout == "markdown-html" else layout)
    spans = [s for s in w.cells if s.table == "review_litigation"]
    for span, word in ((spans[-1], "不详"), (spans[7], "见附件"), (spans[0], "暂无数据")):
        damaged = w.text[:span.start] + word + w.text[span.end:]
        data = G.markdown_to_html(damaged).encode() if layout == "markdown-html" else damaged.encode()
        label = M.row_label("2021", "review_litigation", span.row)
        with pytest.raises(_ParseError, match=re.escape(label)):
            _loads(data, None, "r.html" if layout == "markdown-html" else "r.txt")
