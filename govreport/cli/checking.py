"""What ``govreport check`` does, without the command-line framework: :mod:`govreport.cli.check`
declares the command for typer and :mod:`govreport.cli.fast` calls :func:`run` directly for the
command lines it can read alone (issue 12's start-up).  The options arrive validated."""

import os
import sys

from ..errors import ExitCode, GovreportError
from ..output.terminal import escape, one_line
from .. import messages as M
from .base import OutputTarget, is_tty, load_report, make_console, resolve_file, resolve_files

FORMATS = ("text", "json", "jsonl", "csv")
FAIL_ON = ("error", "warning")
SUMMARY_SUFFIXES = (".csv", ".xlsx")
PROGRESS_MIN_FILES = 20


def run(files, format: str = "text", fail_on: str = "error", quiet: bool = False, verbose: bool = False,
        show_tables: bool = False, previous=None, summary_file=None, jobs=None, dask_scheduler=None,
        folder=None, agency=None, fmt=None) -> int:
    """Check the reports ``files`` names (paths, folders, years, '-'), print the findings in
    ``format`` and return the exit code (:func:`exit_code`)."""
    from ..output.findings import Summary, summary_row

    if dask_scheduler is not None:
        from ..batch import require_dask

        require_dask()
    paths = expand(resolve_files(files, folder, agency))
    prev = load_report(resolve_file(previous, folder, agency), None) if previous else None

    tables = not quiet and show_tables and format == "text"
    results = _progress(paths, prev, fmt, show=not quiet, keep=tables, jobs=jobs, scheduler=dask_scheduler)
    out = None if quiet else _Output(format, len(paths), verbose, tables)
    summary, rows = Summary(), []
    for path, result, error in results:
        summary.add(result, error)
        if summary_file:
            rows.append(summary_row(path, result, error, result.about if result is not None else {}))
        if error is not None and not quiet:
            print(f"govreport: {one_line(error)}", file=sys.stderr)
        if out is not None:
            out.add(path, result, error)
    if out is not None:
        out.finish(summary)
    if summary_file:
        write_summary(summary_file, rows, paths)
        if not quiet:
            print(f"govreport: {M.text('check.summary.written', path=one_line(summary_file), n=len(rows))}",
                  file=sys.stderr)
    return int(exit_code(summary, fail_on))


def write_summary(target: str, rows: list, inputs) -> None:
    """The one-row-per-report list as CSV (UTF-8 with BOM and CRLF, for Excel) or as an Excel workbook."""
    from ..output.findings import SUMMARY_COLUMNS
    from ..output.spreadsheet import row as safe_row

    if target.lower().endswith(".xlsx"):
        from ..output.xlsx import summary_workbook

        OutputTarget(target, inputs).write_bytes(summary_workbook(SUMMARY_COLUMNS, rows))
        return
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(SUMMARY_COLUMNS)
    for row in rows:
        writer.writerow(safe_row(row))
    OutputTarget(target, inputs).write_text("\ufeff" + buf.getvalue())


def exit_code(summary, fail_on: str) -> ExitCode:
    """2 when a file was unreadable; 1 for a finding at the ``fail_on`` level; else 0."""
    if summary.unreadable:
        return ExitCode.ERROR
    if summary.with_errors or (fail_on == "warning" and summary.warned):
        return ExitCode.FINDINGS
    return ExitCode.OK


def expand(args: list) -> list:
    """Folders become the report files under them (by content); files stay as given."""
    paths = []
    for arg in args:
        if arg != "-" and os.path.isdir(arg):
            from ..scan import walk  # only for a folder

            paths += walk(arg)
        else:
            paths.append(arg)
    if not paths and args:
        raise GovreportError("check.empty_dir", args[0])
    return paths


def check_one(path, fmt=None, prev=None, tables: bool = False, tty: bool = False):
    """Load and check one file: ``(path, result, error)``; the report itself is dropped (memory stays
    flat over thousands of files, and a worker sends back only the findings).  ``tables``
    (``--show``): the marked tables are drawn here, as ``result.tables``."""
    from ..check import check as run_check

    try:
        result = run_check(load_report(path, fmt), prev)
    except GovreportError as exc:
        return path, None, str(exc) if exc.path else f"{path}: {exc}"
    if tables:
        from .tables import table_lines as lines_of

        head, _, body = lines_of(result.report, result, tty)
        result.tables = head + body + [[]]
    result.report = None
    return path, result, None


