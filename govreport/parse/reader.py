"""The table reader: tokens → rows, by label and count.

A data row is found by its label (matched on the label key, fragments joined
across lines) and takes exactly as many numbers as the template gives it.  A
row with another count is refused with an error naming it — numbers never move
between rows.  Table 3's columns are mapped by its printed header; digits run
together are kept as readings for :mod:`.recover` to choose by the identities.
"""

from __future__ import annotations

from typing import Optional

from .. import messages as M
from .. import templates as T
from ..errors import ParseError
from ..messages import Text
from ..model import Cell, Table
from . import align, recover
from .labels import column_order, index
from .numbers import AMOUNT_UNITS, COUNT_UNITS, PICTURE, Value, is_unit_word
from ..records import record
from .tokens import Entry, Token, clean_prov, table_name, where

LONG_LABEL = 30  # an unmatched label longer than this (in key chars) is narrative: it closes the open row
SHORT_FRAGMENT = 3  # an unmatched label this short (in key chars) leaves a half-read label alone


@record
class _Occurrence:
    values: list  # tokens (values and glued digit runs)
    token: Token  # the label
    structured: bool  # read from a real table row (an empty cell is a blank)

    def __init__(self, values: list, token: Token, structured: bool):
        self.values = values
        self.token = token
        self.structured = structured


