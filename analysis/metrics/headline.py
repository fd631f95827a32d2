"""Headline figures: the one-screen summary of the alliance on an as-of day, with year-ago comparisons.

Definitions (the README's metric glossary repeats them):
- active on day D: joined_on <= D and (left_on is empty or D < left_on);
- YTD for as-of day D: 1 January of D's year to D, both included; an event belongs to the day it starts;
- a year ago: the same month and day one year earlier (29 February -> 28 February).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from analysis.filters import DEFAULT_HOST_COUNTRY, Filters, year_start
from analysis.metrics.geography import effective_number
from analysis.metrics.periods import to_date
from analysis.queries import bind, load_query
from analysis.store.connection import AllianceDatabase
from analysis.store.contract import MEMBER_TYPES

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
    host_country: str = DEFAULT_HOST_COUNTRY
    share_outside_host_country: float | None = None  # active members outside host_country / members
    effective_number_of_countries: float | None = None  # exp(Shannon entropy) of the country shares

    def to_json_dict(self) -> dict[str, Any]:
        """Plain JSON values: days as ISO text, fractions as numbers, missing as None (null)."""
        values = asdict(self)
        for key, value in values.items():
            if isinstance(value, dt.date):
                values[key] = value.isoformat()
        return values


def _largest_first(members: dict[str, int]) -> dict[str, int]:
    """ISO3 -> members for countries with at least one, largest first, then by code."""
    ordered = sorted(
        ((country, n) for country, n in members.items() if n > 0), key=lambda item: (-item[1], item[0])
    )
    return dict(ordered)


_SUMMED = (
    "members",
    "members_year_ago",
    "new_members_ytd",
    "departed_members_ytd",
    "new_members_ytd_year_ago",
    "members_first_year_end",
    "engaged_members_ytd",
    "engaged_members_ytd_year_ago",
    "chairs",
    "vice_chairs",
)


@dataclass
class _MemberCounts:
    """The per-(country, member type) rows of headline_figures.sql added up (a few hundred rows at most)."""

    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_SUMMED, 0))
    by_country: dict[str, dict[str, int]] = field(
        default_factory=lambda: {"members": {}, "members_year_ago": {}}
    )
    by_type: dict[str, int] = field(default_factory=dict)
    region_of: dict[str, str] = field(default_factory=dict)
    first_join_by_country: dict[str, dt.date] = field(
        default_factory=dict
    )  # over all members, past and present
    first_joined_on: dt.date | None = None

    @classmethod
    def add_up(cls, rows: Iterable[dict[str, Any]]) -> _MemberCounts:
        counts = cls()
        for row in rows:
            country = row["country"]
            for column in _SUMMED:
                counts.totals[column] += int(row[column])
            for column, per_country in counts.by_country.items():
                per_country[country] = per_country.get(country, 0) + int(row[column])
            counts.by_type[row["member_type"]] = counts.by_type.get(row["member_type"], 0) + int(
                row["members"]
            )
            counts.region_of[country] = row["region"]
            first = to_date(row["first_joined_on"])
            if first is not None:
                earlier = counts.first_join_by_country.get(country)
                counts.first_join_by_country[country] = first if earlier is None else min(earlier, first)
                counts.first_joined_on = (
                    first if counts.first_joined_on is None else min(counts.first_joined_on, first)
                )
        return counts

    def total(self, column: str) -> int:
        return self.totals[column]


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
    - events_ytd, event_attendees_ytd, engaged_members_ytd, engagement_rate_ytd: as `event_totals`
      over the YTD window (events pass the event filters; engaged = members active on as_of who took
      part in at least one YTD event hosted anywhere; rate = engaged / members active on as_of);
      events_ytd_year_ago and engagement_rate_ytd_year_ago likewise over the year-ago YTD window;
    - new_countries_ytd: countries whose earliest joined_on, over all their members past and
      present, falls in the YTD window;
    - share_outside_host_country and effective_number_of_countries: as `host_country_share` and
      `effective_number_of_countries` in geography.py, from the same per-country counts.

    All of it comes from one query (metrics/headline_figures.sql: one pass over the members, one
    scan of participation for both YTD windows), so the page pays one round trip and one plan.
    """
    as_of = filters.as_of
    name = "metrics/headline_figures"
    with database.reading() as cursor:
        result = cursor.execute(load_query(name), bind(name, filters.parameters()))
        columns = [column[0] for column in result.description or []]
        rows = [dict(zip(columns, row, strict=True)) for row in result.fetchall()]
    counts = _MemberCounts.add_up(row for row in rows if row["country"] is not None)
    events = rows[0]  # the event counts ride on every row
    members, members_year_ago = counts.total("members"), counts.total("members_year_ago")
    engaged = counts.total("engaged_members_ytd")
    engaged_year_ago = counts.total("engaged_members_ytd_year_ago")
    first_joined_on = (
        counts.first_joined_on if counts.first_joined_on and counts.first_joined_on <= as_of else None
    )
    cagr = None
    if first_joined_on is not None:  # None before the first join
        first_year_end = dt.date(first_joined_on.year, 12, 31)
        cagr = compound_annual_growth(members, counts.total("members_first_year_end"), first_year_end, as_of)
    country_members = _largest_first(counts.by_country["members"])
    outside_host = sum(n for country, n in country_members.items() if country != filters.host_country)
    ytd_start = year_start(as_of)
    return HeadlineFigures(
        as_of=as_of,
        members=members,
        countries=len(country_members),
        regions=len({counts.region_of[country] for country in country_members}),
        new_members_ytd=counts.total("new_members_ytd"),
        departed_members_ytd=counts.total("departed_members_ytd"),
        members_year_ago=members_year_ago,
        members_yoy=members / members_year_ago - 1 if members_year_ago else None,
        countries_year_ago=sum(1 for n in counts.by_country["members_year_ago"].values() if n > 0),
        new_members_ytd_year_ago=counts.total("new_members_ytd_year_ago"),
        first_joined_on=first_joined_on,
        cagr_since_first_join=cagr,
        chairs=counts.total("chairs"),
        vice_chairs=counts.total("vice_chairs"),
        events_ytd=int(events["events_ytd"]),
        events_ytd_year_ago=int(events["events_ytd_year_ago"]),
        event_attendees_ytd=int(events["event_attendees_ytd"]),
        engaged_members_ytd=engaged,
        engagement_rate_ytd=engaged / members if members else None,
        engagement_rate_ytd_year_ago=engaged_year_ago / members_year_ago if members_year_ago else None,
        new_countries_ytd=sum(
            1 for day in counts.first_join_by_country.values() if ytd_start <= day <= as_of
        ),
        members_by_country=country_members,
        members_by_type={member_type: counts.by_type.get(member_type, 0) for member_type in MEMBER_TYPES},
        host_country=filters.host_country,
        share_outside_host_country=outside_host / members if members else None,
        effective_number_of_countries=effective_number([float(n) for n in country_members.values()]),
    )
