"""Membership, events and geography pages: the incomplete last period labelled, "Compare with a year
earlier" drawn, and the drill list behind a remembered click, each held across a change of language.

A click cannot be made in AppTest (tests/browser/test_on_track.py clicks in a real browser):
here the page's remembered click is put in session state, as app_ui/state/selection.py keeps it.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.apptest_pages import open_page, page_errors
from tests.app.held_labels import HeldLabels
from tests.app.page_charts import chart, trace_names, trace_values
from tests.app.test_language_switch import AS_OF, check_switch_keeps_view, small_app  # noqa: F401


def test_membership_marks_the_partial_quarter_and_compares_with_a_year_earlier(small_app: Path) -> None:  # noqa: F811
    app = open_page("app_pages/membership.py", query={"as_of": AS_OF})
    assert page_errors(app) == []
    growth = chart(app, "membership.growth.title", grain="quarter")
    # The series runs Q1 2022 - Q2 2023, the last cut at 30 June 2023: a whole quarter, so no note.
    assert trace_values(growth, "Joined")["Q2 2023"] == 0
    app = open_page("app_pages/membership.py", query={"as_of": "2023-05-20"})
    growth = chart(app, "membership.growth.title", grain="quarter")
    joined = trace_values(growth, "Joined")
    # Q2 2023 is cut at 20 May: labelled; Q1 2023: j2, c3, s1 = 3 joined.
    assert list(joined)[-1] == "Q2 2023<br>to 20 May"
    assert joined["Q1 2023"] == 3
    held = HeldLabels(app)
    app.toggle(key="membership.compare").set_value(True).run()
    held.after_run(app)
    growth = chart(app, "membership.growth.title", grain="quarter")
    assert "Joined, a year earlier" in trace_names(growth)
    earlier = trace_values(growth, "Joined, a year earlier")
    # A year earlier: Q1 2022 c1, c2 = 2; Q2 2022 to 20 May 2022: j1 (5 May) = 1; 2021 had none.
    assert earlier["Q1 2023"] == 2 and earlier["Q2 2023<br>to 20 May"] == 1 and earlier["Q1 2022"] == 0
    members = trace_values(growth, "Members, a year earlier")
    assert members["Q2 2023<br>to 20 May"] == 3  # c1, c2, j1 on 20 May 2022
    check_switch_keeps_view(app, held)
    assert app.toggle(key="membership.compare").value is True


def test_events_compare_and_partial_in_chinese(small_app: Path) -> None:  # noqa: F811
    app = open_page("app_pages/events.py", language="zh", query={"as_of": "2023-09-10", "grain": "year"})
    app.toggle(key="events.compare").set_value(True).run()
    assert page_errors(app) == []
    by_type = chart(app, "events.by_type.title", "zh", grain="年")
    overlay = trace_values(by_type, "一年前同期活动")
    # 2023 to 10 Sep: e2, e3; a year earlier, 2022 to 10 Sep 2022: e1 (1 Sep) = 1; 2022 <- 2021: none.
    assert overlay == {"2022年": 0, "2023年<br>截至9月10日": 1}
    assert trace_values(by_type, "论坛") == {"2022年": 1, "2023年<br>截至9月10日": 1}


def remember_click(app: AppTest, page: str, chart_name: str, narrowing: dict, points: list) -> None:
    app.session_state[f"selection.{page}"] = {chart_name: narrowing}
    app.session_state[f"selection.{page}.points"] = {chart_name: points}


def test_the_drill_lists_the_members_behind_a_growth_bar_in_both_languages(small_app: Path) -> None:  # noqa: F811
    app = open_page("app_pages/membership.py", query={"as_of": AS_OF})
    remember_click(
        app,
        "membership",
        "growth",
        {"period": ("2023-01-01", "2023-03-31")},
        [{"customdata": ["period", "2023-01-01", "2023-03-31"], "y": 3}],
    )
    app.run()
    assert page_errors(app) == []
    drill = app.dataframe[0].value  # the drill list comes right under the growth chart
    # Joined in Q1 2023: j2 (15 Jan), c3 (1 Feb), s1 (1 Mar), by join day.
    assert list(drill["Member"]) == ["Member j2", "Member c3", "Member s1"]
    titles = [item.value for item in app.markdown]
    assert any(
        "The members behind your selection: joined 1 January 2023 – 31 March 2023" in title
        for title in titles
    ), titles
    held = HeldLabels(app)
    check_switch_keeps_view(app, held)
    app.radio(key="filter_language").set_value("zh").run()
    assert list(app.dataframe[0].value["成员单位"]) == ["Member j2", "Member c3", "Member s1"]
    assert any("所选内容对应的成员单位" in item.value for item in app.markdown)


def test_the_drill_lists_the_events_behind_a_type_bar(small_app: Path) -> None:  # noqa: F811
    app = open_page("app_pages/events.py", query={"as_of": AS_OF, "grain": "year"})
    remember_click(
        app,
        "events",
        "by_type",
        {"event_types": ("forum",)},
        [{"customdata": ["event_types", "forum", "2023-01-01", "2023-06-30"], "y": 1}],
    )
    app.run()
    assert page_errors(app) == []
    texts = [item.value for item in app.markdown]
    assert any(
        "The events behind your selection: Forum · 1 January 2023 – 30 June 2023" in text for text in texts
    )
    tables = [frame.value for frame in app.dataframe if "Event" in frame.value.columns]
    # Forums starting in 2023 to 30 June: e3 (Tokyo, 20 May); e1 (2022) is not behind the 2023 bar.
    assert len(tables) == 1 and list(tables[0]["Where"]) == ["Tokyo, Japan"]


def test_the_drill_lists_the_members_of_a_clicked_country(small_app: Path) -> None:  # noqa: F811
    for page in ("app_pages/overview.py", "app_pages/geography.py"):
        app = open_page(page, query={"as_of": AS_OF})
        name = page.split("/")[1].removesuffix(".py")
        remember_click(app, name, "map", {"countries": ("JPN",)}, [{"customdata": ["countries", "JPN"]}])
        app.run()
        assert page_errors(app) == []
        tables = [frame.value for frame in app.dataframe if "Member" in frame.value.columns]
        # Japan on 30 June 2023: j1 and j2 (small_alliance: both still members).
        assert len(tables) == 1 and sorted(tables[0]["Member"]) == ["Member j1", "Member j2"], page
        assert any("Japan · active on 30 June 2023" in item.value for item in app.markdown)
