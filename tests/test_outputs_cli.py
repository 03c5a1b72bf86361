"""The new outputs through the command line: render --format html|docx, export --format xlsx and
--excel, check --summary FILE.csv|.xlsx (its rows match check --format json)."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from govreport.loaders import load

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
ERROR = SAMPLES / "taicang-2021-error.txt"


def _values(report):
    return {t: {(r, c): cell.value for r, c, cell in table.cells()} for t, table in report.tables.items()}


def test_render_html_to_a_file_loads_back_with_the_findings_listed(run, tmp_path):
    out = tmp_path / "page.html"
    result = run(["render", ERROR, "--format", "html", "-o", out])
    assert result.exit_code == 0 and result.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "疑似填错：表三 （一）予以公开 · 自然人" in page
    assert _values(load(str(out))) == _values(load(str(ERROR)))
    assert run(["render", ERROR, "--format", "html"]).stdout == page  # the same page to standard output


def test_render_docx_needs_a_file_on_a_terminal_and_pipes_otherwise(run, tmp_path, monkeypatch):
    import govreport.cli.render as R

    piped = run(["render", ERROR, "--format", "docx"])
    assert piped.exit_code == 0
    monkeypatch.setattr(R, "is_tty", lambda stream=None: True)
    refused = run(["render", ERROR, "--format", "docx"])
    assert refused.exit_code == 2 and "-o" in refused.stderr and "二进制" in refused.stderr
    out = tmp_path / "t.docx"
    assert run(["render", ERROR, "--format", "docx", "-o", out, "--highlight"]).exit_code == 0
    assert _values(load(str(out))) == _values(load(str(ERROR)))


def test_export_xlsx_and_csv_for_excel(run, tmp_path):
    pytest.importorskip("openpyxl")
    from openpyxl import load_workbook

    folder = tmp_path / "p"
    shutil.copytree(SAMPLES / "pingtan", folder)
    assert run(["export", folder, "--format", "xlsx"]).exit_code == 2  # a workbook needs -o
    out = tmp_path / "all.xlsx"
    assert run(["export", folder, "--format", "xlsx", "-o", out]).exit_code == 0
    book = load_workbook(out)
    assert len(book.sheetnames) >= 4
    excel = run(["export", folder, "--excel"]).stdout_bytes.decode("utf-8")
    assert excel.startswith("\ufefffile,agency,year,") and excel.count("\r\n") == excel.count("\n")
    plain = run(["export", folder]).stdout_bytes.decode("utf-8")
    assert plain.replace("\n", "\r\n") == excel[1:]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_check_summary_rows_match_check_json(run, tmp_path, suffix):
    if suffix == ".xlsx":
        pytest.importorskip("openpyxl")
    folder = tmp_path / "r"
    shutil.copytree(SAMPLES / "pingtan", folder)
    shutil.copy(ERROR, folder / "taicang.txt")
    (folder / "broken.txt").write_bytes("政府信息公开工作年度报告\n".encode() + b"\x00\x01" * 50)
    target = tmp_path / f"summary{suffix}"
    result = run(["check", folder, "--summary", target])
    assert result.exit_code == 2  # the unreadable file wins
    if suffix == ".csv":
        text = target.read_bytes().decode("utf-8")
        assert text.startswith("\ufeff") and "\r\n" in text
        rows = list(csv.DictReader(io.StringIO(text[1:])))
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(target).active
        values = list(sheet.values)
        head = [str(h) for h in values[0]]
        assert "file" in head or "文件" in head
        rows = [dict(zip(_summary_keys(), ("" if v is None else v for v in r))) for r in values[1:]]
    by_file = {r["file"]: r for r in rows}
    objects = {o["file"]: o for o in json.loads(run(["check", folder, "--format", "json"]).stdout)}
    assert set(by_file) == set(objects)
    for path, obj in objects.items():
        row = by_file[path]
        if obj.get("error"):
            assert row["status"] == "unreadable"
            continue
        errors = sum(f["severity"] == "error" for f in obj["findings"])
        warnings = sum(f["severity"] == "warning" for f in obj["findings"])
        assert (int(row["errors"]), int(row["warnings"])) == (errors, warnings)
        assert row["status"] == ("failed" if errors else "warnings" if warnings else "ok")
        first = next((f for sev in ("error", "warning") for f in obj["findings"] if f["severity"] == sev), None)
        assert row["first_finding"] == (first["message"] if first else "")
    assert by_file[str(folder / "taicang.txt")]["agency"] == "太仓市"
    assert str(by_file[str(folder / "taicang.txt")]["year"]) == "2021"


def _summary_keys():
    from govreport.output.findings import SUMMARY_COLUMNS

    return SUMMARY_COLUMNS
