"""An Explore question as one SQL query for the SQL console: "open this question as SQL".

The query is the explorer's own (the facts query of the measure, grouped by the question's dimensions,
built on the shared macros), with the filter and period values written in as SQL literals instead of
bound parameters, so it runs alone in the console and counts exactly what the explorer counts. The one
difference: the console leaves out combinations where nothing was counted (the explorer shows them as 0).
Every value written in comes from the whitelisted question and from typed filters (codes and dates),
never from free text, and is quoted as a literal.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from analysis.explore.pivot import _aggregate_sql, _periods
from analysis.explore.questions import MEASURES, ExploreQuestion
from analysis.filters import Filters
from analysis.metrics.periods import period_parameters
from analysis.queries import bind, load_query
from analysis.store.database import AllianceDatabase

_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_TEXT_LISTS = frozenset({"countries", "regions", "member_types", "event_types", "formats"})


def question_sql(database: AllianceDatabase, filters: Filters, question: ExploreQuestion) -> str:
    """The SQL of `question` under `filters`, runnable as it is in the SQL console."""
    question = question.checked()
    measure = MEASURES[question.measure]
    with database.reading() as cursor:
        periods = _periods(cursor, filters, question)
    if not periods:
        return "-- No data yet: the explorer has nothing to count.\nSELECT 0 AS value"
    parameters = {
        **filters.parameters(),
        **period_parameters(periods),
        "window_start": filters.start
        if question.time_dimension is None and filters.start
        else periods[0].start,
        "window_end": periods[-1].end,
    }
    bound = bind(measure.facts_query, parameters)
    sql = _aggregate_sql(load_query(measure.facts_query), measure.aggregate, question.dimensions)
    header = (
        f"-- Explore: {question.measure}"
        + (f" by {', '.join(question.dimensions)}" if question.dimensions else "")
        + f", {periods[0].start.isoformat()} to {periods[-1].end.isoformat()}.\n"
        "-- Combinations with nothing counted are left out (the explorer shows them as 0).\n"
    )
    return header + _PARAMETER.sub(lambda match: sql_literal(match.group(1), bound[match.group(1)]), sql)


def sql_literal(name: str, value: Any) -> str:
    """`value` as a DuckDB literal (lists of codes typed, so an empty filter is a typed NULL)."""
    if value is None:
        return "NULL::VARCHAR[]" if name in _TEXT_LISTS else "NULL"
    if isinstance(value, (list, tuple)):
        items = ", ".join(sql_literal(name, item) for item in value)
        return f"[{items}]"
    if isinstance(value, dt.datetime):
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'"
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"
