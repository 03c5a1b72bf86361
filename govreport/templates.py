"""The official report templates, declared once as data.

Every other module (parsers, checker, renderers, diff) reads these declarations;
none of them hard-codes a label.  Sources: report-format.md §2 (2021 template,
国办公开办函〔2021〕30号), §3 (2019 trial template, 国办公开办函〔2019〕60号),
§5 (identities) and §7 (label variants).

Labels are Simplified.  Traditional input is converted to Simplified before
matching, and matching compares *label keys* (see ``normalize.label_key``):
whitespace, quotes and punctuation removed, so ``1、`` and ``1.`` agree.
"""

from __future__ import annotations

from typing import Optional


def _frozen(cls):
    """``@dataclass(frozen=True)`` for the declarations below, without its cost at every start
    (dataclasses compiles six methods per class: ~0.6 ms each, 4.5 ms for this module).  Same
    behaviour: ``__init__`` taking the annotated fields in order (defaults from the class body),
    then :func:`govreport.records.frozen_record`: the same ``repr``, ``==`` and ``hash`` over the
    fields, ``FrozenInstanceError`` on assignment or deletion, ``__match_args__``."""
    from .records import frozen_record

    names = tuple(cls.__dict__.get("__annotations__", ()))
    fields = frozenset(names)
    defaults = {n: cls.__dict__[n] for n in names if n in cls.__dict__}
    required = [n for n in names if n not in defaults]
    qual = cls.__qualname__
    setter = object.__setattr__

    def __init__(self, *args, **kwargs):
        if len(args) > len(names):
            raise TypeError(f"{qual}.__init__() takes from {len(required) + 1} to {len(names) + 1} positional "
                            f"arguments but {len(args) + 1} were given")
        values = dict(zip(names, args))
        for k, v in kwargs.items():
            if k not in fields:
                raise TypeError(f"{qual}.__init__() got an unexpected keyword argument '{k}'")
            if k in values:
                raise TypeError(f"{qual}.__init__() got multiple values for argument '{k}'")
            values[k] = v
        missing = [n for n in required if n not in values]
        if missing:
            quoted = [f"'{n}'" for n in missing]
            listed = quoted[0] if len(quoted) == 1 else (
                " and ".join(quoted) if len(quoted) == 2 else ", ".join(quoted[:-1]) + ", and " + quoted[-1])
            raise TypeError(f"{qual}.__init__() missing {len(missing)} required positional "
                            f"argument{'s' if len(missing) > 1 else ''}: {listed}")
        for n in names:
            setter(self, n, values[n] if n in values else defaults[n])

    __init__.__qualname__ = f"{qual}.__init__"
    cls.__init__ = __init__
    if cls.__doc__ is None:
        anns = cls.__dict__.get("__annotations__", {})
        cls.__doc__ = qual + "(" + ", ".join(
            f"{n}: {anns[n]!r}" + (f" = {defaults[n]!r}" if n in defaults else "") for n in names) + ")"
    return frozen_record(cls)


@_frozen
class Column:
    key: str
    label: str
    group: Optional[str] = None  # a spanning header over several columns
    kind: str = "count"  # count (non-negative integer) | amount (non-negative decimal) | signed
    unit_field: Optional[str] = None  # where a printed unit is kept (2019 procurement amount)
    unit: Optional[str] = None  # the unit the header fixes (万元): a cell printed in another unit is refused
    short: str = ""  # a shorter label for narrow displays (govreport show); never matched

    @property
    def full_label(self) -> str:
        return f"{self.group}·{self.label}" if self.group else self.label


@_frozen
class Row:
    key: str
    label: str
    columns: tuple  # column keys, in printed order
    level: int = 1  # 1 = spans all label columns; 2, 3 = nested
    group: Optional[str] = None  # key of the Group it belongs to
    aliases: tuple = ()
    leaf: bool = False  # a result leaf of 三、本年度办理结果 (summed into (七)总计)
    bare_ok: bool = True  # may match without its enumerator (1. / (一) / 一、)
    short: str = ""  # a shorter label for narrow displays (govreport show); never matched


@_frozen
class Group:
    key: str
    label: str
    level: int = 1
    parent: Optional[str] = None
    aliases: tuple = ()
    short: str = ""  # a shorter label for narrow displays (govreport show); never matched


