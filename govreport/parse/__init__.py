"""The template-driven parser: every input format's lines → one :class:`Report`.

Loaders turn a file into :class:`Line` objects (cells in reading order, with
provenance).  This package normalises them (NFKC, Traditional → Simplified),
finds the sections, and reads the tables by the template:

* :mod:`.numbers` — the grammar of one cell (number, blank marker, footnote
  mark, unit — or refused);
* :mod:`.labels` — the label index (variants, prefixes) and table 3's header;
* :mod:`.reader` — rows assembled from labels and cells;
* :mod:`.recover` — identity-verified recovery of digits run together;
* :mod:`.detect` — template, sections, title and prose.
"""

from __future__ import annotations

import re

from .. import normalize as N
from .. import templates as T
from ..model import Note, Report, Section
from .detect import (agency_from_title, detect_template, is_prose, is_unit_word, label_keys, period_year,
                     section_of, section_title, strip_title_prefix, title_year, trailing_words, year_from)
from .numbers import PICTURE, classify
from .reader import LONG_LABEL, Reader
from .recover import solve, verify
from .tokens import PAGE_NUMBER, Line, RawDocument, Token, is_separator, split_line

__all__ = ["Line", "RawDocument", "parse_document", "section_of", "agency_from_title", "title_year",
           "period_year", "year_from", "detect_template"]

# Compiled when a line could be one (re's cache): a line's text has no space at its ends (its cells
# are stripped), so it must start with one of ``_PAGE_BREAK_FIRST``.
_PAGE_BREAK = r"^\s*(?:\{\d+\}\s*-{3,}|[-=_]{3,}|<!--.*?-->|\f)\s*$"
_PAGE_BREAK_FIRST = frozenset("{-=_<")
_PAGE_NUMBER_LAST = frozenset("-—–－_~页0123456789")  # how a page number can end (tested before the pattern)
_ORDINAL = frozenset({"第", "page", "p", "no"})  # words that make the number after them no count
_NOTE = re.compile(r"^\s*(?:注|备注)\s*[:：]\s*(.+)$")
_GLUED = re.compile(r"^(?P<label>.*?[^\d\s.,])\s*(?P<digits>\d+(?:\.\d+)?)$")


