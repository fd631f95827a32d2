"""The Explore page in a real browser (Debian's chromium): a shared link opens the same question, the
chart's download menu delivers the table's numbers as CSV and as a titled XLSX, the browser's Back and
Forward undo and redo a change of question (one history entry per change), and the SQL console refuses a write."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import openpyxl
import pandas as pd
import pytest

from analysis.exports.chart_export import TABLE_HEADER_ROW
from analysis.filters import EVENT_FORMATS
from analysis.i18n import translate
from analysis.paths import DEMO_DIR
from analysis.sql_console.audit import AUDIT_LOG_ENVIRONMENT_VARIABLE, read_audit_log
from benchmarks.dashboard_bench import free_port
from benchmarks.dashboard_server import dashboard_server
from tests.browser.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    sign_in_if_asked,
    skip_without_chromium,
    write_secrets,
)
from tests.datasets import copy_store

pytestmark = pytest.mark.browser

MY_PORTS = range(8660, 8680)  # this area's port range on the shared machine
QUESTION = "as_of=2024-12-31&measure=events&rows=year&cols=format"


@pytest.fixture(scope="module")
def server(demo_database_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The dashboard on the demo data; yields its URL and the SQL audit log it writes."""
    skip_without_chromium()
    folder = tmp_path_factory.mktemp("explore-server")
    audit_log = folder / "sql_audit.jsonl"
    database = folder / "served.ducklake"
    copy_store(demo_database_file, database)
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
    page.wait_for_selector(".alliance-chart .main-svg", timeout=60_000)
    page.wait_for_timeout(2000)


def test_a_shared_link_opens_the_question_and_its_data_downloads(server: tuple[str, Path], page: Any) -> None:
    base_url, _ = server
    open_question(page, base_url)

    title = translate("explore.title.two", "en", measure="Events", first="year", second="format")
    assert page.locator(".alliance-chart").first.get_by_text(title).count() == 1
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


class Question(NamedTuple):
    """What the reader sees of a question: the address, the three choices, and the table's cells."""

    path_and_query: str
    choices: tuple[str, ...]
    table: tuple[tuple[str, ...], ...]


def shown_question(page: Any, base_url: str) -> Question:
    main = page.locator("[data-testid=stMain]")
    # The data grid is drawn on a canvas; it keeps an accessible copy of its cells as an HTML table.
    cells = page.evaluate(
        """Array.from(document.querySelectorAll('[data-testid=stDataFrame] table tbody tr'))
        .map(row => Array.from(row.querySelectorAll('td')).map(cell => cell.innerText))"""
    )
    return Question(
        page.url.removeprefix(base_url),
        tuple(
            main.locator(f".st-key-{key} [data-testid=stSelectbox] input").input_value()
            for key in ("explore_measure", "explore_rows", "explore_columns")
        ),  # the question's three choices (the SQL console's example picker below is not part of it)
        tuple(tuple(row) for row in cells),
    )


def wait_for_question(page: Any, base_url: str, expected: Question, timeout: float = 60) -> None:
    """Until the page shows `expected` (a rerun redraws in steps; a loaded machine is slow)."""
    deadline = time.monotonic() + timeout
    while (shown := shown_question(page, base_url)) != expected and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    assert shown == expected


def events_by_format(last_day: str) -> tuple[tuple[str, str], ...]:
    """Events started up to `last_day`, per format in the table's order, counted straight from the demo CSV."""
    events = pd.read_csv(DEMO_DIR / "events.csv", dtype=str, keep_default_na=False)
    counts = events[events["start_date"] <= last_day]["format"].value_counts()
    return tuple(
        (translate(f"common.format.{code}", "en"), str(counts.get(code, 0))) for code in EVENT_FORMATS
    )


def test_back_and_forward_undo_and_redo_a_change_of_question(server: tuple[str, Path], page: Any) -> None:
    base_url, _ = server
    members, events = (translate(f"explore.measure.{name}", "en") for name in ("members_active", "events"))
    by_format, nothing = translate("explore.dimension.format", "en"), translate("explore.no_dimension", "en")
    per_format = events_by_format("2024-12-31")
    assert per_format == (("In person", "8"), ("Online", "12"), ("Hybrid", "6"))  # 26 events
    members_url = "/explore?as_of=2024-12-31&measure=members_active"
    opened = Question(members_url, (members, nothing, nothing), (("95",),))  # FACTS.md: 95 at the end of 2024
    counted = Question("/explore?as_of=2024-12-31&measure=events", (events, nothing, nothing), (("26",),))
    counted_by_format = Question(
        "/explore?as_of=2024-12-31&measure=events&rows=format", (events, by_format, nothing), per_format
    )

    page.goto(f"{base_url}{members_url}")
    sign_in_if_asked(page)
    wait_for_question(page, base_url, opened)
    entries_added = [
        _change_question(page, base_url, 0, events, counted),
        _change_question(page, base_url, 1, by_format, counted_by_format),
        # Members cannot be broken down by format: choosing them changes the measure and drops the rows.
        _change_question(page, base_url, 0, members, opened),
    ]
    assert entries_added == [1, 1, 1]  # one history entry per change of question, not one per parameter

    for expected in (counted_by_format, counted, opened):  # Back undoes the changes one by one
        _one_entry_further(page, page.go_back, -1)
        wait_for_question(page, base_url, expected)
    for expected in (counted, counted_by_format, opened):  # Forward redoes them
        _one_entry_further(page, page.go_forward, +1)
        wait_for_question(page, base_url, expected)
    assert page.locator("[data-testid=stException]").count() == 0


def _change_question(page: Any, base_url: str, choice: int, option: str, expected: Question) -> int:
    """Choose `option` in the page's `choice`-th box, wait for the answer; the history entries it added."""
    before = page.evaluate("history.length")
    page.locator("[data-testid=stMain] [data-testid=stSelectbox]").nth(choice).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_question(page, base_url, expected)
    page.wait_for_timeout(1500)  # an entry written late (a second update of the URL) would be counted too
    wait_for_question(page, base_url, expected)
    added: int = page.evaluate("history.length") - before
    return added


def _one_entry_further(page: Any, button: Callable[[], Any], step: int) -> None:
    """Press Back or Forward and wait until the tab is exactly `step` history entries further."""
    index = page.evaluate("navigation.currentEntry.index")
    button()
    page.wait_for_function(f"navigation.currentEntry.index === {index + step}", timeout=60_000)
