"""govreport check FILES|DIR...: every official identity verified, over one report or thousands."""

# No ``from __future__ import annotations`` here: typer reads the command's annotations with
# typing.get_type_hints, which compiles every one given as a string (~1 ms at each start).
from typing import List, Optional

import typer

from .. import messages as M
from .app import AgencyOption, DaskOption, DirOption, JobsOption, FromOption, app, choose
from .base import command
from .checking import FAIL_ON, FORMATS, SUMMARY_SUFFIXES, run


@app.command()
@command
def check(
    files: Optional[List[str]] = typer.Argument(
        None, metavar="[FILE|DIR|YEAR]...",
        help="Report files, folders (searched recursively for report files, picked by content) or years "
             "found in the folder; '-' reads standard input."),
    format: str = typer.Option("text", "--format", "-f", metavar="FORMAT", autocompletion=lambda: list(FORMATS),
                               help="text, json (an array: one object per file), jsonl (one object per file "
                                    "per line) or csv (one row per finding)."),
    fail_on: str = typer.Option("error", "--fail-on", metavar="LEVEL", autocompletion=lambda: list(FAIL_ON),
                                help="Exit 1 when a finding of this severity (error) or worse (warning: "
                                     "warnings and errors) exists."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No output at all: the exit code only."),
    verbose: bool = typer.Option(False, "--verbose", "-v",
                                 help="List every identity that could not be assessed (blank cells)."),
    show_tables: bool = typer.Option(False, "--show", "-s",
                                     help="Print the tables with the suspect cell and the failing totals marked."),
    previous: Optional[str] = typer.Option(None, "--previous", "-p", metavar="FILE|YEAR",
                                           help="Last year's report (a file or a year in the folder): also "
                                                "check cross-year continuity."),
    summary_file: Optional[str] = typer.Option(
        None, "--summary", metavar="FILE.csv|FILE.xlsx",
        help="Also write one row per report (file, agency, year, template, status, counts, first finding): "
             "the list a supervisor works from. CSV is written for Excel (UTF-8 with BOM)."),
    jobs: JobsOption = None,
    dask_scheduler: DaskOption = None,
    folder: DirOption = None,
    agency: AgencyOption = None,
    fmt: FromOption = None,
):
    """Verify every identity (勾稽关系): row totals, (七)总计, 一+二 = (七)+四, 表四 block totals; plus
    structure (missing tables/rows, mixed templates, title year vs 统计期限) and the narrative's figures
    against the tables (warnings).  Error findings carry hints on the likely culprit.

    Exit codes: 0 clean; 1 a finding at the --fail-on level; 2 a file could not be read (the others are
    still checked and reported, and an unreadable file wins over findings) or a usage error.

    Example: govreport check samples/taicang-2021-error.txt --show

    Example: govreport check 2021 --previous 2020 --dir samples/pingtan

    Example: govreport check reports/ --format csv > findings.csv
    """
    choose(format, FORMATS, "--format")
    choose(fail_on, FAIL_ON, "--fail-on")
    if summary_file and not summary_file.lower().endswith(SUMMARY_SUFFIXES):
        raise typer.BadParameter(M.text("check.summary.suffix"), param_hint="--summary")
    raise typer.Exit(run(files, format, fail_on, quiet, verbose, show_tables, previous, summary_file, jobs,
                         dask_scheduler, folder, agency, fmt))
