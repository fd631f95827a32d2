"""The Explore page in a real browser (Debian's chromium): a shared link opens the same question, the
chart's download menu delivers the table's numbers as CSV and as a titled XLSX, and the SQL console refuses a write."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from analysis.benchmark.dashboard_bench import free_port
from analysis.benchmark.dashboard_server import dashboard_server
from analysis.exports.chart_export import TABLE_HEADER_ROW
from analysis.i18n import translate
from analysis.sql_console.audit import AUDIT_LOG_ENVIRONMENT_VARIABLE, read_audit_log
from tests.dashboard.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    sign_in_if_asked,
    skip_without_chromium,
    write_secrets,
)

pytestmark = pytest.mark.browser

MY_PORTS = range(8660, 8680)  # this area's port range on the shared machine
QUESTION = "as_of=2024-12-31&measure=events&rows=year&cols=format"


@pytest.fixture(scope="module")
def server(demo_database_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The dashboard on the demo data; yields its URL and the SQL audit log it writes."""
    skip_without_chromium()
    folder = tmp_path_factory.mktemp("explore-server")
    audit_log = folder / "sql_audit.jsonl"
    database = folder / "served.duckdb"
    shutil.copy(demo_database_file, database)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(AUDIT_LOG_ENVIRONMENT_VARIABLE, str(audit_log))  # the server inherits the environment
        with dashboard_server(
            database, write_secrets(folder), free_port(MY_PORTS), folder / "server.log"
        ) as running:
            yield running.url, audit_log


@pytest.fixture
def page(server: tuple[str, Path]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        opened = browser.new_context(
            viewport={"width": 1440, "height": 2200}, accept_downloads=True
        ).new_page()
        yield opened
        browser.close()


def open_question(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/explore?{QUESTION}")
    sign_in_if_asked(page)
    page.wait_for_selector("[data-testid=stPlotlyChart] .main-svg", timeout=60_000)
    page.wait_for_timeout(2000)


def test_a_shared_link_opens_the_question_and_its_data_downloads(server: tuple[str, Path], page: Any) -> None:
    base_url, _ = server
    open_question(page, base_url)

    title = translate("explore.title.two", "en", measure="Events", first="year", second="format")
    assert page.locator("[data-testid=stPlotlyChart]").first.get_by_text(title).count() == 1
    assert "measure=events" in page.url and "cols=format" in page.url
    page.locator("[data-testid=stPopover] button").first.click()  # the chart's download menu
    content = _download(page, translate("exports.download.csv", "en")).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))

    assert rows[0] == ["Year", "In person", "Online", "Hybrid"]
    assert [row[0] for row in rows[1:]] == ["2020", "2021", "2022", "2023", "2024"]
    assert sum(int(cell) for row in rows[1:] for cell in row[1:]) == 26  # the demo's events up to 2024

    workbook = openpyxl.load_workbook(io.BytesIO(_download(page, translate("exports.download.xlsx", "en"))))
    table = list(workbook.active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert table[0][0] == title  # the workbook says what it holds (then filters, source), then the table
    assert list(table[TABLE_HEADER_ROW - 1]) == ["Year", "In person", "Online", "Hybrid"]
    assert sum(int(str(cell)) for row in table[TABLE_HEADER_ROW:] for cell in row[1:]) == 26


def _download(page: Any, button_name: str) -> bytes:
    with page.expect_download() as download_info:
        page.get_by_role("button", name=button_name).click()
    return Path(download_info.value.path()).read_bytes()


def test_the_sql_console_refuses_a_write_in_the_browser(server: tuple[str, Path], page: Any) -> None:
    base_url, audit_log = server
    open_question(page, base_url)

    page.get_by_label(translate("explore.sql.query_label", "en")).fill("DELETE FROM members")
    page.get_by_role("button", name=translate("explore.sql.run", "en")).click()
    reason = translate("explore.sql.reason.changes_data", "en", detail="DELETE")
    page.get_by_text(reason).wait_for(timeout=60_000)

    assert [(entry["sql"], entry["refused"]) for entry in read_audit_log(audit_log)] == [
        ("DELETE FROM members", True)
    ]
