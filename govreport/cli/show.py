"""govreport show FILE: the report's tables, laid out as printed and fitted to the terminal."""

from __future__ import annotations

from typing import Optional

import typer

from .. import messages as M
from ..output.terminal import one_line
from ..templates import TABLE_ORDER
from .app import AgencyOption, DirOption, FromOption, ReportArg, app, choose
from .base import command, is_tty, load_report, resolve_file
from .tables import emit, table_lines

# what --table accepts for each table: its key, 2/3/4, 表二/表三/表四 (二/三/四)
TABLE_NAMES = {name: key for (digit, han), key in zip((("2", "二"), ("3", "三"), ("4", "四")), TABLE_ORDER)
               for name in (key, digit, han, "表" + han)}


@app.command()
@command
def show(
    file: ReportArg = None,
    table: Optional[str] = typer.Option(None, "--table", "-t", metavar="TABLE",
                                        help="Show one table: 表二/表三/表四 (or 2, 3, 4, or active_disclosure, "
                                             "requests, review_litigation)."),
    wide: bool = typer.Option(False, "--wide", "-w", help="Full official labels, whatever the width."),
    findings: bool = typer.Option(False, "--findings", help="List the check's findings under the tables."),
    provenance: bool = typer.Option(False, "--provenance", help="List where every cell came from."),
    folder: DirOption = None,
    agency: AgencyOption = None,
    fmt: FromOption = None,
):
    """Show a report's tables: 表二, 表三 with its two-level header, 表四 as a grid.

    The tables fit the terminal (short labels when needed); piped output is always laid out for
    80 columns.  The likely wrong cell of a failing identity is highlighted (marked ! when not on a
    terminal), the totals of failing identities too (marked *).

    Example: govreport show samples/taicang-2021.txt --table 表三
    """
    from ..check import check
    from ..output.text import hanging

    if table is not None:
        table = TABLE_NAMES[choose(table, list(TABLE_NAMES), "--table")]
    report = load_report(resolve_file(file, folder, agency), fmt)
    result = check(report)
    tty = is_tty()
    lines, width, body = table_lines(report, result, tty, [table] if table else None, wide)
    if table and table not in report.tables:
        lines.append([(M.text("show.no_table", table=M.table_name(table)), "")])
    lines += body
    if not report.tables:
        lines.append([(M.text("show.no_tables"), "")])
    if findings:
        from ..output.findings import human_lines

        lines.append([])
        for t, style in human_lines(result):
            lines += [[(x, style)] for x in (hanging(t, width) if not wide else [t])]
    # report text and file names may hold escape sequences, CR, bidi overrides: shown escaped
    lines = [[(one_line(t), style) for t, style in segs] for segs in lines]
    if provenance:  # tab-separated; each field escaped on its own
        lines.append([])
        lines += [[(row, "")] for row in _provenance_rows(report, table)]
    emit(lines, tty)


def _provenance_rows(report, only: Optional[str]):
    from ..model import format_number

    yield M.text("show.provenance.header")
    for tkey, tbl in report.tables.items():
        if only and tkey != only:
            continue
        for row, col, cell in tbl.cells():
            where = M.text("show.meta.sep").join(
                _ocr_provenance(v) if k == "ocr" else
                M.text(f"show.provenance.{k}", n=v) if M.has(f"show.provenance.{k}") else f"{k} {v}"
                for k, v in (cell.prov or {}).items())
            fields = (tkey, row, col, format_number(cell.value), cell.raw, where)
            yield "\t".join(one_line(x) for x in fields)


def _ocr_provenance(info: dict) -> str:
    """How OCR read a cell: its confidence, the text as read, its box, what the identities made of it."""
    from ..model import format_number

    if not isinstance(info, dict):
        return str(info)
    parts = [M.text("show.provenance.ocr", score=f"{info.get('score', 0):.2f}")]
    if info.get("read") is not None:
        parts.append(M.text("show.provenance.ocr_read", text=info["read"]))
    if info.get("unread"):
        parts.append(M.text("show.provenance.ocr_unread", text=info["unread"]))
    if info.get("box"):
        parts.append(M.text("show.provenance.ocr_box", box=",".join(str(v) for v in info["box"])))
    status = info.get("status")
    if status and status != "read":
        parts.append(M.text(f"show.provenance.ocr_{status}"))
    if info.get("alternatives"):
        parts.append(M.text("show.provenance.ocr_alternatives",
                            values="/".join(format_number(v) for v in info["alternatives"])))
    if info.get("identities"):
        parts.append(M.text("show.provenance.ocr_identities", rules="、".join(
            M.text(f"identity.{r}") if M.has(f"identity.{r}") else r for r in info["identities"])))
    return M.text("show.meta.sep").join(parts)
