"""The backups panel of the Data page: the automatic backups, and restoring one after a confirmation.

The picker starts at the newest backup (and moves to a newer one when one appears), and the
confirmation shows, table by table, what the chosen backup holds against today. Asking and restoring
both check, when clicked, that the session is still a signed-in editor (`authorized_identity`).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.auth.roles import Role
from analysis.errors import AllianceError
from analysis.i18n import Language, catalog, format_number, translate
from analysis.importer.history import data_table_counts
from analysis.store.backups import Backup, backups_kept, list_backups, restore_backup
from app_ui.frame.session_access import authorized_identity
from app_ui.state.coded_choice import keep_codes_across_languages
from app_ui.state.database import forget_data_version, shared_database

KEY_CHOICE = "backups_choice"
KEY_RESTORE = "backups_restore"
KEY_CONFIRM = "backups_confirm"
KEY_CANCEL = "backups_cancel"
_PENDING = "backups_pending_restore"
_OUTCOME = "backups_outcome"
_NEWEST_SEEN = "backups_newest_seen"


def show_backups_panel(language: Language) -> None:
    """List the backups (newest first); restoring one asks first and is itself backed up."""
    database = shared_database()
    st.subheader(translate("access.backups.title", language))
    st.caption(translate("access.backups.intro", language, kept=backups_kept()))
    outcome = st.session_state.pop(_OUTCOME, None)
    if outcome:
        kind, message = outcome
        (st.success if kind == "success" else st.error)(message)
    backups = list_backups(database)
    if not backups:
        st.info(translate("access.backups.none", language))
        return
    st.dataframe(_backup_rows(backups, language), hide_index=True)
    labels = {
        backup.folder.name: f"{_label(backup, language)} · {backup.folder.name}" for backup in backups
    }  # unique
    newest = max(backups, key=lambda backup: (backup.taken_at, backup.folder.name)).folder.name
    if st.session_state.get(_NEWEST_SEEN) != newest or st.session_state.get(KEY_CHOICE) not in labels:
        st.session_state[KEY_CHOICE] = newest  # a new backup (or none chosen yet): start at the newest
        st.session_state[_NEWEST_SEEN] = newest
    keep_codes_across_languages(KEY_CHOICE, language)
    st.selectbox(
        translate("access.backups.choose", language),
        options=list(labels),
        format_func=labels.__getitem__,
        key=KEY_CHOICE,
        help=translate("access.backups.newest_note", language),
    )
    st.button(translate("access.backups.restore", language), key=KEY_RESTORE, on_click=_ask_to_confirm)
    pending = st.session_state.get(_PENDING)
    backup = next((backup for backup in backups if backup.folder.name == pending), None)
    if backup is not None:
        _confirm_restore(backup, language)


def _ask_to_confirm() -> None:
    if authorized_identity(Role.EDITOR) is None:
        st.session_state.pop(_PENDING, None)
        return
    # the picker's value; a client that sent none gets what the picker showed first: the newest
    st.session_state[_PENDING] = st.session_state.get(KEY_CHOICE) or st.session_state.get(_NEWEST_SEEN)


def _confirm_restore(backup: Backup, language: Language) -> None:
    with st.container(border=True):
        st.markdown(f"**{translate('access.backups.confirm_title', language)}**")
        st.write(
            translate(
                "access.backups.confirm_text",
                language,
                taken_at=_label(backup, language),
                members=backup.table_counts.get("members", "?"),
                events=backup.table_counts.get("events", "?"),
            )
        )
        st.markdown(f"**{translate('access.backups.compare_title', language)}**")
        st.table(_comparison(backup, data_table_counts(shared_database()), language), hide_index=True)
        confirm, cancel = st.columns(2)
        confirm.button(
            translate("access.backups.confirm", language),
            key=KEY_CONFIRM,
            type="primary",
            on_click=_restore,
            args=(backup, language),
        )
        cancel.button(translate("access.backups.cancel", language), key=KEY_CANCEL, on_click=_cancel)


def _restore(backup: Backup, language: Language) -> None:
    """The confirm button's callback: runs before the page script, so the page drawn next shows the result.

    Checked when the click arrives: a session signed out, removed or made a viewer since the button was
    drawn (or a crafted message re-triggering it) restores nothing and takes no backup."""
    st.session_state.pop(_PENDING, None)
    identity = authorized_identity(Role.EDITOR)
    if identity is None:
        return
    try:
        safety = restore_backup(shared_database(), backup.folder, made_by=identity.name)
    except AllianceError as error:
        forget_data_version()
        st.session_state[_OUTCOME] = ("error", translate("access.backups.failed", language, message=error))
        return
    forget_data_version()  # every session of this server sees the restored data at its next click
    st.session_state[_OUTCOME] = (
        "success",
        translate(
            "access.backups.restored",
            language,
            taken_at=_label(backup, language),
            safety=safety.name if safety else "-",
        ),
    )


def _cancel() -> None:
    st.session_state.pop(_PENDING, None)


def _label(backup: Backup, language: Language) -> str:
    return f"{backup.taken_at:%Y-%m-%d %H:%M:%S} · {_reason(backup, language)}"


def _reason(backup: Backup, language: Language) -> str:
    """Why it was taken, in the language where the reason is one of ours (import, restore, by hand)."""
    key = f"access.backups.reason.{backup.reason}"
    return translate(key, language) if key in catalog(language) else backup.reason


def _backup_rows(backups: list[Backup], language: Language) -> list[dict[str, object]]:
    return [
        {
            translate("access.backups.taken_at", language): f"{backup.taken_at:%Y-%m-%d %H:%M:%S}",
            translate("access.backups.reason", language): _reason(backup, language),
            translate("access.backups.members", language): backup.table_counts.get("members"),
            translate("access.backups.events", language): backup.table_counts.get("events"),
            translate("access.backups.size", language): format_number(backup.size_bytes / 1e6, language, 1),
            translate("access.backups.folder", language): backup.folder.name,
        }
        for backup in backups
    ]


def _comparison(backup: Backup, today: dict[str, int], language: Language) -> pd.DataFrame:
    """Rows per table: in the backup, today, and the change a restore makes (e.g. "−3")."""
    known = catalog(language)
    rows = []
    for table in today:  # the tables the secretariat keeps, in import order
        held, now = backup.table_counts.get(table), today.get(table)
        change = "–" if held is None or now is None else _signed(held - now)
        label = translate(f"data.table.{table}", language) if f"data.table.{table}" in known else table
        rows.append(
            {
                translate("access.backups.compare_table", language): label,
                translate("access.backups.compare_backup", language): format_number(held, language),
                translate("access.backups.compare_today", language): format_number(now, language),
                translate("access.backups.compare_change", language): change,
            }
        )
    return pd.DataFrame(rows)


def _signed(difference: int) -> str:
    """+3, −1 (a true minus sign) or 0."""
    return f"{difference:+,}".replace("-", "−") if difference else "0"
