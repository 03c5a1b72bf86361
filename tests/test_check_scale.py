"""`govreport check` over folders: formats, summary, exit codes, hints, structure warnings, colour."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re

import pytest
from typer.testing import CliRunner

from govreport import generate as G
from govreport import hints as H
from govreport import structure as S
from govreport.check import check
from govreport.cli import get_app

SAMPLES = os.path.join(os.path.dirname(__file__), "..", "samples")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run(*args, env=None):
    return CliRunner().invoke(get_app(), list(args), env=env)


@pytest.fixture
def folder(tmp_path):
    """6 generated reports (2 with an error) in nested folders, plus an unreadable and a non-report file."""
    rng = random.Random(2)
    answers = {}
    for n in range(6):
        sub = tmp_path / ("a" if n < 3 else "b/c")
        sub.mkdir(parents=True, exist_ok=True)
        report = G.random_report(rng, ("2021", "2019")[n % 2])
        answer = G.inject_error(report, rng) if n in (1, 4) else None
        path = sub / f"r{n}.md"
        path.write_text(G.write(report, G.LAYOUTS[n % 3]), encoding="utf-8")
        answers[str(path)] = answer
    (tmp_path / "notes.txt").write_text("shopping list\n", encoding="utf-8")
    bad = tmp_path / "broken.txt"
    bad.write_bytes("政府信息公开工作年度报告\n".encode() + b"\x00\x01" * 50)
    return tmp_path, answers, str(bad)


def test_folder_text_summary_and_exit_code_2_for_an_unreadable_file(folder):
    path, answers, bad = folder
    result = run("check", str(path))
    assert result.exit_code == 2
    assert bad in result.stderr and result.stderr.count("\n") == 1
    summary = result.stdout[result.stdout.index("\n汇总\n"):]
    counts = dict(re.findall(r"^(文件|通过且无警告|有错误|无法读取)\s+(\d+)$", summary, re.M))
    assert counts == {"文件": "7", "通过且无警告": "4", "有错误": "2", "无法读取": "1"}
    assert "notes.txt" not in result.stdout
    assert re.search(r"表[三四] \S+\s+错误\s+\d+", summary)
    english = run("check", str(path), env={"GOVREPORT_LANG": "en"}).stdout
    counts = dict(re.findall(r"^(files|clean|with errors|unreadable)\s+(\d+)$", english, re.M))
    assert counts == {"files": "7", "clean": "4", "with errors": "2", "unreadable": "1"}


def test_folder_jsonl_csv_json(folder):
    path, answers, bad = folder
    lines = run("check", str(path), "-f", "jsonl").stdout.splitlines()
    objs = [json.loads(x) for x in lines]
    assert len(objs) == 7 and {o["file"] for o in objs} == set(answers) | {bad}
    assert next(o for o in objs if o["file"] == bad)["error"]

    rows = list(csv.DictReader(io.StringIO(run("check", str(path), "-f", "csv").stdout)))
    assert list(rows[0])[:10] == ["file", "rule", "severity", "table", "row", "column", "expected", "actual",
                                  "suspect", "message"]
    assert {r["file"] for r in rows} == {p for p, a in answers.items() if a} | {bad}
    assert [r["rule"] for r in rows if r["file"] == bad] == ["unreadable"]
    for p, a in answers.items():
        if a and a["table"] == "requests":
            assert {r["suspect"] for r in rows if r["file"] == p} == {f"requests/{a['row']}/{a['column']}"}

    # one JSON shape whatever the number of files: an array of per-file objects
    one = json.loads(run("check", next(p for p, a in answers.items() if a), "-f", "json").stdout)
    assert isinstance(one, list) and len(one) == 1 and one[0]["valid"] is False
    many = json.loads(run("check", str(path), "-f", "json").stdout)
    assert isinstance(many, list) and len(many) == 7


def test_quiet_and_fail_on(folder, tmp_path_factory):
    path, answers, bad = folder
    result = run("check", str(path), "--quiet")
    assert result.exit_code == 2 and result.stdout == "" and result.stderr == ""
    clean = [p for p, a in answers.items() if a is None]
    assert run("check", *clean, "-q").exit_code == 0
    # a clean report whose narrative disagrees: a warning only
    report = G.random_report(random.Random(9), "2021")
    new = report.tables["requests"].value("new_received", "total")
    report.sections[0].text = report.sections[0].text.replace(f"政府信息公开申请{new}件", "政府信息公开申请99999件")
    warn = tmp_path_factory.mktemp("w") / "warn.md"
    warn.write_text(G.write(report, "markdown"), encoding="utf-8")
    assert run("check", str(warn), "-q").exit_code == 0
    assert run("check", str(warn), "-q", "--fail-on", "warning").exit_code == 1
    assert run("check", str(warn), "--fail-on", "bogus").exit_code == 2


def test_help_documents_exit_codes():
    out = run("check", "--help").stdout
    assert "2有文件无法读取" in "".join(out.split())
    out = run("check", "--help", "--lang", "en").stdout
    assert "2 a file could not be read" in " ".join(out.split())


# ---------------------------------------------------------------- hints
def test_transposed_digits_hint_on_the_taicang_error_sample():
    result = run("check", os.path.join(SAMPLES, "taicang-2021-error.txt"), "-f", "json")
    finding = json.loads(result.stdout)[0]["findings"][0]
    kinds = {h["kind"]: h for h in finding["hints"]}
    assert kinds["fix"]["value"] == 163 and kinds["fix"]["printed"] == 136
    assert "transposed_digits" in kinds
    text = run("check", os.path.join(SAMPLES, "taicang-2021-error.txt")).stdout
    assert "疑似填错：表三 （一）予以公开 · 自然人（第 76 行），所印为 136，若为 163 则所有勾稽关系均成立" in text
    assert "提示：表三 （一）予以公开 · 自然人：所印的 136 与 163 数字相同、顺序不同（疑似数字颠倒）" in text


def test_split_number_hint():
    report = G.random_report(random.Random(4), "2021")
    row = report.tables["requests"].rows["granted"]
    # printed "1 0 2 0 0 0 12" for 10 | 2 | (blank lost) | 0 | 0 | 0 | 12
    for col, v in zip(("natural_person", "commercial", "research", "social_welfare", "legal_service",
                       "other_org", "total"), (1, 0, 2, 0, 0, 0, 12)):
        row[col].value = v
    finding = next(f for f in check(report).findings if f.rule == "requests.row_total" and f.row == "granted")
    split = [h for h in finding.hints if h["kind"] == "split_number"]
    assert split and split[0]["columns"] == ["natural_person", "commercial"] and split[0]["value"] == 10


def test_no_transposition_claimed_for_other_differences():
    assert not H._transposed(136, 145) and not H._transposed(100, 1) and H._transposed(21, 12)


# ---------------------------------------------------------------- structure
def test_structure_findings():
    rng = random.Random(8)
    report = G.random_report(rng, "2021")
    assert S.findings(report) == []
    del report.tables["review_litigation"]
    del report.tables["requests"].rows["denied.admin_query"]
    report.sections[0].text = report.sections[0].text.replace(f"{report.year}年1月1日", "2017年1月1日", 1)
    rules = sorted((f.rule, f.table, f.row) for f in S.findings(report))
    assert rules == [("structure.missing_row", "requests", "denied.admin_query"),
                     ("structure.missing_table", "review_litigation", None),
                     ("structure.year_mismatch", None, None)]
    # a 2021 report without table 4 is not valid (issue 8): an error; the rest stay warnings
    assert {(f.rule, f.severity) for f in S.findings(report)} == {
        ("structure.missing_row", "warning"), ("structure.missing_table", "error"), ("structure.year_mismatch", "warning")}


def test_mixed_template_is_reported_and_each_table_still_checked():
    rng = random.Random(8)
    mixed = G.random_report(rng, "2021")
    mixed.tables["requests"] = G.random_report(rng, "2019").tables["requests"]
    mixed.tables["requests"].rows["granted"]["total"].value += 1
    findings = check(mixed).findings
    assert [f.rule for f in findings if f.rule.startswith("structure")] == ["structure.mixed_template"]
    assert any(f.rule == "requests.row_total" and f.row == "granted" for f in findings)
    assert not any(f.rule == "structure.missing_row" for f in findings)


# ---------------------------------------------------------------- terminal
def test_no_color_is_respected_on_a_forced_terminal(monkeypatch):
    import govreport.cli.checking as C

    monkeypatch.setattr(C, "is_tty", lambda stream=None: True)
    sample = os.path.join(SAMPLES, "taicang-2021-error.txt")
    coloured = run("check", sample, env={"FORCE_COLOR": "1", "NO_COLOR": None, "TERM": "xterm-256color"})
    assert ANSI.search(coloured.stdout), "the forced terminal should get colour"
    plain = run("check", sample, env={"FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm-256color"})
    assert not ANSI.search(plain.stdout) and "未通过" in plain.stdout


def test_shell_completion(monkeypatch):
    # typer takes the shell from the option only with detection off; otherwise it asks shellingham,
    # which fails when no shell is among the test process's ancestors (a CI runner, a job queue)
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    result = run("--show-completion", "bash")
    assert result.exit_code == 0 and "_GOVREPORT_COMPLETE" in result.stdout, (result.output, result.exception)
    assert "--install-completion" in run("--help").stdout
