"""Explore: a pivot explorer anyone can use (its question kept in the URL) and a guarded read-only SQL console."""

from __future__ import annotations

import streamlit as st

from analysis.explore import MEASURES, ExploreQuestion, explore, question_from_query
from analysis.explore.presentation import dimension_label, labelled_table, measure_label, question_title
from analysis.explore.questions import QUESTION_PARAMETERS, TIME_DIMENSIONS
from analysis.figures.explore import explore_figure
from analysis.i18n import Language, format_date, translate
from pages.ui.cache import compute
from pages.ui.chart import show_chart
from pages.ui.filter_bar import current_filters, current_language
from pages.ui.sql_console_panel import sql_console_panel

KEY_MEASURE = "explore_measure"
KEY_ROWS = "explore_rows"
KEY_COLUMNS = "explore_columns"
_SEEDED = "explore_seeded_from_url"
_IGNORED = "explore_ignored_from_url"
NO_DIMENSION = ""


def _seed_from_url() -> None:
    """Once per session: the question the URL asks goes into the widgets."""
    state = st.session_state
    if state.get(_SEEDED):
        return
    question, ignored = question_from_query({name: st.query_params.get(name) for name in QUESTION_PARAMETERS})
    state[KEY_MEASURE] = question.measure
    state[KEY_ROWS] = question.rows or NO_DIMENSION
    state[KEY_COLUMNS] = question.columns or NO_DIMENSION
    state[_IGNORED] = ignored
    state[_SEEDED] = True


def _dimension_choice(label: str, key: str, options: list[str], language: Language) -> str | None:
    if st.session_state.get(key) not in options:
        st.session_state[key] = NO_DIMENSION  # the measure changed and this breakdown does not fit it
    choice = st.selectbox(
        label,
        options,
        key=key,
        format_func=lambda name: (
            dimension_label(name, language) if name else translate("explore.no_dimension", language)
        ),
    )
    return choice or None


def _question_widgets(language: Language) -> ExploreQuestion:
    measure_column, rows_column, columns_column = st.columns(3)
    measure = measure_column.selectbox(
        translate("explore.measure_label", language),
        list(MEASURES),
        key=KEY_MEASURE,
        format_func=lambda name: measure_label(name, language),
    )
    allowed = list(MEASURES[measure].dimensions)
    with rows_column:
        rows = _dimension_choice(
            translate("explore.rows_label", language), KEY_ROWS, [NO_DIMENSION, *allowed], language
        )
    second = [
        name for name in allowed if name != rows and not (rows in TIME_DIMENSIONS and name in TIME_DIMENSIONS)
    ]
    with columns_column:
        columns = _dimension_choice(
            translate("explore.columns_label", language), KEY_COLUMNS, [NO_DIMENSION, *second], language
        )
    st.caption(translate(f"explore.measure_help.{measure}", language))
    return ExploreQuestion(measure, rows, columns).checked()


def _write_url(question: ExploreQuestion) -> None:
    """The URL holds the question (the filter bar keeps the filters' own parameters)."""
    wanted = question.to_query()
    for name in QUESTION_PARAMETERS:
        if name in wanted and st.query_params.get(name) != wanted[name]:
            st.query_params[name] = wanted[name]
        elif name not in wanted and name in st.query_params:
            del st.query_params[name]


language = current_language()
filters = current_filters()
_seed_from_url()
st.title(translate("explore.page_title", language))
st.caption(translate("explore.intro", language))
if st.session_state.get(_IGNORED):
    st.warning(translate("explore.ignored", language, details=", ".join(st.session_state[_IGNORED])))
question = _question_widgets(language)
_write_url(question)

result = compute(explore, filters, question)
title = question_title(result, language)
table = labelled_table(result, language)
if result.periods:
    window = result.periods[0].start, result.periods[-1].end
    st.caption(
        translate(
            "explore.window",
            language,
            start=format_date(window[0], language),
            end=format_date(window[1], language),
        )
    )
    # The chart's download menu is the one place for the result's files: the table as CSV and XLSX (the
    # workbook headed by the title and filters, like every chart's) and the chart as PNG, SVG and PDF.
    show_chart(explore_figure(result, language), table, key="explore_chart", title=title)
    st.subheader(translate("explore.table_heading", language))
    st.dataframe(table, hide_index=True, key="explore_table")
else:
    st.info(translate("explore.empty", language))

st.divider()
sql_console_panel(language)