def parse_document(raw: RawDocument) -> Report:
    lines = [_paragraph_words(line) for line in raw.lines]
    sample = "".join("".join(line.cells) for line in lines[:4000])
    script = N.detect_script(sample)
    trad = script == "traditional"

    norm_lines = [[N.clean_text(c, trad) for c in line.cells] for line in lines]
    template_key = detect_template(label_keys(norm_lines, [line.structured for line in lines]))
    template = T.TEMPLATES[template_key or "2021"]

    # each line's text: its stripped non-empty cells joined by a space (read again for the sections)
    texts = [" ".join([c for c in map(str.strip, cells) if c and c != PICTURE]) for cells in norm_lines]
    reader = Reader(template, raw.path)
    heads: list = []  # (line index, SectionSpec, title)
    notes: list = []  # (line index, table, text)
    for i, (line, cells, text) in enumerate(zip(lines, norm_lines, texts)):
        if not text or text[0] in _PAGE_BREAK_FIRST and re.match(_PAGE_BREAK, text) or (
                not line.structured and text[-1] in _PAGE_NUMBER_LAST and PAGE_NUMBER.match(text)):
            continue  # nothing, a converter's page-break marker, or a page number (— 3 —) of text taken from print
        spec = None if line.structured else section_of(text)
        if spec is not None:
            reader.open_table(spec.table)
            heads.append((i, spec, section_title(text)))
            continue
        m = _NOTE.match(text)
        if m and reader.last_table is not None:
            reader.close_row()
            notes.append((i, reader.last_table, m.group(1).strip()))
            reader.consumed.add(i)
            continue
        tokens = _tokens(line, cells, i, reader)
        if len(tokens) == 1:  # one cell (the commonest line): no sentence, header or label columns to weigh
            tok = tokens[0]
            if tok.bad:
                reader.bad(tok)
            elif tok.is_value:
                reader.value(tok)
            else:
                reader.label(tok)
            continue
        kinds = [("value" if t.is_value else "label", t.text) for t in tokens if not t.bad]
        damaged = _numbers_with_a_word(kinds)
        if not line.structured and not damaged and is_prose(kinds):
            continue  # a sentence with numbers in it: narrative, never a table row
        prose = trailing_words(kinds)
        if prose and (damaged or _one_glyph_after(kinds) or line.structured and sum(
                k == "value" for k, _ in kinds) >= 2):
            # a word among a row's numbers, one character after them (OCR's 人 for 八), or a word after
            # a table row's numbers is a damaged cell, not a sentence: as one, the row's numbers would be
            # skipped, and 表四 read as blank
            prose = False
        header_line = line.structured and any(k == "label" and t for k, t in kinds) and not any(
            t.is_value and t.value is not None and not t.value.blank for t in tokens)
        if header_line and _is_header(tokens, reader):
            reader.header(tokens)  # a column header row that repeats row words (予以公开 | 部分公开 | …)
            continue
        after_value = False
        last_label = -1
        for k in range(len(tokens) - 1, -1, -1):
            t = tokens[k]
            if not t.is_value and not t.bad and t.key:
                last_label = k
                break
        for k, tok in enumerate(tokens):
            if tok.bad:
                reader.bad(tok)
            elif tok.is_value:
                reader.value(tok, prose, header_line)
                after_value = after_value or tok.value is None or not tok.value.blank
            else:
                reader.label(tok, after_value, line.structured and k < last_label)
    tables = reader.finish()

    detected = bool(template_key)
    if not template_key:  # no table-2 markers: the first template whose row sets are the ones printed
        template_key = next((k for k, t in T.TEMPLATES.items() if tables and all(
            t.tables.get(tk) is T.table_spec(k, tk, list(tb.rows)) for tk, tb in tables.items())), "none")

    report = Report(template=template_key, tables=tables)
    report.source = {"path": raw.path, "format": raw.format, "script": script}
    report.notes = [Note(t, txt) for _, t, txt in notes]
    report.tables_seen = list(reader.seen)
    report.recoveries = []
    _title_and_sections(report, raw, lines, norm_lines, texts, heads, notes, reader, trad)
    if not detected and report.year is not None and report.year < 2019:
        report.tables = {}  # a pre-2019 report: no standard tables, whatever words it shares with them
        report.template = "none"
    else:
        solve(report, reader.pending, raw.path)
        verify(report, [k for k in reader.loose if k[0] in report.tables], "orphan row attached", raw.path)
        verify(report, [k for k in reader.placed if k[0] in report.tables], "label placed by the template order",
               raw.path)
    return report


def _printed_tail(raw: str, size: int) -> str:
    """The end of the cell ``raw`` as printed that NFKC turns into its last ``size`` characters
    (``行政许可 3862²``, 5 → ``3862²``)."""
    raw = raw.rstrip()
    n, at = 0, len(raw)
    while at > 0 and n < size:
        at -= 1
        n += len(N.nfkc(raw[at]))
    return raw[at:]


def _paragraph_words(line: Line) -> Line:
    """A paragraph of a web page or a Word file (one cell, not a table row, no per-cell provenance)
    that holds a table's row read as a plain-text line is (:func:`.tokens.split_line`): a pipe row
    always; tab- or whitespace-separated words when two of them are numbers (``<p>规章 0 3 2</p>``),
    or, with tabs, when there are three cells or more (a header row).  A table typed line by line
    into paragraphs is then read as its rows, or refused, as from a text file — never left as words
    with its numbers unread.  Other paragraphs stay one cell, as sentences with a number in them
    (``共收到申请 12 件``) are."""
    if line.structured or line.cell_prov is not None or len(line.cells) != 1:
        return line
    text = line.cells[0]
    if "|" not in text and "\t" not in text and " " not in text.strip():
        return line  # one word (the commonest paragraph of a Chinese page)
    cells, structured = split_line(text)
    if structured and is_separator(cells):
        return Line([], line.prov, False)  # a Markdown table's rule line, as a text file's is skipped
    pipes = structured and "\t" not in text.strip()
    if pipes or sum(classify(c)[0] == "value" for c in cells) >= 2 or structured and len(cells) >= 3:
        return Line(cells, line.prov, structured)
    return line


