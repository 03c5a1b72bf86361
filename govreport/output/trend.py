"""Rendering a :class:`govreport.trend.Trend`: an aligned text table with a sparkline per series,
CSV, Markdown, JSON, and a chart (PNG or SVG, with matplotlib: the optional extra ``plot``).

Rows are labelled in the current language (official labels in Chinese, glosses in English); CSV and
JSON keep the stable series keys and add a ``label``.  A blank figure is an empty cell, never 0.
"""

from __future__ import annotations

import json
import os

from .. import messages as M
from ..errors import GovreportError
from ..model import format_number
from ..trend import SERIES, Series, Trend
from .keys import csv_text, markdown_table, name, text_table
from .terminal import one_line

FORMATS = ("text", "csv", "markdown", "json")
PLOT_FORMATS = ("png", "svg")
BARS = "▁▂▃▄▅▆▇█"
SECTIONS = ("requests", "review_litigation")
# Fonts with Chinese glyphs, in order of preference (fonts-wqy-microhei, fonts-noto-cjk, macOS, Windows).
CJK_FONTS = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
             "Source Han Sans CN", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "SimHei")


def label(series: Series) -> str:
    return name(series.table, series.part, series.column if series.named_column else None, short=True)


def sparkline(values: list) -> str:
    """``▁▄█``: each value scaled between the series' least and greatest; a blank value is a space."""
    present = [v for v in values if v is not None]
    if not present:
        return " " * len(values)
    lo, hi = min(present), max(present)

    def bar(v) -> str:
        if v is None:
            return " "
        if hi == lo:
            return BARS[0] if hi == 0 else BARS[len(BARS) // 2]
        return BARS[round((v - lo) / (hi - lo) * (len(BARS) - 1))]

    return "".join(bar(v) for v in values)


def title(t: Trend) -> str:
    agency = t.agency or M.text("trend.unknown_agency")
    return one_line(M.text("trend.title", agency=agency, first=t.years[0], last=t.years[-1]))


def _sections(t: Trend) -> list:
    """``[(section title, [[label, value…, sparkline]]) ]`` for the human formats."""
    return [(M.text(f"trend.section.{table}"),
             [[label(s)] + [format_number(v) for v in t.values(s.key)] + [sparkline(t.values(s.key))]
              for s in SERIES if s.table == table])
            for table in SECTIONS]


def _header(t: Trend) -> list:
    return [M.text("trend.column.item")] + [str(y) for y in t.years] + [M.text("trend.column.spark")]


def _footer(t: Trend) -> list:
    return [M.text("trend.blank_note")] + [
        one_line(M.text("trend.files", year=p.year, file=p.path, template=p.template)) for p in t.points]


def _numbers(t: Trend) -> range:
    return range(1, len(t.years) + 1)


def to_text(t: Trend) -> str:
    sections = _sections(t)
    lines = text_table(_header(t), [row for _, rows in sections for row in rows], right=_numbers(t))
    at = 2  # past the header and its rule
    for n, (heading, rows) in enumerate(sections):
        lines[at:at] = [""] * bool(n) + [heading]
        at += len(rows) + 1 + bool(n)
    return "\n".join([title(t), ""] + lines + [""] + _footer(t)) + "\n"


def to_markdown(t: Trend) -> str:
    out = [f"# {title(t)}"]
    for heading, rows in _sections(t):
        out += ["", f"## {heading}", ""] + markdown_table(_header(t), rows, right=_numbers(t))
    return "\n".join(out + [""] + [f"- {x}" for x in _footer(t)]) + "\n"


def to_csv(t: Trend) -> str:
    """One row per series: ``key``, ``table``, ``label``, then a column per year (blank: empty)."""
    rows = [["key", "table", "label"] + [str(y) for y in t.years]]
    rows += [[s.key, s.table, label(s)] + [format_number(v) for v in t.values(s.key)] for s in SERIES]
    return csv_text(rows)


def to_json(t: Trend) -> str:
    out = t.to_dict()
    for item, s in zip(out["series"], SERIES):
        item["label"] = label(s)
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def render(t: Trend, fmt: str) -> str:
    return {"text": to_text, "csv": to_csv, "markdown": to_markdown, "json": to_json}[fmt](t)


# ---------------------------------------------------------------- chart
def plot_format(path: str) -> str:
    """``png`` or ``svg`` from the file name; anything else is an error naming the choices."""
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    if ext not in PLOT_FORMATS:
        raise GovreportError("trend.plot.format", path, formats=" / ".join("." + f for f in PLOT_FORMATS))
    return ext


def cjk_font() -> str:
    """The name of an installed font with Chinese glyphs, as matplotlib knows it (a preferred one first)."""
    from matplotlib import font_manager, ft2font

    fonts = font_manager.fontManager.ttflist
    known = {f.name for f in fonts}
    for family in CJK_FONTS:
        if family in known:
            return family
    for f in fonts:
        try:
            if ft2font.FT2Font(f.fname).get_char_index(ord("中")):
                return f.name
        except (OSError, RuntimeError, ValueError):
            continue
    raise GovreportError("trend.plot.no_font")


def require_matplotlib() -> None:
    """A one-line error (``pip install 'govreport[plot]'``) when matplotlib is not installed."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise GovreportError("trend.plot.no_matplotlib") from None


def plot(t: Trend, path: str, fmt: str) -> None:
    """Draw the trend into the file ``path`` as ``fmt`` (png or svg): table 3's series on the left,
    table 4's on the right, a gap for a blank figure.  SVG keeps the labels as text."""
    require_matplotlib()
    from matplotlib import rc_context
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    font = cjk_font()
    with rc_context({"font.family": "sans-serif", "font.sans-serif": [font], "svg.fonttype": "none",
                     "axes.unicode_minus": False}):
        fig = Figure(figsize=(12, 5.5), layout="constrained")
        fig.suptitle(title(t))
        for ax, table in zip(fig.subplots(1, len(SECTIONS)), SECTIONS):
            for s in (s for s in SERIES if s.table == table):
                ys = [float("nan") if v is None else float(v) for v in t.values(s.key)]
                ax.plot(t.years, ys, marker="o", label=label(s))
            ax.set_title(M.text(f"trend.section.{table}"), fontsize=10)
            ax.set_xticks(t.years, [str(y) for y in t.years])
            ax.set_xlabel(M.text("trend.plot.year"))
            ax.set_ylabel(M.text("trend.plot.count"))
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
            ax.grid(True, alpha=0.3)
            ax.legend(fontsize=8)
        fig.savefig(path, format=fmt)
