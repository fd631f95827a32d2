"""Fixtures for the dashboard tests: real DuckDB files (the demo alliance, or tiny hand-made ones) behind
the app, and Streamlit caches cleared between tests (AppTest keeps them across tests in one process)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st

from analysis.paths import DATABASE_ENVIRONMENT_VARIABLE
from analysis.store.connection import AllianceDatabase, open_database
from tests.stores import copy_store


@pytest.fixture(autouse=True)
def clear_streamlit_caches() -> Iterator[None]:
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def build_database(path: Path, fill: Callable[[AllianceDatabase], object]) -> Path:
    """A closed database file at `path` holding the schema plus what `fill(database)` writes."""
    database = open_database(path)
    try:
        fill(database)
    finally:
        database.close()
    return path


@pytest.fixture(scope="session")
def demo_database_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo alliance loaded once per test session through the real importer (never modified)."""
    from analysis.demo import load_demo_data

    return build_database(tmp_path_factory.mktemp("demo") / "demo.ducklake", load_demo_data)


@pytest.fixture
def demo_app(demo_database_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the demo database, chosen for the app by $ALLIANCE_DB."""
    copy = tmp_path / "demo.ducklake"
    copy_store(demo_database_file, copy)
    monkeypatch.setenv(DATABASE_ENVIRONMENT_VARIABLE, str(copy))
    return copy


@pytest.fixture
def tiny_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[[Callable[[AllianceDatabase], None]], Path]:
    """Build a database with `fill(database)` (tests/builders.py), close it, and point the app at it."""

    def build(fill: Callable[[AllianceDatabase], None]) -> Path:
        path = build_database(tmp_path / "tiny.ducklake", fill)
        monkeypatch.setenv(DATABASE_ENVIRONMENT_VARIABLE, str(path))
        return path

    return build
