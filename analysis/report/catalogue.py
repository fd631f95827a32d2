"""The annual report's figures: for each, which metric feeds it, which chart draws it, its key numbers.

Charts the dashboard shows come from the dashboard's own builders (`analysis.figures`), so a pasted
figure looks like the dashboard; `analysis.report.charts` draws the report-only ones (joined/left per year,
members by type, plan against actual).

A report for year Y is taken on 31 December Y (`report_filters`); series run from the first join to
that day. Titles, captions and definitions live in the `exports` catalogue under
`exports.figure.<key>.*`, so every figure speaks both languages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

import pandas as pd
import plotly.graph_objects as go

from analysis.figures.events import attendance_figure, engagement_figure, events_by_period_figure
from analysis.figures.geography import countries_over_time_figure, country_first_join_figure, members_map
from analysis.figures.governance import new_members_per_meeting_figure, role_holders_figure
from analysis.figures.membership import (
    cohort_retention_figure,
    members_by_region_figure,
    membership_growth_figure,
)
from analysis.filters import Filters
from analysis.i18n import Language, translate
from analysis.metrics import engagement, events, geography, governance, membership, plan
from analysis.metrics.periods import Grain
from analysis.narrative.key_numbers import (
    attendance_key_numbers,
    cohort_key_numbers,
    council_key_numbers,
    countries_key_numbers,
    engagement_key_numbers,
    events_key_numbers,
    first_join_key_numbers,
    joined_left_key_numbers,
    map_key_numbers,
    members_key_numbers,
    plan_key_numbers,
    region_key_numbers,
    role_key_numbers,
    type_key_numbers,
)
from analysis.queries import run_query
from analysis.report.charts import (
    MOST_RECENT_SHOWN,
    joined_left_by_period,
    members_by_type,
    plan_against_actual,
)
from analysis.store.connection import AllianceDatabase

SECTIONS = ("membership", "geography", "events", "governance", "plan")


@dataclass(frozen=True)
class ReportRequest:
    """What the report is for: the year, the language, the sections wanted and any narrowing filters."""

    year: int
    language: Language
    sections: tuple[str, ...] = SECTIONS
    base_filters: Filters | None = None
    data_until: dt.date | None = None  # the last data day: a year still under way is taken on it

    @property
    def filters(self) -> Filters:
        return report_filters(self.year, self.base_filters, self.data_until)


def report_filters(year: int, base: Filters | None = None, data_until: dt.date | None = None) -> Filters:
    """The report's filters: `base`'s narrowing on 31 December of the year (or on the last data day, when
    the year is still under way: its last period is then partial), series from the first data."""
    report_day = dt.date(year, 12, 31)
    if data_until is not None and data_until.year == year:
        report_day = data_until
    if base is None:
        return Filters(as_of=report_day)
    return replace(base, as_of=report_day, start=None, end=None)


KeyNumbers = Callable[[pd.DataFrame, int, Language], list[str]]


@dataclass(frozen=True)
class ReportFigure:
    """One figure of the report: `key` names its files (`<number>_<key>.png`) and its catalogue texts.

    Its data is the metric `metric` (a function of `analysis.metrics`) taken with the report's filters,
    per `grain` when the figure is over time; `chart` draws it: `chart(data, grain=, language=)` over
    time, else `chart(data, language=)`. A chart with a label per row shows the 30 latest by `latest_by`.
    """

    key: str
    section: str
    metric: Callable[..., pd.DataFrame]
    chart: Callable[..., go.Figure]
    key_numbers: KeyNumbers
    grain: Grain | None = None
    latest_by: str | None = None
    height: int = 600

    def compute(self, database: AllianceDatabase, filters: Filters) -> pd.DataFrame:
        """The figure's data: the metric on the report day, or per period up to it."""
        if self.grain is None:
            return self.metric(database, filters)
        return self.metric(database, filters, self.grain)

    def build(self, data: pd.DataFrame, language: Language) -> go.Figure:
        """The figure drawn from `data` (the latest rows only when it has a label per row)."""
        shown = data if self.latest_by is None else _most_recent(data, self.latest_by)
        if self.grain is None:
            return self.chart(shown, language=language)
        return self.chart(shown, grain=self.grain, language=language)

    def title(self, language: Language) -> str:
        return translate(f"exports.figure.{self.key}.title", language)

    def caption(self, language: Language) -> str:
        return translate(f"exports.figure.{self.key}.caption", language)

    def definition(self, language: Language) -> str:
        return translate(f"exports.figure.{self.key}.definition", language)

    def sheet_title(self, language: Language) -> str:
        """The short title naming the figure's sheet in figures.xlsx (Excel allows 31 characters)."""
        return translate(f"exports.figure.{self.key}.sheet", language)


