"""Numbers read by OCR, verified by the official identities.

OCR confuses digits (``1/7``, ``0/8/6``, ``5/6``, a digit dropped where two
alike stand together, or doubled).  The loader (:mod:`govreport.loaders.ocr`)
keeps, for every cell it read, the confidence of its least sure character.
:func:`verify` (run when such a report is loaded) decides every number:

* **read** — confidence at least :data:`ACCEPT`: taken as read;
* for a table with identities (表三, 表四), an uncertain number (below
  :data:`ACCEPT`, or a letter taken for a digit) and a blank the page shows in
  a row of numbers (the engine may have missed it) get their possible readings
  (:func:`alternatives`; for a blank, the values the identities imply).  All
  uncertain cells that share an identity are chosen together: every consistent
  combination is enumerated (up to :data:`MAX_SOLUTIONS`), and a cell whose
  value is the same in all of them is

  * **confirmed** (the reading as read) or **recovered** (another reading); the
    identities used are recorded on the cell: they are no longer independent
    evidence;
  * otherwise, or when no combination is consistent, **flagged**, with the
    values still possible, and its value stays as read;

* in 表二, which has no identities, a number below :data:`REVIEW` is flagged
  **review**, never silently trusted; so is every number above 0 in a column
  that may be negative (2019 本年增/减), whose minus sign a scan easily loses;
* a cell of a row whose numbers were read but could not be placed (another
  count than the template's, text that is no number: ``prov["ocr"]["unread"]``,
  set by :mod:`govreport.parse.reader`) is a blank with print on it: filled
  when the identities leave it one value, else **missing**, named with the
  row's numbers as read.

A number the loader's second pass read (``prov["ocr"]["pass"] == 2``: print in a
cell where the detector boxed nothing, read by the recognizer alone on a crop of
the cell) is uncertain whatever its confidence: it goes through the identities
as above (confirmed, recovered with two identities, or flagged), and in 表二 it
is always for review.

The decision lives in the cell's provenance (``prov["ocr"]``: ``status``,
``score``, ``read``, ``alternatives``, ``identities``); :func:`findings` turns it
into check findings, and :func:`flagged_cells` lists the cells a reader must
look at (flagged, review, and every cell of an identity that fails on a table
read by OCR: there an OCR error and a printing error look alike).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Optional

from . import messages as M
from .model import Report, exact, format_number, read_by_ocr

is_ocr = read_by_ocr  # whether a report holds numbers read by OCR (kept by model: check asks it too)

# Measured on generated scans (benchmarks/README.md, OCR): no reading at or above these was wrong
# (with the engine's direction classifier off); lone zeros and ones are often read right at 0.85–0.95,
# and a table-4 block of zeros cannot be settled by its total, so a stricter bar flags correct pages.
ACCEPT = 0.85  # a number whose least sure character has at least this confidence is taken as read
# 表二 (no identities): below this a number is flagged for review.  A lone 7 was read 1 at 0.95 on a
# validation set (30 Nov); about a third of 表二's numbers fall below 0.96 (seeds 0–1: 728 of 2,078)
# and are listed to review — nothing else can check them.
REVIEW = 0.96
MAX_SOLUTIONS = 64  # consistent combinations enumerated for one group of uncertain cells
MAX_STEPS = 200_000  # search steps for one group; beyond, its cells are flagged
BLANK_LIKE = frozenset("。○〇")  # marks the loader (loaders.ocr) reads as a lone 0
MAX_GROUP = 24  # uncertain cells in one group at most; a larger group is flagged as a whole

# digits OCR takes for one another, most likely first
CONFUSED = {
    "0": "8695", "1": "74", "2": "73", "3": "852", "4": "19", "5": "638",
    "6": "5809", "7": "12", "8": "03695", "9": "8064",
}


def alternatives(text: str) -> list:
    """The numbers an OCR reading ``text`` (digits) may stand for, the reading first:
    one digit confused, one digit doubled (two alike read as one), one digit dropped."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits or len(digits) > 12 or not text.strip().isdigit():
        return [int(digits)] if digits and text.strip().isdigit() else []
    out = [digits]
    for i, ch in enumerate(digits):
        out += [digits[:i] + alt + digits[i + 1:] for alt in CONFUSED.get(ch, "")]
    out += [digits[:i] + digits[i] + digits[i:] for i in range(len(digits))]
    out += [digits[:i] + digits[i + 1:] for i in range(len(digits))]
    seen, values = set(), []
    for s in out:
        if not s or (len(s) > 1 and s[0] == "0"):
            continue
        v = int(s)
        if v not in seen:
            seen.add(v)
            values.append(v)
    return values


