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
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from analysis.exports import report_charts
from analysis.figures import events as event_figures
from analysis.figures import geography as geography_figures
from analysis.figures import governance as governance_figures
from analysis.figures import membership as membership_figures
from analysis.filters import Filters
from analysis.i18n import Language, country_name, format_number, format_percent, translate
from analysis.queries import run_query
from analysis.store.database import AllianceDatabase

SECTIONS = ("membership", "geography", "events", "governance", "plan")


@dataclass(frozen=True)
class ReportRequest:
    """What the report is for: the year, the language, the sections wanted and any narrowing filters."""

    year: int
    language: Language
    sections: tuple[str, ...] = SECTIONS
    base_filters: Filters | None = None

    @property
    def filters(self) -> Filters:
        return report_filters(self.year, self.base_filters)


def report_filters(year: int, base: Filters | None = None) -> Filters:
    """The report's filters: as of 31 December of the year, series from the first data on."""
    year_end = dt.date(year, 12, 31)
    if base is None:
        return Filters(as_of=year_end)
    return Filters(
        as_of=year_end,
        countries=base.countries,
        regions=base.regions,
        member_types=base.member_types,
        event_types=base.event_types,
        formats=base.formats,
        host_country=base.host_country,
    )


Compute = Callable[[AllianceDatabase, Filters, int], pd.DataFrame]
Build = Callable[[pd.DataFrame, Language], go.Figure]
KeyNumbers = Callable[[pd.DataFrame, int, Language], list[str]]


@dataclass(frozen=True)
class ReportFigure:
    """One figure of the report: `key` names its files (`<number>_<key>.png`) and its catalogue texts."""

    key: str
    section: str
    compute: Compute
    build: Build
    key_numbers: KeyNumbers
    height: int = 600

    def title(self, language: Language) -> str:
        return translate(f"exports.figure.{self.key}.title", language)

    def caption(self, language: Language) -> str:
        return translate(f"exports.figure.{self.key}.caption", language)

    def definition(self, language: Language) -> str:
        return translate(f"exports.figure.{self.key}.definition", language)


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


def _key(message: str, language: Language, **values: object) -> str:
    return translate(f"exports.key.{message}", language, **values)


def _number(value: Any) -> float | None:
    """A plain float, None for missing values (None, NaN, NA)."""
    return None if value is None or pd.isna(value) else float(value)


def _n(value: Any, language: Language) -> str:
    return format_number(_number(value), language)


def _in_year(data: pd.DataFrame, year: int, column: str = "period_start") -> pd.DataFrame:
    return data[pd.to_datetime(data[column]).dt.year == year]


def _year_sum(data: pd.DataFrame, year: int, column: str) -> float:
    return float(_in_year(data, year)[column].fillna(0).sum()) if not data.empty else 0.0


def _last(data: pd.DataFrame, column: str) -> object:
    return data[column].iloc[-1] if not data.empty else None


# --- key numbers, one function per figure ------------------------------------------------------------


def _members_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    return [
        _key("members_end", language, year=year, value=_n(_last(data, "members_end"), language)),
        _key("joined_in_year", language, year=year, value=_n(_year_sum(data, year, "joined"), language)),
        _key("left_in_year", language, year=year, value=_n(_year_sum(data, year, "left"), language)),
    ]


def _joined_left_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    row = _in_year(data, year)
    growth = None if row.empty else row["growth_rate"].iloc[0]
    return [
        _key("net_in_year", language, year=year, value=_n(_year_sum(data, year, "net_change"), language)),
        _key("growth_in_year", language, year=year, value=format_percent(growth, language, signed=True)),
    ]


def _type_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    if data.empty or data["members"].sum() == 0:
        return [_key("no_data", language)]
    top = data.sort_values("members", ascending=False).iloc[0]
    name = translate(f"common.member_type.{top['member_type']}", language)
    return [_key("largest_group", language, name=name, value=_n(top["members"], language))]


def _region_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    latest = _in_year(data, year)
    latest = latest[latest["members"] > 0]
    if latest.empty:
        return [_key("no_data", language)]
    top = latest.sort_values("members", ascending=False).iloc[0]
    return [
        _key("regions", language, value=_n(len(latest), language)),
        _key(
            "largest_group",
            language,
            name=translate(f"common.region.{top['region']}", language),
            value=_n(top["members"], language),
        ),
    ]


def _map_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    if data.empty:
        return [_key("no_data", language)]
    top = data.sort_values("members", ascending=False).iloc[0]
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
        _key("countries", language, value=_n(_last(data, "countries"), language)),
        _key(
            "new_countries_in_year",
            language,
            year=year,
            value=_n(_year_sum(data, year, "new_countries"), language),
        ),
    ]


def _first_join_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    newcomers = data[data["first_join_year"] == year]
    joiner = "、" if language == "zh" else ", "
    names = joiner.join(country_name(str(code), language) for code in newcomers["country"]) or "–"
    return [_key("first_joined_in_year", language, year=year, names=names)]


