"""The typer application and what every command shares: loading with clear
errors, one Rich console per invocation, atomic output files."""

# No ``from __future__ import annotations``: typer reads the root callback's annotations with
# typing.get_type_hints, which compiles every one given as a string (at each start).
import functools
import os
import stat
import sys
from typing import Annotated, Optional

import typer
from typer._click import exceptions as click_errors  # typer's own copy of click
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from .. import __version__
from .. import messages as M
from ..errors import ExitCode, GovreportError
from ..output.terminal import one_line

# ---------------------------------------------------------------- argv, usage errors, help
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


def _param_hint(exc) -> str:
    if exc.param_hint:
        hint = exc.param_hint
        return hint if isinstance(hint, str) else " / ".join(hint)
    param = exc.param
    if param is None:
        return ""
    if isinstance(param, TyperArgument):
        return param.name.upper()
    return max(param.opts, key=len)


def _option_names(ctx) -> list:
    if ctx is None:
        return []
    return [max(p.opts, key=len) for p in ctx.command.get_params(ctx)
            if isinstance(p, TyperOption) and not p.hidden]


def _detail(message: str) -> str:
    import re

    m = re.fullmatch(r"choose one of (.*)", message)
    if m:
        return M.text("cli.usage.choose", choices=m.group(1))
    m = re.fullmatch(r"'(.*)' is not a valid (integer|float)\.?( range)?", message)
    if m:
        return M.text("cli.usage.not_a_number", value=m.group(1))
    return message


def usage_message(exc) -> str:
    """Click's error in the user's language: one line."""
    import re

    if isinstance(exc, click_errors.NoSuchOption):
        choices = exc.possibilities or _option_names(exc.ctx)
        return M.text("cli.usage.no_such_option" if choices else "cli.usage.no_such_option.bare",
                      option=exc.option_name, choices=_join(choices))
    if getattr(exc, "local", False):
        return exc.message
    if isinstance(exc, click_errors.MissingParameter):
        return M.text("cli.usage.missing", param=_param_hint(exc))
    if isinstance(exc, click_errors.BadParameter):
        return M.text("cli.usage.bad_value", param=_param_hint(exc), detail=_detail(exc.message))
    if isinstance(exc, click_errors.BadOptionUsage):
        mid = "cli.usage.takes_no_value" if "does not take" in exc.message else "cli.usage.needs_value"
        return M.text(mid, option=exc.option_name)
    m = re.search(r"unexpected extra argument(?:s|\(s\))? \((.*)\)", exc.message)
    if m:
        return M.text("cli.usage.extra", args=m.group(1))
    if exc.message == "Missing command.":
        return M.text("cli.usage.missing_command")
    return M.text("cli.usage.other", detail=exc.format_message())


def choose(value: str, choices, option: str) -> str:
    """``value`` if it is one of ``choices``, else a usage error (exit 2) naming them."""
    if value not in choices:
        raise typer.BadParameter(M.text("cli.usage.choose", choices=_join(choices)), param_hint=option)
    return value


class _Usage:
    """Parse and usage errors become one line on stderr in the user's language, exit 2."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is None or not isinstance(exc, click_errors.ClickException) \
                or isinstance(exc, click_errors.NoArgsIsHelpError):
            return False
        print(f"govreport: {one_line(usage_message(exc))}", file=sys.stderr)
        raise typer.Exit(int(ExitCode.ERROR)) from None


def _width() -> int:
    import shutil

    return max(40, min(shutil.get_terminal_size((80, 24)).columns, 100))


CLOSING, OPENING = "，。、；：）」』》！？”,.;:)]", "（「『《“(["


def _tokens(para: str) -> list:
    """Words, single CJK characters and spaces; punctuation stays with what it closes or opens."""
    import re

    out = []
    for token in re.findall(r"[\x21-\x7e]+|\s+|.", para):
        if out and not token.isspace() and not out[-1].isspace() \
                and (token[0] in CLOSING or out[-1][-1] in OPENING):
            out[-1] += token
        else:
            out.append(token)
    return out


def wrap(text: str, width: int) -> list:
    """``text`` broken into lines of at most ``width`` display columns (CJK characters count two):
    between words, or between any two CJK characters, never next to punctuation."""
    from wcwidth import wcswidth

    out = []
    for para in text.split("\n"):
        line, used = "", 0
        for token in _tokens(para):
            w = max(wcswidth(token), 0)
            if token.isspace():
                if line:
                    line, used = line + " ", used + 1
                continue
            if used + w > width and line.strip():
                out.append(line.rstrip())
                line, used = "", 0
            line, used = line + token, used + w
        out.append(line.rstrip())
    return out


def _two_columns(rows: list, width: int) -> list:
    from wcwidth import wcswidth

    col = min(max((wcswidth(n) for n, _ in rows), default=0) + 4, 30)
    out = []
    for name, help_text in rows:
        lines = wrap(help_text, width - col) or [""]
        pad = col - 2 - wcswidth(name)
        if pad < 2:
            out.append("  " + name)
            out += [" " * col + x for x in lines]
        else:
            out.append("  " + name + " " * pad + lines[0])
            out += [" " * col + x for x in lines[1:]]
    return out


def help_text(mid: str, declared: Optional[str]) -> str:
    """The catalogue's text for ``mid``, else the declared one (docstrings: paragraphs unwrapped)."""
    import inspect

    if M.has(mid):
        return M.text(mid)
    text = inspect.cleandoc(declared or "")
    paras = [" ".join(p.split()) for p in text.split("\n\n")]
    return "\n\n".join(p for p in paras if p)


