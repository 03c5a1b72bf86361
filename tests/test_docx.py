"""DOCX loader: tables with gridSpan / vMerge merges, blanks, damaged and hostile zips."""

from __future__ import annotations

import io
import zipfile

import pytest

from govreport.errors import InputError, ParseError
from govreport.loaders import docx as docx_loader
from govreport.loaders import loads

docx = pytest.importorskip("docx")

TITLE = "示例县2022年政府信息公开工作年度报告"


def _text(value) -> str:
    return "" if value is None else str(value)


def _table2(doc, v) -> None:
    t = doc.add_table(rows=14, cols=4)

    def span(r, text, first=0):
        cell = t.cell(r, first).merge(t.cell(r, 3))  # gridSpan
        cell.text = text

    span(0, "第二十条第（一）项")
    for c, h in enumerate(("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")):
        t.cell(1, c).text = h
    for r, (key, label) in ((2, ("regulations", "规章")), (3, ("normative_documents", "行政规范性文件"))):
        t.cell(r, 0).text = label
        for c, col in enumerate(("issued", "repealed", "in_force"), 1):
            t.cell(r, c).text = _text(v[key][col])
    rows = [(4, "五", "本年处理决定数量", [("行政许可", "licensing", "decisions")]),
            (7, "六", "本年处理决定数量", [("行政处罚", "penalty", "decisions"), ("行政强制", "coercion", "decisions")]),
            (11, "八", "本年收费金额（单位：万元）", [("行政事业性收费", "fees", "amount")])]
    for r, item, header, data in rows:
        span(r, f"第二十条第（{item}）项")
        t.cell(r + 1, 0).text = "信息内容"
        span(r + 1, header, 1)
        for k, (label, key, col) in enumerate(data, 2):
            t.cell(r + k, 0).text = label
            span(r + k, _text(v[key][col]), 1)


def _table3(doc, layout, values) -> None:
    rows = layout["rows"]
    t = doc.add_table(rows=3 + len(rows), cols=10)
    t.cell(0, 0).merge(t.cell(2, 2)).text = layout["header_note"]
    t.cell(0, 3).merge(t.cell(0, 9)).text = "申请人情况"
    t.cell(1, 3).merge(t.cell(2, 3)).text = "自然人"
    t.cell(1, 4).merge(t.cell(1, 8)).text = "法人或其他组织"
    t.cell(1, 9).merge(t.cell(2, 9)).text = "总计"
    for c, h in enumerate(("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"), 4):
        t.cell(2, c).text = h
    first_result = next(i for i, r in enumerate(rows) if r[2] > 1) + 3
    t.cell(first_result, 0).merge(t.cell(first_result + layout["result_rows"] - 1, 0)).text = layout["results_label"]
    groups = {}
    for i, (key, label, level, group) in enumerate(rows, 3):
        if level == 1:
            t.cell(i, 0).merge(t.cell(i, 2)).text = label
        elif level == 2:
            t.cell(i, 1).merge(t.cell(i, 2)).text = label
        else:
            groups.setdefault(group, []).append(i)
            t.cell(i, 2).text = label
        for c, col in enumerate(layout["columns"], 3):
            t.cell(i, c).text = _text(values[key][col])
    for group, members in groups.items():
        t.cell(members[0], 1).merge(t.cell(members[-1], 1)).text = group  # vMerge restart / continue


def _table4(doc, v) -> None:
    t = doc.add_table(rows=4, cols=15)
    t.cell(0, 0).merge(t.cell(0, 4)).text = "行政复议"
    t.cell(0, 5).merge(t.cell(0, 14)).text = "行政诉讼"
    heads = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    for c, h in enumerate(heads):
        t.cell(1, c).merge(t.cell(2, c)).text = h
    t.cell(1, 5).merge(t.cell(1, 9)).text = "未经复议直接起诉"
    t.cell(1, 10).merge(t.cell(1, 14)).text = "复议后起诉"
    for c in range(10):
        t.cell(2, 5 + c).text = heads[c % 5]
    cells = [v[b][c] for b in ("review", "litigation_direct", "litigation_after_review")
             for c in ("upheld", "corrected", "other", "pending", "total")]
    for c, value in enumerate(cells):
        t.cell(3, c).text = _text(value)


