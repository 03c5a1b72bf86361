"""Tables pasted as pictures into a web page or a Word file (issue 13): read by OCR, they load like
the same tables as text — every cell exact or flagged by the identities, none wrong in silence.

A generated report is printed (flat district layout) and rendered at 200 dpi; table 3 (two page
bands stacked, as sites post a "long image") and table 4 are cropped out as pictures.  The web page
is the report as ``govreport``'s own HTML output with those two tables replaced by ``<img>``: table 3
a ``data:`` URI, table 4 a PNG file next to the page.  The Word file holds table 2 as a Word table and
tables 3 and 4 as JPEG pictures.  OCR is slow: four pictures are read in all (module fixtures).
The rest (where pictures come from, what is refused, the modes) needs no OCR engine.
"""

from __future__ import annotations

import io
import os
import random
import re

import pytest

from govreport import generate, loaders, messages, ocr
from govreport.check import check
from govreport.errors import InputError
from govreport.loaders import images as embedded
from govreport.loaders.ocr import available

needs_engine = pytest.mark.skipif(not available(), reason="the ocr extra (rapidocr-onnxruntime) is not installed")
DPI = 200
TABLES = ("requests", "review_litigation")


@pytest.fixture
def ocr_mode():
    """Set the OCR mode for one test; the mode before is put back."""
    before = list(loaders._OCR)
    yield loaders.set_ocr_mode
    loaders._OCR[:] = before


# ---------------------------------------------------------------- the pictures
def _pictures(report):
    """(table 3 picture, table 4 picture): bands of the printed pages, cropped by the text layer."""
    import pypdfium2 as pdfium

    from govreport import generate_pdf
    from govreport.generate_scan import stack

    pdf = generate_pdf.build(report, generate_pdf.find_cjk_font(),
                             generate_pdf.PdfLayout(vertical_results=False, groups="rows"))
    doc = pdfium.PdfDocument(pdf)
    scale = DPI / 72

    def where(i: int, text: str):
        """(page index, top, bottom in pixels) of ``text``'s first character on page ``i`` or after."""
        for k in range(i, len(doc)):
            page = doc[k]
            textpage = page.get_textpage()
            hit = textpage.search(text).get_next()
            if hit is not None:
                _, bottom, _, top = textpage.get_charbox(hit[0])
                return k, (page.get_height() - top) * scale, (page.get_height() - bottom) * scale
        raise AssertionError(f"{text!r} not printed")

    def band(i: int, top: float, bottom=None):
        image = doc[i].render(scale=scale).to_pil().convert("RGB")
        return image.crop((0, int(top), image.width, int(image.height if bottom is None else bottom)))

    header = report.agency + "信息公开"  # the running header, above the page's content

    def body(k: int, top=None, bottom=None):
        """Page ``k`` between its running header (or ``top``) and its page number (or ``bottom``)."""
        return band(k, top if top is not None else where(k, header)[2] + 12,
                    bottom if bottom is not None else where(k, f"- {k + 1} -")[1] - 12)

    p3, _, below3 = where(0, "三、收到和处理")
    p4, top4, below4 = where(p3, "四、政府信息公开")
    p5, top5, _ = where(p4, "五、存在")
    assert p3 < p4 == p5, "table 3 ends on the page where table 4 stands"
    parts = [body(p3, top=below3 + 12)] + [body(k) for k in range(p3 + 1, p4)] + [body(p4, bottom=top4 - 12)]
    parts = [im for im in parts if im.height > 150]  # the heading may end its page
    table3 = stack(parts)
    table4 = band(p4, below4 + 12, top5 - 12)
    return table3, table4


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    if not available():
        pytest.skip("the ocr extra is not installed")
    import docx
    from docx.shared import Mm

    from govreport.generate_scan import data_uri, image_bytes
    from govreport.output.docx import to_docx
    from govreport.output.html import to_html

    truth = generate.random_report(random.Random(5), "2021")
    table3, table4 = _pictures(truth)
    d = tmp_path_factory.mktemp("embedded")
    # the web page: the report as text, tables 3 and 4 as pictures (a data URI; a file beside it)
    (d / "media").mkdir()
    (d / "media" / "table4.png").write_bytes(image_bytes(table4, "png"))
    page = to_html(truth)
    page, n3 = re.subn(r'<table id="table-requests">.*?</table>',
                       f'<p><img src="{data_uri(table3, "png")}" alt="表三"></p>', page, flags=re.S)
    page, n4 = re.subn(r'<table id="table-review_litigation">.*?</table>',
                       '<p>如下表：<img src="media/table4.png" alt="表四"></p>', page, flags=re.S)
    assert n3 == n4 == 1
    (d / "page.html").write_text(page, encoding="utf-8")
    # the Word file: table 2 a Word table, tables 3 and 4 JPEG pictures under their headings
    only2 = generate.random_report(random.Random(5), "2021")
    only2.tables = {"active_disclosure": truth.tables["active_disclosure"]}
    document = docx.Document(io.BytesIO(to_docx(only2)))
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    document.add_picture(io.BytesIO(image_bytes(table3, "jpg", 90)), width=Mm(160))
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    document.add_picture(io.BytesIO(image_bytes(table4, "jpg", 90)), width=Mm(160))
    document.add_paragraph("五、存在的主要问题及改进情况")
    buf = io.BytesIO()
    document.save(buf)
    (d / "report.docx").write_bytes(buf.getvalue())
    return truth, d


