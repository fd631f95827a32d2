"""The explorer on a tiny alliance worked out by hand, and the questions it accepts.

console_database: m1 CHN comprehensive joined 2020-09-19; m2 DEU economic joined 2021-09-23;
m3 USA comprehensive joined 2020-09-19, left 2022-03-01. Events: e1 council meeting 2021-09-23
online (m1, m2 participants); e2 forum 2023-11-18..19 in person, 150 attendees (m1 host).
"""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.errors import AllianceError
from analysis.explore import ExploreQuestion, explore, question_from_query
from analysis.filters import Filters
from analysis.store.connection import AllianceDatabase

END_OF_2023 = Filters(as_of=dt.date(2023, 12, 31))
YEARS = [dt.date(year, 1, 1) for year in (2020, 2021, 2022, 2023)]


def test_members_active_at_each_year_end(console_database: AllianceDatabase) -> None:
    result = explore(console_database, END_OF_2023, ExploreQuestion("members_active", "year"))

    # 2020: m1, m3; 2021: m1, m2, m3; 2022: m3 left on 1 March -> m1, m2; 2023: m1, m2.
    assert result.table["year"].tolist() == YEARS
    assert result.table["value"].tolist() == [2, 3, 2, 2]
    assert result.pivot.to_dict()["value"][dt.date(2021, 1, 1)] == 3


def test_joins_by_year_and_type_fill_every_type_with_zero(console_database: AllianceDatabase) -> None:
    result = explore(console_database, END_OF_2023, ExploreQuestion("members_joined", "year", "member_type"))

    assert result.pivot.shape == (4, 6)  # four years x all six member types
    assert result.pivot.to_dict()["comprehensive"][dt.date(2020, 1, 1)] == 2  # m1, m3
    assert result.pivot.to_dict()["economic"][dt.date(2021, 1, 1)] == 1  # m2
    assert int(result.pivot.to_numpy().sum()) == 3


def test_engaged_members_by_year_and_role(console_database: AllianceDatabase) -> None:
    result = explore(console_database, END_OF_2023, ExploreQuestion("engaged_members", "year", "role"))

    assert (
        result.pivot.to_dict()["participant"][dt.date(2021, 1, 1)] == 2
    )  # m1, m2 at e1, both active on 31 Dec 2021
    assert result.pivot.to_dict()["host"][dt.date(2023, 1, 1)] == 1  # m1 hosted e2
    assert int(result.pivot.to_numpy().sum()) == 3


def test_participations_by_format_and_attendees_in_all(console_database: AllianceDatabase) -> None:
    by_format = explore(console_database, END_OF_2023, ExploreQuestion("participations", "format")).table

    assert dict(zip(by_format["format"], by_format["value"], strict=True)) == {
        "in_person": 1,  # m1 at e2
        "online": 2,  # m1, m2 at e1
        "hybrid": 0,
    }
    attendees = explore(console_database, END_OF_2023, ExploreQuestion("attendees")).table
    assert attendees["value"].tolist() == [150]  # e1 reported none, e2 150


def test_filters_narrow_the_explorer(console_database: AllianceDatabase) -> None:
    germany = Filters(as_of=dt.date(2023, 12, 31), countries=("DEU",))

    members = explore(console_database, germany, ExploreQuestion("members_active", "country")).table
    engaged = explore(console_database, germany, ExploreQuestion("engaged_members")).table

    assert members.to_dict("records") == [{"country": "DEU", "value": 1}]  # m2
    assert engaged["value"].tolist() == [
        1
    ]  # m2 took part in e1 (hosted in China: engagement counts any host)


def test_an_empty_database_answers_zero(database: AllianceDatabase) -> None:
    result = explore(database, END_OF_2023, ExploreQuestion("events", "year"))

    assert result.table.empty and list(result.table.columns) == ["year", "value"]


@pytest.mark.parametrize(
    ("question", "message"),
    [
        (ExploreQuestion("members_active", "event_type"), "cannot be broken down by 'event_type'"),
        (ExploreQuestion("events", "member_type"), "cannot be broken down by 'member_type'"),
        (ExploreQuestion("events", "year", "month"), "at most one of year, quarter and month"),
        (ExploreQuestion("events", "format", "format"), "choose two different ones"),
        (ExploreQuestion("drop table members"), "Unknown measure"),
    ],
)
def test_questions_that_cannot_be_answered_are_explained(question: ExploreQuestion, message: str) -> None:
    with pytest.raises(AllianceError, match=message):
        question.checked()


def test_a_question_survives_the_url_round_trip() -> None:
    question = ExploreQuestion("engaged_members", "quarter", "role")

    assert question.to_query() == {"measure": "engaged_members", "rows": "quarter", "cols": "role"}
    assert question_from_query(question.to_query()) == (question, [])


def test_a_url_with_unknown_or_unfitting_parts_keeps_the_rest() -> None:
    question, ignored = question_from_query({"measure": "events", "rows": "member_type", "cols": "format"})

    assert question == ExploreQuestion("events", "format", None)
    assert ignored == ["rows=member_type"]
    assert question_from_query({"measure": "x;drop"}) == (ExploreQuestion(), ["measure=x;drop"])