@_frozen
class Identity:
    """``target = Σ plus − Σ minus``, instantiated per row, per column or once.

    Cell references are ``(row, column)``; the placeholders ``ROW`` and ``COL``
    stand for the row or column the instance is for, and the row ``LEAVES``
    expands to every leaf row present in the table.  Its words live in the message
    catalogue: its name under ``identity.<rule>``, its failure under ``<rule>``.
    """

    rule: str
    table: str
    per: str  # "row" | "column"
    target: tuple
    plus: tuple
    minus: tuple = ()
    rows: Optional[tuple] = None  # for per="row": restrict to these rows (default: every row)
    columns: Optional[tuple] = None  # for per="column": restrict to these columns
    located_row: Optional[str] = None  # for per="column": the row a finding names (None: the whole column)


@_frozen
class TableSpec:
    key: str
    title: str
    rows: tuple  # Row
    columns: tuple  # Column (every column any row uses)
    groups: tuple = ()  # Group
    anchors: tuple = ()  # labels that open this table when met in the text
    flat: bool = False  # values follow the header with no row labels (table 4)
    short: str = ""
    label_header: str = "项目"  # the header over the row labels (表二 prints 信息内容)
    header_note: str = ""  # printed over the row labels instead of label_header (表三's 勾稽关系 note)
    over_header: str = ""  # printed over every value column, above the column groups (表三's 申请人情况)

    def row(self, key: str) -> Row:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)


@_frozen
class SectionSpec:
    number: str
    title: str
    patterns: tuple  # regular expressions over the label key of the title (number removed)
    table: Optional[str] = None  # the table this section holds


@_frozen
class Template:
    key: str
    name: str
    tables: dict  # table key -> TableSpec
    identities: tuple = ()
    markers: tuple = ()  # labels whose presence marks this template (report-format.md §0)
    sections: tuple = ()


ROW = "<row>"
COL = "<col>"
LEAVES = "<leaves>"

# ---------------------------------------------------------------- sections
SECTIONS = (
    SectionSpec("一", "总体情况", (r"^总体情况",)),
    SectionSpec("二", "主动公开政府信息情况", (r"^主动公开政府信息(的)?情况",), "active_disclosure"),
    SectionSpec("三", "收到和处理政府信息公开申请情况",
                (r"^收到和处理政府信息公开申请(的)?情况",), "requests"),
    SectionSpec("四", "政府信息公开行政复议、行政诉讼情况",
                (r"^(因)?政府信息公开(工作)?(被申请)?行政复议", r"行政复议.*行政诉讼.*情况$"),
                "review_litigation"),
    SectionSpec("五", "存在的主要问题及改进情况", (r"存在的主要问题", r"^主要问题")),
    SectionSpec("六", "其他需要报告的事项", (r"^其他需要报告的事项", r"^其他事项")),
)

# ---------------------------------------------------------------- table 3
APPLICANT_COLUMNS = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业", "法人或其他组织"),
    Column("research", "科研机构", "法人或其他组织"),
    Column("social_welfare", "社会公益组织", "法人或其他组织", short="社会公益"),
    Column("legal_service", "法律服务机构", "法人或其他组织", short="法律服务"),
    Column("other_org", "其他", "法人或其他组织"),
)
REQUEST_COLUMNS = APPLICANT_COLUMNS + (Column("total", "总计"),)
_RC = tuple(c.key for c in REQUEST_COLUMNS)
_APPLICANTS = tuple(c.key for c in APPLICANT_COLUMNS)

REQUEST_GROUPS = (
    Group("results", "三、本年度办理结果", 1),
    Group("denied", "(三)不予公开", 2, "results"),
    Group("unavailable", "(四)无法提供", 2, "results"),
    Group("not_processed", "(五)不予处理", 2, "results"),
    Group("other", "(六)其他处理", 2, "results", aliases=("(六)其他",)),
)


def _leaf(key, label, group, aliases=(), bare_ok=True, short=""):
    return Row(key, label, _RC, 3, group, aliases, leaf=True, bare_ok=bare_ok, short=short)


