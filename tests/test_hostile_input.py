"""Hostile and damaged input (issue 9, input half): every case ends in a one-line error naming the
file, within time and memory bounds, never in an internal error.

The bombs run in a subprocess under ``RLIMIT_AS`` (500 MB) with a timeout; each reports its
elapsed time and peak RSS (VmHWM) (``[hostile] …`` lines, shown with ``pytest -s``).
"""

from __future__ import annotations

import html
import json
import os
import struct
import subprocess
import sys
import textwrap
import threading
import time
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govreport.cli import get_app
from govreport.errors import GovreportError, InputError
from govreport.loaders import docx as docx_loader
from govreport.loaders import load, loads, read_bytes

ROOT = Path(__file__).resolve().parents[1]
TAICANG = ROOT / "samples" / "taicang-2021.txt"
MB = 1024 * 1024

PRELUDE = """
import json, os, resource, sys, time
LIMIT = {limit}
resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))
_t0 = time.perf_counter()
def done(**kw):
    kw["seconds"] = time.perf_counter() - _t0
    # VmHWM, not ru_maxrss: Linux carries the parent's peak into ru_maxrss across fork and exec
    with open("/proc/self/status") as fh:
        status = dict(line.split(":", 1) for line in fh if ":" in line)
    kw["maxrss_mb"] = int(status["VmHWM"].split()[0]) / 1024  # peak resident
    kw["rss_mb"] = int(status["VmRSS"].split()[0]) / 1024  # resident now
    print("RESULT " + json.dumps(kw, ensure_ascii=False), flush=True)
def attempt(fn):
    try:
        fn()
        done(ok=True)
    except BaseException as exc:
        done(error=type(exc).__name__, message=str(exc))
"""


def bounded(name: str, code: str, mem_mb: int = 500, timeout: float = 60, stdin=None, env=None) -> dict:
    """Run ``code`` (which calls ``attempt(fn)``) in a fresh interpreter under an address-space
    limit; return its RESULT (error, message, seconds, maxrss_mb)."""
    script = PRELUDE.format(limit=mem_mb * MB) + textwrap.dedent(code)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=timeout,
                          stdin=stdin if stdin is not None else subprocess.DEVNULL, cwd=ROOT,
                          env={**os.environ, **(env or {})})
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    assert lines, (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    result = json.loads(lines[-1][7:])
    print(f"\n[hostile] {name}: {result['seconds']:.2f} s, peak RSS {result['maxrss_mb']:.0f} MB"
          f" — {result.get('message') or 'ok'}")
    return result


def refused(result: dict, *needles: str, seconds: float = 10, mem_mb: int = 500) -> None:
    assert result.get("error") == "InputError", result
    assert "\n" not in result["message"]
    for needle in needles:
        assert needle in result["message"], (needle, result["message"])
    assert result["seconds"] < seconds, result
    assert result["maxrss_mb"] < mem_mb, result


def cli(*args, **kwargs):
    return CliRunner().invoke(get_app(), [str(a) for a in args], **kwargs)


# ------------------------------------------------------------------ 1. byte cap on every kind of input
def test_dev_zero_stops_at_the_limit():
    r = bounded("/dev/zero", "from govreport.loaders import load\nattempt(lambda: load('/dev/zero'))")
    refused(r, "/dev/zero", "64 MiB", seconds=5, mem_mb=300)


def test_dev_urandom_stops_at_a_configured_limit():
    r = bounded("/dev/urandom (GOVREPORT_MAX_SIZE=8M)",
                "from govreport.loaders import load\nattempt(lambda: load('/dev/urandom'))",
                env={"GOVREPORT_MAX_SIZE": "8M"})
    refused(r, "/dev/urandom", "8 MiB", seconds=5, mem_mb=200)


def test_endless_stdin_stops_at_the_limit():
    yes = subprocess.Popen(["yes", "政府信息公开 一、总体情况 12345"], stdout=subprocess.PIPE)
    try:
        r = bounded("endless stdin (pipe)", "from govreport.loaders import load\nattempt(lambda: load('-'))",
                    stdin=yes.stdout, env={"GOVREPORT_MAX_SIZE": "16M"})
    finally:
        yes.kill()
        yes.wait()
    refused(r, "-: ", "16 MiB", seconds=10, mem_mb=250)


def test_endless_stdin_through_the_cli_exits_2_with_one_line():
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.run([sys.executable, "-m", "govreport", "show", "-"], stdin=zero, capture_output=True,
                              text=True, timeout=30, cwd=ROOT, env={**os.environ, "GOVREPORT_MAX_SIZE": "4M"})
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "4 MiB" in proc.stderr and "internal error" not in proc.stderr


def test_fifo_is_read_like_a_stream(tmp_path):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)

    def writer():
        with open(fifo, "wb") as fh:
            fh.write(TAICANG.read_bytes())

    t = threading.Thread(target=writer)
    t.start()
    started = time.perf_counter()
    report = load(str(fifo))
    t.join(5)
    assert report.tables["requests"].value("new_received", "total") == 333
    assert time.perf_counter() - started < 5


