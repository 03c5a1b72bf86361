"""`govreport export`: every cell in long form, to csv, jsonl and sqlite."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import sqlite3

from typer.testing import CliRunner

from govreport import generate as G
from govreport.cli import get_app

SAMPLES = os.path.join(os.path.dirname(__file__), "..", "samples")
TAICANG = os.path.join(SAMPLES, "taicang-2021.txt")


def run(*args):
    return CliRunner().invoke(get_app(), list(args))


def _folder(tmp_path, n=4):
    rng = random.Random(1)
    for i in range(n):
        report = G.random_report(rng, ("2021", "2019")[i % 2])
        (tmp_path / f"r{i}.md").write_text(G.write(report, "markdown"), encoding="utf-8")
    return tmp_path


def test_csv_has_one_row_per_cell():
    result = run("export", TAICANG, "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0])[:9] == ["file", "agency", "year", "template", "table", "row", "column", "value", "raw"]
    assert len(rows) == 200  # 10 + 175 + 15
    by_table = {}
    for r in rows:
        by_table[r["table"]] = by_table.get(r["table"], 0) + 1
    assert by_table == {"active_disclosure": 10, "requests": 175, "review_litigation": 15}
    cell = next(r for r in rows if r["row"] == "new_received" and r["column"] == "total")
    assert (cell["agency"], cell["year"], cell["value"]) == ("太仓市", "2021", "333")


def test_sqlite_opens_and_answers_queries(tmp_path):
    (tmp_path / "in").mkdir()
    folder = _folder(tmp_path / "in")
    out = tmp_path / "cells.db"
    result = run("export", TAICANG, str(folder), "-f", "sqlite", "-o", str(out))
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(out)
    value, = db.execute("""select value from cells where agency = '太仓市' and year = 2021
                           and "table" = 'requests' and "row" = 'new_received' and "column" = 'total'""").fetchone()
    assert value == 333 and isinstance(value, int)
    reports = db.execute("select file, agency, year, template, format, script from reports order by file").fetchall()
    assert len(reports) == 5
    taicang = [r for r in reports if os.path.basename(r[0]) == "taicang-2021.txt"]
    assert [r[1:] for r in taicang] == [("太仓市", 2021, "2021", "text", "traditional")]
    counts = dict(db.execute("select template, count(*) / count(distinct file) from cells group by template"))
    assert counts["2021"] == 200
    fees = db.execute("""select value from cells where "row" = 'fees' and file like '%taicang%'""").fetchone()[0]
    assert fees == 27663


def test_jsonl_and_unreadable_files_are_skipped_with_exit_2(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    result = run("export", TAICANG, str(bad), "-f", "jsonl")
    assert result.exit_code == 2
    assert "bad.txt" in result.stderr
    records = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(records) == 200 and records[0]["file"].endswith("taicang-2021.txt")


def test_sqlite_needs_an_output_file():
    result = run("export", TAICANG, "-f", "sqlite")
    assert result.exit_code == 2 and "-o" in result.stderr


def test_nothing_is_written_before_an_unreadable_input_fails(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    for fmt in ("csv", "jsonl"):
        result = run("export", str(bad), "-f", fmt)
        assert result.exit_code == 2 and "bad.txt" in result.stderr
        assert result.stdout == ""  # no CSV header ahead of the error


def test_export_by_year_in_a_folder():
    pingtan = os.path.join(SAMPLES, "pingtan")
    result = run("export", "2021", "--dir", pingtan, "--agency", "平潭", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["year"] for r in rows} == {"2021"} and rows[0]["file"].endswith("pingtan-2021.md")
