"""Back and Forward restore the explorer's question: when the URL's question is not the one the page last
read or wrote, the browser changed it (Streamlit reruns the app with the history entry's URL), and the
widgets follow the URL, as the filter bar's do (tests/app/test_history_navigation.py).

AppTest stands in for the browser by setting the URL between runs, as Back does; the real browser's Back
and Forward, and the one history entry per change, are in tests/browser/test_explore.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from analysis.explore.questions import QUESTION_PARAMETERS
from analysis.filters.url_state import view_parameters
from analysis.i18n import translate
from analysis.store.connection import AllianceDatabase
from tests.app.apptest_pages import open_page, page_errors
from tests.datasets import add_event, add_member

PAGE = "app_pages/explore.py"
AS_OF = "2023-12-31"
# The URL of each question asked below, and its table as the page shows it (worked out in small_alliance).
MEMBERS = {"as_of": AS_OF, "measure": "members_active"}
EVENTS = {"as_of": AS_OF, "measure": "events"}
EVENTS_BY_YEAR = {"as_of": AS_OF, "measure": "events", "rows": "year"}
MEMBERS_TABLE = [["3"]]
EVENTS_TABLE = [["4"]]
EVENTS_BY_YEAR_TABLE = [["2022", "1"], ["2023", "3"]]


def small_alliance(database: AllianceDatabase) -> None:
    # On 2023-12-31 c1, c2 and u1 are members (s1 left on 2023-02-01): 3 members active.
    add_member(database, "c1", "CHN", "2022-01-10")
    add_member(database, "c2", "CHN", "2023-03-01")
    add_member(database, "u1", "USA", "2023-05-05", member_type="economic")
    add_member(database, "s1", "SRB", "2022-06-01", left_on="2023-02-01")
    # 4 events up to 2023-12-31: 1 in 2022, 3 in 2023 (e3 online).
    add_event(database, "e1", "2022-09-01")
    add_event(database, "e2", "2023-04-01")
    add_event(database, "e3", "2023-10-10", format="online")
    add_event(database, "e4", "2023-11-11")


def question_shown(app: AppTest) -> tuple[str, ...]:
    """The measure, rows and columns chosen ("" = no breakdown)."""
    return tuple(
        str(app.selectbox(key=key).value) for key in ("explore_measure", "explore_rows", "explore_columns")
    )


def table_shown(app: AppTest) -> list[list[str]]:
    """The pivot table's cells as text, row by row."""
    return [[str(cell) for cell in row] for row in app.dataframe[0].value.itertuples(index=False)]


def browser_goes_to(app: AppTest, query: dict[str, str]) -> AppTest:
    """What Back or Forward does: the app reruns with the history entry's URL, the widgets untouched."""
    app.query_params.clear()
    app.query_params.update(query)
    return app.run()


def ask_three_questions(app: AppTest) -> None:
    """Members active (the page's default), then events, then events by year."""
    assert dict(app.query_params) == MEMBERS
    assert table_shown(app) == MEMBERS_TABLE
    app.selectbox(key="explore_measure").set_value("events").run()
    assert dict(app.query_params) == EVENTS
    assert table_shown(app) == EVENTS_TABLE
    app.selectbox(key="explore_rows").set_value("year").run()
    assert dict(app.query_params) == EVENTS_BY_YEAR
    assert table_shown(app) == EVENTS_BY_YEAR_TABLE


def test_the_question_is_picked_out_of_the_url_by_its_parameters() -> None:
    query = {"as_of": AS_OF, "measure": "events", "lang": "zh", "cols": "format", "countries": "CHN"}
    assert view_parameters(query, QUESTION_PARAMETERS) == {"measure": "events", "cols": "format"}


def test_back_and_forward_restore_the_question_and_its_figures(tiny_app: Callable[..., Path]) -> None:
    tiny_app(small_alliance)
    app = open_page(PAGE, query={"as_of": AS_OF})
    ask_three_questions(app)

    browser_goes_to(app, EVENTS)  # Back over the rows
    assert page_errors(app) == []
    assert question_shown(app) == ("events", "", "")
    assert table_shown(app) == EVENTS_TABLE
    assert dict(app.query_params) == EVENTS  # nothing written over the entry

    browser_goes_to(app, MEMBERS)  # Back over the measure
    assert question_shown(app) == ("members_active", "", "")
    assert table_shown(app) == MEMBERS_TABLE
    assert dict(app.query_params) == MEMBERS

    browser_goes_to(app, EVENTS_BY_YEAR)  # Forward, twice (history.go(2))
    assert question_shown(app) == ("events", "year", "")
    assert table_shown(app) == EVENTS_BY_YEAR_TABLE
    assert dict(app.query_params) == EVENTS_BY_YEAR


def test_after_going_back_a_change_is_written_and_kept(tiny_app: Callable[..., Path]) -> None:
    # The widgets follow the URL only when the browser changed it: the next change is the user's again.
    tiny_app(small_alliance)
    app = open_page(PAGE, query={"as_of": AS_OF})
    ask_three_questions(app)
    browser_goes_to(app, EVENTS)
    app.selectbox(key="explore_rows").set_value("format").run()
    assert dict(app.query_params) == {**EVENTS, "rows": "format"}
    app.run()  # a rerun of any other kind (Streamlit's own, a click in the SQL console) changes nothing
    assert question_shown(app) == ("events", "format", "")
    # e1, e2 and e4 in person, e3 online, none hybrid.
    assert table_shown(app) == [["In person", "3"], ["Online", "1"], ["Hybrid", "0"]]


