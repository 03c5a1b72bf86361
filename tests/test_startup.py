"""Start-up (issue 12): ``govreport CMD`` imports only the command it runs and what that command
needs; ``--version`` imports neither typer nor any command.  Each command, run alone in its own
process (so with only its own module imported), still works; the root's help, completion and a
mistyped command still see every command.  The timing itself: benchmarks/bench_startup.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = str(ROOT / "samples" / "taicang-2021.txt")
PINGTAN = ROOT / "samples" / "pingtan"
HEAVY = ("pydantic", "pyarrow", "dask", "openpyxl", "matplotlib")
COMMAND_MODULES = ("show", "check", "diff", "trend", "render", "export", "listing", "keys", "new", "generate")


def imported_by(args, cwd=ROOT) -> tuple:
    """Run ``govreport ARGS`` in a fresh interpreter; its exit code and the modules then loaded."""
    code = ("import sys\nsys.argv = ['govreport'] + sys.argv[1:]\nfrom govreport.cli import main\n"
            "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\nelse:\n    code = 0\n"
            "sys.stdout.flush()\nsys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)) + '\\n')\n"
            "sys.exit(code)\n")
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd, timeout=120)
    line = [x for x in proc.stderr.splitlines() if x.startswith("MODULES ")]
    assert line, proc.stderr
    return proc.returncode, set(line[-1].split()[1:]), proc


def roots(modules) -> set:
    return {m.split(".")[0] for m in modules}


def typer_allowed() -> bool:
    """Whether the installed typer is one pyproject.toml allows (<0.29: 0.29 builds pydantic adapters)."""
    import typer

    return tuple(int(x) for x in typer.__version__.split(".")[:2]) < (0, 29)


def test_version_imports_no_typer_and_nothing_heavy():
    code, modules, proc = imported_by(["--version"])
    assert code == 0 and proc.stdout == "govreport 0.1.0\n"
    loaded = roots(modules) & set(HEAVY + ("typer", "rich", "yaml", "tabulate", "lxml", "opencc", "docx"))
    assert not loaded, loaded
    assert not {m for m in modules if m.startswith("govreport.cli.")}


def test_check_one_file_imports_only_the_check_command_and_nothing_heavy():
    code, modules, proc = imported_by(["check", SAMPLE])
    assert code == 0, proc.stderr
    heavy = roots(modules) & set(HEAVY)
    if heavy == {"pydantic"} and not typer_allowed():
        pytest.skip("typer >= 0.29 is installed (it imports pydantic to parse the command line); "
                    "pyproject.toml allows < 0.29: reinstall the project")
    assert not heavy, heavy
    others = {f"govreport.cli.{m}" for m in COMMAND_MODULES if m != "check"}
    assert not modules & others, modules & others
    assert "govreport.cli.check" in modules


@pytest.mark.parametrize("args", [
    ["--lang", "en", "check", SAMPLE],  # a global option before the command
    ["check", SAMPLE, "--lang", "en"],  # … or after it
    ["--format", "json", "check", SAMPLE],  # a command option before the command
])
def test_only_the_command_run_is_imported_wherever_the_options_stand(args):
    code, modules, proc = imported_by(args)
    assert code == 0, proc.stderr
    assert not {f"govreport.cli.{m}" for m in COMMAND_MODULES if m != "check"} & modules
    if "en" in args:
        assert proc.stdout.rstrip().endswith("taicang-2021.txt: ok"), proc.stdout  # in English
    if "json" in args:
        assert proc.stdout.lstrip().startswith(("{", "["))


@pytest.mark.parametrize("args", [["--help"], ["-h", "check"], ["--lang", "en", "-h"], []])
def test_root_help_lists_every_command_in_order(args):
    code, modules, proc = imported_by(args)
    assert code in (0, 2), proc.stderr
    text = proc.stdout + proc.stderr
    names = ("show", "check", "diff", "trend", "render", "export", "list", "keys", "new", "generate")
    where = [text.find("\n  " + n + " ") for n in names]
    assert all(w >= 0 for w in where), text
    assert where == sorted(where), text


def test_a_mistyped_command_is_answered_with_the_commands_near_it():
    code, _, proc = imported_by(["chek", SAMPLE])
    assert code == 2
    assert "check" in proc.stderr and "chek" in proc.stderr


@pytest.mark.parametrize("command", ["show", "check", "diff", "trend", "render", "export", "list", "keys",
                                     "new", "generate"])
def test_each_command_help_alone(command):
    code, modules, proc = imported_by([command, "--help", "--lang", "en"])
    assert code == 0, proc.stderr
    assert proc.stdout.startswith(f"Usage: govreport {command} ")
    module = "listing" if command == "list" else command
    assert not {f"govreport.cli.{m}" for m in COMMAND_MODULES if m not in (module, "check")} & modules


@pytest.mark.parametrize("args, expect", [
    (["show", SAMPLE], "2021"),
    (["check", SAMPLE], "taicang-2021.txt"),
    (["diff", "2020", "2021", "--dir", str(PINGTAN)], ""),
    (["trend", "--dir", str(PINGTAN), "--format", "json"], "2021"),
    (["render", SAMPLE, "--format", "json"], "2021"),
    (["export", SAMPLE, "--format", "csv"], "taicang"),
    (["list", "--dir", str(PINGTAN)], "2021"),
    (["keys", "--format", "csv"], ","),
    (["new", "--year", "2025", "--agency", "某局"], "2025"),
    (["generate", "--seed", "1", "--count", "1", "--layout", "markdown"], ""),
])
def test_each_command_runs_alone(args, expect, tmp_path):
    code, modules, proc = imported_by(args, cwd=tmp_path)
    assert code in (0, 1), proc.stderr  # 1: findings or differences
    assert expect in proc.stdout, proc.stdout[:500]
