"""Loading a report from any supported format into the :class:`~govreport.model.Report` model.

Each format module has ``read(data: bytes, path: str) -> RawDocument`` (text
formats, through the template parser) or ``load(data, path) -> Report``
(data formats).  Heavy libraries are imported inside those modules only.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from typing import Optional

from ..errors import InputError, ParseError

FORMATS = ("text", "markdown", "html", "docx", "pdf", "json", "yaml")
_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".docx": "docx", ".pdf": "pdf", ".json": "json", ".yaml": "yaml", ".yml": "yaml",
}
# format -> (module, reader kind)
_MODULES = {
    "text": ("text", "raw"),
    "markdown": ("text", "raw"),
    "html": ("html", "raw"),
    "docx": ("docx", "raw"),
    "pdf": ("pdf", "raw"),
    "json": ("data", "report"),
    "yaml": ("data", "report"),
}
MAX_BYTES = 200 * 1024 * 1024
_HTML = re.compile(rb"<\s*(html|table|body|div|p|span|td|tr|meta|!doctype)\b", re.I)


def read_bytes(path: str, stdin=None) -> bytes:
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin
        if stream is None or (hasattr(stream, "isatty") and stream.isatty()):
            raise InputError("nothing on standard input (give a FILE, or pipe a report into '-')", "-")
        buf = getattr(stream, "buffer", stream)
        data = buf.read()
        return data.encode("utf-8") if isinstance(data, str) else data
    if not os.path.exists(path):
        raise InputError("no such file", path)
    if os.path.isdir(path):
        raise InputError("is a directory, not a report file", path)
    try:
        if os.path.getsize(path) > MAX_BYTES:
            raise InputError(f"file larger than {MAX_BYTES // (1024 * 1024)} MiB", path)
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from None


def detect_format(data: bytes, path: str = "") -> str:
    """The format of ``data``, from its content first and its name second."""
    head = data[:4096]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    ext = os.path.splitext(path)[1].lower()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{") and b'"tables"' in data[:200000] or stripped.startswith(b"["):
        return "json"
    if re.match(rb"(---\s*\n)?(schema|title|tables)\s*:", stripped) and b"tables:" in data:
        return "yaml"
    if _HTML.search(head) or _HTML.search(data[:65536]):
        if ext not in (".md", ".markdown", ".txt") or re.search(rb"<\s*(table|html)\b", data[:65536], re.I):
            return "html"
    if ext in _EXTENSIONS and _EXTENSIONS[ext] in ("markdown", "text"):
        return _EXTENSIONS[ext]
    return "text"


def loads(data: bytes, fmt: Optional[str] = None, path: str = "-"):
    """Parse report bytes; ``fmt`` forces a format (else detected)."""
    if not data or not data.strip():
        raise InputError("empty file", path)
    fmt = fmt or detect_format(data, path)
    if fmt not in _MODULES:
        raise InputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})", path)
    module_name, kind = _MODULES[fmt]
    module = importlib.import_module(f"{__name__}.{module_name}")
    if kind == "report":
        return module.load(data, path, fmt)
    from ..parse import parse_document

    raw = module.read(data, path, fmt)
    report = parse_document(raw)
    if report.template == "none" and not report.sections and not report.tables:
        raise ParseError("no report found: no standard tables and no section headings", path)
    return report


def load(path: str, fmt: Optional[str] = None, stdin=None):
    """Load a report file (``-`` reads standard input)."""
    return loads(read_bytes(path, stdin), fmt, path)
