"""The key numbers printed under each report figure, one function per figure: `(data, year, language)`
in, sentences out. The wording of each is the catalogue key `exports.key.<name>`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.i18n import Language, country_name, format_number, format_percent, translate
from analysis.narrative.counted_nouns import counted


def _number(value: Any) -> float | None:
    """A plain float, None for missing values (None, NaN, NA)."""
    return None if value is None or pd.isna(value) else float(value)


def _in_year(data: pd.DataFrame, year: int, column: str = "period_start") -> pd.DataFrame:
    return data[pd.to_datetime(data[column]).dt.year == year]


def _report_day_count(key: str, data: pd.DataFrame, column: str, language: Language) -> str:
    """The key number `key` for `column` in the last period: the count on the report day."""
    latest = data[column].iloc[-1] if not data.empty else None
    return translate(key, language, value=format_number(latest, language))


def _year_total(key: str, data: pd.DataFrame, year: int, column: str, language: Language) -> str:
    """The key number `key` for `column` summed over the periods of the report year."""
    total = float(_in_year(data, year)[column].fillna(0).sum()) if not data.empty else 0.0
    return translate(key, language, year=year, value=format_number(total, language))


def _largest(data: pd.DataFrame) -> pd.Series:
    """The row with the most members."""
    return data.sort_values("members", ascending=False).iloc[0]


def _no_data(language: Language) -> list[str]:
    return [translate("exports.key.no_data", language)]


# --- key numbers, one function per figure ------------------------------------------------------------


def members_key_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    return [
        _report_day_count("exports.key.members_end", data, "members_end", language),
        _year_total("exports.key.joined_in_year", data, year, "joined", language),
        _year_total("exports.key.left_in_year", data, year, "left", language),
    ]


def joined_left_key_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    row = _in_year(data, year)
    growth = None if row.empty else row["growth_rate"].iloc[0]
    return [
        _year_total("exports.key.net_in_year", data, year, "net_change", language),
        translate(
            "exports.key.growth_in_year",
            language,
            year=year,
            value=format_percent(growth, language, signed=True),
        ),
    ]


def type_key_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    if data.empty or data["members"].sum() == 0:
        return _no_data(language)
    top = _largest(data)
    name = translate(f"common.member_type.{top['member_type']}", language)
    return [
        translate(
            "exports.key.largest_group", language, name=name, value=format_number(top["members"], language)
        )
    ]


def region_key_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    latest = _in_year(data, year)
    latest = latest[latest["members"] > 0]
    if latest.empty:
        return _no_data(language)
    top = _largest(latest)
    name = translate(f"common.region.{top['region']}", language)
    return [
        translate("exports.key.regions", language, value=format_number(len(latest), language)),
        translate(
            "exports.key.largest_group", language, name=name, value=format_number(top["members"], language)
        ),
    ]


def map_key_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    if data.empty:
        return _no_data(language)
    top = _largest(data)
    share = float(top["members"]) / float(data["members"].sum())
    return [
        translate("exports.key.countries", language, value=format_number(len(data), language)),
        translate(
            "exports.key.largest_country",
            language,
            name=country_name(str(top["country"]), language),
            value=format_number(top["members"], language),
            share=format_percent(share, language),
        ),
    ]


def countries_key_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    return [
        _report_day_count("exports.key.countries", data, "countries", language),
        _year_total("exports.key.new_countries_in_year", data, year, "new_countries", language),
    ]


def first_join_key_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    newcomers = data[data["first_join_year"] == year]
    joiner = "、" if language == "zh" else ", "
    names = joiner.join(country_name(str(code), language) for code in newcomers["country"]) or "–"
    return [translate("exports.key.first_joined_in_year", language, year=year, names=names)]


def cohort_key_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    at_year_end = _in_year(data, year, "year_end") if not data.empty else data
    if at_year_end.empty:
        return _no_data(language)
    row = at_year_end.sort_values("join_year").iloc[0]
    return [
        translate(
            "exports.key.cohort_share_counted",
            language,
            cohort=int(row["join_year"]),
            year=year,
            share=format_percent(row["share_active"], language),
            still=counted("still_member", _number(row["still_active"]), language),
            joined=counted("member", _number(row["joined"]), language),
        )
    ]


def events_key_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    return [_year_total("exports.key.events_in_year", data, year, "events", language)]


def attendance_key_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    return [
        _year_total("exports.key.attendees_in_year", data, year, "attendees", language),
        _year_total("exports.key.viewers_in_year", data, year, "online_viewers", language),
    ]


def engagement_key_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    row = _in_year(data, year)
    if row.empty:
        return _no_data(language)
    return [
        translate(
            "exports.key.engagement_in_year",
            language,
            year=year,
            value=format_percent(row["engagement_rate"].iloc[0], language),
            engaged=format_number(row["engaged_members"].iloc[0], language),
            active=format_number(row["active_members"].iloc[0], language),
        )
    ]


def role_key_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    latest = _in_year(data, year)
    return [
        translate(
            "exports.key.role_holders",
            language,
            role=translate(f"common.role.{role}", language),
            value=format_number(latest[latest["role"] == role]["holders"].sum(), language),
        )
        for role in ("chair", "vice_chair")
    ]


def plan_key_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    if data.empty:
        return [translate("exports.key.no_targets", language, year=year)]
    return [
        translate(
            "exports.key.attainment",
            language,
            metric=translate(f"exports.metric.{row.metric}", language),
            actual=format_number(_number(row.actual), language),
            target=format_number(_number(row.target), language),
            share=format_percent(_number(row.attainment), language),
        )
        for row in data.itertuples()
    ]


def council_key_numbers(data: pd.DataFrame, year: int, language: Language) -> list[str]:
    in_year = _in_year(data, year, "start_date")
    return [
        translate(
            "exports.key.council_meetings_counted",
            language,
            year=year,
            meetings=format_number(len(in_year), language),
            value=counted("new_member", _number(in_year["new_members"].sum()), language),
        )
    ]