def _instances(report: Report) -> list:
    from .check import instances

    return instances(report)


def verify(report: Report) -> None:
    """Decide every OCR'd number of ``report`` (see the module docstring); marks the cells."""
    _unread_absent_rows(report)
    insts = _instances(report)
    identity_tables = {inst.table for inst in insts}
    uncertain: dict = {}  # (table, (row, col)) -> candidates (None: a blank, any value)
    for tkey, table in report.tables.items():
        for row, cells in table.rows.items():
            numbers = any(c.value is not None for c in cells.values())
            for col, cell in cells.items():
                info = (cell.prov or {}).get("ocr")
                if info is None:
                    continue
                info = dict(info)  # the cell's own (a line's provenance is shared by its blank cells)
                cell.prov = dict(cell.prov, ocr=info)
                if cell.value is None:
                    if info.get("ink") is False:
                        info["status"] = "blank"  # nothing printed where the cell stands: a printed blank
                    elif (numbers or "unread" in info) and tkey in identity_tables:
                        # print there, or not known: perhaps missed; or a row whose numbers were read but
                        # could not be placed (parse.reader: another count than the template's)
                        uncertain[(tkey, (row, col))] = None
                    elif info.get("ink"):
                        info["status"] = "missing"  # print the engine did not read, and no identity to fill it
                    continue
                score = info.get("score", 1.0)
                second = info.get("pass") == 2  # read by the second pass, where the detector saw nothing
                if tkey not in identity_tables:
                    # a number above 0 in a column that may be negative (2019 本年增/减): a lost minus sign
                    # (a thin stroke, 减 dropped) reads as a good number, and nothing can check it
                    if cell.value > 0 and _signed(report.template, tkey, col):
                        info["sign"] = True
                    info["status"] = "review" if score < REVIEW or second or info.get("sign") else "read"
                    continue
                if score >= ACCEPT and "read" not in info and not second:
                    info["status"] = "read"
                    continue
                read = info.get("read")
                cands = alternatives(str(format_number(cell.value) if read and not read.isdigit() else
                                         read or format_number(cell.value)))
                if cell.value not in cands:
                    cands.insert(0, cell.value)
                if read and all(ch in BLANK_LIKE for ch in read):
                    cands.append(None)  # a mark read as 0 may be a speck on a blank cell: no sum tells them apart
                uncertain[(tkey, (row, col))] = cands
    if not uncertain:
        return
    _propagate(report, insts, uncertain)
    for key in [k for k, c in uncertain.items() if c is None]:
        cell = report.tables[key[0]].rows[key[1][0]][key[1][1]]
        cell.prov["ocr"].update(status="missing", alternatives=[])
        del uncertain[key]
    for group, checks in _groups(uncertain, insts):
        _decide(report, group, checks, uncertain)
    _recheck(report, insts)


_DECIDED = ("confirmed", "recovered", "filled")


def _unread_absent_rows(report: Report) -> None:
    """A row of a table read by OCR that is not in the report (its label and numbers lost): its
    cells unread (``unread`` ""), never left out — a sum over the rows present would otherwise
    take another row's cells for the whole (a total less one row fills a cell with two rows' sum)."""
    from .model import Cell

    for tkey, table in report.tables.items():
        read = [cell.prov for _, _, cell in table.cells() if (cell.prov or {}).get("ocr") is not None]
        if not read:
            continue
        where = {k: v for k, v in read[0].items() if k in ("page", "image", "frame")}
        spec = report.spec(tkey)
        if all(row.key in table.rows for row in spec.rows):
            continue
        rows = {}
        for row in spec.rows:  # in the template's order
            rows[row.key] = table.rows.get(row.key) or {
                c: Cell(None, "", dict(where, ocr={"ink": True, "unread": ""})) for c in row.columns}
        rows.update(table.rows)
        table.rows = rows


