"""A user's scope: the countries (named one by one or through their UN M49 regions) they may see and change.

A scope is written `region:Europe`, `region:Europe,Asia`, `countries:DEU,FRA` or both joined by `;`
(`region:Europe;countries:CHN`), in any case. In the secrets file it is the user's `scope = "..."`
(see `analysis/auth/settings.py`). No scope = the whole alliance.

What a scope holds (decided once, enforced by `analysis/store/scoped.py`, the only place):
- members whose country is in the scope;
- the roles and the participations of those members;
- events hosted in a scope country, and events any of those members took part in;
- the country reference (every country: it names things, it counts nothing);
- no targets (they are the whole alliance's) and no import log (it names other offices' work).
An editor with a scope may add or change rows inside it only: rows outside it must be the same after
a write as before, or nothing is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.countries import country_regions
from analysis.errors import AllianceError

REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")
_PART = re.compile(r"^\s*(?P<kind>regions?|countries|country)\s*:\s*(?P<values>.*?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Scope:
    """Regions and countries a user is limited to; `countries` is the resolved set of ISO3 codes."""

    regions: tuple[str, ...] = ()
    named_countries: tuple[str, ...] = ()

    @property
    def countries(self) -> frozenset[str]:
        return _countries_of(self.regions) | frozenset(self.named_countries)

    @property
    def text(self) -> str:
        """The scope as it is written (`region:Europe;countries:CHN`): stable, so it keys caches."""
        parts = []
        if self.regions:
            parts.append("region:" + ",".join(self.regions))
        if self.named_countries:
            parts.append("countries:" + ",".join(self.named_countries))
        return ";".join(parts)

    def __str__(self) -> str:
        return self.text


def _countries_of(regions: tuple[str, ...]) -> frozenset[str]:
    wanted = set(regions)
    return frozenset(iso3 for iso3, region in country_regions().items() if region in wanted)


def parse_scope(text: object, where: str = "the scope") -> Scope | None:
    """`region:Europe`, `countries:DEU,FRA`, or both joined by `;`; empty or None = no scope."""
    if text is None or str(text).strip() == "":
        return None
    regions: list[str] = []
    countries: list[str] = []
    for part in str(text).split(";"):
        if not part.strip():
            continue
        match = _PART.match(part)
        if match is None:
            raise AllianceError(
                f"{where}: {part.strip()!r} is not a scope. Write region:NAME[,NAME...] "
                "(e.g. region:Europe) or countries:ISO3[,ISO3...] (e.g. countries:DEU,FRA), joined by ';'."
            )
        values = [value.strip() for value in match["values"].split(",") if value.strip()]
        if not values:
            raise AllianceError(f"{where}: {part.strip()!r} names no region or country.")
        if match["kind"].lower().startswith("region"):
            regions.extend(_region(value, where) for value in values)
        else:
            countries.extend(_country(value, where) for value in values)
    if not regions and not countries:
        return None
    return Scope(regions=tuple(sorted(set(regions))), named_countries=tuple(sorted(set(countries))))


def scope_from_options(scope: str | None, countries: str | None) -> Scope | None:
    """The `user add --scope ... --countries ...` options as one scope."""
    text = ";".join(part for part in (scope, f"countries:{countries}" if countries else None) if part)
    return parse_scope(text, "--scope/--countries")


def _region(value: str, where: str) -> str:
    for region in REGIONS:
        if region.lower() == value.lower():
            return region
    raise AllianceError(f"{where}: the region {value!r} is not one of {', '.join(REGIONS)}.")


def _country(value: str, where: str) -> str:
    code = value.upper()
    if code not in country_regions():
        raise AllianceError(
            f"{where}: {value!r} is not an ISO3 country code (for example DEU for Germany, FRA for France)."
        )
    return code
