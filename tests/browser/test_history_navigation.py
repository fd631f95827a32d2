"""The browser's Back and Forward buttons restore the filtered view (Debian's chromium, a fresh server).

Streamlit 1.67 writes each change of the URL's parameters as a new history entry (pushState), and on Back
or Forward reruns the app with that entry's URL; the filter bar then puts the URL's view back into the
widgets. The figures are counted from the demo CSV here, independently of the metric engine.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import pytest

from analysis.i18n import country_name, translate
from analysis.paths import DEMO_DIR
from tests.browser.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    running_dashboard,
    sign_in_if_asked,
    skip_without_chromium,
    wait_for_charts,
)

pytestmark = pytest.mark.browser

AS_OF = "2023-11-19"
CHINA = country_name("CHN", "en")


class View(NamedTuple):
    """What the user sees of the view: the address, the period and countries chosen, the first two cards."""

    path_and_query: str
    grain: str
    countries: tuple[str, ...]
    members_and_countries: tuple[str, str]


def active_members(day: str, country: str | None = None) -> tuple[str, str]:
    """Members and countries on `day` (joined by then, not yet left), counted straight from the demo CSV."""
    members = pd.read_csv(DEMO_DIR / "members.csv", dtype=str, keep_default_na=False)
    active = members[
        (members["joined_on"] <= day) & ((members["left_on"] == "") | (members["left_on"] > day))
    ]
    if country:
        active = active[active["country"] == country]
    return str(len(active)), str(active["country"].nunique())


@pytest.fixture(scope="module")
def dashboard_url(demo_database_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    skip_without_chromium()
    with running_dashboard(demo_database_file, tmp_path_factory.mktemp("server")) as base_url:
        yield base_url


@pytest.fixture
def page(dashboard_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser.new_context(viewport={"width": 1440, "height": 2000}).new_page()
        browser.close()


def shown_view(page: Any, base_url: str) -> View:
    sidebar = page.locator("[data-testid=stSidebar]")
    cards = page.locator("[data-testid=stMetricValue]").all_inner_texts()
    _label, *chosen = sidebar.locator("[data-testid=stMultiSelect]").first.inner_text().split("\n")
    return View(
        page.url.removeprefix(base_url),
        sidebar.locator("[data-testid=stSelectbox] input").input_value(),
        tuple(name for name in chosen if name.strip()),
        (cards[0], cards[1]) if len(cards) >= 2 else ("", ""),
    )


def wait_for_view(page: Any, base_url: str, expected: View, timeout: float = 60) -> None:
    """Until the page shows `expected` (a rerun redraws in steps; a loaded machine is slow)."""
    deadline = time.monotonic() + timeout
    while (shown := shown_view(page, base_url)) != expected and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    assert shown == expected


def choose(page: Any, widget: str, option: str) -> None:
    page.locator(f"[data-testid=stSidebar] [data-testid={widget}]").first.click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")  # close the multiselect's list


def test_back_and_forward_restore_the_filters_and_the_numbers(dashboard_url: str, page: Any) -> None:
    year, quarter = translate("common.grain.year", "en"), translate("common.grain.quarter", "en")
    everyone, in_china = active_members(AS_OF), active_members(AS_OF, "CHN")
    assert (everyone, in_china) == (("72", "12"), ("41", "1"))  # FACTS.md: 72 members from 12 countries
    opened = View(f"/?as_of={AS_OF}", quarter, (), everyone)
    by_year = View(f"/?as_of={AS_OF}&grain=year", year, (), everyone)
    by_year_in_china = View(f"/?as_of={AS_OF}&grain=year&countries=CHN", year, (CHINA,), in_china)

    page.goto(f"{dashboard_url}/?as_of={AS_OF}")
    sign_in_if_asked(page)
    wait_for_charts(page)
    wait_for_view(page, dashboard_url, opened)
    choose(page, "stSelectbox", year)
    wait_for_view(page, dashboard_url, by_year)
    choose(page, "stMultiSelect", CHINA)
    wait_for_view(page, dashboard_url, by_year_in_china)

    # Back undoes the country, then the period; Forward redoes them.
    walk(page, dashboard_url, [(-1, by_year), (-1, opened), (+1, by_year), (+1, by_year_in_china)])
    assert page.locator("[data-testid=stException]").count() == 0

    # After a page switch, Back returns to the overview as it was left, and Forward to the geography page.
    # The geography page's first cards with China alone: no member outside the host country (0%), and an
    # effective number of countries of exp(0) = 1.0.
    on_geography = View(f"/geography?as_of={AS_OF}&grain=year&countries=CHN", year, (CHINA,), ("0%", "1.0"))
    page.get_by_role("link", name=translate("frame.nav.geography", "en")).first.click()
    wait_for_view(page, dashboard_url, on_geography)
    # Streamlit reruns a page opened from its navigation without the URL's parameters, and depending on
    # which message the browser handles first it leaves an entry /geography without them before the one
    # the app writes: Back then passes through it first, on the same page and view (written back into it).
    if history_entries(page)[-2] == "/geography":
        walk(page, dashboard_url, [(-1, on_geography)])
    walk(
        page,
        dashboard_url,
        [(-1, by_year_in_china), (-1, by_year), (+1, by_year_in_china), (+1, on_geography)],
    )
    assert page.locator("[data-testid=stException]").count() == 0


def history_entries(page: Any) -> list[str]:
    """The tab's history up to the current entry, as paths with their queries (Navigation API)."""
    entries: list[str] = page.evaluate(
        "navigation.entries().slice(0, navigation.currentEntry.index + 1)"
        ".map(entry => entry.url.slice(location.origin.length))"
    )
    return entries


def walk(page: Any, base_url: str, steps: list[tuple[int, View]]) -> None:
    """Per step, Back (-1) or Forward (+1) by exactly one history entry, then wait for the step's view."""
    for step, expected in steps:
        index = page.evaluate("navigation.currentEntry.index")
        if step < 0:
            page.go_back()
        else:
            page.go_forward()
        page.wait_for_function(f"navigation.currentEntry.index === {index + step}", timeout=60_000)
        wait_for_view(page, base_url, expected)
