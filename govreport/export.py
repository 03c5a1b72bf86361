"""Every cell of many reports in long form: one record per cell
(file, agency, year, template, table, row, column, value, raw, then the official
``table_label``, ``row_label``, ``column_label`` and the cell's ``unit``).

Writers take an iterable of reports and consume it one report at a time, so a
folder of thousands of reports never sits in memory.
"""

from __future__ import annotations

import json
import os
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


class Extract(tuple):
    """What the writers need of one report, and all a worker process sends back
    (:mod:`govreport.batch`): its ``record`` (:func:`report_record`) and its ``rows``
    (one tuple per cell, in ``CELL_FIELDS`` order).  The Report itself stays behind."""

    __slots__ = ()

    def __new__(cls, record: dict, rows: list):
        return super().__new__(cls, (record, rows))

    def __getnewargs__(self):
        return tuple(self)

    @property
    def record(self) -> dict:
        return self[0]

    @property
    def rows(self) -> list:
        return self[1]


def extract(report: Report) -> Extract:
    """The report's record and cell rows (labels in the current language)."""
    return Extract(report_record(report), [tuple(c[k] for k in CELL_FIELDS) for c in cells(report)])


def extracts(items: Iterable) -> Iterable:
    """Reports or :class:`Extract` s (``None``: skipped) as Extracts, one at a time."""
    for item in items:
        if item is None:
            continue
        yield item if isinstance(item, Extract) else extract(item)


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
    writer = csv.writer(stream, lineterminator="\r\n" if excel else "\n")
    writer.writerow(CELL_FIELDS)
    n = 0
    for item in extracts(reports):
        for row in item.rows:
            writer.writerow(["" if v is None else safe_cell(v) for v in row])
        n += len(item.rows)
    return n


def write_jsonl(reports: Iterable[Report], stream) -> int:
    """One JSON object per cell and line; ``reports``: Reports or :class:`Extract` s."""
    n = 0
    for item in extracts(reports):
        for row in item.rows:
            stream.write(json.dumps(dict(zip(CELL_FIELDS, row)), ensure_ascii=False) + "\n")
        n += len(item.rows)
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

    db = sqlite3.connect(path)  # reports: Reports or Extracts
    try:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.executescript(SCHEMA)
        n = 0
        for item in extracts(reports):
            rec = item.record
            db.execute("INSERT OR REPLACE INTO reports VALUES (?, ?, ?, ?, ?, ?)",
                       [_sql_value(rec[k]) for k in REPORT_FIELDS])
            rows = [[_sql_value(v) for v in row] for row in item.rows]
            db.executemany(f"INSERT INTO cells VALUES ({', '.join('?' * len(CELL_FIELDS))})", rows)
            n += len(rows)
        db.commit()
    finally:
        db.close()
    return n


# ---------------------------------------------------------------- Parquet
# ``value`` is float64: every count is an integer far below 2**53 (exact in a double) and the
# amounts (收费金额 in 万元) are decimals; one numeric type that DuckDB, pandas and Spark all
# sum without casts.  A decimal128 column would be exact for any amount but reads into
# pandas as Python objects; ``raw`` keeps the printed text for whoever needs the exact digits.
# A number beyond a double (only hostile input has one) is null, its ``raw`` kept.
ROWS_PER_GROUP = 64 * 1024
PARTITIONS = ("year",)


def parquet_schema(partition: bool = False):
    """The long form's columns, typed (``year`` is left to the directory names when partitioned)."""
    import pyarrow as pa

    types = {"year": pa.int32(), "value": pa.float64()}
    return pa.schema([(k, types.get(k, pa.string())) for k in CELL_FIELDS if not (partition and k == "year")])


def require_pyarrow():
    """pyarrow, or a one-line error naming the extra to install."""
    from .errors import GovreportError

    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise GovreportError("parquet.missing") from None


def _float(v):
    if v is None:
        return None
    try:
        return float(v)
    except (OverflowError, TypeError, ValueError):
        return None


def _int32(v):
    return v if isinstance(v, int) and -(1 << 31) <= v < (1 << 31) else None


def _text_array(values, pa):
    try:
        return pa.array(values, pa.string())
    except (UnicodeEncodeError, pa.ArrowException):  # a lone surrogate: written as \udXXX
        return pa.array([None if v is None else str(v).encode("utf-8", "backslashreplace").decode("utf-8")
                         for v in values], pa.string())


