"""The pivot explorer: one measure by up to two dimensions, under the shared filters.

The facts come from `analysis/queries/explore/*.sql`, built on the metric macros (`is_active_on`,
`members_joined_between`, `members_left_between`, `filtered_events`, `member_participations`), so the
explorer counts exactly what the metric engine counts. Periods are the metric engine's
(`series_periods`): with a time dimension, one per year, quarter or month from `filters.start` (else the
first day with data) to `filters.period_end`, the last one cut at that day; without one, a single window
from `filters.start` (else the first day with data) to `filters.period_end`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import pandas as pd

from analysis.explore.questions import (
    DIMENSION_VALUES,
    ENTITY_COLUMNS,
    ENTITY_DIMENSIONS,
    MEASURES,
    TIME_DIMENSIONS,
    ExploreQuestion,
)
from analysis.filters import Filters
from analysis.metrics.periods import Grain, Period, period_parameters, series_periods
from analysis.queries import bind, load_query
from analysis.store.connection import AllianceDatabase
from analysis.store.lake import fetch_scalar

VALUE = "value"
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class EntityName:
    """How an event or a member unit of an answer is named: in both languages, with its day or country."""

    name_en: str
    name_zh: str | None
    start_date: dt.date | None = None  # an event's
    country: str | None = None  # a member's


@dataclass(frozen=True)
class ExploreResult:
    """The answer: `table` is long (one row per combination of the dimensions' values, column `value`);
    `pivot` puts the first dimension down the side and the second across (or one `value` column).
    `names` names the events or members of an event or member breakdown (code -> EntityName)."""

    question: ExploreQuestion
    table: pd.DataFrame
    pivot: pd.DataFrame
    periods: tuple[Period, ...]
    names: Mapping[str, EntityName] = field(default_factory=dict)


def explore(database: AllianceDatabase, filters: Filters, question: ExploreQuestion) -> ExploreResult:
    """The measure of `question` under `filters`, by its dimensions; every combination shown, 0 when none.

    Grain: one row per combination of the dimension values (one row in all without dimensions).
    Definitions per measure: see `analysis.explore.questions.MEASURES` and the facts queries.
    """
    question = question.checked()
    measure = MEASURES[question.measure]
    with database.reading() as cursor:
        periods = _periods(cursor, filters, question)
        if not periods:
            table = _empty_table(question)
        else:
            parameters = {
                **filters.parameters(),
                **period_parameters(periods),
                "window_start": filters.start
                if question.time_dimension is None and filters.start
                else periods[0].start,
                "window_end": periods[-1].end,
            }
            sql = _aggregate_sql(load_query(measure.facts_query), measure.aggregate, question.dimensions)
            table = cursor.execute(
                sql, bind(measure.facts_query, parameters)
            ).df()  # the wrapper adds no parameter
        names = _entity_names(cursor, question, table)
    table = _complete(table, question, periods)
    return ExploreResult(question, table, pivot_of(table, question), tuple(periods), names)


def _entity_names(cursor: Any, question: ExploreQuestion, table: pd.DataFrame) -> dict[str, EntityName]:
    """The names of the events or members an entity breakdown lists (none for other questions)."""
    entity = question.entity_dimension
    if entity is None or table.empty:
        return {}
    query = f"explore/{entity}_names"
    codes = [str(code) for code in table[entity]]
    rows = cursor.execute(load_query(query), bind(query, {"codes": codes})).df()
    return {
        str(row["code"]): EntityName(
            name_en=str(row["name_en"]),
            name_zh=row["name_zh"] if isinstance(row["name_zh"], str) and row["name_zh"].strip() else None,
            start_date=pd.Timestamp(row["start_date"]).date() if "start_date" in row else None,
            country=str(row["country"]) if "country" in row else None,
        )
        for row in rows.to_dict("records")
    }


def _periods(cursor: Any, filters: Filters, question: ExploreQuestion) -> list[Period]:
    first_day = filters.start or _first_data_day(cursor)
    if first_day is None or filters.period_end < first_day:
        return []
    if question.time_dimension is None:
        return [Period(first_day, filters.period_end)]
    return series_periods(filters, first_day, cast(Grain, question.time_dimension))


def _first_data_day(cursor: Any) -> dt.date | None:
    day = fetch_scalar(cursor, load_query("explore/first_data_day"))
    return pd.Timestamp(day).date() if day is not None else None


def _aggregate_sql(facts_sql: str, aggregate: str, dimensions: tuple[str, ...]) -> str:
    """The facts grouped by the dimensions. Every piece is fixed text from the whitelists, never user input."""
    selected = [
        f"period_start as {name}"
        if name in TIME_DIMENSIONS
        else f"{ENTITY_COLUMNS[name]} as {name}"
        if name in ENTITY_DIMENSIONS
        else name
        for name in dimensions
    ]
    columns = ", ".join([*selected, f"{aggregate} as {VALUE}"])
    grouping = " group by all order by all" if dimensions else ""
    return f"with facts as (\n{facts_sql}\n)\nselect {columns} from facts{grouping}"


def _empty_table(question: ExploreQuestion) -> pd.DataFrame:
    return pd.DataFrame(columns=[*question.dimensions, VALUE])


def _complete(table: pd.DataFrame, question: ExploreQuestion, periods: list[Period]) -> pd.DataFrame:
    """Every combination of the dimensions' values, 0 where nothing was counted, values as integers."""
    dimensions = list(question.dimensions)
    if not dimensions:
        value = int(table[VALUE].iloc[0]) if len(table) and pd.notna(table[VALUE].iloc[0]) else 0
        return pd.DataFrame({VALUE: [value]})
    for name in dimensions:
        if name in TIME_DIMENSIONS:
            table[name] = pd.to_datetime(table[name]).dt.date
    levels = [_levels(name, table, periods) for name in dimensions]
    grid = pd.DataFrame(list(itertools.product(*levels)), columns=dimensions)
    complete = grid.merge(table, on=dimensions, how="left")
    complete[VALUE] = complete[VALUE].fillna(0).astype("int64")
    return complete


def _levels(name: str, table: pd.DataFrame, periods: list[Period]) -> list[Any]:
    if name in TIME_DIMENSIONS:
        return [period.start for period in periods]
    if name in DIMENSION_VALUES:
        return list(DIMENSION_VALUES[name])
    # Countries, regions, events and members: largest first, then by code, its numbers by value ("m2"
    # before "m10"). Events and members: only those the facts hold (a list of every member is no answer).
    totals = table.groupby(name)[VALUE].sum()
    return sorted(totals.index, key=lambda code: (-totals[code], natural_key(str(code))))


def natural_key(text: str) -> str:
    """`text` with each run of digits zero-padded, so sorting it as text orders its numbers by value."""
    return _DIGITS.sub(lambda match: match.group().zfill(12), text.casefold())


def pivot_of(table: pd.DataFrame, question: ExploreQuestion) -> pd.DataFrame:
    """The long table as a grid: rows by the first dimension, one column per value of the second."""
    dimensions = list(question.dimensions)
    if len(dimensions) < 2:
        return table.set_index(dimensions) if dimensions else table
    pivot = table.pivot(index=dimensions[0], columns=dimensions[1], values=VALUE)
    pivot = pivot.reindex(
        index=list(dict.fromkeys(table[dimensions[0]])), columns=list(dict.fromkeys(table[dimensions[1]]))
    )
    pivot.columns.name = dimensions[1]
    return pivot
