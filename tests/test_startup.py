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


def test_check_one_file_imports_no_command_framework_and_nothing_heavy():
    code, modules, proc = imported_by(["check", SAMPLE])
    assert code == 0, proc.stderr
    assert not roots(modules) & set(HEAVY + ("typer", "click", "rich")), roots(modules) & set(HEAVY + ("typer", "rich"))
    assert not {f"govreport.cli.{m}" for m in COMMAND_MODULES} & modules  # read by govreport.cli.fast
    assert {"govreport.cli.fast", "govreport.cli.checking"} <= modules


def test_check_with_an_option_of_its_own_imports_only_the_check_command():
    code, modules, proc = imported_by(["check", SAMPLE, "--previous", SAMPLE])  # typer reads this line
    assert code == 0, proc.stderr
    heavy = roots(modules) & set(HEAVY)
    if heavy == {"pydantic"} and not typer_allowed():
        pytest.skip("typer >= 0.29 is installed (it imports pydantic to parse the command line); "
                    "pyproject.toml allows < 0.29: reinstall the project")
    assert not heavy, heavy
    others = {f"govreport.cli.{m}" for m in COMMAND_MODULES if m != "check"}
    assert not modules & others, modules & others
    assert {"govreport.cli.check", "typer"} <= modules


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


WIDE_CLASSES = """
import sys
from re import _compiler, _parser
from re._constants import RANGE

wide, compile_ = [], _compiler.compile


def ranges(x):
    items = list(x.data if isinstance(x, _parser.SubPattern) else x)
    if len(items) == 2 and items[0] is RANGE and isinstance(items[1], tuple):
        if items[1][1] - items[1][0] > 2000:
            yield items[1]
        return
    for item in items:
        if isinstance(item, (_parser.SubPattern, list, tuple)):
            yield from ranges(item)


def compile(p, flags=0):
    if isinstance(p, str) and any(ranges(_parser.parse(p, flags))):
        wide.append(p)
    return compile_(p, flags)


_compiler.compile = compile
from govreport.cli import main

try:
    main(["check", sys.argv[1]])
except SystemExit:
    pass
sys.stderr.write("\\nWIDE " + repr(wide) + "\\n")
"""


def test_check_compiles_no_character_class_over_the_cjk_blocks():
    """re compiles a class such as ``[\\u4e00-\\u9fff]`` by filling a 65,536-entry map in Python
    (1-2 ms each, at every start): the code on the path of ``check`` tests such ranges without one."""
    proc = subprocess.run([sys.executable, "-c", WIDE_CLASSES, SAMPLE], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    line = [x for x in proc.stderr.splitlines() if x.startswith("WIDE ")]
    assert line, proc.stderr
    assert line[-1] == "WIDE []", line[-1]


def test_records_behave_like_the_dataclasses_they_replace():
    """govreport.records: the same repr, ==, hash and frozenness as @dataclass."""
    import dataclasses
    from typing import Optional

    from govreport.check import Finding
    from govreport.parse.numbers import Value
    from govreport.parse.tokens import Line

    @dataclasses.dataclass(frozen=True)
    class V:
        value: Optional[int]
        raw: str
        unit: Optional[str] = None
        note: Optional[str] = None
        glued: bool = False

    v, twin = Value(3, "3", "件"), V(3, "3", "件")
    assert repr(twin).endswith("." + repr(v).replace("Value(", "V("))  # (V is local: its qualified name is longer)
    assert v == Value(3, "3", "件") and v != Value(3, "3") and hash(v) == hash(Value(3, "3", "件"))
    assert v.__eq__(twin) is NotImplemented
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.value = 4
    line = Line(["a"])
    assert line.prov == {} and line.prov is not Line(["a"]).prov and line == Line(["a"], {}, False, None)
    assert repr(line) == "Line(cells=['a'], prov={}, structured=False, cell_prov=None)"
    with pytest.raises(TypeError):
        hash(line)  # mutable: unhashable, as a dataclass with eq
    f = Finding("r", "error", "requests", "total", "total", cells=None)
    assert f.cells is None and Finding("r", "error", None, None, None).hints == []


def test_check_on_simplified_text_does_not_load_opencc_and_traditional_text_does():
    """OpenCC (~5 ms to load and set up ``t2s``) only for text it may change (govreport.parse.t2s_keys)."""
    from govreport.normalize import _t2s_tables_apply

    if not _t2s_tables_apply():
        pytest.skip("the installed OpenCC has other dictionaries than govreport.parse.t2s_keys was made from")
    code, modules, proc = imported_by(["check", str(PINGTAN / "pingtan-2021.md")])
    assert code == 0, proc.stderr
    assert "opencc" not in roots(modules)
    code, modules, proc = imported_by(["check", SAMPLE])  # Traditional
    assert code == 0, proc.stderr
    assert "opencc" in roots(modules)


def test_the_t2s_tables_are_those_of_the_installed_dictionaries():
    """govreport.parse.t2s_keys against the dictionaries OpenCC loads here: the same files, and the same
    changing keys when OpenCC's ``opencc_dict`` tool is there to dump them."""
    import importlib.util
    import os

    from govreport.parse import t2s_keys as K

    spec = importlib.util.find_spec("opencc")
    base = list(spec.submodule_search_locations)[0]
    share = os.path.join(base, "clib", "share", "opencc")
    if K.fingerprint(share) != K.FINGERPRINT:
        pytest.skip("another OpenCC: the tables are not used (OpenCC decides every time)")
    tool = os.path.join(base, "clib", "bin", "opencc_dict")
    if not os.path.exists(tool):
        pytest.skip("no opencc_dict to dump the dictionaries with")
    assert K.from_dictionaries(share, tool) == (K.CHARS, K.PHRASES)


def test_t2s_pretest_agrees_with_opencc():
    """Whatever ``unchanged_by_t2s`` calls unchanged, OpenCC leaves unchanged (texts made of the keys'
    own characters and common ones)."""
    import random

    from govreport import normalize as N
    from govreport.parse import t2s_keys as K

    if not N._t2s_tables_apply():
        pytest.skip("the installed OpenCC has other dictionaries")
    convert = N._converter("t2s").convert
    pool = list(K.CHARS[::25]) + list("".join(K.PHRASES)) + list("的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对")
    rng = random.Random(12)
    skipped = 0
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 10)))
        if N.unchanged_by_t2s(text):
            skipped += 1
            assert convert(text) == text, text
    assert skipped > 100
    for path in sorted(PINGTAN.glob("*.md")) + [Path(SAMPLE)]:
        text = path.read_text(encoding="utf-8")[:20000]
        assert N.unchanged_by_t2s(text) == (convert(text) == text), path
