"""Explore: a pivot explorer anyone can use (its question kept in the URL, so links, Back and Forward reopen it)
and a guarded read-only SQL console."""

from __future__ import annotations

import streamlit as st

from analysis.explore import MEASURES, ExploreQuestion, explore, question_from_query
from analysis.explore.presentation import dimension_label, labelled_table, measure_label, question_title
from analysis.explore.questions import (
    ENTITY_DIMENSIONS,
    PARAMETER_COLUMNS,
    PARAMETER_MEASURE,
    PARAMETER_ROWS,
    QUESTION_PARAMETERS,
    TIME_DIMENSIONS,
)
from analysis.figures.explore import explore_figure
from analysis.filters.url_state import browser_changed_view, view_parameters
from analysis.i18n import Language, format_date, translate
from app_ui.panels.sql_console_panel import open_question_as_sql_button, sql_console_panel
from app_ui.state.cache import compute
from app_ui.state.coded_choice import keep_codes_across_languages
from app_ui.state.filter_bar import current_filters, current_language
from app_ui.widgets.chart import show_chart

KEY_MEASURE = "explore_measure"
KEY_ROWS = "explore_rows"
KEY_COLUMNS = "explore_columns"
# The question's parameters the widgets are in step with: the URL they were last seeded from, or last
# wrote. Also the question's memory across pages: Streamlit drops the widgets' state when the page is left.
_URL_IN_STEP = "explore_url_in_step"
_IGNORED = "explore_ignored_from_url"
NO_DIMENSION = ""


def _seed_from_url() -> None:
    """Put the question the URL asks into the widgets: on the page's first run in a session, whenever the
    browser changed the URL (Back, Forward) rather than the app, and on coming back from another page.

    A URL without any of the question's parameters (Streamlit's page switch drops them) keeps the question
    the page last showed.
    """
    state = st.session_state
    in_url = _question_in_url()
    in_step = state.get(_URL_IN_STEP)
    if in_step is not None and KEY_MEASURE in state and not browser_changed_view(in_url, in_step):
        return
    asked = in_url or in_step or {}
    question, ignored = question_from_query(asked)
    state[KEY_MEASURE] = question.measure
    state[KEY_ROWS] = question.rows or NO_DIMENSION
    state[KEY_COLUMNS] = question.columns or NO_DIMENSION
    state[_IGNORED] = ignored
    state[_URL_IN_STEP] = asked


def _dimension_choice(label: str, key: str, options: list[str], language: Language) -> str | None:
    if st.session_state.get(key) not in options:
        st.session_state[key] = NO_DIMENSION  # the measure changed and this breakdown does not fit it
    choice = st.selectbox(
        label,
        options,
        key=key,
        on_change=_write_url_from_widgets,
        format_func=lambda name: (
            dimension_label(name, language) if name else translate("explore.no_dimension", language)
        ),
    )
    return choice or None


def _question_widgets(language: Language) -> ExploreQuestion:
    for key in (KEY_MEASURE, KEY_ROWS, KEY_COLUMNS):  # the question stays when the language changes
        keep_codes_across_languages(key, language)
    measure_column, rows_column, columns_column = st.columns(3)
    measure = measure_column.selectbox(
        translate("explore.measure_label", language),
        list(MEASURES),
        key=KEY_MEASURE,
        on_change=_write_url_from_widgets,
        format_func=lambda name: measure_label(name, language),
    )
    allowed = list(MEASURES[measure].dimensions)
    with rows_column:
        rows = _dimension_choice(
            translate("explore.rows_label", language), KEY_ROWS, [NO_DIMENSION, *allowed], language
        )
    second = [
        name
        for name in allowed
        if name != rows
        and not (rows in TIME_DIMENSIONS and name in TIME_DIMENSIONS)
        and name not in ENTITY_DIMENSIONS
        and rows not in ENTITY_DIMENSIONS  # a list of events or members takes no second breakdown
    ]
    with columns_column:
        columns = _dimension_choice(
            translate("explore.columns_label", language), KEY_COLUMNS, [NO_DIMENSION, *second], language
        )
    st.caption(translate(f"explore.measure_help.{measure}", language))
    if rows in ENTITY_DIMENSIONS:
        st.caption(translate("explore.entity_alone", language))
    return ExploreQuestion(measure, rows, columns).checked()


# Example questions about single events and members, one click each (codes; labels from the catalogue).
EXAMPLES = {
    "events_by_participants": ExploreQuestion("participations", "event"),
    "events_by_attendees": ExploreQuestion("attendees", "event"),
    "members_by_participations": ExploreQuestion("participations", "member"),
    "members_never_attended": ExploreQuestion("members_never_attended", "member"),
}


def _ask(example: str) -> None:
    """An example button's callback: its question into the widgets and the URL (one history entry)."""
    question = EXAMPLES[example]
    st.session_state[KEY_MEASURE] = question.measure
    st.session_state[KEY_ROWS] = question.rows or NO_DIMENSION
    st.session_state[KEY_COLUMNS] = question.columns or NO_DIMENSION
    _write_url(question)


def _example_buttons(language: Language) -> None:
    st.caption(translate("explore.examples_heading", language))
    with st.container(horizontal=True):  # each button as wide as its words, wrapping on a phone
        for example in EXAMPLES:
            st.button(
                translate(f"explore.example.{example}", language),
                key=f"explore_example_{example}",
                on_click=_ask,
                args=(example,),
                width="content",
            )


def _write_url(question: ExploreQuestion) -> None:
    """Make the URL hold the question, in one update: each update is one entry in the browser's history,
    so Back undoes a whole change of question (the filter bar keeps the filters' own parameters)."""
    wanted = question.to_query()
    if _question_in_url() != wanted:
        others = {
            name: st.query_params.get_all(name) for name in st.query_params if name not in QUESTION_PARAMETERS
        }
        st.query_params.from_dict({**others, **wanted})
    st.session_state[_URL_IN_STEP] = wanted


def _write_url_from_widgets() -> None:
    """The widgets' callback: the URL holds the question they show. It never re-seeds them from the URL: a
    change by hand is made on the question shown, and the URL a rerun brings can lag behind the app's last
    write by a message's travel (it would pass for Back and undo the change)."""
    state = st.session_state
    shown = {
        PARAMETER_MEASURE: state.get(KEY_MEASURE),
        PARAMETER_ROWS: state.get(KEY_ROWS),
        PARAMETER_COLUMNS: state.get(KEY_COLUMNS),
    }
    question, _ignored = question_from_query(shown)  # a breakdown the new measure does not offer is dropped
    _write_url(question)


def _question_in_url() -> dict[str, str]:
    return view_parameters(st.query_params.to_dict(), QUESTION_PARAMETERS)


language = current_language()
filters = current_filters()
_seed_from_url()
st.title(translate("explore.page_title", language))
st.caption(translate("explore.intro", language))
if st.session_state.get(_IGNORED):
    st.warning(translate("explore.ignored", language, details=", ".join(st.session_state[_IGNORED])))
_example_buttons(language)
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
    open_question_as_sql_button(filters, question, title, language)
else:
    st.info(translate("explore.empty", language))

st.divider()
sql_console_panel(language)
