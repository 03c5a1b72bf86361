"""Checking a JSON/YAML document against the ``govreport/1`` data model before it becomes a Report.

Every problem is one :class:`~govreport.errors.InputError` naming the file and the field, as a
dotted path: ``x.yaml: tables.requests.granted.total: not an integer ('abc')``.

What is checked: ``schema`` is present and ``govreport/1``; ``tables`` is a mapping of known
tables (``active_disclosure``, ``requests``, ``review_litigation``) whose rows and columns are
those of the document's template; every cell is a number or null, finite and at most
:data:`MAX_VALUE` in size; ``title``/``agency``/``preamble`` are text; ``year`` is an integer
between 1900 and 2100; ``template`` is ``2021``, ``2019`` or ``none``; ``source`` is a mapping
of text; ``sections`` and ``notes`` are lists of mappings of text (a note's ``table`` a known
table); ``provenance`` mirrors ``tables`` with a mapping per cell.  Other top-level keys are
allowed (data-model.md: extra keys are allowed).  Duplicate keys, NaN/Infinity and YAML
anchors are refused earlier, by the readers in :mod:`govreport.loaders.data`.

The checks are written out here rather than with jsonschema or pydantic: the allowed rows and
columns come from the templates (``templates.py``), and importing jsonschema costs 140–220 ms
and pydantic 110 ms or more (``python -X importtime``), more than loading a report does.
"""

from __future__ import annotations

import math
from typing import Any

from . import templates as T
from .errors import InputError
from .messages import Text

SCHEMA = "govreport/1"
MAX_VALUE = 10 ** 15  # no count or amount in a report comes near this (and SQLite/float stay exact)
YEARS = (1900, 2100)
_SCALAR = (str, int, float, bool, type(None))


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def kind_of(value: Any):
    """What a value is, for messages: 映射 / 列表 / null / its repr."""
    if isinstance(value, dict):
        return Text("data.kind.mapping")
    if isinstance(value, list):
        return Text("data.kind.list")
    if value is None:
        return "null"
    return _show(value)


class _Check:
    def __init__(self, path: str):
        self.path = path

    def fail(self, field: str, mid: str, **params):
        raise InputError(mid, self.path, field=field, **params)

    def mapping(self, value, field: str) -> dict:
        if not isinstance(value, dict):
            self.fail(field, "data.not_mapping", kind=kind_of(value))
        for key in value:
            if not isinstance(key, str):
                self.fail(field, "data.key_not_text", key=_show(key))
        return value

    def text(self, value, field: str, optional: bool = True) -> None:
        if value is None and optional:
            return
        if not isinstance(value, str):
            self.fail(field, "data.not_text", kind=kind_of(value))

    def number(self, value, field: str, integer: bool = False) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(field, "data.not_integer" if integer else "data.not_number", kind=kind_of(value))
        if isinstance(value, float) and not math.isfinite(value):
            self.fail(field, "data.not_finite", value=repr(value))
        if abs(value) > MAX_VALUE:
            self.fail(field, "data.too_big", value=_show(value), limit=f"{MAX_VALUE:.0e}")

    def plain(self, value, field: str) -> None:
        """A provenance value: a scalar, or a list of scalars."""
        items = value if isinstance(value, list) else [value]
        for item in items:
            if not isinstance(item, _SCALAR):
                self.fail(field, "data.not_plain", kind=kind_of(item))
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                self.number(item, field)


def document(data: Any, path: str = "") -> None:
    """Raise InputError (naming ``path`` and the field) unless ``data`` is a valid govreport/1 document."""
    c = _Check(path)
    if not isinstance(data, dict):
        c.fail("", "data.top_level", kind=kind_of(data))
    c.mapping(data, "")
    if "schema" not in data:
        c.fail("schema", "data.no_schema", schema=SCHEMA)
    if data["schema"] != SCHEMA:
        c.fail("schema", "data.unknown_schema", value=_show(data["schema"]), schema=SCHEMA)
    if "tables" not in data:
        c.fail("tables", "data.missing")
    for key in ("title", "agency", "preamble"):
        c.text(data.get(key), key)
    year = data.get("year")
    if year is not None:
        if isinstance(year, bool) or not isinstance(year, int):
            c.fail("year", "data.not_integer", kind=kind_of(year))
        if not YEARS[0] <= year <= YEARS[1]:
            c.fail("year", "data.year_range", value=year, first=YEARS[0], last=YEARS[1])
    template = data.get("template")
    if template is not None and str(template) not in T.TEMPLATES or isinstance(template, (bool, float)):
        c.fail("template", "data.unknown_template", value=_show(template), choices=", ".join(T.TEMPLATES))
    template = str(template or "none")
    if data.get("source") is not None:
        for key, value in c.mapping(data["source"], "source").items():
            c.text(value, f"source.{key}")
    for name, fields in (("sections", ("number", "title", "text")), ("notes", ("table", "text"))):
        items = data.get(name)
        if items is None:
            continue
        if not isinstance(items, list):
            c.fail(name, "data.not_list", kind=kind_of(items))
        for i, item in enumerate(items):
            c.mapping(item, f"{name}[{i}]")
            for key in fields:
                c.text(item.get(key), f"{name}[{i}].{key}")
            if name == "sections" and "line" in item:
                c.number(item["line"], f"{name}[{i}].line", integer=True)
            if name == "notes" and item.get("table") is not None and item["table"] not in T.TABLE_ORDER:
                c.fail(f"notes[{i}].table", "data.unknown_table", value=_show(item["table"]),
                       choices=", ".join(T.TABLE_ORDER))
    cells = _tables(c, data["tables"], template)
    prov = data.get("provenance")
    if prov is not None:
        for tkey, rows in c.mapping(prov, "provenance").items():
            for rkey, cols in c.mapping(rows, f"provenance.{tkey}").items():
                for ckey, p in c.mapping(cols, f"provenance.{tkey}.{rkey}").items():
                    field = f"provenance.{tkey}.{rkey}.{ckey}"
                    if (tkey, rkey, ckey) not in cells:
                        c.fail(field, "data.no_cell")
                    for key, value in c.mapping(p, field).items():
                        if key == "raw":
                            c.text(value, f"{field}.raw", optional=False)
                        else:
                            c.plain(value, f"{field}.{key}")


def _tables(c: _Check, tables: Any, template: str) -> set:
    """Check ``tables``; return the (table, row, column) cells present."""
    cells = set()
    for tkey, rows in c.mapping(tables, "tables").items():
        if tkey not in T.TABLE_ORDER:
            c.fail(f"tables.{tkey}", "data.unknown_table", value=_show(tkey), choices=", ".join(T.TABLE_ORDER))
        c.mapping(rows, f"tables.{tkey}")
        spec = T.table_spec(template, tkey, list(rows))
        units = {col.unit_field for col in spec.columns if col.unit_field}
        for rkey, cols in rows.items():
            try:
                row = spec.row(rkey)
            except KeyError:
                c.fail(f"tables.{tkey}.{rkey}", "data.unknown_row", template=template)
            c.mapping(cols, f"tables.{tkey}.{rkey}")
            for ckey, value in cols.items():
                field = f"tables.{tkey}.{rkey}.{ckey}"
                if ckey in units:
                    c.text(value, field)
                    continue
                if ckey not in row.columns:
                    c.fail(field, "data.unknown_column")
                c.number(value, field, integer=spec.column(ckey).kind != "amount")
                cells.add((tkey, rkey, ckey))
    return cells
