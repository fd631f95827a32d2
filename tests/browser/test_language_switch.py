"""The reported steps in a real browser (Debian's chromium, a fresh server on the demo alliance): open `/`
in English (Period = Quarter), click 中文, pick 日本, click English, add Member type = Economic. The
period stays Quarter, the country filter holds JPN, and Japan + Economic shows its 3 members in both
languages (counted from the demo CSV here, independently of the metric engine).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from analysis.demo import load_demo_data
from analysis.i18n import Language, country_name, translate
from analysis.paths import DEMO_DIR
from analysis.store.database import open_database
from tests.browser.browser import (
    browser_page,
    running_dashboard,
    sign_in_if_asked,
    skip_without_chromium,
    wait_for_charts,
)
from tests.datasets import copy_store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_store(empty_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo alliance, imported by the real importer into a copy of the empty store."""
    path = copy_store(empty_store_template, tmp_path_factory.mktemp("demo") / "demo.ducklake")
    database = open_database(path)
    try:
        load_demo_data(database)
    finally:
        database.close()
    return path


def japan_economic_members() -> str:
    """Japanese economic members on the demo's last day (none of them has left)."""
    members = pd.read_csv(DEMO_DIR / "members.csv", dtype=str, keep_default_na=False)
    chosen = members[(members["country"] == "JPN") & (members["member_type"] == "economic")]
    return str(len(chosen[chosen["left_on"] == ""]))


def sidebar(page: Any) -> Any:
    return page.locator("[data-testid=stSidebar]")


def multiselect(page: Any, filter_key: str, language: Language) -> Any:
    label = translate(f"frame.filters.{filter_key}", language)
    return sidebar(page).locator("[data-testid=stMultiSelect]").filter(has_text=label).first


def switch_language(page: Any, language: Language) -> None:
    sidebar(page).locator("[data-testid=stRadio]").get_by_text(
        translate(f"frame.language.{language}", "en"), exact=True
    ).click()
    wait_until(page, lambda: translate("frame.filters.countries", language) in sidebar(page).inner_text())


def pick(page: Any, filter_key: str, language: Language, option: str) -> None:
    multiselect(page, filter_key, language).click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")  # close the list


def wait_until(page: Any, condition: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    assert condition()


def query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def period_shown(page: Any) -> str:
    return str(sidebar(page).locator("[data-testid=stSelectbox] input").input_value())


def members_card(page: Any) -> str:
    cards = page.locator("[data-testid=stMetricValue]").all_inner_texts()
    return cards[0] if cards else ""


def test_switching_language_keeps_japan_economic_and_the_quarter(demo_store: Path, tmp_path: Path) -> None:
    skip_without_chromium()
    japan = {language: country_name("JPN", language) for language in ("en", "zh")}
    economic = {language: translate("common.member_type.economic", language) for language in ("en", "zh")}
    quarter = {language: translate("common.grain.quarter", language) for language in ("en", "zh")}
    expected_members = japan_economic_members()
    assert expected_members == "3"

    with running_dashboard(demo_store, tmp_path) as base_url, browser_page(height=1400) as page:
        page.goto(f"{base_url}/")
        sign_in_if_asked(page)
        wait_for_charts(page)
        wait_until(page, lambda: period_shown(page) == quarter["en"])

        switch_language(page, "zh")
        wait_until(page, lambda: period_shown(page) == quarter["zh"])
        pick(page, "countries", "zh", japan["zh"])
        wait_until(page, lambda: query(page).get("countries") == ["JPN"])
        assert query(page).get("lang") == ["zh"]
        assert query(page).get("grain", ["quarter"]) == ["quarter"]  # the default period is left out
        assert period_shown(page) == quarter["zh"]

        switch_language(page, "en")
        wait_until(page, lambda: period_shown(page) == quarter["en"])
        pick(page, "member_types", "en", economic["en"])
        wait_until(page, lambda: query(page).get("member_types") == ["economic"])
        assert query(page).get("countries") == ["JPN"]
        assert query(page).get("grain", ["quarter"]) == ["quarter"]
        assert "lang" not in query(page)
        assert period_shown(page) == quarter["en"]
        wait_until(page, lambda: members_card(page) == expected_members)
        assert japan["en"] in multiselect(page, "countries", "en").inner_text()
        assert translate("overview.empty", "en") not in page.inner_text("body")

        switch_language(page, "zh")  # and the same view in Chinese
        wait_until(page, lambda: members_card(page) == expected_members)
        assert japan["zh"] in multiselect(page, "countries", "zh").inner_text()
        assert economic["zh"] in multiselect(page, "member_types", "zh").inner_text()
        assert query(page).get("countries") == ["JPN"]
        assert query(page).get("member_types") == ["economic"]
        assert query(page).get("grain", ["quarter"]) == ["quarter"]
        assert period_shown(page) == quarter["zh"]
        assert page.locator("[data-testid=stException]").count() == 0


def year_shown(page: Any) -> str:
    """The Overview's year picker as the browser shows it."""
    return str(
        page.get_by_role("combobox", name=translate("ontrack.year.label", "en"))
        .or_(page.get_by_role("combobox", name=translate("ontrack.year.label", "zh")))
        .input_value()
    )


def test_switching_language_keeps_the_overview_year(demo_store: Path, tmp_path: Path) -> None:
    """The year picker holds a year, not its label: "2024 in full" stays 2024 through 中文, a filter
    and English, and the URL says year=2024 throughout."""
    skip_without_chromium()
    with running_dashboard(demo_store, tmp_path) as base_url, browser_page(height=1400) as page:
        page.goto(f"{base_url}/")
        sign_in_if_asked(page)
        wait_for_charts(page)
        page.get_by_role("combobox", name=translate("ontrack.year.label", "en")).click()
        page.get_by_role("option", name="2024 in full", exact=True).click()
        wait_until(page, lambda: query(page).get("year") == ["2024"])
        wait_until(page, lambda: "2024 in full: plan against actual" in page.inner_text("body"))

        switch_language(page, "zh")
        wait_until(page, lambda: year_shown(page) == "2024年全年")
        pick(page, "countries", "zh", country_name("JPN", "zh"))  # another interaction after the switch
        wait_until(page, lambda: query(page).get("countries") == ["JPN"])
        assert query(page).get("year") == ["2024"]
        assert year_shown(page) == "2024年全年"
        assert "2024年全年：计划与实际" in page.inner_text("body")

        switch_language(page, "en")
        wait_until(page, lambda: year_shown(page) == "2024 in full")
        pick(page, "member_types", "en", translate("common.member_type.economic", "en"))
        wait_until(page, lambda: query(page).get("member_types") == ["economic"])
        assert query(page).get("year") == ["2024"]
        assert year_shown(page) == "2024 in full"
        assert page.locator("[data-testid=stException]").count() == 0
