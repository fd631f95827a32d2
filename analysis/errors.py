"""Errors the product shows to a person: each carries a message that says what, where, why and how to fix."""

from __future__ import annotations


class AllianceError(Exception):
    """A problem a user can act on; the command line and the pages show its message, never a traceback."""


class UsageError(AllianceError):
    """A command was given options it cannot act on (a value out of range, a missing file); exit code 2."""


class BadDataError(AllianceError):
    """The data offered is wrong: an import refused, a rule broken, a damaged backup; exit code 3."""


class StoreUnreachableError(AllianceError):
    """The store cannot be used right now: missing, busy, or its server did not answer; exit code 4."""


class DatabaseMissingError(StoreUnreachableError):
    """The database file does not exist and was not to be created."""


class DatabaseFatalError(StoreUnreachableError):
    """DuckDB stopped the database after a fatal error; the next use reopens it."""


class DatabaseBusyError(StoreUnreachableError):
    """Another process kept writing to the store for longer than a writer waits; nothing was changed."""


class DatabaseUnavailableError(StoreUnreachableError):
    """The store's catalog (PostgreSQL) did not answer; the next use connects again."""


class DataRuleError(BadDataError):
    """A write would break one of the store's rules (a key, a reference or a check); nothing was changed."""


class BackupDamagedError(BadDataError):
    """A backup is not whole, not this product's, or not what its backup.json records; nothing was restored."""
