"""Loading a report from any supported format into the :class:`~govreport.model.Report` model.

Each format module has ``read(data: bytes, path: str) -> RawDocument`` (text
formats, through the template parser) or ``load(data, path) -> Report``
(data formats).  Heavy libraries are imported inside those modules only.
"""

from __future__ import annotations

import importlib
import os
import re
import stat
import sys
from typing import Optional

from ..errors import InputError, ParseError
from ..messages import Text

FORMATS = ("text", "markdown", "html", "docx", "pdf", "image", "json", "yaml")
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
    "image": ("ocr", "raw"),
    "json": ("data", "report"),
    "yaml": ("data", "report"),
}
# The most bytes read from one input (file, device, pipe, FIFO, standard input): counted as they
# are read, never taken from the file's size.  Real reports are well under 10 MB (the largest in the
# corpus is a 0.4 MB PDF; PDFs with scanned pages reach a few MB), so 64 MiB leaves a wide margin.  ``GOVREPORT_MAX_SIZE`` (bytes, or with K/M/G: ``200M``) or the
# ``max_size`` parameter of :func:`read_bytes`/:func:`load` changes it.
DEFAULT_MAX_SIZE = 64 * 1024 * 1024
MAX_SIZE_ENV = "GOVREPORT_MAX_SIZE"
MAX_BYTES = DEFAULT_MAX_SIZE  # the old name
_CHUNK = 1 << 20
# Compiled when first needed (re's cache): text without a "<" is no HTML, and sizes are rarely given.
_HTML = rb"<\s*(html|table|body|div|p|span|td|tr|meta|!doctype)\b"
_SIZE = r"\s*(\d+)\s*([kmg]i?b?|b)?\s*"


