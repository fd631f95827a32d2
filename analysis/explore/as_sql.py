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
from analysis.explore.presentation import dimension_label, measure_label
from analysis.explore.questions import MEASURES, ExploreQuestion
from analysis.filters import Filters
from analysis.i18n import Language, translate
from analysis.metrics.periods import period_parameters
from analysis.queries import bind, load_query, quoted_literal
from analysis.store.connection import AllianceDatabase

_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_TEXT_LISTS = frozenset({"countries", "regions", "member_types", "event_types", "formats"})


def question_sql(
    database: AllianceDatabase, filters: Filters, question: ExploreQuestion, language: Language = "en"
) -> str:
    """The SQL of `question` under `filters`, runnable as it is in the SQL console (comments in `language`;
    `title` names the question, e.g. the page's chart title)."""
    question = question.checked()
    measure = MEASURES[question.measure]
    with database.reading() as cursor:
        periods = _periods(cursor, filters, question)
    if not periods:
        return f"-- {translate('sqlconsole.sql_no_data', language)}\nSELECT 0 AS value"
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
    named = measure_label(question.measure, language) + "".join(
        f" – {dimension_label(name, language)}" for name in question.dimensions
    )
    header = (
        "-- "
        + translate(
            "sqlconsole.sql_header",
            language,
            question=named,
            start=periods[0].start.isoformat(),
            end=periods[-1].end.isoformat(),
        )
        + "\n-- "
        + translate("sqlconsole.sql_zero_note", language)
        + "\n"
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
    return quoted_literal(str(value))
