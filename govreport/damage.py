"""Test data: one table cell of a written report, damaged the way real copies damage it.

Each damage takes a :class:`govreport.generate.Written` (the text of a generated
report in one layout and script, with the place of every cell), picks ONE cell of
table 2, 3 or 4 and changes it *as it is printed in that layout*: a cell per line
(``cells``), a whitespace-separated row (``rows``), a pipe row (``markdown``,
``pipes``) or tab-separated cells (``tabs``).  It returns the damaged text and a
description::

    {"kind", "variant", "table", "row", "column", "layout", "script", "line", "offset",
     "original text", "damaged text", "replaced text", "damaged line"}

``original text`` is the cell as printed; ``damaged text`` is what now stands in the
place of ``replaced text`` (at ``offset`` in the undamaged text: the cell, with the
separators around it where the damage changed them); ``damaged line`` is the whole
damaged line (lines, where the damage added one).  Inserted
words are written in the report's script (约 → 約, 单位 → 單位).

Kinds (``KINDS``):

- ``ocr_letter``   a digit read as a letter: ``1`` → ``l``/``I``, ``0`` → ``O``/``o``
- ``removed``      the number removed (its line in ``cells``; an empty cell in pipe/tab rows)
- ``cell_dropped`` pipe/tab rows only: the cell removed with its border (one cell fewer)
- ``extra_number`` another number inserted after it, as a cell of its own
- ``footnote``     a footnote mark attached: ``43362¹``, ``43362*``, ``43362※``, ``43362(注1)``
- ``unit_word``    a unit word after it: ``5件``, ``5 件`` (``万元`` in a 万元 cell)
- ``unit_note``    ``（单位：件）`` after the row's last value (the cell named is that last value)
- ``glued``        the border to the next cell of its row lost: ``3 0`` → ``30``
- ``approximate``  ``约43362``
- ``decimal``      a count written in 万: ``4.3362万`` (count cells only)
- ``invisible``    an invisible character inside: U+200B (and U+FEFF, U+2060, U+00AD)
- ``two_numbers``  two numbers in one cell: ``2293 7``
- ``word``         words where the number stands: ``不详``, ``见附件``, ``暂无数据``, ``未统计``
- ``page_number``  the cell's place taken by a printed page number: ``— 3 —``, ``第 3 页``, ``3/10``
  (text copied from print keeps its page numbers; one standing where a cell was must not hide the loss)
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Optional

from . import generate as G
from .model import Report

TABLES = ("active_disclosure", "requests", "review_litigation")
STRUCTURED = ("markdown", "pipes", "tabs")  # layouts whose rows have cell borders

OCR = {"1": ("l", "I"), "0": ("O", "o")}
FOOTNOTES = ("¹", "²", "³", "*", "※", "(注1)", "（注1）")
INVISIBLE = ("\u200b", "\ufeff", "\u2060", "\u00ad")


def _sep(layout: str) -> str:
    """What stands between two value cells of one row."""
    return {"cells": "\n", "rows": " ", "markdown": " | ", "pipes": " | ", "tabs": "\t"}[layout]


def _kind_of(span: G.CellSpan, report: Report) -> str:
    return report.spec(span.table).column(span.column).kind


# ---------------------------------------------------------------- eligibility
def _has_next(w: G.Written, span: G.CellSpan) -> bool:
    return span.index + 1 < span.size


def _eligible(kind: str, w: G.Written, span: G.CellSpan, report: Report) -> bool:
    text = w.text[span.start:span.end]
    if kind == "ocr_letter":
        return any(d in text for d in OCR)
    if kind == "cell_dropped":
        return w.layout in STRUCTURED
    if kind == "glued":
        return _has_next(w, span)
    if kind == "decimal":
        return _kind_of(span, report) == "count"
    return True


# ---------------------------------------------------------------- the damages
def _replace(w: G.Written, start: int, end: int, new: str) -> str:
    return w.text[:start] + new + w.text[end:]


def _ocr_letter(w, span, report, rng):
    text = w.text[span.start:span.end]
    places = [i for i, ch in enumerate(text) if ch in OCR]
    i = rng.choice(places)
    letter = rng.choice(OCR[text[i]])
    new = text[:i] + letter + text[i + 1:]
    return span.start, span.end, new, f"{text[i]}→{letter}"


def _removed(w, span, report, rng):
    if w.layout == "cells":  # the value's line goes: an empty line is no line
        return span.start, span.end + 1, "", "line removed"
    if w.layout == "rows":
        if w.text[span.start - 1:span.start] == " ":
            return span.start - 1, span.end, "", "number removed"
        return span.start, span.end + 1, "", "number removed"
    return span.start, span.end, "", "cell emptied"


def _cell_dropped(w, span, report, rng):
    sep = _sep(w.layout)
    if w.text.startswith(sep, span.end):
        return span.start, span.end + len(sep), "", "cell and its border removed"
    return span.start - len(sep), span.end, "", "cell and its border removed"


def _extra_number(w, span, report, rng):
    text = w.text[span.start:span.end]
    extra = str(rng.choice((rng.randint(0, 9), rng.randint(10, 999))))
    return span.start, span.end, text + _sep(w.layout) + extra, f"+{extra}"


def _footnote(w, span, report, rng):
    mark = G.convert_script(rng.choice(FOOTNOTES), w.script)
    return span.start, span.end, w.text[span.start:span.end] + mark, mark


def _unit(span, report) -> str:
    return "万元" if _kind_of(span, report) == "amount" else "件"


def _unit_word(w, span, report, rng):
    word = rng.choice(("", " ")) + _unit(span, report)
    word = G.convert_script(word, w.script)
    return span.start, span.end, w.text[span.start:span.end] + word, repr(word)


def _unit_note(w, span, report, rng):
    note = G.convert_script(f"（单位：{_unit(span, report)}）", w.script)
    sep = " " if w.layout == "rows" else _sep(w.layout)
    return span.start, span.end, w.text[span.start:span.end] + sep + note, note


def _glued(w, span, report, rng):
    nxt = next(c for c in w.cells if c.group == span.group and c.index == span.index + 1)
    new = w.text[span.start:span.end] + w.text[nxt.start:nxt.end]
    return span.start, nxt.end, new, f"glued to {nxt.column}"


def _approximate(w, span, report, rng):
    word = G.convert_script(rng.choice(("约", "约 ")), w.script)
    return span.start, span.end, word + w.text[span.start:span.end], repr(word)


def _decimal(w, span, report, rng):
    text = w.text[span.start:span.end]
    wan = format(Decimal(text).scaleb(-4).normalize(), "f")
    return span.start, span.end, wan + G.convert_script("万", w.script), "万"


def _invisible(w, span, report, rng):
    text = w.text[span.start:span.end]
    ch = rng.choice(INVISIBLE) if rng.random() < 0.5 else "\u200b"
    i = rng.randint(1, len(text) - 1) if len(text) > 1 else rng.choice((0, 1))
    return span.start, span.end, text[:i] + ch + text[i:], f"U+{ord(ch):04X} at {i}"


def _two_numbers(w, span, report, rng):
    extra = str(rng.randint(0, 9))
    return span.start, span.end, w.text[span.start:span.end] + " " + extra, f"+ {extra}"


WORDS = ("不详", "见附件", "暂无数据", "未统计")


def _word(w, span, report, rng):
    word = G.convert_script(rng.choice(WORDS), w.script)
    return span.start, span.end, word, word


def _page_number(w, span, report, rng):
    page = rng.randint(1, 30)
    form = rng.choice(G.PAGE_NUMBERS).format(n=page, of=page + rng.randint(0, 9))
    return span.start, span.end, form, form


DAMAGES: dict = {
    "ocr_letter": _ocr_letter,
    "removed": _removed,
    "cell_dropped": _cell_dropped,
    "extra_number": _extra_number,
    "footnote": _footnote,
    "unit_word": _unit_word,
    "unit_note": _unit_note,
    "glued": _glued,
    "approximate": _approximate,
    "decimal": _decimal,
    "invisible": _invisible,
    "two_numbers": _two_numbers,
    "word": _word,
    "page_number": _page_number,
}
KINDS = tuple(DAMAGES)


def kinds_for(layout: str) -> tuple:
    """The kinds that apply in ``layout`` (``cell_dropped`` needs cell borders)."""
    return tuple(k for k in KINDS if k != "cell_dropped" or layout in STRUCTURED)


def candidates(w: G.Written, report: Report, kind: str, tables=TABLES) -> list:
    """The cells ``kind`` can damage in ``w``."""
    return [s for s in w.cells if s.table in tables and _eligible(kind, w, s, report)]


def damage_cell(w: G.Written, report: Report, kind: str, span: G.CellSpan,
                rng: Optional[random.Random] = None) -> tuple:
    """Damage ``span`` with ``kind``: ``(damaged text, description)``."""
    rng = rng or random.Random(0)
    if kind not in DAMAGES:
        raise ValueError(f"unknown damage {kind!r} (choose from {', '.join(KINDS)})")
    if not _eligible(kind, w, span, report):
        raise ValueError(f"{kind} does not apply to {span.table}/{span.row}/{span.column} in {w.layout}")
    named = span
    if kind == "unit_note":  # the note goes after the row's last value, which is the cell it names
        named = next(c for c in w.cells if c.group == span.group and c.index == span.size - 1)
    start, end, new, variant = DAMAGES[kind](w, named, report, rng)
    text = _replace(w, start, end, new)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start + len(new))
    return text, {
        "kind": kind,
        "variant": variant,
        "table": named.table,
        "row": named.row,
        "column": named.column,
        "layout": w.layout,
        "script": w.script,
        "line": named.line,
        "offset": start,
        "original text": w.text[named.start:named.end],
        "damaged text": new,
        "replaced text": w.text[start:end],
        "damaged line": text[line_start:line_end if line_end >= 0 else len(text)],
    }


def damage(w: G.Written, report: Report, rng: random.Random, kind: Optional[str] = None,
           tables=TABLES) -> tuple:
    """Damage one cell of table 2, 3 or 4 of ``w`` (a random one that ``kind`` applies
    to; a random kind when none is given): ``(damaged text, description)``."""
    kind = kind or rng.choice(kinds_for(w.layout))
    spans = candidates(w, report, kind, tables)
    if not spans:
        raise ValueError(f"no cell of {', '.join(tables)} can take {kind} in {w.layout}")
    return damage_cell(w, report, kind, rng.choice(spans), rng)


def damage_text(text: str, report: Report, layout: str, script: str, rng: random.Random,
                kind: Optional[str] = None, tables=TABLES) -> tuple:
    """As :func:`damage`, for the text ``generate.write(report, layout, script=script)``."""
    w = G.written(report, layout, script)
    if w.text != text:
        raise ValueError(f"the text is not {layout}/{script} of this report")
    return damage(w, report, rng, kind, tables)
