"""Load-time benchmark over the shared corpus.

    python benchmarks/bench_load.py [--runs N] [--corpus DIR]

For every report file: the loader's read time, the parse time and the total
(median of N runs, after one warm-up run).  For each PDF also the wall time of
poppler's ``pdftotext -layout`` on the same file and our total / pdftotext.
Then the cold start of ``govreport --version`` and the import time of
``govreport.cli`` (fresh interpreters, median of 5).
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from govreport.loaders import _MODULES, detect_format, loads  # noqa: E402
from govreport.parse import parse_document  # noqa: E402

DEFAULT_CORPUS = "/work/shared/corpus"


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def corpus_files(folder: str) -> list:
    names = sorted(os.listdir(folder))
    return [os.path.join(folder, n) for n in names
            if not n.endswith(".expected.json") and not n.lower().startswith("readme")
            and os.path.isfile(os.path.join(folder, n))]


def bench_file(path: str, runs: int, pdftotext) -> list:
    with open(path, "rb") as fh:
        data = fh.read()
    fmt = detect_format(data, path)
    module_name, kind = _MODULES[fmt]
    module = importlib.import_module(f"govreport.loaders.{module_name}")
    try:
        loads(data, fmt, path)  # warm-up: lazy imports, caches
    except Exception as exc:  # report it and go on with the other files
        return [os.path.basename(path), fmt, f"{len(data) / 1024:.0f}", f"error: {exc}", "", "", "", ""]
    if kind == "raw":
        raw = module.read(data, path, fmt)
        read = median_ms(lambda: module.read(data, path, fmt), runs)
        parse = median_ms(lambda: parse_document(raw), runs)
    else:
        read = parse = None
    total = median_ms(lambda: loads(data, fmt, path), runs)
    row = [os.path.basename(path), fmt, f"{len(data) / 1024:.0f}",
           _fmt(read), _fmt(parse), _fmt(total), "", ""]
    if fmt == "pdf":
        if pdftotext:
            cmd = [pdftotext, "-layout", path, os.devnull]
            ext = median_ms(lambda: subprocess.run(cmd, check=False, capture_output=True), runs)
            row[6], row[7] = _fmt(ext), f"{total / ext:.2f}x"
        else:
            row[6] = "n/a"
    return row


def _fmt(ms) -> str:
    return "" if ms is None else f"{ms:.1f}"


def table(header: list, rows: list) -> str:
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(header, widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)) for r in rows]
    return "\n".join(lines)


def startup(runs: int = 5) -> list:
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))

    def run(cmd):
        return median_ms(lambda: subprocess.run(cmd, env=env, capture_output=True, check=False), runs)

    rows = [["python -c pass (interpreter baseline)", _fmt(run([sys.executable, "-c", "pass"]))],
            ["python -m govreport --version (this tree)", _fmt(run([sys.executable, "-m", "govreport", "--version"]))]]
    script = shutil.which("govreport")
    if script:
        rows.append([f"{script} --version", _fmt(run([script, "--version"]))])
    else:
        rows.append(["govreport --version", "not on PATH"])
    probe = ("import time; t = time.perf_counter(); import govreport.cli; "
             "print((time.perf_counter() - t) * 1000)")
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
        if out.returncode != 0:
            times = None
            break
        times.append(float(out.stdout.strip()))
    rows.append(["import govreport.cli (in a fresh interpreter)",
                 _fmt(statistics.median(times)) if times else "govreport.cli not importable"])
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", "-n", type=int, default=5, help="runs per measurement (median); default 5")
    ap.add_argument("--corpus", default=DEFAULT_CORPUS, help=f"folder of report files; default {DEFAULT_CORPUS}")
    args = ap.parse_args(argv)
    runs = max(1, args.runs)

    if not os.path.isdir(args.corpus):
        print(f"corpus folder {args.corpus} is absent: skipping the per-file benchmark")
    else:
        pdftotext = shutil.which("pdftotext")
        rows = [bench_file(p, runs, pdftotext) for p in corpus_files(args.corpus)]
        print(f"Load times, median of {runs} runs (ms)")
        print(table(["file", "format", "KiB", "read", "parse", "total", "pdftotext", "total/pdftotext"], rows))
        if not pdftotext:
            print("pdftotext not found: install poppler-utils for the PDF comparison")
        print()
    print("Start-up, median of 5 runs (ms)")
    print(table(["what", "ms"], startup()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
