"""Finding report files in a folder, by content rather than by name alone.

A scan says what it passed over: :class:`Scan` records the folders it could not read (with the
reason; a file that cannot be read is kept as a report, so that loading it says why) and the files that are not recognised as reports, so that a listing or a batch
can say so instead of skipping them without a word.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

_EXTENSIONS = {".txt", ".md", ".markdown", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf",
               ".json", ".yaml", ".yml", ".text"}
_SNIFF = ("政府信息公开".encode("utf-8"), "政府信息公開".encode("utf-8"), "政府信息公开".encode("gb18030"),
          "政府信息公開".encode("big5", errors="ignore"), "政府資訊公開".encode("utf-8"),
          "政府資訊公開".encode("big5", errors="ignore"), b"govreport/1", b"%PDF", b"PK\x03\x04",
          # an HTML page may spell the words as character references
          b"&#25919;&#24220;&#20449;&#24687;&#20844;&#24320;", b"&#x653f;&#x5e9c;&#x4fe1;&#x606f;&#x516c;&#x5f00;")
_OVERLAP = max(len(s) for s in _SNIFF)
_HEAD = 262144
_CHUNK = 1 << 20

# Files beside a report that describe it: NAME.expected.json (hand-verified values, the
# corpus convention) and NAME.answer.json (the generator's injected error).
ANNOTATIONS = (".expected.json", ".answer.json")


@dataclass
class Scan:
    """What a folder scan found and what it passed over."""

    files: list = field(default_factory=list)  # report files, sorted by path
    unreadable: list = field(default_factory=list)  # (path, reason): folders that could not be read
    not_reports: list = field(default_factory=list)  # files that are not recognised as reports

    def to_dict(self) -> dict:
        return {"unreadable": [{"path": p, "error": e} for p, e in self.unreadable],
                "not_reports": list(self.not_reports)}


def _candidate(path: str) -> bool:
    ext = os.path.splitext(path)[1].lower()
    name = os.path.basename(path)
    return ext in _EXTENSIONS and not name.startswith(".") and not name.endswith(ANNOTATIONS)


def _has_marker(fh, max_bytes: int) -> bool:
    """The report words (or a PDF/zip signature) anywhere in the first ``max_bytes`` of the file,
    read in chunks: a saved page may carry a megabyte of script before its text."""
    from .decode import wide_guess

    head = fh.read(_HEAD)
    if any(s in head for s in _SNIFF):
        return True
    wide = wide_guess(head[:8192])
    if wide:  # UTF-16/UTF-32 text: the words are at its start, if anywhere
        return any(s in head.decode(wide, errors="ignore").encode("utf-8") for s in _SNIFF)
    tail = head[-_OVERLAP:]
    seen = len(head)
    while seen < max_bytes:
        chunk = fh.read(min(_CHUNK, max_bytes - seen))
        if not chunk:
            return False
        seen += len(chunk)
        window = tail + chunk
        if any(s in window for s in _SNIFF):
            return True
        tail = window[-_OVERLAP:]
    return False


def looks_like_report(path: str) -> bool:
    """A cheap content test: a known extension and, for text, the words 政府信息公开 (anywhere in
    the file, up to the loader's byte limit).  A file that cannot be opened counts as a report
    (the loader then says why it cannot be read)."""
    if not _candidate(path):
        return False
    ext = os.path.splitext(path)[1].lower()
    if ext in (".pdf", ".docx"):
        return True
    from .loaders import max_size

    try:
        limit = max_size()
    except Exception:  # a bad $GOVREPORT_MAX_SIZE is reported by the loader
        limit = 64 * 1024 * 1024
    try:
        with open(path, "rb") as fh:
            return _has_marker(fh, limit)
    except OSError:
        return True  # let the loader report why it cannot be read


def scan(directory: str, recursive: bool = True) -> Scan:
    """Report files under ``directory`` (sorted by path), and what was passed over: unreadable
    folders, and files not recognised as reports (hidden files and folders,
    ``__pycache__`` and annotation files are not counted)."""
    result = Scan()
    found = []

    def onerror(exc: OSError) -> None:
        result.unreadable.append((exc.filename or directory, exc.strerror or str(exc)))

    if recursive:
        for root, dirs, files in os.walk(directory, onerror=onerror):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
            found += [os.path.join(root, f) for f in files]
    else:
        try:
            found = [os.path.join(directory, f) for f in os.listdir(directory)]
        except OSError as exc:
            onerror(exc)
    for p in sorted(found):
        name = os.path.basename(p)
        if name.startswith(".") or name.endswith(ANNOTATIONS):
            continue
        try:
            regular = os.path.isfile(p)
        except OSError:
            regular = False
        if not regular:
            continue
        if looks_like_report(p):
            result.files.append(p)
        else:
            result.not_reports.append(p)
    return result


def walk(directory: str, recursive: bool = True) -> list:
    """Report files under ``directory``, sorted by path."""
    return scan(directory, recursive).files
