"""Countries represented per period are labelled with the period they describe, at every grain.

The figure used to place each period at its last day on a date axis: 31 December 2025 sits at the 2026
tick, so on the Geography page (Period = Year), in report.pdf and on the slides the countries new in
2025 read as 2026's (the workbook, which lists period starts, had the right years). Now each point is
labelled with its period, as every other chart over time is. The page and the exports draw the same
figure; both are checked here, on a tiny alliance worked by hand.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from analysis.exports.report_figures import ReportRequest, figures_for
from analysis.figures.geography import countries_over_time_figure
from analysis.filters import Filters
from analysis.i18n import Language
from analysis.metrics.geography import countries_over_time
from analysis.metrics.periods import Grain
from analysis.page_data.geography import geography_data
from analysis.store.database import AllianceDatabase
from tests.datasets import add_member

AS_OF = dt.date(2021, 8, 31)


@pytest.fixture
def founders_and_newcomers(database: AllianceDatabase) -> AllianceDatabase:
    # 2020: the founders China (March) and the USA (November); 2021: Japan (February), the USA's member
    # leaves (10 May), Serbia (July). Seen on 31 August 2021.
    add_member(database, "c1", "CHN", "2020-03-10")
    add_member(database, "u1", "USA", "2020-11-05", left_on="2021-05-10")
    add_member(database, "j1", "JPN", "2021-02-01")
    add_member(database, "s1", "SRB", "2021-07-15")
    return database


# label -> (countries represented at the period's end or on the as-of day, countries new in the period)
BY_YEAR = {"2020": (2, 2), "2021": (3, 2)}
BY_YEAR_ZH = {"2020年": (2, 2), "2021年": (3, 2)}
BY_QUARTER = {
    "Q1 2020": (1, 1),
    "Q2 2020": (1, 0),
    "Q3 2020": (1, 0),
    "Q4 2020": (2, 1),
    "Q1 2021": (3, 1),
    "Q2 2021": (2, 0),  # the USA's only member left on 10 May
    "Q3 2021": (3, 1),
}
BY_MONTH = {
    "March 2020": (1, 1),
    **{f"{month} 2020": (1, 0) for month in ("April", "May", "June", "July", "August", "September")},
    "October 2020": (1, 0),
    "November 2020": (2, 1),
    "December 2020": (2, 0),
    "January 2021": (2, 0),
    "February 2021": (3, 1),
    "March 2021": (3, 0),
    "April 2021": (3, 0),
    "May 2021": (2, 0),
    "June 2021": (2, 0),
    "July 2021": (3, 1),
    "August 2021": (3, 0),
}
EXPECTED: dict[Grain, dict[str, tuple[int, int]]] = {
    "year": BY_YEAR,
    "quarter": BY_QUARTER,
    "month": BY_MONTH,
}


def shown(figure: Any) -> dict[str, tuple[int, int]]:
    """label -> (countries line, new-countries bar), as the figure's data holds them."""
    bars, line = figure.data
    assert bars.type == "bar" and line.type == "scatter"
    assert list(bars.x) == list(line.x)
    return {
        str(label): (int(countries), int(new))
        for label, countries, new in zip(line.x, line.y, bars.y, strict=True)
    }


@pytest.mark.parametrize("grain", ["month", "quarter", "year"])
def test_the_page_labels_each_period_with_its_own_dates(
    founders_and_newcomers: AllianceDatabase, grain: Grain
) -> None:
    data = geography_data(founders_and_newcomers, Filters(as_of=AS_OF), grain)
    figure = countries_over_time_figure(data.countries_over_time, grain, "en")
    assert shown(figure) == EXPECTED[grain]
    assert figure.layout.xaxis.type == "category"  # labels, never read as dates or numbers
    # A click still narrows to the period itself: the first bar is March 2020 / Q1 2020 / 2020.
    first_period = {
        "month": ["period", "2020-03-01", "2020-03-31"],
        "quarter": ["period", "2020-01-01", "2020-03-31"],
        "year": ["period", "2020-01-01", "2020-12-31"],
    }[grain]
    assert list(figure.data[0].customdata[0]) == first_period


@pytest.mark.parametrize(("language", "expected"), [("en", BY_YEAR), ("zh", BY_YEAR_ZH)])
def test_the_exports_label_the_founders_2020_and_the_newcomers_2021(
    founders_and_newcomers: AllianceDatabase, language: Language, expected: dict[str, tuple[int, int]]
) -> None:
    # The report (report.pdf, the slides) draws the ReportFigure's chart from its metric, per year.
    (report_figure,) = [
        figure for figure in figures_for(("geography",)) if figure.key == "countries_over_time"
    ]
    request = ReportRequest(year=2021, language=language, sections=("geography",))
    data = report_figure.compute(founders_and_newcomers, request.filters)
    # On the report day, 31 December 2021: China, Japan and Serbia (the USA's member left in May).
    assert shown(report_figure.build(data, language)) == expected


def test_the_labels_follow_the_metrics_period_starts(founders_and_newcomers: AllianceDatabase) -> None:
    frame = countries_over_time(founders_and_newcomers, Filters(as_of=AS_OF), "year")
    assert [str(day)[:10] for day in frame["period_start"]] == ["2020-01-01", "2021-01-01"]
    # The last period is cut at the as-of day.
    assert [str(day)[:10] for day in frame["period_end"]] == ["2020-12-31", "2021-08-31"]
