"""The "cut off, hard to read or inconsistent" list, each checked on the figure or the text
that showed it (the browser side is in tests/browser/test_screens.py)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis.figures.geography import country_first_join_figure, map_points, members_map
from analysis.figures.membership import member_table, natural_keys
from analysis.figures.overview import members_over_time_figure
from analysis.figures.styling import category_colour
from analysis.figures.table_layout import text_width
from analysis.figures.theme import wrapped_title
from analysis.i18n import country_name
from analysis.importer.countries import to_iso3
from app_ui.widgets.plotly_config import chart_config

D = dt.date


def test_the_year_each_country_joined_keeps_2025_whole() -> None:
    frame = pd.DataFrame({"country": ["CHN", "BRA"], "first_joined_on": [D(2020, 9, 19), D(2025, 3, 28)]})
    figure = country_first_join_figure(frame, "en")
    dots = figure.data[0]
    assert list(dots.text) == ["2025", "2020"]
    assert dots.cliponaxis is False  # the label right of the last dot is drawn past the plot's edge
    assert figure.layout.margin.r >= 40  # ... and the figure leaves room for it


def test_singapore_is_a_marker_on_the_map_and_china_a_shape() -> None:
    frame = pd.DataFrame({"country": ["CHN", "SGP"], "members": [50, 1]})
    shapes, markers = members_map(frame, "zh").data
    assert list(shapes.locations) == ["CHN", "SGP"]
    assert markers.type == "scattergeo"
    assert (markers.lat[0], markers.lon[0]) == map_points()["SGP"] == (1.35, 103.82)
    assert list(markers.customdata[0]) == ["countries", "SGP"]  # a click narrows the page as a shape does
    assert markers.text == ("新加坡：1家成员",)


def test_event_markers_are_one_trace_per_type_in_the_types_own_colour() -> None:
    members = pd.DataFrame(
        {"period_start": [D(2024, 1, 1)], "period_end": [D(2024, 12, 31)], "members_end": [10]}
    )
    events = pd.DataFrame(
        {
            "title_en": ["Forum A", "Seminar B", "Forum C"],
            "title_zh": [None, None, None],
            "start_date": [D(2024, 3, 1), D(2024, 5, 1), D(2024, 9, 1)],
            "event_type": ["forum", "seminar", "forum"],
        }
    )
    figure = members_over_time_figure(members, events, "year", "en")
    markers = {trace.name: trace for trace in figure.data[1:]}
    assert list(markers) == ["Forum", "Seminar"]  # the fixed order of event types, whatever the data's
    assert len(markers["Forum"].x) == 2 and len(markers["Seminar"].x) == 1
    assert markers["Forum"].marker.color == category_colour("event_types", "forum")
    assert markers["Seminar"].marker.color == category_colour("event_types", "seminar")


def test_member_names_sort_by_their_numbers_and_roles_fit_their_column() -> None:
    members = pd.DataFrame(
        {
            "member_id": ["10", "2", "1"],
            "name_en": ["Think tank 10", "Think tank 2", "Think tank 1"],
            "name_zh": [None, None, None],
            "country": ["CHN"] * 3,
            "region": ["Asia"] * 3,
            "member_type": ["economic"] * 3,
            "joined_on": [D(2020, 9, 19)] * 3,
            "left_on": [None] * 3,
            "active": [True] * 3,
            "roles": ["", "", "vice_chair"],
            "events_attended": [1, 2, 3],
        }
    )
    table = member_table(members, "en")
    assert table["Member"].tolist() == ["Think tank 1", "Think tank 2", "Think tank 10"]
    assert natural_keys(pd.Series(["b10", "b9"])).tolist() == ["b000000000010", "b000000000009"]
    roles = table["Roles"]
    assert roles.tolist() == ["Vice chair", "", ""]
    # "Vice chair" (10 columns) at 7.5 px + 28 px padding; Chinese characters count double.
    assert text_width(roles, "Roles") == round(10 * 7.5 + 28)
    assert text_width(pd.Series(["副理事长单位"]), "职务") == round(12 * 7.5 + 28)


def test_the_chart_toolbar_speaks_the_page_language() -> None:
    assert chart_config("zh")["locale"] == "zh-CN"
    assert chart_config("en")["locale"] == "en-US"


def test_countries_are_named_as_people_write_them_and_still_read_in_the_long_form() -> None:
    assert country_name("RUS", "en") == "Russia" and country_name("RUS", "zh") == "俄罗斯"
    assert country_name("BOL", "zh") == "玻利维亚"
    assert to_iso3(pd.Series(["Russian Federation", "Russia", "俄罗斯"])).tolist() == ["RUS"] * 3


def test_a_long_title_wraps_for_a_phone_and_a_short_one_stays() -> None:
    assert wrapped_title("Members over time") == "Members over time"
    long = "Retention: share of each year's new members still members at year end"
    assert wrapped_title(long) == "Retention: share of each year's new members <br>still members at year end"
    chinese = "留存率：各年新加入成员在此后每年年末仍为成员的比例（按加入年份）"
    lines = wrapped_title(chinese).split("<br>")
    assert len(lines) == 2 and "".join(lines) == chinese and len(lines[0]) == 22
