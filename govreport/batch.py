"""Many reports over all cores, or over a Dask cluster: the per-file work (load +
check, load + extract cells) runs in worker processes, the results come back in
the order of the input, a few chunks at a time (memory stays flat).

    from govreport import batch
    for result in batch.run(paths, batch.Task(check_one, fmt=None), jobs=4):
        ...

* ``jobs=1`` (or a handful of files, or standard input) runs in this process,
  exactly as a plain loop would;
* ``jobs=N`` runs ``N`` worker processes (:class:`~concurrent.futures.ProcessPoolExecutor`,
  forked where the platform can: the workers start with everything imported);
  at most ``WINDOW × N`` chunks are in flight, and the results are yielded in order;
* ``scheduler="local"`` starts a :class:`distributed.LocalCluster`, any other
  string is the address of a Dask scheduler (``tcp://host:8786``); a
  :class:`distributed.Client` may also be given.

The caller's language (:func:`govreport.messages.get_lang`) and input size limit
(``--max-size``) travel with every :class:`Task`, so a worker — forked, spawned or
on another machine — reads and words everything as the caller would.

A signal (SIGINT, SIGTERM, SIGHUP) while a pool runs kills its workers first,
then goes to the handler that was there before (the CLI's: remove the temporary
files, exit 128 + the signal).  Workers ignore SIGINT (a Ctrl-C reaches the
whole process group: the parent decides) and die with their parent (Linux).

This module prints nothing.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections import deque
from typing import Callable, Iterable, Iterator, Optional

PARALLEL_MIN_FILES = 8  # fewer files: a pool costs more to start than it saves
MAX_CHUNK = 32  # files per task sent to a worker
WINDOW = 4  # chunks in flight per worker: enough to keep every worker busy, few enough to keep memory flat
SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


def cpu_count() -> int:
    """The cores this process may run on (its affinity mask, else all of them)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# ---------------------------------------------------------------- the unit of work
def settings() -> dict:
    """What a worker must share with the caller: the language and the input size limit."""
    from . import messages as M
    from .errors import InputError
    from .loaders import max_size

    try:
        limit = max_size()
    except InputError:  # a bad $GOVREPORT_MAX_SIZE: every file says so, in the worker as here
        limit = None
    from .loaders import ocr_mode

    return {"lang": M.get_lang(), "max_size": limit, "ocr": ocr_mode()}


def apply(state: dict) -> None:
    """In a worker process: the caller's settings (never in the caller's own process: they would
    outlive the run there)."""
    from . import messages as M
    from .loaders import set_max_size

    M.set_lang(state["lang"])
    set_max_size(state["max_size"])  # None: the worker's own $GOVREPORT_MAX_SIZE (a long-lived Dask worker too)
    if "ocr" in state:
        from .loaders import set_ocr_mode

        set_ocr_mode(state["ocr"])


class Task:
    """``fn(path, **kwargs)`` for every path of a chunk, under the caller's settings.
    ``fn`` must be a module-level function (it is pickled by name); ``kwargs`` are
    pickled with every chunk, so keep them small."""

    def __init__(self, fn: Callable, **kwargs):
        self.fn, self.kwargs, self.settings = fn, kwargs, settings()

    def __call__(self, path):
        return self.fn(path, **self.kwargs)

    def chunk(self, index: int, paths: list) -> list:
        """The results of one chunk (``index``: its place in the run, for names of parts written)."""
        apply(self.settings)
        return [self.fn(path, **self.kwargs) for path in paths]


def _chunk(work, index: int, paths: list) -> list:
    if hasattr(work, "chunk"):
        return work.chunk(index, paths)
    return [work(path) for path in paths]


