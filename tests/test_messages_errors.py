"""Errors speak from the catalogue (family ``errors``): Chinese by default, English with
``--lang en``; a refusal names the file, the row by its official label and the text refused,
never an internal key; legacy Word/WPS files and images get a hint."""

import re
import string
import struct
import zlib
from pathlib import Path

import pytest

from govreport import messages as M
from govreport.errors import InputError, ParseError
from govreport.loaders import load, loads
from govreport.messages.catalog.errors import MESSAGES

ROOT = Path(__file__).resolve().parents[1]
TAICANG = ROOT / "samples" / "taicang-2021.txt"
SNAKE = re.compile(r"[a-z]+_[a-z]+")
INTERNAL = ("requests/", "natural_person", "active_disclosure", "review_litigation", "granted")
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.fixture
def lang():
    """``lang("en")`` switches the language for the test; Chinese again afterwards."""
    try:
        yield M.set_lang
    finally:
        M.set_lang(None)


def _fields(template: str) -> set:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_error_id_has_both_languages_with_the_same_fields():
    assert len(MESSAGES) > 80
    for mid, (zh, en) in MESSAGES.items():
        assert _fields(zh) == _fields(en), mid
        assert M.has(mid) and M.template(mid, "zh") == zh and M.template(mid, "en") == en


def test_chinese_texts_use_full_width_punctuation():
    for mid, (zh, _) in MESSAGES.items():
        text = re.sub(r"\{[a-z_]+\}", "", zh).replace("schema: ", "")  # a YAML line, quoted
        assert not re.search(r"[();]|[,:] |\.$", text), (mid, zh)


# ---------------------------------------------------------------- a sample of refusals
def _taicang(edit) -> bytes:
    lines = TAICANG.read_text(encoding="utf-8").split("\n")
    k = lines.index("(一)予以公開")  # the sample is in traditional script; row 59-ish, 7 numbers below it
    edit(lines, k)
    return "\n".join(lines).encode("utf-8")


def _damaged(lines, k):
    lines[k + 1] = "163l"


def _short(lines, k):
    del lines[k + 2]


def _refusal(kind: str, tmp_path):
    """(the exception, what its English text must say) for one kind of refusal."""
    if kind == "missing":
        return _raised(lambda: load(str(tmp_path / "missing.txt"))), ["no such file"]
    if kind == "binary":
        return _raised(lambda: loads(bytes(range(256)) * 8, path="blob.txt")), ["binary file, not a text report"]
    edit = _damaged if kind == "damaged" else _short
    exc = _raised(lambda: loads(_taicang(edit), path="x.txt"))
    if kind == "damaged":
        return exc, ["table 3 row '（一）予以公开' (line ", "'163l' is not a number"]
    return exc, ["table 3 row '（一）予以公开' (line ", "found 6 numbers, the template has 7"]


def _raised(fn):
    with pytest.raises((InputError, ParseError)) as info:
        fn()
    return info.value


@pytest.mark.parametrize("kind,mid", [("damaged", "parse.cell_refused"), ("short", "parse.row_count"),
                                      ("binary", "input.binary"), ("missing", "input.not_found")])
def test_refusals_name_rows_by_their_labels_in_both_languages(kind, mid, tmp_path, lang):
    exc, english = _refusal(kind, tmp_path)
    assert exc.id == mid
    zh = exc.message  # str(exc) is "path: message"
    assert str(exc) == f"{exc.path}: {zh}"
    assert not any(key in zh for key in INTERNAL) and not SNAKE.search(zh), zh
    assert not re.search(r"[a-zA-Z]{3,}", zh.replace("163l", "")), zh  # no English words
    lang("en")
    en = exc.message
    assert not any(key in en for key in INTERNAL) and not SNAKE.search(en), en
    for needle in english:
        assert needle in en, (needle, en)
    lang(None)
    assert exc.message == zh  # rendered again in the language of the moment


def test_a_damaged_cell_says_file_row_line_and_text():
    exc = _raised(lambda: loads(_taicang(_damaged), path="x.txt"))
    assert exc.params["text"] == "163l" and exc.params["row"] == "（一）予以公开"
    assert re.fullmatch(r"x\.txt: 表三 第 \d+ 行“（一）予以公开”：无法识别的数字“163l”（.+）", str(exc)), str(exc)


