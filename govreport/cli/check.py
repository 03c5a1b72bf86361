"""govreport check FILES|DIR...: every official identity verified, over one report or thousands."""

from __future__ import annotations

import json
import os
import sys
from typing import List, Optional

import typer

from ..errors import ExitCode, GovreportError
from ..output.terminal import escape, one_line
from .app import FromOption, app, command, is_tty, load_report, make_console, resolve_files

FORMATS = ("text", "json", "jsonl", "csv")
FAIL_ON = ("error", "warning")
CSV_COLUMNS = ("file", "rule", "severity", "table", "row", "column", "expected", "actual", "suspect", "message",
               "hints")
PROGRESS_MIN_FILES = 20


@app.command()
@command
def check(
    files: Optional[List[str]] = typer.Argument(
        None, help="Report files or folders (folders are searched recursively for report files, picked by "
                   "content); '-' reads standard input."),
    format: str = typer.Option("text", "--format", "-f", autocompletion=lambda: list(FORMATS), help="text, json (one object per file; an array for "
                               "several), jsonl (one object per file per line) or csv (one row per finding)."),
    fail_on: str = typer.Option("error", "--fail-on", autocompletion=lambda: list(FAIL_ON), help="Exit 1 when a finding of this severity (error) "
                                "or worse (warning: warnings and errors) exists."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No output at all: the exit code only."),
    previous: Optional[str] = typer.Option(None, "--previous", "-p",
                                           help="Last year's report: also check cross-year continuity."),
    fmt: FromOption = None,
):
    """Verify every identity (勾稽关系): row totals, (七)总计, 一+二 = (七)+四, 表四 block totals; plus
    structure (missing tables/rows, mixed templates, title year vs 统计期限) and the narrative's figures
    against the tables (warnings).  Error findings carry hints on the likely culprit.

    Exit codes: 0 clean; 1 a finding at the --fail-on level; 2 a file could not be read (the others are still checked and reported, and an unreadable file wins over findings) or a usage error.

    Text output is coloured only on a terminal, and never when NO_COLOR is set.

    Example: govreport check samples/taicang-2021.txt --format json

    Example: govreport check reports/ --format csv > findings.csv
    """
    from ..check import check as run_check

    if format not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    if fail_on not in FAIL_ON:
        raise typer.BadParameter(f"choose one of {', '.join(FAIL_ON)}", param_hint="--fail-on")
    prev = load_report(previous, None) if previous else None
    paths = expand(resolve_files(files))

    out = None if quiet else _Output(format, len(paths))
    summary = Summary()
    for path, result, error in _progress(paths, run_check, prev, fmt, show=not quiet):
        summary.add(result, error)
        if error is not None and not quiet:
            print(f"govreport: {one_line(error)}", file=sys.stderr)
        if out is not None:
            out.add(path, result, error)
    if out is not None:
        out.finish(summary)
    raise typer.Exit(int(summary.exit_code(fail_on)))


def expand(args: list) -> list:
    """Folders become the report files under them (by content); files stay as given."""
    from ..scan import walk

    paths = []
    for arg in args:
        paths += walk(arg) if arg != "-" and os.path.isdir(arg) else [arg]
    if not paths and args:
        raise GovreportError("is a directory with no report files in it (searched recursively)", args[0])
    return paths


def _progress(paths, run_check, prev, fmt, show: bool):
    """Check the files one at a time (no report is kept), with a progress bar on
    a terminal's stderr when there are many."""

    def one(path):
        try:
            result = run_check(load_report(path, fmt), prev)
            result.report = None  # the caller keeps findings only: memory stays flat over thousands of files
            return path, result, None
        except GovreportError as exc:
            return path, None, str(exc) if exc.path else f"{path}: {exc}"

    if not (show and len(paths) > PROGRESS_MIN_FILES and is_tty(sys.stderr)):
        for path in paths:
            yield one(path)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=make_console(stderr=True), transient=True) as bar:
        task = bar.add_task("check", total=len(paths))
        for path in paths:
            yield one(path)
            bar.advance(task)


class Summary:
    def __init__(self):
        self.files = self.clean = self.with_errors = self.with_warnings = self.warned = self.unreadable = 0
        self.rules: dict = {}

    def add(self, result, error) -> None:
        self.files += 1
        if error is not None:
            self.unreadable += 1
            return
        errors, warnings = result.count("error"), result.count("warning")
        self.with_errors += bool(errors)
        self.warned += bool(warnings)
        self.with_warnings += bool(warnings) and not errors
        self.clean += not errors and not warnings
        for f in result.findings:
            key = (f.rule, f.severity)
            self.rules[key] = self.rules.get(key, 0) + 1

    def exit_code(self, fail_on: str) -> ExitCode:
        if self.unreadable:
            return ExitCode.ERROR
        if self.with_errors or (fail_on == "warning" and self.warned):
            return ExitCode.FINDINGS
        return ExitCode.OK

    def lines(self) -> list:
        from tabulate import tabulate

        counts = [("files", self.files), ("clean", self.clean), ("with errors", self.with_errors),
                  ("with warnings only", self.with_warnings), ("unreadable", self.unreadable)]
        out = ["", "Summary", tabulate(counts, tablefmt="plain")]
        if self.rules:
            rows = sorted(((r, s, n) for (r, s), n in self.rules.items()), key=lambda x: (-x[2], x[0]))
            out += ["", tabulate(rows, headers=("rule", "severity", "findings"), tablefmt="simple")]
        return out


