"""The backups panel of the Data page: the automatic backups, and restoring one after a confirmation."""

from __future__ import annotations

import streamlit as st

from analysis.errors import AllianceError
from analysis.i18n import Language, catalog, format_number, translate
from analysis.store.backups import Backup, backups_kept, list_backups, restore_backup
from pages.ui.coded_choice import keep_codes_across_languages
from pages.ui.database import shared_database
from pages.ui.session_access import IDENTITY_KEY

KEY_CHOICE = "backups_choice"
KEY_RESTORE = "backups_restore"
KEY_CONFIRM = "backups_confirm"
KEY_CANCEL = "backups_cancel"
_PENDING = "backups_pending_restore"
_OUTCOME = "backups_outcome"


def show_backups_panel(language: Language) -> None:
    """List the backups (newest first); restoring one asks first and is itself backed up."""
    database = shared_database()
    st.subheader(translate("trust.backups.title", language))
    st.caption(translate("trust.backups.intro", language, kept=backups_kept()))
    outcome = st.session_state.pop(_OUTCOME, None)
    if outcome:
        kind, message = outcome
        (st.success if kind == "success" else st.error)(message)
    backups = list_backups(database)
    if not backups:
        st.info(translate("trust.backups.none", language))
        return
    st.dataframe(_backup_rows(backups, language), hide_index=True)
    labels = {
        backup.folder.name: f"{_label(backup, language)} · {backup.folder.name}" for backup in backups
    }  # unique
    keep_codes_across_languages(KEY_CHOICE, language)
    st.selectbox(
        translate("trust.backups.choose", language),
        options=list(labels),
        format_func=labels.__getitem__,
        key=KEY_CHOICE,
    )
    st.button(translate("trust.backups.restore", language), key=KEY_RESTORE, on_click=_ask_to_confirm)
    pending = st.session_state.get(_PENDING)
    backup = next((backup for backup in backups if backup.folder.name == pending), None)
    if backup is not None:
        _confirm_restore(backup, language)


def _ask_to_confirm() -> None:
    st.session_state[_PENDING] = st.session_state.get(KEY_CHOICE)


def _confirm_restore(backup: Backup, language: Language) -> None:
    with st.container(border=True):
        st.markdown(f"**{translate('trust.backups.confirm_title', language)}**")
        st.write(
            translate(
                "trust.backups.confirm_text",
                language,
                taken_at=_label(backup, language),
                members=backup.table_counts.get("members", "?"),
                events=backup.table_counts.get("events", "?"),
            )
        )
        confirm, cancel = st.columns(2)
        confirm.button(
            translate("trust.backups.confirm", language),
            key=KEY_CONFIRM,
            type="primary",
            on_click=_restore,
            args=(backup, language),
        )
        cancel.button(translate("trust.backups.cancel", language), key=KEY_CANCEL, on_click=_cancel)


def _restore(backup: Backup, language: Language) -> None:
    """The confirm button's callback: runs before the page script, so the page drawn next shows the result."""
    st.session_state.pop(_PENDING, None)
    try:
        identity = st.session_state.get(IDENTITY_KEY)
        safety = restore_backup(shared_database(), backup.folder, made_by=getattr(identity, "name", None))
    except AllianceError as error:
        st.session_state[_OUTCOME] = ("error", translate("trust.backups.failed", language, message=error))
        return
    st.session_state[_OUTCOME] = (
        "success",
        translate(
            "trust.backups.restored",
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
    key = f"trust.backups.reason.{backup.reason}"
    return translate(key, language) if key in catalog(language) else backup.reason


def _backup_rows(backups: list[Backup], language: Language) -> list[dict[str, object]]:
    return [
        {
            translate("trust.backups.taken_at", language): f"{backup.taken_at:%Y-%m-%d %H:%M:%S}",
            translate("trust.backups.reason", language): _reason(backup, language),
            translate("trust.backups.members", language): backup.table_counts.get("members"),
            translate("trust.backups.events", language): backup.table_counts.get("events"),
            translate("trust.backups.size", language): format_number(backup.size_bytes / 1e6, language, 1),
            translate("trust.backups.folder", language): backup.folder.name,
        }
        for backup in backups
    ]
