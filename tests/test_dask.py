"""`--dask-scheduler`: check and export on a Dask cluster (a 2-worker LocalCluster here) give
what the single-process run gives; Dask stays an optional extra."""

from __future__ import annotations

import os
import sys

import pytest

from conftest import cli, generated_folder

run = cli


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return generated_folder(tmp_path_factory, "dask", 40, seed=21, error_rate=0.5, broken=True)


@pytest.fixture(scope="module")
def scheduler():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0")
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_check_on_the_cluster_is_the_single_process_run(corpus, scheduler):
    for fmt in ("jsonl", "text"):
        one = run("check", corpus, "-j", "1", "-f", fmt)
        dask = run("check", corpus, "--dask-scheduler", scheduler, "-f", fmt)
        assert one.exit_code == dask.exit_code == 2
        assert one.stdout == dask.stdout and one.stdout
        assert one.stderr == dask.stderr
    en = run("--lang", "en", "check", corpus, "--dask-scheduler", scheduler, "-f", "jsonl")
    assert en.stdout == run("--lang", "en", "check", corpus, "-j", "1", "-f", "jsonl").stdout  # the language travels


def test_export_parquet_parts_written_by_the_workers(corpus, scheduler, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    ds = pytest.importorskip("pyarrow.dataset")
    single = tmp_path / "single.parquet"
    assert run("export", corpus, "-f", "parquet", "-o", str(single), "-j", "1").exit_code == 2
    parts = tmp_path / "parts"
    result = run("export", corpus, "-f", "parquet", "-o", str(parts), "--dask-scheduler", scheduler)
    assert result.exit_code == 2 and "broken.txt" in result.stderr
    names = sorted(os.listdir(parts))
    assert len(names) > 1 and all(n.startswith("part-") for n in names)
    whole = pq.read_table(single)
    assert ds.dataset(str(parts), format="parquet").to_table().equals(whole)  # parts in name order: same rows
    hive = tmp_path / "hive"
    assert run("export", corpus, "-f", "parquet", "-o", str(hive), "--partition-by", "year",
               "--dask-scheduler", scheduler).exit_code == 2
    single_hive = tmp_path / "single-hive"
    assert run("export", corpus, "-f", "parquet", "-o", str(single_hive), "--partition-by", "year",
               "-j", "1").exit_code == 2
    for year in sorted(os.listdir(single_hive)):
        a = ds.dataset(str(single_hive / year), format="parquet").to_table()
        b = ds.dataset(str(hive / year), format="parquet").to_table()
        assert a.equals(b), year


def test_export_csv_on_the_cluster(corpus, scheduler):
    one = run("export", corpus, "-f", "csv", "-j", "1")
    dask = run("export", corpus, "-f", "csv", "--dask-scheduler", scheduler)
    assert one.stdout == dask.stdout and one.stderr == dask.stderr


def test_without_dask_one_line_naming_the_extra(corpus, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    for args in (["check", corpus, "-f", "csv"], ["export", corpus]):
        result = run(*args, "--dask-scheduler", "local")
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr.count("\n") == 1 and "govreport[dask]" in result.stderr


def test_an_unreachable_scheduler_is_one_line(corpus):
    pytest.importorskip("distributed")
    result = run("check", corpus, "--dask-scheduler", "tcp://127.0.0.1:9", "-f", "csv")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "127.0.0.1:9" in result.stderr
    assert result.stdout == ""  # refused before the csv header
