"""govreport generate: test reports and their answer files (NAME.expected.json).

Over the library :mod:`govreport.generate` (consistent random reports, layouts, scripts,
encodings, an injected error) and :mod:`govreport.damage` (one cell damaged as a copy
would damage it).  The answer file is the report in the govreport/1 data model (what a
correct reader finds in the file: an injected error is printed, so it is in the answer),
plus ``generated`` (layout, script, encoding, template, seed, index) and ``injected``: ``{"error": {table,row,column,old,new} or null, "damage": {...} or null}``.
Everything comes from ``random.Random(seed)``: the same options give the same files.
"""

from __future__ import annotations

import json
import os
import random
from typing import Optional

import typer

from .. import messages as M
from ..errors import GovreportError
from .app import app, choose
from .base import OutputTarget, command, write_stdout

TEMPLATES = ("2021", "2019")


def generate_one(rng: random.Random, layout: str, script: str, encoding: str, template: str,
                 year: Optional[int], agency: Optional[str], error: bool, damage: Optional[str]):
    """One report: ``(file bytes, answer dict)``."""
    from .. import damage as D, generate as G

    report = G.random_report(rng, template, year, agency)
    injected_error = G.inject_error(report, rng) if error else None
    text, injected_damage = G.write(report, layout, script=script), None
    if damage:
        try:
            text, injected_damage = D.damage_text(text, report, layout, script, rng,
                                                  None if damage == "any" else damage)
        except ValueError as exc:
            raise GovreportError("cli.generate.damage", error=exc) from None
    answer = report.to_dict()
    answer["source"] = {"path": "", "format": "markdown" if layout == "markdown" else "text", "script": script}
    answer["generated"] = {"layout": layout, "script": script, "encoding": encoding, "template": template}
    answer["injected"] = {"error": injected_error, "damage": injected_damage}
    return G.encode(text, encoding), answer


def _note(injected: dict) -> str:
    """What was injected, by the cells' official names (the unused fields are ignored)."""
    from ..messages import cell_name

    notes = []
    for what in ("error", "damage"):
        d = injected[what]
        if d:
            notes.append(M.text(f"cli.generate.note.{what}", cell=cell_name(None, d["table"], d["row"], d["column"]),
                                old=d.get("old"), new=d.get("new"), kind=d.get("kind")))
    return "".join(notes)


@app.command()
@command
def generate(
    layout: str = typer.Option("markdown", "--layout", "-l", help="markdown, cells, rows, pipes or tabs."),
    script: str = typer.Option("simplified", "--script", help="simplified, traditional or taiwan."),
    encoding: str = typer.Option("utf-8", "--encoding", "-e", help="utf-8, utf-8-sig, utf-16, gb18030 or big5."),
    template: str = typer.Option("2021", "--template", help="2021 or 2019."),
    error: bool = typer.Option(False, "--error", help="Inject one error (a changed cell)."),
    damage: Optional[str] = typer.Option(None, "--damage", metavar="KIND", help="Inject one damage (or 'any')."),
    year: Optional[int] = typer.Option(None, "--year", metavar="YEAR", help="The report's year."),
    agency: Optional[str] = typer.Option(None, "--agency", "-a", metavar="NAME", help="The body's name."),
    seed: int = typer.Option(0, "--seed", metavar="N", help="Random seed."),
    count: int = typer.Option(1, "--count", "-n", metavar="N", help="How many reports."),
    output: str = typer.Option(".", "--output", "-o", metavar="DIR", help="The folder to write to."),
    scan: Optional[str] = typer.Option(None, "--scan", metavar="PRESET",
                                       help="Scanned: the report printed, rendered and degraded (a preset)."),
    scan_format: str = typer.Option("pdf", "--scan-format", metavar="FORMAT",
                                    help="With --scan: pdf (image only), png, jpg, tif, html or docx."),
    scan_layout: str = typer.Option("district", "--scan-layout", metavar="NAME",
                                    help="With --scan: the PDF layout the report is printed in."),
):
    """Generate test reports with their answer files (NAME.expected.json)."""
    from .. import damage as D, generate as G

    if scan is not None:
        return _generate_scan(scan, scan_format, scan_layout, script, template, year, agency, seed, count, output,
                              error, damage)

    choose(layout, G.ALL_LAYOUTS, "--layout")
    choose(script, G.SCRIPTS, "--script")
    choose(encoding, G.ENCODINGS, "--encoding")
    choose(template, TEMPLATES, "--template")
    if damage is not None:
        choose(damage, D.kinds_for(layout) + ("any",), "--damage")
    if encoding not in G.encodings_for(script):
        raise GovreportError("cli.generate.big5")
    if count < 1:
        raise GovreportError("cli.generate.count")
    try:
        os.makedirs(output, exist_ok=True)
    except OSError as exc:
        raise GovreportError("cli.cannot_write", output, reason=exc.strerror or exc) from None
    rng = random.Random(seed)
    lines = []
    for n in range(count):
        data, answer = generate_one(rng, layout, script, encoding, template, year, agency, error, damage)
        name = f"report-{seed}-{n + 1:03d}-{answer['year']}"
        path = os.path.join(output, name + G.extension(layout))
        answer["source"]["path"] = os.path.basename(path)
        answer["generated"].update(seed=seed, index=n)
        OutputTarget(path).write_bytes(data)
        answer_path = os.path.join(output, name + ".expected.json")
        OutputTarget(answer_path).write_text(json.dumps(answer, ensure_ascii=False, indent=1) + "\n")
        lines += [M.text("cli.generate.wrote", path=path),
                  M.text("cli.generate.answer", path=answer_path, note=_note(answer["injected"]))]
    write_stdout("\n".join(lines) + "\n")