def _param_help(key: str, param) -> str:
    long = max(param.opts, key=len).lstrip("-")
    for mid in (f"help.{key}.{param.name}", f"help.param.{long}"):
        if M.has(mid):
            return M.text(mid)
    return help_text("", getattr(param, "help", None))


def _param_name(param) -> str:
    if isinstance(param, TyperArgument):
        if param.metavar:  # as declared: FILE, [FILE|DIR|YEAR]...
            return param.metavar
        return param.name.upper() + ("..." if param.nargs != 1 else "")
    names = ", ".join(sorted(param.opts + param.secondary_opts, key=len))
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return names
    return f"{names} {param.metavar or param.name.upper()}"


class LocalHelp:
    """Help in the current language from the catalogue: ``help.<key>`` for the command,
    ``help.<key>.<param>`` (else ``help.param.<long option>``) for each parameter, else
    the declared text; ``help.<key>.examples`` under 示例： / Examples:.  Plain text, no
    type placeholders, wrapped by display width."""

    help_key = None

    def key(self) -> str:
        return self.help_key or self.name

    def short_help_text(self) -> str:
        """The first sentence of the help (up to 。 ； or '. ')."""
        import re

        first = help_text(f"help.{self.key()}", self.help).split("\n")[0]
        return re.split(r"(?<=。)|[；;]|(?<=\.) ", first)[0].strip()

    def usage_line(self, ctx) -> str:
        pieces = [ctx.command_path, M.text("cli.help.options_metavar")]
        for p in self.get_params(ctx):
            if isinstance(p, TyperArgument):
                name = _param_name(p)
                pieces.append(name if p.required or name.startswith("[") else f"[{name}]")
        if isinstance(self, TyperGroup):
            pieces.append(M.text("cli.help.command_metavar"))
        return M.text("cli.help.usage", usage=" ".join(pieces))

    def format_help(self, ctx, formatter) -> None:
        width = _width()
        key = self.key()
        out = [self.usage_line(ctx), ""]
        out += wrap(help_text(f"help.{key}", self.help), width)
        params = [p for p in self.get_params(ctx) if not getattr(p, "hidden", False)]
        sections = (("cli.help.arguments", [p for p in params if isinstance(p, TyperArgument)]),
                    ("cli.help.options", [p for p in params if not isinstance(p, TyperArgument)]))
        for title, group in sections:
            if group:
                out += ["", M.text(title)]
                out += _two_columns([(_param_name(p), _param_help(key, p)) for p in group], width)
        if isinstance(self, TyperGroup):
            commands = [(n, self.get_command(ctx, n)) for n in self.list_commands(ctx)]
            out += ["", M.text("cli.help.commands")]
            out += _two_columns([(n, c.short_help_text() if isinstance(c, LocalHelp) else (c.short_help or ""))
                                 for n, c in commands if c and not c.hidden], width)
        if M.has(f"help.{key}.examples"):
            out += ["", M.text("cli.help.examples")]
            out += ["  " + line if line else "" for line in M.text(f"help.{key}.examples").split("\n")]
        formatter.write("\n".join(out) + "\n")


class Command(LocalHelp, TyperCommand):
    pass


