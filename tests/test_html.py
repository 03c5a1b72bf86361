"""HTML loader: tables with rowspan/colspan, split runs, blanks, encodings, damaged input."""

from __future__ import annotations

import pytest

from govreport.errors import ParseError
from govreport.loaders import html as html_loader
from govreport.loaders import loads

TITLE = "示例市2021年政府信息公开工作年度报告"


def _num(value, blank="&nbsp;") -> str:
    """A value cell's content: digits split across runs, blanks in Word/CMS styles."""
    if value is None:
        return blank
    s = str(value)
    if len(s) == 1:
        return f"<p><span>{s}</span></p>"
    return f'<p><span lang="EN-US">{s[:1]}</span><font><b>{s[1:]}</b></font><o:p></o:p></p>'


def _table2(v) -> str:
    def head(item):
        return f'<tr><td colspan="4">第二十条第（{item}）项</td></tr>'

    def one(label, value, header="本年处理决定数量"):
        return (f'<tr><td>信息内容</td><td colspan="3">{header}</td></tr>'
                f'<tr><td>{label}</td><td colspan="3">{_num(value)}</td></tr>')

    rows = [head("一"), "<tr><td>信息内容</td><td>本年制发<br>件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"]
    for key, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
        r = v[key]
        rows.append(f"<tr><td>{label}</td><td>{_num(r['issued'])}</td><td>{_num(r['repealed'])}</td>"
                    f"<td>{_num(r['in_force'])}</td></tr>")
    rows += [head("五"), one("行政许可", v["licensing"]["decisions"])]
    rows += [head("六"), '<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>',
             f'<tr><td>行政处罚</td><td colspan="3">{_num(v["penalty"]["decisions"])}</td></tr>',
             f'<tr><td>行政强制</td><td colspan="3">{_num(v["coercion"]["decisions"])}</td></tr>']
    rows += [head("八"), one("行政事业性收费", v["fees"]["amount"], "本年收费金额（单位：万元）")]
    return "<table>" + "".join(rows) + "</table>"


def _table3(layout, values, drop_cell_of=None) -> str:
    rows = [f'<tr><td colspan="3" rowspan="3">{layout["header_note"]}</td><td colspan="7">申请人情况</td></tr>',
            '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>',
            "<tr><td>商业<br/>企业</td><td><p>科研</p><p>机构</p></td><td>社会公益组织</td><td>法律服务机构</td>"
            "<td>其他</td></tr>"]
    groups_seen = set()
    in_results = 0
    for key, label, level, group in layout["rows"]:
        cells = []
        if level > 1 and in_results == 0:
            cells.append(f'<td rowspan="{layout["result_rows"]}"><span>三</span><span>、本年度办理结果</span></td>')
        if level > 1:
            in_results += 1
        if level == 1:
            cells.append(f'<td colspan="3">{label}</td>')
        elif level == 2:
            cells.append(f'<td colspan="2">{label}</td>')
        else:
            if group not in groups_seen:
                groups_seen.add(group)
                span = sum(1 for r in layout["rows"] if r[3] == group)
                cells.append(f'<td rowspan="{span}">{group}</td>')
            cells.append(f"<td>{label}</td>")
        blanks = ["&nbsp;", "<p>&nbsp;</p>", "<o:p> </o:p>", ""]
        for c, col in enumerate(layout["columns"]):
            if key == drop_cell_of and col == "research":
                continue
            cells.append(f"<td>{_num(values[key][col], blanks[c % len(blanks)])}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table>" + "".join(rows) + "</table>"


def _table4(v) -> str:
    heads = "".join(f"<td>{h}</td>" for h in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))
    data = "".join(f"<td>{_num(v[b][c])}</td>" for b in ("review", "litigation_direct", "litigation_after_review")
                   for c in ("upheld", "corrected", "other", "pending", "total"))
    return ('<table><tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>'
            '<tr>' + heads.replace("<td>", '<td rowspan="2">') +
            '<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>'
            f"<tr>{heads}{heads}</tr><tr>{data}</tr></table>")


