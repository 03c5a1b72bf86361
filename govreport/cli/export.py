"""govreport export FILES|DIR... : every cell of many reports in long form (csv, jsonl, sqlite)."""

from __future__ import annotations

import io
import os
import sys
from typing import List, Optional

import typer

from ..errors import ExitCode, GovreportError
from .app import FromOption, app, command, load_report, resolve_files, write_output
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

    Example: govreport export reports/ -f sqlite -o cells.db, then
    sqlite3 cells.db "select file, value from cells where \\"row\\"='new_received' and \\"column\\"='total'"
    """
    from .. import export as E

    if format not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    paths = expand(resolve_files(files))
    failed = []

    def reports():
        for path in paths:
            try:
                yield load_report(path, fmt)
            except GovreportError as exc:
                failed.append(path)
                print(f"govreport: {exc if exc.path else f'{path}: {exc}'}", file=sys.stderr)

    if format in ("json", "yaml"):
        from ..render import render

        if len(paths) != 1:
            raise GovreportError(f"--format {format} exports one report (use csv, jsonl or sqlite for several)")
        write_output(render(load_report(paths[0], fmt), format), output)
    elif format == "sqlite":
        if not output or output == "-":
            raise GovreportError("--format sqlite needs an output file (-o FILE)")
        directory = os.path.dirname(os.path.abspath(output))
        if not os.path.isdir(directory):
            raise GovreportError(f"cannot write {output}: no such directory")
        tmp = os.path.join(directory, f".govreport-{os.getpid()}-{os.path.basename(output)}")
        try:
            E.write_sqlite(reports(), tmp)
            os.replace(tmp, output)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    else:
        writer = E.write_csv if format == "csv" else E.write_jsonl
        if output and output != "-":
            buf = io.StringIO()
            writer(reports(), buf)
            write_output(buf.getvalue(), output)
        else:
            writer(reports(), sys.stdout)
    if failed:
        raise typer.Exit(int(ExitCode.ERROR))
