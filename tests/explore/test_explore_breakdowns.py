"""Explore's event and member breakdowns on small alliances worked out by hand, in both languages.

console_database (tests/datasets.py): m1 CHN joined 2020-09-19; m2 DEU economic joined
2021-09-23; m3 USA joined 2020-09-19, left 2022-03-01. e1 council meeting 2021-09-23 online (m1, m2);
e2 forum 2023-11-18 in person, 150 attendees (m1 host).
"""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.errors import AllianceError
from analysis.explore import ExploreQuestion, explore, question_from_query
from analysis.explore.presentation import labelled_table, question_title
from analysis.figures.explore import ENTITY_CHART_ROWS, explore_figure
from analysis.filters import Filters
from analysis.store.connection import AllianceDatabase
from tests.datasets import add_member

END_OF_2023 = Filters(as_of=dt.date(2023, 12, 31))


def test_events_ranked_by_participants(console_database: AllianceDatabase) -> None:
    result = explore(console_database, END_OF_2023, ExploreQuestion("participations", "event"))

    # e1: m1 and m2; e2: m1 alone.
    assert result.table["event"].tolist() == ["e1", "e2"]
    assert result.table["value"].tolist() == [2, 1]
    english = labelled_table(result, "en")
    assert english.columns.tolist() == ["Event", "Date", "Participations"]
    assert english.values.tolist() == [
        ["Event e1", "23 September 2021", 2],
        ["Event e2", "18 November 2023", 1],
    ]
    chinese = labelled_table(result, "zh")
    assert chinese.columns.tolist() == ["活动", "日期", "参与人次"]
    assert chinese["日期"].tolist() == ["2021年9月23日", "2023年11月18日"]
    assert question_title(result, "en") == "Participations by event"
    assert question_title(result, "zh") == "按活动的参与人次"


def test_events_ranked_by_attendees_list_every_event_even_without_a_count(
    console_database: AllianceDatabase,
) -> None:
    result = explore(console_database, END_OF_2023, ExploreQuestion("attendees", "event"))

    assert dict(zip(result.table["event"], result.table["value"], strict=True)) == {"e2": 150, "e1": 0}
    assert result.table["event"].tolist() == ["e2", "e1"]  # largest first


def test_members_ranked_by_events_taken_part_in(console_database: AllianceDatabase) -> None:
    result = explore(console_database, END_OF_2023, ExploreQuestion("participations", "member"))

    assert result.table["member"].tolist() == ["m1", "m2"]  # m1: e1 and e2; m2: e1; m3: none
    assert result.table["value"].tolist() == [2, 1]
    table = labelled_table(result, "zh")
    assert table.values.tolist() == [["Member m1", "中国", 2], ["Member m2", "德国", 1]]


def test_members_who_never_took_part(console_database: AllianceDatabase) -> None:
    add_member(console_database, "m4", "JPN", "2023-01-10", name_en="Tokyo Institute", name_zh="东京研究所")
    add_member(console_database, "m10", "JPN", "2023-02-01")
    add_member(console_database, "m5", "JPN", "2023-03-01", member_type="economic")
    result = explore(console_database, END_OF_2023, ExploreQuestion("members_never_attended", "member"))

    # Active on 31 Dec 2023: m1 m2 (took part), m4 m10 m5 (never); m3 left in 2022. Natural order of ids.
    assert result.table["member"].tolist() == ["m4", "m5", "m10"]
    assert result.table["value"].tolist() == [1, 1, 1]
    english = labelled_table(result, "en")
    assert english.columns.tolist() == ["Member", "Country"]  # a list: each row counts one
    assert english.values.tolist() == [
        ["Tokyo Institute", "Japan"],
        ["Member m5", "Japan"],
        ["Member m10", "Japan"],
    ]
    assert labelled_table(result, "zh").values.tolist()[0] == ["东京研究所", "日本"]
    assert question_title(result, "en") == "Members who never took part, one by one"
    assert question_title(result, "zh") == "从未参加活动的成员（逐一列出）"
    figure = explore_figure(result, "en")
    assert figure.data[0].type == "indicator" and figure.data[0].value == 3


def test_never_took_part_counts_up_to_each_period_end_by_year_and_type(
    console_database: AllianceDatabase,
) -> None:
    result = explore(console_database, END_OF_2023, ExploreQuestion("members_never_attended", "year"))

    # 2020 end: m1, m3 active, no event yet -> 2; 2021: m1, m2 took part at e1, m3 never -> 1;
    # 2022: m3 left on 1 March, m1 m2 took part -> 0; 2023: 0.
    assert result.table["value"].tolist() == [2, 1, 0, 0]
    by_type = explore(console_database, END_OF_2023, ExploreQuestion("members_never_attended", "member_type"))
    assert int(by_type.table["value"].sum()) == 0
    # Only forums count: m2 took part in a council meeting only, so it never took part in a forum.
    forums = Filters(as_of=dt.date(2023, 12, 31), event_types=("forum",))
    listed = explore(console_database, forums, ExploreQuestion("members_never_attended", "member"))
    assert listed.table["member"].tolist() == ["m2"]


def test_an_event_or_member_breakdown_takes_no_second_dimension() -> None:
    with pytest.raises(AllianceError, match="cannot be split by a second dimension"):
        ExploreQuestion("participations", "event", "year").checked()
    with pytest.raises(AllianceError, match="cannot be broken down by 'event'"):
        ExploreQuestion("events", "event").checked()  # one event each: nothing to rank
    question, ignored = question_from_query({"measure": "participations", "rows": "member", "cols": "role"})
    assert question == ExploreQuestion("participations", "member") and ignored == ["cols=role"]


def test_a_long_ranking_draws_its_first_rows_and_says_so(database: AllianceDatabase) -> None:
    add_member(database, "m1", "CHN", "2020-01-01")
    events = range(ENTITY_CHART_ROWS + 5)
    with database.writing() as cursor:  # one write: 30 events, every title alike, m1 at each
        for number in events:
            cursor.execute(
                "insert into events (event_id, title_en, event_type, start_date, end_date, country, format) "
                "values (?, 'Council meeting', 'council_meeting', date '2021-05-01', date '2021-05-01', "
                "'CHN', 'online')",
                [f"e{number}"],
            )
            cursor.execute("insert into participation values (?, 'm1', 'participant')", [f"e{number}"])
    result = explore(database, END_OF_2023, ExploreQuestion("participations", "event"))

    assert len(result.table) == ENTITY_CHART_ROWS + 5
    figure = explore_figure(result, "en")
    bars = figure.data[0]
    assert len(bars.y) == ENTITY_CHART_ROWS
    assert len(set(bars.y)) == ENTITY_CHART_ROWS  # the same title twice is told apart by its code
    assert bars.y[-1] == "Council meeting [e0]"  # the top bar: all tie, so in natural id order
    assert bars.y[-3] == "Council meeting [e2]" and bars.y[0] == "Council meeting [e24]"
    assert figure.layout.title.subtitle.text == "The first 25 of 30; the table below lists them all."
