"""The demo data reproduces the public record (FACTS.md) and marks everything else as illustrative.

These checks count with plain SQL over the loaded tables, independently of the metrics engine (whose
own tests check the same figures through its functions).
"""

from __future__ import annotations

import pytest

from analysis.demo import load_demo_data
from analysis.store.database import AllianceDatabase, fetch_scalar

ACTIVE_ON = (
    "select count(*), count(distinct country) from members "
    "where joined_on <= $day and (left_on is null or $day < left_on)"
)


@pytest.fixture
def demo(database: AllianceDatabase) -> AllianceDatabase:
    load_demo_data(database)
    return database


@pytest.mark.parametrize(
    ("day", "members", "countries"),
    [
        ("2020-09-30", 19, None),  # founded Sept 2020 with 19 members
        ("2021-09-30", 42, None),  # 19 + 23 voted in on 2021-09-23
        ("2022-09-30", 59, None),
        ("2023-11-19", 72, 12),  # Guiyang: 72 think tanks from 12 countries
        ("2024-12-31", 95, 16),  # 95 from 16 countries
    ],
)
def test_members_and_countries_match_the_public_record(
    demo: AllianceDatabase, day: str, members: int, countries: int | None
) -> None:
    with demo.reading() as cursor:
        counted = cursor.execute(ACTIVE_ON, {"day": day}).fetchall()[0]
    assert counted[0] == members
    if countries is not None:
        assert counted[1] == countries


def test_2024_joiners_are_23_from_the_8_countries_on_record(demo: AllianceDatabase) -> None:
    with demo.reading() as cursor:
        rows = cursor.execute(
            "select count(*), list(distinct country order by country) from members where year(joined_on) = 2024"
        ).fetchall()
    assert rows[0][0] == 23
    assert rows[0][1] == ["BRA", "CHN", "ESP", "IND", "ITA", "JPN", "NPL", "SRB"]


def test_chair_and_vice_chairs_are_the_named_units(demo: AllianceDatabase) -> None:
    with demo.reading() as cursor:
        holders = cursor.execute(
            "select r.role, m.name_en, r.start_date::varchar from roles r join members m using (member_id) "
            "order by r.role, r.start_date, m.name_en"
        ).fetchall()
    assert holders == [
        ("chair", "Beijing Academy of Science and Technology (BJAST)", "2020-09-19"),
        ("vice_chair", "Center for China and Globalization (CCG)", "2021-09-23"),
        (
            "vice_chair",
            "Institutes of Science and Development, Chinese Academy of Sciences (CASISD)",
            "2021-09-23",
        ),
        ("vice_chair", "Springer Nature", "2021-09-23"),
        ("vice_chair", "Guizhou Academy of Social Sciences", "2023-11-18"),
    ]


def test_council_meetings_on_record_have_their_participation(demo: AllianceDatabase) -> None:
    query = (
        "select count(*), count(distinct m.country) from participation p "
        "join members m using (member_id) where p.event_id = $event"
    )
    with demo.reading() as cursor:
        assert cursor.execute(query, {"event": "EV-2021-03"}).fetchall()[0] == (
            41,
            8,
        )  # 41 units, 8 countries
        assert cursor.execute(query, {"event": "EV-2022-05"}).fetchall()[0] == (
            55,
            9,
        )  # 55 members, 9 countries


def test_every_unpublished_member_is_named_and_sourced_as_illustrative(demo: AllianceDatabase) -> None:
    with demo.reading() as cursor:
        unmarked = fetch_scalar(
            cursor,
            "select count(*) from members where source = 'illustrative' and name_en not like 'Illustrative think tank %'",
        )
        unsourced = fetch_scalar(
            cursor,
            "select count(*) from members where source is null or (source <> 'illustrative' and source not like 'public record%')",
        )
        named = fetch_scalar(cursor, "select count(*) from members where source like 'public record%'")
    assert (unmarked, unsourced, named) == (0, 0, 7)
