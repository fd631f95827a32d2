"""An event's details show its data as typed, in a real browser: a city that looks like Markdown (a link,
bold, a formula, Streamlit's :red[...] colouring) is shown as those characters, never rendered (a bare
web address alone becomes a link to itself).

Only a browser shows what Streamlit's Markdown renderer makes of a text; AppTest sees the source.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.figures.labels import markdown_literal
from analysis.store.database import open_database
from tests.browser.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    running_dashboard,
    sign_in_if_asked,
    skip_without_chromium,
)
from tests.datasets import copy_store

pytestmark = pytest.mark.browser

MARKDOWN_CITY = "[Guiyang](http://evil.example) **big** $x^2$ :red[alert] # 1. <b>x</b>"


def test_markdown_literal_escapes_each_construct() -> None:
    assert markdown_literal("Guiyang, China") == "Guiyang, China"
    assert markdown_literal("中国·贵阳") == "中国·贵阳"
    assert markdown_literal("[a](b)") == r"\[a\]\(b\)"
    assert markdown_literal("**b** $x$ :red[y]") == r"\*\*b\*\* \$x\$ \:red\[y\]"
    assert markdown_literal("# 1. 2024-06-12") == r"\# 1\. 2024\-06\-12"
    assert markdown_literal("a\\b") == "a\\\\b"


def test_a_city_written_like_markdown_shows_as_typed(demo_database_file: Path, tmp_path: Path) -> None:
    skip_without_chromium()
    from playwright.sync_api import sync_playwright

    database = tmp_path / "hostile.ducklake"
    copy_store(demo_database_file, database)
    store = open_database(database)
    with store.writing(tables=("events",)) as cursor:  # every event, so the page's chosen one has it
        cursor.execute("update events set city = ?, city_zh = null", [MARKDOWN_CITY])
    store.close()
    with running_dashboard(database, tmp_path) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1440, "height": 2200}).new_page()
        page.goto(f"{base_url}/events")
        sign_in_if_asked(page)
        place = page.locator("[data-testid=stMarkdownContainer]", has_text="Place").last
        place.wait_for(timeout=60_000)
        assert place.inner_text().splitlines()[-1].startswith(MARKDOWN_CITY)  # then ", China"
        # No disguised link: "[Guiyang](...)" is not a link named Guiyang. A bare web address is still
        # made clickable by GitHub-flavoured Markdown, showing the address itself, as chat apps do.
        links = place.locator("a")
        assert [links.nth(i).inner_text() for i in range(links.count())] == ["http://evil.example"]
        assert links.first.get_attribute("href") == "http://evil.example"
        assert place.locator("strong").all_inner_texts() == ["Place"]  # the label only
        assert place.locator(".katex, h1, ol, b, [style*=color]").count() == 0
        browser.close()
