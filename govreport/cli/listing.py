"""govreport list: the reports of a folder (body, year, template, format, file).

Reports are loaded one at a time and only their body, year, template and format kept, so memory
stays flat over any number of files.  What the scan passed over is said: files that look like
reports but cannot be read (with the error), folders that cannot be read, and the number of
files not recognised as reports.  Exit code: 0, or 2 when a file or folder could not be read
(unreadable input — the listing is still printed in full).
"""

from __future__ import annotations

import json
import os
from typing import Optional

import typer

from .. import messages as M
from ..output.terminal import one_line
from .app import app, choose
from .base import command, fail, write_stdout


@app.command("list")
@command
def list_reports(
    directory: Optional[str] = typer.Option(None, "--dir", "-d", envvar="GOVREPORT_DIR", show_envvar=True,
                                            help="The folder (default: the current folder)."),
    fmt: str = typer.Option("text", "--format", "-f",
                            help="text, or json: {folder, reports, unreadable, not_reports, summary}."),
):
    """List the reports found in a folder (by content), one per line, sorted by body and year."""
    from ..folder import directory as folder_of, iter_entries, scan

    choose(fmt, ("text", "json"), "--format")
    folder = folder_of(directory)
    found = scan(folder)
    good, bad = [], []
    for e in iter_entries(found.files, keep_reports=False):
        (good if e.ok else bad).append(e)
    good.sort(key=lambda e: (e.agency, e.year or 0, e.path))
    rel = lambda p: os.path.relpath(p, folder)  # noqa: E731
    unreadable = [(rel(e.path), e.error) for e in bad] + [(rel(p), err) for p, err in found.unreadable]
    summary = {"reports": len(good), "unreadable": len(unreadable), "not_reports": len(found.not_reports)}
    if fmt == "json":  # json.dumps escapes every control character
        out = {"folder": folder,
               "reports": [{"file": rel(e.path), "body": e.agency, "year": e.year, "template": e.template,
                            "format": e.format} for e in good],
               "unreadable": [{"file": p, "error": err} for p, err in unreadable],
               "not_reports": [rel(p) for p in found.not_reports],
               "summary": summary}
        write_stdout(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    else:  # body names, file names and errors come from the files: escaped (one_line)
        lines = []
        if good:
            rows = [tuple(M.text(f"cli.list.{h}") for h in ("body", "year", "template", "format", "file"))]
            rows += [(one_line(e.agency or M.text("cli.list.no_body")), str(e.year or "?"), one_line(e.template), e.format,
                      one_line(rel(e.path))) for e in good]
            lines.append(table(rows))
        elif not unreadable:
            lines.append(M.text("cli.list.none", folder=one_line(folder)))
        for what, items in (("bad_files", [(rel(e.path), e.error) for e in bad]),
                            ("bad_folders", [(rel(p), err) for p, err in found.unreadable])):
            if items:
                lines += ["", M.text(f"cli.list.{what}", count=len(items))]
                lines += [f"  {one_line(p)}: {one_line(err)}" for p, err in items]
        lines += ["", _summary_line(summary)]
        write_stdout("\n".join(lines) + "\n")
    if unreadable:
        fail("cli.list.failed", count=len(unreadable), folder=folder)


def _summary_line(summary: dict) -> str:
    parts = [M.text(f"cli.list.summary.{k}", count=summary[k]) for k in ("reports", "unreadable", "not_reports")
             if summary[k] or k == "reports"]
    return M.text("cli.list.summary.sep").join(parts)


def table(rows: list) -> str:
    from tabulate import tabulate  # aligns CJK text by display width (wcwidth)

    return tabulate(rows[1:], headers=rows[0], tablefmt="plain", disable_numparse=True)
