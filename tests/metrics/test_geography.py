"""Geography metrics on the tiny alliance of conftest.py, expected values worked out by hand."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from analysis.filters import Filters
from analysis.metrics import (
    countries_over_time,
    country_first_join,
    effective_number_of_countries,
    host_country_share,
    members_by_country,
    members_by_region,
)
from analysis.metrics.geography import effective_number
from analysis.store.database import AllianceDatabase

D = dt.date
END_2024 = Filters(as_of=D(2024, 12, 31))


def test_members_by_country_largest_first(nine_member_alliance: AllianceDatabase) -> None:
    frame = members_by_country(nine_member_alliance, END_2024)
    # CHN m1 m2 m7 (m9 left that day); one each for BRA m8, DEU m4, JPN m5, SRB m6
    assert list(zip(frame["country"], frame["members"], strict=True)) == [
        ("CHN", 3),
        ("BRA", 1),
        ("DEU", 1),
        ("JPN", 1),
        ("SRB", 1),
    ]
    assert frame.loc[0, "name_en"] == "China"
    assert frame.loc[0, "region"] == "Asia"


def test_members_by_region(nine_member_alliance: AllianceDatabase) -> None:
    frame = members_by_region(nine_member_alliance, END_2024)
    # Asia: CHN 3 + JPN 1; Europe: DEU, SRB; Americas: BRA
    assert list(zip(frame["region"], frame["members"], strict=True)) == [
        ("Asia", 4),
        ("Europe", 2),
        ("Americas", 1),
    ]


def test_countries_over_time(nine_member_alliance: AllianceDatabase) -> None:
    frame = countries_over_time(nine_member_alliance, END_2024, "year")
    # year ends: 2020 CHN USA; 2021 + DEU JPN; 2022 USA gone (m3 left); 2023 + SRB; 2024 + BRA
    assert list(frame["countries"]) == [2, 4, 3, 4, 5]
    # first joins: CHN USA 2020, DEU JPN 2021, SRB 2023, BRA 2024
    assert list(frame["new_countries"]) == [2, 2, 0, 1, 1]
    assert pd.to_datetime(frame["period_end"]).dt.date.iloc[-1] == D(2024, 12, 31)


def test_country_first_join_counts_members_who_left(nine_member_alliance: AllianceDatabase) -> None:
    frame = country_first_join(nine_member_alliance, END_2024)
    assert list(frame["country"]) == ["CHN", "USA", "DEU", "JPN", "SRB", "BRA"]  # USA's m3 has left
    assert list(frame["first_join_year"]) == [2020, 2020, 2021, 2021, 2023, 2024]
    before_brazil = country_first_join(nine_member_alliance, Filters(as_of=D(2023, 12, 31)))
    assert "BRA" not in set(before_brazil["country"])


def test_host_country_share(nine_member_alliance: AllianceDatabase) -> None:
    # 4 of the 7 active members are outside China
    assert host_country_share(nine_member_alliance, END_2024) == pytest.approx(4 / 7)
    # with Japan as host: 6 of 7 are outside it
    assert host_country_share(
        nine_member_alliance, Filters(as_of=D(2024, 12, 31), host_country="JPN")
    ) == pytest.approx(6 / 7)
    assert host_country_share(nine_member_alliance, Filters(as_of=D(2019, 1, 1))) is None


def test_effective_number_of_countries(nine_member_alliance: AllianceDatabase) -> None:
    # shares 3/7 and four times 1/7: H = 3/7 ln(7/3) + 4/7 ln 7 = 0.363128 + 1.111949 = 1.475077;
    # exp(H) = 4.3714
    assert effective_number_of_countries(nine_member_alliance, END_2024) == pytest.approx(4.3714, abs=1e-4)
    assert effective_number_of_countries(nine_member_alliance, Filters(as_of=D(2019, 1, 1))) is None


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([5], 1.0),  # all in one country
        ([2, 2, 2, 2], 4.0),  # evenly over four
        ([1, 0, 1], 2.0),  # empty countries do not count
    ],
)
def test_effective_number(counts: list[float], expected: float) -> None:
    assert effective_number(counts) == pytest.approx(expected)
    assert not math.isnan(expected)
