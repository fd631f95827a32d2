"""The filters every metric takes, built in one place into bound query parameters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Literal

Grain = Literal["month", "quarter", "year"]  # the period every chart over time is cut into
GRAINS: tuple[Grain, ...] = ("month", "quarter", "year")
# UN M49 regions a member or an event can be in (the country reference's `region`).
REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")
DEFAULT_HOST_COUNTRY = "CHN"


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the view to.

    `as_of` is the day point-in-time metrics are computed for. `start`/`end` bound period series
    (both inclusive; None = from the first data / up to `as_of`). Empty tuples mean "no filter".
    Countries are ISO3 codes; regions are UN M49 region names (Africa, Americas, Asia, Europe, Oceania).
    """

    as_of: dt.date
    start: dt.date | None = None
    end: dt.date | None = None
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    member_types: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    host_country: str = DEFAULT_HOST_COUNTRY

    def with_as_of(self, as_of: dt.date) -> Filters:
        """The same filters at another day (used for year-ago comparisons)."""
        return replace(self, as_of=as_of)

    @property
    def period_end(self) -> dt.date:
        """The last day of period series: `end` when given, else `as_of`."""
        return self.end or self.as_of

    def member_parameters(self) -> dict[str, Any]:
        """Bound parameters for the `filtered_members($countries, $regions, $member_types)` macro."""
        return {
            "countries": _list_or_none(self.countries),
            "regions": _list_or_none(self.regions),
            "member_types": _list_or_none(self.member_types),
        }

    def event_parameters(self) -> dict[str, Any]:
        """Bound parameters for the `filtered_events($countries, $regions, $event_types, $formats)` macro."""
        return {
            "countries": _list_or_none(self.countries),
            "regions": _list_or_none(self.regions),
            "event_types": _list_or_none(self.event_types),
            "formats": _list_or_none(self.formats),
        }

    def parameters(self) -> dict[str, Any]:
        """Every filter parameter plus the days; `run_query` binds only those a query names."""
        return {
            "as_of": self.as_of,
            "start": self.start,
            "end": self.period_end,
            "host_country": self.host_country,
            **self.member_parameters(),
            **self.event_parameters(),
        }

    def is_unfiltered(self) -> bool:
        """True when no list filter narrows anything."""
        return not (self.countries or self.regions or self.member_types or self.event_types or self.formats)


def _list_or_none(values: tuple[str, ...]) -> list[str] | None:
    return list(values) if values else None


def year_ago(day: dt.date) -> dt.date:
    """The same month and day one year earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def year_start(day: dt.date) -> dt.date:
    """1 January of the day's year: the first day of its year-to-date window."""
    return dt.date(day.year, 1, 1)
