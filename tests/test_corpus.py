"""Every real report in the shared corpus parses to its hand-checked expected.json."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from govreport.loaders import load

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
if not CORPUS.is_dir():
    pytest.skip(f"corpus not found at {CORPUS}", allow_module_level=True)

EXPECTED = sorted(CORPUS.glob("*.expected.json"))


def _source(expected: Path) -> Path:
    stem = expected.name[: -len(".expected.json")]
    found = [p for p in CORPUS.glob(stem + ".*") if not p.name.endswith(".json")]
    assert len(found) == 1, f"{expected.name}: expected one source file, found {found}"
    return found[0]


def _skip_unless_loader(source: Path) -> None:
    if source.suffix.lower() == ".pdf":
        try:
            importlib.import_module("govreport.loaders.pdf")
            importlib.import_module("pypdfium2")
        except ImportError as exc:
            pytest.skip(f"PDF loader unavailable: {exc}")


@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda p: p.name[: -len(".expected.json")])
def test_corpus_report(expected_path: Path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    source = _source(expected_path)
    _skip_unless_loader(source)
    got = load(str(source)).to_dict()
    for key in ("title", "agency", "year", "template"):
        assert got[key] == expected[key], key
    assert set(got["tables"]) == set(expected["tables"])
    for table, rows in expected["tables"].items():
        assert got["tables"][table] == rows, table


def test_pdftotext_layout_of_the_pdf_parses_as_text_rows(tmp_path):
    """The row-per-line layout as poppler's `pdftotext -layout` prints a real report."""
    import shutil
    import subprocess

    pdf = CORPUS / "huaian_shi_2024.pdf"
    if not pdf.exists() or not shutil.which("pdftotext"):
        pytest.skip("needs ../shared/corpus and pdftotext")
    out = tmp_path / "huaian.txt"
    subprocess.run(["pdftotext", "-layout", str(pdf), str(out)], check=True)
    expected = json.loads((CORPUS / "huaian_shi_2024.expected.json").read_text(encoding="utf-8"))
    report = load(str(out))
    assert report.to_dict()["tables"] == expected["tables"]
    assert (report.title, report.agency, report.year) == (expected["title"], expected["agency"], expected["year"])


def test_check_on_the_corpus_agrees_with_the_annotators():
    """Errors exactly where the hand check found them; blanks not assessable, never errors."""
    from govreport.check import check

    results = {}
    for expected_path in EXPECTED:
        source = _source(expected_path)
        _skip_unless_loader(source)
        results[source.stem] = check(load(str(source)))
    errors = {name: [(f.rule, f.column, f.expected, f.actual) for f in r.findings if f.severity == "error"]
              for name, r in results.items()}
    assert errors.pop("pingtan_zhsyq_2020") == [
        ("requests.results_total", "natural_person", 26, 20),
        ("requests.results_total", "total", 27, 21),
    ]
    assert all(not found for found in errors.values()), errors
    shanghai = results["shanghai_szfbgt_2019"].findings
    assert sum(1 for f in shanghai if f.severity == "info") == 12  # 11 blank row totals + the blank 总计 column
