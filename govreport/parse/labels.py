"""The label index: every label key of a template's tables (rows, groups,
anchors, column headers) with its variants, and every key prefix (so a label
split over lines or cells is joined back)."""

from __future__ import annotations

from typing import Optional

from .. import normalize as N
from .. import templates as T
from .tokens import Entry

MIN_BARE = 3  # a label matched without its enumerator must keep at least this many key characters


class LabelIndex:
    """Label keys of one template's tables → what they name, plus every key prefix."""

    def __init__(self, template: T.Template):
        self.full: dict = {}
        self.bare: dict = {}
        self.prefixes: set = set()
        self._group_rows: dict = {}  # group key -> bare key -> row entries (see _group_only)
        specs = dict(template.tables) if template.tables else dict(T.TEMPLATE_2021.tables)
        for tkey, spec in specs.items():
            rows = T.recognised_rows(template.key, tkey)
            if not spec.flat:
                for row in rows:
                    for label in (row.label,) + row.aliases:
                        self._add(self.full, N.label_key(label), Entry("row", tkey, row))
                        if row.bare_ok:
                            self._add_bare(N.bare_key(label), Entry("row", tkey, row))
                for group in spec.groups:
                    for label in (group.label,) + group.aliases:
                        entry = Entry("group", tkey, group)
                        self._add(self.full, N.label_key(label), entry)
                        self._add_bare(N.bare_key(label), entry)
            for label in spec.anchors:
                self._add(self.full, N.label_key(label), Entry("anchor", tkey))
        for key in list(self.full) + list(self.bare):
            for i in range(1, len(key)):
                self.prefixes.add(key[:i])

    def _add_bare(self, key: str, entry: Entry) -> None:
        """A label without its enumerator: only when distinctive (其他, 总计 are column headers too)."""
        if len(key) >= MIN_BARE:
            self._add(self.bare, key, entry)

    @staticmethod
    def _add(index: dict, key: str, entry: Entry) -> None:
        if not key:
            return
        entries = index.setdefault(key, [])
        if all(e.kind != entry.kind or e.table != entry.table or e.obj is not entry.obj for e in entries):
            entries.append(entry)

    def lookup(self, key: str, group: Optional[str], group_only: bool = True) -> list:
        found = list(self.full.get(key, []))
        for e in self.bare.get(key, []):
            if e not in found:
                found.append(e)
        if not found and group_only:
            # rows that may only match bare inside their own group (3.其他 → 其他)
            for e in self._group_only(key, group):
                found.append(e)
        return found

    def rows(self, key: str) -> list:
        """The row entries a whole label key names (for a label with digits glued on)."""
        return [e for e in self.lookup(key, None) if e.kind == "row"]

    def _group_only(self, key: str, group: Optional[str]):
        if group is None:
            return []
        by_key = self._group_rows.get(group)
        if by_key is None:  # the group's rows that match bare only inside it, by bare key (once per group)
            by_key = self._group_rows[group] = {}
            for entries in self.full.values():
                for e in entries:
                    if e.kind == "row" and not e.obj.bare_ok and e.obj.group == group:
                        by_key.setdefault(N.bare_key(e.obj.label), []).append(e)
        return list(by_key.get(key, ()))

    def is_prefix(self, key: str) -> bool:
        return key in self.prefixes

    def unique_row_for_prefix(self, key: str) -> Optional[Entry]:
        if len(key) < 4 or key not in self.prefixes:
            return None
        hits = []
        for index in (self.full, self.bare):
            for k, entries in index.items():
                if k.startswith(key):
                    for e in entries:
                        if e.kind == "row" and all(h.obj is not e.obj for h in hits):
                            hits.append(e)
        return hits[0] if len(hits) == 1 else None


_CACHE: dict = {}


def index(template: T.Template) -> LabelIndex:
    if template.key not in _CACHE:
        _CACHE[template.key] = LabelIndex(template)
    return _CACHE[template.key]


def column_order(spec: T.TableSpec, header_keys: list) -> tuple:
    """Table 3's columns as printed, read from its header (both levels, any order).

    Returns ``(order, problem)``: ``order`` lists the template's column keys in
    printed order (the template's own order when the header says nothing
    against it); ``problem`` is a message id when the header cannot be mapped."""
    columns = [c for c in spec.columns]
    template_order = tuple(c.key for c in columns)
    text = "".join(header_keys)
    groups = {N.label_key(c.group) for c in columns if c.group}
    for g in groups:
        text = text.replace(g, "\x00")  # 法人或其他组织 holds 其他, a column of its own
        if len(g) >= 6:  # … also with its last character or two lost (OCR, a cut cell): 法人或其他组
            text = text.replace(g[:-1], "\x00").replace(g[:-2], "\x00")
    found = {}
    for c in columns:
        k = N.label_key(c.label)
        pos = text.find(k)
        if pos >= 0:
            found[c.key] = pos
            text = text[:pos] + "\x01" * len(k) + text[pos + len(k):]
    if len(found) < 2:
        return template_order, None
    printed = sorted(found, key=found.get)
    # the data order: the columns under the group header stand where the group stands
    top = [c.key for c in columns if not c.group]
    sub = [k for k in printed if spec.column(k).group]
    if [k for k in printed if k in top] != [k for k in template_order if k in found and k in top]:
        return template_order, "parse.header.top_columns"
    expected_sub = [k for k in template_order if k in found and spec.column(k).group]
    if sub == expected_sub:
        return template_order, None
    if len(found) < len(columns):
        return template_order, "parse.header.legal_columns"
    order = [c.key for c in columns if not c.group and c.key != "total"] + sub + ["total"]
    return tuple(order), None
