"""Every command speaks Chinese by default and English with --lang en; no human output in the
default language shows an internal key (``requests/…``, ``natural_person``, ``denied.state_secret``)."""

import re
import shutil
from pathlib import Path

import pytest

from govreport import templates as T

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
PINGTAN = SAMPLES / "pingtan"
ERROR = SAMPLES / "taicang-2021-error.txt"


def _internal_keys() -> set:
    keys = set(T.TABLE_ORDER)
    for spec in T.all_table_specs():
        keys |= {r.key for r in spec.rows if "_" in r.key or "." in r.key}
        keys |= {g.key for g in spec.groups if "_" in g.key}
        keys |= {c.key for c in spec.columns if "_" in c.key}
    return keys


KEYS = _internal_keys()
ENGLISH = re.compile(r"\b(error|errors|warning|FAILED|not assessable|suspect|hint|expected|actual|Summary|"
                     r"changed|only in|Usage|Options|Example)\b")


@pytest.fixture
def folder(tmp_path):
    shutil.copytree(PINGTAN, tmp_path / "pingtan")
    shutil.copy(ERROR, tmp_path / "taicang-2021-wrong.txt")  # a name free of English words
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02" * 40)
    return tmp_path


def commands(folder: Path) -> dict:
    p = str(folder / "pingtan")
    err = str(folder / "taicang-2021-wrong.txt")
    return {
        "show": ["show", err],
        "show --findings": ["show", err, "--findings", "--wide"],
        "check": ["check", err],
        "check --show --verbose": ["check", err, "--show", "--verbose"],
        "check folder": ["check", str(folder)],
        "check --previous": ["check", "2021", "--previous", "2020", "--dir", p],
        "diff": ["diff", "2020", "2021", "--dir", p],
        "diff markdown": ["diff", "2020", "2021", "--dir", p, "--format", "markdown"],
        "render text": ["render", err, "--format", "text"],
        "list": ["list", p],
        "trend": ["trend", "--dir", p],
        "unreadable": ["check", str(folder / "blob.txt")],
        "missing": ["show", str(folder / "nope.txt")],
        "usage": ["show", "--nope"],
        "bad value": ["check", err, "--format", "xml"],
        "help": ["check", "--help"],
        "root help": ["--help"],
    }


def _human(result, folder: Path) -> str:
    return (result.stdout + result.stderr).replace(str(folder), "DIR")


@pytest.mark.parametrize("name", list(commands(Path("/x"))))
def test_default_language_is_chinese_with_no_internal_key(run, folder, name):
    result = run(commands(folder)[name])
    text = _human(result, folder)
    assert text.strip(), name
    assert re.search(r"[\u4e00-\u9fff]", text), name
    found = sorted(k for k in KEYS if re.search(rf"(?<![\w.]){re.escape(k)}(?![\w])", text))
    assert not found, (name, found, text[:2000])
    assert "requests/" not in text and "natural_person" not in text
    if name not in ("help", "root help"):  # help shows option names and file formats, in English by nature
        assert not ENGLISH.search(text), (name, ENGLISH.search(text), text[:2000])


@pytest.mark.parametrize("name", list(commands(Path("/x"))))
def test_english_on_request_with_the_same_exit_code(run, folder, name):
    args = commands(folder)[name]
    zh = run(args)
    en = run(args + ["--lang", "en"])
    assert en.exit_code == zh.exit_code, name
    text = _human(en, folder)
    assert text.strip()
    if name == "render text":  # the report itself, as printed: the same in both languages
        assert text == _human(zh, folder)
        return
    words = re.findall(r"[A-Za-z]{3,}", text.replace("DIR", ""))
    assert len(words) >= 2, (name, text[:1000])
    assert text != _human(zh, folder), name


def test_the_documented_examples(run, folder, monkeypatch):
    """The issue's three: a year with --agency, --previous with a year and --dir, and /dev/null as stdin."""
    monkeypatch.chdir(folder / "pingtan")
    shown = run(["show", "2021", "--agency", "平潭"])
    assert shown.exit_code == 0 and "平潭综合实验区" in shown.stdout and " 70" in shown.stdout
    checked = run(["check", "2021", "--previous", "2020", "--dir", str(folder / "pingtan")])
    assert checked.exit_code == 0 and checked.stdout.startswith(str(folder / "pingtan" / "pingtan-2021.md") + "：通过")
    import subprocess
    import sys

    with open("/dev/null", "rb") as null:
        proc = subprocess.run([sys.executable, "-m", "govreport", "check"], stdin=null, capture_output=True,
                              text=True, cwd=folder / "pingtan", timeout=120)
    assert proc.returncode == 1, proc.stderr  # pingtan-2020 has the two published errors
    assert "pingtan-2020.md：未通过——2 处错误" in proc.stdout and "pingtan-2021.md：通过" in proc.stdout
