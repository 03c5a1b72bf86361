"""Check results as human text, CSV rows and JSON objects.

Human text speaks the current language (:mod:`govreport.messages`) and names
cells by their official labels; machine formats keep the stable keys (``rule``,
``table``, ``row``, ``column``) and add the label columns.
"""

from __future__ import annotations

from .. import messages as M
from ..model import format_number
from .terminal import one_line

STYLES = {"error": "bold red", "warning": "yellow", "info": "dim"}
CSV_COLUMNS = ("file", "rule", "severity", "table", "row", "column", "expected", "actual", "suspect", "message",
               "hints", "table_label", "row_label", "column_label", "location")


RECOVERED = frozenset({"parse.recovered", "ocr.recovered", "ocr.filled"})  # a number the identities gave
CONFIRMED = "ocr.confirmed"  # an unsure OCR reading the identities confirmed: listed with --verbose


def not_assessable(f) -> bool:
    return f.severity == "info" and f.rule not in RECOVERED and f.rule != CONFIRMED


def is_recovered(f) -> bool:
    return f.rule in RECOVERED


def status_line(result) -> tuple:
    errors, warnings = result.count("error"), result.count("warning")
    recovered = sum(1 for f in result.findings if is_recovered(f))
    confirmed = sum(1 for f in result.findings if f.rule == CONFIRMED)
    na = sum(1 for f in result.findings if not_assessable(f))
    parts = [M.count("check.count.error", errors)] if errors else []
    if warnings:
        parts.append(M.count("check.count.warning", warnings))
    if recovered:
        parts.append(M.count("check.count.recovered", recovered))
    if confirmed:
        parts.append(M.count("check.count.ocr_confirmed", confirmed))
    if na:
        parts.append(M.count("check.count.not_assessable", na))
    head = M.text("check.status.ok" if result.valid else "check.status.failed", file=one_line(result.file))
    if parts:
        head += M.text("check.status.sep") + M.text("check.counts.sep").join(parts)
    return head, "bold green" if result.valid and not warnings else "bold"


def suspect_line(f) -> str:
    s = f.suspect
    cell = M.cell_name(f.template, s["table"], s["row"], s["column"])
    where = M.location(s.get("location"))
    if where:
        cell += f"（{where}）" if M.get_lang() == "zh" else f" ({where})"
    fix = next((h for h in f.hints if h["kind"] == "fix"), None)
    if fix is not None:
        return M.text("check.suspect.fix", cell=cell, printed=format_number(fix["printed"]) or "∅",
                      value=format_number(fix["value"]))
    return M.text("check.suspect", cell=cell)


def human_lines(result, verbose: bool = False) -> list:
    """One file's findings as ``(text, style)`` lines, grouped by table; the
    not-assessable ones in one line unless ``verbose``."""
    from ..templates import TABLE_ORDER

    out = [status_line(result)]
    shown_hints: set = set()
    hidden = 0
    pad = "        "
    for tkey in list(TABLE_ORDER) + [None]:
        group = [f for f in result.findings if f.table == tkey]
        if not verbose:
            hidden += sum(1 for f in group if not_assessable(f))
            group = [f for f in group if not not_assessable(f) and f.rule != CONFIRMED]
        if not group:
            continue
        title = M.text(f"label.table_title.{tkey}") if tkey else M.text("check.group.report")
        out.append((f"  {title}", "bold"))
        for f in group:
            out.append((f"    {M.text(f'severity.{f.severity}')}  {one_line(f.message)}", STYLES.get(f.severity, "")))
            where = f.location_text()
            if where:
                out.append((pad + M.text("check.where", location=where), ""))
            if f.suspect:
                out.append((pad + one_line(suspect_line(f)), "bold"))
            for h in f.hints:
                if h["kind"] == "fix" or h["message"] in shown_hints:
                    continue
                shown_hints.add(h["message"])
                out.append((pad + M.text("check.hint", message=one_line(h["message"])), "cyan"))
    if hidden:
        out.append(("  " + M.text("check.not_assessable.summary", n=hidden), "dim"))
    return out


def error_object(path: str, error: str) -> dict:
    return {"file": path, "valid": False, "error": error, "findings": []}


def csv_rows(obj: dict):
    """One CSV row per finding (``CSV_COLUMNS``); an unreadable file is one row."""
    if obj.get("error"):
        yield [obj["file"], "unreadable", "error", "", "", "", "", "", "", obj["error"], "", "", "", "", ""]
        return
    for f in obj["findings"]:
        s = f.get("suspect")
        yield [obj["file"], f["rule"], f["severity"], f["table"] or "", f["row"] or "", f["column"] or "",
               _value(f["expected"]), _value(f["actual"]),
               f"{s['table']}/{s['row']}/{s['column']}" if s else "", f["message"],
               " | ".join(h["message"] for h in f.get("hints", [])),
               f.get("table_label", ""), f.get("row_label", ""), f.get("column_label", ""),
               M.location(f.get("location"))]


def _value(v) -> str:
    return "" if v is None else str(v)


SUMMARY_COLUMNS = ("file", "agency", "year", "template", "status", "status_label", "errors", "warnings",
                   "not_assessable", "recovered", "first_rule", "first_finding")


def summary_row(path: str, result, error, meta: dict) -> list:
    """One report as one row of the supervisor's list (``SUMMARY_COLUMNS``): its status and counts, and
    its first finding (errors first); ``meta``: agency, year, template of the report."""
    if error is not None:
        return [path, "", "", "", "unreadable", M.text("check.summary.unreadable"), "", "", "", "", "unreadable",
                error]
    findings = result.findings
    first = next((f for sev in ("error", "warning") for f in findings if f.severity == sev), None)
    status = "failed" if not result.valid else ("warnings" if result.count("warning") else "ok")
    return [path, meta.get("agency") or "", meta.get("year") or "", meta.get("template") or "", status,
            M.text(f"check.summary.status.{status}"), result.count("error"), result.count("warning"),
            sum(1 for f in findings if not_assessable(f)), sum(1 for f in findings if is_recovered(f)),
            first.rule if first else "", first.message if first else ""]


class Summary:
    """Counts over many files, for the closing table of a batch check."""

    def __init__(self):
        self.files = self.clean = self.with_errors = self.with_warnings = self.warned = self.unreadable = 0
        self.rules: dict = {}

    def add(self, result, error) -> None:
        self.files += 1
        if error is not None:
            self.unreadable += 1
            return
        errors, warnings = result.count("error"), result.count("warning")
        self.with_errors += bool(errors)
        self.warned += bool(warnings)
        self.with_warnings += bool(warnings) and not errors
        self.clean += not errors and not warnings
        for f in result.findings:
            key = (f.rule, f.severity)
            self.rules[key] = self.rules.get(key, 0) + 1

    def lines(self) -> list:
        from tabulate import tabulate

        counts = [(M.text(f"check.summary.{k}"), getattr(self, k))
                  for k in ("files", "clean", "with_errors", "with_warnings", "unreadable")]
        out = ["", M.text("check.summary.title"), tabulate(counts, tablefmt="plain")]
        if self.rules:
            rows = sorted(((rule_title(r), M.text(f"severity.{s}"), n) for (r, s), n in self.rules.items()),
                          key=lambda x: (-x[2], x[0]))
            heads = tuple(M.text(f"check.summary.{k}") for k in ("rule", "severity", "count"))
            out += ["", tabulate(rows, headers=heads, tablefmt="simple")]
        return out


def rule_title(rule: str) -> str:
    mid = f"rule.{rule}"
    return M.text(mid) if M.has(mid) else rule