def parse_size(text: str) -> int:
    """``"64M"``, ``"200MiB"``, ``"1g"``, ``"1048576"`` → bytes (K/M/G are powers of 1024)."""
    m = re.fullmatch(_SIZE, str(text), re.I)
    if not m or int(m.group(1)) <= 0:
        raise ValueError(f"not a size: {text!r} (bytes, or a number with K, M or G)")
    unit = (m.group(2) or "b")[0].lower()
    return int(m.group(1)) * {"b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[unit]


_override: Optional[int] = None


def set_max_size(value) -> Optional[int]:
    """Set the byte limit for this process (the CLI's ``--max-size``), over ``$GOVREPORT_MAX_SIZE``;
    ``None`` clears it.  Returns the limit in bytes; a bad value is an InputError."""
    global _override
    _override = None if value is None else max_size(value)
    return _override


def max_size(value=None) -> int:
    """The byte limit in force: ``value`` (int or size text), else the one set by
    :func:`set_max_size`, else ``$GOVREPORT_MAX_SIZE``, else 64 MiB."""
    if value is None and _override is not None:
        return _override
    if value is None:
        value = os.environ.get(MAX_SIZE_ENV) or DEFAULT_MAX_SIZE
        source = MAX_SIZE_ENV
    else:
        source = Text("input.size_source")
    if isinstance(value, int) and not isinstance(value, bool):
        if value <= 0:
            raise InputError("input.size_not_positive", source=source, value=value)
        return value
    try:
        return parse_size(value)
    except ValueError:
        raise InputError("input.size_invalid", source=source, value=value) from None


def describe_size(n: int):
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
    return Text("input.bytes", n=n)


def too_big(path: str, limit: int) -> InputError:
    return InputError("input.too_large", path, limit=describe_size(limit), env=MAX_SIZE_ENV)


def read_stream(stream, path: str, limit: int, hint: int = _CHUNK) -> bytes:
    """Read a binary stream to its end, counting bytes as they come: more than ``limit`` is refused
    after reading ``limit + 1`` bytes at most (devices, pipes and FIFOs included).  ``hint``: the
    size of the first read (a regular file's size + 1, so that it is read in one piece)."""
    chunks: list = []
    total = 0
    read = getattr(stream, "read1", None) or stream.read
    size = max(hint, 1)
    while True:
        chunk = read(min(size, limit + 1 - total))
        if not chunk:
            break
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8")
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise too_big(path, limit)
        size = _CHUNK if hint == _CHUNK else 65536  # a file that grew: read on in small pieces
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_bytes(path: str, stdin=None, max_size=None) -> bytes:
    """The bytes of a report file (``-``: standard input), at most ``max_size`` bytes
    (default: :func:`max_size`): files, devices, pipes and FIFOs are read as streams and the
    bytes counted, so ``/dev/zero`` or an endless pipe stop at the limit with an InputError."""
    limit = _limit(max_size)
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin
        if stream is None or (hasattr(stream, "isatty") and stream.isatty()):
            raise InputError("input.stdin_empty", "-")
        try:
            return read_stream(getattr(stream, "buffer", stream), "-", limit)
        except MemoryError:
            raise InputError("input.out_of_memory", "-") from None
        except OSError as exc:
            raise InputError("input.cannot_read", "-", reason=exc.strerror or exc) from None
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError("input.not_found", path) from None
    except OSError as exc:
        raise InputError("input.cannot_read", path, reason=exc.strerror or exc) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("input.is_directory", path)
    if stat.S_ISREG(st.st_mode) and st.st_size > limit:
        raise too_big(path, limit)
    try:
        with open(path, "rb", buffering=0) as fh:
            return read_stream(fh, path, limit, st.st_size + 1 if stat.S_ISREG(st.st_mode) else _CHUNK)
    except MemoryError:
        raise InputError("input.out_of_memory", path) from None
    except OSError as exc:
        raise InputError("input.cannot_read", path, reason=exc.strerror or exc) from None


OCR_MODES = ("auto", "always", "never")
OCR_ENV = "GOVREPORT_OCR"
_OCR: list = []  # the mode set for this process, if any


def set_ocr_mode(value: Optional[str]) -> Optional[str]:
    """Read scans and images by OCR: ``auto`` (where there is no text), ``always``, ``never``;
    None: ``$GOVREPORT_OCR`` (default auto)."""
    if value is not None and value not in OCR_MODES:
        raise ValueError(value)
    _OCR[:] = [value] if value is not None else []
    return value


def ocr_mode() -> str:
    if _OCR:
        return _OCR[0]
    value = os.environ.get(OCR_ENV, "auto").strip().lower()
    return value if value in OCR_MODES else "auto"


def _limit(value) -> int:
    return max_size(value)


def detect_format(data: bytes, path: str = "") -> str:
    """The format of ``data``, from its content first and its name second."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    from ..decode import ascii_view

    data = ascii_view(data, len(data))  # UTF-16/UTF-32 sniffed as UTF-8
    head = data[:4096]
    ext = os.path.splitext(path)[1].lower()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"[") or stripped.startswith(b"{") and (
            b'"tables"' in data[:200000] or b'"schema"' in head or ext == ".json"):
        return "json"
    if re.match(rb"(---\s*\n)?(schema|title|tables)\s*:", stripped) and (
            b"tables:" in data or b"schema:" in head or ext in (".yaml", ".yml")):
        return "yaml"
    if b"<" in data[:65536] and (re.search(_HTML, head, re.I) or re.search(_HTML, data[:65536], re.I)):
        if ext not in (".md", ".markdown", ".txt") or re.search(rb"<\s*(table|html)\b", data[:65536], re.I):
            return "html"
    if ext in _EXTENSIONS and _EXTENSIONS[ext] in ("markdown", "text"):
        return _EXTENSIONS[ext]
    return "text"


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: .doc, .wps, .xls
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")


def unreadable_kind(data: bytes, path: str = "") -> Optional[str]:
    """The catalogue id of the hint for a file no reader reads: a legacy Word/WPS file (saved as
    .docx it reads), an image (OCR first); None for anything else."""
    from ..decode import looks_binary

    if data.startswith(_OLE2) or (os.path.splitext(path)[1].lower() in (".doc", ".wps") and looks_binary(data)):
        return "input.legacy_word"
    if data.startswith(_IMAGES) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP") or (
            data[:2] == b"BM" and data[6:10] == b"\0\0\0\0" and looks_binary(data)):
        return "input.image"
    return None


def loads(data: bytes, fmt: Optional[str] = None, path: str = "-"):
    """Parse report bytes; ``fmt`` forces a format (else detected).  Running out of memory, a
    structure nested too deeply for the parsers, or an OS error on the way is an InputError
    naming the file, never an internal error."""
    try:
        return _loads(data, fmt, path)
    except MemoryError:
        raise InputError("input.load_out_of_memory", path) from None
    except RecursionError:
        raise InputError("input.too_deep", path) from None
    except OSError as exc:
        raise InputError("input.cannot_read", path, reason=exc.strerror or exc) from None


def _loads(data: bytes, fmt: Optional[str], path: str):
    if not data or not data.strip():
        raise InputError("input.empty", path)
    hint = unreadable_kind(data, path)
    if hint == "input.image" and fmt in (None, "image"):
        fmt = None if ocr_mode() == "never" else "image"  # read by OCR (the ``ocr`` extra)
    if hint and fmt != "image":
        raise InputError(hint, path)
    fmt = fmt or detect_format(data, path)
    if fmt not in _MODULES:
        raise InputError("input.unknown_format", path, format=fmt, choices=", ".join(FORMATS))
    module_name, kind = _MODULES[fmt]
    module = importlib.import_module(f"{__name__}.{module_name}")
    if kind == "report":
        return module.load(data, path, fmt)
    from ..parse import parse_document

    raw = module.read(data, path, fmt)
    report = parse_document(raw)
    if raw.images:  # pictures in a web page or a Word file: their tables read by OCR where wanted
        report = _read_images(raw, report, path)
    if any("ocr" in line.prov for line in raw.lines):
        from ..ocr import verify

        verify(report)  # OCR'd numbers: taken as read, chosen by the identities, or flagged
    if report.template == "none" and not report.sections and not report.tables:
        raise ParseError("parse.no_report", path)
    return report


def _read_images(raw, report, path: str):
    """``report`` with the pictures of ``raw`` read by OCR (:func:`govreport.loaders.images.read_images`)."""
    from .images import read_images

    return read_images(raw, report, path, ocr_mode())


def load(path: str, fmt: Optional[str] = None, stdin=None, max_size=None):
    """Load a report file (``-`` reads standard input), at most ``max_size`` bytes
    (default ``$GOVREPORT_MAX_SIZE`` or 64 MiB)."""
    return loads(read_bytes(path, stdin, max_size), fmt, path)