def _numbers_with_a_word(kinds: list) -> bool:
    """A line of numbers — it starts with one, and holds three or more — with one run of words among
    or after them (``0 0 0 不详 0 …``, ``… 2 见附件``): a table row with a damaged cell, not a
    sentence (a sentence starts with words, or puts words between most of its numbers)."""
    if not kinds or kinds[0][0] != "value" or sum(k == "value" for k, _ in kinds) < 3:
        return False
    runs, in_words = 0, False
    for kind, text in kinds:
        if kind == "label" and N.label_key(text) and not is_unit_word(text):
            runs += not in_words
            in_words = True
        elif kind == "value":
            in_words = False
    return runs == 1


def _one_glyph_after(kinds: list) -> bool:
    """Whether the words after a line's last number are one character, with two numbers or more before."""
    last = max(i for i, (k, _) in enumerate(kinds) if k == "value")
    after = "".join(N.label_key(t) for k, t in kinds[last + 1:] if k == "label")
    return len(after) == 1 and sum(k == "value" for k, _ in kinds) >= 2


def _title_and_sections(report, raw, lines, norm_lines, line_texts, heads, notes, reader, trad) -> None:
    first_head = heads[0][0] if heads else len(lines)
    title, title_line = "", None
    for j, cells in enumerate(norm_lines[:first_head if heads else min(len(norm_lines), 40)]):
        text = strip_title_prefix("".join(c.strip() for c in cells).strip("#* "))
        k = N.label_key(text)
        if "信息公开" in k and ("年度报告" in k or "年报" in k) and len(text) < 80:
            title, title_line = text, j
            break
    if not title and raw.format == "markdown":  # a Markdown document's own title: its first "# " heading
        first = next((j for j in range(first_head) if "".join(norm_lines[j]).strip()), None)
        heading = " ".join(c.strip() for c in norm_lines[first][1:]).strip() if first is not None else ""
        if first is not None and lines[first].cells[:1] == ["#"] and heading != "(untitled report)":
            title, title_line = heading, first
    if title_line and re.match(r"(?:19|20)\d{2}\s*年", title):
        # a title printed over two lines: the body's name above the year (淮安市人民政府 / 2024年…报告)
        above = next((j for j in range(title_line - 1, -1, -1) if "".join(norm_lines[j]).strip()), None)
        name = "".join(c.strip() for c in norm_lines[above]).strip("#* ") if above is not None else ""
        if name and len(name) <= 30 and not re.search(r"[。,;:!?、]", name):
            title = name + title
    if raw.title_hint:
        title = strip_title_prefix(N.clean_text(raw.title_hint, trad).strip())
    if heads:  # what stands between the title and section 一 (e.g. the statistics period)
        squeezed = re.sub(r"\s+", "", title)
        texts = [line_texts[j].strip("#* ") for j in range(first_head)]
        in_title = [j for j, t in enumerate(texts)
                    if len(re.sub(r"\s+", "", t)) >= 4 and re.sub(r"\s+", "", strip_title_prefix(t)) in squeezed]
        start = in_title[-1] + 1 if in_title else 0  # page chrome before the printed title is not the report's
        report.preamble = "\n".join(texts[j] for j in range(start, first_head)
                                     if texts[j] and j not in reader.consumed and not lines[j].structured)
    report.title = title
    report.agency = agency_from_title(title)
    full_text = "\n".join(" ".join(c for c in cells if c.strip()) for cells in norm_lines[:400])
    report.year = year_from(title, full_text)

    note_lines = {i for i, _, _ in notes}
    for n, (i, spec, head_title) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        inside = [k for k in reader.consumed if i < k < end]
        span = (min(inside), max(inside)) if inside else (end, -1)  # the table's lines within the section
        body = []
        for j in range(i + 1, end):
            if j in reader.consumed or j in note_lines or (lines[j].structured and spec.table):
                continue
            text = line_texts[j]
            if not text:
                continue
            if spec.table and len(N.label_key(text)) <= LONG_LABEL and span[0] <= j <= span[1]:
                continue  # a header cell of the table
            body.append(text)
        report.sections.append(Section(spec.number, head_title.strip(), "\n".join(body), lines[i].prov.get("line")))


_GENERIC_HEADER = re.compile(r"^(?:项目|类别|合计|数据\d+)$")  # what converters print over columns they lost


