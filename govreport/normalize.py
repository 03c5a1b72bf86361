"""Text normalisation: Unicode, script, label keys and cell values (report-format.md §6, §7)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Union

_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Everything a label key ignores: whitespace, punctuation, quotes, symbols, markup stars.
_KEY_DROP = re.compile(r"[\s\u3000\"'“”‘’「」『』《》〈〉.,:;!?、。，：；！？()\[\]{}【】〔〕·•*_#|/\\~`\-—–…]+")
_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\([一二三四五六七八九十]+\)|\d+[.、．])")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=4)
def _converter(config: str):
    import opencc  # lazy: only text that needs it pays for it

    return opencc.OpenCC(config)


def count_traditional(text: str) -> int:
    """How many characters a Traditional→Simplified conversion would change."""
    sample = text if len(text) < 20000 else text[:20000]
    converted = _converter("t2s").convert(sample)
    return sum(1 for a, b in zip(sample, converted) if a != b)


def detect_script(text: str) -> str:
    cjk = len(_CJK.findall(text[:20000]))
    if not cjk:
        return "simplified"
    changed = count_traditional(text)
    return "traditional" if changed >= 3 and changed >= cjk * 0.01 else "simplified"


def to_simplified(text: str) -> str:
    """Traditional → Simplified, character by character (OpenCC ``t2s``).

    Phrase-level conversion (``tw2sp``) would also turn 查詢 into 查找, so it
    is not used: the Taiwan vocabulary of wiki mirrors (行政規範性檔案) is
    declared as label variants in the templates instead."""
    return _converter("t2s").convert(text)


def clean_text(text: str, traditional: bool = False) -> str:
    """NFKC, pinyin annotations removed, and Simplified script."""
    text = nfkc(text).replace("\u00a0", " ")
    if "(" in text:
        text = _PINYIN.sub("", text)
    if traditional:
        text = to_simplified(text)
    return text


def label_key(text: str) -> str:
    """The key two labels are compared by: no whitespace, quotes or punctuation."""
    return _KEY_DROP.sub("", nfkc(text))


def strip_enumerator(text: str) -> str:
    """``1.属于国家秘密`` → ``属于国家秘密``; ``(一)予以公开`` → ``予以公开``."""
    return _ENUM.sub("", nfkc(text).strip(), count=1)


def bare_key(text: str) -> str:
    return label_key(strip_enumerator(text))


# ------------------------------------------------------------------ values
MARKERS = frozenset({"/", "-", "--", "—", "——", "–", "无", "不适用", "N/A", "n/a", "／", "－", "\\"})
_NUMBER = re.compile(
    r"^(?P<sign>[+\-]|增|减|增加|减少)?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>万元|元|件|个|条|项)?$"
)


@dataclass(frozen=True)
class Value:
    """A cell as parsed: ``value`` is a number or ``None`` (blank or marker)."""

    value: Optional[Union[int, float]]
    raw: str
    unit: Optional[str] = None

    @property
    def blank(self) -> bool:
        return self.value is None


def parse_value(text: str) -> Optional[Value]:
    """A cell's text as a value, or ``None`` when the text is a label.

    Blank and marker cells give a ``Value`` whose value is ``None``; the raw
    text is kept.  ``+12``, ``-3``, ``增5``, ``减4`` are signed; ``1,234`` and
    ``251000元`` are numbers (the unit kept)."""
    raw = text
    t = nfkc(text).replace("\u00a0", " ").strip()
    if t == "" or t in MARKERS:
        return Value(None, raw.strip())
    m = _NUMBER.match(t)
    if not m:
        return None
    num = m.group("num").replace(",", "")
    if "." in num:
        value: Union[int, float] = float(num)
    else:
        value = int(num)
    if m.group("sign") in ("-", "减", "减少"):
        value = -value
    return Value(value, raw.strip(), m.group("unit"))
