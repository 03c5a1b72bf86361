"""Messages: output (see govreport.messages)."""

MESSAGES = {
    # the long form (govreport.export): column headers where people read them (Excel)
    "export.field.file": ("文件", "file"),
    "export.field.agency": ("机关", "agency"),
    "export.field.year": ("年度", "year"),
    "export.field.template": ("模板", "template"),
    "export.field.table": ("表", "table"),
    "export.field.row": ("行", "row"),
    "export.field.column": ("列", "column"),
    "export.field.value": ("数值", "value"),
    "export.field.raw": ("原文", "as printed"),
    "export.field.table_label": ("表名", "table label"),
    "export.field.row_label": ("行名称", "row label"),
    "export.field.column_label": ("列名称", "column label"),
    "export.field.unit": ("单位", "unit"),
    # Excel workbooks (govreport.output.xlsx)
    "xlsx.missing": ("写 Excel 文件需要 openpyxl：pip install 'govreport[xlsx]'",
                     "writing Excel files needs openpyxl: pip install 'govreport[xlsx]'"),
    "xlsx.sheet.cells": ("明细", "cells"),
    "xlsx.sheet.readme": ("说明", "README"),
    "xlsx.sheet.summary": ("汇总", "summary"),
    "xlsx.readme.title": ("政府信息公开工作年度报告数据（govreport 导出）",
                          "Government information-disclosure annual reports (exported by govreport)"),
    "xlsx.readme.tables": ("“表二”“表三”“表四”各页：表格按年报所印排列；导出多份报告时每份报告一行，便于排序、筛选和比较。",
                           "Sheets “table 2/3/4”: the tables as the reports print them; with several reports, "
                           "one line per report, to sort, filter and compare."),
    "xlsx.readme.cells": ("“明细”页：每个单元格一行（长表），空白单元格的数值为空，不是 0。",
                          "Sheet “cells”: one line per cell (long form); a blank cell has an empty value, not 0."),
    "xlsx.readme.suspect": ("此颜色：疑似填错的单元格（批注为检查结果）", "this colour: the cell likely wrong (the note says why)"),
    "xlsx.readme.failing": ("此颜色：勾稽关系不成立的合计（批注为检查结果）",
                            "this colour: a printed total whose identity fails (the note says why)"),
    "xlsx.readme.keys": ("下表列出各单元格的键、名称和单位：", "The keys of the cells, with their labels and units:"),
    "xlsx.summary.status": ("状态代码", "status code"),
    "xlsx.summary.status_label": ("状态", "status"),
    "xlsx.summary.errors": ("错误数", "errors"),
    "xlsx.summary.warnings": ("警告数", "warnings"),
    "xlsx.summary.not_assessable": ("无法核对", "not assessable"),
    "xlsx.summary.recovered": ("已修复读取", "recovered"),
    "xlsx.summary.first_rule": ("首个问题代码", "first rule"),
    "xlsx.summary.first_finding": ("首个问题", "first finding"),
}

# ---- render --format html (govreport.output.html)
MESSAGES.update({
    "html.findings": ("检查结果", "Check results"),
    "html.untitled": ("无标题", "untitled"),
})

