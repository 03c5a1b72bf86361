"""Text normalisation: Unicode, script and label keys (report-format.md §6, §7). Cell values: parse/numbers.py."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A pinyin annotation ``(zhèng)`` right after a CJK character (U+4E00–U+9FFF) is dropped.  The
# character before it is tested in ``_drop_pinyin``, not by a lookbehind: a character class spanning
# the CJK block costs ~1.5 ms to compile (re fills a 65,536-entry map in Python), at every start.
_PINYIN = r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)"  # compiled when a "(" is followed by one of:
_PINYIN_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü")
# CJK characters U+4E00–U+9FFF, counted in the UTF-8 bytes: a lead byte E5–E9 (U+5000–U+9FFF; in UTF-8
# such a byte is never a continuation byte), or E4 followed by B8–BF (U+4E00–U+4FFF).  The same count as
# ``[\u4e00-\u9fff]`` over the text, by a byte deletion (C speed) and a two-byte pattern that compiles
# in microseconds (a class over the CJK block costs ~1.5 ms to compile, at every start).
_CJK_LEADS = b"\xe5\xe6\xe7\xe8\xe9"
_CJK_E4 = re.compile(rb"\xe4[\xb8-\xbf]")
# Everything a label key ignores: whitespace, punctuation, quotes, symbols, markup stars.
_KEY_DROP = re.compile(r"[\s\u3000\"'“”‘’「」『』《》〈〉.,:;!?、。，：；！？()\[\]{}【】〔〕·•*_#|/\\~`\-—–…]+")
# An enumerator at the start of a label: ``^(?:[一二三四五六七八九十]+[、.．]|\([一二三四五六七八九十]+\)|\d+[.、．])``,
# read by ``_enumerator_end`` (the pattern costs 0.35 ms to compile, at every start).
_NUMERALS = frozenset("一二三四五六七八九十")
_ENUM_ENDS = frozenset("、.．")


# NFKC's commonest change in Chinese text: fullwidth punctuation (and the ideographic space), each of
# which NFKC maps to one ASCII character.  ``unicodedata.normalize`` costs ~0.1-0.2 µs a character (a
# paragraph: tens of µs, several times per report); replacing these few characters and asking
# ``is_normalized`` (a C scan) gives the same text ~20 times faster.  The same because each character
# has the same full decomposition as its ASCII replacement, and both are starters: the text with them
# replaced has the same NFKD, hence the same NFKC — itself, when ``is_normalized`` says so
# (tests/test_perf_core.py checks the table).  Any other change: ``normalize`` does all of it.
_WIDE = tuple((ch, unicodedata.normalize("NFKC", ch)) for ch in "，（）；：！？％\u3000")
_normalize = unicodedata.normalize
_is_normalized = unicodedata.is_normalized


def nfkc(text: str) -> str:
    if _is_normalized("NFKC", text):
        return text
    folded = text
    for wide, narrow in _WIDE:
        if wide in folded:
            folded = folded.replace(wide, narrow)
    return folded if _is_normalized("NFKC", folded) else _normalize("NFKC", text)


@lru_cache(maxsize=8)
def _converter(config: str):
    import opencc  # lazy: only text that needs it pays for it

    return opencc.OpenCC(config)


def _may_hold_pinyin(text: str) -> bool:
    i = text.find("(")
    while i >= 0:
        if text[i + 1:i + 2] in _PINYIN_LETTERS:
            return True
        i = text.find("(", i + 1)
    return False


def _drop_pinyin(m: re.Match) -> str:
    i = m.start()
    return "" if i and "\u4e00" <= m.string[i - 1] <= "\u9fff" else m.group()


def count_cjk(text: str) -> int:
    """How many characters of ``text`` are in U+4E00–U+9FFF."""
    data = text.encode("utf-8", "surrogatepass")
    return len(data) - len(data.translate(None, _CJK_LEADS)) + len(_CJK_E4.findall(data))


_T2S: dict = {}  # "chars": frozenset of t2s_keys.CHARS; "applies": whether the tables are this OpenCC's


def _t2s_tables_apply() -> bool:
    """Whether :mod:`govreport.parse.t2s_keys` describes the dictionaries OpenCC would load here (the
    same files, by CRC-32 and size), checked once per process."""
    if "applies" not in _T2S:
        _T2S["applies"] = _check_t2s_files()
    return _T2S["applies"]


def _check_t2s_files() -> bool:
    import importlib.util
    import os
    import zlib

    from .parse import t2s_keys as K

    try:
        if os.path.isfile("t2s.json"):  # OpenCC would read this one (a name it finds in the current folder)
            return False
        spec = importlib.util.find_spec("opencc")
        if spec is None or not spec.submodule_search_locations:
            return False
        share = os.path.join(list(spec.submodule_search_locations)[0], "clib", "share", "opencc")
        for name, (crc, size) in K.FINGERPRINT.items():
            with open(os.path.join(share, name), "rb") as fh:
                data = fh.read()
            if len(data) != size or zlib.crc32(data) != crc:
                return False
        return True
    except (OSError, ImportError, ValueError):
        return False


def unchanged_by_t2s(text: str) -> bool:
    """True when OpenCC's ``t2s`` provably leaves ``text`` as it is (it holds no key of its
    dictionaries whose value differs: :mod:`govreport.parse.t2s_keys`), known without loading
    OpenCC; False when it may change it, or when that cannot be told (other dictionaries)."""
    from .parse import t2s_keys as K

    chars = _T2S.get("chars")
    if chars is None:
        chars = _T2S["chars"] = frozenset(K.CHARS)
    present = set(text)
    # a phrase is looked for only when all its characters are present (a set test, not a scan of the text)
    if not chars.isdisjoint(present) or any(present.issuperset(p) and p in text for p in K.PHRASES):
        return False
    return _t2s_tables_apply()


def count_traditional(text: str) -> int:
    """How many characters a Traditional→Simplified conversion would change."""
    sample = text if len(text) < 20000 else text[:20000]
    if sample.isascii() or unchanged_by_t2s(sample):  # Simplified text: OpenCC not loaded (~5 ms)
        return 0
    converted = _converter("t2s").convert(sample)
    if converted == sample:  # Simplified text, the common case: one comparison
        return 0
    return sum(map(str.__ne__, sample, converted))  # the characters that differ, up to the shorter


def detect_script(text: str) -> str:
    cjk = count_cjk(text[:20000])
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
# In this order: 资讯 → 信息; (?<=规范性)档案 → 文件; (?<=[本所]列)资料 → 数据 (plain replacements: the
# words cannot overlap), then 专案 by ``_PROJECT`` (compiled when a text holds 专案).
_TAIWAN_WORDS = (
    (("资讯", "信息"),),
    (("规范性档案", "规范性文件"),),
    (("本列资料", "本列数据"), ("所列资料", "所列数据")),
)
_PROJECT = r"专案(?=数量)|(?<=采购)专案|^(\s*)专案(?=\s*$)"


def _mainland_project(m: re.Match) -> str:
    return (m.group(1) or "") + "项目"


def mainland_phrases(text: str) -> str:
    """Simplified text in Taiwan vocabulary → the mainland words of the template
    labels (资讯→信息, 规范性档案→规范性文件, 本列资料→本列数据, 专案数量→项目数量)."""
    if "资讯" not in text and "档案" not in text and "资料" not in text and "专案" not in text:
        return text
    for pairs in _TAIWAN_WORDS:
        for old, new in pairs:
            text = text.replace(old, new)
    if "专案" in text:
        text = re.sub(_PROJECT, _mainland_project, text)
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
    if "(" in text and _may_hold_pinyin(text):
        text = re.sub(_PINYIN, _drop_pinyin, text)
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


def _enumerator_end(s: str) -> int:
    """The length of the enumerator ``s`` starts with (``一、``, ``(一)``, ``1.``), 0 when none."""
    n = len(s)
    if not n:
        return 0
    first = s[0]
    if first in _NUMERALS or first.isdecimal():  # 一、 or 1.  (``\d``: any decimal digit)
        digits = first.isdecimal()
        i = 1
        while i < n and (s[i].isdecimal() if digits else s[i] in _NUMERALS):
            i += 1
        return i + 1 if i < n and s[i] in _ENUM_ENDS else 0
    if first == "(":
        i = 1
        while i < n and s[i] in _NUMERALS:
            i += 1
        return i + 1 if 1 < i < n and s[i] == ")" else 0
    return 0


def strip_enumerator(text: str) -> str:
    """``1.属于国家秘密`` → ``属于国家秘密``; ``(一)予以公开`` → ``予以公开``."""
    s = nfkc(text).strip()
    return s[_enumerator_end(s):]


def bare_key(text: str) -> str:
    return label_key(strip_enumerator(text))
