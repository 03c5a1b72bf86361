"""Reports and check summaries as Excel workbooks (openpyxl, imported when used).

:func:`reports_workbook` writes

* one sheet per official table (表二, 表三, 表四).  One report: the table as the
  report prints it — the header cells merged as printed (申请人情况 over the seven
  columns, 法人或其他组织 over five), the official labels with full-width brackets.
  Several reports: **one line per report** (file, agency, year, then every cell of
  the table), under a header that names each cell by its row label over the
  printed column header.  A supervisor comparing a hundred reports sorts, filters
  and compares a column (（七）总计 · 总计 of every agency) down the sheet, which
  one block per report — 30 lines each — would not let them do;
* one sheet in long form (:func:`govreport.export.cells`: the same records as the
  CSV export, headers in the current language);
* a sheet 说明 / README: what the colours mean, and every key with its labels and unit.

Numbers are numbers (decimals shown with the digits printed), blank cells are
empty, never 0.  The cells of failing identities are filled (the single likely
wrong cell in a stronger colour), with the findings' messages as a cell comment.

The bytes are the same for the same input: the workbook's dates and the zip
entries' times are fixed.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile

from .. import export as E
from .. import messages as M
from .. import templates as T
from ..errors import GovreportError
from .text import blocks, cell_text, display_width

FIXED_TIME = datetime.datetime(2000, 1, 1)  # the workbook's created/modified dates: no clock in the bytes
FILLS = {"suspect": "FF8080", "failing": "FFE699", "head": "DDEBF7"}
REPORT_COLUMNS = ("file", "agency", "year")  # before a table's cells, one line per report
MAX_WIDTH = 50
FIT_ROWS = 2000  # column widths are measured on the first lines (a long sheet of 100 000 cells would take seconds)
_DECIMALS = re.compile(r"\.(\d+)")


def _openpyxl():
    try:
        import openpyxl
    except ImportError:
        raise GovreportError("xlsx.missing") from None
    return openpyxl


# ---------------------------------------------------------------- workbooks
def reports_workbook(items) -> bytes:
    """``items``: ``(report, check result or None)``.  The workbook's bytes (see the module)."""
    items = list(items)
    wb = _openpyxl().Workbook()
    wb.remove(wb.active)
    for tkey in T.TABLE_ORDER:
        if any(tkey in report.tables for report, _ in items):
            ws = wb.create_sheet(_sheet_name(M.table_name(tkey)))
            _write(ws, 1, 1, M.text(f"label.table_title.{tkey}")).font = _style().Font(bold=True)
            if len(items) == 1:
                _printed_table(ws, items[0][0], tkey, _marks(items[0][1]))
            else:
                _report_lines(ws, items, tkey)
    records = [record for report, _ in items for record in E.cells(report)]
    _table_sheet(wb.create_sheet(_sheet_name(M.text("xlsx.sheet.cells"))), E.CELL_FIELDS,
                 ([r[k] for k in E.CELL_FIELDS] for r in records))
    _readme(wb.create_sheet(_sheet_name(M.text("xlsx.sheet.readme"))), records)
    return _bytes(wb)


def summary_workbook(columns, rows) -> bytes:
    """The one-line-per-report list of ``check --summary`` (``columns``: the keys, headed in
    the current language) as a workbook of one sheet."""
    wb = _openpyxl().Workbook()
    ws = wb.active
    ws.title = _sheet_name(M.text("xlsx.sheet.summary"))
    _table_sheet(ws, columns, rows, "xlsx.summary")
    return _bytes(wb)


def heading(key: str, family: str = "export.field") -> str:
    """A column key in the current language (``<family>.<key>``, else ``export.field.<key>``), or the key."""
    for mid in (f"{family}.{key}", f"export.field.{key}"):
        if M.has(mid):
            return M.text(mid)
    return key


# ---------------------------------------------------------------- the sheets
def _printed_table(ws, report, tkey: str, marks: dict) -> None:
    """The table as printed, below the report's title: each block's title, header (merged as
    printed) and body, a blank line after each; the notes below."""
    table = report.tables.get(tkey)
    parts = blocks(report, tkey)
    _write(ws, 2, 1, report.title or report.agency)
    r = 3
    for block in parts:
        if block.title:
            _write(ws, r, 1, M.display_label(block.title)).font = _style().Font(bold=True)
            r += 1
        matrix = [_expand(hrow) for hrow in block.header]
        over = report.spec(tkey).over_header  # 表三's 申请人情况, over every value column
        if over:
            matrix.insert(0, [""] * block.label_column + [over] * (len(matrix[0]) - block.label_column))
        if block.label_column and not matrix[0][0]:
            matrix[0][0] = report.spec(tkey).label_header
        _header(ws, matrix, r)
        r += len(matrix)
        if len(parts) == 1:
            ws.freeze_panes = ws.cell(r, 1 + block.label_column)
        for label, level, refs in block.body:
            if block.label_column:
                c = _write(ws, r, 1, M.display_label(label))
                c.alignment = _style().Alignment(indent=max(abs(level) - 1, 0), wrap_text=True, vertical="center")
                c.font = _style().Font(bold=level <= 0)
            for k, ref in enumerate(refs):
                _put(ws.cell(r, 1 + block.label_column + k), table.cell(*ref), marks.get((tkey,) + tuple(ref)))
            r += 1
        r += 1
    for note in report.notes:
        if note.table == tkey:
            _write(ws, r, 1, "注：" + note.text)
            r += 1
    if len(parts) > 1:
        ws.freeze_panes = "B1"
    _fit(ws)