# ---------------------------------------------------------------- govreport new, render --format docx
MESSAGES.update({
    "new.skeleton.header": (
        "政府信息公开工作年度报告 表格数据（{template}版模板，{name}）\n"
        "\n"
        "填写说明：\n"
        "1. 在每一栏的冒号后填写数字（如 305），不加单位、不加千位分隔符；收费金额可以有小数。\n"
        "2. 报告表格中不印数字的格子（空白、“/”、“—”）保持空白，不要填 0；印的是 0 就填 0。\n"
        "3. 每行上方的注释是表格中的正式名称，行尾的注释是栏目名称；不要改动冒号前的英文名称。\n"
        "4. 填写过程中随时运行 govreport check 本文件.yaml，它会指出哪一个合计不对。\n"
        "5. 填好后运行 govreport render 本文件.yaml --format docx -o 表格.docx，生成可粘贴进报告的 Word 表格。",
        "Table data of a government information-disclosure annual report ({template} template, {name})\n"
        "\n"
        "How to fill it in:\n"
        "1. After each colon write the number as printed (e.g. 305): no unit, no thousands separator; "
        "fee amounts may have decimals.\n"
        "2. Leave blank the cells the report prints no number in (blank, “/”, “—”); do not write 0. "
        "Write 0 where the report prints 0.\n"
        "3. The comment above each row is its official (Chinese) label, the one after each column its "
        "column label; do not change the English keys before the colons.\n"
        "4. Run govreport check THIS_FILE.yaml at any time: it tells you which total is wrong.\n"
        "5. When done, govreport render THIS_FILE.yaml --format docx -o tables.docx writes the Word "
        "tables to paste into the report."),
    "new.skeleton.schema": ("数据格式，不要改动", "the data format; do not change"),
    "new.skeleton.agency": ("机关名称，与报告标题一致（如 太仓市）", "the reporting body, as in the report's title"),
    "new.skeleton.year": ("统计年度（报告所报告的年份）", "the year the report covers"),
    "new.skeleton.unit": ("采购总金额的单位，如 \"万元\"（表中未印单位则留空）",
                          "the unit of 采购总金额, e.g. \"万元\" (blank when the table prints none)"),
    "new.exists": ("文件已存在，未覆盖（如确需覆盖，加 --force）", "the file exists; not overwritten (use --force)"),
    "new.bad_year": ("年份应在 {first} 到 {last} 之间", "a year between {first} and {last}"),
    "new.written": ("已写入 {path}；填写后运行：govreport check {path}",
                    "wrote {path}; fill it in, then run: govreport check {path}"),
    "help.new": (
        "生成一份空白的年度报告表格数据文件（yaml），供填写。\n\n"
        "文件包含所选模板的表二、表三、表四的每一行每一栏，均为空白，并以中文注释标出正式名称。"
        "填写时随时用 govreport check 核对合计，填好后用 govreport render --format docx 生成 Word 表格。"
        "已有同名文件时不会覆盖，除非加 --force。",
        "Write a blank table-data file (yaml) of an annual report, to fill in.\n\n"
        "Every row and column of the template's 表二, 表三 and 表四 is there, blank, with its official "
        "label in a Chinese comment. Check the totals with govreport check while filling it in; when done, "
        "govreport render --format docx writes the Word tables. An existing file is not overwritten unless "
        "--force is given."),
    "help.new.template": ("模板：2021（国办公开办函〔2021〕30号，默认）或 2019（国办公开办函〔2019〕60号）。",
                          "The template: 2021 (国办公开办函〔2021〕30号, default) or 2019 (〔2019〕60号)."),
    "help.new.agency": ("机关名称（写入标题）。", "The reporting body (goes into the title)."),
    "help.new.year": ("统计年度（默认：上一年）。", "The year the report covers (default: last year)."),
    "help.new.output": ("写入这个文件（默认：输出到屏幕/标准输出）。", "Write to this file (default: standard output)."),
    "help.new.force": ("覆盖已有的文件。", "Overwrite an existing file."),
    "help.new.examples": (
        "govreport new --agency 太仓市 --year 2025 -o 2025.yaml\n"
        "govreport check 2025.yaml                          填写过程中核对合计\n"
        "govreport render 2025.yaml --format docx -o 表格.docx",
        "govreport new --agency 太仓市 --year 2025 -o 2025.yaml\n"
        "govreport check 2025.yaml                          check the totals while filling it in\n"
        "govreport render 2025.yaml --format docx -o tables.docx"),
})

# Parallel and distributed runs, Parquet (govreport.batch, export --format parquet; issue 12).
MESSAGES.update({
    "parquet.missing": ("Parquet 输出需要 pyarrow：pip install 'govreport[parquet]'",
                        "Parquet output needs pyarrow: pip install 'govreport[parquet]'"),
    "parquet.exists": ("已存在且不是空文件夹，未覆盖（数据集写入一个新的或空的文件夹）",
                       "exists and is not an empty folder; not overwritten (a dataset goes into a new or empty folder)"),
    "parquet.partition_format": ("--partition-by 只用于 --format parquet",
                                 "--partition-by is for --format parquet only"),
    "dask.missing": ("--dask-scheduler 需要 Dask：pip install 'govreport[dask]'",
                     "--dask-scheduler needs Dask: pip install 'govreport[dask]'"),
    "dask.connect": ("无法连接 Dask 调度器 {address}：{error}", "cannot connect to the Dask scheduler {address}: {error}"),
    "help.check.jobs": ("并行的工作进程数（默认：CPU 核数；1：在本进程内逐个核对）。输出与逐个核对完全相同。",
                        "Worker processes (default: the number of CPUs; 1: one file at a time in this process). "
                        "The output is the same."),
    "help.check.dask_scheduler": (
        "在 Dask 集群上核对：local 在本机启动一个集群，否则为调度器地址（tcp://主机:8786）。"
        "需要安装 dask 扩展：pip install 'govreport[dask]'。",
        "Check on a Dask cluster: 'local' starts one on this machine, else the scheduler's address "
        "(tcp://host:8786). Needs the dask extra: pip install 'govreport[dask]'."),
    "help.export.jobs": ("并行读取报告的工作进程数（默认：CPU 核数；1：在本进程内逐个读取）。输出与逐个读取完全相同。",
                         "Worker processes reading the reports (default: the number of CPUs; 1: one at a time in "
                         "this process). The output is the same."),
    "help.export.dask_scheduler": (
        "在 Dask 集群上读取报告：local 或调度器地址。parquet 格式时每个工作节点把自己的分片写入 -o 指定的文件夹"
        "（各节点都须能写入）。需要安装 dask 扩展。",
        "Read the reports on a Dask cluster: 'local' or the scheduler's address. With parquet, each worker "
        "writes its parts into the -o folder (which every worker must be able to write). Needs the dask extra."),
    "help.export.partition_by": (
        "parquet：写成按此列（year）分区的文件夹数据集：OUT/year=2021/part-0.parquet（Hive 风格，"
        "DuckDB、pandas、Spark 均可读取）。",
        "parquet: a folder dataset partitioned by this column (year): OUT/year=2021/part-0.parquet (Hive "
        "style, read by DuckDB, pandas and Spark)."),
})
