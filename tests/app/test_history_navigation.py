"""Back and Forward restore the view: when the URL is not the one the app last read or wrote, the browser
changed it (Streamlit reruns the app with the history entry's URL), and the widgets follow the URL.

AppTest stands in for the browser by setting the URL between runs, as Back does; the real browser's
Back and Forward are in tests/browser/test_history_navigation.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.filters.url_state import browser_changed_view, view_parameters
from analysis.store.connection import AllianceDatabase
from tests.app.apptest_pages import open_page, page_errors
from tests.datasets import add_member

AS_OF = "2023-06-30"


def three_countries(database: AllianceDatabase) -> None:
    # On 2023-06-30: c1 c2 c3 (China), u1 (USA), s1 (Serbia) = 5 members in 3 countries; c3 is economic.
    add_member(database, "c1", "CHN", "2022-01-10")
    add_member(database, "c2", "CHN", "2022-03-01")
    add_member(database, "c3", "CHN", "2023-02-01", member_type="economic")
    add_member(database, "u1", "USA", "2022-05-05")
    add_member(database, "s1", "SRB", "2023-03-01")


def cards(app: AppTest) -> tuple[str, str]:
    """The overview's members and countries cards."""
    values = {metric.label: metric.value for metric in app.metric}
    return values["Members"], values["Countries"]


def browser_goes_to(app: AppTest, query: dict[str, str]) -> AppTest:
    """What Back or Forward does: the app reruns with the history entry's URL, the widgets untouched."""
    app.query_params.clear()
    app.query_params.update(query)
    return app.run()


@pytest.mark.parametrize(
    ("in_url", "in_step_with", "changed"),
    [
        ({"as_of": "2023-06-30"}, {"as_of": "2023-06-30"}, False),  # the app's own write
        ({"as_of": "2023-06-30"}, {"as_of": "2023-06-30", "grain": "year"}, True),  # Back over grain=year
        ({"as_of": "2023-06-30", "countries": "CHN"}, {"as_of": "2023-06-30"}, True),  # Forward
        ({"as_of": "2023-06-30"}, {"as_of": "2024-01-01"}, True),
        ({}, {"as_of": "2023-06-30", "grain": "year"}, False),  # a page switch drops every parameter
        ({}, {}, False),
    ],
)
def test_only_a_url_the_app_did_not_write_is_a_change(
    in_url: dict[str, str], in_step_with: dict[str, str], changed: bool
) -> None:
    assert browser_changed_view(in_url, in_step_with) is changed


def test_a_pages_own_parameters_are_not_part_of_the_view() -> None:
    query = {"as_of": "2023-06-30", "measure": "members", "lang": "zh", "rows": "country"}
    assert view_parameters(query) == {"as_of": "2023-06-30", "lang": "zh"}


def test_back_and_forward_restore_the_filters_and_the_numbers(tiny_app: Callable[..., Path]) -> None:
    tiny_app(three_countries)
    app = open_page("app_pages/overview.py", query={"as_of": AS_OF})
    assert cards(app) == ("5", "3")
    app.selectbox(key="filter_grain").set_value("year").run()
    with_year = dict(app.query_params)
    app.multiselect(key="filter_countries").set_value(["CHN"]).run()
    with_china = dict(app.query_params)
    assert with_china == {"as_of": AS_OF, "grain": "year", "countries": "CHN"}
    assert cards(app) == ("3", "1")  # c1 c2 c3

    browser_goes_to(app, with_year)  # Back
    assert page_errors(app) == []
    assert app.multiselect(key="filter_countries").value == []
    assert app.selectbox(key="filter_grain").value == "year"
    assert cards(app) == ("5", "3")
    assert dict(app.query_params) == with_year  # nothing written over the entry

    browser_goes_to(app, {"as_of": AS_OF})  # Back again: the view the link opened
    assert app.selectbox(key="filter_grain").value == "quarter"

    browser_goes_to(app, with_china)  # Forward, twice (history.go(2))
    assert app.multiselect(key="filter_countries").value == ["CHN"]
    assert app.selectbox(key="filter_grain").value == "year"
    assert cards(app) == ("3", "1")


