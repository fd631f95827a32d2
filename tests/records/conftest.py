"""Fixtures for the records tests: backups in the test's folder, a store with a member, an event and their rows."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def backups_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLIANCE_BACKUP_DIR", str(tmp_path / "backups"))
