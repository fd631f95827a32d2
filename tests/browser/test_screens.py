"""Every page, in both languages, at a desktop's 1440 px and a phone's 390 px, in a real browser: the
screenshots kept in build/screenshots/ (`<page>_<lang>_<width>.png`), and what can be checked of them
without eyes: no error, no sideways scrolling, no chart text outside its chart, no legend over a chart
title, the brand font loaded from the dashboard itself, the chart toolbar in the page's language, and
every member country on the map (a shape, or a marker for one too small to draw).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analysis.figures.geography import map_points
from tests.browser.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    close_network,
    running_dashboard,
    sign_in_if_asked,
    skip_without_chromium,
)

pytestmark = pytest.mark.browser

# name -> (page, the Explore example button clicked once it is open): every page, and Explore's
# rankings of events and a list of members.
PAGES = {
    "overview": ("", None),
    "membership": ("membership", None),
    "geography": ("geography", None),
    "events": ("events", None),
    "governance": ("governance", None),
    "explore": ("explore", None),
    "explore_events": ("explore", "explore_example_events_by_participants"),
    "explore_never_attended": ("explore", "explore_example_members_never_attended"),
    "report": ("report", None),
    "data": ("data", None),
}
WIDTHS = [1440, 390]
LANGUAGES = ["en", "zh"]
AS_OF = "2024-12-31"  # FACTS.md: 16 member countries, Singapore among them

# Text of each chart that lies outside its chart's own box, and legends that overlap the chart's title.
_CHART_PROBLEMS = """
() => {
  const problems = [];
  const inside = (inner, outer) =>
    inner.left >= outer.left - 2 && inner.right <= outer.right + 2 &&
    inner.top >= outer.top - 2 && inner.bottom <= outer.bottom + 2;
  const overlap = (a, b) =>
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  document.querySelectorAll('.js-plotly-plot').forEach((plot, index) => {
    const box = plot.getBoundingClientRect();
    if (box.width === 0) return;
    const title = plot.querySelector('.gtitle');
    const name = title ? title.textContent : `chart ${index}`;
    plot.querySelectorAll('text').forEach((text) => {
      const rect = text.getBoundingClientRect();
      if (rect.width > 0 && text.textContent.trim() && !inside(rect, box)) {
        problems.push(`${name}: "${text.textContent}" outside the chart`);
      }
    });
    const legend = plot.querySelector('.legend');
    if (title && legend && legend.getBoundingClientRect().width > 0 &&
        overlap(legend.getBoundingClientRect(), title.getBoundingClientRect())) {
      problems.push(`${name}: the legend covers the title`);
    }
  });
  return problems;
}
"""


@pytest.fixture(scope="module")
def dashboard_url(demo_database_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    skip_without_chromium()
    with running_dashboard(demo_database_file, tmp_path_factory.mktemp("screens")) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    skip_without_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_page(browser: Any, url: str, width: int, language: str) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    blocked: list[str] = []
    close_network(page, blocked)
    page.goto(url)
    sign_in_if_asked(page, language)  # type: ignore[arg-type]
    page.wait_for_selector("[data-testid=stMain] h1", timeout=60_000)
    page.wait_for_timeout(3_000)  # the last charts drawn, the fonts loaded
    return context, page, blocked


def screenshot(page: Any, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main block, so the window is made as tall as it (again
    while charts, redrawn at the new size, still make it taller)."""
    width = page.viewport_size["width"]
    shown = 0
    for _attempt in range(4):
        height = int(page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight"))
        if height <= shown:
            break
        shown = min(max(height, 900), 12_000)
        page.set_viewport_size({"width": width, "height": shown})
        page.wait_for_timeout(1_500)  # charts follow the new size
    page.screenshot(path=str(path), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_reads_whole_at_desktop_and_phone_width(
    dashboard_url: str, browser: Any, language: str, width: int
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for name, (path, example) in PAGES.items():
        context, page, blocked = open_page(
            browser, f"{dashboard_url}/{path}?as_of={AS_OF}&lang={language}", width, language
        )
        try:
            if example:
                page.locator(f".st-key-{example} button").click()
                page.wait_for_function("location.search.includes('rows=')", timeout=30_000)
                page.wait_for_timeout(3_000)
            screenshot(page, SCREENSHOTS / f"{name}_{language}_{width}.png")
            assert blocked == [], f"/{path} reached outside: {blocked}"
            assert page.locator("[data-testid=stException]").count() == 0, f"/{path} shows an error"
            sideways = page.evaluate(
                "() => document.querySelector('[data-testid=stMain]').scrollWidth - window.innerWidth"
            )
            if sideways > 1:
                problems.append(f"{name}: {sideways} px wider than the window")
            problems += [f"{name}: {problem}" for problem in page.evaluate(_CHART_PROBLEMS)]
            assert page.evaluate("() => document.fonts.check('16px alliance-sans')"), "brand font not loaded"
            if page.locator(".modebar-btn").count():
                titles = page.eval_on_selector_all(
                    ".modebar-btn", "buttons => buttons.map(button => button.dataset.title)"
                )
                expected = "下载图表为PNG格式" if language == "zh" else "Download plot as a PNG"
                assert expected in titles, titles
                if language == "zh":
                    assert not {"Zoom", "Pan", "Download plot as a PNG"} & set(titles), titles
                assert "Share chart..." not in titles  # plotly.js 4's upload to a cloud service: removed
        finally:
            context.close()
    assert problems == []


def test_every_member_country_is_on_the_small_map(dashboard_url: str, browser: Any) -> None:
    context, page, _blocked = open_page(browser, f"{dashboard_url}/geography?as_of={AS_OF}", 390, "en")
    try:
        page.wait_for_function("document.querySelectorAll('.geo path.choroplethlocation').length >= 16")
        shapes = page.eval_on_selector_all(
            ".geo path.choroplethlocation", "paths => paths.filter(p => p.getBBox().width > 0).length"
        )
        markers = page.locator(".geo .scattergeo .point").count()
        # 16 member countries: 15 drawn as shapes, Singapore (no shape in the 110m outlines) as a marker.
        assert "SGP" in map_points()
        assert (shapes, markers) == (15, 1)
        page.locator(".js-plotly-plot").first.screenshot(path=str(SCREENSHOTS / "map_390_en.png"))
    finally:
        context.close()


def test_a_typed_day_applies_when_the_field_is_left(dashboard_url: str, browser: Any) -> None:
    """Streamlit's date field sends a typed day only when it loses focus (Enter does not send it): what
    the fields' help tells the user. Typed as YYYY/MM/DD, segment by segment."""
    context, page, _blocked = open_page(browser, f"{dashboard_url}/?as_of=2025-03-28", 1440, "en")
    try:
        field = page.locator("[data-testid=stSidebar] [data-testid=stDateInput]").first
        segments = field.get_by_role("spinbutton")
        assert segments.all_inner_texts() == ["2025", "03", "28"]
        segments.first.focus()
        page.keyboard.type("20241231", delay=80)
        page.keyboard.press("Enter")
        page.wait_for_timeout(2_000)
        assert "as_of=2025-03-28" in page.url  # typed, not yet applied
        page.locator("[data-testid=stMain] h1").click()  # leave the field
        page.wait_for_function("location.search.includes('as_of=2024-12-31')", timeout=30_000)
        assert segments.all_inner_texts() == ["2024", "12", "31"]
    finally:
        context.close()
