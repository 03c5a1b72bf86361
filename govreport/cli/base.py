"""What the commands share that needs no command-line framework: the command line's global
options, one-line failures, loading, terminal tests, safe output files, and the reports a command
line names.  :mod:`govreport.cli.app` builds the typer application on top of it;
:mod:`govreport.cli.fast` runs ``govreport check FILE...`` with this module alone (typer not
imported: issue 12's start-up)."""

import functools
import os
import stat
import sys

from .. import messages as M
from ..errors import ExitCode, GovreportError
from ..output.terminal import one_line

# ---------------------------------------------------------------- argv
ROOT_VALUE_OPTIONS = ("--lang", "--max-size", "--ocr")  # root options accepted after the command too
ROOT_FLAGS = ("--debug",)
COMMAND_VALUE_OPTIONS = ("--format", "-f", "--dir", "-d", "--agency", "-a", "--from")  # moved after the command


def _name(arg: str) -> str:
    return arg.split("=", 1)[0] if arg.startswith("--") else arg


def reorder_args(args) -> list:
    """Root options after the command are moved before it; the command options
    ``COMMAND_VALUE_OPTIONS`` given before the command name are moved after it
    (nothing after ``--`` is touched): ``govreport --format json check --lang en``
    is ``govreport --lang en check --format json``."""
    args = list(args)
    root, moved, tail, command, i = [], [], [], [], 0
    while i < len(args):
        arg, name = args[i], _name(args[i])
        if arg == "--":
            tail += args[i:]
            break
        n = 1 if "=" in arg else 2
        if name in ROOT_VALUE_OPTIONS:
            root += args[i:i + n]
        elif not command and name in COMMAND_VALUE_OPTIONS:
            moved += args[i:i + n]
        else:
            n = 1
            if arg in ROOT_FLAGS:
                root.append(arg)
            elif not command and not arg.startswith("-"):
                command.append(arg)
            else:
                (tail if command else root).append(arg)
        i += n
    return root + command + moved + tail


def _lang_from_args(args: list) -> None:
    """``--lang X`` / ``--lang=X`` before ``--`` sets the language at once (help is then in it)."""
    value = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
    if value and M.normalize_lang(value):
        M.set_lang(value)


def _join(items) -> str:
    return M.text("cli.list_sep").join(items)


# ---------------------------------------------------------------- the invocation
STATE = {"debug": False}


def apply_root_options(debug: bool = False, ocr: str | None = None, max_size: str | None = None) -> None:
    """The root's options for this invocation (a caller's earlier run in the same process leaves
    nothing behind): ``--debug``; ``--ocr`` (None: $GOVREPORT_OCR, else auto; ValueError for a
    value that is no mode); ``--max-size`` (a bad size fails here, exit 2)."""
    from ..loaders import set_ocr_mode

    STATE["debug"] = debug
    set_ocr_mode(None if ocr is None else ocr.strip().lower())
    if max_size is not None:
        from ..errors import InputError
        from ..loaders import set_max_size

        try:
            set_max_size(max_size)
        except (InputError, ValueError) as exc:
            fail("cli.max_size", error=exc)


