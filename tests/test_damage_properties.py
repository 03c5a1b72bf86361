"""The first law under damage: one damaged cell, in any layout, script and encoding, gives
either the exact original values, or a refusal naming the damaged row, or a check finding
naming that row — never a different number or a lost cell in silence.

Every damage kind × layout is a test case; each draws a seed (the report), a template, a
script, a table (2, 3 or 4: the damaged cell is one of its cells) and an encoding that can
hold the damaged text.  Run at scale (the examples are spread over the kind × layout cases)::

    GOVREPORT_PROPERTY_EXAMPLES=5000 python -m pytest tests/test_damage_properties.py

By default a few hundred cases run.  Shrinking is off (a failure prints the damage
description, which reproduces it exactly: seed, template, layout, script, encoding).
"""

from __future__ import annotations

import os
import random
import zlib

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from govreport import damage as D
from govreport import generate as G
from govreport.check import check
from govreport.errors import InputError, ParseError
from govreport.loaders import loads
from govreport.normalize import bare_key, label_key, to_simplified

CASES = [(kind, layout) for layout in G.ALL_LAYOUTS for kind in D.kinds_for(layout)]
TOTAL = int(os.environ.get("GOVREPORT_PROPERTY_EXAMPLES") or 0) or 6 * len(CASES)
PER_CASE = max(3, -(-TOTAL // len(CASES)))
settings.register_profile(
    "govreport-damage", max_examples=PER_CASE, deadline=None, derandomize=False,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
SETTINGS = settings.get_profile("govreport-damage")


# ---------------------------------------------------------------- the judgement
def values(report) -> dict:
    """Every cell's value: ``{table: {row: {column: value}}}`` (units and notes aside)."""
    return {t: {r: {c: cell.value for c, cell in cols.items()} for r, cols in table.rows.items()}
            for t, table in report.tables.items()}


def differences(want: dict, got: dict) -> list:
    """``(table, row, column, wanted, got)`` for every cell that is not as it was;
    a missing cell gives ``got`` = ``"missing"``."""
    out = []
    for t in sorted(set(want) | set(got)):
        for r in sorted(set(want.get(t, {})) | set(got.get(t, {}))):
            wcols, gcols = want.get(t, {}).get(r, {}), got.get(t, {}).get(r, {})
            for c in sorted(set(wcols) | set(gcols)):
                w = wcols.get(c, "missing")
                g = gcols.get(c, "missing")
                if not _same(w, g):
                    out.append((t, r, c, w, g))
    return out


def _same(want, got) -> bool:
    """The same value: equal numbers (5 and 5.0 alike, never a bool), or both blank."""
    if isinstance(want, (int, float)) and isinstance(got, (int, float)) and not isinstance(got, bool):
        return want == got
    return type(want) is type(got) and want == got


def row_keys(report, desc) -> set:
    """The keys a message may name the damaged row by: its label and aliases, Simplified and as
    printed in the report's script, with or without the enumerator (where the parser allows that)."""
    row = report.spec(desc["table"]).row(desc["row"])
    keys = set()
    for label in (row.label, *row.aliases):
        for form in (label, G.convert_script(label, desc["script"])):
            keys.add(label_key(form))
            if row.bare_ok and len(bare_key(form)) >= 3:
                keys.add(bare_key(form))
    return {k for k in keys if k}


def names_row(message: str, report, desc) -> bool:
    """Whether a message names the damaged row (see ``row_keys``)."""
    said = {label_key(message), label_key(to_simplified(message))}
    return any(k in m for k in row_keys(report, desc) for m in said)


BORDERED = ("markdown", "pipes", "tabs")  # layouts whose cell borders show an empty cell


def verdict(report, data: bytes, path: str, desc: dict) -> tuple:
    """``(True, how)`` when the first law holds for this damaged file, else ``(False, how)``.
    ``how`` is one of: exact · refused naming the row · check names the row (all good);
    wrong refusal (the message names no row, or another) · silent wrong value · silent lost
    cell · silent lost table (no error/warning finding names the row) · wrong value elsewhere
    (a finding names the row, but cells of other rows changed too) · template changed."""
    try:
        again = loads(data, path=path)
    except (ParseError, InputError) as exc:
        if names_row(exc.message, report, desc):
            return True, "refused naming the row", exc.message
        return False, "wrong refusal", exc.message
    want, got = values(report), values(again)
    diffs = differences(want, got)
    if not diffs:
        if again.template == report.template:
            return True, "exact", ""
        return False, "template changed", f"template {report.template} → {again.template}"
    findings = check(again).findings
    named = [f for f in findings if f.severity in ("error", "warning") and f.table == desc["table"]
             and (f.row == desc["row"] or (f.suspect or {}).get("row") == desc["row"])]
    elsewhere = [d for d in diffs if (d[0], d[1]) != (desc["table"], desc["row"])]
    detail = "; ".join(f"{t}/{r}/{c}: {w!r} → {g!r}" for t, r, c, w, g in diffs[:6])
    if again.template != report.template:
        detail = f"template {report.template} → {again.template}; " + detail
    if named and not elsewhere and again.template == report.template:
        return True, "check names the row", detail
    if (desc.get("kind") == "removed" and desc.get("layout") in BORDERED and not elsewhere and again.template == report.template
            and all(g is None for _, _, _, _, g in diffs)):
        # the cell was emptied between its borders: the file prints a blank, and a blank is what loads
        # (shown as blank, and counted as "assuming blank = 0" or "not assessable" by check)
        return True, "blank as printed", detail
    if elsewhere and named:
        return False, "wrong value elsewhere", detail
    if desc["table"] not in got:
        return False, "silent lost table", detail
    if any(g in (None, "missing") and w not in (None, "missing") for _, _, _, w, g in diffs):
        return False, "silent lost cell", detail
    return False, "silent wrong value", detail


def case(seed: int, template: str, layout: str, script: str, kind: str, table: str):
    """The report, its damaged text and the description, for one case (deterministic);
    ``None`` when no cell of ``table`` can take ``kind`` in this report."""
    rng = random.Random(seed)
    report = G.random_report(rng, template)
    w = G.written(report, layout, script)
    if not D.candidates(w, report, kind, (table,)):
        return None
    text, desc = D.damage(w, report, rng, kind, (table,))
    return report, text, desc


def encodable(text: str, script: str) -> list:
    out = []
    for encoding in G.encodings_for(script):
        try:
            G.encode(text, encoding)
        except UnicodeEncodeError:
            continue
        out.append(encoding)
    return out


# ---------------------------------------------------------------- the property
@pytest.mark.parametrize("kind,layout", CASES)
@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), template=st.sampled_from(["2021", "2019"]),
       script=st.sampled_from(G.SCRIPTS), table=st.sampled_from(D.TABLES), data=st.data())
def test_one_damaged_cell_is_exact_or_named(kind, layout, seed, template, script, table, data):
    made = case(seed, template, layout, script, kind, table)
    assume(made is not None)
    report, text, desc = made
    encoding = data.draw(st.sampled_from(encodable(text, script)), label="encoding")
    path = f"damaged{G.extension(layout)}"
    ok, how, detail = verdict(report, G.encode(text, encoding), path, desc)
    assert ok, (f"{how}: {detail}\n  case(seed={seed}, template={template!r}, layout={layout!r}, "
                f"script={script!r}, kind={kind!r}, table={table!r}), encoding={encoding!r}\n  "
                f"{desc['table']}/{desc['row']}/{desc['column']} {desc['variant']}: "
                f"{desc['original text']!r} → {desc['damaged text']!r}\n  line: {desc['damaged line']!r}")


@pytest.mark.parametrize("kind", sorted({k for k, layout in CASES if layout == "markdown"}))
@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), template=st.sampled_from(["2021", "2019"]),
       script=st.sampled_from(G.SCRIPTS), table=st.sampled_from(D.TABLES))
