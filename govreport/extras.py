"""The optional extras: which are installed, found without importing them."""

from __future__ import annotations

import importlib.util
from importlib import metadata

# extra -> (the distributions it installs, the modules that prove it is usable, what it is for: catalogue id)
EXTRAS = {
    "pdf": (("pypdfium2",), ("pypdfium2",), "doctor.extra.pdf"),
    "ocr": (("rapidocr-onnxruntime", "onnxruntime", "pillow"), ("rapidocr_onnxruntime", "onnxruntime", "PIL"),
            "doctor.extra.ocr"),
    "xlsx": (("openpyxl",), ("openpyxl",), "doctor.extra.xlsx"),
    "plot": (("matplotlib",), ("matplotlib",), "doctor.extra.plot"),
    "parquet": (("pyarrow",), ("pyarrow",), "doctor.extra.parquet"),
    "dask": (("dask", "distributed"), ("dask", "distributed"), "doctor.extra.dask"),
}


def _version(dist: str):
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def status() -> list:
    """One dict per extra: ``extra``, ``installed`` (bool), ``versions`` {distribution: version or None},
    ``purpose`` (catalogue id)."""
    out = []
    for name, (dists, modules, purpose) in EXTRAS.items():
        found = all(importlib.util.find_spec(m) is not None for m in modules)
        out.append({"extra": name, "installed": found, "versions": {d: _version(d) for d in dists},
                    "purpose": purpose})
    return out
