"""Geography metrics: members per country and region, countries over time, the year each country joined,
the share outside the host country, and the effective number of countries.

A member is active on day D when joined_on <= D and (left_on is empty or D < left_on); a country counts
on D when at least one of its member units (passing the filters) is active on D. Regions are UN M49
regions of the member's country.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.filters import Filters
from analysis.metrics.membership import first_join_day
from analysis.metrics.periods import Grain, check_grain, period_parameters, series_periods
from analysis.queries import run_query
from analysis.store.connection import AllianceDatabase


def members_by_country(database: AllianceDatabase, filters: Filters) -> pd.DataFrame:
    """Members active on `filters.as_of` per country, largest first.

    Grain: one row per country with at least one active member.
    DataFrame[country, name_en, name_zh, region, members].
    """
    with database.reading() as cursor:
        return run_query(cursor, "metrics/active_members_by_country", filters.parameters())


def members_by_region(database: AllianceDatabase, filters: Filters) -> pd.DataFrame:
    """Members active on `filters.as_of` per region, largest first.

    Grain: one row per region with at least one active member. DataFrame[region, members].
    """
    with database.reading() as cursor:
        return run_query(cursor, "metrics/active_members_by_region", filters.parameters())


def countries_over_time(database: AllianceDatabase, filters: Filters, grain: Grain) -> pd.DataFrame:
    """Countries represented per period, and countries new in it.

    Grain: one row per calendar period, periods as in `members_over_time` (from the period of the first
    join, or filters.start, to filters.period_end, the last cut at that day).
    - countries: countries with at least one member active on the period's last day;
    - new_countries: countries whose earliest joined_on, over all their members past and present,
      falls in the period (both ends included).
    DataFrame[period_start, period_end, countries, new_countries].
    """
    columns = ["period_start", "period_end", "countries", "new_countries"]
    periods = series_periods(filters, first_join_day(database, filters), check_grain(grain))
    if not periods:
        return pd.DataFrame(columns=columns)
    with database.reading() as cursor:
        frame = run_query(
            cursor, "metrics/countries_over_time", {**filters.parameters(), **period_parameters(periods)}
        )
    return frame[columns]


def country_first_join(database: AllianceDatabase, filters: Filters) -> pd.DataFrame:
    """The day (and year) each country's first member unit joined, over all its members past and present.

    Grain: one row per country whose first join is on or before `filters.as_of`, earliest first.
    DataFrame[country, name_en, name_zh, region, first_joined_on, first_join_year].
    """
    with database.reading() as cursor:
        return run_query(cursor, "metrics/country_first_join", filters.parameters())


def host_country_share(database: AllianceDatabase, filters: Filters) -> float | None:
    """Share of the members active on `filters.as_of` whose country is not `filters.host_country`.

    Grain: one figure. (active members outside the host country) / (active members); None when no
    member is active. The host country is China (CHN) unless the filters say otherwise.
    """
    by_country = members_by_country(database, filters)
    total = int(by_country["members"].sum())
    if total == 0:
        return None
    outside = int(by_country.loc[by_country["country"] != filters.host_country, "members"].sum())
    return outside / total


def effective_number_of_countries(database: AllianceDatabase, filters: Filters) -> float | None:
    """exp(Shannon entropy) of the country shares of members active on `filters.as_of`.

    Grain: one figure. With p_c = members of country c / all active members, the figure is
    exp(-sum p_c ln p_c): n when members spread evenly over n countries, 1 when all are in one;
    None when no member is active.
    """
    counts = members_by_country(database, filters)["members"].astype(float)
    return effective_number(counts.tolist())


def effective_number(counts: list[float]) -> float | None:
    """exp(Shannon entropy) of the shares the counts make (zeros ignored); None when they sum to 0."""
    total = sum(counts)
    if total <= 0:
        return None
    shares = [count / total for count in counts if count > 0]
    return math.exp(-sum(share * math.log(share) for share in shares))
