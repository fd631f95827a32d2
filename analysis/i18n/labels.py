"""Labels as a reader sees them: periods on an axis ("Q4 2023" / "2023年第4季度") and names in the chosen language."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import pandas as pd

from analysis.i18n import Language, format_month, translate


def period_label(period_start: dt.date, grain: str, language: Language) -> str:
    """The period that starts on `period_start`: "November 2023", "Q4 2023" or "2023" (and in Chinese)."""
    if grain == "month":
        return format_month(period_start, language)
    if grain == "quarter":
        quarter = (period_start.month - 1) // 3 + 1
        return translate("common.period.quarter", language, year=period_start.year, quarter=quarter)
    return translate("common.period.year", language, year=period_start.year)


def period_labels(period_starts: Iterable[object], grain: str, language: Language) -> list[str]:
    """`period_label` for each value of a column of dates (date, datetime64 or ISO text)."""
    return [period_label(as_date(value), grain, language) for value in period_starts]


def as_date(value: object) -> dt.date:
    """A date from a date, a pandas Timestamp, a numpy datetime64 or ISO text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()  # type: ignore[arg-type]


def grain_name(grain: str, language: Language) -> str:
    """The grain as it reads inside a title: "quarter" / "季度"."""
    return translate(f"common.grain_name.{grain}", language)


def display_name(name_en: object, name_zh: object, language: Language) -> str:
    """A member's, event's or city's name in `language`: the Chinese name when there is one, else the English.

    The one place the Chinese view chooses between a recorded English and Chinese name.
    """
    if language == "zh" and isinstance(name_zh, str) and name_zh.strip():
        return name_zh
    return str(name_en)


# Characters that start Markdown (and Streamlit's :colour[...], :icon:, $math$) constructs. A backslash
# before any ASCII punctuation is a literal in CommonMark, so the text renders exactly as stored.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:^&=])")


def markdown_literal(text: str) -> str:
    """`text` (a member's or an event's data) escaped to show as itself inside `st.markdown`: a city
    named "[x](http://…)" stays those characters, never a link, a heading, bold or a formula."""
    return _MARKDOWN_SYNTAX.sub(r"\\\1", text)
