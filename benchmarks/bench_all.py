"""Issue 12's benchmarks in one run (under five minutes on 2 cores), each ratio next to its goal.

Runs, one after the other, with the Python that runs this script (best a regular install: see
``bench_startup.py``):

* ``bench_startup.py --rounds 15``     ``check SEED`` vs ``import typer`` (≤ 1.2), ``--version`` vs ``pass``
* ``bench_html.py --rounds 3``         HTML load + check vs ``pandas.read_html``, marginal per file (≤ 1/3)
* ``bench_pdf.py --reps 3``            PDF load + check vs the whole ``pdftotext -layout`` (≤ 1.5)
* ``bench_jobs.py --repeat 2``         ``check --jobs 2`` vs ``--jobs 1`` over 2,000 reports (≥ 1.8×)
* ``bench_parquet.py``                 10,000 reports to Parquet (< 90 s)

then prints the lines that carry a goal, the load average before and after (the machine may be
shared: read the ratios with it) and the time taken.  Each script's own output is printed as it
runs; run a script alone for more rounds.  A script that fails is reported, and the others still run::

    python benchmarks/bench_all.py [--skip jobs,parquet]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNS = (
    ("startup", ["bench_startup.py", "--rounds", "15"]),
    ("html", ["bench_html.py", "--rounds", "3"]),
    ("pdf", ["bench_pdf.py", "--reps", "3"]),
    ("jobs", ["bench_jobs.py", "--repeat", "2"]),
    ("parquet", ["bench_parquet.py"]),
)
GOAL_WORDS = ("goal", "speed-up", "ratio over")


def load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--skip", default="", help="comma-separated names to leave out: " + ",".join(n for n, _ in RUNS))
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    start, before, summary, failed = time.perf_counter(), load(), [], []
    for name, argv in RUNS:
        if name in skip:
            continue
        print(f"\n=== {name}: {' '.join(argv)}", flush=True)
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, str(HERE / argv[0]), *argv[1:]], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, cwd=HERE.parent)
        for line in proc.stdout:
            sys.stdout.write(line)
            if any(w in line for w in GOAL_WORDS) and not line.startswith((" ", "page ")):
                summary.append(f"{name:8} {line.strip()}")
        if proc.wait() != 0:
            failed.append(name)
        print(f"=== {name}: {time.perf_counter() - t:.0f} s, exit {proc.returncode}", flush=True)
    print("\n=== summary (each ratio next to its goal)")
    for line in summary:
        print(line)
    print(f"load average before {before}, after {load()}; {time.perf_counter() - start:.0f} s in all"
          + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
