"""Acceptance of the core: templates, model, text layouts, show / check / render."""

import json
import subprocess
import sys

import pytest

from conftest import CORPUS, ROOT, SAMPLES, TAICANG_T2, TAICANG_T3, TAICANG_T4, corpus_expected
from govreport import generate, render as R
from govreport.check import check
from govreport.loaders import load, loads

COLUMNS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]


def tables(report):
    return report.to_dict()["tables"]


# ------------------------------------------------------------------ values
def test_sample_parses_to_the_published_figures(taicang):
    t = tables(taicang)
    assert taicang.template == "2021" and taicang.year == 2021 and taicang.agency == "太仓市"
    assert taicang.source["script"] == "traditional"
    req = t["requests"]
    assert len(req) == 25 and all(len(cols) == 7 for cols in req.values())
    assert req == {row: dict(zip(COLUMNS, values)) for row, values in TAICANG_T3.items()}
    assert t["active_disclosure"] == TAICANG_T2
    assert t["review_litigation"] == TAICANG_T4
    assert [(n.table, n.text) for n in taicang.notes] == [
        ("active_disclosure", "行政许可、行政强制本年处理决定数量统计口径较上年发生变化。"),
        ("review_litigation", "诉讼数据3个均为2020年立案后结转,2021年判决。"),
    ]
    assert [s.number for s in taicang.sections] == ["一", "二", "三", "四", "五"]
    assert "网上申请39件" in taicang.sections[0].text


def test_seed_parses_exactly_and_checks_clean(run):
    expected = corpus_expected("taicang_2021_seed")
    seed = CORPUS / "taicang_2021_seed.txt"
    report = load(str(seed))
    assert tables(report) == expected["tables"]
    for key in ("title", "agency", "year", "template"):
        assert getattr(report, key) == expected[key]
    assert [{"table": n.table, "text": n.text} for n in report.notes] == expected["notes"]
    result = run(["check", seed])
    assert result.exit_code == 0, result.stdout + result.stderr


def test_yaml_sample_equals_text_sample(taicang):
    assert tables(load(str(SAMPLES / "taicang-2021.yaml"))) == tables(taicang)


# ------------------------------------------------------------------ check
def _changed_copy(tmp_path, lines, line_no, new_text):
    copy = list(lines)
    copy[line_no - 1] = new_text
    path = tmp_path / "copy.txt"
    path.write_text("\n".join(copy), encoding="utf-8")
    return path


def test_every_table3_cell_changed_is_named_as_suspect(run, taicang, tmp_path):
    lines = (SAMPLES / "taicang-2021.txt").read_text(encoding="utf-8").split("\n")
    cells = list(taicang.tables["requests"].cells())
    assert len(cells) == 175
    for row, col, cell in cells:
        line_no = cell.prov["line"]
        assert lines[line_no - 1] == str(cell.value)
        path = _changed_copy(tmp_path, lines, line_no, str(cell.value + 1))
        result = run(["check", path, "--format", "json"])
        assert result.exit_code == 1, (row, col)
        [out] = json.loads(result.stdout)  # an array, one object per file
        errors = [f for f in out["findings"] if f["severity"] == "error"]
        assert errors and all(f["table"] == "requests" for f in errors)
        assert {(f["suspect"]["row"], f["suspect"]["column"]) for f in errors} == {(row, col)}
        assert all(f["suspect"]["delta"] == -1 for f in errors)


def test_every_table4_cell_changed_names_its_block(run, taicang, tmp_path):
    lines = (SAMPLES / "taicang-2021.txt").read_text(encoding="utf-8").split("\n")
    for row, col, cell in taicang.tables["review_litigation"].cells():
        path = _changed_copy(tmp_path, lines, cell.prov["line"], str(cell.value + 2))
        result = run(["check", path, "--format", "json"])
        assert result.exit_code == 1
        errors = [f for f in json.loads(result.stdout)[0]["findings"] if f["severity"] == "error"]
        assert [(f["rule"], f["row"]) for f in errors] == [("review_litigation.block_total", row)]
        assert "suspect" not in errors[0]


