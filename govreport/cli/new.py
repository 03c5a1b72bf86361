"""govreport new: a blank table-data file (YAML) to fill in, over :mod:`govreport.skeleton`."""

from __future__ import annotations

import os
from typing import Optional

import typer

from .. import messages as M
from ..errors import GovreportError
from ..validate import YEARS
from .app import app, choose
from .base import OutputTarget, command, write_stdout


@app.command()
@command
def new(
    template: str = typer.Option("2021", "--template", "-t", metavar="2021|2019", help="2021 (default) or 2019."),
    agency: Optional[str] = typer.Option(None, "--agency", "-a", metavar="NAME", help="The reporting body."),
    year: Optional[int] = typer.Option(None, "--year", "-y", metavar="YEAR",
                                       help="The year the report covers (default: last year)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE",
                                         help="Write to this file (default: standard output)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
):
    """Write a blank table-data file (yaml) of an annual report, to fill in and check."""
    from ..skeleton import TEMPLATES, skeleton

    choose(template, TEMPLATES, "--template")
    if year is not None and not YEARS[0] <= year <= YEARS[1]:
        raise typer.BadParameter(M.text("new.bad_year", first=YEARS[0], last=YEARS[1]), param_hint="--year")
    if not output or output == "-":
        write_stdout(skeleton(template, agency, year))
        return
    if not force and os.path.isfile(output):  # a filled-in file is the writer's work: never replaced silently
        raise GovreportError("new.exists", output)
    OutputTarget(output).write_text(skeleton(template, agency, year))
    typer.echo(M.text("new.written", path=output), err=True)
