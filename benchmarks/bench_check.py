"""Benchmark `check` over many generated reports.

    python benchmarks/bench_check.py [--files 500 2000] [--keep DIR]

Writes consistent random reports (half of them with one injected error; 2021
and 2019 templates; Markdown, one-cell-per-line and one-row-per-line text) to a
temporary folder, then checks the first N of them one at a time, as
`govreport check DIR` does (load, check, keep the findings, drop the report).
Prints reports per second with parse and check time separated, and the peak
traced memory of each run (tracemalloc, in a second pass so that tracing does
not slow the timed one) plus the process's peak RSS: flat memory means the
peak for 2,000 files is close to the peak for 500.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from govreport import generate  # noqa: E402
from govreport.check import check  # noqa: E402
from govreport.loaders import load  # noqa: E402
from govreport.scan import walk  # noqa: E402


def run(paths: list) -> dict:
    parse = check_time = 0.0
    findings = errors = 0
    for path in paths:
        t0 = time.perf_counter()
        report = load(path)
        t1 = time.perf_counter()
        result = check(report)
        t2 = time.perf_counter()
        parse += t1 - t0
        check_time += t2 - t1
        findings += len(result.findings)
        errors += not result.valid
        del report, result  # keep nothing but counts
    return {"files": len(paths), "parse": parse, "check": check_time, "findings": findings, "invalid": errors}


def peak_memory(paths: list) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    run(paths)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, nargs="+", default=[500, 2000])
    ap.add_argument("--keep", help="write the reports here (default: a temporary folder, removed afterwards)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    largest = max(args.files)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or tmp
        t0 = time.perf_counter()
        generate.write_corpus(folder, largest, seed=args.seed, error_rate=0.5, traditional_rate=0.1)
        print(f"generated {largest} reports in {time.perf_counter() - t0:.1f} s ({folder})")
        t0 = time.perf_counter()
        paths = walk(folder)
        print(f"scan.walk found {len(paths)} report files in {time.perf_counter() - t0:.2f} s")
        run(paths[:20])  # warm up: imports, OpenCC dictionaries, regex caches

        print(f"\n{'files':>6} {'reports/s':>10} {'parse s':>8} {'check s':>8} {'parse ms/file':>14} "
              f"{'check ms/file':>14} {'invalid':>8} {'peak traced MiB':>16} {'peak RSS MiB':>13}")
        for n in sorted(args.files):
            r = run(paths[:n])
            total = r["parse"] + r["check"]
            peak = peak_memory(paths[:n])
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
            print(f"{n:>6} {n / total:>10.1f} {r['parse']:>8.2f} {r['check']:>8.2f} "
                  f"{1000 * r['parse'] / n:>14.2f} {1000 * r['check'] / n:>14.2f} {r['invalid']:>8} "
                  f"{peak / 2**20:>16.2f} {rss:>13.1f}")


if __name__ == "__main__":
    main()
