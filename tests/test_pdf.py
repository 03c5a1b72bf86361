"""PDF loader: a report PDF built here with fpdf2 and a CJK font, read back cell for cell.

The figures are the Taicang 2021 report's (taicang_2021_seed.expected.json).
Table 3 crosses a page break, long labels wrap over two lines (numbers on the
first line of one row, on the second line of another), the group labels stand
in their own column, and every page has a running header and a page number.
"""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("pypdfium2", reason="PDF support (govreport[pdf]) is not installed")
fpdf = pytest.importorskip("fpdf", reason="fpdf2 is needed to build test PDFs")

from conftest import TAICANG_T2, TAICANG_T3, TAICANG_T4  # noqa: E402
from govreport.errors import InputError, ParseError  # noqa: E402
from govreport.loaders import loads  # noqa: E402
from govreport.generate_pdf import find_cjk_font  # noqa: E402
from govreport.loaders import pdf as pdf_loader  # noqa: E402

T3_COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")
# (row key, label as printed (a list = wrapped over lines), line of the label the numbers sit on, group label)
T3_ROWS = [
    ("new_received", "一、本年新收政府信息公开申请数量", 0, None),
    ("carried_over", "二、上年结转政府信息公开申请数量", 0, None),
    ("granted", "（一）予以公开", 0, None),
    ("partially_granted", ["（二）部分公开（区分处理的，只计", "这一情形，不计其他情形）"], 0, None),
    ("denied.state_secret", "1.属于国家秘密", 0, "（三）不予公开"),
    ("denied.prohibited_by_law", "2.其他法律行政法规禁止公开", 0, None),
    ("denied.security_stability", "3.危及“三安全一稳定”", 0, None),
    ("denied.third_party_rights", "4.保护第三方合法权益", 0, None),
    ("denied.internal_affairs", "5.属于三类内部事务信息", 0, None),
    ("denied.process_info", "6.属于四类过程性信息", 0, None),
    ("denied.enforcement_file", "7.属于行政执法案卷", 0, None),
    ("denied.admin_query", "8.属于行政查询事项", 0, None),
    ("unavailable.not_held", "1.本机关不掌握相关政府信息", 0, "（四）无法提供"),
    ("unavailable.needs_creation", "2.没有现成信息需要另行制作", 0, None),
    ("unavailable.unclear", "3.补正后申请内容仍不明确", 0, None),
    ("not_processed.petition", "1.信访举报投诉类申请", 0, "（五）不予处理"),
    ("not_processed.repeated", "2.重复申请", 0, None),
    ("not_processed.publication", "3.要求提供公开出版物", 0, None),
    ("not_processed.excessive", "4.无正当理由大量反复申请", 0, None),
    ("not_processed.confirmation", ["5.要求行政机关确认或重新出具", "已获取信息"], 1, None),
    ("other.no_correction", ["1.申请人无正当理由逾期不补正、行政机关", "不再处理其政府信息公开申请"], 1, "（六）其他处理"),
    ("other.fee_unpaid", ["2.申请人逾期未按收费通知要求缴纳费用、", "行政机关不再处理其政府信息公开申请"], 0, None),
    ("other.other", "3.其他", 0, None),
    ("total", "（七）总计", 0, None),
    ("carried_forward", "四、结转下年度继续办理", 0, None),
]
PAGE_BREAK_AFTER = "denied.internal_affairs"  # table 3 continues on the next page after this row (inside (三))

TITLE = "太仓市2021年政府信息公开工作年度报告"


# ---------------------------------------------------------------- building the PDF
FONT = find_cjk_font()
needs_font = pytest.mark.skipif(FONT is None, reason="no CJK font file found (install fonts-wqy-microhei)")


class _Report(fpdf.FPDF):
    def header(self):
        self.set_font("cjk", size=8)
        self.text(150, 10, "太仓市人民政府信息公开")  # a running header on every page

    def footer(self):
        self.set_font("cjk", size=9)
        self.text(100, 287, f"- {self.page_no()} -")


def build_pdf(t3=TAICANG_T3, broken_row=None) -> bytes:
    doc = _Report(format="A4")
    doc.set_auto_page_break(False)
    doc.add_font("cjk", "", FONT, **({"collection_font_number": 0} if FONT.lower().endswith(".ttc") else {}))
    doc.add_page()
    put = _writer(doc)
    y = put(TITLE, 40, 30, size=18)
    y = put("一、总体情况", 15, y + 12, size=12)
    y = put("2021年，太仓市认真贯彻落实《中华人民共和国政府信息公开条例》，全年新收申请333件。", 15, y + 8)
    y = put("二、主动公开政府信息情况", 15, y + 12, size=12)
    y = _table2(put, y + 8)
    y = put("三、收到和处理政府信息公开申请情况", 15, y + 12, size=12)
    _table3(doc, put, y + 8, t3, broken_row)
    return bytes(doc.output())


