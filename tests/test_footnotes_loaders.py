"""Footnote marks in HTML and Word reach the parser as Unicode superscripts (``2293¹``), never as digits
glued into the number (``22931``).  The loaders' ``read()`` output is tested: RawDocument.lines."""

from __future__ import annotations

import io

import pytest

from govreport.loaders import html as html_loader

docx = pytest.importorskip("docx")

from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from govreport.loaders import docx as docx_loader  # noqa: E402


def _rows(raw) -> list:
    return [line.cells for line in raw.lines if line.structured]


def _paragraphs(raw) -> list:
    return [line.cells[0] for line in raw.lines if not line.structured]


# ------------------------------------------------------------------ the mapping
@pytest.mark.parametrize("text, mark", [
    ("1", "¹"), ("12", "¹²"), (" 3 ", "³"), ("[1]", "⁽¹⁾"), ("（2）", "⁽²⁾"), ("［３］", "⁽³⁾"), ("*", "*"),
    ("＊", "*"), ("※", "※"), ("1*", "¹*"), ("¹", "¹"), ("注1", "⁽注¹⁾"), ("注", "⁽注⁾"), ("（注1）", "⁽注¹⁾"), ("【注2】", "⁽注²⁾"), ("a", "⁽a⁾"),
    ("a1", "⁽a¹⁾"), ("①", "¹"), ("", ""), (" ", " "),
])
def test_superscript_mark(text, mark):
    assert html_loader.superscript_mark(text) == mark


def test_no_mark_holds_an_ordinary_digit():
    import unicodedata

    for ch in "0123456789":
        sup = html_loader.superscript_mark(ch)
        assert sup != ch and not sup.isascii()
        assert unicodedata.normalize("NFKC", sup) == ch  # why the parser must split marks before NFKC
    for text in ("注1", "（注２）", "a12", "①②", "见表1", "[1]", "#3"):
        assert not any(ch.isascii() and ch.isdigit() for ch in html_loader.superscript_mark(text)), text


# ------------------------------------------------------------------ HTML
def _html(body: str) -> bytes:
    return f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>".encode("utf-8")


def test_html_sup_in_a_cell_is_a_superscript_mark_after_the_number():
    raw = html_loader.read(_html(
        "<table><tr><td>行政许可</td><td><span>22</span><span>93</span><sup>1</sup></td></tr>"
        "<tr><td>行政处罚</td><td>29685<sup> 2 </sup></td></tr>"
        "<tr><td>行政强制</td><td>3949<sup>[12]</sup></td></tr>"
        "<tr><td>规章</td><td>5<sup>*</sup></td></tr>"
        "<tr><td>收费</td><td>8<sup><span>注</span><span>1</span></sup></td></tr></table>"), "t.html")
    assert _rows(raw) == [["行政许可", "2293¹"], ["行政处罚", "29685²"], ["行政强制", "3949⁽¹²⁾"], ["规章", "5*"],
                          ["收费", "8⁽注¹⁾"]]


def test_html_styled_and_word_export_footnote_references():
    raw = html_loader.read(_html(
        '<table><tr><td>a</td><td>2293<span style="Vertical-Align : SUPER">1</span></td>'
        '<td>43362<a href="#_ftn1" name="_ftnref1"><span class="MsoFootnoteReference"><span '
        'class="MsoFootnoteReference"><span style="font-size:10.5pt">[1]</span></span></span></a></td>'
        '<td>7<span class="MsoEndnoteReference">i</span></td></tr></table>'), "t.html")
    assert _rows(raw) == [["a", "2293¹", "43362⁽¹⁾", "7⁽i⁾"]]


def test_html_sup_in_a_paragraph_and_sub_left_as_text():
    raw = html_loader.read(_html("<p>共收到申请2293<sup>1</sup>件，面积100m<sup>2</sup>。</p>"
                                 "<table><tr><td>H<sub>2</sub>O</td><td><sup> </sup>4</td></tr></table>"), "t.html")
    assert _paragraphs(raw) == ["共收到申请2293¹件，面积100m²。"]
    assert _rows(raw) == [["H2O", "4"]]