class _ParquetFile:
    """Rows buffered and written a row group at a time to one Parquet file."""

    def __init__(self, path: str, schema):
        import pyarrow.parquet as pq

        self.path, self.schema, self.rows, self.writer = path, schema, [], None
        self._pq = pq

    def add(self, rows) -> None:
        self.rows.extend(rows)
        if len(self.rows) >= ROWS_PER_GROUP:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.writer is None:
            self.writer = self._pq.ParquetWriter(self.path, self.schema, compression="zstd")
        if not self.rows:
            return
        names = self.schema.names
        index = {k: i for i, k in enumerate(CELL_FIELDS)}
        columns = []
        for name in names:
            i = index[name]
            values = [row[i] for row in self.rows]
            if name == "value":
                columns.append(pa.array([_float(v) for v in values], pa.float64()))
            elif name == "year":
                columns.append(pa.array([_int32(v) for v in values], pa.int32()))
            else:
                columns.append(_text_array(values, pa))
        self.writer.write_table(pa.Table.from_arrays(columns, schema=self.schema))
        self.rows = []

    def close(self) -> None:
        self.flush()
        self.writer.close()


def partition_dir(year) -> str:
    """Hive style: ``year=2021``; an unknown year as Hive and Spark name a null partition."""
    return f"year={_int32(year) if _int32(year) is not None else '__HIVE_DEFAULT_PARTITION__'}"


def write_parquet(reports: Iterable, path: str, partition_by=None, part: str = "part-0.parquet") -> int:
    """The long form as Parquet: one file at ``path``, or with ``partition_by="year"`` a
    directory dataset at ``path`` (``year=2021/part-0.parquet`` …, created as needed; the
    year is in the directory names, as Hive, Spark, DuckDB and pyarrow read it).
    ``reports``: Reports or :class:`Extract` s, consumed one at a time; returns the number
    of cells.  Without any row, a partitioned dataset has no file (an empty directory)."""
    require_pyarrow()
    schema = parquet_schema(partition_by is not None)
    files: dict = {}
    n = 0
    try:
        for item in extracts(reports):
            key = partition_dir(item.record.get("year")) if partition_by else None
            out = files.get(key)
            if out is None:
                if partition_by:
                    os.makedirs(os.path.join(path, key), exist_ok=True)
                    out = _ParquetFile(os.path.join(path, key, part), schema)
                else:
                    out = _ParquetFile(path, schema)
                files[key] = out
            out.add(item.rows)
            n += len(item.rows)
        if not partition_by and not files:
            files[None] = _ParquetFile(path, schema)  # no cell at all: a file with the columns and no row
    finally:
        for out in files.values():
            out.close()
    return n


class ParquetParts:
    """A :mod:`govreport.batch` task for a cluster: each worker loads its chunk of files and
    writes its own part (``part-00012.parquet``, under ``year=…/`` when partitioned) into
    ``directory`` (a folder every worker can write to); it sends back ``(path, cells, error)``
    per file.  The parts, read in name order, hold the rows of a single-process export."""

    def __init__(self, directory: str, partition_by=None, fmt=None):
        from .batch import settings

        self.directory, self.partition_by, self.fmt, self.settings = directory, partition_by, fmt, settings()

    def chunk(self, index: int, paths: list) -> list:
        from .batch import apply

        apply(self.settings)
        results, items = [], []
        for path in paths:
            path, item, error = extract_file(path, self.fmt)
            results.append((path, len(item.rows) if item is not None else 0, error))
            if item is not None and item.rows:
                items.append(item)
        if items:
            write_parquet(items, self.directory if self.partition_by else
                          os.path.join(self.directory, f"part-{index:05d}.parquet"),
                          self.partition_by, part=f"part-{index:05d}.parquet")
        return results


def extract_file(path: str, fmt=None):
    """Load one file: ``(path, Extract, None)``, or ``(path, None, the error's one line)``."""
    from .errors import GovreportError
    from .loaders import load

    try:
        report = load(path, fmt)
    except GovreportError as exc:
        return path, None, str(exc if exc.path else f"{path}: {exc}")
    return path, extract(report), None
