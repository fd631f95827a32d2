"""The dashboard in a real browser (Debian's chromium) against a freshly started `streamlit run`.

What only a browser shows: deep links landing inside the frame on a fresh server, charts drawn, the
world map's country shapes with the network closed, a filtered link restoring its view. Screenshots
go to build/screenshots/, or to docs/screenshots/ (the README shows them) with UPDATE_SCREENSHOTS=1
(`make screenshots`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    close_network,
    running_dashboard,
    sign_in_if_asked,
    skip_without_chromium,
    wait_for_charts,
)

pytestmark = pytest.mark.browser

# url path -> does the page draw plotly charts on the demo data?
PAGES = {
    "geography": True,  # first: a deep link is the very first request the fresh server sees
    "": True,  # the overview, the default page
    "overview": True,
    "membership": True,
    "events": True,
    "governance": True,
    "explore": False,
    "report": False,
    "data": False,
}


@pytest.fixture(scope="module")
def dashboard_url(demo_database_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    skip_without_chromium()
    with running_dashboard(demo_database_file, tmp_path_factory.mktemp("server")) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    skip_without_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # Tall, because Streamlit scrolls inside the page: a full-page screenshot shows only the viewport.
    context = browser.new_context(viewport={"width": 1440, "height": 2000})
    opened = context.new_page()
    yield opened
    context.close()


def open_view(page: Any, url: str, *, language: str = "en", charts: bool = True) -> list[str]:
    """Open `url` with the network closed, sign in, wait for the page; returns the blocked requests."""
    blocked: list[str] = []
    close_network(page, blocked)
    page.goto(url)
    sign_in_if_asked(page, language)  # type: ignore[arg-type]
    page.wait_for_selector(
        "[data-testid=stSidebar] [data-testid=stMultiSelect]", state="attached", timeout=60_000
    )
    if charts:
        wait_for_charts(page)
    page.wait_for_timeout(500)  # let the last charts finish drawing before counting and screenshots
    return blocked


def test_every_page_opens_by_its_own_link_inside_the_frame(dashboard_url: str, page: Any) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for path, draws_charts in PAGES.items():
        blocked = open_view(page, f"{dashboard_url}/{path}", charts=draws_charts)
        assert blocked == [], f"/{path} reached outside: {blocked}"
        assert page.locator("[data-testid=stException]").count() == 0, f"/{path} shows an error"
        assert page.locator("[data-testid=stAlertContentError]").count() == 0, f"/{path} shows an error box"
        # The app's own navigation (translated titles), not Streamlit's automatic page list.
        assert page.locator("[data-testid=stSidebarNav]").count() == 0
        assert page.get_by_role("link", name="Geography").count() >= 1
        if draws_charts:
            assert page.locator(".js-plotly-plot").count() >= 1
            assert repeated_tick_labels(page) == [], f"/{path} repeats an axis label"
        if path not in ("", "overview"):
            assert page.url.split("?")[0].endswith(f"/{path}"), page.url
            page.screenshot(path=str(SCREENSHOTS / f"{path}_en.png"), full_page=True)


def test_the_world_map_draws_its_countries_with_the_network_closed(dashboard_url: str, page: Any) -> None:
    blocked = open_view(page, f"{dashboard_url}/geography?as_of=2024-12-31")
    assert blocked == []
    # One filled shape per member country (16 on 2024-12-31, FACTS.md) over the outline of every country.
    page.wait_for_function("document.querySelectorAll('.geo path.choroplethlocation').length >= 16")
    assert page.locator(".geo path.choroplethlocation").count() == 16
    assert page.locator(".geo .countries path, .geo .land path").count() >= 1
    page.locator(".js-plotly-plot").first.screenshot(path=str(SCREENSHOTS / "map_offline.png"))


def test_a_filtered_link_restores_its_view(dashboard_url: str, page: Any) -> None:
    query = "as_of=2023-11-19&countries=CHN%2CUSA&member_types=comprehensive&grain=year&lang=zh"
    open_view(page, f"{dashboard_url}/geography?{query}", language="zh")
    sidebar = page.locator("[data-testid=stSidebar]")
    countries, _, member_types = sidebar.locator("[data-testid=stMultiSelect]").all_inner_texts()[:3]
    assert "中国" in countries and "美国" in countries
    assert "综合智库" in member_types
    assert "截至2023年11月19日" in page.locator("[data-testid=stMain]").inner_text()  # the as-of day
    assert page.get_by_role("link", name="地域").count() >= 1  # navigation titles in Chinese
    # The page keeps the link's parameters (nothing dropped, nothing added but the view itself).
    for part in query.split("&"):
        assert part in page.url, (part, page.url)
    page.screenshot(path=str(SCREENSHOTS / "geography_filtered_zh.png"), full_page=True)
    # Two years of data: a date axis must not tick every half-year under a year-only label ("2021年" twice).
    assert repeated_tick_labels(page) == []


def repeated_tick_labels(page: Any) -> list[list[str]]:
    """The x-axis tick labels of each chart on the page that shows the same label twice."""
    labels_per_chart = page.eval_on_selector_all(
        ".js-plotly-plot",
        "plots => plots.map(plot => [...plot.querySelectorAll('.xtick text')].map(tick => tick.textContent))",
    )
    return [labels for labels in labels_per_chart if len(labels) != len(set(labels))]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_overview_screenshots(dashboard_url: str, page: Any, language: str) -> None:
    open_view(page, f"{dashboard_url}/?as_of=2023-11-19&lang={language}", language=language)
    metrics = page.locator("[data-testid=stMetricValue]").all_inner_texts()
    assert metrics[:2] == ["72", "12"]  # FACTS.md: 72 members from 12 countries on 2023-11-19
    page.screenshot(path=str(SCREENSHOTS / f"overview_{language}.png"), full_page=True)


def test_the_chart_library_is_fetched_once_and_never_shown(dashboard_url: str, page: Any) -> None:
    """The preload (app_ui/widgets/chart_library.py) and the chart element's import are one module fetch, and
    Streamlit's own plotly.js (4.7 MB) is never fetched."""
    from app_ui.widgets.chart_library import LIBRARY_URL, PRELOAD_MARKER

    fetched: list[str] = []
    page.on(
        "request",
        lambda request: (
            fetched.append(request.url)
            if "/PlotlyChart." in request.url or "plotly-dashboard" in request.url
            else None
        ),
    )
    open_view(page, f"{dashboard_url}/?as_of=2023-11-19")
    assert page.locator(".alliance-chart.js-plotly-plot").count() >= 2  # members over time and the map
    assert fetched == [f"{dashboard_url}/{LIBRARY_URL}"]
    assert page.locator(f"#{PRELOAD_MARKER}").count() == 1
    assert page.locator(f".stElementContainer:has(#{PRELOAD_MARKER})").is_hidden()
