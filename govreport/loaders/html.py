"""HTML (CMS pages, saved web pages, Word-exported HTML) → lines for the template parser.

The body is walked in document order.  Each row of an innermost ``<table>`` is
one structured line, one cell per ``<td>``/``<th>`` (a colspan cell once; a
rowspan cell only on its first row).  A cell's text is all its text runs
joined without separators (``20</span><span>23`` → ``2023``); ``<br>`` and
block boundaries inside a cell become one space.  Outside tables every block
element (``<p>``, ``<div>``, ``<h1>``…, ``<li>``) gives one paragraph line.
Tables that contain tables are layout: their cells are walked as containers.

Footnote marks.  Superscript text — a ``<sup>`` element, an element styled
``vertical-align: super``, or Word-export ``MsoFootnoteReference`` /
``MsoEndnoteReference`` spans — is never glued into the number before it as
ordinary digits (``2293<sup>1</sup>`` is not 22931).  :func:`superscript_mark`
turns it into Unicode superscript characters, with no separator, so the cell
reads ``2293¹`` and the parser's cell grammar splits the trailing mark off as
a note:

* the mark is NFKC-folded (``（１）`` → ``(1)``, ``①`` → ``1``, ``＊`` → ``*``) and every digit
  in it becomes a superscript digit ``⁰¹²³⁴⁵⁶⁷⁸⁹`` — no ordinary digit is ever left in a mark;
* a mark made only of digits, ``+ - − =``, brackets and note symbols
  (``* ※ † ‡ # §``) maps ``+ - − =`` → ``⁺ ⁻ ⁻ ⁼`` and ``( ) [ ]`` → ``⁽ ⁾`` and keeps the
  symbols (``<sup>[1]</sup>`` → ``⁽¹⁾``, ``<sup>*</sup>`` → ``*``, ``<sup>1*</sup>`` → ``¹*``);
* any other mark (letters, 注…) keeps its other characters and is wrapped in ``⁽…⁾``
  (``<sup>注1</sup>`` and ``<sup>（注1）</sup>`` → ``⁽注¹⁾``, which NFKC folds to ``(注1)``;
  ``<sup>a</sup>`` → ``⁽a⁾``);
* whitespace inside a mark, and before it, is dropped (``2293 <sup>1</sup>`` → ``2293¹``);
  a mark of whitespace only stays whitespace.

``<sub>`` text is read as ordinary text.  The DOCX loader uses the same mapping.
"""

from __future__ import annotations

import codecs
import sys
import unicodedata

import lxml.etree
import lxml.html

from ..decode import bom, decode, wide_guess
from ..errors import InputError
from ..parse import Line, RawDocument

# Elements whose content is not report text.
_DROP = frozenset({"head", "script", "style", "noscript", "template", "nav", "footer", "iframe",
                   "object", "embed", "svg", "select", "option", "button", "textarea"})
# Elements that start a new paragraph (outside tables) or a space (inside a cell).
_BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
                    "section", "article", "header", "main", "aside", "blockquote", "pre", "address",
                    "center", "form", "fieldset", "figure", "figcaption", "hr", "br", "table", "tbody",
                    "thead", "tfoot", "tr", "td", "th", "caption", "body", "html"})
_MAX_DEPTH = 2048  # libxml2's nesting limit with huge_tree
_TITLE_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _sniff_charset(data: bytes) -> str | None:
    """The encoding declared by ``<meta charset>`` or ``<meta http-equiv=Content-Type>``."""
    head = lxml.html.document_fromstring(data[:16384].decode("latin-1") or "<html></html>")
    for meta in head.iter("meta"):
        charset = meta.get("charset")
        if not charset and (meta.get("http-equiv") or "").strip().lower() == "content-type":
            content = (meta.get("content") or "").lower()
            if "charset=" in content:
                charset = content.split("charset=", 1)[1].split(";")[0]
        if charset:
            charset = charset.strip().strip("'\"").lower()
            try:
                name = codecs.lookup(charset).name
            except LookupError:
                return None
            # pages labelled GB2312/GBK routinely use GB18030 characters
            return "gb18030" if name in ("gb2312", "gbk") else name
    return None


