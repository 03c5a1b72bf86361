"""govreport show on a real terminal (tmux), piped, and the in-process layout at every width."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from govreport import messages as M
from govreport.loaders import loads
from govreport.output.text import cell_text, display_width, plain, report_lines

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TAICANG = SAMPLES / "taicang-2021.txt"
CORPUS = ROOT.parent / "shared" / "corpus"
REPORTS = sorted(p for d in (SAMPLES, SAMPLES / "pingtan", SAMPLES / "converter", CORPUS) if d.is_dir()
                 for p in d.iterdir() if p.is_file() and p.suffix != ".json" and p.name != "README.md")


def _load(path: Path):
    return loads(path.read_bytes(), path=str(path))


def _readable(path: Path) -> bool:
    try:
        _load(path)
    except Exception:  # the archived-ambiguous samples are refused on purpose
        return False
    return True


def _widest(text: str) -> int:
    return max(display_width(line) for line in text.split("\n"))


# ---------------------------------------------------------------- a real terminal
def on_tmux(args, columns: int, env=None) -> str:
    """``govreport ARGS`` in a tmux pane ``columns`` wide; the pane's text, wrapped lines joined."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    sock = f"govreport-test-{uuid.uuid4().hex[:8]}"
    tmux = ["tmux", "-L", sock, "-f", os.devnull]
    e = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX", "NO_COLOR")}
    e.update(TERM="xterm-256color", **(env or {}))
    cmd = " ".join(shlex.quote(str(a)) for a in [sys.executable, "-m", "govreport", *args])
    subprocess.run(tmux + ["new-session", "-d", "-x", str(columns), "-y", "300", "-c", str(ROOT),
                           f"{cmd}; echo __END__; sleep 60"], env=e, check=True)
    try:
        deadline = time.time() + 60
        while True:
            text = subprocess.run(tmux + ["capture-pane", "-p", "-J", "-S", "0"], capture_output=True, text=True,
                                  env=e).stdout
            if "__END__" in text or time.time() > deadline:
                break
            time.sleep(0.2)
    finally:
        subprocess.run(tmux + ["kill-server"], env=e, capture_output=True)
    return "\n".join(ln.rstrip() for ln in text.split("\n__END__")[0].split("\n"))


@pytest.mark.parametrize("columns", [80, 120])
def test_show_fits_a_real_terminal(columns):
    text = on_tmux(["show", TAICANG], columns)
    assert _widest(text) <= columns, text
    lines = text.split("\n")
    new = next(ln for ln in lines if ln.startswith("一、本年新收"))
    assert new.split()[1:] == ["305", "17", "6", "0", "4", "1", "333"]  # 自然人 … 总计
    assert any(ln.split()[:2] == ["自然人", "法人或其他组织"] for ln in lines)
    if columns == 120:  # the room is used: full labels where they fit
        assert new.startswith("一、本年新收政府信息公开申请数量")
        assert any("社会公益组织" in ln for ln in lines)
    else:
        assert new.startswith("一、本年新收申请 ")
        assert any(ln.strip().startswith("2.逾期未缴费不再处理") for ln in lines)
    review = next(ln for ln in lines if ln.startswith("行政复议"))
    assert review.split()[1:] == ["0", "3", "0", "1", "4"]  # 表四 as a grid


def test_suspects_on_a_real_terminal_are_styled_not_marked():
    text = on_tmux(["show", SAMPLES / "taicang-2021-error.txt", "-t", "表三"], 80)
    assert _widest(text) <= 80
    granted = next(ln for ln in text.split("\n") if "（一）予以公开" in ln)
    assert granted.split()[1:] == ["136", "2", "1", "0", "0", "1", "167"]
    assert text.split("\n")[-1].strip() == "疑似填错的单元格　不成立的勾稽关系所涉单元格"


# ---------------------------------------------------------------- piped: one stable layout
PIPED_TABLE4 = """\
太仓市2021年政府信息公开工作年度报告（2021年度，2021版模板，text，繁体字）

四、政府信息公开行政复议、行政诉讼情况
                    结果维持  结果纠正  其他结果  尚未审结  总计
行政复议                   0         3         0         1     4
行政诉讼
  未经复议直接起诉         3         0         0         0     3
  复议后起诉               0         0         0         0     0

注：诉讼数据3个均为2020年立案后结转,2021年判决。
"""

PIPED_TABLE3_HEAD = """\
三、收到和处理政府信息公开申请情况
                           自然人              法人或其他组织              总计
                                  商业企业 科研机构 社会公益 法律服务 其他
一、本年新收申请              305       17        6        0        4    1  333
二、上年结转申请                0        0        0        0        0    0    0
三、本年度办理结果
  （一）予以公开              163        2        1        0        0    1  167
  （二）部分公开               34        3        3        0        1    0   41
  （三）不予公开
    1.属于国家秘密              0        0        0        0        0    0    0
    2.法律法规禁止公开          0        0        0        0        0    0    0"""


