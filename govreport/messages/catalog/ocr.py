"""Messages of OCR input (scanned pages, table images) and of the identities' verdict on it."""

MESSAGES = {
    # ------------------------------------------------------------ input
    "ocr.needs_extra": ("识别扫描件和图片需要先安装：pip install 'govreport[ocr]'",
                        "reading scans and images needs: pip install 'govreport[ocr]'"),
    "ocr.no_text": ("图像中没有识别出文字", "no text found in the image"),
    "ocr.image_unreadable": ("无法读取图片：{detail}", "cannot read the image: {detail}"),
    "ocr.detail.no_frame": ("文件里没有图像", "the file holds no image"),
    "ocr.detail.not_image_uri": ("不是图片的 data URI", "not an image data URI"),
    "ocr.detail.outside_folder": ("不在网页所在的文件夹内", "outside the web page's folder"),
    "ocr.detail.not_regular_file": ("不是普通文件", "not a regular file"),
    "ocr.image_too_large": ("图片超过 {limit} 像素（疑似解压炸弹）",
                            "an image of more than {limit} pixels (a decompression bomb?)"),
    # ------------------------------------------------------------ findings
    "recovery.label placed by the template order": (
        "行名未能识别，这一行数字按模板行序归入上下两行之间唯一的一行",
        "its label was not read: the line of numbers placed in the one row the template's order leaves "
        "between the rows above and below"),
    "ocr.none": ("无", "none"),
    "ocr.blank": ("空白", "blank"),
    "ocr.confirmed": ("{cell}：识别读作“{read}”，把握不足（置信度 {score}），勾稽关系确认为 {value}；"
                      "用到的 {identities} 不再作为该单元格的独立佐证",
                      "{cell}: read by OCR as “{read}” with low confidence ({score}), confirmed as {value} "
                      "by {identities}, which no longer count as independent evidence for it"),
    "ocr.recovered": ("{cell}：识别读作“{read}”（置信度 {score}），按勾稽关系唯一确定为 {value}；"
                      "用到的 {identities} 不再作为该单元格的独立佐证",
                      "{cell}: read by OCR as “{read}” (confidence {score}), recovered as {value}, the only "
                      "reading {identities} allow; they no longer count as independent evidence for it"),
    "ocr.flagged": ("{cell}：识别读作“{read}”（置信度 {score}），勾稽关系不能唯一确定（可能为：{possible}），请核对原件",
                    "{cell}: read by OCR as “{read}” (confidence {score}); the identities do not single out one "
                    "reading (possible: {possible}): check the original"),
    "ocr.missing": ("{cell}：图像上这一格没有识别出数字，勾稽关系不能确定（可能为：{possible}），请核对原件",
                    "{cell}: no number was read in this cell of the image and the identities cannot settle it "
                    "(possible: {possible}): check the original"),
    "ocr.filled": ("{cell}：图像上这一格没有识别出数字，按勾稽关系唯一确定为 {value}；"
                   "用到的 {identities} 不再作为该单元格的独立佐证",
                   "{cell}: no number was read in this cell of the image; the identities allow only {value} "
                   "({identities}, which no longer count as independent evidence for it)"),
    "ocr.missing.unread": (
        "{cell}：这一格所在的行识别出的数字（{unread}）与模板的格数对不上，无法确定各格；"
        "勾稽关系不能确定这一格（可能为：{possible}），请核对原件",
        "{cell}: the numbers read on its row ({unread}) do not match the template's cells, so the cells "
        "cannot be told apart; the identities cannot settle this one (possible: {possible}): check the original"),
    "ocr.missing.unread_none": (
        "{cell}：这一格所在的行没有识别出数字；勾稽关系不能确定这一格（可能为：{possible}），请核对原件",
        "{cell}: no number was read on its row; the identities cannot settle this cell (possible: {possible}): "
        "check the original"),
    "ocr.missing.columns": (
        "{cell}：表头的列标题识别不出，无法确定各列的顺序（这一行识别出：{unread}）；"
        "勾稽关系不能确定这一格（可能为：{possible}），请核对原件",
        "{cell}: the table's column headers could not be read, so its columns cannot be told apart (read on "
        "this row: {unread}); the identities cannot settle this cell (possible: {possible}): check the original"),
    "ocr.filled.columns": (
        "{cell}：表头的列标题识别不出，无法确定各列的顺序（这一行识别出：{unread}）；"
        "这一格按勾稽关系唯一确定为 {value}；用到的 {identities} 不再作为该单元格的独立佐证",
        "{cell}: the table's column headers could not be read (read on this row: {unread}); the identities "
        "allow only {value} here ({identities}, which no longer count as independent evidence for it)"),
    "ocr.filled.unread": (
        "{cell}：这一格所在的行识别出的数字（{unread}）与模板的格数对不上，这一格按勾稽关系唯一确定为 {value}；"
        "用到的 {identities} 不再作为该单元格的独立佐证",
        "{cell}: the numbers read on its row ({unread}) do not match the template's cells; the identities allow "
        "only {value} here ({identities}, which no longer count as independent evidence for it)"),
    "ocr.filled.unread_none": (
        "{cell}：这一格所在的行没有识别出数字，这一格按勾稽关系唯一确定为 {value}；"
        "用到的 {identities} 不再作为该单元格的独立佐证",
        "{cell}: no number was read on its row; the identities allow only {value} here ({identities}, which no "
        "longer count as independent evidence for it)"),
    "ocr.review": ("{cell}：识别读作“{read}”，置信度 {score} 偏低；本表没有勾稽关系可以验证，请核对原件",
                   "{cell}: read by OCR as “{read}” with a low confidence of {score}; this table has no identity "
                   "to verify it: check the original"),
    "ocr.confirmed.second_pass": (
        "{cell}：版面检测漏掉了这一格的数字，单独识别这一格读作“{read}”（置信度 {score}），勾稽关系确认为 {value}；"
        "用到的 {identities} 不再作为该单元格的独立佐证",
        "{cell}: the number in this cell was missed by the layout detection and read on the cell alone as "
        "“{read}” (confidence {score}), confirmed as {value} by {identities}, which no longer count as "
        "independent evidence for it"),
    "ocr.review.sign": (
        "{cell}：识别读作“{read}”；这一栏可以是负数，扫描件上的负号（或“减”字）容易漏识别，"
        "本表没有勾稽关系可以验证，请核对原件",
        "{cell}: read by OCR as “{read}”; this column may be negative and a minus sign (or 减) is easily lost "
        "in a scan; this table has no identity to verify it: check the original"),
    "ocr.review.second_pass": (
        "{cell}：版面检测漏掉了这一格的数字，单独识别这一格读作“{read}”（置信度 {score}）；"
        "本表没有勾稽关系可以验证，请核对原件",
        "{cell}: the number in this cell was missed by the layout detection and read on the cell alone as "
        "“{read}” (confidence {score}); this table has no identity to verify it: check the original"),
    "ocr.second_pass": ("（这一格的数字由单独识别这一格读出：版面检测漏掉了它）",
                        " (the number was read on the cell alone: the layout detection missed it)"),
    "rule.ocr.confirmed": ("勾稽关系确认的识别结果", "OCR readings confirmed by the identities"),
    "rule.ocr.recovered": ("勾稽关系还原的识别结果", "OCR readings recovered by the identities"),
    "rule.ocr.flagged": ("不能确定的识别结果", "OCR readings the identities cannot settle"),
    "rule.ocr.filled": ("勾稽关系补出的漏识别数字", "numbers OCR missed, filled by the identities"),
    "rule.ocr.missing": ("未识别出的数字", "numbers OCR did not find"),
    "rule.ocr.review": ("需人工核对的识别结果", "OCR readings to review"),
}

