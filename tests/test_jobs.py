"""`check --jobs N` / `export --jobs N` (govreport.batch): the same output as one process,
in the same order; settings reach the workers; Ctrl-C stops every worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import cli, generated_folder

from govreport import batch
from govreport import generate as G
from govreport import messages as M

ROOT = os.path.join(os.path.dirname(__file__), "..")

run = cli


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """40 generated reports (half with an error, some Traditional) and one unreadable file."""
    return generated_folder(tmp_path_factory, "jobs", 40, seed=12, error_rate=0.5, broken=True)


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "text"])
def test_check_output_is_byte_identical_with_workers(corpus, fmt):
    one = run("check", corpus, "--jobs", "1", "--format", fmt)
    two = run("check", corpus, "--jobs", "2", "--format", fmt)
    assert one.exit_code == two.exit_code == 2  # an unreadable file wins over findings
    assert one.stdout == two.stdout and one.stdout
    assert one.stderr == two.stderr and "broken.txt" in two.stderr


def test_check_summary_show_and_verbose_identical_with_workers(corpus, tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    one = run("check", corpus, "-j", "1", "--show", "--verbose", "--summary", str(a))
    two = run("check", corpus, "-j", "2", "--show", "--verbose", "--summary", str(b))
    assert one.stdout == two.stdout and "!" in two.stdout  # the suspect cells marked in the tables
    assert a.read_bytes() == b.read_bytes()


def test_language_size_limit_and_from_reach_the_workers(corpus):
    en = run("--lang", "en", "check", corpus, "-j", "2")
    assert en.stdout == run("--lang", "en", "check", corpus, "-j", "1").stdout
    assert "with errors" in en.stdout
    small = run("--max-size", "1K", "check", corpus, "-j", "2", "-f", "jsonl")
    assert small.stdout == run("--max-size", "1K", "check", corpus, "-j", "1", "-f", "jsonl").stdout
    assert small.stderr.count("\n") == 41 and "1 KiB" in small.stderr
    forced = run("check", corpus, "-j", "2", "--from", "json", "-f", "jsonl")
    assert forced.exit_code == 2 and forced.stderr.count("\n") == 41
    assert forced.stderr == run("check", corpus, "-j", "1", "--from", "json", "-f", "jsonl").stderr


def test_an_in_process_run_leaves_the_settings_alone(corpus, monkeypatch):
    from govreport.loaders import max_size

    assert run("check", corpus, "-j", "1", "-f", "jsonl").exit_code == 2
    monkeypatch.setenv("GOVREPORT_MAX_SIZE", "1k")
    assert max_size() == 1024  # no override left behind by the run


def test_task_carries_the_callers_settings():
    from govreport.loaders import max_size, set_max_size

    M.set_lang("en")
    set_max_size("2K")
    try:
        task = batch.Task(_settings_now)
    finally:
        M.set_lang(None)
        set_max_size(None)
    assert task.chunk(0, ["x"]) == [("x", "en", 2048)]  # as a fresh worker would see them
    M.set_lang(None)
    set_max_size(None)
    assert max_size() != 2048


def _settings_now(path):
    from govreport.loaders import max_size

    return path, M.get_lang(), max_size()


def _square(n):
    return n * n


def test_batch_run_keeps_the_order_and_small_runs_stay_in_process():
    items = list(range(200))
    assert list(batch.run(items, _square, jobs=2, chunksize=3)) == [n * n for n in items]
    assert batch.in_process(items[:3], 2) and batch.in_process(items, 1) and batch.in_process(["-"] * 20, 2)
    assert not batch.in_process(items, 2)


def test_batch_stopped_early_leaves_no_worker():
    psutil = pytest.importorskip("psutil")
    me = psutil.Process()
    before = {p.pid for p in me.children(recursive=True)}  # earlier tests' helpers (a resource tracker …)
    results = batch.run(list(range(500)), _square, jobs=2, chunksize=1)
    assert next(results) == 0
    workers = [p for p in me.children(recursive=True) if p.pid not in before]
    assert workers
    results.close()
    gone, alive = psutil.wait_procs(workers, timeout=5)
    assert not alive


def test_export_rows_identical_with_workers(corpus, tmp_path):
    for fmt in ("csv", "jsonl"):
        one = run("export", corpus, "-f", fmt, "-j", "1")
        two = run("export", corpus, "-f", fmt, "-j", "2")
        assert one.exit_code == two.exit_code == 2
        assert one.stdout == two.stdout and one.stdout.count("\n") > 1000
        assert one.stderr == two.stderr
    import sqlite3

    dumps = []
    for jobs in ("1", "2"):
        out = tmp_path / f"cells{jobs}.db"
        assert run("export", corpus, "-f", "sqlite", "-o", str(out), "-j", jobs).exit_code == 2
        db = sqlite3.connect(out)
        dumps.append(list(db.iterdump()))
        db.close()
    assert dumps[0] == dumps[1]


def _children(pid: int) -> list:
    """Every descendant of ``pid`` (from /proc: psutil may not be installed)."""
    kids, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            with open(f"/proc/{parent}/task/{parent}/children") as fh:
                found = [int(x) for x in fh.read().split()]
        except OSError:
            found = []
        kids += found
        todo += found
    return kids


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_stops_every_worker(tmp_path):
    G.write_corpus(str(tmp_path), 400, seed=5, error_rate=0.5)
    proc = subprocess.Popen([sys.executable, "-m", "govreport", "check", str(tmp_path), "--jobs", "2",
                             "-f", "jsonl"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        workers = []
        while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
            time.sleep(0.1)
            workers = _children(proc.pid)
        assert len(workers) >= 2, "the workers never started"
        time.sleep(0.5)  # well into the run
        assert proc.poll() is None
        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=10)
        assert code == 130 and time.monotonic() - started < 5
        time.sleep(0.2)
        assert not [pid for pid in workers if _alive(pid)]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