# ---------------------------------------------------------------- output
class _Output:
    """Streams each file's result as it is checked (json collects, to print one array)."""

    def __init__(self, format: str, count: int):
        self.format, self.count = format, count
        self.objects: list = []
        # NO_COLOR: Rich drops colours but keeps bold/dim; plain text is what the user asked for
        plain = format != "text" or not is_tty() or bool(os.environ.get("NO_COLOR"))
        self.console = None if plain else make_console()
        if format == "csv":
            import csv

            self.csv = csv.writer(sys.stdout, lineterminator="\n")
            self.csv.writerow(CSV_COLUMNS)

    def add(self, path, result, error) -> None:
        obj = ({"file": path, "valid": False, "error": error, "findings": []} if error is not None
               else result.to_dict())
        if self.format == "json":
            self.objects.append(obj)
        elif self.format == "jsonl":
            sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
        elif self.format == "csv":
            for row in csv_rows(obj):
                self.csv.writerow(safe_row(row))
        elif result is not None:
            self.emit(human_lines(result))

    def emit(self, lines) -> None:
        for text, style in lines:
            text = escape(text)  # the last line of defence: no control character reaches the terminal
            if self.console is not None and style:
                self.console.print(text, style=style, markup=False, highlight=False)
            else:
                print(text)

    def finish(self, summary: Summary) -> None:
        if self.format == "json":
            out = self.objects[0] if len(self.objects) == 1 else self.objects
            print(json.dumps(out, ensure_ascii=False, indent=2))
        elif self.format == "text" and self.count > 1:
            self.emit((line, "") for line in summary.lines())
        sys.stdout.flush()


def safe_row(row: list) -> list:
    from ..output.spreadsheet import row as spreadsheet_row

    return spreadsheet_row(row)


def csv_rows(obj: dict):
    if obj.get("error"):
        yield [obj["file"], "unreadable", "error", "", "", "", "", "", "", obj["error"], ""]
        return
    for f in obj["findings"]:
        s = f.get("suspect")
        yield [obj["file"], f["rule"], f["severity"], f["table"] or "", f["row"] or "", f["column"] or "",
               _csv_value(f["expected"]), _csv_value(f["actual"]),
               f"{s['table']}/{s['row']}/{s['column']}" if s else "", f["message"],
               " | ".join(h["message"] for h in f.get("hints", []))]


def _csv_value(v) -> str:
    return "" if v is None else str(v)


def suspect_text(s: dict, hints: list) -> str:
    text = f"{s['table']}/{s['row']}/{s['column']}"
    fix = next((h for h in hints if h["kind"] == "fix"), None)
    if fix is not None:
        from ..model import format_number

        text += (f" (printed {format_number(fix['printed']) or '∅'}; {format_number(fix['value'])} "
                 f"would make every identity hold)")
    return text


_STYLES = {"error": "bold red", "warning": "yellow", "info": "dim"}


def human_lines(result) -> list:
    """One file's findings as ``(text, style)`` lines, grouped by table."""
    from ..templates import TABLE_ORDER, table_spec

    errors, warnings, infos = result.count("error"), result.count("warning"), result.count("info")
    status = "ok" if result.valid else "FAILED"
    shown_hints: set = set()
    out = [(f"{one_line(result.file)}: {status} — {errors} error(s), {warnings} warning(s), {infos} not assessable",
            "bold green" if result.valid and not warnings else "bold")]
    for tkey in list(TABLE_ORDER) + [None]:
        group = [f for f in result.findings if f.table == tkey]
        if not group:
            continue
        title = table_spec("2021", tkey).title if tkey else "report"
        out.append((f"  {title} ({tkey or '-'})", ""))
        for f in group:
            where = "/".join(x for x in (f.row, f.column) if x)
            out.append((f"    {f.severity:<7} {f.rule:<32} {where}", _STYLES.get(f.severity, "")))
            out.append((f"            {one_line(f.message)}", ""))
            if f.severity != "info" and f.expected is not None:
                out.append((f"            expected {f.expected}, actual {f.actual}", ""))
            if f.suspect:
                out.append((f"            suspect: {one_line(suspect_text(f.suspect, f.hints))}", ""))
            for h in f.hints:
                if h["kind"] == "fix" or h["message"] in shown_hints:
                    continue
                shown_hints.add(h["message"])
                out.append((f"            hint ({h['kind']}): {one_line(h['message'])}", "cyan"))
    return out