MESSAGES.update({
    # ------------------------------------------------------------ govreport generate --scan
    "generate.scan.consistent": ("扫描件不注入错误或损坏：--scan 不能与 --error、--damage 同用",
                                 "scanned reports are consistent: --scan does not go with --error or --damage"),
    "generate.scan.no_font": ("找不到中文字体，无法打印扫描件：请安装一种 CJK 字体（如 fonts-wqy-microhei）",
                              "no CJK font to print the scans with: install one (e.g. fonts-wqy-microhei)"),
    # ------------------------------------------------------------ govreport doctor
    "doctor.version": ("govreport {version}（Python {python}）；可选组件：", "govreport {version} (Python {python}); extras:"),
    "doctor.installed": ("已安装（{versions}）", "installed ({versions})"),
    "doctor.missing": ("未安装：pip install 'govreport[{extra}]'", "not installed: pip install 'govreport[{extra}]'"),
    "doctor.extra.pdf": ("读取 PDF", "read PDF"),
    "doctor.extra.ocr": ("识别扫描件和表格图片（OCR）", "read scans and table images (OCR)"),
    "doctor.extra.xlsx": ("Excel 导出", "Excel export"),
    "doctor.extra.plot": ("趋势图", "trend charts"),
    "doctor.extra.parquet": ("Parquet 导出", "Parquet export"),
    "doctor.extra.dask": ("Dask 集群", "Dask clusters"),
    "help.doctor": ("列出本机安装了哪些可选组件（pdf、ocr、xlsx、plot、parquet、dask），缺少时如何安装。",
                    "Which optional extras are installed (pdf, ocr, xlsx, plot, parquet, dask), and how to add one."),
    "help.doctor.format": ("输出格式：text 或 json。", "text or json."),
    "help.doctor.examples": ("govreport doctor                 列出已安装的可选组件\n"
                             "govreport doctor --format json  同上，JSON 格式",
                             "govreport doctor                 list the installed extras\n"
                             "govreport doctor --format json  the same as JSON"),
})
