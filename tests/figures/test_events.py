"""The events figure builders: pure functions of a small hand-made frame and a language."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis.figures.events import (
    attendance_figure,
    engagement_figure,
    event_details,
    event_option_labels,
    event_timeline_figure,
    events_by_period_figure,
    most_active_members_figure,
    participants_table,
    timeline_events,
)
from analysis.figures.theme import FORMAT_COLOURS

D = dt.date

BY_PERIOD = pd.DataFrame(
    {
        "period_start": [D(2023, 1, 1)] * 3 + [D(2024, 1, 1)] * 3,
        "period_end": [D(2023, 12, 31)] * 3 + [D(2024, 4, 30)] * 3,
        "event_type": ["forum", "forum", "council_meeting"] * 2,
        "format": ["in_person", "online", "online"] * 2,
        "events": [1, 2, 1, 1, 0, 0],
        "attendees": [150, 30, 41, 500, 0, 0],
        "online_viewers": [0, 800, 0, 1_200_000, 0, 0],
        "countries_represented": [5, 3, 8, 95, 0, 0],
    }
)


def test_events_by_type_sum_over_formats() -> None:
    figure = events_by_period_figure(BY_PERIOD, "event_type", "year", "en")
    assert [trace.name for trace in figure.data] == ["Forum", "Council meeting"]
    # Forums: 2023 = 1 in person + 2 online = 3; 2024 = 1. Council meetings: 2023 = 1; 2024 = 0.
    assert list(figure.data[0].x) == ["2023", "2024"] and list(figure.data[0].y) == [3, 1]
    assert list(figure.data[1].y) == [1, 0]
    # [field, code] selects; the period after it is what the drill list reads (the 2023 bar)
    assert list(figure.data[0].customdata[0]) == ["event_types", "forum", "2023-01-01", "2023-12-31"]
    assert list(figure.data[0].customdata[1]) == ["event_types", "forum", "2024-01-01", "2024-04-30"]
    assert figure.layout.title.text == "Events per year, by type"


def test_events_by_format_in_chinese_keep_format_colours() -> None:
    figure = events_by_period_figure(BY_PERIOD, "format", "year", "zh")
    assert [trace.name for trace in figure.data] == ["线下", "线上"]
    assert list(figure.data[1].y) == [3, 0]  # 2 online forums + 1 online council meeting in 2023
    assert figure.data[1].marker.color == FORMAT_COLOURS["online"]
    assert figure.layout.title.text == "每年活动数（按形式）"


def test_attendance_sums_each_period_and_puts_viewers_in_their_own_panel() -> None:
    figure = attendance_figure(BY_PERIOD, "year", "en")
    attendees, viewers = figure.data
    assert list(attendees.y) == [150 + 30 + 41, 500]
    assert list(viewers.y) == [800, 1_200_000]
    assert viewers.yaxis == "y2"
    assert list(attendees.customdata[1]) == ["period", "2024-01-01", "2024-04-30"]
    # Two panels one above the other (no second axis line through the bars), each with headroom: the
    # tallest bar (500) and the highest point (1,200,000) stay below their panel's top.
    assert figure.layout.yaxis.domain[0] > figure.layout.yaxis2.domain[1]
    assert tuple(figure.layout.yaxis.range) == (0, 500 * 1.12)
    assert tuple(figure.layout.yaxis2.range) == (0, 1_200_000 * 1.15)
    assert "overlaying" not in figure.layout.yaxis2.to_plotly_json()


def test_the_two_event_charts_side_by_side_label_their_periods_alike() -> None:
    by_type = events_by_period_figure(BY_PERIOD, "event_type", "quarter", "en")
    by_format = events_by_period_figure(BY_PERIOD, "format", "quarter", "en")
    # Same angle, and legends under the plot (not beside it, where their widths made the plots differ).
    assert by_type.layout.xaxis.tickangle == by_format.layout.xaxis.tickangle == -90
    for figure in (by_type, by_format):
        assert (figure.layout.legend.orientation, figure.layout.legend.yref) == ("h", "container")


def test_engagement_line_keeps_missing_rates_as_gaps() -> None:
    engagement = pd.DataFrame(
        {
            "period_start": [D(2020, 1, 1), D(2021, 1, 1)],
            "period_end": [D(2020, 12, 31), D(2021, 12, 31)],
            "active_members": [0, 4],
            "engaged_members": [0, 3],
            "engagement_rate": [float("nan"), 0.75],
        }
    )
    figure = engagement_figure(engagement, "year", "zh")
    assert list(figure.data[0].y) == [None, 0.75]
    assert list(figure.data[0].customdata[1]) == [3, 4]
    assert figure.data[0].name == "参与率"
    assert figure.layout.yaxis.tickformat == ".0%"


def test_most_active_members_top_first_with_chinese_names_when_known() -> None:
    most_active = pd.DataFrame(
        {
            "member_id": ["001", "007"],
            "name_en": ["BJAST", "Tokyo Institute"],
            "name_zh": ["北京市科学技术研究院", None],
            "country": ["CHN", "JPN"],
            "events_attended": [25, 14],
            "last_event_on": [D(2024, 4, 28), D(2023, 11, 18)],
        }
    )
    figure = most_active_members_figure(most_active, "zh")
    bars = figure.data[0]
    # plotly draws the first bar at the bottom, so the most engaged comes last.
    assert list(bars.y) == ["Tokyo Institute", "北京市科学技术研究院"]
    assert list(bars.x) == [14, 25]
    assert list(bars.customdata[1]) == [
        "中国",
        "2024年4月28日",
        "北京市科学技术研究院",
    ]  # the hover names it whole


EVENTS = pd.DataFrame(
    {
        "event_id": ["EV1", "EV2"],
        "title_en": ["Founding forum", "Guiyang forum and council meeting"],
        "title_zh": ["成立论坛", "贵阳论坛暨理事会会议"],
        "event_type": ["forum", "council_meeting"],
        "format": ["in_person", "in_person"],
        "start_date": [D(2020, 9, 19), D(2023, 11, 18)],
        "end_date": [D(2020, 9, 19), D(2023, 11, 19)],
        "city": ["Beijing", "Guiyang"],
        "city_zh": [None, "贵阳"],  # EV1 has no Chinese city name: the Chinese view falls back to English
        "country": ["CHN", "CHN"],
        "attendees": [None, 150],
        "countries_represented": [None, 6],
        "online_viewers": [None, None],
        "member_participants": [19, 60],
    }
)


def test_event_choices_latest_first() -> None:
    assert event_option_labels(EVENTS, "en") == {
        "EV2": "18 November 2023 · Guiyang forum and council meeting",
        "EV1": "19 September 2020 · Founding forum",
    }
    assert event_option_labels(EVENTS, "zh")["EV2"] == "2023年11月18日 · 贵阳论坛暨理事会会议"


def test_event_details_in_both_languages() -> None:
    assert event_details(EVENTS, "EV2", "en") == [
        ("Type", "Council meeting"),
        ("Format", "In person"),
        ("Dates", "18 November 2023 – 19 November 2023"),
        ("Place", "Guiyang, China"),
        ("Attendees", "150"),
        ("Countries represented", "6"),
        ("Online viewers", "not recorded"),
        ("Member units taking part", "60"),
    ]
    details = dict(event_details(EVENTS, "EV1", "zh"))
    assert details["日期"] == "2020年9月19日"
    assert details["参会人数"] == "未记录"
    assert details["地点"] == "中国·Beijing"  # Chinese order; no city_zh, so the English city
    assert dict(event_details(EVENTS, "EV2", "zh"))["地点"] == "中国·贵阳"


def test_timeline_hover_names_the_city_in_the_chosen_language() -> None:
    places = {
        language: list(event_timeline_figure(EVENTS, language).data[0].customdata[:, 4])
        for language in ("en", "zh")
    }
    assert places == {"en": ["Beijing, China", "Guiyang, China"], "zh": ["中国·Beijing", "中国·贵阳"]}


def test_timeline_one_dot_per_event_by_format() -> None:
    figure = event_timeline_figure(EVENTS, "en")
    assert [trace.name for trace in figure.data] == ["In person"]
    dots = figure.data[0]
    assert list(dots.y) == ["Forum", "Council meeting"]
    assert list(dots.marker.size) == [10.0, 10 + 30 * (150 / 1000) ** 0.5]  # unknown count: smallest dot
    assert dots.customdata[1][2] == "Guiyang forum and council meeting"


def _events_on(days: list[dt.date]) -> pd.DataFrame:
    """An event list (newest first, as event_list gives it) with one unnamed forum on each day."""
    return pd.DataFrame(
        {
            "event_id": [f"E{index}" for index in range(len(days))],
            "title_en": [f"Forum {index}" for index in range(len(days))],
            "title_zh": [None] * len(days),
            "event_type": ["forum"] * len(days),
            "format": ["online"] * len(days),
            "start_date": days,
            "city": [None] * len(days),
            "city_zh": [None] * len(days),
            "country": ["CHN"] * len(days),
            "attendees": [None] * len(days),
        }
    )


def test_timeline_keeps_the_latest_whole_days() -> None:
    events = _events_on([D(2024, 1, 10), D(2024, 1, 9), D(2024, 1, 9), D(2024, 1, 8), D(2024, 1, 7)])
    assert list(timeline_events(events, limit=5)["event_id"]) == ["E0", "E1", "E2", "E3", "E4"]
    # limit 3: the 4th newest is on 8 January, so 10 and 9 January are drawn whole (3 events).
    assert list(timeline_events(events, limit=3)["event_id"]) == ["E0", "E1", "E2"]
    # limit 2: the 3rd newest is on 9 January, which cannot be drawn whole, so only 10 January is.
    assert list(timeline_events(events, limit=2)["event_id"]) == ["E0"]
    # one day holding more than the limit: the first `limit` rows of the list.
    same_day = _events_on([D(2024, 1, 10)] * 3)
    assert list(timeline_events(same_day, limit=2)["event_id"]) == ["E0", "E1"]


def test_timeline_past_a_thousand_events_draws_the_latest_and_says_so() -> None:
    # 1,001 events on 1,001 days from 1 January 2020, newest first: the oldest (1 January) is left out.
    days = [D(2020, 1, 1) + dt.timedelta(days=offset) for offset in range(1000, -1, -1)]
    events = _events_on(days)
    figure = event_timeline_figure(events, "en")
    assert len(figure.data[0].x) == 1000
    assert figure.layout.title.text == "Timeline of events"
    assert figure.layout.title.subtitle.text == (
        "Showing the 1,000 events since 2 January 2020 (of 1,001); set an earlier end date to see older ones."
    )
    assert event_timeline_figure(events, "zh").layout.title.subtitle.text == (
        "显示自2020年1月2日以来的1,000场活动（共1,001场）；设置更早的结束日期可查看更早的活动。"
    )
    # 1,000 events: all drawn, no note.
    assert event_timeline_figure(events.head(1000), "en").layout.title.subtitle.text is None


def test_participants_table_translates_roles() -> None:
    participants = pd.DataFrame(
        {
            "member_id": ["001", "002"],
            "name_en": ["BJAST", "CCG"],
            "name_zh": ["北京市科学技术研究院", "全球化智库"],
            "country": ["CHN", "CHN"],
            "role": ["host", "speaker"],
        }
    )
    table = participants_table(participants, "zh")
    assert table.to_dict("list") == {
        "成员单位": ["北京市科学技术研究院", "全球化智库"],
        "国家": ["中国", "中国"],
        "角色": ["主办", "发言"],
    }
