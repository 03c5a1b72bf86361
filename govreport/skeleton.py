"""A blank report to fill in: the govreport/1 YAML skeleton of a template (``govreport new``).

Every table, row and column of the template is present and blank (``null``), so an unfilled
skeleton loads as a report whose tables are printed blank: ``check`` calls its identities "not
assessable", never "missing table".  Before every table its title, before every row its official
label (``# （一）予以公开``) and row groups (``# （三）不予公开``); after every column its label; at the
top short instructions.  The comments follow the tables' printed layout
(:func:`govreport.render.blocks`; 表四 as its 3 × 5 grid).  Labels stay Chinese; the instructions
are in the current language (``--lang``).

The YAML is what :mod:`govreport.loaders.data` accepts: no anchors, every scalar either a key,
``null``, a quoted string or a number.
"""

from __future__ import annotations

import datetime
from typing import Optional

from . import messages as M
from . import templates as T
from .model import Cell, Report, Table
from .output.docx import printed
from .output.text import blocks

TEMPLATES = ("2021", "2019")


def default_year() -> int:
    """The year a report written now covers: the previous calendar year."""
    return datetime.date.today().year - 1


def blank_report(template: str = "2021", agency: Optional[str] = None, year: Optional[int] = None) -> Report:
    """A report with every cell of the template's tables blank."""
    spec = T.get(template)
    year = default_year() if year is None else year
    report = Report(title=f"{agency or ''}{year}年政府信息公开工作年度报告", agency=agency or "", year=year,
                    template=template)
    for tkey in T.TABLE_ORDER:
        table = spec.tables[tkey]
        report.tables[tkey] = Table(tkey, {r.key: {c: Cell(None) for c in r.columns} for r in table.rows})
    return report


def _quoted(value: str) -> str:
    import yaml

    return yaml.safe_dump(value, allow_unicode=True, default_style='"', width=10 ** 6).strip()


def _comment(text: str) -> str:
    return " ".join(str(text).split())


def skeleton(template: str = "2021", agency: Optional[str] = None, year: Optional[int] = None) -> str:
    """The YAML skeleton of ``template`` (``2021`` or ``2019``) for ``agency`` and ``year``
    (default: last year)."""
    if template not in TEMPLATES:
        raise ValueError(template)
    report = blank_report(template, agency, year)
    # the first line is a key: the loader tells YAML from text by it (loaders.detect_format)
    out = [f"schema: govreport/1  # {_comment(M.text('new.skeleton.schema'))}", ""]
    out += [f"# {line}" if line else "#" for line in
            M.text("new.skeleton.header", template=template, name=printed(T.get(template).name)).split("\n")]
    out += ["", f"title: {_quoted(report.title)}",
            f"agency: {_quoted(report.agency)}  # {_comment(M.text('new.skeleton.agency'))}",
            f"year: {report.year}  # {_comment(M.text('new.skeleton.year'))}",
            f"template: {_quoted(template)}", "tables:"]
    for tkey in T.TABLE_ORDER:
        spec = report.spec(tkey)
        units = {c.key: c.unit_field for c in spec.columns if c.unit_field}
        out += ["", f"  # {M.text(f'label.table_title.{tkey}', 'zh')}", f"  {tkey}:"]
        for block in blocks(report, tkey, official=False):
            if block.title:
                out.append(f"    # {printed(block.title)}")
            for label, level, cells in block.body:
                if not cells:
                    out.append(f"    # {printed(label)}")
                    continue
                out += [f"    # {printed(label)}", f"    {cells[0][0]}:"]
                for _, col in cells:
                    out.append(f"      {col + ':':<18}# {printed(M.column_label(template, tkey, col))}")
                    if col in units:
                        out.append(f"      {units[col] + ':':<18}# {_comment(M.text('new.skeleton.unit'))}")
    return "\n".join(out) + "\n"
