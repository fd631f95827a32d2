"""The events page in the app, on the five-member alliance of tests/datasets.py
(figures worked out by hand) and on the demo alliance in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.i18n import Language, translate
from tests.app.apptest_pages import open_page, page_errors, untranslated_texts
from tests.app.page_charts import chart, trace_names, trace_values
from tests.datasets import FIVE_MEMBER_AS_OF

PAGE = "app_pages/events.py"
YEARLY = {"as_of": FIVE_MEMBER_AS_OF, "grain": "year"}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_renders_translated_in_both_languages(demo_app: Path, language: Language) -> None:
    app = open_page(PAGE, language=language, query={"grain": "year"})
    assert page_errors(app) == []
    assert untranslated_texts(app, language) == []
    by_format = chart(
        app, "events.by_format.title", language, grain=translate("common.grain_name.year", language)
    )
    assert set(trace_names(by_format)) <= {
        translate(f"common.format.{code}", language) for code in ("in_person", "online", "hybrid")
    }
    # 2024-04-28: the forum with 1.2 million live-stream viewers (FACTS.md) lands in 2024.
    attendance = chart(
        app, "events.attendance.title", language, grain=translate("common.grain_name.year", language)
    )
    viewers = trace_values(attendance, translate("events.attendance.online_viewers", language))
    assert viewers[translate("common.period.year", language, year=2024)] >= 1_200_000


def test_figures_on_the_small_alliance(five_member_app: Path) -> None:
    app = open_page(PAGE, query=YEARLY)
    assert page_errors(app) == []
    by_type = chart(app, "events.by_type.title", grain="year")
    assert trace_values(by_type, "Forum") == {"2020": 1, "2021": 0, "2022": 0}
    assert trace_values(by_type, "Council meeting") == {"2020": 0, "2021": 1, "2022": 1}
    attendance = chart(app, "events.attendance.title", grain="year")
    assert trace_values(attendance, "Attendees") == {"2020": 100, "2021": 41, "2022": 80}
    assert trace_values(attendance, "Online viewers") == {"2020": 0, "2021": 500, "2022": 0}
    engagement = chart(app, "events.engagement.title", grain="year")
    # 2020: M1, M2 members, both at E1 -> 100%. 2021: M1-M4, all at E2 -> 100%.
    # 2022: M1, M2, M3, M5 members at year end (M4 left), M1, M3, M5 at E3 -> 3/4.
    assert trace_values(engagement, "Engagement rate") == {"2020": 1.0, "2021": 1.0, "2022": 0.75}
    most_active = chart(app, "events.most_active.title")
    attended = trace_values(most_active, "Events attended", axis="x")
    assert attended["Academy One"] == 3 and attended["Belgrade Three"] == 2 and attended["Tokyo Five"] == 1


def test_one_chosen_event_shows_its_details_and_participants(five_member_app: Path) -> None:
    app = open_page(PAGE, query=YEARLY)
    chooser = app.selectbox(key="events.chosen")
    assert chooser.options == [
        "24 September 2022 · Council meeting 2022",
        "23 September 2021 · Council meeting 2021",
        "19 September 2020 · Founding forum",
    ]
    chooser.select("E2").run()
    details = [markdown.value for markdown in app.markdown]
    assert "**Online viewers**  \n500" in details
    assert "**Place**  \nBeijing, China" in details
    participants = app.dataframe[0].value
    assert sorted(participants["Member"]) == ["Academy One", "Belgrade Three", "Berlin Four", "Economy Two"]


def test_a_format_filter_changes_the_numbers(five_member_app: Path) -> None:
    app = open_page(PAGE, query=YEARLY)
    app.multiselect(key="filter_formats").set_value(["online"]).run()
    assert page_errors(app) == []
    attendance = chart(app, "events.attendance.title", grain="year")
    # Only the two online council meetings are left.
    assert trace_values(attendance, "Attendees") == {"2020": 0, "2021": 41, "2022": 80}
    assert len(app.selectbox(key="events.chosen").options) == 2


def test_a_clicked_format_narrows_the_other_charts(five_member_app: Path) -> None:
    app = open_page(PAGE, query=YEARLY)
    app.session_state["selection.events"] = {"by_format": {"formats": ("in_person",)}}
    app.run()
    assert page_errors(app) == []
    by_type = chart(app, "events.by_type.title", grain="year")
    assert trace_names(by_type) == ["Forum"]  # the council meetings were online
    assert trace_values(by_type, "Forum") == {"2020": 1, "2021": 0, "2022": 0}
    assert app.selectbox(key="events.chosen").options == ["19 September 2020 · Founding forum"]
    by_format = chart(app, "events.by_format.title", grain="year")
    assert "Online" in trace_names(by_format)  # the clicked chart still offers every format


def test_the_chosen_event_falls_back_to_the_latest_when_a_filter_removes_it(five_member_app: Path) -> None:
    app = open_page(PAGE, query=YEARLY)
    app.selectbox(key="events.chosen").select("E3").run()
    app.multiselect(key="filter_formats").set_value(["in_person"]).run()
    assert page_errors(app) == []
    assert app.selectbox(key="events.chosen").value == "E1"  # the only in-person event
    assert sorted(app.dataframe[0].value["Member"]) == ["Academy One", "Economy Two"]


GUIYANG_FORUM = "EV-2023-05"  # the demo's forum in Guiyang, 18-19 November 2023 (city_zh 贵阳)


@pytest.mark.parametrize(
    ("language", "place", "other_spelling"),
    [("en", "**Place**  \nGuiyang, China", "贵阳"), ("zh", "**地点**  \n中国·贵阳", "Guiyang")],
)
def test_the_guiyang_event_names_its_city_in_the_chosen_language(
    demo_app: Path, language: Language, place: str, other_spelling: str
) -> None:
    app = open_page(PAGE, language=language)
    app.selectbox(key="events.chosen").select(GUIYANG_FORUM).run()
    assert page_errors(app) == []
    details = [str(markdown.value) for markdown in app.markdown]
    assert place in details
    assert not [text for text in details if other_spelling in text]
    timeline = chart(app, "events.timeline.title", language)
    hover_places = {point[4] for trace in timeline["data"] for point in trace["customdata"]}
    assert place.split("\n")[1] in hover_places
    assert not [text for text in hover_places if other_spelling in text]


def test_an_event_with_no_chinese_city_shows_the_english_one_in_chinese(five_member_app: Path) -> None:
    # The small alliance records its events' city as "Beijing" with no city_zh.
    app = open_page(PAGE, language="zh", query=YEARLY)
    app.selectbox(key="events.chosen").select("E2").run()
    assert page_errors(app) == []
    assert "**地点**  \n中国·Beijing" in [str(markdown.value) for markdown in app.markdown]
