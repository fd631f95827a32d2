"""On track?: targets against actuals, the members projection and the day the target is reached, on a
tiny alliance worked through by hand, in both languages; and the like-for-like wording of the cards."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.figures.on_track import (
    comparison_sentence,
    heading,
    no_targets_message,
    partial_period_note,
    projection_sentences,
    target_cards,
    year_option,
)
from analysis.filters import Filters
from analysis.page_data.on_track import elapsed_share, on_track, selectable_years
from analysis.store.database import AllianceDatabase
from tests.datasets import MEMBER_DEFAULTS, add_event, add_participation, insert_rows

FIRST_DAY = dt.date(2024, 1, 1)
AS_OF = dt.date(2025, 3, 31)


@pytest.fixture
def daily_alliance(database: AllianceDatabase) -> AllianceDatabase:
    """One Chinese member joins every day from 1 Jan 2024 to 31 Mar 2025: on day D, D - 1 Jan 2024 + 1.

    On 31 Mar 2025 that is 366 (2024, a leap year) + 90 = 456 members. Three 2025 events: m0 takes part in
    the first, m1 and m2 in the second, nobody in the third. No event in 2024.
    Targets 2024: members 300, events 2. Targets 2025: members 600, countries 3, events 12, engaged 20.
    """
    days = [FIRST_DAY + dt.timedelta(days=offset) for offset in range((AS_OF - FIRST_DAY).days + 1)]
    insert_rows(
        database,
        "members",
        [
            {
                **MEMBER_DEFAULTS,
                "member_id": f"m{index}",
                "name_en": f"M{index}",
                "country": "CHN",
                "joined_on": day,
            }
            for index, day in enumerate(days)
        ],
    )
    for event_id, start in (("e1", "2025-01-10"), ("e2", "2025-02-10"), ("e3", "2025-03-10")):
        add_event(database, event_id, start)
    add_participation(database, "e1", "m0")
    add_participation(database, "e2", "m1")
    add_participation(database, "e2", "m2")
    targets = [(2024, "members", 300), (2024, "events", 2)]
    targets += [
        (2025, "members", 600),
        (2025, "countries", 3),
        (2025, "events", 12),
        (2025, "engaged_members", 20),
    ]
    insert_rows(database, "targets", [{"year": y, "metric": m, "target": t} for y, m, t in targets])
    return database


def test_the_current_year_against_its_targets(daily_alliance: AllianceDatabase) -> None:
    data = on_track(daily_alliance, Filters(as_of=AS_OF))
    assert (data.year, data.measured_on, data.full_year) == (2025, AS_OF, False)
    assert data.elapsed_share == pytest.approx(90 / 365)  # 1 Jan - 31 Mar 2025, both included
    lines = {line.metric: line for line in data.lines}
    assert [line.metric for line in data.lines] == ["members", "countries", "events", "engaged_members"]
    # members: 456 of 600 = 76%; one a day, so the trend is 1 a day and the year end (275 days after
    # 31 Mar) is 456 + 275 = 731, every 12-month pace is 1 a day too: range 731-731; 731 >= 600: on track.
    assert (lines["members"].actual, lines["members"].status) == (456, "on_track")
    assert lines["members"].attainment == pytest.approx(456 / 600)
    projection = data.projection
    assert projection is not None
    assert projection.trend_per_day == pytest.approx(1.0)
    assert (projection.year_end_estimate, projection.low, projection.high) == (731, 731, 731)
    # 600 - 456 = 144 more at 1 a day: 31 Mar + 144 days = 22 Aug 2025.
    assert (projection.target_reached_on, projection.target_already_reached) == (dt.date(2025, 8, 22), False)
    # countries: 1 of 3, a stock: 2 to go, no pace.
    assert (lines["countries"].actual, lines["countries"].status) == (1, "to_go")
    assert lines["countries"].expected_by_now is None
    # events: 3 of 12; expected by now 12 x 90/365 = 2.96; 3 >= 2.96: on track.
    assert (lines["events"].actual, lines["events"].status) == (3, "on_track")
    assert lines["events"].expected_by_now == pytest.approx(12 * 90 / 365)
    # engaged: m0, m1, m2 = 3 of 20; expected by now 20 x 90/365 = 4.93; 3 < 4.93: behind.
    assert (lines["engaged_members"].actual, lines["engaged_members"].status) == (3, "behind")
    assert lines["engaged_members"].expected_by_now == pytest.approx(20 * 90 / 365)


def test_the_cards_and_sentences_in_both_languages(daily_alliance: AllianceDatabase) -> None:
    data = on_track(daily_alliance, Filters(as_of=AS_OF))
    english = {card.name: card for card in target_cards(data, "en")}
    assert english["members"].label == "Members · target 600"
    assert english["members"].value == "456"
    assert english["members"].delta == "76% of target · on track"
    assert english["members"].delta_description == (
        "about 731 by 31 Dec (range 731–731); target expected on 22 August 2025"
    )
    assert english["members"].delta_color == "green" and english["members"].delta_arrow == "off"
    assert english["countries"].delta == "33% of target · 2 to go"
    assert english["events"].delta == "25% of target · on track"
    assert english["events"].delta_description == "expected by now: 3"
    assert english["engaged_members"].delta == "15% of target · behind"
    assert english["engaged_members"].delta_description == "expected by now: 5"
    assert english["engaged_members"].delta_color == "orange"
    chinese = {card.name: card for card in target_cards(data, "zh")}
    assert chinese["members"].label == "成员单位 · 目标600"
    assert chinese["members"].delta == "完成目标的76% · 进度正常"
    assert (
        chinese["members"].delta_description == "预计12月31日约731（区间731–731）；预计2025年8月22日达成目标"
    )
    assert chinese["countries"].delta == "完成目标的33% · 还差2"
    assert chinese["engaged_members"].delta == "完成目标的15% · 落后于进度"
    assert heading(data, "en") == "On track for 2025?"
    assert heading(data, "zh") == "2025年目标进度如何？"
    assert projection_sentences(data, "en") == [
        "At the pace of the last 12 months: about 731 members on 31 December 2025 (range 731 to 731).",
        "The target of 600 members would be reached on 22 August 2025.",
    ]


def test_a_finished_year_in_full(daily_alliance: AllianceDatabase) -> None:
    data = on_track(daily_alliance, Filters(as_of=AS_OF), 2024)
    assert (data.year, data.measured_on, data.full_year) == (2024, dt.date(2024, 12, 31), True)
    assert data.elapsed_share == 1.0
    lines = {line.metric: line for line in data.lines}
    # 366 members on 31 Dec 2024 of 300: reached; no event in 2024 of 2: missed.
    assert (lines["members"].actual, lines["members"].status) == (366, "reached")
    assert (lines["events"].actual, lines["events"].status) == (0, "missed")
    assert lines["events"].expected_by_now is None
    projection = data.projection
    assert projection is not None
    # The 300th member joined on day 300 of 2024: 26 October (31+29+31+30+31+30+31+31+30 = 274, + 26).
    assert (projection.target_reached_on, projection.target_already_reached) == (dt.date(2024, 10, 26), True)
    cards = {card.name: card for card in target_cards(data, "en")}
    assert cards["members"].delta == "122% of target · reached"
    assert cards["members"].delta_description == "reached on 26 October 2024"
    assert cards["events"].delta == "0% of target · missed"
    assert heading(data, "en") == "2024 in full: plan against actual"
    assert projection_sentences(data, "zh") == [
        "2024年12月31日共有成员单位366家。",
        "300家成员单位的目标已于2024年10月26日达成。",
    ]


def test_a_year_without_targets_says_how_to_add_them(daily_alliance: AllianceDatabase) -> None:
    data = on_track(daily_alliance, Filters(as_of=dt.date(2026, 1, 10)))
    assert data.year == 2026 and not data.has_targets
    assert "targets import sheet (targets.csv" in no_targets_message(2026, "en")
    assert "目标导入表（targets.csv" in no_targets_message(2026, "zh")
    assert selectable_years(daily_alliance, Filters(as_of=dt.date(2026, 1, 10))) == [2026, 2025, 2024]


def test_elapsed_share_counts_both_ends() -> None:
    assert elapsed_share(dt.date(2025, 1, 1)) == pytest.approx(1 / 365)
    assert elapsed_share(dt.date(2024, 12, 31)) == 1.0
    assert elapsed_share(dt.date(2024, 2, 29)) == pytest.approx(60 / 366)


@pytest.mark.parametrize(
    ("as_of", "english", "chinese"),
    [
        (
            dt.date(2025, 3, 28),
            "Year to date: 1 Jan–28 Mar 2025 vs 1 Jan–28 Mar 2024. Members and countries: 28 March 2025 vs 28 March 2024.",
            "年初至今：2025年1月1日–3月28日 对比 2024年1月1日–3月28日。成员与国家：2025年3月28日 对比 2024年3月28日。",
        ),
        (
            dt.date(2025, 3, 31),
            "Year to date: Jan–Mar 2025 vs Jan–Mar 2024. Members and countries: 31 March 2025 vs 31 March 2024.",
            "年初至今：2025年1–3月 对比 2024年1–3月。成员与国家：2025年3月31日 对比 2024年3月31日。",
        ),
        (
            dt.date(2024, 12, 31),
            "Full years: 2024 vs 2023. Members and countries: 31 December 2024 vs 31 December 2023.",
            "全年：2024年 对比 2023年。成员与国家：2024年12月31日 对比 2023年12月31日。",
        ),
        (
            dt.date(2024, 2, 29),  # a year earlier is 28 February: both are the end of February
            "Year to date: Jan–Feb 2024 vs Jan–Feb 2023. Members and countries: 29 February 2024 vs 28 February 2023.",
            "年初至今：2024年1–2月 对比 2023年1–2月。成员与国家：2024年2月29日 对比 2023年2月28日。",
        ),
    ],
)
def test_the_cards_say_what_they_compare(as_of: dt.date, english: str, chinese: str) -> None:
    assert comparison_sentence(as_of, "en") == english
    assert comparison_sentence(as_of, "zh") == chinese


def test_year_options_and_the_partial_note() -> None:
    as_of = dt.date(2025, 3, 28)
    assert year_option(2025, as_of, "en") == "2025 to date (to 28 Mar)"
    assert year_option(2025, as_of, "zh") == "2025年至今（截至3月28日）"
    assert year_option(2024, as_of, "en") == "2024 in full"
    assert year_option(2024, as_of, "zh") == "2024年全年"
    assert partial_period_note(as_of, "en") == "to 28 Mar"
    assert partial_period_note(as_of, "zh") == "截至3月28日"
