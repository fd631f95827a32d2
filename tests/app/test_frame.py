"""The frame: every page renders inside it in both languages, fully translated; the URL holds the view."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.app.apptest_pages import FRAME, PAGE_SCRIPTS, open_page, page_errors, untranslated_texts


def test_the_page_list_is_the_one_the_frame_navigates() -> None:
    listed = set(re.findall(r'"(app_pages/[a-z_]+\.py)"', FRAME.read_text(encoding="utf-8")))
    assert listed == set(PAGE_SCRIPTS)


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("page_script", PAGE_SCRIPTS)
def test_every_page_renders_translated_without_exception(
    demo_app: Path, page_script: str, language: str
) -> None:
    app = open_page(page_script, language=language)  # type: ignore[arg-type]
    assert page_errors(app) == []
    assert untranslated_texts(app, language) == []  # type: ignore[arg-type]
    # The frame ran around the page: the language switch and the filter bar are there.
    assert app.radio(key="filter_language").value == language
    assert app.multiselect(key="filter_countries") is not None


def test_the_url_restores_every_filter(demo_app: Path) -> None:
    query = {
        "as_of": "2023-11-19",
        "from": "2021-01-01",
        "to": "2023-06-30",
        "grain": "year",
        "lang": "zh",
        "countries": "CHN,USA",
        "regions": "Asia",
        "member_types": "economic,industry",
        "event_types": "forum",
        "formats": "online",
    }
    app = open_page("app_pages/geography.py", query=query)
    assert page_errors(app) == []
    assert str(app.date_input(key="filter_as_of").value) == "2023-11-19"
    assert str(app.date_input(key="filter_start").value) == "2021-01-01"
    assert str(app.date_input(key="filter_end").value) == "2023-06-30"
    assert app.selectbox(key="filter_grain").value == "year"
    assert app.radio(key="filter_language").value == "zh"
    assert app.multiselect(key="filter_countries").value == ["CHN", "USA"]
    assert app.multiselect(key="filter_regions").value == ["Asia"]
    assert app.multiselect(key="filter_member_types").value == ["economic", "industry"]
    assert app.multiselect(key="filter_event_types").value == ["forum"]
    assert app.multiselect(key="filter_formats").value == ["online"]
    # ...and writes the same view back: the link round-trips unchanged.
    assert dict(app.query_params) == query


def test_changing_a_widget_updates_the_url(demo_app: Path) -> None:
    app = open_page("app_pages/overview.py", query={"as_of": "2023-11-19"})
    app.multiselect(key="filter_countries").set_value(["SRB"]).run()
    app.selectbox(key="filter_grain").set_value("month").run()
    app.radio(key="filter_language").set_value("zh").run()
    assert page_errors(app) == []
    assert dict(app.query_params) == {
        "as_of": "2023-11-19",
        "countries": "SRB",
        "grain": "month",
        "lang": "zh",
    }
    # Switching back to a default removes the parameter; the as-of day always stays (a link pins its day).
    app.radio(key="filter_language").set_value("en").run()
    app.multiselect(key="filter_countries").set_value([]).run()
    assert dict(app.query_params) == {"as_of": "2023-11-19", "grain": "month"}


def test_a_bad_link_keeps_the_good_parts_and_says_what_was_ignored(demo_app: Path) -> None:
    app = open_page(
        "app_pages/overview.py",
        query={
            "as_of": "2023-11-19",
            "countries": "CHN,XXX",
            "grain": "fortnight",
            "from": "yesterday",
            "to": "2999-01-01",  # past the date pickers' range: would break the page if kept
        },
    )
    assert page_errors(app) == []
    assert app.multiselect(key="filter_countries").value == ["CHN"]
    assert app.selectbox(key="filter_grain").value == "quarter"  # the default
    warning = " ".join(item.value for item in app.warning)
    assert "countries=XXX" in warning and "grain=fortnight" in warning and "from=yesterday" in warning
    assert "to=2999-01-01" in warning
    assert dict(app.query_params) == {"as_of": "2023-11-19", "countries": "CHN"}


def test_the_view_opens_on_the_last_data_day(demo_app: Path) -> None:
    # The demo's last dated record is the 2025 forum's signing (data/demo/events.csv): 2025-03-28.
    app = open_page("app_pages/overview.py")
    assert str(app.date_input(key="filter_as_of").value) == "2025-03-28"
    assert app.query_params["as_of"] == "2025-03-28"


def test_the_translation_check_finds_a_raw_key_and_english_left_in_chinese() -> None:
    from streamlit.testing.v1 import AppTest

    script = 'import streamlit as st\nst.markdown("overview.card.members")\nst.button("Reset filters")\n'
    app = AppTest.from_string(script).run()
    assert untranslated_texts(app, "zh") == [
        "key 'overview.card.members' in 'overview.card.members'",
        "English text in the Chinese view: 'Reset filters'",
    ]
    # In English only the raw key is wrong.
    assert untranslated_texts(app, "en") == ["key 'overview.card.members' in 'overview.card.members'"]


@pytest.mark.parametrize("page_script", PAGE_SCRIPTS)
def test_every_page_copes_with_an_empty_database(tiny_app: Callable[..., Path], page_script: str) -> None:
    tiny_app(lambda database: None)  # schema and countries only: a fresh install before any import
    app = open_page(page_script, language="zh")
    assert page_errors(app) == []
    assert untranslated_texts(app, "zh") == []
    # With no data the view opens on today.
    assert app.date_input(key="filter_as_of").value == dt.date.today()
