"""The annual report's figures: for each, which metric feeds it, which chart draws it, its key numbers.

Charts the dashboard shows come from the dashboard's own builders (`analysis.figures`), so a pasted
figure looks like the dashboard; `report_charts` draws the report-only ones (joined/left per year,
members by type, plan against actual).

A report for year Y is taken on 31 December Y (`report_filters`); series run from the first join to
that day. Titles, captions and definitions live in the `exports` catalogue under
`exports.figure.<key>.*`, so every figure speaks both languages.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from analysis.exports import report_charts
from analysis.exports.report_charts import joined_left_by_period, members_by_type, plan_against_actual
from analysis.exports.wording import counted
from analysis.figures.events import attendance_figure, engagement_figure, events_by_period_figure
from analysis.figures.geography import countries_over_time_figure, country_first_join_figure, members_map
from analysis.figures.governance import new_members_per_meeting_figure, role_holders_figure
from analysis.figures.membership import (
    cohort_retention_figure,
    members_by_region_figure,
    membership_growth_figure,
)
from analysis.filters import Filters
from analysis.i18n import Language, country_name, format_number, format_percent, translate
from analysis.metrics.periods import Grain
from analysis.queries import run_query
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
    metric: str
    chart: Callable[..., go.Figure]
    key_numbers: KeyNumbers
    grain: Grain | None = None
    latest_by: str | None = None
    height: int = 600

    def compute(self, database: AllianceDatabase, filters: Filters) -> pd.DataFrame:
        """The figure's data: the metric on the report day, or per period up to it."""
        metric = _metric(self.metric)
        return metric(database, filters) if self.grain is None else metric(database, filters, self.grain)

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


METRIC_MODULES = {
    "members_over_time": "membership",
    "members_by_type": "membership",
    "members_by_region_over_time": "membership",
    "cohort_retention": "membership",
    "members_by_country": "geography",
    "countries_over_time": "geography",
    "country_first_join": "geography",
    "events_by_period": "events",
    "engagement_over_time": "engagement",
    "role_holders_over_time": "governance",
    "new_members_per_council_meeting": "governance",
    "plan_against_actual": "plan",
}


def _metric(name: str) -> Callable[..., pd.DataFrame]:
    """A metric function from its module in analysis.metrics (imported on use)."""
    module = importlib.import_module(f"analysis.metrics.{METRIC_MODULES[name]}")
    function: Callable[..., pd.DataFrame] = getattr(module, name)
    return function


def _most_recent(data: pd.DataFrame, day_column: str) -> pd.DataFrame:
    """The rows of the 30 latest days: a page holds about that many labelled rows (the workbook holds all)."""
    return data.sort_values(day_column).tail(report_charts.MOST_RECENT_SHOWN)


def _key(message: str, language: Language, **values: object) -> str:
    return translate(f"exports.key.{message}", language, **values)


def _number(value: Any) -> float | None:
    """A plain float, None for missing values (None, NaN, NA)."""
    return None if value is None or pd.isna(value) else float(value)


def _n(value: Any, language: Language) -> str:
    return format_number(_number(value), language)


def _in_year(data: pd.DataFrame, year: int, column: str = "period_start") -> pd.DataFrame:
    return data[pd.to_datetime(data[column]).dt.year == year]


def _report_day_count(message: str, data: pd.DataFrame, column: str, language: Language) -> str:
    """The key number `message` for `column` in the last period: the count on the report day."""
    latest = data[column].iloc[-1] if not data.empty else None
    return _key(message, language, value=_n(latest, language))


def _year_total(message: str, data: pd.DataFrame, year: int, column: str, language: Language) -> str:
    """The key number `message` for `column` summed over the periods of the report year."""
    total = float(_in_year(data, year)[column].fillna(0).sum()) if not data.empty else 0.0
    return _key(message, language, year=year, value=_n(total, language))


def _largest(data: pd.DataFrame) -> pd.Series:
    """The row with the most members."""
    return data.sort_values("members", ascending=False).iloc[0]


def _no_data(language: Language) -> list[str]:
    return [_key("no_data", language)]


# --- key numbers, one function per figure ------------------------------------------------------------


def _members_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    return [
        _report_day_count("members_end", data, "members_end", language),
        _year_total("joined_in_year", data, year, "joined", language),
        _year_total("left_in_year", data, year, "left", language),
    ]


def _joined_left_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    row = _in_year(data, year)
    growth = None if row.empty else row["growth_rate"].iloc[0]
    return [
        _year_total("net_in_year", data, year, "net_change", language),
        _key("growth_in_year", language, year=year, value=format_percent(growth, language, signed=True)),
    ]


def _type_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    if data.empty or data["members"].sum() == 0:
        return _no_data(language)
    top = _largest(data)
    name = translate(f"common.member_type.{top['member_type']}", language)
    return [_key("largest_group", language, name=name, value=_n(top["members"], language))]


def _region_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    latest = _in_year(data, year)
    latest = latest[latest["members"] > 0]
    if latest.empty:
        return _no_data(language)
    top = _largest(latest)
    name = translate(f"common.region.{top['region']}", language)
    return [
        _key("regions", language, value=_n(len(latest), language)),
        _key("largest_group", language, name=name, value=_n(top["members"], language)),
    ]


def _map_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    if data.empty:
        return _no_data(language)
    top = _largest(data)
    share = float(top["members"]) / float(data["members"].sum())
    return [
        _key("countries", language, value=_n(len(data), language)),
        _key(
            "largest_country",
            language,
            name=country_name(str(top["country"]), language),
            value=_n(top["members"], language),
            share=format_percent(share, language),
        ),
    ]


