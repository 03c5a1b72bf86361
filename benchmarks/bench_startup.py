"""Start-up cost of the CLI, as a whole process (issue 12).

Paired, interleaved runs — each round runs the command and its reference one after the other,
in alternating order — so that the load of other processes on the machine falls on both alike:

* ``govreport check SEED``  vs  ``python -c "import typer"``   goal: ratio <= 1.2
* ``govreport --version``   vs  ``python -c pass``              goal: ratio <= 2.0 (it imports no typer)

SEED is ``../shared/corpus/taicang_2021_seed.txt`` when it exists, else ``samples/taicang-2021.txt``.
Run it with the Python of the environment to measure, best a regular (non-editable) install, since
an editable install's finder adds about 15 ms to every start::

    python -m venv /tmp/v && /tmp/v/bin/pip install .
    /tmp/v/bin/python benchmarks/bench_startup.py [--rounds 25]

The ``govreport`` console script next to that Python is used (``python -m govreport`` when there is
none).  Prints, for each pair: the medians, the median of the per-round ratios, its goal, and the
spread of the ratios (the interquartile range: the noise); then the same ratio in CPU time (user +
system of each child process), which other processes on a shared machine disturb much less than
elapsed time.  Takes well under a minute.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def seed() -> str:
    shared = ROOT.parent / "shared" / "corpus" / "taicang_2021_seed.txt"
    return str(shared if shared.exists() else ROOT / "samples" / "taicang-2021.txt")


def govreport_cmd() -> list:
    script = Path(sys.executable).parent / "govreport"
    return [str(script)] if script.exists() else [sys.executable, "-m", "govreport"]


CPU: dict = {}  # id(list of elapsed times) -> the CPU times of the same runs


def run(cmd: list) -> tuple:
    """(elapsed, CPU) seconds of one run of ``cmd``."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        return time.perf_counter() - t, usage.ru_utime + usage.ru_stime
    proc.wait()
    return time.perf_counter() - t, float("nan")


def pair(cmd: list, ref: list, rounds: int) -> tuple:
    """Elapsed times of ``cmd`` and ``ref`` over ``rounds`` interleaved rounds; their CPU times in ``CPU``."""
    for _ in range(2):  # warm the page cache and the .pyc files
        run(cmd), run(ref)
    a, b, ca, cb = [], [], [], []
    for i in range(rounds):
        for which in ((ref, b, cb), (cmd, a, ca)) if i % 2 else ((cmd, a, ca), (ref, b, cb)):
            elapsed, cpu = run(which[0])
            which[1].append(elapsed)
            which[2].append(cpu)
    CPU[id(a)], CPU[id(b)] = ca, cb
    return a, b


def quartiles(xs: list) -> tuple:
    q = statistics.quantiles(xs, n=4)
    return q[0], q[2]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=25)
    opts = ap.parse_args()
    where = subprocess.run([sys.executable, "-c", "import govreport; print(govreport.__file__)"], cwd="/",
                           capture_output=True, text=True).stdout.strip()
    env_note = ("editable install (its finder adds ~15 ms)" if where.startswith(str(ROOT)) else
                "regular install" if where else "govreport not installed")
    try:
        import typer

        typer_version = typer.__version__
    except ImportError:
        typer_version = "absent"
    print(f"python {sys.version.split()[0]}, typer {typer_version}, {env_note}, {os.cpu_count()} cores, "
          f"{opts.rounds} paired rounds")
    gov = govreport_cmd()
    cases = (
        ("govreport check SEED", gov + ["check", seed()], 'python -c "import typer"',
         [sys.executable, "-c", "import typer"], 1.2),
        ("govreport --version", gov + ["--version"], "python -c pass", [sys.executable, "-c", "pass"], 2.0),
    )
    failed = False
    for name, cmd, ref_name, ref, goal in cases:
        a, b = pair(cmd, ref, opts.rounds)
        ratios = [x / y for x, y in zip(a, b)]
        ratio = statistics.median(ratios)
        lo, hi = quartiles(ratios)
        ok = ratio <= goal
        failed |= not ok
        print(f"{name:24} {statistics.median(a) * 1000:7.1f} ms   {ref_name:26} {statistics.median(b) * 1000:7.1f} ms   "
              f"ratio {ratio:.2f} (IQR {lo:.2f}-{hi:.2f})   goal <= {goal}   {'ok' if ok else 'MISSED'}")
        ca, cb = CPU[id(a)], CPU[id(b)]
        cpu_ratios = [x / y for x, y in zip(ca, cb) if y > 0]
        if cpu_ratios:
            clo, chi = quartiles(cpu_ratios)
            mine, ref_cpu = statistics.median(ca) * 1000, statistics.median(cb) * 1000
            print(f"{'':24} CPU {mine:7.1f} ms   {'':22} CPU {ref_cpu:7.1f} ms   "
                  f"ratio {statistics.median(cpu_ratios):.2f} (IQR {clo:.2f}-{chi:.2f})")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}" if hasattr(os, "getloadavg") else "")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
