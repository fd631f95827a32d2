"""A member named `=HYPERLINK("http://x","y")` reaches no table download as a live formula.

Streamlit's own table toolbar ("Download as CSV", copy to clipboard) writes such a cell as a formula, so
the project config turns it off (`client.disableDataExport`) and tables download through show_table's
menu, which applies OWASP's rule (`analysis/spreadsheets/safe_cells.py`). Checked in a real browser: the
toolbar has no CSV button, and the CSV the menu gives holds the name as text behind an apostrophe.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analysis.i18n import translate
from analysis.paths import PROJECT_ROOT
from analysis.store.database import AllianceDatabase
from benchmarks.dashboard_bench import free_port
from benchmarks.dashboard_server import dashboard_server
from tests.browser.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    sign_in_if_asked,
    skip_without_chromium,
    write_secrets,
)
from tests.datasets import add_member, build_database

MY_PORTS = range(8730, 8740)  # this area's port range on the shared machine
FORMULA_NAME = '=HYPERLINK("http://x","y")'


def test_the_project_config_turns_off_streamlits_own_table_export() -> None:
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


def two_members(database: AllianceDatabase) -> None:
    add_member(database, "M1", "CHN", "2021-06-01", name_en=FORMULA_NAME)
    add_member(database, "M2", "FRA", "2021-06-01", name_en="Plain Institute")


@pytest.fixture(scope="module")
def dashboard_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    skip_without_chromium()
    folder = tmp_path_factory.mktemp("server")
    database = build_database(folder / "served.ducklake", two_members)
    with dashboard_server(
        database, write_secrets(folder), free_port(MY_PORTS), folder / "server.log"
    ) as server:
        yield server.url


@pytest.fixture
def page(dashboard_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        opened = browser.new_context(
            viewport={"width": 1440, "height": 2200}, accept_downloads=True
        ).new_page()
        yield opened
        browser.close()


@pytest.mark.browser
def test_the_member_list_offers_only_the_formula_safe_csv(dashboard_url: str, page: Any) -> None:
    page.goto(f"{dashboard_url}/membership?as_of=2024-12-31")
    sign_in_if_asked(page)
    table = page.locator("[data-testid=stDataFrame]").first
    table.wait_for(timeout=60_000)
    table.hover()
    toolbar = page.locator("[data-testid=stElementToolbar]").first
    toolbar.get_by_role("button", name="Search").wait_for(timeout=10_000)  # the toolbar is showing
    assert toolbar.get_by_role("button", name="Download as CSV").count() == 0

    page.get_by_role("button", name=translate("exports.download.menu", "en")).last.click()
    with page.expect_download(timeout=30_000) as download_info:
        page.get_by_role("button", name=translate("exports.download.csv", "en")).last.click()
    written = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(written)) for cell in row]
    # Two members listed: the formula-like name as text behind OWASP's apostrophe, never bare.
    assert "'" + FORMULA_NAME in cells
    assert FORMULA_NAME not in cells
    assert "Plain Institute" in cells
