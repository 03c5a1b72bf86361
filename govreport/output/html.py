"""A report as one standalone HTML page (``render --format html``).

The page needs nothing else: CSS inline, no script, no network.  The official
tables are drawn with their merged cells, from the same blocks as the text
renderer (:func:`govreport.output.text.blocks`):

* a header cell left empty under a labelled one is merged into it (表三 自然人,
  总计: rowspan 2); an empty header cell with labels below takes them up (表四
  结果维持 … under 行政复议: rowspan 2);
* the row labels take as many columns as the deepest row level (表三: 3); a group
  row (三、本年度办理结果, (三)不予公开 …) becomes a cell spanning the rows it holds;
* 表二's blocks (第二十条第(一)项 …) are one table; a block with fewer value
  columns stretches its last one (本年处理决定数量: colspan 3);
* 表三 gets the official corner note and 申请人情况 over its value columns.

With a :class:`~govreport.check.CheckResult`, the suspect cell and the printed
totals of failing identities are coloured (two colours) and carry their findings
in a ``title`` attribute; the findings are listed below, in a ``<footer>``
(page furniture, which govreport's HTML loader leaves out, so the page loads
back as the same report).  Every text of the report is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Optional

from .. import messages as M
from ..model import Report
from .findings import status_line, suspect_line
from .text import blocks, cell_text, finding_cells

# 表三's corner cell: the per-column identity the official table prints
SUSPECT_COLOUR = (255, 138, 128)  # the test looks for these pixels in a screenshot
FAILING_COLOUR = (255, 224, 130)

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","PingFang SC","Microsoft YaHei",
 "SimSun",sans-serif;
 margin:2em auto;max-width:60em;padding:0 1em;color:#111;line-height:1.6}
h1{font-size:1.5em;text-align:center}
h2{font-size:1.15em;margin-top:1.6em;break-after:avoid;page-break-after:avoid}
p{margin:.4em 0;text-indent:2em}
p.note{text-indent:0;font-size:.9em}
table{border-collapse:collapse;margin:.8em 0;width:100%;break-inside:avoid;page-break-inside:avoid}
th,td{border:1px solid #444;padding:.25em .4em;font-size:.9em}
th{background:#f2f2f2;font-weight:normal;text-align:center;word-break:keep-all}
#table-review_litigation th,#table-review_litigation td{font-size:.75em;padding:.25em .1em}
td.label{text-align:left}
td.group{text-align:center}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.suspect{background:rgb(SUSPECT);font-weight:bold;outline:2px solid #c00;outline-offset:-2px}
td.failing{background:rgb(FAILING)}
tr{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}
footer{margin-top:2em;border-top:1px solid #999}
footer li{margin:.3em 0}
footer p{text-indent:0}
footer a{color:inherit}
footer .error{color:#a00}
.swatch{display:inline-block;width:1.2em;height:1em;border:1px solid #444;vertical-align:middle}
@media print{
 @page{size:A4;margin:15mm 12mm}
 body{margin:0;max-width:none;padding:0;font-size:10.5pt}
 th,td{font-size:9pt;padding:.15em .25em}
 td.suspect,td.failing,.swatch,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 a{color:inherit;text-decoration:none}
}
""".replace("SUSPECT", ",".join(map(str, SUSPECT_COLOUR))).replace("FAILING", ",".join(map(str, FAILING_COLOUR)))


def _attrs(**attrs) -> str:
    """`` colspan="3" class="num"`` (spans of 1 and empty values left out)."""
    out = []
    for name, value in attrs.items():
        if value in (None, "", 1):
            continue
        out.append(f' {name.rstrip("_")}="{escape(str(value))}"')
    return "".join(out)


def _cell(tag: str, text: str, **attrs) -> str:
    return f"<{tag}{_attrs(**attrs)}>{escape(text)}</{tag}>"


def _label(text) -> str:
    """A template label as the official table prints it: full-width brackets, commas and colons."""
    return M.display_label(str(text))


# ---------------------------------------------------------------- header
def _header_rows(block, spec, label_cols: int, width: int) -> list:
    """The header rows of a block as ``<tr>`` strings, with the merges described above."""
    rows = [list(r[1:] if block.label_column else r) for r in block.header]
    placed = []  # per row: [text, start, span, rowspan]
    for row in rows:
        col, out = 0, []
        for text, span in row:
            out.append([str(text), col, span, 1])
            col += span
        if out and col < width:  # fewer value columns than the table (表二 (五)): the last one stretches
            out[-1][2] += width - col
        placed.append(out)
    for i, row in enumerate(placed):
        for cell in [c for c in row if not c[0]]:
            inside = [c for c in placed[i + 1] if cell[1] <= c[1] < cell[1] + cell[2]] if i + 1 < len(placed) else []
            above = [c for c in placed[i - 1] if c[1] == cell[1] and c[2] == cell[2]] if i else []
            if inside and all(c[0] for c in inside):  # labels below take the empty place
                for c in inside:
                    placed[i + 1].remove(c)
                    c[3] += 1
                    row.append(c)
                row.remove(cell)
            elif above:
                above[0][3] += 1
                row.remove(cell)
    if spec.over_header and block.label_column:  # 表三's 申请人情况 over the value columns
        placed.insert(0, [[spec.over_header, 0, width, 1]])
    corner = spec.header_note or next((str(r[0][0]) for r in block.header if r and r[0][0]), "")
    out = []
    for i, row in enumerate(placed):
        cells = [_cell("th", _label(corner), colspan=label_cols, rowspan=len(placed))] \
            if i == 0 and block.label_column else []
        cells += [_cell("th", _label(text), colspan=span, rowspan=rs)
                  for text, _, span, rs in sorted(row, key=lambda c: c[1])]
        out.append("<tr>" + "".join(cells) + "</tr>")
    return out


