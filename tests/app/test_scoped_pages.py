"""A hostile user limited to Europe, in the app: every page, a URL asking for China, the SQL console."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis.auth.roles import Identity, Role
from analysis.paths import DATABASE_ENVIRONMENT_VARIABLE
from analysis.sql_console.sandbox import forget_snapshots
from analysis.store.database import open_database
from tests.app.apptest_pages import FRAME, page_errors
from tests.datasets import fill_europe_scope_alliance

HASH = "$2b$04$" + "x" * 53
SECRETS = {
    "access": {
        "anonymous_viewers": False,
        "users": {
            "berlin": {"role": "editor", "password_hash": HASH, "scope": "region:Europe"},
            "hq": {"role": "editor", "password_hash": HASH},
        },
    }
}


@pytest.fixture(autouse=True)
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    st.cache_data.clear()
    st.cache_resource.clear()
    forget_snapshots()
    path = tmp_path / "scoped.ducklake"
    database = open_database(path)
    fill_europe_scope_alliance(database)
    database.close()
    monkeypatch.setenv(DATABASE_ENVIRONMENT_VARIABLE, str(path))
    monkeypatch.setenv("ALLIANCE_SQL_AUDIT_LOG", str(tmp_path / "audit.log"))
    yield path
    forget_snapshots()
    st.cache_data.clear()
    st.cache_resource.clear()


def app_as(user: str, page: str, query: dict[str, str] | None = None) -> AppTest:
    app = AppTest.from_file(str(FRAME), default_timeout=120)
    app.secrets = SECRETS
    app.session_state["auth_identity"] = Identity(name=user, role=Role.EDITOR, method="password")
    app.query_params.update({"as_of": "2024-12-31", **(query or {})})
    app.run()
    app.switch_page(page).run()
    return app


def metric_values(app: AppTest) -> dict[str, str]:
    return {item.label: str(item.value) for item in app.metric}


def test_overview_shows_the_scopes_figures_and_a_china_url_finds_nothing() -> None:
    whole = metric_values(app_as("hq", "app_pages/overview.py"))
    europe = app_as("berlin", "app_pages/overview.py")
    assert not page_errors(europe)
    scoped = metric_values(europe)
    assert whole["Members"] == "4" and whole["Countries"] == "4"
    assert scoped["Members"] == "2" and scoped["Countries"] == "2"
    hostile = app_as("berlin", "app_pages/overview.py", {"countries": "CHN,USA"})
    assert metric_values(hostile) == {}
    assert [str(item.value) for item in hostile.info] == [
        "No members match these filters yet. Widen the filters, or load data on the Data page."
    ]


@pytest.mark.parametrize(
    "page",
    ["app_pages/membership.py", "app_pages/geography.py", "app_pages/events.py", "app_pages/governance.py"],
)
def test_every_page_lists_only_the_scopes_rows(page: str) -> None:
    app = app_as("berlin", page)
    assert not page_errors(app)
    shown = " ".join(str(frame.value.to_csv()) for frame in app.dataframe)
    for outside in ("C1", "U1", "E-NY", "Member C1", "Member U1", "Event E-NY"):
        assert outside not in shown


def test_sql_console_answers_the_scope_only() -> None:
    app = app_as("berlin", "app_pages/explore.py")
    app.text_area(key="explore_sql").set_value("select member_id, country from members order by 1")
    app.button(key="explore_sql_run").click().run()
    [table] = [frame for frame in app.dataframe if "member_id" in frame.value.columns]
    assert table.value["member_id"].tolist() == ["D1", "F1"]
    app.text_area(key="explore_sql").set_value("select count(*) as n from lake.main.members")
    app.button(key="explore_sql_run").click().run()
    assert not [frame for frame in app.dataframe if "n" in frame.value.columns]


def test_data_page_says_the_scope_and_offers_no_restore() -> None:
    app = app_as("berlin", "app_pages/data.py")
    assert not page_errors(app)
    assert any("rows of your scope only (region:Europe)" in str(item.value) for item in app.info)
    assert not any("Backups" in str(item.value) for item in app.subheader)
    hq = app_as("hq", "app_pages/data.py")
    assert any("Backups" in str(item.value) for item in hq.subheader)
