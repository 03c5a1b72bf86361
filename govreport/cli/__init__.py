"""Command-line interface: thin wiring of the library.  ``main()`` is the only
place that turns unexpected errors into exit codes.

Exit codes (see :class:`govreport.errors.ExitCode`): 0 ok; 1 findings or
differences; 2 usage error, unreadable input, or output that cannot be written;
130 interrupted (Ctrl-C, SIGINT), 143 terminated (SIGTERM), 129 hung up (SIGHUP)
— 128 + the signal number, as a shell reports it; 141 standard output closed
early (a broken pipe, ``govreport … | head``; 128 + SIGPIPE, quietly).

This module imports nothing heavy: ``main()`` installs the signal handlers
before anything else is imported, so an interrupt during start-up is an exit
130 too, never a traceback.
"""

from __future__ import annotations

import os
import sys

# Temporary files to remove on every exit path (the signal handlers run os._exit,
# which skips ``finally`` blocks); see app.OutputTarget.
TEMP_FILES: set = set()

SIGNAL_EXIT = {"SIGINT": "interrupted", "SIGTERM": "terminated", "SIGHUP": "hung up"}  # catalogue: cli.signal.*
_SIGNAL_NAMES: dict = {}  # signal number -> name, of the handlers installed
_IN_MAIN = []  # set by main(): the process is the CLI (not a test calling the app in-process)
BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a writer killed by a closed pipe


def remove_temp_file(path: str) -> None:
    """Remove a temporary output file (and SQLite's companions of it), and forget it."""
    for p in (path, path + "-journal", path + "-wal", path + "-shm"):
        try:
            os.unlink(p)
        except OSError:
            pass
    TEMP_FILES.discard(path)


def remove_temp_files() -> None:
    for path in list(TEMP_FILES):
        remove_temp_file(path)


def _on_signal(signum, _frame) -> None:
    """Remove the temporary files and leave at once with 128 + the signal number
    (no traceback, whatever the program was doing, start-up included)."""
    remove_temp_files()
    # by number, from the table made at installation: the signal can land while Python is still
    # importing the ``signal`` module itself, whose names are then not all there
    name = _SIGNAL_NAMES.get(signum, "SIGINT")
    try:
        os.write(2, f"\ngovreport: {signal_message(name)}\n".encode())
    except OSError:
        pass
    os._exit(128 + signum)


def signal_message(name: str) -> str:
    """``interrupted`` … in the user's language (English if the catalogue cannot be read)."""
    try:
        from .. import messages

        return messages.text(f"cli.signal.{name}")
    except Exception:
        return SIGNAL_EXIT.get(name, name)


def install_signal_handlers() -> None:
    try:  # the C module: `signal` wraps it in enums that start-up has no use for
        import _signal as signal
    except ImportError:  # pragma: no cover - not CPython
        import signal

    for name in SIGNAL_EXIT:
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        try:
            if name == "SIGHUP" and signal.getsignal(sig) == signal.SIG_IGN:
                continue  # nohup: keep ignoring it
            _SIGNAL_NAMES[sig] = name
            signal.signal(sig, _on_signal)
        except ValueError:  # not the main thread: KeyboardInterrupt is handled in main()
            return


