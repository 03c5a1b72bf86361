"""Global options anywhere, the language of messages and help, usage errors, stdin vs the folder."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from govreport import messages as M
from govreport.cli.base import reorder_args

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = str(ROOT / "samples" / "taicang-2021.txt")
PINGTAN = ROOT / "samples" / "pingtan"
COMMANDS = ("show", "check", "diff", "render", "export", "list", "generate")
PLACEHOLDER = re.compile(r"<(bool|str|int|float|list\[str\]|path)>|\{[a-z_]+\}")


def cli(*args, stdin=subprocess.DEVNULL, cwd=ROOT, env=None, input=None):
    e = dict(os.environ, NO_COLOR="1", **(env or {}))
    for name in ("GOVREPORT_DIR", "GOVREPORT_LANG"):
        e.pop(name, None)
    kw = {"input": input} if input is not None else {"stdin": stdin}
    return subprocess.run([sys.executable, "-m", "govreport", *map(str, args)], capture_output=True, env=e,
                          cwd=cwd, timeout=120, **kw)


# ---------------------------------------------------------------- argv
def test_reorder_moves_root_options_before_and_command_options_after():
    assert reorder_args(["show", "--lang=en", "x", "--debug"]) == ["--lang=en", "--debug", "show", "x"]
    assert reorder_args(["--format", "json", "check", "a", "--max-size", "1M"]) == \
        ["--max-size", "1M", "check", "--format", "json", "a"]
    assert reorder_args(["-f", "csv", "--dir", "d", "export", "2021"]) == ["export", "-f", "csv", "--dir", "d", "2021"]
    assert reorder_args(["check", "--", "--debug"]) == ["check", "--", "--debug"]


@pytest.mark.parametrize("args", [
    ["--format", "json", "check", SAMPLE],
    ["check", SAMPLE, "--format", "json"],
    ["--lang", "en", "--debug", "check", SAMPLE, "-f", "json"],
    ["check", SAMPLE, "-f", "json", "--lang", "en", "--debug"],
    ["--format=json", "check", "--lang=en", SAMPLE],
])
def test_options_before_and_after_the_command(run, args):
    result = run(args)
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)
    assert "taicang-2021.txt" in result.stdout


def test_lang_before_and_after_the_command(run):
    for args in (["--lang", "en", "list", "--dir", PINGTAN], ["list", "--dir", PINGTAN, "--lang", "en"]):
        out = run(args).stdout
        assert "report(s)" in out and "份报告" not in out
    assert "份报告" in run(["list", "--dir", PINGTAN]).stdout  # not leaked from the previous invocation
    assert M.get_lang() == "zh"


def test_govreport_lang_environment(run):
    result = run(["list", "--dir", PINGTAN], env={"GOVREPORT_LANG": "en"})
    assert "report(s)" in result.stdout
    result = run(["--lang", "zh", "list", "--dir", PINGTAN], env={"GOVREPORT_LANG": "en"})
    assert "份报告" in result.stdout


def test_debug_after_the_command_shows_the_traceback(run):
    result = run(["show", "/no/such/file.txt", "--debug"])
    assert result.exit_code != 0 and result.exception is not None
    assert not isinstance(result.exception, SystemExit)


# ---------------------------------------------------------------- usage errors
@pytest.mark.parametrize("args, zh, en", [
    (["show", "--x"], "没有这个选项：--x（可用：", "no such option: --x (available: "),
    (["shw"], "没有这个命令：shw（可用：show）", "no such command: shw (available: show)"),
    (["diff"], "缺少 A", "A is missing"),
    (["check", "-f", "yaml"], "--format 的值不对：请从", "invalid value for --format: choose one of"),
    (["render", SAMPLE, "--format"], "选项 --format 后面需要一个值", "option --format needs a value"),
    (["show", "a", "b"], "多余的参数：b", "unexpected extra arguments: b"),
    (["--lang", "fr", "list"], "--lang 的值不对", "invalid value for --lang"),
])
def test_usage_errors_are_one_line_in_the_users_language(run, args, zh, en):
    for lang, expected in (("zh", zh), ("en", en)):
        result = run(args, env={"GOVREPORT_LANG": lang})
        assert result.exit_code == 2
        lines = result.stderr.strip().split("\n")
        assert len(lines) == 1 and lines[0].startswith("govreport: "), result.stderr
        assert expected in lines[0], lines[0]
        assert "╭" not in result.output and "Usage:" not in result.stderr


def test_usage_error_in_a_subprocess_is_one_line():
    proc = cli("--lang", "en", "show", "--nope")
    assert proc.returncode == 2
    assert proc.stderr.decode().strip() == "govreport: no such option: --nope (available: " + \
        proc.stderr.decode().split("(available: ", 1)[1].strip()
    assert proc.stderr.decode().count("\n") == 1


# ---------------------------------------------------------------- help
@pytest.mark.parametrize("lang, heading", [("zh", "示例："), ("en", "Examples:")])
@pytest.mark.parametrize("command", ("",) + COMMANDS)
def test_help_has_no_placeholders_and_has_examples(run, command, lang, heading):
    args = ["--lang", lang] + ([command] if command else []) + ["--help"]
    result = run(args)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert not PLACEHOLDER.search(out), PLACEHOLDER.search(out).group(0)
    assert heading in out and "govreport " + command in out.split(heading)[1]
    assert "╭" not in out and "│" not in out
    usage = "用法：" if lang == "zh" else "Usage:"
    assert out.startswith(usage)
    if lang == "en":
        assert "选项：" not in out and "Options:" in out


def test_help_is_in_the_language_set_after_the_command(run):
    zh = run(["export", "--help"]).stdout
    en = run(["export", "--help", "--lang", "en"]).stdout
    assert "导出多份报告的全部数字" in zh and "Export every cell of many reports" in en


def test_help_lines_fit_the_width(run):
    from wcwidth import wcswidth

    for command in COMMANDS:
        for lang in ("zh", "en"):
            out = run(["--lang", lang, command, "-h"], env={"COLUMNS": "80"}).stdout
            for line in out.split("\n"):
                if not line.startswith("  govreport"):  # examples are kept whole
                    assert wcswidth(line) <= 81, line


# ---------------------------------------------------------------- stdin vs the folder
def test_dev_null_stdin_uses_the_folders_newest_report():
    proc = cli("check", stdin=subprocess.DEVNULL, cwd=PINGTAN)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    assert "pingtan-2021.md" in proc.stdout.decode()


def test_closed_stdin_uses_the_folder():
    proc = subprocess.run([sys.executable, "-c", "import os, sys; os.close(0); sys.stdin = None; "
                           "sys.argv = ['govreport', 'show']; from govreport.cli import main; main()"],
                          capture_output=True, cwd=PINGTAN, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    assert "2021" in proc.stdout.decode()


def test_empty_pipe_says_empty_input():
    proc = cli("show", input=b"", cwd=PINGTAN)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert "标准输入" in err and "空" in err, err


def test_piped_and_redirected_file_are_read(tmp_path):
    data = (ROOT / "samples" / "taicang-2021.txt").read_bytes()
    assert "太仓" in cli("show", input=data, cwd=PINGTAN).stdout.decode()
    with open(ROOT / "samples" / "taicang-2021.txt", "rb") as fh:
        assert "太仓" in cli("show", stdin=fh, cwd=PINGTAN).stdout.decode()
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    with open(empty, "rb") as fh:  # an empty regular file: nothing piped, the folder is used
        assert "平潭" in cli("show", stdin=fh, cwd=PINGTAN).stdout.decode()


# ---------------------------------------------------------------- render and export by year
def test_render_and_export_take_dir_and_agency(run):
    result = run(["render", "2021", "--dir", PINGTAN, "--agency", "平潭", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["year"] == 2021
    result = run(["--dir", PINGTAN, "export", "2020", "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    assert {json.loads(x)["year"] for x in result.stdout.splitlines()} == {2020}


def test_list_headers_follow_the_language(run):
    assert run(["list", "--dir", PINGTAN]).stdout.split()[:2] == ["机关", "年度"]
    assert run(["list", "--dir", PINGTAN, "--lang", "en"]).stdout.split()[:2] == ["body", "year"]
