"""The membership figure builders: pure functions of a small hand-made frame and a language."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis.figures.labels import period_label
from analysis.figures.membership import (
    cohort_retention_figure,
    member_mix_figure,
    member_table,
    membership_growth_figure,
)
from analysis.figures.theme import MEMBER_TYPE_COLOURS
from analysis.i18n import translate

D = dt.date

GROWTH = pd.DataFrame(
    {
        "period_start": [D(2020, 1, 1), D(2021, 1, 1), D(2022, 1, 1)],
        "period_end": [D(2020, 12, 31), D(2021, 12, 31), D(2022, 11, 19)],
        "members_start": [0, 19, 42],
        "joined": [19, 23, 18],
        "left": [0, 0, 1],
        "net_change": [19, 23, 17],
        "members_end": [19, 42, 59],
        "growth_rate": [float("nan"), 23 / 19, 17 / 42],
    }
)


def by_name(figure: go.Figure, name: str) -> Any:
    return next(trace for trace in figure.data if trace.name == name)


@pytest.mark.parametrize(
    ("day", "grain", "language", "label"),
    [
        (D(2023, 11, 1), "month", "en", "November 2023"),
        (D(2023, 11, 1), "month", "zh", "2023年11月"),
        (D(2023, 10, 1), "quarter", "en", "Q4 2023"),
        (D(2023, 10, 1), "quarter", "zh", "2023年Q4"),
        (D(2023, 1, 1), "year", "en", "2023"),
        (D(2023, 1, 1), "year", "zh", "2023年"),
    ],
)
def test_period_labels(day: dt.date, grain: str, language: str, label: str) -> None:
    assert period_label(day, grain, language) == label  # type: ignore[arg-type]


def test_growth_figure_values_are_the_frame_with_departures_drawn_downwards() -> None:
    figure = membership_growth_figure(GROWTH, "year", "en")
    assert [trace.name for trace in figure.data] == ["Joined", "Left", "Net change", "Members at period end"]
    assert list(by_name(figure, "Joined").x) == ["2020", "2021", "2022"]
    assert list(by_name(figure, "Joined").y) == [19, 23, 18]
    assert list(by_name(figure, "Left").y) == [0, 0, -1]
    assert list(by_name(figure, "Net change").y) == [19, 23, 17]
    assert list(by_name(figure, "Members at period end").y) == [19, 42, 59]
    assert by_name(figure, "Members at period end").yaxis == "y2"
    # A click on a bar selects its period, the last one cut at the series end.
    assert list(by_name(figure, "Joined").customdata[2]) == ["period", "2022-01-01", "2022-11-19"]
    assert figure.layout.title.text == "Members joined and left per year"


def test_growth_figure_in_chinese() -> None:
    figure = membership_growth_figure(GROWTH, "quarter", "zh")
    assert [trace.name for trace in figure.data] == ["加入", "退出", "净变化", "期末成员数"]
    assert figure.layout.title.text == "每季度加入与退出的成员"
    assert list(by_name(figure, "加入").x) == ["2020年Q1", "2021年Q1", "2022年Q1"]
    assert figure.layout.xaxis.title.text == translate("membership.axis.period", "zh")
    assert "退出" in by_name(figure, "退出").hovertemplate


MIX = pd.DataFrame(
    {
        "period_start": [D(2020, 1, 1)] * 3 + [D(2021, 1, 1)] * 3,
        "period_end": [D(2020, 12, 31)] * 3 + [D(2021, 12, 31)] * 3,
        "member_type": ["economic", "comprehensive", "enterprise"] * 2,
        "members": [5, 4, 0, 9, 11, 0],
    }
)


def test_mix_figure_stacks_types_in_their_fixed_order_with_fixed_colours() -> None:
    figure = member_mix_figure(MIX, "year", "zh")
    # Fixed order comprehensive, ..., economic; enterprise has no member in any period and is left out.
    assert [trace.name for trace in figure.data] == ["综合智库", "经济智库"]
    assert list(figure.data[0].y) == [4, 11]
    assert list(figure.data[1].y) == [5, 9]
    assert figure.data[1].marker.color == MEMBER_TYPE_COLOURS["economic"]
    assert list(figure.data[1].customdata[0]) == ["member_types", "economic", "2020-01-01", "2020-12-31"]
    assert figure.layout.barmode == "stack"
    assert figure.layout.legend.title.text == "成员类型"


def test_cohort_heat_map_leaves_years_before_joining_empty() -> None:
    cohorts = pd.DataFrame(
        {
            "join_year": [2020, 2020, 2021],
            "year_end": [D(2020, 12, 31), D(2021, 12, 31), D(2021, 12, 31)],
            "joined": [19, 19, 23],
            "still_active": [19, 18, 23],
            "share_active": [1.0, 18 / 19, 1.0],
        }
    )
    figure = cohort_retention_figure(cohorts, "en")
    heat_map = figure.data[0]
    assert list(heat_map.x) == ["2020", "2021"] and list(heat_map.y) == ["2020", "2021"]
    assert [list(row) for row in heat_map.z] == [[1.0, 18 / 19], [None, 1.0]]
    assert [list(row) for row in heat_map.text] == [["100%", "95%"], ["", "100%"]]  # 18/19 = 94.7%
    assert "Joined that year: 19" in heat_map.hovertext[0][1]


MEMBERS = pd.DataFrame(
    {
        "member_id": ["002", "001", "003"],
        "name_en": [
            "Center for China and Globalization (CCG)",
            "Beijing Academy (BJAST)",
            "Belgrade Institute",
        ],
        "name_zh": ["全球化智库", "北京市科学技术研究院", None],
        "country": ["CHN", "CHN", "SRB"],
        "region": ["Asia", "Asia", "Europe"],
        "member_type": ["comprehensive", "science_technology", "economic"],
        "joined_on": [D(2020, 9, 19), D(2020, 9, 19), D(2021, 9, 23)],
        "left_on": [None, None, D(2023, 1, 1)],
        "active": [True, True, False],
        "roles": ["vice_chair", "chair", ""],
        "events_attended": [9, 25, 1],
    }
)


def test_member_table_in_chinese_sorted_by_join_day_then_name() -> None:
    table = member_table(MEMBERS, "zh")
    assert list(table.columns) == [
        "成员单位",
        "国家",
        "类型",
        "地区",
        "加入日期",
        "退出日期",
        "职务",
        "参加活动数",
    ]
    assert list(table["成员单位"]) == ["全球化智库", "北京市科学技术研究院", "Belgrade Institute"]
    assert list(table["国家"]) == ["中国", "中国", "塞尔维亚"]
    assert list(table["职务"]) == ["副理事长单位", "理事长单位", ""]
    assert list(table["退出日期"]) == ["", "", "2023-01-01"]
    assert list(table["参加活动数"]) == [9, 25, 1]


@pytest.mark.parametrize(
    ("search", "names"),
    [
        ("", ["Beijing Academy (BJAST)", "Center for China and Globalization (CCG)", "Belgrade Institute"]),
        ("bjast", ["Beijing Academy (BJAST)"]),
        ("全球化", ["Center for China and Globalization (CCG)"]),  # the Chinese name from the English view
        ("europe", ["Belgrade Institute"]),
        (
            "  Chair ",
            ["Beijing Academy (BJAST)", "Center for China and Globalization (CCG)"],
        ),  # vice chair too
        ("nothing like this", []),
    ],
)
def test_member_table_search(search: str, names: list[str]) -> None:
    assert list(member_table(MEMBERS, "en", search)["Member"]) == names


def test_growth_figure_puts_both_zeros_at_the_same_height() -> None:
    figure = membership_growth_figure(GROWTH, "year", "en")
    flows_low, flows_high = figure.layout.yaxis.range
    totals_low, totals_high = figure.layout.yaxis2.range
    # Flows: lowest -1 (one departure in 2022), highest 23 joined; members: highest 59; 10% headroom.
    assert (flows_low, flows_high) == pytest.approx((-1.1, 25.3))
    assert totals_high == pytest.approx(64.9)
    assert totals_low / totals_high == pytest.approx(flows_low / flows_high)
    # Round ticks from zero up, none below: 64.9 / 5 = 13 -> steps of 20.
    assert list(figure.layout.yaxis2.tickvals) == [0, 20, 40, 60]
