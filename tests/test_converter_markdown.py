"""Markdown from OCR/PDF converters (report-format.md §7.2): table 3 split into many small
tables with generic headers (数据1…数据6), placeholder applicant tables, a stray header row
inside the table, labels without their numbering, (六) 其他 for (六)其他处理, and table 4 as
three small tables.  The figures are Taicang 2021's."""

from conftest import TAICANG_T2, TAICANG_T3, TAICANG_T4
from govreport.check import check
from govreport.loaders import loads

COLUMNS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]
GENERIC = "| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |\n|---|---|---|---|---|---|---|---|"


def row(label, key):
    return f"| {label} | " + " | ".join(str(v) for v in TAICANG_T3[key]) + " |"


def block(heading, rows):
    return "\n".join([f"### {heading}", GENERIC] + [row(label, key) for label, key in rows]) + "\n"


CONVERTED = "\n".join([
    "# 太仓市 2021 年 政府信息公开工作年度报告",
    "",
    "本报告所列数据统计期限从2021年1月1日至2021年12月31日止。",
    "",
    "## 一、总体情况",
    "",
    "全年共受理政府信息公开申请 333 件,共办理 327 件,结转下一年 6 件。",
    "",
    "## 二、主动公开政府信息情况",
    "",
    "### 第二十条第（一）项",
    "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
    "|---|---|---|---|",
    "| 规章 | 0 | 0 | 0 |",
    "| 行政规范性文件 | 8 | 2 | 56 |",
    "",
    "### 第二十条第（五）项",
    "| 信息内容 | 本年处理决定数量 |",
    "|---|---|",
    "| 行政许可 | 43362 |",
    "",
    "### 第二十条第（六）项",
    "| 信息内容 | 本年处理决定数量 |",
    "|---|---|",
    "| 行政处罚 | 29685 |",
    "| 行政强制 | 3949 |",
    "",
    "### 第二十条第（八）项",
    "| 信息内容 | 本年收费金额（单位：万元） |",
    "|---|---|",
    "| 行政事业性收费 | 27663 |",
    "",
    "## 三、收到和处理政府信息公开申请情况",
    "",
    "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
    "",
    "### 申请人情况 (自然人)",
    "| (数据项目) | 数量 |",
    "|---|---|",
    "| - | - |",
    "",
    "### 申请人情况 (法人或其他组织)",
    "| 商业企业 | 科研机构 | 社会公益 | 法律服务机构 | 其他 |",
    "|---|---|---|---|---|",
    "| - | - | - | - | - |",
    "",
    block("一、本年新收政府信息公开申请数量", [("本年新收政府信息公开申请数量", "new_received")]),
    block("二、上年结转政府信息公开申请数量", [("上年结转政府信息公开申请数量", "carried_over")]),
    "### 三、本年度办理结果",
    "",
    block("(一) 予以公开", [("予以公开", "granted")]),
    block("(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)",
          [("部分公开 (区分处理的, 只计这一情形, 不计其他情形)", "partially_granted")]),
    block("(三) 不予公开", [("1. 属于国家秘密", "denied.state_secret"),
                         ("2. 其他法律行政法规禁止公开", "denied.prohibited_by_law"),
                         ("3. 危及\"三安全一稳定\"", "denied.security_stability"),
                         ("4. 保护第三方合法权益", "denied.third_party_rights"),
                         ("5. 属于三类内部事务信息", "denied.internal_affairs"),
                         ("6. 属于四类过程性信息", "denied.process_info"),
                         ("7. 属于行政执法案卷", "denied.enforcement_file"),
                         ("8. 属于行政查询事项", "denied.admin_query")]),
    block("(四) 无法提供", [("1. 本机关不掌握相关政府信息", "unavailable.not_held"),
                         ("2. 没有现成信息需要另行制作", "unavailable.needs_creation"),
                         ("3. 补正后申请内容仍不明确", "unavailable.unclear")]),
    block("(五) 不予处理", [("1. 信访举报投诉类申请", "not_processed.petition"),
                         ("2. 重复申请", "not_processed.repeated"),
                         ("3. 要求提供公开出版物", "not_processed.publication"),
                         ("4. 无正当理由大量反复申请", "not_processed.excessive"),
                         ("5. 要求行政机关确认或重新出具已获取信息", "not_processed.confirmation")]),
    block("(六) 其他", [("1. 申请人无正当理由逾期不补正, 行政机关不再处理其政府信息公开申请", "other.no_correction")]),
    "| 项目 | 本年新收件数 | 上年结转件数 | 予以公开 | 部分公开 | 不予公开 | 结转下年度 | 总计 |",
    "|---|---|---|---|---|---|---|---|",
    row("2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other.fee_unpaid"),
    row("3. 其他", "other.other"),
    row("（七）总计", "total"),
    row("四、结转下年度继续办理", "carried_forward"),
    "",
    "## 四、政府信息公开行政复议、行政诉讼情况",
    "",
] + [
    line for heading, block_key in (("行政复议", "review"), ("行政诉讼（未经复议直接起诉）", "litigation_direct"),
                                    ("行政诉讼（复议后起诉）", "litigation_after_review"))
    for line in (f"### {heading}", "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
                 "|----------|----------|----------|----------|------|",
                 "| " + " | ".join(str(v) for v in TAICANG_T4[block_key].values()) + " |", "")
] + [
    "## 五、政府信息公开工作存在的主要问题及改进情况",
    "",
    "一是政策解读形式需进一步丰富。",
])


def test_converter_markdown_loads_exactly():
    report = loads(CONVERTED.encode("utf-8"), path="converted.md")
    t = report.to_dict()["tables"]
    assert t["requests"] == {k: dict(zip(COLUMNS, v)) for k, v in TAICANG_T3.items()}
    assert t["active_disclosure"] == TAICANG_T2
    assert t["review_litigation"] == TAICANG_T4
    assert (report.title, report.agency, report.year, report.template) == (
        "太仓市2021年政府信息公开工作年度报告", "太仓市", 2021, "2021")
    assert check(report).valid


def test_converter_markdown_with_a_truncated_row_is_refused():
    broken = CONVERTED.replace(row("3. 其他", "other.other"), "| 3. 其他 | 5 | 0 | 0 | 0 | 1 | 0 |")
    try:
        loads(broken.encode("utf-8"), path="converted.md")
    except Exception as exc:  # noqa: BLE001 - the message is what matters
        assert "3.其他" in str(exc) and "找到 6 个数字" in str(exc)
    else:
        raise AssertionError("a row with 6 of 7 numbers was accepted")
