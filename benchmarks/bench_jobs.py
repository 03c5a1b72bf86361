"""Benchmark `govreport check DIR --jobs N`: whole processes, one core against all of them.

    python benchmarks/bench_jobs.py [--files 2000] [--jobs 1 2] [--repeat 3] [--keep DIR]

Writes a folder of generated reports (half with one injected error, a tenth in
Traditional characters), then runs `govreport check DIR --format jsonl --jobs N`
for each N, the runs interleaved (1, 2, 1, 2 …) so that a neighbour's load hits
them alike, and prints the median wall time of each, the speed-up over --jobs 1
next to the goal (≥ 1.8× on 2 cores), and the CPU seconds the run used (its
worker processes included): a CPU total close to --jobs 1's means the workers
cost nothing extra, and the speed-up is then bounded by the cores actually free.
The outputs of every run are compared byte for byte.

The machine may be shared (other jobs, other tests): the load average before
and after is printed; read the ratio with it.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)

from govreport import generate  # noqa: E402

GOAL = 1.8


def once(folder: str, jobs: int) -> tuple:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "govreport", "check", folder, "--format", "jsonl", "--jobs", str(jobs)],
                          cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"govreport check --jobs {jobs} exited {proc.returncode}")
    return wall, cpu, hashlib.sha256(proc.stdout).hexdigest()


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", help="write the reports here (default: a temporary folder, removed afterwards)")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or tmp
        t0 = time.perf_counter()
        generate.write_corpus(folder, args.files, seed=1, error_rate=0.5, traditional_rate=0.1)
        print(f"generated {args.files} reports in {time.perf_counter() - t0:.1f} s; {os.cpu_count()} CPUs; "
              f"load average {os.getloadavg()[0]:.2f} (a shared machine: other work slows the runs unevenly)")
        walls: dict = {j: [] for j in args.jobs}
        cpus: dict = {j: [] for j in args.jobs}
        digests = set()
        for _ in range(args.repeat):
            for jobs in args.jobs:
                wall, cpu, digest = once(folder, jobs)
                walls[jobs].append(wall)
                cpus[jobs].append(cpu)
                digests.add(digest)
        base = statistics.median(walls[args.jobs[0]])
        print(f"\n{'jobs':>5} {'median s':>9} {'runs s':>22} {'reports/s':>10} {'CPU s':>7} {'speed-up':>9}")
        for jobs in args.jobs:
            med = statistics.median(walls[jobs])
            runs = " ".join(f"{w:.1f}" for w in walls[jobs])
            print(f"{jobs:>5} {med:>9.2f} {runs:>22} {args.files / med:>10.1f} {statistics.median(cpus[jobs]):>7.1f} "
                  f"{base / med:>8.2f}×")
        best = max(args.jobs)
        ratio = base / statistics.median(walls[best])
        free = statistics.median(cpus[args.jobs[0]]) / (statistics.median(cpus[best]) / best)
        print(f"\nspeed-up --jobs {best} over --jobs {args.jobs[0]}: {ratio:.2f}× (goal ≥ {GOAL}× on 2 cores: "
              f"{'met' if ratio >= GOAL else 'not met'}); outputs identical: {len(digests) == 1}; "
              f"load average now {os.getloadavg()[0]:.2f}")
        print(f"with {best} free cores it would be ≈ {free:.2f}× (CPU s of --jobs {args.jobs[0]} ÷ (CPU s of "
              f"--jobs {best} ÷ {best})): the work the workers add, not the machine's other load")


if __name__ == "__main__":
    main()