def _page(t2, layout, t3, t4, *, head="", charset="utf-8", drop_cell_of=None, wrap_layout=False) -> str:
    body = (f"<h1>{TITLE}</h1>"
            "<p>一、总体情况</p><p>本机关全年共收到政府信息公开申请<span>3</span><span>05</span>件。</p>"
            f"<p>二、主动公开政府信息情况</p>{_table2(t2)}"
            f"<p>三、收到和处理政府信息公开申请情况</p>{_table3(layout, t3, drop_cell_of)}"
            f"<div>四、政府信息公开行政复议、行政诉讼情况</div>{_table4(t4)}"
            "<h3>五、存在的主要问题及改进情况</h3><p>公开质量有待提升。</p>")
    if wrap_layout:
        body = f'<table class="layout"><tr><td>当前位置：首页</td></tr><tr><td>{body}</td></tr></table>'
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}">{head}'
            f"<title>{TITLE}_示例市人民政府</title>"
            "<style>td { color: red }</style><script>var s = '一、总体情况 12345';</script></head>"
            "<body><nav><a>首页</a><a>政务公开</a></nav>" + body +
            "<footer>版权所有 示例市人民政府 2022</footer></body></html>")


def test_tables_rowspan_colspan_split_runs_and_blanks(t2_values, t3_layout, t3_values, t4_values):
    page = _page(t2_values, t3_layout, t3_values, t4_values)
    report = loads(page.encode("utf-8"), path="example.html")
    d = report.to_dict()
    assert d["template"] == "2021"
    assert (d["title"], d["agency"], d["year"]) == (TITLE, "示例市", 2021)
    assert d["source"]["format"] == "html"
    assert d["tables"]["active_disclosure"] == t2_values
    assert d["tables"]["requests"] == t3_values
    assert d["tables"]["review_litigation"] == t4_values
    req = report.tables["requests"]
    assert req.value("new_received", "natural_person") == 305  # "3</span><font><b>05" joined
    blank = req.cell("granted", "research")
    assert blank.value is None and blank.raw == ""  # blank, never 0
    assert req.cell("granted", "social_welfare").value == 0
    assert req.cell("granted", "natural_person").prov == {"table": 2, "row": 6, "col": 3}
    assert [s.number for s in report.sections] == ["一", "二", "三", "四", "五"]
    assert "305件" in report.sections[0].text
    assert "首页" not in "".join(s.text for s in report.sections)  # nav / footer / script dropped


def test_layout_table_is_a_container(t2_values, t3_layout, t3_values, t4_values):
    page = _page(t2_values, t3_layout, t3_values, t4_values, wrap_layout=True)
    raw = html_loader.read(page.encode("utf-8"), "wrapped.html", "html")
    assert {line.prov["table"] for line in raw.lines if line.structured} == {1, 2, 3}
    d = loads(page.encode("utf-8"), path="wrapped.html").to_dict()
    assert d["tables"]["requests"] == t3_values
    assert d["tables"]["review_litigation"] == t4_values


def test_row_lines_one_cell_per_td(t2_values, t3_layout, t3_values, t4_values):
    raw = html_loader.read(_page(t2_values, t3_layout, t3_values, t4_values).encode("utf-8"), "x.html", "html")
    rows = [line for line in raw.lines if line.structured and line.prov["table"] == 2]
    assert rows[2].cells == ["商业 企业", "科研 机构", "社会公益组织", "法律服务机构", "其他"]
    first_result = rows[5]
    assert first_result.cells[:2] == ["三、本年度办理结果", "（一）予以公开"]
    assert first_result.cells[2:] == ["12", "2", "", "0", "0", "2", "16"]
    assert first_result.cell_prov[-1] == {"col": 9}
    assert rows[6].cells[0].startswith("（二）部分公开")  # the rowspan label is not repeated


def test_gbk_page_with_http_equiv(t2_values, t3_layout, t3_values, t4_values):
    head = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    page = _page(t2_values, t3_layout, t3_values, t4_values, head=head, charset="gbk")
    data = page.replace('<meta charset="gbk">', "").encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert html_loader._sniff_charset(data) == "gb18030"  # GB2312 label read as its superset
    d = loads(data, path="gbk.html").to_dict()
    assert d["title"] == TITLE
    assert d["tables"]["requests"] == t3_values
    assert d["tables"]["active_disclosure"] == t2_values


def test_meta_charset_gbk_without_extension(t2_values, t3_layout, t3_values, t4_values):
    data = _page(t2_values, t3_layout, t3_values, t4_values, charset="GBK").encode("gbk")
    d = loads(data, path="report").to_dict()  # detected as HTML by content
    assert d["source"]["format"] == "html"
    assert d["tables"]["review_litigation"] == t4_values


