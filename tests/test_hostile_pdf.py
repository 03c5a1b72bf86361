"""Issue 9: a PDF decompression bomb is refused in a fraction of a second and a few MB,
counting the bytes as they inflate (the declared /Length is not trusted)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zlib

import pytest

from govreport.errors import InputError
from govreport.loaders.pdf import check_streams

HEAD = (b"%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n"
        b"3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 600 800]/Contents 4 0 R>> endobj\n")


def bomb(inflated_mib: int, declared=None) -> bytes:
    comp = zlib.compressobj(9)
    block = (b"0 0 m " * ((1 << 20) // 6 + 1))[:1 << 20]
    stream = b"".join([comp.compress(block) for _ in range(inflated_mib)] + [comp.flush()])
    length = len(stream) if declared is None else declared
    return (HEAD + b"4 0 obj <</Length " + str(length).encode() + b"/Filter/FlateDecode>>\nstream\n" + stream
            + b"\nendstream\nendobj\ntrailer <</Root 1 0 R>>\n%%EOF\n")


@pytest.mark.parametrize("declared", [None, 10])
def test_a_flate_bomb_is_refused_whatever_its_declared_length(declared):
    data = bomb(200, declared)
    assert len(data) < 1_000_000
    with pytest.raises(InputError, match="解压后超过 64 MiB"):
        check_streams(data, "bomb.pdf")


def test_a_small_stream_is_not_a_bomb():
    check_streams(bomb(2), "small.pdf")  # 2 MiB inflated: a normal content stream's order of size


def test_the_bomb_through_the_cli_stops_fast_and_small(tmp_path):
    pytest.importorskip("pypdfium2")
    path = tmp_path / "bomb.pdf"
    path.write_bytes(bomb(800))
    code = textwrap.dedent(f"""
        import resource, time, sys
        resource.setrlimit(resource.RLIMIT_AS, (500 * 1024 * 1024, 500 * 1024 * 1024))
        from govreport.cli import main
        sys.argv = ["govreport", "check", {str(path)!r}]
        main()
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20)
    assert result.returncode == 2, result.stderr
    assert "bomb.pdf" in result.stderr and "解压后超过" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