def test_error_sample_names_the_wrong_cell(run):
    result = run(["check", SAMPLES / "taicang-2021-error.txt"])
    assert result.exit_code == 1
    assert "疑似填错：表三 （一）予以公开 · 自然人（第 76 行），所印为 136，若为 163 则所有勾稽关系均成立" in result.stdout
    assert "表三 （一）予以公开 · 总计：印 167，按各项之和应为 140（136+2+1+0+0+1）" in result.stdout
    assert "位置：第 82 行" in result.stdout
    english = run(["check", SAMPLES / "taicang-2021-error.txt"], env={"GOVREPORT_LANG": "en"})
    assert ("suspect: table 3 （一）予以公开 · 自然人 (line 76), printed 136; 163 would make every identity hold"
            in english.stdout)
    assert "table 3 （一）予以公开 · 总计: printed 167, but the row's parts add up to 140 (136+2+1+0+0+1)" in english.stdout


def test_check_json_equals_the_library_result(run):
    path = SAMPLES / "taicang-2021-error.txt"
    result = run(["check", path, "--format", "json"])
    assert json.loads(result.stdout) == [check(load(str(path))).to_dict()]


def test_blank_cells_assumed_zero_and_blank_total_not_assessable(taicang):
    report = load(str(SAMPLES / "taicang-2021.yaml"))
    req = report.tables["requests"]
    req.rows["granted"]["total"].value = None  # a blank total: not assessable
    req.rows["carried_over"]["research"].value = None  # a blank part: counted as 0
    req.rows["carried_over"]["total"].value = 1  # ... and the row then fails
    findings = check(report).findings
    info = [f for f in findings if f.severity == "info"]
    assert [(f.rule, f.row) for f in info] == [("requests.row_total", "granted")]
    assert info[0].message == ("无法核对 “总计 = 自然人 + 法人或其他组织”：表三 （一）予以公开 · 总计 空白，"
                               "各项之和为 167（163+2+1+0+0+1）")
    row_err = [f for f in findings if f.rule == "requests.row_total" and f.severity == "error"]
    assert [(f.row, f.expected, f.actual) for f in row_err] == [("carried_over", 0, 1)]
    assert row_err[0].message.endswith("（空白按 0 计）")


def test_negative_and_fractional_counts_are_errors():
    report = load(str(SAMPLES / "taicang-2021.yaml"))
    report.tables["active_disclosure"].rows["licensing"]["decisions"].value = -5
    report.tables["active_disclosure"].rows["penalty"]["decisions"].value = 2.5
    rules = {(f.rule, f.row) for f in check(report).findings}
    assert ("values.nonnegative", "licensing") in rules and ("values.integer", "penalty") in rules


# ------------------------------------------------------------------ round trips
def test_yaml_round_trip(taicang, tmp_path):
    text = R.to_yaml(taicang)
    again = loads(text.encode("utf-8"), path="x.yaml")
    assert again.to_dict()["tables"] == tables(taicang)
    assert again.to_dict()["sections"] == taicang.to_dict()["sections"]
    assert again.notes == taicang.notes


def test_markdown_round_trip(taicang):
    again = loads(R.to_markdown(taicang).encode("utf-8"), path="x.md")
    assert again.source["format"] == "markdown"
    assert tables(again) == tables(taicang)
    assert again.notes == taicang.notes and again.title == taicang.title


def test_render_to_file_is_atomic_and_complete(run, tmp_path):
    out = tmp_path / "t.json"
    result = run(["render", SAMPLES / "taicang-2021.txt", "--format", "json", "-o", out])
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["tables"]["requests"]["total"]["total"] == 327
    assert [p.name for p in tmp_path.iterdir()] == ["t.json"]


# ------------------------------------------------------------------ layouts, scripts, encodings
def layouts(report):
    return {
        "cells": generate.write(report, "cells"),
        "rows": R.to_text(report),
        "pipes": R.to_markdown(report),
    }


def test_three_layouts_two_scripts_all_encodings_parse_identically(taicang):
    from govreport.normalize import _converter

    expected = tables(taicang)
    s2t = _converter("s2t")
    seen = 0
    for name, text in layouts(taicang).items():
        for script, body in (("simplified", text), ("traditional", s2t.convert(text).replace("爲", "為"))):
            encodings = ["utf-8", "utf-8-sig", "utf-16", "gb18030"] + (
                ["gbk"] if script == "simplified" else ["big5"])
            for enc in encodings:
                report = loads(body.encode(enc), path=f"{name}.{script}.{enc}.txt")
                assert tables(report) == expected, (name, script, enc)
                assert report.source["script"] == script, (name, script, enc)
                seen += 1
    assert seen == 3 * 2 * 5


