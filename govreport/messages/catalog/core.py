"""Words every family uses: table names, severities, units of counting."""

MESSAGES = {
    "label.report": ("报告", "report"),
    "label.table.active_disclosure": ("表二", "table 2"),
    "label.table.requests": ("表三", "table 3"),
    "label.table.review_litigation": ("表四", "table 4"),
    "label.table_title.active_disclosure": ("表二 主动公开政府信息情况", "Table 2 · proactive disclosure"),
    "label.table_title.requests": ("表三 收到和处理政府信息公开申请情况", "Table 3 · requests received and handled"),
    "label.table_title.review_litigation": ("表四 政府信息公开行政复议、行政诉讼情况",
                                            "Table 4 · administrative review and litigation"),
    "severity.error": ("错误", "error"),
    "severity.warning": ("警告", "warning"),
    "severity.info": ("提示", "note"),
    "value.blank": ("空白", "blank"),
}