def test_title_hint_sources():
    def hint(markup: str):
        return html_loader.read(markup.encode("utf-8"), "t.html", "html").title_hint

    article = '<html><head><meta name="ArticleTitle" content="甲县2020年度政府信息公开工作年度报告"></head>' \
              "<body><h1>网站名称</h1><h1>别的标题</h1></body></html>"
    assert hint(article) == "甲县2020年度政府信息公开工作年度报告"
    h1 = "<html><head><title>x</title></head><body><h1>网站</h1><h2>乙局2023年政府信息公开年度报告</h2></body></html>"
    assert hint(h1) == "乙局2023年政府信息公开年度报告"
    title = "<html><head><title>丙市2022年政府信息公开工作年度报告-丙市人民政府</title></head><body><p>x</p></body></html>"
    assert hint(title) == "丙市2022年政府信息公开工作年度报告"
    assert hint("<p>丁市2021年政府信息公开工作年度报告</p>") is None  # the parser finds it in the text


def test_table3_row_with_six_numbers_is_refused(t2_values, t3_layout, t3_values, t4_values):
    page = _page(t2_values, t3_layout, t3_values, t4_values, drop_cell_of="granted")
    with pytest.raises(ParseError) as err:
        loads(page.encode("utf-8"), path="bad.html")
    message = str(err.value)
    assert "“（一）予以公开”：找到 6 个数字，模板有 7 个" in message
    assert "第 2 个表格第 6 行" in message
    assert err.value.id == "parse.row_count" and err.value.params["found"] == 6


# ---- text outside elements, and preformatted text ------------------------------------------

def test_text_before_the_first_element_of_the_body_is_read():
    """``<body>总体情况<br>…``: the body's own first text is a paragraph like any other (it was dropped)."""
    lines = html_loader.read("<body>一、总体情况<br>本年度收到申请12件。</body>".encode(), "x.html").lines
    assert [line.cells for line in lines] == [["一、总体情况"], ["本年度收到申请12件。"]]
    lines = html_loader.read("<html>引言<body>正文</body></html>".encode(), "x.html").lines
    assert [line.cells for line in lines] == [["引言正文"]]  # libxml2 puts both runs in the body


@pytest.mark.parametrize("layout", ["cells", "rows", "pipes", "tabs"])
@pytest.mark.parametrize("script", ["simplified", "taiwan"])
def test_a_text_report_in_a_pre_reads_as_the_text_file(layout, script):
    """An archived text report published in a ``<pre>`` (escaped, with ``&nbsp;`` and a running
    header around it) reads as the same text from a file: every cell, and check alike."""
    import html
    import random

    from govreport import generate
    from govreport.check import check

    for seed in range(3):
        truth = generate.random_report(random.Random(seed), ("2021", "2019")[seed % 2])
        text = generate.write(truth, layout, script=script)
        page = (f"<html><body><div class='nav'>首页 &gt; 政务公开</div><pre>{html.escape(text)}</pre>"
                f"<p>来源：本站</p></body></html>")
        from_text = loads(text.encode("utf-8"), "text", "x.txt")
        from_page = loads(page.encode("utf-8"), "html", "x.html")
        assert from_page.to_dict()["tables"] == from_text.to_dict()["tables"]
        assert from_page.to_dict()["tables"] == truth.to_dict()["tables"]
        assert check(from_page).valid == check(from_text).valid


def test_a_pre_keeps_its_line_breaks_marks_and_line_numbers():
    page = ("<body><p>前言</p><pre>规章 0 3 2\n行政许可 12<sup>1</sup>\n\n<b>行政处罚</b> 9</pre>"
            "<p>后记</p></body>")
    lines = html_loader.read(page.encode(), "x.html").lines
    assert [(line.cells, line.prov) for line in lines] == [
        (["前言"], {"line": 1}), (["规章", "0", "3", "2"], {"line": 2}), (["行政许可", "12¹"], {"line": 3}),
        (["行政处罚", "9"], {"line": 5}), (["后记"], {"line": 6})]
    # a <pre> holding a table or a picture is walked as any block: nothing in it is left out
    lines = html_loader.read("<pre>表 <table><tr><td>7</td></tr></table></pre>".encode(), "x.html").lines
    assert [line.cells for line in lines] == [["表"], ["7"]]