@pytest.fixture(scope="module")
def from_html(made):
    truth, d = made
    loaders.set_ocr_mode(None)
    return loaders.load(str(d / "page.html"))


@pytest.fixture(scope="module")
def from_docx(made):
    truth, d = made
    loaders.set_ocr_mode(None)
    return loaders.load(str(d / "report.docx"))


def _score(truth, report) -> tuple:
    """(exact cells, cells of tables 3 and 4); asserts every other cell is flagged."""
    flagged = ocr.flagged_cells(report, check(report))
    exact = total = 0
    for tkey in TABLES:
        assert tkey in report.tables, tkey
        for row, col, cell in truth.tables[tkey].cells():
            total += 1
            got = report.tables[tkey].rows.get(row, {}).get(col)
            if got is not None and got.value == cell.value:
                exact += 1
            else:
                assert (tkey, row, col) in flagged, (tkey, row, col, cell.value, got and got.value)
    return exact, total


@needs_engine
def test_pictures_in_a_web_page_load_like_the_tables_as_text(made, from_html):
    truth, _ = made
    report = from_html
    exact, total = _score(truth, report)
    assert exact >= 0.95 * total, (exact, total)
    # table 2 is text on the page: not OCR'd, exact
    for row, col, cell in truth.tables["active_disclosure"].cells():
        got = report.tables["active_disclosure"].rows[row][col]
        assert got.value == cell.value and "ocr" not in (got.prov or {})
    # table 3 came from the first picture (the data URI), table 4 from the second (the file)
    total3 = report.tables["requests"].rows["total"]["total"].prov
    assert total3["image"] == 1 and total3["line"] > 0 and "page" not in total3 and "ocr" in total3
    assert report.tables["review_litigation"].rows[next(iter(report.tables["review_litigation"].rows))][
        "total"].prov["image"] == 2
    assert messages.location(total3, "zh") == f"第 1 张图片第 {total3['line']} 行"
    assert messages.location(total3, "en") == f"image 1, line {total3['line']}"
    assert messages.location_fields(total3) == {"image": 1, "line": total3["line"]}
    assert ocr.summary(report)


@needs_engine
def test_pictures_in_a_word_file_load_like_the_tables_as_text(made, from_docx):
    truth, _ = made
    exact, total = _score(truth, from_docx)
    assert exact >= 0.95 * total, (exact, total)
    assert from_docx.template == "2021"
    for row, col, cell in truth.tables["active_disclosure"].cells():
        assert from_docx.tables["active_disclosure"].rows[row][col].value == cell.value
    assert from_docx.tables["requests"].rows["total"]["total"].prov["image"] == 1


