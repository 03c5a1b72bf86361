"""The data-model formats: JSON and YAML, read strictly and validated (:mod:`govreport.validate`).

Both readers refuse, with one line naming the file (and the line, or the field):

* duplicate keys in a mapping (neither JSON nor YAML says which one wins);
* ``NaN``, ``Infinity`` and numbers that overflow to infinity (``1e400``); integers longer than
  Python reads (4,300 digits) — and :mod:`govreport.validate` then refuses any value over 10**15;
* nesting deeper than the parsers' recursion allows.

YAML is read with PyYAML's safe loader, changed in three ways:

* **anchors and aliases are refused** (``&a`` / ``*a``): a report has no use for them, and they
  let a few hundred bytes expand into gigabytes ("billion laughs");
* **plain scalars are resolved only where YAML 1.1 and YAML 1.2 agree.**  ``305``, ``-3``,
  ``0x1F``, ``2.5``, ``1.0e+3``, ``true``, ``null`` mean the same in both and are read as such;
  a plain scalar that the two versions read differently is refused, saying to quote it:
  ``0305`` (1.1 octal 197, 1.2 decimal 305), ``5:05`` (1.1 sexagesimal 305, 1.2 text),
  ``1_000``, ``0b101``, ``0o17``, ``1e3``, ``yes``/``no``/``on``/``off``, ``2021-12-31``
  (a 1.1 timestamp).  An explicit ``!!int``/``!!float`` tag follows the same rule.
  Everything else is text, as in both versions.  PyYAML's own dumper (``render -f yaml``)
  quotes every string that YAML 1.1 would read as another type, so its output loads back;
* the merge key ``<<`` is an ordinary key (it is not part of YAML 1.2).
"""

from __future__ import annotations

import json
import math
import re

from ..decode import decode
from ..errors import InputError, ParseError
from ..messages import Text
from ..model import Report


def load(data: bytes, path: str, fmt: str) -> Report:
    from .. import validate

    text, _ = decode(data, path)
    obj = read_json(text, path) if fmt == "json" else read_yaml(text, path)
    validate.document(obj, path)
    return Report.from_dict(obj, path, fmt)


# ------------------------------------------------------------------ JSON
class _Refused(ValueError):
    pass


def _pairs(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(Text("data.duplicate_key", key=repr(key)))
        out[key] = value
    return out


def _constant(name):
    raise _Refused(Text("data.constant", name=name))


def _float(text):
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(Text("data.overflow", value=text))
    return value


def read_json(text: str, path: str):
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_float)
    except _Refused as exc:
        raise InputError("data.json_invalid", path, detail=exc.args[0]) from None
    except RecursionError:
        raise InputError("data.json_invalid", path, detail=Text("data.too_deep")) from None
    except ValueError as exc:  # json.JSONDecodeError; int() past 4,300 digits
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ParseError("data.json_invalid", path, detail=first) from None


# ------------------------------------------------------------------ YAML
# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), plain scalars.
_CORE_NULL = re.compile(r"null|Null|NULL|~|")
_CORE_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
_CORE_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_CORE_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
_NULL, _BOOL, _INT, _FLOAT, _STR = (f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float", "str"))


def _core(value: str):
    """(tag, value) of a plain scalar under the YAML 1.2 core schema."""
    if _CORE_NULL.fullmatch(value):
        return _NULL, None
    if _CORE_BOOL.fullmatch(value):
        return _BOOL, value.lower() == "true"
    if _CORE_INT.fullmatch(value):
        if value.startswith("0o"):
            return _INT, int(value[2:], 8)
        return _INT, int(value, 16) if value.startswith("0x") else int(value)
    if _CORE_FLOAT.fullmatch(value):
        v = value.lower().lstrip("+")
        return _FLOAT, float(v.replace(".inf", "inf").replace(".nan", "nan"))
    return _STR, value


def _same(a, b) -> bool:
    return a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))


def _yaml_loader():
    import yaml
    from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
    from yaml.nodes import ScalarNode

    class Loader(yaml.SafeLoader):
        """PyYAML's safe loader: no anchors or aliases, no duplicate keys, and a plain scalar
        only where YAML 1.1 and 1.2 read it the same."""

    def refuse(mark, mid, **params):
        raise _YamlRefused(Text("data.yaml_line", line=mark.line + 1, detail=Text(mid, **params)))

    def agreed(self, value: str):
        """(tag, value) when YAML 1.1 (PyYAML's resolver) and 1.2 read ``value`` the same, else None."""
        tag11 = yaml.SafeLoader.resolve(self, ScalarNode, value, (True, False))
        tag12, value12 = _core(value)
        if tag11 != tag12:
            return None
        if tag11 in (_INT, _FLOAT, _BOOL):
            construct = {_INT: yaml.SafeLoader.construct_yaml_int, _FLOAT: yaml.SafeLoader.construct_yaml_float,
                         _BOOL: yaml.SafeLoader.construct_yaml_bool}[tag11]
            if not _same(construct(self, ScalarNode(tag11, value)), value12):
                return None
        return tag12, value12

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode and implicit[0]:
            found = agreed(self, value)
            return found[0] if found else "!ambiguous"
        return yaml.SafeLoader.resolve(self, kind, value, implicit)

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            refuse(event.start_mark, "data.yaml_alias", anchor=event.anchor)
        if isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.anchor is not None:
            refuse(event.start_mark, "data.yaml_anchor", anchor=event.anchor)
        return yaml.SafeLoader.compose_node(self, parent, index)

    def construct_ambiguous(self, node):
        refuse(node.start_mark, "data.yaml_ambiguous", value=repr(node.value))

    def construct_number(self, node):
        value = self.construct_scalar(node)
        found = agreed(self, value)
        if not found or found[0] != node.tag:
            refuse(node.start_mark, "data.yaml_number", tag=node.tag.rsplit(":", 1)[-1], value=repr(value))
        if isinstance(found[1], float) and not math.isfinite(found[1]):
            refuse(node.start_mark, "data.yaml_nan", value=value)
        return found[1]

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                except TypeError:
                    refuse(key_node.start_mark, "data.yaml_complex_key")
                if duplicate:
                    refuse(key_node.start_mark, "data.duplicate_key", key=repr(key))
                seen.add(key)
        return yaml.SafeLoader.construct_mapping(self, node, deep=deep)

    def construct_refused(self, node):
        refuse(node.start_mark, "data.yaml_tag", tag=node.tag)

    Loader.resolve = resolve
    Loader.compose_node = compose_node
    Loader.construct_mapping = construct_mapping
    Loader.add_constructor("!ambiguous", construct_ambiguous)
    Loader.add_constructor(_INT, construct_number)
    Loader.add_constructor(_FLOAT, construct_number)
    for tag in ("timestamp", "binary", "set", "omap", "pairs", "merge", "value"):
        Loader.add_constructor(f"tag:yaml.org,2002:{tag}", construct_refused)
    return Loader


class _YamlRefused(Exception):
    pass


_LOADER = None


def read_yaml(text: str, path: str):
    global _LOADER
    import yaml

    if _LOADER is None:
        _LOADER = _yaml_loader()
    try:
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 — a SafeLoader subclass
    except _YamlRefused as exc:
        raise InputError("data.yaml_invalid", path, detail=exc.args[0]) from None
    except RecursionError:
        raise InputError("data.yaml_invalid", path, detail=Text("data.too_deep")) from None
    except (yaml.YAMLError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ParseError("data.yaml_invalid", path, detail=first) from None