@pytest.mark.parametrize("how", ["html-p", "html-br", "docx-p"])
def test_a_table_typed_as_paragraphs_is_read_as_its_rows(how):
    """``<p>规章 0 3893 2</p>``: a table typed line by line into a page or a Word file is read as the
    same lines of a text file are.  Before, such rows were words: their numbers were not read, the
    rows were only "missing" warnings, and check said valid."""
    import random

    from govreport import generate
    from govreport.check import check

    truth = generate.random_report(random.Random(3), "2021")
    data = generate.typed(generate.write(truth, "rows"), how)
    report = loads(data, None, "x.docx" if how == "docx-p" else "x.html")
    assert report.to_dict()["tables"] == truth.to_dict()["tables"]
    result = check(report)
    assert result.valid and not [f for f in result.findings if f.rule == "structure.missing_row"]
    # one row's numbers run into one another in the paragraph: refused, naming the row
    text = generate.write(truth, "rows").replace("\n行政许可 ", "\n行政许可 1 2 ", 1)
    with pytest.raises(ParseError, match="行政许可"):
        loads(generate.typed(text, how), None, "x.docx" if how == "docx-p" else "x.html")


def test_hidden_text_in_a_cell_is_no_part_of_its_number():
    """``12<span style="display:none">3</span>`` shows 12: text styled out of sight inside a cell
    (display:none, visibility:hidden, Word's mso-hide:all; any case and spacing) is left out."""
    page = ('<table><tr><td>行政许可</td><td>12<span style="DISPLAY: none; mso-hide:all">3</span></td>'
            '<td>4<sup>1<span style="visibility : hidden">9</span></sup></td>'
            '<td><p style="mso-hide:all">99</p>5</td><td><span style="display:block">6</span></td></tr></table>')
    lines = html_loader.read(page.encode(), "x.html").lines
    assert [line.cells for line in lines] == [["行政许可", "12", "4¹", "5", "6"]]


def test_struck_and_deleted_text_in_a_cell_never_joins_a_number():
    """A number crossed out beside the new one (``<s>15</s>12``, ``line-through``) is a word of its
    own — the cell holds two numbers and the row is refused, naming it — never 1512; deleted text
    (``<del>``) is left out, as Word's tracked deletions are."""
    page = ('<table><tr><td>行政许可</td><td><s>15</s>12</td><td>4<del>9</del></td>'
            '<td><span style="text-decoration: LINE-THROUGH">8</span>5</td><td><strike>1</strike></td></tr></table>'
            '<p>文<del>删</del>字</p>')
    lines = html_loader.read(page.encode(), "x.html").lines
    assert [line.cells for line in lines] == [["行政许可", "15 12", "4", "8 5", "1"], ["文字"]]
    import random

    from govreport import generate

    truth = generate.random_report(random.Random(1), "2021")
    md = generate.write(truth, "markdown")
    value = truth.tables["active_disclosure"].rows["licensing"]["decisions"].value
    row = next(line for line in md.split("\n") if line.startswith("| 行政许可"))
    page = generate.markdown_to_html(md.replace(row, row.replace(f"| {value} |", f"| <s>7</s>{value} |")))
    page = page.replace("&lt;s&gt;", "<s>").replace("&lt;/s&gt;", "</s>")
    with pytest.raises(ParseError, match="行政许可"):
        loads(page.encode(), "html", "x.html")


def test_a_value_cell_showing_a_picture_is_refused_never_blank():
    """A number printed as a picture in its cell (``<td><img></td>``) was read as a blank: 表二's
    行政许可, which no identity checks, then passed.  Such a cell reads as a picture and is refused
    where a number stands, naming the row; where no number stands (表三's corner, a diagonal header drawn as a picture) the report reads exactly."""
    import random

    from govreport import generate

    truth = generate.random_report(random.Random(4), "2021")
    page = generate.markdown_to_html(generate.write(truth, "markdown"))
    value = truth.tables["active_disclosure"].rows["licensing"]["decisions"].value
    damaged = page.replace(f"<td>行政许可</td><td>{value}</td>", "<td>行政许可</td><td><img src='n.png'></td>", 1)
    assert damaged != page
    with pytest.raises(ParseError, match="行政许可.*“〔图片〕”.*这一格是图片"):
        loads(damaged.encode(), "html", "x.html")
    corner = page.replace("<tr><td>项目</td><td>自然人</td>", "<tr><td><img src='d.png'></td><td>自然人</td>", 1)
    assert corner != page and loads(corner.encode(), "html", "x.html").to_dict()["tables"] == truth.to_dict()["tables"]
    table4 = truth.tables["review_litigation"].rows["review"]["upheld"].value
    damaged = page.replace(f"<tr><td>行政复议</td><td>{table4}</td>", "<tr><td>行政复议</td><td><img src='n.png'></td>")
    assert damaged != page
    with pytest.raises(ParseError, match="表四.*行政复议.*〔图片〕"):
        loads(damaged.encode(), "html", "x.html")