def _signed(template: str, tkey: str, col: str) -> bool:
    from . import templates as T

    column = next((c for c in T.table_spec(template, tkey).columns if c.key == col), None)
    return column is not None and column.kind == "signed"


SUPPORT = 2  # a number changed from what the engine read needs this many identities holding with it


def _holds(table, inst) -> Optional[bool]:
    """Whether an identity instance holds (None: a blank in it, not assessable)."""
    cells = [inst.target] + list(inst.plus) + list(inst.minus)
    values = [table.value(*c) for c in cells]
    if any(v is None for v in values):
        return None
    total = sum((exact(v) for v in values[1:1 + len(inst.plus)]), Fraction(0))
    total -= sum((exact(v) for v in values[1 + len(inst.plus):]), Fraction(0))
    return exact(values[0]) == total


def _recheck(report: Report, insts: list) -> None:
    """A decision stands only if every identity its cell enters holds once all are made (a reading
    chosen against a confidently misread neighbour is no reading), and a number changed from what
    the engine read only if at least :data:`SUPPORT` identities hold with it (one total that is
    itself misread could make any change look right; 表四's blocks have one identity each).  Such
    cells go back to what the engine read and are flagged, until nothing changes."""
    changed = True
    while changed:
        changed = False
        support: dict = {}
        failing = []
        for inst in insts:
            table = report.tables[inst.table]
            held = _holds(table, inst)
            cells = [inst.target] + list(inst.plus) + list(inst.minus)
            if held:
                for c in cells:
                    support[(inst.table, c)] = support.get((inst.table, c), 0) + 1
            elif held is False:
                failing.append((inst.table, cells))
        for tkey, table in report.tables.items():
            for row, col, cell in table.cells():
                info = (cell.prov or {}).get("ocr")
                if info and info.get("status") in ("recovered", "filled") and \
                        support.get((tkey, (row, col)), 0) < SUPPORT:
                    failing.append((tkey, [(row, col)]))
        for tkey, cells in failing:
            table = report.tables[tkey]
            for row, col in cells:
                cell = table.rows[row][col]
                info = (cell.prov or {}).get("ocr")
                if not info or info.get("status") not in _DECIDED:
                    continue
                if "was" in info:
                    info["possible"] = [cell.value]  # what the identities would make it
                    cell.value = info.pop("was")
                else:
                    info["possible"] = []
                info["status"] = "flagged" if cell.value is not None else "missing"
                info.pop("identities", None)
                changed = True


def _forced(report: Report, inst, key) -> Optional[Fraction]:
    """The value of cell ``key`` that makes ``inst`` hold, all its other cells being known."""
    table = report.tables[inst.table]
    cell = key[1]
    others = [c for c in [inst.target] + list(inst.plus) + list(inst.minus) if c != cell]
    if any(table.value(*c) is None for c in others):
        return None
    plus = sum((exact(table.value(*c)) for c in inst.plus if c != cell), Fraction(0))
    minus = sum((exact(table.value(*c)) for c in inst.minus if c != cell), Fraction(0))
    if cell == inst.target:
        return plus - minus
    if cell in inst.plus:
        return exact(table.value(*inst.target)) - plus + minus
    return plus - minus - exact(table.value(*inst.target))


