"""govreport export FILES|DIR... : every cell of many reports in long form (csv, jsonl, sqlite)."""

from __future__ import annotations

import io
import sys
from typing import List, Optional

import typer

from ..errors import ExitCode, GovreportError
from ..output.terminal import one_line
from .app import FromOption, OutputTarget, app, command, load_report, resolve_files, write_stdout
from .check import expand

FORMATS = ("csv", "jsonl", "sqlite", "json", "yaml")


@app.command()
@command
def export(
    files: Optional[List[str]] = typer.Argument(
        None, help="Report files or folders (searched recursively for report files, picked by content)."),
    format: str = typer.Option("csv", "--format", "-f", autocompletion=lambda: list(FORMATS), help="csv (UTF-8, header row), jsonl, sqlite (tables "
                               "'cells' and 'reports'; needs -o), or json/yaml (the govreport/1 document of "
                               "one report)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Output file (default: standard output)."),
    fmt: FromOption = None,
):
    """Export every cell of many reports, one record per cell:
    file, agency, year, template, table, row, column, value, raw.

    A file that cannot be read is reported on stderr and skipped; the exit code is then 2.
    CSV text cells that a spreadsheet would run as a formula (beginning with = + - @, a tab or a
    carriage return) are prefixed with an apostrophe; numbers stay numbers.

    Example: govreport export reports/ -f sqlite -o cells.db, then
    sqlite3 cells.db "select file, value from cells where \\"row\\"='new_received' and \\"column\\"='total'"
    """
    from .. import export as E

    if format not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    paths = expand(resolve_files(files))
    failed = []
    to_file = bool(output) and output != "-"
    if format == "sqlite" and not to_file:
        raise GovreportError("--format sqlite needs an output file (-o FILE)")
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

        if len(paths) != 1:
            raise GovreportError(f"--format {format} exports one report (use csv, jsonl or sqlite for several)")
        text = render(load_report(paths[0], fmt), format)
        target.write_text(text) if target else write_stdout(text)
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
                raise GovreportError(f"cannot write the database: {exc}", output) from None
            raise
        target.commit(tmp)
    else:
        writer = E.write_csv if format == "csv" else E.write_jsonl
        if target is not None:
            buf = io.StringIO()
            writer(reports(), buf)
            target.write_text(buf.getvalue())
        else:
            writer(reports(), sys.stdout)
            write_stdout("")  # flushed, errors checked
    if failed:
        raise typer.Exit(int(ExitCode.ERROR))
