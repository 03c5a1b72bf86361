"""Messages: show (see govreport.messages)."""

MESSAGES = {
    "show.title": ("{title}（{meta}）", "{title}  ({meta})"),
    "show.untitled": ("（无标题的报告）", "(untitled report)"),
    "show.meta.sep": ("，", ", "),
    "show.meta.year": ("{year}年度", "{year}"),
    "show.meta.template": ("{template}版模板", "template {template}"),
    "show.meta.no_template": ("无标准表格", "no standard tables"),
    "show.meta.traditional": ("繁体字", "traditional script"),
    "show.no_table": ("（本报告没有{table}）", "(the report has no {table})"),
    "show.no_tables": ("（没有标准表格：报告不是按2019或2021版模板编写的）",
                       "(no standard tables: the report follows neither the 2019 nor the 2021 template)"),
    "show.legend.suspect": ("疑似填错的单元格", "the cell most likely wrong"),
    "show.legend.failing": ("不成立的勾稽关系所涉单元格", "a cell of an identity that does not hold"),
    "show.see_check": ("详见：govreport check {file}", "details: govreport check {file}"),
    "show.bad_table": ("可选：{choices}", "choose one of {choices}"),
    "show.provenance.header": ("表格\t行\t列\t数值\t原文\t来源", "table\trow\tcolumn\tvalue\traw\tsource"),
    "show.provenance.line": ("第{n}行", "line {n}"),
    "show.provenance.page": ("第{n}页", "page {n}"),
    "show.provenance.table": ("第{n}个表格", "table {n}"),
    "show.provenance.row": ("第{n}行", "row {n}"),
    "show.provenance.col": ("第{n}列", "column {n}"),
}
MESSAGES.update({  # help of show's own options (help.show and its examples: catalog/help.py)
    "help.show.table": ("只显示一张表：表二、表三、表四（也可写 2、3、4）。",
                        "Show one table: 表二, 表三 or 表四 (or 2, 3, 4; or active_disclosure, requests, "
                        "review_litigation)."),
    "help.show.wide": ("显示完整的表格项目名称，不受屏幕宽度限制。", "Full official labels, whatever the width."),
    "help.show.findings": ("在表格下方列出核对发现的问题。", "List the check's findings under the tables."),
})
