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

from analysis.sql_console.sandbox import forget_snapshots
from analysis.store.backups import BACKUP_DIRECTORY_VARIABLE, BACKUPS_KEPT_VARIABLE
from analysis.store.database import AllianceDatabase, open_database
from benchmarks.postgres_cluster import (
    PostgresCluster,
    postgres_available,
    remove_cluster,
    start_cluster,
)
from tests.datasets import (  # noqa: F401  (fixtures of tests/datasets.py, found by pytest by name)
    console_database,
    copy_store,
    demo_app,
    demo_database,
    demo_database_file,
    five_member_app,
    hostile_name_alliance,
    hostile_name_alliance_store,
    hostile_name_app,
    initialised_demo_database,
    initialised_demo_path,
    large_participation_database,
    members_001_and_003,
    new_year_alliance,
    nine_member_alliance,
    tiny_app,
    two_members_one_event,
    two_members_two_events,
)


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
        "tests/app/test_backups_panel.py",
        "tests/app/test_compare_drill_pages.py",
        "tests/app/test_data_page.py",
        "tests/app/test_empty_views.py",
        "tests/app/test_events_page.py",
        "tests/app/test_explore_history.py",
        "tests/app/test_explore_page.py",
        "tests/app/test_frame.py",
        "tests/app/test_geography_page.py",
        "tests/app/test_governance_page.py",
        "tests/app/test_history_navigation.py",
        "tests/app/test_language_switch.py",
        "tests/app/test_membership_page.py",
        "tests/app/test_on_track_page.py",
        "tests/app/test_overview_page.py",
        "tests/app/test_report_page.py",
        "tests/app/test_scoped_pages.py",
        "tests/app/test_sign_in.py",
        "tests/app_ui/test_cache.py",
        "tests/app_ui/test_plotly_chart.py",
        "tests/attacks/test_cpu_bomb.py",
        "tests/attacks/test_hidden_characters.py",
        "tests/attacks/test_hostile_names.py",
        "tests/attacks/test_memory_bomb.py",
        "tests/attacks/test_numbers_and_exports.py",
        "tests/auth/test_users_and_cache.py",
        "tests/benchmarks/test_command.py",
        "tests/delivery/test_alerts.py",
        "tests/delivery/test_schedules.py",
        "tests/explore/test_explore_breakdowns.py",
        "tests/explore/test_explorer_properties.py",
        "tests/figures/test_explore.py",
        "tests/importer/test_chinese_city.py",
        "tests/importer/test_cross_file.py",
        "tests/importer/test_files.py",
        "tests/importer/test_large_and_cli.py",
        "tests/importer/test_round_trip.py",
        "tests/importer/test_upsert.py",
        "tests/metrics/test_countries_over_time_labels.py",
        "tests/metrics/test_empty_database.py",
        "tests/metrics/test_engagement.py",
        "tests/metrics/test_event_properties.py",
        "tests/metrics/test_event_totals.py",
        "tests/metrics/test_events.py",
        "tests/metrics/test_geography.py",
        "tests/metrics/test_governance.py",
        "tests/metrics/test_headline.py",
        "tests/metrics/test_headline_matches_event_totals.py",
        "tests/metrics/test_macros.py",
        "tests/metrics/test_membership.py",
        "tests/metrics/test_metrics_command.py",
        "tests/metrics/test_plan.py",
        "tests/metrics/test_properties.py",
        "tests/metrics/test_public_record_events.py",
        "tests/records/test_editing.py",
        "tests/records/test_history_undo.py",
        "tests/records/test_import_deletions_preview.py",
        "tests/serving/test_shared_cache.py",
        "tests/spreadsheets/test_template.py",
        "tests/sql_console/test_examples.py",
        "tests/sql_console/test_limits.py",
        "tests/sql_console/test_refusals.py",
        "tests/sql_console/test_sql_command.py",
        "tests/store/test_backups.py",
        "tests/store/test_concurrency.py",
        "tests/store/test_connection_gate.py",
        "tests/store/test_schema.py",
        "tests/store/test_scoped.py",
        "tests/synth/test_generator.py",
        "tests/test_demo.py",
    )
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.split("::", 1)[0] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def backups_beside_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """Backups go next to each test's database (never data/backups), with the default count kept."""
    monkeypatch.delenv(BACKUP_DIRECTORY_VARIABLE, raising=False)
    monkeypatch.delenv(BACKUPS_KEPT_VARIABLE, raising=False)


@pytest.fixture(autouse=True)
def clear_streamlit_caches() -> Iterator[None]:
    """AppTest keeps Streamlit's caches (the shared database above all) across tests in one process."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(autouse=True)
def forget_console_snapshots() -> Iterator[None]:
    """Each test's database gets its own console snapshot, removed afterwards."""
    yield
    forget_snapshots()


@pytest.fixture
def audit_log(tmp_path: Path) -> Path:
    return tmp_path / "logs" / "sql_audit.jsonl"
