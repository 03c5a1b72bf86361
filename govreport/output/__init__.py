"""Turning reports, findings and diffs into bytes (see docs/architecture: output/).

:mod:`.terminal` makes text safe for a terminal; :mod:`.spreadsheet` makes CSV
cells safe for a spreadsheet.  Both are cheap to import (no third-party code).
"""