def _writer(doc):
    def put(text, x, y, size=9, right=None):
        doc.set_font("cjk", size=size)
        if right is not None:  # right-aligned at x = right
            x = right - doc.get_string_width(text)
        doc.text(x, y, text)
        return y
    return put


def _table2(put, y):
    blocks = [
        ("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
         [("规章", "regulations"), ("行政规范性文件", "normative_documents")]),
        ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], [("行政许可", "licensing")]),
        ("第二十条第（六）项", ["信息内容", "本年处理决定数量"], [("行政处罚", "penalty"), ("行政强制", "coercion")]),
        ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"], [("行政事业性收费", "fees")]),
    ]
    for head, columns, rows in blocks:
        put(head, 80, y)
        y += 6
        for i, c in enumerate(columns):
            put(c, 15 + 50 * i, y)
        for label, key in rows:
            y += 6
            put(label, 15, y)
            for i, v in enumerate(TAICANG_T2[key].values()):
                put(str(v), 0, y, right=85 + 40 * i)
        y += 7
    return y


def _table3(doc, put, y, t3, broken_row):
    put("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 15, y, size=7)
    put("申请人情况", 140, y)
    y += 6
    put("自然人", 112, y)
    put("法人或其他组织", 135, y)
    put("总计", 190, y)
    y += 5
    for i, h in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
        put(h, 126 + 13 * i, y, size=6)
    results = iter("三、本年度办理结果")
    for key, label, number_line, group in T3_ROWS:
        y += 7
        if key.startswith(("granted", "partially", "denied", "unavailable", "not_", "other", "total")):
            ch = next(results, None)
            if ch:
                put(ch, 8, y)  # the vertical group label, one character per row
        if group:
            put(group, 15, y)
        parts = label if isinstance(label, list) else [label]
        x = 15 if group is None and not key.startswith(("denied", "unavailable", "not_", "other.")) else 42
        for n, part in enumerate(parts):
            put(part, x, y + 5 * n)
        numbers = list(t3[key])
        if key == broken_row:
            del numbers[3]
        ny = y + 5 * number_line
        for i, v in enumerate(numbers):
            put(str(v), 0, ny, right=120 + 13 * i)
        y += 5 * (len(parts) - 1)
        assert y < 270, "the table must stay above the page foot"
        if key == PAGE_BREAK_AFTER:
            doc.add_page()
            y = 20
    y += 14
    put("四、政府信息公开行政复议、行政诉讼情况", 15, y, size=12)
    y += 8
    put("行政复议", 30, y)
    put("行政诉讼", 120, y)
    y += 6
    put("未经复议直接起诉", 85, y)
    put("复议后起诉", 150, y)
    y += 6
    for b in range(3):
        for i, h in enumerate(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]):
            put(h, 15 + 60 * b + 12 * i, y, size=6)
    y += 8
    values = [v for block in TAICANG_T4.values() for v in block.values()]
    for i, v in enumerate(values):
        put(str(v), 0, y, right=22 + 12 * i)
    y += 14
    put("五、存在的主要问题及改进情况", 15, y, size=12)
    put("政策解读形式还不够丰富，下一步将继续加强。", 15, y + 8)


# ---------------------------------------------------------------- tests
def _tables(report) -> dict:
    return report.to_dict()["tables"]


@needs_font
def test_pdf_report_loads_cell_for_cell():
    report = loads(build_pdf(), None, "taicang.pdf")
    tables = _tables(report)
    assert tables["requests"] == {k: dict(zip(T3_COLUMNS, v)) for k, v in TAICANG_T3.items()}
    assert tables["active_disclosure"] == TAICANG_T2
    assert tables["review_litigation"] == TAICANG_T4
    assert (report.title, report.agency, report.year, report.template) == (TITLE, "太仓市", 2021, "2021")
    assert [s.number for s in report.sections] == ["一", "二", "三", "四", "五"]
    assert report.source["format"] == "pdf"


