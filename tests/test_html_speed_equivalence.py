"""The HTML loader (one lxml parse, walked by ``lxml.etree.iterwalk``) reads every page exactly as the
recursive walker it replaced (issue 12): the same lines, cells, provenance and title hint.

The old walker is kept below as the reference — a plain recursive reading of the module's
documented rules over ``lxml.html`` elements — and the loader's output is compared with it, line
for line, on the real pages of the shared corpus, on generated pages (``govreport.output.html`` and
``generate.markdown_to_html``) and on seeded random pages built from the constructs the rules are
about (page chrome, superscript marks, comments, layout tables, ``rowspan``/``colspan``, Word's
``o:p``, ``&nbsp;``, GB18030 bytes).  Pinning lines against a reference, rather than only comparing
the parsed reports with the corpus's expected JSON (``test_corpus.py`` does that), also catches a
change in provenance or in a cell the parser happens to ignore.  No timings here: see
``benchmarks/bench_html.py``.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from govreport.errors import InputError

from govreport.generate import markdown_to_html, random_report, write
from govreport.loaders import html as loader
from govreport.loaders import loads
from govreport.loaders.text import lines_of
from govreport.output.html import to_html
from govreport.parse import Line

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
PAGES = sorted(CORPUS.glob("*.html"))


# ---- the reference: the walker as it was before issue 12 -------------------------------------

def _ref_tag(el) -> str:
    if not isinstance(el.tag, str):
        return ""
    tag = el.tag.lower()
    if tag in loader._DROP or (el.get("role") or "").lower() in ("navigation", "contentinfo"):
        return ""
    if "footer" in (el.get("class") or "").lower().split() or (el.get("id") or "").lower() == "footer":
        return ""
    return tag


def _ref_is_superscript(el, tag: str) -> bool:
    if tag == "sup":
        return True
    if tag in loader._BLOCK:
        return False
    if "vertical-align:super" in "".join((el.get("style") or "").lower().split()):
        return True
    classes = (el.get("class") or "").lower().split()
    return "msofootnotereference" in classes or "msoendnotereference" in classes


def _ref_hidden(el) -> bool:
    squeezed = "".join((el.get("style") or "").lower().split())
    return any(h in squeezed for h in ("display:none", "visibility:hidden", "mso-hide:all"))


def _ref_struck(el, tag: str) -> bool:
    return tag in ("s", "strike") or "line-through" in "".join((el.get("style") or "").lower().split())


def _ref_inner_text(el) -> str:
    parts = [el.text or ""]
    for child in el:
        if _ref_tag(child) and not _ref_hidden(child):
            parts.append(_ref_inner_text(child))
        if child.tail:
            parts.append(child.tail)
    return "".join(parts)


def _ref_flow_text(top, brk: str) -> str:
    parts: list = []

    def walk(el) -> None:
        for child in el:
            tag = _ref_tag(child) if not _ref_hidden(child) else ""
            if tag and _ref_is_superscript(child, tag):
                loader.append_mark(parts, loader.superscript_mark(_ref_inner_text(child)))
            elif tag:
                block = tag in loader._BLOCK or tag != "img" and _ref_struck(child, tag)
                if block:
                    parts.append(brk)
                if child.text:
                    parts.append(child.text)
                walk(child)
                if block:
                    parts.append(brk)
            if child.tail:
                parts.append(child.tail)

    if top.text:
        parts.append(top.text)
    walk(top)
    return "".join(parts)


def _ref_cell_text(cell) -> str:
    return loader._squash(_ref_flow_text(cell, " "))


def _ref_pre_text(pre) -> str:
    return _ref_flow_text(pre, "\n")


class _RefWalker:
    def __init__(self):
        self.lines, self.buffer, self.paragraphs, self.tables = [], [], 0, 0

    def flush(self) -> None:
        text = loader._squash("".join(self.buffer))
        self.buffer = []
        if text:
            self.paragraphs += 1
            self.lines.append(Line([text], {"line": self.paragraphs}, structured=False))

    def table(self, table) -> None:
        self.flush()
        self.tables += 1
        rows = [tr for tr in table.iterdescendants("tr") if next(tr.iterancestors("table")) is table]
        for r, tr in enumerate(rows, 1):
            cells = [td for td in tr if _ref_tag(td) in ("td", "th")]
            if cells:
                self.lines.append(Line([_ref_cell_text(td) for td in cells], {"table": self.tables, "row": r},
                                       structured=True, cell_prov=[{"col": c} for c in range(1, len(cells) + 1)]))

    def walk(self, el) -> None:
        for child in el:
            tag = _ref_tag(child)
            if tag and _ref_is_superscript(child, tag) and not any(True for _ in child.iter("table")):
                loader.append_mark(self.buffer, loader.superscript_mark(_ref_inner_text(child)))
            elif tag:
                if tag == "table" and not any(True for _ in child.iterdescendants("table")):
                    self.table(child)
                elif tag == "pre" and not any(True for _ in child.iter("table", "img")):
                    self.flush()
                    for line in lines_of(_ref_pre_text(child)):  # read as a text file is
                        line.prov = {"line": self.paragraphs + line.prov["line"]}
                        self.lines.append(line)
                    self.paragraphs = max([self.paragraphs] + [line.prov["line"] for line in self.lines
                                                               if "line" in line.prov])
                else:
                    block = tag in loader._BLOCK
                    if block:
                        self.flush()
                    if child.text:
                        self.buffer.append(child.text)
                    self.walk(child)
                    if block:
                        self.flush()
            if child.tail:
                self.buffer.append(child.tail)


def reference_lines(data: bytes) -> list:
    doc = _reference_doc(data)
    body = doc.find("body")
    walker = _RefWalker()
    root = body if body is not None else doc
    if root.text:
        walker.buffer.append(root.text)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10000))
    try:
        walker.walk(root)
    finally:
        sys.setrecursionlimit(limit)
    walker.flush()
    return [_line(line) for line in walker.lines]


def _line(line: Line) -> tuple:
    return line.cells, line.prov, line.structured, line.cell_prov


def loader_lines(data: bytes, path: str = "x.html") -> list:
    return [_line(line) for line in loader.read(data, path, "html").lines]


def assert_same(data: bytes, path: str = "x.html") -> None:
    got, want = loader_lines(data, path), reference_lines(data)
    for k, (a, b) in enumerate(zip(got, want)):
        assert a == b, f"{path}: line {k + 1} differs"
    assert len(got) == len(want), path


# ---- real pages ----------------------------------------------------------------------------

@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_corpus_page_lines_are_unchanged(page):
    if not page.exists():
        pytest.skip("shared corpus not present")
    data = page.read_bytes()
    assert_same(data, str(page))
    lines = loader.read(data, str(page), "html").lines
    assert any(line.structured for line in lines)
    for line in lines:  # provenance shape: rows carry table/row and one {"col": c} per cell
        if line.structured:
            assert set(line.prov) == {"table", "row"} and line.cell_prov == [
                {"col": c} for c in range(1, len(line.cells) + 1)]
        else:
            assert set(line.prov) == {"line"} and line.cell_prov is None and len(line.cells) == 1


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_corpus_page_varied_copies_read_alike(page):
    """The benchmark's batch copies (a comment appended) read as the page itself."""
    if not page.exists():
        pytest.skip("shared corpus not present")
    data = page.read_bytes()
    assert loader_lines(data + b"\n<!-- copy 7 -->\n") == loader_lines(data)


