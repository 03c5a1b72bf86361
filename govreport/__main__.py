try:  # the C module: `import signal` would first import enum (milliseconds of start-up)
    import _signal
except ImportError:  # pragma: no cover - not CPython
    import signal as _signal
import os as _os

# Before anything else is imported: an interrupt during start-up is a quiet exit 130 (143 for
# SIGTERM), never a traceback; cli.main() then installs the handlers that also remove temp files.
for _sig in (_signal.SIGINT, _signal.SIGTERM):
    _signal.signal(_sig, lambda signum, _frame: _os._exit(128 + signum))

from .cli import main  # noqa: E402

main()
