"""A figure's data as a reader reads it: the table in figures.xlsx and in the dashboard's per-chart Excel.

Codes become their labels in the language (member types, regions, roles, event types, formats, countries,
metrics), column names are translated, dates are dates (no "00:00"), rates are rounded to four decimals
(shown as percentages by the workbook), and a partial last period says so ("2025 (to 28 Mar)").
The CSV and Parquet files for analysts keep the codes and full precision (`analyst_table`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from analysis.i18n import Language, catalog, country_name, translate
from analysis.i18n.labels import as_date
from analysis.metrics.periods import Grain, period_end
from analysis.narrative.comparison import short_day

# Columns holding a code, and the catalogue prefix that names it.
CODE_COLUMNS = {
    "member_type": "common.member_type",
    "region": "common.region",
    "role": "common.role",
    "event_type": "common.event_type",
    "format": "common.format",
    "metric": "exports.metric",
}
RATE_COLUMNS = frozenset({"growth_rate", "share_active", "engagement_rate", "attainment"})
RATE_DECIMALS = 4  # 0.1234 = 12.34%: the workbook shows one decimal of a percent
DATE_COLUMNS = frozenset(
    {"period_start", "period_end", "first_joined_on", "start_date", "end_date", "joined_on", "left_on",
     "last_event_on", "measured_on"}
)  # fmt: skip
# The other language's name columns are dropped from the reader's table (the country column is named).
OTHER_NAME = {"en": ("name_zh", "title_zh", "city_zh"), "zh": ("name_en", "title_en")}
PERIOD_COLUMN = "period"


def is_partial(start: object, end: object, grain: Grain) -> bool:
    """True when the period starting `start` was cut before its natural end (at the report day)."""
    return as_date(end) < period_end(as_date(start), grain)


def partial_label(label: str, end: dt.date, language: Language) -> str:
    """'2025' -> '2025 (to 28 Mar)' / '2025（截至3月28日）'; a label that says it already is kept."""
    suffix = translate("exports.period.partial", language, day=short_day(end, language))
    return label if label.endswith(suffix) else label + suffix


def period_column(data: pd.DataFrame, grain: Grain, language: Language) -> list[str]:
    """Each row's period as a reader names it, the partial last one marked."""
    from analysis.i18n.labels import period_label

    labels = []
    for start, end in zip(data["period_start"], data["period_end"], strict=True):
        label = period_label(as_date(start), grain, language)
        if is_partial(start, end, grain):
            label = partial_label(label, as_date(end), language)
        labels.append(label)
    return labels


def readable_table(data: pd.DataFrame, language: Language, grain: Grain | None = None) -> pd.DataFrame:
    """`data` with labels for codes, translated headers, plain dates and rounded rates (see the module doc)."""
    table = data.copy()
    if grain is not None and {"period_start", "period_end"} <= set(table.columns):
        table.insert(0, PERIOD_COLUMN, period_column(table, grain, language))
    for column, prefix in CODE_COLUMNS.items():
        if column in table.columns:
            table[column] = pd.Series(
                [_label(prefix, value, language) for value in table[column]], index=table.index
            )
    per_item = bool({"member_id", "event_id"} & set(table.columns))  # a list of members or events
    if "country" in table.columns:
        table["country"] = [
            "" if value is None or pd.isna(value) else country_name(str(value), language)
            for value in table["country"]
        ]
        if not per_item:  # name_en / name_zh are the country's: the country column names it now
            table = table.drop(columns=[c for c in ("name_en", "name_zh") if c in table.columns])
    if not per_item or "event_id" in table.columns:
        table = table.drop(
            columns=[c for c in OTHER_NAME[language] if c in table.columns and c.startswith("title")]
        )
    for column in table.columns:
        if column in DATE_COLUMNS or _midnights(table[column]):
            table[column] = [
                None if value is None or pd.isna(value) else as_date(value) for value in table[column]
            ]
        elif column in RATE_COLUMNS:
            table[column] = pd.to_numeric(table[column], errors="coerce").round(RATE_DECIMALS)
    return translated_headers(table, language)


def _midnights(values: pd.Series) -> bool:
    """True for a column of days held as date-times at midnight (shown with a "00:00" otherwise)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        stamps = values.dropna()
        return bool((stamps == stamps.dt.normalize()).all())
    present = [
        value for value in values if value is not None and not (isinstance(value, float) and pd.isna(value))
    ]
    return bool(present) and all(
        isinstance(value, dt.datetime) and value.time() == dt.time(0) for value in present
    )


def translated_headers(table: pd.DataFrame, language: Language) -> pd.DataFrame:
    messages = catalog(language)
    return table.rename(
        columns={column: messages.get(f"exports.column.{column}", str(column)) for column in table.columns}
    )


def rate_headers(language: Language) -> set[str]:
    """The translated names of the rate columns (the workbook formats them as percentages)."""
    messages = catalog(language)
    return {messages.get(f"exports.column.{column}", column) for column in RATE_COLUMNS}


def _label(prefix: str, value: Any, language: Language) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return value
    return catalog(language).get(f"{prefix}.{value}", str(value))


def analyst_table(data: pd.DataFrame) -> pd.DataFrame:
    """The data as computed (codes, full precision), with dates as dates: for CSV and Parquet."""
    table = data.copy()
    for column in table.columns:
        if column in DATE_COLUMNS or _midnights(table[column]):
            table[column] = [
                None if value is None or pd.isna(value) else as_date(value) for value in table[column]
            ]
    return table


def partial_period(data: pd.DataFrame, grain: Grain | None) -> tuple[dt.date, dt.date] | None:
    """(start, cut day) of the data's last period when the report day cut it short, else None."""
    if grain is None or data.empty or not {"period_start", "period_end"} <= set(data.columns):
        return None
    last = data.iloc[int(pd.to_datetime(data["period_start"]).to_numpy().argmax())]
    start, end = as_date(last["period_start"]), as_date(last["period_end"])
    return (start, end) if is_partial(start, end, grain) else None


PARTIAL_OPACITY = 0.45  # the partial last period is drawn lighter than the full ones


def mark_partial_period(figure: object, data: pd.DataFrame, grain: Grain | None, language: Language) -> None:
    """In a figure drawn over periods: the partial last period's label says "to 28 Mar", and its bar or
    point is lighter. Changes `figure` (a plotly figure) in place; nothing when every period is whole."""
    import plotly.graph_objects as go

    from analysis.i18n.labels import period_label

    assert isinstance(figure, go.Figure)
    partial = partial_period(data, grain)
    if partial is None or grain is None:
        return
    start, end = partial
    label = period_label(start, grain, language)
    marked = partial_label(label, end, language)
    for trace in figure.data:
        axis = "y" if getattr(trace, "orientation", None) == "h" else "x"
        values = getattr(trace, axis, None)
        if values is None:
            continue
        values = list(values)
        positions = [index for index, value in enumerate(values) if str(value) in (label, marked)]
        if not positions:
            continue
        trace.update({axis: [marked if index in positions else value for index, value in enumerate(values)]})
        if trace.type in ("bar", "scatter"):
            opacity = [PARTIAL_OPACITY if index in positions else 1.0 for index in range(len(values))]
            trace.update(marker={"opacity": opacity})