@needs_engine
def test_where_the_pictures_stand(made):
    """The loaders record every picture before the line it precedes; nothing is read yet."""
    from govreport.loaders import docx as docx_loader
    from govreport.loaders import html as html_loader

    _, d = made
    raw = html_loader.read((d / "page.html").read_bytes(), str(d / "page.html"))
    assert [label.split(",")[0] for _, _, label in raw.images] == ["data:image/png;base64", "media/table4.png"]
    (i3, read3, _), (i4, read4, _) = raw.images
    assert raw.lines[i3 - 1].text == "三、收到和处理政府信息公开申请情况"
    assert raw.lines[i4 - 1].text == "如下表：" and raw.lines[i4 - 2].text.startswith("四、")
    assert read3().startswith(b"\x89PNG") and read4() == (d / "media" / "table4.png").read_bytes()
    raw = docx_loader.read((d / "report.docx").read_bytes(), "report.docx")
    assert [raw.lines[i - 1].text[:2] for i, _, _ in raw.images] == ["三、", "四、"]
    assert all(data.startswith(b"\xff\xd8") for _, data, _ in raw.images)
    assert [label for _, _, label in raw.images] == ["word/media/image1.jpg", "word/media/image2.jpg"]


@needs_engine
def test_ocr_never_leaves_the_tables_missing(made, ocr_mode):
    truth, d = made
    ocr_mode("never")
    for name in ("page.html", "report.docx"):
        report = loaders.load(str(d / name))
        assert "requests" not in report.tables and "review_litigation" not in report.tables
        assert report.tables["active_disclosure"].rows  # the text's table stands
        check(report)  # reported as missing by check, not an error


# ---------------------------------------------------------------- no engine needed
def _png(width: int, height: int) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (255, 255, 255)).save(buf, format="PNG")
    return buf.getvalue()


def test_only_local_files_inside_the_page_folder_are_read(tmp_path):
    site = tmp_path / "site"
    (site / "img").mkdir(parents=True)
    (site / "img" / "a.png").write_bytes(_png(120, 120))
    (tmp_path / "secret.png").write_bytes(_png(120, 120))
    (site / "link.png").symlink_to(tmp_path / "secret.png")
    page = str(site / "page.html")
    found = [(0, "img/a.png"), (0, "file://" + str(site / "img" / "a.png")), (1, "../secret.png"),
             (1, str(tmp_path / "secret.png")), (1, "link.png"), (2, "http://example.com/t.png"),
             (2, "//example.com/t.png"), (2, "file://server/share/t.png"), (3, "img"), (3, "")]
    entries = embedded.html_sources(found, page)
    ok = [e[1]() for e in entries[:2]]
    assert ok[0] == ok[1] == (site / "img" / "a.png").read_bytes()
    for index, source, label in entries[2:5]:
        with pytest.raises(InputError) as err:
            source()
        assert "不在网页所在的文件夹内" in str(err.value), label
        messages.set_lang("en")
        try:
            assert "outside the web page's folder" in str(err.value), label
        finally:
            messages.set_lang(None)
    assert all(source is None for _, source, _ in entries[5:8])  # never fetched
    with pytest.raises(InputError):
        entries[8][1]()  # a folder, not a file
    assert entries[9][1] is None
    # a page from standard input has no folder to look in
    assert embedded.html_sources([(0, "img/a.png")], "-")[0][1] is None


def test_data_uris_are_capped_and_checked(monkeypatch):
    import base64

    png = _png(120, 120)
    good = "data:image/png;base64," + base64.b64encode(png).decode()
    (_, read, label), = embedded.html_sources([(0, good)], "x.html")
    assert read() == png and label == "data:image/png;base64,…"
    monkeypatch.setenv(loaders.MAX_SIZE_ENV, "100")
    with pytest.raises(InputError):
        read()
    monkeypatch.delenv(loaders.MAX_SIZE_ENV)
    (_, read, _), = embedded.html_sources([(0, "data:text/html;base64,PGI+")], "x.html")
    with pytest.raises(InputError):
        read()


def _narrative_page(img: str) -> bytes:
    return ("<html><body><h1>某局2023年政府信息公开工作年度报告</h1><h2>一、总体情况</h2>"
            f"<p>本年度工作情况如下。<img src=\"{img}\">见下表。</p><p>二、主动公开政府信息情况</p>"
            "</body></html>").encode("utf-8")


