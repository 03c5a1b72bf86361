"""Bytes → text: UTF-8 (with or without BOM), UTF-16, GB18030/GBK and Big5, detected automatically."""

from __future__ import annotations

from .errors import InputError

# Characters every report is full of, in both scripts: a wrong decoding has few of them.
_COMMON = set("政府信息公开開年度报報告申请請数數量情况況本行的和处處理理总總计計")


def _score(text: str) -> float:
    if not text:
        return 0.0
    hits = sum(1 for ch in text[:20000] if ch in _COMMON)
    return hits / min(len(text), 20000)


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if not head:
        return False
    if head.count(0) and not _utf16_guess(head):
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(head) * 0.05


def _utf16_guess(head: bytes) -> str | None:
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = len(head) / 2
    # CJK UTF-16 has few NULs; ASCII-heavy UTF-16 has them on one side only
    if odd > half * 0.2 and even == 0:
        return "utf-16-le"
    if even > half * 0.2 and odd == 0:
        return "utf-16-be"
    return None


def decode(data: bytes, path: str = "") -> tuple[str, str]:
    """Return ``(text, encoding)``; raise InputError when no encoding fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    u16 = _utf16_guess(data[:8192])
    if u16:
        try:
            text = data.decode(u16)
            return text.lstrip("\ufeff"), u16
        except UnicodeDecodeError:
            pass
    if looks_binary(data):
        raise InputError("binary file, not a text report", path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_score(text), enc, text))
    if candidates:
        candidates.sort(key=lambda c: -c[0])
        if candidates[0][0] > 0.01:
            return candidates[0][2], candidates[0][1]
    raise InputError("cannot decode the text (tried UTF-8, UTF-16, GB18030, Big5)", path)