def test_row_layout_with_a_wrapped_label(taicang):
    text = R.to_text(taicang)
    label = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    line = next(ln for ln in text.split("\n") if ln.strip().startswith(label))
    numbers = line.strip()[len(label):]
    wrapped = text.replace(line, "  1.申请人无正当理由逾期不补正、行政机关\n  不再处理其政府信息公开申请 " + numbers)
    assert tables(loads(wrapped.encode("utf-8"), path="w.txt")) == tables(taicang)


def test_pipe_rows_with_group_label_on_first_row_only():
    text = """# 某县2021年政府信息公开工作年度报告
| 一、本年新收政府信息公开申请数量 | | 5 | 0 | 0 | 0 | 0 | 0 | 5 |
"""
    body = "\n".join([
        "三、收到和处理政府信息公开申请情况",
        "| 一、本年新收政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |",
        "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "| 三、本年度办理结果 | (一)予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |",
        "| | (二)部分公开(区分处理的,只计这一情形,不计其他情形) | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
        "| (三)不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "| 2.其他法律行政法规禁止公开 | / | — | 0 | 0 | 0 | 0 | 0 |",
    ])
    del text
    report = loads(("# 某县2021年政府信息公开工作年度报告\n" + body).encode("utf-8"), path="p.md")
    req = tables(report)["requests"]
    assert req["granted"]["natural_person"] == 3 and req["partially_granted"]["total"] == 1
    assert req["denied.prohibited_by_law"]["natural_person"] is None
    assert report.tables["requests"].cell("denied.prohibited_by_law", "commercial").raw == "—"


def test_values_nfkc_thousands_markers_and_signs():
    from govreport.parse.numbers import parse_value

    assert parse_value("１２３").value == 123
    assert parse_value("1,234").value == 1234
    assert parse_value("96171.6").value == 96171.6
    assert parse_value("+12").value == 12 and parse_value("-3").value == -3
    assert parse_value("增5").value == 5 and parse_value("减4").value == -4
    v = parse_value("251000元")
    assert (v.value, v.unit) == (251000, "元")
    for marker in ("/", "—", "-", "无", ""):
        assert parse_value(marker).value is None
    assert parse_value("(一)予以公开") is None


# ------------------------------------------------------------------ bad input
def _error(result, *needles):
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    for needle in needles:
        assert needle in err, (needle, err)
    return err


def _cells_text():
    return (SAMPLES / "taicang-2021.txt").read_text(encoding="utf-8").split("\n")