def _propagate(report: Report, insts: list, uncertain: dict) -> None:
    """Bounds on every identity prune each uncertain cell's readings: a reading is dropped when no
    readings of the other cells (known cells as they are) can make the identity hold with it.
    A blank the engine may have missed takes the one value an identity leaves it.  A cell left with
    one reading is decided (confirmed, recovered or filled) and known from then on; the identities
    that pruned it are recorded as spent."""
    spent: dict = {key: set() for key in uncertain}
    tables = report.tables
    changed = True
    while changed:
        changed = False
        for inst in insts:
            table = tables[inst.table]
            terms = [(1, c) for c in inst.plus] + [(-1, c) for c in inst.minus] + [(-1, inst.target)]
            bounds, open_ends, touched = [], 0, False
            for coef, c in terms:
                key = (inst.table, c)
                if key in uncertain:
                    touched = True
                    cands = uncertain[key]
                    if cands is None:
                        bounds.append(None)
                        open_ends += 1
                        continue
                    vals = [coef * (v or 0) for v in cands]
                    bounds.append((min(vals), max(vals)))
                else:
                    v = table.value(*c)
                    if v is None:
                        break  # a blank printed in the identity: it says nothing
                    bounds.append((coef * exact(v), coef * exact(v)))
            else:
                if not touched:
                    continue
                low = sum(b[0] for b in bounds if b is not None)
                high = sum(b[1] for b in bounds if b is not None)
                for (coef, c), b in zip(terms, bounds):
                    key = (inst.table, c)
                    if key not in uncertain or (open_ends - (b is None)) > 0:
                        continue
                    rest_low, rest_high = (low, high) if b is None else (low - b[0], high - b[1])
                    cands = uncertain[key]
                    if cands is None:
                        if rest_low != rest_high:
                            continue
                        value = -rest_low / coef
                        if value <= 0 or Fraction(value).denominator != 1:
                            continue  # 0: a printed blank adds up the same, so the sums cannot tell
                        kept = [int(value)]
                    else:
                        kept = [v for v in cands if -rest_high <= coef * (v or 0) <= -rest_low]
                        if not kept or len(kept) == len(cands):
                            continue  # none fits (a printing error, or beyond the readings): the search says so
                    uncertain[key] = kept
                    spent[key].add(inst.identity.rule)
                    changed = True
                    if cands is not None:
                        low, high = None, None
                        break  # bounds changed: recompute this identity on the next pass
    for key in [k for k, c in uncertain.items() if c is not None and len(c) == 1]:
        cell = tables[key[0]].rows[key[1][0]][key[1][1]]
        info = cell.prov["ocr"]
        value = uncertain.pop(key)[0]
        info["identities"] = sorted(spent[key])
        if value == cell.value:
            info["status"] = "confirmed"
        else:
            info["status"] = "recovered" if cell.value is not None else "filled"
            info["was"] = cell.value
            cell.value = value


def _groups(uncertain: dict, insts: list):
    """Uncertain cells joined by the identities they share, each with the identity instances
    that bear on it (those that hold at least one of its cells)."""
    parent = {key: key for key in uncertain}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    touching = []
    for inst in insts:
        keys = [(inst.table, c) for c in [inst.target] + list(inst.plus) + list(inst.minus) if (inst.table, c) in uncertain]
        if not keys:
            continue
        touching.append((inst, keys))
        for k in keys[1:]:
            parent[find(k)] = find(keys[0])
    groups: dict = {}
    for key in uncertain:
        groups.setdefault(find(key), []).append(key)
    for root, members in groups.items():
        checks = [(inst, keys) for inst, keys in touching if find(keys[0]) == root]
        yield members, checks


def _decide(report: Report, group: list, checks: list, uncertain: dict) -> None:
    order = {key: i for i, key in enumerate(group)}
    due: dict = {}  # index of a group's cell -> the instances decided once it is chosen
    for inst, keys in checks:
        due.setdefault(max(order[k] for k in keys), []).append(inst)
    values: dict = {}
    from .check import holds_with

    def holds(inst) -> bool:
        return holds_with(report, inst, values)

    solutions: list = []
    steps = [0]

    def search(k: int) -> bool:
        if k == len(group):
            solutions.append([values[key] for key in group])
            return len(solutions) < MAX_SOLUTIONS
        key = group[k]
        for cand in uncertain[key]:
            steps[0] += 1
            if steps[0] > MAX_STEPS:
                return False
            values[key] = cand
            if all(holds(inst) for inst in due.get(k, ())) and not search(k + 1):
                return False
        values.pop(key, None)
        return True

    complete = len(group) <= MAX_GROUP and search(0)
    used = sorted({inst.identity.rule for inst, _ in checks})
    for i, (tkey, (row, col)) in enumerate(group):
        cell = report.tables[tkey].rows[row][col]
        info = cell.prov["ocr"]
        possible = sorted({s[i] for s in solutions}, key=lambda v: (v is not None, v or 0)) if complete else []
        info["alternatives"] = [v for v in uncertain[(tkey, (row, col))]][:12]
        if complete and len(possible) == 1:
            chosen = possible[0]
            info["status"] = "confirmed" if chosen == cell.value else "recovered"
            info["identities"] = used
            if chosen != cell.value:
                info["was"] = cell.value
                cell.value = chosen
        else:
            info["status"] = "flagged"
            info["possible"] = possible


