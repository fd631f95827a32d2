"""A change of language never changes the view: not a filter, not the period, not an Explore question.

Each choice widget holds codes and shows labels (`format_func`), but the browser sends a choice back as
its label: after a switch, unless the server sends each widget its value again in the new language, the
browser sends the old language's label with the next interaction (Period fell back from Quarter to
Month; the country filter held 日本 instead of JPN). AppTest re-labels every value itself, so the
browser's side is kept by tests/app/held_labels.py; the real browser is in
tests/browser/test_language_switch.py. The stores here are built on the empty `database_path` store.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from analysis.i18n import Language, translate
from analysis.paths import DATABASE_ENVIRONMENT_VARIABLE
from analysis.store.connection import AllianceDatabase, open_database
from tests.app.apptest_pages import open_page, page_errors
from tests.app.held_labels import HeldLabels
from tests.app.page_charts import drawn_charts
from tests.datasets import add_event, add_member, add_participation

AS_OF = "2023-06-30"


def small_alliance(database: AllianceDatabase) -> None:
    # On 2023-06-30: c1 c2 c3 (China), j1 j2 (Japan), s1 (Serbia); c3, j1 and j2 are economic.
    add_member(database, "c1", "CHN", "2022-01-10")
    add_member(database, "c2", "CHN", "2022-03-01")
    add_member(database, "c3", "CHN", "2023-02-01", member_type="economic")
    add_member(database, "j1", "JPN", "2022-05-05", member_type="economic")
    add_member(database, "j2", "JPN", "2023-01-15", member_type="economic")
    add_member(database, "s1", "SRB", "2023-03-01", member_type="industry")
    add_event(database, "e1", "2022-09-01")
    add_event(database, "e2", "2023-04-01", event_type="seminar", format="online")
    add_event(database, "e3", "2023-05-20", country="JPN", city="Tokyo", format="hybrid")
    add_participation(database, "e3", "j1")  # e3: j1 and c1; e1: c1. j2, c2, c3, s1 never took part
    add_participation(database, "e3", "c1")
    add_participation(database, "e1", "c1")


@pytest.fixture
def small_app(database_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """`small_alliance` in an embedded store, chosen for the app by $ALLIANCE_DB."""
    database = open_database(database_path)
    try:
        small_alliance(database)
    finally:
        database.close()
    monkeypatch.setenv(DATABASE_ENVIRONMENT_VARIABLE, str(database_path))
    yield database_path


def figures(app: AppTest) -> list[Any]:
    """What the page shows, without its words: the cards' values, and each chart's points."""
    cards = [str(metric.value) for metric in app.metric]
    charts = [[_numbers(trace) for trace in chart["figure"]["data"]] for chart in drawn_charts(app)]
    tables = [frame.value.shape for frame in app.dataframe]
    return [cards, charts, tables]


def _numbers(trace: dict[str, Any]) -> list[Any]:
    """A trace's numbers along each axis; for an axis of words (labels), only how many there are."""
    numbers: list[Any] = []
    for axis in ("x", "y", "z", "values"):
        values = list(trace.get(axis) or ())
        numeric = all(isinstance(value, int | float) for value in values)
        numbers.append(values if numeric else len(values))
    return numbers


def switch_language(app: AppTest, held: HeldLabels, language: Language) -> None:
    held.choose(app.radio(key="filter_language"), language)


def check_switch_keeps_view(app: AppTest, held: HeldLabels) -> None:
    """To Chinese and back to English: the URL (but its `lang`) and the figures stay; every choice the
    browser holds is labelled in the language shown."""
    query, shown = dict(app.query_params), figures(app)
    assert "lang" not in query
    switch_language(app, held, "zh")
    assert page_errors(app) == []
    assert held.out_of_step(app) == []
    assert dict(app.query_params) == {**query, "lang": "zh"}
    assert figures(app) == shown
    switch_language(app, held, "en")
    assert held.out_of_step(app) == []
    assert dict(app.query_params) == query
    assert figures(app) == shown


FILTER_CHOICES: list[tuple[str, str, Any, dict[str, str]]] = [
    ("selectbox", "filter_grain", "year", {"grain": "year"}),
    ("multiselect", "filter_countries", ["JPN"], {"countries": "JPN"}),
    ("multiselect", "filter_regions", ["Asia"], {"regions": "Asia"}),
    ("multiselect", "filter_member_types", ["economic"], {"member_types": "economic"}),
    ("multiselect", "filter_event_types", ["seminar"], {"event_types": "seminar"}),
    ("multiselect", "filter_formats", ["hybrid"], {"formats": "hybrid"}),
]


@pytest.mark.parametrize("page", ["app_pages/overview.py", "app_pages/events.py"])
def test_switching_language_around_every_filter_keeps_the_view(small_app: Path, page: str) -> None:
    app = open_page(page, query={"as_of": AS_OF})
    held = HeldLabels(app)
    check_switch_keeps_view(app, held)  # the defaults (Period = Quarter)
    expected = {"as_of": AS_OF}
    for kind, key, value, in_url in FILTER_CHOICES:
        held.choose(getattr(app, kind)(key=key), value)
        expected.update(in_url)
        assert dict(app.query_params) == expected
        check_switch_keeps_view(app, held)