def test_a_measure_that_drops_the_breakdown_is_one_change_and_back_restores_both(
    tiny_app: Callable[..., Path],
) -> None:
    # Events by format; members cannot be broken down by format, so the measure's change drops the rows:
    # the URL loses both in the same update, and Back brings both back.
    tiny_app(small_alliance)
    app = open_page(PAGE, query={**EVENTS, "rows": "format"})
    app.selectbox(key="explore_measure").set_value("members_active").run()
    assert question_shown(app) == ("members_active", "", "")
    assert dict(app.query_params) == MEMBERS
    assert table_shown(app) == MEMBERS_TABLE

    browser_goes_to(app, {**EVENTS, "rows": "format"})
    assert question_shown(app) == ("events", "format", "")
    assert table_shown(app) == [["In person", "3"], ["Online", "1"], ["Hybrid", "0"]]


def test_a_change_by_hand_wins_over_a_url_that_lags_behind(tiny_app: Callable[..., Path]) -> None:
    # Two quick changes: the second one's rerun can still carry the URL from before the first one's write
    # (the browser had not received it yet). The widgets' callback writes the question shown, not the URL's.
    tiny_app(small_alliance)
    app = open_page(PAGE, query={"as_of": AS_OF})
    app.selectbox(key="explore_measure").set_value("events").run()
    app.query_params.clear()
    app.query_params.update(MEMBERS)  # the URL as it was before choosing events
    app.selectbox(key="explore_rows").set_value("year").run()
    assert question_shown(app) == ("events", "year", "")
    assert dict(app.query_params) == EVENTS_BY_YEAR
    assert table_shown(app) == EVENTS_BY_YEAR_TABLE


def test_a_page_switch_that_drops_the_parameters_keeps_the_question(tiny_app: Callable[..., Path]) -> None:
    # Streamlit's navigation reruns the new page with no parameters at all, and drops the state of the
    # widgets the old page showed; coming back to Explore, the question is the one it was left with.
    tiny_app(small_alliance)
    app = open_page(PAGE, query={"as_of": AS_OF})
    ask_three_questions(app)
    app.query_params.clear()
    app.switch_page("app_pages/overview.py").run()
    assert dict(app.query_params) == {"as_of": AS_OF}
    app.query_params.clear()
    app.switch_page(PAGE).run()
    assert page_errors(app) == []
    assert question_shown(app) == ("events", "year", "")
    assert table_shown(app) == EVENTS_BY_YEAR_TABLE
    assert dict(app.query_params) == EVENTS_BY_YEAR

    browser_goes_to(app, {"as_of": AS_OF})  # Back to the overview's entry, then Forward to Explore's
    app.switch_page(PAGE)
    browser_goes_to(app, EVENTS_BY_YEAR)
    assert question_shown(app) == ("events", "year", "")


def test_going_back_over_a_filter_change_keeps_the_question(tiny_app: Callable[..., Path]) -> None:
    # The filter bar and the explorer each follow their own parameters: Back over a change of filters
    # restores the filters and leaves the question; Back over a change of question leaves the filters.
    tiny_app(small_alliance)
    app = open_page(PAGE, query={"as_of": AS_OF})
    ask_three_questions(app)
    app.multiselect(key="filter_formats").set_value(["online"]).run()
    online = {**EVENTS_BY_YEAR, "formats": "online"}
    assert dict(app.query_params) == online
    assert table_shown(app) == [["2022", "0"], ["2023", "1"]]  # e3

    browser_goes_to(app, EVENTS_BY_YEAR)  # Back over the filter
    assert app.multiselect(key="filter_formats").value == []
    assert question_shown(app) == ("events", "year", "")
    assert table_shown(app) == EVENTS_BY_YEAR_TABLE

    browser_goes_to(app, online)  # Forward, then a new question under the filter, then Back over it
    app.selectbox(key="explore_rows").set_value("").run()
    assert dict(app.query_params) == {**EVENTS, "formats": "online"}
    assert table_shown(app) == [["1"]]
    browser_goes_to(app, online)
    assert app.multiselect(key="filter_formats").value == ["online"]
    assert question_shown(app) == ("events", "year", "")
    assert table_shown(app) == [["2022", "0"], ["2023", "1"]]
    assert page_errors(app) == []


def test_going_back_to_a_link_with_a_breakdown_that_does_not_fit_warns_again(
    tiny_app: Callable[..., Path],
) -> None:
    # A link asking events by member type opens as events (the breakdown ignored and said so), and the
    # page writes the question it answers as a new history entry; Back to the link says it again.
    tiny_app(small_alliance)
    bad_link = {**EVENTS, "rows": "member_type"}
    app = open_page(PAGE, query=bad_link)
    warned = [translate("explore.ignored", "en", details="rows=member_type")]
    assert [warning.value for warning in app.warning] == warned
    assert dict(app.query_params) == EVENTS
    app.selectbox(key="explore_rows").set_value("year").run()

    browser_goes_to(app, EVENTS)  # Back: the question written, nothing ignored
    assert question_shown(app) == ("events", "", "")
    assert [warning.value for warning in app.warning] == []
    browser_goes_to(app, bad_link)  # Back to the link as it was sent
    assert question_shown(app) == ("events", "", "")
    assert [warning.value for warning in app.warning] == warned
    assert dict(app.query_params) == EVENTS
