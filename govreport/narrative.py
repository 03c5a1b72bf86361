"""The narrative against the tables (report-format.md §5.2 X-TEXT).

Only figures stated as a plain total are compared: 本年新收 (收到/受理 …申请 N件),
上年结转, 结转下年度, 行政复议 and 行政诉讼 totals, and "均获维持" (every case
upheld).  Matching is cautious on purpose: a figure with a qualifier (约, 余,
多, 近), a channel or a breakdown (网上申请39件, 信函申请21件, 其中…), or a
sentence that is not about 政府信息公开 is left alone.  When a report states a
quantity several times and one statement agrees with the table, the others are
taken to be about another scope (市政府本级 vs 全市) and not reported.

The phrase patterns live here (they are narrative wording, not template labels);
table, row and column keys and labels come from the templates.
"""

from __future__ import annotations

import re
from typing import Optional

from . import messages as M
from .model import Report, format_number
from .records import record

RULE = "narrative.table_mismatch"

# A figure: digits and a count word, not part of a decimal nor after an approximation (约 近 余 多 逾 超).
# The character before it is tested by one lookbehind per word, the same test as one class
# ``(?<![\d.约近余多逾超])``, which re compiles as a "big charset" (CJK characters: ~0.15 ms, in each
# of the patterns below, at the first report of a run).
_N = r"(?<![\d.])" + "".join(f"(?<!{c})" for c in "约近余多逾超") + r"(\d+)\s*(?:件|起|宗)(?![\d%])"
_FILL = r"(?:本年度?|全年|共计?|总计|合计|累计|各类|政府|信息公开|信息|依申请|公开|类|的|了|申请|数量|为|达)*"
_VERBS = ("收到", "受理", "新收", "接收", "接到")
_VERB = "(?:" + "|".join(_VERBS) + ")"

# quantity -> (patterns, the cells whose sum it is, the context the sentence must have)
_REQUEST_CONTEXT = r"信息公开|依申请"
QUANTITIES = {
    "new_received": (
        (rf"{_VERB}{_FILL}申请{_FILL}{_N}", rf"{_VERB}{_FILL}依申请{_FILL}{_N}",
         rf"{_VERB}{_FILL}信息公开{_FILL}{_N}", rf"{_VERB}{_FILL}{_N}(?:政府信息公开|信息公开)?申请"),
        (("requests", "new_received", "total"),), _REQUEST_CONTEXT),
    "carried_over": (
        (rf"(?:上一?年度?|去年)结转(?:的|而来的)?{_FILL}{_N}", rf"结转上一?年度?{_FILL}{_N}"),
        (("requests", "carried_over", "total"),), _REQUEST_CONTEXT),
    "carried_forward": (
        (rf"{_N}(?:申请)?[^,，。;；]{{0,10}}?(?:结转|顺延|转入)(?:到|至)?下一?年度?",
         rf"结转(?:到|至)?下一?年度?(?:继续办理)?(?:的)?{_FILL}{_N}"),
        (("requests", "carried_forward", "total"),), _REQUEST_CONTEXT),
    "review": (
        (rf"(?<!未经)行政复议(?:案件|申请)?{_FILL}{_N}",),
        (("review_litigation", "review", "total"),), r"信息公开"),
    "litigation": (
        (rf"(?<![复议][、和及与])(?:行政)?诉讼(?:案件)?{_FILL}{_N}",),
        (("review_litigation", "litigation_direct", "total"),
         ("review_litigation", "litigation_after_review", "total")), r"信息公开"),
}
_ALL_UPHELD = re.compile(r"均(?:获|被|予以)?维持|全部(?:获得?|被)?维持")
_UPHELD_CELLS = {"review": (("review_litigation", "review", "upheld"),),
                 "litigation": (("review_litigation", "litigation_direct", "upheld"),
                                ("review_litigation", "litigation_after_review", "upheld"))}
_SECTION_CONTEXT = {"requests": "三", "review_litigation": "四"}
# A quantity's patterns can only match a sentence holding one of these words (each pattern spells
# one out): the patterns are compiled the first time such a sentence comes (~5 ms at every start
# otherwise, issue 12), and skipped for the others.
_KEYWORDS = {"new_received": _VERBS, "carried_over": ("结转",),
             "carried_forward": ("结转", "顺延", "转入"), "review": ("行政复议",), "litigation": ("诉讼",)}
_COMPILED: dict = {}


def _compiled(quantity: str) -> tuple:
    found = _COMPILED.get(quantity)
    if found is None:
        pats, cells, ctx = QUANTITIES[quantity]
        found = _COMPILED[quantity] = ([re.compile(p) for p in pats], cells, re.compile(ctx))
    return found
