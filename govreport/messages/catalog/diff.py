"""Messages: diff (see govreport.messages): ``govreport diff`` and the cross-year rules
(``check --previous``)."""

MESSAGES = {
    # ------------------------------------------------------------ findings
    "diff.different_body": (
        "两份报告出自不同机关（{a}；{b}），逐项比较意义有限，不核对跨年度衔接",
        "the two reports are from different bodies ({a}; {b}): comparing them cell by cell says little, "
        "and cross-year continuity is not assessed"),
    "cross_year.years": (
        "两份报告不是相邻年度（{previous_year} 年与 {year} 年），未核对上年结转与现行有效件数的衔接",
        "the reports are not consecutive years ({previous_year} and {year}): carry-over and 现行有效件数 "
        "continuity not assessed"),
    "cross_year.carry_over": (
        "{column}：{previous_year} 年“{last_row}”为 {expected}，{year} 年“{this_row}”为 {actual}，两者应相等",
        "{column}: {previous_year}'s “{last_row}” is {expected} but {year}'s “{this_row}” is {actual}; "
        "they should be equal"),
    "cross_year.carry_over.blank": (
        "{column}：{previous_year} 年“{last_row}”为 {expected}，{year} 年“{this_row}”为 {actual}，"
        "空白不等于 0，无法核对衔接",
        "{column}: {previous_year}'s “{last_row}” is {expected} and {year}'s “{this_row}” is {actual}; "
        "a blank is not 0, so continuity cannot be assessed"),
    "cross_year.in_force": (
        "{row}：{previous_year} 年{in_force} {last} + {added} {issued} − {removed} {repealed} = {expected}，"
        "但 {year} 年为 {actual}",
        "{row}: {previous_year}'s {in_force} {last} + {added} {issued} − {removed} {repealed} = {expected}, "
        "but {year} prints {actual}"),
    "cross_year.in_force.blank": (
        "{row}：{blank}空白，无法核对{in_force}的衔接",
        "{row}: {blank} blank, so the continuity of {in_force} cannot be assessed"),
    # ------------------------------------------------------------ names and words
    "diff.name.year": ("{year} 年", "{year}"),
    "diff.name.first": ("前一份报告", "the first report"),
    "diff.name.second": ("后一份报告", "the second report"),
    "diff.unknown.agency": ("机关不详", "body unknown"),
    "diff.unknown.year": ("年度不详", "year unknown"),
    "diff.year": ("{year} 年度", "year {year}"),
    "diff.template": ("{template} 年版模板", "{template} template"),
    "diff.list_sep": ("、", ", "),
    # ------------------------------------------------------------ text and Markdown
    "diff.header": ("{name}：{agency}，{template}，{path}", "{name}: {agency}, {template}, {path}"),
    "diff.header.year": ("{name}：{agency}，{year}，{template}，{path}", "{name}: {agency}, {year}, {template}, {path}"),
    "diff.title": ("{agency}：{a} → {b}", "{agency}: {a} → {b}"),
    "diff.finding": ("{severity}：{message}", "{severity}: {message}"),
    "diff.heading": ("{heading}：", "{heading}:"),
    "diff.item": ("{name}：{detail}", "{name}: {detail}"),
    "diff.only_in": ("仅见于 {name}", "Only in {name}"),
    "diff.not_comparable": ("不可比（一方空白，空白不等于 0）", "Not comparable (blank in one report; a blank is not 0)"),
    "diff.column.row": ("行", "row"),
    "diff.column.column": ("列", "column"),
    "diff.column.change": ("增减", "change"),
    "diff.column.ratio": ("增减幅度", "%"),
    "diff.continuity": ("跨年度衔接", "Cross-year continuity"),
    "diff.continuity.holds": ("相符：{rule}", "holds: {rule}"),
    "diff.continuity.absent": ("未核对：{rule}（两年未都印有这些单元格）", "not assessed: {rule} (not printed in both years)"),
    "diff.continuity.body": ("未核对：{rule}（两份报告出自不同机关）", "not assessed: {rule} (the reports are from different bodies)"),
    "diff.rule.cross_year.carry_over": (
        "本年“二、上年结转”= 上年“四、结转下年度继续办理”，逐列",
        "this year's 二、上年结转 = last year's 四、结转下年度继续办理, per column"),
    "diff.rule.cross_year.in_force": (
        "现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数",
        "现行有效件数 = last year's 现行有效件数 + 本年制发件数 − 本年废止件数"),
    "diff.narrative": ("正文（按部分编号比较；句子相似度，不计数字）",
                       "Narrative (sections by number; similarity of sentences, digits masked)"),
    "diff.narrative.only_in": ("{number}、{title}：仅见于 {name}", "section {number} {title}: only in {name}"),
    "diff.narrative.similarity": ("{number}、{title}：相似度 {similarity}{note}",
                                  "section {number} {title}: {similarity} similar{note}"),
    "diff.narrative.copied_previous": ("——疑似照搬上一年", " — looks copied from the previous year"),
    "diff.narrative.copied_other": ("——疑似照搬另一份报告", " — looks copied from the other report"),
    "diff.summary": ("小结：{changed}，未变 {unchanged} 处，不可比 {not_comparable} 处；"
                     "仅见于 {a} {only_a} 处，仅见于 {b} {only_b} 处。",
                     "Summary: {changed}, {unchanged} unchanged, {not_comparable} not comparable; "
                     "{only_a} only in {a}, {only_b} only in {b}."),
    "diff.summary.changed": ("变化 {n} 处", "{n} cell changed|{n} cells changed"),
    "diff.largest": ("增减幅度最大", "Largest relative changes"),
    "diff.largest.change": ("{old} → {new}（{ratio}）", "{old} → {new} ({ratio})"),
    # ------------------------------------------------------------ help of the diff command's parameters
    "help.diff.a": ("前一份报告：文件，或文件夹中某一年份（如 2020）的报告。",
                    "The earlier report: a file, or a year (e.g. 2020) found in the folder."),
    "help.diff.b": ("后一份报告：文件，或文件夹中某一年份的报告。", "The later report: a file, or a year found in the folder."),
    "help.diff.format": ("text、markdown、json 或 csv。", "text, markdown, json or csv."),
    "help.diff.all_cells": ("同时列出未变化的单元格。", "Also list unchanged cells."),
    "help.diff.text": ("同时逐部分比较正文。", "Also compare the narrative, section by section."),
}
