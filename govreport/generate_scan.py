"""Test data for OCR: generated reports printed as district PDFs, rendered to page images and
degraded the way a scanner or a phone camera degrades them (issue 13).

``page_images(report, layout, degradation, rng)`` renders the text PDF of
:func:`govreport.generate_pdf.build` at ``degradation.dpi`` with pypdfium2 and degrades every
page: a small rotation (white paper where the page turned), a perspective keystone of a page
photographed from below with uneven lighting, a Gaussian blur, salt-and-pepper noise and a JPEG
round trip.  The writers put the images in the files a reader meets: an image-only PDF with no
text layer (:func:`scanned_pdf`), PNG/JPEG/TIFF (:func:`image_bytes`; several pages as a
multi-page TIFF or, for PNG/JPEG, stacked into one long image as web pages post them), an HTML
page with the pages as ``data:`` URIs (:func:`html_page`) and a DOCX holding them as pictures
(:func:`docx_bytes`).  :func:`scanned_set` writes a folder of them with their answer files
(``NAME.expected.json``, the convention of ``govreport generate``).

Every random choice comes from the ``random.Random`` given (noise from a numpy generator seeded
from it): the same seed gives the same pixels and the same bytes.  The reports are consistent
(no injected error): every identity holds, so what a reader gets wrong is the reader's.
PIL, numpy, pypdfium2 and fpdf2 are imported here only; python-docx only by :func:`docx_bytes`.
"""

from __future__ import annotations

import base64
import io
import json
import math
import os
import random
from dataclasses import asdict, dataclass, replace
from typing import Optional

from . import generate as G
from . import generate_pdf as P
from .model import Report

FORMATS = ("pdf", "png", "jpg", "tif", "html", "docx")
EXTENSIONS = {"pdf": ".pdf", "png": ".png", "jpg": ".jpg", "tif": ".tif", "html": ".html", "docx": ".docx"}


# ---------------------------------------------------------------- degradations
@dataclass(frozen=True)
class Degradation:
    """What happens to a page between the printer and the file.  Every field is exact (no
    randomness but the noise pixels and the keystone's corner jitter, from the rng given)."""

    name: str = "clean200"
    dpi: int = 200  # render resolution (150–300)
    jpeg_quality: Optional[int] = None  # JPEG round trip at this quality (60–90); None: lossless
    rotation: float = 0.0  # degrees, counter-clockwise (±1.5); the corners filled with paper white
    blur: float = 0.0  # Gaussian blur radius, in pixels at ``dpi``
    noise: float = 0.0  # salt-and-pepper: this fraction of the pixels set black or white (half each)
    skew: float = 0.0  # perspective keystone: the top edge this fraction of the width narrower per side
    lighting: float = 0.0  # uneven lighting: the far corner darkened by this fraction
    background: int = 255  # grey level outside the page (after rotation or keystone)
    gray: bool = True  # a grey-level scan ("L"), else RGB with a faint paper tint

    def to_dict(self) -> dict:
        return asdict(self)


def _presets() -> dict:
    d = Degradation
    presets = [
        d("clean300", dpi=300),
        d("clean200", dpi=200),
        d("clean150", dpi=150),
        d("jpeg60", dpi=200, jpeg_quality=60),
        d("jpeg75-150", dpi=150, jpeg_quality=75),
        d("rotate0.5", dpi=200, rotation=0.5),
        d("rotate1.5", dpi=200, rotation=1.5),
        d("blur", dpi=200, blur=1.2),
        d("noise", dpi=200, noise=0.01),
        d("skew", dpi=200, skew=0.03, lighting=0.25),
        d("photo", dpi=200, skew=0.04, lighting=0.35, rotation=0.8, background=90, gray=False,
          jpeg_quality=80, blur=0.6),
        d("combined", dpi=200, jpeg_quality=70, rotation=1.0, blur=0.8, noise=0.003),
    ]
    return {p.name: p for p in presets}


