"""Click to filter in a real browser (Debian's chromium): a click on a bar reaches the page through
Streamlit's on_select, narrows the other charts and the member list, and "clear selection" undoes it.

AppTest cannot click a plotly chart, so this is the one place the click itself is exercised.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analysis.i18n import translate
from analysis.paths import DEMO_DIR
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

MY_PORTS = range(8620, 8640)  # this area's port range on the shared machine
AS_OF = "2024-12-31"


@pytest.fixture(scope="module")
def dashboard_url(demo_database_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh `streamlit run` on a copy of the demo database, on a port of this area's range."""
    skip_without_chromium()
    folder = tmp_path_factory.mktemp("server")
    database = folder / "served.ducklake"
    copy_store(demo_database_file, database)
    with dashboard_server(
        database, write_secrets(folder), free_port(MY_PORTS), folder / "server.log"
    ) as server:
        yield server.url


@pytest.fixture
def page(dashboard_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        opened = browser.new_context(viewport={"width": 1440, "height": 2200}).new_page()
        yield opened
        browser.close()


def demo_members_joined_by(day: str, member_type: str | None = None) -> int:
    """Counted straight from the demo CSV, independently of the metric engine."""
    members = pd.read_csv(DEMO_DIR / "members.csv", dtype=str, keep_default_na=False)
    joined = members[members["joined_on"] <= day]
    return len(joined if member_type is None else joined[joined["member_type"] == member_type])


def members_shown(page: Any) -> str:
    return page.get_by_text(" members shown").inner_text()


def test_clicking_a_member_type_bar_narrows_the_list_and_clear_undoes_it(
    dashboard_url: str, page: Any
) -> None:
    page.goto(f"{dashboard_url}/membership?grain=year&as_of={AS_OF}")
    sign_in_if_asked(page)
    # All four charts drawn (each draws two layers of .main-svg) and the page settled.
    page.wait_for_function(
        "document.querySelectorAll('.alliance-chart .main-svg').length >= 8", timeout=60_000
    )
    page.wait_for_timeout(4000)  # plotly binds its click handlers after drawing; a busy machine is slow
    everyone = demo_members_joined_by(AS_OF)
    assert members_shown(page) == translate("membership.list.count", "en", shown=everyone, total=everyone)

    # The member-type chart (the page's second) stacks one trace per type in the fixed order
    # comprehensive, science_technology, economic, ...; its fifth bar is 2024.
    mix_chart = page.locator(".alliance-chart").nth(1)
    mix_chart.locator("g.trace.bars").nth(2).locator("path").nth(4).click(force=True)

    economic = demo_members_joined_by(AS_OF, "economic")
    expected = translate("membership.list.count", "en", shown=economic, total=economic)
    page.wait_for_function("text => document.body.innerText.includes(text)", arg=expected, timeout=60_000)
    narrowed = translate(
        "common.selection.narrowed", "en", what=translate("common.member_type.economic", "en")
    )
    assert page.get_by_text(narrowed).count() == 1
    assert 0 < economic < everyone

    page.get_by_role("button", name=translate("common.selection.clear", "en")).click()
    expected = translate("membership.list.count", "en", shown=everyone, total=everyone)
    page.wait_for_function("text => document.body.innerText.includes(text)", arg=expected, timeout=60_000)
    assert page.get_by_text(narrowed).count() == 0
