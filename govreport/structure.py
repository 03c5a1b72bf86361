"""Structure checks (report-format.md §7.4): tables or rows the template has but
the report lacks, a 2019-template table beside 2021-template ones, and a title
year that differs from the statistics period stated in the text.  All warnings."""

from __future__ import annotations

from . import templates as T
from .model import Report
from .parse import period_year, title_year


def findings(report: Report) -> list:
    from .check import Finding

    if report.template not in ("2019", "2021"):
        return []
    template = T.get(report.template)
    out = []
    for tkey in T.TABLE_ORDER:
        declared = template.tables.get(tkey)
        if declared is None:
            continue
        table = report.tables.get(tkey)
        if table is None:
            out.append(Finding("structure.missing_table", "warning", tkey, None, None, None, None,
                               f"{declared.short} {declared.title} ({tkey}) is absent: the {template.key} "
                               f"template has it"))
            continue
        spec = report.spec(tkey)
        if spec is not declared:
            out.append(Finding("structure.mixed_template", "warning", tkey, None, None, report.template,
                               _other(report.template),
                               f"{spec.short} {spec.title} ({tkey}) is printed with the rows of the "
                               f"{_other(report.template)} template beside {report.template}-template tables"))
        for row in spec.rows:
            if row.key not in table.rows:
                out.append(Finding("structure.missing_row", "warning", tkey, row.key, None, None, None,
                                   f"{spec.short} {spec.title}: row {row.label} ({row.key}) is absent",
                                   cells=[(tkey, row.key, c) for c in row.columns]))
    out += year_findings(report)
    return out


def _other(template: str) -> str:
    return "2019" if template == "2021" else "2021"


def year_findings(report: Report) -> list:
    from .check import Finding

    year = title_year(report.title)
    if year is None:
        return []
    parts = [("the preamble", report.preamble)] + [(f"section {s.number}", s.text) for s in report.sections]
    for where, text in parts:
        found = period_year(text)
        if found and found[0] != year:
            period, m = found
            quote = text[m.start():m.end() + 20].split("\n")[0]
            return [Finding("structure.year_mismatch", "warning", None, None, None, year, period,
                            f"the title says {year}, the statistics period in {where} says {period}: “{quote}…”")]
    return []