def _column_words() -> frozenset:
    """The column header words of every template table (自然人, 商业企业, 信息内容 …)."""
    words = set()
    for spec in T.all_table_specs():
        words.add(N.label_key(spec.label_header))
        for c in spec.columns:
            words.add(N.label_key(c.label))
            if c.group:
                words.add(N.label_key(c.group))
    return frozenset(words)


_COLUMN_WORDS = _column_words()


def _is_header(tokens: list, reader: Reader) -> bool:
    """A table line of column headers, not a row: it repeats two row words
    (``予以公开 | 部分公开``), or has three or more cells one of which is a column word."""
    labels = [t for t in tokens if t.key]
    # a group label that is also a row of another variant ((六)其他处理) is not a row word: the line
    # "（六）其他处理 | 1.申请人无正当理由… | (blank cells)" is the first row of the group, not a header
    rows = sum(1 for t in labels if reader.index.rows(t.key)
               and not any(e.kind == "group" for e in reader.index.lookup(t.key, None)))
    return rows >= 2 or (len(labels) >= 3 and any(t.key in _COLUMN_WORDS or _GENERIC_HEADER.match(t.key)
                                                  for t in labels))


def _tokens(line: Line, cells: list, index: int, reader: Reader) -> list:
    """Cells → label, value, glued and bad tokens.  Blank cells count only in
    table rows, and only after the row's last label cell (an empty group-label
    column is not a value).  Values are read from the cell as printed (a
    superscript footnote mark must be seen before NFKC folds it into a digit)."""
    out: list = []
    parsed = [classify(raw) for raw in line.cells]
    last_label = -1
    for k in range(len(parsed) - 1, -1, -1):
        if parsed[k][0] != "value":
            last_label = k
            break
    structured = line.structured
    shared = dict(line.prov, _structured=True) if structured else line.prov  # read only: shared by the tokens
    cell_prov = line.cell_prov or ()
    for k, (c, (kind, v)) in enumerate(zip(cells, parsed)):
        extra = cell_prov[k] if k < len(cell_prov) else None
        prov = dict(shared, **extra) if extra else shared
        if kind == "value":
            if v.blank and not v.raw and (not structured or k < last_label):
                continue
            if v.glued:
                out.append(Token(c.strip(), "", None, prov, index, glued=re.sub(r"[^\d.]", "", v.raw)))
            else:
                out.append(Token(c.strip(), "", v, prov, index))
        elif kind == "bad":
            out.append(Token(c.strip(), N.label_key(c), None, prov, index, bad=v))
        else:
            text = c.strip()
            m = _GLUED.match(text) if text[-1:].isdigit() else None
            rows = reader.index.rows(N.label_key(m.group("label"))) if m else []
            if rows:
                # a label with its row's digits run onto it (cell borders lost)
                out.append(Token(m.group("label"), N.label_key(m.group("label")), None, prov, index))
                digits = m.group("digits")
                printed = _printed_tail(line.cells[k], len(digits))  # the digits as printed: marks are seen there
                one = len(rows[0].obj.columns) == 1 and (digits == "0" or digits[0] != "0")
                if one or m.end("label") < m.start("digits"):
                    # one cell (just a lost space), or a space between the label and the digits (a border):
                    # one number, read from the cell as printed (61118.58² is 61118.58 with a note, not …582)
                    kind, v = classify(printed)
                    reason = v if kind == "bad" else "parse.reason.not_number"
                    out.append(Token(printed, "", v, prov, index) if kind == "value" else
                               Token(printed, "", None, prov, index, bad=reason))
                elif printed != digits and not printed.isdecimal():
                    # digits run together with a mark or other print among them: no reading is sure
                    out.append(Token(printed, "", None, prov, index, bad="parse.reason.not_number"))
                else:
                    out.append(Token(digits, "", None, prov, index, glued=digits))
                continue
            out.append(Token(text, N.label_key(text), None, prov, index))
    for k in range(1, len(out)):
        before, tok = out[k - 1], out[k]
        if tok.value is not None and not tok.bad and before.value is None and not before.bad and not before.glued \
                and before.text.strip().lower().rstrip(".") in _ORDINAL:
            # 第 4 (页), Page 9: an ordinal or a page number, never a count
            out[k] = Token(f"{before.text} {tok.text}", "", None, tok.prov, index, bad="parse.reason.ordinal")
    return out