# ---- generated pages -----------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(6))
def test_generated_pages_read_as_before_and_keep_their_values(seed):
    rng = random.Random(seed)
    report = random_report(rng, ("2021", "2019")[seed % 2])
    for page in (to_html(report), markdown_to_html(write(report, "markdown"))):
        data = page.encode("utf-8")
        assert_same(data)
        assert loads(data, "html", "gen.html").to_dict()["tables"] == report.to_dict()["tables"]


# ---- random pages from the constructs the rules are about ---------------------------------

_TAGS = ("p", "div", "span", "b", "i", "sup", "sub", "td", "tr", "table", "tbody", "th", "br", "nav",
         "footer", "script", "style", "li", "ul", "h1", "h3", "font", "o:p", "a", "section", "center", "em",
         "select", "option", "pre", "s", "strike", "del")
_ATTRS = ("", ' class="footer"', ' class="x Footer y"', ' id="FOOTER"', ' role="Navigation"',
          ' role="contentinfo"', ' style="vertical-align: super"', ' style="VERTICAL-ALIGN:\u00a0SU PER"',
          ' class="MsoFootnoteReference"', ' class="msoendnotereference"', ' rowspan="2"', ' colspan="3"',
          ' style="font-size:9pt;mso-fareast-font-family:宋体"', ' class="footer\u3000z"', ' class="MsoNormal"',
          ' style="display:none;mso-hide:all"', ' style="Visibility: Hidden"', ' style="mso-hide:all"',
          ' style="text-decoration: Line-Through"')
