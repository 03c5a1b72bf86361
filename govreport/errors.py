"""Errors and exit codes.  The core raises; only the CLI turns errors into exit codes."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    OK = 0
    FINDINGS = 1  # check findings, or differences in diff
    ERROR = 2  # usage error, unreadable or unparseable input


class GovreportError(Exception):
    """A problem with the user's input, reported as one line and exit code 2."""

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(GovreportError):
    """The input cannot be read (missing, a directory, binary, undecodable)."""


class ParseError(GovreportError):
    """The input was read but cannot be parsed unambiguously."""
