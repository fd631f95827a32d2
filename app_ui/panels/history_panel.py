"""The History page's parts: every change (newest first, filtered), the rows one touched, undo, and the past.

The changes come from the store's own snapshots (`analysis/records/history.py`); an undo is a new
change (`analysis/records/undo.py`) and runs in its button's callback, after checking that the session
is an editor at that moment. "As it stood on a day" opens the store at the last snapshot of that day
and computes the headline figures and the full export from it, so a figure printed then is computed again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from analysis.errors import AllianceError
from analysis.filters import Filters
from analysis.i18n import Language, format_number, translate
from analysis.metrics.headline import headline_figures
from analysis.records.history import Change, RowChange, change_rows, list_changes, version_on_day
from analysis.records.tables import RECORD_TABLES
from analysis.records.undo import UndoBlockedError, undo_blockers, undo_change
from analysis.spreadsheets.tables import export_archive_bytes
from analysis.store.connection import AllianceDatabase, PastDatabase, open_past
from app_ui.frame.records_access import editor_now
from app_ui.state.cache import compute
from app_ui.state.coded_choice import keep_codes_across_languages
from app_ui.state.database import shared_database

KEY_TABLE = "history-table"
KEY_MEMBER = "history-member"
KEY_BY = "history-by"
KEY_SINCE = "history-since"
KEY_UNTIL = "history-until"
KEY_CHANGE = "history-change"
KEY_UNDO = "history-undo"
KEY_UNDO_CONFIRM = "history-undo-confirm"
KEY_UNDO_CANCEL = "history-undo-cancel"
KEY_DAY = "history-day"
KEY_PAST_EXPORT = "history-past-export"
ALL = "__all__"
_UNDOING = "history-undoing"
_OUTCOME = "history-outcome"
SHOWN_CHANGES = 500
SHOWN_ROWS = 1000


def show_history(language: Language) -> None:
    """The filters, the list of changes, and the chosen change's rows with its undo."""
    outcome = st.session_state.pop(_OUTCOME, None)
    if outcome:
        kind, text = outcome
        (st.success if kind == "success" else st.error)(text)
    st.subheader(translate("history.changes_title", language))
    table, member, made_by, since, until = _filters(language)
    changes = compute(
        list_changes,
        table=table,
        member=member,
        made_by=made_by,
        since=since,
        until=until,
        limit=SHOWN_CHANGES,
    )
    if not changes:
        st.info(translate("history.none", language))
        return
    st.dataframe(_changes_frame(changes, language), hide_index=True)
    labels = {change.change_id: _change_label(change, language) for change in changes}
    chosen = st.selectbox(
        translate("history.choose", language),
        options=list(labels),
        format_func=labels.__getitem__,
        key=KEY_CHANGE,
    )
    change = next(change for change in changes if change.change_id == chosen)
    _show_change(change, language)


def _filters(language: Language) -> tuple[str | None, str | None, str | None, dt.date | None, dt.date | None]:
    first, second, third, fourth, fifth = st.columns(5)
    keep_codes_across_languages(KEY_TABLE, language)
    table = first.selectbox(
        translate("history.filter_table", language),
        options=[ALL, *RECORD_TABLES],
        format_func=lambda code: (
            translate("history.all", language) if code == ALL else translate(f"data.table.{code}", language)
        ),
        key=KEY_TABLE,
    )
    member = second.text_input(translate("history.filter_member", language), key=KEY_MEMBER).strip()
    made_by = third.text_input(translate("history.filter_by", language), key=KEY_BY).strip()
    since = fourth.date_input(
        translate("history.filter_since", language), value=None, format="YYYY-MM-DD", key=KEY_SINCE
    )
    until = fifth.date_input(
        translate("history.filter_until", language), value=None, format="YYYY-MM-DD", key=KEY_UNTIL
    )
    return (
        None if table == ALL else table,
        member or None,
        made_by or None,
        since if isinstance(since, dt.date) else None,
        until if isinstance(until, dt.date) else None,
    )


def kind_label(change: Change, language: Language) -> str:
    return translate(f"history.kind.{change.kind}", language)


