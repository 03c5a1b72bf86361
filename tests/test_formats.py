"""Format detection by content, --from, standard input for every text format, and provenance."""

import json

from conftest import SAMPLES
from govreport import render as R
from govreport.loaders import detect_format, load

HTML = ("<html><head><meta charset='utf-8'><title>某县2021年政府信息公开工作年度报告</title></head><body>"
        "<p>三、收到和处理政府信息公开申请情况</p><table>"
        "<tr><td colspan='3'>一、本年新收政府信息公开申请数量</td><td>5</td><td>0</td><td>0</td><td>0</td>"
        "<td>0</td><td>0</td><td>5</td></tr></table></body></html>")


def test_format_is_detected_from_content_not_the_name():
    assert detect_format(b"%PDF-1.7\n...", "report.txt") == "pdf"
    assert detect_format(b"PK\x03\x04....word/document.xml", "report") == "docx"
    assert detect_format(HTML.encode(), "report.txt") == "html"
    assert detect_format(b'{"schema": "govreport/1", "tables": {}}', "x.txt") == "json"
    assert detect_format("schema: govreport/1\ntables: {}\n".encode(), "x.txt") == "yaml"
    assert detect_format("| 规章 | 0 | 0 | 0 |".encode(), "x.md") == "markdown"
    assert detect_format("一、总体情况".encode(), "x") == "text"


def test_html_saved_with_a_txt_name_loads_as_html(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_text(HTML, encoding="utf-8")
    report = load(str(path))
    assert report.source["format"] == "html"
    assert report.tables["requests"].value("new_received", "total") == 5


def test_from_forces_the_format(run, tmp_path):
    md = tmp_path / "report.txt"
    md.write_text(R.to_markdown(load(str(SAMPLES / "taicang-2021.txt"))), encoding="utf-8")
    result = run(["render", md, "--from", "markdown", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["source"]["format"] == "markdown"
    bad = run(["render", md, "--from", "excel"])
    assert bad.exit_code == 2 and "未知格式“excel”" in bad.stderr


def test_stdin_takes_html(run):
    result = run(["render", "-", "--format", "json"], input=HTML)
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["source"] == {"path": "-", "format": "html", "script": "simplified"}
    assert out["tables"]["requests"]["new_received"]["natural_person"] == 5


def test_provenance_in_json_and_show(run):
    path = SAMPLES / "taicang-2021.txt"
    out = json.loads(run(["render", path, "--format", "json", "--provenance"]).stdout)
    cell = out["provenance"]["requests"]["granted"]["natural_person"]
    lines = path.read_text(encoding="utf-8").split("\n")
    assert cell["raw"] == "163" and lines[cell["line"] - 1] == "163"
    assert "provenance" not in json.loads(run(["render", path, "--format", "json"]).stdout)
    shown = run(["show", path, "--table", "review_litigation", "--provenance"]).stdout.splitlines()
    assert "表格\t行\t列\t数值\t原文\t来源" in shown
    rows = [ln.split("\t") for ln in shown if ln.startswith("review_litigation\t")]
    assert len(rows) == 15 and rows[1][:5] == ["review_litigation", "review", "corrected", "3", "3"]
    assert rows[1][5].startswith("第") and rows[1][5].endswith("行")


def test_html_provenance_names_table_row_and_column():
    from govreport.loaders import loads

    report = loads(HTML.encode(), path="x.html")
    prov = report.tables["requests"].cell("new_received", "total").prov
    assert prov == {"table": 1, "row": 1, "col": 8}