# ---------------------------------------------------------------- body
class _Marks:
    """The highlight of each cell: class, title (its findings) and an id the findings list links to."""

    def __init__(self, result):
        self.style: dict = {}
        self.notes: dict = {}
        if result is None:
            return
        suspects, failing = finding_cells(result)
        for ref in failing:
            self.style[ref] = "failing"
        for ref in suspects:
            self.style[ref] = "suspect"
        for f in result.findings:
            if f.severity != "error":
                continue
            refs = ([(f.suspect["table"], f.suspect["row"], f.suspect["column"])] if f.suspect else []) + f.cells[:1]
            for ref in dict.fromkeys(refs):
                self.notes.setdefault(ref, []).append(f.message)

    def td(self, report: Report, ref: tuple, span: int = 1) -> str:
        style = self.style.get(ref)
        title = None
        if style:
            title = "\n".join([M.text(f"show.legend.{style}")] + self.notes.get(ref, []))
        text = cell_text(report.tables[ref[0]].cell(*ref[1:]))
        return _cell("td", text, colspan=span, class_=" ".join(x for x in ("num", style) if x),
                     id=cell_id(ref) if style else None, title=title)


def cell_id(ref: tuple) -> str:
    return "cell-" + "-".join(ref).replace(".", "_")


def _body_rows(report: Report, block, marks: _Marks, label_cols: int, width: int) -> list:
    out, pending = [], []
    body = block.body
    for i, (label, level, refs) in enumerate(body):
        if not refs:  # a group: one cell spanning the data rows it holds
            depth = abs(level)
            held = 0
            for _, lv, rr in body[i + 1:]:
                if abs(lv) <= depth:
                    break
                held += bool(rr)
            pending.append(_cell("td", _label(label), rowspan=held, class_="group"))
            continue
        cells = pending
        pending = []
        if block.label_column:
            cells.append(_cell("td", _label(label), colspan=label_cols - level + 1, class_="label"))
        for k, ref in enumerate(refs):
            span = width - len(refs) + 1 if k == len(refs) - 1 else 1
            cells.append(marks.td(report, (block.table,) + tuple(ref), span))
        out.append("<tr>" + "".join(cells) + "</tr>")
    return out


def table_html(report: Report, tkey: str, marks: Optional[_Marks] = None) -> str:
    """One official table as a ``<table>`` (表二's blocks in one table)."""
    marks = marks or _Marks(None)
    bl = blocks(report, tkey)
    if not any(b.body for b in bl):
        return ""
    label_cols = max((abs(level) for b in bl for _, level, _ in b.body), default=1) if bl[0].label_column else 0
    width = max(len(refs) for b in bl for _, _, refs in b.body)
    out = [f'<table id="table-{tkey}">']
    for block in bl:
        head = _header_rows(block, report.spec(tkey), label_cols, width)
        if block.title:
            out.append("<tbody>" + "<tr>" + _cell("th", _label(block.title), colspan=label_cols + width) + "</tr>")
            out += head
        else:
            out += ["<thead>"] + head + ["</thead>", "<tbody>"]
        out += _body_rows(report, block, marks, label_cols, width) + ["</tbody>"]
    out.append("</table>")
    return "\n".join(out)


# ---------------------------------------------------------------- page
def _paragraphs(text: str, cls: Optional[str] = None) -> list:
    return [_cell("p", line, class_=cls) for line in str(text).split("\n") if line.strip()]


def _findings(result, marks: _Marks) -> list:
    """The findings list (in the footer), each linked to the cell it highlights, and the legend."""
    head, _ = status_line(result)
    out = [f'<footer class="findings" lang="{"en" if M.get_lang() == "en" else "zh-CN"}">',
           _cell("h2", M.text("html.findings")), _cell("p", head), "<ol>"]
    for f in result.findings:
        ref = (f.suspect["table"], f.suspect["row"], f.suspect["column"]) if f.suspect else \
            (f.cells[0] if f.cells else None)
        text = escape(f"{M.text(f'severity.{f.severity}')}：{f.message}")
        if ref in marks.style:
            text = f'<a href="#{cell_id(ref)}">{text}</a>'
        if f.suspect:
            text += "<br>" + escape(suspect_line(f))
        out.append(f'<li class="{escape(f.severity)}">{text}</li>')
    out.append("</ol>")
    legend = [f'<span class="swatch" style="background:rgb({",".join(map(str, colour))})"></span> '
              + escape(M.text(f"show.legend.{style}"))
              for style, colour in (("suspect", SUSPECT_COLOUR), ("failing", FAILING_COLOUR))
              if style in marks.style.values()]
    if legend:
        out.append(f'<p class="legend">{"　".join(legend)}</p>')
    return out + ["</footer>"]


def to_html(report: Report, result=None) -> str:
    """The report as one standalone page; ``result`` (a CheckResult): highlight its findings."""
    from ..render import reading_order

    marks = _Marks(result)
    title = report.title or ""
    out = ["<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           '<meta name="generator" content="govreport">',
           _cell("title", title or M.text("html.untitled")), f"<style>{CSS}</style>", "</head>", "<body>", "<main>"]
    if title:
        out.append(_cell("h1", title))
    out += _paragraphs(report.preamble)
    for heading, text, table in reading_order(report):
        out += ["<section>", _cell("h2", heading)] + _paragraphs(text)
        if table:
            out.append(table_html(report, table, marks))
            out += [_cell("p", f"注：{n.text}", class_="note") for n in report.notes if n.table == table]
        out.append("</section>")
    out.append("</main>")
    if result is not None:
        out += _findings(result, marks)
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
