"""A folder of reports: which body and year each file holds, and finding one by year.

The folder is the one given, else ``$GOVREPORT_DIR``, else the current
directory.  Files are found by content (:func:`govreport.scan.walk`) and loaded
to read their year (``Report.year``) and body (``Report.agency``); nothing is
cached on disk.  A file that cannot be loaded is kept with its error, so that
one bad file never hides the others.  Annotation files (``NAME.expected.json``,
see :data:`govreport.scan.ANNOTATIONS`) are not reports of the folder.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Optional

from . import messages as M
from .errors import GovreportError
from .messages import Text

ENV = "GOVREPORT_DIR"
_YEAR = re.compile(r"(19|20)\d\d")


class FolderError(GovreportError):
    """A report cannot be resolved in a folder (no such year, several bodies, no reports)."""


@dataclass
class Entry:
    path: str
    report: object = None  # model.Report, or None when it could not be loaded (or was not kept)
    error: Optional[str] = None
    summary: Optional[dict] = None  # agency, year, template, format: kept when the report is not

    @classmethod
    def of(cls, path: str, report, keep_report: bool = True) -> "Entry":
        summary = {"agency": report.agency, "year": report.year, "template": report.template,
                   "format": report.source.get("format", "")}
        return cls(path, report if keep_report else None, summary=summary)

    def _get(self, key: str, default=None):
        if self.summary is not None:
            return self.summary.get(key, default)
        if self.report is None:
            return default
        return self.report.source.get("format", "") if key == "format" else getattr(self.report, key)

    @property
    def ok(self) -> bool:
        return self.report is not None or self.summary is not None

    @property
    def agency(self) -> str:
        return self._get("agency", "") or ""

    @property
    def year(self) -> Optional[int]:
        return self._get("year")

    @property
    def template(self) -> str:
        return self._get("template", "") or ""

    @property
    def format(self) -> str:
        return self._get("format", "") or ""


def directory(given: Optional[str] = None) -> str:
    return given or os.environ.get(ENV) or os.curdir


def _in(folder: str) -> Text:
    return Text("folder.in_current") if os.path.normpath(folder) == os.curdir else Text("folder.in", folder=folder)


def is_year(arg: Optional[str]) -> bool:
    """A 4-digit year 19xx/20xx that is not also an existing path."""
    return bool(arg) and bool(_YEAR.fullmatch(arg)) and not os.path.exists(arg)


def report_paths(folder: str) -> list:
    from . import scan

    if not os.path.isdir(folder):
        raise FolderError("folder.not_directory", folder=folder)
    return [os.path.normpath(p) for p in scan.walk(folder)]


def scan(folder: str):
    """The :class:`govreport.scan.Scan` of ``folder``: its report files (normalised paths), and the
    folders it could not read and the files not recognised as reports."""
    from . import scan as scanning

    if not os.path.isdir(folder):
        raise FolderError("folder.not_directory", folder=folder)
    result = scanning.scan(folder)
    result.files = [os.path.normpath(p) for p in result.files]
    return result


def iter_entries(paths, keep_reports: bool = False):
    """Each path as an :class:`Entry`, loaded one at a time (or with its error).  Without
    ``keep_reports`` only the body, year, template and format are kept, so that memory stays flat
    over any number of files."""
    from .loaders import load

    for path in paths:
        try:
            yield Entry.of(path, load(path), keep_reports)
        except GovreportError as exc:
            yield Entry(path, error=exc.message)


def scan_folder(folder: str, keep_reports: bool = True) -> list:
    """Every report file of ``folder`` as an :class:`Entry`, loaded (or with its error)."""
    return list(iter_entries(report_paths(folder), keep_reports))


def _unreadable_note(entries: list):
    bad = [e for e in entries if not e.ok]
    if not bad:
        return ""
    names = [os.path.basename(e.path) for e in bad[:3]]
    return Text("folder.unreadable", count=len(bad), names=_joined(names, " …" if len(bad) > 3 else ""))


def _joined(items: list, tail: str = "") -> Text:
    """Items in a list as the language writes them: ``a、b`` / ``a, b``."""
    return Text(render=lambda: M.text("folder.sep").join(map(str, items)) + tail)


def find(entries: list, year: int, agency: Optional[str] = None, folder: str = "") -> Entry:
    """The one readable report of ``year`` (and of a body containing ``agency``)."""
    where = _in(folder) if folder else ""
    years = sorted({e.year for e in entries if e.ok and e.year})
    of_year = [e for e in entries if e.ok and e.year == year]
    if not of_year:
        available = _joined(years) if years else Text("folder.none")
        raise FolderError("folder.no_year", year=year, where=where, available=available,
                          unreadable=_unreadable_note(entries))
    if agency:
        exact = [e for e in of_year if e.agency == agency]
        matching = exact or [e for e in of_year if agency in e.agency]
        if not matching:
            raise FolderError("folder.no_agency", year=year, agency=agency, where=where,
                              candidates=_candidates(of_year))
        of_year = matching
    if len(of_year) > 1:
        raise FolderError("folder.several_bodies", count=len(of_year), year=year, where=where,
                          candidates=_candidates(of_year))
    return of_year[0]


def _candidates(entries: list) -> str:
    return _joined([Text("folder.candidate", agency=e.agency or Text("folder.no_body"), file=os.path.basename(e.path))
                    for e in entries])


def newest(entries: list, agency: Optional[str] = None, folder: str = "") -> Entry:
    """The report of the latest year (one body: ``agency`` chooses when several have that year)."""
    dated = [e for e in entries if e.ok and e.year and (not agency or agency in e.agency)]
    if not dated:
        raise FolderError("folder.no_reports", where=_in(folder) if folder else "",
                          unreadable=_unreadable_note(entries))
    return find(entries, max(e.year for e in dated), agency, folder)


def resolve_year(year: str, folder: Optional[str] = None, agency: Optional[str] = None) -> str:
    """The path of the report of ``year`` in the folder."""
    folder = directory(folder)
    return find(scan_folder(folder, keep_reports=False), int(year), agency, folder).path


def newest_path(folder: Optional[str] = None, agency: Optional[str] = None) -> str:
    """The newest report of the folder (for a command given no FILE)."""
    folder = directory(folder)
    entries = scan_folder(folder, keep_reports=False)
    if not any(e.ok for e in entries):
        raise FolderError("folder.nothing_given", where=_in(folder), unreadable=_unreadable_note(entries))
    return newest(entries, agency, folder).path


def expand(args: list, folder: Optional[str] = None, agency: Optional[str] = None) -> list:
    """Command arguments as paths: a year is resolved in the folder (scanned once);
    anything else (a file, '-', a directory) is kept as given."""
    out, entries = [], None
    for arg in args:
        if is_year(arg):
            if entries is None:
                entries = scan_folder(directory(folder), keep_reports=False)
            out.append(find(entries, int(arg), agency, directory(folder)).path)
        else:
            out.append(arg)
    return out