PRESETS = _presets()
# name -> (PdfLayout options, blank cells, a 2021 table 3 with the 2019 rows) — the layouts of
# tests/test_pdf_district.py that the text-PDF reader reads cell for cell.
LAYOUTS = {
    "district": (dict(), 0, False),
    "narrow-labels": (dict(label_width=8), 0, False),
    "numbers-first-line": (dict(label_width=10, numbers="first"), 0, False),
    "right-aligned": (dict(align="right", header_chars=4), 0, False),
    "group-rows": (dict(groups="rows"), 0, True),
    "vertical-groups": (dict(groups="vertical", vertical_groups=("denied", "unavailable", "not_processed")), 0, False),
    "blanks": (dict(), 8, False),
    "huaian-style": (dict(vertical_pair=True, label_width=14, row_padding=2.5), 4, False),
    "large-font": (dict(font_size=10.5, label_width=12), 0, False),
    "small-font": (dict(font_size=8.0, label_width=15), 0, False),
}


def preset(name: str) -> Degradation:
    """The preset called ``name``; a KeyError names the presets."""
    try:
        return PRESETS[name]
    except KeyError:
        raise KeyError(f"unknown preset {name!r} (one of {', '.join(PRESETS)})") from None


def varied(degradation: Degradation, rng: random.Random) -> Degradation:
    """``degradation`` with the rotation's direction drawn from ``rng`` (scans turn both ways)."""
    if degradation.rotation:
        return replace(degradation, rotation=degradation.rotation * rng.choice((-1, 1)))
    return degradation


