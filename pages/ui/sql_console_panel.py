"""The SQL console section of the Explore page: a query box, its result or refusal, and the schema browser.

Every query goes through `analysis.sql_console.run_readonly_sql` (parser check, locked-down read-only
copy, time and row limits, audit log); this module only lays it out.
"""

from __future__ import annotations

import streamlit as st

from analysis.auth.roles import Identity, Role
from analysis.errors import AllianceError
from analysis.exporting.safe_cells import csv_bytes
from analysis.i18n import Language, format_number, translate
from analysis.sql_console import (
    DEFAULT_ROW_LIMIT,
    DEFAULT_TIMEOUT_SECONDS,
    SqlResult,
    macro_overview,
    run_readonly_sql,
    schema_overview,
    table_overview,
)
from pages.ui.auth import IDENTITY_KEY
from pages.ui.cache import compute
from pages.ui.database import shared_database
from pages.ui.session_access import authorized_identity

KEY_SQL = "explore_sql"
KEY_SQL_RUN = "explore_sql_run"
_SQL_RESULT = "explore_sql_result"


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


def _show_sql_result(result: SqlResult, language: Language) -> None:
    if result.outcome != "answered":
        (st.error if result.refused else st.warning)(result.reason_in(language) or "")
        return
    rows = format_number(len(result.frame), language)
    st.caption(
        translate("explore.sql.answered", language, rows=rows, ms=format_number(result.elapsed_ms, language))
    )
    if result.truncated:
        st.warning(
            translate("explore.sql.truncated", language, limit=format_number(DEFAULT_ROW_LIMIT, language))
        )
    st.dataframe(result.frame, hide_index=True, key="explore_sql_table")
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
    )
    st.text_area(translate("explore.sql.query_label", language), key=KEY_SQL, height=140)
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
