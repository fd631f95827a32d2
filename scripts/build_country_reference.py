"""Rebuild data/reference/countries.csv: ISO 3166-1 from pycountry, UN M49 sub-regions from country_converter.

Run by hand when pycountry publishes new codes; the product reads only the CSV it writes.
country_converter is used for its data file alone (its code breaks with pandas 3):

    pip download --no-deps country_converter -d /tmp/cc && unzip -o /tmp/cc/*.whl -d /tmp/cc
    python scripts/build_country_reference.py /tmp/cc/country_converter/country_data.tsv
"""

from __future__ import annotations

import csv
import gettext
import sys
from pathlib import Path

import pycountry

OUTPUT = Path(__file__).resolve().parent.parent / "data" / "reference" / "countries.csv"

# UN M49: each sub-region belongs to one region.
REGION_OF_SUB_REGION = {
    "Northern Africa": "Africa",
    "Eastern Africa": "Africa",
    "Middle Africa": "Africa",
    "Southern Africa": "Africa",
    "Western Africa": "Africa",
    "Caribbean": "Americas",
    "Central America": "Americas",
    "South America": "Americas",
    "Northern America": "Americas",
    "Central Asia": "Asia",
    "Eastern Asia": "Asia",
    "South-eastern Asia": "Asia",
    "Southern Asia": "Asia",
    "Western Asia": "Asia",
    "Eastern Europe": "Europe",
    "Northern Europe": "Europe",
    "Southern Europe": "Europe",
    "Western Europe": "Europe",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
    "Antarctica": "Antarctica",
}

# M49 gives no sub-region to these; the values follow the UN Statistics Division's own notes.
SUB_REGION_OVERRIDES = {
    "ATA": "Antarctica",
    "BVT": "South America",  # M49 lists Bouvet Island under Latin America and the Caribbean
    "HMD": "Australia and New Zealand",
    "ATF": "Eastern Africa",
    "IOT": "Eastern Africa",
    "UMI": "Micronesia",
    "SGS": "South America",
    "TWN": "Eastern Asia",
    "XKX": "Southern Europe",
}

# Chinese short names in everyday use where the ISO translation is the long official form.
ZH_COMMON_NAMES = {
    "KOR": "韩国",
    "PRK": "朝鲜",
    "LAO": "老挝",
    "IRN": "伊朗",
    "SYR": "叙利亚",
    "VNM": "越南",
    "BOL": "玻利维亚",
    "MDA": "摩尔多瓦",
    "VEN": "委内瑞拉",
    "COD": "刚果（金）",
    "COG": "刚果（布）",
}
# English short names staff write and charts show, where pycountry has only the long official form
# ("Russian Federation"). The importer still reads the long forms (pycountry's names).
EN_COMMON_NAMES = {
    "RUS": "Russia",
    "BRN": "Brunei",
    "COD": "DR Congo",
    "FSM": "Micronesia",
    "PSE": "Palestine",
    "VAT": "Vatican City",
    "BES": "Caribbean Netherlands",
}

CONTINENT_OF_SUB_REGION = {
    "Caribbean": "North America",
    "Central America": "North America",
    "Northern America": "North America",
    "South America": "South America",
}


def main(tsv_path: str) -> None:
    m49: dict[str, tuple[str, str]] = {}
    with open(tsv_path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            m49[row["ISO3"]] = (row["UNregion"], row["continent"])
    chinese = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    rows = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        sub_region = SUB_REGION_OVERRIDES.get(country.alpha_3) or m49.get(country.alpha_3, ("", ""))[0]
        if sub_region not in REGION_OF_SUB_REGION:
            raise SystemExit(f"{country.alpha_3}: no M49 sub-region known ({sub_region!r})")
        region = REGION_OF_SUB_REGION[sub_region]
        continent = CONTINENT_OF_SUB_REGION.get(sub_region, region)
        if region == "Americas" and sub_region == "South America":
            continent = "South America"
        name_en = (
            EN_COMMON_NAMES.get(country.alpha_3) or getattr(country, "common_name", None) or country.name
        )
        name_zh = ZH_COMMON_NAMES.get(country.alpha_3) or chinese.gettext(country.name)
        if name_zh == country.name and country.alpha_3 not in ZH_COMMON_NAMES:
            raise SystemExit(f"{country.alpha_3}: pycountry has no Chinese name")
        rows.append(
            {
                "iso3": country.alpha_3,
                "iso2": country.alpha_2,
                "numeric_code": country.numeric,
                "name_en": name_en,
                "name_zh": name_zh,
                "region": region,
                "sub_region": sub_region,
                "continent": continent,
            }
        )
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUTPUT, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} countries to {OUTPUT}")


if __name__ == "__main__":
    main(sys.argv[1])
