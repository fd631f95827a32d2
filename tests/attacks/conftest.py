"""Fixtures for the attack tests: a store with members to impersonate, and a fingerprint of all of it."""

from __future__ import annotations

import hashlib
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from analysis.store.database import ALL_TABLES, AllianceDatabase


@pytest.fixture(autouse=True)
def backups_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Backups taken before imports go to the test's own folder."""
    monkeypatch.setenv("ALLIANCE_BACKUP_DIR", str(tmp_path / "backups"))


def fingerprint(database: AllianceDatabase) -> dict[str, tuple[int, str]]:
    """Rows and a SHA-256 of the sorted content of every table, plus the store's snapshot id."""
    result: dict[str, tuple[int, str]] = {}
    with database.reading() as cursor:
        for table in ALL_TABLES:
            rows = cursor.execute(f"select * from {table} order by all").fetchall()
            result[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    result["snapshot"] = (database.data_version(), "")
    return result


@dataclass
class Cost:
    seconds: float = 0.0
    peak_bytes: int = 0


@contextmanager
def measured() -> Iterator[Cost]:
    """Wall time and the peak of Python's allocations (numpy's included) inside the block."""
    cost = Cost()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        yield cost
    finally:
        cost.seconds = time.perf_counter() - started
        cost.peak_bytes = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


MB = 1024 * 1024
Write = Callable[[str, str | bytes], Path]


@pytest.fixture
def write(tmp_path: Path) -> Write:
    """A file in the test's folder (text as UTF-8)."""

    def write_file(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return write_file
