"""DOCX (Word) → lines for the template parser, with python-docx.

Body paragraphs and tables are read in document order.  Each table row is
one structured line with one cell per ``<w:tc>``: a ``gridSpan`` cell once, a
``vMerge`` continuation cell not at all (a group label appears on its first
row only), as the HTML loader does for colspan/rowspan.  Paragraphs inside a
cell are joined with a space.  A table that contains tables is layout: its
cells are read as containers.  Rows and cells wrapped in content controls (``w:sdt``) or custom XML
are read where they stand; a row deleted with changes tracked is left out.

Paragraph text is read from the runs of a paragraph wherever Word nests them:
directly, and inside hyperlinks, smart tags (Chinese Word wraps numbers with
units in ``chmetcnv`` smart tags), inline content controls, simple fields,
``customXml``, bidi wrappers and tracked insertions (``w:ins``, ``w:moveTo``);
deleted text (``w:del``, ``w:moveFrom``) and hidden text (``w:vanish``, set on the run or by its
character style: Word neither shows nor prints it) are left out; struck-through text (``w:strike``,
``w:dstrike``) stands apart as a word of its own (a number crossed out is no digit of the next).
A run's text is what python-docx reads (``w:t``, tabs, breaks, no-break hyphens).

Footnote marks.  A superscript run (``w:vertAlign w:val="superscript"``, set
directly or by its character style) is never glued into the number before it
as ordinary digits: consecutive superscript runs are joined and mapped by
:func:`govreport.loaders.html.superscript_mark` (the HTML loader's contract —
digits → ``⁰¹²³⁴⁵⁶⁷⁸⁹``, brackets → ``⁽⁾``, ``*``/``※`` kept, anything else
wrapped as ``⁽…⁾``), with no separator (whitespace before the mark is
dropped), so a cell reads ``2293¹``.  A run
raised with ``w:position`` > 0 counts as superscript when it is a short mark
(one or two digits or note symbols) after other text of the paragraph.  A
Word footnote or endnote reference (``w:footnoteReference``,
``w:endnoteReference``) becomes its number in order of appearance, as Word
numbers them by default (``¹``, ``²``…), unless a custom mark follows it.

Pictures.  A run's pictures (DrawingML ``a:blip r:embed``; VML ``v:imagedata r:id`` where there is no
DrawingML one) are recorded with the place of the line they stand before — after their paragraph,
after the table holding them — and their part's bytes (:attr:`RawDocument.images`): a report whose
tables are pictures reads them by OCR (:mod:`govreport.loaders.images`).

The zip is checked before python-docx sees it (:func:`check_zip`: every member inflated as a
stream with real byte, ratio and element caps that do not trust the zip directory's sizes;
``word/document.xml`` present).  python-docx parses the XML with
lxml and ``resolve_entities=False`` (``docx.oxml.parser.oxml_parser``), and
lxml never fetches from the network by default, so external entities are
not resolved.
"""

from __future__ import annotations

import io
import zipfile

from ..errors import InputError
from . import describe_size
from ..parse import Line, RawDocument
from ..parse.numbers import PICTURE
from .html import append_mark, superscript_mark

# Limits on what a .docx may inflate to, measured on the bytes actually inflated (the zip
# directory's declared sizes are not trusted).  Real reports' document.xml are a few MB.
MAX_TOTAL = 64 * 1024 * 1024  # inflated bytes, all members
MAX_MEMBER = 32 * 1024 * 1024  # inflated bytes, one member
MAX_RATIO = 200  # inflated / compressed bytes of one member (checked past its first MiB)
# XML tags ('<') over all .xml members: bounds the memory of the parse (700,000 empty
# paragraphs take ~300 MB in python-docx/lxml; a 30-page report has ~100,000 tags)
MAX_ELEMENTS = 800_000
MAX_MEMBERS = 10_000
_CHUNK = 256 * 1024