# ---------------------------------------------------------------- rendering and degrading
def render_pages(pdf: bytes, dpi: int, gray: bool = True) -> list:
    """Every page of ``pdf`` as a PIL image at ``dpi`` ("L" when ``gray``, else "RGB")."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        images = []
        for i in range(len(doc)):
            page = doc[i]
            image = page.render(scale=dpi / 72, grayscale=gray).to_pil()
            images.append(image.convert("L" if gray else "RGB"))
            page.close()
        return images
    finally:
        doc.close()


def _perspective_coeffs(src: list, dst: list) -> list:
    """PIL PERSPECTIVE coefficients mapping output points ``dst`` to input points ``src``."""
    import numpy as np

    rows, rhs = [], []
    for (x, y), (u, v) in zip(dst, src):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return [float(c) for c in np.linalg.solve(np.array(rows, dtype=float), np.array(rhs, dtype=float))]


def _keystone(image, skew: float, rng: random.Random, fill):
    """The page photographed from below its bottom edge: the top edge narrower (``skew`` of the
    width on each side), the page a little smaller than the frame, corners jittered a little."""
    from PIL import Image

    w, h = image.size
    margin = 0.02
    jit = lambda: rng.uniform(-0.25, 0.25) * skew  # noqa: E731
    dst = [(w * (margin + skew + jit()), h * (margin + abs(jit()))),
           (w * (1 - margin - skew + jit()), h * (margin + abs(jit()))),
           (w * (1 - margin / 2 + jit() / 2), h * (1 - margin / 2)),
           (w * (margin / 2 + jit() / 2), h * (1 - margin / 2))]
    src = [(0, 0), (w, 0), (w, h), (0, h)]
    out = image.transform((w, h), Image.Transform.PERSPECTIVE, _perspective_coeffs(src, dst),
                          Image.Resampling.BICUBIC, fillcolor=fill)
    return out, _perspective_coeffs(dst, src)


def _lighting(image, amount: float, rng: random.Random):
    """A light source off one corner: brightness falls linearly to ``1 - amount`` at the far corner."""
    import numpy as np
    from PIL import Image

    arr = np.asarray(image, dtype=np.float32)
    h, w = arr.shape[:2]
    cx, cy = rng.choice((0.0, 1.0)) * w, rng.choice((0.0, 1.0)) * h
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    dist = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / math.hypot(w, h)
    factor = 1.0 - amount * dist
    if arr.ndim == 3:
        factor = factor[:, :, None]
    return Image.fromarray(np.clip(arr * factor, 0, 255).astype(np.uint8), image.mode)


def _noise(image, fraction: float, rng: random.Random):
    import numpy as np
    from PIL import Image

    gen = np.random.default_rng(rng.getrandbits(63))
    arr = np.array(image)
    h, w = arr.shape[:2]
    n = int(h * w * fraction)
    ys, xs = gen.integers(0, h, n), gen.integers(0, w, n)
    values = np.where(gen.random(n) < 0.5, 0, 255).astype(np.uint8)
    arr[ys, xs] = values[:, None] if arr.ndim == 3 else values
    return Image.fromarray(arr, image.mode)


def jpeg_round_trip(image, quality: int):
    from PIL import Image

    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert(image.mode)


def degrade(image, degradation: Degradation, rng: random.Random, compress: bool = True, trace: Optional[list] = None):
    """One page image degraded by ``degradation`` (a new image; ``image`` is not changed).
    Order: paper tint, keystone, rotation, lighting, blur, noise, JPEG (``compress``).  ``trace``, a
    list, receives the geometric steps (for :func:`move_points`)."""
    from PIL import Image, ImageFilter

    d = degradation
    if not d.gray and image.mode != "RGB":
        image = image.convert("RGB")
    if not d.gray:  # a faint warm paper tint, as a colour scan or a photo shows it
        r, g, b = image.split()
        image = Image.merge("RGB", (r, g.point(lambda v: v * 0.98), b.point(lambda v: v * 0.93)))
    fill = d.background if image.mode == "L" else (d.background,) * 3
    steps = trace if trace is not None else []
    if d.skew:
        image, forward = _keystone(image, d.skew, rng, fill)
        steps.append(("perspective", forward))
    if d.rotation:
        steps.append(("rotate", d.rotation, image.width / 2, image.height / 2))
        image = image.rotate(d.rotation, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=fill)
    if d.lighting:
        image = _lighting(image, d.lighting, rng)
    if d.blur:
        image = image.filter(ImageFilter.GaussianBlur(d.blur))
    if d.noise:
        image = _noise(image, d.noise, rng)
    if compress and d.jpeg_quality:
        image = jpeg_round_trip(image, d.jpeg_quality)
    image.info["dpi"] = (d.dpi, d.dpi)
    return image


def move_points(trace: list, points: list) -> list:
    """Points ``(x, y)`` of the rendered page moved as :func:`degrade` moved the pixels."""
    out = []
    for x, y in points:
        for step in trace:
            if step[0] == "perspective":
                a, b, c, d_, e, f, g, h = step[1]
                den = g * x + h * y + 1
                x, y = (a * x + b * y + c) / den, (d_ * x + e * y + f) / den
            elif step[0] == "rotate":
                angle, cx, cy = math.radians(step[1]), step[2], step[3]
                dx, dy = x - cx, y - cy
                x, y = cx + dx * math.cos(angle) + dy * math.sin(angle), cy - dx * math.sin(angle) + dy * math.cos(angle)
        out.append((x, y))
    return out


def pdf_words(pdf: bytes, dpi: int) -> list:
    """Per page of a text PDF, its words (runs of non-space characters on one line) as
    ``(text, (left, top, right, bottom))`` in pixels of the page rendered at ``dpi``."""
    import pypdfium2 as pdfium

    scale = dpi / 72
    doc = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            height = page.get_height()
            text = page.get_textpage()
            words, cur = [], None
            for k in range(text.count_chars()):
                ch = text.get_text_range(k, 1)
                if not ch.strip():
                    cur = None
                    continue
                left, bottom, right, top = text.get_charbox(k)
                box = (left * scale, (height - top) * scale, right * scale, (height - bottom) * scale)
                if cur is not None and box[1] < cur[1][3] and box[3] > cur[1][1] and box[0] - cur[1][2] < 3 * scale:
                    cur[0] += ch
                    cur[1] = (cur[1][0], min(cur[1][1], box[1]), box[2], max(cur[1][3], box[3]))
                else:
                    cur = [ch, box]
                    words.append(cur)
            pages.append([(w[0], tuple(w[1])) for w in words])
            text.close()
            page.close()
    finally:
        doc.close()
    return pages


_FONT: Optional[str] = None


def font() -> str:
    """The CJK font the PDFs are printed with (found once); a RuntimeError when there is none."""
    global _FONT
    if _FONT is None:
        _FONT = P.find_cjk_font()
        if _FONT is None:
            raise RuntimeError("no CJK font file found (install fonts-wqy-microhei)")
    return _FONT


def page_images(report: Report, layout: Optional[P.PdfLayout], degradation: Degradation,
                rng: random.Random, compress: bool = True, words: Optional[list] = None) -> list:
    """``report`` printed in ``layout`` (a :class:`~govreport.generate_pdf.PdfLayout`), rendered at
    ``degradation.dpi`` and degraded page by page.  ``compress=False`` leaves out the JPEG round
    trip (for a writer that compresses at ``degradation.jpeg_quality`` itself).  ``words``, a list,
    receives per page the printed words as ``(text, (x, y))``: each word's centre in the degraded
    image (the truth an OCR engine's boxes are measured against)."""
    pdf = P.build(report, font(), layout or P.PdfLayout())
    images = []
    truth = pdf_words(pdf, degradation.dpi) if words is not None else None
    for n, image in enumerate(render_pages(pdf, degradation.dpi, degradation.gray)):
        trace: list = []
        images.append(degrade(image, degradation, rng, compress, trace))
        if truth is not None:
            centres = [((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for _, b in truth[n]]
            words.append(list(zip([t for t, _ in truth[n]], move_points(trace, centres))))
    return images


# ---------------------------------------------------------------- writers
_EPOCH = __import__("time").gmtime(1577836800)  # 2020-01-01, a fixed date (PIL wants a struct_time)


def scanned_pdf(images: list, dpi: int, quality: Optional[int] = None) -> bytes:
    """An image-only PDF (no text layer, no fonts): one page per image, each page the image's
    size at ``dpi``.  Pages are stored as JPEG (``quality``, else 92 — how scanners store them)."""
    if not images:
        raise ValueError("no pages")
    buf = io.BytesIO()
    first, rest = images[0].copy(), [im.copy() for im in images[1:]]
    first.save(buf, format="PDF", save_all=True, append_images=rest, resolution=float(dpi),
               quality=quality or 92, title="scan", producer="govreport", creator="govreport",
               creationDate=_EPOCH, modDate=_EPOCH)  # fixed dates: the same pages give the same bytes
    return buf.getvalue()


def stack(images: list, gap: int = 0):
    """The pages one below the other in one image (a web page's "long image")."""
    from PIL import Image

    width = max(im.width for im in images)
    out = Image.new(images[0].mode, (width, sum(im.height for im in images) + gap * (len(images) - 1)),
                    255 if images[0].mode == "L" else (255, 255, 255))
    y = 0
    for im in images:
        out.paste(im, (0, y))
        y += im.height + gap
    out.info["dpi"] = images[0].info.get("dpi", (200, 200))
    return out


def image_bytes(image, fmt: str, quality: Optional[int] = None, dpi: Optional[int] = None) -> bytes:
    """An image file: ``fmt`` is "png", "jpg"/"jpeg" (``quality``, else 90) or "tif"/"tiff"
    (deflate).  ``image`` may be a list of pages: a multi-page TIFF, or for PNG/JPEG the pages
    stacked into one image.  The resolution is written into the file (``dpi``, else the image's)."""
    fmt = fmt.lower()
    # copies: PIL keeps the options of an image's last save on it (a JPEG quality would reach a TIFF)
    pages = [p.copy() for p in (image if isinstance(image, (list, tuple)) else [image])]
    if not pages:
        raise ValueError("no pages")
    if fmt in ("png", "jpg", "jpeg") and len(pages) > 1:
        pages = [stack(pages)]
    res = dpi or round(pages[0].info.get("dpi", (200, 200))[0])
    buf = io.BytesIO()
    if fmt == "png":
        pages[0].save(buf, format="PNG", dpi=(res, res), optimize=False)
    elif fmt in ("jpg", "jpeg"):
        pages[0].save(buf, format="JPEG", quality=quality or 90, dpi=(res, res))
    elif fmt in ("tif", "tiff"):
        pages[0].save(buf, format="TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate",
                      dpi=(res, res))
    else:
        raise ValueError(f"unknown image format {fmt!r} (png, jpg or tif)")
    return buf.getvalue()


def data_uri(image, fmt: str = "png", quality: Optional[int] = None) -> str:
    mime = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}[fmt]
    return f"data:{mime};base64," + base64.b64encode(image_bytes(image, fmt, quality)).decode("ascii")


def html_page(report: Report, images: list, fmt: str = "png", quality: Optional[int] = None) -> str:
    """A web article as sites post a scanned report: the title as text, then every page as an
    ``<img src="data:image/...;base64,...">`` (the tables are only in the images)."""
    import html

    title = html.escape(report.title or f"{report.agency}{report.year}年政府信息公开工作年度报告")
    out = ["<!DOCTYPE html>", '<html><head><meta charset="utf-8">', f"<title>{title}</title></head><body>",
           f"<h1>{title}</h1>"]
    for n, image in enumerate(images, 1):
        out.append(f'<p><img src="{data_uri(image, fmt, quality)}" alt="第{n}页" '
                   f'width="{image.width}" height="{image.height}"></p>')
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def docx_bytes(report: Report, images: list, fmt: str = "png", quality: Optional[int] = None) -> bytes:
    """A Word document holding the title as text and every page as a picture (word/media/…)."""
    import docx
    from docx.shared import Mm

    document = docx.Document()
    document.core_properties.title = "scan"
    document.add_heading(report.title or f"{report.agency}{report.year}年政府信息公开工作年度报告", level=1)
    for image in images:
        document.add_picture(io.BytesIO(image_bytes(image, fmt, quality)), width=Mm(160))
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def file_bytes(report: Report, images: list, fmt: str, degradation: Degradation) -> bytes:
    """The pages as a file of format ``fmt`` (:data:`FORMATS`), compressed at the degradation's
    JPEG quality where it has one (PDF pages are JPEG anyway; PNG/TIFF stay lossless)."""
    q = degradation.jpeg_quality
    if fmt == "pdf":
        return scanned_pdf(images, degradation.dpi, q)
    if fmt in ("png", "jpg", "tif"):
        return image_bytes(images, fmt, q, degradation.dpi)
    if fmt == "html":
        return html_page(report, images, "jpg" if q else "png", q).encode("utf-8")
    if fmt == "docx":
        return docx_bytes(report, images, "jpg" if q else "png", q)
    raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")


# ---------------------------------------------------------------- reports and sets
def layout_report(rng: random.Random, template: str, layout_name: str, script: str = "simplified",
                  year: Optional[int] = None, agency: Optional[str] = None):
    """A consistent random report and the :class:`PdfLayout` it is printed in: ``(report, layout)``
    (blank cells and the 2019 rows in a 2021 table 3 as the named layout has them)."""
    options, blanks, rows2019 = LAYOUTS[layout_name]
    report = G.random_report(rng, template, year, agency)
    if rows2019 and template == "2021":
        report = P.with_requests_rows(report, "2019", rng)
    if blanks:
        report = P.with_blanks(report, rng, blanks)
    return report, P.PdfLayout(**dict(options, script=script))


def answer(report: Report, path: str, fmt: str, generated: dict) -> dict:
    """The answer file of one scanned report: the report in the govreport/1 data model (what a
    correct reader finds), ``source`` and ``generated`` as ``govreport generate`` writes them,
    ``injected`` empty (scanned reports are consistent)."""
    out = report.to_dict()
    out["source"] = {"path": os.path.basename(path), "format": fmt, "script": generated.get("script", "simplified")}
    out["generated"] = generated
    out["injected"] = {"error": None, "damage": None}
    return out


def scan_one(rng: random.Random, template: str = "2021", layout_name: str = "district",
             script: str = "simplified", degradation: Degradation = PRESETS["clean200"], fmt: str = "pdf",
             year: Optional[int] = None, agency: Optional[str] = None):
    """One scanned report: ``(file bytes, report, page images)``."""
    report, layout = layout_report(rng, template, layout_name, script, year, agency)
    images = page_images(report, layout, degradation, rng, compress=fmt in ("png", "tif"))
    return file_bytes(report, images, fmt, degradation), report, images


def plan(count: int, seed: int = 0, presets=None, templates=("2021", "2019"), layouts=None,
         scripts=G.SCRIPTS, formats=("pdf",)) -> list:
    """What :func:`scanned_set` writes: one dict per report (index, seed, template, layout, script,
    preset, format).  The presets are cycled (report ``n`` has preset ``n mod len``), each preset
    alternating the templates; every other choice is a balanced sequence (each value as often as the others, ±1) shuffled by ``seed``,
    so that each preset meets both templates, the scripts and the layouts."""
    presets = list(presets or PRESETS)
    rng = random.Random(f"plan/{seed}")

    def balanced(values):
        values = list(values)
        seq = (values * (count // len(values) + 1))[:count]
        rng.shuffle(seq)
        return seq

    columns = {"layout": balanced(layouts or LAYOUTS), "script": balanced(scripts), "format": balanced(formats)}
    return [dict({k: v[n] for k, v in columns.items()}, index=n, seed=seed, preset=presets[n % len(presets)],
                 template=templates[(n // len(presets)) % len(templates)]) for n in range(count)]


def scanned_set(directory: str, count: int, seed: int = 0, presets=None, templates=("2021", "2019"),
                layouts=None, scripts=G.SCRIPTS, formats=("pdf",)) -> list:
    """Write ``count`` scanned reports into ``directory``, each with ``NAME.expected.json``.
    Report ``n`` is drawn from ``random.Random(f"{seed}/{n}")``, so one report can be made again
    alone (:func:`one_of_set`).  Returns ``[(path, answer)]``."""
    os.makedirs(directory, exist_ok=True)
    out = []
    for item in plan(count, seed, presets, templates, layouts, scripts, formats):
        path, answer_dict, data = one_of_set(item)
        path = os.path.join(directory, path)
        with open(path, "wb") as fh:
            fh.write(data)
        with open(expected_path(path), "w", encoding="utf-8") as fh:
            fh.write(json.dumps(answer_dict, ensure_ascii=False, indent=1) + "\n")
        out.append((path, answer_dict))
    return out


def expected_path(path: str) -> str:
    return os.path.splitext(path)[0] + ".expected.json"


def one_of_set(item: dict):
    """One entry of :func:`plan`: ``(file name, answer, file bytes)``."""
    rng = random.Random(f"{item['seed']}/{item['index']}")
    degradation = varied(PRESETS[item["preset"]], rng)
    fmt = item["format"]
    data, report, images = scan_one(rng, item["template"], item["layout"], item["script"], degradation, fmt)
    name = f"scan-{item['seed']}-{item['index'] + 1:03d}-{report.year}-{item['preset']}{EXTENSIONS[fmt]}"
    generated = {"layout": item["layout"], "script": item["script"], "template": item["template"],
                 "seed": item["seed"], "index": item["index"], "preset": item["preset"],
                 "degradation": degradation.to_dict(), "pages": len(images), "format": fmt,
                 "size": [images[0].width, images[0].height]}
    return name, answer(report, name, fmt, generated), data
