"""govreport keys (every template key with its label, gloss, kind, unit, templates) and the generated docs."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
from pathlib import Path

from govreport import messages as M
from govreport import templates as T
from govreport.output import keys as K

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")


def run(*args):
    from typer.testing import CliRunner

    from govreport.cli import get_app

    return CliRunner().invoke(get_app(), list(args))


def gen_docs():
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def template_keys():
    """(template, table, what, key) for every row and column of both templates."""
    for tmpl in (T.TEMPLATE_2021, T.TEMPLATE_2019):
        for table, spec in tmpl.tables.items():
            yield from ((tmpl.key, table, "row", r.key) for r in spec.rows)
            yield from ((tmpl.key, table, "column", c.key) for c in spec.columns)


def test_committed_docs_are_what_the_script_generates():
    for rel, text in gen_docs().generated().items():
        path = ROOT / rel
        assert path.exists(), f"{rel} missing: run python scripts/gen_docs.py"
        assert path.read_text(encoding="utf-8") == text, f"{rel} out of date: run python scripts/gen_docs.py"


def test_api_doc_covers_the_library():
    api = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for name in ("govreport.loaders.load(", "govreport.loaders.loads(", "govreport.check.check(",
                 "govreport.check.CheckResult(", "govreport.check.Finding(", "govreport.diff.diff(",
                 "govreport.render.render(", "govreport.render.to_markdown(", "govreport.model.Report(",
                 "govreport.model.Table(", "govreport.model.Cell(", "govreport.trend.trend_of_folder("):
        assert f"### `{name}" in api, name
    assert "What changed from report ``a`` to report ``b``." in api
    assert "'Optional" not in api  # annotations as written, not quoted


def test_every_template_key_is_listed_with_its_template():
    listed = json.loads(run("keys", "--format", "json").stdout)
    have = {(t, e["table"], e["what"], e["key"]) for e in listed for t in e["templates"]}
    assert set(template_keys()) <= have
    assert len(have) == len(set(template_keys()))
    docs = (ROOT / "docs" / "keys.md").read_text(encoding="utf-8")
    for _, _, _, key in template_keys():
        assert f"| {key} |" in docs


def test_every_key_has_an_english_gloss_and_no_gloss_is_stale():
    glossed = set()
    for entry in K.entries():
        ids = [f"keys.{entry.what}.{entry.table}.{entry.key}{suffix}" for suffix in ["." + entry.templates[0], ""]]
        assert any(M.has(mid) for mid in ids), entry
        assert entry.gloss and not CJK.search(entry.gloss), entry
        glossed.add(entry.key)
    group_keys = {g.key for spec in T.all_table_specs() for g in spec.groups}
    for mid in M.catalogue():
        m = re.fullmatch(r"keys\.(row|group|column)\.(\w+)\.(.+?)(\.20(19|21))?", mid)
        if m:
            assert m.group(3) in glossed | group_keys, mid


def test_labels_kinds_units():
    by = {(e.table, e.what, e.key, tuple(e.templates)): e for e in K.entries()}
    fees = by[("active_disclosure", "column", "amount", ("2021",))]
    assert (fees.kind, fees.unit, fees.gloss) == ("amount", "万元", "fees collected this year")
    procurement = by[("active_disclosure", "column", "amount", ("2019",))]
    assert (procurement.label, procurement.unit, procurement.gloss) == ("采购总金额", "", "total procurement amount")
    granted = by[("requests", "row", "granted", ("2019", "2021"))]
    assert (granted.label, granted.gloss) == ("（一）予以公开", "granted in full")
    assert by[("requests", "row", "other", ("2019",))].label == "（六）其他处理"
    assert by[("requests", "row", "other.other", ("2021",))].label == "（六）其他处理 3.其他"
    assert by[("requests", "column", "commercial", ("2019", "2021"))].label == "法人或其他组织 · 商业企业"
    assert by[("active_disclosure", "column", "change", ("2019",))].kind == "signed"
    assert by[("review_litigation", "column", "corrected", ("2019", "2021"))].unit == "件"
    assert by[("active_disclosure", "row", "normative_documents", ("2021",))].label == "行政规范性文件"
    assert by[("active_disclosure", "row", "normative_documents", ("2019",))].label == "规范性文件"


def test_text_in_both_languages():
    zh = run("keys")
    assert zh.exit_code == 0, zh.output
    assert "表三 收到和处理政府信息公开申请情况" in zh.stdout and "官方标签" in zh.stdout
    assert re.search(r"^行 +granted +（一）予以公开 +granted in full +2019 2021$", zh.stdout, re.M)
    en = run("keys", "--lang", "en")
    assert "official label" in en.stdout and "Table 3 · requests received and handled" in en.stdout
    assert re.search(r"^column +amount +本年收费金额（单位：万元） +fees collected this year +amount \(non-negative, "
                     r"may be decimal\) +万元 +2021$", en.stdout, re.M)


def test_csv_and_markdown():
    rows = list(csv.reader(io.StringIO(run("keys", "-f", "csv").stdout)))
    assert rows[0] == list(K.FIELDS)
    assert ["requests", "row", "granted", "（一）予以公开", "granted in full", "", "", "2019 2021"] in rows
    assert len(rows) == len(K.entries()) + 1
    md = run("keys", "-f", "markdown").stdout
    assert md.startswith("# govreport 键一览\n") and "| 行 | granted | （一）予以公开 | granted in full |" in md
    assert run("keys", "-f", "xml").exit_code == 2


def test_keys_to_a_file(tmp_path):
    target = tmp_path / "keys.json"
    assert run("keys", "-f", "json", "-o", str(target)).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(run("keys", "-f", "json").stdout)
