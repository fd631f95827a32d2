"""Headline figures on the tiny alliance of conftest.py: boundaries and year-ago comparisons by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.filters import Filters
from analysis.metrics import headline_figures
from analysis.store.database import AllianceDatabase

D = dt.date


def test_headline_at_the_end_of_2024(nine_member_alliance: AllianceDatabase) -> None:
    figures = headline_figures(nine_member_alliance, Filters(as_of=D(2024, 12, 31)))
    # active: m1 m2 m4 m5 m6 m7 m8 (m3 left 2022; m9 leaves on this very day, so does not count)
    assert figures.members == 7
    assert figures.countries == 5  # CHN, DEU, JPN, SRB, BRA
    assert figures.regions == 3  # Asia, Europe, Americas
    assert figures.new_members_ytd == 2  # m8 (1 Jan, first day of the window), m9 (29 Feb)
    assert figures.departed_members_ytd == 1  # m9 on 31 Dec (last day of the window, included)
    # a year ago = 2023-12-31: m1 m2 m4 m5 m6, and m7 who joined that day -> 6; yoy 7/6 - 1
    assert figures.members_year_ago == 6
    assert figures.members_yoy == pytest.approx(7 / 6 - 1)
    assert figures.countries_year_ago == 4  # CHN, DEU, JPN, SRB
    assert figures.new_members_ytd_year_ago == 2  # m6, m7 in 2023
    # CAGR from the 3 members on 2020-12-31 to 7 on 2024-12-31: 1461 days = 4 years of 365.25
    assert figures.first_joined_on == D(2020, 9, 19)
    assert figures.cagr_since_first_join == pytest.approx((7 / 3) ** (1 / 4) - 1)
    assert figures.chairs == 1  # m1
    assert figures.vice_chairs == 1  # m2; m5's role ended 2023-01-01
    # events in 2024: e4 on 1 January (20 attendees), taken part in by m4
    assert figures.events_ytd == 1
    assert figures.event_attendees_ytd == 20
    assert figures.engaged_members_ytd == 1
    assert figures.engagement_rate_ytd == pytest.approx(1 / 7)
    # 2023 up to 31 Dec: e2, c2, e3 (31 December counts); engaged m1 and m6 of 6 active
    assert figures.events_ytd_year_ago == 3
    assert figures.engagement_rate_ytd_year_ago == pytest.approx(2 / 6)
    assert figures.new_countries_ytd == 1  # BRA (first member 2024-01-01); CHN first joined in 2020
    assert figures.members_by_country == {"CHN": 3, "BRA": 1, "DEU": 1, "JPN": 1, "SRB": 1}
    assert sum(figures.members_by_type.values()) == 7
    assert figures.members_by_type["economic"] == 0


def test_31_december_and_1_january_fall_in_different_years(nine_member_alliance: AllianceDatabase) -> None:
    on_31_december = headline_figures(nine_member_alliance, Filters(as_of=D(2023, 12, 31)))
    # 2023: e2 (150) + c2 (attendees unknown: adds nothing) + e3 on 31 December (10)
    assert on_31_december.events_ytd == 3
    assert on_31_december.event_attendees_ytd == 160
    assert on_31_december.new_members_ytd == 2  # m6, and m7 joining on 31 December
    on_1_january = headline_figures(nine_member_alliance, Filters(as_of=D(2024, 1, 1)))
    # the new window holds only 1 January: e4 and m8
    assert on_1_january.events_ytd == 1
    assert on_1_january.event_attendees_ytd == 20
    assert on_1_january.new_members_ytd == 1
    assert on_1_january.members == 7  # the 6 of 31 December + m8


def test_leap_day_compares_with_28_february(nine_member_alliance: AllianceDatabase) -> None:
    figures = headline_figures(nine_member_alliance, Filters(as_of=D(2024, 2, 29)))
    # on 2024-02-29: m1 m2 m4 m5 m6 m7 m8 and m9 (joined that day) = 8
    assert figures.members == 8
    # a year ago is 2023-02-28: m1 m2 m4 m5 = 4; yoy 8/4 - 1 = 1.0
    assert figures.members_year_ago == 4
    assert figures.members_yoy == pytest.approx(1.0)
    assert figures.new_members_ytd == 2  # m8, m9


def test_joining_on_the_day_counts_and_leaving_on_it_does_not(nine_member_alliance: AllianceDatabase) -> None:
    # m6 joins on 2023-11-19: m1 m2 m4 m5 m6
    assert headline_figures(nine_member_alliance, Filters(as_of=D(2023, 11, 19))).members == 5
    assert headline_figures(nine_member_alliance, Filters(as_of=D(2023, 11, 18))).members == 4
    # m3 leaves on 2022-03-01: counted the day before, not that day
    assert headline_figures(nine_member_alliance, Filters(as_of=D(2022, 2, 28))).members == 5
    assert headline_figures(nine_member_alliance, Filters(as_of=D(2022, 3, 1))).members == 4


def test_before_anything_happened(nine_member_alliance: AllianceDatabase) -> None:
    figures = headline_figures(nine_member_alliance, Filters(as_of=D(2019, 6, 30)))
    assert figures.members == 0
    assert figures.members_yoy is None  # nobody a year before either
    assert figures.first_joined_on is None  # the first join is still in the future
    assert figures.cagr_since_first_join is None
    assert figures.engagement_rate_ytd is None
    assert figures.members_by_country == {}


def test_cagr_is_undefined_within_the_first_year(nine_member_alliance: AllianceDatabase) -> None:
    assert (
        headline_figures(nine_member_alliance, Filters(as_of=D(2020, 12, 31))).cagr_since_first_join is None
    )


def test_filters_apply_to_members_and_events(nine_member_alliance: AllianceDatabase) -> None:
    chinese = headline_figures(nine_member_alliance, Filters(as_of=D(2024, 12, 31), countries=("CHN",)))
    # CHN on 2024-12-31: m1 m2 m7 (m9 left that day)
    assert chinese.members == 3
    assert chinese.countries == 1
    assert chinese.members_by_country == {"CHN": 3}
    assert chinese.new_members_ytd == 1  # m9
    assert chinese.departed_members_ytd == 1  # m9
    online = headline_figures(nine_member_alliance, Filters(as_of=D(2023, 12, 31), formats=("online",)))
    assert online.events_ytd == 0  # the 2023 events were all in person
    assert online.members == 6  # event filters leave members alone


def test_json_dict_holds_plain_values(nine_member_alliance: AllianceDatabase) -> None:
    values = headline_figures(nine_member_alliance, Filters(as_of=D(2024, 12, 31))).to_json_dict()
    assert values["as_of"] == "2024-12-31"
    assert values["first_joined_on"] == "2020-09-19"
    assert values["members_by_country"]["CHN"] == 3


def test_diversity_figures_follow_the_host_country(nine_member_alliance: AllianceDatabase) -> None:
    figures = headline_figures(nine_member_alliance, Filters(as_of=D(2024, 12, 31)))
    # 4 of 7 outside China; shares 3/7 and 4 x 1/7 -> exp(H) = 4.3714 (worked out in test_geography.py)
    assert figures.host_country == "CHN"
    assert figures.share_outside_host_country == pytest.approx(4 / 7)
    assert figures.effective_number_of_countries == pytest.approx(4.3714, abs=1e-4)
    japan_hosting = headline_figures(nine_member_alliance, Filters(as_of=D(2024, 12, 31), host_country="JPN"))
    assert japan_hosting.share_outside_host_country == pytest.approx(6 / 7)
    assert (
        headline_figures(nine_member_alliance, Filters(as_of=D(2019, 1, 1))).share_outside_host_country
        is None
    )
