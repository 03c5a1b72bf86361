"""govreport keys: every table, row and column key with its official label, gloss, kind, unit and templates."""

from __future__ import annotations

from typing import Optional

import typer

from .app import app, choose
from .base import command, write_output


@app.command()
@command
def keys(
    format: str = typer.Option("text", "--format", "-f", help="text, markdown, csv or json."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write to this file (atomically)."),
):
    """Every table, row and column key of the data model, with its official label and templates.

    Example: govreport keys --format csv -o keys.csv
    """
    from ..output import keys as listing

    choose(format, listing.FORMATS, "--format")
    write_output(listing.render(format), output)
