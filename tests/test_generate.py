"""Generated reports: consistent when clean, every injected error found and the injected cell named."""

from __future__ import annotations

import json
import random

from typer.testing import CliRunner

from govreport import generate as G
from govreport.check import check
from govreport.cli import get_app
from govreport.loaders import load


def test_generated_reports_hold_every_identity_and_round_trip(tmp_path):
    rng = random.Random(7)
    for n, (template, layout) in enumerate((t, lay) for t in ("2021", "2019") for lay in G.LAYOUTS):
        report = G.random_report(rng, template)
        assert not check(report).findings
        path = tmp_path / f"r{n}.{'md' if layout == 'markdown' else 'txt'}"
        path.write_text(G.write(report, layout, traditional=n % 2 == 1), encoding="utf-8")
        back = load(str(path))
        assert back.template == template and back.year == report.year and back.agency == report.agency
        assert back.to_dict()["tables"] == report.to_dict()["tables"]


def test_injected_error_always_breaks_an_identity():
    rng = random.Random(3)
    for _ in range(300):
        report = G.random_report(rng, rng.choice(("2021", "2019")))
        answer = G.inject_error(report, rng)
        assert answer["new"] != answer["old"] and answer["new"] >= 0
        assert not check(report).valid


def test_check_finds_every_injected_error_in_200_reports(tmp_path):
    written = G.write_corpus(str(tmp_path), 200, seed=11, error_rate=0.5, traditional_rate=0.2)
    answers = {path: answer for path, answer in written}
    assert 60 < sum(a is not None for a in answers.values()) < 140
    result = CliRunner().invoke(get_app(), ["check", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1, result.output
    objects = {o["file"]: o for o in json.loads(result.stdout)}
    assert set(objects) == set(answers)  # the answer files are not taken for reports
    for path, answer in answers.items():
        obj = objects[path]
        errors = [f for f in obj["findings"] if f["severity"] == "error"]
        if answer is None:
            assert obj["valid"] and not obj["findings"], (path, obj["findings"])
            continue
        assert errors, (path, answer)
        cell = {"table": answer["table"], "row": answer["row"], "column": answer["column"]}
        if answer["table"] == "requests":
            for f in errors:
                suspect = dict(f["suspect"])
                assert suspect.pop("delta") == answer["old"] - answer["new"]
                assert set(suspect.pop("location")) == {"line"}  # where the cell to correct is printed
                assert suspect == cell, (path, answer, f)
            fix = next(h for h in errors[0]["hints"] if h["kind"] == "fix")
            assert fix["value"] == answer["old"] and fix["printed"] == answer["new"]
        else:
            assert any(f["rule"] == "review_litigation.block_total" and f["row"] == answer["row"]
                       for f in errors), (path, answer)