def test_a_wrong_count_says_how_many():
    exc = _raised(lambda: loads(_taicang(_short), path="x.txt"))
    assert (exc.params["found"], exc.params["expected"]) == (6, 7)
    assert re.fullmatch(r"x\.txt: 表三 第 \d+ 行“（一）予以公开”：找到 6 个数字，模板有 7 个（[\d ]+）", str(exc)), str(exc)


def test_missing_and_binary_files_in_chinese(tmp_path):
    assert str(_raised(lambda: load(str(tmp_path / "a.txt")))) == f"{tmp_path / 'a.txt'}: 无法读取：文件不存在"
    assert str(_raised(lambda: loads(bytes(range(256)) * 8, path="b.txt"))) == "b.txt: 不是文本格式的报告（二进制文件）"


def test_folder_errors_speak_both_languages(tmp_path, lang):
    from govreport import folder

    with pytest.raises(folder.FolderError) as info:
        folder.newest_path(str(tmp_path))
    assert info.value.id == "folder.nothing_given"
    assert f"{tmp_path} 中也没有可读的报告" in str(info.value)
    lang("en")
    assert f"no readable report in {tmp_path}" in str(info.value)


# ---------------------------------------------------------------- legacy formats get a hint
def _png() -> bytes:
    """A real 1×1 grey PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))


def _ole2() -> bytes:
    """A compound file header as Word 97–2003 writes it: magic, minor/major version 3, byte order
    FFFE, sector shift 9 (512-byte sectors), mini sector shift 6, one FAT sector."""
    header = OLE2 + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<IIIIIIII", 0, 1, 1, 0, 0x1000, 0xFFFFFFFE, 0, 0xFFFFFFFE)
    header += struct.pack("<I", 0) + b"\xff" * (512 - len(header) - 4)
    return header + b"\x00" * 1024


LEGACY = {
    "report.doc": (_ole2, "这是旧版 Word/WPS 文件（.doc/.wps），请先另存为 .docx 再读取",
                   "a legacy Word/WPS file (.doc/.wps): save it as .docx first"),
    "report.wps": (lambda: b"\x00\x01WPS" + bytes(range(256)) * 4, "这是旧版 Word/WPS 文件",
                   "a legacy Word/WPS file"),
    "renamed.txt": (_ole2, "这是旧版 Word/WPS 文件", "a legacy Word/WPS file"),
    "scan.png": (_png, "这是图片，不含文字：用 --ocr auto 做文字识别", "an image with no text: read it with --ocr auto"),
    "scan.jpg": (lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200), "这是图片", "an image with no text"),
}


@pytest.mark.parametrize("name", sorted(LEGACY))
def test_legacy_word_files_and_images_get_a_hint(name, tmp_path, run, lang):
    make, zh, en = LEGACY[name]
    path = tmp_path / name
    path.write_bytes(make())
    never = ["--ocr", "never"] if name.startswith("scan.") else []  # with OCR, images are read (tests/test_ocr.py)
    result = run(never + ["check", path])
    assert result.exit_code == 2 and zh in result.stderr and str(path) in result.stderr, result.output
    assert result.stderr.count("\n") == 1
    result = run(never + ["--lang", "en", "check", path])
    assert result.exit_code == 2 and en in result.stderr, result.output
    lang(None)
    result = run(["show", path] + never, env={"GOVREPORT_LANG": "en"})
    assert result.exit_code == 2 and en in result.stderr, result.output


@pytest.mark.parametrize("name", ["scan.png", "scan.jpg"])
def test_an_image_without_a_report_is_one_line(name, tmp_path, run):
    """With OCR on (the default), a blank image or a broken one is still one line and exit 2."""
    path = tmp_path / name
    path.write_bytes(LEGACY[name][0]())
    result = run(["check", path])
    assert result.exit_code == 2 and str(path) in result.stderr and result.stderr.count("\n") == 1, result.output
    assert any(t in result.stderr for t in ("图像中没有识别出文字", "无法读取图片", "govreport[ocr]")), result.stderr


def test_a_doc_that_is_really_html_is_still_read(tmp_path):
    """Sites often serve a saved web page as .doc: text content is read, never hinted away."""
    page = "<html><body>" + TAICANG.read_text(encoding="utf-8").replace("\n", "<br>") + "</body></html>"
    path = tmp_path / "report.doc"
    path.write_text(page, encoding="utf-8")
    assert load(str(path)).year == 2021