def discard_stdout() -> None:
    """Point file descriptor 1 at /dev/null: output still buffered for a closed
    pipe or a full disk is dropped instead of failing again at exit."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, ValueError, AttributeError):
        pass


def output_error(exc: OSError, name: str):
    """A :class:`GovreportError` for a failed write to ``name`` (exit 2; one line)."""
    from ..errors import GovreportError

    err = GovreportError("cli.cannot_write", name, reason=exc.strerror or exc)
    err.output = True
    return err


class _Guarded:
    """sys.stdout/sys.stderr with their write errors checked: a full disk or an
    I/O error becomes a one-line :class:`OutputError` naming the stream (exit 2);
    a broken pipe is left to ``main`` (exit 141)."""

    def __init__(self, stream, name: str):
        self._stream, self._name = stream, name

    def _fail(self, exc: OSError):
        from .. import messages

        return output_error(exc, messages.text(f"cli.stream.{self._name}"))

    def write(self, text):
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._fail(exc) from None

    def flush(self):
        try:
            return self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._fail(exc) from None

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _setup_streams() -> None:
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            continue
        try:  # a non-UTF-8 terminal or PYTHONIOENCODING=ascii: characters it cannot take become \uXXXX
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass
        setattr(sys, name, _Guarded(stream, name))


# The command modules, in the order of ``govreport -h``; each registers its commands on import.
COMMANDS = ("show", "check", "diff", "trend", "render", "export", "list", "keys", "new", "generate", "doctor")
_MODULES = {"list": "listing"}


def _command_named(args) -> "str | None":
    """The command this command line runs, when only that one is needed: its name as given
    (global options may stand before or after it); None when every command is needed — the
    root's help (``govreport``, ``govreport -h check``), shell completion, or no command name
    at all.  A name that is no command (a typo) is returned as it is: ``_build`` then
    registers every command, so the error lists them."""
    from .base import ROOT_VALUE_OPTIONS, reorder_args

    if any(k.startswith("_GOVREPORT_COMPLETE") for k in os.environ):
        return None
    args = reorder_args(args)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--" or arg in ("-h", "--help"):
            return None
        if arg in ROOT_VALUE_OPTIONS:
            i += 2
            continue
        if not arg.startswith("-"):
            return arg
        i += 1
    return None


def _build(only=None):
    """The typer application with its commands registered.  ``only``: the name of the one
    command needed (``main`` passes the command being run, so that starting ``govreport check``
    imports neither the other commands' modules nor what they import); every command when it
    is None or no command's name.  Commands registered before stay registered."""
    import importlib

    from .app import app

    names = (only,) if only in COMMANDS else COMMANDS
    for name in names:
        module = f"{__name__}.{_MODULES.get(name, name)}"
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:  # a command not in this installation
            if exc.name != module:
                raise
    return app


def _finish(code) -> None:
    """Flush standard output with its errors checked, then exit with ``code``."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        discard_stdout()
        os._exit(BROKEN_PIPE)
    except Exception as exc:  # a full disk, an I/O error (output_error)
        discard_stdout()
        _error_line(str(exc))
        os._exit(2)
    sys.exit(code)


def _error_line(message: str) -> None:
    from ..output.terminal import one_line

    try:
        sys.stderr.write(f"govreport: {one_line(message)}\n")
        sys.stderr.flush()
    except Exception:
        pass


def main(argv=None) -> None:
    install_signal_handlers()
    _IN_MAIN.append(True)
    _setup_streams()
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        if args == ["--version"]:  # answer without importing typer at all
            from .. import __version__

            sys.stdout.write(f"govreport {__version__}\n")
            _finish(0)
        from .fast import run as run_fast  # `check FILE...`: without typer when the line allows it

        code = run_fast(args)
        if code is not None:
            _finish(code)
        app = _build(_command_named(args))
        if argv is None:  # the process is this command (not a caller's main(argv) in its own process)
            # What start-up built (typer, click, the app: ~17,000 tracked objects) lives as long as
            # the process: the collector need not walk it again at every collection of the run
            # (issue 12: a few ms at every start; forked --jobs workers inherit it).
            import gc

            gc.freeze()
        app(args=args, prog_name="govreport")
    except SystemExit as exc:
        _finish(exc.code)
    except BrokenPipeError:
        discard_stdout()
        os._exit(BROKEN_PIPE)
    except KeyboardInterrupt:  # only when the handler could not be installed (not the main thread)
        remove_temp_files()
        _error_line(signal_message("SIGINT"))
        os._exit(130)
    except Exception as exc:  # a bug, not bad input: one line unless --debug
        from ..errors import ExitCode, GovreportError
        from .base import STATE

        remove_temp_files()
        if isinstance(exc, GovreportError):  # an output error outside a command (typer's own help text)
            discard_stdout()
            _error_line(str(exc))
            os._exit(int(ExitCode.ERROR))
        if STATE.get("debug") or "--debug" in args:
            raise
        from .. import messages

        _error_line(messages.text("cli.internal_error", error=f"{type(exc).__name__}: {exc}"))
        _finish(int(ExitCode.ERROR))
    finally:
        remove_temp_files()


def get_app():
    return _build()
