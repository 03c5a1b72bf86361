"""The long form (govreport.export): official labels and units beside the keys, and CSV for Excel."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import sqlite3

from govreport import export as E
from govreport import generate as G
from govreport import messages as M
from govreport.loaders import load

TAICANG = os.path.join(os.path.dirname(__file__), "..", "samples", "taicang-2021.txt")


def by_key(records):
    return {(r["table"], r["row"], r["column"]): r for r in records}


def test_new_columns_come_after_the_old_ones():
    assert E.CELL_FIELDS[:9] == ("file", "agency", "year", "template", "table", "row", "column", "value", "raw")
    assert E.CELL_FIELDS[9:] == ("table_label", "row_label", "column_label", "unit")


def test_labels_and_units():
    cells = by_key(E.cells(load(TAICANG)))
    granted = cells[("requests", "granted", "commercial")]
    assert (granted["table_label"], granted["row_label"], granted["column_label"], granted["unit"]) == \
        ("表三", "（一）予以公开", "法人或其他组织 · 商业企业", "件")
    assert cells[("requests", "denied.state_secret", "total")]["row_label"] == "（三）不予公开 1.属于国家秘密"
    assert cells[("review_litigation", "litigation_direct", "upheld")]["row_label"] == "行政诉讼 未经复议直接起诉"
    assert cells[("active_disclosure", "fees", "amount")]["unit"] == "万元"
    assert cells[("active_disclosure", "regulations", "issued")]["column_label"] == "本年制发件数"


def test_procurement_amount_keeps_the_printed_unit():
    report = G.random_report(random.Random(2), "2019")
    amount = report.tables["active_disclosure"].rows["procurement"]["amount"]
    amount.unit = "元"
    cells = by_key(E.cells(report))
    assert cells[("active_disclosure", "procurement", "amount")]["unit"] == "元"
    assert cells[("active_disclosure", "procurement", "items")]["unit"] == "件"
    amount.unit = None
    assert by_key(E.cells(report))[("active_disclosure", "procurement", "amount")]["unit"] == ""


def test_table_label_follows_the_language():
    M.set_lang("en")
    try:
        cell = next(E.cells(load(TAICANG)))
    finally:
        M.set_lang(None)
    assert cell["table_label"] == "table 2" and cell["row_label"] == "规章"


def test_csv_for_excel_has_a_bom_and_crlf_and_the_same_rows():
    report = load(TAICANG)
    plain, excel = io.StringIO(), io.StringIO()
    assert E.write_csv([report], plain) == E.write_csv([report], excel, excel=True) == 200
    text = excel.getvalue()
    assert text.startswith("\ufeff") and text.count("\r\n") == 201 and "\n" not in text.replace("\r\n", "")
    assert list(csv.reader(io.StringIO(text[1:], newline=""))) == list(csv.reader(io.StringIO(plain.getvalue())))


def test_jsonl_and_sqlite_carry_the_new_columns(tmp_path):
    report = load(TAICANG)
    buf = io.StringIO()
    E.write_jsonl([report], buf)
    first = json.loads(buf.getvalue().splitlines()[0])
    assert tuple(first) == E.CELL_FIELDS
    path = str(tmp_path / "cells.db")
    assert E.write_sqlite([report], path) == 200
    row = sqlite3.connect(path).execute(
        """select row_label, column_label, unit from cells where "row" = 'fees'""").fetchone()
    assert row == ("行政事业性收费", "本年收费金额（单位：万元）", "万元")
