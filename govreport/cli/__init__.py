"""Command-line interface: thin wiring of the library.  ``main()`` is the only
place that turns unexpected errors into exit codes."""

from __future__ import annotations

import sys

from ..errors import ExitCode


def _build():
    from .app import app
    from . import show, check, render, export, diff, listing  # noqa: F401  (commands register on import)

    return app


def main(argv=None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    if args == ["--version"]:  # answer without importing typer at all
        from .. import __version__

        print(f"govreport {__version__}")
        sys.exit(0)
    app = _build()
    try:
        app(args=args, prog_name="govreport")
    except SystemExit:
        raise
    except Exception as exc:  # a bug, not bad input: one line unless --debug
        from .app import STATE

        if STATE.get("debug") or "--debug" in args:
            raise
        print(f"govreport: internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)",
              file=sys.stderr)
        sys.exit(int(ExitCode.ERROR))


def get_app():
    return _build()