# ---------------------------------------------------------------- what check says
def findings(report: Report) -> list:
    """Check findings for the OCR decisions: ``ocr.recovered``/``ocr.filled``/``ocr.confirmed`` (info),
    ``ocr.flagged``/``ocr.missing`` (error: the table's numbers are not settled), ``ocr.review`` (warning)."""
    from .check import Finding

    out = []
    for tkey, table in report.tables.items():
        for row, col, cell in table.cells():
            info = (cell.prov or {}).get("ocr")
            status = info.get("status") if info else None
            if status in (None, "read", "blank"):
                continue
            rule = f"ocr.{status}"
            # unsettled numbers in tables with identities: the tables cannot be passed (error); a lowish
            # confidence in 表二, which nothing can check: to review (warning)
            severity = "info" if status in ("confirmed", "recovered", "filled") else \
                "warning" if status == "review" else "error"
            read = info.get("read") or (format_number(info["was"]) if info.get("was") is not None
                                        else format_number(cell.value))
            identities = "、".join(M.text(f"identity.{r}") if M.has(f"identity.{r}") else r
                                  for r in info.get("identities") or ())
            possible = "、".join(format_number(v) if v is not None else M.text("ocr.blank")
                                for v in info.get("possible") or ()) or M.text("ocr.none")
            # a second-pass reading (the recognizer alone on the cell, where the detector saw nothing)
            # is unsure whatever its confidence: said so, and where it came from
            key = f"{rule}.second_pass" if info.get("pass") == 2 and M.has(f"{rule}.second_pass") else rule
            if info.get("sign") and key == rule and M.has(f"{rule}.sign"):
                key = f"{rule}.sign"
            unread = info.get("unread")
            if unread is not None and M.has(f"{rule}.unread"):  # its row's numbers could not be placed
                key = f"{rule}.unread" if unread else f"{rule}.unread_none"
                if info.get("why") == "columns":
                    key = f"{rule}.columns"
            message = M.text(key, cell=M.cell_name(report.template, tkey, row, col), read=read,
                             score=f"{info.get('score', 0):.2f}", value=format_number(cell.value),
                             identities=identities or M.text("parse.recovered.none"), possible=possible,
                             unread=unread or "")
            if info.get("pass") == 2 and key == rule:
                message += M.text("ocr.second_pass")
            out.append(Finding(rule, severity, tkey, row, col, None, cell.value, message,
                               cells=[(tkey, row, col)]))
    return out


def flagged_cells(report: Report, result=None) -> set:
    """(table, row, column) of every cell a reader must look at: flagged, missing or for review,
    and, given the check result, every cell of a failed identity on a table read by OCR."""
    out = set()
    ocr_tables = set()
    for tkey, table in report.tables.items():
        for row, col, cell in table.cells():
            info = (cell.prov or {}).get("ocr")
            if info is None:
                continue
            ocr_tables.add(tkey)
            if info.get("status") in ("flagged", "missing", "review"):
                out.add((tkey, row, col))
    if result is not None:
        for f in result.findings:
            if f.severity in ("error", "warning") and f.table in ocr_tables:
                out.update(tuple(c) for c in (getattr(f, "cells", None) or ()) if len(c) == 3)
    return out


def summary(report: Report) -> Optional[dict]:
    """Counts of the OCR decisions, or None for a report not read by OCR."""
    counts: dict = {}
    seen = False
    for table in report.tables.values():
        for _, _, cell in table.cells():
            info = (cell.prov or {}).get("ocr")
            if info is None:
                continue
            seen = True
            status = info.get("status") or "read"
            counts[status] = counts.get(status, 0) + 1
    return counts if seen else None
