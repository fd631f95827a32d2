"""The explorer's answer as a reader sees it: codes turned into names and periods into labels, in one language.

The same labelled table is shown on the page and written to the CSV and XLSX downloads.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.explore.pivot import VALUE, ExploreResult
from analysis.explore.questions import TIME_DIMENSIONS
from analysis.figures.labels import as_date, period_label
from analysis.i18n import Language, country_name, translate

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


def value_label(dimension: str, value: Any, language: Language) -> str:
    """One value of a dimension as a reader sees it: "Q4 2023", "Germany", "Economic", "In person"."""
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