_REQ_HEAD = (
    Row("new_received", "一、本年新收政府信息公开申请数量", _RC, 1,
        aliases=("本年新收", "本年新收申请数量"), short="一、本年新收申请"),
    Row("carried_over", "二、上年结转政府信息公开申请数量", _RC, 1,
        aliases=("上年结转", "上年结转申请数量"), short="二、上年结转申请"),
    Row("granted", "(一)予以公开", _RC, 2, "results", leaf=True),
    Row("partially_granted", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)", _RC, 2, "results",
        aliases=("(二)部分公开",), leaf=True, short="(二)部分公开"),
    _leaf("denied.state_secret", "1.属于国家秘密", "denied"),
    _leaf("denied.prohibited_by_law", "2.其他法律行政法规禁止公开", "denied", short="2.法律法规禁止公开"),
    _leaf("denied.security_stability", "3.危及“三安全一稳定”", "denied",
          aliases=("3.危及“国家安全”",)),
    _leaf("denied.third_party_rights", "4.保护第三方合法权益", "denied"),
    _leaf("denied.internal_affairs", "5.属于三类内部事务信息", "denied", short="5.三类内部事务信息"),
    _leaf("denied.process_info", "6.属于四类过程性信息", "denied", short="6.四类过程性信息"),
    _leaf("denied.enforcement_file", "7.属于行政执法案卷", "denied", short="7.行政执法案卷"),
    _leaf("denied.admin_query", "8.属于行政查询事项", "denied", short="8.行政查询事项"),
    _leaf("unavailable.not_held", "1.本机关不掌握相关政府信息", "unavailable", short="1.本机关不掌握"),
    _leaf("unavailable.needs_creation", "2.没有现成信息需要另行制作", "unavailable", short="2.需另行制作"),
    _leaf("unavailable.unclear", "3.补正后申请内容仍不明确", "unavailable", short="3.补正后仍不明确"),
    _leaf("not_processed.petition", "1.信访举报投诉类申请", "not_processed", short="1.信访举报投诉类"),
    _leaf("not_processed.repeated", "2.重复申请", "not_processed"),
    _leaf("not_processed.publication", "3.要求提供公开出版物", "not_processed", short="3.要求提供出版物"),
    _leaf("not_processed.excessive", "4.无正当理由大量反复申请", "not_processed", short="4.大量反复申请"),
    _leaf("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息", "not_processed",
          short="5.要求确认或重新出具"),
)
_REQ_OTHER_2021 = (
    _leaf("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other",
          short="1.逾期不补正不再处理"),
    _leaf("other.fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other",
          short="2.逾期未缴费不再处理"),
    _leaf("other.other", "3.其他", "other", bare_ok=False),
)
_REQ_OTHER_2019 = (
    Row("other", "(六)其他处理", _RC, 2, "results", aliases=("(六)其他",), leaf=True),
)
_REQ_TAIL = (
    Row("total", "(七)总计", _RC, 2, "results", bare_ok=False),
    Row("carried_forward", "四、结转下年度继续办理", _RC, 1,
        aliases=("结转下年度继续办理", "四、结转下一年度继续办理", "结转下年度", "结转下年"), short="四、结转下年度"),
)
APPLICANT_HEADER = "申请人情况"  # the header spanning table 3's value columns
_REQ_NOTE = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
_REQ_ANCHORS = ("三、收到和处理政府信息公开申请情况", _REQ_NOTE, APPLICANT_HEADER)

REQUESTS_2021 = TableSpec("requests", "收到和处理政府信息公开申请情况", _REQ_HEAD + _REQ_OTHER_2021 + _REQ_TAIL,
                          REQUEST_COLUMNS, REQUEST_GROUPS, _REQ_ANCHORS, short="表三",
                          header_note=_REQ_NOTE, over_header=APPLICANT_HEADER)
REQUESTS_2019 = TableSpec("requests", "收到和处理政府信息公开申请情况", _REQ_HEAD + _REQ_OTHER_2019 + _REQ_TAIL,
                          REQUEST_COLUMNS, REQUEST_GROUPS, _REQ_ANCHORS, short="表三",
                          header_note=_REQ_NOTE, over_header=APPLICANT_HEADER)