def _cohort_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    if data.empty:
        return [_key("no_data", language)]
    at_year_end = data[pd.to_datetime(data["year_end"]).dt.year == year]
    first = at_year_end.sort_values("join_year").head(1)
    if first.empty:
        return [_key("no_data", language)]
    row = first.iloc[0]
    return [
        _key(
            "cohort_share",
            language,
            cohort=int(row["join_year"]),
            year=year,
            share=format_percent(row["share_active"], language),
            still=_n(row["still_active"], language),
            joined=_n(row["joined"], language),
        )
    ]


def _events_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    return [_key("events_in_year", language, year=year, value=_n(_year_sum(data, year, "events"), language))]


def _attendance_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    return [
        _key(
            "attendees_in_year", language, year=year, value=_n(_year_sum(data, year, "attendees"), language)
        ),
        _key(
            "viewers_in_year",
            language,
            year=year,
            value=_n(_year_sum(data, year, "online_viewers"), language),
        ),
    ]


def _engagement_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    row = _in_year(data, year)
    if row.empty:
        return [_key("no_data", language)]
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
    in_year = data[pd.to_datetime(data["start_date"]).dt.year == year]
    return [
        _key(
            "council_meetings",
            language,
            year=year,
            meetings=_n(len(in_year), language),
            value=_n(in_year["new_members"].sum(), language),
        )
    ]


# --- the catalogue -----------------------------------------------------------------------------------

REPORT_FIGURES: tuple[ReportFigure, ...] = (
    ReportFigure(
        "members_over_time",
        "membership",
        lambda db, f, y: _metric("members_over_time")(db, f, "quarter"),
        lambda d, lang: membership_figures.membership_growth_figure(d, "quarter", lang),
        _members_numbers,
    ),
    ReportFigure(
        "joined_left_per_year",
        "membership",
        lambda db, f, y: _metric("members_over_time")(db, f, "year"),
        report_charts.joined_left_per_year,
        _joined_left_numbers,
    ),
    ReportFigure(
        "members_by_type",
        "membership",
        lambda db, f, y: _metric("members_by_type")(db, f),
        report_charts.members_by_type,
        _type_numbers,
    ),
    ReportFigure(
        "members_by_region",
        "membership",
        lambda db, f, y: _metric("members_by_region_over_time")(db, f, "year"),
        lambda d, lang: membership_figures.members_by_region_figure(d, "year", lang),
        _region_numbers,
    ),
    ReportFigure(
        "cohort_retention",
        "membership",
        lambda db, f, y: _metric("cohort_retention")(db, f),
        membership_figures.cohort_retention_figure,
        _cohort_numbers,
    ),
    ReportFigure(
        "members_map",
        "geography",
        lambda db, f, y: _metric("members_by_country")(db, f),
        lambda d, lang: geography_figures.members_map(d, lang),
        _map_numbers,
    ),
    ReportFigure(
        "countries_over_time",
        "geography",
        lambda db, f, y: _metric("countries_over_time")(db, f, "year"),
        lambda d, lang: geography_figures.countries_over_time_figure(d, "year", lang),
        _countries_numbers,
    ),
    ReportFigure(
        "country_first_join",
        "geography",
        lambda db, f, y: _metric("country_first_join")(db, f),
        lambda d, lang: geography_figures.country_first_join_figure(_most_recent(d, "first_joined_on"), lang),
        _first_join_numbers,
        height=700,
    ),
    ReportFigure(
        "events_per_year",
        "events",
        lambda db, f, y: _metric("events_by_period")(db, f, "year"),
        lambda d, lang: event_figures.events_by_period_figure(d, "event_type", "year", lang),
        _events_numbers,
    ),
    ReportFigure(
        "attendees_and_viewers",
        "events",
        lambda db, f, y: _metric("events_by_period")(db, f, "year"),
        lambda d, lang: event_figures.attendance_figure(d, "year", lang),
        _attendance_numbers,
    ),
    ReportFigure(
        "engagement_rate",
        "events",
        lambda db, f, y: _metric("engagement_over_time")(db, f, "year"),
        lambda d, lang: event_figures.engagement_figure(d, "year", lang),
        _engagement_numbers,
    ),
    ReportFigure(
        "role_holders",
        "governance",
        lambda db, f, y: _metric("role_holders_over_time")(db, f, "year"),
        lambda d, lang: governance_figures.role_holders_figure(d, "year", lang),
        _role_numbers,
    ),
    ReportFigure(
        "new_members_per_council_meeting",
        "governance",
        lambda db, f, y: _metric("new_members_per_council_meeting")(db, f),
        lambda d, lang: governance_figures.new_members_per_meeting_figure(
            _most_recent(d, "start_date"), lang
        ),
        _council_numbers,
    ),
    ReportFigure(
        "plan_against_actual",
        "plan",
        lambda db, f, y: _metric("plan_against_actual")(db, f, y),
        report_charts.plan_against_actual,
        _plan_numbers,
    ),
)


def _most_recent(data: pd.DataFrame, day_column: str) -> pd.DataFrame:
    """The rows of the 30 latest days: a page holds about that many labelled rows (the workbook holds all)."""
    return data.sort_values(day_column).tail(report_charts.MOST_RECENT_SHOWN)


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
