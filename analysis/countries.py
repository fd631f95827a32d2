"""The country reference shipped with the product: ISO 3166-1 codes and names, UN M49 regions.

Read from `data/reference/countries.csv` (an installed package's `alliance_data`); the store's
`countries` table is filled from it, and everything that names or groups countries without a store
(the filters, sign-in scopes, translations, the importer) reads it here.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from analysis.paths import REFERENCE_DIR

COUNTRY_REFERENCE = REFERENCE_DIR / "countries.csv"


def read_country_reference() -> pd.DataFrame:
    """The shipped ISO 3166-1 / UN M49 table; every column text ("NA" is Namibia, not missing)."""
    return pd.read_csv(COUNTRY_REFERENCE, dtype=str, keep_default_na=False)


@cache
def known_country_codes() -> frozenset[str]:
    """Every ISO3 code in the country reference: what a link or a filter may name as a country."""
    return frozenset(str(code) for code in read_country_reference()["iso3"])


@cache
def country_regions() -> dict[str, str]:
    """ISO3 code -> its UN M49 region (Africa, Americas, Asia, Europe, Oceania)."""
    reference = read_country_reference()
    return dict(zip(reference["iso3"], reference["region"], strict=True))


@cache
def country_names() -> dict[str, tuple[str, str]]:
    """ISO3 code -> (English name, Chinese name)."""
    reference = read_country_reference()
    return {
        str(iso3): (str(name_en), str(name_zh))
        for iso3, name_en, name_zh in zip(
            reference["iso3"], reference["name_en"], reference["name_zh"], strict=True
        )
    }