def _change_label(change: Change, language: Language) -> str:
    return f"#{change.change_id} · {change.made_at:%Y-%m-%d %H:%M} · {kind_label(change, language)} · {change.message}"


def _changes_frame(changes: list[Change], language: Language) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                translate("history.column.change", language): change.change_id,
                translate("history.column.when", language): f"{change.made_at:%Y-%m-%d %H:%M:%S}",
                translate("history.column.who", language): change.made_by or "–",
                translate("history.column.kind", language): kind_label(change, language),
                translate("history.column.what", language): change.message,
                translate("history.column.tables", language): ", ".join(
                    translate(f"data.table.{table}", language) for table in change.counts
                ),
                translate("history.column.added", language): change.total("added"),
                translate("history.column.changed", language): change.total("changed"),
                translate("history.column.deleted", language): change.total("deleted"),
            }
            for change in changes
        ]
    )


def _show_change(change: Change, language: Language) -> None:
    with st.container(border=True):
        st.markdown(
            "**"
            + translate(
                "history.change_title",
                language,
                change=change.change_id,
                kind=kind_label(change, language),
                who=change.made_by or "–",
                when=f"{change.made_at:%Y-%m-%d %H:%M:%S}",
            )
            + "**"
        )
        if change.undoes is not None:
            st.caption(translate("history.undoes", language, change=change.undoes))
        rows = compute(change_rows, change.change_id, limit=SHOWN_ROWS)
        if rows:
            st.dataframe(_rows_frame(rows, language), hide_index=True)
            if len(rows) >= SHOWN_ROWS:
                st.caption(
                    translate("history.more_rows", language, count=format_number(SHOWN_ROWS, language))
                )
        st.button(
            translate("history.undo", language, change=change.change_id),
            key=KEY_UNDO,
            on_click=_ask_undo,
            args=(change.change_id, language),
            disabled=not rows,
        )
        undoing = st.session_state.get(_UNDOING)
        if isinstance(undoing, dict) and undoing.get("change") == change.change_id:
            _confirm_undo(undoing, change, language)


def _rows_frame(rows: list[RowChange], language: Language) -> pd.DataFrame:
    lines: list[dict[str, Any]] = []
    for row in rows:
        base = {
            translate("history.column.table", language): translate(f"data.table.{row.table}", language),
            translate("history.column.row", language): row.key,
            translate("history.column.action", language): translate(f"history.action.{row.action}", language),
        }
        if row.action == "changed":
            for name in row.changed_columns:
                lines.append(
                    {
                        **base,
                        translate("history.column.column", language): name,
                        translate("history.column.before", language): _shown((row.before or {}).get(name)),
                        translate("history.column.after", language): _shown((row.after or {}).get(name)),
                    }
                )
        else:
            lines.append(
                {
                    **base,
                    translate("history.column.column", language): "",
                    translate("history.column.before", language): _summary(row.before),
                    translate("history.column.after", language): _summary(row.after),
                }
            )
    return pd.DataFrame(lines)


def _shown(value: Any) -> str:
    return "–" if value is None else str(value)


def _summary(row: dict[str, Any] | None) -> str:
    if row is None:
        return "–"
    return ", ".join(f"{name}={value}" for name, value in row.items() if value is not None)


def _ask_undo(change_id: int, language: Language) -> None:
    """Check for later changes in the way before asking to confirm."""
    if editor_now() is None:
        st.session_state[_OUTCOME] = ("error", translate("records.not_allowed", language))
        return
    try:
        blocking = undo_blockers(shared_database(), change_id)
    except AllianceError as error:
        st.session_state[_OUTCOME] = ("error", translate("records.failed", language, message=str(error)))
        return
    st.session_state[_UNDOING] = {"change": change_id, "blocking": blocking}