def _docx(t2, layout, t3, t4) -> bytes:
    doc = docx.Document()
    doc.add_paragraph(TITLE)
    doc.add_paragraph("一、总体情况")
    doc.add_paragraph("本机关全年共收到政府信息公开申请305件。")
    doc.add_paragraph("二、主动公开政府信息情况")
    _table2(doc, t2)
    doc.add_paragraph("三、收到和处理政府信息公开申请情况")
    _table3(doc, layout, t3)
    doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    _table4(doc, t4)
    doc.add_paragraph("五、存在的主要问题及改进情况")
    doc.add_paragraph("公开质量有待提升。")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.fixture
def report_docx(t2_values, t3_layout, t3_values, t4_values) -> bytes:
    return _docx(t2_values, t3_layout, t3_values, t4_values)


def test_tables_with_merged_cells(report_docx, t2_values, t3_values, t4_values):
    report = loads(report_docx, path="example.docx")
    d = report.to_dict()
    assert d["source"]["format"] == "docx"
    assert (d["title"], d["agency"], d["year"], d["template"]) == (TITLE, "示例县", 2022, "2021")
    assert d["tables"]["active_disclosure"] == t2_values
    assert d["tables"]["requests"] == t3_values
    assert d["tables"]["review_litigation"] == t4_values
    req = report.tables["requests"]
    # blanks stay blank (the checker must see them as "assuming blank = 0"), zeros stay 0
    assert all(req.cell(row, "research").value is None and req.cell(row, "research").raw == "" for row in t3_values)
    assert req.cell("carried_over", "social_welfare").value == 0
    assert req.cell("denied.state_secret", "natural_person").prov == {"table": 2, "row": 8, "col": 3}
    assert [s.number for s in report.sections] == ["一", "二", "三", "四", "五"]
    assert report.tables["review_litigation"].cell("litigation_after_review", "total").value is None


def test_merged_cells_emitted_once(report_docx):
    raw = docx_loader.read(report_docx, "example.docx", "docx")
    t3 = [line.cells for line in raw.lines if line.structured and line.prov["table"] == 2]
    assert t3[0] == ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]
    assert t3[1] == ["自然人", "法人或其他组织", "总计"]
    assert t3[2] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]  # vMerge continuations dropped
    assert t3[5][:2] == ["三、本年度办理结果", "（一）予以公开"]
    assert t3[6][0].startswith("（二）部分公开")
    assert t3[7][:2] == ["（三）不予公开", "1.属于国家秘密"]
    assert t3[8][0] == "2.其他法律行政法规禁止公开"
    t2 = [line.cells for line in raw.lines if line.structured and line.prov["table"] == 1]
    assert t2[6] == ["行政许可", "43362"]  # gridSpan value cell once


