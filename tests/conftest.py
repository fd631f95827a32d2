"""Shared fixtures: a real store per test, built from the real schema, in either mode.

`database` is an empty embedded store (a copy of one made once per session, so each test does not pay
for creating the schema and loading the country reference). `store` runs a test twice: on the
embedded store and on a server store (a DuckLake catalogued in a real PostgreSQL cluster that the
session starts with Debian's binaries and stops at the end). Store-level tests use `store`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.benchmark.postgres_cluster import (
    PostgresCluster,
    postgres_available,
    remove_cluster,
    start_cluster,
)
from analysis.store.database import AllianceDatabase, open_database
from tests.stores import copy_store


@pytest.fixture(scope="session")
def empty_store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "empty.ducklake"
    open_database(path).close()
    return path


@pytest.fixture
def database_path(tmp_path: Path, empty_store_template: Path) -> Path:
    """An empty embedded store's catalog file (schema and country reference only)."""
    return copy_store(empty_store_template, tmp_path / "alliance.ducklake")


@pytest.fixture
def database(database_path: Path) -> Iterator[AllianceDatabase]:
    """An empty alliance store (schema and country reference only), embedded, in real files."""
    opened = open_database(database_path)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    if not postgres_available():
        pytest.fail("PostgreSQL 15 is not installed (apt-get install postgresql); .ci/run installs it")
    cluster = start_cluster()
    yield cluster
    remove_cluster(cluster)


@pytest.fixture
def server_address(postgres_cluster: PostgresCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A new, empty PostgreSQL database (as `createdb` makes one); its data files in this test's folder."""
    monkeypatch.setenv("ALLIANCE_DATA_FILES", str(tmp_path / "server-files"))
    monkeypatch.setenv("ALLIANCE_BACKUP_DIR", str(tmp_path / "backups"))
    return postgres_cluster.create_database()


@pytest.fixture(params=["embedded", "server"])
def store_address(request: pytest.FixtureRequest) -> str:
    """The address of an empty store, once embedded and once in server mode."""
    if request.param == "embedded":
        return str(request.getfixturevalue("database_path"))
    return str(request.getfixturevalue("server_address"))


@pytest.fixture
def store(store_address: str) -> Iterator[AllianceDatabase]:
    """An empty alliance store, once embedded and once in server mode (PostgreSQL catalog)."""
    opened = open_database(store_address)
    yield opened
    opened.close()
