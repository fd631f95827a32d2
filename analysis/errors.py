"""Errors the product shows to a person: each carries a message that says what, where, why and how to fix."""

from __future__ import annotations


class AllianceError(Exception):
    """A problem a user can act on; the command line and the pages show its message, never a traceback."""


class DatabaseMissingError(AllianceError):
    """The database file does not exist and was not to be created."""


class DatabaseFatalError(AllianceError):
    """DuckDB stopped the database after a fatal error; the next use reopens it."""


class DatabaseBusyError(AllianceError):
    """Another process kept writing to the store for longer than a writer waits; nothing was changed."""


class DatabaseUnavailableError(AllianceError):
    """The store's catalog (PostgreSQL) did not answer; the next use connects again."""


class DataRuleError(AllianceError):
    """A write would break one of the store's rules (a key, a reference or a check); nothing was changed."""