@needs_font
def test_pdf_lines_have_page_provenance_and_no_page_furniture():
    raw = pdf_loader.read(build_pdf(), "t.pdf", "pdf")
    texts = [" ".join(line.cells) for line in raw.lines]
    assert not any(t.startswith("-") and t.endswith("-") for t in texts)  # page numbers
    assert not any("太仓市人民政府信息公开" == t for t in texts)  # running header
    pages = {line.prov["page"] for line in raw.lines}
    assert pages == {1, 2}
    row = next(line for line in raw.lines if line.cells[0] == "（七）总计")
    assert row.cells[1:] == ["299", "17", "6", "0", "4", "1", "327"]
    assert set(row.prov) == {"page", "line"}


@needs_font
def test_pdf_row_missing_a_number_names_the_row():
    with pytest.raises(ParseError, match="属于国家秘密"):
        loads(build_pdf(broken_row="denied.state_secret"), None, "broken.pdf")


@needs_font
def test_pdf_encrypted_is_an_input_error():
    doc = fpdf.FPDF()
    doc.set_encryption(owner_password="owner", user_password="secret")
    doc.add_font("cjk", "", FONT, **({"collection_font_number": 0} if FONT.lower().endswith(".ttc") else {}))
    doc.add_page()
    doc.set_font("cjk", size=12)
    doc.text(20, 20, TITLE)
    with pytest.raises(InputError, match="PDF 已加密（需要密码）"):
        loads(bytes(doc.output()), None, "locked.pdf")


def test_pdf_without_text_layer_asks_for_ocr():
    doc = fpdf.FPDF()
    doc.add_page()
    doc.rect(20, 20, 100, 60, style="F")  # a "scan": drawing only, no characters
    doc.line(20, 100, 180, 100)
    from govreport.loaders import set_ocr_mode

    set_ocr_mode("never")
    try:
        with pytest.raises(InputError, match="没有文字层.*--ocr auto"):
            loads(bytes(doc.output()), None, "scan.pdf")
    finally:
        set_ocr_mode(None)
    # with OCR (the default): read, and nothing found is one message too (or the extra is named)
    with pytest.raises(InputError, match="没有识别出文字|govreport\\[ocr\\]"):
        loads(bytes(doc.output()), None, "scan.pdf")


@pytest.mark.parametrize("data", [b"%PDF-1.7\n\x00\x01garbage that is not a PDF" * 20, b"%PDF-1.4\n%%EOF"])
def test_pdf_garbage_is_one_line_input_error(data):
    with pytest.raises(InputError) as info:
        loads(data, None, "bad.pdf")
    assert "\n" not in str(info.value)


def test_pdf_library_missing_gives_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # makes `import pypdfium2` raise ImportError
    with pytest.raises(InputError, match=r"pip install 'govreport\[pdf\]'"):
        pdf_loader.read(b"%PDF-1.4\n", "x.pdf", "pdf")


# ---------------------------------------------------------------- cell splitting, without a font
def _chars(text, x, top=100.0, width=5.0, height=10.0, gap=0.0):
    out = []
    for ch in text:
        out.append(pdf_loader._Char(ch, x, x + width, top, top + height))
        x += width + gap
    return out


def test_cells_split_at_wide_gaps_only():
    line = _chars("总计", 10) + _chars("299", 24, width=5) + _chars("1362", 60) + _chars("0", 90)
    [pl] = pdf_loader._group_lines(line)
    assert pl.cells == ["总计", "299", "1362", "0"]


def test_lines_grouped_by_vertical_centre_in_reading_order():
    chars = _chars("12", 100, top=201) + _chars("标签", 10, top=200) + _chars("下一行", 10, top=215)
    lines = pdf_loader._group_lines(chars)
    assert [pl.cells for pl in lines] == [["标签", "12"], ["下一行"]]


def _line(text, top, x0=280.0, x1=300.0):
    return pdf_loader._PageLine(text.split(), top, top + 10, x0, x1, 10.0)


def test_page_numbers_and_running_headers_are_dropped():
    def page(n):
        return [_line("某市人民政府", 30, 40, 120), _line("行政许可 4", 300, 40, 300), _line("4", 400),
                _line(f"- {n} -", 800), ], 595.0, 842.0
    pages = [page(1), page(2), page(3)]
    pages[1][0].append(_line(f"第{2}页", 815))
    pages[2][0].append(_line("7", 815))  # a lone number centred at the very foot
    texts = [" ".join(line.cells) for line in pdf_loader._document_lines(pages)]
    assert texts == ["行政许可 4", "4"] * 3


def test_double_printed_glyphs_are_read_once():
    bold = _chars("淮安", 10) + _chars("淮安", 10.4) + _chars("00", 40)
    [pl] = pdf_loader._group_lines(bold)
    assert pl.cells == ["淮安", "00"]
