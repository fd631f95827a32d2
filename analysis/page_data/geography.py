"""The geography page's data: members per country and region, countries over time, first joins, spread."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.filters import Filters, year_ago
from analysis.metrics.geography import (
    countries_over_time,
    country_first_join,
    effective_number_of_countries,
    host_country_share,
    members_by_country,
    members_by_region,
)
from analysis.metrics.periods import Grain
from analysis.store.connection import AllianceDatabase


@dataclass(frozen=True)
class GeographyData:
    members_by_country: pd.DataFrame
    members_by_region: pd.DataFrame
    countries_over_time: pd.DataFrame
    country_first_join: pd.DataFrame
    host_country_share: float | None  # share of active members outside the host country
    host_country_share_year_ago: float | None
    effective_countries: float | None  # exp(Shannon entropy) of country shares
    effective_countries_year_ago: float | None


def geography_data(database: AllianceDatabase, filters: Filters, grain: Grain) -> GeographyData:
    """Everything the geography page shows below the map, for `filters` (series at `grain`)."""
    a_year_earlier = filters.with_as_of(year_ago(filters.as_of))
    return GeographyData(
        members_by_country=members_by_country(database, filters),
        members_by_region=members_by_region(database, filters),
        countries_over_time=countries_over_time(database, filters, grain),
        country_first_join=country_first_join(database, filters),
        host_country_share=host_country_share(database, filters),
        host_country_share_year_ago=host_country_share(database, a_year_earlier),
        effective_countries=effective_number_of_countries(database, filters),
        effective_countries_year_ago=effective_number_of_countries(database, a_year_earlier),
    )
