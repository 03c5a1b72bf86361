"""A folder of reports: list, and years / no argument for show, render, check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from govreport import folder

PINGTAN = Path(__file__).resolve().parents[1] / "samples" / "pingtan"


@pytest.fixture
def series(tmp_path, monkeypatch):
    """A folder with the two Pingtan years, one unreadable report file and one unrelated file; cwd there."""
    shutil.copy(PINGTAN / "pingtan-2020.md", tmp_path / "pingtan-2020.md")
    sub = tmp_path / "later"
    sub.mkdir()
    shutil.copy(PINGTAN / "pingtan-2021.md", sub / "report.md")
    (tmp_path / "broken.txt").write_text("政府信息公开工作年度报告\n(七)总计 1 2\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("shopping list\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GOVREPORT_DIR", raising=False)
    monkeypatch.setattr("govreport.cli.base.stdin_piped", lambda: False)
    return tmp_path


def test_list(run, series):
    result = run(["list"])
    assert result.exit_code == 2, result.output  # broken.txt could not be read: said, and not "ok"
    assert "broken.txt" in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["机关", "年度", "模板", "格式", "文件"]
    assert lines[1].split() == ["平潭综合实验区", "2020", "2019", "markdown", "pingtan-2020.md"]
    assert lines[2].split() == ["平潭综合实验区", "2021", "2021", "markdown", "later/report.md"]
    from wcwidth import wcswidth

    assert wcswidth(lines[0][:lines[0].index("年度")]) == wcswidth(lines[1][:lines[1].index("2020")]) == 16
    assert "1 个文件无法读取：" in result.stdout
    assert any(line.startswith("  broken.txt: ") for line in lines)
    assert "notes.txt" not in result.stdout


def test_list_dir_and_env(run, series, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    assert "pingtan-2020.md" in run(["list", "--dir", PINGTAN], env={"GOVREPORT_DIR": str(elsewhere)}).stdout
    out = run(["list"], env={"GOVREPORT_DIR": str(PINGTAN)}).stdout
    assert "pingtan-2021.md" in out and "expected" not in out  # annotation files are not reports
    assert "里没有报告文件" in run(["list", "--dir", elsewhere]).stdout


def test_show_and_render_take_a_year(run, series):
    result = run(["show", "2020"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("平潭综合实验区2020年政府信息公开工作年度报告")
    tables = json.loads(run(["render", "2021", "--format", "json"]).stdout)["tables"]
    expected = json.loads((PINGTAN / "pingtan-2021.expected.json").read_text(encoding="utf-8"))["tables"]
    assert tables == expected


def test_show_without_argument_is_the_newest(run, series):
    result = run(["show"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("平潭综合实验区2021年政府信息公开工作年度报告")


def test_check_without_argument_checks_the_folder(run, series):
    result = run(["check", "--format", "json"])
    files = {o["file"]: o for o in json.loads(result.stdout)}
    assert set(files) == {"pingtan-2020.md", "later/report.md", "broken.txt"}
    assert not files["pingtan-2020.md"]["valid"]  # the published (七)总计 error, kept as printed
    assert files["later/report.md"]["valid"]
    assert result.exit_code == 2  # broken.txt cannot be read


def test_check_a_year_with_previous(run, series):
    result = run(["check", "2021", "--previous", "pingtan-2020.md", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [o["file"] for o in json.loads(result.stdout)] == ["later/report.md"]


def test_year_errors(run, series):
    result = run(["show", "2019"])
    assert result.exit_code == 2
    err = result.stderr.strip()
    assert err == "govreport: 当前文件夹中没有 2019 年的报告（已有年份：2020、2021）；另有 1 个文件无法读取：broken.txt"


def test_empty_folder(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GOVREPORT_DIR", raising=False)
    monkeypatch.setattr("govreport.cli.base.stdin_piped", lambda: False)
    for args in (["show"], ["check"]):
        result = run(args)
        assert result.exit_code == 2 and "请给出文件或年份" in result.stderr


def test_is_year(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert folder.is_year("2021") and folder.is_year("1999")
    assert not folder.is_year("2021.md") and not folder.is_year("3021") and not folder.is_year("21")
    (tmp_path / "2021").write_text("x")
    assert not folder.is_year("2021")  # an existing path is a path


def test_agency_substring_and_candidates(tmp_path):
    shutil.copy(PINGTAN / "pingtan-2021.md", tmp_path / "a.md")
    other = (PINGTAN / "pingtan-2021.md").read_text(encoding="utf-8").replace("# 平潭综合实验区", "# 平潭县", 1)
    (tmp_path / "b.md").write_text(other, encoding="utf-8")
    entries = folder.scan_folder(str(tmp_path))
    with pytest.raises(folder.FolderError, match=r"有 2 份 2021 年的报告：.*平潭县（b.md）.*--agency"):
        folder.find(entries, 2021)
    with pytest.raises(folder.FolderError, match="有 2 份 2021 年的报告"):
        folder.find(entries, 2021, "平潭")  # both contain it
    assert folder.find(entries, 2021, "平潭县").path.endswith("b.md")
    assert folder.find(entries, 2021, "实验区").path.endswith("a.md")
    with pytest.raises(folder.FolderError, match="没有 2021 年机关名称含“福州”的报告"):
        folder.find(entries, 2021, "福州")
