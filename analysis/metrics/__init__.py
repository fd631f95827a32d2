"""The metric engine: every figure the dashboard, exports and command line show, defined once.

Each function takes `(database, filters, ...)`, aggregates in DuckDB and returns a small object;
its docstring states its grain and definition. See the README's metric glossary.
"""

from analysis.metrics.geography import (
    countries_over_time,
    country_first_join,
    effective_number_of_countries,
    host_country_share,
    members_by_country,
    members_by_region,
)
from analysis.metrics.governance import (
    new_members_per_council_meeting,
    role_holders_on,
    role_holders_over_time,
)
from analysis.metrics.headline import HeadlineFigures, headline_figures
from analysis.metrics.membership import (
    cohort_retention,
    member_list,
    member_mix_over_time,
    members_by_region_over_time,
    members_by_type,
    members_over_time,
)
from analysis.metrics.periods import Grain

__all__ = [
    "Grain",
    "HeadlineFigures",
    "cohort_retention",
    "countries_over_time",
    "country_first_join",
    "effective_number_of_countries",
    "headline_figures",
    "host_country_share",
    "member_list",
    "member_mix_over_time",
    "members_by_country",
    "members_by_region",
    "members_by_region_over_time",
    "members_by_type",
    "members_over_time",
    "new_members_per_council_meeting",
    "role_holders_on",
    "role_holders_over_time",
]