def _countries_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    return [
        _report_day_count("countries", data, "countries", language),
        _year_total("new_countries_in_year", data, year, "new_countries", language),
    ]


def _first_join_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    newcomers = data[data["first_join_year"] == year]
    joiner = "、" if language == "zh" else ", "
    names = joiner.join(country_name(str(code), language) for code in newcomers["country"]) or "–"
    return [_key("first_joined_in_year", language, year=year, names=names)]


def _cohort_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    at_year_end = _in_year(data, year, "year_end") if not data.empty else data
    if at_year_end.empty:
        return _no_data(language)
    row = at_year_end.sort_values("join_year").iloc[0]
    return [
        _key(
            "cohort_share_counted",
            language,
            cohort=int(row["join_year"]),
            year=year,
            share=format_percent(row["share_active"], language),
            still=counted("still_member", _number(row["still_active"]), language),
            joined=counted("member", _number(row["joined"]), language),
        )
    ]


def _events_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    return [_year_total("events_in_year", data, year, "events", language)]


def _attendance_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    return [
        _year_total("attendees_in_year", data, year, "attendees", language),
        _year_total("viewers_in_year", data, year, "online_viewers", language),
    ]


def _engagement_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    row = _in_year(data, year)
    if row.empty:
        return _no_data(language)
    return [
        _key(
            "engagement_in_year",
            language,
            year=year,
            value=format_percent(row["engagement_rate"].iloc[0], language),
            engaged=_n(row["engaged_members"].iloc[0], language),
            active=_n(row["active_members"].iloc[0], language),
        )
    ]


def _role_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    latest = _in_year(data, year)
    return [
        _key(
            "role_holders",
            language,
            role=translate(f"common.role.{role}", language),
            value=_n(latest[latest["role"] == role]["holders"].sum(), language),
        )
        for role in ("chair", "vice_chair")
    ]


def _plan_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    if data.empty:
        return [_key("no_targets", language, year=year)]
    return [
        _key(
            "attainment",
            language,
            metric=translate(f"exports.metric.{row.metric}", language),
            actual=_n(row.actual, language),
            target=_n(row.target, language),
            share=format_percent(_number(row.attainment), language),
        )
        for row in data.itertuples()
    ]


def _council_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    in_year = _in_year(data, year, "start_date")
    return [
        _key(
            "council_meetings_counted",
            language,
            year=year,
            meetings=_n(len(in_year), language),
            value=counted("new_member", _number(in_year["new_members"].sum()), language),
        )
    ]


# --- the catalogue: one row per figure, in report order ----------------------------------------------

events_by_type_figure = partial(events_by_period_figure, split="event_type")

REPORT_FIGURES: tuple[ReportFigure, ...] = (
    ReportFigure(
        "members_over_time",
        "membership",
        metric="members_over_time",
        chart=membership_growth_figure,
        key_numbers=_members_numbers,
        grain="quarter",
    ),
    ReportFigure(
        "joined_left_per_year",
        "membership",
        metric="members_over_time",
        chart=joined_left_by_period,
        key_numbers=_joined_left_numbers,
        grain="year",
    ),
    ReportFigure(
        "members_by_type",
        "membership",
        metric="members_by_type",
        chart=members_by_type,
        key_numbers=_type_numbers,
    ),
    ReportFigure(
        "members_by_region",
        "membership",
        metric="members_by_region_over_time",
        chart=members_by_region_figure,
        key_numbers=_region_numbers,
        grain="year",
    ),
    ReportFigure(
        "cohort_retention",
        "membership",
        metric="cohort_retention",
        chart=cohort_retention_figure,
        key_numbers=_cohort_numbers,
    ),
    ReportFigure(
        "members_map",
        "geography",
        metric="members_by_country",
        chart=members_map,
        key_numbers=_map_numbers,
    ),
    ReportFigure(
        "countries_over_time",
        "geography",
        metric="countries_over_time",
        chart=countries_over_time_figure,
        key_numbers=_countries_numbers,
        grain="year",
    ),
    ReportFigure(
        "country_first_join",
        "geography",
        metric="country_first_join",
        chart=country_first_join_figure,
        key_numbers=_first_join_numbers,
        latest_by="first_joined_on",
        height=700,
    ),
    ReportFigure(
        "events_per_year",
        "events",
        metric="events_by_period",
        chart=events_by_type_figure,
        key_numbers=_events_numbers,
        grain="year",
    ),
    ReportFigure(
        "attendees_and_viewers",
        "events",
        metric="events_by_period",
        chart=attendance_figure,
        key_numbers=_attendance_numbers,
        grain="year",
    ),
    ReportFigure(
        "engagement_rate",
        "events",
        metric="engagement_over_time",
        chart=engagement_figure,
        key_numbers=_engagement_numbers,
        grain="year",
    ),
    ReportFigure(
        "role_holders",
        "governance",
        metric="role_holders_over_time",
        chart=role_holders_figure,
        key_numbers=_role_numbers,
        grain="year",
    ),
    ReportFigure(
        "new_members_per_council_meeting",
        "governance",
        metric="new_members_per_council_meeting",
        chart=new_members_per_meeting_figure,
        key_numbers=_council_numbers,
        latest_by="start_date",
    ),
    ReportFigure(
        "plan_against_actual",
        "plan",
        metric="plan_against_actual",
        chart=plan_against_actual,
        key_numbers=_plan_numbers,
    ),
)


def report_years(database: AllianceDatabase) -> list[int]:
    """Every calendar year from the first join or event to the last one (empty when there is no data)."""
    with database.reading() as cursor:
        row = run_query(cursor, "exports/report_years", {}).iloc[0]
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