def test_html_whitespace_before_a_mark_is_dropped():
    raw = html_loader.read(_html("<p>共2293 <sup>1</sup>件</p><table><tr><td>2293&nbsp;<sup>1</sup></td>"
                                 "<td><p>43362</p><sup>2</sup></td><td>7 <sup> </sup>8</td></tr></table>"), "t.html")
    assert _paragraphs(raw) == ["共2293¹件"]
    assert _rows(raw) == [["2293¹", "43362²", "7 8"]]


def test_html_without_marks_is_unchanged():
    raw = html_loader.read(_html("<table><tr><td>1</td><td><span>2</span><b>293</b></td></tr></table>"), "t.html")
    assert _rows(raw) == [["1", "2293"]]


def test_html_a_block_styled_super_is_not_a_mark():
    raw = html_loader.read(_html('<table><tr><td><p style="vertical-align:super">12</p></td></tr></table>'), "t.html")
    assert _rows(raw) == [["12"]]


# ------------------------------------------------------------------ Word
def _save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _read(doc):
    return docx_loader.read(_save(doc), "t.docx")


def _cell(table, r, c, *runs):
    """Fill a cell with runs: each a str, or (str, dict of font settings / 'position' / 'style')."""
    p = table.cell(r, c).paragraphs[0]
    for run in runs:
        text, opts = (run, {}) if isinstance(run, str) else run
        added = p.add_run(text)
        for key, value in opts.items():
            if key == "position":
                pos = OxmlElement("w:position")
                pos.set(qn("w:val"), str(value))
                added._r.get_or_add_rPr().append(pos)
            elif key == "vertAlign":  # python-docx writes no explicit baseline: set it in the XML
                align = OxmlElement("w:vertAlign")
                align.set(qn("w:val"), value)
                added._r.get_or_add_rPr().append(align)
            elif key == "style":
                added.style = value
            else:
                setattr(added.font, key, value)
    return p


def test_docx_superscript_run_is_a_mark_after_the_number():
    doc = docx.Document()
    t = doc.add_table(rows=4, cols=2)
    _cell(t, 0, 0, "行政许可")
    _cell(t, 0, 1, "22", "93", ("1", {"superscript": True}))
    _cell(t, 1, 0, "行政处罚")
    _cell(t, 1, 1, "29685", ("[", {"superscript": True}), ("1", {"superscript": True}), ("]", {"superscript": True}))
    _cell(t, 2, 0, "行政强制")
    _cell(t, 2, 1, "3949", ("注", {"superscript": True}), ("1", {"superscript": True}))
    _cell(t, 3, 0, "H", ("2", {"subscript": True}), "O")
    _cell(t, 3, 1, "5", ("*", {"superscript": True}))
    assert _rows(_read(doc)) == [["行政许可", "2293¹"], ["行政处罚", "29685⁽¹⁾"], ["行政强制", "3949⁽注¹⁾"],
                                 ["H2O", "5*"]]


def test_docx_whitespace_before_a_mark_is_dropped():
    doc = docx.Document()
    t = doc.add_table(rows=1, cols=2)
    _cell(t, 0, 0, "2293 ", ("1", {"superscript": True}))
    _cell(t, 0, 1, "43362", (" ", {"superscript": True}), "5")  # a blank superscript run is a space
    assert _rows(_read(doc)) == [["2293¹", "43362 5"]]


def test_docx_superscript_through_a_character_style_and_its_base():
    doc = docx.Document()
    base = doc.styles.add_style("MarkBase", WD_STYLE_TYPE.CHARACTER)
    base.font.superscript = True
    mark = doc.styles.add_style("NoteMark", WD_STYLE_TYPE.CHARACTER)
    mark.base_style = base
    plain = doc.styles.add_style("NotRaised", WD_STYLE_TYPE.CHARACTER)
    plain.base_style = base
    align = OxmlElement("w:vertAlign")
    align.set(qn("w:val"), "baseline")
    plain.element.get_or_add_rPr().append(align)
    t = doc.add_table(rows=1, cols=3)
    _cell(t, 0, 0, "2293", ("1", {"style": mark}))
    _cell(t, 0, 1, "43362", ("2", {"style": base}))
    _cell(t, 0, 2, "12", ("3", {"style": plain}))  # its own setting wins over the base style
    assert _rows(_read(doc)) == [["2293¹", "43362²", "123"]]


