"""Benchmark `govreport export DIR --format parquet`: 10,000 generated reports to one file.

    python benchmarks/bench_parquet.py [--files 10000] [--jobs N] [--partition-by year] [--keep DIR]

Writes the reports, runs the export as a whole process (default --jobs: every
CPU), reads the result back with pyarrow, and prints cells per second next to
the goal (10,000 reports in under 90 s).  The machine may be shared: the load
average is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)

from govreport import generate  # noqa: E402

GOAL_SECONDS = 90


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--partition-by", default=None)
    ap.add_argument("--keep", help="write the reports here (default: a temporary folder, removed afterwards)")
    args = ap.parse_args(argv)
    import pyarrow.dataset as ds

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or os.path.join(tmp, "reports")
        t0 = time.perf_counter()
        generate.write_corpus(folder, args.files, seed=7, error_rate=0.3, traditional_rate=0.1)
        print(f"generated {args.files} reports in {time.perf_counter() - t0:.1f} s; "
              f"load average {os.getloadavg()[0]:.2f} (a shared machine)")
        out = os.path.join(tmp, "cells" if args.partition_by else "cells.parquet")
        cmd = [sys.executable, "-m", "govreport", "export", folder, "--format", "parquet", "-o", out]
        cmd += ["--jobs", str(args.jobs)] if args.jobs else []
        cmd += ["--partition-by", args.partition_by] if args.partition_by else []
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True)
        wall = time.perf_counter() - t0
        table = ds.dataset(out, format="parquet", partitioning="hive" if args.partition_by else None).to_table()
        size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(out) for f in fs) \
            if os.path.isdir(out) else os.path.getsize(out)
        print(f"{args.files} reports → {table.num_rows} cells in {wall:.1f} s: {table.num_rows / wall:,.0f} cells/s, "
              f"{args.files / wall:.0f} reports/s; {size / 2**20:.1f} MiB Parquet "
              f"(goal < {GOAL_SECONDS} s: {'met' if wall < GOAL_SECONDS else 'not met'}; --jobs {args.jobs or 'all CPUs'})")


if __name__ == "__main__":
    main()
