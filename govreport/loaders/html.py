"""HTML (CMS pages, saved web pages, Word-exported HTML) → lines for the template parser.

The body is walked in document order.  Each row of an innermost ``<table>`` is
one structured line, one cell per ``<td>``/``<th>`` (a colspan cell once; a
rowspan cell only on its first row).  A cell's text is all its text runs
joined without separators (``20</span><span>23`` → ``2023``); ``<br>`` and
block boundaries inside a cell become one space.  Outside tables every block
element (``<p>``, ``<div>``, ``<h1>``…, ``<li>``) gives one paragraph line.
Tables that contain tables are layout: their cells are walked as containers.
"""

from __future__ import annotations

import codecs

import lxml.etree
import lxml.html

from ..decode import decode
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
    try:
        charset = _sniff_charset(data)
    except (lxml.etree.ParserError, ValueError):
        charset = None
    if charset:
        try:
            return data.decode(charset).lstrip("\ufeff")
        except (UnicodeDecodeError, LookupError):
            pass
    return decode(data, path)[0]


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
            if tag:
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
            if tag:
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
    try:
        # bytes with a declared encoding: lxml refuses str input carrying an XML encoding declaration
        doc = lxml.html.document_fromstring(text.encode("utf-8"),
                                            parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"cannot parse the HTML: {exc}", path) from None
    body = doc.find("body")
    walker = _Walker()
    walker.walk(body if body is not None else doc)
    walker.flush()
    return RawDocument(walker.lines, fmt, path, _title_hint(doc))