def check_zip(data: bytes, path: str) -> None:
    """Refuse what is not a plausible .docx, or would inflate into a zip bomb.

    Every member is inflated here, as a stream from its local header with zlib, counting the
    bytes that come out (and the XML tags in them): more than :data:`MAX_MEMBER` for one member,
    :data:`MAX_TOTAL` in all, a ratio over :data:`MAX_RATIO` or more than :data:`MAX_ELEMENTS`
    tags stop the inflation at once.  A member whose inflated size is not the one the zip
    directory declares is refused too, since python-docx's reader (zipfile) trusts that size."""
    import struct
    import zlib

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError("docx.bad_zip", path, detail=exc) from None
    if len(infos) > MAX_MEMBERS:
        raise InputError("docx.too_many_members", path, count=len(infos), limit=MAX_MEMBERS)
    if "word/document.xml" not in {info.filename for info in infos}:
        raise InputError("docx.not_word", path)
    view = memoryview(data)
    total = 0
    elements = 0
    for info in infos:
        name = info.filename
        if info.file_size > MAX_MEMBER:
            raise InputError("docx.member_declared", path, member=name, size=info.file_size,
                             limit=describe_size(MAX_MEMBER))
        off = info.header_offset
        if data[off:off + 4] != b"PK\x03\x04":
            raise InputError("docx.no_local_header", path, member=name)
        name_len, extra_len = struct.unpack("<HH", data[off + 26:off + 30])
        start = off + 30 + name_len + extra_len
        xml = name.endswith((".xml", ".rels"))
        if info.compress_type == zipfile.ZIP_STORED:
            size = min(info.compress_size, max(len(data) - start, 0))
            if xml:
                elements += data.count(b"<", start, start + size)
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            inflater = zlib.decompressobj(-15)
            pos, size = start, 0
            try:
                while not inflater.eof:
                    pending = inflater.unconsumed_tail
                    if not pending:
                        if pos >= len(data):
                            break  # truncated: zipfile will say so
                        pending = view[pos:pos + _CHUNK]
                        pos += len(pending)
                    out = inflater.decompress(pending, _CHUNK)
                    size += len(out)
                    if xml:
                        elements += out.count(b"<")
                    consumed = pos - start - len(inflater.unconsumed_tail)
                    if size > MAX_MEMBER:
                        raise InputError("docx.member_too_large", path, member=name, limit=describe_size(MAX_MEMBER),
                                         size=info.file_size)
                    if size > 1024 * 1024 and size > MAX_RATIO * max(consumed, 1):
                        raise InputError("docx.ratio", path, member=name, ratio=MAX_RATIO)
                    if total + size > MAX_TOTAL:
                        raise InputError("docx.total_too_large", path, limit=describe_size(MAX_TOTAL))
                    if elements > MAX_ELEMENTS:
                        raise InputError("docx.too_many_elements", path, limit=MAX_ELEMENTS)
            except zlib.error as exc:
                raise InputError("docx.bad_zip", path, detail=f"{name}: {exc}") from None
        else:
            raise InputError("docx.compression", path, member=name, method=info.compress_type)
        if size != info.file_size:
            raise InputError("docx.size_mismatch", path, member=name, size=size, declared=info.file_size)
        total += size
        if total > MAX_TOTAL:
            raise InputError("docx.total_too_large", path, limit=describe_size(MAX_TOTAL))
        if elements > MAX_ELEMENTS:
            raise InputError("docx.too_many_elements", path, limit=MAX_ELEMENTS)


