"""CSV cells that a spreadsheet will not run as formulas.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read by Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(…)``,
``=cmd|' /C calc'!A0``).  :func:`cell` prefixes such text with an apostrophe,
which spreadsheets show as a text marker (the OWASP recommendation).  Numbers are
left alone: a number value (int, float, Fraction) is never prefixed, nor is text
that is a plain signed decimal number (``-5``, ``+3``, ``-1.5``), so a delta column
stays numeric.
"""

from __future__ import annotations

import re

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)%?\Z")


def cell(value):
    """``value`` made safe for a CSV cell (non-text values are returned unchanged)."""
    if isinstance(value, str) and value.startswith(_TRIGGERS) and not _NUMBER.match(value):
        return "'" + value
    return value


def row(values):
    return [cell(v) for v in values]
