"""The explorer's answer as a reader sees it: codes turned into names and periods into labels, in one language.

The same labelled table is shown on the page and written to the CSV and XLSX downloads.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from analysis.explore.pivot import VALUE, EntityName, ExploreResult
from analysis.explore.questions import ENTITY_DIMENSIONS, LISTING_MEASURES, TIME_DIMENSIONS
from analysis.i18n import Language, country_name, format_date, translate
from analysis.i18n.labels import as_date, display_name, period_label

# The common catalogue's key prefix for each enumerated dimension's values.
_VALUE_KEYS = {
    "region": "common.region",
    "member_type": "common.member_type",
    "event_type": "common.event_type",
    "format": "common.format",
    "role": "common.participation_role",
}


def measure_label(measure: str, language: Language) -> str:
    return translate(f"explore.measure.{measure}", language)


def dimension_label(dimension: str, language: Language) -> str:
    return translate(f"explore.dimension.{dimension}", language)


def value_label(
    dimension: str, value: Any, language: Language, names: Mapping[str, EntityName] | None = None
) -> str:
    """One value of a dimension as a reader sees it: "Q4 2023", "Germany", "Economic", "In person"; an
    event or a member by its name in `language` (from `names`; its code when unnamed)."""
    if dimension in ENTITY_DIMENSIONS:
        entity = (names or {}).get(str(value))
        return display_name(entity.name_en, entity.name_zh, language) if entity else str(value)
    if dimension in TIME_DIMENSIONS:
        return period_label(as_date(value), dimension, language)
    if dimension == "country":
        return country_name(str(value), language)
    return translate(f"{_VALUE_KEYS[dimension]}.{value}", language)


def question_title(result: ExploreResult, language: Language) -> str:
    """ "Members active by year and region" / "按年份和区域的在册成员"."""
    question = result.question
    names = [dimension_label(dimension, language).lower() for dimension in question.dimensions]
    key = ("explore.title.total", "explore.title.one", "explore.title.two")[len(names)]
    if question.entity_dimension and question.measure in LISTING_MEASURES:
        key = "explore.title.listed"  # "Members who never took part, one by one", not "... by member"
    return translate(
        key,
        language,
        measure=measure_label(question.measure, language),
        **dict(zip(("first", "second"), names, strict=False)),
    )


def labelled_table(result: ExploreResult, language: Language) -> pd.DataFrame:
    """The pivot with names for codes and headers in `language`: first dimension down, second across."""
    question = result.question
    value_header = measure_label(question.measure, language)
    dimensions = question.dimensions
    if not dimensions:
        return pd.DataFrame({value_header: result.table[VALUE].tolist()})
    first = dimensions[0]
    if first in ENTITY_DIMENSIONS:
        return _entity_table(result, language)
    labels = [value_label(first, value, language) for value in result.pivot.index]
    if len(dimensions) == 1:
        return pd.DataFrame(
            {dimension_label(first, language): labels, value_header: result.pivot[VALUE].tolist()}
        )
    second = dimensions[1]
    table = pd.DataFrame({dimension_label(first, language): labels})
    for code in result.pivot.columns:
        table[value_label(second, code, language)] = result.pivot[code].astype("int64").tolist()
    return table


def _entity_table(result: ExploreResult, language: Language) -> pd.DataFrame:
    """One row per event (its day) or member (its country), largest first; a list (never-attended
    members) has no value column: each row counts one."""
    entity = result.question.entity_dimension or ""
    codes = list(result.pivot.index)
    entities = [result.names.get(str(code)) for code in codes]
    table = pd.DataFrame(
        {
            dimension_label(entity, language): [
                value_label(entity, code, language, result.names) for code in codes
            ]
        }
    )
    if entity == "event":
        table[translate("explore.column.event_date", language)] = [
            format_date(found.start_date, language) if found and found.start_date else ""
            for found in entities
        ]
    else:
        table[translate("explore.column.member_country", language)] = [
            country_name(found.country, language) if found and found.country else "" for found in entities
        ]
    if result.question.measure not in LISTING_MEASURES:
        table[measure_label(result.question.measure, language)] = result.pivot[VALUE].astype("int64").tolist()
    return table
