"""One writer at a time across every process and machine that shares a store.

DuckLake lets many processes read and write one store, but two writers committing at once to a SQLite
catalog fail ("database is locked"), and two imports of the same key could both pass their checks.
So each write holds this lock from its first statement to its commit:
- embedded store: `flock` on `<catalog>.write-lock` (an open-file lock, released when this process
  closes that one handle or dies, never by closing another handle on the same file);
- server store: a PostgreSQL advisory lock on its own connection (released on unlock or disconnect).
A writer that finds the lock held waits (polling), up to $ALLIANCE_WRITE_WAIT_SECONDS (default 60),
then says the data is busy.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from analysis.errors import DatabaseBusyError, DatabaseUnavailableError
from analysis.store.location import StoreLocation

WRITE_WAIT_VARIABLE = "ALLIANCE_WRITE_WAIT_SECONDS"
DEFAULT_WRITE_WAIT_SECONDS = 60.0
ADVISORY_LOCK_KEY = 0x616C6C69  # "alli": the one advisory lock the product takes
_POLL_SECONDS = 0.05


def write_wait_seconds() -> float:
    configured = os.environ.get(WRITE_WAIT_VARIABLE, "").strip()
    try:
        return max(float(configured), 0.0) if configured else DEFAULT_WRITE_WAIT_SECONDS
    except ValueError:
        return DEFAULT_WRITE_WAIT_SECONDS


def _busy(location: StoreLocation, waited: float) -> DatabaseBusyError:
    return DatabaseBusyError(
        f"The data in {location.label} is being changed by another process (an import, restore or edit), "
        f"and it was still busy after {waited:.0f} s. Nothing was changed. Try again in a minute."
    )


@contextmanager
def exclusive_writer(location: StoreLocation, wait_seconds: float | None = None) -> Iterator[None]:
    """Hold the store's write lock for the duration of the block."""
    wait = write_wait_seconds() if wait_seconds is None else wait_seconds
    if location.server:
        with _advisory_lock(location, wait):
            yield
    else:
        with _file_lock(location, wait):
            yield


@contextmanager
def _file_lock(location: StoreLocation, wait: float) -> Iterator[None]:
    lock_path = location.catalog_file.with_name(location.catalog_file.name + ".write-lock")
    descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise _busy(location, wait) from None
                time.sleep(_POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


@contextmanager
def _advisory_lock(location: StoreLocation, wait: float) -> Iterator[None]:
    import psycopg

    try:
        connection = psycopg.connect(location.address, autocommit=True, connect_timeout=10)
    except psycopg.Error as error:
        raise DatabaseUnavailableError(
            f"The shared database {location.label} is not answering ({str(error).strip().splitlines()[0]}). "
            "Nothing was changed. Check that PostgreSQL is running, then try again."
        ) from error
    try:
        deadline = time.monotonic() + wait
        while True:
            row = connection.execute("select pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY]).fetchone()
            if row and row[0]:
                break
            if time.monotonic() >= deadline:
                raise _busy(location, wait)
            time.sleep(_POLL_SECONDS)
        try:
            yield
        finally:
            with suppress(psycopg.Error):  # when the connection is gone, the lock went with it
                connection.execute("select pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
    finally:
        connection.close()