def _mark_like(text: str) -> bool:
    """One or two digits or note symbols: what a raised run must be to count as a footnote mark."""
    mark = "".join(text.split())
    return 0 < len(mark) <= 2 and all(ch.isdigit() or ch in "*＊※†‡#＃" for ch in mark)


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
        self.notes = {"footnoteReference": 0, "endnoteReference": 0}  # references met so far
        # paragraph-level elements whose runs are paragraph text
        self.containers = frozenset(qn(t) for t in ("w:hyperlink", "w:smartTag", "w:sdt", "w:sdtContent",
                                                    "w:fldSimple", "w:customXml", "w:dir", "w:bdo", "w:ins",
                                                    "w:moveTo"))
        self.superscript_styles = self._superscript_styles()
        self.hidden_styles = self._hidden_styles()
        self.struck_styles = self._styles_with(self._strike)
        self.images: list = []  # (line index, picture bytes | None, part name or why not)
        self.pending: list = []  # relationship ids of the pictures met since the last line
        self.blip = qn("a:blip")
        self.imagedata = "{urn:schemas-microsoft-com:vml}imagedata"
        self.embed = qn("r:embed")
        self.rid = qn("r:id")
        self.graphics = frozenset((qn("w:drawing"), qn("w:pict"), qn("w:object"),
                                   "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"))

    def _superscript_styles(self) -> set:
        """Ids of the styles whose text is superscript (directly or through ``w:basedOn``)."""
        qn = self.qn

        def own(rpr):
            align = rpr.find(qn("w:vertAlign"))
            return None if align is None else align.get(qn("w:val")) == "superscript"

        return self._styles_with(own)

    def _hidden_styles(self) -> set:
        """Ids of the styles whose text is hidden (``w:vanish``, directly or through ``w:basedOn``)."""
        return self._styles_with(self._vanish)

    def _vanish(self, rpr):
        """Whether run properties hide the text (``w:vanish``, ``w:val`` not false), None if they do not say."""
        return self._toggle(rpr, "w:vanish")

    def _strike(self, rpr):
        """Whether run properties strike the text through (``w:strike``/``w:dstrike``), None if they do not say."""
        one, two = self._toggle(rpr, "w:strike"), self._toggle(rpr, "w:dstrike")
        return None if one is None and two is None else bool(one or two)

    def _toggle(self, rpr, name: str):
        """A toggle property of ``rpr`` (on unless ``w:val`` says 0/false/off), None if absent."""
        prop = rpr.find(self.qn(name))
        return None if prop is None else prop.get(self.qn("w:val"), "true") not in ("0", "false", "off")

    def _styles_with(self, own_value) -> set:
        """Ids of the styles for which ``own_value`` (of a style's ``w:rPr``: True, False or None when
        the style does not say) is True, directly or through ``w:basedOn``."""
        qn = self.qn
        try:
            root = self.document.styles.element
        except Exception:  # no usable styles part: direct formatting only
            return set()
        own, based = {}, {}
        for style in root.iterchildren(qn("w:style")):
            sid = style.get(qn("w:styleId"))
            if sid is None:
                continue
            rpr = style.find(qn("w:rPr"))
            value = own_value(rpr) if rpr is not None else None
            if value is not None:
                own[sid] = value
            parent = style.find(qn("w:basedOn"))
            if parent is not None:
                based[sid] = parent.get(qn("w:val"))
        out = set()
        for sid in set(own) | set(based):
            seen, cur = set(), sid
            while cur is not None and cur not in seen and cur not in own:
                seen.add(cur)
                cur = based.get(cur)
            if cur is not None and own.get(cur):
                out.add(sid)
        return out

    def _look(self, r) -> tuple:
        """(hidden, struck through) for a run, set directly or by its character style.  Word neither
        shows nor prints hidden text (``w:vanish``): a hidden old number beside the new one is no
        digit of it; a struck-through one (``w:strike``, ``w:dstrike``) stands apart as a word."""
        rpr = r.find(self.qn("w:rPr"))
        if rpr is None:
            return False, False
        style = rpr.find(self.qn("w:rStyle"))
        sid = style.get(self.qn("w:val")) if style is not None else None
        vanish, strike = self._vanish(rpr), self._strike(rpr)
        return (vanish if vanish is not None else sid in self.hidden_styles,
                strike if strike is not None else sid in self.struck_styles)

    def _raised(self, r) -> tuple:
        """(superscript, raised by w:position) for a run."""
        qn = self.qn
        rpr = r.find(qn("w:rPr"))
        if rpr is None:
            return False, False
        align = rpr.find(qn("w:vertAlign"))
        if align is not None:
            superscript = align.get(qn("w:val")) == "superscript"
        else:
            style = rpr.find(qn("w:rStyle"))
            superscript = style is not None and style.get(qn("w:val")) in self.superscript_styles
        position = rpr.find(qn("w:position"))
        try:
            raised = position is not None and int(position.get(qn("w:val"), "0")) > 0
        except ValueError:
            raised = False
        return superscript, raised

    def _segments(self, el, out: list) -> None:
        """(text, superscript, raised) per run under a paragraph-level element, in order."""
        qn = self.qn
        for child in el:
            if child.tag == qn("w:r"):
                superscript, raised = self._raised(child)
                hidden, struck = self._look(child)
                text = child.text if not hidden else ""  # python-docx's CT_R.text: w:t, tabs, breaks, hyphens
                if struck and text:
                    text = f" {text} "
                for ref in ("footnoteReference", "endnoteReference"):
                    for note in child.iterchildren(qn("w:" + ref)):
                        self.notes[ref] += 1
                        if note.get(qn("w:customMarkFollows")) not in ("1", "true", "on"):
                            out.append((str(self.notes[ref]), True, False))
                if text:
                    out.append((text, superscript, raised))
                if any(True for g in child if g.tag in self.graphics):
                    self._pictures(child)
            elif child.tag in self.containers:
                self._segments(child, out)

    def _pictures(self, run) -> None:
        """The pictures of a run (DrawingML ``a:blip r:embed``; VML ``v:imagedata r:id`` only where
        the run has no DrawingML picture: Word writes both for one picture)."""
        rids = [b.get(self.embed) for b in run.iter(self.blip) if b.get(self.embed)]
        if not rids:
            rids = [v.get(self.rid) for v in run.iter(self.imagedata) if v.get(self.rid)]
        self.pending.extend(rids)

    def _place_pictures(self) -> None:
        """The pictures met so far stand before the next line."""
        if self.pending:
            from .images import docx_entry

            part = self.document.part
            self.images.extend(docx_entry(len(self.lines), part, rid) for rid in self.pending)
            self.pending = []

    def paragraph_text(self, p) -> str:
        segments: list = []
        self._segments(p, segments)
        parts: list = []
        mark: list = []  # consecutive superscript text, mapped as one mark
        after_text = False  # the paragraph has had text outside marks
        for text, superscript, raised in segments:
            if not superscript and raised and after_text and _mark_like(text):
                superscript = True
            if superscript:
                mark.append(text)
                continue
            if mark:
                append_mark(parts, superscript_mark("".join(mark)))
                mark = []
            parts.append(text)
            after_text = after_text or bool(text.strip())
        if mark:
            append_mark(parts, superscript_mark("".join(mark)))
        return "".join(parts)

    def cell_text(self, tc) -> str:
        return _squash(" ".join(self.paragraph_text(p) for p in tc.iter(self.qn("w:p"))))

    def walk(self, container) -> None:
        for child in container:
            if child.tag == self.qn("w:customXml"):  # custom XML wrapping body content
                self.walk(child)
            elif child.tag == self.qn("w:p"):
                text = _squash(self.paragraph_text(child))
                if text:
                    self.paragraphs += 1
                    self.lines.append(Line([text], {"line": self.paragraphs}, structured=False))
                self._place_pictures()
            elif child.tag == self.qn("w:tbl"):
                self.table(child)
                self._place_pictures()  # pictures in a table's cells: after the table
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
        for r, tr in enumerate(self._wrapped(tbl, "w:tr"), 1):
            if self._deleted_row(tr):
                continue  # a tracked deletion: left out, as deleted text is
            cells = [tc for tc in self._wrapped(tr, "w:tc") if not self._continuation(tc)]
            if not cells:
                continue
            texts = [self.cell_text(tc) for tc in cells]
            for c in range(len(texts)):  # a picture is no blank
                if not texts[c] and any(True for g in cells[c].iter() if g.tag in self.graphics):
                    texts[c] = PICTURE
            self.lines.append(Line(texts, {"table": self.tables, "row": r},
                                   structured=True, cell_prov=[{"col": c} for c in range(1, len(cells) + 1)]))

    def _wrapped(self, parent, tag: str):
        """``parent``'s children named ``tag``, also where Word wraps them in a content control
        (``w:sdt``/``w:sdtContent``) or custom XML (``w:customXml``): a form's rows and cells often
        are — never left out."""
        want = self.qn(tag)
        wrappers = (self.qn("w:sdt"), self.qn("w:sdtContent"), self.qn("w:customXml"))
        for child in parent.iterchildren():
            if child.tag == want:
                yield child
            elif child.tag in wrappers:
                yield from self._wrapped(child, tag)

    def _deleted_row(self, tr) -> bool:
        """A row deleted with changes tracked (``w:trPr/w:del``)."""
        return tr.find(f"{self.qn('w:trPr')}/{self.qn('w:del')}") is not None

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
        raise InputError("docx.unreadable", path, detail=message) from None
    return RawDocument(walker.lines, fmt, path, images=walker.images)
