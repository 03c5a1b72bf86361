"""The report model, and its data-model (``govreport/1``) dictionary form."""

from __future__ import annotations

from typing import Optional, Union

from . import templates as T
from .records import MISSING, record

SCHEMA = "govreport/1"
Number = Union[int, float]

# The classes below are records (govreport.records): a dataclass's behaviour without importing
# dataclasses (and compiling their methods) at every start.  ``fractions`` is imported by the
# arithmetic that needs it (``exact``), not here: the identities of most reports add whole numbers.


@record
class Cell:
    value: Optional[Number]
    raw: str
    prov: Optional[dict]  # where the cell came from: {"line": 12} / {"page": 4, "line": 3} / {"table": 2, "row": 5, "col": 3}
    unit: Optional[str]

    def __init__(self, value: Optional[Number], raw: str = "", prov: Optional[dict] = None,
                 unit: Optional[str] = None):
        self.value = value
        self.raw = raw
        self.prov = prov
        self.unit = unit

    @property
    def blank(self) -> bool:
        return self.value is None


@record
class Table:
    key: str
    rows: dict  # row key -> {column key -> Cell}, in template order

    def __init__(self, key: str, rows: dict):
        self.key = key
        self.rows = rows

    def value(self, row: str, column: str) -> Optional[Number]:
        cell = self.rows.get(row, {}).get(column)
        return None if cell is None else cell.value

    def cell(self, row: str, column: str) -> Optional[Cell]:
        return self.rows.get(row, {}).get(column)

    def cells(self):
        for row, cols in self.rows.items():
            for col, cell in cols.items():
                yield row, col, cell


@record
class Section:
    number: str
    title: str
    text: str
    line: Optional[int]

    def __init__(self, number: str, title: str, text: str, line: Optional[int] = None):
        self.number = number
        self.title = title
        self.text = text
        self.line = line


@record
class Note:
    table: Optional[str]
    text: str

    def __init__(self, table: Optional[str], text: str):
        self.table = table
        self.text = text


