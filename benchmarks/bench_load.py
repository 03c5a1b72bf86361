"""Load-time benchmark over the shared corpus.

    python benchmarks/bench_load.py [--runs N] [--best] [--corpus DIR] [--district N]

For every report file: the loader's read time, the parse time and the total
(median of N runs after one warm-up run; ``--best``: the best run, steadier on
a busy machine).  For each PDF also the wall time of poppler's ``pdftotext
-layout`` on the same file and our total / pdftotext (the PDF load of a file in
a batch should stay within 1.5 × that process).  Then a batch of generated
district-layout PDFs (govreport.generate_pdf: vertical group label, wrapped
labels, blank cells; needs fpdf2 and a CJK font), measured the same way.  Then
the cold start of ``govreport --version`` and the import time of
``govreport.cli`` (fresh interpreters, median of 5).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from govreport.loaders import _MODULES, detect_format, loads  # noqa: E402
from govreport.parse import parse_document  # noqa: E402

DEFAULT_CORPUS = "/work/shared/corpus"


STAT = statistics.median  # how the runs of one measurement are summed up (--best: min, for a busy machine)


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return STAT(times) * 1000


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


def district_pdfs(folder: str, count: int) -> list:
    """``count`` generated district-layout PDFs written into ``folder`` (both
    templates, several layouts); [] when fpdf2 or a CJK font is missing."""
    if importlib.util.find_spec("fpdf") is None:
        return []
    from govreport import generate_pdf as G
    from govreport.generate import random_report

    font = G.find_cjk_font()
    if font is None:
        return []
    layouts = [G.PdfLayout(), G.PdfLayout(groups="rows", label_width=10),
               G.PdfLayout(vertical_pair=True, label_width=14),
               G.PdfLayout(break_after="denied.internal_affairs", align="right")]
    paths = []
    for n in range(count):
        rng = random.Random(n)
        template = ("2021", "2019")[n % 2]
        report = G.with_blanks(random_report(rng, template), rng, 4)
        path = os.path.join(folder, f"district-{n:02d}-{template}.pdf")
        with open(path, "wb") as fh:
            fh.write(G.build(report, font, layouts[n % len(layouts)]))
        paths.append(path)
    return paths


def ratio_summary(rows: list) -> str:
    ratios = [float(r[7][:-1]) for r in rows if r[7].endswith("x")]
    if not ratios:
        return ""
    return (f"total/pdftotext over {len(ratios)} PDFs: median {statistics.median(ratios):.2f}x, "
            f"max {max(ratios):.2f}x (limit 1.5x)")


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
    ap.add_argument("--best", action="store_true",
                    help="report the best of the runs instead of the median (steadier on a busy machine)")
    ap.add_argument("--district", type=int, default=6, metavar="N",
                    help="also generate N district-layout PDFs and time them (0: skip); default 6")
    args = ap.parse_args(argv)
    runs = max(1, args.runs)
    global STAT
    STAT = min if args.best else statistics.median
    stat = "best" if args.best else "median"
    pdftotext = shutil.which("pdftotext")

    if not os.path.isdir(args.corpus):
        print(f"corpus folder {args.corpus} is absent: skipping the per-file benchmark")
    else:
        rows = [bench_file(p, runs, pdftotext) for p in corpus_files(args.corpus)]
        print(f"Load times, {stat} of {runs} runs (ms)")
        print(table(["file", "format", "KiB", "read", "parse", "total", "pdftotext", "total/pdftotext"], rows))
        if not pdftotext:
            print("pdftotext not found: install poppler-utils for the PDF comparison")
        print()
    if args.district > 0:
        with tempfile.TemporaryDirectory(prefix="govreport-bench-") as folder:
            paths = district_pdfs(folder, args.district)
            if not paths:
                print("district PDFs skipped: needs fpdf2 and a CJK font (fonts-wqy-microhei)")
            else:
                rows = [bench_file(p, runs, pdftotext) for p in paths]
                print(f"Generated district-layout PDFs, one batch, {stat} of {runs} runs (ms)")
                print(table(["file", "format", "KiB", "read", "parse", "total", "pdftotext", "total/pdftotext"], rows))
                print(ratio_summary(rows))
            print()
    print("Start-up, median of 5 runs (ms)")
    print(table(["what", "ms"], startup()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