_TEXTS = ("", " ", "12", "2293", "（1）", "注1", "[3]", "*", "a b", "\u00a0", "  \n ", "政府信息公开", "报告",
          "&nbsp;", "1*", "①", "x", "20</span><span>23", "\n", "规章 0 3893 2\n", "|1|2|\n", " a\tb")


def _fragment(rng: random.Random, depth: int = 0) -> str:
    out = []
    for _ in range(rng.randint(0, 4 if depth < 6 else 1)):
        r = rng.random()
        if r < 0.35:
            out.append(rng.choice(_TEXTS))
        elif r < 0.40:
            out.append("<!--c" + rng.choice(_TEXTS) + "-->")
        elif r < 0.42:
            out.append("<?pi x?>")
        else:
            tag = rng.choice(_TAGS)
            if tag == "br":
                out.append("<br>")
            else:
                close = f"</{tag}>" if rng.random() < 0.9 else ""
                out.append(f"<{tag}{rng.choice(_ATTRS)}>{_fragment(rng, depth + 1)}{close}")
    return "".join(out)


def _table(rng: random.Random) -> str:
    rows = []
    for _ in range(rng.randint(1, 4)):
        cells = "".join(f"<t{rng.choice('dh')}{rng.choice(_ATTRS)}>{_fragment(rng, 3)}</td>"
                        for _ in range(rng.randint(0, 4)))
        rows.append(f"<tr{rng.choice(_ATTRS)}>{cells}</tr>")
    return "<table>" + "".join(rows) + "</table>"


def _random_page(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 6)):
        r = rng.random()
        if r < 0.3:
            parts.append(_table(rng))
        elif r < 0.4:
            parts.append("<table><tr><td>" + _table(rng) + _fragment(rng, 2) + "</td></tr></table>")
        else:
            parts.append(_fragment(rng))
    head = rng.choice(("", "<head><title>某某政府信息公开工作年度报告_xx</title></head>", "<meta charset=gbk>"))
    body = "".join(parts)
    return rng.choice((f"<html>{head}<body>{body}</body></html>{rng.choice(_TEXTS)}", body,
                       f"<body>bt{body}</body>tail"))


@pytest.mark.parametrize("seed", range(4))
def test_random_pages_read_as_before(seed):
    rng = random.Random(1000 + seed)
    for _ in range(150):
        page = _random_page(rng)
        for data in (page.encode("utf-8"), page.encode("gb18030", "replace")):
            try:
                want = reference_lines(data), _reference_title(data)
            except InputError as exc:  # bytes no encoding fits: both refuse, alike
                with pytest.raises(InputError, match=re.escape(str(exc))):
                    loader.read(data, "x.html", "html")
                continue
            except lxml.etree.ParserError:  # nothing to parse: refused
                with pytest.raises(InputError, match="Document is empty"):
                    loader.read(data, "x.html", "html")
                continue
            raw = loader.read(data, "x.html", "html")
            assert ([_line(line) for line in raw.lines], raw.title_hint) == want, page


def _reference_doc(data: bytes):
    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)
    return lxml.html.document_fromstring(loader._text_of(data, "x.html").encode("utf-8"), parser=parser)


def _reference_title(data: bytes):
    doc = _reference_doc(data)
    for meta in doc.iter("meta"):
        if (meta.get("name") or "").lower() == "articletitle" and (meta.get("content") or "").strip():
            return loader._squash(meta.get("content"))
    for el in doc.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        text = loader._squash(el.text_content())
        if "政府信息公开" in text and "报告" in text:
            return text
    title = doc.find(".//title")
    if title is not None:
        text = loader._squash(title.text_content())
        at = text.find("报告")
        if at >= 0:
            rest = text[at + 2:]
            cut = min((i for i in (rest.find("_"), rest.find("-")) if i >= 0), default=-1)
            if cut >= 0:
                text = text[:at + 2] + rest[:cut]
            return text.strip() or None
    return None


def test_deep_nesting_needs_no_python_recursion():
    """The walk is lxml's: a page nested as deep as libxml2 allows reads under a small recursion limit."""
    depth = 900  # 2 × 900 levels: under libxml2's 2048
    page = ("<div><span>" * depth) + "正文 12<sup>1</sup>" + ("</span></div>" * depth)
    page += "<table><tr><td>" + "<b>" * depth + "7" + "</b>" * depth + "</td></tr></table>"
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        lines = loader.read(page.encode("utf-8"), "deep.html", "html").lines
    finally:
        sys.setrecursionlimit(limit)
    assert [line.cells for line in lines] == [["正文 12¹"], ["7"]]
