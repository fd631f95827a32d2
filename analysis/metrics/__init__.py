"""The metric engine: every figure the dashboard, exports and command line show, defined once.

Each function takes `(database, filters, ...)`, aggregates in DuckDB and returns a small object;
its docstring states its grain and definition. See the README's metric glossary.
"""

from analysis.metrics.engagement import engagement_over_time, most_active_members
from analysis.metrics.events import (
    EventTotals,
    event_list,
    event_participants,
    event_totals,
    events_by_period,
    first_in_person_event,
    member_events,
)
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
from analysis.metrics.plan import MembersProjection, members_projection, plan_against_actual

__all__ = [
    "EventTotals",
    "Grain",
    "HeadlineFigures",
    "MembersProjection",
    "cohort_retention",
    "countries_over_time",
    "country_first_join",
    "effective_number_of_countries",
    "engagement_over_time",
    "event_list",
    "event_participants",
    "event_totals",
    "events_by_period",
    "first_in_person_event",
    "headline_figures",
    "host_country_share",
    "member_events",
    "member_list",
    "member_mix_over_time",
    "members_by_country",
    "members_by_region",
    "members_by_region_over_time",
    "members_by_type",
    "members_over_time",
    "members_projection",
    "most_active_members",
    "new_members_per_council_meeting",
    "plan_against_actual",
    "role_holders_on",
    "role_holders_over_time",
]