def test_bad_inputs_give_one_line_and_exit_2(run, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    _error(run(["check", empty]), str(empty), "空文件")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    _error(run(["show", binary]), str(binary), "不是文本格式的报告（二进制文件）")
    undecodable = tmp_path / "bad.txt"
    undecodable.write_bytes("政府信息公开".encode("utf-8")[:4] + b"\xff\xfe\xfa" * 40)
    _error(run(["check", undecodable]), str(undecodable), "无法识别文字编码")
    _error(run(["check", tmp_path]), str(tmp_path), "是文件夹，但其中（含子文件夹）没有报告文件")
    _error(run(["render", tmp_path / "missing.txt"]), "missing.txt", "无法读取：文件不存在")


def test_short_row_is_refused_and_never_pulls_the_next_rows_numbers(run, tmp_path):
    lines = _cells_text()
    k = lines.index("(一)予以公開")
    short = lines[:k + 1] + lines[k + 2:]  # 6 of its 7 numbers
    path = tmp_path / "short.txt"
    path.write_text("\n".join(short), encoding="utf-8")
    _error(run(["check", path]), str(path), "（一）予以公开", "找到 6 个数字，模板有 7 个")


def test_long_row_is_refused(run, tmp_path):
    lines = _cells_text()
    k = lines.index("(一)予以公開")
    long = lines[:k + 1] + ["9"] + lines[k + 1:]
    path = tmp_path / "long.txt"
    path.write_text("\n".join(long), encoding="utf-8")
    _error(run(["show", path]), str(path), "（一）予以公开", "找到 8 个数字，模板有 7 个")


def test_row_layout_short_row_names_the_row(run, tmp_path, taicang):
    """Rows without column positions: a row one number short is refused, naming it."""
    text = "\n".join(" ".join(ln.split()) for ln in R.to_text(taicang).split("\n"))  # alignment lost
    line = next(ln for ln in text.split("\n") if ln.startswith("4.保护第三方合法权益"))
    path = tmp_path / "rows.txt"
    path.write_text(text.replace(line, line.rsplit(" ", 1)[0]), encoding="utf-8")  # drop the 总计
    _error(run(["check", path]), "（三）不予公开 4.保护第三方合法权益", "找到 6 个数字")


def test_aligned_row_layout_blank_cell_stays_blank(run, tmp_path, taicang):
    """Column-aligned rows (``pdftotext -layout``, terminal tables): a cell printed blank sits
    under its column, so it loads blank — and check names the row it leaves unverifiable."""
    text = R.to_text(taicang)
    line = next(ln for ln in text.split("\n") if ln.strip().startswith("4.保护第三方合法权益"))
    path = tmp_path / "rows.txt"
    path.write_text(text.replace(line, line.rstrip()[:-1].rstrip()), encoding="utf-8")  # 总计 printed blank
    report = load(str(path))
    assert report.tables["requests"].value("denied.third_party_rights", "total") is None
    assert report.tables["requests"].value("denied.third_party_rights", "natural_person") == \
        taicang.tables["requests"].value("denied.third_party_rights", "natural_person")
    result = run(["check", path])
    assert result.exit_code == 1 and "4.保护第三方合法权益" in result.stdout


def test_table4_cut_off_is_refused(run, tmp_path):
    lines = _cells_text()
    k = lines.index("五、存在的主要問題及下一步工作計畫")
    note = k - 1
    cut = lines[:note - 3] + lines[note:]  # the last three numbers of 表四 gone
    path = tmp_path / "cut.txt"
    path.write_text("\n".join(cut), encoding="utf-8")
    _error(run(["check", path]), "表四", "找到 12 个数字，模板有 15 个")


# ------------------------------------------------------------------ CLI behaviour
def test_stdin_dash(run):
    data = (SAMPLES / "taicang-2021.txt").read_text(encoding="utf-8")
    result = run(["render", "-", "--format", "json"], input=data)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["tables"]["requests"]["new_received"]["total"] == 333


def test_show_plain_layout(run):
    result = run(["show", SAMPLES / "taicang-2021-error.txt", "--table", "requests"])
    assert result.exit_code == 0
    out = result.stdout.splitlines()
    assert out[0] == "太仓市2021年政府信息公开工作年度报告（2021年度，2021版模板，text，繁体字）"
    header = next(i for i, ln in enumerate(out) if "法人或其他组织" in ln)
    assert out[header].split() == ["自然人", "法人或其他组织", "总计"]
    assert out[header + 1].split() == ["商业企业", "科研机构", "社会公益", "法律服务", "其他"]
    granted = next(ln for ln in out if "（一）予以公开" in ln)
    assert granted.startswith("  （一）予以公开") and granted.split()[1:] == ["136!", "2", "1", "0", "0", "1", "167*"]
    assert any(ln.startswith("    1.属于国家秘密") for ln in out)  # level-3 rows indented deeper
    assert out[-1] == "! 疑似填错的单元格　* 不成立的勾稽关系所涉单元格"
    assert "表" not in result.stderr


def test_show_one_table_and_bad_table_name(run):
    ok = run(["show", SAMPLES / "taicang-2021.txt", "--table", "review_litigation"])
    assert ok.exit_code == 0 and "未经复议直接起诉" in ok.stdout and "予以公开" not in ok.stdout
    bad = run(["show", SAMPLES / "taicang-2021.txt", "--table", "nope"])
    assert bad.exit_code == 2


def test_help_has_an_example_for_each_command(run):
    for cmd in ("show", "check", "render"):
        result = run([cmd, "--help"])
        assert result.exit_code == 0 and "\n示例：\n  govreport " + cmd in result.stdout
        english = run([cmd, "--help", "--lang", "en"])
        assert english.exit_code == 0 and "\nExamples:\n  govreport " + cmd in english.stdout


def test_version_imports_neither_rich_nor_yaml_nor_tabulate():
    code = ("import sys\nsys.argv = ['govreport', '--version']\nfrom govreport.cli import main\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert e.code == 0\n"
            "print(sorted(m for m in ('rich', 'yaml', 'tabulate', 'opencc', 'lxml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.splitlines() == ["govreport 0.1.0", "[]"]


def test_report_without_tables_loads_as_template_none():
    text = "某局2022年政府信息公开工作年度报告\n一、总体情况\n本年度工作平稳。\n五、存在的主要问题及改进情况\n无。\n"
    report = loads(text.encode("utf-8"), path="n.txt")
    assert report.template == "none" and report.tables == {}
    assert [(s.number, s.title, s.text) for s in report.sections] == [
        ("一", "总体情况", "本年度工作平稳。"), ("五", "存在的主要问题及改进情况", "无。")]


def test_total_with_every_part_blank_is_not_assessable():
    report = load(str(SAMPLES / "taicang-2021.yaml"))
    req = report.tables["requests"]
    for row in req.rows:
        if row not in ("new_received", "carried_over", "total", "carried_forward"):
            req.rows[row]["commercial"].value = None
    findings = check(report).findings
    col = [f for f in findings if f.rule == "requests.results_total" and f.column == "commercial"]
    assert [(f.severity, f.actual) for f in col] == [("info", 17)]
    assert col[0].message.endswith("为 17，但各项均为空白")


def test_numbers_inside_sentences_are_not_table_values():
    text = "\n".join([
        "某县2021年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "2021 年本机关共收到政府信息公开申请 5 件，办结 5 件。",
        "一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5",
        "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
        "(七)总计 5 0 0 0 0 0 5",
        "四、结转下年度继续办理 0 0 0 0 0 0 0",
        "四、政府信息公开行政复议、行政诉讼情况",
        "本年度行政复议 1 件。",
        "0 0 0 1 1 0 0 0 0 0 0 0 0 0 0",
    ])
    t = tables(loads(text.encode("utf-8"), path="prose.txt"))
    assert t["requests"]["new_received"]["total"] == 5 and t["requests"]["total"]["natural_person"] == 5
    assert t["review_litigation"]["review"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}
    # a bare number line with no label is still refused, never guessed into a row
    bare = text.replace("2021 年本机关共收到政府信息公开申请 5 件，办结 5 件。", "一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5\n7")
    with pytest.raises(Exception, match="找到 8 个数字"):
        loads(bare.encode("utf-8"), path="bare.txt")


def test_preamble_is_kept_and_its_statistics_period_checked(run, tmp_path, taicang):
    assert taicang.preamble == "本年报所列数据的统计期限自2021年1月1日起至2021年12月31日止。"
    assert loads(R.to_markdown(taicang).encode("utf-8"), path="x.md").preamble == taicang.preamble
    text = (SAMPLES / "taicang-2021.txt").read_text(encoding="utf-8").replace("自2021年1月1日", "自2020年1月1日")
    path = tmp_path / "wrong-year.txt"
    path.write_text(text, encoding="utf-8")
    result = run(["check", path, "--format", "json"])
    assert result.exit_code == 0  # a warning, not an error
    found = [(f["rule"], f["expected"], f["actual"]) for f in json.loads(result.stdout)[0]["findings"]]
    assert found == [("structure.year_mismatch", 2021, 2020)]


def test_pipe_rows_with_empty_spanned_label_columns():
    body = "\n".join([
        "# 某县2021年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "| 一、本年新收政府信息公开申请数量 | | | 5 | 0 | 0 | 0 | 0 | 0 | 5 |",
        "| 二、上年结转政府信息公开申请数量 | | | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "| 三、本年度办理结果 | (一)予以公开 | | 3 | 0 | 0 | 0 | 0 | 0 | 3 |",
        "| (三)不予公开 | 1.属于国家秘密 | | 0 | 0 | 0 | 0 | 0 | 0 |",
    ])
    req = tables(loads(body.encode("utf-8"), path="span.md"))["requests"]
    assert req["new_received"]["natural_person"] == 5 and req["new_received"]["total"] == 5
    assert req["granted"]["natural_person"] == 3
    # the last row has 7 cells after its label, one of them empty: a genuine blank, kept
    assert req["denied.state_secret"]["natural_person"] is None and req["denied.state_secret"]["total"] == 0
    # an empty cell at both ends leaves it open which cells are the row's: refused
    ambiguous = body + "\n| 2.其他法律行政法规禁止公开 | | 1 | 0 | 0 | 0 | 0 | 1 | |"
    with pytest.raises(Exception, match="找到 8 个数字"):
        loads(ambiguous.encode("utf-8"), path="amb.md")


def test_a_2021_report_printing_other_as_one_row_keeps_what_is_printed(taicang):
    text = R.to_markdown(taicang)
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if "(六)其他处理" in ln)
    mixed = lines[:start] + ["| (六)其他处理 | 5 | 0 | 0 | 0 | 1 | 0 | 6 |"] + lines[start + 4:]
    report = loads("\n".join(mixed).encode("utf-8"), path="mixed.md")
    assert report.template == "2021"  # table 2 decides the template
    req = tables(report)["requests"]
    assert "other" in req and not any(k.startswith("other.") for k in req)
    assert req["other"]["total"] == 6
    findings = check(report).findings
    assert not [f for f in findings if f.severity == "error"]
    assert [f.rule for f in findings] == ["structure.mixed_template"]
    # numbers on the single row and on the sub-rows too: refused
    both = lines[:start] + ["| (六)其他处理 | 5 | 0 | 0 | 0 | 1 | 0 | 6 |"] + lines[start + 1:]
    with pytest.raises(Exception, match="按另一版模板的行印制"):
        loads("\n".join(both).encode("utf-8"), path="both.md")


def test_title_printed_over_two_lines():
    text = "淮安市人民政府\n2024 年政府信息公开工作年度报告\n本报告所列统计期限自2024年1月1日至2024年12月31日。\n一、总体情况\n略。\n"
    report = loads(text.encode("utf-8"), path="t.txt")
    assert (report.title, report.agency, report.year) == ("淮安市人民政府2024年政府信息公开工作年度报告", "淮安市人民政府", 2024)
    assert report.preamble == "本报告所列统计期限自2024年1月1日至2024年12月31日。"


def test_tab_separated_rows_keep_blank_cells():
    text = "\n".join([
        "某县2021年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "\t申请人情况",
        "一、本年新收政府信息公开申请数量\t5\t\t\t\t\t\t5",
        "二、上年结转政府信息公开申请数量\t0\t\t\t\t\t\t0",
    ])
    req = tables(loads(text.encode("utf-8"), path="copy.txt"))["requests"]
    assert req["new_received"] == {"natural_person": 5, "commercial": None, "research": None, "social_welfare": None,
                                   "legal_service": None, "other_org": None, "total": 5}


def test_section_text_before_a_table_is_kept_and_its_header_cells_are_not():
    text = "\n".join([
        "某县2021年政府信息公开工作年度报告",
        "二、主动公开政府信息情况",
        "(一)规章",
        "本年无新制定规章。",
        "第二十条第(一)项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数",
        "规章", "0", "0", "0",
        "行政规范性文件", "1", "0", "5",
        "注:规范性文件含部门文件。",
        "表后说明一句。",
    ])
    report = loads(text.encode("utf-8"), path="s.txt")
    assert report.sections[0].text == "(一)规章\n本年无新制定规章。\n表后说明一句。"
    assert [(n.table, n.text) for n in report.notes] == [("active_disclosure", "规范性文件含部门文件。")]
    assert tables(report)["active_disclosure"]["normative_documents"] == {"issued": 1, "repealed": 0, "in_force": 5}


def test_show_on_a_terminal_highlights_with_rich(run, monkeypatch):
    import sys as _sys

    from rich.console import Console

    monkeypatch.setattr("govreport.cli.show.is_tty", lambda: True)
    monkeypatch.setattr("govreport.cli.tables.make_console",
                        lambda: Console(file=_sys.stdout, force_terminal=True, color_system="standard", width=200))
    result = run(["show", SAMPLES / "taicang-2021-error.txt", "--table", "requests"])
    assert result.exit_code == 0
    granted = next(ln for ln in result.stdout.splitlines() if "（一）予以公开" in ln)
    assert "*" not in granted and "!" not in granted  # markers are for plain text only
    assert "\x1b[1;7;31m   136\x1b[0m" in granted  # the suspect, highlighted
    assert "\x1b[33m   299\x1b[0m" in result.stdout  # a failing total
