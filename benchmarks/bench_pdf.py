"""PDF batch benchmark (issue 12): marginal cost of one PDF in a 50-file batch
against the whole ``pdftotext -layout`` process on the same file.

    python benchmarks/bench_pdf.py [--reps 5] [--files 50] [--corpus-pdf PATH]

Two batches: 50 copies of the corpus PDF (a real published report), and 50
generated district-style PDFs (govreport.generate_pdf: both templates, blank
cells, several layouts; 10 different ones, each 5 times; needs fpdf2 and a CJK
font).  For each batch a fresh
interpreter loads and checks the first file (t1) and, in another fresh
interpreter, all 50 files (t50), timing only its loop (``load`` + ``check``);
the marginal cost per file is (t50 − t1) / 49, so imports, the first file's lazy
imports and warm-up cancel out.  Paired with it, in the same repetition, the
wall time of ``pdftotext -layout FILE -`` (the whole process) over the batch's
files, per file.  Repetitions are interleaved (t1, t50, pdftotext, t1, …) and
the medians over repetitions are printed with the ratio marginal / pdftotext
next to the goal, 1.5, both for elapsed (wall) time and for CPU time (user +
system: steadier when other processes share the machine).  About a minute on
an idle 2-core machine (Unix only: it reads the children's CPU time).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

GOAL = 1.5
DEFAULT_PDF = os.path.join(ROOT, "..", "shared", "corpus", "huaian_shi_2024.pdf")

CHILD = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
from govreport.check import check
from govreport.loaders import load
paths = sys.argv[2:]
start, cpu = time.perf_counter(), time.process_time()
for path in paths:
    check(load(path))
print(time.perf_counter() - start, time.process_time() - cpu)
"""

LAYOUTS = [  # (layout options, blank cells, requests rows of the 2019 template) as in tests/test_pdf_district.py
    (dict(), 6, False),
    (dict(label_width=8), 4, False),
    (dict(groups="rows"), 0, True),
    (dict(vertical_pair=True, label_width=14, row_padding=2.5), 4, False),
    (dict(break_after="denied.internal_affairs"), 10, True),
]


def generated(folder: str, count: int, distinct: int = 10) -> list:
    """``count`` district-style PDFs, ``distinct`` of them different (building one
    takes fpdf2 about a second), the rest copies; None when fpdf2 or a CJK font is missing."""
    try:
        from govreport import generate_pdf as G
        from govreport.generate import random_report
    except ImportError:
        return None
    font = G.find_cjk_font()
    if font is None:
        return None
    paths = []
    for k in range(count):
        path = os.path.join(folder, f"gen_{k:02d}.pdf")
        if k >= distinct:
            shutil.copyfile(paths[k % distinct], path)
            paths.append(path)
            continue
        rng = random.Random(k)
        template = ("2021", "2019")[k % 2]
        options, blanks, rows2019 = LAYOUTS[k // 2 % len(LAYOUTS)]
        report = random_report(rng, template)
        if rows2019:
            report = G.with_requests_rows(report, "2019", rng)
        if blanks:
            report = G.with_blanks(report, rng, blanks)
        with open(path, "wb") as fh:
            fh.write(G.build(report, font, G.PdfLayout(**options)))
        paths.append(path)
    return paths


def copies(folder: str, source: str, count: int) -> list:
    paths = []
    for k in range(count):
        path = os.path.join(folder, f"copy_{k:02d}.pdf")
        shutil.copyfile(source, path)
        paths.append(path)
    return paths


def batch_seconds(paths: list) -> tuple:
    """(wall, CPU) seconds of load + check over ``paths`` in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", CHILD, ROOT, *paths], capture_output=True, text=True, check=True)
    wall, cpu = out.stdout.split()[-2:]
    return float(wall), float(cpu)


def pdftotext_seconds(pdftotext: str, paths: list) -> tuple:
    """Mean (wall, CPU) seconds of the whole pdftotext process per file."""
    wall = cpu = 0.0
    for path in paths:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([pdftotext, "-layout", path, "-"], capture_output=True, check=False)
        wall += time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu += after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall / len(paths), cpu / len(paths)


def measure(name: str, paths: list, reps: int, pdftotext: str) -> dict:
    n = len(paths)
    batch_seconds(paths[:2])  # warm the disk cache and bytecode
    runs = {"wall": ([], [], []), "cpu": ([], [], [])}  # marginal, pdftotext, ratio of each repetition
    for _ in range(reps):
        t1 = batch_seconds(paths[:1])
        tn = batch_seconds(paths)
        ext = pdftotext_seconds(pdftotext, paths)
        for k, kind in enumerate(runs):
            margin = (tn[k] - t1[k]) / (n - 1)
            margins, externals, ratios = runs[kind]
            margins.append(margin)
            externals.append(ext[k])
            ratios.append(margin / ext[k])
    rows = {}
    for kind, (margins, externals, ratios) in runs.items():
        row = rows[kind] = {"marginal_ms": statistics.median(margins) * 1000,
                            "pdftotext_ms": statistics.median(externals) * 1000, "ratio": statistics.median(ratios)}
        print(f"{name:<28} {kind:<5} {n:>5} {row['marginal_ms']:>13.1f} {row['pdftotext_ms']:>14.1f} "
              f"{row['ratio']:>7.2f}  {'ok' if row['ratio'] <= GOAL else 'over'} (goal ≤ {GOAL})", flush=True)
    return rows


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=5, help="interleaved repetitions (default 5)")
    ap.add_argument("--files", type=int, default=50, help="files in a batch (default 50)")
    ap.add_argument("--corpus-pdf", default=DEFAULT_PDF, help="the real report PDF (default: the shared corpus's)")
    args = ap.parse_args(argv)
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        sys.exit("pdftotext (poppler-utils) is needed for the comparison")
    began = time.perf_counter()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'batch':<28} {'time':<5} {'files':>5} {'marginal ms':>13} {'pdftotext ms':>14} {'ratio':>7}")
    with tempfile.TemporaryDirectory(prefix="bench_pdf_") as tmp:
        if os.path.isfile(args.corpus_pdf):
            folder = os.path.join(tmp, "corpus")
            os.mkdir(folder)
            name = os.path.basename(args.corpus_pdf)
            measure(f"{name} ×{args.files}", copies(folder, args.corpus_pdf, args.files), args.reps, pdftotext)
        else:
            print(f"(no {args.corpus_pdf}: corpus batch skipped)")
        folder = os.path.join(tmp, "generated")
        os.mkdir(folder)
        paths = generated(folder, args.files)
        if paths:
            measure("generated district PDFs", paths, args.reps, pdftotext)
        else:
            print("(fpdf2 or a CJK font missing: generated batch skipped)")
    print(f"marginal = (t{args.files} − t1) / {args.files - 1} of load + check in one interpreter; "
          f"pdftotext = the whole `pdftotext -layout FILE -` process; wall: elapsed time, cpu: user + system "
          f"time (steadier on a busy machine); medians of {args.reps} interleaved repetitions; "
          f"{time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
