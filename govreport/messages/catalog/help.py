"""Messages: help (see govreport.messages) — the commands' help, shown by ``-h``.

``help.<command>``: the command (its first line is its summary in the list of commands);
``help.<command>.<param>``: one parameter (by its Python name); ``help.param.<long option>``:
a parameter several commands share; ``help.<command>.examples``: lines under 示例： / Examples:.
"""

MESSAGES = {
    # ---------------------------------------------------------------- the root
    "help.root": (
        "读取、核对、比较和转换政府信息公开工作年度报告。\n\n"
        "报告可以是 txt、Markdown、网页（html）、Word（docx）、PDF、json 或 yaml 文件；"
        "给出年份（如 2021）时，在当前文件夹（或 --dir 指定的文件夹）中查找该年度的报告。\n\n"
        "退出码：0 正常；1 核对发现问题或两份报告有差异；2 用法错误、文件无法读取或无法写入；"
        "130 被中断（Ctrl-C）；141 输出管道被关闭。",
        "Read, check, compare and convert government information-disclosure annual reports "
        "(政府信息公开工作年度报告).\n\n"
        "A report is a txt, Markdown, web page (html), Word (docx), PDF, json or yaml file; a year "
        "(e.g. 2021) names that year's report in the current folder (or the one given with --dir).\n\n"
        "Exit codes: 0 ok; 1 check findings or differences; 2 usage error, unreadable input or "
        "unwritable output; 130 interrupted (Ctrl-C); 141 output pipe closed."),
    "help.root.examples": (
        "govreport show 2021              显示本文件夹 2021 年报告的表格\n"
        "govreport check                  核对本文件夹最新一份报告\n"
        "govreport diff 2020 2021         比较两年的报告\n"
        "govreport --lang en check -h     英文帮助",
        "govreport show 2021              the tables of this folder's 2021 report\n"
        "govreport check                  check this folder's newest report\n"
        "govreport diff 2020 2021         compare two years\n"
        "govreport --lang zh check -h     help in Chinese"),
    # ---------------------------------------------------------------- shared parameters
    "help.param.version": ("显示版本号后退出。", "Print the version and exit."),
    "help.param.lang": ("提示和帮助的语言：zh（中文，默认）或 en（英文）；也可用环境变量 GOVREPORT_LANG。",
                        "Language of messages and help: zh (Chinese, the default) or en; or $GOVREPORT_LANG."),
    "help.param.debug": ("出错时显示详细的程序信息（供技术人员排查）。",
                         "Show a traceback on errors (for developers)."),
    "help.param.ocr": ("扫描件和表格图片是否做文字识别：auto（没有文字层时，默认）、always、never；也可用 GOVREPORT_OCR。"
                       "需要 pip install 'govreport[ocr]'。",
                       "Read scans and table images by OCR: auto (where there is no text layer; the default), always, "
                       "never; or $GOVREPORT_OCR. Needs pip install 'govreport[ocr]'."),
    "help.param.max-size": ("最多读取多大的文件：字节数，或带 K、M、G（默认 64M；也可用 GOVREPORT_MAX_SIZE）。",
                            "Largest input read, in bytes or with K/M/G (default 64M; or $GOVREPORT_MAX_SIZE)."),
    "help.param.install-completion": ("为当前的命令行程序（shell）安装命令补全。",
                                      "Install completion for the current shell."),
    "help.param.show-completion": ("显示命令补全脚本（可复制后自行安装）。",
                                   "Show completion for the current shell, to copy it or customize the installation."),
    "help.param.help": ("显示本帮助后退出。", "Show this help and exit."),
    "help.param.file": (
        "报告文件，或年份（如 2021，在文件夹中查找）；- 表示从标准输入读取；"
        "不给出时：有管道输入则读取它，否则用文件夹中最新的一份报告。",
        "Report file, or a year (e.g. 2021) looked up in the folder; '-' reads standard input; nothing: "
        "what is piped in, else the newest report of the folder."),
    "help.param.files": (
        "报告文件、文件夹（在其中逐层查找报告文件）或年份；- 表示从标准输入读取；"
        "不给出时：有管道输入则读取它，否则用文件夹中的全部报告。",
        "Report files, folders (searched recursively for report files) or years; '-' reads standard input; "
        "nothing: what is piped in, else every report of the folder."),
    "help.param.dir": ("查找年份对应报告的文件夹（默认：环境变量 GOVREPORT_DIR，否则当前文件夹）。",
                       "The folder where years are looked up (default: $GOVREPORT_DIR, else the current folder)."),
    "help.param.agency": ("同一年份有多个机关的报告时：选名称中含有 NAME 的那一份。",
                          "When the folder holds several bodies' reports for a year: the one whose name contains NAME."),
    "help.param.from": ("指定输入格式（text、markdown、html、docx、pdf、json、yaml），不按内容自动判断。",
                        "Force the input format (text, markdown, html, docx, pdf, json, yaml)."),
    "help.param.output": ("写入这个文件（默认：输出到屏幕/标准输出）。",
                          "Write to this file (default: standard output)."),
    "help.param.provenance": ("同时列出每个数字取自原文的哪个位置。", "Also list where every cell came from."),
    # ---------------------------------------------------------------- show
    "help.show": (
        "显示报告中的表格：表二、表三（两级表头）、表四。\n\n"
        "核对未通过的等式所涉及的数字会被突出显示（不在终端上时用符号标出）。",
        "Show a report's tables: 表二, 表三 with its two-level header, 表四.\n\n"
        "Cells of failing identities are highlighted (marked when not on a terminal)."),
    "help.show.examples": (
        "govreport show 2021\n"
        "govreport show 太仓市2021年报.txt --table 表三\n"
        "govreport show 2021 --dir 年报 --agency 财政局",
        "govreport show 2021\n"
        "govreport show taicang-2021.txt --table 表三\n"
        "govreport show 2021 --dir reports --agency 财政局"),
    # ---------------------------------------------------------------- check
    "help.check": (
        "核对报告中的勾稽关系：各行合计、（七）总计、一+二=（七）+四、表四各项合计；"
        "还检查结构（缺表缺行、模板混用、标题年份与统计期限）以及正文数字与表格是否一致。\n\n"
        "可以一次核对一份报告，也可以核对整个文件夹。错误会附上最可能出错的数字。\n\n"
        "退出码：0 全部通过；1 发现 --fail-on 级别的问题；2 有文件无法读取（其他文件照常核对）或用法错误。",
        "Verify every identity (勾稽关系): row totals, (七)总计, 一+二 = (七)+四, 表四 block totals; plus "
        "structure (missing tables/rows, mixed templates, title year vs 统计期限) and the narrative's figures "
        "against the tables.\n\n"
        "One report or a whole folder. Error findings name the likely wrong cell.\n\n"
        "Exit codes: 0 clean; 1 a finding at the --fail-on level; 2 a file could not be read (the others are "
        "still checked) or a usage error."),
    "help.check.examples": (
        "govreport check                        核对本文件夹的全部报告\n"
        "govreport check 2021 --show            列出表格，标出疑似填错的数字\n"
        "govreport check 2021 --previous 2020   同时核对跨年度的衔接\n"
        "govreport check 年报/ --summary 汇总.xlsx   每份报告一行的汇总表\n"
        "govreport check 年报/ --format csv > 问题清单.csv",
        "govreport check                        check every report of this folder\n"
        "govreport check 2021 --show            the tables, the likely wrong cell marked\n"
        "govreport check 2021 --previous 2020   also check continuity with last year\n"
        "govreport check reports/ --summary summary.xlsx   one row per report\n"
        "govreport check reports/ --format csv > findings.csv"),
    "help.check.format": ("输出格式：text（文字，默认）、json（数组，每份报告一个对象）、jsonl（每行一份报告）、"
                          "csv（每个问题一行）。",
                          "text, json (an array: one object per report), jsonl (one object per report per line) "
                          "or csv (one row per finding)."),
    "help.check.fail_on": ("出现哪一级问题时退出码为 1：error（错误，默认）或 warning（警告及错误）。",
                           "Exit 1 when a finding of this level exists: error (default) or warning (warnings "
                           "and errors)."),
    "help.check.quiet": ("不输出任何内容，只给退出码。", "No output at all: the exit code only."),
    "help.check.verbose": ("逐项列出因单元格空白而无法核对的勾稽关系。",
                           "List every identity that could not be assessed because cells are blank."),
    "help.check.show_tables": ("同时列出表格，标出疑似填错的数字（!）和不成立的合计（*）。",
                               "Also print the tables, the likely wrong cell (!) and the failing totals (*) marked."),
    "help.check.previous": ("上一年度的报告（文件或年份）：同时核对跨年度衔接（上年结转、现行有效件数）。",
                            "Last year's report (a file or a year): also check continuity across the years."),
    "help.check.summary_file": ("另写一份汇总表（.csv 或 .xlsx），每份报告一行：机关、年度、模板、结论、问题数、第一个问题。",
                                "Also write a summary (.csv or .xlsx), one row per report: body, year, template, "
                                "status, counts, first finding."),
    # ---------------------------------------------------------------- diff
    "help.diff": (
        "逐格比较两份报告：列出每个变化的数字（旧值 → 新值）及增减幅度。\n\n"
        "跨模板（2019 版与 2021 版）时，按 2021 版的行列比较可对应的数字；只在一份报告中有的数字单独列出。"
        "上年结转与上年的结转下年度等跨年衔接以警告报告。\n\n"
        "退出码：0 两份报告相同；1 有差异；2 出错。",
        "Compare two reports cell by cell: every changed cell old → new, with the change and its percentage.\n\n"
        "Across templates (2019 and 2021) the comparable cells are compared under the 2021 keys; cells printed "
        "in one report only are listed apart. Cross-year continuity is reported as warnings.\n\n"
        "Exit 0 when the reports are the same, 1 when they differ, 2 on errors."),
    "help.diff.examples": (
        "govreport diff 2020 2021\n"
        "govreport diff 2020 2021 --dir 年报 --text     同时比较正文\n"
        "govreport diff 旧.docx 新.docx --format csv -o 差异.csv",
        "govreport diff 2020 2021\n"
        "govreport diff 2020 2021 --dir reports --text  also compare the narrative\n"
        "govreport diff old.docx new.docx --format csv -o changes.csv"),
    # ---------------------------------------------------------------- render
    "help.render": (
        "把整份报告（各部分正文和表格）转换为 Markdown、纯文本、json 或 yaml。\n\n"
        "json 和 yaml 采用 govreport/1 数据格式；Markdown 会转义正文中的特殊字符，可原样读回。",
        "Render the whole report (sections and tables) as Markdown, text, json or yaml.\n\n"
        "json and yaml follow the govreport/1 data model; Markdown escapes the report's text so that it "
        "loads back the same."),
    "help.render.format": ("输出格式：markdown（默认）、text、json 或 yaml。", "markdown (default), text, json or yaml."),
    "help.render.output": ("写入这个文件（先写临时文件再替换，不会写出半个文件）。",
                           "Write to this file (atomically)."),
    "help.render.provenance": ("json/yaml：同时写出每个数字取自原文的位置。",
                               "json/yaml: add where each cell came from."),
    "help.render.examples": (
        "govreport render 2021 -o 2021.md\n"
        "govreport render 太仓市2021年报.docx --format json -o 太仓2021.json",
        "govreport render 2021 -o 2021.md\n"
        "govreport render taicang-2021.docx --format json -o taicang-2021.json"),
    # ---------------------------------------------------------------- export
    "help.export": (
        "导出多份报告的全部数字，每个数字一条记录：文件、机关、年度、模板、表、行、列、数值、原文。\n\n"
        "无法读取的文件会在错误输出中说明并跳过，此时退出码为 2。CSV 中以 = + - @ 开头的文字前会加一个撇号，"
        "防止电子表格把它当作公式执行；数字保持为数字。",
        "Export every cell of many reports, one record per cell: file, agency, year, template, table, row, "
        "column, value, raw.\n\n"
        "A file that cannot be read is reported on stderr and skipped; the exit code is then 2. CSV text cells "
        "that a spreadsheet would run as a formula (beginning with = + - @, a tab or a carriage return) are "
        "prefixed with an apostrophe; numbers stay numbers."),
    "help.export.format": (
        "csv（默认，UTF-8，带表头）、jsonl、sqlite（表 cells 和 reports，需要 -o）；"
        "或 json/yaml（一份报告的 govreport/1 文档）。",
        "csv (default; UTF-8, header row), jsonl, sqlite (tables 'cells' and 'reports'; needs -o), or "
        "json/yaml (the govreport/1 document of one report)."),
    "help.export.examples": (
        "govreport export 年报/ -o 全部数字.csv\n"
        "govreport export 2021 --dir 年报 --agency 财政局 -f jsonl\n"
        "govreport export 年报/ -f sqlite -o 年报.db",
        "govreport export reports/ -o cells.csv\n"
        "govreport export 2021 --dir reports --agency 财政局 -f jsonl\n"
        "govreport export reports/ -f sqlite -o cells.db"),
    # ---------------------------------------------------------------- list
    "help.list": (
        "列出文件夹中的报告（按内容识别），每份一行，按机关和年度排序。\n\n"
        "像报告但无法读取的文件、无法读取的文件夹会连同原因列出；不是报告的文件只计数。"
        "有文件或文件夹无法读取时退出码为 2（列表照常输出）。"
        "show、render、check、diff 按年份查找报告时，就是在这些报告中查找。",
        "List the reports found in a folder (by content), one per line, sorted by body and year.\n\n"
        "Files that look like reports but cannot be read are listed with their error, as are folders that "
        "cannot be read; other files are counted. Exit code 2 when a file or folder could not be read (the "
        "list is still printed). These are the reports a year given to show, render, check or diff is "
        "looked up in."),
    "help.list.directory": ("要列出的文件夹（默认：环境变量 GOVREPORT_DIR，否则当前文件夹）。",
                            "The folder (default: $GOVREPORT_DIR, else the current folder)."),
    "help.list.fmt": ("text（默认）或 json。", "text (default) or json."),
    "help.list.examples": (
        "govreport list\n"
        "govreport list --dir 年报 --format json",
        "govreport list\n"
        "govreport list --dir reports --format json"),
    # ---------------------------------------------------------------- generate
    "help.generate": (
        "生成测试用的年报文件及其答案文件（NAME.expected.json，govreport/1 数据格式）。\n\n"
        "生成的报告各项勾稽关系都成立；可以注入一个计算错误（--error）或模拟复制粘贴造成的损坏（--damage），"
        "答案文件的 injected 中记录注入的内容。同样的 --seed 总是生成同样的文件。",
        "Generate test reports with their answer files (NAME.expected.json, the govreport/1 data model).\n\n"
        "Every identity of a generated report holds, unless an error is injected (--error: one cell changed) "
        "or a copy-paste damage (--damage); the answer file's 'injected' says what was done. The same "
        "--seed always gives the same files."),
    "help.generate.layout": ("排版：markdown、cells（每格一行）、rows（每行一行）、pipes（竖线分隔）或 tabs（制表符分隔）。",
                             "Layout: markdown, cells (a cell per line), rows (a row per line), pipes or tabs."),
    "help.generate.script": ("文字：simplified（简体）、traditional（繁体）或 taiwan（台湾用语）。",
                             "Script: simplified, traditional or taiwan (Taiwan phrasing)."),
    "help.generate.encoding": ("文件编码：utf-8、utf-8-sig、utf-16、gb18030 或 big5（仅繁体）。",
                               "File encoding: utf-8, utf-8-sig, utf-16, gb18030 or big5 (Traditional only)."),
    "help.generate.template": ("模板：2021（默认）或 2019。", "Template: 2021 (default) or 2019."),
    "help.generate.error": ("注入一个计算错误：表三或表四的一个数字被改动，核对时应报错。",
                            "Inject one error: a table-3 or table-4 cell changed, so that check fails."),
    "help.generate.damage": ("注入一处损坏：KIND 为损坏类型（如 ocr_letter、footnote、unit_word）或 any（随机）。",
                             "Inject one damage: KIND is a damage kind (ocr_letter, footnote, unit_word …) or any."),
    "help.generate.year": ("报告年度（默认随机）。", "The report's year (default: random)."),
    "help.generate.agency": ("机关名称（默认随机）。", "The body's name (default: random)."),
    "help.generate.seed": ("随机数种子：同样的种子生成同样的文件（默认 0）。",
                           "Random seed: the same seed gives the same files (default 0)."),
    "help.generate.count": ("生成几份报告（默认 1）。", "How many reports (default 1)."),
    "help.generate.output": ("写入这个文件夹（默认当前文件夹；不存在时会创建）。",
                             "The folder to write to (default: the current one; created if missing)."),
    "help.generate.examples": (
        "govreport generate -o 测试                       生成一份报告和答案文件\n"
        "govreport generate --count 10 --error -o 测试    十份，每份注入一个错误\n"
        "govreport generate --script taiwan --encoding big5 --damage footnote -o 测试",
        "govreport generate -o test                       one report and its answer file\n"
        "govreport generate --count 10 --error -o test    ten, each with one injected error\n"
        "govreport generate --script taiwan --encoding big5 --damage footnote -o test"),
    # ---------------------------------------------------------------- generate --scan (issue 13)
    "help.generate.scan": (
        "生成扫描件：报告排成区县式 PDF，渲染成图片并按 PRESET 降质（clean300、clean200、clean150、jpeg60、"
        "jpeg75-150、rotate0.5、rotate1.5、blur、noise、skew、photo、combined）；报告各项勾稽关系都成立。",
        "Scanned: the report printed as a district PDF, rendered and degraded by PRESET (clean300, clean200, "
        "clean150, jpeg60, jpeg75-150, rotate0.5, rotate1.5, blur, noise, skew, photo, combined); every identity holds."),
    "help.generate.scan_format": (
        "扫描件的格式（与 --scan 同用）：pdf（只有图片、没有文字层，默认）、png、jpg（多页上下拼成一张长图）、"
        "tif（多页 TIFF）、html（图片以 data URI 嵌入网页）或 docx（图片嵌入 Word 文档）。",
        "With --scan: pdf (images only, no text layer; default), png, jpg (the pages stacked in one long image), "
        "tif (multi-page TIFF), html (the pages as data-URI images) or docx (the pages as pictures)."),
    "help.generate.scan_layout": (
        "扫描件的排版（与 --scan 同用）：district（默认）、narrow-labels、numbers-first-line、right-aligned、"
        "group-rows、vertical-groups、blanks、huaian-style、large-font 或 small-font。",
        "With --scan: the PDF layout: district (default), narrow-labels, numbers-first-line, right-aligned, "
        "group-rows, vertical-groups, blanks, huaian-style, large-font or small-font."),
}
