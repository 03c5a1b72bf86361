"""`govreport generate`: test reports with answer files, deterministic for a seed."""

from __future__ import annotations

import json

import pytest

from govreport.loaders import load


def _files(folder):
    return sorted(p for p in folder.iterdir() if not p.name.endswith(".expected.json"))


def _answer(path):
    return json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("layout, script, encoding", [
    ("markdown", "simplified", "utf-8"), ("rows", "traditional", "big5"), ("tabs", "taiwan", "utf-16"),
    ("cells", "simplified", "gb18030"), ("pipes", "simplified", "utf-8-sig"),
])
def test_generated_reports_load_and_match_their_answer(run, tmp_path, layout, script, encoding):
    result = run(["generate", "--layout", layout, "--script", script, "--encoding", encoding, "--count", "2",
                  "--seed", "7", "-o", tmp_path])
    assert result.exit_code == 0, result.output
    files = _files(tmp_path)
    assert len(files) == 2
    for path in files:
        answer = _answer(path)
        assert answer["schema"] == "govreport/1" and answer["injected"] == {"error": None, "damage": None}
        got = load(str(path)).to_dict()
        for key in ("title", "agency", "year", "template"):
            assert got[key] == answer[key], key
        assert got["tables"] == answer["tables"]
        assert run(["check", path]).exit_code == 0
        assert run(["show", path]).exit_code == 0
        assert load(str(path.with_name(path.stem + ".expected.json"))).tables.keys() == got["tables"].keys()


def test_an_injected_error_is_found_by_check(run, tmp_path):
    result = run(["generate", "--error", "--year", "2022", "--agency", "测试县财政局", "-o", tmp_path,
                  "--seed", "3", "--template", "2019"])
    assert result.exit_code == 0, result.output
    path, = _files(tmp_path)
    answer = _answer(path)
    error = answer["injected"]["error"]
    assert (answer["year"], answer["agency"], answer["template"]) == (2022, "测试县财政局", "2019")
    assert answer["tables"][error["table"]][error["row"]][error["column"]] == error["new"] != error["old"]
    assert load(str(path)).to_dict()["tables"] == answer["tables"]
    check = run(["check", path, "--format", "json"])
    assert check.exit_code == 1
    assert error["table"] in check.stdout


def test_damage_is_described(run, tmp_path):
    result = run(["generate", "--damage", "footnote", "--layout", "pipes", "-o", tmp_path, "--lang", "en"])
    assert result.exit_code == 0, result.output
    path, = _files(tmp_path)
    damage = _answer(path)["injected"]["damage"]
    assert damage["kind"] == "footnote" and damage["damaged text"] in path.read_text(encoding="utf-8")
    assert "damage" in result.stdout


def test_same_seed_same_files(run, tmp_path):
    for name in ("a", "b"):
        assert run(["generate", "--count", "3", "--seed", "11", "--error", "-o", tmp_path / name]).exit_code == 0
    a, b = sorted((tmp_path / "a").iterdir()), sorted((tmp_path / "b").iterdir())
    assert [p.name for p in a] == [p.name for p in b] and len(a) == 6
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b))
    assert run(["generate", "--seed", "12", "-o", tmp_path / "c"]).exit_code == 0
    assert next((tmp_path / "c").glob("*.md")).read_bytes() != a[1].read_bytes()


@pytest.mark.parametrize("args, expected", [
    (["--layout", "nope"], "--layout"),
    (["--encoding", "big5"], "big5"),
    (["--damage", "cell_dropped", "--layout", "rows"], "--damage"),
    (["--count", "0"], "--count"),
])
def test_bad_options_are_usage_errors(run, tmp_path, args, expected):
    result = run(["generate", "-o", tmp_path] + args)
    assert result.exit_code == 2 and expected in result.stderr, result.stderr
    assert not list(tmp_path.iterdir())