def test_truncated_docx_is_refused(report_docx):
    with pytest.raises(InputError) as err:
        loads(report_docx[: len(report_docx) // 2], path="cut.docx")
    assert "\n" not in str(err.value)


def test_damaged_member_is_refused(report_docx):
    # flip bytes inside the compressed document.xml: zipfile/zlib fail inside python-docx
    zf = zipfile.ZipFile(io.BytesIO(report_docx))
    info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 20
    data = bytearray(report_docx)
    data[start:start + 40] = b"\x00" * 40
    with pytest.raises(InputError):
        loads(bytes(data), path="damaged.docx")


def _zip(members: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, payload in members.items():
            zf.writestr(name, payload)
    return out.getvalue()


def test_zip_bomb_is_refused():
    bomb = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": b"<w:document/>",
                 "word/media/pad.bin": b"\0" * (4 * 1024 * 1024)})  # ratio ~ 1000
    with pytest.raises(InputError, match="压缩比超过"):
        loads(bomb, path="bomb.docx")


def test_size_limits(monkeypatch, report_docx):
    monkeypatch.setattr(docx_loader, "MAX_MEMBER", 1000)
    with pytest.raises(InputError, match="声明解压后有 .* 字节（上限 1000 字节）"):
        loads(report_docx, path="big.docx")
    monkeypatch.setattr(docx_loader, "MAX_MEMBER", 50 * 1024 * 1024)
    monkeypatch.setattr(docx_loader, "MAX_TOTAL", 5000)
    with pytest.raises(InputError, match="DOCX 解压后超过 5000 字节"):
        loads(report_docx, path="big.docx")


def test_zip_without_document_is_refused():
    with pytest.raises(InputError, match="word/document.xml"):
        loads(_zip({"xl/workbook.xml": "<workbook/>"}), path="book.docx")


def test_external_entities_are_not_resolved(tmp_path, report_docx):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-7731")
    zin = zipfile.ZipFile(io.BytesIO(report_docx))
    members = {name: zin.read(name) for name in zin.namelist()}
    xml = members["word/document.xml"].decode("utf-8")
    decl_end = xml.index("?>") + 2
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    xml = xml[:decl_end] + doctype + xml[decl_end:]
    xml = xml.replace("公开质量有待提升。", "公开质量有待提升。&xxe;", 1)
    members["word/document.xml"] = xml.encode("utf-8")
    try:
        raw = docx_loader.read(_zip(members), "xxe.docx", "docx")
    except InputError:
        return  # refusing the document is also safe
    assert not any("TOPSECRET" in cell for line in raw.lines for cell in line.cells)


def test_two_numbers_in_one_cell_are_refused_naming_the_row(t2_values, t3_layout, t3_values, t4_values):
    import copy

    from govreport.errors import ParseError

    damaged = copy.deepcopy(t3_values)
    first = next(iter(damaged["granted"]))
    damaged["granted"][first] = f"{damaged['granted'][first]} 1"  # two numbers where one belongs
    with pytest.raises(ParseError, match=r"“（一）予以公开”：(找到 6 个数字|无法识别的数字)"):
        loads(_docx(t2_values, t3_layout, damaged, t4_values), path="damaged.docx")


def _licensing_row(runs: list, doc=None) -> list:
    """The cells read from a Word table of one row: 行政许可, then one cell per item of ``runs``, each
    a list of ``(text, set-up)`` runs (``set-up(run)`` formats the run)."""
    import io

    import docx

    from govreport.loaders import docx as docx_loader

    doc = doc or docx.Document()
    table = doc.add_table(rows=1, cols=len(runs) + 1)
    table.cell(0, 0).text = "行政许可"
    for k, cell_runs in enumerate(runs, 1):
        p = table.cell(0, k).paragraphs[0]
        for text, setup in cell_runs:
            setup(p.add_run(text))
    out = io.BytesIO()
    doc.save(out)
    return [line.cells for line in docx_loader.read(out.getvalue(), "x.docx").lines]


def _plain(run) -> None:
    pass


def test_hidden_text_is_no_part_of_a_cell():
    """Word's hidden text (``w:vanish``: an old number kept beside the new one, a template's
    instructions) is neither shown nor printed: it is left out, set on the run or by its character
    style; ``w:vanish w:val="0"`` shows the text."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = docx.Document()
    doc.styles.add_style("旧数字", WD_STYLE_TYPE.CHARACTER).font.hidden = True

    def hide(run):
        run.font.hidden = True

    def old_number(run):
        run.style = "旧数字"

    def shown(run):
        vanish = OxmlElement("w:vanish")
        vanish.set(qn("w:val"), "0")
        run._r.get_or_add_rPr().append(vanish)

    cells = _licensing_row([[("15", hide), ("12", _plain)], [("9", old_number), ("7", _plain)], [("3", shown)]], doc)
    assert cells == [["行政许可", "12", "7", "3"]]


def test_struck_text_in_a_cell_stands_apart():
    """A struck-through run (``w:strike``, ``w:dstrike``) is a word of its own: ``15 12``, never 1512."""
    def strike(run):
        run.font.strike = True

    def double(run):
        run.font.double_strike = True

    cells = _licensing_row([[("15", strike), ("12", _plain)], [("7", double), ("8", _plain)]])
    assert cells == [["行政许可", "15 12", "7 8"]]


def test_rows_and_cells_in_content_controls_are_read_and_deleted_rows_left_out():
    """A form's rows and cells wrapped in content controls (``w:sdt``) or custom XML are read where
    they stand (they were left out: a lost row of zeros passed check with only a "missing row"
    warning); a row deleted with changes tracked (``w:trPr/w:del``) is left out."""
    import copy
    import random

    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from govreport import generate
    from govreport.output.docx import to_docx

    truth = generate.random_report(random.Random(3), "2021")
    doc = docx.Document(io.BytesIO(to_docx(truth)))
    t3 = doc.tables[1]

    def wrap(el, *names):
        outer = OxmlElement(names[0])
        if names[0] == "w:sdt":
            outer.append(OxmlElement("w:sdtPr"))
            inner = OxmlElement("w:sdtContent")
            outer.append(inner)
        else:
            inner = outer
        el.addprevious(outer)
        inner.append(el)

    wrap(t3.rows[5]._tr, "w:sdt")
    wrap(t3.rows[8]._tr.findall(qn("w:tc"))[3], "w:sdt")
    wrap(t3.rows[10]._tr.findall(qn("w:tc"))[2], "w:customXml")
    deleted = copy.deepcopy(t3.rows[12]._tr)  # an old copy of a row, deleted with changes tracked
    for t in deleted.iter(qn("w:t")):
        t.text = "9"
    deleted.get_or_add_trPr().append(OxmlElement("w:del"))
    t3.rows[12]._tr.addprevious(deleted)
    out = io.BytesIO()
    doc.save(out)
    report = loads(out.getvalue(), "docx", "x.docx")
    assert report.to_dict()["tables"] == truth.to_dict()["tables"]


def _damaged_docx(truth, ref: tuple, damage) -> bytes:
    """``truth`` as Word tables (``output.docx.to_docx``) with the cell of ``ref`` — ``(table, row,
    column)``, found by the provenance the loader gives it — changed by ``damage(cell)`` (a
    python-docx ``_Cell``, its runs taken out first)."""
    import docx
    from docx.table import _Cell

    from govreport.output.docx import to_docx

    data = to_docx(truth)
    table, row, column = ref
    where = loads(data, "docx", "x.docx").tables[table].rows[row][column].prov
    doc = docx.Document(io.BytesIO(data))
    word_table = doc.tables[where["table"] - 1]
    tr = word_table._tbl.tr_lst[where["row"] - 1]
    tcs = [tc for tc in tr.tc_lst if tc.vMerge != "continue"]
    cell = _Cell(tcs[where["col"] - 1], word_table)
    for p in cell.paragraphs:
        for r in list(p.runs):
            r._r.getparent().remove(r._r)
    damage(cell)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(out, "PNG")
    return out.getvalue()


def test_a_value_cell_showing_a_picture_is_refused_never_blank():
    """A Word table cell holding only a picture reads as a picture and is refused where a number
    stands (it was read as a blank) — also 表四's first number, in the first column of its row."""
    import random

    from govreport import generate

    truth = generate.random_report(random.Random(4), "2021")

    def picture(cell):
        cell.paragraphs[0].add_run().add_picture(io.BytesIO(_png()))

    data = _damaged_docx(truth, ("active_disclosure", "licensing", "decisions"), picture)
    with pytest.raises(ParseError, match="行政许可.*“〔图片〕”.*这一格是图片"):
        loads(data, "docx", "x.docx")
    assert truth.tables["review_litigation"].rows["review"]["upheld"] is not None
    data = _damaged_docx(truth, ("review_litigation", "review", "upheld"), picture)  # the first column
    with pytest.raises(ParseError, match="表四.*〔图片〕"):
        loads(data, "docx", "x.docx")