def test_icons_and_broken_pictures_are_passed_over_in_auto_mode(ocr_mode, monkeypatch):
    import base64

    calls = []
    from govreport.loaders import ocr as ocr_loader

    monkeypatch.setattr(ocr_loader, "available", lambda: True)
    monkeypatch.setattr(ocr_loader, "page_lines", lambda *a, **k: calls.append(a) or ([], 1, 1))
    icon = "data:image/png;base64," + base64.b64encode(_png(16, 16)).decode()
    broken = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\nnot really").decode()
    ocr_mode("auto")
    for img in (icon, broken):
        report = loaders.loads(_narrative_page(img), "html", "x.html")
        assert report.sections and "requests" not in report.tables
    assert calls == []  # neither was read
    ocr_mode("always")
    with pytest.raises(InputError) as err:
        loaders.loads(_narrative_page(broken), "html", "x.html")
    assert err.value.id == "ocr.image_unreadable"


def test_without_the_extra(ocr_mode, monkeypatch):
    import base64

    from govreport.loaders import ocr as ocr_loader

    monkeypatch.setattr(ocr_loader, "available", lambda: False)
    page = _narrative_page("data:image/png;base64," + base64.b64encode(_png(300, 300)).decode())
    ocr_mode("auto")
    report = loaders.loads(page, "html", "x.html")  # left as the text gives it
    assert "requests" not in report.tables
    ocr_mode("always")
    with pytest.raises(InputError) as err:
        loaders.loads(page, "html", "x.html")
    assert err.value.id == "ocr.needs_extra"


def test_a_picture_stands_after_the_paragraph_holding_it():
    from govreport.loaders import html as html_loader

    raw = html_loader.read(_narrative_page("t.png"), os.path.join("somewhere", "x.html"))
    (index, _, label), = raw.images
    assert label == "t.png" and raw.lines[index - 1].text == "本年度工作情况如下。见下表。"
    assert raw.lines[index].text == "二、主动公开政府信息情况"
    # an <img> in a table cell is inline there, as before: the cell's text is unchanged
    raw = html_loader.read(b"<table><tr><td>1<img src='x.png'>2</td><td>3</td></tr></table>", "t.html")
    assert raw.lines[0].cells == ["12", "3"] and raw.images == []


def test_location_of_a_picture():
    assert messages.location({"image": 2, "line": 12}, "zh") == "第 2 张图片第 12 行"
    assert messages.location({"image": 2, "line": 12}, "en") == "image 2, line 12"
    assert messages.location({"image": 3}, "en") == "image 3"


def test_word_pictures_drawingml_and_vml_are_found():
    """A DrawingML picture and a VML one (older Word, embedded objects' previews) in a paragraph
    and in a table cell: each recorded once, before the line after it."""
    import docx
    import lxml.etree

    from govreport.loaders import docx as docx_loader

    document = docx.Document()
    document.add_paragraph("一、总体情况")
    document.add_picture(io.BytesIO(_png(200, 150)))
    document.add_paragraph("二、主动公开政府信息情况")
    run = document.add_paragraph("VML：").add_run()
    rid = document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed  # the same picture part
    pict = lxml.etree.fromstring(
        f'<w:pict xmlns:w="{docx.oxml.ns.nsmap["w"]}" xmlns:v="urn:schemas-microsoft-com:vml" '
        f'xmlns:r="{docx.oxml.ns.nsmap["r"]}"><v:shape><v:imagedata r:id="{rid}"/></v:shape></w:pict>')
    run._r.append(pict)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "甲"
    table.cell(0, 1).paragraphs[0].add_run().add_picture(io.BytesIO(_png(120, 120)))
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    buf = io.BytesIO()
    document.save(buf)
    raw = docx_loader.read(buf.getvalue(), "pictures.docx")
    texts = [line.text for line in raw.lines]
    # the cell that shows only the picture reads as one (PICTURE), never as a blank
    assert [texts[i - 1] for i, _, _ in raw.images] == ["一、总体情况", "VML：", "甲 \ufffc"]
    assert [data[:4] for _, data, _ in raw.images] == [b"\x89PNG"] * 3