class Group(LocalHelp, TyperGroup):
    """The root: argv reordered (global options anywhere), the language set at once,
    click's errors as one line in the user's language."""

    help_key = "root"

    def list_commands(self, ctx):
        """In the order of ``govreport.cli.COMMANDS`` (the order of ``govreport -h``), whatever
        the order the command modules were imported in (``main`` imports only the one it runs)."""
        from . import COMMANDS

        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: COMMANDS.index(n) if n in COMMANDS else len(COMMANDS))

    def parse_args(self, ctx, args):
        M.set_lang(None)
        args = reorder_args(args)
        _lang_from_args(args)
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx, args):
        if args and not ctx.resilient_parsing and not args[0].startswith("-") \
                and self.get_command(ctx, args[0]) is None:
            import difflib

            names = self.list_commands(ctx)
            choices = difflib.get_close_matches(args[0], names) or names
            err = click_errors.UsageError(M.text("cli.usage.no_such_command", name=args[0], choices=_join(choices)), ctx)
            err.local = True
            raise err
        return super().resolve_command(ctx, args)

    def make_context(self, *args, **kwargs):
        with _Usage():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx):
        with _Usage():
            return super().invoke(ctx)

    def main(self, *args, **kwargs):
        from . import _IN_MAIN

        try:
            return super().main(*args, **kwargs)
        finally:
            if not _IN_MAIN:  # in-process callers (tests): the language does not leak to the next
                M.set_lang(None)


class Typer(typer.Typer):
    """Every command gets :class:`Command` (help from the catalogue)."""

    def command(self, *args, cls=None, **kwargs):
        return super().command(*args, cls=cls or Command, **kwargs)


app = Typer(
    cls=Group,
    name="govreport",
    help="Read, check, diff and render government information-disclosure annual reports.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)

STATE = {"debug": False}

# Parameters several commands share.
ReportArg = Annotated[Optional[str], typer.Argument(
    metavar="FILE", help="Report file, or a year (e.g. 2021) found in the folder ($GOVREPORT_DIR or the current one); "
         "'-' reads standard input; nothing: the newest report of the folder.")]
FromOption = Annotated[Optional[str], typer.Option(
    "--from", help="Force the input format (text, markdown, html, docx, pdf, json, yaml).")]
DirOption = Annotated[Optional[str], typer.Option(
    "--dir", "-d", metavar="DIR",
    help="The folder where years are looked up (default: $GOVREPORT_DIR, else the current folder).")]
AgencyOption = Annotated[Optional[str], typer.Option(
    "--agency", "-a", metavar="NAME",
    help="When the folder holds several bodies' reports for a year: the one whose name contains NAME.")]
JobsOption = Annotated[Optional[int], typer.Option(
    "--jobs", "-j", min=1, metavar="N",
    help="Worker processes (default: the number of CPUs; 1: in this process). The output is the same.")]
DaskOption = Annotated[Optional[str], typer.Option(
    "--dask-scheduler", metavar="ADDRESS",
    help="Run on a Dask cluster: 'local' starts one on this machine, else the scheduler's address "
         "(tcp://host:8786). Needs the dask extra.")]


def _version(value: bool):
    if value:
        print(f"govreport {__version__}")
        raise typer.Exit(0)


def _lang(value: Optional[str]):
    if value is not None:
        try:
            M.set_lang(value)
        except ValueError:
            raise typer.BadParameter(M.text("cli.usage.choose", choices=_join(M.LANGS)), param_hint="--lang") from None


@app.callback(cls=Group)
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="zh|en", callback=_lang, is_eager=True,
                                       help="Language of messages and help: zh (default) or en; or $GOVREPORT_LANG."),
    debug: bool = typer.Option(False, "--debug", help="Show a traceback on errors."),
    max_size: Optional[str] = typer.Option(
        None, "--max-size", metavar="SIZE",
        help="Largest input read, in bytes or with K/M/G (default 64M; or $GOVREPORT_MAX_SIZE)."),
    ocr: Optional[str] = typer.Option(
        None, "--ocr", metavar="auto|always|never",
        help="Read scans and table images by OCR: auto (where there is no text), always, never; or $GOVREPORT_OCR."),
):
    STATE["debug"] = debug
    from ..loaders import OCR_MODES, set_ocr_mode

    if ocr is None:
        set_ocr_mode(None)  # $GOVREPORT_OCR, else auto (a caller's earlier run leaves nothing behind)
    else:
        try:
            set_ocr_mode(ocr.strip().lower())
        except ValueError:
            raise typer.BadParameter(M.text("cli.usage.choose", choices=_join(OCR_MODES)), param_hint="--ocr") from None
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
            if exc.path == "-":
                exc.path = M.text("cli.stream.stdin")
            if getattr(exc, "output", False):
                discard_stdout()  # what is still buffered for a full disk would fail again at exit
            fail(str(exc))
        except BrokenPipeError:
            discard_stdout()
            raise typer.Exit(BROKEN_PIPE)
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


def _may_be_year(arg) -> bool:
    """Whether ``folder.is_year`` could say yes: four decimal digits starting 19 or 20 (its pattern,
    ``(19|20)\\d\\d``, tested without loading the module)."""
    return isinstance(arg, str) and len(arg) == 4 and arg[:2] in ("19", "20") and arg[2:].isdecimal()


def resolve_files(args: Optional[list], folder: Optional[str] = None, agency: Optional[str] = None) -> list:
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
