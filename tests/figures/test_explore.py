"""The explorer's chart fits its question, and its labels read right in both languages (console_database)."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import pytest

from analysis.explore import ExploreQuestion, explore
from analysis.explore.presentation import labelled_table
from analysis.figures.explore import explore_figure
from analysis.filters import Filters
from analysis.i18n import Language, translate
from analysis.store.database import AllianceDatabase

END_OF_2023 = Filters(as_of=dt.date(2023, 12, 31))


def figure_for(database: AllianceDatabase, *question: str) -> go.Figure:
    return explore_figure(explore(database, END_OF_2023, ExploreQuestion(*question)), "en")


def test_members_over_time_are_a_line(console_database: AllianceDatabase) -> None:
    figure = figure_for(console_database, "members_active", "year")

    assert [trace.type for trace in figure.data] == ["scatter"]
    assert list(figure.data[0].x) == ["2020", "2021", "2022", "2023"]
    assert list(figure.data[0].y) == [2, 3, 2, 2]  # see test_explorer: m3 leaves in March 2022
    assert figure.layout.title.text == "Members active by year"


def test_events_by_year_and_format_are_stacked_bars_one_per_format(
    console_database: AllianceDatabase,
) -> None:
    figure = figure_for(console_database, "events", "year", "format")

    assert [trace.name for trace in figure.data] == ["In person", "Online", "Hybrid"]
    assert figure.layout.barmode == "stack"
    assert list(figure.data[1].y) == [0, 1, 0, 0]  # e1, online, 2021


def test_engaged_members_by_role_stand_side_by_side(console_database: AllianceDatabase) -> None:
    # A member can be engaged in several roles, so the parts do not add up: grouped, not stacked.
    assert figure_for(console_database, "engaged_members", "year", "role").layout.barmode == "group"
    assert figure_for(console_database, "engaged_members", "year", "member_type").layout.barmode == "stack"


def test_a_time_dimension_asked_second_still_runs_along_the_x_axis(
    console_database: AllianceDatabase,
) -> None:
    figure = figure_for(console_database, "participations", "format", "year")

    assert [trace.name for trace in figure.data] == ["In person", "Online", "Hybrid"]
    assert list(figure.data[0].x) == ["2020", "2021", "2022", "2023"]


def test_categories_alone_are_horizontal_bars_and_no_dimension_is_a_number(
    console_database: AllianceDatabase,
) -> None:
    by_country = figure_for(console_database, "members_active", "country")
    total = figure_for(console_database, "members_active")

    assert by_country.data[0].orientation == "h"
    assert sorted(by_country.data[0].y) == ["China", "Germany"]  # m3 (USA) left in 2022
    assert total.data[0].type == "indicator" and total.data[0].value == 2


@pytest.mark.parametrize(("language", "year_2020"), [("en", "2020"), ("zh", "2020年")])
def test_the_labelled_table_reads_in_the_language(
    console_database: AllianceDatabase, language: Language, year_2020: str
) -> None:
    result = explore(console_database, END_OF_2023, ExploreQuestion("events", "year", "format"))

    table = labelled_table(result, language)

    formats = [translate(f"common.format.{code}", language) for code in ("in_person", "online", "hybrid")]
    assert list(table.columns) == [translate("explore.dimension.year", language), *formats]
    assert table.iloc[0].tolist() == [year_2020, 0, 0, 0]  # no event in 2020
    assert table.iloc[1].tolist()[1:] == [0, 1, 0]  # e1, online, 2021
