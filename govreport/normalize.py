"""Text normalisation: Unicode, script and label keys (report-format.md §6, §7). Cell values: parse/numbers.py."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Everything a label key ignores: whitespace, punctuation, quotes, symbols, markup stars.
_KEY_DROP = re.compile(r"[\s\u3000\"'“”‘’「」『』《》〈〉.,:;!?、。，：；！？()\[\]{}【】〔〕·•*_#|/\\~`\-—–…]+")
_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\([一二三四五六七八九十]+\)|\d+[.、．])")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=8)
def _converter(config: str):
    import opencc  # lazy: only text that needs it pays for it

    return opencc.OpenCC(config)


def count_traditional(text: str) -> int:
    """How many characters a Traditional→Simplified conversion would change."""
    sample = text if len(text) < 20000 else text[:20000]
    converted = _converter("t2s").convert(sample)
    if converted == sample:  # Simplified text, the common case: one comparison
        return 0
    return sum(1 for a, b in zip(sample, converted) if a != b)


def detect_script(text: str) -> str:
    cjk = len(_CJK.findall(text[:20000]))
    if not cjk:
        return "simplified"
    changed = count_traditional(text)
    return "traditional" if changed >= 3 and changed >= cjk * 0.01 else "simplified"


# Taiwan phrasing.  OpenCC's Taiwan phrase tables (``s2twp``, and the wiki mirrors
# converted with them) replace whole mainland words, not only characters; ``t2s``
# leaves those words in Taiwan vocabulary.  Converting every template label with
# ``s2twp`` (OpenCC 1.4) and back with ``t2s`` changes 22 of the 102 labels, all by
# these four words: 信息→資訊 (政府資訊公開, 資訊內容, 過程性資訊 …), 文件→檔案
# (行政規範性檔案), 项目→專案 (項目 header, 上一年專案數量, 採購專案數量) and
# 数据→資料 (本列資料的勾稽關係).  ``s2tw`` and ``s2hk`` change characters only.
#
# OpenCC's own reverse table (``tw2sp``) maps them back but also turns mainland
# words of the labels into others: 查詢→查找 (8.屬於行政查找事項, also in the
# taicang sample) and 文件→文档 (行政規範性文件 of character-converted text), so
# it breaks 5 of 102 labels of ``s2t``/``s2tw``/``s2hk`` text and 3 of ``s2twp``
# text.  Instead, after ``t2s``, exactly these words are mapped back: 资讯 everywhere
# (in Traditional text it is the Taiwan word for 信息), the three others only in
# the contexts a label uses, so that the same words elsewhere (档案馆, 专案组,
# 申请资料) are left alone.  A label split inside one of these words across two
# cells (政府資 / 訊公開) is not mapped here; ``mainland_phrases`` can be applied
# to the joined label text for that.
_TAIWAN_WORDS = (
    (re.compile(r"资讯"), "信息"),
    (re.compile(r"(?<=规范性)档案"), "文件"),
    (re.compile(r"(?<=[本所]列)资料"), "数据"),
    (re.compile(r"专案(?=数量)|(?<=采购)专案|^(\s*)专案(?=\s*$)"), None),
)


def _mainland_project(m: re.Match) -> str:
    return (m.group(1) or "") + "项目"


def mainland_phrases(text: str) -> str:
    """Simplified text in Taiwan vocabulary → the mainland words of the template
    labels (资讯→信息, 规范性档案→规范性文件, 本列资料→本列数据, 专案数量→项目数量)."""
    if "资讯" not in text and "档案" not in text and "资料" not in text and "专案" not in text:
        return text
    for pattern, repl in _TAIWAN_WORDS:
        text = pattern.sub(repl if repl is not None else _mainland_project, text)
    return text


def to_simplified(text: str) -> str:
    """Traditional → Simplified: OpenCC ``t2s`` character by character, then the
    Taiwan phrasing of the label words mapped back (see ``mainland_phrases``)."""
    return mainland_phrases(_converter("t2s").convert(text))


SHORT = 40  # cells this short (labels, numbers) repeat from report to report: a batch converts them once


def clean_text(text: str, traditional: bool = False) -> str:
    """NFKC, pinyin annotations removed, and Simplified script."""
    return _clean_short(text, traditional) if len(text) <= SHORT else _clean(text, traditional)


@lru_cache(maxsize=4096)
def _clean_short(text: str, traditional: bool) -> str:
    return _clean(text, traditional)


def _clean(text: str, traditional: bool = False) -> str:
    """NFKC, pinyin annotations removed, and Simplified script."""
    text = nfkc(text).replace("\u00a0", " ")
    if "(" in text:
        text = _PINYIN.sub("", text)
    if traditional:
        text = to_simplified(text)
    return text


def label_key(text: str) -> str:
    """The key two labels are compared by: no whitespace, quotes or punctuation."""
    return _key_short(text) if len(text) <= SHORT else _key(text)


@lru_cache(maxsize=4096)
def _key_short(text: str) -> str:
    return _key(text)


def _key(text: str) -> str:
    """The key two labels are compared by: no whitespace, quotes or punctuation."""
    return _KEY_DROP.sub("", nfkc(text))


def strip_enumerator(text: str) -> str:
    """``1.属于国家秘密`` → ``属于国家秘密``; ``(一)予以公开`` → ``予以公开``."""
    return _ENUM.sub("", nfkc(text).strip(), count=1)


def bare_key(text: str) -> str:
    return label_key(strip_enumerator(text))
