"""Errors the product shows to a person: each carries a message that says what, where, why and how to fix."""

from __future__ import annotations


class AllianceError(Exception):
    """A problem a user can act on; the command line and the pages show its message, never a traceback."""


class DatabaseLockedError(AllianceError):
    """Another process holds the database file open for writing."""


class DatabaseMissingError(AllianceError):
    """The database file does not exist and was not to be created."""


class DatabaseFatalError(AllianceError):
    """DuckDB stopped the database after a fatal error; the next use reopens it."""
