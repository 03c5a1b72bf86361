"""Pictures inside web pages and Word files, read by OCR where their tables are wanted (issue 13).

Many sites paste the three tables into the article as pictures, and some Word reports hold them as
pictures too.  The HTML and DOCX loaders record every picture with its place among the lines
(:attr:`RawDocument.images <govreport.parse.tokens.RawDocument>`: ``(line index, bytes | a callable
giving them | None, the source or why it is not read)``); :func:`read_images` reads them by OCR
(:mod:`govreport.loaders.ocr`, the ``ocr`` extra) when

* the OCR mode (``--ocr``) is ``always``, or
* it is ``auto`` (the default) and the report read from the text lacks one of its template's
  tables (or has no template at all).

Every picture's lines go through the same geometry reader as a scanned PDF page (all the pictures
of a document together, as the pages of one scan: a table cut over two pictures reads as one), and
are put into the document's lines where the picture stands; the report is then parsed again.  Their
provenance names the picture: ``{"image": 2, "line": 12}`` (第 2 张图片第 12 行).  In ``auto`` mode a
picture that does not decode or is smaller than :data:`MIN_SIDE` pixels either side (an icon, a
logo) is passed over, and the pictures' reading is kept only if it finds more tables; with the
extra missing the report is left as the text gives it (``check`` names the missing tables).  In
``always`` mode an undecodable picture, or the extra missing, is an error.

Where pictures come from (nothing is ever fetched from the network — an offline tool):

* ``data:`` URIs (``data:image/png;base64,…``; any ``image/*`` type), at most
  :func:`govreport.loaders.max_size` bytes;
* local files named by a relative path or a ``file:`` URL, resolved against the web page's folder
  and read only when they are regular files inside that folder (symbolic links resolved first),
  at most :func:`govreport.loaders.max_size` bytes; a page read from standard input has no folder;
* in a .docx, the picture parts its runs refer to (``w:drawing`` … ``a:blip r:embed``; VML
  ``v:imagedata r:id``); pictures linked to outside files are not read.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import stat
from typing import Optional
from urllib.parse import unquote, urlsplit

from ..errors import InputError
from ..messages import Text

MIN_SIDE = 100  # pixels: a smaller picture (either side) is an icon, not a table
MAX_IMAGES = 40  # pictures (frames) read by OCR in one document at most
_DATA_URI = re.compile(r"data:([\w.+-]+/[\w.+-]+)?((?:;[^,;]*)*?)(;base64)?,", re.I)


def _label(src: str) -> str:
    src = " ".join(src.split())
    if src[:5].lower() == "data:":
        return src.split(",", 1)[0] + ",…"
    return src if len(src) <= 80 else src[:77] + "…"


def html_sources(found: list, path: str) -> list:
    """``(line index, src)`` of a page's ``<img>`` → :attr:`RawDocument.images` entries: data URIs
    and local files as callables (read only if OCR is wanted), anything else None with the reason."""
    base = None if path in ("-", "") else os.path.dirname(os.path.abspath(path))
    out = []
    for index, src in found:
        src = (src or "").strip()
        if not src:
            out.append((index, None, "no src"))
            continue
        label = _label(src)
        if src[:5].lower() == "data:":
            out.append((index, _data_reader(src, label), label))
            continue
        parts = urlsplit(src)
        scheme = parts.scheme.lower()
        if len(scheme) == 1:  # a Windows drive letter (C:\…): a local path
            scheme = ""
        if scheme == "file":
            if parts.netloc not in ("", "localhost"):
                out.append((index, None, f"remote file URL: {label}"))
                continue
            name = unquote(parts.path)
        elif scheme or src.startswith("//"):
            out.append((index, None, f"not fetched: {label}"))  # http(s), ftp…: never fetched
            continue
        else:
            name = unquote(parts.path)
        if base is None:
            out.append((index, None, f"no folder to find it in: {label}"))
            continue
        out.append((index, _file_reader(base, name, label), label))
    return out


def _data_reader(src: str, label: str):
    def read() -> bytes:
        from . import max_size

        m = _DATA_URI.match(src)
        if not m or not (m.group(1) or "").lower().startswith("image/"):
            raise InputError("ocr.image_unreadable", label, detail=Text("ocr.detail.not_image_uri"))
        payload = src[m.end():]
        limit = max_size()
        if len(payload) * 3 // 4 > limit:
            from . import too_big

            raise too_big(label, limit)
        if not m.group(3):
            return unquote(payload).encode("latin-1", "replace")
        try:
            return base64.b64decode("".join(payload.split()) + "==", validate=False)
        except (binascii.Error, ValueError) as exc:
            raise InputError("ocr.image_unreadable", label, detail=exc) from None

    return read


def _file_reader(base: str, name: str, label: str):
    def read() -> bytes:
        from . import max_size, read_bytes

        target = os.path.realpath(os.path.join(base, name.replace("\\", "/")))
        root = os.path.realpath(base)
        if os.path.commonpath([root, target]) != root:
            raise InputError("ocr.image_unreadable", label, detail=Text("ocr.detail.outside_folder"))
        try:
            st = os.stat(target)
        except OSError as exc:
            raise InputError("ocr.image_unreadable", label, detail=exc.strerror or exc) from None
        if not stat.S_ISREG(st.st_mode):
            raise InputError("ocr.image_unreadable", label, detail=Text("ocr.detail.not_regular_file"))
        return read_bytes(target, max_size=max_size())

    return read


def missing_tables(report) -> bool:
    """Does the report lack a table of its template (or have no template)?"""
    from .. import templates as T

    template = T.TEMPLATES.get(report.template)
    if template is None or not template.tables:
        return True
    return any(key not in report.tables for key in template.tables)


def _found(report) -> int:
    return len(report.tables) + (report.template != "none")


def read_images(raw, report, path: str, mode: str):
    """The report with the document's pictures read by OCR where wanted (module text); ``raw``'s
    lines get the pictures' lines when their reading is kept."""
    if mode == "never" or not raw.images or (mode == "auto" and not missing_tables(report)):
        return report
    from . import ocr as O

    if not O.available():
        if mode == "always":
            raise InputError("ocr.needs_extra", path)
        return report
    pages, owners = [], []  # per page read: its (image number, line index, frame)
    for k, (index, source, label) in enumerate(raw.images, 1):
        if len(pages) >= MAX_IMAGES:
            break
        if source is None:
            continue  # remote, or no place to look: never read
        where = f"{path}: {label}"
        try:
            data = source() if callable(source) else source
            frames = O._frames(data, where)
        except InputError:
            if mode == "always":
                raise
            continue
        for f, (image, scale) in enumerate(frames[:MAX_IMAGES - len(pages)]):
            if min(image.size) < MIN_SIDE:
                continue
            for piece in O.split_tall(image):  # a long screenshot: in page-sized pieces
                pages.append(O.page_lines(piece, scale, where))
                owners.append((k, index, f + 1 if len(frames) > 1 else None))
    if not pages:
        return report
    try:
        doc = O.document(pages, raw.format, path)
    except InputError:  # no text in any picture
        return report
    # each page's lines in order, where their picture stands; "page" becomes the picture's number
    # (and the frame, for a picture of several)
    inserted: dict = {}
    for line in doc.lines:
        k, index, frame = owners[line.prov.pop("page") - 1]
        line.prov = dict({"image": k}, **({"frame": frame} if frame else {}), **line.prov)
        inserted.setdefault(index, []).append(line)
    old = raw.lines
    lines: list = []
    for i, line in enumerate(old):
        lines.extend(inserted.pop(i, ()))
        lines.append(line)
    for index in sorted(inserted):
        lines.extend(inserted[index])
    raw.lines = lines
    from ..parse import parse_document

    new = parse_document(raw)
    if mode == "auto" and _found(new) <= _found(report):
        raw.lines = old  # the pictures hold no table: the text's reading stands
        return report
    return new


def docx_entry(index: int, part, rid: str) -> tuple:
    """One picture of a .docx: ``(line index, bytes | None, part name or why not)``."""
    try:
        target = part.related_parts[rid]
    except (KeyError, AttributeError):
        return (index, None, f"no picture part {rid}")
    blob: Optional[bytes] = getattr(target, "blob", None)
    name = str(getattr(target, "partname", rid)).lstrip("/")
    return (index, blob, name) if blob else (index, None, f"empty picture part {name}")
