"""govreport list: the reports of a folder (body, year, template, format, file)."""

from __future__ import annotations

import os
from typing import Optional

import typer

from .app import app, command


@app.command("list")
@command
def list_reports(
    directory: Optional[str] = typer.Option(None, "--dir", "-d", envvar="GOVREPORT_DIR", show_envvar=True,
                                            help="The folder (default: the current folder)."),
):
    """List the reports found in a folder (by content), one per line, sorted by body and year.

    Files that look like reports but cannot be read are listed with their error.
    These are the reports that a year given to show, render, check or diff is looked up in.

    Example: govreport list --dir samples/pingtan
    """
    from ..folder import directory as folder_of, scan_folder

    folder = folder_of(directory)
    entries = scan_folder(folder)
    if not entries:
        print(f"no report files in {folder}")
        return
    rel = lambda p: os.path.relpath(p, folder)  # noqa: E731
    good = sorted((e for e in entries if e.ok), key=lambda e: (e.agency, e.year or 0, e.path))
    rows = [("body", "year", "template", "format", "file")]
    rows += [(e.agency or "(no body)", str(e.year or "?"), e.template, e.format, rel(e.path)) for e in good]
    print(table(rows))
    bad = [e for e in entries if not e.ok]
    if bad:
        print()
        print(f"{len(bad)} file(s) could not be read:")
        for e in bad:
            print(f"  {rel(e.path)}: {e.error}")


def table(rows: list) -> str:
    from tabulate import tabulate  # aligns CJK text by display width (wcwidth)

    return tabulate(rows[1:], headers=rows[0], tablefmt="plain", disable_numparse=True)
