"""Country as a person writes it (ISO3, ISO2, English or Chinese name, any case) to its ISO3 code."""

from __future__ import annotations

import difflib
from functools import cache

import pandas as pd
import pycountry

from analysis.countries import read_country_reference

# Everyday English names the ISO lists spell otherwise.
EVERYDAY_NAMES = {
    "turkey": "TUR",
    "russia": "RUS",
    "uk": "GBR",
    "great britain": "GBR",
    "britain": "GBR",
    "usa": "USA",
    "czech republic": "CZE",
    "korea": "KOR",
    "republic of korea": "KOR",
    "laos": "LAO",
    "syria": "SYR",
    "iran": "IRN",
    "holland": "NLD",
}


@cache
def country_lookup() -> dict[str, str]:
    """Case-folded spelling -> ISO3: the reference's codes and names, plus pycountry's other English names."""
    reference = read_country_reference()
    lookup: dict[str, str] = {}
    for iso3, iso2, name_en, name_zh in zip(
        reference["iso3"], reference["iso2"], reference["name_en"], reference["name_zh"], strict=True
    ):
        for spelling in (iso3, iso2, name_en, name_zh):
            lookup.setdefault(spelling.casefold(), iso3)
    known = set(reference["iso3"])
    for country in pycountry.countries:
        if country.alpha_3 not in known:
            continue
        for attribute in ("name", "official_name", "common_name"):
            spelling = getattr(country, attribute, None)
            if spelling:
                lookup.setdefault(spelling.casefold(), country.alpha_3)
    for spelling, iso3 in EVERYDAY_NAMES.items():
        lookup.setdefault(spelling, iso3)
    return lookup


@cache
def _english_names() -> dict[str, str]:
    """Case-folded English name -> the name as written, for suggestions."""
    reference = read_country_reference()
    return {name.casefold(): name for name in reference["name_en"]}


def to_iso3(values: pd.Series) -> pd.Series:
    """ISO3 for each stripped spelling; missing where the spelling is not a known country."""
    lookup = country_lookup()
    return values.str.strip().str.casefold().map(lookup)


def closest_country_name(spelling: str) -> str | None:
    """The English country name closest to a misspelling ("Serbai" -> "Serbia"), if any is close."""
    names = _english_names()
    matches = difflib.get_close_matches(spelling.strip().casefold(), list(names), n=1, cutoff=0.75)
    return names[matches[0]] if matches else None
