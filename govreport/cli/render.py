"""govreport render FILE --format markdown|text|json|yaml."""

from __future__ import annotations

from typing import Optional

import typer

from ..errors import GovreportError
from .app import AgencyOption, DirOption, FromOption, ReportArg, app, choose
from .base import OutputTarget, command, is_tty, load_report, resolve_file, write_stdout, write_stdout_bytes

FORMATS = ("markdown", "text", "json", "yaml", "html", "docx")
BINARY = ("docx",)


@app.command()
@command
def render(
    file: ReportArg = None,
    format: str = typer.Option("markdown", "--format", "-f", help="markdown, text, json, yaml, html or docx."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to this file (atomically)."),
    provenance: bool = typer.Option(False, "--provenance", help="json/yaml: add where each cell came from."),
    highlight: bool = typer.Option(False, "--highlight",
                                   help="docx: shade the likely wrong cell and the failing totals (html always does)."),
    folder: DirOption = None,
    agency: AgencyOption = None,
    fmt: FromOption = None,
):
    """Render the whole report (sections and tables) as Markdown, text, json, yaml, a web page or Word tables."""
    choose(format, FORMATS, "--format")
    path = resolve_file(file, folder, agency)
    target = OutputTarget(output, [path]) if output and output != "-" else None  # refused before any work
    if format in BINARY and target is None and is_tty():
        raise GovreportError("cli.render.binary_to_terminal", format=format)
    report = load_report(path, fmt)
    data = _render(report, format, provenance, highlight)
    if target is not None:
        target.write_bytes(data) if isinstance(data, bytes) else target.write_text(data)
    elif isinstance(data, bytes):
        write_stdout_bytes(data)
    else:
        write_stdout(data)


def _render(report, format: str, provenance: bool, highlight: bool):
    from ..check import check

    if format == "html":
        from ..output.html import to_html

        return to_html(report, check(report))
    if format == "docx":
        from ..output.docx import to_docx

        return to_docx(report, check(report) if highlight else None)
    from .. import render as R

    return R.render(report, format, provenance)
