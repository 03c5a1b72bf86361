"""What a document is: its template (from table headers and row labels only,
never from narrative words), its sections, title, body and year, and which
lines are prose rather than table rows."""

from __future__ import annotations

import re
from typing import Optional

from .. import normalize as N
from .. import templates as T
from .numbers import is_unit_word

LABEL_CELL = 30  # a cell with a longer label key is narrative, not a table label

_SECTION_HEAD = re.compile(r"^\s*#*\s*\**\s*([一二三四五六])\s*[、.．]\s*(.+?)\s*\**\s*$")
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
_PERIOD = re.compile(r"(?:统计期限|统计时限|统计时间|统计周期|统计区间)[^。;；]{0,16}?((?:19|20)\d{2})\s*年")
_TITLE_SUFFIX = re.compile(r"(政府)?信息公开(工作)?(年度)?(报告|年报)|年度报告$")
_TITLE_PREFIX = r"^\s*(?:标题|题目|文章标题|title)\s*[:：]\s*"  # re.I; compiled when a line could match


def _sentence(text: str) -> bool:
    """Whether ``text`` holds a sentence mark (。；;！？!?): tested without a character class, which
    costs 0.15 ms to compile at every start."""
    return "。" in text or "；" in text or ";" in text or "！" in text or "？" in text or "!" in text or "?" in text


_META = frozenset(".^$*+?{}[]\\|()")


def _finds(pattern: str, text: str) -> bool:
    """``re.search(pattern, text)``: a plain word (``^总体情况``, ``存在的主要问题``) without compiling it."""
    anchored = pattern.startswith("^")
    word = pattern[1:] if anchored else pattern
    if any(ch in _META for ch in word):
        return re.search(pattern, text) is not None
    return text.startswith(word) if anchored else word in text


def section_of(text: str) -> Optional[T.SectionSpec]:
    m = _SECTION_HEAD.match(text)
    if not m or len(text) > 60:
        return None
    number, rest = m.group(1), N.label_key(m.group(2))
    for spec in T.SECTIONS:
        if spec.number == number and any(_finds(p, rest) for p in spec.patterns):
            return spec
    return None


def section_title(text: str) -> str:
    return _SECTION_HEAD.match(text).group(2)


def strip_title_prefix(text: str) -> str:
    """``标题:某县2023年…`` → ``某县2023年…``."""
    head = text.lstrip()[:1]  # ``\s*`` then 标题/题目/文章标题/title (any case)
    if not head or head not in "标题文tT":
        return text
    return re.sub(_TITLE_PREFIX, "", text, flags=re.I)


def agency_from_title(title: str) -> str:
    t = re.sub(r"(?:19|20)\d{2}\s*年度?", "", strip_title_prefix(title))
    t = _TITLE_SUFFIX.sub("", t)
    return t.strip(" \t#*:：-—")


def title_year(title: str) -> Optional[int]:
    m = _YEAR_IN_TITLE.search(title or "")
    return int(m.group(1)) if m else None


def period_year(text: str) -> Optional[tuple]:
    """``(year, match)`` of the statistics period (统计期限自2021年1月1日…) in ``text``."""
    m = _PERIOD.search(text or "")
    return (int(m.group(1)), m) if m else None


def year_from(title: str, text: str) -> Optional[int]:
    """The statistics year: from the title, else from the statistics period."""
    year = title_year(title)
    if year is None and period_year(text):
        year = period_year(text)[0]
    return year


def label_keys(norm_lines: list, structured: list) -> str:
    """The keys of the cells that can be table labels or headers: short cells
    of lines that are not sentences (narrative words never decide a template)."""
    out = []
    for cells, is_table in zip(norm_lines, structured):
        if not is_table and _sentence("".join(cells)):
            continue
        for c in cells:
            k = N.label_key(c)
            if k and len(k) <= LABEL_CELL:
                out.append(k)
    return "\x00".join(out)


def detect_template(keys: str) -> str:
    """Template from its marker labels (report-format.md §0: table 2's headers), in the
    order the templates are declared; '' if undecided."""
    for tkey, template in T.TEMPLATES.items():
        if any(N.label_key(m) in keys for m in template.markers):
            return tkey
    return ""


def is_prose(kinds: list) -> bool:
    """Whether a line's tokens read as a sentence: numbers with words between
    them (``办结 1191 件（含上年结转 189 件）``).  A table row is labels, then
    numbers, then at most a unit word or a note.  A lone character between
    numbers (``0 0 约 1``) is a damaged row, not a sentence: the reader refuses it."""
    seen_value = False
    words_after = False
    for kind, text in kinds:
        if kind == "value":
            if words_after:
                return True
            seen_value = True
        elif kind == "label" and seen_value and not is_unit_word(text):
            key = N.label_key(text)
            # marks alone (``。。``: a speck) are no words: between numbers they damage a row
            if len(key) > 1 or key and _sentence(text):
                words_after = True
    return False


def trailing_words(kinds: list) -> bool:
    """Words (not a unit) after a line's last number: the numbers are a sentence's."""
    last = max((i for i, (k, _) in enumerate(kinds) if k == "value"), default=-1)
    if last < 0:
        return False
    return any(k == "label" and N.label_key(t) and not is_unit_word(t) for k, t in kinds[last + 1:])
