"""English and Chinese for everything a person reads: labels, numbers, dates, country names, generated text.

Messages live in `analysis/i18n/catalog/<area>.<lang>.json` (one file per area and language, so features
add their own without touching others'); keys are "<area>.<name>". Both languages must hold the same
keys: `missing_keys()` says which are not, and a test walks the pages to find any untranslated key.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Literal

import pandas as pd

from analysis.countries import country_names

Language = Literal["en", "zh"]
LANGUAGES: tuple[Language, ...] = ("en", "zh")
CATALOG_DIR = Path(__file__).resolve().parent / "catalog"


class MissingTranslation(KeyError):
    """A key asked for that a catalogue does not hold."""


@cache
def catalog(language: Language) -> dict[str, str]:
    """Every message of one language, merged from all area files; a key defined twice is an error."""
    messages: dict[str, str] = {}
    for path in sorted(CATALOG_DIR.glob(f"*.{language}.json")):
        for key, text in json.loads(path.read_text(encoding="utf-8")).items():
            if key in messages:
                raise ValueError(f"translation key {key!r} is defined twice ({path.name})")
            messages[key] = text
    return messages


def translate(key: str, language: Language, **values: object) -> str:
    """The message `key` in `language`, with `{name}` placeholders filled from `values`."""
    try:
        text = catalog(language)[key]
    except KeyError:
        raise MissingTranslation(f"no {language} text for {key!r}") from None
    return text.format(**values) if values else text


def missing_keys() -> dict[Language, set[str]]:
    """Keys one language has and the other lacks."""
    english, chinese = set(catalog("en")), set(catalog("zh"))
    return {"en": chinese - english, "zh": english - chinese}


def format_number(value: float | int | None, language: Language, decimals: int = 0) -> str:
    """Thousands separated; "–" for a missing value (None, NaN, pandas' NA). Both languages group by
    thousands with commas."""
    if value is None or pd.isna(value):
        return "–"
    return f"{value:,.{decimals}f}"


def format_percent(
    fraction: float | None, language: Language, decimals: int = 0, signed: bool = False
) -> str:
    """0.2203 → "22%" (or "+22%" when signed); "–" for a missing value."""
    if fraction is None or pd.isna(fraction):
        return "–"
    sign = "+" if signed and fraction > 0 else ""
    return f"{sign}{fraction * 100:.{decimals}f}%"


MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_date(day: dt.date, language: Language) -> str:
    """19 November 2023 / 2023年11月19日."""
    if language == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def format_month(day: dt.date, language: Language) -> str:
    """November 2023 / 2023年11月."""
    if language == "zh":
        return f"{day.year}年{day.month}月"
    return f"{MONTHS_EN[day.month - 1]} {day.year}"


def country_name(iso3: str, language: Language) -> str:
    """A country's name in the language; the code itself when unknown."""
    names = country_names().get(iso3)
    if names is None:
        return iso3
    return names[1] if language == "zh" else names[0]