def _text_of(data: bytes, path: str) -> str:
    """The page as text: a byte-order mark or UTF-16/UTF-32 bytes decide first (the HTML rule),
    then ``<meta charset>`` (a declared UTF-16/32 on ASCII-compatible bytes is ignored), then
    :func:`govreport.decode.decode`."""
    if wide_guess(data[:8192]) or bom(data):
        return decode(data, path)[0]
    try:
        charset = _sniff_charset(data)
    except (lxml.etree.ParserError, ValueError):
        charset = None
    if charset and charset.startswith(("utf-16", "utf-32")):
        charset = None
    if charset:
        try:
            return data.decode(charset).lstrip("\ufeff")
        except (UnicodeDecodeError, LookupError):
            pass
    return decode(data, path)[0]


_SUPER_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_SIGNS = str.maketrans("+-−=()[]", "⁺⁻⁻⁼⁽⁾⁽⁾")
_SUPERSCRIPT_CHARS = frozenset(_SUPER_DIGITS + "⁺⁻⁼⁽⁾")
# note symbols kept as they are inside a mark (after NFKC: ＊ → *, ＃ → #)
_NOTE_SYMBOLS = frozenset("*※†‡#§")


def _digits_up(text: str) -> str:
    return "".join(_SUPER_DIGITS[unicodedata.digit(ch)] if ch.isdigit() and unicodedata.digit(ch, None) is not None
                   else ch for ch in text)


def superscript_mark(text: str) -> str:
    """Superscript text (a footnote mark) as Unicode superscript characters, with no separator:
    ``"1"`` → ``"¹"``, ``"[12]"`` → ``"⁽¹²⁾"``, ``"*"`` → ``"*"``, ``"注1"`` → ``"⁽注¹⁾"``.
    No ordinary digit is ever left in a mark."""
    mark = unicodedata.normalize("NFKC", "".join(text.split()))
    if not mark:
        return text  # whitespace stays whitespace
    mark = _digits_up(mark)
    if all(ch in _SUPERSCRIPT_CHARS or ch in _NOTE_SYMBOLS or ch in "+-−=()[]" for ch in mark):
        return mark.translate(_SUPER_SIGNS)
    if len(mark) > 2 and mark[0] in "([【" and mark[-1] in ")]】":
        mark = mark[1:-1]  # already bracketed: one pair of brackets, not two
    return "⁽" + mark + "⁾"


def append_mark(parts: list, mark: str) -> None:
    """Append a footnote mark to text parts, dropping the whitespace before it: ``2293 <sup>1</sup>`` →
    ``2293¹`` (a separator would make the mark a second number)."""
    if mark.strip():
        while parts and not parts[-1].strip():
            parts.pop()
        if parts:
            parts[-1] = parts[-1].rstrip()
    parts.append(mark)


