"""govreport: read, check, diff and render China's government information-disclosure annual reports.

The library never prints.  ``load`` gives a :class:`~govreport.model.Report`;
``check`` gives findings; ``render`` gives text.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "load", "loads", "check"]


def __getattr__(name):  # lazy re-exports keep `import govreport` cheap
    if name in ("load", "loads"):
        from . import loaders

        return getattr(loaders, name)
    if name == "check":
        from .check import check

        return check
    raise AttributeError(name)
