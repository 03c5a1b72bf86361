"""The typer application and what every command shares: loading with clear
errors, one Rich console per invocation, atomic output files."""

from __future__ import annotations

import functools
import os
import stat
import sys
import tempfile
from typing import Annotated, Optional

import typer

from .. import __version__
from ..errors import ExitCode, GovreportError
from ..output.terminal import one_line

app = typer.Typer(
    name="govreport",
    help="Read, check, diff and render government information-disclosure annual reports "
         "(政府信息公开工作年度报告).\n\nExit codes: 0 ok, 1 check findings or differences, "
         "2 usage error, unreadable input or unwritable output; 130 interrupted; 141 output pipe closed.",
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
DirOption = Annotated[Optional[str], typer.Option(
    "--dir", "-d", metavar="DIR",
    help="The folder where years are looked up (default: $GOVREPORT_DIR, else the current folder).")]
AgencyOption = Annotated[Optional[str], typer.Option(
    "--agency", "-a", metavar="NAME",
    help="When the folder holds several bodies' reports for a year: the one whose name contains NAME.")]


def _version(value: bool):
    if value:
        print(f"govreport {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show a traceback on errors."),
    max_size: Optional[str] = typer.Option(
        None, "--max-size", metavar="SIZE",
        help="Largest input read, in bytes or with K/M/G (default 64M; or $GOVREPORT_MAX_SIZE)."),
):
    STATE["debug"] = debug
    if max_size is not None:
        from ..errors import InputError
        from ..loaders import set_max_size

        try:
            set_max_size(max_size)
        except (InputError, ValueError) as exc:
            fail(f"--max-size: {exc}")


def fail(message: str, code: ExitCode = ExitCode.ERROR):
    """One line on stderr (control characters escaped: a newline in a file name
    cannot split it), then exit."""
    print(f"govreport: {one_line(message)}", file=sys.stderr)
    raise typer.Exit(int(code))


def command(func):
    """Turn the core's errors into one line on stderr and exit code 2; Ctrl-C into
    130 and a closed standard output (``| head``) into a quiet 141."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from . import BROKEN_PIPE, discard_stdout, remove_temp_files

        try:
            return func(*args, **kwargs)
        except GovreportError as exc:
            if STATE["debug"]:
                raise
            if getattr(exc, "output", False):
                discard_stdout()  # what is still buffered for a full disk would fail again at exit
            fail(str(exc))
        except BrokenPipeError:
            discard_stdout()
            raise typer.Exit(BROKEN_PIPE)
        except KeyboardInterrupt:  # in-process callers; the CLI's signal handler exits 130 itself
            remove_temp_files()
            fail("interrupted", 130)
        finally:
            remove_temp_files()

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


CHUNK = 1 << 16


def write_stdout(text: str) -> None:
    """``text`` to standard output in chunks, flushed, every write checked: a full
    disk is a one-line error naming standard output (exit 2), never a silent exit 0.
    On a terminal, control characters are escaped whatever the format (to a file
    or a pipe the data is written exactly).
    Characters the output encoding cannot take are written as ``\\uXXXX``
    (``errors="backslashreplace"``, set up by ``main``)."""
    from . import output_error

    stream = sys.stdout
    if is_tty(stream):  # whatever the format, nothing reaches a terminal as a control sequence
        from ..output.terminal import escape

        text = escape(text)
    try:
        for i in range(0, len(text), CHUNK):
            chunk = text[i:i + CHUNK]
            try:
                stream.write(chunk)
            except UnicodeEncodeError:  # in-process, on a stream main() did not set up
                encoding = getattr(stream, "encoding", None) or "utf-8"
                stream.write(chunk.encode(encoding, "backslashreplace").decode(encoding))
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise output_error(exc, "standard output") from None


def write_output(text: str, out: Optional[str], inputs=()) -> None:
    """To stdout, or to the file ``out`` safely (see :class:`OutputTarget`);
    ``inputs``: the command's input files, never overwritten."""
    if not out or out == "-":
        write_stdout(text)
        return
    OutputTarget(out, inputs).write_text(text)


def _identity(path: str):
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


