"""The metric macros the explorer and SQL console reuse: same definitions as the metric functions."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.store.database import AllianceDatabase, fetch_scalar

D = dt.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2024, 2, 29), D(2023, 2, 28)),  # leap day -> 28 February
        (D(2024, 3, 1), D(2023, 3, 1)),
        (D(2025, 2, 28), D(2024, 2, 28)),
        (D(2024, 1, 1), D(2023, 1, 1)),
    ],
)
def test_year_ago(database: AllianceDatabase, day: dt.date, expected: dt.date) -> None:
    with database.reading() as cursor:
        assert fetch_scalar(cursor, "select year_ago($day)", {"day": day}) == expected
        assert fetch_scalar(cursor, "select year_start($day)", {"day": day}) == D(day.year, 1, 1)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2023, 11, 18), 4),  # m1 m2 m4 m5
        (D(2023, 11, 19), 5),  # + m6 joining that day
        (D(2024, 12, 30), 8),  # m1 m2 m4..m9
        (D(2024, 12, 31), 7),  # m9 leaves that day
    ],
)
def test_active_members(nine_member_alliance: AllianceDatabase, day: dt.date, expected: int) -> None:
    with nine_member_alliance.reading() as cursor:
        assert (
            fetch_scalar(cursor, "select count(*) from active_members($day, null, null, null)", {"day": day})
            == expected
        )


def test_filtered_macros(nine_member_alliance: AllianceDatabase) -> None:
    with nine_member_alliance.reading() as cursor:

        def count(sql: str) -> int:
            return int(fetch_scalar(cursor, sql))

        # CHN on 2024-06-30: m1 m2 m7 m9
        assert count("select count(*) from active_members(date '2024-06-30', ['CHN'], null, null)") == 4
        # joined in 2024 (1 Jan and 31 Dec included): m8 m9; left in 2024: m9 on 31 December
        assert (
            count(
                "select count(*) from members_joined_between(date '2024-01-01', date '2024-12-31', null, null, null)"
            )
            == 2
        )
        assert (
            count(
                "select count(*) from members_left_between(date '2024-01-01', date '2024-12-31', null, null, null)"
            )
            == 1
        )
        # roles on 2022-06-30: m1 chair, m2 and m5 vice-chairs; from Europe: none
        assert count("select count(*) from role_holders(date '2022-06-30', null, null, null)") == 3
        assert count("select count(*) from role_holders(date '2022-06-30', null, ['Europe'], null)") == 0
        # countries' first joins: CHN USA DEU JPN SRB BRA
        assert count("select count(*) from country_first_joins(null, null, null)") == 6
        # events attended in 2023 (e2, e3): m1 twice, m6 once
        assert (
            count(
                "select sum(events_attended) from member_attendance(date '2023-01-01', date '2023-12-31', null, null)"
            )
            == 3
        )
        assert (
            count("select count(*) from member_attendance(null, date '2024-12-31', ['seminar'], null)") == 1
        )  # m4
