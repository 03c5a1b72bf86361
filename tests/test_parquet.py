"""`export --format parquet`: the long form, typed, as one file or a Hive-partitioned dataset,
read back by pyarrow (and DuckDB / pandas when installed); pyarrow stays an optional extra."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import cli, generated_folder

from govreport.export import CELL_FIELDS

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
ds = pytest.importorskip("pyarrow.dataset")

ROOT = os.path.join(os.path.dirname(__file__), "..")
SAMPLES = os.path.join(ROOT, "samples")

run = cli


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return generated_folder(tmp_path_factory, "pq", 30, seed=4, error_rate=0.3, broken=False)


def jsonl_rows(folder) -> list:
    out = run("export", folder, "-f", "jsonl", "-j", "1")
    assert out.exit_code == 0
    return [json.loads(line) for line in out.stdout.splitlines()]


def expected(rows) -> list:
    return [dict(r, value=None if r["value"] is None else float(r["value"])) for r in rows]


def test_parquet_file_holds_the_long_form_typed(corpus, tmp_path):
    out = tmp_path / "cells.parquet"
    result = run("export", corpus, "-f", "parquet", "-o", str(out))
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.schema.names == list(CELL_FIELDS)
    assert table.schema.field("year").type == pa.int32()
    assert table.schema.field("value").type == pa.float64()
    assert table.to_pylist() == expected(jsonl_rows(corpus))


def test_workers_write_the_same_parquet(corpus, tmp_path):
    one, two = tmp_path / "one.parquet", tmp_path / "two.parquet"
    assert run("export", corpus, "-f", "parquet", "-o", str(one), "-j", "1").exit_code == 0
    assert run("export", corpus, "-f", "parquet", "-o", str(two), "-j", "2").exit_code == 0
    assert pq.read_table(one).equals(pq.read_table(two))


def test_partitioned_by_year_is_a_hive_dataset(corpus, tmp_path):
    out = tmp_path / "cells"
    result = run("export", corpus, "-f", "parquet", "-o", str(out), "--partition-by", "year", "-j", "2")
    assert result.exit_code == 0, result.output
    names = sorted(os.listdir(out))
    assert names and all(n.startswith("year=") for n in names)
    assert all(os.listdir(out / n) == ["part-0.parquet"] for n in names)
    table = ds.dataset(str(out), format="parquet", partitioning="hive").to_table()
    rows = expected(jsonl_rows(corpus))
    key = lambda r: (r["file"], r["table"], r["row"], r["column"])  # noqa: E731
    assert sorted(table.to_pylist(), key=key) == sorted(rows, key=key)
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".govreport-")]  # no temporary folder left


def test_duckdb_and_pandas_read_it(corpus, tmp_path):
    out = tmp_path / "cells"
    assert run("export", corpus, "-f", "parquet", "-o", str(out), "--partition-by", "year").exit_code == 0
    n = len(jsonl_rows(corpus))
    try:
        import duckdb
    except ImportError:
        duckdb = None
    if duckdb is not None:
        got = duckdb.sql(f"SELECT count(*), min(year) FROM read_parquet('{out}/*/*.parquet', hive_partitioning=1)")
        assert got.fetchone()[0] == n
    try:
        import pandas
    except ImportError:
        pandas = None
    if pandas is not None:
        assert len(pandas.read_parquet(out)) == n
    if duckdb is None and pandas is None:
        pytest.skip("neither duckdb nor pandas installed (pyarrow read it above)")


def test_parquet_refusals(corpus, tmp_path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "x").write_text("keep me")
    result = run("export", corpus, "-f", "parquet", "-o", str(busy), "--partition-by", "year")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and (busy / "x").exists()
    result = run("export", corpus, "-f", "csv", "--partition-by", "year")
    assert result.exit_code == 2 and "--partition-by" in result.stderr
    assert run("export", corpus, "-f", "parquet").exit_code == 2  # needs -o
    assert run("export", corpus, "-f", "parquet", "-o", str(tmp_path / "x"), "--partition-by", "agency").exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()  # an empty folder is replaced
    assert run("export", corpus, "-f", "parquet", "-o", str(empty), "--partition-by", "year").exit_code == 0


def test_without_pyarrow_one_line_naming_the_extra(corpus, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    result = run("export", corpus, "-f", "parquet", "-o", str(tmp_path / "x.parquet"))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "govreport[parquet]" in result.stderr
    assert not os.listdir(tmp_path)
    en = run("--lang", "en", "export", corpus, "-f", "parquet", "-o", str(tmp_path / "x.parquet"))
    assert "needs pyarrow" in en.stderr


def test_hostile_values_are_written(tmp_path):
    from govreport.export import Extract, write_parquet

    row = ("f\ud800", "a", 10 ** 12, "2021", "requests", "r", "c", 10 ** 400, "1" * 401, "", "", "", "件")
    write_parquet([Extract({"year": 10 ** 12}, [row])], str(tmp_path / "h.parquet"))
    back = pq.read_table(tmp_path / "h.parquet").to_pylist()[0]
    assert back["value"] is None and back["year"] is None and back["raw"] == "1" * 401
    assert back["file"] == "f\\ud800"


PROBE = ("import atexit, sys\n"
         "atexit.register(lambda: sys.stderr.write('MODULES ' + ' '.join(sorted({m.split('.')[0] for m in sys.modules}"
         " & {'pyarrow', 'dask', 'distributed', 'pandas'})) + '\\n'))\n"
         "from govreport.cli import main\n"
         "main(sys.argv[1:])\n")


@pytest.mark.parametrize("args", [["--version"], ["check", os.path.join(SAMPLES, "taicang-2021-error.txt")],
                                  ["check", os.path.join(SAMPLES, "taicang-2021-error.txt"), "-f", "jsonl"]])
def test_version_and_one_file_check_import_neither_pyarrow_nor_dask(args):
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True)
    line = [x for x in proc.stderr.splitlines() if x.startswith("MODULES")]
    assert line == ["MODULES "], proc.stderr
