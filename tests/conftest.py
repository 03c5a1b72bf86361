"""Shared fixtures: the printed layout of a 2021-template report and its values."""

from __future__ import annotations

import pytest

# Table 3 data rows as printed: (row key, label, level, group label or None).
# Level 1 spans all three label columns, level 2 spans two, level 3 is a leaf
# under a group label that spans its rows.
T3_ROWS = [
    ("new_received", "一、本年新收政府信息公开申请数量", 1, None),
    ("carried_over", "二、上年结转政府信息公开申请数量", 1, None),
    ("granted", "（一）予以公开", 2, None),
    ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 2, None),
    ("denied.state_secret", "1.属于国家秘密", 3, "（三）不予公开"),
    ("denied.prohibited_by_law", "2.其他法律行政法规禁止公开", 3, "（三）不予公开"),
    ("denied.security_stability", "3.危及“三安全一稳定”", 3, "（三）不予公开"),
    ("denied.third_party_rights", "4.保护第三方合法权益", 3, "（三）不予公开"),
    ("denied.internal_affairs", "5.属于三类内部事务信息", 3, "（三）不予公开"),
    ("denied.process_info", "6.属于四类过程性信息", 3, "（三）不予公开"),
    ("denied.enforcement_file", "7.属于行政执法案卷", 3, "（三）不予公开"),
    ("denied.admin_query", "8.属于行政查询事项", 3, "（三）不予公开"),
    ("unavailable.not_held", "1.本机关不掌握相关政府信息", 3, "（四）无法提供"),
    ("unavailable.needs_creation", "2.没有现成信息需要另行制作", 3, "（四）无法提供"),
    ("unavailable.unclear", "3.补正后申请内容仍不明确", 3, "（四）无法提供"),
    ("not_processed.petition", "1.信访举报投诉类申请", 3, "（五）不予处理"),
    ("not_processed.repeated", "2.重复申请", 3, "（五）不予处理"),
    ("not_processed.publication", "3.要求提供公开出版物", 3, "（五）不予处理"),
    ("not_processed.excessive", "4.无正当理由大量反复申请", 3, "（五）不予处理"),
    ("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息", 3, "（五）不予处理"),
    ("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 3, "（六）其他处理"),
    ("other.fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 3, "（六）其他处理"),
    ("other.other", "3.其他", 3, "（六）其他处理"),
    ("total", "（七）总计", 2, None),
    ("carried_forward", "四、结转下年度继续办理", 1, None),
]
RESULTS_LABEL = "三、本年度办理结果"
RESULT_ROWS = 22  # rows spanned by 三、本年度办理结果: (一) … (七)
T3_COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")
T3_HEADER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

T4_BLOCKS = ("review", "litigation_direct", "litigation_after_review")
T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")


def _t3_values() -> dict:
    """Values per row: multi-digit 自然人 counts, a blank 科研机构 column, blanks in 其他."""
    out = {}
    for i, (key, *_rest) in enumerate(T3_ROWS):
        row = [305 if key == "new_received" else 10 + i, i % 3, None, 0, 1 if i % 5 == 0 else 0,
               None if i % 2 else 2]
        row.append(sum(v for v in row if v is not None))
        out[key] = dict(zip(T3_COLUMNS, row))
    return out


@pytest.fixture
def t3_layout() -> dict:
    return {"rows": T3_ROWS, "results_label": RESULTS_LABEL, "result_rows": RESULT_ROWS,
            "columns": T3_COLUMNS, "header_note": T3_HEADER_NOTE}


@pytest.fixture
def t3_values() -> dict:
    return _t3_values()


@pytest.fixture
def t4_values() -> dict:
    return {"review": dict(zip(T4_COLUMNS, (1, 3, 0, 1, 5))),
            "litigation_direct": dict(zip(T4_COLUMNS, (3, 0, 0, 0, 3))),
            "litigation_after_review": dict(zip(T4_COLUMNS, (None,) * 5))}


@pytest.fixture
def t2_values() -> dict:
    return {"regulations": {"issued": 1, "repealed": 0, "in_force": 12},
            "normative_documents": {"issued": 8, "repealed": 2, "in_force": 56},
            "licensing": {"decisions": 43362},
            "penalty": {"decisions": 29685},
            "coercion": {"decisions": 3949},
            "fees": {"amount": 96171.6}}


# ---- CLI and sample fixtures
import json
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture
def run():
    """Run the CLI in-process: run(args, input=None) -> click Result (stdout, stderr, exit_code)."""
    from govreport.cli import get_app

    app = get_app()
    runner = CliRunner()

    def invoke(args, input=None, env=None):
        return runner.invoke(app, [str(a) for a in args], input=input, env=env)

    return invoke


@pytest.fixture(scope="session")
def taicang():
    from govreport.loaders import load

    return load(str(SAMPLES / "taicang-2021.txt"))


def corpus_expected(name):
    path = CORPUS / f"{name}.expected.json"
    if not path.exists():
        pytest.skip("../shared/corpus is absent")
    return json.loads(path.read_text(encoding="utf-8"))


# The Taicang 2021 figures as published (report-format.md §5.3), typed out independently of the parser;
# table-3 values in the column order natural_person … other_org, total.
TAICANG_T3 = {
    "new_received": [305, 17, 6, 0, 4, 1, 333],
    "carried_over": [0, 0, 0, 0, 0, 0, 0],
    "granted": [163, 2, 1, 0, 0, 1, 167],
    "partially_granted": [34, 3, 3, 0, 1, 0, 41],
    "denied.state_secret": [0, 0, 0, 0, 0, 0, 0],
    "denied.prohibited_by_law": [0, 0, 0, 0, 0, 0, 0],
    "denied.security_stability": [0, 0, 0, 0, 0, 0, 0],
    "denied.third_party_rights": [2, 0, 0, 0, 0, 0, 2],
    "denied.internal_affairs": [3, 0, 0, 0, 0, 0, 3],
    "denied.process_info": [0, 0, 0, 0, 0, 0, 0],
    "denied.enforcement_file": [2, 0, 0, 0, 0, 0, 2],
    "denied.admin_query": [3, 0, 0, 0, 0, 0, 3],
    "unavailable.not_held": [76, 12, 2, 0, 2, 0, 92],
    "unavailable.needs_creation": [1, 0, 0, 0, 0, 0, 1],
    "unavailable.unclear": [1, 0, 0, 0, 0, 0, 1],
    "not_processed.petition": [5, 0, 0, 0, 0, 0, 5],
    "not_processed.repeated": [4, 0, 0, 0, 0, 0, 4],
    "not_processed.publication": [0, 0, 0, 0, 0, 0, 0],
    "not_processed.excessive": [0, 0, 0, 0, 0, 0, 0],
    "not_processed.confirmation": [0, 0, 0, 0, 0, 0, 0],
    "other.no_correction": [0, 0, 0, 0, 0, 0, 0],
    "other.fee_unpaid": [0, 0, 0, 0, 0, 0, 0],
    "other.other": [5, 0, 0, 0, 1, 0, 6],
    "total": [299, 17, 6, 0, 4, 1, 327],
    "carried_forward": [6, 0, 0, 0, 0, 0, 6],
}
TAICANG_T2 = {
    "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
    "normative_documents": {"issued": 8, "repealed": 2, "in_force": 56},
    "licensing": {"decisions": 43362},
    "penalty": {"decisions": 29685},
    "coercion": {"decisions": 3949},
    "fees": {"amount": 27663},
}
TAICANG_T4 = {
    "review": {"upheld": 0, "corrected": 3, "other": 0, "pending": 1, "total": 4},
    "litigation_direct": {"upheld": 3, "corrected": 0, "other": 0, "pending": 0, "total": 3},
    "litigation_after_review": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0},
}


def cli(*args, env=None):
    """The CLI in-process, for module-level helpers: cli("check", folder, "-j", "1")."""
    from govreport.cli import get_app

    return CliRunner().invoke(get_app(), [str(a) for a in args], env=env)


def generated_folder(tmp_path_factory, name: str, count: int, seed: int, error_rate: float = 0.5,
                     broken: bool = True) -> str:
    """A folder of ``count`` generated reports (some with an error, some Traditional), and with
    ``broken`` one unreadable file."""
    from govreport import generate as G

    folder = tmp_path_factory.mktemp(name)
    G.write_corpus(str(folder), count, seed=seed, error_rate=error_rate, traditional_rate=0.2)
    if broken:
        (folder / "broken.txt").write_bytes("政府信息公开工作年度报告\n".encode() + b"\x00\x01" * 50)
    return str(folder)
