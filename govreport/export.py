"""Every cell of many reports in long form: one record per cell
(file, agency, year, template, table, row, column, value, raw, then the official
``table_label``, ``row_label``, ``column_label`` and the cell's ``unit``).

Writers take an iterable of reports and consume it one report at a time, so a
folder of thousands of reports never sits in memory.
"""

from __future__ import annotations

import json
from typing import Iterable

from . import templates as T
from .model import Report

CELL_FIELDS = ("file", "agency", "year", "template", "table", "row", "column", "value", "raw",
               "table_label", "row_label", "column_label", "unit")
COUNT_UNIT = "件"
REPORT_FIELDS = ("file", "agency", "year", "template", "format", "script")


def unit(spec: T.TableSpec, column: str, cell) -> str:
    """件 for counts, the unit the header fixes (表二 收费金额: 万元), else the unit printed
    in the cell (2019 采购总金额, ``Column.unit_field``); '' when none is known."""
    try:
        col = spec.column(column)
    except KeyError:
        return ""
    if col.kind != "amount":
        return COUNT_UNIT
    return col.unit or (cell.unit if col.unit_field and cell.unit else "")


def cells(report: Report):
    """The report's cells as dicts (``CELL_FIELDS``), in template order; labels in the
    current language (:mod:`govreport.messages`)."""
    from . import messages as M

    base = {"file": report.path, "agency": report.agency, "year": report.year, "template": report.template}
    for tkey in T.TABLE_ORDER:
        table = report.tables.get(tkey)
        if table is None:
            continue
        spec = report.spec(tkey)
        labels = {"table_label": M.table_name(tkey)}
        columns = {}
        for row, cols in table.rows.items():
            labels["row_label"] = M.row_label(report.template, tkey, row)
            for col, cell in cols.items():
                if col not in columns:
                    columns[col] = M.column_label(report.template, tkey, col)
                yield dict(base, table=tkey, row=row, column=col, value=cell.value, raw=cell.raw, **labels,
                           column_label=columns[col], unit=unit(spec, col, cell))


def report_record(report: Report) -> dict:
    return {"file": report.path, "agency": report.agency, "year": report.year, "template": report.template,
            "format": report.source.get("format"), "script": report.source.get("script")}


def write_csv(reports: Iterable[Report], stream, excel: bool = False) -> int:
    """CSV with a header row, one row per cell; returns the number of cells.
    Text cells a spreadsheet would run as a formula (``=HYPERLINK(…)``, ``+``, ``-``,
    ``@``, tab, CR first) get a leading apostrophe (:mod:`govreport.output.spreadsheet`);
    numbers stay numbers.  ``excel``: a UTF-8 byte order mark first and CRLF line
    ends, so that Excel opens the Chinese text right when the file is double-clicked
    (``stream`` must then be written as UTF-8)."""
    import csv

    from .output.spreadsheet import cell as safe_cell

    if excel:
        stream.write("\ufeff")
    writer = csv.DictWriter(stream, fieldnames=CELL_FIELDS, lineterminator="\r\n" if excel else "\n")
    writer.writeheader()
    n = 0
    for report in reports:
        for record in cells(report):
            writer.writerow({k: "" if v is None else safe_cell(v) for k, v in record.items()})
            n += 1
    return n


def write_jsonl(reports: Iterable[Report], stream) -> int:
    n = 0
    for report in reports:
        for record in cells(report):
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


SCHEMA = """
CREATE TABLE reports (file TEXT PRIMARY KEY, agency TEXT, year INTEGER, template TEXT, format TEXT, script TEXT);
CREATE TABLE cells (file TEXT NOT NULL REFERENCES reports(file), agency TEXT, year INTEGER, template TEXT,
                    "table" TEXT NOT NULL, "row" TEXT NOT NULL, "column" TEXT NOT NULL, value NUMERIC, raw TEXT,
                    table_label TEXT, row_label TEXT, column_label TEXT, unit TEXT);
CREATE INDEX cells_where ON cells ("table", "row", "column");
"""


_INT64 = (-(1 << 63), (1 << 63) - 1)


def _sql_value(v):
    """SQLite integers are 64-bit: a larger integer is stored as its text (no OverflowError)."""
    if isinstance(v, int) and not _INT64[0] <= v <= _INT64[1]:
        return str(v)
    return v


def write_sqlite(reports: Iterable[Report], path: str) -> int:
    """A new SQLite database at ``path`` with tables ``reports`` and ``cells``.
    ``value`` has NUMERIC affinity: counts stay integers, amounts decimals.

    ``path`` is a fresh file the caller renames into place when this returns, so
    the database is written without a rollback journal (``journal_mode=OFF``): a
    killed export leaves no ``-journal`` beside it."""
    import sqlite3

    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.executescript(SCHEMA)
        n = 0
        for report in reports:
            rec = report_record(report)
            db.execute("INSERT OR REPLACE INTO reports VALUES (?, ?, ?, ?, ?, ?)",
                       [_sql_value(rec[k]) for k in REPORT_FIELDS])
            rows = [[_sql_value(c[k]) for k in CELL_FIELDS] for c in cells(report)]
            db.executemany(f"INSERT INTO cells VALUES ({', '.join('?' * len(CELL_FIELDS))})", rows)
            n += len(rows)
        db.commit()
    finally:
        db.close()
    return n
