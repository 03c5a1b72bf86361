"""Errors and exit codes.  The core raises; only the CLI turns errors into exit codes.

An error names its message by a catalogue id (:mod:`govreport.messages`, family
``errors``) with the fields it needs::

    raise InputError("input.not_found", path)
    raise ParseError("parse.cell_refused", path, row="（一）予以公开", text="4336l")

and is shown in the current language (``str(exc)``: ``path: message``).  The id
and fields stay on the exception (``exc.id``, ``exc.params``) for callers that
want them.  A message that is not a catalogue id is shown as given.
"""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    OK = 0
    FINDINGS = 1  # check findings, or differences in diff
    ERROR = 2  # usage error, unreadable or unparseable input


class GovreportError(Exception):
    """A problem with the user's input, reported as one line and exit code 2."""

    def __init__(self, message: str, path: str | None = None, **params):
        super().__init__(message)
        self.id = message
        self.params = params
        self.path = path

    @property
    def message(self) -> str:
        from . import messages

        if messages.has(self.id):
            return messages.text(self.id, **self.params)
        return self.id

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(GovreportError):
    """The input cannot be read (missing, a directory, binary, undecodable)."""


class ParseError(GovreportError):
    """The input was read but cannot be parsed unambiguously."""