def line_columns(reports, tkey: str) -> dict:
    """The cells of ``tkey`` in the one-line-per-report layout: ``{(row, column): header texts, top
    to bottom}`` (block title, row label, the printed column header), in printed order; the
    union over ``reports`` (first seen first: a 2019 report after a 2021 one adds its own keys)."""
    paths: dict = {}
    for report in reports:
        for block in blocks(report, tkey):
            value_header = [_expand(hrow)[1 if block.label_column else 0:] for hrow in block.header]
            for _, _, refs in block.body:
                for k, ref in enumerate(refs):
                    top = [M.display_label(block.title)] if block.title else []
                    label = [M.row_label(report.template, tkey, ref[0])] if block.label_column else []
                    paths.setdefault(tuple(ref), top + label + [h[k] for h in value_header])
    return paths


def _report_lines(ws, items, tkey: str) -> None:
    """One line per report: file, agency, year, then the table's cells under their labels."""
    paths = line_columns((report for report, _ in items), tkey)
    depth = max((len(p) for p in paths.values()), default=1)
    columns = [[heading(k)] + [""] * (depth - 1) for k in REPORT_COLUMNS]
    columns += [p + [""] * (depth - len(p)) for p in paths.values()]
    _header(ws, [list(row) for row in zip(*columns)], 2)
    for r, (report, result) in enumerate(items, start=2 + depth):
        marks = _marks(result)
        table = report.tables.get(tkey)
        for k, value in enumerate((report.path, report.agency, report.year)):
            _write(ws, r, k + 1, value)
        for k, ref in enumerate(paths):
            _put(ws.cell(r, len(REPORT_COLUMNS) + 1 + k), table.cell(*ref) if table else None,
                 marks.get((tkey,) + ref))
    ws.freeze_panes = ws.cell(2 + depth, len(REPORT_COLUMNS) + 1)
    _filter(ws, 1 + depth)
    _fit(ws)


def _table_sheet(ws, columns, rows, family: str = "export.field", top: int = 1) -> None:
    """A header line (``columns`` in the current language) at ``top`` and ``rows`` below,
    filterable, the header frozen."""
    _header(ws, [[heading(k, family) for k in columns]], top)
    for r, row in enumerate(rows, start=top + 1):
        for k, value in enumerate(row):
            _write(ws, r, k + 1, value)
    ws.freeze_panes = ws.cell(top + 1, 1)
    _filter(ws, top)
    _fit(ws, skip_rows=top - 1)


def _readme(ws, records) -> None:
    """What the sheets and colours mean, then every key with its labels and unit."""
    _write(ws, 1, 1, M.text("xlsx.readme.title")).font = _style().Font(bold=True, size=14)
    lines = ("xlsx.readme.tables", "xlsx.readme.cells", "xlsx.readme.suspect", "xlsx.readme.failing",
             "", "xlsx.readme.keys")
    for r, mid in enumerate(lines, start=2):
        if mid:
            c = _write(ws, r, 1, M.text(mid))
            if mid.rsplit(".", 1)[1] in FILLS:  # the legend lines, in their colour
                c.fill = _fill(mid.rsplit(".", 1)[1])
    fields = ("template", "table", "row", "column", "table_label", "row_label", "column_label", "unit")
    keys = {tuple(rec[k] for k in fields): None for rec in records}
    _table_sheet(ws, fields, keys, top=len(lines) + 2)


# ---------------------------------------------------------------- cells
def _marks(result) -> dict:
    """``{(table, row, column): (style, messages)}``: the suspect of each error finding and the
    printed total of each failing identity (:func:`govreport.output.text.finding_cells`), with the messages."""
    out: dict = {}
    for f in result.findings if result is not None else ():
        if f.severity != "error":
            continue
        refs = [((f.suspect["table"], f.suspect["row"], f.suspect["column"]), "suspect")] if f.suspect else []
        refs += [(tuple(f.cells[0]), "failing")] if f.cells else []
        for ref, style in refs:
            old_style, messages = out.get(ref, (style, []))
            out[ref] = ("suspect" if "suspect" in (style, old_style) else "failing",
                        messages + [f.message] * (f.message not in messages))
    return out