def test_after_going_back_a_change_is_written_and_kept(tiny_app: Callable[..., Path]) -> None:
    # The widgets follow the URL only when the browser changed it: the next change is the user's again.
    tiny_app(three_countries)
    app = open_page("app_pages/overview.py", query={"as_of": AS_OF})
    app.multiselect(key="filter_countries").set_value(["CHN"]).run()
    browser_goes_to(app, {"as_of": AS_OF})
    app.multiselect(key="filter_countries").set_value(["USA"]).run()
    assert dict(app.query_params) == {"as_of": AS_OF, "countries": "USA"}
    app.run()  # a rerun of any other kind (a click on a chart, Streamlit's own rerun) changes nothing
    assert app.multiselect(key="filter_countries").value == ["USA"]
    assert cards(app) == ("1", "1")


def test_a_change_by_hand_wins_over_a_url_that_lags_behind(tiny_app: Callable[..., Path]) -> None:
    # Two quick changes: the second one's rerun can still carry the URL from before the first one's write
    # (the browser had not received it yet). The widgets' callback writes the view shown, not the URL's.
    tiny_app(three_countries)
    app = open_page("app_pages/overview.py", query={"as_of": AS_OF})
    app.multiselect(key="filter_countries").set_value(["CHN"]).run()
    app.query_params.clear()
    app.query_params.update({"as_of": AS_OF})  # the URL as it was before choosing China
    app.selectbox(key="filter_grain").set_value("year").run()
    assert app.multiselect(key="filter_countries").value == ["CHN"]
    assert app.selectbox(key="filter_grain").value == "year"
    assert dict(app.query_params) == {"as_of": AS_OF, "grain": "year", "countries": "CHN"}
    assert cards(app) == ("3", "1")


def test_going_back_over_a_language_switch_and_the_reset_button(tiny_app: Callable[..., Path]) -> None:
    tiny_app(three_countries)
    app = open_page("app_pages/overview.py", query={"as_of": AS_OF, "member_types": "economic"})
    assert cards(app) == ("1", "1")  # c3
    app.radio(key="filter_language").set_value("zh").run()
    assert dict(app.query_params) == {"as_of": AS_OF, "member_types": "economic", "lang": "zh"}
    app.button(key="filter_reset").click().run()
    # Reset goes back to the last day anything happened (s1 joined on 2023-03-01), in the language chosen.
    assert dict(app.query_params) == {"as_of": "2023-03-01", "lang": "zh"}
    assert app.multiselect(key="filter_member_types").value == []

    browser_goes_to(app, {"as_of": AS_OF, "member_types": "economic", "lang": "zh"})  # Back over Reset
    assert app.multiselect(key="filter_member_types").value == ["economic"]
    assert str(app.date_input(key="filter_as_of").value) == AS_OF
    assert app.radio(key="filter_language").value == "zh"
    browser_goes_to(app, {"as_of": AS_OF, "member_types": "economic"})  # Back over the language switch
    assert app.radio(key="filter_language").value == "en"
    assert page_errors(app) == []
    assert cards(app) == ("1", "1")


def test_a_page_switch_that_drops_the_parameters_keeps_the_view(tiny_app: Callable[..., Path]) -> None:
    # Streamlit's navigation reruns the new page with no parameters at all; the view carries over and is
    # written back, so the new page's history entry holds it.
    tiny_app(three_countries)
    app = open_page("app_pages/overview.py", query={"as_of": AS_OF})
    app.multiselect(key="filter_countries").set_value(["USA"]).run()
    app.query_params.clear()
    app.switch_page("app_pages/geography.py").run()
    assert page_errors(app) == []
    assert app.multiselect(key="filter_countries").value == ["USA"]
    assert dict(app.query_params) == {"as_of": AS_OF, "countries": "USA"}


def test_going_back_to_a_bad_link_says_again_what_it_ignored(tiny_app: Callable[..., Path]) -> None:
    # A link with a bad code opens, and the app writes the good part of it as a new history entry.
    tiny_app(three_countries)
    bad_link = {"as_of": AS_OF, "countries": "CHN,XXX"}
    app = open_page("app_pages/overview.py", query=bad_link)
    assert "countries=XXX" in " ".join(item.value for item in app.warning)
    written = dict(app.query_params)
    assert written == {"as_of": AS_OF, "countries": "CHN"}
    app.multiselect(key="filter_countries").set_value(["SRB"]).run()

    browser_goes_to(app, written)  # Back: a view with nothing ignored
    assert app.multiselect(key="filter_countries").value == ["CHN"]
    assert [item.value for item in app.warning] == []
    browser_goes_to(app, bad_link)  # Back to the link as it was sent
    assert app.multiselect(key="filter_countries").value == ["CHN"]
    assert "countries=XXX" in " ".join(item.value for item in app.warning)
    assert dict(app.query_params) == written