class OutputTarget:
    """The file named by ``-o``, written safely:

    * never one of the command's inputs (same device and inode: a hard link or a
      symlink to an input counts): refused, exit 2;
    * a symlink is followed: its target is written, the link stays;
    * a regular file is written to a temporary file with an unpredictable name
      (``tempfile``) in the same folder, then renamed over the target (atomic);
      an existing target keeps its mode (and, as root, its owner), a new file gets
      the mode the umask gives (0666 & ~umask);
    * a non-regular file (``/dev/null``, a FIFO, a terminal) is written directly,
      never replaced;
    * temporary files are removed on every exit path, SIGINT and SIGTERM included
      (they are registered in :data:`govreport.cli.TEMP_FILES`);
    * every error is one line naming the target (``out.md: cannot write: Permission denied``).
    """

    def __init__(self, out: str, inputs=()):
        self.out = out
        try:
            self.stat = os.stat(out)  # through any symlink (/dev/stdout → /proc/self/fd/1 → a pipe)
        except FileNotFoundError:
            self.stat = None
        except OSError as exc:
            raise GovreportError(f"cannot write: {exc.strerror or exc}", out) from None
        self.direct = self.stat is not None and not stat.S_ISREG(self.stat.st_mode)
        self.path = out if self.direct else os.path.realpath(out)
        if self.stat is not None and stat.S_ISDIR(self.stat.st_mode):
            raise GovreportError("cannot write: is a directory", out)
        if self.stat is not None:
            mine = (self.stat.st_dev, self.stat.st_ino)
            for path in inputs:
                if path and path != "-" and _identity(path) == mine:
                    raise GovreportError("is one of the command's inputs; refusing to overwrite it "
                                         "(choose another -o)", out)
        self.folder = os.path.dirname(self.path)
        if not self.direct:
            if not os.path.isdir(self.folder):
                raise GovreportError("cannot write: no such directory", out)
            if self.stat is not None and not os.access(self.path, os.W_OK):
                raise GovreportError("cannot write: Permission denied (the file is read-only)", out)

    def _fail(self, exc: OSError):
        return GovreportError(f"cannot write: {exc.strerror or exc}", self.out)

    def _mode(self) -> int:
        if self.stat is not None:
            return stat.S_IMODE(self.stat.st_mode)
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask

    def temporary(self) -> str:
        """A new empty temporary file (unpredictable name, registered for removal):
        next to a regular target, in the temporary folder for a non-regular one."""
        from . import TEMP_FILES

        folder = None if self.direct else self.folder
        try:
            fd, tmp = tempfile.mkstemp(prefix=".govreport-", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise self._fail(exc) from None
        TEMP_FILES.add(tmp)
        os.close(fd)
        return tmp

    def commit(self, tmp: str) -> None:
        """Put the finished temporary file in place (or copy it into a non-regular target)."""
        from . import TEMP_FILES

        try:
            if self.direct:
                import shutil

                with open(tmp, "rb") as src, open(self.path, "wb") as dst:
                    shutil.copyfileobj(src, dst, CHUNK)
                os.unlink(tmp)
            else:
                os.chmod(tmp, self._mode())
                if self.stat is not None and os.geteuid() == 0:
                    try:
                        os.chown(tmp, self.stat.st_uid, self.stat.st_gid)
                    except OSError:
                        pass
                os.replace(tmp, self.path)
        except OSError as exc:
            raise self._fail(exc) from None
        finally:
            self.discard(tmp)
        TEMP_FILES.discard(tmp)

    def discard(self, tmp: str) -> None:
        from . import remove_temp_file

        remove_temp_file(tmp)

    def write_text(self, text: str) -> None:
        data = text.encode("utf-8", "backslashreplace")  # a lone surrogate (JSON "\\ud800") as \\ud800
        if self.direct:
            try:
                with open(self.path, "wb") as fh:
                    for i in range(0, len(data), CHUNK):
                        fh.write(data[i:i + CHUNK])
            except OSError as exc:
                raise self._fail(exc) from None
            return
        tmp = self.temporary()
        try:
            with open(tmp, "wb") as fh:
                for i in range(0, len(data), CHUNK):
                    fh.write(data[i:i + CHUNK])
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            self.discard(tmp)
            raise self._fail(exc) from None
        except BaseException:
            self.discard(tmp)
            raise
        self.commit(tmp)


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
