"""The three official tables as a Word document (``render --format docx``), with python-docx.

What a report writer pastes into the report: before each table its title (表二 主动公开政府信息情况 …),
then the table as printed — the header cells merged (``w:gridSpan`` across, ``w:vMerge`` down), the
row-group labels of 表三 (三、本年度办理结果, （三）不予公开 …) merged down their rows, labels with
full-width brackets, numbers centred, blank cells empty.  The layout is
:func:`govreport.render.blocks` (one block per 第二十条 item for 表二, a two-level header for 表三, the
grouped one-row 表四), laid on one grid per table; the only additions are what the official 表三
prints above its values and labels (申请人情况 and the 勾稽关系 note), as report-format.md §2.3 shows.

Fonts and page (report-format.md states none; GB/T 9704-2012 党政机关公文格式): A4 portrait with
margins 37/35/28/26 mm; body 仿宋_GB2312 三号 (16 pt), table titles 黑体 三号, the report title
方正小标宋简体 二号, table cells 宋体 五号 (10.5 pt).  Every font is also set for East Asian text
(``w:rFonts w:eastAsia``), which is what Word uses for Chinese characters.

With a check ``result``, the likely wrong cell of each error is shaded red and the printed totals
of failing identities yellow (the DOCX loader ignores shading).

The bytes are deterministic: fixed core properties (dates, author, revision) and fixed zip entry
dates.  The document loads back through :mod:`govreport.loaders.docx` as the same tables (every
value, blanks as blanks, markers such as ``—`` kept), the same template, and from the title the
same agency and year.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Optional

from .. import templates as T
from ..messages import display_label, text as message
from ..model import Report
from .text import blocks, cell_text, finding_cells

FONT_BODY = "仿宋_GB2312"
FONT_HEADING = "黑体"
FONT_TITLE = "方正小标宋简体"
FONT_TABLE = "宋体"
SIZE_BODY, SIZE_HEADING, SIZE_TITLE, SIZE_TABLE = 16, 16, 22, 10.5  # 三号, 三号, 二号, 五号 (pt)
PAGE_MM = (210, 297)  # A4 portrait
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LABEL_MM, GROUP_MM = 60, 9  # the row-label columns of a table (all together), a row-group column of 表三
SHADES = {"suspect": "F4B6B6", "failing": "FFE699"}
FIXED_TIME = _dt.datetime(2000, 1, 1, tzinfo=_dt.timezone.utc)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CELL_STYLE = "Table Text"  # the paragraph style of every table cell: 宋体 五号, single spacing
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")



@dataclass
class Box:
    """One (merged) cell of a table grid: top-left ``row``/``col``, ``rows`` × ``cols`` grid cells."""

    row: int
    col: int
    rows: int
    cols: int
    text: str
    kind: str  # head | label | group | value
    ref: Optional[tuple] = None  # (table, row, column) of a value cell


def printed(label: str) -> str:
    """A template label as the official table prints it: （一）, ，, ：."""
    return display_label(str(label)).replace(":", "：")


def _spans(total: int, n: int) -> list:
    """``n`` value columns laid on ``total`` grid columns: the grid columns each one takes."""
    base, extra = divmod(total, n)
    return [base + (1 if k >= n - extra else 0) for k in range(n)]


def _header_boxes(rows: list) -> list:
    """``[text, top, bottom, a, b]`` per header cell (value columns ``a``..``b``): an empty cell is
    taken by the cells under it when several fill it (表四: 结果维持 … under 行政复议), else by
    the cell over it (表三: 自然人, 总计 over two rows)."""
    boxes = [[t, r, r + 1, a, b] for r, row in enumerate(rows) for t, a, b in row]
    for box in boxes:
        text, r, _, a, b = box
        if text:
            continue
        below = [x for x in boxes if x[1] == r + 1 and a <= x[3] and x[4] <= b]
        above = [x for x in boxes if x[2] == r and x[0] and (x[3], x[4]) == (a, b)]
        if len(below) > 1 and all(x[0] for x in below):
            for x in below:
                x[1] = r
        elif above:
            above[0][2] = r + 1
        else:
            continue
        box[0] = None
    return [b for b in boxes if b[0] is not None]


def _head(block, spec, r: int, label_cols: int, offsets: list) -> list:
    """The boxes of a block's header, from grid row ``r``: the label columns' cell over every
    header row (the table's ``header_note`` when it prints one), and the value columns' cells,
    under the ``over_header`` the table prints over them (see :func:`_header_boxes`)."""
    header = [list(h) for h in block.header]
    label = ""
    if block.label_column:
        label = next((str(h[0][0]) for h in header if h[0][0]), "")
        header = [h[1:] for h in header]
    note, over = spec.header_note, spec.over_header
    rows = [[(over, 0, len(offsets) - 1)]] if over else []
    for h in header:
        ends = [sum(span for _, span in h[:k + 1]) for k in range(len(h))]
        rows.append([(text, end - span, end) for (text, span), end in zip(h, ends)])
    out = [Box(r, 0, len(rows), label_cols, printed(note or label), "head")] if block.label_column else []
    return out + [Box(r + top, offsets[a], bottom - top, offsets[b] - offsets[a], printed(text), "head")
                  for text, top, bottom, a, b in _header_boxes(rows)]


def _body(block, report: Report, tkey: str, r: int, label_cols: int, offsets: list) -> list:
    """The boxes of a block's rows, from grid row ``r``: one grid row per data row; a row group's
    label merged down the rows it holds; a label spanning the label columns its level leaves."""
    data = [i for i, (_, _, cells) in enumerate(block.body) if cells]
    out = []
    for i, (label, level, cells) in enumerate(block.body):
        if not cells:
            g = -level
            end = next((j for j in range(i + 1, len(block.body)) if abs(block.body[j][1]) <= g), len(block.body))
            held = [j for j in data if i < j < end]
            out.append(Box(r + data.index(held[0]), g - 1, len(held), 1, printed(label), "group"))
            continue
        row = r + data.index(i)
        if block.label_column:
            out.append(Box(row, level - 1, 1, label_cols - level + 1, printed(label), "label"))
        out += [Box(row, offsets[k], 1, offsets[k + 1] - offsets[k], cell_text(report.tables[tkey].cell(*ref)),
                    "value", (tkey,) + tuple(ref)) for k, ref in enumerate(cells)]
    return out


def layout(report: Report, tkey: str) -> tuple:
    """``(rows, columns, boxes, label_columns)``: the table ``tkey`` as printed, its blocks
    (:func:`blocks`) stacked on one grid — as many label columns as row levels (表三: 3), the
    value columns of the widest block, narrower blocks' cells spread over them (表二)."""
    bl = blocks(report, tkey)
    label_cols = max((abs(level) for b in bl if b.label_column for _, level, _ in b.body), default=0)
    values = max((len(cells) for b in bl for _, _, cells in b.body if cells), default=0)
    if not values:
        return 0, 0, [], 0
    ncols = label_cols + values
    boxes: list = []
    r = 0
    for block in bl:
        if block.title:
            boxes.append(Box(r, 0, 1, ncols, printed(block.title), "head"))
            r += 1
        spans = _spans(values, len(next(cells for _, _, cells in block.body if cells)))
        offsets = [label_cols + sum(spans[:k]) for k in range(len(spans) + 1)]
        head = _head(block, report.spec(tkey), r, label_cols, offsets)
        r = max(b.row + b.rows for b in head)
        body = _body(block, report, tkey, r, label_cols, offsets)
        boxes += head + body
        r = max(b.row + b.rows for b in body)
    return r, ncols, boxes, label_cols


# ---------------------------------------------------------------- writing
def _fonts(run, font: str, size: float, element=None) -> None:
    """``font`` at ``size`` pt on a run or a style (``element``: its XML), East Asian text included."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = font  # w:ascii, w:hAnsi
    run.font.size = Pt(size)
    (run._element if element is None else element).get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _paragraph(doc, text: str, font: str, size: float, center: bool = False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(p.add_run(text), font, size)
    return p


def _xml_text(text: str) -> str:
    """Report text with the characters XML cannot carry (NUL, other C0 controls, lone surrogates) as U+FFFD."""
    return _NOT_XML.sub("\ufffd", str(text))


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _widths(ncols: int, label_cols: int, text_mm: float) -> list:
    """Column widths in mm: the row-group columns narrow, the label column wide, values equal."""
    if not label_cols:
        return [text_mm / ncols] * ncols
    values = (text_mm - LABEL_MM) / (ncols - label_cols)
    return [GROUP_MM] * (label_cols - 1) + [LABEL_MM - GROUP_MM * (label_cols - 1)] + [values] * (ncols - label_cols)


def _table(doc, grid: tuple, report: Report, styles: dict, text_mm: float, cell_style) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    nrows, ncols, boxes, label_cols = grid
    table = doc.add_table(rows=nrows, cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _widths(ncols, label_cols, text_mm)
    for k, column in enumerate(table.columns):
        column.width = Mm(widths[k])
    cells = table._cells  # once, before any merge (table.cell() walks the whole table each time)
    for k, cell in enumerate(cells):
        cell.width = Mm(widths[k % ncols])
    for box in boxes:  # boxes do not overlap: the corner cells of a box are untouched by the merges before it
        cell = cells[box.row * ncols + box.col]
        if box.rows > 1 or box.cols > 1:
            cell = cell.merge(cells[(box.row + box.rows - 1) * ncols + box.col + box.cols - 1])
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p._p.style = cell_style.style_id  # also sizes the paragraph mark of an empty cell
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if box.kind == "label" else WD_ALIGN_PARAGRAPH.CENTER
        if box.text:
            p.add_run(box.text).bold = box.kind == "head" or None
        if box.ref in styles:
            _shade(cell, SHADES[styles[box.ref]])


def _deterministic(data: bytes) -> bytes:
    """The package rewritten with fixed entry dates (python-docx stamps the time of saving)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(zipfile.ZipInfo(info.filename, _ZIP_TIME), zin.read(info.filename),
                          compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _document(title: str):
    """An empty A4 document with the fonts, the table cells' style and fixed core properties:
    ``(document, cell style)``."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Mm, Pt

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    for side, mm in MARGINS_MM.items():
        setattr(section, f"{side}_margin", Mm(mm))
    normal = doc.styles["Normal"]
    _fonts(normal, FONT_BODY, SIZE_BODY, element=normal.element)
    cell_style = doc.styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell_style.base_style = normal
    _fonts(cell_style, FONT_TABLE, SIZE_TABLE, element=cell_style.element)
    spacing = cell_style.paragraph_format
    spacing.space_before = spacing.space_after = Pt(0)
    spacing.line_spacing = 1.0
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = _xml_text(title or "")[:255], "govreport", "govreport"
    props.created = props.modified = props.last_printed = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    return doc, cell_style


def to_docx(report: Report, result=None) -> bytes:
    """The report's official tables as a .docx (bytes); ``result``: a check result whose failing
    cells are shaded."""
    doc, cell_style = _document(report.title)
    styles = {}
    if result is not None:
        suspects, failing = finding_cells(result)
        styles = {**{ref: "failing" for ref in failing}, **{ref: "suspect" for ref in suspects}}
    text_mm = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
    if report.title:
        _paragraph(doc, _xml_text(report.title), FONT_TITLE, SIZE_TITLE, center=True)
    for tkey in T.TABLE_ORDER:
        grid = layout(report, tkey) if tkey in report.tables else None
        if not grid or not grid[0]:
            continue
        _paragraph(doc, message(f"label.table_title.{tkey}", "zh"), FONT_HEADING, SIZE_HEADING, center=True)
        _table(doc, grid, report, styles, text_mm, cell_style)
        for note in report.notes:
            if note.table == tkey:
                _paragraph(doc, "注：" + _xml_text(" ".join(note.text.split())), FONT_BODY, SIZE_BODY)
    out = io.BytesIO()
    doc.save(out)
    return _deterministic(out.getvalue())
