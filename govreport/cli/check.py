"""govreport check FILE...: every official identity verified."""

from __future__ import annotations

import json
from typing import List, Optional

import typer

from ..errors import ExitCode, GovreportError
from .app import app, command, fail, load_report, resolve_files

FORMATS = ("text", "json")


@app.command()
@command
def check(
    files: Optional[List[str]] = typer.Argument(None, help="Report files ('-' reads standard input)."),
    format: str = typer.Option("text", "--format", "-f", help="text or json."),
    previous: Optional[str] = typer.Option(None, "--previous", "-p",
                                           help="Last year's report: also check cross-year continuity."),
    fmt: Optional[str] = typer.Option(None, "--from", help="Force the input format."),
):
    """Verify every identity (勾稽关系): row totals, (七)总计, 一+二 = (七)+四, 表四 block totals.

    Exit 0 when clean, 1 when an error finding exists, 2 when a file cannot be read.

    Example: govreport check samples/taicang-2021.txt samples/taicang-2021-error.txt --format json
    """
    from ..check import check as run_check

    if format not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    prev = load_report(previous, None) if previous else None
    results, errors = [], []
    for path in resolve_files(files):
        try:
            results.append(run_check(load_report(path, fmt), prev))
        except GovreportError as exc:
            errors.append((path, str(exc)))
    if format == "json":
        objs = [r.to_dict() for r in results] + [
            {"file": p, "valid": False, "error": msg, "findings": []} for p, msg in errors]
        out = objs[0] if len(objs) == 1 else objs
        print(json.dumps(out, ensure_ascii=False, indent=2))
    elif results:
        print(human(results))
    for _, msg in errors:
        print(f"govreport: {msg}", file=__import__("sys").stderr)
    if errors:
        raise typer.Exit(int(ExitCode.ERROR))
    if any(not r.valid for r in results):
        raise typer.Exit(int(ExitCode.FINDINGS))


def suspect_text(report, s: dict) -> str:
    text = f"{s['table']}/{s['row']}/{s['column']}"
    value = report.tables[s["table"]].value(s["row"], s["column"]) if report else None
    if "delta" in s:
        from ..model import format_number

        fixed = (value or 0) + s["delta"]
        text += f" (printed {format_number(value) or '∅'}; {format_number(fixed)} would make every identity hold)"
    return text


def human(results) -> str:
    from ..templates import TABLE_ORDER

    out = []
    for r in results:
        report = r.report
        errors, warnings, infos = r.count("error"), r.count("warning"), r.count("info")
        status = "ok" if r.valid else "FAILED"
        out.append(f"{r.file}: {status} — {errors} error(s), {warnings} warning(s), {infos} not assessable")
        for tkey in list(TABLE_ORDER) + [None]:
            group = [f for f in r.findings if f.table == tkey]
            if not group:
                continue
            title = report.spec(tkey).title if tkey and report and tkey in report.tables else (tkey or "other")
            out.append(f"  {title} ({tkey or '-'})")
            for f in group:
                where = "/".join(x for x in (f.row, f.column) if x)
                out.append(f"    {f.severity:<7} {f.rule:<32} {where}")
                out.append(f"            {f.message}")
                if f.severity != "info" and f.expected is not None:
                    out.append(f"            expected {f.expected}, actual {f.actual}")
                if f.suspect:
                    out.append(f"            suspect: {suspect_text(report, f.suspect)}")
    return "\n".join(out)