# ---------------------------------------------------------------- table 4
REVIEW_COLUMNS = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
_RV = tuple(c.key for c in REVIEW_COLUMNS)
REVIEW_LITIGATION = TableSpec(
    "review_litigation", "政府信息公开行政复议、行政诉讼情况",
    (
        Row("review", "行政复议", _RV, 1),
        Row("litigation_direct", "未经复议直接起诉", _RV, 2, "litigation"),
        Row("litigation_after_review", "复议后起诉", _RV, 2, "litigation"),
    ),
    REVIEW_COLUMNS,
    (Group("litigation", "行政诉讼", 1),),
    ("四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果维持",
     "尚未审结"),
    flat=True, short="表四",
)

# ---------------------------------------------------------------- table 2
_T2_ANCHORS = ("二、主动公开政府信息情况", "第二十条第(一)项")
_ITEM2021 = (Column("issued", "本年制发件数"), Column("repealed", "本年废止件数"), Column("in_force", "现行有效件数"))
_DECISIONS2021 = Column("decisions", "本年处理决定数量")
ACTIVE_2021 = TableSpec(
    "active_disclosure", "主动公开政府信息情况",
    (
        Row("regulations", "规章", ("issued", "repealed", "in_force"), group="art20_1"),
        Row("normative_documents", "行政规范性文件", ("issued", "repealed", "in_force"), group="art20_1",
            aliases=("规范性文件", "行政规范性档案")),  # 檔案: OpenCC Taiwan vocabulary (report-format.md §7.1)
        Row("licensing", "行政许可", ("decisions",), group="art20_5"),
        Row("penalty", "行政处罚", ("decisions",), group="art20_6"),
        Row("coercion", "行政强制", ("decisions",), group="art20_6"),
        Row("fees", "行政事业性收费", ("amount",), group="art20_8"),
    ),
    _ITEM2021 + (_DECISIONS2021, Column("amount", "本年收费金额(单位:万元)", kind="amount", unit="万元")),
    (
        Group("art20_1", "第二十条第(一)项"),
        Group("art20_5", "第二十条第(五)项"),
        Group("art20_6", "第二十条第(六)项"),
        Group("art20_8", "第二十条第(八)项"),
    ),
    _T2_ANCHORS, short="表二", label_header="信息内容",
)

_ITEM2019 = ("made", "published", "total_published")
_SERVICE2019 = ("last_year_items", "change", "decisions")
ACTIVE_2019 = TableSpec(
    "active_disclosure", "主动公开政府信息情况",
    (
        Row("regulations", "规章", _ITEM2019, group="art20_1"),
        Row("normative_documents", "规范性文件", _ITEM2019, group="art20_1",
            aliases=("行政规范性文件", "规范性档案", "行政规范性档案")),
        Row("licensing", "行政许可", _SERVICE2019, group="art20_5"),
        Row("other_services", "其他对外管理服务事项", _SERVICE2019, group="art20_5"),
        Row("penalty", "行政处罚", _SERVICE2019, group="art20_6"),
        Row("coercion", "行政强制", _SERVICE2019, group="art20_6"),
        Row("fees", "行政事业性收费", ("last_year_items", "change"), group="art20_8"),
        Row("procurement", "政府集中采购", ("items", "amount"), group="art20_9"),
    ),
    (
        Column("made", "本年新制作数量"),
        Column("published", "本年新公开数量"),
        Column("total_published", "对外公开总数量"),
        Column("last_year_items", "上一年项目数量"),
        Column("change", "本年增/减", kind="signed"),
        Column("decisions", "处理决定数量"),
        Column("items", "采购项目数量"),
        Column("amount", "采购总金额", kind="amount", unit_field="amount_unit"),
    ),
    (
        Group("art20_1", "第二十条第(一)项"),
        Group("art20_5", "第二十条第(五)项"),
        Group("art20_6", "第二十条第(六)项"),
        Group("art20_8", "第二十条第(八)项"),
        Group("art20_9", "第二十条第(九)项"),
    ),
    _T2_ANCHORS, short="表二", label_header="信息内容",
)

# ---------------------------------------------------------------- identities (§5.1)
IDENTITIES = (
    Identity("requests.row_total", "requests", "row", (ROW, "total"), tuple((ROW, c) for c in _APPLICANTS)),
    Identity("requests.results_total", "requests", "column", ("total", COL), ((LEAVES, COL),), located_row="total"),
    Identity("requests.balance", "requests", "column", ("total", COL),
             (("new_received", COL), ("carried_over", COL)), (("carried_forward", COL),)),
    Identity("review_litigation.block_total", "review_litigation", "row", (ROW, "total"),
             tuple((ROW, c) for c in ("upheld", "corrected", "other", "pending"))),
)

