"""Identity-verified recovery: the official identities are a checksum.

A row whose cell borders were lost (``801000081`` for seven cells) is split
into its cells only when exactly one way to split it satisfies every identity
the row enters (its row total, (七)总计 and 一+二 = (七)+四 per column, table 4's
block totals).  No way, or several, and the row is refused, naming it — a
report whose own arithmetic is wrong does not recover.  Each recovered cell
says so in its provenance, and the report lists the identities spent
(``Report.recoveries``): they are no longer independent evidence.
"""

from __future__ import annotations

from .. import messages as M
from ..errors import ParseError
from ..model import Cell, Report, exact
from ..records import MISSING, record
from .tokens import table_name, where

MAX_CANDIDATES = 20000  # ways to read one row; more and the row is refused as ambiguous
MAX_STEPS = 2000000  # search steps (reading one row, or choosing among all rows' readings)


def readings(parts: list, n: int, width: int = 0, block_ok=None) -> list:
    """Every reading of a row's parts as ``n`` values.  ``parts``: fixed values
    (a number or None for blank) and digit strings (``str``) to be cut into
    cells without leading zeros.  ``block_ok`` judges each completed block of
    ``width`` values (a row and its total), so impossible readings are pruned
    as they are built.  More than ``MAX_CANDIDATES`` readings, or a search
    longer than ``MAX_STEPS``: ``None`` (too many to verify)."""
    out: list = []
    steps = [0]
    total_last = bool(width and getattr(block_ok, "total_last", False))
    atoms_after = [0] * (len(parts) + 1)  # cells the parts after i can give at most
    all_digits_after = [True] * (len(parts) + 1)  # the parts from i on are all digit strings (atoms = digits)
    least_after = [0] * (len(parts) + 1)  # … and at least
    for i in range(len(parts) - 1, -1, -1):
        p = parts[i]
        atoms_after[i] = atoms_after[i + 1] + (len(p) if isinstance(p, str) else 1)
        least_after[i] = least_after[i + 1] + 1
        all_digits_after[i] = all_digits_after[i + 1] and isinstance(p, str)

    def rec(pi: int, pos: int, vals: list) -> bool:
        steps[0] += 1
        if steps[0] > MAX_STEPS or len(out) > MAX_CANDIDATES:
            return False
        if width and block_ok and vals and len(vals) % width == 0:  # a block just completed
            if not block_ok(tuple(vals[-width:]), len(vals) // width - 1):
                return True
        if pi == len(parts):
            if len(vals) == n:
                out.append(tuple(vals))
            return True
        left = n - len(vals)
        p = parts[pi]
        forced = None
        if total_last and len(vals) % width and all_digits_after[pi]:
            # the block's parts so far cannot exceed the largest total the digits left can print
            k = width - 1 - len(vals) % width
            after_block = n - (len(vals) // width + 1) * width
            room = (len(p) - pos if isinstance(p, str) else 1) + atoms_after[pi + 1] - k - after_block
            block = vals[len(vals) - len(vals) % width:]
            if all(isinstance(v, int) or v is None for v in block) and sum(v or 0 for v in block) >= 10 ** max(room, 0):
                return True
        if total_last and len(vals) % width == width - 1:
            block = vals[-(width - 1):]
            if all(isinstance(v, int) or v is None for v in block):
                forced = sum(v or 0 for v in block)  # the block's total: its parts' sum, nothing else
        if not isinstance(p, str):
            if left - 1 < least_after[pi + 1]:
                return True
            return rec(pi + 1, 0, vals + [p])
        rest = len(p) - pos
        for size in range(1, rest + 1):
            piece = p[pos:pos + size]
            if size > 1 and piece[0] == "0" and piece[1] != ".":
                break
            if piece.endswith(".") or (pos + size < len(p) and p[pos + size] == "."):
                continue  # a cut never stands beside the decimal point
            done = size == rest
            after_min = least_after[pi + 1] if done else least_after[pi + 1] + 1
            after_max = atoms_after[pi + 1] + (0 if done else rest - size)
            if not after_min <= left - 1 <= after_max:
                continue
            number = float(piece) if "." in piece else int(piece)
            if forced is not None and number != forced:
                if number > forced:
                    break
                continue
            if not rec(pi + 1 if done else pi, 0 if done else pos + size, vals + [number]):
                return False
        return True

    if not rec(0, 0, []) or len(out) > MAX_CANDIDATES:
        return None
    return out


def row_check(table: str, rows: list, columns: list):
    """``block_ok(values, i)`` for blocks of one row each (``rows[i]``, its cells in
    ``columns`` order): the template's row identities (总计 = its parts) hold."""
    from .. import templates as T

    rules = [i for i in T.IDENTITIES if i.table == table and i.per == "row"]
    applies = [r for r in rules if (not r.rows or all(row in r.rows for row in rows))]

    def block_ok(values: tuple, i: int) -> bool:
        row = rows[i]
        cell = dict(zip(columns, values))
        for rule in rules:
            if rule.rows and row not in rule.rows:
                continue
            refs = [rule.target] + list(rule.plus) + list(rule.minus)
            if any(c not in cell for _, c in refs):
                continue
            target = cell[rule.target[1]]
            if target is None:
                continue
            parts = [cell[c] for _, c in rule.plus] + [cell[c] for _, c in rule.minus]
            if isinstance(target, int) and all(isinstance(v, int) or v is None for v in parts):
                total = sum(cell[c] or 0 for _, c in rule.plus) - sum(cell[c] or 0 for _, c in rule.minus)
                if target != total:
                    return False
                continue
            total = sum(exact(cell[c]) for _, c in rule.plus) - sum(exact(cell[c]) for _, c in rule.minus)
            if exact(target) != total:
                return False
        return True

    # the block's last cell is the sum of the others: a reader may take it as forced
    block_ok.total_last = any(r.target == (T.ROW, columns[-1]) and not r.minus and
                              sorted(c for _, c in r.plus) == sorted(columns[:-1]) for r in applies)
    return block_ok


@record
class Pending:
    """Cells whose values are one of several readings, to be chosen by the identities."""

    table: str
    cells: list  # (row, column) in reading order
    candidates: list  # tuples of values aligned with cells
    label: str  # the row by its official label, for messages
    text: str  # the run as printed
    prov: dict
    method: str
    identities: set  # (default: a new set())

    def __init__(self, table: str, cells: list, candidates: list, label: str, text: str, prov: dict, method: str,
                 identities: set = MISSING):
        self.table = table
        self.cells = cells
        self.candidates = candidates
        self.label = label
        self.text = text
        self.prov = prov
        self.method = method
        self.identities = set() if identities is MISSING else identities


def solve(report: Report, pending: list, path: str) -> None:
    """Choose each pending row's reading by the identities; unique or refused."""
    if not pending:
        return
    from ..check import holds_with, instances

    owner = {}
    for k, p in enumerate(pending):
        for cell in p.cells:
            owner[(p.table, cell)] = k
    for p in pending:
        p.identities = set()
    checks: dict = {}  # pending index -> instances decided once it (and those before it) are chosen
    for inst in instances(report):
        cells = [inst.target] + list(inst.plus) + list(inst.minus)
        touched = {owner[(inst.table, c)] for c in cells if (inst.table, c) in owner}
        if not touched:
            continue
        for k in touched:
            pending[k].identities.add(inst.identity.rule)
        checks.setdefault(max(touched), []).append(inst)

    values: dict = {}
    solutions: list = []
    steps = [0]

    def holds(inst) -> bool:
        return holds_with(report, inst, values)

    def search(k: int) -> None:
        if len(solutions) > 1 or steps[0] > MAX_STEPS:
            return
        if k == len(pending):
            solutions.append({key: v for key, v in values.items()})
            return
        p = pending[k]
        for cand in p.candidates:
            steps[0] += 1
            for cell, v in zip(p.cells, cand):
                values[(p.table, cell)] = v
            if all(holds(inst) for inst in checks.get(k, [])):
                search(k + 1)
            if len(solutions) > 1:
                break
        for cell in p.cells:
            values.pop((p.table, cell), None)

    search(0)
    if steps[0] > MAX_STEPS and len(solutions) < 2:
        p = pending[0]
        raise _refusal("parse.glued_unverifiable", p, path)
    if len(solutions) != 1:
        bad = _culprit(pending, solutions)
        raise _refusal("parse.glued_several" if solutions else "parse.glued_no_solution", bad, path)
    chosen = solutions[0]
    recoveries = report.recoveries
    for p in pending:
        for row, col in p.cells:
            cell: Cell = report.tables[p.table].rows[row][col]
            cell.value = chosen[(p.table, (row, col))]
            cell.prov = dict(cell.prov or {}, recovered=p.method)
        rows = []
        for row, _ in p.cells:
            if row not in rows:
                rows.append(row)
        for row in rows:
            recoveries.append({"table": p.table, "row": row, "columns": [c for r, c in p.cells if r == row],
                               "method": p.method, "identities": sorted(p.identities)})


def _refusal(mid: str, p: Pending, path: str) -> ParseError:
    return ParseError(mid, path, table=table_name(p.table), row=p.label, where=where(p.prov), text=p.text)


def _culprit(pending: list, solutions: list) -> Pending:
    """The pending row to name: one whose reading differs between solutions, else the first."""
    if len(solutions) > 1:
        for p in pending:
            if any(solutions[0][(p.table, c)] != solutions[1][(p.table, c)] for c in p.cells):
                return p
    return pending[0]


def verify(report: Report, rows: list, method: str, path: str) -> None:
    """Rows whose numbers were matched to them by position (``rows``: (table, row)):
    every assessable identity they enter must hold, or the report is refused naming
    the row.  The identities spent are recorded, and each cell says how it was read."""
    if not rows:
        return
    from ..check import instances

    wanted = set(rows)
    spent: dict = {key: set() for key in rows}
    for inst in instances(report):
        cells = [inst.target] + list(inst.plus) + list(inst.minus)
        touched = [(inst.table, r) for r, _ in cells if (inst.table, r) in wanted]
        if not touched:
            continue
        table = report.tables[inst.table]
        target = table.value(*inst.target)
        if target is not None:
            total = sum(exact(table.value(*c)) for c in inst.plus) - sum(exact(table.value(*c)) for c in inst.minus)
            if exact(target) != total:
                if any("ocr" in (table.rows[r][c].prov or {}) for r, c in cells
                       if r in table.rows and c in table.rows[r]):
                    continue  # numbers read by OCR: judged by the identities afterwards (govreport.ocr.verify)
                tkey, row = touched[0]
                raise ParseError("parse.loose_row", path, table=table_name(tkey),
                                 row=M.row_label(report.template, tkey, row), rule=inst.identity.rule)
            for key in touched:
                spent[key].add(inst.identity.rule)
    recoveries = report.recoveries
    for tkey, row in rows:
        cells = report.tables[tkey].rows.get(row, {})
        # no identity held over the row (表二 has none; blank cells leave them unassessable): the placing
        # rests on the reading alone, which check reports as a warning to review, not as a recovery
        verified = bool(spent[(tkey, row)])
        for cell in cells.values():
            cell.prov = dict(cell.prov or {}, recovered=method, **({} if verified else {"unverified": True}))
        recoveries.append({"table": tkey, "row": row, "columns": list(cells), "method": method,
                           "identities": sorted(spent[(tkey, row)]), "verified": verified})
