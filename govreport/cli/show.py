"""govreport show FILE: the report's tables, laid out as printed."""

from __future__ import annotations

from typing import Optional

import typer

from ..output.terminal import one_line
from .app import FromOption, ReportArg, app, command, is_tty, load_report, make_console, resolve_file, write_stdout

from ..templates import TABLE_ORDER as TABLES


@app.command()
@command
def show(
    file: ReportArg = None,
    table: Optional[str] = typer.Option(None, "--table", "-t",
                                        help="Show one table: active_disclosure, requests or review_litigation."),
    provenance: bool = typer.Option(False, "--provenance", help="List where every cell came from."),
    fmt: FromOption = None,
):
    """Show a report's tables: 表二, 表三 with its two-level header, 表四 with its grouped header.

    Cells read by a failing identity are highlighted (marked * when not on a terminal).

    Example: govreport show samples/taicang-2021.txt --table requests
    """
    from .. import render as R
    from ..check import check, failing_cells

    if table and table not in TABLES:
        raise typer.BadParameter(f"choose one of {', '.join(TABLES)}", param_hint="--table")
    report = load_report(resolve_file(file), fmt)
    marks = frozenset(failing_cells(check(report)))
    tty = is_tty()
    lines = [[(R.title_line(report), "title")]]
    if table and table not in report.tables:
        lines.append([(f"(the report has no {table} table)", "")])
    lines += R.text_lines(report, [table] if table else None, marks, "" if tty else "*")
    if not report.tables:
        lines.append([("(no standard tables: template none)", "")])
    if marks and not tty:
        lines.append([("* a cell read by a failing identity (see: govreport check)", "")])
    # report text and file names may hold escape sequences, CR, bidi overrides: shown escaped
    lines = [[(one_line(t), style) for t, style in segs] for segs in lines]
    if provenance:  # tab-separated; each field escaped on its own
        lines.append([])
        lines += [[(row, "")] for row in _provenance_rows(report, table)]
    if tty:
        from rich.text import Text

        console = make_console()
        styles = {"title": "bold", "head": "bold", "label": "italic", "mark": "bold reverse red", "": ""}
        for segs in lines:
            text = Text()
            for t, style in segs:
                text.append(t, style=styles.get(style, ""))
            console.print(text)
    else:
        write_stdout(R.plain(lines) + "\n")


def _provenance_rows(report, only: Optional[str]):
    yield "table\trow\tcolumn\tvalue\traw\tsource"
    from ..model import format_number

    for tkey, tbl in report.tables.items():
        if only and tkey != only:
            continue
        for row, col, cell in tbl.cells():
            where = ", ".join(f"{k} {v}" for k, v in (cell.prov or {}).items())
            fields = (tkey, row, col, format_number(cell.value), cell.raw, where)
            yield "\t".join(one_line(x) for x in fields)
