"""Structure checks (report-format.md §7.4): tables or rows the template has but
the report lacks, a 2019-template table beside 2021-template ones, and a title
year that differs from the statistics period stated in the text.

Severities.  A report on 2019 or later (``report.year >= 2019``, or typed as
the 2019 or 2021 template) must print 表三 (requests) and 表四
(review_litigation): without one of them the report cannot be verified, so its
absence is an ``error`` — also when the report loaded as template ``none``
(no standard table could be read).  A missing 表二, missing rows, a mixed
template and a year mismatch are warnings.  Reports before 2019 (template
``none``, earlier year) had no national table format: no structure findings.

The missing-table message says whether the table is absent from the file or
printed but unreadable, from ``report.tables_seen`` (set by the parser: the
keys of the tables whose heading, anchor or row labels were met in the text;
``None`` or unset when unknown, and then the message says only "absent").
"""

from __future__ import annotations

from typing import Optional

from . import messages as M
from . import templates as T
from .model import Report
from .parse import period_year, title_year

FIRST_YEAR = 2019  # the first year with a national table format (国办公开办函〔2019〕60号)
REQUIRED = ("requests", "review_litigation")  # tables without which a 2019+ report is not valid


def expected_template(report: Report) -> Optional[str]:
    """The template whose tables the report must print: its own (2019/2021), or for a report of
    template ``none``, the one in force for its year (2019 for 2019–2020, 2021 from 2021);
    ``None`` for a report before 2019 or of unknown year."""
    if report.template in ("2019", "2021"):
        return report.template
    year = report.year
    if isinstance(year, int) and not isinstance(year, bool) and year >= FIRST_YEAR:
        return "2019" if year < 2021 else "2021"
    return None


def findings(report: Report) -> list:
    from .check import Finding

    key = expected_template(report)
    if key is None:
        return []
    typed = report.template in ("2019", "2021")
    template = T.get(key)
    seen = report.tables_seen
    out = []
    for tkey in T.TABLE_ORDER:
        declared = template.tables.get(tkey)
        if declared is None:
            continue
        table = report.tables.get(tkey)
        if table is None:
            out.append(_missing_table(Finding, report, key, declared, seen))
            continue
        spec = report.spec(tkey) if typed else T.table_spec(key, tkey, list(table.rows))
        if typed and spec is not declared:
            out.append(Finding("structure.mixed_template", "warning", tkey, None, None, report.template,
                               _other(report.template),
                               M.text("structure.mixed_template", table=M.table_name(tkey), title=spec.title,
                                      other=_other(report.template), template=report.template)))
        for row in spec.rows:
            if row.key not in table.rows:
                out.append(Finding("structure.missing_row", "warning", tkey, row.key, None, None, None,
                                   M.text("structure.missing_row", table=M.table_name(tkey), title=spec.title,
                                          row=M.row_label(report.template, tkey, row.key)),
                                   cells=[(tkey, row.key, c) for c in row.columns]))
    if typed:
        out += year_findings(report)
    return out


def _missing_table(Finding, report: Report, key: str, declared: T.TableSpec, seen) -> object:
    tkey = declared.key
    required = tkey in REQUIRED
    name = {"table": M.table_name(tkey), "title": declared.title}
    if seen is not None and tkey in seen:
        where = M.text("structure.missing_table.unreadable", **name)
    else:
        where = M.text("structure.missing_table.absent", **name)
    if report.template in ("2019", "2021"):
        why = M.text("structure.missing_table.template", template=key)
    else:
        why = M.text("structure.missing_table.year", year=report.year, template=key)
        if not report.tables:
            why += M.text("structure.missing_table.no_table")
    message = M.text("structure.missing_table", where=where, why=why)
    if required:
        message += M.text("structure.missing_table.required")
    return Finding("structure.missing_table", "error" if required else "warning", tkey, None, None, None, None,
                   message)


def _other(template: str) -> str:
    return "2019" if template == "2021" else "2021"


def year_findings(report: Report) -> list:
    from .check import Finding

    year = title_year(report.title)
    if year is None:
        return []
    parts = [(M.text("structure.where.preamble"), report.preamble)] + \
        [(M.text("structure.where.section", number=s.number), s.text) for s in report.sections]
    for where, text in parts:
        found = period_year(text)
        if found and found[0] != year:
            period, m = found
            quote = text[m.start():m.end() + 20].split("\n")[0]
            return [Finding("structure.year_mismatch", "warning", None, None, None, year, period,
                            M.text("structure.year_mismatch", year=year, where=where, period=period, quote=quote))]
    return []
