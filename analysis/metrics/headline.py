"""Headline figures: the one-screen summary of the alliance on an as-of day, with year-ago comparisons.

Definitions (the README's metric glossary repeats them):
- active on day D: joined_on <= D and (left_on is empty or D < left_on);
- YTD for as-of day D: 1 January of D's year to D, both included; an event belongs to the day it starts;
- a year ago: the same month and day one year earlier (29 February -> 28 February).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from analysis.filters import Filters, year_ago, year_start
from analysis.metrics.events import event_totals
from analysis.metrics.geography import members_by_country
from analysis.metrics.membership import members_by_type
from analysis.metrics.periods import to_date
from analysis.queries import run_query
from analysis.store.database import AllianceDatabase

DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class HeadlineFigures:
    """The headline figures on `as_of` (member filters select members, event filters events)."""

    as_of: dt.date
    members: int  # members active on as_of
    countries: int  # countries with at least one active member on as_of
    regions: int  # UN M49 regions with at least one active member on as_of
    new_members_ytd: int  # joined_on in [1 January, as_of]
    departed_members_ytd: int  # left_on in [1 January, as_of] (a member leaving on D is gone on D)
    members_year_ago: int  # members active on year_ago(as_of)
    members_yoy: float | None  # members / members_year_ago - 1; None when a year ago there were none
    countries_year_ago: int
    new_members_ytd_year_ago: int  # joined_on in [1 January, year_ago(as_of)] of the year before
    first_joined_on: dt.date | None  # the day the first member joined
    cagr_since_first_join: float | None
    chairs: int  # chair units on as_of
    vice_chairs: int  # vice-chair units on as_of
    events_ytd: int
    events_ytd_year_ago: int
    event_attendees_ytd: int  # sum of the known attendee counts of YTD events
    engaged_members_ytd: int  # members active on as_of with >= 1 participation in a YTD event
    engagement_rate_ytd: float | None  # engaged / members; None when no member is active
    engagement_rate_ytd_year_ago: float | None
    new_countries_ytd: int  # countries whose earliest joined_on (all members, past and present) is YTD
    members_by_country: dict[str, int] = field(default_factory=dict)  # ISO3 -> active members
    members_by_type: dict[str, int] = field(default_factory=dict)  # all six types -> active members

    def to_json_dict(self) -> dict[str, Any]:
        """Plain JSON values: days as ISO text, fractions as numbers, missing as None (null)."""
        values = asdict(self)
        for key, value in values.items():
            if isinstance(value, dt.date):
                values[key] = value.isoformat()
        return values


def compound_annual_growth(
    members_now: int, members_base: int, base_day: dt.date, as_of: dt.date
) -> float | None:
    """(members_now / members_base) ** (365.25 / days from base_day to as_of) - 1, None when undefined."""
    days = (as_of - base_day).days
    if days <= 0 or members_base <= 0 or members_now <= 0:
        return None
    return float((members_now / members_base) ** (DAYS_PER_YEAR / days) - 1)


def headline_figures(database: AllianceDatabase, filters: Filters) -> HeadlineFigures:
    """The headline figures on `filters.as_of`, with year-ago comparisons.

    Grain: one set of figures for the day. Members, countries and regions count members active on
    as_of (joined_on <= as_of < left_on, empty left_on = still a member). YTD figures cover 1 January of
    as_of's year to as_of, both included; year-ago figures use the same month and day a year earlier
    (29 February -> 28 February) and its own YTD window.
    - members_yoy = members / members_year_ago - 1 (None when a year ago there were none);
    - cagr_since_first_join: compound annual growth from the members active on 31 December of the
      year the first member joined to the members on as_of,
      (members / members_then) ** (365.25 / days between) - 1; None on or before that year end
      (95 members on 2024-12-31 from 19 on 2020-12-31 gives (95/19) ** (1/4) - 1 = 49.5%);
    - chairs / vice_chairs: member units holding that role on as_of (start_date <= as_of < end_date);
    - events_ytd, event_attendees_ytd, engaged_members_ytd, engagement_rate_ytd: `event_totals` over
      the YTD window (events pass the event filters; engaged = members active on as_of who took part
      in at least one YTD event; rate = engaged / members active on as_of);
    - new_countries_ytd: countries whose earliest joined_on, over all their members past and
      present, falls in the YTD window.
    """
    as_of = filters.as_of
    with database.reading() as cursor:
        row = run_query(cursor, "metrics/headline_membership", filters.parameters()).iloc[0]
    first_joined_on = to_date(row["first_joined_on"])
    members = int(row["members"])
    members_year_ago = int(row["members_year_ago"])
    cagr = None
    if first_joined_on is not None:
        cagr = compound_annual_growth(
            members, int(row["members_first_year_end"]), dt.date(first_joined_on.year, 12, 31), as_of
        )
    totals = event_totals(database, filters, year_start(as_of), as_of)
    previous_day = year_ago(as_of)
    totals_year_ago = event_totals(database, filters, year_start(previous_day), previous_day)
    by_country = members_by_country(database, filters)
    by_type = members_by_type(database, filters)
    return HeadlineFigures(
        as_of=as_of,
        members=members,
        countries=int(row["countries"]),
        regions=int(row["regions"]),
        new_members_ytd=int(row["new_members_ytd"]),
        departed_members_ytd=int(row["departed_members_ytd"]),
        members_year_ago=members_year_ago,
        members_yoy=members / members_year_ago - 1 if members_year_ago else None,
        countries_year_ago=int(row["countries_year_ago"]),
        new_members_ytd_year_ago=int(row["new_members_ytd_year_ago"]),
        first_joined_on=first_joined_on,
        cagr_since_first_join=cagr,
        chairs=int(row["chairs"]),
        vice_chairs=int(row["vice_chairs"]),
        events_ytd=totals.events,
        events_ytd_year_ago=totals_year_ago.events,
        event_attendees_ytd=totals.attendees,
        engaged_members_ytd=totals.engaged_members,
        engagement_rate_ytd=totals.engagement_rate,
        engagement_rate_ytd_year_ago=totals_year_ago.engagement_rate,
        new_countries_ytd=int(row["new_countries_ytd"]),
        members_by_country={
            str(c): int(n) for c, n in zip(by_country["country"], by_country["members"], strict=True)
        },
        members_by_type={
            str(t): int(n) for t, n in zip(by_type["member_type"], by_type["members"], strict=True)
        },
    )
