"""Hostile files through the Data page's uploader, end to end: each refused quickly, within bounded memory,
with a sentence for the editor and nothing changed. (Parsing itself is tested in tests/importer.)"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from analysis.store.backups import content_fingerprint
from analysis.store.database import open_database
from benchmarks.dashboard_server import RunningServer
from tests.attacks.hostile_files import write_all
from tests.browser.browser_session import chromium, served, sign_in, skip_without_chromium
from tests.datasets import fill_hostile_name_alliance

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LOADED = 60_000  # ms
REFUSED_WITHIN_SECONDS = 30.0  # from the click to the refusal on the page, on a busy 2-core machine
MEMORY_GROWTH_LIMIT_MB = 200  # the zip bomb alone would need 600 MB, the entity bomb about 300 MB


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM in /proc status")


@pytest.fixture(scope="module")
def small_alliance_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("uploads") / "alliance.ducklake"
    database = open_database(path)
    try:
        fill_hostile_name_alliance(database)
    finally:
        database.close()
    return path


def data_page(server: RunningServer, page: Page) -> None:
    page.goto(f"{server.url}/data")
    sign_in(page, "ed")
    page.get_by_test_id("stTopNavLink").filter(has_text="Data").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").wait_for(state="attached", timeout=LOADED)


def wait_for_text(page: Page, text: str, what: str) -> None:
    """Wait for `text`; on a timeout, fail with what the page showed instead (an error box, say)."""
    try:
        page.get_by_text(text).wait_for(timeout=LOADED)
    except PlaywrightTimeoutError:
        shown = page.get_by_test_id("stMain").inner_text()[-1500:]
        raise AssertionError(
            f"{what}: no {text!r} after {LOADED / 1000:.0f} s; the page showed:\n{shown}"
        ) from None


def fingerprint_of(path: Path) -> dict[str, tuple[int, str]]:
    database = open_database(path, create=False, read_only=True)
    try:
        with database.reading() as cursor:
            return content_fingerprint(cursor)
    finally:
        database.close()


def test_hostile_files_are_refused_quickly_within_bounded_memory_and_change_nothing(
    small_alliance_file: Path, tmp_path: Path
) -> None:
    skip_without_chromium()
    hostile = write_all(tmp_path / "hostile")
    timings = {}
    with served(small_alliance_file, tmp_path / "server") as server, chromium() as browser:
        warm = browser.new_page()
        data_page(server, warm)  # the Data page drawn once: imports and caches in place before measuring
        warm.close()
        memory_before = peak_memory_mb(server.pid)
        for what in ("xml entity bomb", "zip bomb", "binary named csv"):
            page = browser.new_page(viewport={"width": 1300, "height": 1600})
            data_page(server, page)
            page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(hostile[what]))
            page.get_by_test_id("stFileChip").wait_for(timeout=LOADED)
            started = time.perf_counter()
            page.get_by_role("button", name="Check and import").click()
            wait_for_text(page, "Nothing was imported: 1 problem(s) found.", what)
            timings[what] = time.perf_counter() - started
            page.close()

        page = browser.new_page()
        data_page(server, page)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            str(hostile["over the size limit"])
        )
        page.get_by_text("File must be 20.0MB or smaller.").wait_for(timeout=LOADED)
        page.get_by_role("button", name="Check and import").click()
        page.get_by_text("Choose one or more files first.").wait_for(timeout=LOADED)  # it never arrived
        growth = peak_memory_mb(server.pid) - memory_before
        served_file = server.log.parent / "served.ducklake"

    print(f"refused in {timings} s; server peak memory grew by {growth:.0f} MB")  # shown with -s
    assert growth < MEMORY_GROWTH_LIMIT_MB, f"server peak memory grew by {growth:.0f} MB"
    assert max(timings.values()) < REFUSED_WITHIN_SECONDS, timings
    assert fingerprint_of(served_file) == fingerprint_of(small_alliance_file)  # nothing landed
