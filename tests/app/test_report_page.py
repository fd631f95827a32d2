"""The report page inside the frame (AppTest): both languages, and the button that builds the pack."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from analysis.i18n import Language
from analysis.paths import DATABASE_ENVIRONMENT_VARIABLE
from tests.app.apptest_pages import open_page, page_errors, untranslated_texts
from tests.datasets import copy_store


@pytest.fixture
def app_database(initialised_demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the demo database for the app (the session's copy is open read-only)."""
    copy = tmp_path / "demo.ducklake"
    copy_store(initialised_demo_path, copy)
    monkeypatch.setenv(DATABASE_ENVIRONMENT_VARIABLE, str(copy))
    return copy


@pytest.mark.parametrize("language", ["en", "zh"])
def test_report_page_renders_translated(app_database: Path, language: Language) -> None:
    app = open_page("app_pages/report.py", language=language)
    assert page_errors(app) == []
    assert untranslated_texts(app, language) == []
    assert app.selectbox(key="report-year").options[0] == "2020"  # the first join: September 2020
    assert len(app.multiselect(key="report-sections").value) == 5


def test_build_button_makes_a_zip_even_without_a_browser(
    app_database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    app = open_page("app_pages/report.py", language="en")
    app.selectbox(key="report-year").set_value(2023)
    app.multiselect(key="report-sections").set_value(["membership"])
    app.button(key="report-build").click().run()
    assert app.exception == []
    assert any("apt-get install chromium" in str(warning.value) for warning in app.warning)
    [(name, content, _)] = app.session_state["report-packs"]
    assert name == "alliance_report_2023_en.zip"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        highlights = archive.read("highlights.md").decode("utf-8")
    assert "72 member think tanks from 12 countries" in highlights
