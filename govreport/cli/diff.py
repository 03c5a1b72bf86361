"""govreport diff A B: what changed between two reports (two files, or two years of a folder)."""

from __future__ import annotations

from typing import Optional

import typer

from ..errors import ExitCode
from .app import AgencyOption, DirOption, app, choose
from .base import OutputTarget, command, is_tty, make_console, write_output

FORMATS = ("text", "markdown", "json", "csv")


@app.command()
@command
def diff(
    a: str = typer.Argument(..., help="The earlier report: a file, or a year (e.g. 2020) found in the folder."),
    b: str = typer.Argument(..., help="The later report: a file, or a year found in the folder."),
    directory: DirOption = None,
    agency: AgencyOption = None,
    format: str = typer.Option("text", "--format", "-f", help="text, markdown, json or csv."),
    all_cells: bool = typer.Option(False, "--all", help="Also list unchanged cells."),
    text: bool = typer.Option(False, "--text", help="Also compare the narrative, section by section."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write to this file (atomically)."),
):
    """Compare two reports cell by cell: every changed cell old → new, with the change and its percentage.

    Across templates (a 2020 report on the 2019 template against a 2021 one) the comparable cells are
    compared under the 2021 keys: 本年新制作数量 against 本年制发件数, (六)其他处理 against the sum of
    its three 2021 rows; cells printed in one template only are listed as only in one report.
    A blank cell against a number (0 included) is listed as not comparable, not as a change.
    Cross-year continuity (上年结转 = last year's 结转下年度; 现行有效件数) is reported as warnings,
    and reports of two different bodies are warned about.  When a year of the folder has several
    bodies, --agency chooses (by default the body of the other report, if it is one of them).

    Exit 0 when the reports are the same, 1 when they differ, 2 on errors.

    Example: govreport diff 2020 2021 --dir samples/pingtan --text
    """
    from ..diff import diff as run_diff
    from ..output import diff as render

    choose(format, FORMATS, "--format")
    ra, rb = _resolve(a, b, directory, agency)
    inputs = [r.path for r in (ra, rb)]
    if output and output != "-":
        OutputTarget(output, inputs)  # refused (own input, unwritable) before the work
    result = run_diff(ra, rb)
    narrative = None
    if text:
        from ..textdiff import narrative_diff

        narrative = narrative_diff(ra, rb)
    if format == "json":
        write_output(render.to_json(result, all_cells, narrative), output, inputs)
    elif format == "csv":
        write_output(render.to_csv(result, all_cells), output, inputs)
    elif format == "markdown":
        write_output(render.to_markdown(result, all_cells, narrative), output, inputs)
    elif not output and is_tty():
        _print_rich(render.text_lines(result, all_cells, narrative))
    else:
        write_output(render.to_text(result, all_cells, narrative), output, inputs)
    if not result.same:
        raise typer.Exit(int(ExitCode.FINDINGS))


def _resolve(a: str, b: str, directory: Optional[str], agency: Optional[str]) -> tuple:
    """Both reports.  A year is looked up in the folder (scanned once); when it has several bodies and
    no --agency was given, the body of the other report chooses, if it is one of them."""
    from ..folder import FolderError, directory as folder_of, find, is_year, scan_folder
    from ..loaders import load

    folder, entries = folder_of(directory), []

    def resolve(arg: str, other=None):
        if not is_year(arg):
            return load(arg)
        if not entries:
            entries.extend(scan_folder(folder))
        try:
            return find(entries, int(arg), agency, folder).report
        except FolderError:
            if agency or other is None or not other.agency:
                raise
            try:
                return find(entries, int(arg), other.agency, folder).report
            except FolderError:
                pass
            raise

    try:
        ra = resolve(a)
    except FolderError as first:
        try:
            rb = resolve(b)
        except FolderError:
            raise first from None
        return resolve(a, rb), rb
    return ra, resolve(b, ra)


def _print_rich(lines: list) -> None:
    from rich.text import Text

    console = make_console()
    for segs in lines:
        t = Text()
        for s, style in segs:
            t.append(s, style="bold" if style == "changed" else "")
        console.print(t)
