"""``govreport check FILE...`` read without typer (govreport/cli/fast.py, issue 12's start-up): the
same output, errors and exit code as typer's reading of the same command line, for generated lines;
every other line is left to typer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from govreport.cli import fast

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
PINGTAN = SAMPLES / "pingtan"
OK = str(SAMPLES / "taicang-2021.txt")
ERROR = str(SAMPLES / "taicang-2021-error.txt")

# Runs main() in a fresh interpreter and appends, on stderr, whether typer was imported.
RUNNER = ("import sys\nfrom govreport.cli import main\n"
          "try:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n    code = e.code\nelse:\n    code = 0\n"
          "sys.stdout.flush()\nsys.stderr.write('\\nTYPER %s\\n' % ('typer' in sys.modules))\nsys.exit(code)\n")


def run(args: list, cwd=PINGTAN, stdin: bytes = b"") -> tuple:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOVREPORT_", "_GOVREPORT_"))}
    env.update(NO_COLOR="1", COLUMNS="100")
    proc = subprocess.run([sys.executable, "-c", RUNNER, *args], input=stdin, capture_output=True, cwd=cwd,
                          env=env, timeout=120)
    err = proc.stderr.decode("utf-8")
    head, _, marker = err.rstrip("\n").rpartition("\nTYPER ")
    assert marker in ("True", "False"), err
    return proc.returncode, proc.stdout.decode("utf-8"), head, marker == "True"


# ---------------------------------------------------------------- which lines it reads
@pytest.mark.parametrize("args, expect", [
    (["check", OK], (None, False, [OK], {})),
    (["check", OK, ERROR, "-f", "json", "--fail-on=warning", "-q", "-v", "--show"],
     (None, False, [OK, ERROR], {"format": "json", "fail_on": "warning", "quiet": True, "verbose": True,
                                 "show_tables": True})),
    (["--format", "csv", "--lang", "en", "check", "2021", "--debug"], ("en", True, ["2021"], {"format": "csv"})),
    (["check", "-", "--lang=zh_CN.UTF-8", "--format=jsonl", "-f", "text"],
     ("zh_CN.UTF-8", False, ["-"], {"format": "text"})),  # the last value given counts
])
def test_the_lines_it_reads(args, expect):
    assert fast.parse(args) == expect


@pytest.mark.parametrize("args", [
    ["check"],  # no report named: the folder's, or standard input (typer's reading)
    ["check", "--", OK],
    ["check", "-qv", OK],  # bundled short flags
    ["check", OK, "-f", "xml"],  # not a choice: typer's usage error
    ["check", OK, "-f"],
    ["check", OK, "--fail-on", "info"],
    ["check", OK, "--summary", "out.csv"],
    ["check", OK, "--previous", "2020"],
    ["check", OK, "--jobs", "2"],
    ["check", OK, "--lang", "fr"],
    ["check", OK, "--lang"],
    ["check", OK, "-h"],
    ["check", OK, "--quiet=1"],
    ["check", OK, "-f=json"],
    ["check", OK, "--max-size", "1K"],
    ["check", OK, "--ocr", "never"],
    ["--version", "check", OK],
    ["show", OK],
    ["-f", "json"],
    [],
])
def test_every_other_line_is_left_to_typer(args):
    assert fast.parse(args) is None


def test_shell_completion_is_left_to_typer(monkeypatch):
    monkeypatch.setenv("_GOVREPORT_COMPLETE", "complete_bash")
    assert fast.parse(["check", OK]) is None


# ---------------------------------------------------------------- the same as typer's reading
@st.composite
def command_lines(draw):
    """A command line the fast path reads, and the same line in a form only typer reads (the
    reports after ``--``, options unchanged): ``(fast, typer)``."""
    reports = draw(st.lists(st.sampled_from([OK, ERROR, "2021", "2020", "missing.txt", str(PINGTAN), "-",
                                             str(SAMPLES / "converter")]), min_size=1, max_size=3))
    values = st.sampled_from(["text", "json", "jsonl", "csv"])
    unit = st.one_of(
        values.map(lambda v: ["-f", v]), values.map(lambda v: ["--format", v]), values.map(lambda v: [f"--format={v}"]),
        st.sampled_from(["error", "warning"]).map(lambda v: ["--fail-on", v]),
        st.sampled_from([["-q"], ["--quiet"], ["-v"], ["--verbose"], ["-s"], ["--show"], ["--debug"],
                         ["--lang", "en"], ["--lang=en"], ["--lang", "zh"]]))
    before = draw(st.lists(st.one_of(values.map(lambda v: ["--format", v]),
                                     st.sampled_from([["--lang", "en"], ["--debug"]])), max_size=2))
    after = draw(st.lists(unit, max_size=4))
    places = [draw(st.integers(0, len(after))) for _ in reports]
    line, in_order = [x for u in before for x in u] + ["check"], []
    for i, u in enumerate(after + [[]]):
        here = [r for r, p in zip(reports, places) if p == i]
        line += here + u
        in_order += here
    typer_line = [x for u in before for x in u] + ["check"] + [x for u in after for x in u] + ["--"] + in_order
    return line, typer_line


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(command_lines())
@example((["check", ERROR, "-s", OK], ["check", "-s", "--", ERROR, OK]))  # --show draws the tables (cli/tables.py)
@example((["--lang", "en", "check", "-", "-f", "csv", "--fail-on", "warning"],
          ["--lang", "en", "check", "-f", "csv", "--fail-on", "warning", "--", "-"]))
def test_the_same_output_errors_and_exit_code_as_typer(lines):
    line, typer_line = lines
    assert fast.parse(line) is not None and fast.parse(typer_line) is None
    stdin = Path(ERROR).read_bytes()
    code, out, err, typer_used = run(line, stdin=stdin)
    code2, out2, err2, typer_used2 = run(typer_line, stdin=stdin)
    assert not typer_used and typer_used2
    assert (code, out, err) == (code2, out2, err2)


def test_the_checks_exit_codes_and_messages_without_typer(tmp_path):
    code, out, err, typer_used = run(["check", OK, ERROR, "--lang", "en"])
    assert not typer_used and code == 1
    assert "taicang-2021.txt: ok" in out and "taicang-2021-error.txt" in out and err == ""
    code, out, err, typer_used = run(["check", str(tmp_path / "none.txt")])
    assert not typer_used and code == 2 and out == ""
    assert err == f"govreport: {tmp_path / 'none.txt'}: 无法读取：文件不存在\n"
    code, out, err, typer_used = run(["check", OK, "-f", "xml"])  # typer's usage error
    assert typer_used and code == 2 and "--format" in err
