"""Text laid out in character columns (``pdftotext -layout``, a terminal rendering):
table rows with a blank cell are placed by the positions of their numbers.

pdftotext counts a CJK character as one column, a terminal as two; both ways are
tried, and a row is placed only when the positions say unambiguously which cell
is blank.  Otherwise the line is left as it is and the parser refuses its count.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from wcwidth import wcswidth

from govreport.errors import ParseError
from govreport.generate import random_report
from govreport.loaders import loads
from govreport.loaders.text import lines_of

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
HUAIAN = CORPUS / "huaian_shi_2024.pdf"


# ---------------------------------------------------------------- pdftotext -layout of the real PDF
@pytest.fixture(scope="module")
def huaian_text() -> list:
    if not HUAIAN.exists() or not shutil.which("pdftotext"):
        pytest.skip("needs ../shared/corpus and pdftotext")
    out = subprocess.run(["pdftotext", "-layout", str(HUAIAN), "-"], capture_output=True, check=True).stdout
    return out.decode("utf-8").splitlines(keepends=True)


def _blank(lines: list, needle: str, index: int) -> None:
    """Blank the ``index``-th whitespace-separated token of the first line containing ``needle``."""
    n = next(i for i, line in enumerate(lines) if needle in line)
    m = list(re.finditer(r"\S+", lines[n]))[index]
    lines[n] = lines[n][:m.start()] + " " * len(m.group()) + lines[n][m.end():]


def test_pdftotext_rows_with_blank_cells_load_in_their_columns(huaian_text):
    lines = list(huaian_text)
    _blank(lines, "（一）予以公开", 2)  # 商业企业 (page 4, under the header)
    _blank(lines, "2.没有现成信息需要另行制作", 2)  # 自然人 (page 5: columns from that page's full rows)
    _blank(lines, "四、结转下年度继续办理", 3)  # 科研机构
    _blank(lines, "72   64", 0)  # table 4: 行政复议 结果维持
    report = loads("".join(lines).encode("utf-8"), path="huaian.txt")
    expected = json.loads((CORPUS / "huaian_shi_2024.expected.json").read_text(encoding="utf-8"))["tables"]
    expected["requests"]["granted"]["commercial"] = None
    expected["requests"]["unavailable.needs_creation"]["natural_person"] = None
    expected["requests"]["carried_forward"]["research"] = None
    expected["review_litigation"]["review"]["upheld"] = None
    assert report.to_dict()["tables"] == expected


def test_pdftotext_vertical_label_becomes_one_line(huaian_text):
    lines = lines_of("".join(huaian_text))
    texts = [line.cells for line in lines]
    assert texts.count(["三、本年度办理结果"]) == 1
    end = next(k for k, cells in enumerate(texts) if cells and cells[0] == "四、结转下年度继续办理")
    assert not any(cells and cells[0] in list("本年度办理结果") for cells in texts[:end])
    at = texts.index(["三、本年度办理结果"])
    assert texts[at + 1][0] == "2.其他法律行政法规禁止公开"


def test_a_row_whose_numbers_stand_between_columns_is_left_alone(huaian_text):
    """21 (商业企业) removed and 1288 moved halfway towards 商业企业: no column can be
    told for 1288, the line stays as it is, and its six numbers are refused."""
    lines = list(huaian_text)
    n = next(i for i, line in enumerate(lines) if "（一）予以公开" in line)
    line = lines[n]
    start = line.index("1288")
    line = line[:start] + "    " + line[start + 4:]
    line = re.sub(r"(?<= )21(?= )", "  ", line, count=1)
    line = line[:start + 6] + "1288" + line[start + 10:]
    lines[n] = line
    with pytest.raises(ParseError, match="予以公开"):
        loads("".join(lines).encode("utf-8"), path="huaian.txt")


# ---------------------------------------------------------------- a terminal layout (display width)
T3_HEADS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
T4_HEADS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def _pad(text: str, width: int, align: str = "left") -> str:
    gap = max(0, width - wcswidth(text))
    if align == "right":
        return " " * gap + text
    if align == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


def _terminal_report(report, blanks=()) -> str:
    """Tables 3 and 4 as a terminal prints them: CJK characters two columns wide."""
    from govreport.render import cell_text

    label_width, width = 64, 14
    out = [report.title, "三、收到和处理政府信息公开申请情况",
           " " * label_width + _pad("申请人情况", width * 7, "center"),
           " " * label_width + "".join(_pad(h, width, "center") for h in T3_HEADS)]
    spec = report.spec("requests")
    groups = {g.key: g.label for g in spec.groups}
    shown = set()
    for row in spec.rows:
        if row.group and row.group not in shown and row.group != "results":
            shown.add(row.group)
            out.append(groups[row.group])
        cells = [cell_text(report.tables["requests"].cell(row.key, c.key)) for c in spec.columns]
        out.append(_pad(row.label, label_width) + "".join(_pad(v, width, "right") for v in cells))
    out += ["四、政府信息公开行政复议、行政诉讼情况", _pad("行政复议", 5 * 12, "center") + _pad("行政诉讼", 10 * 12, "center"),
            " " * 60 + _pad("未经复议直接起诉", 60, "center") + _pad("复议后起诉", 60, "center"),
            "".join(_pad(h, 12, "center") for _ in range(3) for h in T4_HEADS)]
    t4 = report.tables["review_litigation"]
    out.append("".join(_pad(cell_text(t4.cell(r, c)), 12, "center") for r in t4.rows for c in t4.rows[r]))
    return "\n".join(out) + "\n"


def _blanked(seed: int, cells) -> tuple:
    from govreport.model import Cell

    report = random_report(random.Random(seed), "2021")
    for table, row, column in cells:
        report.tables[table].rows[row][column] = Cell(None, "")
    return report


@pytest.mark.parametrize("seed", [2, 9])
def test_terminal_layout_with_blank_cells_loads_exactly(seed):
    report = _blanked(seed, [("requests", "granted", "research"), ("requests", "total", "natural_person"),
                             ("requests", "other.other", "total"), ("review_litigation", "litigation_direct", "other")])
    text = _terminal_report(report)
    loaded = loads(text.encode("utf-8"), path="t.txt")
    assert loaded.to_dict()["tables"]["requests"] == report.to_dict()["tables"]["requests"]
    assert loaded.to_dict()["tables"]["review_litigation"] == report.to_dict()["tables"]["review_litigation"]


def test_terminal_layout_rows_become_structured_lines():
    report = _blanked(4, [("requests", "granted", "research")])
    lines = lines_of(_terminal_report(report))
    row = next(line for line in lines if line.cells[0] == "(一)予以公开")
    assert row.structured and row.cells[3] == "" and len(row.cells) == 8


def test_single_spaced_rows_are_not_layout_text():
    text = "三、收到和处理政府信息公开申请情况\n申请人情况\n自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n" \
           "(一)予以公开 1 2 3 4 5 6 21\n(二)部分公开 1 2 4 5 6 18\n"
    lines = lines_of(text)
    assert not any(line.structured for line in lines)
    assert lines[-1].cells == ["(二)部分公开", "1", "2", "4", "5", "6", "18"]
