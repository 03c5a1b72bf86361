"""Verify a report's official identities (勾稽关系) and name the wrong cell when one explains every failure.

Identities are declared in :mod:`govreport.templates` as ``target = Σ plus − Σ minus``.
A blank cell is evaluated as 0 and the message says so; a blank target is
*not assessable* (an ``info`` finding), not an error.  A table printed with
every cell blank is kept by the parser: each of its identities is one
"not assessable" ``info`` finding (never "missing table", never silently 0 = 0).

Recovered cells.  The parser records identity-verified recoveries on
``report.recoveries`` (a list of ``{"table", "row", "columns", "method",
"identities"}``); each gives a ``parse.recovered`` ``info`` finding naming the
cells and the identities used, which are then no longer independent evidence
for those cells.  The identities themselves are still evaluated (they hold).
Cells whose provenance says ``"recovered"`` but that no record covers (a
report saved with ``--provenance`` and loaded again) are listed the same way.
"""

from __future__ import annotations

from typing import Optional

from . import messages as M
from . import templates as T
from .model import Report, exact, plain, read_by_ocr, show
from .records import MISSING, record

SEVERITIES = ("error", "warning", "info")


@record  # a dataclass's behaviour (govreport.records), without its cost at start-up
class Finding:
    rule: str
    severity: str
    table: Optional[str]
    row: Optional[str]
    column: Optional[str]
    expected: object
    actual: object
    message: str  # in the current language (govreport.messages), naming cells by their official labels
    suspect: Optional[dict]
    cells: list  # (table, row, column) of every cell the identity reads (default: a new [])
    hints: list  # culprit hints (govreport.hints): {"kind", "message", ...} (default: a new [])
    template: Optional[str]  # the report's template, for the labels (set by check())
    location: Optional[dict]  # where the finding's cell stands: page/line or table/row/col (set by check())

    def __init__(self, rule: str, severity: str, table: Optional[str], row: Optional[str], column: Optional[str],
                 expected: object = None, actual: object = None, message: str = "", suspect: Optional[dict] = None,
                 cells: list = MISSING, hints: list = MISSING, template: Optional[str] = None,
                 location: Optional[dict] = None):
        self.rule = rule
        self.severity = severity
        self.table = table
        self.row = row
        self.column = column
        self.expected = expected
        self.actual = actual
        self.message = message
        self.suspect = suspect
        self.cells = [] if cells is MISSING else cells
        self.hints = [] if hints is MISSING else hints
        self.template = template
        self.location = location

    def labels(self) -> dict:
        """``table_label``, ``row_label``, ``column_label``: the official labels of the keys."""
        from . import messages as M

        return {"table_label": M.table_name(self.table) if self.table else "",
                "row_label": M.row_label(self.template, self.table, self.row),
                "column_label": M.column_label(self.template, self.table, self.column)}

    def location_text(self) -> str:
        from . import messages as M

        return M.location(self.location)

    def to_dict(self) -> dict:
        out = {
            "rule": self.rule, "severity": self.severity, "table": self.table, "row": self.row,
            "column": self.column, **self.labels(), "expected": self.expected, "actual": self.actual,
            "message": self.message, "location": self.location,
        }
        if self.suspect is not None:
            out["suspect"] = dict(self.suspect)
        if self.hints:
            out["hints"] = [dict(h) for h in self.hints]
        return out