def test_fifo_whose_writer_closes_at_once_does_not_block(tmp_path):
    fifo = tmp_path / "empty.fifo"
    os.mkfifo(fifo)
    t = threading.Thread(target=lambda: open(fifo, "wb").close())
    t.start()
    with pytest.raises(InputError, match="empty"):
        load(str(fifo))
    t.join(5)


def test_endless_fifo_stops_at_the_limit(tmp_path):
    fifo = tmp_path / "endless.fifo"
    os.mkfifo(fifo)
    stop = threading.Event()

    def writer():
        try:
            with open(fifo, "wb") as fh:
                while not stop.is_set():
                    fh.write(b"x" * 65536)
        except (BrokenPipeError, OSError):
            pass

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    with pytest.raises(InputError, match=r"endless\.fifo: 输入超过 1 MiB 的上限"):
        read_bytes(str(fifo), max_size=MB)
    stop.set()
    t.join(5)


def test_regular_file_over_the_limit_is_refused_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(100 * MB)  # sparse: refused by its size, not read
    started = time.perf_counter()
    with pytest.raises(InputError, match=r"big\.txt: 输入超过 64 MiB 的上限"):
        load(str(big))
    assert time.perf_counter() - started < 1
    with pytest.raises(InputError, match="超过 1 KiB 的上限"):
        load(str(TAICANG), max_size=1024)
    assert load(str(TAICANG), max_size="1M").year == 2021
    monkeypatch.setenv("GOVREPORT_MAX_SIZE", "1k")
    with pytest.raises(InputError, match="超过 1 KiB 的上限"):
        load(str(TAICANG))
    monkeypatch.setenv("GOVREPORT_MAX_SIZE", "lots")
    with pytest.raises(InputError, match="GOVREPORT_MAX_SIZE：“.*”不是有效的大小"):
        load(str(TAICANG))


def test_stdin_stream_object_is_capped():
    import io

    with pytest.raises(InputError, match="超过 1 KiB 的上限"):
        read_bytes("-", stdin=io.BytesIO(b"a" * 5000), max_size=1024)
    assert read_bytes("-", stdin=io.BytesIO(b"a" * 1024), max_size=1024) == b"a" * 1024


# ------------------------------------------------------------------ 2. DOCX inflated as a stream
def _zip_raw(members) -> bytes:
    """A zip written by hand: (name, method, raw bytes, declared inflated size, declared compressed size)."""
    out, central = bytearray(), bytearray()
    for name, method, raw, usize, csize in members:
        n = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0, 0, csize, usize, len(n), 0) + n + raw
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0, 0, csize, usize,
                               len(n), 0, 0, 0, 0, 0, offset) + n
    start = len(out)
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0)
    return bytes(out)


