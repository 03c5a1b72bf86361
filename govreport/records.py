"""``@record``: what ``@dataclass`` gives the parser's small classes, without its cost at start-up.

``dataclasses`` compiles each class's ``__init__``, ``__repr__`` and ``__eq__`` from source text when
the module is imported: 0.25–0.6 ms a class, ~4 ms for the classes read on every ``govreport check``
(issue 12).  A class decorated here writes its ``__init__`` by hand (the same parameters, in the same
order, with the same defaults — ``field(default_factory=list)`` becomes a fresh list when the
argument is left out); ``record`` adds the rest as a dataclass would: ``repr`` listing the fields,
``==`` comparing them (same class only), ``__hash__ = None`` (mutable: unhashable),
``__match_args__`` and, without a docstring, the signature as ``__doc__``.  The fields are the
class's annotations, in order.  ``dataclasses.is_dataclass``/``fields``/``replace``/``asdict`` work
too: ``__dataclass_fields__`` is made (importing ``dataclasses``) only when something asks for it —
callers use ``dataclasses.replace`` on a :class:`~govreport.model.Report` or a
:class:`~govreport.check.CheckResult`.
"""

from __future__ import annotations

class _Factory:
    """The default of a field with a default factory ("not given"); shown as dataclasses shows it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<factory>"


MISSING = _Factory()


class _DataclassFields:
    """``__dataclass_fields__`` of a record, made when first read (``dataclasses`` looks it up on the
    class): the fields of a twin dataclass with the same names, annotations and defaults (a default
    factory shows as ``<factory>``), kept on the class from then on."""

    def __get__(self, obj, cls):
        import dataclasses

        anns = cls.__dict__.get("__annotations__", {})
        defaults = _defaults(cls)
        spec = [(n, anns[n], dataclasses.field(default=defaults[n])) if n in defaults else (n, anns[n])
                for n in cls.__match_args__]
        fields = dataclasses.make_dataclass(cls.__name__, spec, repr=False, eq=False).__dataclass_fields__
        type.__setattr__(cls, "__dataclass_fields__", fields)
        return fields


def frozen_record(cls):
    """``@record`` for ``@dataclass(frozen=True)``: hashable over its fields, and assigning or deleting
    an attribute raises ``dataclasses.FrozenInstanceError`` (``__init__`` sets its fields with
    ``object.__setattr__``)."""
    fields = frozenset(cls.__dict__.get("__annotations__", ()))
    names = tuple(cls.__dict__.get("__annotations__", ()))

    def __hash__(self):
        return hash(tuple(getattr(self, n) for n in names))

    def __setattr__(self, name, value):
        if type(self) is cls or name in fields:
            from dataclasses import FrozenInstanceError

            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self, name):
        if type(self) is cls or name in fields:
            from dataclasses import FrozenInstanceError

            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    record(cls)
    for fn in (__hash__, __setattr__, __delattr__):
        fn.__qualname__ = f"{cls.__qualname__}.{fn.__name__}"
        setattr(cls, fn.__name__, fn)
    return cls


def record(cls):
    names = tuple(cls.__dict__.get("__annotations__", ()))

    def __repr__(self):
        return f"{type(self).__qualname__}(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in names) + ")"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)
        return NotImplemented

    for fn in (__repr__, __eq__):
        fn.__qualname__ = f"{cls.__qualname__}.{fn.__name__}"
        setattr(cls, fn.__name__, fn)
    cls.__hash__ = None
    cls.__match_args__ = names
    cls.__dataclass_fields__ = _DataclassFields()
    if cls.__doc__ is None:
        anns = cls.__dict__.get("__annotations__", {})
        defaults = _defaults(cls)
        parts = []
        for n in names:
            part = f"{n}: {anns[n]!r}"
            if n in defaults:
                d = defaults[n]
                part += " = <factory>" if d is MISSING else f" = {d!r}"
            parts.append(part)
        cls.__doc__ = f"{cls.__name__}({', '.join(parts)})"
    return cls


def _defaults(cls) -> dict:
    """field name → its default, from the hand-written ``__init__`` (its last parameters)."""
    names = cls.__dict__.get("__annotations__", {})
    defaults = cls.__init__.__defaults__ or ()
    return dict(zip(tuple(names)[len(names) - len(defaults):], defaults))
