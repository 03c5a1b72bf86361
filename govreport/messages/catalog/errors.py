"""Messages: errors (see govreport.messages).

Raised by the core (``raise InputError("input.not_found", path)``) and shown as
``path: message``.  A row is named by its official label, a table as 表二/表三/表四;
``{where}`` is a place in the file (``第 4 页第 3 行`` / `` (page 4, line 3)``).
"""

from ... import messages as M


class Text:
    """Text rendered when it is shown, in the language of that moment: a catalogue message
    used as a field of another (``Text("parse.reason.letters")``), or any function of the
    language (``Text(render=lambda: ...)``).  An error keeps it among its fields, so that
    ``str(exc)`` after ``set_lang("en")`` is English throughout."""

    __slots__ = ("render",)

    def __init__(self, mid: str = "", render=None, **params):
        self.render = render or (lambda: M.text(mid, **params))

    def __str__(self) -> str:
        return self.render()

    def __format__(self, spec: str) -> str:
        return format(self.render(), spec)

    def __repr__(self) -> str:
        return f"Text({self.render()!r})"


MESSAGES = {
    # ------------------------------------------------------------ reading the file
    "input.not_found": ("无法读取：文件不存在", "no such file"),
    "input.is_directory": ("这是文件夹，不是报告文件", "is a directory, not a report file"),
    "input.cannot_read": ("无法读取：{reason}", "cannot read: {reason}"),
    "input.stdin_empty": ("标准输入没有内容（请给出文件，或用管道把报告传给“-”）",
                          "nothing on standard input (give a FILE, or pipe a report into '-')"),
    "input.out_of_memory": ("读取时内存不足", "out of memory while reading"),
    "input.too_large": ("输入超过 {limit} 的上限（可用 --max-size 或 ${env} 调高）",
                        "input larger than the limit of {limit} (--max-size or ${env} raises it)"),
    "input.bytes": ("{n} 字节", "{n} bytes"),
    "input.size_source": ("大小上限", "max size"),
    "input.size_not_positive": ("{source}：必须是正数，而不是 {value}", "{source}: must be positive, not {value}"),
    "input.size_invalid": ("{source}：“{value}”不是有效的大小（字节数，或带 K、M、G 的数字）",
                           "{source}: not a size: '{value}' (bytes, or a number with K, M or G)"),
    "input.load_out_of_memory": ("加载时内存不足（文件太大或太复杂）",
                                 "out of memory while loading (the file is too large or too complex)"),
    "input.too_deep": ("嵌套层次太深，无法加载", "nested too deeply to load"),
    "input.empty": ("空文件", "empty file"),
    "input.unknown_format": ("未知格式“{format}”（可选：{choices}）", "unknown format '{format}' (choose from {choices})"),
    "input.legacy_word": ("这是旧版 Word/WPS 文件（.doc/.wps），请先另存为 .docx 再读取",
                          "a legacy Word/WPS file (.doc/.wps): save it as .docx first"),
    "input.image": ("这是图片，不含文字：请先做文字识别（OCR）", "an image with no text: run OCR first"),
    "input.binary": ("不是文本格式的报告（二进制文件）", "binary file, not a text report"),
    "input.bad_bom": ("文件以 {encoding} 字节顺序标记开头，但第 {byte} 字节不是有效的 {encoding} 编码",
                      "invalid {encoding} at byte {byte} after a {encoding} byte-order mark"),
    "input.undecodable": ("无法识别文字编码（已尝试 UTF-8、UTF-16、GB18030、Big5）",
                          "cannot decode the text (tried UTF-8, UTF-16, GB18030, Big5)"),
    # ------------------------------------------------------------ DOCX
    "docx.bad_zip": ("不是有效的 DOCX（zip）文件：{detail}", "not a valid DOCX (zip) file: {detail}"),
    "docx.no_local_header": ("不是有效的 DOCX（zip）文件：{member} 没有本地文件头",
                             "not a valid DOCX (zip) file: no local header for {member}"),
    "docx.too_many_members": ("DOCX 含有 {count} 个 zip 成员（上限 {limit} 个）",
                              "DOCX has {count} zip members (limit {limit})"),
    "docx.not_word": ("不是 Word 文档：zip 中没有 word/document.xml",
                      "not a Word document: the zip has no word/document.xml"),
    "docx.member_declared": ("DOCX 成员 {member} 声明解压后有 {size} 字节（上限 {limit}）",
                             "DOCX member {member} inflates to {size} bytes as declared (limit {limit})"),
    "docx.member_too_large": ("DOCX 成员 {member} 解压后超过 {limit}（上限；zip 声明为 {size} 字节）",
                              "DOCX member {member} inflates to more than {limit} (limit; the zip declares {size} "
                              "bytes)"),
    "docx.ratio": ("DOCX 成员 {member} 的压缩比超过 {ratio}（疑似 zip 炸弹）",
                   "DOCX member {member} has a compression ratio over {ratio} (zip bomb?)"),
    "docx.total_too_large": ("DOCX 解压后超过 {limit}（上限）", "DOCX inflates to more than {limit} (limit)"),
    "docx.too_many_elements": ("DOCX 含有超过 {limit} 个 XML 元素（上限）",
                               "DOCX has more than {limit} XML elements (limit)"),
    "docx.compression": ("DOCX 成员 {member} 使用了不支持的压缩方式（{method}）",
                         "DOCX member {member} uses an unsupported compression ({method})"),
    "docx.size_mismatch": ("DOCX 成员 {member} 解压后有 {size} 字节，但 zip 声明为 {declared} 字节",
                           "DOCX member {member} inflates to {size} bytes, but the zip declares {declared}"),
    "docx.unreadable": ("无法读取 DOCX：{detail}", "cannot read the DOCX: {detail}"),
    # ------------------------------------------------------------ HTML
    "html.unparsable": ("无法解析 HTML：{detail}", "cannot parse the HTML: {detail}"),
    "html.limits": ("HTML 超出解析器的限制（第 {line} 行：{detail}）",
                    "HTML beyond the parser's limits (line {line}: {detail})"),
    # ------------------------------------------------------------ PDF
    "pdf.needs_extra": ("读取 PDF 需要先安装：pip install 'govreport[pdf]'",
                        "PDF support needs: pip install 'govreport[pdf]'"),
    "pdf.encrypted": ("PDF 已加密（需要密码）：请先解密", "encrypted PDF (needs a password): decrypt it first"),
    "pdf.damaged": ("不是可读的 PDF（文件已损坏）：{detail}", "not a readable PDF (damaged or corrupt): {detail}"),
    "pdf.too_many_pages": ("共 {pages} 页，超过报告最多 {limit} 页的上限",
                           "{pages} pages: more than the {limit} a report can have"),
    "pdf.page_chars": ("一页有 {count} 个字符，超过报告一页最多 {limit} 个的上限",
                       "a page holds {count} characters, more than the {limit} a report page can have"),
    "pdf.unreadable_text": ("无法读取 PDF 中的文字：{detail}", "cannot read PDF text: {detail}"),
    "pdf.no_text_layer": ("PDF 没有文字层（可能是扫描件）：请先做文字识别（OCR）", "no text layer: run OCR first"),
    "pdf.stream_bomb": ("一个压缩流解压后超过 {limit} MiB（疑似解压炸弹）",
                        "a compressed stream inflates to more than {limit} MiB (a decompression bomb?)"),
    # ------------------------------------------------------------ JSON / YAML documents
    "data.json_invalid": ("不是有效的 JSON：{detail}", "invalid JSON: {detail}"),
    "data.yaml_invalid": ("不是有效的 YAML：{detail}", "invalid YAML: {detail}"),
    "data.too_deep": ("嵌套层次太深", "nested too deeply"),
    "data.duplicate_key": ("键 {key} 重复", "duplicate key {key}"),
    "data.constant": ("{name} 不是报告中的数字", "{name} is not a number in a report"),
    "data.overflow": ("{value} 超出范围（不是有限数）", "{value} overflows (not a finite number)"),
    "data.yaml_line": ("第 {line} 行：{detail}", "line {line}: {detail}"),
    "data.yaml_alias": ("别名 *{anchor}：报告文件中不允许使用锚点和别名",
                        "alias *{anchor}: anchors and aliases are not allowed in a report file"),
    "data.yaml_anchor": ("锚点 &{anchor}：报告文件中不允许使用锚点和别名",
                         "anchor &{anchor}: anchors and aliases are not allowed in a report file"),
    "data.yaml_ambiguous": ("{value} 在 YAML 1.1 和 1.2 中的读法不同：请加引号作为文本，或直接写数字（305、2.5、1.0e+3）",
                            "{value} reads differently in YAML 1.1 and 1.2: quote it as text, or write the number "
                            "plainly (305, 2.5, 1.0e+3)"),
    "data.yaml_number": ("{tag} {value}：YAML 1.1 与 1.2 对这个数字的读法不同",
                         "{tag} {value}: not a number that YAML 1.1 and 1.2 read the same"),
    "data.yaml_nan": ("{value}：报告中不允许 NaN 和无穷大", "{value}: NaN and infinite numbers are not allowed in a report"),
    "data.yaml_complex_key": ("用映射或列表作键", "a mapping or list as a key"),
    "data.yaml_tag": ("报告中不允许 {tag} 类型的值", "{tag} values are not allowed in a report"),
    "data.not_document": ("不是 govreport 文档（没有“tables”键）", "not a govreport document (no 'tables' key)"),
    "data.top_level": ("不是 govreport 文档：顶层是{kind}，而不是映射",
                       "not a govreport document: the top level is {kind}, not a mapping"),
    "data.not_mapping": ("{field}：不是映射（{kind}）", "{field}: not a mapping ({kind})"),
    "data.key_not_text": ("{field}：键 {key} 不是文本", "{field}: key {key} is not text"),
    "data.not_text": ("{field}：不是文本（{kind}）", "{field}: not text ({kind})"),
    "data.not_integer": ("{field}：不是整数（{kind}）", "{field}: not an integer ({kind})"),
    "data.not_number": ("{field}：不是数字（{kind}）", "{field}: not a number ({kind})"),
    "data.not_finite": ("{field}：不是有限数（{value}）", "{field}: not a finite number ({value})"),
    "data.too_big": ("{field}：超出范围（{value}；绝对值最大 {limit}）",
                     "{field}: out of range ({value}; at most {limit} in size)"),
    "data.not_plain": ("{field}：不是简单值（{kind}）", "{field}: not a plain value ({kind})"),
    "data.no_schema": ("{field}：缺失（govreport 文档以 schema: {schema} 开头）",
                       "{field}: missing (a govreport document starts with schema: {schema})"),
    "data.unknown_schema": ("{field}：未知的格式版本 {value}（本版本读取 {schema}）",
                            "{field}: unknown schema {value} (this version reads {schema})"),
    "data.missing": ("{field}：缺失", "{field}: missing"),
    "data.year_range": ("{field}：超出范围（{value}；应在 {first}–{last} 之间）",
                        "{field}: out of range ({value}; {first}–{last})"),
    "data.unknown_template": ("{field}：未知模板 {value}（可选：{choices}）",
                              "{field}: unknown template {value} (choose from {choices})"),
    "data.not_list": ("{field}：不是列表（{kind}）", "{field}: not a list ({kind})"),
    "data.unknown_table": ("{field}：未知的表 {value}（表为：{choices}）",
                           "{field}: unknown table {value} (the tables are {choices})"),
    "data.no_cell": ("{field}：tables 中没有这个单元格", "{field}: no such cell in tables"),
    "data.unknown_row": ("{field}：{template} 模板没有这一行", "{field}: unknown row of the {template} template"),
    "data.unknown_column": ("{field}：未知的列", "{field}: unknown column"),
    "data.cell_not_number": ("{field}：{value} 不是数字", "{field}: {value} is not a number"),
    "data.kind.mapping": ("映射", "a mapping"),
    "data.kind.list": ("列表", "a list"),
    # ------------------------------------------------------------ reading the tables
    "where.page": ("第 {n} 页", "page {n}"),
    "where.table": ("第 {n} 张表", "table {n}"),
    "where.row": ("第 {n} 行", "row {n}"),
    "where.line": ("第 {n} 行", "line {n}"),
    "where.around": ("{places}", " ({places})"),
    "where.sep": ("", ", "),
    "parse.no_report": ("未找到报告：没有标准表格，也没有章节标题",
                        "no report found: no standard tables and no section headings"),
    "parse.cell_refused": ("{table} {where}“{row}”：无法识别的数字“{text}”（{reason}）",
                           "{table} row '{row}'{where}: '{text}' is not a number ({reason})"),
    "parse.reason.letters": ("数字中混有字母", "letters where a number belongs"),
    "parse.reason.not_number": ("数字中混有无法识别的字符", "not a number"),
    "parse.row_count": ("{table} {where}“{row}”：找到 {found} 个数字，模板有 {expected} 个（{numbers}）",
                        "{table} row '{row}'{where}: found {found} numbers, the template has {expected} ({numbers})"),
    "parse.stray_text": ("{table} {where}“{row}”：数字之间夹着“{text}”",
                         "{table} row '{row}'{where}: '{text}' stands between its numbers"),
    "parse.unlabelled_number": ("{table} {where}：数字“{text}”没有行标签",
                                "{table} number '{text}'{where} has no row label"),
    "parse.other_template_rows": ("{table} {where}“{row}”有数字，但该表是按另一版模板的行印制的",
                                  "{table} row '{row}'{where} carries numbers, but the table is printed with the rows "
                                  "of another template"),
    "parse.column_header": ("{table} 列标题：{problem}", "{table} column header: {problem}"),
    "parse.header.top_columns": ("表头中“自然人”“总计”的位置不对", "the header prints 自然人/总计 out of their places"),
    "parse.header.legal_columns": ("表头中“法人或其他组织”各列的顺序与模板不同，且并非每个列标题都能识别",
                                   "the header prints the 法人或其他组织 columns in another order, and not every "
                                   "column label could be read"),
    "parse.printed_twice": ("{table} “{row}”出现两次且数字不同（{first}；{second}）",
                            "{table} row '{row}' is printed twice with different numbers{first}{second}"),
    "parse.no_number": ("{table} {where}“{row}”：没有找到数字，模板有 {expected} 个（此处无法区分空白与丢失的数字）",
                        "{table} row '{row}'{where}: no number found, the template has {expected} (a blank cannot be "
                        "told from a lost number here)"),
    "parse.unit": ("{table} {where}“{row}”：“{text}”的单位是“{unit}”，但“{column}”列不用这个单位",
                   "{table} row '{row}'{where}: '{text}' is in {unit}, but the column {column} is not"),
    "parse.glued_ambiguous": ("{table} {where}“{row}”：连在一起的数字（{text}）拆分方式太多，无法确定",
                              "{table} row '{row}'{where}: digits run together ({text}) can be read in too many ways"),
    "parse.glued_ambiguous_table": ("{table}：连在一起的数字（{text}）拆分方式太多，无法确定",
                                    "{table}: digits run together ({text}) can be read in too many ways"),
    "parse.glued_no_split": ("{table} {where}“{row}”：连在一起的数字（{text}）无法拆成 {expected} 个单元格使本行合计成立"
                             "（报告本身的算术可能有误）",
                             "{table} row '{row}'{where}: digits run together ({text}); no way to split them into "
                             "{expected} cells satisfies the row's total (the report's own arithmetic may be wrong)"),
    "parse.glued_unverifiable": ("{table} {where}“{row}”：连在一起的数字（“{text}”）拆分方式太多，无法逐一验证",
                                 "{table} row '{row}'{where}: digits run together ('{text}') can be read in too many "
                                 "ways to verify"),
    "parse.glued_no_solution": ("{table} {where}“{row}”：连在一起的数字（“{text}”）无论怎样拆分都不满足表内合计"
                                "（报告本身的算术可能有误）",
                                "{table} row '{row}'{where}: digits run together ('{text}'); no way to split them "
                                "satisfies the table's totals (the report's own arithmetic may be wrong)"),
    "parse.glued_several": ("{table} {where}“{row}”：连在一起的数字（“{text}”）有不止一种拆分方式满足表内合计",
                            "{table} row '{row}'{where}: digits run together ('{text}'); more than one way to split "
                            "them satisfies the table's totals"),
    "parse.loose_row": ("{table} “{row}”：数字与行标签分开印制，按位置对应后不满足表内合计（{rule}）",
                        "{table} row '{row}': its numbers stand apart from its label, and matched to it they do not "
                        "satisfy the table's totals ({rule})"),
    "parse.flat_surplus": ("{table} {where}“{row}”：数字多于 {expected} 个",
                           "{table} row '{row}': more than {expected} numbers{where}"),
    "parse.block_count": ("{table} {where}“{row}”：找到 {found} 个数字，每组应有 {width} 个",
                          "{table} row '{row}': found {found} numbers where a block has {width}{where}"),
    "parse.table_count": ("{table} {where}“{row}”：找到 {found} 个数字，模板有 {expected} 个{numbers}",
                          "{table} row '{row}': found {found} numbers, the template has {expected}{numbers}{where}"),
    "parse.numbers": ("（{text}）", " ({text})"),
    "parse.table_count_after": ("{table} {where}“{row}”（或上一行“{previous}”的末尾，该行数字合计正确）："
                                "找到 {found} 个数字，模板有 {expected} 个{numbers}",
                                "{table} row '{row}' (or the end of row '{previous}', whose numbers add up): found "
                                "{found} numbers, the template has {expected}{numbers}{where}"),
    # ------------------------------------------------------------ folders of reports
    "folder.not_directory": ("{folder}：不是文件夹", "{folder}: not a directory"),
    "folder.in_current": ("当前文件夹中", " in the current folder"),
    "folder.in": ("{folder} 中", " in {folder}"),
    "folder.none": ("无", "none"),
    "folder.sep": ("、", ", "),
    "folder.no_body": ("（未写明机关）", "(no body)"),
    "folder.candidate": ("{agency}（{file}）", "{agency} ({file})"),
    "folder.unreadable": ("；另有 {count} 个文件无法读取：{names}", "; {count} file(s) could not be read: {names}"),
    "folder.no_year": ("{where}没有 {year} 年的报告（已有年份：{available}）{unreadable}",
                       "no report for {year}{where} (years available: {available}){unreadable}"),
    "folder.no_agency": ("{where}没有 {year} 年机关名称含“{agency}”的报告（{year} 年的机关：{candidates}）",
                         "no report for {year} of a body matching '{agency}'{where} (bodies for {year}: {candidates})"),
    "folder.several_bodies": ("{where}有 {count} 份 {year} 年的报告：{candidates}；请用 --agency 选择其中一份",
                              "{count} reports for {year}{where}: {candidates}; choose one with --agency"),
    "folder.no_reports": ("{where}没有报告{unreadable}", "no reports{where}{unreadable}"),
    "folder.nothing_given": ("未给出报告（请给出文件或年份，或用“-”读取标准输入），{where}也没有可读的报告{unreadable}",
                             "no report given (give a FILE or a year, or '-' to read standard input), and no "
                             "readable report{where}{unreadable}"),
}
