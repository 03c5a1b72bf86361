"""A row placed by the template's order where no identity can check it (表二 has none) is a warning
to review the original, never a silent or "recovered" reading (the first law)."""

from __future__ import annotations

import random

from govreport import generate, ocr
from govreport.check import check
from govreport.parse import Line, RawDocument, parse_document


def _ocr_lines(text: str) -> list:
    return [Line(row.split(), {"page": 1, "line": i, "ocr": {}}, False, [{"ocr": {"score": 0.99}} for _ in row.split()])
            for i, row in enumerate(text.splitlines(), 1)]


def _placed(label_start: str, read_as: str, seed: int):
    truth = generate.random_report(random.Random(seed), "2021")
    lines = _ocr_lines(generate.to_lines(truth, one_cell=False))
    line = next(line for line in lines if line.cells and line.cells[0].startswith(label_start))
    line.cells[0] = read_as  # a label the engine damaged beyond recognition
    report = parse_document(RawDocument(lines, "image", "scan.png"))
    ocr.verify(report)
    return truth, report, check(report)


def test_a_table2_row_placed_by_the_order_is_a_warning_to_review():
    truth, report, result = _placed("行政处罚", "行攻虑罚", 11)
    row = report.tables["active_disclosure"].rows["penalty"]
    assert {c: cell.value for c, cell in row.items()} == \
        {c: cell.value for c, cell in truth.tables["active_disclosure"].rows["penalty"].items()}
    assert all(cell.prov["recovered"] == "label placed by the template order" and cell.prov["unverified"]
               for cell in row.values())
    found = [(f.rule, f.severity) for f in result.findings if f.row == "penalty"]
    assert found == [("parse.unverified", "warning")]
    message = next(f.message for f in result.findings if f.row == "penalty")
    assert "模板行序" in message and "请核对原件" in message


def test_a_table3_row_placed_by_the_order_and_checked_by_the_identities_is_a_recovery():
    truth, report, result = _placed("2.申请人逾期未按收费", "2.申請人逾期未按收費通知要求納費用", 5)
    found = [(f.rule, f.severity) for f in result.findings if f.row == "other.fee_unpaid"]
    assert found == [("parse.recovered", "info")]
    assert not any("unverified" in cell.prov for cell in report.tables["requests"].rows["other.fee_unpaid"].values())
