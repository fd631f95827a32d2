"""Sessions on the same view share one computation and one rendered figure; nothing is shared across
roles or data versions (app_ui/state/cache.py, app_ui/state/database.py, app_ui/widgets/plotly_chart.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis.auth.roles import Identity, Role
from analysis.paths import DATABASE_ENVIRONMENT_VARIABLE, PROJECT_ROOT
from analysis.store.database import open_database
from app_ui.frame.session_access import IDENTITY_KEY
from app_ui.state.database import DATA_VERSION_SECONDS
from tests.datasets import add_member
from tests.serving.apps import probe

APP = str(PROJECT_ROOT / "tests" / "serving" / "apps" / "shared_view.py")


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    st.cache_data.clear()
    st.cache_resource.clear()
    probe.CALLS.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "store.ducklake"
    database = open_database(path)
    try:
        for number, country in enumerate(["CHN", "FRA", "BRA"], start=1):
            add_member(database, f"{number:03d}", country, "2021-01-01")
    finally:
        database.close()
    monkeypatch.setenv(DATABASE_ENVIRONMENT_VARIABLE, str(path))
    return path


def _session(role: Role) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.session_state[IDENTITY_KEY] = Identity(f"a {role.value}", role, "password")
    return app


def _shown(app: AppTest) -> str:
    assert not app.exception, app.exception
    return str(app.markdown[0].value)


def test_sessions_on_the_same_view_share_one_computation_and_one_figure(store: Path) -> None:
    first, second = _session(Role.VIEWER), _session(Role.VIEWER)
    assert _shown(first.run()) == "members=3"
    assert _shown(second.run()) == "members=3"
    assert probe.CALLS == [3], "the second viewer got the first one's result"
    assert first.session_state["figure_id"] == second.session_state["figure_id"], "one figure object"
    assert first.session_state["figure_json"] == second.session_state["figure_json"]
    first.run()  # a rerun that changes nothing computes nothing
    assert probe.CALLS == [3]


def test_a_viewer_never_receives_what_was_computed_for_an_editor(store: Path) -> None:
    editor, viewer = _session(Role.EDITOR), _session(Role.VIEWER)
    assert _shown(editor.run()) == "members=3"
    assert _shown(viewer.run()) == "members=3"
    assert probe.CALLS == [3, 3], "computed again for the viewer"
    assert editor.session_state["figure_id"] != viewer.session_state["figure_id"], "a figure of its own"


def test_an_import_is_visible_to_every_session_at_its_next_click(store: Path) -> None:
    viewer, editor = _session(Role.VIEWER), _session(Role.EDITOR)
    assert _shown(viewer.run()) == "members=3" and _shown(editor.run()) == "members=3"
    other_process = open_database(store)  # as a command-line import or another replica writes
    try:
        add_member(other_process, "004", "IND", "2022-06-01")
    finally:
        other_process.close()
    time.sleep(DATA_VERSION_SECONDS + 0.1)  # a server reads the store's version at most this often
    assert _shown(viewer.run()) == "members=4"
    assert _shown(editor.run()) == "members=4"
    assert '"value":4' in viewer.session_state["figure_json"].replace(" ", "")
