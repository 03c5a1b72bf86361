"""Rows whose numbers stand apart from their labels (converter Markdown).

PDF → Markdown converters cut a table into fragments and print some row labels
as loose text before or after a row of numbers that has no label.  The reader
records what it met, in order: labels (with the line their last fragment
stands on), group labels and numbers.  When a table cannot be read row by row,
:func:`realign` matches them again: a label with numbers on its own line keeps
them; between two such rows, the labels without numbers and the number rows
without labels are matched in order — only when they are equal in count and
every number row has its label's count.  The identities then verify every row
matched this way (:func:`.recover.verify`).
"""

from __future__ import annotations

from collections import Counter
from typing import Optional

from ..records import MISSING, record
from .tokens import Entry, Token


@record
class Label:
    entry: Entry
    token: Token
    line: int  # the line of the label's last fragment

    def __init__(self, entry: Entry, token: Token, line: int):
        self.entry = entry
        self.token = token
        self.line = line


@record
class Run:
    tokens: list
    lines: set
    single: bool  # every line of it holds one value (a cell per line)

    def __init__(self, tokens: list = MISSING, lines: set = MISSING, single: bool = True):
        self.tokens = [] if tokens is MISSING else tokens
        self.lines = set() if lines is MISSING else lines
        self.single = single


def runs_and_labels(events: list, is_group) -> list:
    """The events as a sequence of Label and Run items (group labels dropped, but
    they end a run)."""
    per_line = Counter(ev[1].line_index for ev in events if ev[0] == "value")
    items: list = []
    last_line: Optional[int] = None
    for ev in events:
        if ev[0] == "label":
            _, entry, tok, line = ev
            if is_group(entry.obj.key):
                items.append(None)  # a group label: ends a run
            else:
                items.append(Label(entry, tok, line))
            last_line = None
            continue
        if ev[0] == "group":
            items.append(None)
            last_line = None
            continue
        tok = ev[1]
        line = tok.line_index
        structured = bool(tok.prov.get("_structured"))
        prev = items[-1] if items else None
        if isinstance(prev, Run) and (line == last_line or (prev.single and not structured and line not in prev.lines
                                                            and per_line[tok.line_index] == 1)):
            prev.tokens.append(tok)
            prev.single = prev.single and not structured and per_line[tok.line_index] == 1
            prev.lines.add(line)
        else:
            items.append(Run([tok], {line}, not structured and per_line[tok.line_index] == 1))
        last_line = line
    return items


def realign(events: list, is_group, count, trim, place=None) -> Optional[list]:
    """``[(Label, tokens, loose)]`` for every label, or None when the labels and the
    number rows cannot be matched one to one.  ``count(entry)`` is a row's number
    of cells; ``trim(tokens, n)`` drops empty grid cells at a run's ends.
    ``place(before, after, runs)``: where number rows outnumber the labels read between
    two rows (``before``/``after`` their entries, None at the table's ends), the entries
    of the rows they stand for, in order, or None; the labels read must keep their
    places among them, and the rows given a label this way come with loose ``"placed"``."""
    items = runs_and_labels(events, is_group)
    kept = []
    for item in items:  # a row of empty cells with no label beside it is grid debris
        if isinstance(item, Run) and all(_empty(t) for t in item.tokens) and not (
                kept and isinstance(kept[-1], Label) and (kept[-1].line in item.lines)):
            continue
        kept.append(item)
    items = kept
    out: list = []
    stretch_labels: list = []
    stretch_runs: list = []

    def flush(after=None) -> bool:
        placed = set()
        if len(stretch_runs) > len(stretch_labels) and place is not None:
            entries = place(out[-1][0].entry if out else None, after.entry if after else None, stretch_runs) or []
            read = iter(stretch_labels)
            label = next(read, None)
            filled = []
            for e, run in zip(entries, stretch_runs):  # the labels read keep their places among them
                if label is not None and label.entry.obj.key == e.obj.key:
                    filled.append(label)
                    label = next(read, None)
                else:
                    filled.append(Label(e, run.tokens[0], min(run.lines)))
                    placed.add(id(filled[-1]))
            if entries and label is None:
                stretch_labels[:] = filled
        if len(stretch_labels) != len(stretch_runs):
            return False
        for label, run in zip(stretch_labels, stretch_runs):
            tokens = trim(run.tokens, count(label.entry))
            if len(tokens) != count(label.entry):
                return False
            out.append((label, tokens, "placed" if id(label) in placed else True))
        stretch_labels.clear()
        stretch_runs.clear()
        return True

    k = 0
    while k < len(items):
        item = items[k]
        if isinstance(item, Label):
            nxt = items[k + 1] if k + 1 < len(items) else None
            if isinstance(nxt, Run) and (item.line in nxt.lines or item.token.line_index in nxt.lines):
                if not flush(item):
                    return None
                tokens = trim(nxt.tokens, count(item.entry))
                if len(tokens) != count(item.entry):
                    return None
                out.append((item, tokens, False))
                k += 2
                continue
            stretch_labels.append(item)
        elif isinstance(item, Run):
            stretch_runs.append(item)
        k += 1
    if not flush():
        return None
    return out


def _empty(tok: Token) -> bool:
    return tok.value is not None and tok.value.blank and not tok.value.raw