def _put(c, cell, mark) -> None:
    """A report cell: its number (decimals, and a unit printed in the cell, shown as printed:
    ``73802895.90元``), empty when blank; filled and commented when marked."""
    value = cell.value if cell is not None else None
    c.value = value
    if value is not None and (isinstance(value, float) or cell.unit):
        m = _DECIMALS.search(cell_text(cell))
        unit = '"{}"'.format(cell.unit.replace('"', "")) if cell.unit else ""
        c.number_format = ("0." + "0" * len(m.group(1)) if m else "0") + unit
    if mark:
        style, messages = mark
        c.fill = _fill(style)
        c.comment = _openpyxl().comments.Comment(_text("\n".join(messages)), "govreport", width=320, height=120)


def _write(ws, row: int, column: int, value):
    """Write ``value`` as it is: text is never taken for a formula (``=HYPERLINK(…)``)."""
    c = ws.cell(row, column)
    c.value = _text(value)
    if c.data_type == "f":
        c.data_type = "s"
    return c


def _text(value):
    """A value for a cell: text without the control characters a workbook cannot hold."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


# ---------------------------------------------------------------- layout
def _expand(hrow) -> list:
    """A header row of ``(text, span)`` as one text per grid column (full-width brackets)."""
    return [M.display_label(str(text)) for text, span in hrow for _ in range(span)]


def _header(ws, matrix, top: int) -> None:
    """Header rows from ``top``: one text per grid column.  A run of equal texts under one header
    cell is merged across; an empty cell under a text is merged into it."""
    styles = _style()
    starts: set = set()  # columns where a header cell above begins
    width = len(matrix[0])
    for i, row in enumerate(matrix):
        c = 0
        while c < width:
            end = c + 1
            while row[c] and end < width and end not in starts and row[end] == row[c]:
                end += 1
            starts.add(c)
            below = i + 1
            while row[c] and below < len(matrix) and not any(matrix[below][c:end]):
                below += 1
            if row[c]:
                cell = _write(ws, top + i, c + 1, row[c])
                if end - c > 1 or below - i > 1:
                    ws.merge_cells(start_row=top + i, start_column=c + 1, end_row=top + below - 1, end_column=end)
                for r in range(top + i, top + below):  # fill and border the whole merged range
                    for k in range(c + 1, end + 1):
                        ws.cell(r, k).fill = _fill("head")
                cell.font = styles.Font(bold=True)
                cell.alignment = styles.Alignment(horizontal="center", vertical="center", wrap_text=True)
                for r in range(i + 1, below):  # taken by the merge: not a cell of its own
                    matrix[r][c:end] = [None] * (end - c)
            c = end


def _fit(ws, skip_rows: int = 0) -> None:
    """Column widths for the text they hold (a CJK character takes two), ignoring cells merged
    across columns and the first ``skip_rows`` lines."""
    from openpyxl.utils import get_column_letter

    wide = {(m.min_row, m.min_col) for m in ws.merged_cells.ranges if m.max_col > m.min_col}
    widths: dict = {}
    for row in ws.iter_rows(min_row=skip_rows + 1, max_row=min(ws.max_row, skip_rows + FIT_ROWS)):
        for c in row:
            if c.value is None or (c.row, c.column) in wide:
                continue
            text = c.value if isinstance(c.value, str) else str(c.value)
            widths[c.column] = max(widths.get(c.column, 6), display_width(max(text.split("\n"), key=len)) + 2)
    for col, w in sorted(widths.items()):
        ws.column_dimensions[get_column_letter(col)].width = min(w, MAX_WIDTH)


def _filter(ws, header_row: int) -> None:
    if ws.max_row > header_row:
        from openpyxl.utils import get_column_letter

        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(ws.max_column)}{ws.max_row}"


def _fill(style: str):
    return _style().PatternFill("solid", fgColor=FILLS[style])


def _style():
    return _openpyxl().styles


def _sheet_name(name: str) -> str:
    """Excel refuses ``[]:*?/\\`` and more than 31 characters in a sheet name."""
    return re.sub(r"[\[\]:*?/\\]", "_", name)[:31]


def _bytes(wb) -> bytes:
    """The workbook's bytes, the same for the same content: fixed dates in the document
    properties (openpyxl writes the time of saving) and in the zip entries."""
    from openpyxl.xml.functions import tostring

    wb.properties.creator = "govreport"
    buf = io.BytesIO()
    wb.save(buf)
    wb.properties.created = wb.properties.modified = FIXED_TIME
    core = tostring(wb.properties.to_tree())
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = core if info.filename == "docProps/core.xml" else src.read(info)
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME.timetuple()[:6]), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()