def test_one_damaged_cell_in_a_web_page_is_exact_or_named(kind, seed, template, script, table):
    """The same damages, written into the Markdown tables and printed as a web page (HTML loader)."""
    made = case(seed, template, "markdown", script, kind, table)
    assume(made is not None)
    report, text, desc = made
    ok, how, detail = verdict(report, G.markdown_to_html(text).encode("utf-8"), "damaged.html", desc)
    assert ok, (f"{how}: {detail}\n  case(seed={seed}, template={template!r}, script={script!r}, kind={kind!r}, "
                f"table={table!r})\n  {desc['original text']!r} → {desc['damaged text']!r}")


TYPED_CASES = [(kind, layout, how) for layout in G.ALL_LAYOUTS for kind in D.kinds_for(layout) for how in G.TYPED]


@pytest.mark.parametrize("kind,layout,how", TYPED_CASES)
@settings(SETTINGS, max_examples=max(2, PER_CASE // 3))
@given(seed=st.integers(0, 2**32 - 1), template=st.sampled_from(["2021", "2019"]),
       script=st.sampled_from(G.SCRIPTS), table=st.sampled_from(D.TABLES))
def test_one_damaged_cell_typed_into_a_page_or_word_file_is_exact_or_named(kind, layout, how, seed, template,
                                                                          script, table):
    """The same damages in a text report typed into a web page or a Word file without a table
    (``generate.typed``: a ``<p>`` or a ``<br>`` per line, a ``<pre>``, a Word paragraph per line)."""
    made = case(seed, template, layout, script, kind, table)
    assume(made is not None)
    report, text, desc = made
    data = G.typed(text, how)
    ok, how_, detail = verdict(report, data, "damaged.docx" if how == "docx-p" else "damaged.html", desc)
    assert ok, (f"{how_}: {detail}\n  case(seed={seed}, template={template!r}, layout={layout!r}, script={script!r}, "
                f"kind={kind!r}, table={table!r}), typed {how!r}\n  {desc['original text']!r} → "
                f"{desc['damaged text']!r}\n  line: {desc['damaged line']!r}")


# ---------------------------------------------------------------- the judgement itself
def test_the_judgement_cannot_pass_by_accident():
    """An undamaged file is exact; a silently changed number, a lost cell and a refusal
    that names another row are failures; a refusal naming the row is not."""
    rng = random.Random(1)
    report = G.random_report(rng, "2021")
    w = G.written(report, "rows")
    desc = {"table": "requests", "row": "denied.state_secret", "column": "natural_person", "script": "simplified"}
    assert verdict(report, w.text.encode(), "r.txt", desc)[:2] == (True, "exact")

    span = next(s for s in w.cells
                if (s.table, s.row, s.column) == ("requests", "denied.state_secret", "natural_person"))
    changed = report.tables["requests"].value("denied.state_secret", "natural_person") + 1
    bad = w.text[:span.start] + str(changed) + w.text[span.end:]
    ok, how, _ = verdict(report, bad.encode(), "r.txt", desc)
    assert ok and how == "check names the row"  # the row total no longer holds

    t2 = next(s for s in w.cells if (s.table, s.row, s.column) == ("active_disclosure", "regulations", "issued"))
    d2 = dict(desc, table="active_disclosure", row="regulations", column="issued")
    bad = w.text[:t2.start] + str(int(w.text[t2.start:t2.end]) + 1) + w.text[t2.end:]
    assert verdict(report, bad.encode(), "r.txt", d2)[:2] == (False, "silent wrong value")

    assert names_row("表三 第 9 行“（三）不予公开 1.属于国家秘密”：找到 6 个数字，模板有 7 个", report, desc)
    assert names_row("表三 “1.屬於國家秘密”：找到 6 个数字", report, dict(desc, script="traditional"))
    assert not names_row("表三 “2.其他法律行政法规禁止公开”：找到 8 个数字", report, desc)
    assert names_row("表三 “属于国家秘密”：找到 6 个数字", report, desc)
    assert not names_row("表三 “其他”：找到 6 个数字", report, dict(desc, row="other.other"))
    assert not names_row("表四：找到 14 个数字，模板有 15 个", report,
                         dict(desc, table="review_litigation", row="review", column="total"))


@pytest.mark.parametrize("layout", G.ALL_LAYOUTS)
def test_every_damage_changes_exactly_one_place(layout):
    rng = random.Random(zlib.crc32(layout.encode()))
    for template in ("2021", "2019"):
        report = G.random_report(rng, template)
        for script in G.SCRIPTS:
            w = G.written(report, layout, script)
            for kind in D.kinds_for(layout):
                text, desc = D.damage(w, report, rng, kind)
                assert text != w.text, (kind, desc)
                assert desc["kind"] == kind and desc["layout"] == layout and desc["script"] == script
                assert desc["table"] in D.TABLES
                assert desc["original text"] == str(report.tables[desc["table"]].value(desc["row"], desc["column"]))
                # everything outside the damaged place is as written
                at, replaced = desc["offset"], desc["replaced text"]
                assert w.text[at:at + len(replaced)] == replaced
                assert text == w.text[:at] + desc["damaged text"] + w.text[at + len(replaced):]
                assert desc["original text"] in replaced


# ---------------------------------------------------------------- the failure table
def survey(per_table: int = 12, out_dir: str = "") -> dict:
    """Every kind × layout × table, ``per_table`` cases each (templates, scripts and encodings
    in turn): ``{(kind, layout): {how: count}}``.  With ``out_dir``, the damaged text of the
    first case of every failure kind is written there (with its description as JSON)."""
    import collections
    import json

    table = collections.defaultdict(collections.Counter)
    written = set()
    for kind, layout in CASES:
        for tkey in D.TABLES:
            for i in range(per_table):
                seed = zlib.crc32(f"{kind}|{layout}|{tkey}|{i}".encode())
                template, script = ("2021", "2019")[i % 2], G.SCRIPTS[(i // 2) % 3]
                made = case(seed, template, layout, script, kind, tkey)
                if made is None:
                    continue
                report, text, desc = made
                encodings = encodable(text, script)
                encoding = encodings[(i // 6) % len(encodings)]
                ok, how, detail = verdict(report, G.encode(text, encoding), f"damaged{G.extension(layout)}", desc)
                table[(kind, layout)][how] += 1
                if out_dir and not ok and (kind, layout, how) not in written:
                    written.add((kind, layout, how))
                    os.makedirs(out_dir, exist_ok=True)
                    name = os.path.join(out_dir, f"{kind}-{layout}-{how.replace(' ', '_')}{G.extension(layout)}")
                    with open(name, "wb") as fh:
                        fh.write(G.encode(text, encoding))
                    with open(name + ".json", "w", encoding="utf-8") as fh:
                        json.dump(dict(desc, seed=seed, template=template, encoding=encoding, how=how,
                                       detail=detail), fh, ensure_ascii=False, indent=1)
    return table


if __name__ == "__main__":  # python tests/test_damage_properties.py [CASES_PER_TABLE] [OUT_DIR]
    import sys

    counts = survey(int(sys.argv[1]) if len(sys.argv) > 1 else 12, sys.argv[2] if len(sys.argv) > 2 else "")
    good = ("exact", "refused naming the row", "check names the row")
    for (kind, layout), hows in counts.items():
        bad = {h: n for h, n in hows.items() if h not in good}
        total = sum(hows.values())
        print(f"{kind:13} {layout:9} {total - sum(bad.values()):4}/{total:<4} ok  "
              + ", ".join(f"{h}: {n}" for h, n in sorted(bad.items())))


# ---------------------------------------------------------------- Word tables, cell by cell
def _word_damage(kind: str, text: str, rng: random.Random):
    """What ``kind`` does to a Word table cell printing ``text`` (its runs taken out first)."""
    from io import BytesIO

    def run(cell, value, **font):
        r = cell.paragraphs[0].add_run(value)
        for name, on in font.items():
            setattr(r.font, name, on)
        return r

    def damage(cell):
        if kind == "hidden_old":  # an old number kept, hidden, before the new one
            run(cell, str(rng.randint(1, 99)), hidden=True)
            run(cell, text)
        elif kind == "struck_old":  # an old number struck through before the new one
            run(cell, str(rng.randint(1, 99)), strike=True)
            run(cell, text)
        elif kind == "picture":  # the number printed as a picture
            from PIL import Image

            png = BytesIO()
            Image.new("RGB", (20, 10), "white").save(png, "PNG")
            cell.paragraphs[0].add_run().add_picture(BytesIO(png.getvalue()))
        elif kind == "word":
            run(cell, rng.choice(D.WORDS))
        elif kind == "split_runs":  # one number in two runs (Word splits runs freely)
            cut = rng.randint(0, len(text))
            run(cell, text[:cut])
            run(cell, text[cut:])
        elif kind == "footnote_run":  # a superscript run after the number
            run(cell, text)
            run(cell, str(rng.randint(1, 9)), superscript=True)
    return damage


WORD_KINDS = ("hidden_old", "struck_old", "picture", "word", "split_runs", "footnote_run")


@pytest.mark.parametrize("kind", WORD_KINDS)
@settings(SETTINGS, max_examples=max(3, PER_CASE // 2))
@given(seed=st.integers(0, 2**32 - 1), template=st.sampled_from(["2021", "2019"]),
       table=st.sampled_from(D.TABLES), data=st.data())
def test_one_damaged_cell_of_a_word_table_is_exact_or_named(kind, seed, template, table, data):
    """A cell of the report's Word tables (``output.docx.to_docx``) damaged as Word files are: a
    hidden or struck-through old number beside the new one, a picture or words in its place, the
    number split across runs, a superscript mark after it — exact, or refused or flagged naming the row."""
    from test_docx import _damaged_docx

    pytest.importorskip("docx")
    rng = random.Random(seed)
    report = G.random_report(rng, template)
    refs = [(table, r, c) for r, c, cell in report.tables[table].cells() if cell.value is not None]
    assume(refs)
    ref = data.draw(st.sampled_from(refs), label="cell")
    cell = report.tables[ref[0]].rows[ref[1]][ref[2]]
    from govreport.output.text import cell_text

    damaged = _damaged_docx(report, ref, _word_damage(kind, cell_text(cell), rng))
    desc = {"table": ref[0], "row": ref[1], "column": ref[2], "script": "simplified", "kind": kind}
    ok, how, detail = verdict(report, damaged, "damaged.docx", desc)
    assert ok, f"{how}: {detail}\n  seed={seed}, template={template!r}, kind={kind!r}, cell={ref}"
