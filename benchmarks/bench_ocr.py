"""OCR benchmark (issue 13): generated scanned reports, read back, every cell compared with the truth.

    python benchmarks/bench_ocr.py                      # ≥ 200 pages, all presets, --jobs = all CPUs
    python benchmarks/bench_ocr.py --pages 40 --presets clean200,photo --jobs 2 --out /tmp/scans
    python benchmarks/bench_ocr.py --raw --pages 36      # the OCR engine alone: numbers read per preset

Reports come from :mod:`govreport.generate_scan` (both templates, the district layouts, the three
scripts, every degradation preset cycled; consistent reports, no injected error), written as
image-only PDFs and some as PNG/JPEG (the pages stacked in one long image), multi-page TIFF, an
HTML page with the pages as data URIs and a DOCX holding them (``--formats``).  Each file is loaded
with ``govreport.loaders.load(path)`` (OCR when the ``[ocr]`` extra is installed), checked with
``govreport.check.check`` and every cell of the answer compared:

* **exact**: the value read is the printed value (a flagged exact cell is counted exact, and
  also under ``flag-ok``: what a reviewer looks at for nothing);
* **flagged**: not exact, and the reader says so: ``govreport.ocr.flagged_cells(report, result)``
  when it exists, else the cell's ``prov["ocr"]["flagged"]`` or a check finding naming the cell;
* **silent**: not exact, not flagged: wrong in silence (the goal is none);
* **missing**: the cell is not in the report read, not flagged;
* **refused**: the loader raised a GovreportError (the user is told); its cells and pages are
  counted here, never as exact.

A page is fully exact when every cell the reader placed on it (``prov["page"]``) is exact and no
cell of its report is missing (a missing cell counts against every page of its report).  Printed
per degradation preset and per format: pages, cells, exact %, flagged %, silent, missing, refused,
pages fully exact %; seconds per page; the model-load time of each worker process; peak RSS.

``--raw`` skips govreport and runs ``rapidocr_onnxruntime`` on the degraded page images: each number
printed on a page (its position known from the text PDF, moved as the degradation moved the
pixels) is matched to the OCR box over it, and counted as read exactly, read wrong (and wrong with
a confidence ≥ 0.9), or not found.  That says which degradations the engine reads badly and which
resolution to render at, independently of the table reader.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from collections import defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from govreport import generate_scan as S  # noqa: E402

DEFAULT_FORMATS = "pdf,pdf,pdf,pdf,png,jpg,tif,html,docx"
_NUMBER = re.compile(r"^-?\d[\d,]*(\.\d+)?$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_FOOTER = re.compile(r"^-\s*\d+\s*-$")
_state: dict = {}


def _rss_mib(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: KiB


# ---------------------------------------------------------------- worker set-up
def _init(raw: bool, threads: int, cls: bool = False) -> None:
    """One OCR engine per process, loaded (and timed) before the first file."""
    _state["cls"] = cls
    if threads:
        os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    start = time.perf_counter()
    if raw:
        from rapidocr_onnxruntime import RapidOCR

        kwargs = {}
        if threads:
            kwargs = {"intra_op_num_threads": threads, "inter_op_num_threads": 1}
        try:
            _state["engine"] = RapidOCR(**kwargs)
        except TypeError:
            _state["engine"] = RapidOCR()
    else:
        try:
            from govreport.loaders import ocr as L

            _state["engine"] = L.engine()
        except Exception as exc:  # no OCR loader yet, or the extra is missing: timed as nothing
            _state["engine_error"] = repr(exc)
    _state["load_seconds"] = time.perf_counter() - start
    _state["pid"] = os.getpid()


# ---------------------------------------------------------------- the loader benchmark
def _flagged(report, result) -> set:
    try:
        from govreport.ocr import flagged_cells
    except ImportError:
        flagged_cells = None
    if flagged_cells is not None:
        return set(flagged_cells(report, result))
    out = set()
    for tkey, table in report.tables.items():
        for rkey, ckey, cell in table.cells():
            if ((cell.prov or {}).get("ocr") or {}).get("flagged"):
                out.add((tkey, rkey, ckey))
    for f in result.findings:
        if f.table and f.row and f.column:
            out.add((f.table, f.row, f.column))
        if f.suspect and f.suspect.get("row"):
            out.add((f.suspect.get("table") or f.table, f.suspect["row"], f.suspect.get("column")))
    return out


def _evaluate(path: str, answer: dict) -> dict:
    from govreport.check import check
    from govreport.errors import GovreportError
    from govreport.loaders import load
    from govreport.model import Report

    truth = Report.from_dict(answer)
    pages = answer["generated"]["pages"]
    cells = [(t, r, c, cell.value) for t, table in truth.tables.items() for r, c, cell in table.cells()]
    out = {"path": os.path.basename(path), "preset": answer["generated"]["preset"],
           "format": answer["generated"]["format"], "template": answer["generated"]["template"],
           "layout": answer["generated"]["layout"], "script": answer["generated"]["script"],
           "pages": pages, "cells": len(cells), "exact": 0, "flagged": 0, "flag_ok": 0, "silent": 0,
           "missing": 0, "refused": 0, "pages_exact": 0, "error": None, "wrong": []}
    start = time.perf_counter()
    try:
        report = load(path)
        result = check(report)
    except GovreportError as exc:
        out["seconds"] = time.perf_counter() - start
        out["refused"], out["error"] = len(cells), str(exc)[:200]
        return out
    out["seconds"] = time.perf_counter() - start
    flagged = _flagged(report, result)
    bad_pages, any_missing = set(), False
    for t, r, c, value in cells:
        table = report.tables.get(t)
        cell = table.rows.get(r, {}).get(c) if table is not None else None
        key = (t, r, c)
        page = (cell.prov or {}).get("page") if cell is not None else None
        if cell is not None and cell.value == value and (value is None) == (cell.value is None):
            out["exact"] += 1
            out["flag_ok"] += key in flagged
            continue
        if key in flagged:
            out["flagged"] += 1
        elif cell is None:
            out["missing"] += 1
        else:
            out["silent"] += 1
        if cell is None:
            any_missing = True
        else:
            bad_pages.add(page)
        out["wrong"].append((t, r, c, value, None if cell is None else cell.value, key in flagged))
    # a wrong cell without a page is counted against one page
    out["pages_exact"] = 0 if any_missing else max(pages - len(bad_pages), 0)
    return out


def _one(item: dict, out_dir: str) -> dict:
    name, answer, data = S.one_of_set(item)
    path = os.path.join(out_dir, name)
    with open(path, "wb") as fh:
        fh.write(data)
    import json

    with open(S.expected_path(path), "w", encoding="utf-8") as fh:
        json.dump(answer, fh, ensure_ascii=False, indent=1)
    result = _evaluate(path, answer)
    result.update(pid=os.getpid(), load_seconds=_state.get("load_seconds"), rss=_rss_mib(),
                  engine_error=_state.get("engine_error"))
    return result


# ---------------------------------------------------------------- the raw engine benchmark
def _centre_in(box, x, y) -> bool:
    xs, ys = [p[0] for p in box], [p[1] for p in box]
    return min(xs) - 2 <= x <= max(xs) + 2 and min(ys) - 2 <= y <= max(ys) + 2


def _raw(item: dict, out_dir: str) -> dict:
    import random

    import numpy as np

    engine = _state["engine"]
    rng = random.Random(f"{item['seed']}/{item['index']}")
    degradation = S.varied(S.PRESETS[item["preset"]], rng)
    report, layout = S.layout_report(rng, item["template"], item["layout"], item["script"])
    words: list = []
    images = S.page_images(report, layout, degradation, rng, compress=True, words=words)
    out = {"preset": item["preset"], "format": "raw", "pages": len(images), "numbers": 0, "exact": 0,
           "wrong": 0, "wrong_confident": 0, "missing": 0, "seconds": 0.0, "examples": []}
    for n, (image, truth) in enumerate(zip(images, words)):
        start = time.perf_counter()
        result, _ = engine(np.array(image.convert("RGB")), use_cls=_state.get("cls", False))
        out["seconds"] += time.perf_counter() - start
        result = result or []
        for text, (x, y) in truth:
            if not _NUMBER.match(text):
                continue
            out["numbers"] += 1
            hits = [r for r in result if _centre_in(r[0], x, y)]
            if any(_CJK.search(r[1]) or _FOOTER.match(r[1].strip()) for r in hits):
                out["numbers"] -= 1  # a label's numbering (1.属于…), a number in the narrative or the page number
                continue
            if not hits:
                out["missing"] += 1
                if len(out["examples"]) < 6:
                    out["examples"].append((n + 1, text, None, None))
                continue
            box, got, score = min(hits, key=lambda r: len(r[1]))
            got_digits = got.strip().replace(" ", "")
            if got_digits == text:
                out["exact"] += 1
            else:
                out["wrong"] += 1
                out["wrong_confident"] += float(score) >= 0.9 and bool(re.fullmatch(r"\d+", got_digits))
                if len(out["examples"]) < 6:
                    out["examples"].append((n + 1, text, got, round(float(score), 2)))
    if out_dir:
        for n, image in enumerate(images):
            image.save(os.path.join(out_dir, f"raw-{item['seed']}-{item['index'] + 1:03d}-{item['preset']}-p{n + 1}.png"))
    out.update(pid=os.getpid(), load_seconds=_state.get("load_seconds"), rss=_rss_mib())
    return out


# ---------------------------------------------------------------- driver
def _run(args, items, out_dir):
    work = _raw if args.raw else _one
    threads = args.threads if args.threads is not None else (1 if args.jobs > 1 else 0)
    if args.jobs <= 1:
        _init(args.raw, threads, args.cls)
        for item in items:
            yield work(item, out_dir)
        return
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(args.jobs, initializer=_init, initargs=(args.raw, threads, args.cls), maxtasksperchild=None) as pool:
        yield from pool.imap_unordered(_Call(work, out_dir), items)


class _Call:
    def __init__(self, work, out_dir):
        self.work, self.out_dir = work, out_dir

    def __call__(self, item):
        return self.work(item, self.out_dir)


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}" if b else "-"


def _table_loader(results: list, key: str) -> list:
    groups = defaultdict(list)
    for r in results:
        groups[r[key]].append(r)
    head = (f"| {key} | reports | pages | cells | exact % | flagged % | silent | missing | refused cells "
            "| pages fully exact % | s/page |")
    lines = [head, "|" + " --- |" * (head.count("|") - 1)]
    rows = sorted(groups.items()) + [("**all**", results)]
    for name, rs in rows:
        pages = sum(r["pages"] for r in rs)
        cells = sum(r["cells"] for r in rs)
        lines.append(f"| {name} | {len(rs)} | {pages} | {cells} | {_pct(sum(r['exact'] for r in rs), cells)} "
                     f"| {_pct(sum(r['flagged'] for r in rs), cells)} | {sum(r['silent'] for r in rs)} "
                     f"| {sum(r['missing'] for r in rs)} | {sum(r['refused'] for r in rs)} "
                     f"| {_pct(sum(r['pages_exact'] for r in rs), pages)} "
                     f"| {sum(r['seconds'] for r in rs) / max(pages, 1):.2f} |")
    return lines


def _table_raw(results: list) -> list:
    groups = defaultdict(list)
    for r in results:
        groups[r["preset"]].append(r)
    lines = ["| preset | pages | numbers | read exactly % | wrong | wrong, conf ≥ 0.9 | not found | s/page |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, rs in sorted(groups.items(), key=lambda kv: list(S.PRESETS).index(kv[0])) + [("**all**", results)]:
        pages, numbers = sum(r["pages"] for r in rs), sum(r["numbers"] for r in rs)
        lines.append(f"| {name} | {pages} | {numbers} | {_pct(sum(r['exact'] for r in rs), numbers)} "
                     f"| {sum(r['wrong'] for r in rs)} | {sum(r['wrong_confident'] for r in rs)} "
                     f"| {sum(r['missing'] for r in rs)} | {sum(r['seconds'] for r in rs) / max(pages, 1):.2f} |")
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=200, help="at least this many pages (a report is 3 pages)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (one OCR engine each)")
    ap.add_argument("--threads", type=int, default=None,
                    help="onnxruntime threads per worker (default: 1 with --jobs > 1, else the engine's default)")
    ap.add_argument("--presets", default=",".join(S.PRESETS), help="comma-separated degradation presets")
    ap.add_argument("--formats", default=DEFAULT_FORMATS,
                    help="comma-separated formats, repeated for weight (pdf, png, jpg, tif, html, docx)")
    ap.add_argument("--templates", default="2021,2019")
    ap.add_argument("--out", default=None, help="keep the generated files (and answer files) in this folder")
    ap.add_argument("--raw", action="store_true", help="the OCR engine alone on the page images (no govreport)")
    ap.add_argument("--cls", action="store_true",
                    help="with --raw: run the engine's text-direction classifier (it turns 6 into 9: see the README)")
    ap.add_argument("--show-wrong", type=int, default=20, help="list this many wrong cells")
    args = ap.parse_args(argv)

    presets = [p for p in args.presets.split(",") if p]
    for p in presets:
        S.preset(p)
    formats = [f for f in args.formats.split(",") if f]
    for f in formats:
        if f not in S.FORMATS:
            ap.error(f"unknown format {f!r}")
    count = max(math.ceil(args.pages / 3), 1)
    items = S.plan(count, args.seed, presets, tuple(args.templates.split(",")), formats=tuple(formats))
    out_dir = args.out or tempfile.mkdtemp(prefix="bench-ocr-")
    os.makedirs(out_dir, exist_ok=True)
    S.font()
    print(f"{count} reports, presets {', '.join(presets)}; formats {', '.join(formats)}; "
          f"--jobs {args.jobs}; load average {os.getloadavg()[0]:.2f}; files in {out_dir}", flush=True)
    start = time.perf_counter()
    results = []
    try:
        for n, r in enumerate(_run(args, items, out_dir), 1):
            results.append(r)
            if args.raw:
                print(f"[{n}/{count}] {r['preset']}: {r['exact']}/{r['numbers']} numbers exact, "
                      f"{r['wrong']} wrong ({r['wrong_confident']} confident), {r['missing']} not found, "
                      f"{r['seconds'] / r['pages']:.2f} s/page {r['examples'][:3]}", flush=True)
            else:
                status = "REFUSED " + r["error"] if r["error"] else (
                    f"{r['exact']}/{r['cells']} exact, {r['flagged']} flagged, {r['silent']} silent, "
                    f"{r['missing']} missing, {r['pages_exact']}/{r['pages']} pages exact")
                print(f"[{n}/{count}] {r['path']} ({r['layout']}, {r['script']}): {status}; "
                      f"{r['seconds'] / r['pages']:.2f} s/page", flush=True)
    finally:
        if not args.out:
            shutil.rmtree(out_dir, ignore_errors=True)
    wall = time.perf_counter() - start
    pages = sum(r["pages"] for r in results)
    print()
    if args.raw:
        print("\n".join(_table_raw(results)))
    else:
        print("\n".join(_table_loader(results, "preset")))
        print()
        print("\n".join(_table_loader(results, "format")))
        wrong = [(r["path"], w) for r in results for w in r["wrong"]]
        if wrong and args.show_wrong:
            print(f"\nwrong cells (first {args.show_wrong} of {len(wrong)}: table, row, column, truth, read, flagged):")
            for path, w in wrong[:args.show_wrong]:
                print(f"  {path}: {w}")
        errors = sorted({r["engine_error"] for r in results if r.get("engine_error")})
        if errors:
            print(f"\nOCR engine not loaded in the workers: {errors[0]}")
    loads = sorted({(r["pid"], r["load_seconds"]) for r in results if r.get("load_seconds") is not None})
    print(f"\n{pages} pages in {wall:.1f} s wall: {wall / max(pages, 1):.2f} s/page with --jobs {args.jobs} "
          f"({sum(r['seconds'] for r in results) / max(pages, 1):.2f} s/page of OCR/load per process)")
    print("model load per process: " + ", ".join(f"pid {pid}: {sec:.2f} s" for pid, sec in loads))
    print(f"peak RSS: main {_rss_mib():.0f} MiB, largest worker "
          f"{max((r['rss'] for r in results), default=0):.0f} MiB "
          f"(children total max {_rss_mib(resource.RUSAGE_CHILDREN):.0f} MiB); "
          f"load average now {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
