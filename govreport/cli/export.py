"""govreport export FILES|DIR... : every cell of many reports in long form (csv, jsonl, sqlite, parquet)."""

from __future__ import annotations

import io
import sys
from typing import List, Optional

import typer

from ..errors import ExitCode, GovreportError
from ..output.terminal import one_line
from .app import AgencyOption, DaskOption, DirOption, JobsOption, FromOption, app, choose
from .base import OutputTarget, command, load_report, resolve_files, write_stdout
from .checking import expand

FORMATS = ("csv", "jsonl", "sqlite", "xlsx", "json", "yaml", "parquet")
NEEDS_FILE = ("sqlite", "xlsx", "parquet")


@app.command()
@command
def export(
    files: Optional[List[str]] = typer.Argument(
        None, help="Report files or folders (searched recursively for report files, picked by content)."),
    format: str = typer.Option("csv", "--format", "-f", autocompletion=lambda: list(FORMATS),
                               help="csv, jsonl, sqlite or xlsx (these two need -o), or json/yaml (one report)."),
    excel: bool = typer.Option(False, "--excel", help="csv: UTF-8 with a BOM and CRLF line ends, for Excel."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE", help="Output file (default: standard output)."),
    partition_by: Optional[str] = typer.Option(
        None, "--partition-by", metavar="COLUMN",
        help="parquet: a directory dataset partitioned by this column (year): OUT/year=2021/part-0.parquet."),
    jobs: JobsOption = None,
    dask_scheduler: DaskOption = None,
    folder: DirOption = None,
    agency: AgencyOption = None,
    fmt: FromOption = None,
):
    """Export every cell of many reports, one record per cell."""
    from .. import batch
    from .. import export as E

    choose(format, FORMATS, "--format")
    if partition_by is not None:
        choose(partition_by, E.PARTITIONS, "--partition-by")
        if format != "parquet":
            raise GovreportError("parquet.partition_format")
    if format == "parquet":
        E.require_pyarrow()  # before any work: one line naming the extra
    if dask_scheduler is not None:
        from ..batch import require_dask

        require_dask()
    paths = expand(resolve_files(files, folder, agency))
    failed = []
    to_file = bool(output) and output != "-"
    if format in NEEDS_FILE and not to_file:
        raise GovreportError("cli.export.needs_output", format=format)
    if format in ("json", "yaml") and len(paths) != 1:
        raise GovreportError("cli.export.one_report", format=format)
    as_directory = format == "parquet" and (partition_by is not None or dask_scheduler is not None)
    if as_directory:
        target = _Directory(output, paths)
    else:
        target = OutputTarget(output, paths) if to_file else None  # refused before any work (own input …)

    def report_error(path, error):
        failed.append(path)
        print(f"govreport: {one_line(error)}", file=sys.stderr)

    def reports():  # Extracts: loaded (in this process, worker processes or a cluster), in order
        for path, item, error in batch.run(paths, batch.Task(E.extract_file, fmt=fmt), jobs=jobs,
                                           scheduler=dask_scheduler):
            if error is not None:
                report_error(path, error)
            else:
                yield item

    def loaded():  # whole Reports (xlsx needs them): in this process
        for path in paths:
            try:
                yield load_report(path, fmt)
            except GovreportError as exc:
                report_error(path, exc if exc.path else f"{path}: {exc}")

    if format == "parquet" and as_directory:
        tmp = target.temporary()
        try:
            with batch.on_signal(lambda: target.discard(tmp)):
                if dask_scheduler is not None:  # each worker writes its parts
                    work = E.ParquetParts(tmp, partition_by, fmt)
                    for path, _, error in batch.run(paths, work, jobs=jobs, scheduler=dask_scheduler):
                        if error is not None:
                            report_error(path, error)
                else:
                    E.write_parquet(reports(), tmp, partition_by)
        except BaseException:
            target.discard(tmp)
            raise
        target.commit(tmp)
        text = None
    elif format == "parquet":
        tmp = target.temporary()
        try:
            E.write_parquet(reports(), tmp)
        except BaseException as exc:
            target.discard(tmp)
            if isinstance(exc, OSError):
                raise GovreportError("cli.cannot_write", output, reason=exc.strerror or exc) from None
            raise
        target.commit(tmp)
        text = None
    elif format in ("json", "yaml"):
        from ..render import render

        text = render(load_report(paths[0], fmt), format)
    elif format == "sqlite":
        tmp = target.temporary()  # unpredictable name, removed on every exit path (SIGINT/SIGTERM too)
        try:
            E.write_sqlite(reports(), tmp)
        except GovreportError:
            target.discard(tmp)
            raise
        except BaseException as exc:
            target.discard(tmp)
            import sqlite3

            if isinstance(exc, (sqlite3.Error, OSError)):
                raise GovreportError("cli.export.database", output, error=exc) from None
            raise
        target.commit(tmp)
        text = None
    elif format == "xlsx":
        from ..check import check
        from ..output.xlsx import reports_workbook

        items = [(r, check(r)) for r in loaded()]
        if items:
            target.write_bytes(reports_workbook(items))
        text = None
    elif format == "csv":  # everything read before anything is written: no header ahead of an error
        buf = io.StringIO()
        E.write_csv(reports(), buf, excel=excel)
        text = buf.getvalue() if len(failed) < len(paths) else ""
    else:  # everything read before anything is written: no header ahead of an error
        buf = io.StringIO()
        E.write_jsonl(reports(), buf)
        text = buf.getvalue() if len(failed) < len(paths) else ""
    if text:
        target.write_text(text) if target else write_stdout(text)
    if failed:
        raise typer.Exit(int(ExitCode.ERROR))


class _Directory:
    """``-o DIR`` for a directory dataset: written into a temporary folder beside it (removed on
    every exit path, signals included), then renamed into place.  An existing empty folder is
    replaced; anything else at that name is refused before any work."""

    def __init__(self, out: str, inputs=()):
        import os

        self.out = out
        if os.path.lexists(out) and not (os.path.isdir(out) and not os.path.islink(out) and not os.listdir(out)):
            raise GovreportError("parquet.exists", out)
        self.folder = os.path.dirname(os.path.abspath(out))
        if not os.path.isdir(self.folder):
            raise GovreportError("cli.cannot_write.no_folder", out)

    def temporary(self) -> str:
        import tempfile

        try:
            return tempfile.mkdtemp(prefix=".govreport-", suffix=".tmp", dir=self.folder)
        except OSError as exc:
            raise GovreportError("cli.cannot_write", self.out, reason=exc.strerror or exc) from None

    def discard(self, tmp: str) -> None:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)

    def commit(self, tmp: str) -> None:
        import os

        try:
            os.chmod(tmp, 0o777 & ~_umask())
            if os.path.isdir(self.out):
                os.rmdir(self.out)
            os.rename(tmp, self.out)
        except OSError as exc:
            self.discard(tmp)
            raise GovreportError("cli.cannot_write", self.out, reason=exc.strerror or exc) from None


def _umask() -> int:
    import os

    mask = os.umask(0o022)
    os.umask(mask)
    return mask
