"""The typer application and what every command shares: loading with clear
errors, one Rich console per invocation, atomic output files."""

from __future__ import annotations

import functools
import os
import sys
import tempfile
from typing import Annotated, Optional

import typer

from .. import __version__
from ..errors import ExitCode, GovreportError

app = typer.Typer(
    name="govreport",
    help="Read, check, diff and render government information-disclosure annual reports "
         "(政府信息公开工作年度报告).\n\nExit codes: 0 ok, 1 check findings or differences, "
         "2 usage error or unreadable input.",
    no_args_is_help=True,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)

STATE = {"debug": False}

# Parameters several commands share.
ReportArg = Annotated[Optional[str], typer.Argument(
    help="Report file, or a year (e.g. 2021) found in the folder ($GOVREPORT_DIR or the current one); "
         "'-' reads standard input; nothing: the newest report of the folder.")]
FromOption = Annotated[Optional[str], typer.Option(
    "--from", help="Force the input format (text, markdown, html, docx, pdf, json, yaml).")]


def _version(value: bool):
    if value:
        print(f"govreport {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show a traceback on errors."),
):
    STATE["debug"] = debug


def fail(message: str, code: ExitCode = ExitCode.ERROR):
    """One line on stderr, then exit."""
    print(f"govreport: {message}", file=sys.stderr)
    raise typer.Exit(int(code))


def command(func):
    """Turn the core's errors into one line on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except GovreportError as exc:
            if STATE["debug"]:
                raise
            fail(str(exc))
        except KeyboardInterrupt:
            fail("interrupted")

    return wrapper


def make_console(stderr: bool = False, force_plain: bool = False):
    """A Rich console for this invocation (colour only on a TTY; NO_COLOR respected by Rich)."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    return Console(file=stream, highlight=False, soft_wrap=True, no_color=force_plain or None,
                   force_terminal=None)


def is_tty(stream=None) -> bool:
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def stdin_piped() -> bool:
    try:
        return sys.stdin is not None and not sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def load_report(path: str, fmt: Optional[str] = None):
    from ..loaders import load

    return load(path, fmt)


def write_output(text: str, out: Optional[str]) -> None:
    """To stdout, or atomically to ``out`` (a temporary file, then rename)."""
    if not out or out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    directory = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(directory):
        raise GovreportError(f"cannot write {out}: no such directory")
    fd, tmp = tempfile.mkstemp(prefix=".govreport-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, out)
    except OSError as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise GovreportError(f"cannot write {out}: {exc.strerror or exc}") from None


def resolve_file(arg: Optional[str], folder: Optional[str] = None, agency: Optional[str] = None) -> str:
    """The one report a command reads: a path, '-' for stdin, a year (19xx/20xx
    that is not an existing path) found in the folder (``folder``, else
    $GOVREPORT_DIR, else the current directory), or with nothing given: stdin
    when something is piped into it, else the newest report of the folder."""
    from ..folder import is_year, newest_path, resolve_year

    if arg:
        return resolve_year(arg, folder, agency) if is_year(arg) else arg
    if stdin_piped():
        return "-"
    return newest_path(folder, agency)


def resolve_files(args: Optional[list], folder: Optional[str] = None, agency: Optional[str] = None) -> list:
    """Paths for several reports: years resolved in the folder (anything else kept
    as given); with nothing given, stdin when piped, else every report file of
    the folder."""
    from ..folder import directory, expand, report_paths

    if args:
        return expand(list(args), folder, agency)
    if stdin_piped():
        return ["-"]
    paths = report_paths(directory(folder))
    if not paths:
        raise GovreportError(f"no report given (give FILEs or years, or '-' to read standard input), and no "
                             f"report files in {directory(folder)}")
    return paths
