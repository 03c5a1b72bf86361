"""One catalogue of human text: every message the user reads, in Chinese (the
default) and English, keyed by a stable id (a finding's rule id, an error id,
a CLI message id).

    >>> from govreport import messages as M
    >>> M.text("check.status.failed", errors=2)        # doctest: +SKIP
    '未通过：2 处错误'

The language is ``zh`` unless ``set_lang("en")`` was called (the CLI's
``--lang``) or ``GOVREPORT_LANG`` says ``en``.  Templates are ``str.format``
strings; both languages of an id take the same fields (a test checks it).

The texts live in ``catalog/``, one module per family, each a dict
``MESSAGES = {id: (zh, en)}``; ids are unique across modules (a test checks it).
Cells are named by their official labels with :func:`cell_name`.
"""

from __future__ import annotations

import os
from typing import Optional

LANGS = ("zh", "en")
FAMILIES = ("core", "errors", "findings", "diff", "show", "cli", "help", "trend", "output", "ocr")
_STATE: dict = {"lang": None}
_CATALOGUE: dict = {}


def normalize_lang(value: Optional[str]) -> Optional[str]:
    """``zh``, ``zh_CN.UTF-8``, ``中文`` → ``zh``; ``en``, ``en_US`` → ``en``; anything else → None."""
    if not value:
        return None
    v = value.strip().lower().replace("-", "_")
    if v.startswith("zh") or v in ("cn", "chinese", "中文"):
        return "zh"
    if v.startswith("en") or v == "english":
        return "en"
    return None


def get_lang() -> str:
    lang = _STATE["lang"]
    if lang is None:
        lang = normalize_lang(os.environ.get("GOVREPORT_LANG")) or "zh"
    return lang


def set_lang(lang: Optional[str]) -> None:
    """Choose the language (None: back to ``GOVREPORT_LANG`` or Chinese).  Raises ValueError for others."""
    if lang is None:
        _STATE["lang"] = None
        return
    norm = normalize_lang(lang)
    if norm is None:
        raise ValueError(lang)
    _STATE["lang"] = norm


_LOADED: set = set()  # the families merged into _CATALOGUE so far
# Where the ids of a prefix mostly live: that family is loaded first.  Only a shortcut (ids are unique
# across families, and the others are loaded in turn until the id is found); a command loads the
# families it speaks from, not all of them (``govreport check`` on one file: 2 of 10, ~1 ms less).
_HINTS = {"label": "core", "severity": "core", "value": "core", "check": "findings", "identity": "findings",
          "location": "findings", "structure": "findings", "narrative": "findings", "hint": "findings",
          "recovery": "findings", "values": "findings", "rule": "findings", "requests": "findings",
          "review_litigation": "findings", "input": "errors", "parse": "errors", "data": "errors",
          "folder": "errors", "cli": "cli", "help": "help", "diff": "diff", "show": "show", "trend": "trend",
          "keys": "trend", "export": "output"}


def _load(family: str) -> None:
    import importlib

    _CATALOGUE.update(importlib.import_module(f"{__name__}.catalog.{family}").MESSAGES)
    _LOADED.add(family)


def catalogue() -> dict:
    """id -> (zh, en), every family merged."""
    if len(_LOADED) < len(FAMILIES):
        for family in FAMILIES:
            if family not in _LOADED:
                _load(family)
    return _CATALOGUE


def _entry(mid: str):
    """``(zh, en)`` of ``mid``, loading families until one has it; None when none has."""
    found = _CATALOGUE.get(mid)
    if found is None and len(_LOADED) < len(FAMILIES):
        hint = _HINTS.get(mid.split(".", 1)[0]) if isinstance(mid, str) else None
        for family in ((hint,) if hint in FAMILIES else ()) + FAMILIES:
            if family not in _LOADED:
                _load(family)
                found = _CATALOGUE.get(mid)
                if found is not None:
                    break
    return found


def has(mid: str) -> bool:
    return _entry(mid) is not None


def template(mid: str, lang: Optional[str] = None) -> str:
    found = _entry(mid)
    if found is None:
        raise KeyError(mid)
    zh, en = found
    return en if (lang or get_lang()) == "en" else zh


def text(mid: str, lang: Optional[str] = None, **params) -> str:
    """The message ``mid`` in ``lang`` (default: the current language), filled with ``params``."""
    tpl = template(mid, lang)
    return tpl.format(**params) if params else tpl