@record
class CheckResult:
    file: str
    findings: list
    report: Optional[Report]
    about: dict  # agency, year, template of the report (kept when report is dropped; default: a new {})

    def __init__(self, file: str, findings: list, report: Optional[Report] = None, about: dict = MISSING):
        self.file = file
        self.findings = findings
        self.report = report
        self.about = {} if about is MISSING else about

    @property
    def valid(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def to_dict(self) -> dict:
        return {"file": self.file, "valid": self.valid, "findings": [f.to_dict() for f in self.findings]}


@record
class Instance:
    """One concrete identity: ``target = Σ plus − Σ minus`` over cells ``(row, column)``."""

    identity: T.Identity
    table: str
    row: Optional[str]
    column: Optional[str]
    target: tuple
    plus: list
    minus: list

    def __init__(self, identity: T.Identity, table: str, row: Optional[str], column: Optional[str], target: tuple,
                 plus: list, minus: list):
        self.identity = identity
        self.table = table
        self.row = row
        self.column = column
        self.target = target
        self.plus = plus
        self.minus = minus

    def coefficients(self) -> dict:
        coef: dict = {}
        for cell, c in [(self.target, 1)] + [(p, -1) for p in self.plus] + [(m, 1) for m in self.minus]:
            coef[cell] = coef.get(cell, 0) + c
        return {k: v for k, v in coef.items() if v}


def holds_with(report: Report, inst, values: dict) -> bool:
    """Whether identity instance ``inst`` holds with the cells in ``values`` ((table, (row, column)) →
    value) read from there and the others from the report; a blank target says nothing (True)."""
    table = report.tables[inst.table]

    def value(cell):
        key = (inst.table, cell)
        return values[key] if key in values else table.value(*cell)

    target = value(inst.target)
    if target is None:
        return True  # not assessable: says nothing for or against a reading
    total = sum(exact(value(c)) for c in inst.plus) - sum(exact(value(c)) for c in inst.minus)
    return exact(target) == total


def instances(report: Report) -> list:
    """Every identity instance that applies to the tables the report has."""
    out = []
    for identity in T.IDENTITIES:
        table = report.tables.get(identity.table)
        if table is None:
            continue
        spec = report.spec(identity.table)
        present = [r.key for r in spec.rows if r.key in table.rows]
        leaves = [r.key for r in spec.rows if r.leaf and r.key in table.rows]

        def expand(ref, row=None, col=None):
            r, c = ref
            c = col if c == T.COL else c
            if r == T.LEAVES:
                return [(leaf, c) for leaf in leaves]
            return [(row if r == T.ROW else r, c)]

        if identity.per == "row":
            for row in identity.rows or present:
                if row not in table.rows:
                    continue
                out.append(Instance(identity, identity.table, row, identity.target[1],
                                    expand(identity.target, row)[0],
                                    [x for p in identity.plus for x in expand(p, row)],
                                    [x for m in identity.minus for x in expand(m, row)]))
        else:
            for col in identity.columns or [c.key for c in spec.columns]:
                out.append(Instance(identity, identity.table, identity.located_row, col, expand(identity.target, col=col)[0],
                                    [x for p in identity.plus for x in expand(p, col=col)],
                                    [x for m in identity.minus for x in expand(m, col=col)]))
    return out



def _target_name(report: Report, inst: Instance) -> str:
    """The official name of the identity's printed total: ``表三 （七）总计 · 自然人``."""
    return M.cell_name(report.template, inst.table, *inst.target)


def _expr(plus: list, minus: list) -> str:
    return "+".join(show(v) for v in plus) + "".join("−" + show(v) for v in minus)


def blank_tables(report: Report) -> list:
    """Keys of the tables present with every cell blank (or no cell at all)."""
    return [tkey for tkey, table in report.tables.items()
            if all(cell.value is None for _, _, cell in table.cells())]


def _blank_table_findings(report: Report, blank: list, all_instances: list) -> list:
    out = []
    for identity in T.IDENTITIES:
        if identity.table not in blank:
            continue
        mine = [i for i in all_instances if i.identity is identity]
        spec = report.spec(identity.table)
        cells = []
        for inst in mine:
            for c in [inst.target] + inst.plus + inst.minus:
                if (inst.table,) + c not in cells:
                    cells.append((inst.table,) + c)
        out.append(Finding(identity.rule, "info", identity.table, None, None, None, None,
                           M.text("check.na.blank_table", identity=M.text(f"identity.{identity.rule}"),
                                  table=M.table_name(identity.table), title=spec.title), cells=cells))
    return out


def _difference(plus: list, minus: list):
    """``Σ exact(plus) − Σ exact(minus)`` (blank: 0): an ``int`` when every value is whole (the common
    case: no Fraction arithmetic, which costs microseconds a step, and no ``fractions`` import), else
    a ``Fraction``."""
    if all(v is None or type(v) is int for v in plus) and all(v is None or type(v) is int for v in minus):
        return sum(v for v in plus if v is not None) - sum(v for v in minus if v is not None)
    return sum(exact(v) for v in plus) - sum(exact(v) for v in minus)


def _residual(target, expected):
    """``exact(target) − expected``, exactly; an ``int`` when both are whole."""
    return target - expected if type(target) is int and type(expected) is int else exact(target) - expected


def _values(table) -> dict:
    """``(row, column)`` → value, for every cell of ``table``: what ``table.value`` reads, in one dict
    (an instance reads ~10 cells, a report ~400: one lookup each)."""
    return {(row, col): cell.value for row, cols in table.rows.items() for col, cell in cols.items()}


def _cells(inst: Instance) -> list:
    """``(table, row, column)`` of every cell the instance reads, the target first."""
    return [(inst.table,) + c for c in [inst.target] + inst.plus + inst.minus]


def identity_findings(report: Report) -> list:
    evaluated = []  # (instance, residual or None when not assessable)
    all_instances = instances(report)
    blank = blank_tables(report)
    findings = _blank_table_findings(report, blank, all_instances)
    values = {tkey: _values(table) for tkey, table in report.tables.items() if tkey not in blank}
    for inst in all_instances:
        if inst.table in blank:
            continue
        get = values[inst.table].get
        target = get(inst.target)
        plus = [get(p) for p in inst.plus]
        minus = [get(m) for m in inst.minus]
        expected = _difference(plus, minus)
        rule = inst.identity.rule
        # the words (cell name, identity, expression) and the cells only for a finding: most instances hold
        if target is None:
            if all(v is None for v in plus + minus):
                evaluated.append((inst, 0))
                continue
            evaluated.append((inst, None))
            findings.append(Finding(inst.identity.rule, "info", inst.table, inst.row, inst.column,
                                    plain(expected), None,
                                    M.text("check.na.total_blank", identity=M.text(f"identity.{rule}"),
                                           cell=_target_name(report, inst), expr=_expr(plus, minus),
                                           expected=show(plain(expected))), cells=_cells(inst)))
            continue
        if all(v is None for v in plus + minus):
            evaluated.append((inst, None))
            findings.append(Finding(inst.identity.rule, "info", inst.table, inst.row, inst.column,
                                    None, target,
                                    M.text("check.na.parts_blank", identity=M.text(f"identity.{rule}"),
                                           cell=_target_name(report, inst), actual=show(target)),
                                    cells=_cells(inst)))
            continue
        residual = _residual(target, expected)
        evaluated.append((inst, residual))
        if residual:
            blanks = any(v is None for v in plus + minus)
            msg = M.text(rule, cell=_target_name(report, inst), actual=show(target), expected=show(plain(expected)),
                         expr=_expr(plus, minus))
            if blanks:
                msg += M.text("check.blank_as_zero")
            findings.append(Finding(inst.identity.rule, "error", inst.table, inst.row, inst.column,
                                    plain(expected), target, msg, cells=_cells(inst)))
    _assign_suspects(findings, evaluated)
    return findings


def _assign_suspects(findings: list, evaluated: list) -> None:
    """Per table: the one cell whose change makes every failing identity hold
    without breaking a holding one."""
    by_table: dict = {}
    for inst, residual in evaluated:
        by_table.setdefault(inst.table, []).append((inst, residual))
    for table, items in by_table.items():
        failing = [(i, r) for i, r in items if r]
        if not failing:
            continue
        from fractions import Fraction  # only for a table with a failing identity
        holding = [i for i, r in items if r is not None and not r]
        candidates = None
        for inst, _ in failing:
            cells = set(inst.coefficients())
            candidates = cells if candidates is None else candidates & cells
        for inst in holding:
            candidates -= set(inst.coefficients())
        found = []
        for cell in sorted(candidates or ()):
            deltas = {Fraction(-r, i.coefficients()[cell]) for i, r in failing}  # exact, r an int or a Fraction
            if len(deltas) == 1:
                found.append((cell, deltas.pop()))
        if len(found) != 1:
            continue
        (row, col), delta = found[0]
        # "delta" (an extra key): the change to the suspect that makes every identity hold
        suspect = {"table": table, "row": row, "column": col, "delta": plain(delta)}
        for f in findings:
            if f.table == table and f.severity == "error":
                f.suspect = suspect


def value_findings(report: Report) -> list:
    findings = []
    for tkey, table in report.tables.items():
        spec = report.spec(tkey)
        rows = {r.key for r in spec.rows}
        kinds: dict = {}  # column key -> kind (the first column of that key, as spec.column finds it)
        for c in spec.columns:
            kinds.setdefault(c.key, c.kind)
        for row, col, cell in table.cells():
            if cell.value is None:
                continue
            kind = kinds.get(col)
            if kind is None or row not in rows:
                continue  # a cell the template does not have
            negative = kind != "signed" and cell.value < 0
            fraction = kind in ("count", "signed") and isinstance(cell.value, float) and not cell.value.is_integer()
            for rule in ("values.nonnegative",) * negative + ("values.integer",) * fraction:
                findings.append(Finding(rule, "error", tkey, row, col, None, cell.value,
                                        M.text(rule, cell=M.cell_name(report.template, tkey, row, col),
                                               actual=show(cell.value)), cells=[(tkey, row, col)]))
    return findings


def _recovered(report: Report, table: str, row: str, columns: list, method: str, used: list,
               verified: bool = True) -> Finding:
    """``parse.recovered`` (info) for numbers the identities singled out; ``parse.unverified`` (a
    warning) for numbers placed with no identity holding over them (recorded ``verified: false``)."""
    names = "、".join(M.column_label(report.template, table, c) for c in columns)
    cell = f"{M.cell_name(report.template, table, row)} · {names}" if names else M.cell_name(report.template, table, row)
    identities = "、".join(M.text(f"identity.{r}") if M.has(f"identity.{r}") else r for r in used) \
        or M.text("parse.recovered.none")
    rule = "parse.recovered" if verified else "parse.unverified"
    return Finding(rule, "info" if verified else "warning", table, row, columns[0] if len(columns) == 1 else None,
                   None, None,
                   M.text(rule, cell=cell, identities=identities,
                          method=M.text(f"recovery.{method}") if M.has(f"recovery.{method}") else method),
                   cells=[(table, row, c) for c in columns])


def recovery_findings(report: Report) -> list:
    """One ``parse.recovered`` info finding per recovery the parser recorded (``report.recoveries``),
    and per row of cells whose provenance says ``recovered`` but that no record covers."""
    out = []
    covered = set()
    for rec in report.recoveries:
        table, row = rec.get("table"), rec.get("row")
        columns = [str(c) for c in rec.get("columns") or []]
        method = rec.get("method") or "recovered"
        used = [str(i) for i in rec.get("identities") or []]
        covered.update((table, row, c) for c in columns)
        out.append(_recovered(report, table, row, columns, method, used, rec.get("verified", True)))
    loose: dict = {}  # (table, row, method, verified) -> (columns, identities)
    for tkey, table in report.tables.items():
        for row, col, cell in table.cells():
            method = (cell.prov or {}).get("recovered")
            if not method or (tkey, row, col) in covered:
                continue
            key = (tkey, row, str(method), not cell.prov.get("unverified"))
            cols, used = loose.setdefault(key, ([], []))
            cols.append(col)
            for rule in (cell.prov or {}).get("identities") or []:
                if str(rule) not in used:
                    used.append(str(rule))
    for (tkey, row, method, verified), (cols, used) in loose.items():
        out.append(_recovered(report, tkey, row, cols, method, used, verified))
    return out


_ORDER = {t: i for i, t in enumerate(T.TABLE_ORDER)}


def check(report: Report, previous: Optional[Report] = None) -> CheckResult:
    """All findings for one report (and, given last year's report, the cross-year expectations)."""
    from . import hints, narrative, structure

    findings = identity_findings(report) + value_findings(report)
    hints.attach(report, findings)
    findings += structure.findings(report) + narrative.findings(report) + recovery_findings(report)
    if read_by_ocr(report):
        from .ocr import findings as ocr_findings  # the OCR engine itself lives in loaders.ocr

        findings += ocr_findings(report)  # numbers read by OCR: how the identities judged them
    if previous is not None:
        from .crossyear import cross_year_findings

        findings += cross_year_findings(previous, report)
    findings.sort(key=lambda f: (_ORDER.get(f.table, 9), SEVERITIES.index(f.severity)))
    for f in findings:
        f.template = report.template
        f.location = _location(report, f.cells[0] if f.cells else (f.table, f.row, f.column))
        if f.suspect and "location" not in f.suspect:
            f.suspect["location"] = _location(report, (f.suspect["table"], f.suspect["row"], f.suspect["column"]))
    about = {"agency": report.agency, "year": report.year, "template": report.template}
    return CheckResult(report.path, findings, report, about)


def _location(report: Report, cell: tuple) -> Optional[dict]:
    """Where a cell ``(table, row, column)`` stands in the document (page/line, or table/row/col)."""
    table = report.tables.get(cell[0]) if cell[0] else None
    found = table.cell(cell[1], cell[2]) if table is not None and cell[1] and cell[2] else None
    return M.location_fields(found.prov) if found is not None else None