@record
class Report:
    title: str
    agency: str
    year: Optional[int]
    template: str
    source: dict  # path, format, script (default: a new {})
    preamble: str  # text before section 一 (not the title); an extra key of the data model
    sections: list
    tables: dict  # table key -> Table, in TABLE_ORDER
    notes: list
    warnings: list  # parser remarks (not check findings)
    # what the parser met and did (not part of the data model): tables whose labels were
    # printed, and the identity-verified recoveries ({"table", "row", "columns", "method", "identities"})
    tables_seen: Optional[list]
    recoveries: list

    def __init__(self, title: str = "", agency: str = "", year: Optional[int] = None, template: str = "none",
                 source: dict = MISSING, preamble: str = "", sections: list = MISSING, tables: dict = MISSING,
                 notes: list = MISSING, warnings: list = MISSING, tables_seen: Optional[list] = None,
                 recoveries: list = MISSING):
        self.title = title
        self.agency = agency
        self.year = year
        self.template = template
        self.source = {} if source is MISSING else source
        self.preamble = preamble
        self.sections = [] if sections is MISSING else sections
        self.tables = {} if tables is MISSING else tables
        self.notes = [] if notes is MISSING else notes
        self.warnings = [] if warnings is MISSING else warnings
        self.tables_seen = tables_seen
        self.recoveries = [] if recoveries is MISSING else recoveries

    @property
    def path(self) -> str:
        return self.source.get("path", "")

    def spec(self, table: str) -> T.TableSpec:
        t = self.tables.get(table)
        return T.table_spec(self.template, table, t.rows if t else None)

    # ------------------------------------------------------------ dict form
    def to_dict(self, provenance: bool = False) -> dict:
        out = {
            "schema": SCHEMA,
            "title": self.title,
            "agency": self.agency,
            "year": self.year,
            "template": self.template,
            "source": dict(self.source),
            "preamble": self.preamble,
            "sections": [{"number": s.number, "title": s.title, "text": s.text} for s in self.sections],
            "tables": {},
            "notes": [{"table": n.table, "text": n.text} for n in self.notes],
        }
        prov: dict = {}
        for tkey in T.TABLE_ORDER:
            table = self.tables.get(tkey)
            if table is None:
                continue
            spec = self.spec(tkey)
            rows_out: dict = {}
            for rkey, cols in table.rows.items():
                row_out: dict = {}
                for ckey, cell in cols.items():
                    row_out[ckey] = cell.value
                    col = _column(spec, ckey)
                    if col is not None and col.unit_field and cell.unit:
                        row_out[col.unit_field] = cell.unit
                    if provenance:
                        p = {"raw": cell.raw}
                        if cell.prov:
                            p.update(cell.prov)
                        prov.setdefault(tkey, {}).setdefault(rkey, {})[ckey] = p
                rows_out[rkey] = row_out
            out["tables"][tkey] = rows_out
        if provenance:
            out["provenance"] = prov
        return out

    @classmethod
    def from_dict(cls, data: dict, path: str = "", fmt: str = "json") -> "Report":
        from .errors import ParseError
        from .validate import kind_of

        if not isinstance(data, dict) or "tables" not in data:
            raise ParseError("data.not_document", path)
        template = str(data.get("template") or "none")
        if template not in T.TEMPLATES:
            raise ParseError("data.unknown_template", path, field="template", value=repr(template),
                             choices=", ".join(T.TEMPLATES))
        source = dict(data.get("source") or {})
        source["path"] = path or source.get("path", "")
        source["format"] = fmt
        source.setdefault("script", "simplified")
        report = cls(
            title=str(data.get("title") or ""),
            agency=str(data.get("agency") or ""),
            year=data.get("year"),
            template=template,
            source=source,
            preamble=str(data.get("preamble") or ""),
            sections=[Section(str(s.get("number", "")), str(s.get("title", "")), str(s.get("text", "")))
                      for s in data.get("sections") or []],
            notes=[Note(n.get("table"), str(n.get("text", ""))) for n in data.get("notes") or []],
        )
        prov_all = data.get("provenance") or {}
        tables = data.get("tables") or {}
        for tkey in T.TABLE_ORDER:
            if tkey not in tables:
                continue
            rows_in = tables[tkey]
            if not isinstance(rows_in, dict):
                raise ParseError("data.not_mapping", path, field=f"tables.{tkey}", kind=kind_of(rows_in))
            spec = T.table_spec(template, tkey, list(rows_in))
            rows: dict = {}
            for rkey, cols in rows_in.items():
                if not isinstance(cols, dict):
                    raise ParseError("data.not_mapping", path, field=f"tables.{tkey}.{rkey}", kind=kind_of(cols))
                try:
                    row_spec = spec.row(rkey)
                except KeyError:
                    raise ParseError("data.unknown_row", path, field=f"tables.{tkey}.{rkey}",
                                     template=template) from None
                unit_fields = {c.unit_field: c.key for c in spec.columns if c.unit_field}
                out_cols: dict = {}
                for ckey, value in cols.items():
                    if ckey in unit_fields:
                        continue
                    if ckey not in row_spec.columns:
                        raise ParseError("data.unknown_column", path, field=f"tables.{tkey}.{rkey}.{ckey}")
                    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
                        raise ParseError("data.cell_not_number", path, field=f"tables.{tkey}.{rkey}.{ckey}",
                                         value=repr(value))
                    p = dict(((prov_all.get(tkey) or {}).get(rkey) or {}).get(ckey) or {})
                    raw = p.pop("raw", format_number(value))
                    unit = cols.get(_column(spec, ckey).unit_field) if _column(spec, ckey).unit_field else None
                    out_cols[ckey] = Cell(value, raw, p or None, unit)
                rows[rkey] = {c: out_cols[c] for c in row_spec.columns if c in out_cols}
            order = [r.key for r in spec.rows]
            report.tables[tkey] = Table(tkey, {r: rows[r] for r in order if r in rows})
        return report


def _column(spec: T.TableSpec, key: str) -> Optional[T.Column]:
    try:
        return spec.column(key)
    except KeyError:
        return None


def format_number(value: Optional[Number]) -> str:
    """A value as printed in tables: integers plainly, decimals as given."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else f"{value:.1f}"
    return str(value)


def show(value: Optional[Number]) -> str:
    """A value in a message or diff: ``∅`` for a blank cell."""
    return "∅" if value is None else format_number(value)


def read_by_ocr(report: "Report") -> bool:
    """Whether a cell of ``report`` was read by OCR (its provenance holds ``ocr``): ``check`` asks
    before importing :mod:`govreport.ocr`, which nearly no report needs."""
    return any("ocr" in (cell.prov or {}) for table in report.tables.values() for _, _, cell in table.cells())


def exact(value: Optional[Number]):
    """A cell value for arithmetic, exactly (decimals as written), as a ``Fraction``; blank counts as 0."""
    from fractions import Fraction  # here, not at import: fractions and decimal cost ~2–3 ms at every start

    return Fraction(str(value)) if isinstance(value, float) else Fraction(value or 0)


def plain(value) -> Number:
    """An exact result (a ``Fraction``, or an ``int``) back as a JSON number."""
    return int(value) if value.denominator == 1 else float(value)