def chunk_size(n: int, workers: int) -> int:
    """Chunks small enough that every worker gets several (an even finish), large enough to
    make the round trip to a worker cheap."""
    return max(1, min(MAX_CHUNK, n // (workers * 8) or 1))


def chunks(paths: list, size: int) -> Iterator:
    for i in range(0, len(paths), size):
        yield i // size, paths[i:i + size]


# ---------------------------------------------------------------- running
def in_process(paths: list, jobs: Optional[int]) -> bool:
    """Whether ``run`` would work in this process (no pool)."""
    jobs = cpu_count() if jobs is None else jobs
    return jobs <= 1 or len(paths) < PARALLEL_MIN_FILES or "-" in paths


def run(paths: Iterable, work, jobs: Optional[int] = None, scheduler=None,
        chunksize: Optional[int] = None) -> Iterator:
    """The result of ``work`` for every path, in order.  ``jobs``: worker processes
    (default: the number of cores; 1: in this process); ``scheduler``: a Dask scheduler
    (see the module's help).  The pool is started before this returns (workers are
    forked before the caller starts any thread, a progress bar's say)."""
    paths = list(paths)
    if scheduler is not None:
        return _dask(paths, work, scheduler, jobs, chunksize)
    if in_process(paths, jobs):
        return _serial(paths, work)
    jobs = cpu_count() if jobs is None else jobs
    return _pool(paths, work, jobs, chunksize or chunk_size(len(paths), jobs))


def _serial(paths, work):
    if hasattr(work, "chunk") and not isinstance(work, Task):  # a part-writing task: one part per file
        for i, path in enumerate(paths):
            yield from work.chunk(i, [path])
    else:
        for path in paths:
            yield work(path)


def _worker_init() -> None:
    """In a pool worker: Ctrl-C is for the parent to handle; SIGTERM/SIGHUP kill at once (no
    message, no temporary file of the parent removed); die with the parent (Linux)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    cli = sys.modules.get("govreport.cli")
    if cli is not None:
        cli.TEMP_FILES.clear()  # the parent's files: not this process's to remove
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


@contextlib.contextmanager
def on_signal(cleanup: Callable[[], None]):
    """Run ``cleanup`` on SIGINT/SIGTERM/SIGHUP, then the handler in place before (or the default
    action).  Does nothing outside the main thread (signals are only handled there)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}

    def handler(signum, frame):
        try:
            cleanup()
        finally:
            before = previous.get(signum)
            if callable(before):
                before(signum, frame)
            elif before != signal.SIG_IGN:
                signal.signal(signum, signal.SIG_DFL)
                os.kill(os.getpid(), signum)

    for name in SIGNALS:
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        before = signal.getsignal(sig)
        if before == signal.SIG_IGN:  # nohup: keep ignoring it
            continue
        previous[sig] = before
        signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, before in previous.items():
            signal.signal(sig, before if before is not None else signal.SIG_DFL)


def _kill(pool) -> None:
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            os.kill(process.pid, signal.SIGKILL)
        except (OSError, AttributeError, TypeError):
            pass


def _pool(paths, work, jobs, size):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_init)
    guard = on_signal(lambda: _kill(pool))
    guard.__enter__()
    todo = chunks(paths, size)
    pending: deque = deque()
    try:  # start now: every worker forked before the caller starts a thread
        for _ in range(jobs * WINDOW):
            item = next(todo, None)
            if item is None:
                break
            pending.append(pool.submit(_chunk, work, *item))
    except BaseException:
        _kill(pool)
        pool.shutdown(wait=True, cancel_futures=True)
        guard.__exit__(None, None, None)
        raise

    def results():
        clean = False
        try:
            while pending:
                future = pending.popleft()
                item = next(todo, None)
                if item is not None:
                    pending.append(pool.submit(_chunk, work, *item))
                yield from future.result()
            clean = True
        finally:
            if not clean:  # stopped early (an error, the caller gave up): no work left behind
                for future in pending:
                    future.cancel()
                _kill(pool)
            pool.shutdown(wait=True, cancel_futures=True)
            guard.__exit__(None, None, None)

    return results()


# ---------------------------------------------------------------- Dask
def require_dask() -> None:
    """A one-line error naming the ``dask`` extra when distributed is not installed (before any work)."""
    from .errors import GovreportError

    try:
        import distributed  # noqa: F401
    except ImportError:
        raise GovreportError("dask.missing") from None


def dask_client(scheduler, workers: Optional[int] = None):
    """``(client, cluster)`` for ``scheduler``: ``"local"`` starts a LocalCluster of ``workers``
    single-threaded processes (default: the number of cores); a string connects to that
    address; a Client is used as given (``cluster`` is then None and nothing is closed)."""
    from .errors import GovreportError

    require_dask()
    from distributed import Client, LocalCluster

    if not isinstance(scheduler, str):
        return scheduler, None
    if scheduler == "local":
        cluster = LocalCluster(n_workers=workers or cpu_count(), threads_per_worker=1, processes=True,
                               dashboard_address=":0")
        return Client(cluster), cluster
    try:
        return Client(scheduler, timeout="5s"), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise GovreportError("dask.connect", address=scheduler, error=exc) from None


def _dask(paths, work, scheduler, jobs, size):
    client, cluster = dask_client(scheduler, jobs)
    owned = isinstance(scheduler, str)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})) or (jobs or 1))
    except Exception:
        workers = jobs or 1
    size = size or chunk_size(len(paths), workers)

    todo = chunks(paths, size)
    pending: deque = deque()

    def submit(index, chunk):
        pending.append(client.submit(_chunk, work, index, chunk, pure=False))

    def results():
        try:
            for _ in range(workers * WINDOW):
                item = next(todo, None)
                if item is None:
                    break
                submit(*item)
            while pending:
                future = pending.popleft()
                item = next(todo, None)
                if item is not None:
                    submit(*item)
                yield from future.result()
                future.release()
        finally:
            for future in pending:
                future.cancel()
            if owned:
                client.close()
                if cluster is not None:
                    cluster.close()

    return results()
