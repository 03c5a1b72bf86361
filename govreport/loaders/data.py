"""The data-model formats: JSON and YAML (``yaml.safe_load`` only)."""

from __future__ import annotations

import json

from ..decode import decode
from ..errors import ParseError
from ..model import Report


def load(data: bytes, path: str, fmt: str) -> Report:
    text, _ = decode(data, path)
    try:
        if fmt == "json":
            obj = json.loads(text)
        else:
            import yaml

            obj = yaml.safe_load(text)
    except (ValueError, Exception) as exc:  # json.JSONDecodeError, yaml.YAMLError
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ParseError(f"invalid {fmt.upper()}: {first}", path) from None
    return Report.from_dict(obj, path, fmt)