def test_the_reported_steps_keep_japan_and_the_quarter(small_app: Path) -> None:
    # English, Period = Quarter; 中文; 日本; English; Economic: Japan + Economic is j1 and j2.
    app = open_page("app_pages/overview.py", query={"as_of": AS_OF})
    held = HeldLabels(app)
    switch_language(app, held, "zh")
    held.choose(app.multiselect(key="filter_countries"), ["JPN"])
    assert dict(app.query_params) == {"as_of": AS_OF, "lang": "zh", "countries": "JPN"}
    switch_language(app, held, "en")
    held.choose(app.multiselect(key="filter_member_types"), ["economic"])
    assert held.out_of_step(app) == []
    assert dict(app.query_params) == {"as_of": AS_OF, "countries": "JPN", "member_types": "economic"}
    assert app.selectbox(key="filter_grain").value == "quarter"
    members_and_countries = [str(metric.value) for metric in app.metric][:2]
    assert members_and_countries == ["2", "1"]


EXPLORE_CHOICES: list[tuple[str, str, dict[str, str]]] = [
    ("explore_measure", "members_joined", {"measure": "members_joined"}),
    ("explore_rows", "country", {"rows": "country"}),
    ("explore_columns", "member_type", {"cols": "member_type"}),
]


def test_switching_language_around_every_explore_control_keeps_the_question(small_app: Path) -> None:
    app = open_page("app_pages/explore.py", query={"as_of": AS_OF})
    held = HeldLabels(app)
    check_switch_keeps_view(app, held)
    expected = dict(app.query_params)
    for key, value, in_url in EXPLORE_CHOICES:
        held.choose(app.selectbox(key=key), value)
        expected.update(in_url)
        assert dict(app.query_params) == expected
        check_switch_keeps_view(app, held)
    shown = tuple(app.selectbox(key=key).value for key, _value, _in_url in EXPLORE_CHOICES)
    assert shown == ("members_joined", "country", "member_type")


def test_switching_language_keeps_the_report_sections_and_the_event_chosen(small_app: Path) -> None:
    app = open_page("app_pages/report.py", query={"as_of": AS_OF})
    held = HeldLabels(app)
    sections = app.multiselect(key="report-sections")
    held.choose(sections, sections.value[:2])
    chosen = app.multiselect(key="report-sections").value
    check_switch_keeps_view(app, held)
    assert app.multiselect(key="report-sections").value == chosen

    app.switch_page("app_pages/events.py").run()
    held.after_run(app)
    held.choose(app.selectbox(key="events.chosen"), "e1")  # the page opens on the latest event, e3
    check_switch_keeps_view(app, held)
    assert app.selectbox(key="events.chosen").value == "e1"


# The event and member breakdowns: each question picked by hand or by its example button, in either language.
ENTITY_QUESTIONS = [
    ("participations", "event"),
    ("attendees", "event"),
    ("participations", "member"),
    ("members_never_attended", "member"),
]


@pytest.mark.parametrize(("measure", "rows"), ENTITY_QUESTIONS)
def test_switching_language_around_the_event_and_member_breakdowns_keeps_them(
    small_app: Path, measure: str, rows: str
) -> None:
    app = open_page("app_pages/explore.py", query={"as_of": AS_OF})
    held = HeldLabels(app)
    held.choose(app.selectbox(key="explore_measure"), measure)
    held.choose(app.selectbox(key="explore_rows"), rows)
    assert dict(app.query_params) == {"as_of": AS_OF, "measure": measure, "rows": rows}
    assert app.selectbox(key="explore_columns").options == [translate("explore.no_dimension", "en")]
    check_switch_keeps_view(app, held)
    switch_language(app, held, "zh")
    assert (app.selectbox(key="explore_measure").value, app.selectbox(key="explore_rows").value) == (
        measure,
        rows,
    )
    switch_language(app, held, "en")
    assert dict(app.query_params) == {"as_of": AS_OF, "measure": measure, "rows": rows}


def test_an_example_question_clicked_in_chinese_stays_in_english(small_app: Path) -> None:
    app = open_page("app_pages/explore.py", query={"as_of": AS_OF})
    held = HeldLabels(app)
    switch_language(app, held, "zh")
    app.button(key="explore_example_events_by_participants").click().run()
    held.after_run(app)
    assert dict(app.query_params) == {
        "as_of": AS_OF,
        "lang": "zh",
        "measure": "participations",
        "rows": "event",
    }
    # e3 (j1, c1) then e1 (c1); e2 had no member taking part.
    assert app.dataframe[0].value.iloc[:, -1].tolist() == [2, 1]
    switch_language(app, held, "en")
    assert held.out_of_step(app) == []
    assert dict(app.query_params) == {"as_of": AS_OF, "measure": "participations", "rows": "event"}
    assert app.dataframe[0].value.columns.tolist() == ["Event", "Date", "Participations"]
    assert app.dataframe[0].value["Event"].tolist() == ["Event e3", "Event e1"]
    app.button(key="explore_example_members_never_attended").click().run()
    held.after_run(app)
    listed = app.dataframe[0].value
    assert listed.columns.tolist() == ["Member", "Country"]
    assert listed["Member"].tolist() == ["Member c2", "Member c3", "Member j2", "Member s1"]
