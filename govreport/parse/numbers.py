"""The grammar of one cell (report-format.md §6): a number, a declared blank
marker, or refused — never a guess.

* A number: digits, thousands separators, a decimal point; ``+``/``-``/``增``/
  ``减`` where the column is signed; a printed unit (``件``, ``万元``, ``元``).
* A blank: empty, or a declared marker (``/``, ``—``, ``-``, ``无``, ``不适用``).
* A footnote mark after a number (``43362¹``, ``43362*``, ``※``, ``（注1）``) is
  split off and kept as the cell's note — never read as digits.  Superscripts
  are looked at *before* NFKC folds ``¹`` into ``1``.
* Anything else that holds a digit, or is only letters a scanner mistakes for
  digits (``l``, ``O``), is *bad*: the reader refuses it when a row is waiting
  for that cell.  ``约43362``, ``4.3362万``, ``2293 7``, ``4336l``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional, Union

from ..normalize import nfkc
from ..records import frozen_record

MARKERS = frozenset({"/", "-", "--", "—", "——", "–", "无", "不适用", "N/A", "n/a", "／", "－", "\\"})
COUNT_UNITS = frozenset({"件", "个", "条", "项"})
AMOUNT_UNITS = frozenset({"万元", "元"})
_NUMBER = re.compile(
    r"^(?P<sign>[+\-]|增|减|增加|减少)?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>万元|元|件|个|条|项)?$"
)
# Footnote marks at the end of a cell.  Compiled when first needed (re's cache): a cell ends with
# one of ``_SUPERSCRIPT_LAST`` / ``_MARK_LAST`` before either can match, and most never do (each
# pattern costs 0.15-0.4 ms to compile, at every start).
_SUPERSCRIPT = r"(?:[⁰¹²³⁴⁵⁶⁷⁸⁹*]+|⁽[^⁽⁾]*⁾)$"
_SUPERSCRIPT_LAST = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹*⁾")
_MARK = r"\s*(?:[*＊※†‡]+|[(\[【]\s*注\s*\d*\s*[)\]】]|注\d+)$"
_MARK_LAST = frozenset("*＊※†‡)]】")
# Invisible characters dropped from a cell (U+200B–U+200F, U+2060–U+2064, BOM, soft hyphen).
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad"
_DROP_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS))
_ENUMERATOR = re.compile(r"^(?:\(\d{1,2}\)|\d{1,2}[.、])$")
_LEADING_NUMBER = re.compile(r"^[+\-]?\d+(?:[.,]\d+)*(?![.、\d])")
_HAS_DIGIT = re.compile(r"\d")
_OCR_LETTERS = re.compile(r"^[lIOo|]+$")
# Tested character by character (on at most 3 characters, and a class of CJK characters or a
# range over the CJK blocks costs 0.3-2 ms to compile: re fills a 65,536-entry map in Python).
_FUZZ = frozenset("约約近余餘多万萬千百亿億共计計合左右逾超过過第")
_UNIT_NOTE = re.compile(r"\s*[(\[]\s*单位\s*[:]?\s*(万元|元|件|个|条|项)\s*[)\]]$")
UNIT_WORD = re.compile(r"^[(\[]?(?:单位[:]?)?(?:件|个|条|项|万元|元)[)\]]?$")


@frozen_record
class Value:
    """A cell as parsed: ``value`` is a number or ``None`` (blank or marker)."""

    value: Optional[Union[int, float]]
    raw: str
    unit: Optional[str]
    note: Optional[str]  # a footnote mark split off the number
    glued: bool  # digits with a leading zero: cells run together, not one number

    def __init__(self, value: Optional[Union[int, float]], raw: str, unit: Optional[str] = None,
                 note: Optional[str] = None, glued: bool = False):
        setter = object.__setattr__
        setter(self, "value", value)
        setter(self, "raw", raw)
        setter(self, "unit", unit)
        setter(self, "note", note)
        setter(self, "glued", glued)

    @property
    def blank(self) -> bool:
        return self.value is None


def drop_invisible(text: str) -> str:
    """``text`` without zero-width characters, BOMs and soft hyphens."""
    if text.isascii() or not (
            "\u200b" in text or "\u200c" in text or "\u200d" in text or "\u200e" in text or "\u200f" in text
            or "\u2060" in text or "\u2061" in text or "\u2062" in text or "\u2063" in text or "\u2064" in text
            or "\ufeff" in text or "\u00ad" in text):
        return text
    return text.translate(_DROP_INVISIBLE)


def split_footnote(text: str) -> tuple:
    """``(text without its footnote mark, mark or None)``; the text is NFKC-folded."""
    t = drop_invisible(text).replace("\u00a0", " ").strip()
    mark = None
    m = re.search(_SUPERSCRIPT, t) if t[-1:] in _SUPERSCRIPT_LAST else None  # t is stripped: ``$`` is its end
    if m and m.start() > 0 and t[m.start() - 1].isdigit():
        mark, t = t[m.start():], t[:m.start()]
    t = nfkc(t).strip()
    if mark is None:
        last = t[-1:]
        m = re.search(_MARK, t) if last in _MARK_LAST or (last.isdecimal() and "注" in t) else None
        if m and m.start() > 0 and t[:m.start()].rstrip()[-1:].isdigit():
            mark, t = m.group().strip(), t[:m.start()].rstrip()
    return t, mark


# What a loader writes for a table cell that shows a picture and no text (U+FFFC, the object
# replacement character): where a number stands it is refused, never read as a blank
PICTURE = "\ufffc"


def classify(text: str) -> tuple:
    """``("value", Value)``, ``("label", None)`` or ``("bad", reason)`` (the reason a catalogue id)."""
    return _classify_short(text) if len(text) <= 40 else _classify(text)


@lru_cache(maxsize=4096)  # a pure function of the text; labels and small numbers repeat in a batch
def _classify_short(text: str) -> tuple:
    return _classify(text)


def _classify(text: str) -> tuple:
    """``("value", Value)``, ``("label", None)`` or ``("bad", reason)`` (the reason a catalogue id)."""
    raw = text.strip()
    if raw.isascii() and raw.isdigit():  # the common cell: plain digits
        glued = len(raw) > 1 and raw[0] == "0"
        return "value", Value(int(raw), raw, None, None, glued)
    if not _HAS_DIGIT.search(raw):  # no digit: a label, a blank, a marker, or letters in a number's place
        t = nfkc(drop_invisible(raw)).strip() if not raw.isascii() else raw
        if t == "" or t in MARKERS:
            return "value", Value(None, raw)
        if t == PICTURE:
            return "bad", "parse.reason.picture"
        return ("bad", "parse.reason.letters") if _OCR_LETTERS.match(t) else ("label", None)
    t, mark = split_footnote(text)
    if t == "" or t in MARKERS:
        return "value", Value(None, raw)
    # t is stripped: ``$`` is its end, so the note can only match a text ending with ``)`` or ``]``
    # (a search over a paragraph tries every position)
    unit_note = _UNIT_NOTE.search(t) if t[-1:] in ")]" else None
    if unit_note and unit_note.start() > 0:  # 53（单位：件）: the unit printed after the number
        t = t[:unit_note.start()].rstrip() + unit_note.group(1)
    m = _NUMBER.match(t)
    if m:
        num = m.group("num")
        glued = len(num) > 1 and num[0] == "0" and num[1].isdigit()
        num = num.replace(",", "")
        value: Union[int, float] = float(num) if "." in num else int(num)
        if m.group("sign") in ("-", "减", "减少"):
            value = -value
        return "value", Value(value, raw, m.group("unit"), mark, glued)
    if _ENUMERATOR.match(t):
        return "label", None
    if _OCR_LETTERS.match(t):
        return "bad", "parse.reason.letters"
    if _LEADING_NUMBER.match(t) and len(t) <= 12:
        return "bad", "parse.reason.not_number"  # digits, then something that is neither a unit nor a footnote mark
    if any(map(str.isdigit, t)):
        rest = re.sub(r"[\d\s.,+\-]", "", t)
        if not _has_cjk(rest) or (len(rest) <= 3 and any(ch in _FUZZ for ch in rest)):
            return "bad", "parse.reason.not_number"
    return "label", None


def _has_cjk(text: str) -> bool:
    """Whether ``text`` holds a character of U+3400–U+9FFF."""
    return not text.isascii() and any("\u3400" <= ch <= "\u9fff" for ch in text)


def parse_value(text: str) -> Optional[Value]:
    """A cell's text as a value, or ``None`` when it is not one (a label, or bad)."""
    kind, v = classify(text)
    return v if kind == "value" else None


def is_unit_word(text: str) -> bool:
    """``件``, ``（单位：件）``: a unit printed after a row's numbers, not a word of prose."""
    return bool(UNIT_WORD.match(nfkc(text).replace(" ", "")))