def _generate_scan(preset: str, fmt: str, layout: str, script: str, template: str, year: Optional[int],
                   agency: Optional[str], seed: int, count: int, output: str, error: bool, damage: Optional[str]):
    """``--scan PRESET``: consistent reports printed as district PDFs, rendered and degraded
    (:mod:`govreport.generate_scan`), written as ``--scan-format`` with their answer files."""
    from .. import generate as G, generate_scan as S

    choose(preset, tuple(S.PRESETS), "--scan")
    choose(fmt, S.FORMATS, "--scan-format")
    choose(layout, tuple(S.LAYOUTS), "--scan-layout")
    choose(script, G.SCRIPTS, "--script")
    choose(template, TEMPLATES, "--template")
    if error or damage:  # a scanned set is consistent: what a reader gets wrong is the reader's
        raise typer.BadParameter(M.text("generate.scan.consistent"), param_hint="--scan")
    if count < 1:
        raise GovreportError("cli.generate.count")
    try:
        S.font()
    except RuntimeError:
        raise GovreportError("generate.scan.no_font") from None
    try:
        os.makedirs(output, exist_ok=True)
    except OSError as exc:
        raise GovreportError("cli.cannot_write", output, reason=exc.strerror or exc) from None
    lines = []
    for n in range(count):
        rng = random.Random(f"{seed}/{n}")
        degradation = S.varied(S.PRESETS[preset], rng)
        data, report, images = S.scan_one(rng, template, layout, script, degradation, fmt, year, agency)
        name = f"scan-{seed}-{n + 1:03d}-{report.year}-{preset}"
        path = os.path.join(output, name + S.EXTENSIONS[fmt])
        generated = {"layout": layout, "script": script, "template": template, "seed": seed, "index": n,
                     "preset": preset, "degradation": degradation.to_dict(), "pages": len(images), "format": fmt,
                     "size": [images[0].width, images[0].height]}
        answer = S.answer(report, path, fmt, generated)
        OutputTarget(path).write_bytes(data)
        answer_path = os.path.join(output, name + ".expected.json")
        OutputTarget(answer_path).write_text(json.dumps(answer, ensure_ascii=False, indent=1) + "\n")
        lines += [M.text("cli.generate.wrote", path=path), M.text("cli.generate.answer", path=answer_path, note="")]
    write_stdout("\n".join(lines) + "\n")
