"""In a real browser: a chart's download menu delivers the CSV and a print-quality PNG, and the report
page's button delivers the pack's ZIP (what only a browser shows: a download arriving)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.dashboard_bench import free_port
from benchmarks.dashboard_server import dashboard_server
from tests.browser.browser import CHROMIUM, CHROMIUM_ARGS, sign_in_if_asked, wait_for_charts, write_secrets
from tests.datasets import copy_store
from tests.exports.conftest import require_browser
from tests.exports.helpers import png_size

pytestmark = pytest.mark.browser
EXPORT_PORTS = range(8640, 8660)  # this area's port range on the shared machine


@pytest.fixture(scope="module")
def app_url(initialised_demo_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_browser()
    folder = tmp_path_factory.mktemp("served")
    database = folder / "served.ducklake"
    copy_store(initialised_demo_path, database)
    port = free_port(EXPORT_PORTS)
    with dashboard_server(
        database, write_secrets(folder), port, folder / "server.log", startup_seconds=120
    ) as server:
        yield server.url


@pytest.fixture(scope="module")
def page(app_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
        opened = context.new_page()
        opened.set_default_timeout(120_000)
        yield opened
        browser.close()


def _download(page: Any, button_name: str) -> bytes:
    with page.expect_download(timeout=180_000) as arrival:
        page.get_by_role("button", name=button_name).first.click()
    path = arrival.value.path()
    return Path(path).read_bytes()


def test_chart_menu_downloads_data_and_print_quality_image(app_url: str, page: Any) -> None:
    page.goto(f"{app_url}/membership?as_of=2023-11-19")
    sign_in_if_asked(page)
    wait_for_charts(page, timeout=120_000)
    page.locator("[data-testid=stPopover] button").first.click()  # the first chart's download menu
    rows = list(csv.DictReader(io.StringIO(_download(page, "Data as CSV").decode("utf-8-sig"))))
    assert rows[-1]["Members at end"] == "72"  # FACTS.md: 72 members on 19 November 2023
    width, _ = png_size(_download(page, "PNG image (print, 3000 px)"))
    assert width == 3000


def test_report_button_delivers_the_zip(app_url: str, page: Any) -> None:
    page.goto(f"{app_url}/report")
    sign_in_if_asked(page)
    page.get_by_role("button", name="Build the report pack").click()  # the latest year: 2025
    page.get_by_role("button", name="Download the ZIP").wait_for(timeout=300_000)
    content = _download(page, "Download the ZIP")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = set(archive.namelist())
        highlights = archive.read("highlights.md").decode("utf-8")
    assert "As of 28 March 2025" in highlights  # 2025 is under way: taken on the last data day
    assert {"report.pdf", "slides.pptx", "figures.xlsx", "figures/06_members_map.png"} <= names


def test_chart_menu_downloads_an_editable_slide_and_the_page_as_pdf(app_url: str, page: Any) -> None:
    from pptx import Presentation
    from pypdf import PdfReader

    page.goto(f"{app_url}/membership?as_of=2023-11-19")
    sign_in_if_asked(page)
    wait_for_charts(page, timeout=120_000)
    charts = page.locator("[data-testid=stPopover] button").count()
    page.locator("[data-testid=stPopover] button").first.click()
    deck = Presentation(io.BytesIO(_download(page, "PowerPoint slide (editable chart)")))
    [slide] = list(deck.slides)
    assert slide.shapes.title is not None and slide.shapes.title.text
    assert (deck.slide_width or 0) * 9 == (deck.slide_height or 0) * 16  # 16:9
    page.keyboard.press("Escape")
    page.locator("[data-testid=stPopover] button").first.click()
    document = PdfReader(io.BytesIO(_download(page, "This page as PDF (with its filters)")))
    assert 1 <= len(document.pages) <= charts  # one page per chart (tables have their own menu)
    text = " ".join(page_.extract_text() or "" for page_ in document.pages)
    assert "As of 19 November 2023" in text
