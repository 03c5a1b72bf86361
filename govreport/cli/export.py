"""govreport export FILES|DIR... : every cell of many reports in long form (csv, jsonl, sqlite)."""

from __future__ import annotations

import io
import sys
from typing import List, Optional

import typer

from ..errors import ExitCode, GovreportError
from ..output.terminal import one_line
from .app import (AgencyOption, DirOption, FromOption, OutputTarget, app, choose, command, load_report, resolve_files,
                  write_stdout)
from .check import expand

FORMATS = ("csv", "jsonl", "sqlite", "xlsx", "json", "yaml")
NEEDS_FILE = ("sqlite", "xlsx")


@app.command()
@command
def export(
    files: Optional[List[str]] = typer.Argument(
        None, help="Report files or folders (searched recursively for report files, picked by content)."),
    format: str = typer.Option("csv", "--format", "-f", autocompletion=lambda: list(FORMATS),
                               help="csv, jsonl, sqlite or xlsx (these two need -o), or json/yaml (one report)."),
    excel: bool = typer.Option(False, "--excel", help="csv: UTF-8 with a BOM and CRLF line ends, for Excel."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE", help="Output file (default: standard output)."),
    folder: DirOption = None,
    agency: AgencyOption = None,
    fmt: FromOption = None,
):
    """Export every cell of many reports, one record per cell."""
    from .. import export as E

    choose(format, FORMATS, "--format")
    paths = expand(resolve_files(files, folder, agency))
    failed = []
    to_file = bool(output) and output != "-"
    if format in NEEDS_FILE and not to_file:
        raise GovreportError("cli.export.needs_output", format=format)
    if format in ("json", "yaml") and len(paths) != 1:
        raise GovreportError("cli.export.one_report", format=format)
    target = OutputTarget(output, paths) if to_file else None  # refused before any work (own input …)

    def reports():
        for path in paths:
            try:
                yield load_report(path, fmt)
            except GovreportError as exc:
                failed.append(path)
                print(f"govreport: {one_line(exc if exc.path else f'{path}: {exc}')}", file=sys.stderr)

    if format in ("json", "yaml"):
        from ..render import render

        text = render(load_report(paths[0], fmt), format)
    elif format == "sqlite":
        tmp = target.temporary()  # unpredictable name, removed on every exit path (SIGINT/SIGTERM too)
        try:
            E.write_sqlite(reports(), tmp)
        except GovreportError:
            target.discard(tmp)
            raise
        except BaseException as exc:
            target.discard(tmp)
            import sqlite3

            if isinstance(exc, (sqlite3.Error, OSError)):
                raise GovreportError("cli.export.database", output, error=exc) from None
            raise
        target.commit(tmp)
        text = None
    elif format == "xlsx":
        from ..check import check
        from ..output.xlsx import reports_workbook

        items = [(r, check(r)) for r in reports()]
        if items:
            target.write_bytes(reports_workbook(items))
        text = None
    elif format == "csv":  # everything read before anything is written: no header ahead of an error
        buf = io.StringIO()
        E.write_csv(reports(), buf, excel=excel)
        text = buf.getvalue() if len(failed) < len(paths) else ""
    else:  # everything read before anything is written: no header ahead of an error
        buf = io.StringIO()
        E.write_jsonl(reports(), buf)
        text = buf.getvalue() if len(failed) < len(paths) else ""
    if text:
        target.write_text(text) if target else write_stdout(text)
    if failed:
        raise typer.Exit(int(ExitCode.ERROR))
