"""The governance figure builders: pure functions of a small hand-made frame and a language."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis.figures.governance import (
    new_members_per_meeting_figure,
    role_holders_figure,
    role_holders_table,
)

D = dt.date


def test_role_holders_per_period_one_group_per_role() -> None:
    holders = pd.DataFrame(
        {
            "period_start": [D(2021, 1, 1), D(2021, 1, 1), D(2023, 1, 1), D(2023, 1, 1)],
            "period_end": [D(2021, 12, 31), D(2021, 12, 31), D(2023, 12, 31), D(2023, 12, 31)],
            "role": ["vice_chair", "chair", "vice_chair", "chair"],
            "holders": [3, 1, 4, 1],
        }
    )
    figure = role_holders_figure(holders, "year", "zh")
    assert [trace.name for trace in figure.data] == ["理事长单位", "副理事长单位"]  # chair first
    assert list(figure.data[1].x) == ["2021年", "2023年"]
    assert list(figure.data[1].y) == [3, 4]
    assert list(figure.data[0].customdata[1]) == ["period", "2023-01-01", "2023-12-31"]
    assert figure.layout.title.text == "理事长单位与副理事长单位数（按年）"


def test_role_holders_table_chair_first_then_by_start() -> None:
    holders = pd.DataFrame(
        {
            "member_id": ["062", "002", "001"],
            "name_en": ["Guizhou Academy of Social Sciences", "CCG", "BJAST"],
            "name_zh": ["贵州省社会科学院", "全球化智库", "北京市科学技术研究院"],
            "country": ["CHN", "CHN", "CHN"],
            "role": ["vice_chair", "vice_chair", "chair"],
            "start_date": [D(2023, 11, 18), D(2021, 9, 23), D(2020, 9, 19)],
            "end_date": [None, D(2025, 1, 1), None],
        }
    )
    table = role_holders_table(holders, "en")
    assert table.to_dict("list") == {
        "Member": ["BJAST", "CCG", "Guizhou Academy of Social Sciences"],
        "Country": ["China", "China", "China"],
        "Role": ["Chair", "Vice chair", "Vice chair"],
        "Since": ["19 September 2020", "23 September 2021", "18 November 2023"],
        "Until": ["", "1 January 2025", ""],
    }


def test_new_members_per_meeting_one_bar_per_meeting_in_date_order() -> None:
    meetings = pd.DataFrame(
        {
            "event_id": ["EV-2023-06", "EV-2021-03"],
            "title_en": ["Guiyang council meeting", "Online council meeting"],
            "title_zh": ["贵阳理事会会议", None],
            "start_date": [D(2023, 11, 18), D(2021, 9, 23)],
            "new_members": [13, 23],
        }
    )
    figure = new_members_per_meeting_figure(meetings, "zh")
    bars = figure.data[0]
    assert list(bars.x) == ["2021年9月23日", "2023年11月18日"]
    assert list(bars.y) == [23, 13]
    assert [row[0] for row in bars.customdata] == ["Online council meeting", "贵阳理事会会议"]
    assert figure.layout.title.text == "每次理事会会议的新成员数"
