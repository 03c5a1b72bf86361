"""govreport diff A B: what changed between two reports (two files, or two years of a folder)."""

from __future__ import annotations

import json
from typing import Optional

import typer

from ..errors import ExitCode
from ..output.terminal import escape, one_line
from .app import OutputTarget, app, command, is_tty, make_console, write_output

FORMATS = ("text", "markdown", "json", "csv")
TOP = 5  # largest relative changes in the summary


@app.command()
@command
def diff(
    a: str = typer.Argument(..., help="The earlier report: a file, or a year (e.g. 2020) found in the folder."),
    b: str = typer.Argument(..., help="The later report: a file, or a year found in the folder."),
    directory: Optional[str] = typer.Option(None, "--dir", "-d", envvar="GOVREPORT_DIR", show_envvar=True,
                                            help="Folder where years are looked up (default: current folder)."),
    agency: Optional[str] = typer.Option(None, "--agency", help="The body, when a year has several (substring; "
                                         "by default the body of the other report, if it is one of them)."),
    format: str = typer.Option("text", "--format", "-f", help="text, markdown, json or csv."),
    all_cells: bool = typer.Option(False, "--all", help="Also list unchanged cells."),
    text: bool = typer.Option(False, "--text", help="Also compare the narrative, section by section."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write to this file (atomically)."),
):
    """Compare two reports cell by cell: every changed cell old → new, with the change and its percentage.

    Across templates (a 2020 report on the 2019 template against a 2021 one) the comparable cells are
    compared under the 2021 keys: 本年新制作数量 against 本年制发件数, (六)其他处理 against the sum of
    its three 2021 rows; cells printed in one template only are listed as only in a / only in b.
    Cross-year continuity (上年结转 = last year's 结转下年度; 现行有效件数) is reported as warnings.

    Exit 0 when the reports are the same, 1 when they differ, 2 on errors.

    Example: govreport diff 2020 2021 --dir samples/pingtan --text
    """
    from ..diff import diff as run_diff
    from ..folder import FolderError, directory as folder_of, find, is_year, scan_folder
    from ..loaders import load

    if format not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    entries = None

    def resolve(arg: str, body: Optional[str] = None):
        nonlocal entries
        if not is_year(arg):
            return load(arg)
        if entries is None:
            entries = scan_folder(folder_of(directory))
        try:
            return find(entries, int(arg), agency, folder_of(directory)).report
        except FolderError:
            if agency or not body:
                raise
            try:  # several bodies that year: the body of the other report chooses, if it is one of them
                return find(entries, int(arg), body, folder_of(directory)).report
            except FolderError:
                pass
            raise

    try:
        ra = resolve(a)
    except FolderError as first:
        try:
            rb = resolve(b)
        except FolderError:
            raise first from None
        ra = resolve(a, rb.agency)
    else:
        rb = resolve(b, ra.agency)
    inputs = [r.path for r in (ra, rb)]
    if output and output != "-":
        OutputTarget(output, inputs)  # refused (own input, unwritable) before the work
    result = run_diff(ra, rb)
    narrative = None
    if text:
        from ..textdiff import narrative_diff

        narrative = narrative_diff(ra, rb)
    if format == "json":
        out = result.to_dict(include_unchanged=all_cells)
        if narrative is not None:
            out["narrative"] = narrative.to_dict()
        write_output(json.dumps(out, ensure_ascii=False, indent=2) + "\n", output, inputs)
    elif format == "csv":
        write_output(to_csv(result, all_cells), output, inputs)
    elif format == "markdown":
        write_output(to_markdown(result, all_cells, narrative), output, inputs)
    else:
        # report text and file names may hold escape sequences, CR, bidi overrides: shown escaped
        lines = [[(one_line(t), style) for t, style in segs] for segs in text_lines(result, all_cells, narrative)]
        if not output and is_tty():
            _print_rich(lines)
        else:
            write_output("\n".join("".join(t for t, _ in segs) for segs in lines) + "\n", output, inputs)
    if not result.same:
        raise typer.Exit(int(ExitCode.FINDINGS))


# ---------------------------------------------------------------- shared pieces
def _num(v) -> str:
    from ..model import show

    return show(v)


def _signed(v) -> str:
    if v is None:
        return ""
    return ("+" if v > 0 else "") + _num(v)


def _pct(ratio) -> str:
    return "" if ratio is None else f"{ratio * 100:+.1f}%"


def _name(report, tag: str) -> str:
    return str(report.year) if report.year else tag


def _names(result) -> tuple:
    na, nb = _name(result.a, "a"), _name(result.b, "b")
    return (na, nb) if na != nb else ("a", "b")


def _rows(cells: list) -> list:
    """Consecutive cells grouped by (table, row), in order."""
    groups: list = []
    for c in cells:
        if groups and (groups[-1][0], groups[-1][1]) == (c.table, c.row):
            groups[-1][2].append(c)
        else:
            groups.append((c.table, c.row, [c]))
    return groups


def _only_rows(keys: list) -> list:
    groups: list = []
    for t, r, c in keys:
        if groups and (groups[-1][0], groups[-1][1]) == (t, r):
            groups[-1][2].append(c)
        else:
            groups.append((t, r, [c]))
    return groups


def _largest(result) -> list:
    rated = [c for c in result.changes if c.ratio is not None]
    return sorted(rated, key=lambda c: -abs(c.ratio))[:TOP]


def _cell_name(c) -> str:
    from ..diff import column_label, row_label

    return f"{row_label(c.table, c.row)} · {column_label(c.table, c.row, c.column)}"


# ---------------------------------------------------------------- text
def _width(s: str) -> int:
    from ..render import display_width

    return display_width(s)


def _pad(s: str, width: int, right: bool = False) -> str:
    from ..render import pad

    return pad(s, width, "right" if right else "left")


def text_lines(result, all_cells: bool = False, narrative=None) -> list:
    """Lines of ``(text, style)`` segments; the only style is ``"changed"`` (one neutral highlight)."""
    from ..diff import column_label, row_label, table_title
    from ..templates import TABLE_ORDER

    na, nb = _names(result)
    L: list = []

    def line(*segs):
        L.append([s if isinstance(s, tuple) else (s, "") for s in segs])

    for tag, r in (("a", result.a), ("b", result.b)):
        line(f"{tag}: {r.agency or '(no body)'} {r.year or '?'} (template {r.template}) {r.path}")
    shown = result.cells if all_cells else result.changes
    for table in TABLE_ORDER:
        cells = [c for c in shown if c.table == table]
        if not cells:
            continue
        labels = {id(c): column_label(c.table, c.row, c.column) for c in cells}
        w_label = max(_width(x) for x in labels.values())
        w_old = max(_width(_num(c.old)) for c in cells)
        w_new = max(_width(_num(c.new)) for c in cells)
        w_delta = max(_width(_signed(c.delta)) for c in cells)
        line("")
        line(f"{table_title(table)} ({table})")
        for _, row, group in _rows(cells):
            line(f"  {row_label(table, row)}")
            for c in group:
                style = "changed" if c.changed else ""
                line(f"    {_pad(labels[id(c)], w_label)}  {_pad(_num(c.old), w_old, True)} → ",
                     (_pad(_num(c.new), w_new, True), style),
                     f"  {_pad(_signed(c.delta), w_delta, True)}  {_pct(c.ratio)}".rstrip())
    for tag, name, keys in (("a", na, result.only_in_a), ("b", nb, result.only_in_b)):
        if not keys:
            continue
        line("")
        line(f"Only in {tag} ({name}):")
        for t, r, cols in _only_rows(keys):
            line(f"  {table_title(t)} · {row_label(t, r)}: " + ", ".join(column_label(t, r, c) for c in cols))
    L.extend(_continuity_lines(result))
    if narrative is not None:
        L.extend(_narrative_lines(result, narrative))
    line("")
    line(f"Summary: {len(result.changes)} cells changed, {len(result.unchanged)} unchanged, "
         f"{len(result.only_in_a)} only in a ({na}), {len(result.only_in_b)} only in b ({nb}).")
    largest = _largest(result)
    if largest:
        line("Largest relative changes:")
        for c in largest:
            line(f"  {table_title(c.table)} · {_cell_name(c)}: {_num(c.old)} → {_num(c.new)} ({_pct(c.ratio)})")
    return L


RULES = {"cross_year.carry_over": "二、上年结转 = last year's 四、结转下年度继续办理, per column",
         "cross_year.in_force": "现行有效件数 = last year's + 本年制发件数 − 本年废止件数"}


def _continuity_lines(result) -> list:
    if result.a.year == result.b.year or not result.a.year or not result.b.year:
        return []
    L = [[("", "")], [("Cross-year continuity:", "")]]
    for f in result.findings:
        L.append([(f"  warning {f.rule}: {f.message}", "")])
    if any(f.rule == "cross_year.years" for f in result.findings):
        return L
    for rule, what in RULES.items():
        if rule not in result.assessed:
            L.append([(f"  not assessed {rule} ({what}): not printed in both years", "")])
        elif not any(f.rule == rule for f in result.findings):
            L.append([(f"  holds {rule} ({what})", "")])
    return L


def _narrative_lines(result, narrative) -> list:
    earlier = "the previous year" if (result.a.year or 0) < (result.b.year or 0) else "the other report"
    L = [[("", "")], [("Narrative (sections by number; similarity of sentences, digits masked):", "")]]
    for s in narrative.sections:
        if s.similarity is None:
            where = "a" if s.removed or not s.added else "b"
            L.append([(f"  section {s.number} {s.title}: only in {where}", "")])
            continue
        if s.empty:
            continue  # a table section with no narrative in either year
        note = f" — looks copied from {earlier}" if s.copied else ""
        L.append([(f"  section {s.number} {s.title}: {s.similarity:.2f} similar{note}", "")])
        for sent in s.removed:
            L.append([(f"    - {sent}", "")])
        for sent in s.added:
            L.append([(f"    + {sent}", "changed")])
    return L


def _print_rich(lines: list) -> None:
    from rich.text import Text

    console = make_console()
    for segs in lines:
        t = Text()
        for s, style in segs:
            t.append(s, style="bold" if style == "changed" else "")
        console.print(t)


# ---------------------------------------------------------------- markdown, csv
def _md(s: str) -> str:
    return one_line(s).replace("|", "\\|")


def to_markdown(result, all_cells: bool = False, narrative=None) -> str:
    from ..diff import column_label, row_label, table_title
    from ..templates import TABLE_ORDER

    na, nb = _names(result)
    out = [f"# {one_line(result.a.agency or result.b.agency)}: {na} → {nb}", ""]
    for tag, r in (("a", result.a), ("b", result.b)):
        out.append(f"- {tag}: {one_line(r.agency)} {r.year} (template {r.template}), `{one_line(r.path)}`")
    shown = result.cells if all_cells else result.changes
    for table in TABLE_ORDER:
        cells = [c for c in shown if c.table == table]
        if not cells:
            continue
        out += ["", f"## {table_title(table)}", "", f"| row | column | {na} | {nb} | change | % |",
                "|---|---|---:|---:|---:|---:|"]
        for c in cells:
            out.append(f"| {_md(row_label(table, c.row))} | {_md(column_label(table, c.row, c.column))} | "
                       f"{_num(c.old)} | {_num(c.new)} | {_signed(c.delta)} | {_pct(c.ratio)} |")
    for tag, name, keys in (("a", na, result.only_in_a), ("b", nb, result.only_in_b)):
        if keys:
            out += ["", f"## Only in {tag} ({name})", ""]
            out += [f"- {table_title(t)} · {row_label(t, r)}: " + ", ".join(column_label(t, r, c) for c in cols)
                    for t, r, cols in _only_rows(keys)]
    cont = _continuity_lines(result)
    if cont:
        out += ["", "## Cross-year continuity", ""] + [f"- {segs[0][0].strip()}" for segs in cont[2:]]
    if narrative is not None:
        out += ["", "## Narrative", ""]
        for segs in _narrative_lines(result, narrative)[2:]:
            s = segs[0][0]
            out.append(f"- {s.strip()}" if s.startswith("  section") else f"  {s.strip()}")
    out += ["", f"{len(result.changes)} cells changed, {len(result.unchanged)} unchanged, "
                f"{len(result.only_in_a)} only in a, {len(result.only_in_b)} only in b.", ""]
    return escape("\n".join(out))


def to_csv(result, all_cells: bool = False) -> str:
    import csv
    import io

    from ..diff import column_label, row_label
    from ..output.spreadsheet import row as safe

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["table", "row", "column", "row_label", "column_label", "status", "old", "new", "delta", "ratio"])
    for c in result.cells if all_cells else result.changes:
        w.writerow(safe([c.table, c.row, c.column, row_label(c.table, c.row), column_label(c.table, c.row, c.column),
                         "changed" if c.changed else "unchanged", _csv(c.old), _csv(c.new), _csv(c.delta),
                         _csv(c.ratio)]))
    for status, keys in (("only_in_a", result.only_in_a), ("only_in_b", result.only_in_b)):
        for t, r, col in keys:
            w.writerow(safe([t, r, col, row_label(t, r), column_label(t, r, col), status, "", "", "", ""]))
    return buf.getvalue()


def _csv(v) -> str:
    return "" if v is None else _num(v)