def _confirm_undo(undoing: dict[str, Any], change: Change, language: Language) -> None:
    blocking: dict[int, list[str]] = undoing["blocking"]
    if blocking:
        listed = "\n".join(
            "- "
            + translate(
                "history.blocked_line",
                language,
                change=snapshot,
                rows=", ".join(rows[:5]) + (" …" if len(rows) > 5 else ""),
            )
            for snapshot, rows in sorted(blocking.items(), reverse=True)
        )
        st.error(translate("history.blocked", language, change=change.change_id) + "\n\n" + listed)
        st.button(
            translate("records.cancel", language),
            key=KEY_UNDO_CANCEL,
            on_click=lambda: st.session_state.pop(_UNDOING, None),
        )
        return
    st.warning(
        translate(
            "history.undo_confirm",
            language,
            change=change.change_id,
            rows=format_number(change.rows_touched, language),
        )
    )
    yes, no = st.columns(2)
    yes.button(
        translate("history.undo_yes", language),
        type="primary",
        key=KEY_UNDO_CONFIRM,
        on_click=_undo,
        args=(change.change_id, language),
    )
    no.button(
        translate("records.cancel", language),
        key=KEY_UNDO_CANCEL,
        on_click=lambda: st.session_state.pop(_UNDOING, None),
    )


def _undo(change_id: int, language: Language) -> None:
    identity = editor_now()
    if identity is None:
        st.session_state[_OUTCOME] = ("error", translate("records.not_allowed", language))
        return
    st.session_state.pop(_UNDOING, None)
    try:
        outcome = undo_change(shared_database(), change_id, made_by=identity.name)
    except UndoBlockedError as error:
        st.session_state[_UNDOING] = {"change": change_id, "blocking": error.blocking}
        return
    except AllianceError as error:
        st.session_state[_OUTCOME] = ("error", translate("records.failed", language, message=str(error)))
        return
    st.session_state[KEY_CHANGE] = outcome.change_id  # show the undo itself next
    st.session_state[_OUTCOME] = (
        "success",
        translate(
            "history.undone",
            language,
            change=change_id,
            new=outcome.change_id,
            rows=format_number(len(outcome.rows), language),
        ),
    )


# As it stood on a day ------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=4)
def _past(path: str, version: int) -> PastDatabase:
    """The store at one snapshot, kept open for a few snapshots (one copy of the data each)."""
    return open_past(shared_database(), version)


def _past_figures(database: AllianceDatabase, day: dt.date) -> dict[str, int]:
    with database.reading() as cursor:
        counts = {
            table: int(cursor.execute(f"select count(*) from {table}").fetchall()[0][0])  # noqa: S608
            for table in RECORD_TABLES
        }
    figures = headline_figures(database, Filters(as_of=day))
    return {**counts, "active_members": figures.members, "countries": figures.countries}


def show_past(language: Language) -> None:
    """Pick a day: the data as it stood at its end, its headline figures and the whole export."""
    st.subheader(translate("history.past_title", language))
    st.caption(translate("history.past_intro", language))
    day = st.date_input(translate("history.past_day", language), value=None, format="YYYY-MM-DD", key=KEY_DAY)
    if not isinstance(day, dt.date):
        return
    database = shared_database()
    version = version_on_day(database, day)
    if version is None:
        st.info(translate("history.past_before", language, day=f"{day:%Y-%m-%d}"))
        return
    try:
        past = _past(str(database.path), version)
        figures = _past_figures(past, day)
    except AllianceError as error:
        st.error(translate("records.failed", language, message=str(error)))
        return
    st.write(translate("history.past_version", language, day=f"{day:%Y-%m-%d}", change=version))
    columns = st.columns(4)
    columns[0].metric(
        translate("history.past_active", language, day=f"{day:%Y-%m-%d}"),
        format_number(figures["active_members"], language),
    )
    columns[1].metric(
        translate("history.past_countries", language), format_number(figures["countries"], language)
    )
    columns[2].metric(translate("data.table.events", language), format_number(figures["events"], language))
    columns[3].metric(
        translate("data.table.participation", language), format_number(figures["participation"], language)
    )
    st.download_button(
        translate("history.past_export", language, day=f"{day:%Y-%m-%d}"),
        data=lambda: export_archive_bytes(past),
        file_name=f"alliance_data_as_of_{day:%Y-%m-%d}.zip",
        mime="application/zip",
        key=KEY_PAST_EXPORT,
    )
