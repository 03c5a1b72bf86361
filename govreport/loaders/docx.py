"""DOCX (Word) → lines for the template parser, with python-docx.

Body paragraphs and tables are read in document order.  Each table row is
one structured line with one cell per ``<w:tc>``: a ``gridSpan`` cell once, a
``vMerge`` continuation cell not at all (a group label appears on its first
row only), as the HTML loader does for colspan/rowspan.  Paragraphs inside a
cell are joined with a space.  A table that contains tables is layout: its
cells are read as containers.

The zip is checked before python-docx sees it (size limits, compression
ratio, ``word/document.xml`` present).  python-docx parses the XML with
lxml and ``resolve_entities=False`` (``docx.oxml.parser.oxml_parser``), and
lxml never fetches from the network by default, so external entities are
not resolved.
"""

from __future__ import annotations

import io
import zipfile

from ..errors import InputError
from ..parse import Line, RawDocument

MAX_TOTAL = 100 * 1024 * 1024  # uncompressed bytes, all members
MAX_MEMBER = 50 * 1024 * 1024  # uncompressed bytes, one member
MAX_RATIO = 200  # uncompressed / compressed size of one member


def check_zip(data: bytes, path: str) -> None:
    """Refuse what is not a plausible .docx, or would inflate into a zip bomb."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"not a valid DOCX (zip) file: {exc}", path) from None
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_MEMBER:
            raise InputError(f"DOCX member {info.filename} inflates to {info.file_size} bytes"
                             f" (limit {MAX_MEMBER // (1024 * 1024)} MiB)", path)
        if info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(f"DOCX member {info.filename} has a compression ratio over {MAX_RATIO}"
                             " (zip bomb?)", path)
    if total > MAX_TOTAL:
        raise InputError(f"DOCX inflates to {total} bytes (limit {MAX_TOTAL // (1024 * 1024)} MiB)", path)
    if "word/document.xml" not in {info.filename for info in infos}:
        raise InputError("not a Word document: the zip has no word/document.xml", path)


def _squash(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


class _Walker:
    def __init__(self, document):
        from docx.oxml.ns import qn

        self.qn = qn
        self.document = document
        self.lines: list = []
        self.paragraphs = 0
        self.tables = 0

    def paragraph_text(self, p) -> str:
        from docx.text.paragraph import Paragraph

        return Paragraph(p, self.document).text

    def cell_text(self, tc) -> str:
        return _squash(" ".join(self.paragraph_text(p) for p in tc.iter(self.qn("w:p"))))

    def walk(self, container) -> None:
        for child in container:
            if child.tag == self.qn("w:p"):
                text = _squash(self.paragraph_text(child))
                if text:
                    self.paragraphs += 1
                    self.lines.append(Line([text], {"line": self.paragraphs}, structured=False))
            elif child.tag == self.qn("w:tbl"):
                self.table(child)
            elif child.tag == self.qn("w:sdt"):  # content control wrapping body content
                for content in child.iterchildren(self.qn("w:sdtContent")):
                    self.walk(content)

    def table(self, tbl) -> None:
        if any(True for _ in tbl.iterdescendants(self.qn("w:tbl"))):
            for tc in tbl.iter(self.qn("w:tc")):  # layout table: its cells are containers
                if next(tc.iterancestors(self.qn("w:tbl"))) is tbl:
                    self.walk(tc)
            return
        self.tables += 1
        for r, tr in enumerate(tbl.iterchildren(self.qn("w:tr")), 1):
            cells = [tc for tc in tr.iterchildren(self.qn("w:tc")) if not self._continuation(tc)]
            if not cells:
                continue
            self.lines.append(Line([self.cell_text(tc) for tc in cells], {"table": self.tables, "row": r},
                                   structured=True, cell_prov=[{"col": c} for c in range(1, len(cells) + 1)]))

    def _continuation(self, tc) -> bool:
        """A cell merged into the one above (vMerge) or to its left (legacy hMerge)."""
        if tc.vMerge == "continue":
            return True
        tcPr = tc.tcPr
        hmerge = tcPr.find(self.qn("w:hMerge")) if tcPr is not None else None
        return hmerge is not None and hmerge.get(self.qn("w:val"), "continue") == "continue"


def read(data: bytes, path: str, fmt: str = "docx") -> RawDocument:
    check_zip(data, path)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        walker = _Walker(document)
        walker.walk(document.element.body)
    except InputError:
        raise
    except Exception as exc:  # python-docx, zipfile, zlib, lxml: report one line, never a traceback
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"cannot read the DOCX: {message}", path) from None
    return RawDocument(walker.lines, fmt, path)
