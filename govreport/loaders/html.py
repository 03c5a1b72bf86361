"""HTML (CMS pages, saved web pages, Word-exported HTML) → lines for the template parser.

The body is walked in document order.  Each row of an innermost ``<table>`` is
one structured line, one cell per ``<td>``/``<th>`` (a colspan cell once; a
rowspan cell only on its first row).  A cell's text is all its text runs
joined without separators (``20</span><span>23`` → ``2023``); ``<br>`` and
block boundaries inside a cell become one space.  Outside tables every block
element (``<p>``, ``<div>``, ``<h1>``…, ``<li>``) gives one paragraph line; the body's own text
before its first element is read too.  A ``<pre>`` holding only text (an archived text report) is
read line by line as a text file is.  Tables that contain tables are layout: their cells are walked
as containers.

The page is parsed once, by lxml's HTML parser (``huge_tree``; a ``<meta>`` charset is looked for in
the first 16 KiB only when they hold a ``<meta`` tag), and walked by lxml (``iterwalk`` events,
``skip_subtree`` for chrome, marks and data tables), not by Python recursion.

Hidden, deleted and struck text.  Deleted text (``<del>``, as Word's ``w:del``) is left out.  Inside
a table cell (and a ``<pre>``, and a footnote mark), an element styled out of sight —
``display:none``, ``visibility:hidden``, Word's ``mso-hide:all`` — is left out, as the page shows
it: ``12<span style="display:none">3</span>`` is 12, never 123; struck-through text (``<s>``,
``<strike>``, ``line-through``) stands apart, as a word of its own: ``<s>15</s>12`` is two numbers,
refused by the parser, never 1512.  Outside cells hidden paragraphs are read (a page may show its
report's text by script).

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

Pictures.  Every ``<img>`` outside data tables is recorded with the place of the line it stands
before (after the paragraph holding it) and its ``src`` (:attr:`RawDocument.images`; resolved by
:func:`govreport.loaders.images.html_sources`: data URIs and files in the page's folder, never the
network); a report whose tables are pictures reads them by OCR (:mod:`govreport.loaders.images`).
Inside a table cell an ``<img>`` is an inline element with no text; a cell that shows a picture
and no text reads :data:`govreport.parse.numbers.PICTURE`, which the parser refuses where a number
stands (a number printed as a picture is never a blank) and passes over elsewhere (a diagonal
header drawn as a picture).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import lxml.etree

from ..decode import bom, decode, wide_guess
from ..errors import InputError
from ..parse import Line, RawDocument
from ..parse.numbers import PICTURE

# Elements whose content is not report text.
_DROP = frozenset({"head", "script", "style", "noscript", "template", "nav", "footer", "iframe",
                   "object", "embed", "svg", "select", "option", "button", "textarea", "del"})
# Elements that start a new paragraph (outside tables) or a space (inside a cell).
_BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
                    "section", "article", "header", "main", "aside", "blockquote", "pre", "address",
                    "center", "form", "fieldset", "figure", "figcaption", "hr", "br", "table", "tbody",
                    "thead", "tfoot", "tr", "td", "th", "caption", "body", "html"})
_TITLE_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


_META = re.compile(rb"<meta", re.I)


def _sniff_charset(data: bytes) -> str | None:
    """The encoding declared by ``<meta charset>`` or ``<meta http-equiv=Content-Type>``."""
    if not _META.search(data, 0, 16384):
        return None  # no <meta> tag in the first 16 KiB: nothing to parse for
    # lxml's plain parser (lxml.html's element classes are not needed to read attributes)
    head = lxml.etree.fromstring(data[:16384].decode("latin-1") or "<html></html>", lxml.etree.HTMLParser())
    if head is None:
        raise lxml.etree.ParserError("Document is empty")
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
    page = _page(data, path)
    return page.decode("utf-8") if isinstance(page, bytes) else page


def _page(data: bytes, path: str):
    """:func:`_text_of`, except that a page declared UTF-8 that decodes as UTF-8 is returned as its
    bytes (decoded only to check it): the parser reads UTF-8, so it is not encoded again."""
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
            text = data.decode(charset)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            if charset == "utf-8" and not text.startswith("\ufeff"):
                return data  # valid UTF-8: encoding the text again gives these bytes
            return text.lstrip("\ufeff")
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


# What an element is to the walk (:func:`_kind`).
# ``_IMAGE`` (``<img>``) stands before ``_BLOCKED``: inside a cell it is read as an inline element.
# ``_PRE`` (``<pre>``) is a block like the others but in the walk outside tables (:func:`_walk`).
_CHROME, _MARK, _INLINE, _IMAGE, _BLOCKED, _TABLE, _PRE = range(7)
# Word-export pages repeat a few dozen style and class attributes on thousands of elements: their
# reading is remembered (at most 4096 of each, then forgotten and started again).
_SUPER, _HIDDEN, _STRUCK = 1, 2, 4  # what a style attribute says (:func:`_style`)
_styles: dict = {}  # style attribute → its _SUPER | _HIDDEN | _STRUCK (Word repeats its styles)
_HIDING = ("display:none", "visibility:hidden", "mso-hide:all")
_STRIKE_TAGS = frozenset({"s", "strike"})


def _style(style: str) -> int:
    """What a style attribute says, any case, any whitespace: ``_SUPER`` (``vertical-align: super``),
    ``_HIDDEN`` (``display:none``, ``visibility:hidden``, Word's hidden text ``mso-hide:all``),
    ``_STRUCK`` (``text-decoration: line-through``), or'd together."""
    found = _styles.get(style)
    if found is None:
        if len(_styles) >= 4096:
            _styles.clear()
        squeezed = "".join(style.lower().split())
        found = _styles[style] = ((_SUPER if "vertical-align:super" in squeezed else 0)
                                  | (_HIDDEN if any(h in squeezed for h in _HIDING) else 0)
                                  | (_STRUCK if "line-through" in squeezed else 0))
    return found


_class_kinds: dict = {}  # class attribute → _CHROME (footer), _MARK (note reference) or _INLINE


def _class_kind(classes: str) -> int:
    found = _class_kinds.get(classes)
    if found is None:
        if len(_class_kinds) >= 4096:
            _class_kinds.clear()
        words = classes.lower().split()
        found = _class_kinds[classes] = (_CHROME if "footer" in words else _MARK if (
            "msofootnotereference" in words or "msoendnotereference" in words) else _INLINE)
    return found


def _kind(el, in_cell: bool = False) -> int:
    """``_CHROME`` for comments, processing instructions and page chrome (``<nav>``, ``<footer>``,
    ``role=navigation``, ``class="footer"``, ``id=footer``…: left out with their content, their tail
    kept); ``_MARK`` for superscript text — ``<sup>``, or an inline element styled ``vertical-align:
    super`` or classed as a Word-export footnote/endnote reference; ``_TABLE`` for ``<table>``;
    ``_PRE`` for ``<pre>``; ``_BLOCKED`` for other block elements; ``_IMAGE`` for ``<img>``;
    ``_INLINE`` for the rest (Word's ``o:p`` included).

    ``in_cell`` (the text of a table cell, a ``<pre>`` or a mark): an element styled out of sight is
    ``_CHROME`` too, and struck-through inline text (``<s>``, ``<strike>``, ``line-through``) is
    ``_BLOCKED``, a word of its own."""
    tag = el.tag
    if not isinstance(tag, str):
        return _CHROME
    tag = tag.lower()
    if tag in _DROP:
        return _CHROME
    # The attribute names first (one call): an attribute is read only when the element has it — most
    # have a style and perhaps a class, few a role or an id (a missed ``get`` costs about as much as a hit).
    names = el.keys()
    classes = _INLINE
    looks = 0  # what its style says (_style), read once, when needed
    if names:
        get = el.get
        if "role" in names:
            role = get("role")
            if role and role.lower() in ("navigation", "contentinfo"):
                return _CHROME
        if "class" in names:
            found = get("class")
            if found:
                classes = _class_kind(found)
                if classes == _CHROME:
                    return _CHROME
        if "id" in names:
            ident = get("id")
            if ident and ident.lower() == "footer":
                return _CHROME
        if in_cell and "style" in names:
            style = get("style")
            looks = _style(style) if style else 0
            if looks & _HIDDEN:
                return _CHROME  # text the page does not show: never glued into a cell's number
    if tag == "sup":
        return _MARK
    if tag == "img":
        return _IMAGE
    if tag in _BLOCK:
        return _TABLE if tag == "table" else _PRE if tag == "pre" else _BLOCKED
    if not in_cell and "style" in names:
        style = el.get("style")
        looks = _style(style) if style else 0
    if looks & _SUPER or classes == _MARK:
        return _MARK
    if in_cell and (looks & _STRUCK or tag in _STRIKE_TAGS):
        return _BLOCKED  # struck-through text stands apart: a crossed-out number is no digit of the next
    return _INLINE


# The tree is walked by lxml (``iterwalk``: start/end events in document order, ``skip_subtree`` for
# page chrome, footnote marks and data tables), never by Python recursion: nesting as deep as
# libxml2 allows costs no Python stack.  Comments and processing instructions come as their own
# events: their text is dropped, their tail kept.
_EVENTS = ("start", "end", "comment", "pi")
_iterwalk = lxml.etree.iterwalk
_string = lxml.etree.XPath("string()")


def _inner_text(el) -> str:
    """All text under ``el`` (page chrome and comments left out), joined without separators."""
    if not len(el):
        return el.text or ""
    parts: list = []
    append = parts.append
    walk = _iterwalk(el, events=_EVENTS)
    next(walk)  # el itself
    if el.text:
        append(el.text)
    for event, node in walk:
        if event == "start":
            if _kind(node, True) == _CHROME:
                walk.skip_subtree()
            elif text := node.text:
                append(text)
        elif tail := node.tail:  # "end", "comment", "pi"
            append(tail)
    if el.tail:  # el's own end event added it
        parts.pop()
    return "".join(parts)


def _is_layout(table) -> bool:
    return next(table.iterdescendants("table"), None) is not None


def _cell_text(cell) -> str:
    """A cell's text: its text runs joined without separators, a block boundary or ``<br>`` one
    space, superscript text a footnote mark, whitespace squashed."""
    text = cell.text
    if not len(cell):
        return _squash(text) if text else ""
    return _squash(_flow_text(cell, " "))


def _flow_text(top, brk: str) -> str:
    """The text under ``top`` (its own tail left out): text runs joined without separators, ``brk``
    at a block boundary or ``<br>``, superscript text a footnote mark, page chrome, comments and
    pictures left out."""
    text = top.text
    parts: list = [text] if text else []
    append = parts.append
    blocks = [False]  # per open element: does it end with ``brk`` (a block)?
    push, pop = blocks.append, blocks.pop
    walk = _iterwalk(top, events=_EVENTS)
    next(walk)  # top itself
    for event, el in walk:
        if event == "start":
            kind = _kind(el, True)
            if kind >= _BLOCKED:
                append(brk)
                if text := el.text:
                    append(text)
                push(True)
            elif kind == _INLINE:
                if text := el.text:
                    append(text)
                push(False)
            else:
                if kind == _MARK:
                    append_mark(parts, superscript_mark(_inner_text(el)))
                walk.skip_subtree()
                push(False)
        else:
            if event == "end" and pop():
                append(brk)
            if tail := el.tail:
                append(tail)
    if top.tail:  # top's own end event added it
        parts.pop()
    return "".join(parts)


def _table_lines(table, n: int) -> list:
    """The lines of data table number ``n`` (a table with no table inside, so every row below it
    is its own): one per row with cells, one cell per ``<td>``/``<th>`` child."""
    lines = []
    pictures = next(table.iter("img"), None) is not None
    for r, tr in enumerate(table.iterdescendants("tr"), 1):
        cells = [td for td in tr.iterchildren("td", "th") if _kind(td) != _CHROME]
        if cells:
            texts = [_cell_text(td) for td in cells]
            for c in range(len(texts) if pictures else 0):  # a picture is no blank
                if not texts[c] and next(cells[c].iter("img"), None) is not None:
                    texts[c] = PICTURE
            lines.append(Line(texts, {"table": n, "row": r}, structured=True,
                              cell_prov=[{"col": c} for c in range(1, len(cells) + 1)]))
    return lines


def _pre_text(pre) -> str:
    """A ``<pre>``'s text with its line breaks: ``<br>`` and block elements inside it break the line,
    superscript text is a footnote mark, page chrome and comments are left out."""
    return _flow_text(pre, "\n")


def _walk(root, images: list | None = None) -> list:
    """The lines of ``root``'s content, in document order (``root``'s own tail is not read).
    ``images``, a list, receives ``(line index, src)`` for every ``<img>`` outside data
    tables: the index of the line it stands before (after the paragraph holding it).

    A ``<pre>`` holding only text is read line by line as a plain-text file is
    (:func:`govreport.loaders.text.lines_of`: whitespace-, pipe- or tab-separated cells, text laid out
    in columns): archived text reports are published in one.  Each of its lines counts as a paragraph."""
    if images is None:
        images = []
    lines: list = []
    buffer: list = []
    append = buffer.append
    paragraphs = tables = 0

    def flush() -> None:
        nonlocal paragraphs
        if buffer:
            text = _squash("".join(buffer))
            buffer.clear()
            if text:
                paragraphs += 1
                lines.append(Line([text], {"line": paragraphs}, structured=False))

    blocks = [False]  # per open element: is it a block (a paragraph ends with it)?
    push, pop = blocks.append, blocks.pop
    walk = _iterwalk(root, events=_EVENTS)
    next(walk)  # root itself
    if root.text:  # text before the first element (``<body>总体情况<br>…``)
        append(root.text)
    for event, el in walk:
        if event == "start":
            kind = _kind(el)
            if kind == _INLINE:
                if text := el.text:
                    append(text)
                push(False)
            elif kind == _PRE and next(el.iter("table", "img"), None) is None:  # text only
                from .text import lines_of

                flush()
                read = lines_of(_pre_text(el))
                for line in read:
                    line.prov = dict(line.prov, line=paragraphs + line.prov["line"])
                paragraphs = max((line.prov["line"] for line in read), default=paragraphs)
                lines.extend(read)
                walk.skip_subtree()
                push(True)
            elif kind == _BLOCKED or kind == _PRE or kind == _TABLE and _is_layout(el):
                flush()
                if text := el.text:
                    append(text)
                push(True)
            elif kind == _TABLE:
                flush()
                tables += 1
                lines.extend(_table_lines(el, tables))
                walk.skip_subtree()
                push(False)
            elif kind == _MARK and next(el.iter("table"), None) is None:
                append_mark(buffer, superscript_mark(_inner_text(el)))
                walk.skip_subtree()
                push(False)
            elif kind == _MARK:  # a superscript holding a table: read as ordinary inline text
                if text := el.text:
                    append(text)
                push(False)
            elif kind == _IMAGE:  # after the paragraph it stands in, if that has text
                images.append((len(lines) + any(part.strip() for part in buffer), el.get("src")))
                push(False)
            else:
                walk.skip_subtree()
                push(False)
        else:
            if event == "end" and pop():
                flush()
            if tail := el.tail:
                append(tail)
    if root.tail:  # root's own end event added it
        buffer.pop()
    flush()
    return lines


def _title_hint(doc) -> str | None:
    for meta in doc.iter("meta"):
        if (meta.get("name") or "").lower() == "articletitle" and (meta.get("content") or "").strip():
            return _squash(meta.get("content"))
    for el in doc.iter(*_TITLE_TAGS):
        text = _squash(_string(el))
        if "政府信息公开" in text and "报告" in text:
            return text
    title = doc.find(".//title")
    if title is not None:
        text = _squash(_string(title))
        at = text.find("报告")
        if at >= 0:
            rest = text[at + 2:]
            cut = min((i for i in (rest.find("_"), rest.find("-")) if i >= 0), default=-1)
            if cut >= 0:
                text = text[:at + 2] + rest[:cut]
            return text.strip() or None
    return None


def read(data: bytes, path: str, fmt: str = "html") -> RawDocument:
    page = _page(data, path)
    # huge_tree lifts libxml2's 10 MB text-node and 256-level depth limits (the input is already
    # capped by the loader's byte limit); whatever libxml2 still cuts off (nesting past 2048
    # levels) is in its error log and refuses the file — never a silently truncated page.
    # One parse, by lxml's own HTML parser (plain elements: no Python element-class lookup).
    parser = lxml.etree.HTMLParser(encoding="utf-8", huge_tree=True)
    try:
        # bytes with a declared encoding: lxml refuses str input carrying an XML encoding declaration
        doc = lxml.etree.fromstring(page if isinstance(page, bytes) else page.encode("utf-8"), parser)
        if doc is None:
            raise lxml.etree.ParserError("Document is empty")
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise InputError("html.unparsable", path, detail=str(exc).splitlines()[0] if str(exc) else exc) from None
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT" or entry.level_name == "FATAL":
            message = " ".join(entry.message.split()).split(", use XML_PARSE_HUGE")[0]
            raise InputError("html.limits", path, line=entry.line, detail=message)
    body = doc.find("body")
    found: list = []
    lines = _walk(body if body is not None else doc, found)
    images = []
    if found:
        from .images import html_sources

        images = html_sources(found, path)
    return RawDocument(lines, fmt, path, _title_hint(doc), images)
