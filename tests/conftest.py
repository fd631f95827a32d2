"""Shared fixtures: a real DuckDB file per test, built from the real schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.store.database import AllianceDatabase, open_database


@pytest.fixture
def database_path(tmp_path: Path) -> Path:
    return tmp_path / "alliance.duckdb"


@pytest.fixture
def database(database_path: Path) -> Iterator[AllianceDatabase]:
    """An empty alliance database (schema and country reference only) in a real file."""
    opened = open_database(database_path)
    yield opened
    opened.close()