def test_docx_direct_baseline_overrides_a_superscript_style():
    doc = docx.Document()
    sup = doc.styles.add_style("Sup", WD_STYLE_TYPE.CHARACTER)
    sup.font.superscript = True
    t = doc.add_table(rows=1, cols=1)
    _cell(t, 0, 0, "22", ("93", {"style": sup, "vertAlign": "baseline"}))
    assert _rows(_read(doc)) == [["2293"]]


def test_docx_position_raised_short_mark_after_text():
    doc = docx.Document()
    t = doc.add_table(rows=1, cols=4)
    _cell(t, 0, 0, "2293", ("1", {"position": 6}))
    _cell(t, 0, 1, ("2293", {"position": 6}))  # a raised number alone is the number
    _cell(t, 0, 2, "12", ("345", {"position": 6}))  # three digits raised: not a mark, read as printed
    _cell(t, 0, 3, "7", ("1", {"position": -4}))  # lowered
    assert _rows(_read(doc)) == [["2293¹", "2293", "12345", "71"]]


def test_docx_footnote_reference_becomes_its_number():
    doc = docx.Document()
    t = doc.add_table(rows=1, cols=3)
    for c, (value, custom) in enumerate((("2293", False), ("43362", False), ("5", True))):
        p = _cell(t, 0, c, value)
        r = OxmlElement("w:r")
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(c + 2))
        if custom:
            ref.set(qn("w:customMarkFollows"), "1")
        r.append(ref)
        p._p.append(r)
        if custom:
            p.add_run("*").font.superscript = True
    assert _rows(_read(doc)) == [["2293¹", "43362²", "5*"]]


def test_docx_paragraph_superscript_and_nested_runs():
    doc = docx.Document()
    p = doc.add_paragraph("共收到申请")
    p.add_run("2293")
    p.add_run("1").font.superscript = True
    p.add_run("件")
    t = doc.add_table(rows=1, cols=3)
    # a number inside a smart tag (chmetcnv), a tracked insertion, and a tracked deletion
    for c, wrapper in enumerate(("w:smartTag", "w:ins", "w:del")):
        cell_p = _cell(t, 0, c, "22")
        outer = OxmlElement(wrapper)
        r = OxmlElement("w:r")
        text = OxmlElement("w:delText" if wrapper == "w:del" else "w:t")
        text.text = "93"
        r.append(text)
        outer.append(r)
        cell_p._p.append(outer)
    raw = _read(doc)
    assert _paragraphs(raw) == ["共收到申请2293¹件"]
    assert _rows(raw) == [["2293", "2293", "22"]]


def test_docx_runs_in_inline_content_controls_hyperlinks_and_simple_fields():
    doc = docx.Document()
    t = doc.add_table(rows=1, cols=3)
    for c, path in enumerate((("w:sdt", "w:sdtContent"), ("w:hyperlink",), ("w:fldSimple",))):
        p = _cell(t, 0, c, "22")
        outer = inner = OxmlElement(path[0])
        for tag in path[1:]:
            inner.append(OxmlElement(tag))
            inner = inner[-1]
        r = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "93"
        r.append(text)
        inner.append(r)
        p._p.append(outer)
        p.add_run("1").font.superscript = True
    assert _rows(_read(doc)) == [["2293¹", "2293¹", "2293¹"]]


def test_docx_without_marks_is_unchanged():
    doc = docx.Document()
    t = doc.add_table(rows=1, cols=2)
    _cell(t, 0, 0, "规章")
    _cell(t, 0, 1, "2", "293", ("", {"superscript": True}))
    assert _rows(_read(doc)) == [["规章", "2293"]]