class Text:
    """Text rendered when it is shown, in the language of that moment: a catalogue message
    used as a field of another (``Text("parse.reason.letters")``), or any function of the
    language (``Text(render=lambda: ...)``).  An error keeps it among its fields, so that
    ``str(exc)`` after ``set_lang("en")`` is English throughout."""

    __slots__ = ("render",)

    def __init__(self, mid: str = "", render=None, **params):
        self.render = render or (lambda: text(mid, **params))

    def __str__(self) -> str:
        return self.render()

    def __format__(self, spec: str) -> str:
        return format(self.render(), spec)

    def __repr__(self) -> str:
        return f"Text({self.render()!r})"


def count(mid: str, n: int, lang: Optional[str] = None, **params) -> str:
    """A count in words: ``2 处错误``.  A template may hold ``singular|plural`` (English:
    ``{n} error|{n} errors``); the form is chosen by ``n``."""
    words = text(mid, lang, n=n, **params)
    if "|" in words:
        one, many = words.split("|", 1)
        return one if n == 1 else many
    return words


# ---------------------------------------------------------------- official labels
def display_label(label: str) -> str:
    """A template label as the official table prints it: full-width brackets and commas."""
    return (label.replace("(", "（").replace(")", "）").replace(",", "，").replace(":", "：")) if label else label


def table_name(table: Optional[str], lang: Optional[str] = None) -> str:
    """表二 / 表三 / 表四 (``table 2`` … in English); the report itself when ``table`` is None."""
    if table is None:
        return text("label.report", lang)
    return text(f"label.table.{table}", lang)


def row_label(template: Optional[str], table: Optional[str], row: Optional[str]) -> str:
    """The official label of a row (the 2021 template's when the report's does not have it), with its
    group's where the row alone is ambiguous (``（三）不予公开 1.属于国家秘密``, ``行政诉讼 复议后起诉``);
    a group's own label for a group key; '' for None."""
    if not table or not row:
        return ""
    for spec in _specs(template, table):
        groups = {g.key: display_label(g.label) for g in spec.groups}
        try:
            r = spec.row(row)
        except KeyError:
            if row in groups:  # a group of rows (denied, other …)
                return groups[row]
            continue
        label = display_label(r.label)
        if r.group in groups and (r.level >= 3 or spec.flat):
            label = f"{groups[r.group]} {label}"
        return label
    return row


def column_label(template: Optional[str], table: Optional[str], column: Optional[str]) -> str:
    """The official label of a column: ``法人或其他组织 · 商业企业``; '' for None."""
    if not table or not column:
        return ""
    for spec in _specs(template, table):
        try:
            c = spec.column(column)
        except KeyError:
            continue
        return display_label(f"{c.group} · {c.label}" if c.group else c.label)
    return column


def cell_name(template: Optional[str], table: Optional[str], row: Optional[str] = None,
              column: Optional[str] = None, lang: Optional[str] = None, with_table: bool = True) -> str:
    """``表三 （一）予以公开 · 自然人``: a cell, row or column by its official labels."""
    parts = [x for x in (row_label(template, table, row), column_label(template, table, column)) if x]
    name = " · ".join(parts)
    if with_table and table:
        return f"{table_name(table, lang)} {name}".rstrip()
    return name


def _specs(template: Optional[str], table: str):
    from .. import templates as T

    first = T.table_spec(template or "2021", table)
    out = [first]
    for spec in T.all_table_specs():
        if spec.key == table and spec is not first:
            out.append(spec)
    return out


def location(prov: Optional[dict], lang: Optional[str] = None) -> str:
    """Where a cell stands in the document: ``第 3 页第 12 行`` (PDF), ``第 59 行``
    (text), ``第 2 个表格第 5 行第 3 列`` (HTML/DOCX), ``第 2 张图片第 12 行`` (a picture in a web page
    or Word file, read by OCR); '' when unknown."""
    if not prov:
        return ""
    p = {k: prov[k] for k in ("page", "image", "line", "table", "row", "col") if prov.get(k) is not None}
    if "table" in p and "row" in p:
        return text("location.table_row_col" if "col" in p else "location.table_row", lang, **p)
    if "image" in p:  # a picture in a web page or a Word file, read by OCR
        return text("location.image_line" if "line" in p else "location.image", lang, **p)
    if "page" in p:
        return text("location.page_line" if "line" in p else "location.page", lang, **p)
    if "line" in p:
        return text("location.line", lang, line=p["line"])
    return ""


def location_fields(prov: Optional[dict]) -> Optional[dict]:
    """The parts of a provenance that say where a cell is (for JSON output), or None."""
    if not prov:
        return None
    out = {k: prov[k] for k in ("page", "image", "line", "table", "row", "col") if prov.get(k) is not None}
    return out or None
