"""The report's tables drawn for a terminal or as plain text, with the suspect cells and failing
totals marked: ``govreport show`` and ``govreport check --show`` (no typer here: ``check`` may run
without it, see :mod:`govreport.cli.fast`)."""

from __future__ import annotations

from .base import make_console, write_stdout

STYLES = {"title": "bold", "head": "bold", "label": "italic", "suspect": "bold reverse red", "failing": "yellow",
          "": ""}


def emit(lines: list, tty: bool) -> None:
    """Lines of ``(text, style)`` segments: styled on a terminal, plain text otherwise."""
    if tty:
        from rich.text import Text

        console = make_console()
        for segs in lines:
            text = Text()
            for t, style in segs:
                text.append(t, style=STYLES.get(style, style))
            console.print(text)
    else:
        from ..output.text import plain

        write_stdout(plain(lines) + "\n")


def table_lines(report, result, tty: bool, tables=None, wide: bool = False) -> list:
    """The report's title and tables fitted to the terminal (80 columns when piped), the suspect
    cells and the failing totals of ``result`` marked, with a legend."""
    from ..output.text import WIDTH, finding_cells, report_lines, title_line, wrap

    suspects, failing = finding_cells(result)
    width = terminal_width() if tty else WIDTH
    lines = [[(t, "title")] for t in wrap(title_line(report), 10**6 if wide else width)]
    return lines, width, report_lines(report, tables, suspects, failing, width, wide, marker=not tty)


def terminal_width() -> int:
    import shutil

    return max(20, shutil.get_terminal_size().columns)
