"""The SQL console section of the Explore page: example questions, a query box, its result or refusal, and
the schema browser; and the Explore question's "open this question as SQL" button.

Every query goes through `analysis.sql_console.run_readonly_sql` (length limit, then a worker process with
the parser check, locked-down read-only snapshot, memory, time, row and byte limits; audit log); this
module only lays it out.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.auth.roles import Identity, Role
from analysis.errors import AllianceError
from analysis.explore.as_sql import question_sql
from analysis.explore.questions import ExploreQuestion
from analysis.filters import Filters
from analysis.i18n import Language, format_number, translate
from analysis.spreadsheets.safe_cells import csv_bytes
from analysis.sql_console import (
    DEFAULT_ROW_LIMIT,
    DEFAULT_TIMEOUT_SECONDS,
    MAX_SQL_CHARACTERS,
    SqlResult,
    macro_overview,
    run_readonly_sql,
    schema_overview,
    table_overview,
)
from analysis.sql_console.examples import EXAMPLE_CODES, example_label_key, example_sql
from analysis.sql_console.policy import MAX_RESULT_BYTES, MiB
from analysis.sql_console.pool import console_pool
from app_ui.frame.auth import IDENTITY_KEY
from app_ui.frame.session_access import authorized_identity
from app_ui.state.cache import compute
from app_ui.state.database import shared_database

KEY_SQL = "explore_sql"
KEY_SQL_RUN = "explore_sql_run"
KEY_SQL_EXAMPLE = "explore_sql_example"
KEY_OPEN_AS_SQL = "explore_open_as_sql"
_SQL_RESULT = "explore_sql_result"
_FROM_EXPLORE = "explore_sql_from_question"


def _current_user() -> str | None:
    identity = st.session_state.get(IDENTITY_KEY)
    return identity.name if isinstance(identity, Identity) and not identity.is_anonymous else None


def _run_sql() -> None:
    """On click, before the rerun (a callback survives the frame's own reruns): run and keep the result."""
    if authorized_identity(Role.VIEWER) is None:  # signed out since the page was drawn: nothing runs
        st.session_state.pop(_SQL_RESULT, None)
        return
    sql = str(st.session_state.get(KEY_SQL) or "")
    try:
        st.session_state[_SQL_RESULT] = run_readonly_sql(shared_database(), sql, user=_current_user())
    except AllianceError as error:  # e.g. the audit log cannot be written: nothing ran; say why
        st.session_state[_SQL_RESULT] = str(error)


def _fill_example(language: Language) -> None:
    """On choosing an example: its query goes into the box (the choice itself is a code, never a label)."""
    code = st.session_state.get(KEY_SQL_EXAMPLE)
    if code in EXAMPLE_CODES:
        st.session_state[KEY_SQL] = example_sql(code, language)
        st.session_state.pop(_FROM_EXPLORE, None)


def _open_question_as_sql(
    filters: Filters, question: ExploreQuestion, title: str, language: Language
) -> None:
    try:
        st.session_state[KEY_SQL] = question_sql(shared_database(), filters, question, language)
        st.session_state[_FROM_EXPLORE] = title
    except AllianceError as error:
        st.session_state[_SQL_RESULT] = str(error)
    st.session_state.pop(KEY_SQL_EXAMPLE, None)


def open_question_as_sql_button(
    filters: Filters, question: ExploreQuestion, title: str, language: Language
) -> None:
    """The Explore question's button: fills the console below with the question's SQL."""
    st.button(
        translate("sqlconsole.open_in_console", language),
        key=KEY_OPEN_AS_SQL,
        on_click=_open_question_as_sql,
        args=(filters, question, title, language),
    )


def _dates_shown_as_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """DATE columns arrive as midnight timestamps: show them as days (the CSV keeps the values as they are)."""
    shown = frame.copy()
    for name in shown.columns:
        column = shown[name]
        if (
            pd.api.types.is_datetime64_any_dtype(column)
            and column.dropna().dt.normalize().eq(column.dropna()).all()
        ):
            shown[name] = column.dt.date
    return shown


def _show_sql_result(result: SqlResult, language: Language) -> None:
    if result.outcome != "answered":
        (st.error if result.refused else st.warning)(result.reason_in(language) or "")
        return
    rows = format_number(len(result.frame), language)
    st.caption(
        translate("explore.sql.answered", language, rows=rows, ms=format_number(result.elapsed_ms, language))
    )
    if result.truncated_by == "bytes":
        st.warning(
            translate(
                "sqlconsole.truncated_bytes",
                language,
                rows=rows,
                megabytes=format_number(MAX_RESULT_BYTES / MiB, language),
            )
        )
    elif result.truncated:
        st.warning(
            translate("explore.sql.truncated", language, limit=format_number(DEFAULT_ROW_LIMIT, language))
        )
    st.dataframe(_dates_shown_as_dates(result.frame), hide_index=True, key="explore_sql_table")
    st.download_button(
        translate("explore.sql.download_csv", language),
        data=csv_bytes(result.frame),
        file_name="alliance-sql.csv",
        mime="text/csv",
        key="explore_sql_csv",
    )


def sql_console_panel(language: Language) -> None:
    """The console: text area, run button, the last result (or why there is none), the schema browser."""
    st.header(translate("explore.sql.heading", language))
    st.caption(
        translate(
            "explore.sql.intro",
            language,
            limit=format_number(DEFAULT_ROW_LIMIT, language),
            seconds=format_number(DEFAULT_TIMEOUT_SECONDS, language),
        )
        + " "
        + translate("sqlconsole.too_long_note", language, limit=format_number(MAX_SQL_CHARACTERS, language))
    )
    console_pool().warm()  # a worker starts now, so the first query does not wait for one
    st.selectbox(
        translate("sqlconsole.examples_label", language),
        EXAMPLE_CODES,
        index=None,
        key=KEY_SQL_EXAMPLE,
        placeholder=translate("sqlconsole.examples_placeholder", language),
        format_func=lambda code: translate(example_label_key(code), language),
        on_change=_fill_example,
        args=(language,),
    )
    if st.session_state.get(_FROM_EXPLORE):
        st.info(translate("sqlconsole.opened_from_explore", language, title=st.session_state[_FROM_EXPLORE]))
    st.text_area(
        translate("explore.sql.query_label", language),
        key=KEY_SQL,
        height=200,
        max_chars=MAX_SQL_CHARACTERS,
    )
    st.button(translate("explore.sql.run", language), key=KEY_SQL_RUN, type="primary", on_click=_run_sql)
    stored = st.session_state.get(_SQL_RESULT)
    if isinstance(stored, SqlResult):
        _show_sql_result(stored, language)
    elif isinstance(stored, str):
        st.error(stored)
    with st.expander(translate("explore.sql.schema_heading", language)):
        schema = compute(schema_overview, language)
        for caption, frame, key in (
            (None, table_overview(schema, language), "explore_tables_table"),
            ("explore.sql.columns_heading", schema, "explore_schema_table"),
            ("explore.sql.macros_heading", macro_overview(language), "explore_macros_table"),
        ):
            if caption:
                st.caption(translate(caption, language))
            headers = {name: translate(f"explore.sql.column.{name}", language) for name in frame.columns}
            st.dataframe(frame.rename(columns=headers), hide_index=True, key=key)
