"""Text that is safe to show on a terminal.

Report text (titles, narrative, notes, cell text) and file names come from
files downloaded from thousands of sites; written raw, an ``ESC]0;…BEL`` retitles
the terminal, ``ESC[2J`` clears it, a CR or a bidi override hides or reorders
what is printed, and a newline in a file name splits a one-line message.

:func:`escape` replaces every such character by a visible escape, the way Python
writes it in a string literal: ``\\x1b``, ``\\x07``, ``\\r``, ``\\u202e``.  What is
escaped:

* C0 controls (U+0000–U+001F) and DEL (U+007F) — except newline and tab in
  multi-line text (``one_line=False``);
* C1 controls (U+0080–U+009F, NEL included);
* the bidirectional formatting characters (U+061C, U+200E, U+200F,
  U+202A–U+202E, U+2066–U+2069) and the line/paragraph separators U+2028, U+2029.

A backslash is left as it is (a file name ``a\\x1b`` and a file name holding ESC
print alike; what matters is that neither reaches the terminal as a control).

Use :func:`one_line` for anything inside a one-line message (a file name in an
error, a table cell, a title in a list), :func:`escape` for multi-line text.
"""

from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _code(ch: str) -> str:
    o = ord(ch)
    return _NAMED.get(ch) or (f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}")


_UNSAFE = ([chr(c) for c in range(0x20)] + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0)]
           + ["\u061c", "\u200e", "\u200f", "\u2028", "\u2029"]
           + [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)])
_LINE_TABLE = {ord(ch): _code(ch) for ch in _UNSAFE}
_TEXT_TABLE = {k: v for k, v in _LINE_TABLE.items() if k not in (ord("\n"), ord("\t"))}
_ANY = re.compile("[" + re.escape("".join(_UNSAFE)) + "]")


def needs_escape(text: str) -> bool:
    return _ANY.search(text) is not None


def one_line(text) -> str:
    """``text`` with every control character (newline and tab included) escaped."""
    text = "" if text is None else str(text)
    return text.translate(_LINE_TABLE) if _ANY.search(text) else text


def escape(text) -> str:
    """Multi-line text with its control characters escaped; newlines and tabs stay."""
    text = "" if text is None else str(text)
    return text.translate(_TEXT_TABLE) if _ANY.search(text) else text
