"""Structure checks (report-format.md §7.4): tables or rows the template has but
the report lacks, a 2019-template table beside 2021-template ones, and a title
year that differs from the statistics period stated in the text.  All warnings."""

from __future__ import annotations

import re

from . import templates as T
from .model import Report

_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_PERIOD_YEAR = re.compile(r"(?:统计期限|统计时限|统计时间|统计周期|统计区间)[^。;；]{0,16}?((?:19|20)\d{2})\s*年")


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

    m = _TITLE_YEAR.search(report.title or "")
    if not m:
        return []
    title_year = int(m.group(1))
    parts = [("the preamble", report.preamble)] + [(f"section {s.number}", s.text) for s in report.sections]
    for where, text in parts:
        p = _PERIOD_YEAR.search(text or "")
        if p and int(p.group(1)) != title_year:
            period_text = text[p.start():p.end() + 20].split("\n")[0]
            return [Finding("structure.year_mismatch", "warning", None, None, None, title_year, int(p.group(1)),
                            f"the title says {title_year}, the statistics period in {where} "
                            f"says {p.group(1)}: “{period_text}…”")]
    return []
