"""Bytes → text: UTF-8 (with or without BOM), UTF-16 and UTF-32 (with a BOM, or recognised by their NUL
bytes), GB18030/GBK and Big5, detected automatically.  A byte-order mark decides the encoding:
bytes after it that do not decode are refused, naming the byte."""

from __future__ import annotations

from .errors import InputError

# Characters every report is full of, in both scripts: a wrong decoding has few of them.
_COMMON = set("政府信息公开開年度报報告申请請数數量情况況本行的和处處理理总總计計")


def _score(text: str) -> float:
    if not text:
        return 0.0
    hits = sum(1 for ch in text[:20000] if ch in _COMMON)
    return hits / min(len(text), 20000)


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xef\xbb\xbf", "utf-8"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def bom(data: bytes) -> tuple | None:
    """``(encoding, length)`` of the byte-order mark ``data`` starts with (UTF-32 before UTF-16)."""
    for mark, enc in _BOMS:
        if data.startswith(mark):
            return enc, len(mark)
    return None


def wide_guess(head: bytes) -> str | None:
    """UTF-32 or UTF-16 (LE/BE), from a byte-order mark or the pattern of NUL bytes; else None."""
    found = bom(head)
    if found and found[0] != "utf-8":
        return found[0]
    if len(head) >= 8:
        quads = [head[i::4] for i in range(4)]
        n = len(quads[3])
        # ASCII or CJK in UTF-32: the high two bytes of every code unit are NUL
        if quads[2].count(0) == len(quads[2]) and quads[3].count(0) == n and quads[0].count(0) < n * 0.5:
            return "utf-32-le"
        if quads[0].count(0) == len(quads[0]) and quads[1].count(0) == len(quads[1]) and quads[3].count(0) < n * 0.5:
            return "utf-32-be"
    return _utf16_guess(head)


def ascii_view(data: bytes, size: int = 65536) -> bytes:
    """The start of ``data`` as UTF-8 when it is UTF-16/UTF-32 (for sniffing formats), else as it is."""
    enc = wide_guess(data[:8192])
    if not enc:
        return data if size >= len(data) else data[:size]
    return data[:size * 4].decode(enc, errors="ignore").lstrip("\ufeff").encode("utf-8")


_NOT_CONTROL = bytes(range(32, 256)) + bytes((9, 10, 12, 13, 27))  # deleted before counting control bytes


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if not head:
        return False
    if head.count(0) and not wide_guess(head):
        return True
    controls = len(head.translate(None, _NOT_CONTROL))  # bytes < 32 other than tab, LF, FF, CR and ESC
    return controls > len(head) * 0.05


def _utf16_guess(head: bytes) -> str | None:
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = len(head) / 2
    # CJK UTF-16 has few NULs; ASCII-heavy UTF-16 has them on one side only
    # (a CJK character can have a NUL byte too: 一 U+4E00, 开 U+5F00 — a few on the other side)
    if odd > half * 0.2 and even <= odd * 0.1:
        return "utf-16-le"
    if even > half * 0.2 and odd <= even * 0.1:
        return "utf-16-be"
    return None


def decode(data: bytes, path: str = "") -> tuple[str, str]:
    """Return ``(text, encoding)``; raise InputError when no encoding fits."""
    found = bom(data)
    if found:
        enc, size = found
        try:
            return data[size:].decode(enc), "utf-8-sig" if enc == "utf-8" else enc
        except UnicodeDecodeError as exc:
            raise InputError("input.bad_bom", path, encoding=enc.upper(), byte=exc.start + size) from None
    wide = wide_guess(data[:8192])
    if wide:
        try:
            text = data.decode(wide)
            return text.lstrip("\ufeff"), wide
        except UnicodeDecodeError:
            pass
    if looks_binary(data):
        raise InputError("input.binary", path)
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
    raise InputError("input.undecodable", path)