def fail(message: str, code: ExitCode = ExitCode.ERROR, **fields):
    """One line on stderr (control characters escaped: a newline in a file name
    cannot split it), then exit.  ``message``: a catalogue id (filled with ``fields``)
    or a text already in the user's language."""
    if M.has(message):
        message = M.text(message, **fields)
    print(f"govreport: {one_line(message)}", file=sys.stderr)
    raise SystemExit(int(code))  # what typer.Exit becomes too: typer is not needed to leave


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
            if exc.path == "-":
                exc.path = M.text("cli.stream.stdin")
            if getattr(exc, "output", False):
                discard_stdout()  # what is still buffered for a full disk would fail again at exit
            fail(str(exc))
        except BrokenPipeError:
            discard_stdout()
            raise SystemExit(BROKEN_PIPE)
        except KeyboardInterrupt:  # in-process callers; the CLI's signal handler exits 130 itself
            remove_temp_files()
            fail("cli.signal.SIGINT", 130)
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
    """Whether data is piped in: standard input is a pipe, a socket or a non-empty regular
    file.  ``/dev/null`` (a character device), a terminal or a closed standard input: no
    (the folder is used).  A stream without a file descriptor (in-process tests): when it
    is not a terminal."""
    if sys.stdin is None:
        return False
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, ValueError, OSError):
        try:
            return not sys.stdin.isatty()
        except (AttributeError, ValueError):
            return False
    try:
        st = os.fstat(fd)
    except OSError:  # closed
        return False
    if stat.S_ISFIFO(st.st_mode) or stat.S_ISSOCK(st.st_mode):
        return True
    if stat.S_ISREG(st.st_mode):
        try:
            return st.st_size > os.lseek(fd, 0, os.SEEK_CUR)
        except OSError:
            return st.st_size > 0
    return False


def load_report(path: str, fmt: str | None = None):
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
        raise output_error(exc, M.text("cli.stream.stdout")) from None


def write_stdout_bytes(data: bytes) -> None:
    """Binary data (a .docx, a workbook) to standard output, every write checked."""
    from . import output_error

    try:
        sys.stdout.flush()
        stream = sys.stdout.buffer
        for i in range(0, len(data), CHUNK):
            stream.write(data[i:i + CHUNK])
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise output_error(exc, M.text("cli.stream.stdout")) from None


def write_output(text: str, out: str | None, inputs=()) -> None:
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
            raise GovreportError("cli.cannot_write", out, reason=exc.strerror or exc) from None
        self.direct = self.stat is not None and not stat.S_ISREG(self.stat.st_mode)
        self.path = out if self.direct else os.path.realpath(out)
        if self.stat is not None and stat.S_ISDIR(self.stat.st_mode):
            raise GovreportError("cli.cannot_write.directory", out)
        if self.stat is not None:
            mine = (self.stat.st_dev, self.stat.st_ino)
            for path in inputs:
                if path and path != "-" and _identity(path) == mine:
                    raise GovreportError("cli.output_is_input", out)
        self.folder = os.path.dirname(self.path)
        if not self.direct:
            if not os.path.isdir(self.folder):
                raise GovreportError("cli.cannot_write.no_folder", out)
            if self.stat is not None and not os.access(self.path, os.W_OK):
                raise GovreportError("cli.cannot_write.read_only", out)

    def _fail(self, exc: OSError):
        return GovreportError("cli.cannot_write", self.out, reason=exc.strerror or exc)

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

        import tempfile

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
        self.write_bytes(text.encode("utf-8", "backslashreplace"))  # a lone surrogate (JSON "\\ud800") as \\ud800

    def write_bytes(self, data: bytes) -> None:
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


def resolve_file(arg: str | None, folder: str | None = None, agency: str | None = None) -> str:
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


def _may_be_year(arg) -> bool:
    """Whether ``folder.is_year`` could say yes: four decimal digits starting 19 or 20 (its pattern,
    ``(19|20)\\d\\d``, tested without loading the module)."""
    return isinstance(arg, str) and len(arg) == 4 and arg[:2] in ("19", "20") and arg[2:].isdecimal()


def resolve_files(args: list | None, folder: str | None = None, agency: str | None = None) -> list:
    """Paths for several reports: years resolved in the folder (anything else kept
    as given); with nothing given, stdin when piped, else every report file of
    the folder."""
    if args:
        if not any(_may_be_year(a) for a in args):  # paths as given: no need to load the folder module
            return list(args)
        from ..folder import expand

        return expand(list(args), folder, agency)
    from ..folder import directory, report_paths

    if stdin_piped():
        return ["-"]
    paths = report_paths(directory(folder))
    if not paths:
        raise GovreportError("cli.no_reports", folder=directory(folder))
    return paths