class Reader:
    """Walks the tokens, assigning values to rows by label and count."""

    def __init__(self, template: T.Template, path: str):
        self.template = template
        self.index = index(template)
        self.path = path
        self.table: Optional[str] = None
        self.group: Optional[str] = None
        self.row: Optional[Entry] = None
        self.row_token: Optional[Token] = None
        self.values: list = []
        self.buffer: list = []
        self.occurrences: dict = {}  # table -> row key -> [_Occurrence]
        self.flat: dict = {}  # table -> list of runs of value tokens
        self.flat_break = False
        self.consumed: set = set()  # line indexes holding table content
        self.last_table: Optional[str] = None
        self.touched: list = []  # tables in the order first seen
        self.seen: list = []  # tables whose own labels (rows, groups, anchors) were met
        self.headers: dict = {}  # table -> label keys met before its first data row
        self.anchors: dict = {}  # table -> anchor keys met
        self.pending: list = []  # recover.Pending
        self.events: dict = {}  # table -> what was met, in order: labels, groups, values (for align.realign)
        self.deferred: dict = {}  # table -> the first count error, raised unless the table can be realigned
        self.loose: list = []  # (table, row key): rows whose numbers were matched to them by align.realign
        self.placed: list = []  # (table, row key): OCR number rows whose label was not read, placed by the order

    # -- table switching
    def open_table(self, tkey: Optional[str]) -> None:
        if tkey == self.table:
            return
        self.close_row()
        self.table = tkey
        self.group = None
        self.buffer = []
        if tkey is not None:
            self.last_table = tkey
            if tkey not in self.touched:
                self.touched.append(tkey)
            self.flat_break = True

    def spec(self, tkey: str) -> T.TableSpec:
        return T.table_spec(self.template.key, tkey)

    def close_row(self) -> None:
        if self.row is None:
            return
        row: T.Row = self.row.obj
        tkey = self.row.table
        n = len(row.columns)
        values = self._without_grid_debris(self.values, n)
        if values and len(values) != n and not any(v.glued for v in values):
            self.defer(tkey, self._count_error(row, values, n))
        structured = bool(self.row_token.prov.get("_structured"))
        self.occurrences.setdefault(tkey, {}).setdefault(row.key, []).append(
            _Occurrence(values, self.row_token, structured))
        self.row = None
        self.values = []

    def defer(self, tkey: str, error: ParseError) -> None:
        self.deferred.setdefault(tkey, error)

    def _count_error(self, row: T.Row, values: list, n: int) -> ParseError:
        spec = self.spec(self.row.table if self.row else "requests")
        return self.error("parse.row_count", spec, row.key, self.row_token.prov, found=len(values), expected=n,
                          numbers=" ".join(v.text or "∅" for v in values))

    def error(self, mid: str, spec: T.TableSpec, row: Optional[str] = None, prov: Optional[dict] = None,
              **params) -> ParseError:
        """A refusal (catalogue id ``mid``) naming the table (表三), the row by its official label
        and where it stands in the file."""
        fields = {"table": table_name(spec.key), "where": where(prov or {}),
                  "row": M.row_label(self.template.key, spec.key, row)}
        return ParseError(mid, self.path, **dict(fields, **params))

    @staticmethod
    def _empty_cell(tok: Token) -> bool:
        return bool(tok.prov.get("_structured")) and tok.value is not None and tok.value.blank and tok.value.raw == ""

    def _without_grid_debris(self, values: list, n: int) -> list:
        """A table row with more cells than the template has, whose surplus is empty
        cells at one end: the empty columns of a spanned label (``| 一、… | | 5 |``)
        or an extra grid column at the end.  Only when that is unambiguous: if the
        surplus could be dropped at either end with different results, the row is
        left as it is (and refused)."""
        surplus = len(values) - n
        if surplus <= 0:
            return values
        options = []
        if all(self._empty_cell(v) for v in values[:surplus]):
            options.append(values[surplus:])
        if all(self._empty_cell(v) for v in values[n:]):
            options.append(values[:n])
        shapes = {tuple(v.value.raw for v in option) for option in options}
        return options[0] if len(shapes) == 1 else values

    # -- tokens
    def label(self, tok: Token, after_value: bool = False, more_labels: bool = False) -> None:
        """A label cell.  ``after_value``: a number stood before it on its line;
        ``more_labels``: another label cell follows it on its line (so it is a group
        column's cell: ``其他`` there is (六)其他处理's piece, not 3.其他)."""
        if after_value and tok.key and not is_unit_word(tok.text) and not self.index.lookup(tok.key, self.group):
            stray = len(tok.key) <= 2 and (self.row is not None and 0 < len(self.values) < len(self.row.obj.columns)
                                           or self.row is None and self._flat_waiting())
            if stray and "ocr" in tok.prov:  # OCR: a glyph read where a number stands — the cell unread
                self.bad(Token(tok.text, tok.key, None, tok.prov, tok.line_index, bad="parse.reason.not_number"))
                return
            if stray and self.row is not None:
                spec = self.spec(self.row.table)
                raise self.error("parse.stray_text", spec, self.row.obj.key, tok.prov, text=tok.text)
            if stray:
                raise self.error("parse.stray_text", self.spec(self.table), self._flat_row(), tok.prov, text=tok.text)
        if self.table is not None and not self._started(self.table):
            self.headers.setdefault(self.table, []).append(tok.key)
        if not tok.key:
            return  # punctuation alone: no part of a label
        cand = self.buffer + [tok]
        for start in range(len(cand)):
            part = cand[start:]
            key = "".join(t.key for t in part)
            if not key:
                continue
            entries = self.index.lookup(key, self.group, not more_labels)
            if entries:
                self.buffer = []
                self.matched(entries, part[0], tok.line_index)
                return
            if self.index.is_prefix(key):
                if start == len(cand) - 1 and len(tok.key) <= SHORT_FRAGMENT and self._row_prefix(self.buffer):
                    return  # a group label's piece (（三）不) between the lines of a wrapped row label
                self.buffer = part
                return
        if len(tok.key) <= SHORT_FRAGMENT:
            return  # a stray piece of another cell (vertical group label) inside a wrapped label
        self.buffer = []
        if len(tok.key) > LONG_LABEL:
            self.close_row()
            if self.table is not None:
                self.flat_break = True

    def header(self, tokens: list) -> None:
        """A line of column headers: read for table 3's column order, never as row labels."""
        for tok in tokens:
            for e in self.index.lookup(tok.key, None) if tok.key else ():
                if e.kind == "anchor" and (self.table is None or e.table == self.table):
                    self.open_table(e.table)
                    if e.table not in self.seen:
                        self.seen.append(e.table)
                    self.anchors.setdefault(e.table, set()).add(tok.key)
        if self.table is not None and not self._started(self.table):
            self.headers.setdefault(self.table, []).extend(t.key for t in tokens if t.key)

    def _row_prefix(self, buffer: list) -> Optional[Entry]:
        """The one row a half-read label can only be the start of."""
        return self.index.unique_row_for_prefix("".join(t.key for t in buffer)) if buffer else None

    def _started(self, tkey: str) -> bool:
        """Whether rows of ``tkey`` were met: occurrences, flat values or the open row."""
        return tkey in self.occurrences or tkey in self.flat or (self.row is not None and self.row.table == tkey)

    def matched(self, entries: list, tok: Token, last_line: Optional[int] = None) -> None:
        tables = {e.table for e in entries}
        if self.table not in tables:
            self.open_table(entries[0].table)
        if self.table not in self.seen:
            self.seen.append(self.table)
        self.consumed.add(tok.line_index)
        entries = [e for e in entries if e.table == self.table]
        groups = [e for e in entries if e.kind == "group"]
        rows = [e for e in entries if e.kind == "row"]
        for e in entries:
            if e.kind == "anchor":
                self.anchors.setdefault(self.table, set()).add(tok.key)
        if groups or rows:
            self.close_row()
        if groups:
            self.group = groups[0].obj.key
        elif rows:
            self.group = rows[0].obj.group if rows[0].obj.level > 1 else None
        if rows:
            self.row = rows[0]
            self.row_token = tok
            self.values = []
            self.events.setdefault(self.table, []).append(
                ("label", rows[0], tok, tok.line_index if last_line is None else last_line))
        elif groups:
            self.events.setdefault(self.table, []).append(("group",))
        if self.table and self.spec(self.table).flat:
            self.flat_break = True

    def bad(self, tok: Token) -> None:
        """Text where a number belongs (``约43362``, ``4336l``): refused when a row is
        waiting for a number; elsewhere it is a word of the narrative."""
        waiting = self.row is not None and len(self.values) < len(self.row.obj.columns)
        # … or standing on the line of a full row's last number (``3079 .45``: a number read in two)
        on_row = self.row is not None and not waiting and self.values and \
            self.values[-1].line_index == tok.line_index
        if "ocr" in tok.prov and (waiting or on_row or self.row is None and (
                self._flat_waiting() or self._flat_open())):
            self.value(_unread(tok, tok.text))  # OCR: the cell is not read, and said so (ocr.verify)
            return
        # in text, only what starts like a number (a mark such as ``*1`` after a row is a note's)
        shown = Text("parse.picture") if tok.text == PICTURE else tok.text
        if waiting or on_row and (tok.text[:1].isdigit() or tok.text[:1] in ".。．-−"):
            spec = self.spec(self.row.table)
            raise self.error("parse.cell_refused", spec, self.row.obj.key, tok.prov, text=shown,
                             reason=Text(tok.bad))
        if self.row is None and (self._flat_waiting() or self._flat_open()):
            raise self.error("parse.cell_refused", self.spec(self.table), self._flat_row(), tok.prov, text=shown,
                             reason=Text(tok.bad))
        self.label(tok)

    def value(self, tok: Token, prose: bool = False, header_line: bool = False) -> None:
        """A number.  ``prose``: the line goes on with words after its numbers
        (``共收到申请 333 件``), so its numbers belong to a sentence, not a table
        row — they are skipped unless a row is still waiting for numbers.
        ``header_line``: an empty cell of a line that holds labels and no number
        (a spanned header): not a value of a flat table."""
        full = self.row is not None and len(self.values) >= len(self.row.obj.columns)
        if prose and (self.row is None or full) and not self._flat_waiting():
            return
        if self.buffer and (self.row is None or full or not self.values):  # numbers arriving mid-label
            entry = self._row_prefix(self.buffer)
            if entry is not None and (self.row is None or entry.obj is not self.row.obj):
                first, last = self.buffer[0], self.buffer[-1]
                self.buffer = []
                self.matched([entry], first, last.line_index)
        self.buffer = []
        if self.row is not None:
            self.values.append(tok)
            self.consumed.add(tok.line_index)
            self.events.setdefault(self.row.table, []).append(("value", tok))
            return
        if self.table is None:
            return  # a number in the narrative
        spec = self.spec(self.table)
        if spec.flat:
            if header_line and tok.value is not None and tok.value.blank:
                return
            runs = self.flat.setdefault(self.table, [])
            if self.flat_break or not runs:
                runs.append([])
                self.flat_break = False
            runs[-1].append(tok)
            self.consumed.add(tok.line_index)
            return
        if tok.value is not None and tok.value.blank:
            return  # an empty cell outside any row (layout debris)
        # numbers with no label before them: perhaps a row whose label follows (converter output)
        self.defer(self.table, self.error("parse.unlabelled_number", spec, None, tok.prov, text=tok.text))
        self.events.setdefault(self.table, []).append(("value", tok))
        self.consumed.add(tok.line_index)

    def _flat_row(self) -> str:
        """The row (block) of a flat table (表四) its next value belongs to."""
        spec = self.spec(self.table)
        have = sum(len(run) for run in self.flat.get(self.table, []))
        return _block_row(spec, have // len(spec.columns))

    def _flat_open(self) -> bool:
        """A flat table (表四) whose header was printed and whose numbers have not all come."""
        if self.table is None or not self.spec(self.table).flat or not self.anchors.get(self.table):
            return False
        spec = self.spec(self.table)
        return sum(len(run) for run in self.flat.get(self.table, [])) < len(spec.columns) * len(spec.rows)

    def _flat_waiting(self) -> bool:
        """Whether a flat table (表四) has started its numbers and still needs some."""
        if self.table is None or not self.spec(self.table).flat:
            return False
        have = sum(len(run) for run in self.flat.get(self.table, []))
        spec = self.spec(self.table)
        return 0 < have < len(spec.columns) * len(spec.rows)

    # -- the tables
    def finish(self) -> dict:
        self.close_row()
        tables: dict = {}
        for tkey in T.TABLE_ORDER:
            spec_rows = self.occurrences.get(tkey)
            if tkey in self.deferred:
                spec_rows = self._realigned(tkey)
            if spec_rows:
                table = self._rows_table(tkey, spec_rows)
                if table is not None:
                    tables[tkey] = table
            elif tkey in self.flat:
                try:
                    table = self._flat_table(tkey, self.flat[tkey])
                except ParseError:
                    tokens = [t for run in self.flat[tkey] for t in run]
                    if not all("ocr" in t.prov for t in tokens):
                        raise
                    table = self._unread_flat(tkey, tokens)
                if table is not None:
                    tables[tkey] = table
            elif len(self.anchors.get(tkey, ())) >= 3 and self.spec(tkey).flat:
                tables[tkey] = self._blank_flat(tkey)  # the header printed, every cell blank
        return tables

    def _realigned(self, tkey: str) -> dict:
        """The table's rows matched again (:mod:`.align`), or its first count error raised."""
        events = self.events.get(tkey, [])
        printed = [ev[1].obj.key for ev in events if ev[0] == "label"]
        spec = T.table_spec(self.template.key, tkey, printed)
        groups = {g.key for g in spec.groups}
        rows = {r.key for r in spec.rows}
        matched = align.realign(events, lambda key: key in groups and key not in rows,
                                lambda entry: len(entry.obj.columns), self._without_grid_debris,
                                lambda before, after, runs: _placed(spec, groups - rows, before, after, runs))
        if matched is None:
            if _read_by_ocr(events):
                return self._unread_rows(tkey, events)
            raise self.deferred[tkey]
        occ: dict = {}
        for label, tokens, loose in matched:
            occ.setdefault(label.entry.obj.key, []).append(
                _Occurrence(tokens, label.token, bool(tokens and tokens[0].prov.get("_structured"))))
            if loose:
                (self.placed if loose == "placed" else self.loose).append((tkey, label.entry.obj.key))
        return occ

    def _unread_rows(self, tkey: str, events: list) -> dict:
        """A table read by OCR whose rows could not be matched again: every row with another count
        than the template's, and every row of the template met without its label (its numbers then
        stood without one), becomes a row of unread cells (:func:`_unread`), its numbers as read kept
        in their provenance — the rest of the report is read, and those cells are named, never
        guessed (:func:`govreport.ocr.verify` fills only what the identities settle)."""
        printed = [ev[1].obj.key for ev in events if ev[0] == "label"]
        spec = T.table_spec(self.template.key, tkey, printed)
        occ = {key: list(found) for key, found in self.occurrences.get(tkey, {}).items()}
        placed = {id(v) for found in occ.values() for o in found for v in o.values}
        loose = [ev[1] for ev in events if ev[0] == "value" and id(ev[1]) not in placed]
        unread = False
        for row in spec.rows:
            n = len(row.columns)
            for k, o in enumerate(occ.get(row.key, ())):
                values = self._without_grid_debris(o.values, n)
                if values and len(values) != n and not any(v.glued for v in values):
                    text = " ".join(v.text or "∅" for v in values)
                    occ[row.key][k] = _Occurrence([_unread(o.token, text) for _ in range(n)], o.token, False)
                    unread = True
        if loose or unread:
            # the rows met without their label: their numbers stood alone, or in a row that has too many
            text = " ".join(v.text for v in loose)
            where_tok = loose[0] if loose else next(o.token for found in occ.values() for o in found)
            for row in spec.rows:
                if row.key not in occ:
                    occ[row.key] = [_Occurrence([_unread(where_tok, text) for _ in row.columns], where_tok, False)]
        return occ

    def _blank_flat(self, tkey: str) -> Table:
        spec = self.spec(tkey)
        return Table(tkey, {row.key: {c: Cell(None, "", None) for c in row.columns} for row in spec.rows})

    def _rows_table(self, tkey: str, occ: dict) -> Optional[Table]:
        filled = [k for k, found in occ.items() if any(o.values for o in found)]
        spec = T.table_spec(self.template.key, tkey, filled or list(occ))
        groups = {g.key for g in spec.groups}
        for key in list(filled):
            if all(r.key != key for r in spec.rows):
                if key in groups and all(self._all_empty(o) for o in occ[key]):
                    filled.remove(key)  # a group label printed as an empty row of its own ((六)其他处理)
                    continue
                tok = next(o.token for o in occ[key] if o.values)  # numbers on a row of another row variant
                raise self.error("parse.other_template_rows", spec, key, tok.prov)
        order, problem = (column_order(spec, self.headers.get(tkey, [])) if tkey == "requests"
                          else (None, None))
        if problem:
            tokens = [o.token for found in occ.values() for o in found]
            if tokens and all("ocr" in t.prov for t in tokens):
                # OCR: the header's words too damaged to map the columns — the table's cells unread
                # (named by check), the rest of the report read
                rows = {}
                for row in spec.rows:
                    found = next((o for o in occ.get(row.key, ()) if o.values), None)
                    text = " ".join(v.glued or v.text or "∅" for v in found.values) if found else ""
                    rows[row.key] = {c: _unread_cell(tokens[0], text, "columns") for c in row.columns}
                return Table(tkey, rows)
            raise self.error("parse.column_header", spec, problem=Text(problem))
        rows: dict = {}
        any_values = False
        for row in spec.rows:
            found = occ.get(row.key)
            if not found:
                continue
            with_values = [o for o in found if o.values]
            columns = list(order) if order and tuple(row.columns) == tuple(c.key for c in spec.columns) \
                else list(row.columns)
            if with_values:
                first = with_values[0]
                for o in with_values[1:]:
                    if [v.text for v in o.values] != [v.text for v in first.values]:
                        raise self.error("parse.printed_twice", spec, row.key, first=where(first.token.prov),
                                         second=where(o.token.prov))
                try:
                    rows[row.key] = self._row_cells(spec, row, columns, first)
                except ParseError:
                    if "ocr" not in first.token.prov:
                        raise
                    text = " ".join(v.glued or v.text for v in first.values)  # OCR: not read, and said so
                    rows[row.key] = {c: _unread_cell(first.token, text) for c in columns}
                rows[row.key] = {c: rows[row.key][c] for c in row.columns}
                any_values = True
            else:
                tok = found[0].token
                rows[row.key] = {c: Cell(None, "", clean_prov(tok.prov)) for c in row.columns}
        if not rows or (not any_values and len(rows) < 2):
            return None
        if any_values:
            self._refuse_rows_without_numbers(spec, occ, rows)
        return Table(tkey, rows)

    @staticmethod
    def _all_empty(o: _Occurrence) -> bool:
        return all(v.value is not None and v.value.blank and not v.value.raw for v in o.values)

    def _refuse_rows_without_numbers(self, spec: T.TableSpec, occ: dict, rows: dict) -> None:
        """A row printed with no number at all, in a table whose other rows have
        numbers: without cell borders a blank cannot be told from a lost number."""
        groups = {g.key for g in spec.groups}
        for row in spec.rows:
            found = occ.get(row.key)
            if not found or any(o.values for o in found) or row.key in groups:
                continue
            tok = found[0].token
            if "ocr" in tok.prov:  # OCR: the row's numbers were not read (a blank row reads as blanks)
                rows[row.key] = {c: _unread_cell(tok, "") for c in row.columns}
                continue
            raise self.error("parse.no_number", spec, row.key, tok.prov, expected=len(row.columns))

    def _row_cells(self, spec: T.TableSpec, row: T.Row, columns: list, occ: _Occurrence) -> dict:
        n = len(columns)
        values = occ.values
        if len(values) == n and not any(v.glued for v in values):
            return {c: self._cell(spec, row, c, v) for c, v in zip(columns, values)}
        # digits run together: every reading of the row, to be chosen by the identities
        parts = [v.glued if v.glued else v.value.value for v in values]
        candidates = recover.readings(parts, n, n, recover.row_check(spec.key, [row.key], columns))
        label_tok = occ.token
        text = " ".join(v.glued or v.text for v in values)
        if candidates is None:
            raise self.error("parse.glued_ambiguous", spec, row.key, label_tok.prov, text=text)
        if not candidates:
            raise self.error("parse.glued_no_split", spec, row.key, label_tok.prov, text=text, expected=n)
        method = "split by the identities" if len(candidates) > 1 else "one way to split the digits"
        prov = clean_prov(label_tok.prov)
        self.pending.append(recover.Pending(
            spec.key, [(row.key, c) for c in columns], candidates, M.row_label(self.template.key, spec.key, row.key),
            text, prov, method))
        return {c: Cell(None, text, dict(prov)) for c in columns}

    def _cell(self, spec: T.TableSpec, row: T.Row, column: str, tok: Token) -> Cell:
        v = tok.value
        col = spec.column(column)
        if v.unit:
            allowed = {col.unit} if col.unit else AMOUNT_UNITS if col.kind == "amount" else COUNT_UNITS
            if v.unit not in allowed:
                raise self.error("parse.unit", spec, row.key, tok.prov, text=tok.text, unit=v.unit,
                                 column=M.column_label(self.template.key, spec.key, column))
        prov = clean_prov(tok.prov)
        if v.note:
            prov["note"] = v.note
        return Cell(v.value, v.raw, prov, v.unit)

    def _unread_flat(self, tkey: str, tokens: list) -> Table:
        """A flat table (表四) read by OCR whose numbers do not fall into its blocks: every cell unread,
        the numbers as read kept in their provenance (named by check, filled only where the
        identities settle a cell)."""
        spec = self.spec(tkey)
        text = " ".join(t.glued or t.text or "∅" for t in tokens)
        return Table(tkey, {row.key: {c: _unread_cell(tokens[0], text) for c in row.columns} for row in spec.rows})

    def _count_refusal(self, spec: T.TableSpec, values: list, need: int, glued: str = "") -> ParseError:
        """Where a flat table's count went wrong: the first block that does not add up
        (and the block before it, which the surplus or loss may belong to); ``glued``: the
        digits run together that could not be split)."""
        blocks = None if glued else _odd_blocks(spec, values, need)
        if blocks is None:
            i = _bad_block(spec, values)
            blocks = (i - 1, i) if i else (0,)
        fields = {"found": len(values), "expected": need, "numbers": Text("parse.numbers", text=glued) if glued
                  else "", "where": "" if glued else where(values[0].prov)}
        if len(blocks) == 1:
            return self.error("parse.table_count", spec, _block_row(spec, blocks[0]), **fields)
        if len(blocks) == 2 and blocks[1] == blocks[0] + 1:
            return self.error("parse.table_count_after", spec, _block_row(spec, blocks[1]), **fields,
                              previous=M.row_label(self.template.key, spec.key, _block_row(spec, blocks[0])))
        rows = [M.row_label(self.template.key, spec.key, _block_row(spec, b)) for b in blocks]
        return self.error("parse.table_count_among", spec, _block_row(spec, blocks[0]), **fields,
                          rows=M.text("parse.rows_sep").join(f"“{r}”" for r in rows[:-1]),
                          last=f"“{rows[-1]}”")

    def _flat_table(self, tkey: str, runs: list) -> Optional[Table]:
        spec = self.spec(tkey)
        width = len(spec.columns)
        need = width * len(spec.rows)
        values: list = []
        glued = any(t.glued for run in runs for t in run)
        only = [t for run in runs for t in run]
        if len(only) == 1 and only[0].value is not None and isinstance(only[0].value.value, int) \
                and only[0].text.isdigit() and len(only[0].text) >= need:
            only[0].glued = only[0].text  # the whole table as one run of digits: its cell borders lost
            glued = True
        for k, run in enumerate(runs):
            if len(values) >= need and not glued:
                if any(t.glued or not t.value.blank or t.value.raw for t in run):
                    raise self.error("parse.flat_surplus", spec, _block_row(spec, _bad_block(spec, values)),
                                     run[0].prov, expected=need)
                continue  # an empty row after the data (layout debris)
            start = len(values)
            values.extend(run)
            if len(values) % width and k + 1 < len(runs) and not glued and any(
                    t.glued or not t.value.blank or t.value.raw for t in runs[k + 1]):
                # a labelled block line with another count than its block has
                raise self.error("parse.block_count", spec, _block_row(spec, start // width), run[0].prov,
                                 found=len(run), width=width)
        if not values:
            return None
        cells = [(row.key, c) for row in spec.rows for c in row.columns]
        if glued:
            parts = [t.glued if t.glued else t.value.value for t in values]
            candidates = recover.readings(parts, need, width, recover.row_check(
                tkey, [row.key for row in spec.rows], list(spec.rows[0].columns)))
            text = " ".join(t.glued or t.text for t in values)
            if candidates is None:
                raise self.error("parse.glued_ambiguous_table", spec, text=text)
            if not candidates:
                raise self._count_refusal(spec, values, need, text)
            prov = clean_prov(values[0].prov)
            method = "split by the identities" if len(candidates) > 1 else "one way to split the digits"
            blocks = []
            for pos, (t, part) in enumerate(zip(values, parts)):
                label = M.row_label(self.template.key, tkey, _block_row(spec, pos // width))
                if isinstance(part, str) and label not in blocks:
                    blocks.append(label)
            self.pending.append(recover.Pending(tkey, cells, candidates, "、".join(blocks) or spec.title, text, prov,
                                                method))
            rows = {row.key: {c: Cell(None, text, dict(prov)) for c in row.columns} for row in spec.rows}
            return Table(tkey, rows)
        if len(values) > need:
            extra = values[need:]
            if all(t.value.blank and not t.value.raw for t in extra):
                values = values[:need]
            else:
                raise self._count_refusal(spec, values, need)
        if len(values) != need:
            raise self._count_refusal(spec, values, need)
        rows = {}
        for i, row in enumerate(spec.rows):
            chunk = values[i * width:(i + 1) * width]
            rows[row.key] = {c: self._cell(spec, row, c, v) for c, v in zip(row.columns, chunk)}
        return Table(tkey, rows)


def _read_by_ocr(events: list) -> bool:
    """Whether every label and number of a table's events was read by OCR."""
    tokens = [ev[2] if ev[0] == "label" else ev[1] for ev in events if ev[0] != "group"]
    return bool(tokens) and all("ocr" in t.prov for t in tokens)


def _unread(tok: Token, text: str, why: Optional[str] = None) -> Token:
    """A cell of an OCR row whose numbers could not be placed (another count than the template's,
    text that is no number): no value, print on it (``ink``), the row's text as read kept (``unread``).
    :func:`govreport.ocr.verify` fills it only when the identities leave it one value, else names it."""
    info = dict(tok.prov.get("ocr") or {}) if tok.bad else {}  # a bad cell's own box and confidence
    info.update(ink=True, unread=text)
    if why:
        info["why"] = why  # "columns": the table's header words could not be mapped to its columns
    return Token(tok.text if tok.bad else "", "", Value(None, ""), dict(tok.prov, ocr=info), tok.line_index)


def _unread_cell(tok: Token, text: str, why: Optional[str] = None) -> Cell:
    return Cell(None, "", clean_prov(_unread(tok, text, why).prov))


def _placed(spec: T.TableSpec, groups: set, before: Optional[Entry], after: Optional[Entry], runs: list):
    """Number rows read by OCR whose label the engine lost, between two rows read (or between a row
    read and the table's start or end): the rows the template's order leaves there, when there are
    exactly as many as number rows (each with its count), and each line of numbers stands on a
    line of its own."""
    if (before is None and after is None) or any("ocr" not in t.prov for run in runs for t in run.tokens):
        return None
    keys = [r.key for r in spec.rows]
    if (before is not None and before.obj.key not in keys) or (after is not None and after.obj.key not in keys):
        return None
    start = keys.index(before.obj.key) + 1 if before is not None else 0
    end = keys.index(after.obj.key) if after is not None else len(keys)
    between = [r for r in spec.rows[start:end] if r.key not in groups]
    if len(between) != len(runs) or any(len(run.lines) != 1 or len(run.tokens) != len(r.columns)
                                        for r, run in zip(between, runs)):
        return None
    return [Entry("row", spec.key, r) for r in between]


def _block_row(spec: T.TableSpec, i: int) -> str:
    """The key of a flat table's ``i``-th block (the last one past the end)."""
    return spec.rows[min(i, len(spec.rows) - 1)].key


def _block_rule(spec: T.TableSpec) -> Optional[tuple]:
    """A flat table's block identity, from the template's declarations (表四: 总计 = 结果维持 + …):
    ``(target, plus, minus)`` as positions among a block's columns; None when it declares none."""
    columns = list(spec.rows[0].columns)
    for rule in T.IDENTITIES:
        if rule.table == spec.key and rule.per == "row":
            return (columns.index(rule.target[1]), [columns.index(c) for _, c in rule.plus],
                    [columns.index(c) for _, c in rule.minus])
    return None


def _block_numbers(values: list) -> list:
    """A flat table's read numbers: whole numbers; ``None`` for a blank or a decimal."""
    return [t.value.value if t.value is not None and isinstance(t.value.value, int) else None for t in values]


def _adds_up(block: list, rule: Optional[tuple]) -> bool:
    """A block (see :func:`_block_numbers`) whose identity holds — or that cannot be told (a blank in
    it, or no identity declared)."""
    if rule is None or any(v is None for v in block):
        return True
    target, plus, minus = rule
    return block[target] == sum(block[k] for k in plus) - sum(block[k] for k in minus)


ODD_MOST = 3  # a flat table's numbers too many or too few that are looked for by the identities


def _odd_blocks(spec: T.TableSpec, values: list, need: int) -> Optional[tuple]:
    """Where a flat table's numbers too many, or too few (up to ``ODD_MOST``), can be, by its
    identities: the blocks in which taking the surplus out, or putting numbers ≥ 0 in for the loss,
    makes every block add up (a number standing between two blocks counts for both; a block that
    lost two numbers, or holds a blank, cannot be told and is taken as adding up).  ``None`` when no
    place does: then :func:`_bad_block` names the first block that fails."""
    from itertools import combinations

    width, count, rule = len(spec.columns), len(spec.rows), _block_rule(spec)
    nums = _block_numbers(values)
    surplus = len(values) - need
    if rule is None or not surplus or abs(surplus) > ODD_MOST:
        return None
    blocks = set()
    if surplus > 0:
        for drop in combinations(range(len(nums)), surplus):
            rest = [v for i, v in enumerate(nums) if i not in drop]
            if all(_adds_up(rest[b * width:(b + 1) * width], rule) for b in range(count)):
                for i, r in enumerate(drop):
                    cell = r - i  # the extra number stands before this cell of the table (after cell − 1)
                    if cell:
                        blocks.add((cell - 1) // width)
                    if cell < need:
                        blocks.add(cell // width)
        return tuple(sorted(blocks)) or None
    for lost in combinations(range(need), -surplus):
        read = iter(nums)
        full = [_LOST if j in lost else next(read) for j in range(need)]
        if all(_could_add_up(full[b * width:(b + 1) * width], rule) for b in range(count)):
            blocks.update(j // width for j in lost)
    return tuple(sorted(blocks)) or None


_LOST = object()  # a number lost from a flat table's block (:func:`_odd_blocks`)


def _could_add_up(block: list, rule: tuple) -> bool:
    """Whether a block with numbers lost (``_LOST``) can add up with numbers ≥ 0 put in their place."""
    lost = [at for at, v in enumerate(block) if v is _LOST]
    if not lost:
        return _adds_up(block, rule)
    if len(lost) > 1 or any(v is None for v in block if v is not _LOST):
        return True  # two unknowns, or a blank: anything goes
    target, plus, minus = rule
    at = lost[0]
    if at == target:  # the lost total is what its parts give: possible when that is ≥ 0
        return sum(block[k] for k in plus) - sum(block[k] for k in minus) >= 0
    # a lost part: what the total leaves for it, with the part's sign
    left = block[target] - sum(block[k] for k in plus if k != at) + sum(block[k] for k in minus if k != at)
    return (left if at in plus else -left) >= 0


def _bad_block(spec: T.TableSpec, values: list) -> int:
    """The first block of a flat table, read in order, whose identity does not hold:
    where a number was lost or added (or the last block, if every read block adds up)."""
    width, rule = len(spec.columns), _block_rule(spec)
    for i in range(len(spec.rows)):
        block = values[i * width:(i + 1) * width]
        if len(block) < width or any(t.glued for t in block):
            return i
        if not _adds_up(_block_numbers(block), rule):
            return i
    return len(spec.rows) - 1
