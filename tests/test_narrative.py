"""The highlights paragraph, from hand-made headline figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from analysis.metrics.headline import HeadlineFigures
from analysis.narrative import highlights

FIGURES = HeadlineFigures(
    as_of=dt.date(2023, 11, 19),
    members=72,
    countries=12,
    regions=3,
    new_members_ytd=13,
    departed_members_ytd=0,
    members_year_ago=59,
    members_yoy=72 / 59 - 1,
    countries_year_ago=11,
    new_members_ytd_year_ago=17,
    first_joined_on=dt.date(2020, 9, 19),
    cagr_since_first_join=0.587,
    chairs=1,
    vice_chairs=4,
    events_ytd=8,
    events_ytd_year_ago=4,
    event_attendees_ytd=400,
    engaged_members_ytd=54,
    engagement_rate_ytd=54 / 72,
    engagement_rate_ytd_year_ago=0.98,
    new_countries_ytd=1,
)


def test_the_annual_report_opening_in_both_languages() -> None:
    assert highlights(FIGURES, "en") == (
        "As of 19 November 2023, the Alliance has 72 member think tanks from 12 countries, 13 more than a "
        "year ago (+22%). 13 think tanks joined so far in 2023. Members from one new country joined this "
        "year. The Alliance has held 8 events so far in 2023, and 54 members (75%) took part in at least "
        "one. Since 2020, membership has grown by 58.7% a year on average."
    )
    assert highlights(FIGURES, "zh") == (
        "截至2023年11月19日，联盟共有成员智库72家，来自12个国家，比一年前增加13家（+22%）。"
        "2023年迄今已有13家智库加入。今年新增来自1个国家的成员。"
        "2023年迄今联盟已举办8场活动，54家成员（75%）至少参加了一场。自2020年以来，成员数年均增长58.7%。"
    )


def test_decline_no_history_and_no_events() -> None:
    fewer = replace(FIGURES, members=50, members_year_ago=59, members_yoy=50 / 59 - 1)
    # 50 - 59 = -9; 50 / 59 - 1 = -15.3% -> -15%
    assert "9 fewer than a year ago (-15%)" in highlights(fewer, "en")
    assert "比一年前减少9家（-15%）" in highlights(fewer, "zh")
    first_year = replace(
        FIGURES, members_year_ago=0, members_yoy=None, events_ytd=0, cagr_since_first_join=None
    )
    text = highlights(first_year, "en")
    assert text.startswith(
        "As of 19 November 2023, the Alliance has 72 member think tanks from 12 countries. "
    )
    assert "No event has been held so far in 2023." in text
    assert "a year on average" not in text


def test_a_full_year_is_not_called_so_far() -> None:
    year_end = replace(FIGURES, as_of=dt.date(2024, 12, 31))
    assert "13 think tanks joined in 2024." in highlights(year_end, "en")
    assert "2024年已有13家智库加入。" in highlights(year_end, "zh")


def test_nobody_matching() -> None:
    empty = replace(FIGURES, members=0)
    assert (
        highlights(empty, "en") == "As of 19 November 2023, no member think tanks match the current filters."
    )


def test_one_member_one_country_reads_in_the_singular() -> None:
    single = replace(
        FIGURES,
        members=1,
        countries=1,
        members_year_ago=1,
        members_yoy=0.0,
        engaged_members_ytd=1,
        engagement_rate_ytd=1.0,
    )
    assert highlights(single, "en").startswith(
        "As of 19 November 2023, the Alliance has one member think tank from one country, "
        "the same number as a year ago (0%)."
    )
    assert highlights(single, "zh").startswith(
        "截至2023年11月19日，联盟共有成员智库1家，来自1个国家，与一年前持平（0%）。"
    )