def _piped(*args, env=None):
    e = dict(os.environ, **(env or {}))
    e.pop("GOVREPORT_LANG", None)
    return subprocess.run([sys.executable, "-m", "govreport", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=e, timeout=60)


def test_piped_output_is_exact_and_ignores_the_environment():
    out = _piped("show", TAICANG, "--table", "review_litigation")
    assert out.returncode == 0 and out.stdout == PIPED_TABLE4
    full = _piped("show", TAICANG).stdout
    assert PIPED_TABLE3_HEAD in full
    assert _widest(full) <= 80
    for columns in ("40", "200"):  # a pipe is laid out for 80 columns, whatever COLUMNS says
        assert _piped("show", TAICANG, env={"COLUMNS": columns}).stdout == full


def test_wide_prints_the_full_labels():
    out = _piped("show", TAICANG, "--wide").stdout
    assert "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" in out
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in out
    assert _widest(out) > 80


def test_table_names_and_folder_options(tmp_path):
    expected = _piped("show", TAICANG, "--table", "requests").stdout
    for name in ("表三", "3", "三"):
        assert _piped("show", TAICANG, "-t", name).stdout == expected
    bad = _piped("show", TAICANG, "-t", "表五")
    assert bad.returncode == 2 and "表三" in bad.stderr
    by_year = _piped("show", "2021", "--dir", SAMPLES / "pingtan", "--agency", "平潭", "-t", "4")
    assert by_year.returncode == 0 and by_year.stdout.startswith("平潭综合实验区2021年")


def test_english_surroundings_keep_the_official_labels():
    out = _piped("--lang", "en", "show", SAMPLES / "taicang-2021-error.txt", "-t", "表三").stdout.split("\n")
    assert out[:2] == ["太仓市2021年政府信息公开工作年度报告  (2021, template 2021, text, traditional",
                       "script)"]  # wrapped at a space to fit 80 columns
    assert any(ln.startswith("  （一）予以公开") for ln in out)
    assert "! the cell most likely wrong" in out[-2] and "* a cell of an identity that does not hold" in out[-2]
    assert M.text("show.no_table", "en", table=M.table_name("requests", "en")) == "(the report has no table 3)"
    assert M.text("show.no_table", "zh", table=M.table_name("requests", "zh")) == "（本报告没有表三）"


def test_findings_are_listed_under_the_tables():
    out = _piped("show", SAMPLES / "taicang-2021-error.txt", "-t", "3", "--findings").stdout
    tables, findings = out.split("! 疑似填错的单元格")
    assert "136!" in tables and "167*" in tables and "299*" in tables
    assert "136" in findings and "163" in findings  # the check's suspect and its fix


# ---------------------------------------------------------------- the renderer, in process
@pytest.mark.parametrize("path", [p for p in REPORTS if _readable(p)], ids=lambda p: p.name)
def test_every_report_fits_every_width_from_60_to_200(path):
    report = _load(path)
    for width in range(60, 201):
        text = plain(report_lines(report, width=width))
        assert _widest(text) <= width, (path.name, width)
    values = {cell_text(cell) for table in report.tables.values() for _, _, cell in table.cells()} - {""}
    shown = plain(report_lines(report, width=80))
    assert all(v in shown for v in values)  # every printed value is shown


def test_decimals_are_shown_as_printed():
    report = _load(SAMPLES / "pingtan" / "pingtan-2020.md")
    assert "73802895.90元" in plain(report_lines(report, ["active_disclosure"]))
    assert "73802895.90元" in _piped("render", SAMPLES / "pingtan" / "pingtan-2020.md", "-f", "text").stdout


def test_marks_keep_the_columns_aligned():
    report = _load(TAICANG)
    refs = {("requests", "granted", "natural_person")}, {("requests", "granted", "total")}
    lines = plain(report_lines(report, ["requests"], *refs)).split("\n")
    granted = next(ln for ln in lines if "（一）予以公开" in ln)
    new = next(ln for ln in lines if ln.startswith("一、本年新收"))
    assert granted.split()[1:] == ["163!", "2", "1", "0", "0", "1", "167*"]
    end = [display_width(ln[:ln.index(v) + 3]) for ln, v in ((granted, "163"), (new, "305"))]
    assert end[0] == end[1]  # every value of a marked column keeps a place for the marker
    assert lines[-1] == "! 疑似填错的单元格　* 不成立的勾稽关系所涉单元格"
    styled = report_lines(report, ["requests"], *refs, marker=False)
    assert ("   163", "suspect") in [seg for segs in styled for seg in segs]
    assert styled[-1] == [("", ""), ("疑似填错的单元格", "suspect"), ("　", ""),
                          ("不成立的勾稽关系所涉单元格", "failing")]


def test_narrow_widths_put_labels_above_their_values():
    text = plain(report_lines(_load(TAICANG), ["requests"], width=60))
    lines = text.split("\n")
    i = lines.index("一、本年新收政府信息公开申请数量")  # the full label fits on its own line
    assert lines[i + 1].split() == ["305", "17", "6", "0", "4", "1", "333"]
    assert _widest(text) <= 60


def test_show_messages_exist_in_both_languages():
    for mid in ("show.no_table", "show.no_tables", "show.legend.suspect", "show.legend.failing", "show.title"):
        assert M.text(mid, "zh", table="表三", title="t", meta="m") != M.text(mid, "en", table="表三", title="t",
                                                                            meta="m")