def _squash(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _tag(el) -> str:
    """Lower-case tag name (Word's ``o:p`` stays inline); '' for comments, processing
    instructions and page chrome (``<nav>``, ``<footer>``, ``role=navigation``, ``class="footer"``)."""
    if not isinstance(el.tag, str):
        return ""
    tag = el.tag.lower()
    if tag in _DROP or (el.get("role") or "").lower() in ("navigation", "contentinfo"):
        return ""
    if "footer" in (el.get("class") or "").lower().split() or (el.get("id") or "").lower() == "footer":
        return ""
    return tag


def _is_superscript(el, tag: str) -> bool:
    """``<sup>``, or an inline element styled ``vertical-align: super`` or classed as a Word-export
    footnote/endnote reference."""
    if tag == "sup":
        return True
    if tag in _BLOCK:
        return False
    style = "".join((el.get("style") or "").lower().split())
    if "vertical-align:super" in style:
        return True
    classes = (el.get("class") or "").lower().split()
    return "msofootnotereference" in classes or "msoendnotereference" in classes


def _inner_text(el) -> str:
    """All text under ``el`` (page chrome and comments left out), joined without separators."""
    parts = [el.text or ""]
    for child in el:
        if _tag(child):
            parts.append(_inner_text(child))
        if child.tail:
            parts.append(child.tail)
    return "".join(parts)


def _is_layout(table) -> bool:
    return any(True for _ in table.iterdescendants("table"))


def _rows(table) -> list:
    """The table's own rows (not those of nested tables)."""
    return [tr for tr in table.iterdescendants("tr") if next(tr.iterancestors("table")) is table]


def _cell_text(cell) -> str:
    parts: list = []

    def walk(el) -> None:
        for child in el:
            tag = _tag(child)
            if tag and _is_superscript(child, tag):
                append_mark(parts, superscript_mark(_inner_text(child)))
            elif tag:
                block = tag in _BLOCK
                if block:
                    parts.append(" ")
                if child.text:
                    parts.append(child.text)
                walk(child)
                if block:
                    parts.append(" ")
            if child.tail:
                parts.append(child.tail)

    if cell.text:
        parts.append(cell.text)
    walk(cell)
    return _squash("".join(parts))


class _Walker:
    def __init__(self):
        self.lines: list = []
        self.buffer: list = []
        self.paragraphs = 0
        self.tables = 0

    def flush(self) -> None:
        text = _squash("".join(self.buffer))
        self.buffer = []
        if text:
            self.paragraphs += 1
            self.lines.append(Line([text], {"line": self.paragraphs}, structured=False))

    def table(self, table) -> None:
        self.flush()
        self.tables += 1
        for r, tr in enumerate(_rows(table), 1):
            cells = [td for td in tr if _tag(td) in ("td", "th")]
            if not cells:
                continue
            self.lines.append(Line([_cell_text(td) for td in cells], {"table": self.tables, "row": r},
                                   structured=True, cell_prov=[{"col": c} for c in range(1, len(cells) + 1)]))

    def walk(self, el) -> None:
        for child in el:
            tag = _tag(child)
            if tag and _is_superscript(child, tag) and not any(True for _ in child.iter("table")):
                append_mark(self.buffer, superscript_mark(_inner_text(child)))
            elif tag:
                if tag == "table" and not _is_layout(child):
                    self.table(child)
                else:
                    block = tag in _BLOCK
                    if block:
                        self.flush()
                    if child.text:
                        self.buffer.append(child.text)
                    self.walk(child)
                    if block:
                        self.flush()
            if child.tail:
                self.buffer.append(child.tail)


def _title_hint(doc) -> str | None:
    for meta in doc.iter("meta"):
        if (meta.get("name") or "").lower() == "articletitle" and (meta.get("content") or "").strip():
            return _squash(meta.get("content"))
    for el in doc.iter(*_TITLE_TAGS):
        text = _squash(el.text_content())
        if "政府信息公开" in text and "报告" in text:
            return text
    title = doc.find(".//title")
    if title is not None:
        text = _squash(title.text_content())
        at = text.find("报告")
        if at >= 0:
            rest = text[at + 2:]
            cut = min((i for i in (rest.find("_"), rest.find("-")) if i >= 0), default=-1)
            if cut >= 0:
                text = text[:at + 2] + rest[:cut]
            return text.strip() or None
    return None


def read(data: bytes, path: str, fmt: str = "html") -> RawDocument:
    text = _text_of(data, path)
    # huge_tree lifts libxml2's 10 MB text-node and 256-level depth limits (the input is already
    # capped by the loader's byte limit); whatever libxml2 still cuts off (nesting past 2048
    # levels) is in its error log and refuses the file — never a silently truncated page.
    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)
    try:
        # bytes with a declared encoding: lxml refuses str input carrying an XML encoding declaration
        doc = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise InputError("html.unparsable", path, detail=str(exc).splitlines()[0] if str(exc) else exc) from None
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT" or entry.level_name == "FATAL":
            message = " ".join(entry.message.split()).split(", use XML_PARSE_HUGE")[0]
            raise InputError("html.limits", path, line=entry.line, detail=message)
    body = doc.find("body")
    walker = _Walker()
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 3 * _MAX_DEPTH + 1000))  # the walk recurses once per level
    try:
        walker.walk(body if body is not None else doc)
    finally:
        sys.setrecursionlimit(limit)
    walker.flush()
    return RawDocument(walker.lines, fmt, path, _title_hint(doc))