TEMPLATE_2021 = Template(
    "2021", "国办公开办函〔2021〕30号",
    {"active_disclosure": ACTIVE_2021, "requests": REQUESTS_2021, "review_litigation": REVIEW_LITIGATION},
    IDENTITIES,
    markers=("本年制发件数", "本年废止件数", "现行有效件数"),
    sections=SECTIONS,
)
TEMPLATE_2019 = Template(
    "2019", "国办公开办函〔2019〕60号(试行)",
    {"active_disclosure": ACTIVE_2019, "requests": REQUESTS_2019, "review_litigation": REVIEW_LITIGATION},
    IDENTITIES,
    markers=("本年新制作数量", "本年新公开数量", "对外公开总数量", "其他对外管理服务事项", "第二十条第(九)项",
             "政府集中采购", "上一年项目数量"),
    sections=SECTIONS,
)
TEMPLATE_NONE = Template("none", "no standard tables", {}, (), sections=SECTIONS)

# In order of precedence: the first template whose markers a report prints is its template.
TEMPLATES = {t.key: t for t in (TEMPLATE_2021, TEMPLATE_2019, TEMPLATE_NONE)}
TABLE_ORDER = ("active_disclosure", "requests", "review_litigation")


def get(key: str) -> Template:
    return TEMPLATES[key]


# Tables that a report may print with another template's rows (data-model.md: a 2021
# report with (六)其他处理 as one row): the parser recognises the rows of every
# variant, and the rows printed choose the variant.
ROW_VARIANTS = {"requests": (REQUESTS_2021, REQUESTS_2019)}


def table_spec(template: str, table: str, rows=None) -> TableSpec:
    """The spec of ``table`` in ``template``; given the ``rows`` printed, the row
    variant (``ROW_VARIANTS``) holding most of the rows that only it has."""
    t = TEMPLATES.get(template) or TEMPLATE_2021
    own = (t.tables.get(table) or TEMPLATE_2021.tables[table])
    variants = ROW_VARIANTS.get(table)
    if not variants or rows is None:
        return own
    printed = set(rows)

    def unique_present(spec):
        others = {r.key for v in variants if v is not spec for r in v.rows}
        return sum(1 for r in spec.rows if r.key in printed and r.key not in others)

    best = max(variants, key=lambda v: (unique_present(v), v is own))
    return best if unique_present(best) else own


def recognised_rows(template: str, table: str) -> list:
    """Every row the parser looks for in ``table``: the template's, then those of the other row variants."""
    out, seen = [], set()
    for spec in (table_spec(template, table),) + ROW_VARIANTS.get(table, ()):
        for row in spec.rows:
            if row.key not in seen:
                seen.add(row.key)
                out.append(row)
    return out


def all_table_specs() -> tuple:
    """Every distinct table spec of every template (for label lookups)."""
    return _ALL_SPECS


def _distinct_specs() -> tuple:
    seen = []
    for t in (TEMPLATE_2021, TEMPLATE_2019):
        for spec in t.tables.values():
            if all(spec is not s for s in seen):
                seen.append(spec)
    return tuple(seen)


_ALL_SPECS = _distinct_specs()


# Cross-year expectations (report-format.md §5.2), read by crossyear.py.
# X-CARRY: this year's row equals last year's row, per column of the table.
CARRY_OVER = ("requests", "carried_forward", "carried_over")  # table, last year's row, this year's row
# X-VALID: in_force(Y) = in_force(Y-1) + issued(Y) − repealed(Y), for these rows of the table.
IN_FORCE = ("active_disclosure", ("regulations", "normative_documents"), "in_force", "issued", "repealed")

# Cross-template correspondences used by diff (report-format.md §3.4, §3.6):
# 2019 key -> 2021 key (or a tuple of 2021 keys whose sum corresponds).
CROSS_TEMPLATE = {
    ("requests", "other"): ("requests", ("other.no_correction", "other.fee_unpaid", "other.other")),
    ("active_disclosure", "made"): ("active_disclosure", "issued"),
}
