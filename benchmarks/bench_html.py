"""HTML batch benchmark (issue 12): govreport load + check against ``pandas.read_html``.

    python benchmarks/bench_html.py [--rounds N] [--batch 50] [--corpus DIR]

For every HTML page of the corpus, a batch of ``--batch`` copies, each varied (an HTML comment
with its number appended, so no two inputs are the same bytes; they read alike), is held in
memory.  One round times, interleaved, on the same bytes:

* govreport: ``loads`` (the HTML loader + the template parser) then ``check``, over 1 copy and
  over the whole batch; the load and check parts are timed separately too;
* pandas: ``pandas.read_html`` (its default flavor: lxml) over 1 copy and over the batch;
* lxml's HTML parse alone (``lxml``), as the loader calls it: the floor under any reader built on
  lxml, printed with what the goal leaves for everything after it.

Marginal cost per file = (time for the batch − time for 1 copy) / (batch − 1): the steady per-file
cost in a batch, start-up costs (imports, caches) left out.  Each figure is the median over the
rounds; the ratio is the median of the per-round ratios govreport / pandas (paired, so a busy
machine slows both sides of a pair alike).  The goal is a ratio ≤ 1/3.  Without pandas the
govreport side is still measured and the comparison is skipped, saying so.  Default settings run
in well under 90 s.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from govreport.check import check  # noqa: E402
from govreport.loaders import loads  # noqa: E402

DEFAULT_CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus")
GOAL = 1 / 3

try:
    import pandas
except ImportError:  # not a project dependency
    pandas = None


def batch_of(data: bytes, n: int) -> list:
    return [data + f"\n<!-- batch copy {k} -->\n".encode("ascii") for k in range(n)]


def run_govreport(pages: list, name: str) -> tuple:
    """(total, load, check) seconds for loading and checking every page."""
    load_s = check_s = 0.0
    for k, data in enumerate(pages):
        t0 = time.perf_counter()
        report = loads(data, "html", f"{name}.{k}.html")
        t1 = time.perf_counter()
        check(report)
        t2 = time.perf_counter()
        load_s += t1 - t0
        check_s += t2 - t1
    return load_s + check_s, load_s, check_s


def run_lxml(pages: list, walk: bool = False) -> float:
    """The floor under any reader built on lxml and Python: lxml's HTML parse alone, as the loader
    calls it; with ``walk``, plus an empty ``iterwalk`` over the tree (every element visited from
    Python, nothing read)."""
    import lxml.etree

    t0 = time.perf_counter()
    for data in pages:
        doc = lxml.etree.fromstring(data, lxml.etree.HTMLParser(encoding="utf-8", huge_tree=True))
        if walk:
            for _ in lxml.etree.iterwalk(doc, events=("start", "end")):
                pass
    return time.perf_counter() - t0


def run_pandas(pages: list) -> float:
    t0 = time.perf_counter()
    for data in pages:
        pandas.read_html(io.BytesIO(data))
    return time.perf_counter() - t0


def bench_page(path: str, rounds: int, size: int) -> dict:
    name = os.path.basename(path)
    with open(path, "rb") as fh:
        data = fh.read()
    batch = batch_of(data, size)
    one = batch[:1]
    run_govreport(one, name)  # warm-up: lazy imports, caches
    if pandas is not None:
        run_pandas(one)
    gov, load, chk, pan, ratio, floor, walked = [], [], [], [], [], [], []
    for _ in range(rounds):
        g1 = run_govreport(one, name)
        p1 = run_pandas(one) if pandas is not None else None
        l1, w1 = run_lxml(one), run_lxml(one, walk=True)
        gn = run_govreport(batch, name)
        pn = run_pandas(batch) if pandas is not None else None
        ln, wn = run_lxml(batch), run_lxml(batch, walk=True)
        floor.append((ln - l1) / (size - 1))
        walked.append((wn - w1) / (size - 1))
        g = [(n - o) / (size - 1) for n, o in zip(gn, g1)]
        gov.append(g[0])
        load.append(g[1])
        chk.append(g[2])
        if pandas is not None:
            p = (pn - p1) / (size - 1)
            pan.append(p)
            ratio.append(g[0] / p if p > 0 else float("inf"))
    med = statistics.median
    return {"name": name, "kib": len(data) / 1024, "gov": med(gov) * 1000, "load": med(load) * 1000,
            "check": med(chk) * 1000, "pandas": med(pan) * 1000 if pan else None,
            "ratio": med(ratio) if ratio else None, "lxml": med(floor) * 1000,
            "walked": med(walked) * 1000}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5, help="paired rounds per page (median taken)")
    ap.add_argument("--batch", type=int, default=50, help="copies per batch")
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    args = ap.parse_args(argv)
    if args.batch < 2:
        ap.error("--batch must be at least 2")
    try:
        pages = sorted(os.path.join(args.corpus, n) for n in os.listdir(args.corpus)
                       if n.lower().endswith((".html", ".htm")))
    except OSError as exc:
        print(f"no corpus: {exc}")
        return 1
    if not pages:
        print(f"no HTML pages in {args.corpus}")
        return 1
    if pandas is None:
        print("pandas is not installed: measuring govreport only, the comparison with pandas.read_html is "
              "skipped (pip install pandas to compare; it is not a project dependency)")
    else:
        print(f"pandas {pandas.__version__}, read_html default flavor")
    print(f"marginal cost per file in a batch of {args.batch}, median of {args.rounds} paired rounds (ms)")
    header = (f"{'page':28} {'KiB':>5} {'lxml':>6} {'load':>6} {'check':>6} {'gov':>6} {'pandas':>7} {'ratio':>6}"
              f"  goal ≤ {GOAL:.2f}")
    print(header)
    print("-" * len(header))
    start = time.perf_counter()
    ratios, floors = [], []
    for path in pages:
        r = bench_page(path, args.rounds, args.batch)
        pan = f"{r['pandas']:7.2f}" if r["pandas"] is not None else f"{'-':>7}"
        if r["ratio"] is not None:
            ratios.append(r["ratio"])
            verdict = f"{r['ratio']:6.2f}  {'met' if r['ratio'] <= GOAL else 'not met'}"
        else:
            verdict = f"{'-':>6}  skipped (no pandas)"
        print(f"{r['name']:28} {r['kib']:5.0f} {r['lxml']:6.2f} {r['load']:6.2f} {r['check']:6.2f} {r['gov']:6.2f} "
              f"{pan} {verdict}")
        if r["pandas"]:
            floors.append((r["name"], r["lxml"] / r["pandas"], r["pandas"] * GOAL - r["lxml"], r["walked"] - r["lxml"]))
    if ratios:
        print(f"median ratio over pages: {statistics.median(ratios):.2f} (goal ≤ {GOAL:.2f})")
        print("lxml = lxml's HTML parse alone, the floor under the loader.  After it the goal leaves this much for "
              "the walk, the template parser and check, against an empty Python walk over lxml's tree:")
        for name, share, left, empty in floors:
            print(f"  {name:28} lxml parse = {share:.2f} × pandas; {left:5.2f} ms left; "
                  f"an empty walk takes {empty:.2f} ms")
    print(f"({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
