"""Comparing two reports' narratives, section by section (matched by number).

Each section's text is split into sentences (at 。！？； and line breaks) and
normalised with every digit run masked, so "2020年…21件" and "2021年…70件"
are the same sentence.  The similarity of a section is difflib's ratio over
the two lists of normalised sentences; the sentences that changed are the
ones difflib does not match (shown as printed).  A section scoring at least
``COPIED`` whose texts are not trivial (``MIN_SENTENCES`` and ``MIN_CHARS`` on
both sides) is flagged as looking copied from the other year.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Optional

from .model import Report

COPIED = 0.95
MIN_SENTENCES = 2
MIN_CHARS = 40

_SPLIT = re.compile(r"(?<=[。！？；!?;])|\n+")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_SPACE = re.compile(r"\s+")


def sentences(text: str) -> list:
    return [s.strip() for s in _SPLIT.split(text or "") if s and s.strip()]


def normalise(sentence: str) -> str:
    return _SPACE.sub("", _DIGITS.sub("#", sentence))


@dataclass
class SectionDiff:
    number: str
    title: str
    similarity: Optional[float]  # None when the section is in one report only
    added: list = field(default_factory=list)  # sentences only in b
    removed: list = field(default_factory=list)  # sentences only in a
    copied: bool = False
    empty: bool = False  # no sentences in either report (a section holding only a table)

    def to_dict(self) -> dict:
        return {"number": self.number, "title": self.title, "similarity": self.similarity,
                "copied": self.copied, "added": list(self.added), "removed": list(self.removed)}


@dataclass
class NarrativeDiff:
    sections: list  # SectionDiff

    @property
    def copied(self) -> list:
        return [s for s in self.sections if s.copied]

    def to_dict(self) -> dict:
        return {"sections": [s.to_dict() for s in self.sections],
                "copied_sections": [s.number for s in self.copied]}


def _nontrivial(sents: list) -> bool:
    return len(sents) >= MIN_SENTENCES and sum(len(normalise(s)) for s in sents) >= MIN_CHARS


def compare_section(number: str, title: str, text_a: Optional[str], text_b: Optional[str]) -> SectionDiff:
    sa, sb = sentences(text_a or ""), sentences(text_b or "")
    if text_a is None or text_b is None:
        return SectionDiff(number, title, None, sb, sa)
    na, nb = [normalise(s) for s in sa], [normalise(s) for s in sb]
    if not na and not nb:
        return SectionDiff(number, title, 1.0, empty=True)
    matcher = difflib.SequenceMatcher(None, na, nb, autojunk=False)
    added, removed = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            removed += sa[i1:i2]
            added += sb[j1:j2]
    ratio = round(matcher.ratio(), 4)
    copied = ratio >= COPIED and _nontrivial(sa) and _nontrivial(sb)
    return SectionDiff(number, title, ratio, added, removed, copied)


def narrative_diff(a: Report, b: Report) -> NarrativeDiff:
    """Section-by-section comparison of the narratives of ``a`` and ``b``."""
    secs_a = {s.number: s for s in a.sections}
    secs_b = {s.number: s for s in b.sections}
    numbers = list(secs_a) + [n for n in secs_b if n not in secs_a]
    out = []
    for n in numbers:
        sa, sb = secs_a.get(n), secs_b.get(n)
        title = (sb or sa).title
        out.append(compare_section(n, title, sa.text if sa else None, sb.text if sb else None))
    return NarrativeDiff(out)
