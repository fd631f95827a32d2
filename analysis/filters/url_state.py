"""A dashboard view as URL query parameters and back: filters, period grain and language.

Pure (no Streamlit), so the round trip is tested directly. The URL holds codes, never display
labels (ISO3 country codes, type codes, ISO dates), so a link opens the same view in either language.
Values a link holds that are not valid are dropped and reported, and the rest of the view is kept.
`browser_changed_view` tells a URL the browser went back or forward to from one the app wrote itself
(for the filter bar's view, and for a page's own parameters such as the explorer's question).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import cast

from analysis.filters import GRAINS, REGIONS, Filters, Grain
from analysis.i18n import LANGUAGES, Language
from analysis.store.contract import EVENT_FORMATS, EVENT_TYPES, MEMBER_TYPES

DEFAULT_GRAIN: Grain = "quarter"
DEFAULT_LANGUAGE: Language = "en"
EARLIEST_DAY = dt.date(2000, 1, 1)  # the first day the date pickers offer

# URL parameter name for each part of the view (short, readable in a shared link).
PARAMETER_AS_OF = "as_of"
PARAMETER_START = "from"
PARAMETER_END = "to"
PARAMETER_GRAIN = "grain"
PARAMETER_LANGUAGE = "lang"
PARAMETER_COUNTRIES = "countries"
PARAMETER_REGIONS = "regions"
PARAMETER_MEMBER_TYPES = "member_types"
PARAMETER_EVENT_TYPES = "event_types"
PARAMETER_FORMATS = "formats"
VIEW_PARAMETERS = (
    PARAMETER_AS_OF,
    PARAMETER_START,
    PARAMETER_END,
    PARAMETER_GRAIN,
    PARAMETER_LANGUAGE,
    PARAMETER_COUNTRIES,
    PARAMETER_REGIONS,
    PARAMETER_MEMBER_TYPES,
    PARAMETER_EVENT_TYPES,
    PARAMETER_FORMATS,
)


@dataclass(frozen=True)
class ViewState:
    """Everything a shared link restores."""

    filters: Filters
    grain: Grain = DEFAULT_GRAIN
    language: Language = DEFAULT_LANGUAGE

    def to_query(self) -> dict[str, str]:
        """URL query parameters: the as-of day always (a link pins its day), the rest when not default."""
        filters = self.filters
        query = {PARAMETER_AS_OF: filters.as_of.isoformat()}
        if filters.start:
            query[PARAMETER_START] = filters.start.isoformat()
        if filters.end:
            query[PARAMETER_END] = filters.end.isoformat()
        if self.grain != DEFAULT_GRAIN:
            query[PARAMETER_GRAIN] = self.grain
        if self.language != DEFAULT_LANGUAGE:
            query[PARAMETER_LANGUAGE] = self.language
        for name, values in (
            (PARAMETER_COUNTRIES, filters.countries),
            (PARAMETER_REGIONS, filters.regions),
            (PARAMETER_MEMBER_TYPES, filters.member_types),
            (PARAMETER_EVENT_TYPES, filters.event_types),
            (PARAMETER_FORMATS, filters.formats),
        ):
            if values:
                query[name] = ",".join(values)
        return query


@dataclass
class ParsedView:
    """A view read from a URL, with what had to be dropped (parameter name -> the rejected text)."""

    view: ViewState
    rejected: dict[str, str] = field(default_factory=dict)


def parse_query(
    query: Mapping[str, str],
    default_as_of: dt.date,
    known_countries: Collection[str],
    latest_day: dt.date = dt.date.max,
) -> ParsedView:
    """The view a URL asks for; a missing part takes its default, an invalid one is dropped and reported.

    Days must be real dates from EARLIEST_DAY to `latest_day` (the date pickers' range).
    """
    rejected: dict[str, str] = {}

    def day(name: str) -> dt.date | None:
        text = query.get(name, "").strip()
        if not text:
            return None
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            rejected[name] = text
            return None
        if not EARLIEST_DAY <= day <= latest_day:
            rejected[name] = text
            return None
        return day

    def choice(name: str, allowed: Collection[str], default: str) -> str:
        text = query.get(name, "").strip()
        if not text:
            return default
        if text not in allowed:
            rejected[name] = text
            return default
        return text

    def codes(name: str, allowed: Collection[str], normalise: bool = False) -> tuple[str, ...]:
        kept: list[str] = []
        dropped: list[str] = []
        for part in query.get(name, "").split(","):
            code = part.strip().upper() if normalise else part.strip()
            if not code:
                continue
            if code in allowed:
                if code not in kept:
                    kept.append(code)
            else:
                dropped.append(part.strip())
        if dropped:
            rejected[name] = ",".join(dropped)
        return tuple(kept)

    start, end = day(PARAMETER_START), day(PARAMETER_END)
    if start and end and start > end:
        rejected[f"{PARAMETER_START}/{PARAMETER_END}"] = f"{start.isoformat()} > {end.isoformat()}"
        start = end = None
    filters = Filters(
        as_of=day(PARAMETER_AS_OF) or default_as_of,
        start=start,
        end=end,
        countries=codes(PARAMETER_COUNTRIES, known_countries, normalise=True),
        regions=codes(PARAMETER_REGIONS, REGIONS),
        member_types=codes(PARAMETER_MEMBER_TYPES, MEMBER_TYPES),
        event_types=codes(PARAMETER_EVENT_TYPES, EVENT_TYPES),
        formats=codes(PARAMETER_FORMATS, EVENT_FORMATS),
    )
    grain = cast(Grain, choice(PARAMETER_GRAIN, GRAINS, DEFAULT_GRAIN))
    language = cast(Language, choice(PARAMETER_LANGUAGE, LANGUAGES, DEFAULT_LANGUAGE))
    return ParsedView(ViewState(filters, grain, language), rejected)


def view_parameters(query: Mapping[str, str], names: Collection[str] = VIEW_PARAMETERS) -> dict[str, str]:
    """The parameters of a URL query that belong to the view (a page's own parameters left out); a page
    that keeps its own view in the URL (the explorer's question) passes its parameters' `names`."""
    return {name: query[name] for name in names if name in query}


def browser_changed_view(in_url: Mapping[str, str], in_step_with: Mapping[str, str]) -> bool:
    """Whether the URL's view parameters are not the ones the app last read or wrote: the browser changed
    them (Back, Forward), so the URL, not the widgets, holds the view the user asked for.

    A URL without any view parameter is not a change: Streamlit drops every parameter on a page switch
    (that entry of the browser's history has none), and the view carries over to the new page.
    """
    return bool(in_url) and dict(in_url) != dict(in_step_with)
