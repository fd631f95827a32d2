"""Fixtures for import tests: a database with a little data already in it, and a fingerprint of all of it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from analysis.store.database import ALL_TABLES, AllianceDatabase


@pytest.fixture(autouse=True)
def backups_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Backups taken before imports go to the test's own folder."""
    monkeypatch.setenv("ALLIANCE_BACKUP_DIR", str(tmp_path / "backups"))


def fingerprint(database: AllianceDatabase) -> dict[str, tuple[int, str]]:
    """Rows and a SHA-256 of the sorted content of every table, plus the data version."""
    result: dict[str, tuple[int, str]] = {}
    with database.reading() as cursor:
        for table in ALL_TABLES:
            rows = cursor.execute(f"select * from {table} order by all").fetchall()
            result[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    result["snapshot"] = (database.data_version(), "")  # a refused write leaves no new snapshot
    return result


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """A file in `folder`: text is written as UTF-8."""
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path