_SENTENCE_END = "。;；!！?？"
_HEADING = re.compile(r"^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、](?!\d)|[一二三四五六七八九十]{1,3}、)")


@record
class Statement:
    quantity: str
    value: int
    sentence: str
    section: str
    cells: tuple
    upheld: bool  # "均获维持": the figure is compared with the 结果维持 cells

    def __init__(self, quantity: str, value: int, sentence: str, section: str, cells: tuple, upheld: bool = False):
        self.quantity = quantity
        self.value = value
        self.sentence = sentence
        self.section = section
        self.cells = cells
        self.upheld = upheld


def sentences(text: str) -> list:
    """Sentences of a section: lines wrapped inside a sentence (PDF) are joined,
    a sub-heading such as (二)依申请公开 starts a new one."""
    paragraphs, buf = [], ""
    for line in text.split("\n"):
        line = line.strip()
        if _HEADING.match(line) and buf:
            paragraphs.append(buf)
            buf = ""
        buf += line
        if buf and (buf[-1] in _SENTENCE_END or _HEADING.match(line)):
            paragraphs.append(buf)
            buf = ""
    if buf:
        paragraphs.append(buf)
    out = []
    for para in paragraphs:
        out += [s for s in re.split(r"(?<=[。;；!！?？])", para) if s.strip()]
    return out


def _paragraphs(text: str) -> list:
    """(paragraph, heading of the sub-part it is in) — a heading like (二)依申请公开 gives context."""
    out, heading = [], ""
    for s in sentences(text):
        if _HEADING.match(s):
            heading = s[:20]
        out.append((s, heading))
    return out


def statements(report: Report) -> list:
    """Every figure the narrative states for a compared quantity."""
    out = []
    for section in report.sections:
        for sentence, heading in _paragraphs(section.text or ""):
            if "件" not in sentence and "起" not in sentence and "宗" not in sentence:
                continue  # every pattern reads a count in 件, 起 or 宗 (_N): most sentences state none
            for quantity in QUANTITIES:
                if not any(word in sentence for word in _KEYWORDS[quantity]):
                    continue
                patterns, cells, context = _compiled(quantity)
                in_section = section.number == _SECTION_CONTEXT.get(cells[0][0])
                if not (in_section or context.search(sentence) or context.search(heading)):
                    continue
                seen = set()
                for pattern in patterns:
                    for m in pattern.finditer(sentence):
                        if m.start(1) in seen or _qualified(sentence, m):
                            continue
                        seen.add(m.start(1))
                        out.append(Statement(quantity, int(m.group(1)), sentence, section.number, cells))
                        if quantity in _UPHELD_CELLS and _ALL_UPHELD.search(sentence[m.end():]):
                            out.append(Statement(quantity, int(m.group(1)), sentence, section.number,
                                                 _UPHELD_CELLS[quantity], upheld=True))
    return out


def _qualified(sentence: str, m: re.Match) -> bool:
    """A breakdown (其中…, 网上…) or an approximation right before the figure."""
    before = sentence[max(0, m.start() - 6):m.start(1)]
    return bool(re.search(r"其中|约|近|大约|超过|逾|网上|信函|当面|现场|邮寄|传真|电子邮件", before + m.group(0)[:-1]))


def _table_value(report: Report, cells: tuple) -> Optional[int]:
    values = []
    for table, row, col in cells:
        t = report.tables.get(table)
        if t is None or row not in t.rows:
            return None
        values.append(t.value(row, col))
    if all(v is None for v in values):
        return None
    return sum(v or 0 for v in values)


def findings(report: Report) -> list:
    """``narrative.table_mismatch`` warnings, each quoting the sentence."""
    from .check import Finding

    by_key: dict = {}
    for s in statements(report):
        by_key.setdefault((s.quantity, s.upheld), []).append(s)
    out = []
    for (quantity, upheld), group in by_key.items():
        table_value = _table_value(report, group[0].cells)
        if table_value is None or any(s.value == table_value for s in group):
            continue
        reported = set()
        for s in group:
            if s.sentence in reported:
                continue
            reported.add(s.sentence)
            table, row, col = group[0].cells[0]
            what = " + ".join(M.cell_name(report.template, t, r, c) for t, r, c in s.cells)
            claim = M.text("narrative.claim.upheld", value=s.value) if upheld else f"{s.value}"
            out.append(Finding(RULE, "warning", table, row if len(s.cells) == 1 else None, col,
                               table_value, s.value,
                               M.text(RULE, section=s.section, claim=claim, cells=what,
                                      table_value=format_number(table_value), sentence=s.sentence.strip()),
                               cells=[c for c in s.cells]))
    return out
