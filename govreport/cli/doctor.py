"""govreport doctor: the version, and which optional extras this installation has."""

from __future__ import annotations

import json
import sys

import typer

from .. import messages as M
from .app import app, choose
from .base import command, write_output


@app.command()
@command
def doctor(
    format: str = typer.Option("text", "--format", "-f", help="text or json."),
):
    """Which optional extras are installed (pdf, ocr, xlsx, plot, parquet, dask), and how to add one.

    Example: govreport doctor
    """
    from .. import __version__
    from ..extras import status

    choose(format, ("text", "json"), "--format")
    extras = status()
    if format == "json":
        data = {"version": __version__, "python": sys.version.split()[0],
                "extras": [{"extra": e["extra"], "installed": e["installed"], "versions": e["versions"]}
                           for e in extras]}
        write_output(json.dumps(data, ensure_ascii=False, indent=2) + "\n", None)
        return
    lines = [M.text("doctor.version", version=__version__, python=sys.version.split()[0])]
    for e in extras:
        versions = "，".join(f"{d} {v}" for d, v in e["versions"].items() if v) if M.get_lang() == "zh" \
            else ", ".join(f"{d} {v}" for d, v in e["versions"].items() if v)
        state = M.text("doctor.installed", versions=versions) if e["installed"] else \
            M.text("doctor.missing", extra=e["extra"])
        lines.append(f"  {e['extra']:<8} {M.text(e['purpose'])}：{state}" if M.get_lang() == "zh"
                     else f"  {e['extra']:<8} {M.text(e['purpose'])}: {state}")
    write_output("\n".join(lines) + "\n", None)
