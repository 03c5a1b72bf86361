"""govreport render FILE --format markdown|text|json|yaml."""

from __future__ import annotations

from typing import Optional

import typer

from .app import FromOption, OutputTarget, ReportArg, app, command, load_report, resolve_file, write_stdout

FORMATS = ("markdown", "text", "json", "yaml")


@app.command()
@command
def render(
    file: ReportArg = None,
    format: str = typer.Option("markdown", "--format", "-f", help="markdown, text, json or yaml."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write to this file (atomically)."),
    provenance: bool = typer.Option(False, "--provenance", help="json/yaml: add where each cell came from."),
    fmt: FromOption = None,
):
    """Render the whole report (sections and tables).

    json and yaml follow the govreport/1 data model.  Markdown escapes the report's text so that
    it loads back the same; text escapes control characters (shown as \\x1b, \\u202e).

    Example: govreport render samples/taicang-2021.txt --format markdown -o taicang.md
    """
    from .. import render as R

    if format not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    path = resolve_file(file)
    target = OutputTarget(output, [path]) if output and output != "-" else None  # refused before any work
    report = load_report(path, fmt)
    text = R.render(report, format, provenance)
    if target is not None:
        target.write_text(text)
    else:
        write_stdout(text)
