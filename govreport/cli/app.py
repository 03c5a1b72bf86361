"""The typer application: the root and its global options, usage errors and help in the user's
language, the options several commands share.  What the commands share that needs no typer is in
:mod:`govreport.cli.base` (re-exported here for the command modules)."""

# No ``from __future__ import annotations``: typer reads the root callback's annotations with
# typing.get_type_hints, which compiles every one given as a string (at each start).
import sys
from typing import Annotated, Optional

import typer
from typer._click import exceptions as click_errors  # typer's own copy of click
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from .. import __version__
from .. import messages as M
from ..errors import ExitCode
from ..output.terminal import one_line
from .base import _join, _lang_from_args, apply_root_options, reorder_args

# ---------------------------------------------------------------- usage errors, help
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
    try:
        apply_root_options(debug, ocr, max_size)
    except ValueError:
        from ..loaders import OCR_MODES

        raise typer.BadParameter(M.text("cli.usage.choose", choices=_join(OCR_MODES)), param_hint="--ocr") from None
