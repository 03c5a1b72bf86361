"""``govreport check FILE...`` without the command-line framework (issue 12's start-up).

Importing typer costs about as much as starting Python itself, and ``check`` on one report is what
supervisors run over and over from scripts.  A command line made only of what this module reads
exactly as typer would — ``check``, one or more report names (paths, years, folders, ``-``), the
options ``-f/--format``, ``--fail-on``, ``-q/--quiet``, ``-v/--verbose``, ``-s/--show`` with valid
values, and the global ``--lang`` and ``--debug``, anywhere on the line (:func:`base.reorder_args`)
— runs :func:`govreport.cli.checking.run` directly, through the same :func:`base.command` wrapper.
Anything else (help, every other option, a value that is not one of its choices, ``--``, bundled
short flags, shell completion) returns None and typer reads the line: its usage errors, help and
messages stay the only ones.  ``tests/test_cli_fast.py`` runs both readings of generated command
lines and asserts the same output, errors and exit code."""

import os

from .base import apply_root_options, command, reorder_args
from .checking import FAIL_ON, FORMATS

COMMAND = "check"
FLAGS = {"-q": "quiet", "--quiet": "quiet", "-v": "verbose", "--verbose": "verbose",
         "-s": "show_tables", "--show": "show_tables"}
VALUES = {"-f": ("format", FORMATS), "--format": ("format", FORMATS), "--fail-on": ("fail_on", FAIL_ON)}


def _value(args: list, i: int):
    """The value of the option at ``args[i]`` (``--name=value`` or ``--name value``) and the index
    after it; the value is None when the line ends there."""
    name, eq, value = args[i].partition("=") if args[i].startswith("--") else (args[i], "", "")
    if eq:
        return name, value, i + 1
    return name, (args[i + 1] if i + 1 < len(args) else None), i + 2


def parse(args) -> "tuple | None":
    """``(lang, debug, files, options)`` for a command line this module reads alone (see the module's
    text), the options as keyword arguments of :func:`checking.run`; None for any other."""
    from .. import messages as M

    if any(k.startswith("_GOVREPORT_COMPLETE") for k in os.environ):
        return None
    args = reorder_args(args)
    lang, debug, i = None, False, 0
    while i < len(args) and args[i] != COMMAND:  # the global options, moved before the command
        if args[i] == "--debug":
            debug, i = True, i + 1
        elif args[i].partition("=")[0] == "--lang":
            _, lang, i = _value(args, i)
            if lang is None or not M.normalize_lang(lang):
                return None
        else:
            return None
    if i == len(args):
        return None
    files, options, i = [], {}, i + 1
    while i < len(args):
        arg = args[i]
        if arg in FLAGS:
            options[FLAGS[arg]], i = True, i + 1
        elif arg == "-" or not arg.startswith("-"):
            files.append(arg)
            i += 1
        else:
            name, value, i = _value(args, i)
            if name not in VALUES or value not in VALUES[name][1]:
                return None
            options[VALUES[name][0]] = value  # the last one given counts, as in typer
    if not files:
        return None
    return lang, debug, files, options


def run(args) -> "int | None":
    """Run the command line when :func:`parse` reads it: its exit code (a failure exits with
    SystemExit, as under typer); None when typer must read it."""
    parsed = parse(args)
    if parsed is None:
        return None
    from .. import messages as M
    from .checking import run as check

    lang, debug, files, options = parsed
    M.set_lang(lang)  # None: $GOVREPORT_LANG, else Chinese — what the root does before its options
    apply_root_options(debug)
    return command(check)(files, **options)
