"""govreport trend [YEARS…|FILES…]: one body's main figures across years (table, sparklines, chart)."""

from __future__ import annotations

from typing import List, Optional

import typer

from .. import messages as M
from ..output.terminal import one_line
from .app import AgencyOption, DirOption, app, choose
from .base import OutputTarget, command, write_output


@app.command()
@command
def trend(
    reports: Optional[List[str]] = typer.Argument(None, metavar="YEAR|FILE",
                                                  help="Report files, or years found in the folder, or one folder; "
                                                       "none: every report of the folder for the body."),
    folder: DirOption = None,
    agency: AgencyOption = None,
    format: str = typer.Option("text", "--format", "-f", help="text, csv, markdown or json."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write to this file (atomically)."),
    plot: Optional[str] = typer.Option(None, "--plot", metavar="FILE",
                                       help="Also draw a chart into FILE (.png or .svg; needs govreport[plot])."),
):
    """One body's main figures across years, with a sparkline per row.

    Example: govreport trend --dir samples/pingtan
    """
    import os
    import sys

    from ..output import trend as render
    from ..trend import trend_of_files, trend_of_folder

    choose(format, render.FORMATS, "--format")
    kind = render.plot_format(plot) if plot else None
    if plot:
        render.require_matplotlib()  # before the work
    if reports and len(reports) == 1 and os.path.isdir(reports[0]):  # govreport trend DIR
        folder, reports = reports[0], None
    if reports:
        from ..folder import expand

        result = trend_of_files(expand(list(reports), folder, agency))
    else:
        result = trend_of_folder(folder, agency)
    inputs = [p.path for p in result.points]
    for note in result.notes:
        print(f"govreport: {one_line(note)}", file=sys.stderr)
    if plot:
        _write_plot(result, plot, kind, inputs)
    write_output(render.render(result, format), output, inputs)
    if plot:
        print(one_line(M.text("trend.plot.written", file=plot)), file=sys.stderr)


def _write_plot(result, path: str, kind: str, inputs: list) -> None:
    """The chart, drawn into a temporary file renamed over ``path`` (see :class:`OutputTarget`)."""
    from ..output.trend import plot

    target = OutputTarget(path, inputs)
    tmp = target.temporary()
    try:
        plot(result, tmp, kind)
    except BaseException:
        target.discard(tmp)
        raise
    target.commit(tmp)
