"""Finding report files in a folder, by content rather than by name alone."""

from __future__ import annotations

import os

_EXTENSIONS = {".txt", ".md", ".markdown", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf",
               ".json", ".yaml", ".yml", ".text"}
_SNIFF = ("政府信息公开".encode("utf-8"), "政府信息公開".encode("utf-8"), "政府信息公开".encode("gb18030"),
          "政府信息公開".encode("big5", errors="ignore"), b"govreport/1", b"%PDF", b"PK\x03\x04")


# Files beside a report that describe it: NAME.expected.json (hand-verified values, the
# corpus convention) and NAME.answer.json (the generator's injected error).
ANNOTATIONS = (".expected.json", ".answer.json")


def looks_like_report(path: str) -> bool:
    """A cheap content test: a known extension and, for text, the words 政府信息公开."""
    ext = os.path.splitext(path)[1].lower()
    name = os.path.basename(path)
    if ext not in _EXTENSIONS or name.startswith(".") or name.endswith(ANNOTATIONS):
        return False
    if ext in (".pdf", ".docx"):
        return True
    try:
        with open(path, "rb") as fh:
            head = fh.read(262144)
    except OSError:
        return True  # let the loader report why it cannot be read
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    return any(s in head for s in _SNIFF)


def walk(directory: str, recursive: bool = True) -> list:
    """Report files under ``directory``, sorted by path."""
    found = []
    if recursive:
        for root, dirs, files in os.walk(directory):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
            found += [os.path.join(root, f) for f in files]
    else:
        found = [os.path.join(directory, f) for f in os.listdir(directory)]
    return sorted(p for p in found if os.path.isfile(p) and looks_like_report(p))