_CT = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       b'<Default Extension="xml" ContentType="application/xml"/></Types>')


def _deflate_repeated(block: bytes, times: int) -> bytes:
    """Raw deflate of ``block * times``, built from one compressed segment repeated (full flushes)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    return segment * times + zlib.compressobj(9, zlib.DEFLATED, -15).flush()


def lying_docx_small_declared() -> bytes:
    """~1 MB: word/document.xml inflates to 1 GiB of zeros, the zip says 5,000 bytes."""
    raw = _deflate_repeated(b"\0" * MB, 1024)
    return _zip_raw([("[Content_Types].xml", 0, _CT, len(_CT), len(_CT)),
                     ("word/document.xml", 8, raw, 5000, len(raw))])


def lying_docx_plausible_sizes() -> bytes:
    """~1 MB: the zip declares a 1 MB member inflating to 30 MiB (ratio 30, within every declared-size
    guard), but the deflate stream is ~30 KB (ratio ~1000) of 5 million empty paragraphs, padded with
    random bytes."""
    head = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    body = _deflate_repeated(b"<w:p/>" * 174763, 30)  # 30 x 1 MiB
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH) + body
    raw += os.urandom(MB - len(raw))
    return _zip_raw([("[Content_Types].xml", 0, _CT, len(_CT), len(_CT)),
                     ("word/document.xml", 8, raw, 30 * MB, len(raw))])


@pytest.mark.parametrize("build,needles", [
    ("lying_docx_small_declared", ("bomb.docx", "压缩比超过 200")),
    ("lying_docx_plausible_sizes", ("bomb.docx", "压缩比超过 200")),
])
def test_docx_lying_about_its_sizes_stops_in_seconds(tmp_path, build, needles):
    data = globals()[build]()
    assert len(data) < 1.2 * MB
    path = tmp_path / "bomb.docx"
    path.write_bytes(data)
    r = bounded(f"DOCX {build} ({len(data) // 1024} KB)",
                f"from govreport.loaders import load\nattempt(lambda: load({str(path)!r}))")
    refused(r, *needles, seconds=10, mem_mb=500)


def test_docx_member_size_is_counted_not_declared(monkeypatch):
    """Incompressible-enough XML past the member cap, declared small: refused by the bytes inflated."""
    monkeypatch.setattr(docx_loader, "MAX_MEMBER", 2 * MB)
    xml = b"<w:document>" + os.urandom(3 * MB).hex().encode()[:3 * MB] + b"</w:document>"
    raw = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = raw.compress(xml) + raw.flush()
    data = _zip_raw([("[Content_Types].xml", 0, _CT, len(_CT), len(_CT)),
                     ("word/document.xml", 8, raw, 1000, len(raw))])
    with pytest.raises(InputError, match=r"x\.docx: DOCX 成员 word/document\.xml 解压后超过 2 MiB"):
        loads(data, path="x.docx")


def test_docx_declared_size_must_match_what_inflates():
    xml = b"<w:document/>" * 10
    raw = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = raw.compress(xml) + raw.flush()
    data = _zip_raw([("[Content_Types].xml", 0, _CT, len(_CT), len(_CT)),
                     ("word/document.xml", 8, raw, 50, len(raw))])
    with pytest.raises(InputError, match=r"解压后有 130 字节，但 zip 声明为 50 字节"):
        loads(data, path="x.docx")


def test_docx_element_count_is_capped(monkeypatch):
    monkeypatch.setattr(docx_loader, "MAX_ELEMENTS", 1000)
    xml = b"<w:document><w:body>" + b"<w:p/>" * 2000 + b"</w:body></w:document>"
    raw = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = raw.compress(xml) + raw.flush()
    data = _zip_raw([("[Content_Types].xml", 0, _CT, len(_CT), len(_CT)),
                     ("word/document.xml", 8, raw, len(xml), len(raw))])
    with pytest.raises(InputError, match="超过 1000 个 XML 元素"):
        loads(data, path="x.docx")


# ------------------------------------------------------------------ 3. YAML / JSON report files
BILLION_LAUGHS = """schema: govreport/1
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
title: *i
sections: *i
tables: {}
"""


def test_yaml_billion_laughs_stops_at_once(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    assert path.stat().st_size < 450
    r = bounded("YAML billion laughs", f"from govreport.loaders import load\nattempt(lambda: load({str(path)!r}))")
    refused(r, "laughs.yaml", "第 2 行", "不允许使用锚点和别名", seconds=2, mem_mb=200)
    result = cli("render", path, "-f", "json")
    assert result.exit_code == 2 and "锚点 &a" in result.stderr


def _doc(**changes) -> dict:
    doc = load(str(TAICANG)).to_dict()
    doc.update(changes)
    return doc


def _yaml_text(doc) -> str:
    import yaml

    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def _refused_data(text: str, fmt: str, *needles: str) -> str:
    with pytest.raises(InputError) as info:
        loads(text.encode("utf-8"), fmt, path=f"x.{fmt}")
    message = str(info.value)
    assert message.startswith(f"x.{fmt}: ") and "\n" not in message
    for needle in needles:
        assert needle in message, (needle, message)
    return message


@pytest.mark.parametrize("value,reading", [("0305", "197 in YAML 1.1"), ("5:05", "305 in YAML 1.1"),
                                           ("1_000", None), ("0o17", None), ("1e3", None), ("yes", None),
                                           ("2021-12-31", None)])
def test_yaml_ambiguous_numbers_are_refused(value, reading):
    text = _yaml_text(_doc()).replace("natural_person: 305", f"natural_person: {value}", 1)
    assert f"natural_person: {value}" in text
    _refused_data(text, "yaml", f"{value!r} 在 YAML 1.1 和 1.2 中的读法不同", "请加引号")


def test_yaml_numbers_both_versions_agree_on_load():
    text = _yaml_text(_doc()).replace("natural_person: 305", "natural_person: +305", 1)
    assert loads(text.encode(), "yaml", "x.yaml").tables["requests"].value("new_received", "natural_person") == 305
    quoted = text.replace("natural_person: +305", "natural_person: '0305'")
    _refused_data(quoted, "yaml", "tables.requests.new_received.natural_person：不是整数（'0305'）")


def test_yaml_and_json_render_output_loads_back_exactly(tmp_path):
    from govreport.render import to_json, to_yaml

    report = load(str(TAICANG))
    report.title = "0305 5:05 yes 1e3 2021-12-31 <<"  # text that YAML 1.1 would read as other types
    for fmt, text in (("yaml", to_yaml(report, True)), ("json", to_json(report, True))):
        back = loads(text.encode(), fmt, f"x.{fmt}")
        assert back.to_dict(True)["tables"] == report.to_dict(True)["tables"]
        assert back.title == report.title


@pytest.mark.parametrize("change,needles", [
    ('"natural_person": 305', ('"natural_person": NaN', "NaN 不是报告中的数字")),
    ('"natural_person": 305', ('"natural_person": Infinity', "Infinity 不是报告中的数字")),
    ('"natural_person": 305', ('"natural_person": 1e400', "1e400 超出范围")),
])
def test_json_nan_infinity_overflow(change, needles):
    text = json.dumps(_doc(), ensure_ascii=False).replace(change, needles[0], 1)
    _refused_data(text, "json", needles[1])


@pytest.mark.parametrize("mutate,needles", [
    (lambda d: d["tables"]["requests"]["granted"].update(total="abc"),
     ("tables.requests.granted.total：不是整数（'abc'）",)),
    (lambda d: d["tables"]["requests"]["granted"].update(total=10 ** 30),
     ("tables.requests.granted.total：超出范围",)),
    (lambda d: d["tables"]["requests"]["granted"].update(total=[1]),
     ("tables.requests.granted.total：不是整数（列表）",)),
    (lambda d: d["tables"]["active_disclosure"]["fees"].update(amount=True),
     ("tables.active_disclosure.fees.amount：不是数字（True）",)),
    (lambda d: d["tables"].update(extra={}), ("tables.extra：未知的表",)),
    (lambda d: d["tables"]["requests"].update(bogus={}), ("tables.requests.bogus：2021 模板没有这一行",)),
    (lambda d: d["tables"]["requests"]["granted"].update(bogus=1), ("tables.requests.granted.bogus：未知的列",)),
    (lambda d: d["tables"].update(requests=[1]), ("tables.requests：不是映射（列表）",)),
    (lambda d: d.update(schema="govreport/99"), ("schema：未知的格式版本 'govreport/99'",)),
    (lambda d: d.pop("schema"), ("schema：缺失",)),
    (lambda d: d.pop("tables"), ("tables：缺失",)),
    (lambda d: d.update(year="2021"), ("year：不是整数（'2021'）",)),
    (lambda d: d.update(year=20210), ("year：超出范围",)),
    (lambda d: d.update(template="2020"), ("template：未知模板 '2020'",)),
    (lambda d: d.update(title=["x"]), ("title：不是文本（列表）",)),
    (lambda d: d.update(sections=["x"]), ("sections[0]：不是映射（'x'）",)),
    (lambda d: d.update(sections={"a": 1}), ("sections：不是列表（映射）",)),
    (lambda d: d["sections"][1].update(text=5), ("sections[1].text：不是文本（5）",)),
    (lambda d: d.update(notes=[{"table": "nope", "text": "x"}]), ("notes[0].table：未知的表 'nope'",)),
    (lambda d: d.update(notes=[{"text": {"a": 1}}]), ("notes[0].text：不是文本（映射）",)),
    (lambda d: d.update(notes="x"), ("notes：不是列表（'x'）",)),
    (lambda d: d.update(source=["x"]), ("source：不是映射（列表）",)),
    (lambda d: d.update(provenance={"requests": {"granted": {"total": "x"}}}),
     ("provenance.requests.granted.total：不是映射（'x'）",)),
    (lambda d: d.update(provenance={"requests": {"granted": {"total": {"raw": 5}}}}),
     ("provenance.requests.granted.total.raw：不是文本（5）",)),
    (lambda d: d.update(provenance={"requests": {"nope": {"total": {"raw": "5"}}}}),
     ("provenance.requests.nope.total：tables 中没有这个单元格",)),
    (lambda d: d.update(provenance={"requests": {"granted": {"total": {"line": {"x": 1}}}}}),
     ("provenance.requests.granted.total.line：不是简单值（映射）",)),
])
@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_data_model_validation_names_the_field(mutate, needles, fmt):
    doc = _doc()
    mutate(doc)
    text = json.dumps(doc, ensure_ascii=False) if fmt == "json" else _yaml_text(doc)
    _refused_data(text, fmt, *needles)


def test_duplicate_keys_are_refused():
    text = json.dumps(_doc(), ensure_ascii=False).replace('"year": 2021', '"year": 2021, "year": 2020', 1)
    _refused_data(text, "json", "键 'year' 重复")
    ytext = _yaml_text(_doc()).replace("year: 2021\n", "year: 2021\nyear: 2020\n", 1)
    _refused_data(ytext, "yaml", "行", "键 'year' 重复")


def test_deep_json_and_yaml_nesting_is_refused():
    deep = '{"schema": "govreport/1", "tables": {}, "x": ' + "[" * 100000 + "]" * 100000 + "}"
    _refused_data(deep, "json", "嵌套层次太深")
    ydeep = "schema: govreport/1\ntables: {}\nx: " + "[" * 100000 + "]" * 100000 + "\n"
    _refused_data(ydeep, "yaml", "嵌套层次太深")


def test_data_errors_exit_2_with_one_line_through_the_cli(tmp_path):
    for name, text in (("nan.json", json.dumps(_doc()).replace('"natural_person": 305', '"natural_person": NaN', 1)),
                       ("big.json", json.dumps(_doc()).replace('"natural_person": 305', '"natural_person": ' + "9" * 30, 1)),
                       ("sect.yaml", _yaml_text(_doc(sections=["x"])))):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        for command in (["check", path], ["render", path, "-f", "json"], ["export", path, "-f", "jsonl"]):
            result = cli(*command)
            assert result.exit_code == 2, (command, result.output)
            assert result.stderr.count("\n") == 1 and name in result.stderr
            assert "internal error" not in result.stderr


# ------------------------------------------------------------------ 4. HTML: wide encodings, libxml2 limits
def _taicang_html(charset: str = "utf-8") -> str:
    text = TAICANG.read_text(encoding="utf-8")
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>t</title></head><body>'
            + "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip()) + "</body></html>")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_html_is_read_as_html(encoding):
    data = _taicang_html().encode(encoding)
    report = loads(data, path="page.html")
    assert report.source["format"] == "html"
    assert report.to_dict()["tables"] == load(str(TAICANG)).to_dict()["tables"]


def test_deep_html_is_read_in_full_or_refused():
    title = "<h1>某县2021年政府信息公开工作年度报告</h1>"
    for depth in (300, 1500):
        page = f"<html><body>{title}" + "<div>" * depth + "<p>一、总体情况</p><p>深处的文字</p>" + "</div>" * depth \
            + "<p>二、主动公开政府信息情况</p><p>之后的文字</p></body></html>"
        report = loads(page.encode(), path="deep.html")
        assert [s.number for s in report.sections] == ["一", "二"]  # nothing after the deep part is lost
        assert "深处的文字" in report.sections[0].text and "之后的文字" in report.sections[1].text
    page = f"<html><body>{title}" + "<div>" * 5000 + "<p>x</p>" + "</div>" * 5000 + "</body></html>"
    r = bounded("HTML nested 5000 deep",
                f"from govreport.loaders import loads\nattempt(lambda: loads({page.encode()!r}, path='deep.html'))")
    refused(r, "deep.html", "超出解析器的限制", "Excessive depth", seconds=5)


def test_html_text_node_over_10_mb_is_not_truncated():
    body = "字" * (4 * MB)  # 12 MB of UTF-8 in one text node
    page = ("<html><body><h1>某县2021年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>" + body
            + "</p><p>二、主动公开政府信息情况</p><p>之后</p></body></html>").encode()
    report = loads(page, path="big.html")
    assert [len(s.text) for s in report.sections][0] >= 4 * MB
    assert report.sections[1].text.endswith("之后")


@pytest.mark.parametrize("name,data", [
    ("bom.html", b"\xef\xbb\xbf<html><body><p>\xff\xfe\xfd</p></body></html>"),
    ("bom.txt", "\ufeff政府信息公开工作年度报告\n".encode() + b"\xff\xff"),
])
def test_bom_then_invalid_utf8_is_one_line_naming_the_file(tmp_path, name, data):
    with pytest.raises(InputError, match=rf"{name}: 文件以 UTF-8 字节顺序标记开头，但第 \d+ 字节不是有效的 UTF-8 编码"):
        loads(data, path=name)
    path = tmp_path / name
    path.write_bytes(data)
    result = cli("check", path)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and name in result.stderr


# ------------------------------------------------------------------ 5. folder scans
@pytest.fixture
def mixed(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_bytes(TAICANG.read_bytes())
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_bytes(TAICANG.read_bytes())
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "c.txt").write_bytes(TAICANG.read_bytes())
    (tmp_path / "noperm.txt").write_bytes(TAICANG.read_bytes())
    (tmp_path / "notes.txt").write_text("shopping list\n", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    # a saved page: 1 MB of script before the report
    page = _taicang_html().replace("<title>t</title>", "<script>" + "var x = 1;\n" * 100000 + "</script>")
    (tmp_path / "saved.html").write_text(page, encoding="utf-8")
    locked, noperm = str(tmp_path / "locked"), str(tmp_path / "noperm.txt")
    real_scandir, real_open = os.scandir, open

    def scandir(path="."):
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real_scandir(path)

    def fake_open(file, *args, **kwargs):
        if os.fspath(file) == noperm:
            raise PermissionError(13, "Permission denied", noperm)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr("builtins.open", fake_open)
    monkeypatch.setattr("govreport.cli.base.stdin_piped", lambda: False)
    return tmp_path


def test_scan_counts_what_it_skips(mixed):
    from govreport import scan

    s = scan.scan(str(mixed))
    names = sorted(os.path.relpath(p, mixed) for p in s.files)
    assert names == ["a.txt", "noperm.txt", "saved.html", "sub/b.txt"]  # the saved page is found
    assert [(os.path.relpath(p, mixed), e) for p, e in s.unreadable] == [("locked", "Permission denied")]
    assert sorted(os.path.relpath(p, mixed) for p in s.not_reports) == ["logo.png", "notes.txt"]


def test_list_reports_unreadable_and_exits_2(mixed):
    result = cli("list", "--dir", mixed)
    assert result.exit_code == 2, result.output
    assert "1 个文件无法读取：" in result.stdout and "noperm.txt: 无法读取：Permission denied" in result.stdout
    assert "1 个文件夹无法读取：" in result.stdout and "locked: Permission denied" in result.stdout
    assert "3 份报告；2 个无法读取；2 个其他文件不是报告" in result.stdout
    assert "saved.html" in result.stdout
    assert result.stderr.count("\n") == 1 and "无法读取" in result.stderr

    result = cli("list", "--dir", mixed, "--format", "json")
    assert result.exit_code == 2
    out = json.loads(result.stdout)
    assert out["summary"] == {"reports": 3, "unreadable": 2, "not_reports": 2}
    assert sorted(r["file"] for r in out["reports"]) == ["a.txt", "saved.html", "sub/b.txt"]
    assert {u["file"]: u["error"] for u in out["unreadable"]} == {"noperm.txt": "无法读取：Permission denied",
                                                                  "locked": "Permission denied"}
    assert sorted(out["not_reports"]) == ["logo.png", "notes.txt"]


def test_list_of_a_clean_folder_exits_0(tmp_path):
    (tmp_path / "a.txt").write_bytes(TAICANG.read_bytes())
    result = cli("list", "--dir", tmp_path)
    assert result.exit_code == 0 and "1 份报告" in result.stdout


LIST_RSS = """
import io, contextlib
from govreport.cli import main
sys.argv = ["govreport", "list", "--dir", {folder!r}, "--format", "json"]
out = io.StringIO()
def run():
    with contextlib.redirect_stdout(out):
        try:
            main()
        except SystemExit as exc:
            assert exc.code in (0, None), exc.code