def _most_recent(data: pd.DataFrame, day_column: str) -> pd.DataFrame:
    """The rows of the 30 latest days: a page holds about that many labelled rows (the workbook holds all)."""
    return data.sort_values(day_column).tail(MOST_RECENT_SHOWN)


# --- the catalogue: one row per figure, in report order ----------------------------------------------

events_by_type_figure = partial(events_by_period_figure, split="event_type")

REPORT_FIGURES: tuple[ReportFigure, ...] = (
    ReportFigure(
        "members_over_time",
        "membership",
        metric=membership.members_over_time,
        chart=membership_growth_figure,
        key_numbers=members_key_numbers,
        grain="quarter",
    ),
    ReportFigure(
        "joined_left_per_year",
        "membership",
        metric=membership.members_over_time,
        chart=joined_left_by_period,
        key_numbers=joined_left_key_numbers,
        grain="year",
    ),
    ReportFigure(
        "members_by_type",
        "membership",
        metric=membership.members_by_type,
        chart=members_by_type,
        key_numbers=type_key_numbers,
    ),
    ReportFigure(
        "members_by_region",
        "membership",
        metric=membership.members_by_region_over_time,
        chart=members_by_region_figure,
        key_numbers=region_key_numbers,
        grain="year",
    ),
    ReportFigure(
        "cohort_retention",
        "membership",
        metric=membership.cohort_retention,
        chart=cohort_retention_figure,
        key_numbers=cohort_key_numbers,
    ),
    ReportFigure(
        "members_map",
        "geography",
        metric=geography.members_by_country,
        chart=members_map,
        key_numbers=map_key_numbers,
    ),
    ReportFigure(
        "countries_over_time",
        "geography",
        metric=geography.countries_over_time,
        chart=countries_over_time_figure,
        key_numbers=countries_key_numbers,
        grain="year",
    ),
    ReportFigure(
        "country_first_join",
        "geography",
        metric=geography.country_first_join,
        chart=country_first_join_figure,
        key_numbers=first_join_key_numbers,
        latest_by="first_joined_on",
        height=700,
    ),
    ReportFigure(
        "events_per_year",
        "events",
        metric=events.events_by_period,
        chart=events_by_type_figure,
        key_numbers=events_key_numbers,
        grain="year",
    ),
    ReportFigure(
        "attendees_and_viewers",
        "events",
        metric=events.events_by_period,
        chart=attendance_figure,
        key_numbers=attendance_key_numbers,
        grain="year",
    ),
    ReportFigure(
        "engagement_rate",
        "events",
        metric=engagement.engagement_over_time,
        chart=engagement_figure,
        key_numbers=engagement_key_numbers,
        grain="year",
    ),
    ReportFigure(
        "role_holders",
        "governance",
        metric=governance.role_holders_over_time,
        chart=role_holders_figure,
        key_numbers=role_key_numbers,
        grain="year",
    ),
    ReportFigure(
        "new_members_per_council_meeting",
        "governance",
        metric=governance.new_members_per_council_meeting,
        chart=new_members_per_meeting_figure,
        key_numbers=council_key_numbers,
        latest_by="start_date",
    ),
    ReportFigure(
        "plan_against_actual",
        "plan",
        metric=plan.plan_against_actual,
        chart=plan_against_actual,
        key_numbers=plan_key_numbers,
    ),
)


def report_years(database: AllianceDatabase) -> list[int]:
    """Every calendar year from the first join or event to the last one (empty when there is no data)."""
    with database.reading() as cursor:
        row = run_query(cursor, "report/report_years", {}).iloc[0]
    if pd.isna(row["first_year"]):
        return []
    return list(range(int(row["first_year"]), int(row["last_year"]) + 1))


def figures_for(sections: tuple[str, ...]) -> list[ReportFigure]:
    """The report figures of the chosen sections, in report order."""
    unknown = sorted(set(sections) - set(SECTIONS))
    if unknown:
        from analysis.errors import AllianceError

        raise AllianceError(
            f"Unknown report section(s): {', '.join(unknown)}. Choose from: {', '.join(SECTIONS)}."
        )
    return [figure for figure in REPORT_FIGURES if figure.section in sections]