def _progress(paths, prev, fmt, show: bool, keep: bool = False, jobs=None, scheduler=None):
    """Check the files (no report is kept) in order, in this process or over ``jobs`` worker
    processes or a Dask cluster (:mod:`govreport.batch`), with a progress bar on a terminal's
    stderr when there are many."""
    from .. import batch

    kwargs = dict(fmt=fmt, prev=prev, tables=keep, tty=is_tty())
    if scheduler is None and batch.in_process(paths, jobs):
        # batch.run's own loop in this process, without a Task: its settings (language, size limit,
        # OCR mode) only travel to workers, and reading them imports the OCR and PDF loaders
        results = (check_one(path, **kwargs) for path in paths)
    else:
        work = batch.Task(check_one, **kwargs)
        # started here, before any output (a cluster that cannot be reached is an error before the csv
        # header) and before the bar's thread (the workers are forked from a single-threaded process)
        results = batch.run(paths, work, jobs=jobs, scheduler=scheduler)
    if not (show and len(paths) > PROGRESS_MIN_FILES and is_tty(sys.stderr)):
        return results
    return _with_bar(results, len(paths))


def _with_bar(results, total: int):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn(M.text("check.progress")), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=make_console(stderr=True), transient=True) as bar:
        task = bar.add_task("check", total=total)
        for item in results:
            yield item
            bar.advance(task)


# ---------------------------------------------------------------- output
class _Output:
    """Streams each file's result as it is checked (json collects, to print one array)."""

    def __init__(self, format: str, count: int, verbose: bool = False, tables: bool = False):
        self.format, self.count, self.verbose, self.tables = format, count, verbose, tables
        self.objects: list = []
        # NO_COLOR: Rich drops colours but keeps bold/dim; plain text is what the user asked for
        plain = format != "text" or not is_tty() or bool(os.environ.get("NO_COLOR"))
        self.console = None if plain else make_console()
        if format == "csv":
            import csv

            from ..output.findings import CSV_COLUMNS

            self.csv = csv.writer(sys.stdout, lineterminator="\n")
            self.csv.writerow(CSV_COLUMNS)

    def add(self, path, result, error) -> None:
        from ..output import findings as F

        obj = F.error_object(path, error) if error is not None else result.to_dict()
        if self.format == "json":
            self.objects.append(obj)
        elif self.format == "jsonl":
            import json

            sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
        elif self.format == "csv":
            from ..output.spreadsheet import row as safe_row

            for row in F.csv_rows(obj):
                self.csv.writerow(safe_row(row))
        elif result is not None:
            if self.tables and getattr(result, "tables", None) is not None:
                from ..output.terminal import one_line as safe
                from .tables import emit

                emit([[(safe(t), style) for t, style in segs] for segs in result.tables], self.console is not None)
                result.tables = None
            self.emit(F.human_lines(result, self.verbose))

    def emit(self, lines) -> None:
        """On a terminal, each line wrapped to its width under its own indent (piped: one line each)."""
        width = None
        if is_tty():
            from .tables import terminal_width

            width = terminal_width()
        for text, style in lines:
            text = escape(text)  # the last line of defence: no control character reaches the terminal
            for part in _wrapped(text, width):
                if self.console is not None and style:
                    self.console.print(part, style=style, markup=False, highlight=False)
                else:
                    print(part)

    def finish(self, summary) -> None:
        if self.format == "json":  # always an array, one object per file
            import json

            print(json.dumps(self.objects, ensure_ascii=False, indent=2))
        elif self.format == "text" and self.count > 1:
            self.emit((line, "") for line in summary.lines())
        sys.stdout.flush()




def _wrapped(text: str, width) -> list:
    if width is None:
        return [text]
    from ..output.text import hanging

    return hanging(text, width)

