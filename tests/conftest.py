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

from analysis.store.connection import AllianceDatabase, open_database
from benchmarks.postgres_cluster import (
    PostgresCluster,
    postgres_available,
    remove_cluster,
    start_cluster,
)
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


# Modules whose tests take over half a second each on average (or one over 5 s), measured with
# `pytest --durations=0` on this 2-core machine: `make test-fast` (-m "not slow and not browser")
# leaves them out; `make test` runs everything. A new slow test module belongs here, or gets
# `pytestmark = pytest.mark.slow` of its own.
SLOW_MODULES = frozenset(
    (
        "tests/attacks/test_cpu_bomb.py",
        "tests/attacks/test_hidden_characters.py",
        "tests/attacks/test_memory_bomb.py",
        "tests/attacks/test_numbers_and_exports.py",
        "tests/dashboard/test_cached_figure.py",
        "tests/dashboard/test_frame.py",
        "tests/dashboard/test_geography.py",
        "tests/dashboard/test_history_navigation.py",
        "tests/dashboard/test_language_switch.py",
        "tests/dashboard/test_on_track_page.py",
        "tests/dashboard/test_overview.py",
        "tests/dashboard/test_plotly_chart.py",
        "tests/dashboard_pages/test_compare_drill_pages.py",
        "tests/dashboard_pages/test_empty_views.py",
        "tests/dashboard_pages/test_events_page.py",
        "tests/dashboard_pages/test_governance_page.py",
        "tests/dashboard_pages/test_membership_page.py",
        "tests/delivery/test_alerts.py",
        "tests/delivery/test_schedules.py",
        "tests/delivery/test_scoped_pages.py",
        "tests/delivery/test_scoped_store.py",
        "tests/explore/test_explore_breakdowns.py",
        "tests/explore/test_explore_figure.py",
        "tests/explore/test_explore_history.py",
        "tests/explore/test_explore_page.py",
        "tests/explore/test_explorer_properties.py",
        "tests/explore/test_sql_command.py",
        "tests/explore/test_sql_console_limits.py",
        "tests/explore/test_sql_console_refusals.py",
        "tests/explore/test_sql_examples.py",
        "tests/exports/test_report_page.py",
        "tests/foundation/test_demo_data.py",
        "tests/foundation/test_schema.py",
        "tests/importer/test_chinese_city.py",
        "tests/importer/test_cross_file.py",
        "tests/importer/test_data_page.py",
        "tests/importer/test_files.py",
        "tests/importer/test_large_and_cli.py",
        "tests/importer/test_round_trip.py",
        "tests/importer/test_template.py",
        "tests/importer/test_upsert.py",
        "tests/metrics/test_countries_over_time_labels.py",
        "tests/metrics/test_empty_database.py",
        "tests/metrics/test_geography.py",
        "tests/metrics/test_governance.py",
        "tests/metrics/test_headline.py",
        "tests/metrics/test_headline_matches_event_totals.py",
        "tests/metrics/test_macros.py",
        "tests/metrics/test_membership.py",
        "tests/metrics/test_metrics_command.py",
        "tests/metrics/test_properties.py",
        "tests/metrics_events/test_bench.py",
        "tests/metrics_events/test_engagement.py",
        "tests/metrics_events/test_event_totals.py",
        "tests/metrics_events/test_events.py",
        "tests/metrics_events/test_plan.py",
        "tests/metrics_events/test_properties.py",
        "tests/metrics_events/test_public_record.py",
        "tests/metrics_events/test_synth.py",
        "tests/records/test_editing.py",
        "tests/records/test_history_undo.py",
        "tests/records/test_import_deletions_preview.py",
        "tests/serving/test_shared_cache.py",
        "tests/trust/test_backups.py",
        "tests/trust/test_backups_panel.py",
        "tests/trust/test_concurrency.py",
        "tests/trust/test_connection_gate.py",
        "tests/trust/test_hostile_names.py",
        "tests/trust/test_sign_in.py",
        "tests/trust/test_users_and_cache.py",
    )
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.split("::", 1)[0] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