attempt(run)
"""


def test_list_streams_memory_flat(tmp_path):
    """RSS of `list` over N generated reports minus that over 20: flat (the reports are not kept).
    GOVREPORT_LIST_REPORTS sets N (default 3,000; 10,000 measured: see the report of issue 9)."""
    from govreport import generate as G

    n = int(os.environ.get("GOVREPORT_LIST_REPORTS", "3000"))
    small, large = tmp_path / "small", tmp_path / "large"
    G.write_corpus(str(small), 20, seed=1, error_rate=0.0)
    G.write_corpus(str(large), n, seed=1, error_rate=0.0)
    base = bounded("list over 20 reports", LIST_RSS.format(folder=str(small)), mem_mb=1000)
    big = bounded(f"list over {n} reports", LIST_RSS.format(folder=str(large)), mem_mb=1000, timeout=600)
    assert base.get("ok") and big.get("ok"), (base, big)
    growth = big["maxrss_mb"] - base["maxrss_mb"]
    resident = big["rss_mb"] - base["rss_mb"]
    print(f"[hostile] list over {n} reports: peak RSS growth {growth:.1f} MB, resident growth {resident:.1f} MB")
    # the old list kept every report (~80 KB each: 818 MB for 10,000); what is kept now is a few
    # strings per report (~1 KB)
    assert growth < 8 + n / 500, growth
    assert resident < 8 + n / 500, resident


# ------------------------------------------------------------------ 6. MemoryError / OSError in loading
@pytest.mark.parametrize("exc,needle", [(MemoryError(), "加载时内存不足"),
                                        (OSError(5, "Input/output error"), "无法读取：Input/output error"),
                                        (RecursionError(), "嵌套层次太深")])
def test_memory_and_os_errors_name_the_file(monkeypatch, tmp_path, exc, needle):
    from govreport.loaders import text as text_loader

    def boom(*args, **kwargs):
        raise exc

    monkeypatch.setattr(text_loader, "read", boom)
    with pytest.raises(InputError, match=rf"taicang-2021\.txt: {needle}"):
        load(str(TAICANG))
    result = cli("check", TAICANG)
    assert result.exit_code == 2 and "internal error" not in result.stderr and "taicang-2021.txt" in result.stderr


def test_read_errors_name_the_file(monkeypatch):
    import io

    class Broken(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, b):
            raise OSError(5, "Input/output error")

    with pytest.raises(InputError, match="-: 无法读取：Input/output error"):
        read_bytes("-", stdin=Broken())
    with pytest.raises(GovreportError, match="这是文件夹"):
        read_bytes(str(ROOT))


def test_set_max_size_overrides_the_environment(monkeypatch):
    from govreport import loaders

    monkeypatch.setenv("GOVREPORT_MAX_SIZE", "1k")
    try:
        assert loaders.set_max_size("1M") == MB
        assert load(str(TAICANG)).year == 2021
        assert loaders.max_size(2048) == 2048  # a parameter still wins
        with pytest.raises(InputError, match="大小上限：“big”不是有效的大小"):
            loaders.set_max_size("big")
    finally:
        loaders.set_max_size(None)
    with pytest.raises(InputError, match="超过 1 KiB 的上限"):
        load(str(TAICANG))


@pytest.mark.parametrize("name,text", [("m.json", '{"schema": "govreport/1", "title": "x"}'),
                                       ("m.yaml", "schema: govreport/1\ntitle: x\n")])
def test_data_file_without_tables_is_detected_and_refused(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=rf"{name}: tables：缺失"):
        load(str(path))


def test_list_escapes_control_characters_in_names(tmp_path):
    (tmp_path / "a\x1b]0;pwned\x07.txt").write_bytes(TAICANG.read_bytes().replace("太仓市".encode(), "太仓\x1b[2J市".encode(), 1))
    result = cli("list", "--dir", tmp_path)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "a\\x1b]0;pwned\\x07.txt" in result.stdout


def test_max_size_option_of_the_cli(tmp_path):
    """``govreport --max-size`` sets the limit for every read of the command; a bad size is a usage error."""
    import subprocess
    import sys

    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 3000)
    cmd = [sys.executable, "-m", "govreport"]
    small = subprocess.run(cmd + ["--max-size", "1K", "show", str(path)], capture_output=True, text=True)
    assert small.returncode == 2 and "超过 1 KiB 的上限" in small.stderr and str(path) in small.stderr
    bad = subprocess.run(cmd + ["--max-size", "xyz", "show", str(path)], capture_output=True, text=True)
    assert bad.returncode == 2 and "--max-size" in bad.stderr
